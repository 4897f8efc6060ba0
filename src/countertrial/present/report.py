"""report.html: one self-contained file a commission could publish, print, or hand to a sceptic.

Why one file: inquiries work air-gapped and publish on paper or as a single attachment. Everything the
page needs (CSS, the little JavaScript for the claims filter, and Cytoscape.js and vis-timeline for the
contact network and the timelines, which ``make install`` copies from npm into ``present/static/vendor``)
is inlined, no font, image or script is fetched, and a Content-Security-Policy forbids the browser to
fetch anything even if some text slipped through; scripts run only by their hashes. The views' data
travels as JSON in a ``<script type="application/json">`` block with every ``<`` escaped
(:mod:`countertrial.present.report_views`); the hypothesis matrix, the links table and the sources
are plain HTML, so they read and print without any script. All document text is untrusted evidence (testimonies may quote ``<script>``): Jinja2 runs
with autoescaping on, and the two places where we build HTML in Python (the document viewer and the
passages around citations) escape every piece of text before wrapping it.

Why the viewer and the citations are built here and not in the template: a corpus can hold megabytes of
text with thousands of claim spans. Splitting a text at every span boundary in one sorted sweep and
joining the pieces once is linear in the text (plus a sort of the boundaries); doing it with template
loops or repeated string concatenation is not.

The output is deterministic: the same :class:`ReportData` gives byte-identical HTML. There is no
timestamp unless the caller puts one in ``generated_by`` or ``title``; every grouping is emitted in a
fixed order (the order of the kinds in the model, then input order, or sorted counts with name as tie
breaker).

Example::

    >>> from countertrial.present.report import ReportData, render_report
    >>> html = render_report(ReportData(title="empty", generated_by="countertrial 0.1.0"))
    >>> html.startswith("<!DOCTYPE html>")
    True
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, get_args

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from countertrial.model import Citation, Claim, Document, Entity, Finding, Problem
from countertrial.model.claims import ClaimKind
from countertrial.model.findings import FindingKind
from countertrial.present.report_views import (
    VENDOR_FILES,
    dependencies_view,
    hypotheses_view,
    network_view,
    script_json,
    timeline_view,
    vendor_scripts,
)

__all__ = ["ReportData", "render_report", "write_report", "FINDING_LABELS", "CLAIM_LABELS"]

TEMPLATES = Path(__file__).parent / "templates"

#: How much document text to show on each side of a cited passage: enough to read the sentence around
#: it, little enough that two passages sit side by side.
CONTEXT_CHARS = 300
#: When cutting the context, move the cut up to this many characters to fall between words.
_WORD_SNAP = 40

FINDING_KINDS: tuple[str, ...] = get_args(FindingKind)
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)

#: Kind names in plain words: the report is read by commissioners, not by the people who wrote the rules.
FINDING_LABELS: dict[str, str] = {
    "alibi": "Alibi",
    "anachronism": "Anachronism",
    "impossible_means": "Impossible means",
    "chronology": "Chronology",
    "denial": "Denial",
    "version_conflict": "Version conflict",
    "self_contradiction": "Self-contradiction",
    "record_mismatch": "Record mismatch",
    "corroboration": "Corroboration",
    "dependent_corroboration": "Dependent corroboration",
}

#: One line under each group heading, so a reader knows what the group claims before reading cards.
FINDING_MEANINGS: dict[str, str] = {
    "alibi": "A person is placed at two places at times that travel could not bridge.",
    "anachronism": "A place, thing or office is referred to at a time it did not exist.",
    "impossible_means": "The means of travel or communication is ruled out by a record.",
    "chronology": "An order of events that cannot be, such as an instruction passed before two people met.",
    "denial": "One source affirms what another denies.",
    "version_conflict": "Two accounts of the same event or document differ on an essential point.",
    "self_contradiction": "One speaker's statements conflict with each other.",
    "record_mismatch": "A derived document (verdict, indictment, summary) asserts what its record does not.",
    "corroboration": "Independent sources agree.",
    "dependent_corroboration": "Sources agree, but one derives from the other, so they are not independent.",
}

#: Status colour family of each kind (a CSS class): what the finding does to the accounts it cites.
FINDING_TONES: dict[str, str] = {
    "alibi": "refutes",
    "anachronism": "refutes",
    "impossible_means": "refutes",
    "chronology": "refutes",
    "denial": "conflicts",
    "version_conflict": "conflicts",
    "self_contradiction": "conflicts",
    "record_mismatch": "conflicts",
    "corroboration": "supports",
    "dependent_corroboration": "echoes",
}

CLAIM_LABELS: dict[str, str] = {
    "presence": "Presence",
    "meeting": "Meeting",
    "travel": "Travel",
    "communication": "Communication",
    "existence": "Existence",
    "custody": "Custody",
    "first_contact": "First contact",
    "document_content": "Document content",
    "non_occurrence": "Non-occurrence",
}

ENTITY_KIND_LABELS: dict[str, str] = {
    "person": "People",
    "place": "Places",
    "building": "Buildings",
    "organisation": "Organisations",
    "document": "Documents",
    "thing": "Things",
}

# A restrictive policy is the guarantee behind "opens with no network": the browser refuses any fetch.
# Scripts are allowed only by hash, so text that somehow escaped escaping still could not run.
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src {script_hash}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


@dataclass
class ReportData:
    """Everything a report shows, already computed by the pipeline; the report only arranges it."""

    title: str  # e.g. the corpus folder name
    generated_by: str  # "countertrial 0.1.0"; put a date here if the report should carry one
    documents: list[Document] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # input problems met during the run
    hypotheses: dict[str, Any] | None = None  # reason.hypotheses.CaseAnalysis.to_dict(), when the case has any
    network: Any = None  # the networkx graph from reason.network.build_contact_network


# --------------------------------------------------------------------------------------------------
# Building HTML from text: escape every piece, join once.


def _esc(text: str) -> str:
    """Escape text for HTML, keeping carriage returns as references.

    A raw CR in HTML source is normalised away by the parser, which would silently shift what the
    reader sees against the offsets; ``&#13;`` survives as the character itself.
    """
    return str(escape(text)).replace("\r", "&#13;")


def _clip(start: int, end: int, length: int) -> tuple[int, int]:
    """Bring a span inside the text, so a bad offset shows a short highlight instead of breaking the page."""
    s = min(max(start, 0), length)
    e = min(max(end, s), length)
    return s, e


def _attr(text: str) -> str:
    return str(escape(text))


def highlight_text(
    text: str,
    claim_spans: Iterable[tuple[int, int, str]],
    cited_spans: Iterable[tuple[int, int, str]] = (),
    anchor_prefix: str = "doc",
) -> Markup:
    """The full text as HTML with every span marked, splitting the text at all span boundaries.

    Overlapping spans are rendered as the union (each piece is marked once, with a depth class saying
    how many spans cover it), never by repeating text, so the page's text content is exactly ``text``.
    Each piece where some span starts carries ``id="<anchor_prefix>-<start>"``, the target of links
    from findings and claims; a zero-length span gets an empty anchor element.

    ``claim_spans`` and ``cited_spans`` are ``(start, end, id)``; the ids go to ``data-claims`` and
    ``data-findings`` so a reader hovering a highlight sees what it belongs to.

    >>> str(highlight_text("ab<c>d", [(1, 4, "c1"), (2, 5, "c2")], anchor_prefix="doc-1"))
    'a<mark class="hl d1" id="doc-1-1" data-claims="c1" title="claims: c1">b</mark><mark class="hl d2" id="doc-1-2" data-claims="c1 c2" title="claims: c1 c2">&lt;c</mark><mark class="hl d1" data-claims="c2" title="claims: c2">&gt;</mark>d'
    """
    n = len(text)
    starts: dict[int, list[tuple[str, str]]] = {}
    ends: dict[int, list[tuple[str, str]]] = {}
    empty_anchors: set[int] = set()
    for group, spans in (("claim", claim_spans), ("cited", cited_spans)):
        for start, end, ident in spans:
            s, e = _clip(start, end, n)
            if s == e:
                empty_anchors.add(s)
                continue
            starts.setdefault(s, []).append((group, ident))
            ends.setdefault(e, []).append((group, ident))

    bounds = sorted({0, n, *starts, *ends, *empty_anchors})
    active: dict[str, Counter[str]] = {"claim": Counter(), "cited": Counter()}
    open_spans = 0
    parts: list[str] = []
    for i, pos in enumerate(bounds):
        for group, ident in ends.get(pos, ()):
            active[group][ident] -= 1
            if active[group][ident] == 0:
                del active[group][ident]
            open_spans -= 1
        for group, ident in starts.get(pos, ()):
            active[group][ident] += 1
            open_spans += 1
        if pos in empty_anchors and pos not in starts:
            parts.append(f'<span class="anchor" id="{anchor_prefix}-{pos}"></span>')
        if i + 1 == len(bounds):
            break
        piece = _esc(text[pos : bounds[i + 1]])
        if open_spans == 0:
            parts.append(piece)
            continue
        claims = " ".join(sorted(active["claim"]))
        cited = " ".join(sorted(active["cited"]))
        # Shade by how many distinct claims cover the piece; a citation alone underlines, not darkens.
        depth = min(max(len(active["claim"]), 1), 3)
        cls = f"hl d{depth}" + (" cited" if cited else "")
        attrs = [f'class="{cls}"']
        if pos in starts:
            attrs.append(f'id="{anchor_prefix}-{pos}"')
        title = []
        if claims:
            attrs.append(f'data-claims="{_attr(claims)}"')
            title.append(f"claims: {claims}")
        if cited:
            attrs.append(f'data-findings="{_attr(cited)}"')
            title.append(f"cited by: {cited}")
        attrs.append(f'title="{_attr("; ".join(title))}"')
        parts.append(f"<mark {' '.join(attrs)}>{piece}</mark>")
    return Markup("".join(parts))


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[int, int]:
    """Bounds of the text shown around a passage, cut between words when one is near."""
    n = len(text)
    a = max(0, start - width)
    if a > 0:
        m = re.search(r"\s", text[a : min(a + _WORD_SNAP, start)])
        if m:
            a += m.end()
    b = min(n, end + width)
    if b < n:
        lo = max(end, b - _WORD_SNAP)
        tail = text[lo:b]
        m = re.search(r"\s\S*$", tail)
        if m:
            b = lo + m.start()
    return a, b


# --------------------------------------------------------------------------------------------------
# View models: plain dicts the template can show without logic.


class _Ids:
    """Stable, unique, URL-safe element ids from arbitrary identifiers (file names, claim ids)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def make(self, prefix: str, raw: str) -> str:
        base = f"{prefix}-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", raw).strip("-") or "x")
        ident, k = base, 1
        while ident in self.seen:
            k += 1
            ident = f"{base}-{k}"
        self.seen.add(ident)
        return ident


