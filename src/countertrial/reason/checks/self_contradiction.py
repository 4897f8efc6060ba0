"""The self_contradiction check: one speaker's statements cannot all be true.

In custody the accused says he first met the organiser in January, in one city; at the trial he says
it was the autumn before, in another. A witness confesses to a meeting in the interrogation room and
denies it before the court. Whatever the truth, the speaker has given two incompatible accounts, and
that is itself evidence about how the statements were produced.

Two forms
    * **affirms and denies**: the speaker affirms a claim and, elsewhere, makes a denial that covers it
      (:func:`countertrial.reason.matching.match_denial`: same happening, same people, the denial's
      place and window containing the claim's). "I never met him in Tartu" does not contradict "I
      met him in Riga": the denial must cover the claim.
    * **incompatible accounts**: two affirmed accounts of one event that differ on an essential slot
      (:func:`countertrial.reason.matching.compare_accounts`), e.g. a first meeting (there is only one)
      placed at times that cannot meet or in different cities, or one letter given two contents.
      Different events are not contradictions: a stay in one city in April and a journey in May are two
      facts, and a speaker who puts himself in two distant places at once is an ``alibi`` finding.

Who is "the same speaker"
    The claims' ``speaker`` entity ids must be equal; unknown speakers never make a self-contradiction.
    A document that derives from another (a wire story of the trial) and quotes the speaker differently
    is at fault itself: that pair is left to ``record_mismatch``. Two of an author's own assertions in a
    single-voice document (a speech, a memoir) are left out too: there the "contradiction" is far more
    often the author restating a claim in order to refute it, mistaken by extraction for the author's own
    (a transcript with several speakers, or a text reporting the speaker's words, is kept).

Confidence
    Highest when the statements come from different documents or occasions (an interrogation and a
    trial: the classic retraction); lower when both stand in one document (it may be a correction in the
    same breath), when someone else reports the speaker's words (``reported_by``: they may misquote), or
    when either statement is hedged. Custody and retraction are stated, not discounted: they explain a
    self-contradiction, they do not make it less of one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from countertrial.model import Claim, Finding
from countertrial.reason.findings import make_finding, name_of
from countertrial.reason.matching import (
    ANCHOR_STRENGTH,
    Comparison,
    Match,
    Matcher,
    account_pairs,
    claim_order,
    conditions_reasons,
    derivation_related,
    derivations,
    differences_weight,
    document_label,
    event_phrase,
    hedge_factor,
    negation_pairs,
    quoted,
    same_voice,
    source_conditions,
    statement_window,
    window_detail,
)

if TYPE_CHECKING:  # the engine imports the checks to register them; importing it back would be a cycle
    from countertrial.reason.engine import Context

RULE_NEGATION = "self_contradiction.affirms_and_denies"
RULE_ACCOUNTS = "self_contradiction.incompatible_accounts"

_BASE = 0.85
_SAME_DOCUMENT = 0.85
_REPORTED = 0.85


def check_self_contradiction(ctx: Context) -> list[Finding]:
    """Every pair of one speaker's statements that cannot both be true, explained and cited."""
    order = {d: i for i, d in enumerate(ctx.documents)} or {d: i for i, d in enumerate(ctx.texts)}
    matcher = Matcher(ctx.entities)
    records = derivations(ctx.documents, getattr(ctx, "sources", None))
    out: list[tuple[tuple, Finding]] = []
    for affirmed, denied, match in negation_pairs(ctx.claims, ctx.entities, matcher=matcher):
        if _one_speaker(affirmed, denied, ctx, records):
            f = _negation_finding(affirmed, denied, match, ctx, order)
            out.append((claim_order(min((affirmed, denied), key=lambda c: claim_order(c, order)), order), f))
    same = lambda a, b: _one_speaker(a, b, ctx, records)  # noqa: E731
    for a, b, cmp in account_pairs(ctx.claims, ctx.entities, keep=same, matcher=matcher):
        if cmp.differences:
            if _statement_order(b, ctx, order) < _statement_order(a, ctx, order):  # the earlier statement first
                a, b, cmp = b, a, cmp.swapped()
            f = _accounts_finding(a, b, cmp, ctx)
            first = a
            out.append((claim_order(first, order), f))
    out.sort(key=lambda t: (t[0], t[1].id))
    return [f for _, f in out]


def _one_speaker(a: Claim, b: Claim, ctx: Context, records: dict[str, frozenset[str]]) -> bool:
    """Both statements are one speaker's, on occasions that can differ.

    Left out: a reprint quoting the speaker differently (the reprint's fault: ``record_mismatch``), and
    two of an author's own assertions in a single-voice document (a speech, a memoir). There, a
    "contradiction" is far more often the author paraphrasing someone else's claim before refuting it
    than the author contradicting himself; a transcript with several speakers, or a document that
    *reports* what the speaker said on other occasions, is kept.
    """
    if same_voice(a, b) is not True or derivation_related(a, b, records):
        return False
    if a.document == b.document and not (a.reported_by or b.reported_by):
        doc = ctx.documents.get(a.document)
        if doc is None or len(doc.meta.speakers) <= 1:
            return False
    return True


