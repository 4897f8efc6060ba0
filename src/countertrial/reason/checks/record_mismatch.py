"""The record_mismatch check: a derived document asserts what its record contradicts or does not contain.

A verdict, an indictment, a summary or a reprint claims to rest on a record (the trial, the
interrogations, the wire story). When the verdict says one man handed over a document and the trial
record has another man hand it over, or when the verdict asserts something that no one said at the
trial, the derivation itself is at fault, whatever the truth of the matter.

Which claims are derived, and what their record is
    A claim is *derived* when its document is (manifest ``kind`` verdict, indictment, judgment, summary,
    sentence, or a non-empty ``derived_from``), when its speaker is a document entity ("the verdict
    says", quoted in a book), or when it is reported by a document entity that rests on a record (a
    witness as the verdict renders him). Its record is the documents it derives from, transitively; a
    verdict or indictment that names none rests on every trial record, interrogation and testimony in
    the corpus (:func:`countertrial.reason.matching.record_documents`).

    A document entity's record is what the case file says it rests on (``documents[].rests_on``):
    corpus files, and other document entities, transitively. A record that is not a file of the
    corpus (a trial record known only through a book that quotes it) is read through its quotations:
    the claims it speaks or reports (``speaker`` / ``reported_by`` is that document) are its content.

Three findings, strongest first, at most one per derived claim
    * ``record_mismatch.contradicted_by_record``: a record claim gives another version of the same
      event (:func:`~countertrial.reason.matching.compare_accounts`: e.g. same handover, same day and
      place, another giver), or denies it, or the derived claim denies what the record affirms;
    * ``record_mismatch.stated_absence``: someone states that the record does not contain it ("this was
      never mentioned at the trial": a denied ``document_content`` or ``non_occurrence`` claim, outside
      the record, whose people and content match);
    * ``record_mismatch.unsupported_by_record``: no record claim supports it although the record speaks
      of all the people concerned, so its silence means something (low confidence: the corpus may hold
      only an excerpt of the record).

Not a mismatch
    A derived claim that *some* record claim supports. A record often holds two versions (the accused's
    and a co-accused's); a verdict that follows one of them has not invented anything, and the
    conflict between the versions is reported as ``version_conflict``. Support is read generously:
    an agreeing account of the same event, or any record claim about all the same people whose time,
    place and content do not clash.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from countertrial.model import Claim, Entity, Finding
from countertrial.reason.findings import join_names, make_finding, name_of
from countertrial.reason.matching import (
    COMPARISONS,
    CONTENT_DIFFERENT_BELOW,
    CONTENT_SIMILAR_AT,
    MAX_PAIR_PEOPLE,
    Matcher,
    Difference,
    bounds,
    claim_order,
    conditions_reasons,
    declared_sources,
    derivations,
    content_similarity,
    differences_weight,
    document_label,
    event_phrase,
    hedge_factor,
    is_derived_document,
    quoted,
    RECORD_KINDS,
    same_voice,
    source_conditions,
    speaker_phrase,
    speaks_as_document,
    subjects,
    time_relation,
    window_detail,
)

from countertrial.reason.checks.versions import difference_words

if TYPE_CHECKING:  # the engine imports the checks to register them; importing it back would be a cycle
    from countertrial.reason.engine import Context

RULE_CONTRADICTED = "record_mismatch.contradicted_by_record"
RULE_ABSENCE = "record_mismatch.stated_absence"
RULE_UNSUPPORTED = "record_mismatch.unsupported_by_record"

_ABSENCE_KINDS = frozenset({"document_content", "non_occurrence"})
_MAX_CITED = 3


@dataclass
class _Verdict:
    """What the record says about one derived claim."""

    support: list[Claim] = field(default_factory=list)
    contradictions: list[tuple[float, Claim, str, tuple[Difference, ...]]] = field(default_factory=list)


def check_record_mismatch(ctx: Context) -> list[Finding]:
    """Every derived claim its record contradicts, is said not to contain, or does not support."""
    docs, ents, claims = ctx.documents, ctx.entities, ctx.claims
    if not docs and not any(speaks_as_document(c, ents) for c in claims):
        return []
    matcher = Matcher(ents)
    records = derivations(docs, getattr(ctx, "sources", None))
    declared = declared_sources(docs, getattr(ctx, "sources", None))
    rests_on = _document_rests_on(ctx)
    records_of: dict[str, frozenset[str]] = {}
    derived: list[tuple[int, frozenset[str]]] = []
    for i, c in enumerate(claims):
        recs = _records_for(c, ctx, records, declared, records_of, rests_on)
        if recs is not None and matcher.slots(c).subjects:
            derived.append((i, recs))
    if not derived:
        return []
    record_docs = frozenset().union(*(r for _, r in derived))

    # Indexes over the record's claims: by person (swept in time order against each derived claim) and
    # by object; and the absence statements by the people they are about.
    by_person: dict[str, list[int]] = defaultdict(list)
    by_object: dict[str, list[int]] = defaultdict(list)
    together: dict[frozenset[str], list[int]] = defaultdict(list)  # record claims by each person and pair
    absences: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        # A derived document can be another's record (a wire story is the record of its reprint), so
        # derived claims are indexed too; a claim is never judged against its own document.
        if in_record(c, record_docs):
            ps = sorted(matcher.slots(c).subjects)
            for p in ps:
                by_person[p].append(i)
                together[frozenset((p,))].append(i)
            if len(ps) <= MAX_PAIR_PEOPLE:
                for x, y in combinations(ps, 2):
                    together[frozenset((x, y))].append(i)
            for o in matcher.slots(c).objects:
                by_object[o].append(i)
        if c.polarity == "denied" and c.kind in _ABSENCE_KINDS:
            for p in _absence_people(c, ents):
                absences[p].append(i)

    found: dict[int, _Verdict] = defaultdict(_Verdict)
    recs_of_claim = dict(derived)
    derived_by_person: dict[str, list[int]] = defaultdict(list)
    for i, _ in derived:
        for p in matcher.slots(claims[i]).subjects:
            derived_by_person[p].append(i)
    seen: set[tuple[int, int]] = set()
    for p in sorted(derived_by_person):
        for di, ri in _meeting_windows(derived_by_person[p], by_person.get(p, []), claims):
            _judge(di, ri, claims, recs_of_claim, found, seen, matcher)
    for i, _ in derived:
        for o in matcher.slots(claims[i]).objects:
            for ri in by_object.get(o, []):
                _judge(i, ri, claims, recs_of_claim, found, seen, matcher)
        if claims[i].kind == "first_contact":
            # A first meeting is unique: the record's first meeting of the same people is the same event
            # whenever it is dated, so compare outside the time sweep too.
            ps = sorted(matcher.slots(claims[i]).subjects)
            if ps:
                for ri in by_person.get(ps[0], []):
                    if claims[ri].kind == "first_contact":
                        _judge(i, ri, claims, recs_of_claim, found, seen, matcher)

    order = {d: n for n, d in enumerate(docs)} or {d: n for n, d in enumerate(ctx.texts)}
    out: list[tuple[tuple, Finding]] = []
    for i, recs in derived:
        c = claims[i]
        verdict = found.get(i, _Verdict())
        if verdict.support:
            continue
        stated = _stated_absences(c, recs, absences, claims, ents) if c.polarity == "affirmed" else []
        if verdict.contradictions:
            f = _contradicted(c, recs, verdict, stated, ctx, order)
        elif c.polarity != "affirmed":
            continue  # a derived denial the record merely does not echo is no mismatch
        elif stated:
            f = _absent(c, recs, stated, ctx, order)
        else:
            f = _unsupported(c, recs, together, claims, ctx, order)
        if f is not None:
            out.append((claim_order(c, order), f))
    out.sort(key=lambda t: (t[0], t[1].id))
    return [f for _, f in out]


def in_record(c: Claim, recs: frozenset[str]) -> bool:
    """The claim is part of a record: its document is one, or a record document speaks or reports it."""
    return c.document in recs or (c.speaker is not None and c.speaker in recs) or (c.reported_by is not None and c.reported_by in recs)


def _document_rests_on(ctx: Context) -> dict[str, frozenset[str]]:
    """Document entity -> everything it rests on, transitively (corpus files and other document entities).

    Read from the run's source graph (the case file's ``documents[].rests_on`` are edges there), or,
    without one, from the case file in the configuration.
    """
    edges: dict[str, set[str]] = defaultdict(set)
    graph = getattr(getattr(ctx, "sources", None), "graph", None)
    if graph is not None:
        for child, parent in graph.edges():
            if child not in ctx.documents and not graph.nodes[parent].get("virtual"):
                edges[child].add(parent)
    else:
        case = getattr(getattr(ctx, "config", None), "case", None)
        for child, parent, _ in getattr(case, "document_dependencies", lambda: [])():
            edges[child].add(parent)
    out: dict[str, frozenset[str]] = {}
    for start in edges:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            d = stack.pop()
            if d in seen or d == start:
                continue
            seen.add(d)
            stack.extend(edges.get(d, ()))
        out[start] = frozenset(seen)
    return out


def _derived_voice(c: Claim, ctx: Context, rests_on: Mapping[str, frozenset[str]]) -> str | None:
    """The document entity that makes ``c`` derived: its speaker, or a reporter that rests on a record."""
    if speaks_as_document(c, ctx.entities):
        return c.speaker
    rep = ctx.entities.get(c.reported_by) if c.reported_by else None
    if rep is not None and rep.kind == "document" and rests_on.get(rep.id):
        return rep.id
    return None


def _records_for(
    c: Claim,
    ctx: Context,
    records: Mapping[str, frozenset[str]],
    declared: Mapping[str, frozenset[str]],
    cache: dict[str, frozenset[str]],
    rests_on: Mapping[str, frozenset[str]] | None = None,
) -> frozenset[str] | None:
    """The record of a derived claim (corpus documents and document entities), or None when it is not derived."""
    if is_derived_document(ctx.documents.get(c.document), declared):
        return records.get(c.document, frozenset())
    voice = _derived_voice(c, ctx, rests_on or {})
    if voice is not None:
        key = f"{voice}\x1f{c.document}"
        if key not in cache:
            stated = (rests_on or {}).get(voice)
            if voice in ctx.documents:
                cache[key] = records.get(voice, frozenset())
            elif stated:
                # What the case file says it rests on, and what those corpus files rest on in turn; never
                # the document that quotes it (a book quoting the verdict is not the verdict's record).
                recs = set(stated)
                for d in stated:
                    recs.update(records.get(d, ()))
                cache[key] = frozenset(recs - {c.document, voice})
            else:
                cache[key] = frozenset(
                    d
                    for d, doc in ctx.documents.items()
                    if (doc.meta.kind or "").casefold() in RECORD_KINDS and d != c.document
                )
        return cache[key]
    return None


def _meeting_windows(derived: Sequence[int], record: Sequence[int], claims: Sequence[Claim]) -> Iterable[tuple[int, int]]:
    """(derived, record) pairs of one person's claims whose windows meet, by a sweep in time order."""
    events = []
    for tag, members in ((0, derived), (1, record)):
        for i in members:
            b = bounds(claims[i].time)
            lo, hi = b if b is not None else (-math.inf, math.inf)
            events.append((lo, hi, tag, i))
    events.sort()
    active: list[tuple[float, int, int]] = []  # (hi, tag, index)
    for lo, hi, tag, i in events:
        active = [x for x in active if x[0] >= lo]
        for ahi, atag, ai in active:
            if atag != tag:
                yield (i, ai) if tag == 0 else (ai, i)
        active.append((hi, tag, i))


