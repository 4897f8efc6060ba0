"""The record_mismatch check on small fictional cases: a derived document against the record it rests on.

Must fire: the verdict names another giver than the record; the record denies what the verdict says;
someone states the record never mentions it; the record is silent about an event although it speaks
of the same people. Must not: the verdict follows the record (even where the record holds two
versions), a loosely supported summary, a record that never speaks of the people, and documents that
are not derived at all.
"""

from __future__ import annotations

from countertrial.model import DocumentMeta
from countertrial.reason.checks.record_mismatch import (
    RULE_ABSENCE,
    RULE_CONTRADICTED,
    RULE_UNSUPPORTED,
    check_record_mismatch,
)

from claimkit import CorpusBase, entity, month, window


ENTITIES = {
    e.id: e
    for e in [
        entity("anna", "person", "Anna Ilves"),
        entity("karl", "person", "Karl Ots"),
        entity("mira", "person", "Mira Sand"),
        entity("oleg", "person", "Oleg Tamm"),
        entity("judge", "person", "Judge Peeter Rand"),
        entity("tartu", "place", "Tartu"),
        entity("narva", "place", "Narva"),
        entity("riga", "place", "Riga"),
        entity("the-verdict", "document", "the verdict of the Tartu court"),
        entity("the-trial", "document", "the trial record"),
    ]
}


class Corpus(CorpusBase):
    entities = ENTITIES


def court(derived_from: list[str] | None = None) -> Corpus:
    c = Corpus()
    c.meta["record.txt"] = DocumentMeta(kind="trial_record", conditions="accused in custody")
    c.meta["verdict.txt"] = DocumentMeta(kind="verdict", derived_from=["record.txt"] if derived_from is None else derived_from)
    return c


def handed(giver: str, taker: str, via: str | None = None) -> list[tuple[str, str]]:
    out = [(giver, "sender"), (taker, "receiver")]
    if via:
        out.append((via, "intermediary"))
    return out


def cited_ok(f, ctx) -> None:
    assert len(f.citations) >= 2
    for cit in f.citations:
        assert ctx.texts[cit.document][cit.start : cit.end] == cit.quote


# --- must fire -----------------------------------------------------------------------------------------


def test_the_verdict_names_another_giver_than_the_record():
    c = court()
    rec = c.say("record.txt", "TAMM: On 4 March 1958 in Tartu Anna Ilves gave me the plan of the docks.",
                "communication", handed("anna", "oleg"), speaker="oleg", place="tartu", time=window("1958-03-04"),
                content="the plan of the docks")
    ver = c.say("verdict.txt", "On 4 March 1958, in Tartu, the accused Tamm received the plan of the docks from Karl Ots.",
                "communication", handed("karl", "oleg"), speaker="judge", place="tartu", time=window("1958-03-04"),
                content="the plan of the docks")
    ctx = c.context()
    [f] = check_record_mismatch(ctx)
    assert f.kind == "record_mismatch" and f.rule == RULE_CONTRADICTED
    assert f.claims == [ver.id, rec.id]
    cited_ok(f, ctx)
    assert f.summary.startswith("The verdict verdict.txt says that Karl Ots passed")
    assert "the record it rests on" in f.summary and "Anna Ilves" in f.summary
    assert f.details["contradictions"][0]["differences"][0]["slot"] == "participant"
    assert f.confidence >= 0.6


def test_the_record_denies_what_the_verdict_says():
    c = court()
    c.say("verdict.txt", "The accused Karl Ots met Anna Ilves in Narva in June 1934.", "meeting",
          [("karl", "subject"), ("anna", "companion")], speaker="judge", place="narva", time=month(1934, 6))
    c.say("record.txt", "ILVES: I have never been to Narva in my life.", "presence", [("anna", "subject")],
          speaker="anna", place="narva", polarity="denied", aspect="state")
    [f] = check_record_mismatch(c.context())
    assert f.rule == RULE_CONTRADICTED
    assert f.details["contradictions"][0]["how"] == "denied_in_record"
    assert "deny it" in f.summary


