"""Questions and answers in examination records: each behaviour with a case that must fire and a near miss.

The records are invented for these tests (names, places and dates belong to no example case).
"""

from __future__ import annotations

from datetime import date

import pytest

from countertrial.extract.extractor import extract_document
from countertrial.extract.nlp import load_pipeline
from countertrial.ingest.segment import segment
from countertrial.model import Document, DocumentMeta

WITNESS, OFFICER = "Ilse Varga", "Tomas Brenner"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def read(text: str, nlp, speakers=(WITNESS, OFFICER), kind: str = "interrogation"):
    paragraphs, sentences = segment(text, "t.txt")
    doc = Document(
        id="t.txt", path="t.txt", format="txt", sha256="0" * 64, text=text,
        meta=DocumentMeta(speakers=list(speakers), kind=kind), sentences=sentences, paragraphs=paragraphs,
    )
    claims, mentions = extract_document(doc, nlp)
    for c in claims:
        assert c.quote == text[c.start : c.end]  # every passage is real text
        for p in c.participants:
            assert p.mention is None or p.mention in text
    return claims, mentions


def only(claims, kind):
    found = [c for c in claims if c.kind == kind]
    assert len(found) == 1, [(c.kind, c.polarity, [p.entity for p in c.participants], c.quote) for c in claims]
    return found[0]


def people(claim) -> set[str]:
    return {p.entity for p in claim.participants}


# --- a question asserts nothing ------------------------------------------------------------------


def test_a_question_asserts_nothing(nlp):
    text = "THE PRESIDENT: Did Karl Dressler come to Linz in May 1952?\nTHE WITNESS: I cannot say.\n"
    claims, _ = read(text, nlp, speakers=[WITNESS], kind="trial_record")
    assert claims == []


def test_the_same_words_as_a_statement_assert_near_miss(nlp):
    text = "THE PRESIDENT: Go on.\nTHE WITNESS: Karl Dressler came to Linz in May 1952.\n"
    claims, _ = read(text, nlp, speakers=[WITNESS], kind="trial_record")
    c = only(claims, "travel")
    assert c.place == "linz" and c.polarity == "affirmed" and c.speaker == "ilse varga"


def test_a_statement_quoting_a_question_still_asserts_near_miss(nlp):
    text = "THE PRESIDENT: Go on.\nTHE WITNESS: In May 1952 Karl Dressler met me in Linz and asked me: \u201cWhere is the money?\u201d\n"
    claims, _ = read(text, nlp, speakers=[WITNESS], kind="trial_record")
    c = only(claims, "meeting")
    assert c.place == "linz" and people(c) == {"ilse varga", "karl dressler"}


# --- a short answer is read with its question ----------------------------------------------------


def test_never_denies_what_the_question_asked(nlp):
    text = "Q. Did you meet Karl Dressler in Vienna?\nA. Never.\n"
    claims, _ = read(text, nlp)
    c = only(claims, "meeting")
    assert c.polarity == "denied"
    assert people(c) == {"ilse varga", "karl dressler"}  # "you" is the one who answers
    assert c.place == "vienna"
    assert c.speaker == "ilse varga"  # the answerer's claim, not the examiner's
    # cited from the start of the question to the end of the answer
    assert c.quote == "Did you meet Karl Dressler in Vienna?\nA. Never."


def test_yes_affirms_what_the_question_asked(nlp):
    claims, _ = read("Q. Did you meet Karl Dressler in Vienna?\nA. Yes.\n", nlp)
    c = only(claims, "meeting")
    assert c.polarity == "affirmed" and c.place == "vienna" and c.speaker == "ilse varga"


def test_a_bare_auxiliary_answer_is_a_yes_or_no(nlp):
    claims, _ = read("Q. Did you meet Karl Dressler in Vienna?\nA. I did not.\n", nlp)
    assert only(claims, "meeting").polarity == "denied"


def test_an_answer_that_is_neither_yes_nor_no_gives_nothing_near_miss(nlp):
    claims, _ = read("Q. Did Karl Dressler travel to Linz in May 1952?\nA. In part.\n", nlp)
    assert claims == []


