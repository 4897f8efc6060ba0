"""The version_conflict check on small fictional cases: two speakers, one event, an essential difference.

Also the near misses: rewordings, a less specific account, windows that may meet, two events that
merely look alike, one speaker (a self-contradiction), and a verdict against its record.
"""

from __future__ import annotations

from countertrial.model import DocumentMeta
from countertrial.reason.checks.versions import RULE_NEGATED, RULE_SLOTS, check_version_conflict
from countertrial.reason.engine import Context
from countertrial.reason.matching import compare_accounts, content_similarity

from claimkit import CorpusBase, entity, month, window


ENTITIES = {
    e.id: e
    for e in [
        entity("anna", "person", "Anna Ilves"),
        entity("karl", "person", "Karl Ots"),
        entity("mira", "person", "Mira Sand"),
        entity("oleg", "person", "Oleg Tamm"),
        entity("rein", "person", "Rein Kask"),
        entity("tartu", "place", "Tartu"),
        entity("narva", "place", "Narva"),
        entity("riga", "place", "Riga"),
        entity("polaris", "building", "the Hotel Polaris", "tartu"),
        entity("letter-7", "document", "the letter of the seventh"),
        entity("letter-9", "document", "the letter of the ninth"),
        entity("map", "thing", "the map of the docks"),
    ]
}


class Corpus(CorpusBase):
    entities = ENTITIES


def letter(sender: str, receiver: str, via: str | None = None, obj: str | None = None) -> list[tuple[str, str]]:
    out = [(sender, "sender"), (receiver, "receiver")]
    if via:
        out.append((via, "intermediary"))
    if obj:
        out.append((obj, "object"))
    return out


def assert_cited(f, ctx) -> None:
    assert len(f.citations) >= 2
    for cit in f.citations:
        assert ctx.texts[cit.document][cit.start : cit.end] == cit.quote


# --- must fire -----------------------------------------------------------------------------------------


def test_two_contents_of_one_letter_identified_by_the_letter_itself():
    c = Corpus()
    a = c.say("trial.txt", "OTS: The letter of the seventh told us to hold a defeatist position in case of war.",
              "communication", letter("anna", "karl", obj="letter-7"), speaker="karl",
              content="in case of war hold a defeatist position")
    b = c.say("trial.txt", "SAND: That letter said we must make use of every setback the army suffered.",
              "communication", letter("anna", "karl", obj="letter-7"), speaker="mira",
              content="we must make use of every setback the army suffered")
    ctx = c.context()
    [f] = check_version_conflict(ctx)
    assert f.kind == "version_conflict" and f.rule == RULE_SLOTS
    assert f.claims == [a.id, b.id]
    assert_cited(f, ctx)
    assert "Karl Ots and Mira Sand give different accounts" in f.summary
    assert "defeatist" in f.summary and "setback" in f.summary
    assert f.details["pairs"][0]["differences"][0]["anchors"] == ["object"]
    assert 0.7 <= f.confidence < 0.85  # tied by the letter itself; contents clearly, not totally, different


def test_the_letter_of_one_month_between_the_same_people_with_other_contents():
    c = Corpus()
    c.say("trial.txt", "In the middle of May 1958 Karl Ots handed me a letter from Anna Ilves ordering me to stop the cranes.",
          "communication", letter("anna", "oleg", via="karl"), speaker="oleg", time=window("1958-05-11", "1958-05-20"),
          content="ordering me to stop the cranes on the first day of the strike")
    c.say("trial.txt", "The letter I brought to Oleg Tamm in May 1958 spoke only of money for the families.",
          "communication", [("karl", "intermediary"), ("oleg", "receiver")], speaker="karl", time=month(1958, 5),
          content="money for the strikers' families")
    [f] = check_version_conflict(c.context())
    diff = f.details["pairs"][0]["differences"][0]
    assert diff["slot"] == "content" and diff["anchors"] == ["near_time"]
    assert f.confidence < 0.8  # a month between the same people is a weaker tie than the letter itself


