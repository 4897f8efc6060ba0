"""The chronology check: an order of events that cannot be, such as instructions passed before two people met.

"B handed A's orders to C in May" and "B first met C in October of the next year" may come from
different sources and each be plausible alone; together they say that B handed something to C
seventeen months before they ever met. This module states such claims as ordering constraints between
moments (:mod:`countertrial.reason.constraints`), finds the sets that cannot all be true, and reports
each *minimal* set, so the reader sees exactly which claims clash and that every one of them matters.

Contacts (moments at which two people were in touch)
    - a ``meeting``: every two people who met, at the meeting (a state, "met regularly throughout
      1948", counts from its first day); always in person;
    - a ``communication`` without intermediary: sender and receiver, at the communication; in person
      unless its ``means`` is remote (letter, telegram, telephone, ...). A missing means is read as
      in person (orders "handed over" or "passed on") and lowers the confidence a little;
    - a ``communication`` *through* an intermediary B (role ``intermediary``): B and the receiver at
      the communication (B handed it over), and the sender and B at some moment **no later** than it
      (B must have got it from the sender first: a hidden moment, read as in person unless the claim
      says the message went by letter or wire, with the same discount as an unstated means). With
      several intermediaries the chain's order is unknown, so each (first, last) choice is a separate
      reading, and the claims clash only if every reading does;
    - a ``first_contact``: its two people, at the first contact.

Bounds (nothing between two people before a moment)
    - a ``first_contact`` "B first met C at T": every contact of B and C comes no earlier than T;
    - a denial of contact with a window open at the start, "B had no dealings with C until 1950"
      (a denied meeting, communication or first_contact whose window has no ``earliest``): every
      contact comes after the window.

    Scope: a bound about *meeting* ("first met", a denied meeting) limits only in-person contacts; a
    bound about *contact* (its words say contact, connection, correspondence, letters...; a denied
    communication) limits every contact, remote ones included. Two first_contact claims of the same
    scope about the same two people are two datings of one event: that is a version conflict or a
    self-contradiction, not an impossible order, so they are not compared here (``compare_first_contacts``).

Solving
    For each claim that places a contact, a small network is built per reading: the claim's window,
    the hidden moments it implies, and each bound on the people involved (the bound's own window and
    "no contact before it"). :func:`~countertrial.reason.constraints.minimal_conflicts` returns every
    minimal set of claims that cannot all be true. Denials of contact over a closed window that cover
    the contact's time are cited as support (they agree with the bound but are not needed for the clash).

Scale: with these constraint kinds a bound can only clash with a contact whose window ends before the
bound's start, so each contact first consults the latest bound of its pair (an index built in one pass)
and only the few that can clash get a network. Relative times ("two days later") and travel ordering
would be further edges in the same networks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations, product
from typing import TYPE_CHECKING, Literal

from countertrial.model import Claim, Entity, Finding, TimeWindow
from countertrial.reason.constraints import TemporalNetwork, minimal_conflicts
from countertrial.reason.findings import attributed, join_names, make_finding, name_of
from countertrial.reason.intervals import day_bounds, describe_window, overlap

if TYPE_CHECKING:
    from countertrial.reason.engine import Context

RULE_TRANSMISSION = "chronology.transmission_before_contact"
RULE_CONTACT = "chronology.contact_before_first_contact"

Mode = Literal["in_person", "remote"]
Scope = Literal["in_person", "any"]

REMOTE_MEANS = (
    "letter", "telegram", "telegraph", "cable", "wire", "telephone", "phone", "post", "mail", "radio",
    "note", "written", "writing", "correspondence", "courier", "messenger", "code", "newspaper", "press",
)  # fmt: skip
CONTACT_WORDS = ("contact", "connection", "connected", "correspond", "relations", "touch", "communicat", "letter", "wrote", "heard from")
NON_PEOPLE = frozenset({"place", "building", "document", "thing"})

_MODALITY_WEIGHT = {"asserted": 1.0, "reported": 0.85, "alleged": 0.7}
ASSUMED_IN_PERSON_WEIGHT = 0.9  # no means stated: read as handed over in person
HIDDEN_LEG_WEIGHT = 0.95  # the clash is with the intermediary's (implied) contact with the sender
MAX_BOUNDS_PER_CONTACT = 10  # per reading: enough to show every independent source, bounded work


@dataclass(frozen=True)
class Contact:
    """Two people in touch at one moment a claim asserts or implies."""

    claim: Claim
    a: str
    b: str
    point: str  # the moment's name in the network
    lo: float  # window of the moment in day ordinals (hidden moments: only an upper bound)
    hi: float
    mode: Mode
    hidden: bool = False  # implied, not stated: the intermediary got it from the sender beforehand
    assumed_in_person: bool = False

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Bound:
    """No contact of ``scope`` between two people before ``lo`` (a first contact, or a denial until then)."""

    claim: Claim
    pair: frozenset[str]
    kind: Literal["first_contact", "no_contact_until"]
    scope: Scope
    lo: float  # the earliest day a contact may be

    def applies_to(self, contact: Contact) -> bool:
        return self.scope == "any" or contact.mode == "in_person"


def _people(claim: Claim, entities: Mapping[str, Entity], roles: set[str] | None = None) -> list[str]:
    out: list[str] = []
    for p in claim.participants:
        if p.role == "object" or (roles is not None and p.role not in roles):
            continue
        ent = entities.get(p.entity)
        if ent is not None and ent.kind in NON_PEOPLE:
            continue
        if p.entity not in out:
            out.append(p.entity)
    return out


def _pairs(claim: Claim, entities: Mapping[str, Entity]) -> list[tuple[str, str]]:
    """Who a first contact or a denial is between: the subject and each other, else every two named."""
    subjects = _people(claim, entities, {"subject"})
    others = [p for p in _people(claim, entities) if p not in subjects]
    if len(subjects) == 1 and others:
        return [(subjects[0], o) for o in others]
    return list(combinations(_people(claim, entities), 2))


def _mode(claim: Claim) -> tuple[Mode, bool]:
    """In person or remote, and whether in person was assumed for want of a stated means."""
    if not claim.means:
        return "in_person", True
    m = claim.means.lower()
    return ("remote" if any(w in m for w in REMOTE_MEANS) else "in_person"), False


def first_contact_scope(claim: Claim) -> Scope:
    """Whether a first contact or denial is about meeting in person or about any contact at all."""
    if claim.kind == "communication":
        return "any"
    if claim.kind == "meeting":
        return "in_person"
    text = (claim.content or claim.quote or "").lower()
    return "any" if any(w in text for w in CONTACT_WORDS) else "in_person"


def _window(claim: Claim) -> tuple[float, float]:
    lo, hi = day_bounds(claim.time)  # type: ignore[arg-type]
    if claim.aspect == "state" and math.isfinite(lo):
        hi = lo  # a state of meeting holds on its first day: the earliest contact it proves
    return lo, hi


def contact_readings(claim: Claim, entities: Mapping[str, Entity]) -> list[list[Contact]]:
    """The contacts a claim asserts or implies, as alternative readings (each a conjunction)."""
    if claim.polarity != "affirmed" or claim.time is None:
        return []
    if claim.time.earliest is None and claim.time.latest is None:
        return []
    lo, hi = _window(claim)
    point = f"t:{claim.id}"
    if claim.kind == "meeting":
        people = _people(claim, entities)
        return [[Contact(claim, a, b, point, lo, hi, "in_person") for a, b in combinations(people, 2)]] if len(people) > 1 else []
    if claim.kind == "first_contact":
        mode: Mode = "in_person" if first_contact_scope(claim) == "in_person" else "remote"
        return [[Contact(claim, a, b, point, lo, hi, mode) for a, b in _pairs(claim, entities)]]
    if claim.kind != "communication":
        return []
    senders = _people(claim, entities, {"sender"}) or _people(claim, entities, {"subject"})
    receivers = _people(claim, entities, {"receiver"}) or _people(claim, entities, {"companion"})
    middle = _people(claim, entities, {"intermediary"})
    mode, assumed = _mode(claim)
    if not middle:
        legs = [Contact(claim, s, r, point, lo, hi, mode, assumed_in_person=assumed) for s in senders for r in receivers if s != r]
        return [legs] if legs else []
    readings: list[list[Contact]] = []
    for first, last in product(middle, middle):
        legs = [
            # how the intermediary got it is unsaid: like a hand-over with no means stated, read as in
            # person (with the same discount), unless the claim says the message went by letter or wire
            Contact(claim, s, first, f"h:{claim.id}:{s}:{first}", -math.inf, hi, "remote" if mode == "remote" else "in_person", hidden=True, assumed_in_person=mode != "remote")
            for s in senders
            if s != first
        ]
        legs += [Contact(claim, last, r, point, lo, hi, mode, assumed_in_person=assumed) for r in receivers if r != last]
        if legs:
            readings.append(legs)
    return readings


def bounds_of(claim: Claim, entities: Mapping[str, Entity]) -> list[Bound]:
    """The lower bounds on contact a claim sets: a first contact, or a denial of contact until a day."""
    if claim.time is None or claim.kind not in ("first_contact", "meeting", "communication"):
        return []
    lo, hi = day_bounds(claim.time)
    scope = first_contact_scope(claim)
    if claim.polarity == "affirmed" and claim.kind == "first_contact" and math.isfinite(lo):
        return [Bound(claim, frozenset(p), "first_contact", scope, lo) for p in _pairs(claim, entities)]
    if claim.polarity == "denied" and not math.isfinite(lo) and math.isfinite(hi):
        return [Bound(claim, frozenset(p), "no_contact_until", scope, hi + 1) for p in _pairs(claim, entities)]
    return []


def _closed_denials(claim: Claim, entities: Mapping[str, Entity]) -> list[tuple[frozenset[str], Claim]]:
    """Denials of contact over a closed window: support for a clash, not a bound ("no dealings with C at the time")."""
    if claim.polarity != "denied" or claim.time is None or claim.kind not in ("first_contact", "meeting", "communication"):
        return []
    lo, _ = day_bounds(claim.time)
    if not math.isfinite(lo):
        return []
    return [(frozenset(p), claim) for p in _pairs(claim, entities)]


def _applicable(bound: Bound, contact: Contact, compare_first_contacts: bool) -> bool:
    if bound.claim.id == contact.claim.id or bound.pair != contact.pair or not bound.applies_to(contact):
        return False
    if contact.claim.kind == "first_contact" and bound.kind == "first_contact" and not compare_first_contacts:
        same_scope = (contact.mode == "in_person") == (bound.scope == "in_person")
        return not same_scope
    return True


def build_networks(
    claim: Claim, readings: list[list[Contact]], bounds: Sequence[Bound], compare_first_contacts: bool = False
) -> list[TemporalNetwork]:
    """One network per reading: the claim's window and implied moments, and the bounds on its people."""
    nets: list[TemporalNetwork] = []
    for legs in readings:
        net = TemporalNetwork()
        lo, hi = _window(claim)
        net.window(f"t:{claim.id}", lo, hi, label=claim.id)
        for leg in legs:
            if leg.hidden:
                net.precedes(leg.point, f"t:{claim.id}", label=claim.id)  # got it before passing it on
            for b in bounds:
                if not _applicable(b, leg, compare_first_contacts):
                    continue
                if b.kind == "first_contact":
                    b_lo, b_hi = day_bounds(b.claim.time)  # type: ignore[arg-type]
                    net.window(f"t:{b.claim.id}", b_lo, b_hi, label=b.claim.id)
                    net.precedes(f"t:{b.claim.id}", leg.point, label=b.claim.id)
                else:
                    net.window(leg.point, b.lo, None, label=b.claim.id)
        nets.append(net)
    return nets