def _judge(
    di: int,
    ri: int,
    claims: Sequence[Claim],
    recs_of: Mapping[int, frozenset[str]],
    found: dict[int, _Verdict],
    seen: set[tuple[int, int]],
    matcher: Matcher,
) -> None:
    """Does record claim ``ri`` support or contradict derived claim ``di``?"""
    if (di, ri) in seen:
        return
    seen.add((di, ri))
    c, r = claims[di], claims[ri]
    if r.id == c.id or not in_record(r, recs_of[di]):
        return
    v = found[di]
    if c.polarity == "affirmed" and r.polarity == "affirmed":
        cmp = matcher.compare_accounts(c, r)
        if cmp is not None:
            if cmp.differences:
                v.contradictions.append((cmp.strength, r, "version", cmp.differences))
            else:
                v.support.append(r)
        elif _loosely_supports(c, r, matcher):
            v.support.append(r)
    elif c.polarity == "affirmed" and r.polarity == "denied":
        m = matcher.match_denial(r, c)
        if m is not None:
            v.contradictions.append((0.9 if m.grade != "compatible" else 0.6 * m.time_fraction, r, "denied_in_record", ()))
    elif c.polarity == "denied" and r.polarity == "affirmed":
        m = matcher.match_denial(c, r)
        if m is not None:
            v.contradictions.append((0.9 if m.grade != "compatible" else 0.6 * m.time_fraction, r, "affirmed_in_record", ()))


