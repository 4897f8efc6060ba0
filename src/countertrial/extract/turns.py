"""Speaker turns in transcripts: "SMITH: I met him…", "Q: Where were you?", "A: In the port."

In a trial record or an interrogation the first person is whoever holds the floor, not the author
of the document. A turn label is a line-initial name in capitals (or Q/A, Question/Answer) followed
by a colon. In a question-and-answer record, "A" is the person examined (the document's first
speaker in the manifest) and "Q" the examiner (its second speaker, when named).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from countertrial.model import Document
from countertrial.resolve.names import person_key

# A capitalised label of 1-5 words at the start of a line, then a colon and a space.
_LABEL = re.compile(r"(?m)^[ \t>*_]*((?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]*\s?){1,5}|Q|A|Question|Answer|QUESTION|ANSWER)[ \t]*[:.][ \t]+(?=\S)")
ANSWER = {"a", "answer"}
QUESTION = {"q", "question"}
NOT_NAMES = {"note", "notes", "source", "sources", "re", "subject", "date", "from", "to", "cc", "ps", "nb", "end", "page", "item", "appendix", "annex", "chapter", "part", "section", "table", "exhibit"}
MIN_LABELS = 2
# Kinds of document in which "A" is the manifest's speaker answering; elsewhere (a book quoting a
# transcript) the answerer is someone we cannot name from the manifest.
EXAMINATION_KINDS = {None, "", "interrogation", "trial_record", "testimony", "hearing", "deposition", "transcript", "statement"}  # one capitalised word and a colon may be a heading; a transcript has several turns


@dataclass(frozen=True)
class Turn:
    start: int  # offset where the turn's label begins
    body: int  # offset where the words spoken begin
    label: str
    speaker: str | None  # person key, or None when the label names nobody we can resolve


def find_turns(doc: Document) -> list[Turn]:
    """Every speaker turn in a document, in order; empty unless the document reads as a transcript."""
    turns = []
    speakers = [person_key(s) for s in doc.meta.speakers]
    examined = doc.meta.kind in EXAMINATION_KINDS
    by_surname: dict[str, list[str]] = {}
    for key in speakers:
        by_surname.setdefault(key.split()[-1] if key else "", []).append(key)
    for m in _LABEL.finditer(doc.text):
        label = m.group(1).strip().rstrip(".")
        low = label.lower()
        if low in NOT_NAMES:
            continue
        if m.group(0).rstrip().endswith(".") and low not in ANSWER | QUESTION:
            continue  # "MR. SMITH." is a sentence, not a label; only Q. / A. use the full stop
        if low in ANSWER:
            who = speakers[0] if speakers and examined else None
        elif low in QUESTION:
            who = speakers[1] if len(speakers) > 1 and examined else None
        elif label.isupper() and len(label) > 1:
            who = person_key(label.title()) or None
            # "SMITH:" in a record whose manifest names "John Smith" is John Smith
            if who and len(who.split()) == 1 and len(by_surname.get(who, [])) == 1:
                who = by_surname[who][0]
        else:
            continue
        turns.append(Turn(m.start(), m.end(), label, who))
    return turns if len(turns) >= MIN_LABELS else []


class TurnIndex:
    """Which turn holds the floor at a given offset (None before the first turn)."""

    def __init__(self, turns: list[Turn]):
        self.turns = turns
        self._starts = [t.start for t in turns]

    def at(self, offset: int) -> Turn | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.turns[i] if i >= 0 else None
