"""Speaker turns: who holds the floor, when the label names a person, a role, or Q/A.

Invented records (not from any example case): each behaviour with a case that must resolve and a
near miss that must not.
"""

from __future__ import annotations

from countertrial.extract.turns import TurnIndex, find_turns, spoken_spans
from countertrial.ingest.segment import segment
from countertrial.model import Document, DocumentMeta


def make(text: str, speakers: list[str] | None = None, kind: str | None = "trial_record") -> Document:
    paragraphs, sentences = segment(text, "t.txt")
    return Document(
        id="t.txt", path="t.txt", format="txt", sha256="0" * 64, text=text,
        meta=DocumentMeta(speakers=speakers or [], kind=kind), sentences=sentences, paragraphs=paragraphs,
    )


class by_body:
    """(speaker key, role) of the turn whose words begin with the given ones."""

    def __init__(self, doc: Document):
        self.doc, self.turns = doc, find_turns(doc)

    def __getitem__(self, words: str) -> tuple[str | None, str | None]:
        found = [t for t in self.turns if self.doc.text.startswith(words, t.body)]
        assert len(found) == 1, (words, self.turns)
        return found[0].speaker, found[0].role


TWO_ACCUSED = """REGIONAL COURT OF ASHFORD
Presiding: Judge Miriam Okafor. For the prosecution: Mr. Daniel Frost. For the accused Lind: Ms. Carla Neves.

SITTING OF MARCH 3, 1974

Examination of the accused Petra Lind.

THE PRESIDENT: Where were you on the night of the fire?
THE ACCUSED: Petra speaking here.
THE PROSECUTOR: Did you know the watchman?
THE ACCUSED: Petra again.

SITTING OF MARCH 4, 1974

EXAMINATION OF THE ACCUSED OSWALD KERR.

THE PRESIDENT: And you?
THE ACCUSED: Oswald speaking.
MS. NEVES: One question.
THE ACCUSED: Oswald again.

SITTING OF MARCH 5, 1974

Testimony of the witness Inspector Hugo Brandt, of the county police.

THE WITNESS: Hugo speaking.
THE INTERPRETER: Interpreter here.
"""


def test_role_label_is_the_person_the_section_heading_names():
    turns = by_body(make(TWO_ACCUSED, ["Petra Lind", "Oswald Kerr", "Hugo Brandt"]))
    assert turns["Petra speakin"] == ("petra lind", None)
    assert turns["Petra again."] == ("petra lind", None)
    # a new heading hands the role to the next accused: two accused never merge into one "accused"
    assert turns["Oswald speaki"] == ("oswald kerr", None)
    assert turns["Oswald again."] == ("oswald kerr", None)
    assert turns["Hugo speaking"] == ("hugo brandt", None)


def test_bench_and_prosecution_are_the_people_the_header_names():
    turns = by_body(make(TWO_ACCUSED, ["Petra Lind", "Oswald Kerr", "Hugo Brandt"]))
    assert turns["Where were yo"][0] == "miriam okafor"
    assert turns["Did you know "][0] == "daniel frost"
    # counsel addressed by surname in the label is the counsel the header names in full
    assert turns["One question."][0] == "carla neves"


def test_a_role_nobody_fills_stays_a_role():
    turns = by_body(make(TWO_ACCUSED, ["Petra Lind", "Oswald Kerr", "Hugo Brandt"]))
    assert turns["Interpreter "] == (None, "the interpreter")
    turn = next(t for t in find_turns(make(TWO_ACCUSED)) if t.label == "THE INTERPRETER")
    assert turn.role_key == "role:the interpreter"


def test_without_a_heading_the_accused_is_a_role_not_a_person_near_miss():
    text = "THE PRESIDENT: Tell us.\nTHE ACCUSED: I was at home.\nTHE PRESIDENT: Sit down.\n"
    turns = by_body(make(text, ["Petra Lind", "Oswald Kerr"]))
    # two people could be "the accused": we do not guess, and the president is named nowhere
    assert turns["I was at hom"] == (None, "the accused")
    assert turns["Tell us."] == (None, "the president")


def test_one_accused_in_the_manifest_is_the_accused():
    text = "THE PRESIDENT: Tell us.\nTHE ACCUSED: I was at home.\n"
    assert by_body(make(text, ["Petra Lind"]))["I was at hom"] == ("petra lind", None)


def test_question_and_answer_labels():
    text = "Q. Where were you?\nA. At home.\nQ. Alone?\nA. Yes.\n"
    turns = by_body(make(text, ["Petra Lind", "Hugo Brandt"], kind="interrogation"))
    assert turns["Where were yo"] == ("hugo brandt", None)
    assert turns["At home."] == ("petra lind", None)


def test_examiner_named_in_the_header_asks_when_the_manifest_does_not_say():
    text = "Interrogating officer: Inspector Hugo Brandt.\n\nQ: Where were you?\nA: At home.\n"
    turns = by_body(make(text, ["Petra Lind"], kind="interrogation"))
    assert turns["Where were yo"][0] == "hugo brandt"


def test_a_heading_ends_the_turn_before_it():
    doc = make(TWO_ACCUSED, ["Petra Lind", "Oswald Kerr", "Hugo Brandt"])
    index = TurnIndex(find_turns(doc))
    at = doc.text.index("EXAMINATION OF THE ACCUSED OSWALD")
    assert index.at(at) is None
    assert index.at(doc.text.index("Oswald speaking")).speaker == "oswald kerr"


def test_a_label_is_not_part_of_what_was_said():
    doc = make("THE PRESIDENT: Tell us.\nTHE WITNESS: I saw him.\n", ["Hugo Brandt"])
    spans = spoken_spans(doc.text, doc.sentences, find_turns(doc))
    assert [doc.text[a:b] for a, b in spans] == ["Tell us.", "I saw him."]


def test_a_single_capitalised_heading_is_not_a_transcript_near_miss():
    assert find_turns(make("NOTE: I met Paulo Reis in Genoa in May 1958.")) == []
