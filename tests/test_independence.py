"""The source-dependency graph: which sources collapse into one line of evidence, and why.

Every document and claim here is fictional (an invented port-town affair); only the rules are real.
"""

from __future__ import annotations

from datetime import date

from countertrial.model import Claim, Document, DocumentMeta, Entity, Participant, TimeWindow
from countertrial.reason.independence import SourceGraph, dependencies_from_case, find_text_cues

ENTITIES = {
    "person:anna-keller": Entity(id="person:anna-keller", kind="person", name="Anna Keller", aliases=["Keller"]),
    "person:tomas-ruiz": Entity(id="person:tomas-ruiz", kind="person", name="Tomas Ruiz", aliases=["Ruiz"]),
    "person:ines-vogt": Entity(id="person:ines-vogt", kind="person", name="Ines Vogt"),
}


def doc(doc_id: str, text: str = "Nothing of note.", **meta) -> Document:
    if "date" in meta and "date_window" not in meta:
        y, m, d = (int(x) for x in meta["date"].split("-"))
        meta["date_window"] = TimeWindow(earliest=date(y, m, d), latest=date(y, m, d))
    return Document(id=doc_id, path=doc_id, format="txt", sha256="0" * 64, text=text, meta=DocumentMeta(**meta))


def claim(cid: str, document: Document, quote: str | None = None, **kw) -> Claim:
    quote = quote if quote is not None else document.text
    start = document.text.index(quote)
    kw.setdefault("participants", [Participant(entity="person:tomas-ruiz")])
    return Claim(id=cid, kind=kw.pop("kind", "presence"), document=document.id, start=start, end=start + len(quote), quote=quote, **kw)


def ids(lines):
    return [[c.id for c in line] for line in lines]


# --------------------------------------------------------------------------------------------------
# Manifest edges


def test_reprint_collapses_into_one_line_with_reason():
    wire = doc("wire.txt", "Ruiz was seen in Porto.", kind="wire_story", title="Ruiz in Porto", author="Northern Press Agency")
    paper = doc("paper.txt", "Ruiz was seen in Porto, we learn.", kind="newspaper", derived_from=["wire.txt"], conditions="reprints the agency story")
    g = SourceGraph([wire, paper], entities=ENTITIES)
    a, b = claim("a", wire), claim("b", paper)
    assert ids(g.independent_lines([a, b])) == [["a", "b"]]
    why = g.explain_collapse([a, b])
    assert "the newspaper paper.txt reprints the wire story wire.txt (manifest derived_from)" in why
    assert why.startswith("the wire story wire.txt and the newspaper paper.txt count as one line of evidence")


def test_derivation_is_transitive():
    trial = doc("trial.txt", "RUIZ: I was in Porto.", kind="trial_record")
    wire = doc("wire.txt", "Ruiz told the court he was in Porto.", kind="wire_story", derived_from=["trial.txt"])
    paper = doc("paper.txt", "Ruiz said he was in Porto.", kind="newspaper", derived_from=["wire.txt"], conditions="reprint")
    g = SourceGraph([trial, wire, paper])
    a, c = claim("a", trial), claim("c", paper)
    assert ids(g.independent_lines([a, c])) == [["a", "c"]]
    why = g.explain_collapse([a, c])
    assert "paper.txt reprints the wire story wire.txt" in why and "wire.txt reports the trial record trial.txt" in why


def test_a_shared_descendant_does_not_make_sources_dependent():
    register = doc("register.txt", "Guest: T. Ruiz.", kind="register")
    letter = doc("letter.txt", "Ruiz stayed with us.", kind="letter")
    book = doc("book.txt", "Both the register and a letter place Ruiz there.", kind="book", derived_from=["register.txt", "letter.txt"])
    g = SourceGraph([register, letter, book])
    assert ids(g.independent_lines([claim("r", register), claim("l", letter)])) == [["r"], ["l"]]
    assert not g.documents_dependent("register.txt", "letter.txt")
    assert g.documents_dependent("book.txt", "letter.txt")