def test_a_book_quoting_the_verdict_and_stating_the_trial_never_mentioned_it():
    c = Corpus()
    c.meta["book.txt"] = DocumentMeta(kind="book", conditions="partisan")
    claim = c.say("book.txt", "The verdict says that Anna Ilves, from abroad, hastened the preparation of the attack.",
                  "communication", [("anna", "sender")], speaker="the-verdict", reported_by="mira",
                  modality="reported", content="hastened by every means the preparation of the attack")
    absent = c.say("book.txt", "Not a word of this was said at the trial.", "document_content",
                   [("anna", "subject"), ("the-trial", "object")], speaker="mira", polarity="denied",
                   content="hastened the preparation of the attack")
    ctx = c.context()
    [f] = check_record_mismatch(ctx)
    assert f.rule == RULE_ABSENCE
    assert f.claims == [claim.id, absent.id]
    cited_ok(f, ctx)
    assert "the verdict of the Tartu court (as quoted in book.txt)" in f.summary
    assert "states that the record does not contain it" in f.summary
    assert f.confidence < 0.7  # an absence stated by a third party, not checked against the record


def test_an_event_the_record_never_gives_although_it_speaks_of_the_people():
    c = court()
    c.say("record.txt", "OTS: I met Oleg Tamm once, in Riga, in 1930.", "meeting", [("karl", "subject"), ("oleg", "companion")],
          speaker="karl", place="riga", time=window("1930-01-01", "1930-12-31"))
    ver = c.say("verdict.txt", "In June 1934 the accused Ots met Tamm in Narva to plan the attack.", "meeting",
                [("karl", "subject"), ("oleg", "companion")], speaker="judge", place="narva", time=month(1934, 6))
    ctx = c.context()
    [f] = check_record_mismatch(ctx)
    assert f.rule == RULE_UNSUPPORTED
    assert f.claims[0] == ver.id
    cited_ok(f, ctx)
    assert "nothing in the trial record record.txt supports it" in f.summary
    assert f.confidence < 0.5


def test_a_verdict_naming_no_source_rests_on_every_record_of_the_corpus():
    c = court(derived_from=[])
    c.meta["interrogation.txt"] = DocumentMeta(kind="interrogation", conditions="in custody; later retracted")
    c.say("interrogation.txt", "Q: Did Karl Ots bring you the money? A: No, Mira Sand brought it, in Tartu on 2 May 1934.",
          "communication", handed("mira", "oleg"), speaker="oleg", place="tartu", time=window("1934-05-02"),
          content="the money")
    c.say("verdict.txt", "On 2 May 1934 in Tartu Karl Ots brought the money to the accused Tamm.", "communication",
          handed("karl", "oleg"), speaker="judge", place="tartu", time=window("1934-05-02"), content="the money")
    [f] = check_record_mismatch(c.context())
    assert f.rule == RULE_CONTRADICTED
    assert f.details["records"] == ["interrogation.txt"]  # record.txt has no text here, so it is not in the corpus
    assert "interrogation.txt: made in custody, later retracted" in f.confidence_reason


def test_a_reprint_is_checked_against_the_record_behind_its_source():
    c = Corpus()
    c.meta["record.txt"] = DocumentMeta(kind="trial_record")
    c.meta["wire.txt"] = DocumentMeta(kind="wire_story", derived_from=["record.txt"])
    c.meta["paper.txt"] = DocumentMeta(kind="newspaper", derived_from=["wire.txt"])
    rec = c.say("record.txt", "TAMM: On 4 March 1958 in Tartu Anna Ilves gave me the plan of the docks.",
                "communication", handed("anna", "oleg"), speaker="oleg", place="tartu", time=window("1958-03-04"),
                content="the plan of the docks")
    c.say("wire.txt", "Tamm told the court that Anna Ilves gave him a plan of the docks in Tartu on 4 March.",
          "communication", handed("anna", "oleg"), speaker="oleg", reported_by="wire", modality="reported",
          place="tartu", time=window("1958-03-04"), content="a plan of the docks")
    paper = c.say("paper.txt", "Tamm said Karl Ots gave him the plan of the docks in Tartu on 4 March.", "communication",
                  handed("karl", "oleg"), speaker="oleg", reported_by="paper", modality="reported", place="tartu",
                  time=window("1958-03-04"), content="the plan of the docks")
    [f] = check_record_mismatch(c.context())
    assert f.claims[0] == paper.id and rec.id in f.claims


# --- near misses -------------------------------------------------------------------------------------


