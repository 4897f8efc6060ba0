"""Contested findings: a finding whose own evidence another source disputes, shown with both readings.

An anachronism rests on a record that a hotel did not exist in the year of a meeting; a later source
says an establishment of that name stood in the same city then. An alibi rests on a register placing a
man in one city; another source denies he was there. Neither finding should be dropped, and neither
should be shown as if nothing disputed it: it is marked ``contested``, keeps its summary, names who
disputes what, and cites the disputing passages beside its own, so the reader sees both readings.

The rule, for every finding
    1. Its claims each stand on a *side*. A finding relies on some of them to refute or establish
       something: the *refuting side* (:func:`refuting_side`); the rest are the *accused* claims it
       refutes (:func:`accused_claims`).
    2. A claim *not in the finding* that contradicts a refuting-side claim disputes the finding.
       Contradicts means: the same event (same family of claim, same people) with the opposite
       polarity, the denial covering the affirmation in place and time
       (:func:`countertrial.reason.checks.corroboration.contradicts`). A claim contradicting an
       accused claim agrees with the finding and is no dispute.
    3. Existence is about a place, not people: an existence claim is disputed by an existence claim
       with the opposite reading (:func:`says_it_existed`: "razed", "closed" read as non-existence
       whatever the polarity) about the same place *or a namesake in the same city* (an
       establishment of that name). For an anachronism the time that matters is the accused event's;
       otherwise the disputed claim's. A non-occurrence record ("no aircraft landed") is disputed by
       a denied non-occurrence at the same place and a time that may overlap.
    4. An anachronism may rest on no claim at all but on the place's existence dates (from the case
       file or gazetteer). Then any claim that the place or a namesake in the same city existed at a
       time that may overlap the accused event disputes it.

Which claims are the refuting side
    A check can say so itself: ``details["refuting_claims"]`` (claim ids) always wins. Otherwise what
    the checks already record is read: an anachronism's ``existence_claims``, an impossible means'
    ``records``, every claim but the ``derived`` one of a record mismatch, a chronology's
    ``minimal_set`` without its ``contact_claim``. Claims a check lists as ``contesting_claims`` (its
    own other reading) are never a side. Failing all that, by kind:

    - ``anachronism``, ``impossible_means``: the existence / non-occurrence claims (else the place's
      record, rule 4);
    - ``chronology``: the first-contact claims when there are any, else all claims;
    - ``record_mismatch``: the claims from the record, i.e. the document the others derive from;
    - ``corroboration``, ``dependent_corroboration``: all claims (they are all one side);
    - ``alibi`` and anything else: the best-sourced claims (a register against a confession); when
      the sources weigh about the same, all claims;
    - ``denial``, ``version_conflict``, ``self_contradiction`` are symmetric: they already show two
      readings and rely on neither, so a third voice on either side does not contest them.

What marking does
    ``contested=True``; ``details["disputed_by"]`` and ``details["readings"]`` (a check's own readings
    are kept, the disputing ones appended with ``"added_by": "mark_contested"``); the disputing
    passages appended to the citations; " Contested: X disputes the claim that ..." appended to the
    summary; the confidence lowered by up to 35%, by the weight of the best disputing source. The
    finding's id and ``claims`` do not change, and marking twice gives the same result.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from countertrial.model import Claim, Entity, Finding
from countertrial.reason.checks.corroboration import (
    Places,
    contradicts,
    describe_event,
    event_key,
    source_quality,
)
from countertrial.reason.citations import citations_for
from countertrial.reason.findings import join_names
from countertrial.reason.independence import SourceGraph, fold
from countertrial.reason.intervals import describe_window, overlap

if TYPE_CHECKING:
    from countertrial.reason.engine import Context

SYMMETRIC = frozenset({"denial", "version_conflict", "self_contradiction"})
PLACE_KINDS = frozenset({"existence", "non_occurrence"})

#: Words that say what sort of establishment a place is, not which one: "Hotel Aurora" and
#: "Café Aurora" are namesakes through "Aurora", not through "Hotel".
GENERIC_PLACE_WORDS = frozenset(
    "hotel cafe café konditori restaurant bar inn house bank station buffet club grand the of and de du la le "
    "des der die das el los las street square place rue quai via platz strasse hall office building shop "
    "old new little great royal central".split()
)

MAX_PENALTY = 0.35


def _distinctive(entity: Entity) -> set[str]:
    words: set[str] = set()
    for name in (entity.name, *entity.aliases):
        for w in re.findall(r"[a-z0-9]+", fold(name)):
            if len(w) >= 3 and w not in GENERIC_PLACE_WORDS:
                words.add(w)
    return words


class _Namesakes:
    """Places that share a distinctive name word and the same city ("an establishment of that name")."""

    def __init__(self, entities: Mapping[str, Entity], places: Places) -> None:
        self.entities = entities
        self.places = places
        self.index: dict[tuple[str, str], set[str]] = defaultdict(set)
        for ent in entities.values():
            city = self.city(ent.id)
            if city is None:
                continue
            for w in _distinctive(ent):
                self.index[(city, w)].add(ent.id)

    def city(self, place: str) -> str | None:
        """The nearest place a building lies in that is not itself a building."""
        for p in self.places.chain(place)[1:]:
            ent = self.entities.get(p)
            if ent is None or ent.kind != "building":
                return p
        return None

    def of(self, place: str) -> set[str]:
        """``place`` and its namesakes in the same city."""
        out = {place}
        ent = self.entities.get(place)
        city = self.city(place)
        if ent is None or city is None:
            return out
        for w in _distinctive(ent):
            out |= self.index.get((city, w), set())
        return out


def _subject(claim: Claim) -> str | None:
    """What an existence claim is about: its place, else the thing it names."""
    if claim.place:
        return claim.place
    for p in claim.participants:
        return p.entity
    return None


def _may_overlap(a: Claim, b: Claim) -> bool:
    if a.time is None or b.time is None:
        return True
    return overlap(a.time, "state", b.time, "state") != "cannot"


def _listed_in_details(finding: Finding) -> list[str] | None:
    """The refuting side as the check that made the finding recorded it, when it did.

    ``details["refuting_claims"]`` is the general contract; the others are what the existing checks
    already record: the existence evidence of an anachronism, the records that rule out a means of
    travel, everything but the derived claim of a record mismatch, the bounds of a chronology.
    """
    d = finding.details
    if d.get("refuting_claims"):
        return list(d["refuting_claims"])
    kind = finding.kind
    if kind == "anachronism" and "existence_claims" in d:
        return list(d["existence_claims"])
    if kind == "impossible_means" and d.get("records"):
        return [r["claim"] for r in d["records"] if isinstance(r, Mapping) and "claim" in r]
    if kind == "record_mismatch" and d.get("derived"):
        return [c for c in finding.claims if c != d["derived"]]
    if kind == "chronology" and d.get("contact_claim"):
        return [c for c in d.get("minimal_set", finding.claims) if c != d["contact_claim"]]
    return None


def refuting_side(finding: Finding, claims: Mapping[str, Claim], graph: SourceGraph) -> list[Claim]:
    """The claims a finding relies on to refute or establish (see the module docstring)."""
    if finding.kind in SYMMETRIC and not finding.details.get("refuting_claims"):
        return []
    others = set(finding.details.get("contesting_claims", []))  # a check's own other reading
    listed = _listed_in_details(finding)
    if listed is not None:
        return [claims[i] for i in listed if i in claims and i not in others]
    own = [claims[i] for i in finding.claims if i in claims and i not in others]
    kind = finding.kind
    if kind in ("corroboration", "dependent_corroboration"):
        return own
    if kind in ("anachronism", "impossible_means"):
        return [c for c in own if c.kind in PLACE_KINDS]
    if kind == "chronology":
        return [c for c in own if c.kind == "first_contact"] or own
    if kind == "record_mismatch":
        record = [c for c in own if any(o.document != c.document and c.document in graph.ancestors(o.document) for o in own)]
        return record or own
    weights = {c.id: source_quality(c, graph)[0] for c in own}
    best = max(weights.values(), default=0.0)
    return [c for c in own if weights[c.id] >= best - 0.1]


def accused_claims(finding: Finding, claims: Mapping[str, Claim], sides: Sequence[Claim]) -> list[Claim]:
    """The claims the finding refutes: its claims that are not on the refuting side (nor another reading)."""
    d = finding.details
    for key in ("claim", "journey", "derived", "contact_claim"):
        if isinstance(d.get(key), str) and d[key] in claims:
            return [claims[d[key]]]
    skip = {c.id for c in sides} | set(d.get("contesting_claims", []))
    return [claims[i] for i in finding.claims if i in claims and i not in skip]


_END_WORDS = re.compile(
    r"destroy|demolish|raze|razed|pulled down|torn down|tore down|burn|closed|shut|ceased|no longer|gone|replaced|abolish|dissolv",
    re.I,
)


def says_it_existed(claim: Claim) -> bool:
    """Does an existence claim say the place or thing existed in its window (not that it ended or never was)?

    Extractors disagree on whether "was razed in 1917" is an affirmed destruction or a denied
    existence, so words of ending count as non-existence whatever the polarity.
    """
    if claim.kind == "non_occurrence":
        return claim.polarity == "denied"  # a denied non-occurrence: it did happen
    if claim.polarity == "denied":
        return False
    return not _END_WORDS.search(claim.content or claim.quote or "")


def mark_contested(findings: Sequence[Finding], claims: Sequence[Claim], ctx: "Context", graph: SourceGraph | None = None) -> list[Finding]:
    """The findings, in the same order, with every disputed one marked ``contested`` (see module docstring).

    A contested finding gets ``contested=True``; ``details["disputed_by"]`` (claim ids) and
    ``details["readings"]`` (the finding's reading and each disputing one); the disputing passages
    appended to its citations; a summary that says it is contested and by whom; and a lowered
    confidence. Its id and ``claims`` are unchanged: the dispute is beside the finding, not part of it.
    """
    graph = graph or SourceGraph.from_context(ctx)
    places = Places(ctx.entities)
    namesakes = _Namesakes(ctx.entities, places)
    by_id = {c.id: c for c in claims}
    by_event: dict[tuple, list[Claim]] = defaultdict(list)
    by_subject: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        key = event_key(c)
        if key is not None:
            by_event[key].append(c)
        if c.kind in PLACE_KINDS:
            subject = _subject(c)
            if subject is not None:
                by_subject[(c.kind, subject)].append(c)

    out: list[Finding] = []
    for finding in findings:
        own = set(finding.claims)
        disputes: list[tuple[str, str, list[Claim]]] = []  # (target id, target words, disputers)
        sides = refuting_side(finding, by_id, graph)
        accused = accused_claims(finding, by_id, sides)
        for side in sides:
            found: list[Claim] = []
            key = event_key(side)
            if key is not None:
                found = [x for x in by_event[key] if x.id not in own and contradicts(side, x, places)]
            elif side.kind in PLACE_KINDS and _subject(side):
                # Rule 3. For an anachronism what matters is whether the place existed when the
                # accused event happened, not at the time of the record about it.
                when = accused if finding.kind == "anachronism" and accused else [side]
                subjects = namesakes.of(_subject(side)) if side.kind == "existence" else {_subject(side)}  # type: ignore[arg-type]
                found = [
                    x
                    for s in sorted(subjects)  # type: ignore[type-var]
                    for x in by_subject.get((side.kind, s), [])
                    if x.id not in own
                    and says_it_existed(x) != says_it_existed(side)
                    and any(_may_overlap(w, x) for w in when)
                ]
            if found:
                words = f"the claim that {describe_event(side, ctx.entities)} ({graph.source_label(side)})"
                disputes.append((side.id, words, _unique(found)))
        if finding.kind == "anachronism" and not any(c.kind in PLACE_KINDS for c in sides):
            disputes.extend(_record_disputes(finding, accused, by_subject, namesakes, ctx.entities))
        if not disputes:
            out.append(finding)
            continue
        out.append(_contest(finding, disputes, ctx, graph))
    return out


def _record_disputes(finding, accused: Sequence[Claim], by_subject, namesakes: _Namesakes, entities: Mapping[str, Entity]):
    """Rule 4: an anachronism resting on a place's existence dates, disputed by an existence claim."""
    out = []
    for event in accused:
        if not event.place:
            continue
        place = entities.get(event.place)
        if place is None or (place.exists_from is None and place.exists_until is None):
            continue
        found = [
            x
            for s in sorted(namesakes.of(event.place))
            for x in by_subject.get(("existence", s), [])
            if x.id not in finding.claims and says_it_existed(x) and _may_overlap(event, x)
        ]
        if found:
            when = describe_window(event.time, "event") if event.time is not None else "then"
            out.append((f"record:{event.place}", f"the record that {place.name} did not exist {when}", _unique(found)))
    return out


def _unique(claims: Sequence[Claim]) -> list[Claim]:
    seen: set[str] = set()
    out = []
    for c in claims:
        if c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out


def _contest(finding: Finding, disputes: list[tuple[str, str, list[Claim]]], ctx: "Context", graph: SourceGraph) -> Finding:
    disputers = _unique([x for _, _, xs in disputes for x in xs])
    prior = finding.details.get("disputed_by", [])
    # Marking twice must not compound: start again from the finding as it stood before any dispute.
    base_summary = finding.details.get("summary_before_disputes", finding.summary).rstrip()
    base_confidence = finding.details.get("confidence_before_disputes", finding.confidence)
    base_reason = finding.details.get("confidence_reason_before_disputes", finding.confidence_reason)
    sentences = []
    # A check may already have given its own readings (an anachronism's "it existed after all"): keep them.
    readings = [r for r in finding.details.get("readings", []) if r.get("added_by") != "mark_contested"]
    if not readings:
        readings = [{"reading": "finding", "claims": list(finding.claims), "says": base_summary}]
    for target, words, xs in disputes:
        labels = _unique_str(graph.source_label(x) for x in xs)
        verb = "disputes" if len(labels) == 1 else "dispute"
        says = _unique_str(describe_event(x, ctx.entities) for x in xs)
        sentences.append(f"{join_names(labels)} {verb} {words}, saying that {join_names(says)}")
        for x in xs:
            readings.append(
                {
                    "reading": "dispute",
                    "disputes": target,
                    "claims": [x.id],
                    "source": graph.source_label(x),
                    "says": describe_event(x, ctx.entities),
                    "quote": x.quote,
                    "added_by": "mark_contested",
                }
            )
    weights = {x.id: source_quality(x, graph)[0] for x in disputers}
    best = max(weights.values())
    penalty = MAX_PENALTY * best
    existing = {(c.document, c.start, c.end) for c in finding.citations}
    extra = [c for c in citations_for(disputers, ctx.texts) if (c.document, c.start, c.end) not in existing]
    details = dict(finding.details)
    details["disputed_by"] = _unique_str([*prior, *(x.id for x in disputers)])
    details["readings"] = readings
    details["summary_before_disputes"] = base_summary
    details["confidence_before_disputes"] = base_confidence
    details["confidence_reason_before_disputes"] = base_reason
    summary = base_summary + " Contested: " + "; ".join(sentences) + "."
    reason = (base_reason.rstrip(". ") + "; " if base_reason else "") + (
        f"contested by {len(disputers)} claim(s), best disputing source weight {best:.2f} (x{1 - penalty:.2f})."
    )
    return finding.model_copy(
        update={
            "contested": True,
            "summary": summary,
            "citations": [*finding.citations, *extra],
            "details": details,
            "confidence": round(max(0.0, min(1.0, base_confidence * (1 - penalty))), 3),
            "confidence_reason": reason,
        }
    )


def _unique_str(items) -> list[str]:
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return out
