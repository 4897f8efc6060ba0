"""The impossible-means check: a journey by a means that a record rules out.

"She flew in on the 9th" cannot be true if the airfield's log says no aircraft landed there from the
5th to the 12th. The journey and the record may come from sources that never mention
each other; what joins them is the place, the means and the time.

What is compared
    - a **journey**: an affirmed ``travel`` claim with a ``means`` (airplane, train, ship, ...), a
      destination (``place``) and/or an ``origin``, and a time window. A journey is an event: it
      happened at some unknown moment of its window.
    - a **record**: an affirmed ``non_occurrence`` claim with a ``means`` ("no military aircraft",
      "no flights", "no ships"), a ``place`` (a city, or a site in it such as its airport), a time
      window the record covers throughout, and words saying which movements it covers (``content``,
      else the quote): arrivals ("landed", "arrived", "docked"), departures ("took off", "departed",
      "sailed"), or both when it says neither ("no flights at the airport"). A record that also has an
      ``origin`` is about a route ("no flights between A and B") and covers only journeys on it.

When they clash
    The journey's arrival is covered by the record when the means are the same kind (both airplanes,
    by :func:`means_family`), the destination and the record's place are the same site (the same
    entity, one located in the other: a record of the city's airport covers a flight into the city,
    and a record of the whole city covers a flight to any site in it), the record covers arrivals, and
    the journey's whole window lies inside the record's window (:func:`~countertrial.reason.intervals.overlap`
    says the journey *must* fall in it). Likewise for the departure, with the origin. Near misses by
    construction: a journey that may fall outside the record's window, another place, another means.

Qualified records ("no *military* aircraft") are matched on the means and the qualifier is reported
and lowers the confidence: whether the journey's vehicle was of that sort is a judgement left to the reader.
A record of a single site (an airport) lowers it too: the city may have had another.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from countertrial.model import Claim, Entity, Finding, TimeWindow
from countertrial.reason.findings import attributed, join_names, make_finding, name_of, where
from countertrial.reason.intervals import day_bounds, describe_window, overlap
from countertrial.reason.travel import MEANS_ALIASES, normalise_means

if TYPE_CHECKING:
    from countertrial.reason.engine import Context

RULE = "impossible_means.record_excludes"

#: Words for vehicles and services beyond the travel table's aliases, mapped to a means of the table.
EXTRA_MEANS_WORDS = {
    "airplanes": "airplane", "aeroplanes": "airplane", "planes": "airplane", "aircrafts": "airplane",
    "flights": "airplane", "airliner": "airplane", "airliners": "airplane", "seaplane": "airplane",
    "air traffic": "airplane", "air service": "airplane", "airship": "airplane",
    "trains": "train", "railways": "train", "express": "train", "rail traffic": "train",
    "ships": "ship", "vessel": "ship", "vessels": "ship", "boats": "ship", "steamers": "ship",
    "liner": "ship", "liners": "ship", "ferries": "ship", "sailings": "ship", "sailing": "ship",
    "cars": "car", "automobiles": "car", "motor traffic": "car", "buses": "car", "bus": "car",
}  # fmt: skip
#: Words that narrow a record to some of the vehicles of a means.
QUALIFIERS = ("foreign", "domestic", "scheduled", "unscheduled", "civil", "military", "passenger", "private", "commercial", "international", "chartered", "charter")

ARRIVAL_WORDS = ("landed", "land", "landing", "landings", "arrived", "arrive", "arrival", "arrivals", "came in", "docked", "put in", "called at", "entered", "reached")
DEPARTURE_WORDS = ("took off", "take off", "takeoff", "departed", "depart", "departure", "departures", "left", "leave", "sailed", "set out")

_MODALITY_WEIGHT = {"asserted": 1.0, "reported": 0.85, "alleged": 0.7}
SITE_WEIGHT = 0.9  # the record is of one site in the city (an airport); the city may have had another
QUALIFIER_WEIGHT = 0.9  # the record covers only some vehicles ("civil aircraft")


def means_family(word: str | None, known: Iterable[str] | None = None) -> tuple[str | None, tuple[str, ...]]:
    """The means of the travel table a phrase names, and its qualifiers: "no civil aircraft" -> (airplane, (civil,)).

    >>> means_family("civil aircraft")
    ('airplane', ('civil',))
    >>> means_family("by rail")
    ('train', ())
    """
    if not word:
        return None, ()
    return _family(word, frozenset(known or ()))


@lru_cache(maxsize=4096)  # a corpus uses a handful of phrasings, each read once
def _family(word: str, known: frozenset[str]) -> tuple[str | None, tuple[str, ...]]:
    w = re.sub(r"[^a-z\- ]+", " ", word.lower()).strip()
    w = re.sub(r"^(by|no|not a single|not one|any)\s+", "", w)
    table = set(known) | set(MEANS_ALIASES.values()) | set(EXTRA_MEANS_WORDS.values())
    quals = tuple(q for q in QUALIFIERS if re.search(rf"\b{q}\b", w))
    whole = normalise_means(w)
    if whole in table:
        return whole, quals
    words = w.split()
    for n in (2, 1):  # two-word phrases first ("air traffic"), then single words, right to left (the head noun)
        for i in range(len(words) - n, -1, -1):
            piece = " ".join(words[i : i + n])
            if piece in EXTRA_MEANS_WORDS:
                return EXTRA_MEANS_WORDS[piece], quals
            m = normalise_means(piece)
            if m in table:
                return m, quals
    return None, quals


def directions(record: Claim) -> frozenset[str]:
    """Which movements a record covers: {"arrival"}, {"departure"} or both (when it names neither)."""
    text = (record.content or record.quote or "").lower()
    found = set()
    if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text) for w in ARRIVAL_WORDS):
        found.add("arrival")
    if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text) for w in DEPARTURE_WORDS):
        found.add("departure")
    return frozenset(found or {"arrival", "departure"})


def _chain(place: str, entities: Mapping[str, Entity]) -> list[str]:
    out: list[str] = []
    node: str | None = place
    while node is not None and node not in out:
        out.append(node)
        ent = entities.get(node)
        node = ent.located_in if ent is not None else None
    return out


def same_site(journey_place: str, record_place: str, entities: Mapping[str, Entity]) -> str | None:
    """How a record's place covers a journey's end: "same", "record_encloses", "record_site" or None.

    "record_site": the record is of a site located in the journey's place (the airport of the city the
    traveller flew to): it covers the journey only if the city had no other such site, which is why it
    weighs a little less.
    """
    if journey_place == record_place:
        return "same"
    if record_place in _chain(journey_place, entities):
        return "record_encloses"
    if journey_place in _chain(record_place, entities):
        return "record_site"
    return None


@dataclass(frozen=True)
class _Record:
    claim: Claim
    means: str
    qualifiers: tuple[str, ...]
    directions: frozenset[str]
    lo: float
    hi: float


class _RecordIndex:
    """Records per (place, means), sorted by first day, answering "which records contain this window?".

    A record contains an event window [a, b] only if it starts by ``a`` and ends by ``b`` at the
    earliest, so it starts in [b - longest + 1, a], where ``longest`` is the longest finite record of
    that place and means: a bisection finds them. Open-ended records are few and always looked at.
    This keeps the check O(n log n) however many records a busy port accumulates.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], list[_Record]] = defaultdict(list)
        self._open: dict[tuple[str, str], list[_Record]] = defaultdict(list)
        self._starts: dict[tuple[str, str], list[float]] = {}
        self._longest: dict[tuple[str, str], float] = {}

    def add(self, node: str, rec: _Record) -> None:
        key = (node, rec.means)
        if math.isfinite(rec.lo) and math.isfinite(rec.hi):
            self._rows[key].append(rec)
        else:
            self._open[key].append(rec)

    def freeze(self) -> None:
        for key, rows in self._rows.items():
            rows.sort(key=lambda r: (r.lo, r.claim.id))
            self._starts[key] = [r.lo for r in rows]
            self._longest[key] = max(r.hi - r.lo for r in rows)

    def containing(self, node: str, means: str, window: TimeWindow) -> list[_Record]:
        key = (node, means)
        out = [r for r in self._open.get(key, ()) if overlap(window, "event", r.claim.time, "state") == "must"]  # type: ignore[arg-type]
        a, b = day_bounds(window)
        rows = self._rows.get(key)
        if rows and math.isfinite(a) and math.isfinite(b):
            starts = self._starts[key]
            i = bisect_left(starts, b - self._longest[key])
            j = bisect_right(starts, a)
            out += [r for r in rows[i:j] if r.lo <= a and b <= r.hi]
        return out


