"""The alibi check: one person placed at two places at times that no journey of the era could bridge.

A confession puts a witness in one city on some day of a week; the witness's papers put him in a
city several hundred kilometres away for the whole of that month. Neither claim is refuted by itself; together they cannot both be true, because the
time they leave between the two placements is shorter than the fastest journey between the places.
This module finds every such pair in a corpus and explains it.

How a claim places someone
    Claims of kind presence, meeting, travel (the arrival, at ``place``) and custody place each person
    participant at the claim's place, if the claim is affirmed (a denial places nobody), has a time
    window with at least one bound, and names a place we can locate: the place's own coordinates, or
    those of the nearest place it is ``located_in`` (a hotel without coordinates is where its city is).
    Custody is always a state (a prisoner is held throughout), travel always an event (one arrival);
    presence and meeting follow the claim's ``aspect``.

When two placements clash
    :func:`countertrial.reason.intervals.slack_days` gives the most time the two claims can leave
    between being at one place and at the other (continuous time: two meetings "on the same day" may
    be 24 hours apart). They clash when that is less than :func:`~countertrial.reason.travel.min_travel_days`
    by the fastest allowed means. Two placements never clash if they come from the same claim, are in
    the same city (a building and its city, two buildings of one city, a district and its city), or are
    closer than ``min_distance_km`` (gazetteer points are city centres, not doorsteps).

Why it scales
    Comparing all pairs is quadratic in a person's placements. Instead each person's placements are
    sorted by start and swept with an active list, and only pairs whose windows come within the
    *horizon* of each other are ever looked at: the longest journey this person's places could need
    (bounded by twice the farthest place from any one of them), capped at ``max_travel_days``. Events
    with windows much longer than the horizon are never compared with other events (their own
    uncertainty already leaves enough time), only with the states that enclose them. Active placements
    are kept per city, so a person's many placements in one city are skipped as a block. The work is
    O(n log n) to sort plus the number of pairs in different cities that are genuinely close in time.
    ``bench/bench_alibi.py`` measures it; ``tests/test_alibi.py`` checks it against all pairs.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from countertrial.model.claims import Claim
from countertrial.model.entities import Entity
from countertrial.model.findings import Finding
from countertrial.reason.citations import citations_for
from countertrial.reason.findings import attributed, finding_id, join_names, name_of, where
from countertrial.reason.intervals import describe_window, slack_days, span
from countertrial.reason.travel import EARTH_RADIUS_KM, TravelSpeeds, fastest_means, haversine_km

RULE = "alibi.travel_time"
PLACING_KINDS = frozenset({"presence", "meeting", "travel", "custody"})
DEFAULT_MAX_TRAVEL_DAYS = 30.0
DEFAULT_MIN_DISTANCE_KM = 10.0
_HALF_CIRCUMFERENCE_KM = math.pi * EARTH_RADIUS_KM  # no two points on Earth are farther apart

# How much a hedged claim weighs: an allegation is a weaker leg for a contradiction than an assertion.
_MODALITY_WEIGHT = {"asserted": 1.0, "reported": 0.85, "alleged": 0.7}


@dataclass(frozen=True, slots=True)
class Locality:
    """Where a claim's place is, for travel: coordinates, and the city that decides "same place"."""

    place: str  # the entity id the claim names
    city: str  # nearest ancestor-or-self that is not a building
    chain: frozenset[str]  # the place and everything it is located in
    lat: float
    lon: float
    coordinates_from: str  # whose coordinates these are (the place itself or its city)


def resolve_locality(place_id: str, entities: Mapping[str, Entity]) -> Locality | None:
    """Locate a place entity, borrowing coordinates from what it is located in when it has none."""
    chain: list[Entity] = []
    seen: set[str] = set()
    node = entities.get(place_id)
    while node is not None and node.id not in seen:  # guard against located_in cycles
        chain.append(node)
        seen.add(node.id)
        node = entities.get(node.located_in) if node.located_in else None
    if not chain:
        return None
    located = next((e for e in chain if e.latitude is not None and e.longitude is not None), None)
    if located is None:
        return None
    city = next((e for e in chain if e.kind != "building"), chain[-1])
    return Locality(
        place=place_id,
        city=city.id,
        chain=frozenset(e.id for e in chain),
        lat=float(located.latitude),  # type: ignore[arg-type]
        lon=float(located.longitude),  # type: ignore[arg-type]
        coordinates_from=located.id,
    )


