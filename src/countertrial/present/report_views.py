"""The report's views beyond cards and tables: contact network, timelines, hypothesis matrix, source dependencies.

Each function turns what the pipeline computed into plain data the report shows; nothing here reasons.
The network and the timelines are drawn in the browser by Cytoscape.js and vis-timeline, which the
package carries (``present/static/vendor/``, copied from npm by ``make install``, pinned by
``package-lock.json``) and the report inlines, so the page still fetches nothing. Their data travels in
one ``<script type="application/json">`` block made by :func:`script_json`, which escapes every ``<``
so no text in the corpus can close the block or open a comment. The hypothesis matrix and the
dependencies are plain HTML: they must read and print without any script.

>>> str(script_json({"q": "</script><!-- x"}))
'{"q":"\\\\u003c/script\\\\u003e\\\\u003c!-- x"}'
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterable, Mapping

import json

from markupsafe import Markup

from countertrial.model import Claim, Entity, Finding

__all__ = [
    "VENDOR",
    "VENDOR_FILES",
    "vendor_scripts",
    "script_json",
    "network_view",
    "timeline_view",
    "hypotheses_view",
    "dependencies_view",
]

VENDOR = Path(__file__).parent / "static" / "vendor"
#: The libraries the interactive views need, in load order (``make vendor`` copies them from npm).
VENDOR_FILES: tuple[tuple[str, str], ...] = (
    ("cytoscape.min.js", "Cytoscape.js 3.34.4 (MIT)"),
    ("vis-timeline-graph2d.min.js", "vis-timeline 8.5.4 standalone (Apache-2.0 OR MIT)"),
)

STATUS_LABELS = {
    "asserted": "asserted: only claimed",
    "corroborated": "corroborated by independent sources",
    "refuted": "refuted by a finding",
    "contested": "contested: evidence both ways",
}

#: Findings that set claims against each other *in time*: their bars are marked as clashing.
CLASH_KINDS = ("alibi", "chronology")
#: Other findings saying claims cannot all hold: their bars get a quieter mark.
CONFLICT_KINDS = ("anachronism", "impossible_means", "denial", "record_mismatch", "version_conflict", "self_contradiction")

RATING_ORDER = ("CC", "C", "N", "I", "II")
RATING_WORDS = {"CC": "very consistent", "C": "consistent", "N": "neutral", "I": "inconsistent", "II": "very inconsistent"}


def vendor_scripts(folder: Path = VENDOR) -> tuple[list[str], list[str]]:
    """The vendored libraries' code, and the names of those missing (when installed without npm).

    A library containing ``</script`` could not be inlined as is; none of the pinned ones does, and
    if a future version did the ``/`` is escaped, which JavaScript reads the same in strings and regexes.
    """
    code, missing = [], []
    for name, _ in VENDOR_FILES:
        path = folder / name
        if not path.is_file():
            missing.append(name)
            continue
        text = path.read_text(encoding="utf-8")
        code.append(re.sub(r"</(script)", r"<\\/\1", text, flags=re.I))
    return (code, missing) if not missing else ([], missing)


def script_json(obj: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survive raw.

    ``\\u003c`` is still ``<`` to ``JSON.parse``, but the HTML parser never sees ``</script`` or
    ``<!--`` in the block, whatever a document says.
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _css_token(raw: str) -> str:
    """A class-name-safe token for an id (finding ids go into class names on the timelines)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", raw)


# --------------------------------------------------------------------------------------------------
# Network


