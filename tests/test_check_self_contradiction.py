"""The self_contradiction check on small fictional cases: one speaker, two statements that cannot both hold.

Must fire: a first meeting moved in time and place between interrogation and trial; a confession denied
in court. Must not: a denial of another place, different events in different months, two speakers,
unknown speakers, and a second ordinary meeting.
"""

from __future__ import annotations

from countertrial.model import DocumentMeta
from countertrial.reason.checks.self_contradiction import (
    RULE_ACCOUNTS,
    RULE_NEGATION,
    check_self_contradiction,
)

from claimkit import CorpusBase, entity, month, window


ENTITIES = {
    e.id: e
    for e in [
        entity("anna", "person", "Anna Ilves"),
        entity("karl", "person", "Karl Ots"),
        entity("mira", "person", "Mira Sand"),
        entity("oleg", "person", "Oleg Tamm"),
        entity("tartu", "place", "Tartu"),
        entity("narva", "place", "Narva"),
        entity("riga", "place", "Riga"),
        entity("cafe-linden", "building", "the Cafe Linden", "riga"),
        entity("office", "building", "the harbour office", "narva"),
    ]
}


class Corpus(CorpusBase):
    entities = ENTITIES


def met(a: str, b: str) -> list[tuple[str, str]]:
    return [(a, "subject"), (b, "companion")]


def custody_and_trial(c: Corpus) -> None:
    c.meta["interrogation.txt"] = DocumentMeta(
        kind="interrogation", date="1958-06-05", date_window=window("1958-06-05", "1958-06-05"),
        conditions="in custody; questioned at night; later retracted",
    )
    c.meta["trial.txt"] = DocumentMeta(kind="trial_record", date="1958-10-14", date_window=window("1958-10-14", "1958-10-14"))


def test_a_first_meeting_moved_in_time_and_place_between_interrogation_and_trial():
    c = Corpus()
    custody_and_trial(c)
    trial = c.say("trial.txt", "In the autumn of 1957 I met Karl Ots for the first time, at the Cafe Linden in Riga.",
                  "first_contact", met("oleg", "karl"), speaker="oleg", place="cafe-linden",
                  time=window("1957-09-01", "1957-11-30"))
    custody = c.say("interrogation.txt", "I met Karl Ots for the first time in January 1958, at the harbour office.",
                    "first_contact", met("oleg", "karl"), speaker="oleg", place="office", time=month(1958, 1))
    ctx = c.context()
    [f] = check_self_contradiction(ctx)
    assert f.kind == "self_contradiction" and f.rule == RULE_ACCOUNTS
    assert f.claims == [custody.id, trial.id]  # the earlier statement first
    for cit in f.citations:
        assert ctx.texts[cit.document][cit.start : cit.end] == cit.quote
    assert f.summary.startswith("Oleg Tamm gives incompatible accounts")
    assert "made in custody" in f.summary and "later retracted" in f.summary
    assert {d["slot"] for d in f.details["differences"]} == {"time", "place"}
    assert "1958-06-05" in f.confidence_reason
    assert f.confidence >= 0.75  # custody explains the contradiction; it does not weaken it


def test_a_confession_denied_in_court():
    c = Corpus()
    custody_and_trial(c)
    c.say("interrogation.txt", "Mira Sand passed me the instructions of Anna Ilves in Riga in 1931.", "communication",
          [("anna", "sender"), ("mira", "intermediary"), ("karl", "receiver")], speaker="karl", place="riga",
          time=window("1931-01-01", "1931-12-31"))
    c.say("trial.txt", "Mira Sand never passed me any instructions from Anna Ilves.", "communication",
          [("anna", "sender"), ("mira", "intermediary"), ("karl", "receiver")], speaker="karl", polarity="denied")
    [f] = check_self_contradiction(c.context())
    assert f.rule == RULE_NEGATION
    assert "Karl Ots both affirms and denies" in f.summary


