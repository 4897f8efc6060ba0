"""The anachronism check on small fictional cases: places that did not exist when something happened there."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from countertrial.model import Claim, Entity, Participant, TimeWindow
from countertrial.reason.checks.anachronism import check_anachronism, collect_existence, read_existence, similar_names
from countertrial.reason.engine import Context, ReasoningConfig


def place(eid: str, name: str, kind: str = "place", located_in: str | None = None, **kw) -> Entity:
    return Entity(id=eid, kind=kind, name=name, located_in=located_in, **kw)  # type: ignore[arg-type]


ENTITIES = {
    e.id: e
    for e in [
        place("copenhagen", "Copenhagen", latitude=55.6761, longitude=12.5683),
        place("geneva", "Geneva", latitude=46.2044, longitude=6.1432),
        place("hotel-nordlys", "the Hotel Nordlys", "building", "copenhagen"),
        place("nordlys-bar", "the bar of the Hotel Nordlys", "building", "hotel-nordlys"),
        place("bakery-nordlys", "the Bakery Nordlys", "building", "copenhagen"),
        place("cafe-vinter", "the Cafe Vinter", "building", "copenhagen"),
        place("hotel-aurora", "the Hotel Aurora", "building", "copenhagen"),
        place(
            "cafe-lindqvist", "the Café Lindqvist", "building", "geneva",
            exists_from=date(1912, 5, 1), exists_until=date(1954, 8, 31),
        ),  # fmt: skip
        place("pension-lindqvist", "the Pension Lindqvist", "building", "geneva", exists_from=date(1950, 1, 1)),
        Entity(id="p-anton", kind="person", name="Anton Velder"),
        Entity(id="p-clara", kind="person", name="Clara Mirov"),
        Entity(id="p-oskal", kind="person", name="Dmitri Oskal"),
        Entity(id="p-rask", kind="person", name="Elena Rask"),
        Entity(id="p-holm", kind="person", name="Ivar Holm"),
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
        people: tuple[str, ...] = ("p-anton", "p-clara"),
        place: str | None = "hotel-nordlys",
        window: tuple[date, date] | None = None,
        aspect: str = "event",
        speaker: str | None = "p-oskal",
        **slots,
    ) -> Claim:
        text = self.texts.get(doc, "")
        start = len(text) + (1 if text else 0)
        self.texts[doc] = (text + " " if text else "") + sentence
        roles = ["subject"] + ["companion"] * (len(people) - 1)
        c = Claim(
            id=f"c{len(self.claims) + 1:02d}",
            kind=kind,  # type: ignore[arg-type]
            document=doc,
            start=start,
            end=start + len(sentence),
            quote=sentence,
            participants=[Participant(entity=p, role=r) for p, r in zip(people, roles)],  # type: ignore[arg-type]
            place=place,
            time=TimeWindow(earliest=window[0], latest=window[1]) if window else None,
            aspect=aspect,  # type: ignore[arg-type]
            speaker=speaker,
            **slots,
        )
        self.claims.append(c)
        return c

    def existence(self, doc: str, sentence: str, window: tuple[date, date], *, place: str = "hotel-nordlys", **slots) -> Claim:
        slots.setdefault("speaker", "p-rask")
        return self.claim(doc, sentence, kind="existence", people=(), place=place, window=window, **slots)

    def run(self, entities=ENTITIES):
        return check_anachronism(Context(self.claims, entities, self.texts, ReasoningConfig()))


def year(y: int) -> tuple[date, date]:
    return (date(y, 1, 1), date(y, 12, 31))


NOV_1932 = (date(1932, 11, 1), date(1932, 11, 30))


def pulled_down_and_rebuilt(corpus: Corpus) -> tuple[Claim, Claim]:
    pulled = corpus.existence(
        "guidebook.txt", "The Hotel Nordlys was pulled down in 1917.", year(1917), polarity="denied", content="pulled down"
    )
    rebuilt = corpus.existence("guidebook.txt", "A new Hotel Nordlys was built on the site in 1936.", year(1936), content="rebuilt")
    return pulled, rebuilt


def assert_cited(f, corpus: Corpus) -> None:
    for cit in f.citations:
        assert corpus.texts[cit.document][cit.start : cit.end] == cit.quote


# ---- it fires ------------------------------------------------------------------------------------


def test_meeting_at_a_hotel_between_its_destruction_and_rebuilding():
    corpus = Corpus()
    meeting = corpus.claim("confession.txt", "I met Velder and Mirov at the Hotel Nordlys in November 1932.", window=NOV_1932)
    pulled, rebuilt = pulled_down_and_rebuilt(corpus)
    [f] = corpus.run()
    assert f.kind == "anachronism" and f.rule == "anachronism.existence_interval"
    assert re.fullmatch(r"F-[0-9a-f]{10}", f.id)
    assert f.claims == [meeting.id, pulled.id, rebuilt.id]
    assert [c.quote for c in f.citations] == [meeting.quote, pulled.quote, rebuilt.quote]
    assert_cited(f, corpus)
    assert not f.contested
    assert "Anton Velder met Clara Mirov at the Hotel Nordlys in Copenhagen in November 1932, as Dmitri Oskal says" in f.summary
    assert "pulled down in 1917, as Elena Rask says" in f.summary and "only rebuilt in 1936" in f.summary
    assert f.details["non_existence"][0]["from"] == "1918-01-01"
    assert f.details["non_existence"][0]["until"] == "1935-12-31"
    assert 0.8 < f.confidence <= 1.0 and f.confidence_reason


def test_case_file_dates_alone_and_with_a_passage():
    corpus = Corpus()
    meeting = corpus.claim(
        "trial.txt",
        "In the autumn of 1957 I met Velder at the Café Lindqvist in Geneva.",
        people=("p-oskal", "p-anton"),
        place="cafe-lindqvist",
        window=(date(1957, 9, 1), date(1957, 11, 30)),
    )
    [alone] = corpus.run()
    assert alone.claims == [meeting.id]
    assert "according to the case file" in alone.summary
    closed = corpus.existence(
        "petition.md", "The Café Lindqvist closed its doors in June 1954.", (date(1954, 6, 1), date(1954, 6, 30)), place="cafe-lindqvist", content="closed its doors"
    )
    [cited] = corpus.run()
    assert cited.claims == [meeting.id, closed.id]
    assert "it was closed in June 1954, as Elena Rask says" in cited.summary
    assert cited.confidence > alone.confidence  # a passage weighs more than the analyst's date
    assert_cited(cited, corpus)


def test_a_state_that_runs_into_the_gap():
    corpus = Corpus()
    stay = corpus.claim(
        "letters.txt",
        "Velder lived at the Hotel Nordlys from June 1935 to June 1936.",
        kind="presence",
        people=("p-anton",),
        window=(date(1935, 6, 1), date(1936, 6, 30)),
        aspect="state",
    )
    pulled_down_and_rebuilt(corpus)
    [f] = corpus.run()
    assert f.claims[0] == stay.id and "from 1 Jun 1935 to 30 Jun 1936" in f.summary


def test_denied_existence_and_not_yet_built():
    corpus = Corpus()
    a = corpus.claim("a.txt", "We met at the Hotel Nordlys in March 1930.", window=(date(1930, 3, 1), date(1930, 3, 31)))
    denial = corpus.existence("b.txt", "There was no Hotel Nordlys in 1930.", year(1930), polarity="denied")
    b = corpus.claim("a.txt", "We met at the Hotel Aurora in 1933.", place="hotel-aurora", window=year(1933))
    opened = corpus.existence("b.txt", "The Hotel Aurora opened in 1936.", year(1936), place="hotel-aurora", content="opened")
    findings = corpus.run()
    assert [f.claims for f in findings] == [[a.id, denial.id], [b.id, opened.id]]
    assert "did not exist throughout 1930" in findings[0].summary
    assert "only opened in 1936" in findings[1].summary


def test_a_room_inside_a_building_that_did_not_exist():
    corpus = Corpus()
    bar = corpus.claim("a.txt", "We met in the bar of the Hotel Nordlys in 1932.", place="nordlys-bar", window=year(1932))
    pulled_down_and_rebuilt(corpus)
    [f] = corpus.run()
    assert f.claims[0] == bar.id and f.details["place"] == "hotel-nordlys"
    assert "where that was" in f.summary


def test_travel_origin_is_checked_too():
    corpus = Corpus()
    trip = corpus.claim(
        "a.txt",
        "Velder left the Hotel Nordlys for Geneva in 1932.",
        kind="travel",
        people=("p-anton",),
        place="geneva",
        origin="hotel-nordlys",
        window=year(1932),
    )
    pulled_down_and_rebuilt(corpus)
    [f] = corpus.run()
    assert f.claims[0] == trip.id and f.details["role"] == "origin"


def test_open_windows_on_both_sides_give_a_finite_confidence():
    corpus = Corpus()
    before = corpus.claim("a.txt", "We met at the Hotel Aurora some time before 1930.", place="hotel-aurora", window=(None, date(1929, 12, 31)))
    corpus.existence("b.txt", "The Hotel Aurora opened in 1936.", year(1936), place="hotel-aurora", content="opened")
    [f] = corpus.run()
    assert f.claims[0] == before.id and 0 < f.confidence <= 1
    assert "at some time before 31 Dec 1929" in f.summary


# ---- contested, never dropped ------------------------------------------------------------------


def test_similar_name_establishment_contests_the_finding():
    corpus = Corpus()
    meeting = corpus.claim("confession.txt", "I met Velder and Mirov at the Hotel Nordlys in November 1932.", window=NOV_1932)
    pulled, rebuilt = pulled_down_and_rebuilt(corpus)
    bakery = corpus.claim(
        "study.txt",
        "In 1932 the Bakery Nordlys by the harbour was where Holm took his breakfast.",
        kind="presence",
        people=("p-holm",),
        place="bakery-nordlys",
        window=year(1932),
        aspect="state",
        speaker="p-holm",
    )
    [f] = corpus.run()
    assert f.contested
    assert f.claims == [meeting.id, pulled.id, rebuilt.id, bakery.id]
    assert "Contested" in f.summary and "the Bakery Nordlys" in f.summary
    readings = {r["reading"] for r in f.details["readings"]}
    assert readings == {"anachronism", "similar_name"}
    assert_cited(f, corpus)


def test_rival_attested_earlier_persists_unless_it_ended():
    corpus = Corpus()
    corpus.claim("confession.txt", "I met Velder and Mirov at the Hotel Nordlys in November 1932.", window=NOV_1932)
    pulled_down_and_rebuilt(corpus)
    photos = corpus.existence(
        "study.txt", "Holm kept receipts of the Bakery Nordlys from 1929 to 1931.", (date(1929, 1, 1), date(1931, 12, 31)),
        place="bakery-nordlys", aspect="state", speaker="p-holm",
    )  # fmt: skip
    [f] = corpus.run()
    assert f.contested and photos.id in f.claims and "from 1 Jan 1929 to 31 Dec 1931" in f.summary
    corpus.existence("study.txt", "The Bakery Nordlys closed in 1931.", year(1931), place="bakery-nordlys", content="closed")
    corpus.existence("study.txt", "It closed for good.", (date(1931, 6, 1), date(1931, 6, 30)), place="bakery-nordlys", content="closed")
    [g] = corpus.run()
    assert not g.contested  # gone by November 1932: not a reading of the claim


def test_affirmed_existence_contests_the_finding():
    corpus = Corpus()
    corpus.claim("confession.txt", "I met Velder and Mirov at the Hotel Nordlys in November 1932.", window=NOV_1932)
    pulled_down_and_rebuilt(corpus)
    stood = corpus.existence("memoir.txt", "The Hotel Nordlys still stood in 1932.", year(1932), aspect="state", speaker="p-holm")
    [f] = corpus.run()
    assert f.contested and stood.id in f.claims
    assert {r["reading"] for r in f.details["readings"]} == {"anachronism", "existed"}


def test_similar_name_rival_by_case_file_dates():
    corpus = Corpus()
    corpus.claim(
        "trial.txt",
        "In 1957 I met Velder at the Café Lindqvist in Geneva.",
        people=("p-oskal", "p-anton"),
        place="cafe-lindqvist",
        window=year(1957),
    )
    [f] = corpus.run()
    assert f.contested and "the Pension Lindqvist" in f.summary


# ---- near misses ---------------------------------------------------------------------------------


def test_near_miss_while_it_still_existed():
    corpus = Corpus()
    corpus.claim(
        "memoir.txt",
        "I drank coffee at the Café Lindqvist in the spring of 1949.",
        kind="presence",
        people=("p-clara",),
        place="cafe-lindqvist",
        window=(date(1949, 3, 1), date(1949, 5, 31)),
    )
    corpus.claim("a.txt", "We met at the Hotel Nordlys in 1937.", window=year(1937))  # after the rebuilding
    pulled_down_and_rebuilt(corpus)
    assert corpus.run() == []


def test_near_miss_event_window_may_fall_outside_the_gap():
    corpus = Corpus()
    corpus.claim("a.txt", "We met at the Hotel Nordlys between 1935 and 1937.", window=(date(1935, 1, 1), date(1937, 12, 31)))
    corpus.claim("a.txt", "We met at the Hotel Nordlys in 1917.", window=year(1917))  # perhaps before the razing
    pulled_down_and_rebuilt(corpus)
    assert corpus.run() == []


def test_near_miss_denied_undated_and_other_places():
    corpus = Corpus()
    corpus.claim("a.txt", "I never met Velder at the Hotel Nordlys in 1932.", window=year(1932), polarity="denied")
    corpus.claim("a.txt", "We met at the Hotel Nordlys.", window=None)
    corpus.claim("a.txt", "We met at the Cafe Vinter in 1932.", place="cafe-vinter", window=year(1932))
    pulled_down_and_rebuilt(corpus)
    assert corpus.run() == []


def test_near_miss_uncertain_destruction_date():
    corpus = Corpus()
    corpus.claim("a.txt", "We met at the Hotel Aurora in November 1932.", place="hotel-aurora", window=NOV_1932)
    corpus.existence("b.txt", "The Hotel Aurora was destroyed in 1932.", year(1932), place="hotel-aurora", content="destroyed")
    assert corpus.run() == []  # it may have been destroyed in December


def test_near_miss_existence_claims_are_not_themselves_checked():
    corpus = Corpus()
    pulled_down_and_rebuilt(corpus)
    corpus.existence("memoir.txt", "The Hotel Nordlys stood in 1932.", year(1932), aspect="state")
    assert corpus.run() == []


# ---- reading and determinism ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "polarity", "aspect", "reading"),
    [
        ("burned down", "denied", "event", "end"),
        ("was demolished", "affirmed", "event", "end"),
        ("closed", "affirmed", "state", "absent"),
        ("built", "affirmed", "event", "begin"),
        ("rebuilt", "affirmed", "event", "restart"),
        ("not yet built", "denied", "event", "absent"),
        ("did not exist", "denied", "state", "absent"),
        ("stood", "affirmed", "state", "present"),
    ],
)
def test_how_existence_claims_are_read(content, polarity, aspect, reading):
    c = Claim(id="x", kind="existence", document="d", start=0, end=1, quote="x", content=content, polarity=polarity, aspect=aspect)
    assert read_existence(c)[0] == reading


def test_similar_names_ignore_generic_words():
    assert similar_names(ENTITIES["hotel-nordlys"], ENTITIES["bakery-nordlys"])
    assert not similar_names(ENTITIES["hotel-nordlys"], ENTITIES["hotel-aurora"])


def test_case_file_gaps():
    ex = collect_existence([], ENTITIES)["cafe-lindqvist"]
    gaps = sorted(((g.window().earliest, g.window().latest) for g in ex.gaps()), key=str)
    assert gaps == [(None, date(1912, 4, 30)), (date(1954, 9, 1), None)]


def test_order_and_ids_do_not_depend_on_input_order():
    corpus = Corpus()
    corpus.claim("a.txt", "We met at the Hotel Nordlys in 1932.", window=year(1932))
    corpus.claim("a.txt", "We met at the Hotel Nordlys in 1920.", window=year(1920))
    corpus.claim("a.txt", "In 1957 we met at the Café Lindqvist.", place="cafe-lindqvist", window=year(1957))
    pulled_down_and_rebuilt(corpus)
    first = corpus.run()
    assert len(first) == 3
    random.Random(7).shuffle(corpus.claims)
    again = corpus.run()
    assert [f.model_dump() for f in again] == [f.model_dump() for f in first]


# ---- the bundled example: analyst claims on the gold and near-miss passages ----------------------

from claimkit import claim_on, example_passages  # noqa: E402  (helpers for this section only)


def test_example_case_anachronism_and_its_near_misses():
    p = example_passages()
    ents = {
        e.id: e
        for e in [
            place("geneva", "Geneva"),
            place("lisbon", "Lisbon"),
            place("cafe_riviera", "Café Riviera", "building", "geneva", exists_from=date(1912, 5, 1), exists_until=date(1954, 8, 31)),
            place("hotel_miradouro", "Hotel Miradouro", "building", "lisbon", exists_from=date(1951, 4, 1)),
            place("geneva_bank", "the bank on the Quai du Mont-Blanc", "building", "geneva"),
            Entity(id="lucien_marchetti", kind="person", name="Lucien Marchetti"),
            Entity(id="dragan_jovanovic", kind="person", name="Dragan Jovanović"),
            Entity(id="helene_marchetti", kind="person", name="Hélène Marchetti"),
            Entity(id="claire_aubry", kind="person", name="Claire Aubry"),
        ]
    }
    texts: dict[str, str] = {}

    def who(*ids):
        return [Participant(entity=i, role="subject" if n == 0 else "companion") for n, i in enumerate(ids)]  # type: ignore[arg-type]

    claims = [
        claim_on(p["ha-02"][0], "first", texts, kind="first_contact", participants=who("lucien_marchetti", "dragan_jovanovic"),
            place="cafe_riviera", time=TimeWindow(earliest=date(1957, 9, 1), latest=date(1957, 11, 30)), speaker="lucien_marchetti"),
        claim_on(p["ha-02"][1], "closed", texts, kind="existence", place="cafe_riviera", polarity="denied",
            content="closed its doors; demolished", time=TimeWindow(earliest=date(1954, 6, 1), latest=date(1954, 8, 31)), speaker="claire_aubry"),
        claim_on(p["ha-nm-07"][0], "coffee", texts, kind="presence", participants=who("helene_marchetti"), place="cafe_riviera", aspect="state",
            time=TimeWindow(earliest=date(1949, 3, 1), latest=date(1949, 5, 31)), speaker="helene_marchetti"),
        claim_on(p["ha-nm-08"][0], "dinner", texts, kind="meeting", participants=who("dragan_jovanovic"), place="hotel_miradouro",
            time=TimeWindow(earliest=date(1958, 3, 4), latest=date(1958, 3, 4))),
        claim_on(p["ha-nm-09"][0], "bank", texts, kind="presence", participants=who("helene_marchetti", "lucien_marchetti"), place="geneva_bank",
            time=TimeWindow(earliest=date(1962, 6, 1), latest=date(1962, 8, 31)), speaker="helene_marchetti"),
    ]  # fmt: skip
    [f] = check_anachronism(Context(claims, ents, texts, ReasoningConfig()))
    assert f.claims == ["first", "closed"] and not f.contested
    assert {(c.document, c.start, c.end) for c in f.citations} == {(x["document"], x["start"], x["end"]) for x in p["ha-02"]}
    assert "Café Riviera" in f.summary and "autumn" not in f.summary  # windows are described from their bounds
