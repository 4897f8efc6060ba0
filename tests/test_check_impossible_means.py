"""The impossible-means check on small fictional cases: journeys that a movement record rules out."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from countertrial.model import Claim, Entity, Participant, TimeWindow
from countertrial.reason.checks.impossible_means import check_impossible_means, directions, means_family, same_site
from countertrial.reason.engine import Context, ReasoningConfig

ENTITIES = {
    e.id: e
    for e in [
        Entity(id="berlin", kind="place", name="Berlin"),
        Entity(id="oslo", kind="place", name="Oslo"),
        Entity(id="stockholm", kind="place", name="Stockholm"),
        Entity(id="copenhagen", kind="place", name="Copenhagen"),
        Entity(id="oslo-field", kind="building", name="the Nordfjell aerodrome", located_in="oslo"),
        Entity(id="oslo-harbour", kind="building", name="the Oslo harbour office", located_in="oslo"),
        Entity(id="geneva", kind="place", name="Geneva"),
        Entity(id="marseille", kind="place", name="Marseille"),
        Entity(id="geneva-field", kind="building", name="the Plainpalais airfield", located_in="geneva"),
        Entity(id="p-anton", kind="person", name="Anton Velder"),
        Entity(id="p-oskal", kind="person", name="Dmitri Oskal"),
        Entity(id="o-authority", kind="organisation", name="the Aerodrome Authority"),
    ]
}


class Corpus:
    """Builds documents sentence by sentence so that every claim's quote is its exact passage."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.claims: list[Claim] = []

    def claim(self, doc: str, sentence: str, *, window: tuple[date, date] | None, people=("p-anton",), **slots) -> Claim:
        text = self.texts.get(doc, "")
        start = len(text) + (1 if text else 0)
        self.texts[doc] = (text + " " if text else "") + sentence
        c = Claim(
            id=f"c{len(self.claims) + 1:02d}",
            document=doc,
            start=start,
            end=start + len(sentence),
            quote=sentence,
            participants=[Participant(entity=p) for p in people],
            time=TimeWindow(earliest=window[0], latest=window[1]) if window else None,
            **slots,
        )
        self.claims.append(c)
        return c

    def journey(self, sentence: str, window, *, means="airplane", origin="berlin", place="oslo", doc="confession.txt", **slots) -> Claim:
        slots.setdefault("speaker", "p-oskal")
        return self.claim(doc, sentence, window=window, kind="travel", means=means, origin=origin, place=place, **slots)

    def record(self, sentence: str, window, *, means="civil aircraft", place="oslo-field", content="landed", doc="register.txt", **slots) -> Claim:
        slots.setdefault("speaker", "o-authority")
        return self.claim(
            doc, sentence, window=window, people=(), kind="non_occurrence", means=means, place=place, content=content, **slots
        )

    def run(self):
        return check_impossible_means(Context(self.claims, ENTITIES, self.texts, ReasoningConfig()))


DEC_1935 = (date(1935, 12, 1), date(1935, 12, 31))
MID_DEC_1935 = (date(1935, 12, 11), date(1935, 12, 20))


def day(m: int, d: int, y: int = 1958) -> tuple[date, date]:
    return (date(y, m, d), date(y, m, d))


def assert_cited(f, corpus: Corpus) -> None:
    for cit in f.citations:
        assert corpus.texts[cit.document][cit.start : cit.end] == cit.quote


# ---- it fires ------------------------------------------------------------------------------------


def test_flight_into_a_city_whose_aerodrome_saw_no_foreign_aircraft():
    corpus = Corpus()
    flight = corpus.journey("Velder flew from Berlin to Oslo to see me between the 11th and the 20th of December 1935.", MID_DEC_1935)
    log = corpus.record("No civil aircraft landed at the Nordfjell aerodrome in December 1935.", DEC_1935)
    [f] = corpus.run()
    assert f.kind == "impossible_means" and f.rule == "impossible_means.record_excludes"
    assert re.fullmatch(r"F-[0-9a-f]{10}", f.id)
    assert f.claims == [flight.id, log.id]
    assert [c.quote for c in f.citations] == [flight.quote, log.quote]
    assert_cited(f, corpus)
    assert f.summary.startswith(
        "Anton Velder cannot have travelled by airplane from Berlin to Oslo between 11 and 20 Dec 1935, as Dmitri Oskal says, "
        "because no civil aircraft arrived at the Nordfjell aerodrome in Oslo throughout December 1935, as the Aerodrome Authority says."
    )
    rec = f.details["records"][0]
    assert rec["leg"] == "arrival" and rec["site_match"] == "record_site" and rec["qualifiers"] == ["civil"]
    assert "civil" in f.confidence_reason and 0.4 < f.confidence < 0.9


