"""The corroboration check: agreeing sources, counted by independent lines, never by documents.

Fictional affair: Tomas Ruiz, a ship's engineer, Anna Keller, a shipping clerk, and Ines Vogt, a
journalist, in Lisbon, Porto and Genoa in 1950. Every case that must fire has a near miss beside it.
"""

from __future__ import annotations

import random
import time
from datetime import date

from countertrial.model import Claim, Document, DocumentMeta, Entity, Participant, TimeWindow
from countertrial.reason.checks.corroboration import (
    agreement,
    check_corroboration,
    contents_compatible,
    contradicts,
    Places,
)
from countertrial.reason.engine import Context, ReasoningConfig

ENTITIES = {
    e.id: e
    for e in [
        Entity(id="person:tomas-ruiz", kind="person", name="Tomas Ruiz"),
        Entity(id="person:anna-keller", kind="person", name="Anna Keller"),
        Entity(id="person:ines-vogt", kind="person", name="Ines Vogt"),
        Entity(id="place:lisbon", kind="place", name="Lisbon", latitude=38.72, longitude=-9.14),
        Entity(id="place:porto", kind="place", name="Porto", latitude=41.15, longitude=-8.61),
        Entity(id="place:genoa", kind="place", name="Genoa", latitude=44.41, longitude=8.93),
        Entity(id="building:hotel-aurora", kind="building", name="Hotel Aurora", located_in="place:lisbon"),
        Entity(id="building:hotel-sol", kind="building", name="Hotel Sol", located_in="place:lisbon"),
    ]
}
RUIZ = [Participant(entity="person:tomas-ruiz")]
RUIZ_VOGT = [Participant(entity="person:tomas-ruiz"), Participant(entity="person:ines-vogt", role="companion")]


def day(m: int, d: int, y: int = 1950) -> date:
    return date(y, m, d)


def window(a: date | None, b: date | None, precision: str = "day") -> TimeWindow:
    return TimeWindow(earliest=a, latest=b, precision=precision)


MAY_2_6 = window(day(5, 2), day(5, 6), "days")
MAY_4 = window(day(5, 4), day(5, 4))


def doc(doc_id: str, text: str, **meta) -> Document:
    if "date" in meta:
        y, m, d = (int(x) for x in meta["date"].split("-"))
        meta["date_window"] = TimeWindow(earliest=date(y, m, d), latest=date(y, m, d))
    return Document(id=doc_id, path=doc_id, format="txt", sha256="0" * 64, text=text, meta=DocumentMeta(**meta))


def claim(cid: str, document: Document, quote: str, **kw) -> Claim:
    start = document.text.index(quote)
    kw.setdefault("participants", RUIZ)
    kw.setdefault("kind", "presence")
    return Claim(id=cid, document=document.id, start=start, end=start + len(quote), quote=quote, **kw)


def run(docs: list[Document], claims: list[Claim], entities=ENTITIES, config=None):
    ctx = Context(claims, entities, {d.id: d.text for d in docs}, config or ReasoningConfig(), {d.id: d for d in docs})
    findings = check_corroboration(ctx)
    for f in findings:  # every citation verifies against its document
        for c in f.citations:
            assert ctx.texts[c.document][c.start : c.end] == c.quote
        assert f.claims and len(f.citations) >= 2
    return findings


def kinds(findings):
    return [f.kind for f in findings]


REGISTER = doc(
    "register.txt",
    "Certified extract. Mr Tomas Ruiz, engineer, stayed at the Hotel Aurora, Lisbon, from 2 to 6 May 1950.",
    kind="register", speakers=["Hotel Aurora"], date="1950-05-20", conditions="extract of a register kept in 1950",
)  # fmt: skip
LETTER = doc(
    "letter.txt",
    "Dear Marta, our engineer Ruiz spent the whole week with us in Lisbon, from the 2nd to the 6th.",
    kind="letter", author="Paulo Dias", date="1950-05-08", conditions="private letter; writer unconnected with the case",
)  # fmt: skip
REG_CLAIM = claim("reg", REGISTER, "Mr Tomas Ruiz, engineer, stayed at the Hotel Aurora, Lisbon, from 2 to 6 May 1950.",
                  place="building:hotel-aurora", time=MAY_2_6, aspect="state")  # fmt: skip
