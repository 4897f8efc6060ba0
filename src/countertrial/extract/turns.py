"""Speaker turns in transcripts: "SMITH: I met him…", "Q: Where were you?", "A: In the port."

In a trial record or an interrogation the first person is whoever holds the floor, not the author
of the document. A turn label is a line-initial name in capitals (or Q/A, Question/Answer) followed
by a colon. In a question-and-answer record, "A" is the person examined (the document's first
speaker in the manifest) and "Q" the examiner (its second speaker, when named).

A label may name a role instead of a person: "THE ACCUSED:", "THE WITNESS:", "THE PRESIDENT:". A
record says who holds a role in its headings, and a role can change hands from one section to the
next:

* the bench and the parties are named once, in a header line: "Presiding: Judge N.", "For the
  prosecution: Dr. N.", "Interrogating officer: Inspector N.", "Person interrogated: N.";
* the person examined is named at the head of each section: "Examination of the accused N.",
  "TESTIMONY OF THE WITNESS N.", "Cross-examination of N."; a new section heading ("Hearing of
  <date>", "SESSION OF <date>") ends the previous section, so the next "THE ACCUSED:" is whoever the
  next heading names.

A role the record does not fill with a name stays a role (speaker ``None``, ``role`` set): it is never
merged with a person, and "I" in its turn refers to nobody we can name. A heading line also ends the
turn before it: the clerk's headings are not the last speaker's words.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

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

# --- roles ---------------------------------------------------------------------------------------
# What a role label or a header key means, by the words it is made of (ordinary English court usage).
BENCH, PROSECUTION, DEFENCE, ACCUSED, WITNESS, EXAMINER = "bench", "prosecution", "defence", "accused", "witness", "examiner"
ROLE_WORDS = {
    BENCH: {"president", "presiding", "judge", "chairman", "chairwoman", "chair", "court", "magistrate", "coroner", "bench"},
    PROSECUTION: {"prosecutor", "prosecution", "prosecuting", "procurator", "crown", "attorney-general"},
    DEFENCE: {"defence", "defense", "defending", "defender", "counsel", "advocate"},
    ACCUSED: {"accused", "defendant", "prisoner", "detainee", "suspect", "interrogated", "respondent", "panel"},
    WITNESS: {"witness", "deponent"},
    EXAMINER: {"interrogator", "interrogating", "examiner", "examining", "questioner", "questioned"},
}
# Which class a word points to first when a key holds several ("counsel for the prosecution",
# "for the accused N", "examining magistrate"): the party a person acts for decides.
_CLASS_ORDER = (PROSECUTION, DEFENCE, EXAMINER, BENCH, WITNESS, ACCUSED)
# Offices written before a name that are not part of it (names.TITLES holds the usual honorifics).
OFFICE_TITLES = {
    "inspector", "commissioner", "superintendent", "sergeant", "constable", "detective", "agent", "officer",
    "investigator", "engineer", "doctor", "advocate", "maître", "maitre", "me", "dr", "mr", "mrs", "ms",
    "judge", "justice", "counsel", "prosecutor", "comrade", "citizen", "professor", "prof",
}
# Lower-case particles inside personal names ("Maria da Silva", "Ludwig van Beethoven").
_PARTICLE = r"(?:da|de|do|dos|das|del|della|di|du|van|von|der|den|ter|la|le|y|e|bin|ibn|al|el)"
# a capitalised word; a full stop belongs to it only when it is an initial or an abbreviated title
_CAP = r"(?:[A-ZÀ-ÖØ-Þ]\.|(?:Dr|Mr|Mrs|Ms|Mme|Mlle|Me|St|Prof|Sr|Sra|Jr)\.|[A-ZÀ-ÖØ-Þ][\w'’\-]*)"
_NAME = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_CAP})*"
_EXAM_NOUNS = r"(?:cross[- ]examination|re-?examination|further\s+examination|examination|testimony|evidence|deposition|interrogation|questioning|statement)"
# "Examination of the accused N", "Testimony of Inspector N"; the role word (if any) is group 1.
# It opens its line or a sentence of it: a heading, not a mention in running prose.
_EXAM_HEADING = re.compile(rf"(?:^|(?<=[.:;]\s))(?i:(?:the\s+)?{_EXAM_NOUNS}\s+of\s+(?:the\s+)?(?:(accused|defendant|prisoner|detainee|witness|deponent)\s+)?)({_NAME})")
MAX_HEADING = 200  # characters: longer lines are prose
# A witness called: "JAMES DOIG (52), sworn.", "ROBERT KINNEAR (29), the panel, sworn.", "Mary Low, recalled."
# It opens a line and starts that witness's section: every "A." after it is theirs until the next one.
_CALLED = re.compile(
    rf"^(?i:(?:the\s+(?:accused|witness|defendant|prisoner|panel)\s+))?({_NAME})(?:\s*\(\d{{1,3}}\)\s*,?|\s*,)"
    r"(?:\s+(?i:the\s+(?:panel|accused|defendant|prisoner|witness|complainer|pursuer)),?)?"
    r"\s+(?i:(?:was\s+|having\s+been\s+|being\s+)?(?:duly\s+)?(?:sworn|affirmed|recalled|re-called|called(?:\s+and\s+sworn)?))\b"
)
# Who asks the questions of this section: "Examined by Mr. KILGOUR.", "Cross-examined by the PROSECUTOR."
_EXAMINED_BY = re.compile(
    rf"(?:^|(?<=[.]\s))(?i:(?:cross[- ]|re-?|further\s+)?examined\s+by\s+)(?:(?i:the\s+)([A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*)?)|({_NAME}))"
)
# A key and a colon inside a header line: "Presiding: Judge N.", "For the accused M: Dr. N."
_HEADER_KEY = re.compile(rf"(?:^|(?<=[.;]\s))([A-Za-zÀ-ÿ][\w \-]{{1,60}}?):[ \t]+({_NAME})")
# A heading that opens a new section of the record: "HEARING OF <date>", "Session of <date>".
_SECTION = re.compile(r"(?i)^[ \t]*(?:session|hearing|sitting|day|morning session|afternoon session|evening session)\b")
_CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


def _capitals_heading(line: str) -> bool:
    """A line in capitals made mostly of words: "THIRD DAY OF THE HEARING" (not "12; AB 3, 45)")."""
    words = re.findall(r"[^\W\d_]{2,}", line)
    letters = sum(c.isalpha() for c in line)
    return line.isupper() and len(words) >= 2 and letters >= 0.5 * len(line.replace(" ", ""))


def role_class(words: str) -> str | None:
    """The kind of role a label or header key names ("THE PRESIDING JUDGE" -> bench), if any."""
    toks = set(re.findall(r"[a-z\-]+", words.lower()))
    for cls in _CLASS_ORDER:
        if toks & ROLE_WORDS[cls]:
            return cls
    return None


def _is_role_label(label: str) -> bool:
    """'THE ACCUSED', 'PROSECUTOR', 'THE COURT': a role, not somebody's name.

    A label that begins with the article is a role whatever its noun ("THE INTERPRETER"); a bare label
    is a role when all of its words are role words ("PRESIDENT", "PUBLIC PROSECUTOR")."""
    words = re.findall(r"[a-z\-]+", label.lower())
    if not words:
        return False
    if words[0] == "the":
        return True
    role_vocab = set().union(*ROLE_WORDS.values()) | {"public", "state", "presiding", "for", "of"}
    return all(w in role_vocab for w in words)


def _clean_name(name: str) -> str:
    """A name as written in a heading, without office titles and trailing full stop."""
    words = name.replace("\t", " ").split()
    while len(words) > 1 and words[0].lower().rstrip(".") in OFFICE_TITLES:
        words = words[1:]
    if words and len(words[-1]) > 2:
        words[-1] = words[-1].rstrip(".")
    return " ".join(words)


@dataclass(frozen=True)
class Turn:
    start: int  # offset where the turn's label begins
    body: int  # offset where the words spoken begin
    label: str
    speaker: str | None  # person key, or None when the label names nobody we can resolve
    end: int | None = None  # where the turn stops: the next label or heading (None: the end of the text)
    name: str | None = None  # the speaker's name as the record or manifest writes it
    role: str | None = None  # the role label ("the president") when no person fills the role

    @property
    def role_key(self) -> str | None:
        """A speaker id for a role no person fills: never a person, so never merged with one."""
        return f"role:{self.role}" if self.speaker is None and self.role else None


@dataclass
class _Cast:
    """Who holds each role, as the record's headings have said so far."""

    known: dict[str, str]  # person key -> name as written (manifest first)
    standing: dict[str, str] = field(default_factory=dict)  # role class -> key, for the whole record
    section: dict[str, str] = field(default_factory=dict)  # role class -> key, until the next section
    section_examined: str | None = None  # named in a heading without a role word ("Testimony of N")
    section_examiner_role: str | None = None  # "Examined by the PROSECUTOR": a role no name fills

    def person(self, raw: str) -> str | None:
        """The key of a name, preferring a known person whose name ends with it ("N" -> "A. B. N")."""
        name = _clean_name(raw)
        key = person_key(name)
        if not key or len(key) < 2 or key.split()[0] in _CALENDAR or name.split()[0].lower() in _CALENDAR:
            return None
        if key in self.known:
            return key
        words = key.split()
        longer = [k for k in self.known if k.split()[-len(words):] == words]
        if len(longer) == 1:
            return longer[0]
        self.known.setdefault(key, name)
        return key

    def holder(self, cls: str | None) -> str | None:
        if cls is None:
            return None
        if cls in (ACCUSED, WITNESS):
            return self.section.get(cls) or self.section_examined or self.standing.get(cls)
        return self.section.get(cls) or self.standing.get(cls)

    def read_heading(self, line: str, before_turns: bool) -> bool:
        """Learn from a line that is not a turn; True when it is a heading (it ends the turn before it)."""
        text = line.title() if line.isupper() else line
        heading = _capitals_heading(line)
        if _SECTION.match(text) and not before_turns:
            self.section, self.section_examined = {}, None
            heading = True
        called = _CALLED.match(line) if len(line) <= MAX_HEADING else None
        if called is not None and (len(called.group(1).split()) > 1 or called.group(1).isupper()):
            key = self.person(called.group(1).title() if called.group(1).isupper() else called.group(1))
            if key is not None:
                # a witness called opens a section of their own, whoever was examined before
                self.section, self.section_examined, self.section_examiner_role = {}, key, None
                heading = True
        for m in _EXAMINED_BY.finditer(line) if len(line) <= MAX_HEADING else ():
            heading = True
            if m.group(2):
                key = self.person(m.group(2).title() if m.group(2).isupper() else m.group(2))
                if key is not None:
                    self.section[EXAMINER], self.section_examiner_role = key, None
            else:
                self.section.pop(EXAMINER, None)
                self.section_examiner_role = "the " + m.group(1).lower()
        for m in _EXAM_HEADING.finditer(text) if len(text) <= MAX_HEADING else ():
            # "Testimony of Inspector N", "Examination of the witness N": one word alone must be a known name
            if not m.group(1) and len(_clean_name(m.group(2)).split()) < 2 and person_key(_clean_name(m.group(2))) not in self.known:
                continue
            key = self.person(m.group(2))
            if key is None:
                continue
            heading = True
            cls = role_class(m.group(1)) if m.group(1) else None
            target = self.standing if before_turns else self.section
            if cls is None:
                if before_turns:
                    self.standing.setdefault(ACCUSED, key)
                else:
                    self.section_examined = key
            else:
                target[cls] = key
        for m in _HEADER_KEY.finditer(text):
            cls = role_class(m.group(1))
            if cls is None or len(m.group(1).split()) > 6:
                continue
            if cls in (ACCUSED, WITNESS) and m.group(1).lower().startswith("for "):
                cls = DEFENCE  # "For the accused M: Dr. N." names M's counsel
            key = self.person(m.group(2))
            if key is None:
                continue
            heading = True
            if cls == DEFENCE:
                # several counsel: "THE DEFENCE:" is one of them only when there is just one
                self.standing[DEFENCE] = key if DEFENCE not in self.standing else ""
            else:
                (self.standing if before_turns else self.section)[cls] = key
        return heading