def test_an_explicit_denial_of_the_content_is_a_version_conflict():
    c = Corpus()
    c.say("trial.txt", "In May 1958 Karl Ots brought me a letter ordering me to stop the cranes.", "communication",
          [("karl", "intermediary"), ("oleg", "receiver")], speaker="oleg", time=month(1958, 5),
          content="ordering me to stop the cranes")
    c.say("trial.txt", "The letter I brought him in May 1958 said nothing about the cranes.", "communication",
          [("karl", "intermediary"), ("oleg", "receiver")], speaker="karl", time=month(1958, 5),
          content="the cranes", polarity="denied")
    [f] = check_version_conflict(c.context())
    assert f.rule == RULE_NEGATED
    assert "says it did not" in f.summary


def test_one_handover_two_givers():
    c = Corpus()
    c.say("a.txt", "On 4 March 1958 in Tartu Anna Ilves gave me the plan of the docks.", "communication",
          letter("anna", "oleg"), speaker="oleg", place="tartu", time=window("1958-03-04"),
          content="the plan of the docks")
    c.say("b.txt", "On 4 March 1958 in Tartu Oleg Tamm received the plan of the docks from Karl Ots.", "communication",
          letter("karl", "oleg"), speaker="rein", place="tartu", time=window("1958-03-04"),
          content="a plan of the docks")
    [f] = check_version_conflict(c.context())
    diff = f.details["pairs"][0]["differences"][0]
    assert diff["slot"] == "participant" and set(diff["anchors"]) == {"content"}
    assert "names Anna Ilves as the sender" in f.summary and "Karl Ots" in f.summary


def test_two_speakers_place_the_first_meeting_in_different_cities_and_years():
    c = Corpus()
    c.say("a.txt", "I first met Karl Ots in Tartu in May 1930.", "first_contact", [("anna", "subject"), ("karl", "companion")],
          speaker="anna", place="tartu", time=month(1930, 5))
    c.say("b.txt", "I first met Anna Ilves in Riga in June 1931.", "first_contact", [("karl", "subject"), ("anna", "companion")],
          speaker="karl", place="riga", time=month(1931, 6))
    [f] = check_version_conflict(c.context())
    slots = {d["slot"] for d in f.details["pairs"][0]["differences"]}
    assert slots == {"time", "place"}
    assert "first meeting" in f.summary


def test_one_journey_two_means():
    c = Corpus()
    c.say("a.txt", "On 12 December 1935 Oleg Tamm flew to Narva.", "travel", [("oleg", "subject")], speaker="rein",
          place="narva", means="airplane", time=window("1935-12-12"))
    c.say("b.txt", "On 12 December 1935 Oleg Tamm went to Narva by train.", "travel", [("oleg", "subject")],
          speaker="mira", place="narva", means="train", time=window("1935-12-12"))
    [f] = check_version_conflict(c.context())
    assert f.details["pairs"][0]["differences"][0]["slot"] == "means"


# --- near misses -------------------------------------------------------------------------------------


def test_a_reworded_content_is_not_a_conflict():
    c = Corpus()
    c.say("a.txt", "The letter of the seventh ordered the cranes put out of action.", "communication",
          letter("anna", "oleg", obj="letter-7"), speaker="oleg", content="put the harbour cranes out of action")
    c.say("b.txt", "The letter of the seventh said to put the harbour cranes out of action on the first day.",
          "communication", letter("anna", "oleg", obj="letter-7"), speaker="rein",
          content="put the harbour cranes out of action on the first day of the strike")
    assert check_version_conflict(c.context()) == []


def test_a_less_specific_account_is_not_a_conflict():
    c = Corpus()
    c.say("a.txt", "On 4 March 1958 Anna Ilves met Karl Ots at the Hotel Polaris.", "meeting",
          [("anna", "subject"), ("karl", "companion")], speaker="anna", place="polaris", time=window("1958-03-04"))
    c.say("b.txt", "Anna Ilves met Karl Ots in Tartu in the spring of 1958.", "meeting",
          [("anna", "subject"), ("karl", "companion")], speaker="rein", place="tartu",
          time=window("1958-03-01", "1958-05-31"))
    c.say("c.txt", "Anna Ilves met Karl Ots in 1958.", "meeting", [("anna", "subject"), ("karl", "companion")],
          speaker="mira", time=window("1958-01-01", "1958-12-31"))
    assert check_version_conflict(c.context()) == []