def check_chronology(ctx: "Context", *, compare_first_contacts: bool = False) -> list[Finding]:
    """Every minimal set of claims whose order cannot be: contact before a first contact, and the like."""
    claims, entities, texts = ctx.claims, ctx.entities, ctx.texts
    by_id = {c.id: c for c in claims}
    bounds_by_pair: dict[frozenset[str], list[Bound]] = defaultdict(list)
    support_by_pair: dict[frozenset[str], list[Claim]] = defaultdict(list)
    for c in claims:
        for b in bounds_of(c, entities):
            bounds_by_pair[b.pair].append(b)
        for pair, d in _closed_denials(c, entities):
            support_by_pair[pair].append(d)
    for pair in bounds_by_pair:
        bounds_by_pair[pair].sort(key=lambda b: (-b.lo, b.claim.id))  # latest bound first: the index

    seen: set[frozenset] = set()
    results: list[tuple[tuple, Finding]] = []
    for claim in claims:
        readings = contact_readings(claim, entities)
        if not readings:
            continue
        # Index: a reading can clash only if one of its contacts ends before a bound on its pair begins.
        chosen: dict[tuple[str, frozenset[str]], Bound] = {}  # one claim may bound several pairs
        failing_everywhere = True
        for legs in readings:
            failing: list[Bound] = []
            for leg in legs:
                for b in bounds_by_pair.get(leg.pair, ()):
                    if b.lo <= leg.hi:
                        break  # latest first: no later bound can start after this contact either
                    if _applicable(b, leg, compare_first_contacts):
                        failing.append(b)
            if not failing:
                failing_everywhere = False
                break
            for b in failing[:MAX_BOUNDS_PER_CONTACT]:
                chosen.setdefault((b.claim.id, b.pair), b)
        if not failing_everywhere:
            continue
        bounds = sorted(chosen.values(), key=lambda b: (b.claim.id, sorted(b.pair)))
        networks = build_networks(claim, readings, bounds, compare_first_contacts)
        for conflict in minimal_conflicts(networks):
            if conflict in seen or claim.id not in conflict:
                continue
            seen.add(conflict)
            members = [claim] + sorted((by_id[x] for x in conflict if x != claim.id), key=lambda c: c.id)
            f = _finding(claim, readings, [b for b in bounds if b.claim.id in conflict], members, support_by_pair, entities, texts)
            lo, _ = day_bounds(claim.time)  # type: ignore[arg-type]
            results.append(((lo, claim.id, sorted(conflict)), f))
    results.sort(key=lambda t: t[0])
    return [f for _, f in results]


