"""The alibi check on small fictional cases (real city coordinates), and its sweep against brute force."""

from __future__ import annotations

import json
import math
import random
import re
from datetime import date, timedelta
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countertrial.model import Claim, Entity, Participant, TimeWindow
from countertrial.reason.checks import check_alibis
from countertrial.reason.checks.alibi import placing_aspect, resolve_locality
from countertrial.reason.citations import CitationError, citations_for
from countertrial.reason.intervals import slack_days, span
from countertrial.reason.travel import TravelSpeeds, haversine_km, min_travel_days

SPEEDS = TravelSpeeds()
NO_AIR = TravelSpeeds.from_dict({"airplane": None})


def city(eid: str, name: str, lat: float, lon: float) -> Entity:
    return Entity(id=eid, kind="place", name=name, latitude=lat, longitude=lon, source="gazetteer")


ENTITIES = {
    e.id: e
    for e in [
        city("copenhagen", "Copenhagen", 55.6761, 12.5683),
        city("berlin", "Berlin", 52.5200, 13.4050),
        city("rome", "Rome", 41.9028, 12.4964),
        city("paris", "Paris", 48.8566, 2.3522),
        city("potsdam", "Potsdam", 52.3906, 13.0645),
        Entity(id="hotel-nordlys", kind="building", name="the Hotel Nordlys", located_in="copenhagen"),
        Entity(id="cafe-vinter", kind="building", name="the Cafe Vinter", located_in="copenhagen"),
        Entity(
            id="kastel", kind="building", name="the Kastel Inn", located_in="copenhagen", latitude=55.69, longitude=12.59
        ),
        Entity(id="nowhere-inn", kind="building", name="an inn"),  # cannot be located
        Entity(id="p-anton", kind="person", name="Anton Velder"),
        Entity(id="p-boris", kind="person", name="Boris Velder"),  # same surname, another man
        Entity(id="p-clara", kind="person", name="Clara Mirov"),
        Entity(id="p-oskal", kind="person", name="Dmitri Oskal"),
        Entity(id="p-rask", kind="person", name="Elena Rask"),
        Entity(id="o-bureau", kind="organisation", name="the Bureau"),
    ]
}