def _statement_order(c: Claim, ctx: Context, order: dict[str, int]) -> tuple:
    """Earlier statements first: by the document's date when known, then by position."""
    w = statement_window(c, ctx.documents)
    day = w.earliest.toordinal() if w is not None and w.earliest is not None else 1 << 30
    return (day, *claim_order(c, order))


def _where_said(c: Claim, ctx: Context) -> str:
    conds = source_conditions(c, ctx.documents)
    label = document_label(c.document, ctx.documents)
    return f"in {label}" + (f" ({', '.join(conds)})" if conds else "")


def _weigh(a: Claim, b: Claim, ctx: Context, base: float, reasons: list[str]) -> float:
    conf = base
    if a.document == b.document:
        conf *= _SAME_DOCUMENT
        reasons.append(f"both statements stand in one document, perhaps a correction in the same statement (x{_SAME_DOCUMENT:g})")
    else:
        wa, wb = statement_window(a, ctx.documents), statement_window(b, ctx.documents)
        if wa is not None and wb is not None and wa != wb:
            reasons.append(f"made on different occasions ({wa.label()} and {wb.label()})")
        else:
            reasons.append("made in different documents")
    for c in (a, b):
        if c.reported_by and c.reported_by != c.speaker:
            conf *= _REPORTED
            reasons.append(f"{c.id} is reported by {name_of(c.reported_by, ctx.entities, (c,))}, who may misquote (x{_REPORTED:g})")
        h, why = hedge_factor(c)
        conf *= h
        reasons.extend(why)
    reasons.extend(conditions_reasons((a, b), ctx.documents, "this may explain the contradiction; it does not weaken it"))
    return conf


def _negation_finding(a: Claim, d: Claim, m: Match, ctx: Context, order: dict[str, int]) -> Finding:
    ents = ctx.entities
    who = name_of(a.speaker, ents, (a, d))
    if m.content_denial:
        what = f"says that {event_phrase(a, ents, (a, d))} and also that it did not say so"
    else:
        what = f"both affirms and denies that {event_phrase(a, ents, (a, d))}"
    summary = (
        f"{who} {what}: {_where_said(a, ctx)}, {quoted(a.quote)}; {_where_said(d, ctx)}, {quoted(d.quote)}."
    )
    reasons = [f"the denial covers the claim ({m.grade}; people {m.people}, place {m.place}, time {m.time})"]
    base = _BASE * (1.0 if m.grade != "compatible" else 0.6 * m.time_fraction)
    if m.via:
        base *= 0.9
        reasons.append(f"the denial meets what the claim implies: {m.via}")
    conf = _weigh(a, d, ctx, base, reasons)
    cited = sorted((a, d), key=lambda c: claim_order(c, order))
    return make_finding(
        "self_contradiction",
        RULE_NEGATION,
        cited,
        ctx.texts,
        summary,
        conf,
        "; ".join(reasons) + ".",
        details={
            "speaker": a.speaker,
            "affirmed": a.id,
            "denied": d.id,
            "content_denial": m.content_denial,
            "match": {"grade": m.grade, "people": m.people, "place": m.place, "time": m.time, "via": m.via or None},
            "windows": [window_detail(a), window_detail(d)],
            "statement_dates": [_date_of(a, ctx), _date_of(d, ctx)],
            "conditions": {c.id: source_conditions(c, ctx.documents) for c in (a, d)},
        },
    )


def _accounts_finding(a: Claim, b: Claim, cmp: Comparison, ctx: Context) -> Finding:
    ents = ctx.entities
    who = name_of(a.speaker, ents, (a, b))
    slots = ", ".join(d.slot for d in cmp.differences)
    summary = (
        f"{who} gives incompatible accounts ({slots}): {_where_said(a, ctx)}, {event_phrase(a, ents, (a, b))}; "
        f"{_where_said(b, ctx)}, {event_phrase(b, ents, (a, b))}."
    )
    reasons = [
        f"{d.slot} differs, and the accounts are tied to one event by {', '.join(d.anchors)}" for d in cmp.differences
    ]
    w, why = differences_weight(cmp.differences, a, b)
    reasons.extend(why)
    conf = _weigh(a, b, ctx, _BASE * cmp.strength * w, reasons)
    return make_finding(
        "self_contradiction",
        RULE_ACCOUNTS,
        [a, b],
        ctx.texts,
        summary,
        conf,
        "; ".join(reasons) + ".",
        details={
            "speaker": a.speaker,
            "differences": [{"slot": d.slot, "a": d.a, "b": d.b, "anchors": list(d.anchors)} for d in cmp.differences],
            "anchor_strength": {x: ANCHOR_STRENGTH[x] for x in cmp.anchors},
            "windows": [window_detail(a), window_detail(b)],
            "places": [a.place, b.place],
            "statement_dates": [_date_of(a, ctx), _date_of(b, ctx)],
            "conditions": {c.id: source_conditions(c, ctx.documents) for c in (a, b)},
        },
    )


def _date_of(c: Claim, ctx: Context) -> str | None:
    doc = ctx.documents.get(c.document)
    return doc.meta.date if doc is not None else None