LET_CLAIM = claim("let", LETTER, "our engineer Ruiz spent the whole week with us in Lisbon, from the 2nd to the 6th.",
                  place="place:lisbon", time=MAY_2_6, aspect="state")  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Must fire


def test_independent_register_and_letter_corroborate_with_two_lines():
    [f] = run([REGISTER, LETTER], [REG_CLAIM, LET_CLAIM])
    assert f.kind == "corroboration" and f.rule == "corroboration.independent_lines"
    assert sorted(f.claims) == ["let", "reg"]
    assert f.details["independent_lines"] == 2
    assert "2 independent lines of evidence agree" in f.summary
    assert f.summary.startswith("Tomas Ruiz was at Hotel Aurora in Lisbon from 2 to 6 May 1950")
    assert f.confidence >= 0.7
    assert "a record or letter made at the time" in f.confidence_reason


TRIAL = doc(
    "trial.txt",
    "RUIZ: On May 4, 1950, I met Ines Vogt in Genoa.\nKELLER: I saw them together in Genoa on May 4.",
    kind="trial_record", speakers=["Tomas Ruiz", "Anna Keller"], date="1950-10-02", conditions="accused in custody",
)  # fmt: skip
WIRE = doc(
    "wire.txt",
    "Ruiz told the court that he met the journalist Ines Vogt in Genoa on May 4.",
    kind="wire_story", author="Northern Press Agency", date="1950-10-03", derived_from=["trial.txt"],
    conditions="reporter's account of the hearing",
)  # fmt: skip
PAPER = doc(
    "paper.html",
    "Ruiz told the court he had met the journalist Ines Vogt in Genoa on May 4.",
    kind="newspaper", author="The Evening Star", date="1950-10-04", derived_from=["wire.txt"],
    conditions="reprints the agency story",
)  # fmt: skip
T_CLAIM = claim("t", TRIAL, "RUIZ: On May 4, 1950, I met Ines Vogt in Genoa.", kind="meeting", participants=RUIZ_VOGT,
                place="place:genoa", time=MAY_4, speaker="person:tomas-ruiz")  # fmt: skip
W_CLAIM = claim("w", WIRE, WIRE.text, kind="meeting", participants=RUIZ_VOGT, place="place:genoa", time=MAY_4,
                speaker="person:tomas-ruiz", reported_by="org:npa", modality="reported")  # fmt: skip
P_CLAIM = claim("p", PAPER, PAPER.text, kind="meeting", participants=RUIZ_VOGT, place="place:genoa", time=MAY_4)


def test_newspaper_reprinting_wire_is_dependent():
    [f] = run([WIRE, PAPER], [W_CLAIM, P_CLAIM])
    assert f.kind == "dependent_corroboration"
    assert sorted(f.claims) == ["p", "w"]
    assert "not independently" in f.summary
    assert "the newspaper paper.html reprints the wire story wire.txt (manifest derived_from)" in f.summary
    assert "one line of evidence" in f.summary


def test_wire_and_the_trial_record_it_reports_are_dependent():
    [f] = run([TRIAL, WIRE], [T_CLAIM, W_CLAIM])
    assert f.kind == "dependent_corroboration"
    assert "the wire story wire.txt reports the trial record trial.txt (manifest derived_from)" in f.summary


def test_trial_wire_and_reprint_are_one_dependent_finding():
    [f] = run([TRIAL, WIRE, PAPER], [T_CLAIM, W_CLAIM, P_CLAIM])
    assert f.kind == "dependent_corroboration"
    assert sorted(f.claims) == ["p", "t", "w"]
    assert "reprints" in f.summary and "reports" in f.summary


def test_same_speaker_in_two_documents_is_one_line():
    memoir = doc("memoir.txt", "I was in Porto in the first days of May 1950.", kind="memoir", speakers=["Anna Keller"], date="1980-01-01")
    note = doc("note.txt", "Porto, 3 May 1950. I am here on the firm's business.", kind="letter", author="Anna Keller", date="1950-05-03")
    keller = [Participant(entity="person:anna-keller")]
    a = claim("a", memoir, memoir.text, participants=keller, place="place:porto", time=window(day(5, 1), day(5, 5), "days"), aspect="state")
    b = claim("b", note, note.text, participants=keller, place="place:porto", time=window(day(5, 3), day(5, 3)), aspect="state")
    [f] = run([memoir, note], [a, b])
    assert f.kind == "dependent_corroboration"
    assert "both give Anna Keller's own account (same speaker)" in f.summary


