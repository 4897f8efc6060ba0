"""Distances and the travel speeds of an era: how long a journey took at the very least.

An alibi argument ("he cannot have been in Lyon, he was in Vienna") is only as good as its
lower bound on travel time. Everything here errs on the side of the *fastest* possible journey:

- distances are great-circle distances (:func:`haversine_km`), which no railway, road or sea route
  beats, so real journeys are longer;
- speeds are *average door-to-door* speeds including connections, for the era the case is about
  (:data:`DEFAULT_SPEEDS_KMH`: the 1930s in Europe), and the fastest allowed means is used;
- a fixed handling overhead (getting to the station or airfield, boarding, arriving) is added once.

A case file can replace or extend the table (:meth:`TravelSpeeds.from_dict`), e.g. to drop airplanes
for a region without air service, or to describe another era.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)

#: Average door-to-door speeds in km/h for Europe in the 1930s, including waits and connections.
#: foot: a steady walker over a day; horse: a rider or carriage over a day; car: roads of the time,
#: with stops; train: express services averaged with connections and station time; ship: coastal and
#: Baltic/North Sea steamers; airplane: scheduled airliners of the time (cruising ~250 km/h).
DEFAULT_SPEEDS_KMH: Mapping[str, float] = MappingProxyType(
    {"foot": 5.0, "horse": 10.0, "car": 40.0, "train": 50.0, "ship": 25.0, "airplane": 250.0}
)

#: Hours added once per journey for getting to and from the station, port or airfield.
DEFAULT_OVERHEAD_HOURS = 2.0

#: Words used in testimony for each means, so a claim's ``means`` slot can be matched to the table.
MEANS_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "walk": "foot", "walking": "foot", "on foot": "foot",
        "horseback": "horse", "carriage": "horse",
        "automobile": "car", "motorcar": "car", "motor car": "car", "taxi": "car",
        "rail": "train", "railway": "train", "railroad": "train",
        "boat": "ship", "steamer": "ship", "steamship": "ship", "ferry": "ship",
        "plane": "airplane", "aeroplane": "airplane", "aircraft": "airplane", "flight": "airplane",
        "air": "airplane", "flew": "airplane",
    }
)  # fmt: skip


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in decimal degrees.

    >>> round(haversine_km(48.8566, 2.3522, 51.5074, -0.1278))
    344
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def normalise_means(word: str) -> str:
    """Map a testimony's word for a means of travel ("aeroplane", "by rail") to a table key."""
    w = word.strip().lower()
    if w.startswith("by "):
        w = w[3:]
    return MEANS_ALIASES.get(w, w)


@dataclass(frozen=True)
class TravelSpeeds:
    """The means of travel of an era with their average door-to-door speeds, and a per-journey overhead.

    Immutable, so one table can be shared by every check of a run and recorded with its findings.

    >>> TravelSpeeds().kmh("train")
    50.0
    """

    speeds_kmh: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SPEEDS_KMH))
    overhead_hours: float = DEFAULT_OVERHEAD_HOURS
    era: str = "Europe, 1930s (countertrial defaults)"

    def __post_init__(self) -> None:
        cleaned: dict[str, float] = {}
        for means, kmh in self.speeds_kmh.items():
            kmh = float(kmh)
            if not kmh > 0 or not math.isfinite(kmh):
                raise ValueError(f"speed for {means!r} must be a positive number of km/h, not {kmh!r}")
            cleaned[normalise_means(means)] = kmh
        if not cleaned:
            raise ValueError("a travel speed table needs at least one means of travel")
        if self.overhead_hours < 0:
            raise ValueError("overhead_hours cannot be negative")
        object.__setattr__(self, "speeds_kmh", MappingProxyType(dict(sorted(cleaned.items()))))

    def __hash__(self) -> int:
        return hash((tuple(self.speeds_kmh.items()), self.overhead_hours, self.era))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, base: "TravelSpeeds | None" = None) -> "TravelSpeeds":
        """Build a table from configuration, e.g. the ``travel:`` section of a case file.

        Accepts either a flat mapping ``{"train": 60, "airplane": None}`` or
        ``{"speeds": {...}, "overhead_hours": 3, "era": "...", "replace": false}``. Speeds are merged
        over ``base`` (the defaults) unless ``replace`` is true; a speed of ``None`` removes a means
        (no air service, say).
        """
        base = base or cls()
        nested = "speeds" in data or "overhead_hours" in data or "replace" in data or "era" in data
        given = dict(data.get("speeds") or {}) if nested else dict(data)
        speeds = {} if (nested and data.get("replace")) else dict(base.speeds_kmh)
        for means, kmh in given.items():
            key = normalise_means(str(means))
            if kmh is None:
                speeds.pop(key, None)
            else:
                speeds[key] = float(kmh)
        overhead = data.get("overhead_hours", base.overhead_hours) if nested else base.overhead_hours
        era = data.get("era", base.era) if nested else base.era
        return cls(speeds_kmh=speeds, overhead_hours=float(overhead), era=str(era))

    @property
    def means(self) -> tuple[str, ...]:
        return tuple(self.speeds_kmh)

    def kmh(self, means: str) -> float:
        key = normalise_means(means)
        try:
            return self.speeds_kmh[key]
        except KeyError:
            raise KeyError(f"no speed for means {means!r}; the table has {', '.join(self.speeds_kmh)}") from None

    def to_dict(self) -> dict[str, Any]:
        return {"speeds": dict(self.speeds_kmh), "overhead_hours": self.overhead_hours, "era": self.era}


def fastest_means(speeds: TravelSpeeds, allowed: Iterable[str] | None = None) -> str | None:
    """The fastest means in the table, among ``allowed`` when given; None if none is allowed.

    Names in ``allowed`` that the table does not know are ignored (a case may list "telegraph").
    Ties go to the alphabetically first name, so results are deterministic.
    """
    if allowed is None:
        pool = list(speeds.speeds_kmh)
    else:
        wanted = {normalise_means(m) for m in allowed}
        pool = [m for m in speeds.speeds_kmh if m in wanted]
    if not pool:
        return None
    return min(pool, key=lambda m: (-speeds.speeds_kmh[m], m))


def min_travel_hours(km: float, speeds: TravelSpeeds, means: str | Iterable[str] | None = None) -> float:
    """Least hours a journey of ``km`` took: distance at the fastest allowed speed plus the overhead.

    ``means`` is one means, a set of allowed means, or None for any means in the table. A journey of
    no distance takes no time (the overhead is for actually travelling).
    """
    if km < 0 or math.isnan(km):
        raise ValueError(f"distance must be a non-negative number of km, not {km!r}")
    if km == 0:
        return 0.0
    allowed = [means] if isinstance(means, str) else means
    best = fastest_means(speeds, allowed)
    if best is None:
        raise ValueError(f"none of the means {sorted(allowed or [])} is in the travel table")
    return km / speeds.speeds_kmh[best] + speeds.overhead_hours


def min_travel_days(km: float, speeds: TravelSpeeds, means: str | Iterable[str] | None = None) -> float:
    """:func:`min_travel_hours` in days (hours / 24), the unit interval reasoning works in.

    >>> round(min_travel_days(1000, TravelSpeeds(), "train"), 3)  # 20 h by train + 2 h overhead
    0.917
    """
    return min_travel_hours(km, speeds, means) / 24.0