# --------------------------------------------------------------------------------------------------
# The case file


def test_case_file_edges_and_groups():
    a_doc, b_doc, c_doc, d_doc = (doc(f"{x}.txt", f"Text {x}.") for x in "abcd")
    g = SourceGraph(
        [a_doc, b_doc, c_doc, d_doc],
        edges=[("b.txt", "a.txt", "b is a summary of a prepared by the same office")],
        groups=[("the 1951 investigation", ["c.txt", "d.txt"], "both statements were drafted by the investigators")],
    )
    claims = [claim(x, d) for x, d in zip("abcd", (a_doc, b_doc, c_doc, d_doc))]
    assert ids(g.independent_lines(claims)) == [["a", "b"], ["c", "d"]]
    assert "(case file: b is a summary of a prepared by the same office)" in g.explain_collapse(claims[:2])
    assert "belong to the case file's group \u201cthe 1951 investigation\u201d" in g.explain_collapse(claims[2:])


# --------------------------------------------------------------------------------------------------
# Text cues


def test_text_cue_reprinted_from_named_source():
    gazette = doc("gazette.txt", "Ruiz arrived on the night boat.", kind="newspaper", title="The Harbour Gazette", date="1950-05-02")
    weekly = doc("weekly.txt", "Ruiz arrived on the night boat. Reprinted from the Harbour Gazette.", kind="newspaper", date="1950-05-05")
    g = SourceGraph([gazette, weekly])
    edge = g.graph.edges["weekly.txt", "gazette.txt"]
    assert edge["rule"] == "text_cue"
    a, b = claim("a", gazette), claim("b", weekly, "Ruiz arrived on the night boat.")
    assert ids(g.independent_lines([a, b])) == [["a", "b"]]
    assert "Reprinted from the Harbour Gazette" in g.explain_collapse([a, b])


def test_text_cue_by_genre_and_acronym():
    indictment = doc("indictment.txt", "The accused met Vogt.", kind="indictment", date="1950-01-10")
    wire = doc("wire.txt", "Vogt met Ruiz.", kind="wire_story", author="Northern Press Agency", date="1950-01-20")
    speech = doc("speech.txt", "According to the indictment, Ruiz met Vogt.", kind="speech", date="1950-02-01")
    paper = doc("paper.txt", "Vogt met Ruiz (from the wire).", kind="newspaper", date="1950-01-21")
    column = doc("column.txt", "Vogt met Ruiz, as reported by NPA on Friday.", kind="newspaper", date="1950-01-22")
    verdict_says = doc("notes.txt", "The verdict says nothing new.", kind="notes", date="1950-03-01")
    g = SourceGraph([indictment, wire, speech, paper, column, verdict_says])
    assert g.graph.has_edge("speech.txt", "indictment.txt")
    assert g.graph.has_edge("paper.txt", "wire.txt")
    assert g.graph.has_edge("column.txt", "wire.txt")  # "NPA" is the Northern Press Agency's initials
    assert list(g.graph.successors("notes.txt")) == []  # no verdict in the corpus: nothing to link
    cues = find_text_cues(speech)
    assert cues[0].quote == speech.text[cues[0].start : cues[0].end] == "According to the indictment"


def test_text_cue_never_points_to_a_later_document():
    early = doc("early.txt", "Reprinted from the Harbour Gazette.", kind="newspaper", date="1949-01-01")
    gazette = doc("gazette.txt", "Text.", kind="newspaper", title="The Harbour Gazette", date="1950-05-02")
    g = SourceGraph([early, gazette])
    assert not g.graph.has_edge("early.txt", "gazette.txt")


# --------------------------------------------------------------------------------------------------
# Custody