# --------------------------------------------------------------------------------------------------
# Explaining a clash


def _n(pid: str, entities: Mapping[str, Entity], claims: Sequence[Claim]) -> str:
    return name_of(pid, entities, claims)


def _what(claim: Claim) -> str:
    content = (claim.content or "").strip()
    return content if content and len(content) <= 60 else "instructions"


def _focal_clause(claim: Claim, entities: Mapping[str, Entity]) -> str:
    cs = [claim]
    if claim.kind == "communication":
        senders = _people(claim, entities, {"sender"}) or _people(claim, entities, {"subject"})
        receivers = _people(claim, entities, {"receiver"}) or _people(claim, entities, {"companion"})
        middle = _people(claim, entities, {"intermediary"})
        how = f" by {claim.means}" if claim.means else ""
        s = join_names([_n(x, entities, cs) for x in senders])
        r = join_names([_n(x, entities, cs) for x in receivers])
        if middle:
            m = join_names([_n(x, entities, cs) for x in middle])
            text = f"{m} passed {_what(claim)}"
            text += f" from {s}" if senders else ""
            text += f" to {r}" if receivers else ""
            return text + how
        return f"{s or 'someone'} passed {_what(claim)} to {r or 'someone'}{how}"
    people = [_n(x, entities, cs) for x in _people(claim, entities)]
    verb = "first met" if claim.kind == "first_contact" and first_contact_scope(claim) == "in_person" else (
        "first came into contact with" if claim.kind == "first_contact" else "met"
    )
    return f"{people[0]} {verb} {join_names(people[1:])}" if len(people) > 1 else f"{join_names(people)} met"