def find_turns(doc: Document) -> list[Turn]:
    """Every speaker turn in a document, in order; empty unless the document reads as a transcript."""
    raw = []
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
        if low not in ANSWER | QUESTION and not (label.isupper() and len(label) > 1):
            continue
        raw.append((m, label))
    if len(raw) < MIN_LABELS:
        return []

    cast = _Cast(known={k: n for k, n in zip(speakers, doc.meta.speakers) if k})
    examined_default = speakers[0] if speakers and examined else None
    turns: list[Turn] = []
    label_starts = {m.start() for m, _ in raw}
    first_label = raw[0][0].start()
    # walk the text line by line: headings update the cast, labels open turns
    pos = 0
    labels = iter(raw)
    nxt = next(labels, None)
    open_turn: dict | None = None

    def close(at: int) -> None:
        nonlocal open_turn
        if open_turn is not None:
            turns.append(Turn(**open_turn, end=at))
            open_turn = None

    for line in doc.text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        while nxt is not None and nxt[0].start() < start:
            nxt = next(labels, None)
        if nxt is not None and start <= nxt[0].start() < pos and not doc.text[start : nxt[0].start()].strip(" \t>*_"):
            m, label = nxt
            close(m.start())
            who, name, role = _speaker(label, cast, speakers, examined, examined_default, by_surname)
            open_turn = dict(start=m.start(), body=m.end(), label=label, speaker=who, name=name, role=role)
            continue
        stripped = line.strip()
        if not stripped or start in label_starts:
            continue
        if cast.read_heading(stripped, before_turns=start < first_label):
            close(start)
    close(len(doc.text))
    return turns