def test_second_hand_and_same_document_statements_weigh_less():
    def build(reported: bool, same_doc: bool) -> float:
        c = Corpus()
        c.meta["book.txt"] = DocumentMeta(kind="trial_record", speakers=["Oleg Tamm", "Mira Sand"])
        kw = {"reported_by": "mira", "modality": "reported"} if reported else {}
        c.say("book.txt", "Oleg Tamm said he first met Karl Ots in Tartu in May 1930.", "first_contact", met("oleg", "karl"),
              speaker="oleg", place="tartu", time=month(1930, 5), **kw)
        c.say("book.txt" if same_doc else "trial.txt", "Oleg Tamm first met Karl Ots in Riga in June 1931.", "first_contact",
              met("oleg", "karl"), speaker="oleg", place="riga", time=month(1931, 6))
        [f] = check_self_contradiction(c.context())
        return f.confidence

    plain = build(False, False)
    assert build(True, False) < plain
    assert build(False, True) < plain


# --- near misses -------------------------------------------------------------------------------------


def test_denying_one_city_and_affirming_another_is_consistent():
    c = Corpus()
    c.say("trial.txt", "In December 1957 I met Anna Ilves in Narva.", "meeting", met("karl", "anna"), speaker="karl",
          place="narva", time=month(1957, 12))
    c.say("trial.txt", "I never met Anna Ilves in Tartu.", "meeting", met("karl", "anna"), speaker="karl",
          place="tartu", polarity="denied")
    assert check_self_contradiction(c.context()) == []


def test_a_stay_in_april_and_a_journey_in_may_are_two_facts():
    c = Corpus()
    custody_and_trial(c)
    c.say("interrogation.txt", "I spent the whole of April 1958 in Narva.", "presence", [("oleg", "subject")],
          speaker="oleg", place="narva", time=month(1958, 4), aspect="state")
    c.say("trial.txt", "At the end of May 1958 I travelled by train to Tartu.", "travel", [("oleg", "subject")],
          speaker="oleg", place="tartu", means="train", time=window("1958-05-21", "1958-05-31"))
    assert check_self_contradiction(c.context()) == []


def test_two_speakers_are_a_denial_not_a_self_contradiction():
    c = Corpus()
    c.say("a.txt", "I met Anna Ilves in Narva in 1957.", "meeting", met("karl", "anna"), speaker="karl", place="narva",
          time=window("1957-01-01", "1957-12-31"))
    c.say("b.txt", "I never met Karl Ots.", "meeting", met("anna", "karl"), speaker="anna", polarity="denied")
    assert check_self_contradiction(c.context()) == []


def test_statements_whose_speaker_is_unknown_are_not_attributed_to_one_person():
    c = Corpus()
    c.say("a.txt", "Karl Ots met Anna Ilves in Narva in 1957.", "meeting", met("karl", "anna"), place="narva",
          time=window("1957-01-01", "1957-12-31"))
    c.say("a.txt", "Karl Ots never met Anna Ilves.", "meeting", met("karl", "anna"), polarity="denied")
    assert check_self_contradiction(c.context()) == []


def test_two_ordinary_meetings_at_different_times_and_places_are_two_meetings():
    c = Corpus()
    c.say("interrogation.txt", "I met Anna Ilves in Narva in March 1958.", "meeting", met("karl", "anna"),
          speaker="karl", place="narva", time=month(1958, 3))
    c.say("trial.txt", "I met Anna Ilves in Riga in May 1958.", "meeting", met("karl", "anna"), speaker="karl",
          place="riga", time=month(1958, 5))
    assert check_self_contradiction(c.context()) == []


def test_a_first_meeting_told_twice_with_compatible_details_is_consistent():
    c = Corpus()
    c.say("interrogation.txt", "I first met Anna Ilves in Riga in the autumn of 1957.", "first_contact",
          met("karl", "anna"), speaker="karl", place="riga", time=window("1957-09-01", "1957-11-30"))
    c.say("trial.txt", "I first met Anna Ilves at the Cafe Linden in October 1957.", "first_contact",
          met("karl", "anna"), speaker="karl", place="cafe-linden", time=month(1957, 10))
    assert check_self_contradiction(c.context()) == []