def _loosely_supports(c: Claim, r: Claim, matcher: Matcher) -> bool:
    """A record claim about all the same people whose time, place and content do not clash."""
    COMPARISONS.count += 1
    pc, pr = matcher.slots(c).subjects, matcher.slots(r).subjects
    if not pc or not pc <= pr:
        return False
    if time_relation(c, r) == "cannot" or matcher.place_relation(c.place, r.place) == "disjoint":
        return False
    sim = content_similarity(c.content, r.content)
    return sim is None or sim >= CONTENT_DIFFERENT_BELOW


def _absence_people(c: Claim, ents: Mapping[str, Entity]) -> frozenset[str]:
    """The people an absence statement is about, leaving out the document it speaks of."""
    return frozenset(p for p in subjects(c) if not (p in ents and ents[p].kind == "document"))


def _stated_absences(
    c: Claim, recs: frozenset[str], absences: Mapping[str, list[int]], claims: Sequence[Claim], ents: Mapping[str, Entity]
) -> list[tuple[float, Claim]]:
    out: dict[str, tuple[float, Claim]] = {}
    pc = subjects(c)
    for p in sorted(pc):
        for ai in absences.get(p, []):
            a = claims[ai]
            if a.id in out or a.id == c.id or in_record(a, recs) or same_voice(a, c) is True:
                continue
            COMPARISONS.count += 1
            pa = _absence_people(a, ents)
            if not pa or not pa <= pc:
                continue
            if time_relation(a, c) == "cannot":
                continue
            sim = content_similarity(a.content, c.content)
            if a.content:
                if sim is None or sim < CONTENT_SIMILAR_AT:
                    continue
                score = sim / 100.0
            else:
                if pa != pc:
                    continue
                score = 0.75
            out[a.id] = (score, a)
    return sorted(out.values(), key=lambda t: (-t[0], t[1].id))