def network_view(graph: Any, names: Mapping[str, str]) -> dict | None:
    """Nodes and links of the contact network, with the claims and findings behind each link.

    Initial positions are on a circle in name order, so the force layout the page runs starts from the
    same place every time and the same data gives the same picture.
    """
    if graph is None or graph.number_of_nodes() == 0:
        return None
    nodes = sorted(graph.nodes(data=True), key=lambda nd: (str(nd[1].get("name") or nd[0]).lower(), nd[0]))
    n = len(nodes)
    radius = max(120.0, 40.0 * n / math.pi)
    degree = dict(graph.degree())
    out_nodes = []
    for i, (nid, data) in enumerate(nodes):
        angle = 2 * math.pi * i / n
        out_nodes.append(
            {
                "id": nid,
                "name": str(data.get("name") or names.get(nid) or nid),
                "claims": int(data.get("claim_count") or 0),
                "degree": degree.get(nid, 0),
                "x": round(radius * math.cos(angle), 1),
                "y": round(radius * math.sin(angle), 1),
            }
        )
    edges = []
    counts: Counter[str] = Counter()
    for k, (u, v, data) in enumerate(sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])), start=1):
        status = data.get("status", "asserted")
        counts[status] += 1
        findings = []
        for key in ("refuted_by", "contested_by", "corroborated_by", "dependent_support", "conflicts"):
            for fid in data.get(key) or []:
                if fid not in findings:
                    findings.append(fid)
        edges.append(
            {
                "id": f"link-{k}",
                "source": u,
                "target": v,
                "source_name": names.get(u) or graph.nodes[u].get("name") or u,
                "target_name": names.get(v) or graph.nodes[v].get("name") or v,
                "status": status,
                "claims": list(data.get("claims") or []),
                "denied_by": list(data.get("denied_by") or []),
                "findings": findings,
                "refuted_by": list(data.get("refuted_by") or []),
                "corroborated_by": list(data.get("corroborated_by") or []),
                "contested_by": list(data.get("contested_by") or []),
                "dependent_support": list(data.get("dependent_support") or []),
                "conflicts": list(data.get("conflicts") or []),
                "documents": list(data.get("documents") or []),
                "speakers": [names.get(s, s) for s in data.get("speakers") or []],
                "earliest": data.get("earliest"),
                "latest": data.get("latest"),
                "kinds": list(data.get("kinds") or []),
            }
        )
    return {
        "nodes": out_nodes,
        "edges": edges,
        "counts": [{"status": s, "label": STATUS_LABELS[s], "count": counts.get(s, 0)} for s in STATUS_LABELS],
    }


# --------------------------------------------------------------------------------------------------
# Timelines


def _window_class(claim: Claim) -> tuple[str, str]:
    """How certain a bar is: (css classes, words for the legend and the tooltip)."""
    t = claim.time
    days = t.days or 1
    coarse = t.precision not in ("day", "days")
    if claim.aspect == "state":
        if coarse:
            return "t-state t-fuzzy", f"held throughout {t.label()} (bounds approximate: {t.precision})"
        return "t-state t-exact", f"held throughout {t.label()}"
    if days <= 1:
        return "t-event t-exact", f"on {t.label()}"
    return "t-event t-somewhere" + (" t-fuzzy" if coarse else ""), f"on one day within {t.label()}"