def _speaker(label, cast: _Cast, speakers, examined: bool, examined_default, by_surname) -> tuple[str | None, str | None, str | None]:
    """(person key, name, role) for a label, as the record stands at that point."""
    low = label.lower()
    if low in ANSWER:
        who = (cast.holder(ACCUSED) or cast.holder(WITNESS) or examined_default) if examined else None
        return who, cast.known.get(who) if who else None, None
    if low in QUESTION:
        if examined and (cast.section.get(EXAMINER) or cast.section_examiner_role):
            who = cast.section.get(EXAMINER)  # "Examined by Mr. N." / "by the PROSECUTOR" in this section
            return who, cast.known.get(who) if who else None, None if who else cast.section_examiner_role
        who = speakers[1] if len(speakers) > 1 and examined else (cast.holder(EXAMINER) if examined else None)
        return who, cast.known.get(who) if who else None, None
    if _is_role_label(label):
        role = " ".join(label.lower().split())
        cls = role_class(label)
        who = cast.holder(cls) or None
        if who is None and cls in (ACCUSED, WITNESS) and examined and len(speakers) == 1:
            who = speakers[0]  # a record of one person's examination: the role is theirs
        return who, (cast.known.get(who) if who else None), (None if who else role)
    who = person_key(label.title()) or None
    # "SMITH:" in a record whose manifest names "John Smith" is John Smith
    if who and len(who.split()) == 1 and len(by_surname.get(who, [])) == 1:
        who = by_surname[who][0]
    elif who:
        who = cast.person(label.title()) or who
    return who, (cast.known.get(who) if who else None), None


def spoken_spans(text: str, sentences, turns: list[Turn]) -> list[tuple[int, int]]:
    """Each sentence's (start, end) without the turn label it begins with: "THE WITNESS: I saw him." is
    parsed and cited from "I saw him.". The label names the speaker; it is not part of what was said."""
    bodies = {t.start: t.body for t in turns}
    starts = sorted(bodies)
    out = []
    for s in sentences:
        start = s.start
        i = bisect.bisect_left(starts, s.start)
        if i < len(starts) and bodies[starts[i]] < s.end and not text[s.start : starts[i]].strip(" \t>*_"):
            start = bodies[starts[i]]
        out.append((start, s.end))
    return out


class TurnIndex:
    """Which turn holds the floor at a given offset (None before the first turn and after a heading)."""

    def __init__(self, turns: list[Turn]):
        self.turns = turns
        self._starts = [t.start for t in turns]

    def at(self, offset: int) -> Turn | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        turn = self.turns[i]
        return turn if turn.end is None or offset < turn.end else None