def test_same_prisoner_in_custody_is_one_line():
    first = doc("interrogation.txt", "Q: Where were you? A: In Porto.", kind="interrogation", speakers=["Tomas Ruiz"], conditions="in custody, without counsel")
    trial = doc("trial.txt", "VOGT: He was in Porto.", kind="trial_record", speakers=["Tomas Ruiz", "Ines Vogt"], conditions="accused in custody")
    g = SourceGraph([first, trial], entities=ENTITIES)
    a = claim("a", first, speaker="person:tomas-ruiz")
    b = claim("b", trial, speaker="person:ines-vogt")  # another speaker, but the same custody
    assert ids(g.independent_lines([a, b])) == [["a", "b"]]
    assert "were all produced while Tomas Ruiz was held or questioned" in g.explain_collapse([a, b])


def test_same_interrogator_links_two_prisoners_records():
    one = doc("q1.txt", "A: I saw Vogt.", kind="interrogation", speakers=["Tomas Ruiz"], author="Inspector Lemos", conditions="in custody")
    two = doc("q2.txt", "A: I saw Vogt too.", kind="interrogation", speakers=["Anna Keller"], author="Inspector Lemos", conditions="in custody")
    g = SourceGraph([one, two], entities=ENTITIES)
    a, b = claim("a", one, speaker="person:tomas-ruiz"), claim("b", two, speaker="person:anna-keller")
    assert ids(g.independent_lines([a, b])) == [["a", "b"]]
    assert "taken down under interrogation by Inspector Lemos" in g.explain_collapse([a, b])


def test_custody_without_shared_speaker_does_not_link():
    one = doc("q1.txt", "A: I saw Vogt.", kind="statement", speakers=["Tomas Ruiz"], author="Inspector Lemos", conditions="in custody")
    two = doc("q2.txt", "A: I saw Vogt too.", kind="statement", speakers=["Anna Keller"], author="Inspector Brás", conditions="in custody")
    g = SourceGraph([one, two], entities=ENTITIES)
    assert len(g.independent_lines([claim("a", one, speaker="person:tomas-ruiz"), claim("b", two, speaker="person:anna-keller")])) == 2


# --------------------------------------------------------------------------------------------------
# Speakers and quoted sources


def test_same_speaker_in_two_documents_is_one_line():
    memoir = doc("memoir.txt", "I was in Porto that week.", kind="memoir", speakers=["Anna Keller"])
    letter = doc("letter.txt", "I am in Porto this week.", kind="letter", author="Anna Keller")
    g = SourceGraph([memoir, letter], entities=ENTITIES)
    a, b = claim("a", memoir), claim("b", letter)  # no claim speaker: each takes its document's voice
    assert ids(g.independent_lines([a, b])) == [["a", "b"]]
    assert "both give Anna Keller's own account (same speaker)" in g.explain_collapse([a, b])


def test_manifest_names_and_entity_ids_are_one_speaker():
    g = SourceGraph([doc("m.txt", speakers=["Anna KELLER"])], entities=ENTITIES)
    assert g.speaker_key("Anna KELLER") == g.speaker_key("person:anna-keller") == g.speaker_key("Keller") == "person:anna-keller"


def test_quoted_records_in_one_statement_are_separate_lines():
    text = (
        "My friend was in Lisbon then. His passport bears a visa issued by the consulate on May 3. "
        "It also bears a stamp of the frontier post dated the same day."
    )
    statement = doc("statement.txt", text, kind="testimony", speakers=["Anna Keller"])
    g = SourceGraph([statement], entities=ENTITIES)
    own = claim("own", statement, "My friend was in Lisbon then.", speaker="person:anna-keller")
    visa = claim("visa", statement, "His passport bears a visa issued by the consulate on May 3.", speaker="org:consulate", reported_by="person:anna-keller", modality="reported")
    stamp = claim("stamp", statement, "It also bears a stamp of the frontier post dated the same day.", speaker="org:frontier-post", reported_by="person:anna-keller", modality="reported")
    assert ids(g.independent_lines([own, visa, stamp])) == [["own"], ["visa"], ["stamp"]]
    assert g.source_label(visa) == "Consulate as quoted in the testimony statement.txt"