def _derived_label(c: Claim, ctx: Context) -> str:
    if speaks_as_document(c, ctx.entities):
        return f"{name_of(c.speaker, ctx.entities, (c,))} (as quoted in {c.document})"
    label = document_label(c.document, ctx.documents)
    return label[0].upper() + label[1:]


def _records_label(recs: Iterable[str], ctx: Context) -> str:
    recs = sorted(recs)
    if not recs:
        return "its record"
    return join_names([_record_name(r, ctx) for r in recs])


def _record_of_claim(r: Claim, recs: Iterable[str], ctx: Context) -> str:
    """Which record a record claim comes from: its document, or the document entity quoted in it."""
    if r.document in recs:
        return document_label(r.document, ctx.documents)
    via = r.speaker if r.speaker in recs else r.reported_by
    return f"{_record_name(via or r.document, ctx)} (as quoted in {document_label(r.document, ctx.documents)})"


def _record_name(r: str, ctx: Context) -> str:
    """A record's name: a corpus document's label, or a document entity's name."""
    ent = ctx.entities.get(r)
    if r not in ctx.documents and ent is not None:
        return ent.name
    return document_label(r, ctx.documents)


def _hedges(claims: Iterable[Claim], conf: float, reasons: list[str]) -> float:
    for c in claims:
        h, why = hedge_factor(c)
        conf *= h
        reasons.extend(why)
    return conf


def _conditions(claims: Iterable[Claim], ctx: Context, reasons: list[str]) -> dict[str, list[str]]:
    claims = list(claims)
    reasons.extend(conditions_reasons(claims, ctx.documents, "weighs on the sources, not on the mismatch"))
    return {c.id: source_conditions(c, ctx.documents) for c in claims}


def _finding(
    rule: str, c: Claim, recs, cited: list[Claim], summary: str, conf: float, reasons: list[str], ctx: Context,
    extra: dict, *, explain_conditions: bool = True,
) -> Finding:
    """A record_mismatch finding: the derived claim, the records it derives from, and what each rule adds."""
    conditions = _conditions(cited, ctx, reasons if explain_conditions else [])
    return make_finding(
        "record_mismatch",
        rule,
        cited,
        ctx.texts,
        summary,
        conf,
        "; ".join(reasons) + ".",
        details={"derived": c.id, "derived_document": c.document, "records": sorted(recs), **extra, "conditions": conditions},
    )