def check_impossible_means(ctx: "Context") -> list[Finding]:
    """Every journey whose arrival or departure, by its means, a record says did not happen."""
    claims, entities, texts = ctx.claims, ctx.entities, ctx.texts
    known = set(ctx.config.speeds.means) if getattr(ctx, "config", None) is not None else set()

    index = _RecordIndex()
    for c in claims:
        if c.kind != "non_occurrence" or c.polarity != "affirmed" or c.time is None or not c.place:
            continue
        means, quals = means_family(c.means, known)
        if means is None:
            continue
        lo, hi = day_bounds(c.time)
        rec = _Record(c, means, quals, directions(c), lo, hi)
        nodes = _chain(c.place, entities) + (_chain(c.origin, entities) if c.origin else [])
        for node in dict.fromkeys(nodes):  # every place its coverage reaches (both ends of a route)
            index.add(node, rec)
    index.freeze()

    results: list[tuple[tuple, Finding]] = []
    for journey in claims:
        if journey.kind != "travel" or journey.polarity != "affirmed" or journey.time is None:
            continue
        means, _ = means_family(journey.means, known)
        if means is None:
            continue
        matches: list[tuple[_Record, str, str]] = []  # record, leg (arrival/departure), how the site matched
        for leg, end in (("arrival", journey.place), ("departure", journey.origin)):
            if not end:
                continue
            for node in _chain(end, entities):
                for rec in index.containing(node, means, journey.time):  # type: ignore[arg-type]
                    if leg not in rec.directions:
                        continue
                    ends = [rec.claim.place] + ([rec.claim.origin] if rec.claim.origin else [])  # a route: either end
                    how = next((h for h in (same_site(end, e, entities) for e in ends) if h), None)  # type: ignore[arg-type]
                    if how is None or not _route_ok(journey, rec.claim, entities):
                        continue
                    if overlap(journey.time, "event", rec.claim.time, "state") != "must":  # type: ignore[arg-type]
                        continue
                    if all(rec.claim.id != m[0].claim.id or leg != m[1] for m in matches):
                        matches.append((rec, leg, how))
        if matches:
            matches.sort(key=lambda m: (m[1] != "arrival", m[2] == "record_site", bool(m[0].qualifiers), m[0].claim.id))
            lo, _ = day_bounds(journey.time)
            results.append(((lo, journey.id), _finding(journey, means, matches, entities, texts)))
    results.sort(key=lambda t: t[0])
    return [f for _, f in results]