def _split_conditions(conditions: str | None) -> list[str]:
    """Manifest conditions are free text like "in custody; later retracted": one tag per clause."""
    if not conditions:
        return []
    return [c.strip() for c in re.split(r"[;,]", conditions) if c.strip()]


def _counted(counter: Counter[str], labels: dict[str, str] | None = None, order: Iterable[str] = ()) -> list[dict]:
    """Counts as rows: known kinds in their model order, anything else by count then name."""
    order = list(order)
    rows = [k for k in order if counter.get(k)]
    rows += sorted((k for k in counter if k not in order), key=lambda k: (-counter[k], k))
    return [{"key": k, "label": (labels or {}).get(k, k), "count": counter[k]} for k in rows]


def _details(details: dict) -> list[tuple[str, str]]:
    def show(v: Any) -> str:
        return v if isinstance(v, str) else json.dumps(v, sort_keys=True, ensure_ascii=False, default=str)

    return [(str(k), show(details[k])) for k in sorted(details, key=str)]


def _build_context(data: ReportData) -> dict:
    ids = _Ids()
    entities = {e.id: e for e in data.entities}

    def name(entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        e = entities.get(entity_id)
        return e.name if e else entity_id

    # Documents -------------------------------------------------------------------------------------
    claims_per_doc = Counter(c.document for c in data.claims)
    docs: list[dict] = []
    doc_by_id: dict[str, dict] = {}
    for n, d in enumerate(data.documents, start=1):
        m = d.meta
        view = {
            "n": n,
            "id": d.id,
            "doc": d,
            "meta": m,
            "title": m.title or d.id,
            "anchor": f"doc-{n}",
            "source_anchor": f"source-{n}",
            "conditions": _split_conditions(m.conditions),
            "claims": claims_per_doc.get(d.id, 0),
            "sha_prefix": d.sha256[:12],
            "chars": len(d.text),
        }
        docs.append(view)
        doc_by_id.setdefault(d.id, view)
    for view in docs:
        view["derived_from"] = [(src, doc_by_id.get(src)) for src in view["meta"].derived_from]

    def href(doc_id: str, start: int, end: int | None = None) -> str | None:
        view = doc_by_id.get(doc_id)
        if view is None:
            return None
        s, _ = _clip(start, end if end is not None else start, view["chars"])
        return f"#{view['anchor']}-{s}"

    # Claims ----------------------------------------------------------------------------------------
    claim_dom: dict[str, str] = {}
    claims: list[dict] = []
    for c in data.claims:
        dom = ids.make("claim", c.id)
        claim_dom.setdefault(c.id, dom)
        place = name(c.place) or c.place_mention
        claims.append(
            {
                "c": c,
                "dom": dom,
                "label": CLAIM_LABELS.get(c.kind, c.kind),
                "participants": [
                    {"name": name(p.entity), "role": p.role, "mention": p.mention} for p in c.participants
                ],
                "place": place,
                "origin": name(c.origin),
                "time": c.time.label() if c.time else None,
                "speaker": name(c.speaker),
                "doc": doc_by_id.get(c.document),
                "href": href(c.document, c.start, c.end),
            }
        )

    # Findings --------------------------------------------------------------------------------------
    cited_spans: dict[str, list[tuple[int, int, str]]] = {}
    groups: dict[str, list[dict]] = {}
    for f in data.findings:
        passages = []
        for cit in f.citations:
            passages.append(_passage(cit, doc_by_id.get(cit.document), href(cit.document, cit.start, cit.end)))
            cited_spans.setdefault(cit.document, []).append((cit.start, cit.end, f.id))
        groups.setdefault(f.kind, []).append(
            {
                "f": f,
                "dom": ids.make("finding", f.id),
                "label": FINDING_LABELS.get(f.kind, f.kind),
                "tone": FINDING_TONES.get(f.kind, "conflicts"),
                "percent": round(f.confidence * 100),
                "passages": passages,
                "claims": [(cid, claim_dom.get(cid)) for cid in f.claims],
                "details": _details(f.details),
            }
        )
    finding_groups = [
        {
            "kind": k,
            "label": FINDING_LABELS.get(k, k),
            "meaning": FINDING_MEANINGS.get(k, ""),
            "tone": FINDING_TONES.get(k, "conflicts"),
            "dom": f"findings-{k}",
            "cards": groups[k],
            "contested": sum(1 for card in groups[k] if card["f"].contested),
        }
        for k in [*FINDING_KINDS, *sorted(set(groups) - set(FINDING_KINDS))]
        if k in groups
    ]

    # Viewer: every claim span and every cited passage becomes a highlight with an anchor -----------
    spans_per_doc: dict[str, list[tuple[int, int, str]]] = {}
    for c in data.claims:
        spans_per_doc.setdefault(c.document, []).append((c.start, c.end, c.id))
    for view in docs:
        if doc_by_id.get(view["id"]) is not view:
            view["html"] = Markup(_esc(view["doc"].text))  # a duplicate id: its spans went to the first
            continue
        view["html"] = highlight_text(
            view["doc"].text,
            spans_per_doc.get(view["id"], ()),
            cited_spans.get(view["id"], ()),
            anchor_prefix=view["anchor"],
        )

    # Entities --------------------------------------------------------------------------------------
    mentions = Counter()
    for c in data.claims:
        for ent in {*(p.entity for p in c.participants), c.place, c.origin, c.speaker} - {None}:
            mentions[ent] += 1
    entity_groups = []
    for kind in [*ENTITY_KIND_LABELS, *sorted({e.kind for e in data.entities} - set(ENTITY_KIND_LABELS))]:
        rows = [
            {
                "e": e,
                "dom": ids.make("entity", e.id),
                "located_in": name(e.located_in),
                "coords": (
                    f"{e.latitude:.4f}, {e.longitude:.4f}"
                    if e.latitude is not None and e.longitude is not None
                    else None
                ),
                "claims": mentions.get(e.id, 0),
            }
            for e in data.entities
            if e.kind == kind
        ]
        if rows:
            entity_groups.append({"kind": kind, "label": ENTITY_KIND_LABELS.get(kind, kind), "rows": rows})

    # Summary ---------------------------------------------------------------------------------------
    by_doc_kind = Counter(d.meta.kind or "unspecified" for d in data.documents)
    by_condition: Counter[str] = Counter()
    shown_as: dict[str, str] = {}
    for d in data.documents:
        conds = _split_conditions(d.meta.conditions) or ["none stated"]
        for cond in dict.fromkeys(c.lower() for c in conds):
            by_condition[cond] += 1
        for cond in conds:
            shown_as.setdefault(cond.lower(), cond)
    summary = {
        "doc_kinds": _counted(by_doc_kind),
        "conditions": _counted(by_condition, shown_as),
        "finding_kinds": _counted(Counter(f.kind for f in data.findings), FINDING_LABELS, FINDING_KINDS),
        "claim_kinds": _counted(Counter(c.kind for c in data.claims), CLAIM_LABELS, CLAIM_KINDS),
        "contested": sum(1 for f in data.findings if f.contested),
        "denied": sum(1 for c in data.claims if c.polarity == "denied"),
    }
    for row in summary["finding_kinds"]:
        row["tone"] = FINDING_TONES.get(row["key"], "conflicts")
        row["dom"] = f"findings-{row['key']}"

    # Views: network, timelines, hypotheses, dependencies -----------------------------------------
    names = {e.id: e.name for e in data.entities}
    cards = {card["f"].id: card for group in finding_groups for card in group["cards"]}
    finding_rows = {
        fid: {"label": card["label"], "summary": card["f"].summary, "dom": card["dom"], "tone": card["tone"],
              "contested": card["f"].contested}
        for fid, card in cards.items()
    }
    claim_rows = {
        row["c"].id: {
            "label": row["label"],
            "quote": row["c"].quote,
            "dom": row["dom"],
            "href": row["href"],
            "doc": row["doc"]["title"] if row["doc"] else row["c"].document,
            "time": row["time"],
            "speaker": row["speaker"],
            "place": row["place"],
            "polarity": row["c"].polarity,
            "people": [p["name"] for p in row["participants"]],
        }
        for row in claims
    }
    network = network_view(data.network, names)
    timeline = timeline_view(data.claims, data.findings, entities, names)
    hypotheses = hypotheses_view(data.hypotheses, finding_rows, claim_rows)
    dependencies = dependencies_view(docs)
    shown_claims: set[str] = {i["claim"] for lanes in ("people", "places") for i in timeline[lanes]["items"]}
    shown_findings: set[str] = set()
    if network:
        for e in network["edges"]:
            shown_claims.update(e["claims"], e["denied_by"])
            shown_findings.update(e["findings"])
    for lanes in ("people", "places"):
        for i in timeline[lanes]["items"]:
            shown_findings.update(i["findings"])
    views_data = {
        "network": network,
        "timeline": timeline,
        "claims": {cid: claim_rows[cid] for cid in sorted(shown_claims) if cid in claim_rows},
        "findings": {fid: finding_rows[fid] for fid in sorted(shown_findings) if fid in finding_rows},
    }
    summary["network"] = network["counts"] if network else []
    summary["hypotheses"] = hypotheses["hypotheses"] if hypotheses else []

    return {
        "data": data,
        "docs": docs,
        "claims": claims,
        "finding_groups": finding_groups,
        "entity_groups": entity_groups,
        "summary": summary,
        "problems": sorted(data.problems, key=lambda p: (p.file, p.line if p.line is not None else -1)),
        "network": network,
        "timeline": timeline,
        "hypotheses": hypotheses,
        "dependencies": dependencies,
        "views_json": script_json(views_data),
        "finding_doms": {fid: row["dom"] for fid, row in finding_rows.items()},
    }


def _passage(cit: Citation, view: dict | None, link: str | None) -> dict:
    """A cited passage in its context, ready to show: before / cited (marked) / after, all escaped."""
    if view is None:
        return {"doc": None, "cit": cit, "before": "", "cited": Markup(_esc(cit.quote)), "after": "",
                "cut_before": False, "cut_after": False, "href": None, "mismatch": False}
    text = view["doc"].text
    s, e = _clip(cit.start, cit.end, len(text))
    a, b = _context(text, s, e)
    return {
        "doc": view,
        "cit": cit,
        # Outer whitespace only (a trailing newline would show as an empty line); the cited span is exact.
        "before": Markup(_esc(text[a:s].lstrip())),
        "cited": Markup(_esc(text[s:e])),
        "after": Markup(_esc(text[e:b].rstrip())),
        "cut_before": a > 0,
        "cut_after": b < len(text),
        "href": link,
        # The quote is what makes a citation verifiable; if it disagrees with the text, say so loudly.
        "mismatch": text[s:e] != cit.quote or (s, e) != (cit.start, cit.end),
    }


# --------------------------------------------------------------------------------------------------
# Rendering


def _environment() -> Environment:
    # autoescape=True for every template, whatever its file name: all text here is untrusted evidence.
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def render_report(data: ReportData, vendor: tuple[list[str], list[str]] | None = None) -> str:
    """The report as one HTML string: self-contained, escaped, deterministic.

    ``vendor`` is ``(library code, missing file names)``, by default read from the package
    (:func:`~countertrial.present.report_views.vendor_scripts`); when a library is missing the report
    says so where the interactive views would be and shows everything else.

    Write it with ``encoding="utf-8"`` (or use :func:`write_report`).
    """
    env = _environment()
    libraries, missing = vendor if vendor is not None else vendor_scripts()
    filter_js = env.get_template("report.js").render()
    views_js = env.get_template("report-views.js").render()
    # Scripts run only by hash: the libraries, the claims filter and the views, nothing else.
    scripts = [*libraries, filter_js, views_js]
    ctx = _build_context(data)
    return env.get_template("report.html.j2").render(
        **ctx,
        css=Markup(env.get_template("report.css").render()),
        script=Markup(filter_js),
        views_script=Markup(views_js),
        libraries=[Markup(code) for code in libraries],
        vendor_missing=missing,
        vendor_names=[label for _, label in VENDOR_FILES],
        csp=_CSP.format(script_hash=" ".join(_hash(s) for s in scripts)),
    )


def write_report(data: ReportData, path: str | Path) -> Path:
    """Render and write ``report.html``; newline="" so the bytes are the same on every platform."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(render_report(data))
    return path