def timeline_view(
    claims: Iterable[Claim],
    findings: Iterable[Finding],
    entities: Mapping[str, Entity],
    names: Mapping[str, str],
) -> dict:
    """Bars (one per claim and lane) for the person lanes and the place lanes, with the clashes marked.

    A claim is drawn in the lane of every person it places (its participants) and, for the place
    lanes, in the lane of its place. Its bar spans its window ``[earliest, latest]``; claims without
    both bounds cannot be drawn and are counted instead. A bar is marked ``clash`` when a finding that
    sets claims against each other in time (:data:`CLASH_KINDS`: alibi, chronology) rests on it, and
    ``conflict`` when another contradiction does (:data:`CONFLICT_KINDS`); for an alibi, the days the
    two accounts share are shaded in the person's lane. Each bar also carries ``f-<finding id>`` classes.
    """
    claims = list(claims)
    clash_of: dict[str, list[str]] = {}
    conflict_of: dict[str, list[str]] = {}
    zones = []
    for f in findings:
        if f.kind in CONFLICT_KINDS:
            for cid in f.claims:
                conflict_of.setdefault(cid, []).append(f.id)
        if f.kind not in CLASH_KINDS:
            continue
        for cid in f.claims:
            clash_of.setdefault(cid, []).append(f.id)
        if f.kind == "alibi":
            wins = [w for w in (f.details.get("windows") or []) if isinstance(w, Mapping)]
            starts = [w.get("earliest") for w in wins if w.get("earliest")]
            ends = [w.get("latest") for w in wins if w.get("latest")]
            people = [p for p in (f.details.get("people") or []) if isinstance(p, str)]
            if len(starts) >= 2 and len(ends) >= 2 and people:
                a, b = max(starts), min(ends)
                if a > b:  # the windows do not overlap: shade the gap the journey had to fit in
                    a, b = b, a
                for p in people:
                    zones.append({"finding": f.id, "person": p, "start": str(a), "end": str(b)})

    person_items: list[dict] = []
    place_items: list[dict] = []
    person_count: Counter[str] = Counter()
    place_count: Counter[str] = Counter()
    undated = 0
    for c in claims:
        t = c.time
        if t is None or t.earliest is None or t.latest is None:
            undated += 1
            continue
        cls, certainty = _window_class(c)
        clashes, conflicts = clash_of.get(c.id, []), conflict_of.get(c.id, [])
        fids = clashes + [f for f in conflicts if f not in clashes]
        if clashes:
            cls += " clash"
        elif conflicts:
            cls += " conflict"
        if fids:
            cls += " " + " ".join(f"f-{_css_token(fid)}" for fid in fids)
        if c.polarity == "denied":
            cls += " t-denied"
        place = names.get(c.place, c.place) if c.place else c.place_mention
        label = c.kind.replace("_", " ")
        if place:
            label += f" · {place}"
        if c.polarity == "denied":
            label = "not: " + label
        base = {
            "claim": c.id,
            "start": t.earliest.isoformat(),
            "end": (t.latest + timedelta(days=1)).isoformat(),  # the window's last day included
            "cls": cls,
            "label": label,
            "certainty": certainty,
            "findings": fids,
        }
        people = []
        for p in c.participants:
            ent = entities.get(p.entity)
            if p.entity not in people and (ent is None or ent.kind == "person"):
                people.append(p.entity)
        for pid in people:
            person_items.append({**base, "lane": pid})
            person_count[pid] += 1
        if c.place:
            place_items.append({**base, "lane": c.place})
            place_count[c.place] += 1

    def lanes(count: Counter[str]) -> list[dict]:
        order = sorted(count, key=lambda k: (-count[k], names.get(k, k).lower(), k))
        return [{"id": k, "name": names.get(k, k), "count": count[k]} for k in order]

    for i, item in enumerate(person_items):
        item["id"] = f"tp-{i}"
    for i, item in enumerate(place_items):
        item["id"] = f"tl-{i}"
    person_ids = set(person_count)
    return {
        "people": {"lanes": lanes(person_count), "items": person_items},
        "places": {"lanes": lanes(place_count), "items": place_items},
        "zones": [z for z in zones if z["person"] in person_ids],
        "undated": undated,
        "dated": len(claims) - undated,
    }


# --------------------------------------------------------------------------------------------------
# Hypotheses


def _num(x: Any, digits: int = 2) -> str:
    try:
        return f"{float(x):.{digits}f}"
    except (TypeError, ValueError):
        return ""


