"""The chronology check on small fictional cases: instructions and meetings before two people were ever in touch."""

from __future__ import annotations

import random
import re
from datetime import date

from countertrial.model import Claim, Entity, Participant, TimeWindow
from countertrial.reason.checks.chronology import (
    build_networks,
    bounds_of,
    check_chronology,
    contact_readings,
    first_contact_scope,
)
from countertrial.reason.engine import Context, ReasoningConfig

ENTITIES = {
    e.id: e
    for e in [
        Entity(id="p-jov", kind="person", name="Teodor Vasić"),  # the alleged organiser
        Entity(id="p-del", kind="person", name="Armin Delacroix"),  # the alleged courier
        Entity(id="p-mar", kind="person", name="Luca Moretti"),  # the accused
        Entity(id="p-fis", kind="person", name="Ilse Brandt"),
        Entity(id="p-mas", kind="person", name="Pavel Kessler"),
        Entity(id="p-lur", kind="person", name="Oskar Lindt"),
        Entity(id="p-zin", kind="person", name="Viktor Hale"),
        Entity(id="p-aut", kind="person", name="Nadia Sorel"),  # an author who reports
        Entity(id="geneva", kind="place", name="Geneva"),
    ]
}


class Corpus:
    """Builds documents sentence by sentence so that every claim's quote is its exact passage."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.claims: list[Claim] = []

    def claim(self, doc: str, sentence: str, *, kind: str, parts: list[tuple[str, str]], window, aspect="event", **slots) -> Claim:
        text = self.texts.get(doc, "")
        start = len(text) + (1 if text else 0)
        self.texts[doc] = (text + " " if text else "") + sentence
        lo, hi = window if window else (None, None)
        c = Claim(
            id=f"c{len(self.claims) + 1:02d}",
            kind=kind,  # type: ignore[arg-type]
            document=doc,
            start=start,
            end=start + len(sentence),
            quote=sentence,
            participants=[Participant(entity=e, role=r) for e, r in parts],  # type: ignore[arg-type]
            time=TimeWindow(earliest=lo, latest=hi) if window else None,
            aspect=aspect,
            **slots,
        )
        self.claims.append(c)
        return c

    def passed(self, sentence, window, *, sender="p-jov", via=("p-del",), to="p-mar", doc="trial.txt", **slots) -> Claim:
        parts = ([(sender, "sender")] if sender else []) + [(v, "intermediary") for v in via] + ([(to, "receiver")] if to else [])
        slots.setdefault("speaker", "p-mar")
        slots.setdefault("content", "instructions")
        return self.claim(doc, sentence, kind="communication", parts=parts, window=window, **slots)

    def first_met(self, sentence, window, a="p-del", b="p-mar", *, doc="trial.txt", **slots) -> Claim:
        slots.setdefault("speaker", a)
        return self.claim(doc, sentence, kind="first_contact", parts=[(a, "subject"), (b, "companion")], window=window, **slots)

    def run(self, **kw):
        return check_chronology(Context(self.claims, ENTITIES, self.texts, ReasoningConfig()), **kw)


def month(y: int, m: int) -> tuple[date, date]:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return (date(y, m, 1), date.fromordinal(nxt.toordinal() - 1))


def year(y: int) -> tuple[date, date]:
    return (date(y, 1, 1), date(y, 12, 31))


def assert_cited(f, corpus: Corpus) -> None:
    for cit in f.citations:
        assert corpus.texts[cit.document][cit.start : cit.end] == cit.quote


# ---- it fires ------------------------------------------------------------------------------------


def test_courier_passed_instructions_before_he_first_met_the_recipient():
    corpus = Corpus()
    passed = corpus.passed("In January 1958 Armin Delacroix passed instructions from Vasić to me.", month(1958, 1))
    met = corpus.first_met("I first met Luca Moretti in April 1958, when he came to my shop.", month(1958, 4))
    [f] = corpus.run()
    assert f.kind == "chronology" and f.rule == "chronology.transmission_before_contact"
    assert re.fullmatch(r"F-[0-9a-f]{10}", f.id)
    assert f.claims == [passed.id, met.id] and f.details["minimal_set"] == [passed.id, met.id]
    assert [c.quote for c in f.citations] == [passed.quote, met.quote]
    assert_cited(f, corpus)
    assert f.summary == (
        "Armin Delacroix passed instructions from Teodor Vasić to Luca Moretti in January 1958, as Luca Moretti says; "
        "but Armin Delacroix first met Luca Moretti only in April 1958, as Armin Delacroix says: "
        "so Armin Delacroix and Luca Moretti had not yet met when it was passed."
    )
    assert f.details["clashing_contacts"][0]["days_before"] == 60
    assert "in person" in f.confidence_reason and 0.5 < f.confidence < 1


def test_intermediaries_had_no_contact_with_the_sender_yet():
    corpus = Corpus()
    passed = corpus.passed(
        "Lindt was recruited through Ilse Brandt, who is said to have handed him Vasić's orders early in 1933.",
        (date(1933, 1, 1), date(1933, 4, 30)),
        via=("p-fis",),
        to="p-lur",
        speaker="p-aut",
        modality="reported",
    )
    support = corpus.claim(
        "book.txt",
        "At that time Vasić had no contact at all with Ilse Brandt.",
        kind="first_contact",
        parts=[("p-jov", "subject"), ("p-fis", "companion")],
        window=(date(1933, 1, 1), date(1933, 4, 30)),
        aspect="state",
        polarity="denied",
        speaker="p-aut",
    )
    bound = corpus.first_met(
        "Their contact began only in 1934.", year(1934), a="p-jov", b="p-fis", doc="book.txt", speaker="p-aut"
    )
    assert first_contact_scope(bound) == "any"
    [f] = corpus.run()
    assert f.details["minimal_set"] == [passed.id, bound.id]
    assert f.details["supporting"] == [support.id]
    assert f.claims == [passed.id, bound.id, support.id]
    assert f.details["clashing_contacts"][0]["implied"] is True
    assert "Ilse Brandt could not yet have received anything from Teodor Vasić to pass on" in f.summary
    assert "Teodor Vasić first came into contact with Ilse Brandt only in 1934" in f.summary
    assert "as Nadia Sorel reports" in f.summary
    assert "self-contradiction" not in f.summary  # the author reports the accusation he refutes
    assert_cited(f, corpus)


def test_direct_delivery_before_the_first_meeting():
    corpus = Corpus()
    brought = corpus.passed(
        "Lindt carried urgent orders to Hale in March 1933.",
        month(1933, 3),
        sender="p-lur",
        via=(),
        to="p-zin",
        content="urgent orders",
    )
    met = corpus.first_met("Lindt first saw him in August 1934.", month(1934, 8), a="p-lur", b="p-zin", doc="book.txt", speaker="p-aut")
    [f] = corpus.run()
    assert f.details["minimal_set"] == [brought.id, met.id]
    assert f.summary.startswith("Oskar Lindt passed urgent orders to Viktor Hale in March 1933")


def test_meeting_before_a_denial_until():
    corpus = Corpus()
    meeting = corpus.claim(
        "confession.txt", "I met Moretti in Geneva in 1932.", kind="meeting", parts=[("p-jov", "subject"), ("p-mar", "companion")], window=year(1932), place="geneva"
    )
    denial = corpus.claim(
        "declaration.txt",
        "I did not meet Moretti before 1934.",
        kind="meeting",
        parts=[("p-jov", "subject"), ("p-mar", "companion")],
        window=(None, date(1933, 12, 31)),
        polarity="denied",
        speaker="p-jov",
    )
    [f] = corpus.run()
    assert f.rule == "chronology.contact_before_first_contact"
    assert f.details["minimal_set"] == [meeting.id, denial.id]
    assert "Teodor Vasić did not meet Luca Moretti until 31 Dec 1933" in f.summary


def test_letter_before_no_contact_until():
    corpus = Corpus()
    letter = corpus.passed("In May 1932 Vasić wrote to Moretti.", month(1932, 5), via=(), means="letter")
    bound = corpus.first_met("Vasić and Moretti had no contact of any kind before 1934.", year(1934), a="p-jov", b="p-mar")
    corpus.first_met("Vasić first met Moretti in 1935.", year(1935), a="p-jov", b="p-mar")  # in person only: a letter is no meeting
    [f] = corpus.run()
    assert f.details["minimal_set"] == [letter.id, bound.id]


def test_every_minimal_set_is_reported():
    corpus = Corpus()
    passed = corpus.passed("In January 1958 Delacroix passed instructions from Vasić to me.", month(1958, 1))
    a = corpus.first_met("I first met Luca Moretti in April 1958.", month(1958, 4))
    b = corpus.first_met("Delacroix first met Moretti in the summer of 1958.", (date(1958, 6, 1), date(1958, 8, 31)), doc="press.txt", speaker="p-aut")
    findings = corpus.run()
    assert sorted(f.details["minimal_set"] for f in findings) == [[passed.id, a.id], [passed.id, b.id]]
    assert len({f.id for f in findings}) == 2


def test_two_intermediaries_clash_only_if_every_reading_does():
    corpus = Corpus()
    passed = corpus.passed(
        "Brandt and Kessler passed instructions from Vasić to Lindt in 1933.", year(1933), via=("p-fis", "p-mas"), to="p-lur"
    )
    fis = corpus.first_met("Vasić first came into contact with Brandt in 1935.", year(1935), a="p-jov", b="p-fis", doc="book.txt")
    assert corpus.run() == []  # Kessler may have carried it from Vasić
    mas = corpus.first_met("Vasić had no contact with Kessler until 1936.", year(1936), a="p-jov", b="p-mas", doc="book.txt")
    [f] = corpus.run()
    assert f.details["minimal_set"] == [passed.id, fis.id, mas.id]
    assert f.details["reading_count"] == 4


def test_one_bound_claim_about_a_couple_of_intermediaries():
    corpus = Corpus()
    passed = corpus.passed(
        "Brandt and Kessler passed instructions from Vasić to Lindt early in 1933.",
        (date(1933, 1, 1), date(1933, 3, 31)),
        via=("p-fis", "p-mas"),
        to="p-lur",
    )
    bound = corpus.claim(
        "book.txt",
        "Vasić's contact with Brandt and Kessler began only in 1934.",
        kind="first_contact",
        parts=[("p-jov", "subject"), ("p-fis", "companion"), ("p-mas", "companion")],
        window=year(1934),
    )
    [f] = corpus.run()
    assert f.details["minimal_set"] == [passed.id, bound.id]
    assert "Teodor Vasić first came into contact with Ilse Brandt and Pavel Kessler only in 1934" in f.summary
    assert "Ilse Brandt and Pavel Kessler could not yet have received anything from Teodor Vasić to pass on" in f.summary


# ---- near misses ---------------------------------------------------------------------------------


def test_near_miss_instruction_after_first_contact():
    corpus = Corpus()
    corpus.passed("In the middle of May 1958 Delacroix handed me a letter from Vasić.", (date(1958, 5, 11), date(1958, 5, 20)))
    corpus.first_met("I first met Luca Moretti in April 1958.", month(1958, 4))
    assert corpus.run() == []


def test_near_miss_windows_may_overlap():
    corpus = Corpus()
    corpus.passed("In 1958 Delacroix passed instructions from Vasić to me.", year(1958))
    corpus.passed("In the spring of 1958 Delacroix passed instructions to me.", (date(1958, 3, 1), date(1958, 5, 31)), sender=None)
    corpus.first_met("I first met Luca Moretti in April 1958.", month(1958, 4))
    assert corpus.run() == []


def test_near_miss_different_intermediary():
    corpus = Corpus()
    corpus.passed("In January 1958 Ilse Brandt passed instructions from Vasić to me.", month(1958, 1), via=("p-fis",))
    corpus.first_met("I first met Luca Moretti in April 1958.", month(1958, 4))  # Delacroix's first meeting, not Brandt's
    assert corpus.run() == []


def test_near_miss_letter_before_a_first_meeting_in_person():
    corpus = Corpus()
    corpus.passed("In May 1932 Vasić wrote to Moretti.", month(1932, 5), via=(), means="letter")
    corpus.first_met("Vasić first met Moretti in 1935.", year(1935), a="p-jov", b="p-mar")
    assert corpus.run() == []


def test_near_miss_two_datings_of_one_first_meeting_are_not_an_order():
    corpus = Corpus()
    a = corpus.first_met("In the autumn of 1957 I met Vasić for the first time.", (date(1957, 9, 1), date(1957, 11, 30)), a="p-mar", b="p-jov")
    b = corpus.first_met("I met Vasić for the first time in January 1958.", month(1958, 1), a="p-mar", b="p-jov", doc="interrogation.txt")
    assert corpus.run() == []  # a version conflict or self-contradiction, not chronology
    [f] = corpus.run(compare_first_contacts=True)
    assert f.details["minimal_set"] == [a.id, b.id]


def test_near_miss_denials_and_undated_claims():
    corpus = Corpus()
    corpus.passed("Delacroix passed instructions from Vasić to me.", None)
    corpus.claim(
        "declaration.txt",
        "Delacroix did not meet Moretti in 1957.",
        kind="meeting",
        parts=[("p-del", "subject"), ("p-mar", "companion")],
        window=year(1957),
        polarity="denied",
    )
    corpus.passed("In January 1958 Delacroix passed instructions from Vasić to me.", month(1958, 1))
    assert corpus.run() == []  # a closed-window denial is no bound, and undated claims say nothing


# ---- parts and determinism -----------------------------------------------------------------------


def test_networks_and_readings():
    corpus = Corpus()
    passed = corpus.passed("In January 1958 Delacroix passed instructions from Vasić to me.", month(1958, 1))
    met = corpus.first_met("I first met Luca Moretti in April 1958.", month(1958, 4))
    [legs] = contact_readings(passed, ENTITIES)
    assert [(l.a, l.b, l.hidden, l.mode) for l in legs] == [("p-jov", "p-del", True, "in_person"), ("p-del", "p-mar", False, "in_person")]
    [bound] = bounds_of(met, ENTITIES)
    assert bound.scope == "in_person" and bound.kind == "first_contact"
    [net] = build_networks(passed, [legs], [bound])
    assert not net.is_consistent() and net.minimal_conflict() == {passed.id, met.id}


def test_order_and_ids_do_not_depend_on_input_order():
    corpus = Corpus()
    corpus.passed("In January 1958 Delacroix passed instructions from Vasić to me.", month(1958, 1))
    corpus.passed("In February 1958 Delacroix passed more instructions to me.", month(1958, 2), sender=None)
    corpus.first_met("I first met Luca Moretti in April 1958.", month(1958, 4))
    first = corpus.run()
    assert len(first) == 2
    random.Random(5).shuffle(corpus.claims)
    assert [f.model_dump() for f in corpus.run()] == [f.model_dump() for f in first]


# ---- the bundled example: analyst claims on the gold and near-miss passages ----------------------

from claimkit import claim_on, example_passages  # noqa: E402  (helpers for this section only)


def test_example_case_chronology_and_its_near_miss():
    p = example_passages()
    ents = {
        e.id: e
        for e in [
            Entity(id="lucien_marchetti", kind="person", name="Lucien Marchetti"),
            Entity(id="dragan_jovanovic", kind="person", name="Dragan Jovanović"),
            Entity(id="armand_delorme", kind="person", name="Armand Delorme"),
        ]
    }
    texts: dict[str, str] = {}
    chain = [
        Participant(entity="dragan_jovanovic", role="sender"),
        Participant(entity="armand_delorme", role="intermediary"),
        Participant(entity="lucien_marchetti", role="receiver"),
    ]
    claims = [
        claim_on(p["ha-04"][0], "january", texts, kind="communication", participants=chain, content="instructions",
            time=TimeWindow(earliest=date(1958, 1, 1), latest=date(1958, 1, 31)), speaker="lucien_marchetti"),
        claim_on(p["ha-04"][1], "april", texts, kind="first_contact", speaker="armand_delorme",
            participants=[Participant(entity="armand_delorme"), Participant(entity="lucien_marchetti", role="companion")],
            time=TimeWindow(earliest=date(1958, 4, 1), latest=date(1958, 4, 30))),
        claim_on(p["ha-nm-11"][0], "may", texts, kind="communication", participants=chain, content="a letter",
            time=TimeWindow(earliest=date(1958, 5, 11), latest=date(1958, 5, 20)), speaker="lucien_marchetti"),
    ]  # fmt: skip
    [f] = check_chronology(Context(claims, ents, texts, ReasoningConfig()))
    assert f.details["minimal_set"] == ["january", "april"]
    assert {(c.document, c.start, c.end) for c in f.citations} == {(x["document"], x["start"], x["end"]) for x in p["ha-04"]}


def test_intermediary_met_the_sender_only_later_unless_a_letter_is_said():
    """The courier's hidden contact with the sender is read as in person, discounted; a letter lifts the clash."""
    corpus = Corpus()
    corpus.passed("In January 1958 Delacroix brought me instructions from Vasić.", month(1958, 1))
    corpus.first_met("Delacroix first met Vasić in person in June 1958.", month(1958, 6), a="p-del", b="p-jov")
    [f] = corpus.run()
    assert "if it came by letter or courier there is no clash" in f.confidence_reason

    letter = Corpus()
    letter.passed("In January 1958 Delacroix brought me a letter from Vasić.", month(1958, 1), means="letter")
    letter.first_met("Delacroix first met Vasić in person in June 1958.", month(1958, 6), a="p-del", b="p-jov")
    assert letter.run() == []