def test_the_answer_fills_the_place_and_time_asked_for(nlp):
    claims, _ = read("Q. Where did you meet Karl Dressler?\nA. In Vienna, in March 1952.\n", nlp)
    c = only(claims, "meeting")
    assert c.place == "vienna" and c.polarity == "affirmed"
    assert (c.time.earliest, c.time.latest) == (date(1952, 3, 1), date(1952, 3, 31))
    assert people(c) == {"ilse varga", "karl dressler"}


def test_a_bare_place_answers_where(nlp):
    claims, _ = read("Q. Where did you meet Karl Dressler?\nA. Vienna.\n", nlp)
    assert only(claims, "meeting").place == "vienna"


def test_an_answer_off_the_question_fills_nothing_near_miss(nlp):
    # asked where, answered with a reason: no place to put in the claim, so no claim
    claims, _ = read("Q. Where did you meet Karl Dressler?\nA. Because he asked me to.\n", nlp)
    assert [c for c in claims if c.kind == "meeting"] == []


def test_a_name_answers_who(nlp):
    text = "THE PRESIDENT: Whom did you meet in Linz in May 1952?\nTHE ACCUSED: Karl Dressler.\n"
    claims, _ = read("Examination of the accused Ilse Varga.\n\n" + text, nlp, kind="trial_record")
    c = only(claims, "meeting")
    assert people(c) == {"ilse varga", "karl dressler"} and c.place == "linz"


def test_means_answers_how(nlp):
    claims, _ = read("Q: How did you travel to Linz in May 1952?\nA: By train.\n", nlp)
    c = only(claims, "travel")
    assert c.means == "train" and c.place == "linz" and people(c) == {"ilse varga"}


def test_how_long_makes_the_stay_an_event_inside_the_window(nlp):
    # "two days in May" is not "all of May": the stay happened within the month
    claims, _ = read("Q. How long did you stay in Graz in May 1952?\nA. Three days.\n", nlp)
    c = only(claims, "presence")
    assert c.place == "graz" and c.aspect == "event"


def test_a_follow_up_question_without_verb_refines_the_last_answer(nlp):
    text = (
        "Q. When did you first meet Karl Dressler?\nA. In March 1952, in Graz.\n"
        "Q. Where in Graz?\nA. At the Hotel Erzherzog, near the station.\n"
    )
    claims, _ = read(text, nlp)
    # one event told in two exchanges: one claim, with the time of the first and the place of the second
    c = only(claims, "first_contact")
    assert c.place == "hotel erzherzog" and c.time.earliest == date(1952, 3, 1)
    assert c.quote == text[3:-1]  # from the first question to the last answer
    assert c.speaker == "ilse varga"


def test_a_follow_up_left_unanswered_keeps_the_first_answer_near_miss(nlp):
    text = "Q. When did you first meet Karl Dressler?\nA. In March 1952, in Graz.\nQ. Where in Graz?\nA. I forget.\n"
    claims, _ = read(text, nlp)
    c = only(claims, "first_contact")
    assert c.place == "graz" and c.quote == "When did you first meet Karl Dressler?\nA. In March 1952, in Graz."
    assert c.speaker == "ilse varga" and "ilse varga" in people(c)


def test_denying_a_purpose_denies_the_journey_not_every_meeting(nlp):
    text = "Q. Did Karl Dressler ever travel to Linz to visit you?\nA. Never.\n"
    claims, _ = read(text, nlp)
    c = only(claims, "travel")
    assert c.polarity == "denied" and c.place == "linz" and people(c) == {"karl dressler"}
    assert [c for c in claims if c.kind == "meeting"] == []


def test_a_yes_said_again_in_full_is_read_from_the_full_sentence(nlp):
    text = "Q. Did you see Karl Dressler again?\nA. Yes. On May 4, 1952, I met Karl Dressler in Graz.\n"
    claims, _ = read(text, nlp)
    c = only(claims, "meeting")
    assert c.quote == "On May 4, 1952, I met Karl Dressler in Graz." and c.place == "graz"