def test_windows_that_may_meet_are_not_a_conflict_even_for_a_first_meeting():
    c = Corpus()
    c.say("a.txt", "I first met Karl Ots in the autumn of 1957 in Tartu.", "first_contact",
          [("anna", "subject"), ("karl", "companion")], speaker="anna", place="tartu",
          time=window("1957-09-01", "1957-11-30"))
    c.say("b.txt", "Karl Ots first met Anna Ilves in November 1957.", "first_contact",
          [("karl", "subject"), ("anna", "companion")], speaker="rein", time=month(1957, 11))
    assert check_version_conflict(c.context()) == []


def test_two_meetings_in_two_cities_in_one_month_may_be_two_meetings():
    c = Corpus()
    c.say("a.txt", "Anna Ilves met Karl Ots in Tartu in June 1934.", "meeting", [("anna", "subject"), ("karl", "companion")],
          speaker="mira", place="tartu", time=month(1934, 6))
    c.say("b.txt", "Anna Ilves met Karl Ots in Riga in June 1934.", "meeting", [("anna", "subject"), ("karl", "companion")],
          speaker="rein", place="riga", time=month(1934, 6))
    assert check_version_conflict(c.context()) == []


def test_two_letters_are_two_events():
    c = Corpus()
    c.say("a.txt", "The letter of the seventh asked for money.", "communication", letter("anna", "oleg", obj="letter-7"),
          speaker="oleg", content="asked for money")
    c.say("b.txt", "The letter of the ninth ordered the strike.", "communication", letter("anna", "oleg", obj="letter-9"),
          speaker="rein", content="ordered the strike")
    assert check_version_conflict(c.context()) == []


def test_one_speakers_two_versions_are_a_self_contradiction_not_a_version_conflict():
    c = Corpus()
    c.say("interrogation.txt", "I first met Karl Ots in Tartu in May 1930.", "first_contact",
          [("anna", "subject"), ("karl", "companion")], speaker="anna", place="tartu", time=month(1930, 5))
    c.say("trial.txt", "I first met Karl Ots in Riga in June 1931.", "first_contact",
          [("anna", "subject"), ("karl", "companion")], speaker="anna", place="riga", time=month(1931, 6))
    assert check_version_conflict(c.context()) == []


def test_a_verdict_differing_from_its_record_is_not_a_version_conflict():
    c = Corpus()
    c.meta["verdict.txt"] = DocumentMeta(kind="verdict", derived_from=["record.txt"])
    c.meta["record.txt"] = DocumentMeta(kind="trial_record")
    c.say("record.txt", "TAMM: On 4 March 1958 Anna Ilves gave me the plan of the docks in Tartu.", "communication",
          letter("anna", "oleg"), speaker="oleg", place="tartu", time=window("1958-03-04"), content="the plan of the docks")
    c.say("verdict.txt", "On 4 March 1958 in Tartu the accused Tamm received the plan of the docks from Karl Ots.",
          "communication", letter("karl", "oleg"), speaker="judge", place="tartu", time=window("1958-03-04"),
          content="the plan of the docks")
    assert check_version_conflict(c.context()) == []


def test_contents_between_similar_and_different_decide_nothing():
    # The undecided band: neither a rewording nor clearly another content.
    a, b = "disable the cranes during the strike", "put the harbour cranes out of action on the first day of the strike"
    score = content_similarity(a, b)
    assert score is not None and 60 <= score < 70
    c = Corpus()
    x = c.say("a.txt", "The letter of the seventh said to disable the cranes.", "communication",
              letter("anna", "oleg", obj="letter-7"), speaker="oleg", content=a)
    y = c.say("b.txt", "The letter of the seventh said to put the cranes out of action.", "communication",
              letter("anna", "oleg", obj="letter-7"), speaker="rein", content=b)
    cmp = compare_accounts(x, y, ENTITIES)
    assert cmp is not None and cmp.differences == ()
    assert "neither clearly the same nor clearly different" in cmp.reasons[-1]
    assert check_version_conflict(c.context()) == []