def test_a_reprint_misquoting_the_speaker_is_not_the_speakers_contradiction():
    c = Corpus()
    c.meta["trial.txt"] = DocumentMeta(kind="trial_record")
    c.meta["wire.txt"] = DocumentMeta(kind="wire_story", derived_from=["trial.txt"])
    c.say("trial.txt", "I first met Karl Ots in Riga in June 1931.", "first_contact", met("oleg", "karl"),
          speaker="oleg", place="riga", time=month(1931, 6))
    c.say("wire.txt", "Tamm told the court he first met Ots in Tartu in 1929.", "first_contact", met("oleg", "karl"),
          speaker="oleg", reported_by="wire", modality="reported", place="tartu",
          time=window("1929-01-01", "1929-12-31"))
    assert check_self_contradiction(c.context()) == []


def test_an_author_restating_a_claim_to_refute_it_is_not_a_self_contradiction():
    # Extraction often attributes "When he came to Tartu he met her in the lobby" to the author of a speech
    # who is only restating the accusation; inside one single-voice text we do not call that a contradiction.
    c = Corpus()
    c.meta["speech.txt"] = DocumentMeta(kind="speech", speakers=["Anna Ilves"])
    c.say("speech.txt", "When he came to Tartu, Karl Ots met Mira Sand in the lobby of this hotel.", "meeting",
          met("karl", "mira"), speaker="anna", place="tartu")
    c.say("speech.txt", "Karl Ots could not meet Mira Sand in Tartu, because she was in Riga.", "meeting",
          met("karl", "mira"), speaker="anna", place="tartu", polarity="denied")
    assert check_self_contradiction(c.context()) == []


def test_a_transcript_with_several_speakers_keeps_a_contradiction_within_it():
    c = Corpus()
    c.meta["trial.txt"] = DocumentMeta(kind="trial_record", speakers=["Karl Ots", "Anna Ilves"])
    c.say("trial.txt", "OTS: I met Anna Ilves in Narva in 1957.", "meeting", met("karl", "anna"), speaker="karl",
          place="narva", time=window("1957-01-01", "1957-12-31"))
    c.say("trial.txt", "OTS: I never met Anna Ilves.", "meeting", met("karl", "anna"), speaker="karl", polarity="denied")
    [f] = check_self_contradiction(c.context())
    assert "one document" in f.confidence_reason


# --- a document that speaks through a book ---------------------------------------------------------


def test_an_indictment_quoted_in_a_book_that_moves_one_first_meeting_contradicts_itself():
    # The book quotes the indictment twice: it has Tamm and Ots first meet in Tartu in May 1930, and
    # later in Riga in June 1931. One document speaks both times, so it is the indictment's own
    # contradiction (not two witnesses' versions), whoever reports it.
    from countertrial.reason.checks.versions import check_version_conflict

    ents = {**ENTITIES, "the-indictment": entity("the-indictment", "document", "the indictment")}
    c = Corpus()
    c.meta["book.txt"] = DocumentMeta(kind="book", author="Mira Sand")
    a = c.say("book.txt", "The indictment has Tamm first meet Ots in Tartu in May 1930.", "first_contact", met("oleg", "karl"),
              speaker="the-indictment", reported_by="mira", modality="reported", place="tartu", time=month(1930, 5))  # fmt: skip
    b = c.say("book.txt", "Further on, the indictment has them first meet in Riga in June 1931.", "first_contact",
              met("oleg", "karl"), speaker="the-indictment", reported_by="mira", modality="reported", place="riga",
              time=month(1931, 6))  # fmt: skip
    ctx = c.context(ents)
    [f] = check_self_contradiction(ctx)
    assert f.rule == RULE_ACCOUNTS and f.claims == [a.id, b.id]
    assert f.summary.startswith("the indictment gives incompatible accounts")
    assert check_version_conflict(ctx) == []
    # Near miss: two defendants' versions as the same book reports them are a version conflict instead.
    c2 = Corpus()
    c2.meta["book.txt"] = DocumentMeta(kind="book", author="Mira Sand")
    for who, place, when in (("oleg", "tartu", month(1930, 5)), ("karl", "riga", month(1931, 6))):
        c2.say("book.txt", f"{who} says they first met in {place}.", "first_contact", met("oleg", "karl"), speaker=who,
               reported_by="mira", modality="reported", place=place, time=when)  # fmt: skip
    ctx2 = c2.context(ents)
    assert check_self_contradiction(ctx2) == []
    assert [f.kind for f in check_version_conflict(ctx2)] == ["version_conflict"]