def test_a_yes_followed_by_something_else_is_kept_near_miss(nlp):
    text = "Q. Did you see Karl Dressler again?\nA. Yes. The weather was bad.\n"
    claims, _ = read(text, nlp)
    c = only(claims, "meeting")
    assert c.polarity == "affirmed" and c.quote.startswith("Did you see Karl Dressler again?")


# --- a full-sentence answer is read on its own ---------------------------------------------------


def test_a_full_sentence_answer_is_read_on_its_own(nlp):
    claims, _ = read("Q. Did you meet Karl Dressler in Vienna?\nA. I met him in Graz in May 1952.\n", nlp)
    c = only(claims, "meeting")
    # the answer's own words decide: Graz, not the Vienna of the question
    assert c.place == "graz" and c.polarity == "affirmed" and c.quote == "I met him in Graz in May 1952."


# --- who speaks ----------------------------------------------------------------------------------


def test_role_label_is_the_person_the_heading_names(nlp):
    text = (
        "Examination of the accused Ilse Varga.\n\n"
        "THE PRESIDENT: Go on.\nTHE ACCUSED: I met Karl Dressler in Graz in May 1952.\n\n"
        "Examination of the accused Tomas Brenner.\n\n"
        "THE PRESIDENT: Go on.\nTHE ACCUSED: I met Karl Dressler in Linz in June 1952.\n"
    )
    claims, mentions = read(text, nlp, kind="trial_record")
    meetings = [c for c in claims if c.kind == "meeting"]
    assert [(c.speaker, c.place) for c in meetings] == [("ilse varga", "graz"), ("tomas brenner", "linz")]
    assert [people(c) for c in meetings] == [{"ilse varga", "karl dressler"}, {"tomas brenner", "karl dressler"}]
    assert not any(m["key"] in ("accused", "the accused") for m in mentions)


def test_an_unnamed_role_is_never_a_participant_near_miss(nlp):
    text = "THE PRESIDENT: Go on.\nTHE ACCUSED: I met Karl Dressler in Graz in May 1952.\nTHE PRESIDENT: Sit down.\n"
    claims, mentions = read(text, nlp, kind="trial_record")  # two people could be the accused
    assert all(people(c) <= {"karl dressler"} for c in claims)
    assert not any("accused" in m["key"] or "president" in m["key"] for m in mentions)


# --- forms of address ----------------------------------------------------------------------------


def test_a_form_of_address_is_not_a_person(nlp):
    text = (
        "THE PRESIDENT: Did Karl Dressler travel to Linz to visit you?\n"
        "THE WITNESS: No, my lord. I met him in Vienna.\n"
    )
    claims, mentions = read(text, nlp, speakers=[WITNESS], kind="trial_record")
    assert not any(m["key"] in ("lord", "my lord") for m in mentions)
    meeting = only(claims, "meeting")
    # "him" is the Dressler of the question, not "my lord"
    assert people(meeting) == {"ilse varga", "karl dressler"} and meeting.place == "vienna"
    assert only(claims, "travel").polarity == "denied"


def test_a_name_in_the_answer_is_still_a_person_near_miss(nlp):
    text = "THE PRESIDENT: Go on.\nTHE WITNESS: Yes, Your Honour, I met Karl Dressler in Vienna, sir.\n"
    claims, mentions = read(text, nlp, speakers=[WITNESS], kind="trial_record")
    assert people(only(claims, "meeting")) == {"ilse varga", "karl dressler"}
    assert not any(m["key"] in ("sir", "honour", "your honour") for m in mentions)


def test_he_after_a_one_name_answer_is_that_name(nlp):
    text = (
        "Q. What did Karl Dressler want?\nA. Money.\n"
        "Q. Who brought you the parcel?\nA. Weber. He came from Graz with it the next day.\n"
    )
    claims, _ = read(text, nlp)
    c = only(claims, "travel")
    assert people(c) == {"weber"} and c.origin == "graz"