def _bound_clauses(bounds: Sequence[Bound], entities: Mapping[str, Entity]) -> list[str]:
    """One clause per bounding claim: "A first met B and C only in 1950, as X says"."""
    by_claim: dict[str, list[Bound]] = defaultdict(list)
    for b in bounds:
        by_claim[b.claim.id].append(b)
    out: list[str] = []
    for cid in sorted(by_claim):
        group = by_claim[cid]
        b = group[0]
        order = [p.entity for p in b.claim.participants]
        rank = lambda x: (order.index(x) if x in order else len(order), x)  # noqa: E731
        common = set.intersection(*(set(g.pair) for g in group)) if len(group) > 1 else set()
        anchor = min(common or b.pair, key=rank)
        others = sorted({x for g in group for x in g.pair if x != anchor}, key=rank)
        na = _n(anchor, entities, [b.claim])
        nc = join_names([_n(x, entities, [b.claim]) for x in others])
        if b.kind == "first_contact":
            verb = "first met" if b.scope == "in_person" else "first came into contact with"
            out.append(f"{na} {verb} {nc} only {describe_window(b.claim.time, 'event')}, {attributed(b.claim, entities)}")  # type: ignore[arg-type]
        else:
            until = date.fromordinal(int(b.lo)) - timedelta(days=1)
            what = "did not meet" if b.scope == "in_person" else "had no contact with"
            out.append(f"{na} {what} {nc} {describe_window(TimeWindow(latest=until), 'state')}, {attributed(b.claim, entities)}")
    return out


