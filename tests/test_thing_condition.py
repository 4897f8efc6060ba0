"""The state a thing was in when it changed hands: read from the text, and compared between accounts.

"After having developed the letter, X sent it on" and "Y received the letter undeveloped" cannot
both be true of one letter: nothing undevelops a developed letter in transit. The extractor reads
the state (``Claim.condition``) and when it held (``condition_at``: sent or received); the matcher
(:func:`countertrial.reason.matching.condition_clash`) decides which pairs of states clash. Each rule
with the case that must fire and the near miss that must not. Invented sentences only.
"""

from __future__ import annotations

import pytest

from countertrial.extract.nlp import load_pipeline
from countertrial.reason.checks.versions import RULE_SLOTS, check_version_conflict
from countertrial.reason.matching import compare_accounts, condition_clash

from claimkit import CorpusBase, entity
from test_extract_rules import claims_of


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def communications(text: str, nlp, speaker: str = "Clara Weiss"):
    claims, _ = claims_of(text, nlp, speaker=speaker)
    return [c for c in claims if c.kind == "communication"]


def roles(c) -> dict[str, str]:
    return {p.entity: p.role for p in c.participants}


# --- reading the state ----------------------------------------------------------------------------


def test_what_was_done_to_the_letter_before_it_was_sent(nlp):
    [c] = communications("After having opened and read the parcel, Weber sent it to Anna Holm in Linz.", nlp)
    assert roles(c) == {"weber": "sender", "anna holm": "receiver"}
    assert (c.condition, c.condition_at) == ("opened", "sent")


def test_a_state_word_after_the_received_thing(nlp):
    [c] = communications("Karl Brenner received Weber’s letter (“written in pencil”) unopened.", nlp)
    assert roles(c) == {"weber": "sender", "karl brenner": "receiver"}
    assert (c.condition, c.condition_at) == ("unopened", "received")


def test_near_miss_a_description_of_the_letter_is_not_its_state(nlp):
    [c] = communications("Karl Brenner received a letter from Weber written in pencil.", nlp)
    assert c.condition is None


def test_the_subject_before_an_it_turns_out_aside(nlp):
    [c] = communications("Brenner, it turns out, received Weber’s letter sealed.", nlp)
    assert roles(c) == {"weber": "sender", "brenner": "receiver"}
    assert c.condition == "sealed"


def test_it_stands_for_the_letter_of_its_own_clause_and_number(nlp):
    found = communications("Weber received the letter from Anna Holm and sent it to Karl Brenner.", nlp)
    c = next(c for c in found if "karl brenner" in roles(c))
    assert roles(c) == {"anna holm": "sender", "weber": "intermediary", "karl brenner": "receiver"}


def test_near_miss_it_does_not_stand_for_plural_telegrams(nlp):
    found = communications("Such telegrams were usually sent in French; Weber sent it from Linz.", nlp)
    assert found == []  # "it" is not the telegrams, and Linz is where from, not a sender


def test_the_letter_remembers_its_writer_for_a_few_sentences(nlp):
    text = (
        "Anna Holm received a letter from Oskar Lind in March. The letter was long. "
        "Anna Holm sent the letter to Karl Brenner."
    )
    last = communications(text, nlp)[-1]
    assert roles(last) == {"oskar lind": "sender", "anna holm": "intermediary", "karl brenner": "receiver"}


def test_near_miss_a_new_letter_changing_hands_is_another_letter(nlp):
    text = (
        "Anna Holm received a letter from Oskar Lind in March. "
        "In May she received a letter at the office. She sent the letter to Karl Brenner."
    )
    last = communications(text, nlp)[-1]
    assert "oskar lind" not in roles(last)


def test_a_summed_up_deposition_goes_on_for_the_deponent_s_own_acts(nlp):
    text = (
        "Weber further testifies that he received the parcel in Linz. "
        "After having opened the parcel, Weber sent it to Anna Holm. "
        "Karl Brenner sent a letter to Anna Holm."
    )
    claims = communications(text, nlp)
    opened = next(c for c in claims if c.condition == "opened")
    assert opened.speaker == "weber" and opened.reported_by == "clara weiss" and opened.modality == "reported"
    other = next(c for c in claims if "karl brenner" in roles(c))
    assert other.speaker == "clara weiss"  # near miss: the deponent takes no part, so the writer speaks


def test_a_question_run_on_after_a_statement_leaves_the_statement(nlp):
    [c] = communications("Weber sent the letter to Anna Holm, How could he have done so?", nlp)
    assert roles(c) == {"weber": "sender", "anna holm": "receiver"}


# --- comparing states -----------------------------------------------------------------------------


ENTITIES = {e.id: e for e in [entity("anna", "person", "Anna Holm"), entity("karl", "person", "Karl Brenner"), entity("oskar", "person", "Oskar Lind")]}


class Corpus(CorpusBase):
    entities = ENTITIES


def _pair(cond_a, at_a, cond_b, at_b, via=True):
    c = Corpus()
    people_a = [("oskar", "sender"), ("karl", "receiver")] + ([("anna", "intermediary")] if via else [])
    a = c.say("book.txt", "Anna Holm sent the letter on.", "communication", people_a, speaker="anna", means="letter",
              condition=cond_a, condition_at=at_a)
    b = c.say("book.txt", "Karl Brenner received the letter.", "communication", [("oskar", "sender"), ("karl", "receiver")],
              speaker="karl", means="letter", condition=cond_b, condition_at=at_b)
    return c, a, b


def test_sent_developed_received_undeveloped_is_a_version_conflict():
    c, a, b = _pair("developed", "sent", "undeveloped", "received")
    assert condition_clash(a, b) == ("developed", "undeveloped")
    ctx = c.context()
    [f] = check_version_conflict(ctx)
    assert f.rule == RULE_SLOTS and f.claims == [a.id, b.id]
    assert "developed when it was sent" in f.summary and "undeveloped when it was received" in f.summary
    assert "nothing makes a thing that was developed undeveloped again" in f.summary
    for cit in f.citations:
        assert ctx.texts[cit.document][cit.start : cit.end] == cit.quote


def test_near_miss_sent_unopened_received_opened_is_a_change_in_transit():
    _, a, b = _pair("unopened", "sent", "opened", "received")
    assert condition_clash(a, b) is None


def test_near_miss_sent_locked_received_unlocked_can_be_undone():
    _, a, b = _pair("locked", "sent", "unlocked", "received")
    assert condition_clash(a, b) is None


def test_two_states_of_the_same_moment_clash_either_way():
    _, a, b = _pair("sealed", "received", "unsealed", "received")
    assert condition_clash(a, b) == ("sealed", "unsealed")


def test_near_miss_states_that_are_not_opposites():
    _, a, b = _pair("developed", "sent", "unread", "received")
    assert condition_clash(a, b) is None


def test_near_miss_a_different_receiver_is_not_the_same_message():
    c = Corpus()
    a = c.say("book.txt", "Anna Holm sent the letter on.", "communication", [("oskar", "sender"), ("anna", "receiver")],
              speaker="anna", means="letter", condition="developed", condition_at="sent")
    b = c.say("book.txt", "Karl Brenner received the letter.", "communication", [("oskar", "sender"), ("karl", "receiver")],
              speaker="karl", means="letter", condition="undeveloped", condition_at="received")
    assert compare_accounts(a, b, ENTITIES) is None