def _contradicted(c, recs, verdict: _Verdict, stated, ctx: Context, order) -> Finding:
    ents = ctx.entities
    best = sorted(verdict.contradictions, key=lambda t: (-t[0], claim_order(t[1], order)))[:_MAX_CITED]
    strength, r, how, diffs = best[0]
    pool = (c, r)
    if how == "version":
        nr = speaker_phrase(r, ents, ctx.documents)
        words = "; ".join(difference_words(d, c, r, ents, "the derived document", nr) for d in diffs)
        said = f"has {nr} say that {event_phrase(r, ents, pool)} ({words})"
    elif how == "denied_in_record":
        said = f"has {speaker_phrase(r, ents, ctx.documents)} deny it: {quoted(r.quote)}"
    else:
        said = f"has {speaker_phrase(r, ents, ctx.documents)} affirm it: {quoted(r.quote)}"
    verb = "denies that" if c.polarity == "denied" else "says that"
    summary = (
        f"{_derived_label(c, ctx)} {verb} {event_phrase(c, ents, pool)}; the record it rests on, "
        f"{_record_of_claim(r, recs, ctx)}, {said}."
    )
    reasons = []
    if how == "version":
        for d in diffs:
            reasons.append(f"{d.slot} differs; tied to one event by {', '.join(d.anchors)}")
        w, why = differences_weight(diffs, c, r)
        strength *= w
        reasons.extend(why)
    else:
        reasons.append("the record and the derived document take opposite stances on the same event")
    conf = _hedges((c, r), 0.85 * strength, reasons)
    if len(best) > 1:
        reasons.append(f"{len(best) - 1} more record passage(s) disagree as well")
    cited_stated = [a for _, a in stated[:_MAX_CITED]]
    if cited_stated:
        reasons.append("someone also states that the record does not contain it")
    cited = [c, *[x[1] for x in best], *cited_stated]
    return _finding(
        RULE_CONTRADICTED, c, recs, cited, summary, conf, reasons, ctx,
        {
            "contradictions": [
                {
                    "claim": x[1].id,
                    "how": x[2],
                    "strength": round(x[0], 3),
                    "differences": [{"slot": d.slot, "a": d.a, "b": d.b, "anchors": list(d.anchors)} for d in x[3]],
                }
                for x in best
            ],
            "stated_absence": [a.id for a in cited_stated],
            "windows": {x.id: window_detail(x) for x in cited},
        },
    )


def _absent(c, recs, stated, ctx: Context, order) -> Finding:
    ents = ctx.entities
    score, a = stated[0]
    summary = (
        f"{_derived_label(c, ctx)} says that {event_phrase(c, ents, (c, a))}; "
        f"{speaker_phrase(a, ents, ctx.documents)} states that the record does not contain it: {quoted(a.quote)}."
    )
    reasons = [f"the absence statement matches the derived claim's people and content (score {score:.2f})"]
    reasons.append("the absence is asserted by a third party, not checked against the record itself")
    conf = _hedges((c, a), 0.7 * score, reasons)
    cited = [c, *[x[1] for x in stated[:_MAX_CITED]]]
    return _finding(
        RULE_ABSENCE, c, recs, cited, summary, conf, reasons, ctx,
        {"stated_absence": [x[1].id for x in stated[:_MAX_CITED]]},
    )


def _unsupported(c, recs, together, claims, ctx: Context, order) -> Finding | None:
    """Only when the record has claims about the same people: otherwise its silence says nothing."""
    if not recs:
        return None
    pc = subjects(c)
    # What the record does say about these people together; the passages nearest in time are cited.
    ps = sorted(pc)
    key = frozenset(ps[:2])
    pool = [claims[ri] for ri in together.get(key, ())]
    pool = [r for r in pool if in_record(r, recs) and r.id != c.id and pc <= subjects(r)]
    if not pool:
        return None
    COMPARISONS.count += len(pool)
    near = sorted(pool, key=lambda r: (_distance(c, r), claim_order(r, order)))[:2]
    names = join_names([name_of(p, ctx.entities, (c,)) for p in sorted(pc)])
    summary = (
        f"{_derived_label(c, ctx)} says that {event_phrase(c, ctx.entities, (c,))}, but nothing in "
        f"{_records_label(recs, ctx)} supports it, although the record speaks of {names}."
    )
    reasons = [
        "no record claim gives this event, although the record has claims about the same people",
        "low confidence: the corpus may hold only part of the record, and extraction may have missed a passage",
    ]
    conf = _hedges((c,), 0.4, reasons)
    cited = [c, *near]
    return _finding(
        RULE_UNSUPPORTED, c, recs, cited, summary, conf, reasons, ctx,
        {"record_context": [r.id for r in near]}, explain_conditions=False,
    )


def _distance(a: Claim, b: Claim) -> tuple[int, float]:
    """How far apart two claims' windows are, in days, for choosing context (unknown times last)."""
    x, y = bounds(a.time), bounds(b.time)
    if x is None or y is None:
        return (1, 0.0)
    gap = max(0.0, y[0] - x[1], x[0] - y[1])
    return (0, gap if math.isfinite(gap) else 1e12)