def hypotheses_view(
    hyp: Mapping[str, Any] | None,
    finding_rows: Mapping[str, dict],
    claim_rows: Mapping[str, dict],
) -> dict | None:
    """The evidence-by-hypothesis matrix ready to show: rows in the analysis' order, ratings with their basis.

    ``finding_rows`` / ``claim_rows`` map ids to what the report knows of them (label, summary or quote,
    link), so a row says what the item *is*, not just its id.
    """
    if not hyp or not hyp.get("hypotheses"):
        return None
    hyps = list(hyp["hypotheses"])
    order = [h["id"] for h in sorted(hyps, key=lambda h: h.get("rank", 0))]
    by_id = {h["id"]: h for h in hyps}
    cells = {(c["item"], c["hypothesis"]): c for c in hyp.get("cells", [])}
    decisive = {d["item"]: d for d in hyp.get("decisive", [])}
    groups = hyp.get("collapsed_groups") or {}
    group_of = {item: g for g, items in groups.items() for item in items}
    group_n = {g: i for i, g in enumerate(groups, start=1)}

    def describe(item: str) -> dict:
        if item in finding_rows:
            f = finding_rows[item]
            return {"what": "finding", "label": f["label"], "text": f["summary"], "href": f"#{f['dom']}", "tone": f["tone"]}
        if item in claim_rows:
            c = claim_rows[item]
            return {"what": "claim", "label": c["label"], "text": c["quote"], "href": f"#{c['dom']}", "tone": ""}
        return {"what": "item", "label": "", "text": "", "href": None, "tone": ""}

    rows = []
    for d in hyp.get("items", []):
        item = d["item"]
        rows.append(
            {
                "item": item,
                **describe(item),
                "cells": [
                    {
                        "h": h,
                        "rating": cells.get((item, h), {}).get("rating", d.get("ratings", {}).get(h, "N")),
                        "basis": cells.get((item, h), {}).get("basis", ""),
                        "reason": cells.get((item, h), {}).get("reason", ""),
                    }
                    for h in order
                ],
                "weight": _num(d.get("weight")),
                "effective_weight": _num(d.get("effective_weight")),
                "collapsed": d.get("weight") != d.get("effective_weight"),
                "group": group_n.get(group_of.get(item, "")),
                "diagnosticity": _num(d.get("diagnosticity")),
                "diagnostic": bool(d.get("diagnostic")),
                "decisive": item in decisive,
            }
        )
    for r in rows:
        for c in r["cells"]:
            c["word"] = RATING_WORDS.get(c["rating"], c["rating"])
    pairwise = hyp.get("pairwise_log_lr") or {}
    leader = order[0] if order else None
    runner = order[1] if len(order) > 1 else None
    return {
        "order": order,
        "hypotheses": [
            {
                **by_id[h],
                "inconsistency_s": _num(by_id[h].get("inconsistency")),
                "log_likelihood_s": _num(by_id[h].get("log_likelihood")),
            }
            for h in order
        ],
        "rows": rows,
        "leader": leader,
        "runner": runner,
        "lead_log_lr": _num(pairwise.get(leader, {}).get(runner)) if leader and runner else "",
        "decisive": [{**d, **describe(d["item"]), "inconsistency_s": _num(d.get("inconsistency")), "log_lr_s": _num(d.get("log_lr"))}
                     for d in hyp.get("decisive", [])],
        "groups": [
            {"n": group_n[g], "sources": [s for s in g.split("+") if s], "members": items, "why": (hyp.get("collapsed_because") or {}).get(g, "")}
            for g, items in groups.items()
        ],
        "sensitivity": list(hyp.get("sensitivity") or []),
        "non_diagnostic": list(hyp.get("non_diagnostic") or []),
        "warnings": list(hyp.get("warnings") or []),
        "ratings": [{"r": r, "word": RATING_WORDS[r]} for r in RATING_ORDER],
    }


# --------------------------------------------------------------------------------------------------
# Sources


def dependencies_view(docs: list[dict]) -> dict:
    """What depends on what: each document's copies and summaries, and the chains they form.

    ``docs`` are the report's document views (with ``id``, ``title``, ``source_anchor``, ``derived_from``).
    """
    used_by: dict[str, list[dict]] = {}
    for d in docs:
        for src, view in d["derived_from"]:
            used_by.setdefault(src, []).append(d)
    for d in docs:
        d["used_by"] = used_by.get(d["id"], [])
    edges = [(d, src, view) for d in docs for src, view in d["derived_from"]]
    roots = [d for d in docs if d["used_by"] and not d["derived_from"]]
    return {"edges": edges, "roots": roots, "independent": [d for d in docs if not d["used_by"] and not d["derived_from"]]}