def test_conflicts_between_the_same_two_speakers_share_one_finding():
    c = Corpus()
    c.say("trial.txt", "In May 1958 Karl Ots brought me a letter ordering me to stop the cranes.", "communication",
          [("karl", "intermediary"), ("oleg", "receiver")], speaker="oleg", time=month(1958, 5),
          content="ordering me to stop the cranes")
    said = c.say("trial.txt", "The letter I brought him in May 1958 said nothing about the cranes; it was about money.",
                 "communication", [("karl", "intermediary"), ("oleg", "receiver")], speaker="karl", time=month(1958, 5),
                 content="the cranes", polarity="denied")
    c.also(said, "communication", [("karl", "intermediary"), ("oleg", "receiver")], speaker="karl", time=month(1958, 5),
           content="money for the families")
    [f] = check_version_conflict(c.context())
    assert len(f.claims) == 3 and len(f.details["pairs"]) == 2
    assert len(f.citations) == 2  # the two claims of one sentence share a passage


def test_findings_do_not_depend_on_the_order_of_the_claims():
    import random

    c = Corpus()
    c.say("a.txt", "On 4 March 1958 in Tartu Anna Ilves gave me the plan of the docks.", "communication",
          letter("anna", "oleg"), speaker="oleg", place="tartu", time=window("1958-03-04"), content="the plan of the docks")
    c.say("b.txt", "On 4 March 1958 in Tartu Oleg Tamm received the plan of the docks from Karl Ots.", "communication",
          letter("karl", "oleg"), speaker="rein", place="tartu", time=window("1958-03-04"), content="a plan of the docks")
    c.say("c.txt", "I first met Karl Ots in Tartu in May 1930.", "first_contact", [("anna", "subject"), ("karl", "companion")],
          speaker="anna", place="tartu", time=month(1930, 5))
    c.say("d.txt", "I first met Anna Ilves in Riga in June 1931.", "first_contact", [("karl", "subject"), ("anna", "companion")],
          speaker="karl", place="riga", time=month(1931, 6))
    ctx = c.context()
    first = [f.model_dump() for f in check_version_conflict(ctx)]
    assert len(first) == 2
    for seed in range(4):
        shuffled = list(ctx.claims)
        random.Random(seed).shuffle(shuffled)
        again = check_version_conflict(Context(shuffled, ctx.entities, ctx.texts, ctx.config, ctx.documents))
        assert [f.model_dump() for f in again] == first


def test_a_version_given_as_such_is_one_event_even_with_one_person_named():
    # "Ots says Anna ordered “…”. With Sand, “…”": the text ties the accounts, though no receiver is named
    c = Corpus()
    a = c.say("book.txt", "Ots says Anna Ilves gave orders that “in case of war one should hold a defeatist position.”",
              "communication", [("anna", "sender")], speaker="karl", content="in case of war one should hold a defeatist position")
    b = c.say("book.txt", "With Sand, “it is necessary in case of war to make use of every setback.”",
              "communication", [("anna", "sender")], speaker="mira", content="it is necessary in case of war to make use of every setback",
              version_of=a.id)
    ctx = c.context()
    [f] = check_version_conflict(ctx)
    assert f.claims == [a.id, b.id]
    assert f.details["pairs"][0]["differences"][0]["anchors"] == ["version"]
    assert_cited(f, ctx)


def test_one_persons_two_messages_without_a_tie_are_two_events_near_miss():
    c = Corpus()
    c.say("book.txt", "Ots says Anna Ilves gave orders that “in case of war one should hold a defeatist position.”",
          "communication", [("anna", "sender")], speaker="karl", content="in case of war one should hold a defeatist position")
    c.say("book.txt", "Sand says Anna Ilves gave orders that “it is necessary in case of war to make use of every setback.”",
          "communication", [("anna", "sender")], speaker="mira", content="it is necessary in case of war to make use of every setback")
    assert check_version_conflict(c.context()) == []