def test_independent_lines_plus_a_collapsed_line():
    # Ruiz's trial testimony, the wire story and its reprint are one line; a hotel porter's ledger in
    # Genoa is another. The corroboration cites one passage per line; the reprint is not a witness.
    ledger = doc("ledger.txt", "4 May 1950: Sr. Ruiz lunched with the lady journalist Vogt in Genoa.", kind="register",
                 date="1950-05-04", speakers=["Porter of the Albergo Mare"])  # fmt: skip
    lc = claim("l", ledger, ledger.text, kind="meeting", participants=RUIZ_VOGT, place="place:genoa", time=MAY_4)
    found = run([TRIAL, WIRE, PAPER, ledger], [T_CLAIM, W_CLAIM, P_CLAIM, lc])
    assert kinds(found) == ["corroboration", "dependent_corroboration"]
    main, dep = found
    assert main.details["independent_lines"] == 2
    assert len(main.claims) == 2 and "l" in main.claims
    assert not {"w", "p"} <= set(main.claims)  # never cite the reprint and what it reprints as two witnesses
    assert "count as one line of evidence" in main.summary
    assert dep.details["part_of"] == main.id and main.details["dependent_findings"] == [dep.id]
    assert sorted(dep.claims) == ["p", "t", "w"]


def test_one_statement_quoting_independent_records_corroborates():
    text = (
        "His passport bears a visa issued by the consulate in Lisbon on May 4, 1950. "
        "The frontier post at Vilar Formoso stamped it on entering Portugal on May 3, 1950."
    )
    st = doc("statement.txt", text, kind="testimony", speakers=["Anna Keller"], date="1951-02-01")
    visa = claim("visa", st, "His passport bears a visa issued by the consulate in Lisbon on May 4, 1950.", place="place:lisbon",
                 time=MAY_4, aspect="state", speaker="org:consulate", reported_by="person:anna-keller", modality="reported")  # fmt: skip
    stamp = claim("stamp", st, "The frontier post at Vilar Formoso stamped it on entering Portugal on May 3, 1950.",
                  place="place:lisbon", time=window(day(5, 3), day(5, 4)), aspect="state", speaker="org:frontier-post",
                  reported_by="person:anna-keller", modality="reported")  # fmt: skip
    [f] = run([st], [visa, stamp])
    # Two records she quotes are two lines, even though both reach us through her.
    assert f.kind == "corroboration" and f.details["independent_lines"] == 2
    assert "Consulate as quoted in the testimony statement.txt" in f.summary


def test_a_reporter_and_the_source_she_is_the_only_access_to_are_one_line():
    # Must fire (the collapse): Keller says her colleague was in Lisbon and quotes his visa; the visa is
    # in the corpus only through her statement, so her own assertion is no second line.
    text = (
        "In the first week of May 1950 my colleague was in Lisbon. "
        "His passport bears a visa issued by the consulate in Lisbon on May 4, 1950."
    )
    st = doc("statement.txt", text, kind="testimony", speakers=["Anna Keller"], date="1951-02-01")
    own = claim("own", st, "In the first week of May 1950 my colleague was in Lisbon.", place="place:lisbon",
                time=window(day(5, 1), day(5, 7), "week"), aspect="state", speaker="person:anna-keller")  # fmt: skip
    visa = claim("visa", st, "His passport bears a visa issued by the consulate in Lisbon on May 4, 1950.", place="place:lisbon",
                 time=MAY_4, aspect="state", speaker="org:consulate", reported_by="person:anna-keller", modality="reported")  # fmt: skip
    assert run([st], [own, visa]) == []
    # With a third, independent witness there is a corroboration of two lines, not three, and it says why.
    ledger = doc("ledger.txt", "4 May 1950: Sr. Ruiz stayed at the Hotel Avenida, Lisbon.", kind="register",
                 date="1950-05-04", speakers=["Porter of the Hotel Avenida"])  # fmt: skip
    lc = claim("l", ledger, ledger.text, place="place:lisbon", time=MAY_4, aspect="state")
    own2 = own.model_copy(update={"participants": lc.participants})
    visa2 = visa.model_copy(update={"participants": lc.participants})
    [f] = run([st, ledger], [own2, visa2, lc])
    assert f.kind == "corroboration" and f.details["independent_lines"] == 2
    [line] = [x for x in f.details["lines"] if len(x["claims"]) == 2]
    assert sorted(line["claims"]) == ["own", "visa"]
    assert "reaches us only through Anna Keller, who also asserts it" in line["collapsed_because"]


