"""Distances and era speeds: the lower bound on travel time that alibis rest on."""

from __future__ import annotations

import pytest

from countertrial.reason.travel import (
    DEFAULT_SPEEDS_KMH,
    TravelSpeeds,
    fastest_means,
    haversine_km,
    min_travel_days,
    min_travel_hours,
    normalise_means,
)

PARIS = (48.8566, 2.3522)
LONDON = (51.5074, -0.1278)
BERLIN = (52.5200, 13.4050)
COPENHAGEN = (55.6761, 12.5683)
NEW_YORK = (40.7128, -74.0060)


@pytest.mark.parametrize(
    "a, b, km, tolerance",
    [
        (PARIS, LONDON, 344, 5),
        (BERLIN, COPENHAGEN, 355, 5),
        (PARIS, NEW_YORK, 5837, 20),
    ],
)
def test_known_distances(a, b, km, tolerance):
    assert haversine_km(*a, *b) == pytest.approx(km, abs=tolerance)


def test_distance_is_symmetric_and_zero_on_the_spot():
    assert haversine_km(*PARIS, *LONDON) == pytest.approx(haversine_km(*LONDON, *PARIS))
    assert haversine_km(*BERLIN, *BERLIN) == 0
    # Antipodes: half the circumference, never more.
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20015, abs=5)


def test_default_table_is_the_documented_era():
    speeds = TravelSpeeds()
    assert dict(speeds.speeds_kmh) == dict(sorted(DEFAULT_SPEEDS_KMH.items()))
    assert speeds.kmh("train") == 50 and speeds.kmh("airplane") == 250 and speeds.kmh("foot") == 5
    assert speeds.overhead_hours == 2


def test_fastest_means():
    speeds = TravelSpeeds()
    assert fastest_means(speeds) == "airplane"
    assert fastest_means(speeds, {"train", "car", "foot"}) == "train"
    assert fastest_means(speeds, {"aeroplane"}) == "airplane"  # words of testimony are understood
    assert fastest_means(speeds, {"telegraph"}) is None
    assert fastest_means(speeds, set()) is None


def test_min_travel_time_adds_the_overhead_once():
    speeds = TravelSpeeds()
    assert min_travel_hours(1000, speeds, "train") == pytest.approx(22.0)
    assert min_travel_days(1000, speeds, "train") == pytest.approx(22.0 / 24)
    assert min_travel_hours(1000, speeds) == pytest.approx(6.0)  # by air
    assert min_travel_hours(1000, speeds, {"train", "ship"}) == pytest.approx(22.0)
    assert min_travel_hours(0, speeds) == 0


def test_min_travel_time_errors():
    with pytest.raises(ValueError):
        min_travel_hours(-1, TravelSpeeds())
    with pytest.raises(ValueError):
        min_travel_hours(10, TravelSpeeds(), {"telegraph"})
    with pytest.raises(KeyError):
        TravelSpeeds().kmh("zeppelin")


def test_configurable_from_a_case_file():
    flat = TravelSpeeds.from_dict({"train": 60, "airplane": None})
    assert flat.kmh("train") == 60 and "airplane" not in flat.speeds_kmh and flat.kmh("car") == 40
    nested = TravelSpeeds.from_dict(
        {"speeds": {"rail": 30, "horse": 8}, "overhead_hours": 4, "era": "Siberia, 1920s", "replace": True}
    )
    assert dict(nested.speeds_kmh) == {"horse": 8.0, "train": 30.0}
    assert nested.overhead_hours == 4 and nested.era == "Siberia, 1920s"
    assert min_travel_hours(300, nested) == pytest.approx(14.0)
    assert TravelSpeeds.from_dict(nested.to_dict(), base=nested) == nested


def test_bad_tables_are_refused():
    with pytest.raises(ValueError):
        TravelSpeeds(speeds_kmh={"train": 0})
    with pytest.raises(ValueError):
        TravelSpeeds(speeds_kmh={})
    with pytest.raises(ValueError):
        TravelSpeeds(overhead_hours=-1)


def test_table_is_immutable_and_hashable():
    speeds = TravelSpeeds()
    with pytest.raises(TypeError):
        speeds.speeds_kmh["train"] = 500  # type: ignore[index]
    assert hash(speeds) == hash(TravelSpeeds())


@pytest.mark.parametrize("word, means", [("by rail", "train"), ("Aeroplane", "airplane"), ("steamer", "ship"), ("car", "car")])
def test_normalise_means(word, means):
    assert normalise_means(word) == means