def test_a_verdict_that_follows_the_record_is_not_a_mismatch():
    c = court()
    c.say("record.txt", "TAMM: In the middle of May 1958 Karl Ots handed me a letter from Anna Ilves ordering me to stop the cranes on the first day of the strike.",
          "communication", handed("anna", "oleg", via="karl"), speaker="oleg", time=window("1958-05-11", "1958-05-20"),
          content="stop the cranes on the first day of the strike")
    c.say("verdict.txt", "In the middle of May 1958 Ots handed Tamm a letter from Ilves ordering him to stop the cranes.",
          "communication", handed("anna", "oleg", via="karl"), speaker="judge", time=window("1958-05-11", "1958-05-20"),
          content="stop the cranes")
    assert check_record_mismatch(c.context()) == []


def test_a_verdict_following_one_of_two_versions_in_the_record_is_not_a_mismatch():
    c = court()
    c.say("record.txt", "TAMM: In May 1958 Karl Ots brought me a letter ordering me to stop the cranes.", "communication",
          [("karl", "intermediary"), ("oleg", "receiver")], speaker="oleg", time=month(1958, 5),
          content="ordering me to stop the cranes")
    c.say("record.txt", "OTS: The letter I brought Tamm in May 1958 spoke only of money for the families.", "communication",
          [("karl", "intermediary"), ("oleg", "receiver")], speaker="karl", time=month(1958, 5),
          content="money for the families")
    c.say("verdict.txt", "In May 1958 Ots brought Tamm a letter ordering him to stop the cranes.", "communication",
          [("karl", "intermediary"), ("oleg", "receiver")], speaker="judge", time=month(1958, 5),
          content="ordering him to stop the cranes")
    assert check_record_mismatch(c.context()) == []


def test_a_summary_loosely_supported_by_the_record_is_not_a_mismatch():
    c = court()
    c.say("record.txt", "OTS: In December 1957 I met Anna Ilves in Riga and she gave me a sealed envelope.", "meeting",
          [("karl", "subject"), ("anna", "companion")], speaker="karl", place="riga", time=month(1957, 12))
    c.say("verdict.txt", "From December 1957 onwards the accused Ots served the plot as its courier.", "communication",
          [("karl", "intermediary")], speaker="judge", time=window("1957-12-01", ""))
    assert check_record_mismatch(c.context()) == []


def test_a_record_that_never_speaks_of_the_people_says_nothing_by_its_silence():
    c = court()
    c.say("record.txt", "OTS: I met Oleg Tamm once, in Riga, in 1930.", "meeting", [("karl", "subject"), ("oleg", "companion")],
          speaker="karl", place="riga", time=window("1930-01-01", "1930-12-31"))
    c.say("verdict.txt", "In June 1934 Anna Ilves met Mira Sand in Narva.", "meeting",
          [("anna", "subject"), ("mira", "companion")], speaker="judge", place="narva", time=month(1934, 6))
    assert check_record_mismatch(c.context()) == []


def test_documents_that_derive_from_nothing_are_not_judged_against_a_record():
    c = Corpus()
    c.meta["record.txt"] = DocumentMeta(kind="trial_record")
    c.meta["letter.txt"] = DocumentMeta(kind="letter")
    c.say("record.txt", "TAMM: On 4 March 1958 in Tartu Anna Ilves gave me the plan of the docks.", "communication",
          handed("anna", "oleg"), speaker="oleg", place="tartu", time=window("1958-03-04"), content="the plan of the docks")
    c.say("letter.txt", "On 4 March 1958 in Tartu Karl Ots gave Tamm the plan of the docks.", "communication",
          handed("karl", "oleg"), speaker="mira", place="tartu", time=window("1958-03-04"), content="the plan of the docks")
    assert check_record_mismatch(c.context()) == []


def test_an_absence_statement_about_something_else_does_not_count():
    c = Corpus()
    c.meta["book.txt"] = DocumentMeta(kind="book")
    c.say("book.txt", "The verdict says that Anna Ilves, from abroad, hastened the preparation of the attack.",
          "communication", [("anna", "sender")], speaker="the-verdict", reported_by="mira", modality="reported",
          content="hastened the preparation of the attack")
    c.say("book.txt", "Her letters to the printers were never mentioned at the trial.", "document_content",
          [("anna", "subject"), ("the-trial", "object")], speaker="mira", polarity="denied",
          content="letters to the printers about the newspaper")
    assert check_record_mismatch(c.context()) == []