def test_a_reporter_joins_one_of_the_sources_he_quotes_and_the_others_stay_lines():
    # Keller asserts it and quotes a visa and a frontier stamp, both known only through her: her own
    # statement joins the first, the two records stay two lines, and her statement stands for its line.
    text = (
        "In the first week of May 1950 my colleague was in Lisbon. "
        "His passport bears a visa issued by the consulate in Lisbon on May 4, 1950. "
        "The frontier post at Vilar Formoso stamped it on entering Portugal on May 3, 1950."
    )
    st = doc("statement.txt", text, kind="testimony", speakers=["Anna Keller"], date="1951-02-01")
    own = claim("own", st, "In the first week of May 1950 my colleague was in Lisbon.", place="place:lisbon",
                time=window(day(5, 1), day(5, 7), "week"), aspect="state", speaker="person:anna-keller")  # fmt: skip
    visa = claim("visa", st, "His passport bears a visa issued by the consulate in Lisbon on May 4, 1950.", place="place:lisbon",
                 time=MAY_4, aspect="state", speaker="org:consulate", reported_by="person:anna-keller", modality="reported")  # fmt: skip
    stamp = claim("stamp", st, "The frontier post at Vilar Formoso stamped it on entering Portugal on May 3, 1950.",
                  place="place:lisbon", time=window(day(5, 3), day(5, 4)), aspect="state", speaker="org:frontier-post",
                  reported_by="person:anna-keller", modality="reported")  # fmt: skip
    [f] = run([st], [own, visa, stamp])
    assert f.details["independent_lines"] == 2
    assert sorted(sorted(x["claims"]) for x in f.details["lines"]) == [["own", "visa"], ["stamp"]]
    assert sorted(f.claims) == ["own", "stamp"]


def test_a_quoted_source_that_is_in_the_corpus_on_its_own_stays_a_line():
    # Near miss: the scholar quotes a colleague who also wrote his own article in the corpus, so the
    # colleague is an independent access; the quoting scholar's own assertion is a line of its own too.
    book = doc("book.txt", "Ruiz and Vogt met in Genoa on 4 May 1950. As Lind has shown, they met in Genoa that day.",
               kind="scholarship", author="Eva Berg", date="2001-01-01")
    article = doc("article.txt", "Ruiz met Vogt in Genoa on 4 May 1950.", kind="scholarship", author="Ola Lind", date="1998-01-01")
    own = claim("own", book, "Ruiz and Vogt met in Genoa on 4 May 1950.", kind="meeting", participants=RUIZ_VOGT,
                place="place:genoa", time=MAY_4)  # fmt: skip
    quoted = claim("q", book, "As Lind has shown, they met in Genoa that day.", kind="meeting", participants=RUIZ_VOGT,
                   place="place:genoa", time=MAY_4, speaker="person:ola-lind", reported_by="person:eva-berg", modality="reported")  # fmt: skip
    lind = claim("lind", article, article.text, kind="meeting", participants=RUIZ_VOGT, place="place:genoa", time=MAY_4,
                 speaker="person:ola-lind")  # fmt: skip
    found = run([book, article], [own, quoted, lind])
    main = next(f for f in found if f.kind == "corroboration")
    assert main.details["independent_lines"] == 2  # Berg; Lind (his article and Berg's quotation of it)
    # Without Lind's article, Berg's quotation of him is her own access, and there is nothing to corroborate.
    assert run([book], [own, quoted]) == []


def test_denials_corroborate_each_other():
    a_doc = doc("a.txt", "I never met Ruiz.", kind="testimony", speakers=["Ines Vogt"])
    b_doc = doc("b.txt", "Vogt and Ruiz never met, to my knowledge.", kind="letter", author="Anna Keller")
    a = claim("a", a_doc, a_doc.text, kind="meeting", participants=RUIZ_VOGT, polarity="denied")
    b = claim("b", b_doc, b_doc.text, kind="meeting", participants=RUIZ_VOGT, polarity="denied")
    [f] = run([a_doc, b_doc], [a, b])
    assert f.kind == "corroboration" and "did not meet" in f.summary
    assert "no claim is dated" in f.confidence_reason