def placing_aspect(claim: Claim) -> str:
    """Custody pins someone for its whole window; an arrival is a moment; others say for themselves."""
    if claim.kind == "custody":
        return "state"
    if claim.kind == "travel":
        return "event"
    return claim.aspect


class _Placement:
    """One person at one locality during a continuous span [lo, hi) in days, from one claim."""

    __slots__ = ("lo", "hi", "aspect", "claim", "loc", "city")

    def __init__(self, lo: float, hi: float, aspect: str, claim: int, loc: int, city: int) -> None:
        self.lo, self.hi, self.aspect, self.claim, self.loc, self.city = lo, hi, aspect, claim, loc, city


class _Sorted:
    """Placements of one city ordered by a key, discarding from the front as the sweep passes them.

    A plain list with a moving head: the sweeps only ever discard the smallest keys and insert after
    the head, so each operation is a bisect (plus a memmove that is tiny for a person's active set).
    """

    __slots__ = ("keys", "items", "head")

    def __init__(self) -> None:
        self.keys: list[float] = []
        self.items: list[_Placement] = []
        self.head = 0

    def add(self, p: _Placement, key: float) -> None:
        pos = bisect_right(self.keys, key, self.head)
        self.keys.insert(pos, key)
        self.items.insert(pos, p)

    def drop_until(self, bound: float) -> bool:
        """Forget every placement whose key is <= bound; True if none is left."""
        keys, head = self.keys, self.head
        while head < len(keys) and keys[head] <= bound:
            head += 1
        if head > 64 and head * 2 > len(keys):
            del self.keys[:head], self.items[:head]
            head = 0
        self.head = head
        return head == len(keys)

    def from_key(self, bound: float) -> list[_Placement]:
        """Placements whose key is >= bound."""
        return self.items[bisect_left(self.keys, bound, self.head) :]


def _other_cities(active: dict[int, _Sorted], city: int, bound: float) -> Iterator[_Sorted]:
    """The active buckets of every city but ``city``, after dropping what ends before ``bound``.

    Bucketing by city is what keeps the sweep from comparing a person's many placements in one city
    with each other (a stay in prison repeated by a hundred documents): a whole city is skipped at once.
    """
    for c in list(active):
        bucket = active[c]
        if bucket.drop_until(bound):
            del active[c]
        elif c != city:
            yield bucket


def _candidate_pairs(placements: Sequence[_Placement], horizon: float) -> Iterator[tuple[_Placement, _Placement]]:
    """Every pair in different cities whose slack could be below ``horizon`` days, and few others.

    Three sweeps, because each combination of aspects has its own "close enough" condition:
    state×state (windows within the horizon), event×state (the event window within the state window
    widened by the horizon), event×event (both windows short and starting close together). The bounds
    used to discard placements are proved in the comments; tests compare the result with all pairs.
    """
    states = sorted((p for p in placements if p.aspect == "state"), key=lambda p: p.lo)
    events = sorted((p for p in placements if p.aspect == "event"), key=lambda p: p.lo)

    active: dict[int, _Sorted] = {}
    for s in states:
        # A state t that ended a horizon before s starts has slack >= s.lo - t.hi >= horizon with s and
        # with every later state: it can go. Every state still active is within the horizon of s.
        for bucket in _other_cities(active, s.city, s.lo - horizon):
            for t in bucket.items[bucket.head :]:
                yield t, s
        active.setdefault(s.city, _Sorted()).add(s, s.hi)

    # Event e against state s: slack = max(s.lo - e.lo, e.hi - s.hi), so a clash needs
    # s.lo < e.lo + horizon (states enter the active set in that order) and s.hi > e.hi - horizon
    # (a bisect); s.hi <= e.lo - horizon rules s out for this and every later event.
    active = {}
    j = 0
    for e in events:
        while j < len(states) and states[j].lo <= e.lo + horizon:
            active.setdefault(states[j].city, _Sorted()).add(states[j], states[j].hi)
            j += 1
        for bucket in _other_cities(active, e.city, e.lo - horizon):
            for s in bucket.from_key(e.hi - horizon):
                yield e, s

    # Event b (earlier start) against event e: slack = max(e.hi - b.lo, b.hi - e.lo) >= half the
    # longer window, so only events shorter than twice the horizon take part; a clash needs
    # b.lo > e.hi - horizon, and b.lo <= e.lo - horizon rules b out for good.
    active = {}
    for e in events:
        if e.hi - e.lo >= 2 * horizon:
            continue
        for bucket in _other_cities(active, e.city, e.lo - horizon):
            for b in bucket.from_key(e.hi - horizon):
                yield b, e
        active.setdefault(e.city, _Sorted()).add(e, e.lo)