def test_departure_from_a_closed_airfield():
    corpus = Corpus()
    flight = corpus.journey(
        "On February 12, 1958, I flew from Geneva to Marseille.", day(2, 12), origin="geneva", place="marseille", means="flew"
    )
    log = corpus.record(
        "No aircraft landed at or took off from the Plainpalais airfield between February 10 and February 14, 1958.",
        (date(1958, 2, 10), date(1958, 2, 14)),
        means="aircraft",
        place="geneva-field",
        content="landed at or took off from",
    )
    [f] = corpus.run()
    assert f.claims == [flight.id, log.id]
    assert f.details["records"][0]["leg"] == "departure"
    assert "arrived at or left" in f.summary
    assert "civil" not in f.confidence_reason
    assert_cited(f, corpus)


def test_record_of_the_whole_city_and_a_means_alias():
    corpus = Corpus()
    trip = corpus.journey("Velder sailed by steamer to Oslo on 5 January 1936.", day(1, 5, 1936), means="steamer", origin=None)
    log = corpus.record(
        "No ships called at Oslo in the first half of January 1936, the fjord being frozen.",
        (date(1936, 1, 1), date(1936, 1, 15)),
        means="ships",
        place="oslo",
        content="called at",
    )
    [f] = corpus.run()
    assert f.claims == [trip.id, log.id] and f.details["records"][0]["site_match"] == "same"


def test_route_record_covers_its_route_only():
    corpus = Corpus()
    on_route = corpus.journey("Velder flew from Berlin to Oslo on 3 March 1936.", day(3, 3, 1936))
    corpus.journey("Velder flew from Copenhagen to Oslo on 3 March 1936.", day(3, 3, 1936), origin="copenhagen")
    corpus.record(
        "There were no flights between Oslo and Berlin in March 1936.",
        (date(1936, 3, 1), date(1936, 3, 31)),
        means="flights",
        place="oslo",
        origin="berlin",
        content="",
    )
    [f] = corpus.run()
    assert f.claims[0] == on_route.id


def test_several_records_are_all_cited():
    corpus = Corpus()
    flight = corpus.journey("Velder flew from Berlin to Oslo in mid-December 1935.", MID_DEC_1935)
    a = corpus.record("No civil aircraft landed at the Nordfjell aerodrome in December 1935.", DEC_1935)
    b = corpus.record("No aircraft arrived in Oslo in December 1935.", DEC_1935, means="aircraft", place="oslo", content="arrived", doc="press.txt")
    [f] = corpus.run()
    assert f.claims == [flight.id, b.id, a.id]  # the record of the city itself, unqualified, leads
    assert "1 other record agrees" in f.summary


def test_open_windows_on_both_sides_give_a_finite_confidence():
    corpus = Corpus()
    flight = corpus.journey("Velder flew to Oslo some time before 5 January 1936.", (None, date(1936, 1, 5)))
    corpus.record("No aircraft landed at the Nordfjell aerodrome before 10 January 1936.", (None, date(1936, 1, 10)), means="aircraft")
    [f] = corpus.run()
    assert f.claims[0] == flight.id and 0 < f.confidence <= 1


# ---- near misses ---------------------------------------------------------------------------------