# --------------------------------------------------------------------------------------------------
# Near misses


def test_two_claims_of_one_document_are_nothing():
    k = claim("k", TRIAL, "KELLER: I saw them together in Genoa on May 4.", kind="meeting", participants=RUIZ_VOGT,
              place="place:genoa", time=MAY_4, speaker="person:anna-keller")  # fmt: skip
    assert run([TRIAL], [T_CLAIM, k]) == []


def test_a_claim_never_agrees_with_itself():
    assert run([REGISTER], [REG_CLAIM, REG_CLAIM.model_copy()]) == []


def test_different_places_are_nothing():
    let = LET_CLAIM.model_copy(update={"place": "place:porto"})
    assert run([REGISTER, LETTER], [REG_CLAIM, let]) == []
    # two hotels of one city are not the same place either
    let = LET_CLAIM.model_copy(update={"place": "building:hotel-sol"})
    assert run([REGISTER, LETTER], [REG_CLAIM, let]) == []


def test_different_times_are_nothing():
    let = LET_CLAIM.model_copy(update={"time": window(day(6, 2), day(6, 6), "days")})
    assert run([REGISTER, LETTER], [REG_CLAIM, let]) == []


def test_different_people_or_polarity_are_nothing():
    let = LET_CLAIM.model_copy(update={"participants": [Participant(entity="person:anna-keller")]})
    assert run([REGISTER, LETTER], [REG_CLAIM, let]) == []
    let = LET_CLAIM.model_copy(update={"polarity": "denied"})
    assert run([REGISTER, LETTER], [REG_CLAIM, let]) == []


def test_different_families_are_nothing():
    let = LET_CLAIM.model_copy(update={"kind": "communication"})
    assert run([REGISTER, LETTER], [REG_CLAIM, let]) == []


def test_travel_by_different_means_is_nothing():
    a = REG_CLAIM.model_copy(update={"kind": "travel", "means": "train", "aspect": "event", "time": MAY_4})
    b = LET_CLAIM.model_copy(update={"kind": "travel", "means": "airplane", "aspect": "event", "time": MAY_4})
    assert run([REGISTER, LETTER], [a, b]) == []
    b = b.model_copy(update={"means": "rail"})
    assert kinds(run([REGISTER, LETTER], [a, b])) == ["corroboration"]


def test_differing_contents_of_one_message_do_not_corroborate():
    assert not contents_compatible("ordered him to put the cranes out of action", "said nothing about the cranes; money for the families")
    assert contents_compatible("ordered him to put the harbour cranes out of action", "ordering the cranes put out of action")
    parts = [Participant(entity="person:ines-vogt", role="sender"), Participant(entity="person:tomas-ruiz", role="receiver")]
    a = REG_CLAIM.model_copy(update={"kind": "communication", "participants": parts, "content": "ordered him to sabotage the cranes", "time": MAY_4, "aspect": "event"})
    b = LET_CLAIM.model_copy(update={"kind": "communication", "participants": parts, "content": "asked about money for the strikers' families", "time": MAY_4, "aspect": "event"})
    assert run([REGISTER, LETTER], [a, b]) == []
    reversed_roles = [Participant(entity="person:ines-vogt", role="receiver"), Participant(entity="person:tomas-ruiz", role="sender")]
    b = b.model_copy(update={"content": "ordered him to sabotage the cranes", "participants": reversed_roles})
    assert run([REGISTER, LETTER], [a, b]) == []


def test_agreement_is_not_chained_through_a_vague_claim():
    # "in 1950" agrees with "4 May" and with "20 December"; those two do not agree with each other.
    docs = [doc(f"{x}.txt", f"Ruiz met Vogt ({x}).", kind="letter", author=f"Writer {x}") for x in "abc"]
    year = claim("year", docs[0], docs[0].text, kind="meeting", participants=RUIZ_VOGT, time=window(day(1, 1), day(12, 31), "year"))
    may = claim("may", docs[1], docs[1].text, kind="meeting", participants=RUIZ_VOGT, time=MAY_4)
    dec = claim("dec", docs[2], docs[2].text, kind="meeting", participants=RUIZ_VOGT, time=window(day(12, 20), day(12, 20)))
    found = run(docs, [year, may, dec])
    assert len(found) == 1
    assert len(found[0].claims) == 2 and not {"may", "dec"} <= set(found[0].claims)