@dataclass
class Clash:
    """Two claims that place the same people where no journey could connect them (before explaining).

    ``first``/``second`` are the placements (``.claim`` indexes the claims list), ordered by index;
    ``localities`` maps each placement's ``.loc`` to where it is.
    """

    first: _Placement
    second: _Placement
    people: set[str]
    km: float
    needed_days: float
    slack: float
    capped: bool
    localities: dict[int, Locality]


def check_alibis(
    claims: list[Claim],
    entities: dict[str, Entity],
    speeds: TravelSpeeds,
    texts: dict[str, str],
    *,
    allowed_means: set[str] | None = None,
    max_travel_days: float = DEFAULT_MAX_TRAVEL_DAYS,
    min_distance_km: float = DEFAULT_MIN_DISTANCE_KM,
) -> list[Finding]:
    """Find every person placed at two places that the time between the claims could not bridge.

    ``texts`` maps document ids to their exact text, for the citations. ``allowed_means`` restricts the
    journey to some means of the table (default: any, so the fastest of the era). Journeys longer than
    ``max_travel_days`` are treated as taking exactly that long, which bounds the search and can only
    hide clashes, never invent one. ``min_distance_km``: places closer than this count as one place.
    Findings are sorted by time, then person, then id.
    """
    clashes = find_clashes(
        claims,
        entities,
        speeds,
        allowed_means=allowed_means,
        max_travel_days=max_travel_days,
        min_distance_km=min_distance_km,
    )
    means = fastest_means(speeds, allowed_means)
    assert means is not None
    findings = [
        (min(c.first.lo, c.second.lo), sorted(c.people), _finding(c, claims, entities, speeds, means, texts))
        for c in clashes
    ]
    findings.sort(key=lambda t: (t[0], t[1], t[2].id))
    return [f for _, _, f in findings]