class Corpus:
    """Builds documents sentence by sentence so that every claim's quote is its exact passage."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.claims: list[Claim] = []

    def claim(
        self,
        doc: str,
        sentence: str,
        *,
        kind: str = "meeting",
        people: tuple[str, ...] = ("p-anton",),
        place: str | None = "copenhagen",
        window: tuple[date, date] | TimeWindow | None = None,
        aspect: str = "event",
        speaker: str | None = None,
        **slots,
    ) -> Claim:
        text = self.texts.get(doc, "")
        start = len(text) + (1 if text else 0)
        self.texts[doc] = (text + " " if text else "") + sentence
        if isinstance(window, tuple):
            window = TimeWindow(earliest=window[0], latest=window[1])
        c = Claim(
            id=f"c{len(self.claims) + 1}",
            kind=kind,  # type: ignore[arg-type]
            document=doc,
            start=start,
            end=start + len(sentence),
            quote=sentence,
            participants=[Participant(entity=p) for p in people],
            place=place,
            time=window,
            aspect=aspect,  # type: ignore[arg-type]
            speaker=speaker,
            **slots,
        )
        self.claims.append(c)
        return c

    def run(self, speeds: TravelSpeeds = SPEEDS, **kw):
        return check_alibis(self.claims, ENTITIES, speeds, self.texts, **kw)


NOV = (date(1932, 11, 1), date(1932, 11, 30))


def day(m: int, d: int, y: int = 1932) -> tuple[date, date]:
    return (date(y, m, d), date(y, m, d))


def copenhagen_vs_berlin(corpus: Corpus, **kw) -> tuple[Claim, Claim]:
    a = corpus.claim(
        "confession.txt",
        "I met Velder at the Hotel Nordlys in Copenhagen between 23 and 25 November 1932.",
        place="hotel-nordlys",
        window=(date(1932, 11, 23), date(1932, 11, 25)),
        speaker="p-oskal",
        **kw,
    )
    b = corpus.claim(
        "letters.txt",
        "Velder did not leave Berlin during the whole of November 1932.",
        kind="presence",
        place="berlin",
        window=NOV,
        aspect="state",
        speaker="p-rask",
    )
    return a, b


# ---- it fires ------------------------------------------------------------------------------------


def test_event_inside_a_state_elsewhere():
    corpus = Corpus()
    a, b = copenhagen_vs_berlin(corpus)
    [f] = corpus.run()
    assert f.kind == "alibi" and f.rule == "alibi.travel_time"
    assert re.fullmatch(r"F-[0-9a-f]{10}", f.id)
    assert f.claims == [a.id, b.id]
    assert [c.quote for c in f.citations] == [a.quote, b.quote]
    for c in f.citations:
        assert corpus.texts[c.document][c.start : c.end] == c.quote
    assert f.summary == (
        "Anton Velder cannot have been both at the Hotel Nordlys in Copenhagen between 23 and 25 Nov 1932, "
        "as Dmitri Oskal says, and in Berlin throughout November 1932, as Elena Rask says: the 355 km between "
        "Copenhagen and Berlin took at least 3 hours by the fastest means of the time (airplane, about "
        "250 km/h door to door), and the two accounts leave no time for the journey."
    )
    det = f.details
    assert det["distance_km"] == pytest.approx(355, abs=3)
    assert det["available_hours"] == 0
    assert det["needed_hours"] == pytest.approx(355 / 250 + 2, abs=0.05)
    assert [p["place"] for p in det["places"]] == ["hotel-nordlys", "berlin"]
    assert det["places"][0]["coordinates_from"] == "copenhagen"
    assert [w["aspect"] for w in det["windows"]] == ["event", "state"]
    assert det["windows"][1]["earliest"] == "1932-11-01"
    assert det["same_speaker"] is False
    assert 0 < f.confidence < 1 and f.confidence_reason


def test_two_events_on_the_same_day_too_far_apart():
    """~1,180 km by train (no air service in this case) need almost 26 hours; one day holds at most 24."""
    corpus = Corpus()
    corpus.claim("a.txt", "On 5 May 1931 Mirov met Velder in Berlin.", people=("p-clara", "p-anton"), place="berlin", window=day(5, 5, 1931))
    corpus.claim("b.txt", "Velder spoke in Rome on 5 May 1931.", place="rome", window=day(5, 5, 1931))
    [f] = corpus.run(NO_AIR)
    assert f.details["needed_hours"] > 24 and f.details["available_hours"] == 24
    assert "leave at most 24 hours for the journey" in f.summary
    assert "(train, about 50 km/h door to door)" in f.summary
    assert "Mirov" not in f.summary.split(" cannot")[0]  # only Velder is placed in both
    # The same journey fits into one day by air, and 1,000 km by train (22 h) fits too.
    assert corpus.run() == []
    near = Corpus()
    near.claim("a.txt", "On 5 May 1931 Velder was in Paris.", place="paris", window=day(5, 5, 1931))
    near.claim("b.txt", "On 5 May 1931 Velder was in Copenhagen.", place="copenhagen", window=day(5, 5, 1931))
    assert near.run(NO_AIR) == []


def test_same_day_fires_when_the_case_restricts_means():
    corpus = Corpus()
    corpus.claim("a.txt", "He was in Paris on 2 March 1933.", place="paris", window=day(3, 2, 1933))
    corpus.claim("b.txt", "He arrived in Copenhagen on 2 March 1933.", kind="travel", place="copenhagen", window=day(3, 2, 1933))
    assert corpus.run(allowed_means={"car"}) != []  # 1,027 km by car: 28 h
    assert corpus.run(allowed_means={"train"}) == []


def test_event_partly_outside_the_state_but_not_far_enough():
    corpus = Corpus()
    corpus.claim("a.txt", "Velder came to Rome at the very end of November or on 1 December.", kind="travel",
                 place="rome", window=(date(1932, 11, 25), date(1932, 12, 1)))
    corpus.claim("b.txt", "Velder was in Berlin all November.", kind="presence", place="berlin", window=NOV, aspect="state")
    [f] = corpus.run(NO_AIR)
    assert f.details["available_hours"] == 24  # arriving late on 1 December, leaving Berlin at midnight
    assert f.details["needed_hours"] > 24


def test_custody_is_a_state_whatever_its_aspect_says():
    corpus = Corpus()
    c = corpus.claim("a.txt", "Velder was held in the Berlin remand prison in November 1932.", kind="custody",
                     place="berlin", window=NOV, aspect="event")
    corpus.claim("b.txt", "Velder was in Copenhagen on 10 November 1932.", kind="presence", place="copenhagen", window=day(11, 10))
    assert placing_aspect(c) == "state"
    assert len(corpus.run()) == 1


def test_two_overlapping_states():
    corpus = Corpus()
    corpus.claim("a.txt", "Velder lived in Paris from October to December 1932.", kind="presence", place="paris",
                 window=(date(1932, 10, 1), date(1932, 12, 31)), aspect="state")
    corpus.claim("b.txt", "Velder was in Berlin throughout November 1932.", kind="presence", place="berlin", window=NOV, aspect="state")
    [f] = corpus.run()
    assert "in Paris from 1 Oct to 31 Dec 1932" in f.summary and f.details["available_hours"] == 0


def test_people_in_both_claims_make_one_finding():
    corpus = Corpus()
    corpus.claim("a.txt", "Velder and Mirov met Oskal in Copenhagen on 23 November 1932.",
                 people=("p-anton", "p-clara", "p-oskal"), window=day(11, 23))
    corpus.claim("b.txt", "Velder and Mirov were in Berlin all November.", kind="presence",
                 people=("p-clara", "p-anton"), place="berlin", window=NOV, aspect="state")
    [f] = corpus.run()
    assert f.summary.startswith("Anton Velder and Clara Mirov cannot have been both")
    assert f.details["people"] == ["p-anton", "p-clara"]


def test_same_speaker_is_reported_and_noted():
    corpus = Corpus()
    corpus.claim("a.txt", "I was in Copenhagen on 23 November 1932.", window=day(11, 23), speaker="p-anton")
    corpus.claim("b.txt", "I spent November 1932 in Berlin.", kind="presence", place="berlin", window=NOV,
                 aspect="state", speaker="p-anton")
    [f] = corpus.run()
    assert f.details["same_speaker"] is True
    assert "may be a self-contradiction" in f.summary and "same speaker" in f.confidence_reason


def test_hedging_lowers_confidence():
    plain, hedged = Corpus(), Corpus()
    copenhagen_vs_berlin(plain)
    copenhagen_vs_berlin(hedged, modality="alleged")
    [p], [h] = plain.run(), hedged.run()
    assert h.confidence < p.confidence
    assert "as Dmitri Oskal alleges" in h.summary and "alleged" in h.confidence_reason


def test_precise_windows_are_more_confident_than_vague_ones():
    sharp, vague = Corpus(), Corpus()
    for corpus, window in ((sharp, day(11, 15)), (vague, (date(1932, 11, 1), date(1932, 11, 30)))):
        corpus.claim("a.txt", "Velder was seen in Rome.", place="rome", window=window)
        corpus.claim("b.txt", "Velder was in Berlin.", kind="presence", place="berlin",
                     window=(date(1932, 10, 25), date(1932, 12, 5)), aspect="state")
    [s], [v] = sharp.run(), vague.run()
    assert s.confidence > v.confidence


# ---- near misses that must not fire ----------------------------------------------------------------


def test_far_enough_apart_for_a_train():
    corpus = Corpus()
    corpus.claim("a.txt", "Velder was in Copenhagen on 23 November 1932.", window=day(11, 23))
    corpus.claim("b.txt", "Velder was in Berlin on 25 November 1932.", place="berlin", window=day(11, 25))
    corpus.claim("c.txt", "Velder stayed in Berlin until 20 November.", kind="presence", place="berlin",
                 window=(date(1932, 11, 1), date(1932, 11, 20)), aspect="state")
    corpus.claim("d.txt", "Velder reached Copenhagen on 21 November.", kind="travel", window=day(11, 21))
    assert corpus.run(NO_AIR) == []


@pytest.mark.parametrize("place", ["copenhagen", "hotel-nordlys", "cafe-vinter", "kastel"])
def test_same_city_or_building_in_it(place):
    corpus = Corpus()
    corpus.claim("a.txt", "Velder was in Copenhagen all November.", kind="presence", place="hotel-nordlys",
                 window=NOV, aspect="state")
    corpus.claim("b.txt", "Velder met Mirov in Copenhagen.", place=place, window=day(11, 23))
    corpus.claim("c.txt", "Velder lived in Copenhagen all November.", kind="presence", place="copenhagen",
                 window=NOV, aspect="state")
    assert corpus.run() == []


def test_nearby_places_fall_below_the_minimum_distance():
    corpus = Corpus()
    corpus.claim("a.txt", "Velder was in Berlin all November.", kind="presence", place="berlin", window=NOV, aspect="state")
    corpus.claim("b.txt", "Velder was in Potsdam on 3 November.", place="potsdam", window=day(11, 3))
    assert corpus.run(min_distance_km=50) == []
    [f] = corpus.run()  # 27 km is a real, if weak, clash with a month-long stay
    assert f.confidence < 0.5


def test_denied_claim_places_nobody():
    corpus = Corpus()
    copenhagen_vs_berlin(corpus, polarity="denied")
    assert corpus.run() == []


def test_event_partly_inside_the_state_with_enough_slack():
    corpus = Corpus()
    corpus.claim("a.txt", "Velder met him in Copenhagen around the turn of the month.",
                 window=(date(1932, 11, 28), date(1932, 12, 3)))
    corpus.claim("b.txt", "Velder was in Berlin all November.", kind="presence", place="berlin", window=NOV, aspect="state")
    assert corpus.run(NO_AIR) == []


def test_different_people_with_the_same_surname():
    corpus = Corpus()
    corpus.claim("a.txt", "Velder met Oskal in Copenhagen on 23 November 1932.", people=("p-anton",), window=day(11, 23))
    corpus.claim("b.txt", "Velder was in Berlin all November.", kind="presence", people=("p-boris",),
                 place="berlin", window=NOV, aspect="state")
    assert corpus.run() == []


def test_claims_without_time_or_place_or_person():
    corpus = Corpus()
    corpus.claim("a.txt", "Velder was in Berlin all November.", kind="presence", place="berlin", window=NOV, aspect="state")
    corpus.claim("b.txt", "Velder once met Oskal in Copenhagen.", window=None)
    corpus.claim("c.txt", "Velder met Oskal in Copenhagen at some time.", window=TimeWindow())
    corpus.claim("d.txt", "Velder met Oskal at an inn on 3 November.", place="nowhere-inn", window=day(11, 3))
    corpus.claim("e.txt", "Velder met Oskal on 4 November.", place=None, window=day(11, 4))
    corpus.claim("f.txt", "The Bureau met in Copenhagen on 5 November.", people=("o-bureau",), window=day(11, 5))
    corpus.claim("g.txt", "Velder wrote to Copenhagen on 6 November.", kind="communication", window=day(11, 6))
    corpus.claim("h.txt", "Velder was in Berlin in November.", kind="presence", place="berlin", window=NOV, aspect="state")
    # ...but the Bureau's own placements elsewhere would not make it a person either.
    corpus.claim("i.txt", "The Bureau sat in Berlin all November.", kind="presence", people=("o-bureau",),
                 place="berlin", window=NOV, aspect="state")
    assert corpus.run() == []


# ---- determinism and citations ----------------------------------------------------------------------


def test_output_is_deterministic_and_order_independent():
    corpus = Corpus()
    copenhagen_vs_berlin(corpus)
    corpus.claim("c.txt", "Velder was in Rome on 10 November 1932.", place="rome", window=day(11, 10))
    corpus.claim("d.txt", "Mirov was in Berlin on 1 May 1932.", people=("p-clara",), place="berlin", window=day(5, 1))
    corpus.claim("e.txt", "Mirov was in Rome on 1 May 1932.", people=("p-clara",), place="rome", window=day(5, 1))
    first = corpus.run(NO_AIR)
    shuffled = list(corpus.claims)
    random.Random(7).shuffle(shuffled)
    again = check_alibis(shuffled, ENTITIES, NO_AIR, corpus.texts)
    assert [f.model_dump() for f in first] == [f.model_dump() for f in again]
    assert len({f.id for f in first}) == len(first) == 3
    assert first[0].details["people"] == ["p-clara"]  # sorted by time first


def test_citations_must_be_verbatim():
    corpus = Corpus()
    a, b = copenhagen_vs_berlin(corpus)
    bad = a.model_copy(update={"quote": "I met Velder at the Hotel Nordlys in Copenhagen"})
    with pytest.raises(CitationError):
        citations_for([bad, b], corpus.texts)
    with pytest.raises(CitationError):
        check_alibis([bad, b], ENTITIES, SPEEDS, corpus.texts)
    with pytest.raises(CitationError):
        citations_for([a], {})
    assert len(citations_for([a, b, a], corpus.texts)) == 2


def test_locality_resolution():
    hotel = resolve_locality("hotel-nordlys", ENTITIES)
    assert hotel is not None and hotel.city == "copenhagen" and hotel.coordinates_from == "copenhagen"
    kastel = resolve_locality("kastel", ENTITIES)
    assert kastel is not None and kastel.city == "copenhagen" and kastel.coordinates_from == "kastel"
    assert resolve_locality("nowhere-inn", ENTITIES) is None
    assert resolve_locality("atlantis", ENTITIES) is None


# ---- the sweep finds exactly what comparing all pairs finds -------------------------------------------


PLACES = ["copenhagen", "berlin", "rome", "paris", "potsdam", "hotel-nordlys", "kastel"]
PEOPLE = ["p-anton", "p-boris", "p-clara", "p-oskal"]
BASE = date(1932, 1, 1)


def brute_force_pairs(claims, speeds, max_travel_days=30.0, min_distance_km=10.0) -> set[frozenset[str]]:
    """All pairs of claims, compared naively with the same rules the check documents."""
    fast = max(speeds.speeds_kmh.values())
    out = set()
    for a, b in combinations(claims, 2):
        if a.polarity != "affirmed" or b.polarity != "affirmed" or a.time is None or b.time is None:
            continue
        if a.time == TimeWindow() or b.time == TimeWindow():  # no time at all places nobody
            continue
        if not (set(a.people) & set(b.people)):
            continue
        la, lb = resolve_locality(a.place, ENTITIES), resolve_locality(b.place, ENTITIES)
        if la.city == lb.city or la.place in lb.chain or lb.place in la.chain:
            continue
        km = haversine_km(la.lat, la.lon, lb.lat, lb.lon)
        if km < min_distance_km:
            continue
        need = min((km / fast + speeds.overhead_hours) / 24, max_travel_days)
        (alo, ahi), (blo, bhi) = span(a.time), span(b.time)
        if slack_days(alo, ahi, placing_aspect(a), blo, bhi, placing_aspect(b)) < need:
            out.add(frozenset((a.id, b.id)))
    return out


@st.composite
def random_claims(draw):
    corpus = Corpus()
    n = draw(st.integers(2, 25))
    for _ in range(n):
        start = draw(st.one_of(st.none(), st.integers(0, 90)))
        length = draw(st.sampled_from([0, 0, 0, 1, 2, 6, 13, 29, 60, 200]))
        open_end = draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans())
        window = TimeWindow(
            earliest=None if start is None else BASE + timedelta(days=start),
            latest=None if open_end else BASE + timedelta(days=(start or 0) + length),
        )
        corpus.claim(
            "doc.txt",
            f"Claim {len(corpus.claims)}.",
            kind=draw(st.sampled_from(["presence", "meeting", "travel", "custody"])),
            people=tuple(draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=2, unique=True))),
            place=draw(st.sampled_from(PLACES)),
            window=window,
            aspect=draw(st.sampled_from(["state", "event"])),
            polarity=draw(st.sampled_from(["affirmed", "affirmed", "affirmed", "denied"])),
        )
    return corpus


@settings(max_examples=300, deadline=None)
@given(random_claims(), st.sampled_from([SPEEDS, NO_AIR, TravelSpeeds.from_dict({"speeds": {"foot": 5}, "replace": True})]),
       st.sampled_from([30.0, 3.0]))
def test_sweep_agrees_with_all_pairs(corpus, speeds, cap):
    findings = corpus.run(speeds, max_travel_days=cap)
    found = {frozenset(f.claims) for f in findings}
    assert found == brute_force_pairs(corpus.claims, speeds, max_travel_days=cap)
    for f in findings:  # every finding is publishable as it stands
        json.dumps(f.model_dump(mode="json"), allow_nan=False)
        assert 0 < f.confidence < 1 and len(f.citations) >= 1 and "nan" not in f.summary


def test_needed_time_matches_travel_module():
    corpus = Corpus()
    copenhagen_vs_berlin(corpus)
    [f] = corpus.run(NO_AIR)
    km = f.details["distance_km"]
    assert f.details["needed_hours"] == pytest.approx(min_travel_days(km, NO_AIR) * 24, abs=0.01)
    assert math.isclose(f.details["speed_kmh"], 50)


def test_states_open_on_the_same_side():
    """Two stays both "until ..." overlap without end; the finding must still be well-formed."""
    corpus = Corpus()
    corpus.claim("a.txt", "Velder lived in Paris until 1933.", kind="presence", place="paris",
                 window=TimeWindow(latest=date(1933, 12, 31)), aspect="state")
    corpus.claim("b.txt", "Velder lived in Rome until 1934.", kind="presence", place="rome",
                 window=TimeWindow(latest=date(1934, 12, 31)), aspect="state")
    [f] = corpus.run()
    assert 0.01 < f.confidence < 1 and f.details["margin_hours"] is None
    assert "until 31 Dec 1933" in f.summary and "any distance" in f.confidence_reason
    json.dumps(f.model_dump(mode="json"), allow_nan=False)