def test_a_reprint_rests_on_its_wire_story_even_where_the_trial_excerpt_is_silent():
    c = Corpus()
    c.meta["record.txt"] = DocumentMeta(kind="trial_record")
    c.meta["wire.txt"] = DocumentMeta(kind="wire_story", derived_from=["record.txt"])
    c.meta["paper.txt"] = DocumentMeta(kind="newspaper", derived_from=["wire.txt"])
    c.say("record.txt", "TAMM: I met Karl Ots in Riga in 1930.", "meeting", [("oleg", "subject"), ("karl", "companion")],
          speaker="oleg", place="riga", time=window("1930-01-01", "1930-12-31"))
    c.say("wire.txt", "Tamm told reporters he met Ots in Narva in June 1934.", "meeting",
          [("oleg", "subject"), ("karl", "companion")], speaker="oleg", reported_by="wire", modality="reported",
          place="narva", time=month(1934, 6))
    c.say("paper.txt", "Tamm said he had met Ots in Narva in June 1934.", "meeting",
          [("oleg", "subject"), ("karl", "companion")], speaker="oleg", reported_by="paper", modality="reported",
          place="narva", time=month(1934, 6))
    fs = check_record_mismatch(c.context())
    # The wire story is unsupported by the trial excerpt; the newspaper faithfully reprints the wire story.
    assert [(f.rule, f.claims[0]) for f in fs] == [(RULE_UNSUPPORTED, "c002")]


def test_a_dependency_declared_in_the_case_file_makes_a_document_derived():
    from dataclasses import replace

    from countertrial.reason.independence import SourceGraph

    c = Corpus()
    c.meta["record.txt"] = DocumentMeta(kind="trial_record")
    c.meta["memo.txt"] = DocumentMeta(kind="memo")  # nothing in the manifest says it summarises the trial
    c.say("record.txt", "TAMM: On 4 March 1958 in Tartu Anna Ilves gave me the plan of the docks.", "communication",
          handed("anna", "oleg"), speaker="oleg", place="tartu", time=window("1958-03-04"), content="the plan of the docks")
    c.say("memo.txt", "On 4 March 1958 in Tartu Karl Ots gave Tamm the plan of the docks.", "communication",
          handed("karl", "oleg"), speaker="rein", place="tartu", time=window("1958-03-04"), content="the plan of the docks")
    ctx = c.context()
    assert check_record_mismatch(ctx) == []
    graph = SourceGraph(ctx.documents.values(), edges=[("memo.txt", "record.txt", "the memo summarises the trial")])
    [f] = check_record_mismatch(replace(ctx, sources=graph))
    assert f.rule == RULE_CONTRADICTED


# --- a verdict known only through a book, against the record the case file says it rests on ---------


def _quoted_court(verdict_giver: str):
    from dataclasses import replace

    from countertrial.reason.independence import SourceGraph

    c = Corpus()
    c.meta["book.txt"] = DocumentMeta(kind="book", author="Mira Sand")
    rec = c.say("book.txt", "At the trial Tamm said that on 4 March 1958 in Tartu Anna Ilves gave him the plan of the docks.",
                "communication", handed("anna", "oleg"), speaker="oleg", reported_by="the-trial", modality="reported",
                place="tartu", time=window("1958-03-04"), content="the plan of the naval docks")  # fmt: skip
    ver = c.say("book.txt", f"The verdict says that on 4 March 1958 in Tartu {verdict_giver} gave Tamm the plan of the docks.",
                "communication", handed("karl" if verdict_giver == "Karl Ots" else "anna", "oleg"), speaker="the-verdict",
                reported_by="mira", modality="reported", place="tartu", time=window("1958-03-04"),
                content="the plan of the naval docks")  # fmt: skip
    ctx = c.context()
    graph = SourceGraph(ctx.documents.values(), edges=[("the-verdict", "the-trial", "the court's judgment on the trial")],
                        entities=ctx.entities)  # fmt: skip
    return ctx, replace(ctx, sources=graph), rec, ver


def test_a_quoted_verdict_against_the_quoted_record_it_rests_on():
    bare, ctx, rec, ver = _quoted_court("Karl Ots")
    [f] = check_record_mismatch(ctx)
    assert f.rule == RULE_CONTRADICTED and f.claims == [ver.id, rec.id]
    cited_ok(f, ctx)
    assert "the record it rests on, the trial record (as quoted in the book book.txt), has Oleg Tamm" in f.summary
    assert f.details["records"] == ["the-trial"]
    # Without the case file's rests_on the verdict's record is the corpus's trial records: there are none.
    assert check_record_mismatch(bare) == []


def test_a_quoted_verdict_that_follows_its_quoted_record_is_no_mismatch():
    _, ctx, _, _ = _quoted_court("Anna Ilves")
    assert check_record_mismatch(ctx) == []