def find_clashes(
    claims: Sequence[Claim],
    entities: Mapping[str, Entity],
    speeds: TravelSpeeds,
    *,
    allowed_means: set[str] | None = None,
    max_travel_days: float = DEFAULT_MAX_TRAVEL_DAYS,
    min_distance_km: float = DEFAULT_MIN_DISTANCE_KM,
) -> list[Clash]:
    """The detection half of :func:`check_alibis`: every clashing pair of claims, unexplained.

    Separate so the sweep can be timed and reused without building sentences and citations.
    """
    means = fastest_means(speeds, allowed_means)
    if means is None:
        raise ValueError(f"none of the allowed means {sorted(allowed_means or [])} is in the travel table")
    kmh = speeds.kmh(means)
    overhead = speeds.overhead_hours

    def needed_days(km: float) -> float:
        return (km / kmh + overhead) / 24.0 if km > 0 else 0.0

    localities: list[Locality] = []
    loc_of: dict[str, int | None] = {}
    city_of: dict[str, int] = {}
    by_person: dict[str, list[_Placement]] = defaultdict(list)
    for ci, claim in enumerate(claims):
        if (
            claim.kind not in PLACING_KINDS
            or claim.polarity != "affirmed"
            or claim.place is None
            or claim.time is None
            or (claim.time.earliest is None and claim.time.latest is None)
        ):
            continue
        if claim.place not in loc_of:
            loc = resolve_locality(claim.place, entities)
            loc_of[claim.place] = None if loc is None else len(localities)
            if loc is not None:
                localities.append(loc)
                city_of.setdefault(loc.city, len(city_of))
        li = loc_of[claim.place]
        if li is None:
            continue
        lo, hi = span(claim.time)
        aspect = placing_aspect(claim)
        seen: set[str] = set()
        for part in claim.participants:
            ent = entities.get(part.entity)
            # Unresolved participants may well be people; organisations and things are not placed.
            if part.entity in seen or (ent is not None and ent.kind != "person"):
                continue
            seen.add(part.entity)
            by_person[part.entity].append(_Placement(lo, hi, aspect, ci, li, city_of[localities[li].city]))

    distances: dict[tuple[int, int], float | None] = {}

    def distance(i: int, j: int) -> float | None:
        """km between two localities, or None when they are the same place for an alibi."""
        key = (i, j) if i < j else (j, i)
        if key not in distances:
            a, b = localities[i], localities[j]
            if a.city == b.city or a.place in b.chain or b.place in a.chain:
                distances[key] = None
            else:
                km = haversine_km(a.lat, a.lon, b.lat, b.lon)
                distances[key] = None if km < min_distance_km else km
        return distances[key]

    clashes: dict[tuple[int, int], Clash] = {}
    for person in sorted(by_person):
        placements = by_person[person]
        if len({p.city for p in placements}) < 2:
            continue  # one city only: nothing to travel between
        locs = {p.loc for p in placements}
        ref = localities[min(locs)]
        # By the triangle inequality no two of this person's places are farther apart than twice the
        # farthest one from any one of them; that bounds the longest journey and so the horizon.
        reach = max(haversine_km(ref.lat, ref.lon, localities[i].lat, localities[i].lon) for i in locs)
        horizon = min(max_travel_days, needed_days(min(2 * reach, _HALF_CIRCUMFERENCE_KM)))
        for p, q in _candidate_pairs(placements, horizon):
            if p.claim == q.claim or p.loc == q.loc:
                continue
            km = distance(p.loc, q.loc)
            if km is None:
                continue
            need = needed_days(km)
            capped = need > max_travel_days
            need = min(need, max_travel_days)
            slack = slack_days(p.lo, p.hi, p.aspect, q.lo, q.hi, q.aspect)  # type: ignore[arg-type]
            if slack >= need:
                continue
            key = (p.claim, q.claim) if p.claim < q.claim else (q.claim, p.claim)
            found = clashes.get(key)
            if found is None:
                first, second = (p, q) if p.claim < q.claim else (q, p)
                where = {p.loc: localities[p.loc], q.loc: localities[q.loc]}
                clashes[key] = Clash(first, second, {person}, km, need, slack, capped, where)
            else:
                found.people.add(person)

    return list(clashes.values())


# --------------------------------------------------------------------------------------------------
# Explaining a clash


def _hours_pair(needed: float, available: float) -> tuple[str, str]:
    """Round needed hours down and available up, with as many decimals as keep them visibly apart."""
    for digits in range(4):
        scale = 10**digits
        n = math.floor(needed * scale) / scale
        a = math.ceil(available * scale) / scale
        if n > a or digits == 3:
            fmt = f"{{:,.{digits}f}}"
            return fmt.format(n), fmt.format(a)
    raise AssertionError("unreachable")


def _window_fuzz_hours(p: _Placement) -> float:
    """How far a window's edges may be off: a few hours for a day, a few days for a month."""
    length = p.hi - p.lo
    return 6.0 + 0.05 * 24.0 * (min(length, 365.0) if math.isfinite(length) else 365.0)