def test_near_miss_record_does_not_cover_the_journeys_window():
    corpus = Corpus()
    corpus.journey("Velder flew to Oslo between Christmas 1935 and the New Year.", (date(1935, 12, 25), date(1936, 1, 2)))
    corpus.journey("On February 20 I flew back from Geneva to Marseille.", day(2, 20), origin="geneva", place="marseille")
    corpus.record("No civil aircraft landed at the Nordfjell aerodrome in December 1935.", DEC_1935)
    corpus.record(
        "No aircraft landed at or took off from the Plainpalais airfield between February 10 and February 14, 1958.",
        (date(1958, 2, 10), date(1958, 2, 14)),
        means="aircraft",
        place="geneva-field",
        content="landed at or took off from",
    )
    assert corpus.run() == []


def test_near_miss_different_place():
    corpus = Corpus()
    corpus.journey("Velder flew from Berlin to Stockholm in mid-December 1935.", MID_DEC_1935, place="stockholm")
    corpus.record("No civil aircraft landed at the Nordfjell aerodrome in December 1935.", DEC_1935)
    assert corpus.run() == []


def test_near_miss_different_means():
    corpus = Corpus()
    corpus.journey("Velder went by train from Berlin to Oslo in mid-December 1935.", MID_DEC_1935, means="train")
    corpus.journey("Velder went by ship to Oslo in mid-December 1935.", MID_DEC_1935, means="ship")
    corpus.record("No civil aircraft landed at the Nordfjell aerodrome in December 1935.", DEC_1935)
    assert corpus.run() == []


def test_near_miss_record_covers_the_other_direction():
    corpus = Corpus()
    corpus.journey("Velder flew from Berlin to Oslo in mid-December 1935.", MID_DEC_1935)
    corpus.record("No aircraft took off from the Nordfjell aerodrome in December 1935.", DEC_1935, means="aircraft", content="took off")
    assert corpus.run() == []


def test_near_miss_denied_or_undated_journeys_and_unknown_means():
    corpus = Corpus()
    corpus.journey("I did not fly to Oslo in December 1935.", MID_DEC_1935, polarity="denied")
    corpus.journey("Velder flew to Oslo once.", None)
    corpus.journey("Velder came to Oslo in mid-December 1935.", MID_DEC_1935, means=None)
    corpus.record("No civil aircraft landed at the Nordfjell aerodrome in December 1935.", DEC_1935)
    assert corpus.run() == []


def test_near_miss_a_site_of_another_kind_in_the_same_city():
    corpus = Corpus()
    corpus.journey("Velder flew from Berlin to the harbour office in Oslo in mid-December 1935.", MID_DEC_1935, place="oslo-harbour")
    corpus.record("No civil aircraft landed at the Nordfjell aerodrome in December 1935.", DEC_1935)
    assert corpus.run() == []  # two sites of one city: neither record covers the other


# ---- parts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("airplane", ("airplane", ())),
        ("foreign aircraft", ("airplane", ("foreign",))),
        ("no flights", ("airplane", ())),
        ("by rail", ("train", ())),
        ("scheduled steamers", ("ship", ("scheduled",))),
        ("telegram", (None, ())),
        (None, (None, ())),
    ],
)
def test_means_family(words, expected):
    assert means_family(words) == expected


def test_directions_and_sites():
    def rec(content):
        return Claim(id="r", kind="non_occurrence", document="d", start=0, end=1, quote="x", content=content)

    assert directions(rec("landed")) == {"arrival"}
    assert directions(rec("took off")) == {"departure"}
    assert directions(rec("no traffic")) == {"arrival", "departure"}
    assert same_site("oslo", "oslo-field", ENTITIES) == "record_site"
    assert same_site("oslo-field", "oslo", ENTITIES) == "record_encloses"
    assert same_site("oslo-harbour", "oslo-field", ENTITIES) is None


def test_order_does_not_depend_on_input_order():
    corpus = Corpus()
    corpus.journey("Velder flew from Berlin to Oslo on 20 December 1935.", day(12, 20, 1935))
    corpus.journey("Oskal flew from Berlin to Oslo on 12 December 1935.", day(12, 12, 1935), people=("p-oskal",))
    corpus.record("No civil aircraft landed at the Nordfjell aerodrome in December 1935.", DEC_1935)
    first = corpus.run()
    assert len(first) == 2 and first[0].claims[0] == "c02"
    random.Random(3).shuffle(corpus.claims)
    assert [f.model_dump() for f in corpus.run()] == [f.model_dump() for f in first]