def test_a_second_passage_of_the_same_document_does_not_crowd_out_a_witness():
    # The register's first line (Lisbon, 4 May) is the anchor. Its second line (Hotel Sol that week)
    # agrees with it but not with the memoir's Hotel Aurora; the memoir must still be grouped with
    # the first line, though the register's own second line weighs more.
    reg = doc("reg2.txt", "Ruiz, Lisbon, 4 May 1950. Ruiz, Hotel Sol, 2-6 May 1950.", kind="register", date="1950-05-07")
    memoir = doc("memoir.txt", "That week Ruiz stayed at the Hotel Aurora.", kind="memoir", author="Anna Keller", date="1985-01-01",
                 conditions="written 35 years later")  # fmt: skip
    a = claim("a", reg, "Ruiz, Lisbon, 4 May 1950.", place="place:lisbon", time=MAY_4, aspect="state")
    b = claim("b", reg, "Ruiz, Hotel Sol, 2-6 May 1950.", place="building:hotel-sol", time=MAY_2_6, aspect="state")
    c = claim("c", memoir, memoir.text, place="building:hotel-aurora", time=MAY_2_6, aspect="state")
    [f] = run([reg, memoir], [a, b, c])
    assert f.kind == "corroboration" and sorted(f.claims) == ["a", "c"]


# --------------------------------------------------------------------------------------------------
# Helpers, confidence, determinism and scale


def test_agreement_modes_and_contradiction():
    places = Places(ENTITIES)
    assert agreement(REG_CLAIM, LET_CLAIM, places) == "must"
    undated = LET_CLAIM.model_copy(update={"time": None})
    assert agreement(REG_CLAIM, undated, places) == "undated"
    denial = claim("d", LETTER, "Dear Marta", place="place:lisbon", polarity="denied", time=window(day(5, 1), day(5, 31), "month"))
    assert contradicts(REG_CLAIM, denial, places)  # the hotel lies in Lisbon, and the stay in May
    elsewhere = denial.model_copy(update={"place": "place:porto"})
    assert not contradicts(REG_CLAIM, elsewhere, places)
    narrower = denial.model_copy(update={"place": "building:hotel-aurora", "time": None})
    assert not contradicts(LET_CLAIM, narrower, places)  # not at that hotel does not deny being in Lisbon


def test_custody_sources_weigh_less_than_records():
    conf_doc = doc("conf.txt", "I was at the Hotel Aurora in Lisbon from 2 to 6 May.", kind="interrogation", speakers=["Tomas Ruiz"],
                   date="1950-09-01", conditions="in custody; later retracted")  # fmt: skip
    mem_doc = doc("memoir.txt", "My brother stayed at the Hotel Aurora in Lisbon in early May 1950.", kind="memoir",
                  speakers=["Anna Keller"], date="1985-01-01", conditions="written 35 years later; author is his sister")  # fmt: skip
    a = claim("a", conf_doc, conf_doc.text, place="building:hotel-aurora", time=MAY_2_6, aspect="state", speaker="person:tomas-ruiz")
    b = claim("b", mem_doc, mem_doc.text, place="building:hotel-aurora", time=MAY_2_6, aspect="state", speaker="person:anna-keller")
    [weak] = run([conf_doc, mem_doc], [a, b])
    [strong] = run([REGISTER, LETTER], [REG_CLAIM, LET_CLAIM])
    assert weak.kind == strong.kind == "corroboration"
    assert weak.confidence < strong.confidence - 0.2
    assert "produced in custody" in weak.confidence_reason and "written long after" in weak.confidence_reason