def test_a_quoted_witness_still_depends_on_what_the_document_reports():
    trial = doc("trial.txt", "RUIZ: I met Vogt.", kind="trial_record", speakers=["Tomas Ruiz"])
    wire = doc("wire.txt", "Ruiz told the court he met Vogt.", kind="wire_story", author="Northern Press Agency", derived_from=["trial.txt"])
    g = SourceGraph([trial, wire], entities=ENTITIES)
    a = claim("a", trial, speaker="person:tomas-ruiz")
    b = claim("b", wire, speaker="person:tomas-ruiz", reported_by="org:npa", modality="reported")
    assert g.quotes_other_source(b)
    assert ids(g.independent_lines([a, b])) == [["a", "b"]]


def test_two_witnesses_in_one_record_are_one_source():
    trial = doc("trial.txt", "RUIZ: I met Vogt. KELLER: So did I.", kind="trial_record", speakers=["Tomas Ruiz", "Anna Keller"])
    g = SourceGraph([trial], entities=ENTITIES)
    a = claim("a", trial, "RUIZ: I met Vogt.", speaker="person:tomas-ruiz", reported_by="person:anna-keller")
    b = claim("b", trial, "KELLER: So did I.", speaker="person:anna-keller")
    assert not g.quotes_other_source(a)  # Ruiz is one of the record's own voices
    assert len(g.independent_lines([a, b])) == 1
    assert g.sources([a, b]) == ["trial.txt"]


def test_lines_are_deterministic_and_keep_input_order():
    docs = [doc(f"d{i}.txt", f"Text {i}.") for i in range(6)]
    g = SourceGraph(docs, edges=[("d3.txt", "d0.txt", "copy"), ("d5.txt", "d3.txt", "copy")])
    claims = [claim(f"c{i}", d) for i, d in enumerate(docs)]
    assert ids(g.independent_lines(claims)) == [["c0", "c3", "c5"], ["c1"], ["c2"], ["c4"]]
    assert ids(g.independent_lines(list(reversed(claims)))) == [["c5", "c3", "c0"], ["c4"], ["c2"], ["c1"]]


def test_dependencies_from_a_case_object():
    class Derivation:
        document, derived_from, why = "b.txt", ["a.txt"], None

    class Group:
        group, documents, why = "same cell", ["c.txt", "d.txt"], "shared a cell"

    class Case:
        def derivations(self):
            return [Derivation()]

        def source_groups(self):
            return [Group()]

    edges, groups = dependencies_from_case(Case())
    assert edges == [("b.txt", "a.txt", "")] and groups == [("same cell", ["c.txt", "d.txt"], "shared a cell")]
    assert dependencies_from_case(None) == ([], [])
    g = SourceGraph([doc("a.txt"), doc("b.txt")], edges=edges, groups=groups)
    assert g.documents_dependent("a.txt", "b.txt") and g.documents_dependent("c.txt", "d.txt")


# --------------------------------------------------------------------------------------------------
# Documents that speak without being files of the corpus, and chains of reporters

RULING = Entity(id="document:the-ruling", kind="document", name="the Porto ruling")
HEARING = Entity(id="document:the-hearing", kind="document", name="the Porto hearing")
DOC_ENTITIES = {**ENTITIES, RULING.id: RULING, HEARING.id: HEARING}


def test_a_case_document_depends_on_what_it_rests_on():
    from countertrial.model.case import Case

    case = Case.model_validate(
        {"documents": [{"id": "the-ruling", "name": "the Porto ruling", "kind": "verdict", "rests_on": ["trial.txt"]}]}
    )
    edges, _ = dependencies_from_case(case)
    assert edges == [("document:the-ruling", "trial.txt", "rests on it")]
    trial = doc("trial.txt", "RUIZ: I was in Porto.", kind="trial_record", speakers=["Tomas Ruiz"])
    book = doc("book.txt", "The ruling says Ruiz was in Porto.", kind="book", author="Anna Keller")
    register = doc("register.txt", "Mr Ruiz, room 4, Porto.", kind="register", author="Hotel Mar")
    g = SourceGraph([trial, book, register], edges=edges, entities=DOC_ENTITIES)
    said = claim("said", trial)
    ruled = claim("ruled", book, speaker="document:the-ruling", reported_by="person:anna-keller", modality="reported")
    reg = claim("reg", register)
    # Must fire: the ruling quoted in the book is one line with the trial it rests on, and says why.
    assert ids(g.independent_lines([said, ruled])) == [["said", "ruled"]]
    assert "the Porto ruling (case file document) derives from the trial record trial.txt" in g.explain_collapse([said, ruled])
    # Near miss: the register is no part of it.
    assert ids(g.independent_lines([ruled, reg])) == [["ruled"], ["reg"]]


