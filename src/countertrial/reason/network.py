"""The contact network: who is claimed to have met or communicated with whom, and how each link fares.

A case built on confessions is a web of alleged contacts ("A met B in X, B passed C's instructions to
D"). Drawing that web and marking each thread by what the evidence does to it is the most direct
picture of such a case that a commission can publish. The network is computed, never drawn by hand:

- **nodes** are people (entity id, with ``name``);
- **an edge** joins two people when at least one *affirmed* claim of kind ``meeting``,
  ``first_contact`` or ``communication`` names both of them. A claim with three people gives all three
  pairs: everyone present at a meeting met everyone else, and the carrier of a letter was in contact
  with both ends. Organisations and places are not nodes;
- edge attributes: ``claims`` (ids), ``documents``, ``speakers``, ``kinds``, the time the claims
  allow (``earliest`` / ``latest``), the findings that bear on the link, and ``status``:

  ``asserted``
      only claimed: nothing found for or against it;
  ``corroborated``
      a ``corroboration`` finding with at least two *independent* lines of evidence covers one of
      its claims (a ``dependent_corroboration`` does not: a reprint agreeing with its original is one
      line, and is recorded as ``dependent_support`` only);
  ``refuted``
      a refuting finding (:data:`~countertrial.reason.hypotheses.REFUTING_KINDS`: alibi, anachronism,
      impossible means, chronology, denial, record mismatch) rests on one of its claims as the
      refuted side, and nothing corroborates it;
  ``contested``
      both of the above, or a finding about the link is itself marked ``contested``.

- *The refuted side* (:func:`refuted_claims`). A check may name it: ``details["refuted_claims"]``,
  or the one ``details["contact_claim"]`` a chronology finding puts in question, or the complement of
  ``details["refuting_claims"]`` (the convention of :mod:`countertrial.reason.contested`). Otherwise,
  the contact claims the finding rests on are taken as refuted: the checks set an alleged contact
  against records of where people were, what existed, who denied it, so the contact is the side in
  question. Two exceptions follow the same module: in a ``chronology`` finding a ``first_contact``
  claim is the bound ("they first met only later"), not the refuted contact, when the finding rests on
  other contacts too; and when a finding rests on two contacts that cannot both have happened (two
  meetings an alibi separates), both links are marked: it says they cannot both stand, not which falls.
- ``version_conflict`` and ``self_contradiction`` findings are recorded on the link (``conflicts``)
  but do not change its status: they say the accounts of a contact differ, not that it did not happen.
- *Denials are not contacts.* A denied meeting ("I never met him") draws no edge; when the pair has
  an edge from someone else's affirmation, the denying claims are recorded as ``denied_by``.

:func:`countertrial.present.graphml.write_graphml` writes the graph for Gephi, yEd or Cytoscape, and
:func:`network_to_dict` gives it as JSON for the report.

>>> from countertrial.model import Claim, Participant
>>> met = Claim(id="c1", kind="meeting", document="d.txt", start=0, end=5, quote="x" * 5,
...             participants=[Participant(entity="person:a"), Participant(entity="person:b")])
>>> g = build_contact_network([met], [], {})
>>> g.edges["person:a", "person:b"]["status"]
'asserted'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

import networkx as nx

from countertrial.model import Claim, Entity
from countertrial.reason.hypotheses import REFUTING_KINDS

CONTACT_KINDS = ("meeting", "first_contact", "communication")
CONFLICT_ONLY_KINDS = ("version_conflict", "self_contradiction")
STATUSES = ("asserted", "corroborated", "refuted", "contested")

_NOT_PEOPLE = ("place:", "org:", "organisation:", "organization:", "building:", "thing:", "document:")


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _claims(claims: Iterable[Claim | Mapping]) -> list[Claim]:
    return [c if isinstance(c, Claim) else Claim.model_validate(c) for c in claims]


def _entities(entities: Mapping[str, Entity] | Iterable[Entity | Mapping] | None) -> dict[str, Entity]:
    if not entities:
        return {}
    if isinstance(entities, Mapping):
        return {k: v if isinstance(v, Entity) else Entity.model_validate(v) for k, v in entities.items()}
    out = {}
    for e in entities:
        ent = e if isinstance(e, Entity) else Entity.model_validate(e)
        out[ent.id] = ent
    return out


def is_person(entity_id: str, entities: Mapping[str, Entity]) -> bool:
    """A resolved entity counts by its kind; an unresolved one is a person unless its id says otherwise.

    Unresolved participants are kept because a contact network that silently drops every name the
    resolver missed would hide exactly the threads an analyst most needs to check.
    """
    ent = entities.get(entity_id)
    if ent is not None:
        return ent.kind == "person"
    return not entity_id.lower().startswith(_NOT_PEOPLE)


def _people(claim: Claim, entities: Mapping[str, Entity]) -> list[str]:
    seen: list[str] = []
    for p in claim.participants:
        if p.entity not in seen and is_person(p.entity, entities):
            seen.append(p.entity)
    return seen


def _pairs(claim: Claim, entities: Mapping[str, Entity]) -> list[tuple[str, str]]:
    return [tuple(sorted(pair)) for pair in combinations(_people(claim, entities), 2)]  # type: ignore[misc]


def independent_lines(finding: Any) -> int:
    """How many independent lines of evidence a corroboration finding says it has.

    Read from ``details`` (``independent_lines``: a number or a list of lines; or ``lines`` /
    ``independent_sources``). A ``corroboration`` finding that says nothing is taken to have two: the
    engine names a finding ``corroboration`` (rather than ``dependent_corroboration``) only when its
    sources are independent.
    """
    details = _get(finding, "details", {}) or {}
    for key in ("independent_lines", "lines", "independent_sources"):
        if key in details:
            v = details[key]
            return len(v) if isinstance(v, (list, tuple, set)) else int(v)
    return 2 if _get(finding, "kind") == "corroboration" else 1


def refuted_claims(finding: Any, contact_claims: set[str], claim_kinds: Mapping[str, str]) -> list[str]:
    """The contact claims a refuting finding puts in question (module doc, "The refuted side")."""
    details = _get(finding, "details", {}) or {}
    rests_on = list(_get(finding, "claims", []) or [])
    if details.get("refuted_claims") is not None:
        named = list(details["refuted_claims"])
    elif details.get("contact_claim"):
        named = [details["contact_claim"]]
    elif details.get("refuting_claims"):
        refuting = set(details["refuting_claims"])
        named = [c for c in rests_on if c not in refuting]
    else:
        named = rests_on
        if _get(finding, "kind") == "chronology":
            contacts = [c for c in rests_on if c in contact_claims]
            others = [c for c in contacts if claim_kinds.get(c) != "first_contact"]
            named = others or contacts
    return [c for c in named if c in contact_claims]


def _name(entity_id: str, entities: Mapping[str, Entity], claims: Iterable[Claim]) -> str:
    ent = entities.get(entity_id)
    if ent is not None:
        return ent.name
    for c in claims:
        for p in c.participants:
            if p.entity == entity_id and p.mention:
                return p.mention
    return entity_id.split(":", 1)[-1]


def _add(lst: list, value: Any) -> None:
    if value is not None and value not in lst:
        lst.append(value)


def build_contact_network(
    claims: Iterable[Claim | Mapping],
    findings: Iterable[Any],
    entities: Mapping[str, Entity] | Iterable[Entity | Mapping] | None = None,
) -> nx.Graph:
    """The contact network of a case (module doc for what makes an edge and its status).

    ``claims`` and ``entities`` may be models or their JSON dicts (claims.json, entities.json);
    ``findings`` may be :class:`~countertrial.model.Finding` or findings.json dicts. Nodes and edges are
    added in sorted order and list attributes keep the claims' order, so the same input gives the same
    graph (and the same GraphML file).
    """
    claims = _claims(claims)
    ents = _entities(entities)

    edges: dict[tuple[str, str], dict] = {}
    edges_of_claim: dict[str, list[tuple[str, str]]] = {}
    denied: dict[tuple[str, str], list[Claim]] = {}
    contact_claims: set[str] = set()
    claim_kinds = {c.id: c.kind for c in claims}

    for c in claims:
        if c.kind not in CONTACT_KINDS:
            continue
        pairs = _pairs(c, ents)
        if c.polarity == "denied":
            for pair in pairs:
                denied.setdefault(pair, []).append(c)
            continue
        if pairs:
            contact_claims.add(c.id)
        for pair in pairs:
            e = edges.setdefault(
                pair,
                {
                    "claims": [], "documents": [], "speakers": [], "kinds": [], "earliest": None, "latest": None,
                    "corroborated_by": [], "refuted_by": [], "contested_by": [], "dependent_support": [],
                    "conflicts": [], "denied_by": [], "denied_by_speakers": [],
                },
            )
            _add(e["claims"], c.id)
            _add(e["documents"], c.document)
            _add(e["speakers"], c.speaker)
            _add(e["kinds"], c.kind)
            if c.time is not None:
                if c.time.earliest is not None:
                    e["earliest"] = min(filter(None, [e["earliest"], c.time.earliest.isoformat()]))
                if c.time.latest is not None:
                    e["latest"] = max(filter(None, [e["latest"], c.time.latest.isoformat()]))
            edges_of_claim.setdefault(c.id, []).append(pair)

    for f in findings:
        kind = _get(f, "kind")
        fid = _get(f, "id")
        rests_on = list(_get(f, "claims", []) or [])
        touched: list[tuple[str, str]] = []
        if kind == "corroboration" and independent_lines(f) >= 2:
            for cid in rests_on:
                for pair in edges_of_claim.get(cid, []):
                    _add(edges[pair]["corroborated_by"], fid)
                    touched.append(pair)
        elif kind in ("corroboration", "dependent_corroboration"):
            for cid in rests_on:
                for pair in edges_of_claim.get(cid, []):
                    _add(edges[pair]["dependent_support"], fid)
        elif kind in REFUTING_KINDS:
            for cid in refuted_claims(f, contact_claims, claim_kinds):
                for pair in edges_of_claim.get(cid, []):
                    _add(edges[pair]["refuted_by"], fid)
                    touched.append(pair)
        elif kind in CONFLICT_ONLY_KINDS:
            for cid in rests_on:
                for pair in edges_of_claim.get(cid, []):
                    _add(edges[pair]["conflicts"], fid)
        if _get(f, "contested", False):
            for pair in touched:
                _add(edges[pair]["contested_by"], fid)

    g = nx.Graph(description="who is claimed to have met or communicated with whom")
    people = sorted({p for pair in edges for p in pair})
    for pid in people:
        g.add_node(pid, name=_name(pid, ents, claims), kind="person")
    for pair in sorted(edges):
        e = edges[pair]
        for c in denied.get(pair, []):
            _add(e["denied_by"], c.id)
            _add(e["denied_by_speakers"], c.speaker)
        e["documents"] = sorted(e["documents"])
        e["speakers"] = sorted(e["speakers"])
        e["status"] = edge_status(e)
        e["claim_count"] = len(e["claims"])
        g.add_edge(*pair, **{k: v for k, v in e.items() if v is not None})
    for pid in people:
        g.nodes[pid]["claim_count"] = len({c for _, _, cs in g.edges(pid, data="claims") for c in cs})
    return g


def edge_status(edge: Mapping[str, Any]) -> str:
    """asserted / corroborated / refuted / contested, from the findings recorded on an edge."""
    corroborated = bool(edge.get("corroborated_by"))
    refuted = bool(edge.get("refuted_by"))
    if (corroborated and refuted) or edge.get("contested_by"):
        return "contested"
    if refuted:
        return "refuted"
    if corroborated:
        return "corroborated"
    return "asserted"


def network_to_dict(graph: nx.Graph) -> dict:
    """The network as plain JSON data (nodes, edges with every attribute), e.g. for the report."""
    return {
        "nodes": [{"id": n, **data} for n, data in graph.nodes(data=True)],
        "edges": [{"source": u, "target": v, **data} for u, v, data in graph.edges(data=True)],
    }


def status_counts(graph: nx.Graph) -> dict[str, int]:
    """How many links have each status, in the order asserted, corroborated, refuted, contested."""
    counts = dict.fromkeys(STATUSES, 0)
    for _, _, s in graph.edges(data="status"):
        counts[s] += 1
    return counts