def test_deterministic_under_reordering():
    ledger = doc("ledger.txt", "4 May 1950: Sr. Ruiz lunched with Vogt in Genoa.", kind="register", date="1950-05-04")
    lc = claim("l", ledger, ledger.text, kind="meeting", participants=RUIZ_VOGT, place="place:genoa", time=MAY_4)
    docs = [TRIAL, WIRE, PAPER, ledger, REGISTER, LETTER]
    claims = [T_CLAIM, W_CLAIM, P_CLAIM, lc, REG_CLAIM, LET_CLAIM]
    first = run(docs, claims)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = claims[:]
        rng.shuffle(shuffled)
        assert [f.model_dump() for f in run(docs, shuffled)] == [f.model_dump() for f in first]


def test_scales_without_comparing_all_pairs():
    # 20 people, each placed in one of 3 cities on 250 successive days by two sources (10,000 claims).
    # All pairs would be 5e7 comparisons; the bucketed sweep only compares claims whose days overlap.
    ents = dict(ENTITIES)
    for i in range(20):
        ents[f"person:p{i}"] = Entity(id=f"person:p{i}", kind="person", name=f"Person {i}")
    docs = [doc("a.txt", "x" * 10, kind="register"), doc("b.txt", "y" * 10, kind="letter")]
    cities = ["place:lisbon", "place:porto", "place:genoa"]
    claims = []
    for i in range(20):
        for k in range(250):
            d = date.fromordinal(day(1, 1).toordinal() + k)
            for src, text in (("a", "x" * 10), ("b", "y" * 10)):
                claims.append(Claim(id=f"{src}{i}-{k}", kind="presence", document=f"{src}.txt", start=0, end=10, quote=text,
                                    participants=[Participant(entity=f"person:p{i}")], place=cities[(i + k) % 3],
                                    time=window(d, d), aspect="state"))  # fmt: skip
    ctx = Context(claims, ents, {d.id: d.text for d in docs}, ReasoningConfig(), {d.id: d for d in docs})
    t0 = time.perf_counter()
    found = check_corroboration(ctx)
    elapsed = time.perf_counter() - t0
    assert len(found) == 20 * 250 and all(f.kind == "corroboration" for f in found)
    assert elapsed < 20, elapsed


def test_an_unattributed_report_is_not_a_line_of_evidence():
    """'This was the confession: X met Y' names no author: it cannot corroborate X's own account."""
    from countertrial.model import Claim, Document, DocumentMeta, Participant, TimeWindow
    from countertrial.reason.checks.corroboration import check_corroboration
    from countertrial.reason.engine import Context, ReasoningConfig

    text = "Vera Lind says she met Otto Brand in Turin in May 1950. The charge was this: she met Otto Brand in Turin in May 1950."
    first, second = text.split(". ")[0] + ".", text.split(". ")[1]
    window = TimeWindow(earliest="1950-05-01", latest="1950-05-31", precision="month")

    def claim(cid, start, end, speaker, modality):
        return Claim(
            id=cid, kind="meeting", document="d.txt", start=start, end=end, quote=text[start:end],
            participants=[Participant(entity="person:vera-lind"), Participant(entity="person:otto-brand", role="companion")],
            place="place:turin", time=window, speaker=speaker, reported_by="person:author", modality=modality,
        )

    a = claim("C-a", 0, len(first), "person:vera-lind", "reported")
    b = claim("C-b", len(first) + 1, len(text), None, "reported")
    doc = Document(id="d.txt", path="d.txt", format="txt", sha256="0" * 64, text=text, meta=DocumentMeta(speakers=["Author"]))
    ctx = Context([a, b], {}, {"d.txt": text}, ReasoningConfig(), {"d.txt": doc})
    assert [f for f in check_corroboration(ctx) if f.kind == "corroboration"] == []


def test_custody_in_no_stated_place_corroborates_no_whereabouts_near_miss():
    held = doc("memoir.txt", "My brother was held from 1 to 10 May 1950, nobody told us where.", kind="memoir", speakers=["Ana Ruiz"], date="1970-01-01")
    c1 = claim("r1", REGISTER, "Mr Tomas Ruiz, engineer, stayed at the Hotel Aurora, Lisbon, from 2 to 6 May 1950",
               place="hotel-aurora", time=window(day(5, 2), day(5, 6)), aspect="state", speaker="hotel-aurora")
    c2 = claim("h1", held, "My brother was held from 1 to 10 May 1950", kind="custody", place=None,
               time=window(day(5, 1), day(5, 10)), aspect="state", speaker="ana-ruiz")
    assert run([REGISTER, held], [c1, c2]) == []