def test_a_witness_as_a_ruling_renders_him_reaches_us_through_the_ruling():
    book = doc("book.txt", "The ruling says Vogt saw Ruiz in Porto. The ruling says Ruiz was in Porto.", kind="book", author="Anna Keller")
    letter = doc("letter.txt", "I saw Ruiz in Porto.", kind="letter", author="Ines Vogt")
    g = SourceGraph([book, letter], entities=DOC_ENTITIES)
    vogt_via_ruling = claim("v", book, "The ruling says Vogt saw Ruiz in Porto.", speaker="person:ines-vogt",
                            reported_by="document:the-ruling", modality="reported")  # fmt: skip
    ruling = claim("r", book, "The ruling says Ruiz was in Porto.", speaker="document:the-ruling",
                   reported_by="person:anna-keller", modality="reported")  # fmt: skip
    assert g.quotes_other_source(ruling) and g.outside_reporter(vogt_via_ruling) == "document:the-ruling"
    assert ids(g.independent_lines([vogt_via_ruling, ruling])) == [["v", "r"]]
    assert "both reach us through the Porto ruling (same reporter)" in g.explain_collapse([vogt_via_ruling, ruling])
    # Vogt's own letter shares her voice with her words as the ruling renders them; the ruling's own claim
    # is still apart from the letter.
    own = claim("own", letter, speaker="person:ines-vogt")
    assert ids(g.independent_lines([own, vogt_via_ruling])) == [["own", "v"]]
    assert ids(g.independent_lines([own, ruling])) == [["own"], ["r"]]


def test_evidence_lines_keep_a_quoted_independent_source_apart_and_collapse_a_dependent_one():
    from countertrial.reason.independence import evidence_lines

    speech = doc("speech.txt", "He was in Lisbon. The consul's visa says Lisbon. The summary says Lisbon.", kind="speech",
                 speakers=["Anna Keller"])  # fmt: skip
    memoir = doc("memoir.txt", "I, Keller, say it again: Lisbon.", kind="memoir", author="Anna Keller")
    summary = Entity(id="document:the-summary", kind="document", name="the press summary of the speech")
    ents = {**ENTITIES, summary.id: summary}
    g = SourceGraph([speech, memoir], edges=[("document:the-summary", "speech.txt", "summarises the speech")], entities=ents)
    own = claim("own", speech, "He was in Lisbon.")
    visa = claim("visa", speech, "The consul's visa says Lisbon.", speaker="org:consulate",
                 reported_by="person:anna-keller", modality="reported")  # fmt: skip
    summ = claim("summ", speech, "The summary says Lisbon.", speaker="document:the-summary",
                 reported_by="person:anna-keller", modality="reported")  # fmt: skip
    again = claim("again", memoir)
    lines = evidence_lines(g, [own, visa, summ, again])
    # Must not collapse: the visa is its own line, not the speech's.
    assert lines.of_claim["visa"] == ("consulate",)
    # Must collapse: the summary rests on the very speech that quotes it; one speaker's two documents are one line.
    assert lines.of_claim["own"] == lines.of_claim["summ"] == lines.of_claim["again"] == ("memoir.txt+speech.txt",)
    why = lines.why["memoir.txt+speech.txt"]
    assert "the press summary of the speech (case file document) derives from the speech speech.txt" in why
    assert "Anna Keller speaks in the speech speech.txt and the memoir memoir.txt (same speaker)" in why
    assert "consulate" not in lines.why
