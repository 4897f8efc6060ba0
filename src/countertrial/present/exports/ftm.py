"""entities.ftm.json: people, places, documents and the claimed contacts as FollowTheMoney entities.

FollowTheMoney (FtM) is the data model of Aleph and OpenSanctions: investigative newsrooms keep their
cases in Aleph, and FtM is how anything gets in (``alephclient write-entities``, ``ftm`` tools). The
file is line-delimited JSON, one ``proxy.to_dict()`` per line, as those tools read and write it.

What becomes what (FtM 4 schemata):

* each document of the corpus: ``PlainText`` (.txt, .md), ``HyperText`` (.html) or ``Pages`` (.pdf),
  with its file name, title, author, date and, in ``description``, its kind, the conditions it was
  produced under, what it derives from and its sha256 (FtM's ``contentHash`` is Aleph's own SHA-1 of
  the stored file, so ours does not go there);
* people: ``Person``; organisations: ``Organization``; places and buildings: ``Address`` (FtM's
  location schema: name, full address, city, coordinates; the dates it existed in ``remarks``);
  documents and things the corpus only refers to: ``Document`` / ``Asset``;
* each affirmed contact claim (a meeting, a first contact, a communication) between two people: an
  ``UnknownLink`` from one to the other (the sender to the receiver when roles say so). FtM has no
  schema for "A says B met C"; ``Associate`` would assert a relationship as fact, while an
  UnknownLink with ``role`` ("meeting", "communication by letter") and ``status`` (the contact
  network's asserted / corroborated / refuted / contested) says what is claimed and how it fares.
  Denied contacts draw no link, as in network.graphml;
* each (document, person or place) pair with claims: a ``Documentation`` entity, so Aleph lists the
  sources of each person;
* each finding: a ``Note`` attached to the people and places its claims are about, with the
  finding's summary and citations.

**Provenance.** Every link and note carries its passages: ``proof`` points to the document entity,
``recordId`` is the claim or finding id of claims.json / findings.json, and ``description`` has the
citation as ``document:start-end`` and the quoted text (FtM's ``sourceUrl`` must be a URL, which a
passage of a local file is not). **Ids** are stable: ``make_id("countertrial", <our id>, ...)``,
a SHA-1 of our own ids, so re-exporting the same case updates the same Aleph entities instead of
duplicating them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from countertrial.model import Claim, Document, Entity, Finding
from countertrial.model.case import partial_date_of
from countertrial.present.exports.common import cite, name_of, names, one_line
from countertrial.present.files import write_atomic
from countertrial.reason.network import CONTACT_KINDS, is_person

FTM_FILE = "entities.ftm.json"
NAMESPACE = "countertrial"
PUBLISHER = "countertrial"

DOCUMENT_SCHEMA = {"txt": "PlainText", "md": "PlainText", "html": "HyperText", "pdf": "Pages"}
MIME_TYPES = {"txt": "text/plain", "md": "text/markdown", "html": "text/html", "pdf": "application/pdf"}
ENTITY_SCHEMA = {
    "person": "Person",
    "organisation": "Organization",
    "place": "Address",
    "building": "Address",
    "document": "Document",
    "thing": "Asset",
}
#: The roles that tell which end of a contact is its origin (subject of the link).
_FROM_ROLES = ("sender", "subject", "host", "visitor")


def _make(schema: str, *key: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(NAMESPACE, *key)
    return proxy


def _quote(text: str, limit: int = 2000) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def passage(c: Claim | Any, speaker: str | None = None) -> str:
    """A citation in words: ``[speaker, ]document:start-end: “quote”``."""
    who = f"{speaker}, " if speaker else ""
    return f"{who}{cite(c)}: “{_quote(c.quote)}”"


def document_entity(doc: Document) -> EntityProxy:
    proxy = _make(DOCUMENT_SCHEMA.get(doc.format, "Document"), "document", doc.id)
    meta = doc.meta
    proxy.add("fileName", doc.id.rsplit("/", 1)[-1])
    proxy.add("title", meta.title or doc.id)
    proxy.add("author", meta.author)
    proxy.add("mimeType", MIME_TYPES.get(doc.format))
    proxy.add("extension", doc.format)
    if meta.date_window and meta.date_window.earliest and meta.date_window.latest:
        proxy.add("date", partial_date_of(meta.date_window.earliest, meta.date_window.latest), quiet=True)
    notes = [f"Corpus file {doc.id}"]
    if meta.kind:
        notes.append(f"kind: {meta.kind}")
    if meta.date:
        notes.append(f"date: {meta.date}")
    if meta.speakers:
        notes.append("speakers: " + "; ".join(meta.speakers))
    if meta.conditions:
        notes.append(f"conditions: {meta.conditions}")
    if meta.derived_from:
        notes.append("derived from: " + "; ".join(meta.derived_from))
    notes.append(f"sha256: {doc.sha256}")
    proxy.add("description", ". ".join(notes) + ".")
    proxy.add("publisher", PUBLISHER)
    return proxy


def entity_entity(ent: Entity, table: Mapping[str, str], proofs: Iterable[str] = ()) -> EntityProxy:
    schema = ENTITY_SCHEMA.get(ent.kind, "Asset")
    proxy = _make(schema, "entity", ent.id)
    proxy.add("name", ent.name)
    proxy.add("alias", [a for a in ent.aliases if a != ent.name])
    if schema == "Document":
        proxy.add("title", ent.name)
        proxy.add("fileName", ent.name)  # required by the schema; this document is only referred to
    if schema == "Address":
        city = name_of(ent.located_in, table) if ent.located_in else None
        proxy.add("full", ", ".join(x for x in (ent.name, city) if x))
        proxy.add("city", city)  # a place of kind "place" may be a city or a country: left unsaid
        proxy.add("latitude", ent.latitude)
        proxy.add("longitude", ent.longitude)
        existed = []
        if ent.exists_from:
            existed.append(f"existed from {ent.exists_from.isoformat()}")
        if ent.exists_until:
            existed.append(f"until {ent.exists_until.isoformat()}")
        if existed:
            proxy.add("remarks", " ".join(existed))
    proxy.add("description", f"countertrial entity {ent.id} ({ent.kind}, from the {ent.source.replace('_', ' ')})")
    proxy.add("proof", list(proofs))
    proxy.add("publisher", PUBLISHER)
    return proxy


def _window(proxy: EntityProxy, claim: Claim) -> None:
    t = claim.time
    if t is None or (t.earliest is None and t.latest is None):
        return
    if t.earliest and t.latest:
        exact = partial_date_of(t.earliest, t.latest)
        if exact:  # a day, a month or a year: FtM dates carry their precision
            proxy.add("date", exact)
            return
    proxy.add("startDate", t.earliest.isoformat() if t.earliest else None)
    proxy.add("endDate", t.latest.isoformat() if t.latest else None)


def _ends(claim: Claim, a: str, b: str) -> tuple[str, str]:
    roles = {p.entity: p.role for p in claim.participants}
    ra, rb = roles.get(a), roles.get(b)
    if rb in _FROM_ROLES and ra not in _FROM_ROLES:
        return b, a
    if claim.kind == "communication" and rb == "sender":
        return b, a
    return a, b


def contact_links(data: Any, ids: Mapping[str, str], table: Mapping[str, str], entities: Mapping[str, Entity]) -> list[EntityProxy]:
    """UnknownLinks for every affirmed contact claim, one per pair of people it names."""
    graph = data.network
    links = []
    for c in data.claims:
        if c.kind not in CONTACT_KINDS or c.polarity != "affirmed":
            continue
        people = [p.entity for p in c.participants if is_person(p.entity, entities)]
        people = list(dict.fromkeys(people))
        for a, b in combinations(people, 2):
            src, dst = _ends(c, a, b)
            link = _make("UnknownLink", "contact", c.id, src, dst)
            link.add("subject", ids[src])
            link.add("object", ids[dst])
            role = c.kind.replace("_", " ")
            link.add("role", f"{role} by {c.means}" if c.means else role)
            edge = graph.get_edge_data(a, b) if graph is not None else None
            if edge:
                link.add("status", edge.get("status"))
                bearing = [f"{k.replace('_', ' ')}: {'; '.join(edge[k])}" for k in
                           ("corroborated_by", "refuted_by", "contested_by", "dependent_support", "conflicts", "denied_by")
                           if edge.get(k)]
                if bearing:
                    link.add("summary", f"In the contact network the link between these two people is {edge.get('status')}. " + ". ".join(bearing) + ".")
            _window(link, c)
            speaker = name_of(c.speaker, table) if c.speaker else None
            link.add("description", f"Claimed ({c.modality}, {c.knowledge.replace('_', ' ')}) by {passage(c, speaker)}")
            link.add("recordId", c.id)
            link.add("proof", ids.get(f"document:{c.document}"))
            link.add("publisher", PUBLISHER)
            links.append(link)
    return links


def _claim_entities(c: Claim) -> list[str]:
    return list(dict.fromkeys([*(p.entity for p in c.participants), *(x for x in (c.place, c.origin) if x)]))


def documentation(data: Any, ids: Mapping[str, str]) -> list[EntityProxy]:
    """One Documentation per (document, entity) pair with claims, citing those claims."""
    pairs: dict[tuple[str, str], list[Claim]] = {}
    for c in data.claims:
        for e in _claim_entities(c):
            if e in ids and f"document:{c.document}" in ids:
                pairs.setdefault((c.document, e), []).append(c)
    out = []
    for (doc, ent), claims in pairs.items():
        d = _make("Documentation", "documentation", doc, ent)
        d.add("document", ids[f"document:{doc}"])
        d.add("entity", ids[ent])
        d.add("role", "named in claims")
        d.add("description", " | ".join(passage(c) for c in claims[:50]))
        d.add("recordId", [c.id for c in claims])
        d.add("publisher", PUBLISHER)
        out.append(d)
    return out


def finding_notes(findings: Iterable[Finding], claims: Mapping[str, Claim], ids: Mapping[str, str]) -> list[EntityProxy]:
    """A Note per finding on the people and places its claims are about."""
    out = []
    for f in findings:
        about = [ids[e] for cid in f.claims if cid in claims for e in _claim_entities(claims[cid]) if e in ids]
        if not about:
            continue
        note = _make("Note", "finding", f.id)
        note.add("name", f"{f.kind.replace('_', ' ')} {f.id}")
        note.add("entity", list(dict.fromkeys(about)))
        note.add("summary", f.summary)
        cites = " | ".join(passage(c) for c in f.citations)
        extra = " Contested." if f.contested else ""
        note.add("description", f"{f.summary} Confidence {f.confidence:.2f}.{extra} Passages: {cites}")
        note.add("proof", list(dict.fromkeys(ids[f"document:{c.document}"] for c in f.citations if f"document:{c.document}" in ids)))
        note.add("publisher", PUBLISHER)
        out.append(note)
    return out


def ftm_entities(data: Any) -> list[EntityProxy]:
    """Every FtM entity of a :class:`~countertrial.present.report.ReportData`, in a fixed order."""
    table = names(data.entities)
    entities = {e.id: e for e in data.entities}
    ids: dict[str, str] = {}
    out: list[EntityProxy] = []
    for doc in data.documents:
        proxy = document_entity(doc)
        ids[f"document:{doc.id}"] = proxy.id
        out.append(proxy)

    proofs: dict[str, list[str]] = {}
    for c in data.claims:
        for e in _claim_entities(c):
            doc_id = ids.get(f"document:{c.document}")
            if doc_id and doc_id not in proofs.setdefault(e, []):
                proofs[e].append(doc_id)
    for ent in data.entities:
        proxy = entity_entity(ent, table, proofs.get(ent.id, []))
        ids[ent.id] = proxy.id
        out.append(proxy)
    # People the resolver did not resolve still appear in the contact network: give them a Person.
    graph = data.network
    for node in sorted(graph.nodes) if graph is not None else []:
        if node not in ids:
            name = graph.nodes[node].get("name") or str(node)
            proxy = _make("Person", "entity", str(node))
            proxy.add("name", name)
            proxy.add("description", f"countertrial entity {node} (unresolved name)")
            proxy.add("proof", proofs.get(node, []))
            proxy.add("publisher", PUBLISHER)
            ids[str(node)] = proxy.id
            out.append(proxy)

    links = contact_links(data, ids, table, entities)
    out += links
    out += documentation(data, ids)
    out += finding_notes(data.findings, {c.id: c for c in data.claims}, ids)
    return out


def ftm_lines(data: Any) -> str:
    """The line-delimited JSON text of :func:`ftm_entities`."""
    return "".join(json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for p in ftm_entities(data))


def write_ftm(data: Any, out_dir: Path) -> list[Path]:
    """Write entities.ftm.json into ``out_dir``."""
    path = Path(out_dir) / FTM_FILE
    write_atomic(path, ftm_lines(data))
    return [path]