def _finding(
    claim: Claim,
    readings: list[list[Contact]],
    bounds: list[Bound],
    members: list[Claim],
    support_by_pair: Mapping[frozenset[str], list[Claim]],
    entities: Mapping[str, Entity],
    texts: Mapping[str, str],
) -> Finding:
    clashing: list[tuple[Bound, Contact, float]] = []
    for b in bounds:
        for leg in (l for ls in readings for l in ls):
            if b.pair == leg.pair and b.applies_to(leg) and b.lo > leg.hi:
                clashing.append((b, leg, b.lo - leg.hi))
                break
    aspect = "state" if claim.aspect == "state" and claim.kind != "communication" else "event"
    # Why, grouped so that two intermediaries in the same position read as one clause.
    reasons_by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for b, leg, _ in clashing:
        if leg.hidden:
            key = (f"could not yet have received anything from {_n(leg.a, entities, [claim])} to pass on", "")
            reasons_by[key].append(_n(leg.b, entities, [claim]))
        else:
            state = "had not yet met" if b.scope == "in_person" else "were not yet in contact"
            when = "when it was passed" if claim.kind == "communication" else "then"
            reasons_by[(f"{state} {when}", "pair")].append(join_names([_n(leg.a, entities, [claim]), _n(leg.b, entities, [claim])]))
    why = []
    for (text, kind), subjects in reasons_by.items():
        subjects = list(dict.fromkeys(subjects))
        if kind == "pair":
            why.extend(f"{s} {text}" for s in subjects)
        else:
            why.append(f"{join_names(subjects)} {text}")
    summary = (
        f"{_focal_clause(claim, entities)} {describe_window(claim.time, aspect)}, {attributed(claim, entities)}; "  # type: ignore[arg-type]
        f"but {'; and '.join(_bound_clauses(bounds, entities))}: so {' and '.join(why)}."
    )
    # One speaker asserting every side contradicts himself; an author *reporting* an accusation he
    # then refutes does not, so reported or alleged claims never count as his own.
    speakers = {c.speaker for c in members}
    same_speaker = len(speakers) == 1 and None not in speakers and all(c.modality == "asserted" for c in members)
    if same_speaker:
        summary += f" All these accounts are {_n(claim.speaker, entities, [claim])}'s, so this may be a self-contradiction."  # type: ignore[arg-type]

    member_ids = {c.id for c in members}
    pairs = {b.pair for b in bounds}
    support: list[Claim] = []
    for pair in sorted(pairs, key=sorted):
        for d in support_by_pair.get(pair, []):
            if d.id in member_ids or d.id in {s.id for s in support}:
                continue
            if overlap(claim.time, aspect, d.time, "state") != "cannot":  # type: ignore[arg-type]
                support.append(d)
    support.sort(key=lambda c: c.id)

    margin = min((m for _, _, m in clashing), default=1.0)
    c_lo, c_hi = day_bounds(claim.time)  # type: ignore[arg-type]
    own = c_hi - c_lo + 1 if math.isfinite(c_hi - c_lo) else 3650.0
    other = sum(min(day_bounds(b.claim.time)[1] - day_bounds(b.claim.time)[0] + 1, 3650.0) if b.kind == "first_contact" else 0.0 for b in bounds)  # type: ignore[arg-type]
    fuzz = 15.0 + 0.05 * (min(own, 3650.0) + other)
    m = min(margin, 36500.0)
    robustness = math.sqrt(m / (m + fuzz))
    hedge = 1.0
    for c in members:
        hedge *= _MODALITY_WEIGHT.get(c.modality, 1.0)
    confidence = 0.95 * robustness * hedge
    reasons = [
        f"the contact would come {m:,.0f} day{'' if m == 1 else 's'} before the bound at the least, against about {fuzz:,.0f} days of "
        f"uncertainty in the dates (factor {robustness:.2f})"
    ]
    if hedge < 1.0:
        reasons.append(f"hedged claims (reported or alleged; x{hedge:.2f})")
    if any(leg.assumed_in_person and not leg.hidden for _, leg, _ in clashing):
        confidence *= ASSUMED_IN_PERSON_WEIGHT
        reasons.append(f"no means is stated, so the hand-over is taken to have been in person (x{ASSUMED_IN_PERSON_WEIGHT})")
    elif any(leg.assumed_in_person and leg.hidden and b.scope == "in_person" for b, leg, _ in clashing):
        confidence *= ASSUMED_IN_PERSON_WEIGHT
        reasons.append(
            "the bound is on meeting in person, and no source says how the intermediary got the message: "
            f"if it came by letter or courier there is no clash (x{ASSUMED_IN_PERSON_WEIGHT})"
        )
    if clashing and all(leg.hidden for _, leg, _ in clashing):
        confidence *= HIDDEN_LEG_WEIGHT
        reasons.append(f"the clash is with the contact the intermediary must have had with the sender beforehand (x{HIDDEN_LEG_WEIGHT})")
    if same_speaker:
        reasons.append("all the claims have the same speaker")
    if support:
        reasons.append(f"{len(support)} denial{'s' if len(support) > 1 else ''} of contact at that time agree{'s' if len(support) == 1 else ''}")

    rule = RULE_TRANSMISSION if claim.kind == "communication" else RULE_CONTACT
    return make_finding(
        "chronology",
        rule,
        [*members, *support],
        texts,
        summary,
        confidence,
        "; ".join(reasons) + ".",
        details={
            "minimal_set": [c.id for c in members],
            "supporting": [c.id for c in support],
            "contact_claim": claim.id,
            "bounds": [
                {
                    "claim": b.claim.id,
                    "kind": b.kind,
                    "scope": b.scope,
                    "people": sorted(b.pair),
                    "no_contact_before": date.fromordinal(int(b.lo)).isoformat(),
                }
                for b in bounds
            ],
            "clashing_contacts": [
                {
                    "people": [leg.a, leg.b],
                    "mode": leg.mode,
                    "implied": leg.hidden,
                    "latest": date.fromordinal(int(leg.hi)).isoformat() if math.isfinite(leg.hi) else None,
                    "bound": b.claim.id,
                    "days_before": int(gap) if math.isfinite(gap) else None,
                }
                for b, leg, gap in clashing
            ],
            "reading_count": len(readings),  # how many orders of intermediaries were tried; "readings" is the contested pass's list
        },
    )
