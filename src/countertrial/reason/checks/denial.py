"""The denial check: one source affirms what another denies.

A witness says he met the engineer twice in a café in the autumn; the engineer says he never met the
witness at all. Either may be lying, but both cannot be right: that is a denial. It is the commonest
conflict in an inquiry built on testimony, and the reader wants it stated plainly, with both passages.

When a denial meets an affirmation
    :func:`countertrial.reason.matching.match_denial` decides whether the denied claim covers the
    affirmed one: same kind of happening (a denied meeting also covers a first meeting and a journey
    "to see" someone; a denied stay covers a meeting there), the denied people among the affirmed
    ones, the denial's place containing the affirmed place (or no place: "anywhere"), and the affirmed
    window inside the denial's (or no window: "never"). A denial that covers only part of the affirmed
    window still fires, with its confidence cut in proportion.

When it is not a denial finding
    * both claims come from one speaker: that is ``self_contradiction``;
    * the speakers cannot be told apart (no speaker, same document);
    * the denial is of *what was said* ("the letter said nothing about money"): two versions of one
      communication, reported as ``version_conflict``;
    * the denial is of a document's content or a record of non-events (kinds ``document_content`` and
      ``non_occurrence``): ``record_mismatch`` and ``impossible_means`` read those;
    * one claim is in a document derived from the other's (a verdict and its trial record): reported as
      ``record_mismatch``.

Confidence
    Starts from how fully the denial covers the claim (exact, covering, partial), how directly it names
    the people (a denial naming no counterpart, or read pair by pair, is weaker), whether it meets the
    claim itself or only something the claim implies, and hedges on either side (alleged, hearsay).
    Custody or a later retraction is reported but does not lower it: it weighs on which side to believe,
    not on whether the two sides conflict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from countertrial.model import Claim, Finding
from countertrial.reason.findings import make_finding
from countertrial.reason.matching import (
    Match,
    claim_order,
    conditions_reasons,
    derivation_related,
    derivations,
    event_phrase,
    Matcher,
    hedge_factor,
    negation_pairs,
    quoted,
    same_voice,
    source_conditions,
    speaker_phrase,
    window_detail,
)

if TYPE_CHECKING:  # the engine imports the checks to register them; importing it back would be a cycle
    from countertrial.reason.engine import Context

RULE = "denial.covering_negation"
RULE_IMPLIED = "denial.implied_negation"

_BASE = 0.9
_GRADE = {"exact": 1.0, "covers": 0.95}
_PEOPLE = {"exact": 1.0, "subset": 0.95, "shared": 0.95, "pair": 0.9, "counterpart_unnamed": 0.75}
_IMPLIED = 0.9
_MODAL_VERB = {"asserted": "says", "reported": "reports", "alleged": "alleges"}
_SKIP_DENIED_KINDS = frozenset({"document_content", "non_occurrence"})


def check_denial(ctx: Context) -> list[Finding]:
    """Every affirmed claim that a claim by another speaker denies, explained and cited on both sides."""
    order = {d: i for i, d in enumerate(ctx.documents)} or {d: i for i, d in enumerate(ctx.texts)}
    records = derivations(ctx.documents, getattr(ctx, "sources", None))
    out: list[tuple[tuple, Finding]] = []
    for affirmed, denied, match in negation_pairs(ctx.claims, ctx.entities, matcher=Matcher(ctx.entities)):
        if denied.kind in _SKIP_DENIED_KINDS or match.content_denial:
            continue
        if same_voice(affirmed, denied) is not False:
            continue
        if derivation_related(affirmed, denied, records):
            continue
        finding = _finding(affirmed, denied, match, ctx)
        out.append((claim_order(affirmed, order), finding))
    out.sort(key=lambda t: (t[0], t[1].id))
    return [f for _, f in out]


def _finding(a: Claim, d: Claim, m: Match, ctx: Context) -> Finding:
    ents, docs = ctx.entities, ctx.documents
    pool = (a, d)
    # "X (as reported by Y) says": the reporting is already said; only an allegation keeps its verb.
    verb = "alleges" if a.modality == "alleged" else ("says" if a.reported_by else _MODAL_VERB.get(a.modality, "says"))
    summary = (
        f"{speaker_phrase(a, ents, docs)} {verb} that {event_phrase(a, ents, pool)}; "
        f"{speaker_phrase(d, ents, docs)} denies it: {quoted(d.quote)}."
    )

    conf = _BASE
    reasons: list[str] = []
    if m.grade == "compatible":
        g = 0.6 * m.time_fraction
        reasons.append(f"the denial covers {m.time_fraction:.0%} of the affirmed window (x{g:.2f})")
    else:
        g = _GRADE[m.grade]
        reasons.append(
            "the denial covers the claim exactly" if m.grade == "exact" else f"the denial covers the claim ({_cover_words(m)})"
        )
    conf *= g
    p = _PEOPLE.get(m.people, 0.9)
    if p < 1.0:
        reasons.append(f"people matched as '{m.people}' (x{p:g})")
    conf *= p
    if m.via:
        conf *= _IMPLIED
        reasons.append(f"the denial meets what the claim implies: {m.via} (x{_IMPLIED:g})")
    for c in pool:
        h, why = hedge_factor(c)
        conf *= h
        reasons.extend(why)
    conditions = {c.id: source_conditions(c, docs) for c in pool}
    reasons.extend(conditions_reasons(pool, docs, "weighs on which account to believe, not on the conflict"))

    return make_finding(
        "denial",
        RULE_IMPLIED if m.via else RULE,
        [a, d],
        ctx.texts,
        summary,
        conf,
        "; ".join(reasons) + ".",
        details={
            "affirmed": a.id,
            "denied": d.id,
            "speakers": [a.speaker, d.speaker],
            "reported_by": [a.reported_by, d.reported_by],
            "match": {
                "grade": m.grade,
                "people": m.people,
                "shared_people": list(m.shared),
                "place": m.place,
                "time": m.time,
                "time_fraction": round(m.time_fraction, 3),
                "via": m.via or None,
            },
            "windows": [window_detail(a), window_detail(d)],
            "places": [a.place, d.place],
            "conditions": conditions,
            "reasons": list(m.reasons),
        },
    )


_PLACE_WORDS = {"any": "the denial names no place", "same": "same place", "within": "the place lies within the denied one"}
_TIME_WORDS = {"never": "the denial has no time limit", "same": "same window", "within": "the window lies within the denied one"}


def _cover_words(m: Match) -> str:
    return f"{_PLACE_WORDS.get(m.place, m.place)}; {_TIME_WORDS.get(m.time, m.time)}"
