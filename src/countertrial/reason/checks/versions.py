"""The version_conflict check: two speakers give accounts of one event that differ on an essential point.

Two witnesses describe "the same letter" from abroad: one says it ordered the strike, the other that it
asked for money for the families. Both affirm the letter; they disagree on what it said. Neither
account is refuted by itself, but they cannot both be exact, and a reader weighing either needs to see
the other.

What counts as one event, and as an essential difference
    :func:`countertrial.reason.matching.compare_accounts` decides. The accounts must be of the same
    kind of happening, about the same people (or one naming fewer: less specific is not different),
    and something must tie them to a single event beyond the slot they disagree on: the same object
    (the letter), the uniqueness of a first meeting, the same content, or windows short and close
    enough to name the same day (or, for what was said, the same month between the same people). The
    essential slots are content, place, time (windows that cannot meet), means, route, direction (who
    sent to whom) and one participant (who handed it over). Rewordings (similar content), windows that
    may meet, and a slot one account simply leaves out are not differences.

    An account may also deny what the other says was said ("the letter said nothing about the strike"):
    a denied claim whose content matches the other's content is an explicit conflict of versions.

What is left to other checks
    one speaker's two accounts (``self_contradiction``); a verdict or summary against the record it
    derives from (``record_mismatch``); one person in two places (``alibi``).

Findings group every conflicting pair between the same two speakers that share a claim, so that one
account contradicted in two ways by the other speaker is one finding citing all passages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from countertrial.model import Claim, Entity, Finding
from countertrial.reason.findings import join_names, make_finding, name_of, where
from countertrial.reason.matching import (
    ANCHOR_STRENGTH,
    Difference,
    Match,
    Matcher,
    account_family,
    account_pairs,
    claim_order,
    conditions_reasons,
    derivation_related,
    derivations,
    differences_weight,
    hedge_factor,
    negation_pairs,
    quoted,
    same_voice,
    source_conditions,
    speaker_phrase,
    speaks_as_document,
    subjects,
    when_phrase,
    window_detail,
)

if TYPE_CHECKING:  # the engine imports the checks to register them; importing it back would be a cycle
    from countertrial.reason.engine import Context

RULE_SLOTS = "version_conflict.essential_slot"
RULE_NEGATED = "version_conflict.negated_content"

_BASE = 0.85
_NOUN = {
    "contact": "meeting",
    "first_contact": "first meeting",
    "presence": "stay",
    "travel": "journey",
    "communication": "communication",
    "existence": "existence",
}


@dataclass
class _Conflict:
    a: Claim
    b: Claim
    differences: tuple[Difference, ...]  # empty for a negated content
    strength: float
    negated: Match | None = None


def _voice_key(c: Claim) -> str:
    return c.speaker or f"document:{c.document}"


def check_version_conflict(ctx: Context) -> list[Finding]:
    """Accounts of one event by different speakers that differ on an essential slot, grouped and cited."""
    docs, ents = ctx.documents, ctx.entities
    records = derivations(docs, getattr(ctx, "sources", None))

    def two_voices(a: Claim, b: Claim) -> bool:
        return (
            same_voice(a, b) is False
            and not derivation_related(a, b, records)
            and not speaks_as_document(a, ents)
            and not speaks_as_document(b, ents)
        )

    matcher = Matcher(ents)
    conflicts: list[_Conflict] = []
    order = {d: i for i, d in enumerate(docs)} or {d: i for i, d in enumerate(ctx.texts)}
    for a, b, cmp in account_pairs(ctx.claims, ents, keep=two_voices, matcher=matcher):
        if cmp.differences:
            if claim_order(b, order) < claim_order(a, order):  # read each pair in corpus order
                a, b, cmp = b, a, cmp.swapped()
            conflicts.append(_Conflict(a, b, cmp.differences, cmp.strength))
    with_content = lambda d: bool(d.content)  # noqa: E731 - only denials of what was said matter here
    for a, d, m in negation_pairs(ctx.claims, ents, denials=with_content, matcher=matcher):
        if m.content_denial and two_voices(a, d):
            conflicts.append(_Conflict(a, d, (), 0.9 if m.grade != "compatible" else 0.6 * m.time_fraction, m))

    # One finding per group of conflicting claims between the same two speakers.
    groups: dict[frozenset[str], list[_Conflict]] = defaultdict(list)
    for c in conflicts:
        groups[frozenset((_voice_key(c.a), _voice_key(c.b)))].append(c)
    out: list[tuple[tuple, Finding]] = []
    for voices in sorted(groups, key=sorted):
        for component in _components(groups[voices]):
            f = _finding(component, ctx, order)
            first = min((claim_order(c, order) for k in component for c in (k.a, k.b)))
            out.append((first, f))
    out.sort(key=lambda t: (t[0], t[1].id))
    return [f for _, f in out]


def _components(conflicts: list[_Conflict]) -> list[list[_Conflict]]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in conflicts:
        ra, rb = find(c.a.id), find(c.b.id)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps: dict[str, list[_Conflict]] = defaultdict(list)
    for c in conflicts:
        comps[find(c.a.id)].append(c)
    return [sorted(v, key=lambda c: (c.a.id, c.b.id)) for _, v in sorted(comps.items())]


def difference_words(diff: Difference, a: Claim, b: Claim, ents: dict[str, Entity], na: str, nb: str) -> str:
    """One difference in words: "A places it in Tartu, B in Riga" (``na``/``nb`` name the two sides)."""
    pool = (a, b)
    if diff.slot == "content":
        return f"{na} says it said {quoted(a.content, 140)}, {nb} that it said {quoted(b.content, 140)}"
    if diff.slot == "place":
        return f"{na} places it {where(a, ents)}, {nb} {where(b, ents)}"
    if diff.slot == "time":
        return f"{na} dates it {when_phrase(a)}, {nb} {when_phrase(b)}"
    if diff.slot == "means":
        return f"{na} says it was by {a.means}, {nb} by {b.means}"
    if diff.slot == "origin":
        oa = name_of(a.origin, ents, pool) if a.origin else "?"
        ob = name_of(b.origin, ents, pool) if b.origin else "?"
        return f"{na} has it start from {oa}, {nb} from {ob}"
    if diff.slot == "direction":
        (pa, ra), (pb, rb) = diff.a.split(":", 1), diff.b.split(":", 1)
        return f"{na} has {name_of(pa, ents, pool)} as {ra}, {nb} as {rb}"
    if diff.slot == "participant":
        role = next((p.role for p in a.participants if p.entity == diff.a), "participant")
        return f"{na} names {name_of(diff.a, ents, pool)} as the {role}, {nb} names {name_of(diff.b, ents, pool)}"
    if diff.slot == "condition":
        words = f"{na} says it was {diff.a} when {_stage(a)}, {nb} that it was {diff.b} when {_stage(b)}"
        if a.condition_at != b.condition_at:
            done, undone = (diff.a, diff.b) if diff.b.startswith("un") else (diff.b, diff.a)
            words += f": nothing makes a thing that was {done} {undone} again on the way"
        return words
    return f"they differ on {diff.slot}"


def _stage(c: Claim) -> str:
    return {"sent": "it was sent", "received": "it was received"}.get(c.condition_at or "", "handed over")


def _event_label(a: Claim, b: Claim, ents: dict[str, Entity]) -> str:
    pool = (a, b)
    noun = _NOUN.get(account_family(a.kind), a.kind.replace("_", " "))
    common = sorted(subjects(a) & subjects(b)) or sorted(subjects(a))
    who = join_names([name_of(p, ents, pool) for p in common])
    link = "between" if len(common) > 1 else "of"
    return f"the same {noun} {link} {who}"


def _finding(component: list[_Conflict], ctx: Context, order: dict[str, int]) -> Finding:
    ents, docs = ctx.entities, ctx.documents
    claims: dict[str, Claim] = {}
    for k in component:
        claims.setdefault(k.a.id, k.a)
        claims.setdefault(k.b.id, k.b)
    cited = sorted(claims.values(), key=lambda c: claim_order(c, order))

    # Explain the strongest conflict of the group; name the others in the details.
    lead = max(component, key=lambda k: (k.strength, -len(k.differences), k.a.id, k.b.id))
    a, b = lead.a, lead.b  # in corpus order (slot conflicts) or affirmed first (a denied content)
    na, nb = speaker_phrase(a, ents, docs), speaker_phrase(b, ents, docs)
    if lead.negated is not None:
        what = f"{na} says it said {quoted(a.content, 140)}; {nb} says it did not: {quoted(b.quote)}"
        label = _event_label(a, b, ents)
    else:
        what = "; ".join(difference_words(d, a, b, ents, na, nb) for d in lead.differences)
        label = _event_label(a, b, ents)
    when = when_phrase(a) or when_phrase(b)
    summary = f"{na} and {nb} give different accounts of {label}{' ' + when if when else ''}: {what}."
    if len(component) > 1:
        summary = summary[:-1] + f" (and {len(component) - 1} more conflicting passage pair{'s' if len(component) > 2 else ''} between them)."

    conf = _BASE * lead.strength
    reasons = []
    if lead.negated is not None:
        reasons.append(f"one account explicitly denies the other's content (factor {lead.strength:.2f})")
    else:
        for d in lead.differences:
            reasons.append(
                f"{d.slot} differs; the accounts are tied to one event by {', '.join(d.anchors)} "
                f"(strength {max(ANCHOR_STRENGTH[x] for x in d.anchors):.2f})"
            )
        w, why = differences_weight(lead.differences, a, b)
        conf *= w
        reasons.extend(why)
    for c in (a, b):
        h, why = hedge_factor(c)
        conf *= h
        reasons.extend(why)
    conditions = {c.id: source_conditions(c, docs) for c in cited}
    reasons.extend(conditions_reasons(cited, docs, "weighs on which version to believe, not on the conflict"))

    rule = RULE_NEGATED if lead.negated is not None else RULE_SLOTS
    return make_finding(
        "version_conflict",
        rule,
        cited,
        ctx.texts,
        summary,
        conf,
        "; ".join(reasons) + ".",
        details={
            "speakers": sorted({c.speaker or "" for c in cited}),
            "pairs": [
                {
                    "claims": [k.a.id, k.b.id],
                    "differences": [
                        {"slot": d.slot, "a": d.a, "b": d.b, "anchors": list(d.anchors)} for d in k.differences
                    ],
                    "negated_content": k.negated is not None,
                    "strength": round(k.strength, 3),
                }
                for k in component
            ],
            "windows": {c.id: window_detail(c) for c in cited},
            "conditions": conditions,
        },
    )