def _finding(
    clash: Clash,
    claims: Sequence[Claim],
    entities: Mapping[str, Entity],
    speeds: TravelSpeeds,
    means: str,
    texts: Mapping[str, str],
) -> Finding:
    # Name first the placement that is easier to picture as "a moment": the event, the narrower window.
    p, q = sorted(
        (clash.first, clash.second),
        key=lambda x: (x.aspect == "state", x.hi - x.lo, x.lo, claims[x.claim].id),
    )
    a, b = claims[p.claim], claims[q.claim]
    both = (a, b)
    people = sorted(clash.people, key=lambda pid: (name_of(pid, entities, both), pid))
    who = join_names([name_of(pid, entities, both) for pid in people])

    needed_h = clash.needed_days * 24.0
    available_h = max(0.0, clash.slack) * 24.0
    margin_h = (clash.needed_days - clash.slack) * 24.0
    need_s, avail_s = _hours_pair(needed_h, available_h)
    km = clash.km
    # The distance is between the points we measured from: a hotel without coordinates is its city.
    loc_a, loc_b = clash.localities[p.loc], clash.localities[q.loc]
    place_a, place_b = entities[loc_a.coordinates_from], entities[loc_b.coordinates_from]
    left = "no time" if available_h == 0 else f"at most {avail_s} hours"
    summary = (
        f"{who} cannot have been both {where(a, entities)} {describe_window(a.time, p.aspect)}, "  # type: ignore[arg-type]
        f"{attributed(a, entities)}, and {where(b, entities)} {describe_window(b.time, q.aspect)}, "  # type: ignore[arg-type]
        f"{attributed(b, entities)}: the {km:,.0f} km between {place_a.name} and {place_b.name} took at least "
        f"{need_s} hours by the fastest means of the time ({means}, about {speeds.kmh(means):g} km/h door to "
        f"door), and the two accounts leave {left} for the journey."
    )
    same_speaker = a.speaker is not None and a.speaker == b.speaker
    if same_speaker:
        summary += f" Both accounts are {name_of(a.speaker, entities)}'s, so this may be a self-contradiction."

    # Confidence: how far the windows' edges would have to move to dissolve the clash, against how
    # uncertain those edges are; how long (so how hard to hide) the journey is; and how hedged the claims.
    fuzz_h = _window_fuzz_hours(p) + _window_fuzz_hours(q)
    # Two windows open on the same side overlap without end: no edge could move far enough.
    robustness = margin_h / (margin_h + fuzz_h) if math.isfinite(margin_h) else 1.0
    survives = f"up to {margin_h:,.0f} hours" if math.isfinite(margin_h) else "any distance"
    journey = needed_h / (needed_h + 3.0)
    hedge = _MODALITY_WEIGHT[a.modality] * _MODALITY_WEIGHT[b.modality]
    confidence = min(0.99, max(0.01, round(0.95 * math.sqrt(robustness) * journey * hedge, 3)))
    reasons = [
        f"windows of {_length_words(p)} and {_length_words(q)}; the clash survives moving their edges by "
        f"{survives}, against about {fuzz_h:,.0f} hours of uncertainty in those edges "
        f"(factor {math.sqrt(robustness):.2f})",
        f"a journey of at least {need_s} hours (factor {journey:.2f}: short trips are easier to fit in unnoticed)",
    ]
    hedged = [c for c in both if c.modality != "asserted"]
    if hedged:
        reasons.append(
            "hedged claims: "
            + ", ".join(f"{c.id} is {c.modality} (x{_MODALITY_WEIGHT[c.modality]})" for c in hedged)
        )
    if same_speaker:
        reasons.append("both claims have the same speaker (not independent; possibly a self-contradiction)")

    return Finding(
        id=finding_id("alibi", [a.id, b.id]),
        kind="alibi",
        summary=summary,
        confidence=confidence,
        confidence_reason="; ".join(reasons) + ".",
        citations=citations_for(both, texts),
        claims=[a.id, b.id],
        rule=RULE,
        details={
            "people": people,
            "person_names": [name_of(pid, entities, both) for pid in people],
            "distance_km": round(km, 1),
            "needed_hours": round(needed_h, 2),
            "available_hours": round(available_h, 2),
            "margin_hours": round(margin_h, 2) if math.isfinite(margin_h) else None,
            "travel_capped": clash.capped,
            "means": means,
            "speed_kmh": speeds.kmh(means),
            "overhead_hours": speeds.overhead_hours,
            "era": speeds.era,
            "places": [_place_detail(c, clash.localities[x.loc], entities) for c, x in ((a, p), (b, q))],
            "windows": [_window_detail(c, x) for c, x in ((a, p), (b, q))],
            "speakers": [a.speaker, b.speaker],
            "same_speaker": same_speaker,
        },
    )


def _length_words(p: _Placement) -> str:
    length = p.hi - p.lo
    if not math.isfinite(length):
        return "open-ended length"
    days = int(length)
    return "1 day" if days == 1 else f"{days} days"


def _place_detail(claim: Claim, loc: Locality, entities: Mapping[str, Entity]) -> dict:
    return {
        "claim": claim.id,
        "place": claim.place,
        "name": entities[claim.place].name,  # type: ignore[index]
        "city": loc.city,
        "coordinates_from": loc.coordinates_from,
        "latitude": loc.lat,
        "longitude": loc.lon,
    }


def _window_detail(claim: Claim, p: _Placement) -> dict:
    w = claim.time
    assert w is not None

    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "claim": claim.id,
        "earliest": iso(w.earliest),
        "latest": iso(w.latest),
        "aspect": p.aspect,
        "precision": w.precision,
        "text": w.text,
    }