def _route_ok(journey: Claim, record: Claim, entities: Mapping[str, Entity]) -> bool:
    """A record with an origin is about one route ("no flights between A and B"), in either direction."""
    if not record.origin:
        return True
    if not journey.origin or not journey.place:
        return False
    ends = {(journey.origin, journey.place), (journey.place, journey.origin)}
    return any(
        same_site(a, record.origin, entities) and same_site(b, record.place, entities)  # type: ignore[arg-type]
        for a, b in ends
    )


def _travellers(journey: Claim, entities: Mapping[str, Entity]) -> str:
    people = [p.entity for p in journey.participants if p.role != "object"]
    return join_names([name_of(p, entities, [journey]) for p in people]) if people else "someone"


def _finding(
    journey: Claim,
    means: str,
    matches: list[tuple[_Record, str, str]],
    entities: Mapping[str, Entity],
    texts: Mapping[str, str],
) -> Finding:
    rec, leg, how = matches[0]
    record = rec.claim
    route = ""
    if journey.origin:
        route += f" from {name_of(journey.origin, entities, [journey])}"
    if journey.place:
        route += f" to {name_of(journey.place, entities, [journey])}"
    movement = {
        frozenset({"arrival"}): "arrived at",
        frozenset({"departure"}): "left",
    }.get(rec.directions, "arrived at or left")
    vehicles = re.sub(r"^(no|not a single|not one|any)\s+", "", (record.means or means).strip(), flags=re.I)
    if record.origin:  # a route record: name the route, not one end of it
        a, b = name_of(record.origin, entities, [record]), name_of(record.place, entities, [record])
        site = f"from {a} for {b}" if rec.directions == frozenset({"departure"}) else f"between {a} and {b}"
        movement = {"left": "sailed" if means == "ship" else "left"}.get(movement, "travelled")
    else:
        site = where(record, entities)
        site = site.split(" ", 1)[1] if site else name_of(record.place, entities, [record])
    summary = (
        f"{_travellers(journey, entities)} cannot have travelled by {journey.means}{route} "
        f"{describe_window(journey.time, 'event')}, {attributed(journey, entities)}, because no {vehicles} "  # type: ignore[arg-type]
        f"{movement} {site} {describe_window(record.time, 'state')}, {attributed(record, entities)}."  # type: ignore[arg-type]
    )
    if len(matches) > 1:
        summary += f" {len(matches) - 1} other record{'s' if len(matches) > 2 else ''} agree{'s' if len(matches) == 2 else ''}."

    # Confidence: how deep the journey sits inside the record's window, how hedged the claims are,
    # whether the record is of the very place and of every vehicle of that means.
    j_lo, j_hi = day_bounds(journey.time)  # type: ignore[arg-type]
    left = math.inf if rec.lo == -math.inf else j_lo - rec.lo  # an open side of the record: unlimited room
    right = math.inf if rec.hi == math.inf else rec.hi - j_hi
    margin = min(left, right)
    margin = min(margin, 3650.0)
    j_len = j_hi - j_lo + 1 if math.isfinite(j_hi - j_lo) else 3650.0
    r_len = rec.hi - rec.lo + 1 if math.isfinite(rec.hi - rec.lo) else 3650.0
    fuzz = 0.5 + 0.05 * (min(j_len, 3650.0) + min(r_len, 3650.0))
    robustness = math.sqrt((margin + 1) / (margin + 1 + fuzz))
    hedge = _MODALITY_WEIGHT.get(journey.modality, 1.0) * _MODALITY_WEIGHT.get(record.modality, 1.0)
    confidence = 0.92 * robustness * hedge
    reasons = [
        f"the journey's window lies inside the record's with {margin:,.0f} days to spare at the nearer edge, "
        f"against about {fuzz:,.1f} days of uncertainty in the dates (factor {robustness:.2f})"
    ]
    if hedge < 1.0:
        reasons.append(f"hedged claims (reported or alleged; x{hedge:.2f})")
    if how == "record_site":
        confidence *= SITE_WEIGHT
        reasons.append(
            f"the record is of {name_of(record.place, entities, [record])}, one site in the place of the journey; "
            f"another site there would escape it (x{SITE_WEIGHT})"
        )
    if rec.qualifiers:
        confidence *= QUALIFIER_WEIGHT
        reasons.append(
            f"the record covers only {', '.join(rec.qualifiers)} vehicles; whether the journey's was one is for the reader (x{QUALIFIER_WEIGHT})"
        )
    if journey.speaker is not None and journey.speaker == record.speaker:
        reasons.append("journey and record have the same speaker")

    records = [m[0].claim for m in matches]
    unique: list[Claim] = []
    for r in records:
        if r.id not in {u.id for u in unique}:
            unique.append(r)
    return make_finding(
        "impossible_means",
        RULE,
        [journey, *unique],
        texts,
        summary,
        confidence,
        "; ".join(reasons) + ".",
        details={
            "journey": journey.id,
            "means": means,
            "means_as_said": journey.means,
            "records": [
                {
                    "claim": m[0].claim.id,
                    "leg": m[1],
                    "site_match": m[2],
                    "means_as_recorded": m[0].claim.means,
                    "qualifiers": list(m[0].qualifiers),
                    "covers": sorted(m[0].directions),
                    "place": m[0].claim.place,
                }
                for m in matches
            ],
            "margin_days": None if not math.isfinite(margin) else int(margin),
        },
    )