# ---- the bundled example: analyst claims on the gold and near-miss passages ----------------------

from claimkit import claim_on, example_passages  # noqa: E402  (helpers for this section only)


def test_example_case_impossible_means_and_its_near_miss():
    p = example_passages()
    ents = {
        e.id: e
        for e in [
            Entity(id="geneva", kind="place", name="Geneva"),
            Entity(id="marseille", kind="place", name="Marseille"),
            Entity(id="geneva_cointrin", kind="building", name="Geneva-Cointrin airport", located_in="geneva"),
            Entity(id="marseille_marignane", kind="building", name="Marseille-Marignane airport", located_in="marseille"),
            Entity(id="lucien_marchetti", kind="person", name="Lucien Marchetti"),
        ]
    }
    texts: dict[str, str] = {}
    me = [Participant(entity="lucien_marchetti")]
    feb = TimeWindow(earliest=date(1958, 2, 10), latest=date(1958, 2, 14))
    claims = [
        claim_on(p["ha-03"][0], "out", texts, kind="travel", participants=me, origin="marseille", place="geneva", means="flew",
            time=TimeWindow(earliest=date(1958, 2, 12), latest=date(1958, 2, 12)), speaker="lucien_marchetti"),
        claim_on(p["ha-03"][1], "log", texts, kind="non_occurrence", place="geneva_cointrin", means="aircraft",
            content="landed at or took off from", time=feb),
        claim_on(p["ha-nm-10"][0], "back", texts, kind="travel", participants=me, origin="geneva", place="marseille", means="flew",
            time=TimeWindow(earliest=date(1958, 2, 20), latest=date(1958, 2, 20)), speaker="lucien_marchetti"),
        claim_on(p["ha-nm-10"][1], "service", texts, kind="travel", participants=[], origin="geneva", place="marseille_marignane",
            means="scheduled evening service", time=TimeWindow(earliest=date(1958, 2, 20), latest=date(1958, 2, 20))),
    ]  # fmt: skip
    [f] = check_impossible_means(Context(claims, ents, texts, ReasoningConfig()))
    assert f.claims == ["out", "log"]
    assert {(c.document, c.start, c.end) for c in f.citations} == {(x["document"], x["start"], x["end"]) for x in p["ha-03"]}
    assert "Geneva-Cointrin airport in Geneva from 10 to 14 Feb 1958" in f.summary


# ---- the record index against brute force --------------------------------------------------------

from datetime import timedelta  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from countertrial.reason.checks.impossible_means import _Record, _RecordIndex  # noqa: E402
from countertrial.reason.intervals import day_bounds, overlap  # noqa: E402

_DAY0 = date(1935, 1, 1)
_windows = st.tuples(st.one_of(st.none(), st.integers(0, 60)), st.integers(0, 30)).map(
    lambda t: TimeWindow(
        earliest=None if t[0] is None else _DAY0 + timedelta(days=t[0]),
        latest=None if t[0] is None else _DAY0 + timedelta(days=t[0] + t[1]),
    )
    if t[0] is not None
    else TimeWindow(latest=_DAY0 + timedelta(days=t[1]))
)


@given(st.lists(_windows, max_size=12), st.lists(_windows, min_size=1, max_size=5))
@settings(max_examples=200, deadline=None)
def test_record_index_finds_exactly_the_containing_records(records, journeys):
    index = _RecordIndex()
    recs = []
    for i, w in enumerate(records):
        c = Claim(id=f"r{i}", kind="non_occurrence", document="d", start=0, end=1, quote="x", time=w, place="oslo")
        lo, hi = day_bounds(w)
        rec = _Record(c, "airplane", (), frozenset({"arrival"}), lo, hi)
        recs.append(rec)
        index.add("oslo", rec)
    index.freeze()
    for j in journeys:
        expected = {r.claim.id for r in recs if overlap(j, "event", r.claim.time, "state") == "must"}
        assert {r.claim.id for r in index.containing("oslo", "airplane", j)} == expected
