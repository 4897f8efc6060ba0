"""Questions and answers in a transcript: what a question asserts, and how a short answer is read.

Three rules of ordinary English conversation decide how an examination record is read:

* **A question asserts nothing.** "Did X ever go to P?" is the examiner asking, not saying that X
  went. Its words become a claim only through the answer.
* **A short answer is read with its question.** An answer with no clause of its own ("In P, in
  month M.", "Never.", "Yes.", "N.") is elliptical: the question supplies the event (its verb
  and people, "you" being the one who answers and "I"/"me" the one who asks) and the answer supplies
  the missing piece the question asked for (where, when, who, by what means) or its stance ("no",
  "never" deny it, "yes" affirms it). A full-sentence answer is read on its own, like any sentence.
* **Forms of address are not people.** "No, my lord.", "Yes, sir." name no participant.

How an elliptical answer is read: the question is rewritten as the answerer would have said it
("When did you meet N?" + "In year Y, in P." -> "I did meet N in year Y, in P"), the rewritten
text is parsed, and the ordinary claim rules run on it. Every character of the rewritten text keeps
the document offset it came from, so each name and place in the claim still points at the words in
the record. The claim's passage runs from the start of the question to the end of the answer:
the answer alone ("In year Y, in P.") cannot be understood, and a reader checking the claim
needs to see what it answered. The claim is the answerer's.

A question with no verb of its own ("Where exactly?", "And then?") continues the exchange before
it: its answer refines the event the previous answer gave.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Span, Token

from countertrial.extract import attribution
from countertrial.extract.mentions import DocMemory, PersonRef, PlaceRef, person_from_token, place_from_token
from countertrial.extract.rules import MEANS_WORDS, Draft, drafts_in, people_named
from countertrial.extract.timex import TimeExpression, find_time_expressions
from countertrial.extract.turns import Turn, TurnIndex
from countertrial.model import Claim, Document

# --- forms of address ----------------------------------------------------------------------------
#: "Your Honour", "Your Lordship": the noun after "your" in a form of address.
ADDRESS_AFTER_YOUR = {"honour", "honor", "worship", "lordship", "ladyship", "excellency", "grace", "majesty", "eminence", "honours", "honors"}
#: "my lord", "my lady".
ADDRESS_AFTER_MY = {"lord", "lady", "lords"}
#: Words that are a form of address when they stand alone between commas or at the ends of a sentence.
ADDRESS_WORDS = {"sir", "sirs", "madam", "madame", "ma'am", "gentlemen", "ladies", "comrades", "citizens", "mister"}
#: Keys a form of address takes when a name reader mistakes it for a person.
ADDRESS_KEYS = ADDRESS_AFTER_YOUR | ADDRESS_AFTER_MY | ADDRESS_WORDS | {"your honour", "your honor", "my lord"}

# --- answers -------------------------------------------------------------------------------------
AFFIRMING = {"yes", "yeah", "yep", "aye", "certainly", "indeed", "correct", "exactly", "affirmative", "sure"}
DENYING = {"no", "never", "not", "nope", "nobody", "none", "nowhere", "nothing", "neither", "negative"}
PRO_VERBS = {"do", "be", "have", "can", "will", "would", "could", "should", "may", "might", "must", "shall"}
WH_WORDS = {"where", "when", "who", "whom", "whose", "what", "which", "how", "why", "whence", "whither"}
MOTION_VERBS = {"go", "come", "travel", "fly", "sail", "drive", "move", "return", "journey", "ride", "walk", "run", "head", "get"}
TIME_NOUNS = {"time", "day", "date", "year", "month", "week", "hour", "season", "night", "evening", "morning"}
PLACE_NOUNS = {"place", "city", "town", "country", "house", "hotel", "street", "building", "room", "village", "address"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"}

# "you" in a question is the one who answers; the examiner's own first person is the examiner
_SECOND_PERSON = {"your": "my", "yours": "mine", "yourself": "myself", "yourselves": "myself"}


OPENING_QUOTES = "“‘«\"'"


#: ", How would ...?" run on after a statement whose full stop was lost: the capitalised word after the
#: comma opens a new sentence, and only that sentence asks.
_RUN_ON_QUESTION = re.compile(
    r",\s+(?:How|What|Why|Where|When|Who|Whom|Which|Would|Could|Did|Does|Do|Is|Are|Was|Were|Can|Should|Shall|Will|Has|Have|Had)\b[^.!?]*\?\W*$"
)


def run_on_question(sent: Span) -> int | None:
    """Token index where a question run on after a statement begins ("X sent it on, How would ...?")."""
    m = _RUN_ON_QUESTION.search(sent.text)
    if m is None:
        return None
    at = sent.start_char + m.start() + 1
    return next((t.i for t in sent if t.idx >= at and not t.is_space), None)


def is_question(sent: Span) -> bool:
    """The sentence asks: it ends with a question mark.

    A statement that quotes a question ("He asked me: “Where were you?”") asks nothing itself: a
    question mark inside quotation marks counts only when the quotation is the whole sentence; nor
    does a statement with a question run on after it ("... sent it on, How would it be ...?"), whose
    asking part :func:`quoted_questions` silences."""
    if run_on_question(sent) is not None:
        return False
    text = sent.text.rstrip(" \t\n")
    closing = ""
    while text and text[-1] in "\"'”’»)]":
        closing, text = text[-1] + closing, text[:-1]
    if not text.endswith("?"):
        return False
    if any(c in "\"”’»" for c in closing):
        opened = max(text.rfind(q) for q in OPENING_QUOTES)
        if opened > 0 and text[:opened].strip(" \t\n([*_-"):
            return False
    return True


_ASKING = {"ask", "question", "inquire", "enquire", "wonder", "demand"}
# the marks that open and close a quotation inside a sentence (the straight quote does both)
STATEMENT_OPENING = attribution.OPENING_QUOTES | {'"'}
STATEMENT_CLOSING = attribution.CLOSING_QUOTES | {'"'}
_INVERTING = {"was", "were", "did", "had", "is", "are", "do", "does", "have", "has", "can", "could", "would", "will", "should", "shall", "may", "might", "must"}


def quoted_questions(sent: Span) -> set[int]:
    """Token indices of questions quoted inside a statement: 'They asked him this question: “Was the
    letter handed to N., and when.”' Whatever is asked asserts nothing, even printed without its "?".

    A quotation counts when it ends in "?", or when an asking word comes before it in the sentence and
    it opens as a question does (an auxiliary before its subject, or a wh-word)."""
    out: set[int] = set()
    toks = list(sent)
    i = 0
    while i < len(toks):
        if toks[i].text not in STATEMENT_OPENING:
            i += 1
            continue
        j = next((k for k in range(i + 1, len(toks)) if toks[k].text in STATEMENT_CLOSING), len(toks))
        inner = toks[i + 1 : j]
        words = [t for t in inner if not t.is_punct]
        asked = any(t.lemma_.lower() in _ASKING for t in toks[:i])
        opens_as_question = bool(words) and (words[0].lower_ in _INVERTING | WH_WORDS)
        if inner and (inner[-1].text == "?" or (asked and opens_as_question)):
            out.update(t.i for t in inner)
        i = j + 1
    asking = run_on_question(sent)
    if asking is not None:
        out.update(range(asking, sent.end))
    return out


#: An elliptical answer is cited to the end of its turn when the turn ends within this many characters.
ANSWER_TAIL = 300


def address_spans(sent: Span) -> list[tuple[int, int]]:
    """Token ranges (start, end) of the forms of address in a sentence: "Your Honour", ", sir,"."""
    out = []
    toks = list(sent)
    for k, tok in enumerate(toks):
        low = tok.lower_
        nxt = toks[k + 1].lower_ if k + 1 < len(toks) else ""
        if low == "your" and nxt in ADDRESS_AFTER_YOUR or low == "my" and nxt in ADDRESS_AFTER_MY and _set_off(toks, k, k + 2):
            out.append((tok.i, tok.i + 2))
        elif low in ADDRESS_WORDS and _set_off(toks, k, k + 1):
            out.append((tok.i, tok.i + 1))
        elif low == "ladies" and nxt == "and" and k + 2 < len(toks) and toks[k + 2].lower_ == "gentlemen":
            out.append((tok.i, tok.i + 3))
    return out


def _set_off(toks: list[Token], a: int, b: int) -> bool:
    """Tokens a..b stand apart: a comma or the sentence's edge on each side ("No, sir." / "Sir, I did")."""
    before = a == 0 or toks[a - 1].is_punct or toks[a - 1].lower_ in AFFIRMING | DENYING
    after = b >= len(toks) or toks[b].is_punct
    return before and after


def is_address(ref: PersonRef, spans_chars: list[tuple[int, int]]) -> bool:
    """A person reference that is really a form of address."""
    if ref.key in ADDRESS_KEYS:
        return True
    return any(a <= ref.start < b for a, b in spans_chars)


def _address_chars(sent: Span, offset: int) -> list[tuple[int, int]]:
    doc = sent.doc
    return [(offset + doc[a].idx, offset + doc[b - 1].idx + len(doc[b - 1])) for a, b in address_spans(sent)]


# --- the rewritten question ----------------------------------------------------------------------


@dataclass
class _Text:
    """A text assembled from pieces of the document, each character remembering where it came from."""

    chars: list[str] = field(default_factory=list)
    src: list[tuple[int, int] | None] = field(default_factory=list)  # document (start, end) of each char

    def copy(self, text: str, at: int) -> None:
        for k, ch in enumerate(text):
            self.chars.append(ch)
            self.src.append((at + k, at + k + 1))

    def put(self, text: str, origin: tuple[int, int] | None) -> None:
        """Words that stand for a stretch of the document ("I" for "you"), or that the reading adds."""
        for ch in text:
            self.chars.append(ch)
            self.src.append(origin)

    def space(self) -> None:
        if self.chars and not self.chars[-1].isspace():
            self.put(" ", None)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def trimmed(self) -> "_Text":
        out = _Text(list(self.chars), list(self.src))
        while out.chars and (out.chars[-1].isspace() or out.chars[-1] in "?.!;:,"):
            out.chars.pop()
            out.src.pop()
        return out

    def to_document(self, start: int, end: int) -> tuple[int, int] | None:
        """The document span behind characters start..end of this text."""
        first = next((self.src[k] for k in range(start, min(end, len(self.src))) if self.src[k] is not None), None)
        last = next((self.src[k] for k in range(min(end, len(self.src)) - 1, start - 1, -1) if self.src[k] is not None), None)
        if first is None or last is None:
            return None
        return first[0], max(first[0], last[1])


@dataclass
class _Question:
    sent: Span
    offset: int
    turn: Turn


@dataclass
class _Frame:
    """The event of the last exchange read from an elliptical answer, for a verbless follow-up question."""

    text: _Text
    answerer: str | None


@dataclass
class Reading:
    """Drafts read from one sentence (or one question-and-answer pair), with how to cite them."""

    sent: Span  # the parse the drafts' tokens belong to
    offset: int  # document offset of ``sent``'s text
    times: list[TimeExpression]
    drafts: list[tuple[Draft, object]]
    span: tuple[int, int] | None = None  # the passage to cite, when it is not ``sent`` (question + answer)
    role_key: str | None = None  # the speaker, when the floor is held by a role no person fills
    speaker: str | None = None  # the answerer, fixed when the reading is held back past the answer's turn

    def cite(self, claim: Claim, doc: Document) -> Claim:
        """The claim as it should be stored: cited to the question and answer, spoken by the role."""
        update: dict = {}
        if self.span is not None:
            start, end = self.span
            basis = json.dumps([claim.id, start, end, "answer"])
            update.update(
                start=start,
                end=end,
                quote=doc.text[start:end],
                id="C-" + hashlib.sha1(basis.encode()).hexdigest()[:12],
                extractor=claim.extractor + ":answer",
            )
        if claim.speaker is None and claim.reported_by is None and self.role_key:
            update["speaker"] = self.role_key
        if self.speaker is not None and claim.reported_by is None:
            update["speaker"] = self.speaker
            if any(p.entity == self.speaker for p in claim.participants):
                update["knowledge"] = "first_hand"
        return claim.model_copy(update=update) if update else claim


def _fix_speaker(reading: Reading, speaker: str | None) -> None:
    """Bind "I" in a reading to the person it meant when it was read."""
    if speaker is None:
        return
    reading.speaker = speaker
    for draft, _ in reading.drafts:
        for ref, _ in draft.people:
            if ref.key == "@speaker":
                ref.key = speaker


@dataclass
class _Held:
    reading: Reading
    turn: Turn
    refinable: bool  # a question without verb may still refine it


class Dialogue:
    """Reads a document's sentences in order, pairing each elliptical answer with its question."""

    def __init__(self, doc: Document, nlp: Language, turns: TurnIndex):
        self.doc = doc
        self.nlp = nlp
        self.turns = turns
        self._question: _Question | None = None  # the last sentence of the turn before, if it asked
        self._turn: Turn | None = None
        self._frame: _Frame | None = None
        self._named: list[PersonRef] | None = None  # the one person an elliptical answer names
        # a reading held back one sentence: a bare yes or no, in case the answer goes on to say it in
        # full; a short answer, in case a follow-up question ("Where exactly?") refines the same event
        self._held: _Held | None = None
        self._refined = False  # the answer being read refined the held reading: it replaces it
        self._carry = False  # the sentence being read is a follow-up question: keep holding
        self._last_sentence = max((s.start for s in doc.sentences), default=0)

    # -- the hook the extractor calls, once per sentence in order --------------------------------
    def readings(self, sent: Span, offset: int, times: list[TimeExpression], memory: DocMemory, anchor: date | None) -> list[Reading]:
        turn = self.turns.at(offset)
        held = self._held
        self._held, self._refined, self._carry = None, False, False
        out = self._read(sent, offset, times, memory, anchor, turn, held)
        if held is None or self._refined:
            return out
        if self._carry and held.refinable and self._held is None:
            self._held = held  # "Where exactly?": wait for its answer
        # "Yes. On day D I met him in P.": the answer says it again in full, and that is the claim
        # (only a bare yes or no is said again; an answer that gave what was asked is its own claim:
        # "When did you see him?" "On the 5th, in the bar. He gave me two pounds.")
        elif not (turn is held.turn and not held.refinable and _restates(out, held.reading)):
            out = [held.reading, *out]
        return out

    def _read(self, sent: Span, offset: int, times: list[TimeExpression], memory: DocMemory, anchor: date | None, turn: Turn | None, held: "_Held | None") -> list[Reading]:
        role_key = turn.role_key if turn is not None else None
        question = None
        if turn is not None and turn is not self._turn:
            question = self._question  # first sentence of a new turn: it answers the question before, if any
            if question is not None and (question.turn.label == turn.label and question.turn.speaker == turn.speaker):
                question = None
        self._turn = turn
        self._question = None
        self._named = None
        if is_question(sent):
            if turn is not None:
                self._question = _Question(sent, offset, turn)
                self._carry = _verbless(sent) and offset < self._last_sentence
            return []  # a question asserts nothing
        if question is not None:
            answer = self._answer(question, sent, offset, memory, anchor, role_key, held)
            if answer is not None:
                return answer
            self._frame = None
        drafts = self._without_address(drafts_in(sent, memory, offset), sent, offset)
        return [Reading(sent, offset, times, drafts, role_key=role_key)]

    def people_named(self, sent: Span, memory: DocMemory, offset: int):
        """``rules.people_named`` without forms of address; an answer that is one name names that person."""
        if self._named:
            return self._named, self._named, []
        spans = _address_chars(sent, offset)
        subjects, everyone, group = people_named(sent, memory, offset)
        keep = lambda refs: [r for r in refs if not is_address(r, spans)]  # noqa: E731
        return keep(subjects), keep(everyone), keep(group)

    # -- answers ----------------------------------------------------------------------------------
    def _answer(self, q: _Question, sent: Span, offset: int, memory: DocMemory, anchor: date | None, role_key, held: "_Held | None" = None) -> list[Reading] | None:
        """Readings of an elliptical answer with its question; None when the answer is a sentence of its own."""
        address = {i for a, b in address_spans(sent) for i in range(a, b)}
        words = [t for t in sent if t.i not in address and not t.is_punct and not t.is_space]
        proform = _proform(sent)
        if proform is None and _has_clause(sent):
            return None  # "I met him in P.", "No, I met him in P.": read on its own
        stance = proform or _stance(words)
        # what the answer says beyond its yes or no: "No, in P." -> "in P"
        lead = 0
        while lead < len(words) and words[lead].lower_ in AFFIRMING | DENYING:
            lead += 1
        fragment = [] if proform is not None else words[lead:]
        polarity = {"yes": "affirmed", "no": "denied"}.get(stance or "", None)
        self._named = self._one_person(fragment, memory, offset)

        wh = _wh_phrase(q.sent)
        frame = None
        if _verbless(q.sent):
            if self._frame is None or self._frame.answerer != memory.speaker_key:
                return []
            frame = self._frame
        slot = _slot(wh) if wh else None
        if slot == "duration" and fragment and fragment[0].lower_ in ("since", "from"):
            slot = "time"  # "How long had you known him?" "Since the spring of 1948.": a starting point
        if slot is None and wh is not None:
            return []  # "why", "what for": nothing a claim can hold
        if frame is not None and slot is None:
            return []  # "Anything else?" "No.": it asks for more, it does not put the event in doubt
        if slot is None:  # a yes-or-no question
            if polarity is None:
                return []  # "In part.": neither yes nor no
            if polarity == "denied" or not fragment:
                fragment = []
        elif polarity == "denied":
            fragment = []  # "When did you meet him?" "Never."
        elif polarity == "affirmed" and not fragment:
            return []  # "Where?" "Yes.": no answer to what was asked
        elif slot != "duration" and not _fills(slot, fragment, offset, memory, anchor):
            return []  # the answer does not give what was asked (an evasion, a counter-question)

        role = _wh_role(wh, q.sent) if wh else None
        if frame is not None:
            text = _Text(list(frame.text.chars), list(frame.text.src))
        else:
            text = self._rewrite(q, wh, role, slot, fragment, offset)
        # an adjunct the question asked for goes at the end: "I did meet N" + "in P"
        if fragment and slot != "duration" and (frame is not None or role in ("adjunct", None)):
            self._append(text, fragment, offset, wh, q.sent)
        text = text.trimmed()
        if not text.chars:
            return []
        parsed = self.nlp(text.text)
        synthetic_times = find_time_expressions(text.text, anchor=anchor, default_year=anchor.year if anchor else None)
        drafts = []
        for draft, attr in drafts_in(parsed[:], memory, 0):
            if polarity == "denied" and not _main_event(draft.verb):
                continue  # "Did X come to L to see you?" "No.": denies the coming, not every meeting ever
            if not self._to_document(draft, text, q.offset):
                continue
            if polarity is not None:
                draft.polarity = polarity
            elif slot is not None and not _negated_question(q.sent):
                draft.polarity = "affirmed"
            if slot == "duration":
                draft.aspect = "event"  # "How long did you stay in P that month?" "A few days.": within the month, not all of it
            drafts.append((draft, attr))
        drafts = self._without_address(drafts, sent, offset)
        if polarity != "denied" and slot is not None:
            self._frame = _Frame(text, memory.speaker_key)
        span = (q.offset, offset + len(sent.text))
        turn_now = self.turns.at(offset)
        if turn_now is not None and turn_now.end is not None and 0 < turn_now.end - span[1] <= ANSWER_TAIL:
            # a short answer turn is cited whole: "Never, Your Honour. I saw him in P and in Q, nowhere else."
            tail = self.doc.text[span[1] : turn_now.end].rstrip()
            span = (span[0], span[1] + len(tail))
        if frame is not None and drafts and held is not None and held.refinable:
            # one event told in two exchanges: one claim, cited from the first question to the last answer
            span, self._refined = (held.reading.span[0], span[1]), True
        reading = Reading(parsed[:], 0, synthetic_times, drafts, span=span, role_key=role_key)
        answer_turn = self.turns.at(offset)
        if drafts and answer_turn is not None and offset < self._last_sentence:
            _fix_speaker(reading, memory.speaker_key)  # it may be written out while someone else holds the floor
            if polarity is not None and not fragment and frame is None:
                self._held = _Held(reading, answer_turn, refinable=False)
                return []
            if slot is not None and polarity != "denied":
                self._held = _Held(reading, answer_turn, refinable=True)
                return []
        return [reading]

    def _rewrite(self, q: _Question, wh: list[Token] | None, role: str | None, slot: str | None, fragment: list[Token], answer_offset: int) -> _Text:
        """The question as the answerer would say it, with the answer put where the question word stood."""
        sent = q.sent
        examiner = q.turn.name if q.turn.speaker else None
        skip = {t.i for t in wh} if wh else set()
        verb = _main_verb(sent)
        slot_after = _object_slot(verb).i if role == "object" and verb is not None else None
        text = _Text()
        for tok in _declarative_order(sent, skip):
            if tok.i in skip:
                if role == "subject" and tok.i == wh[0].i:
                    self._put_fragment(text, fragment, answer_offset, slot, wh, sent, leading=True)
                continue
            if tok.is_punct and tok.i == sent.end - 1:
                continue
            at = q.offset + tok.idx
            low = tok.lower_
            if low == "you":
                word = "I" if tok.dep_ in SUBJECT_DEPS or (tok.dep_ == "conj" and tok.head.dep_ in SUBJECT_DEPS) else "me"
                text.put(word, (at, at + len(tok)))
            elif low in _SECOND_PERSON:
                text.put(_SECOND_PERSON[low], (at, at + len(tok)))
            elif low in ("i", "me", "myself"):
                text.put(examiner or "someone", (at, at + len(tok)))
            elif low in ("my", "mine"):
                text.put((examiner or "someone") + "'s", (at, at + len(tok)))
            else:
                text.copy(tok.text, at)
            if tok.whitespace_:
                text.put(" ", None)
            if tok.i == slot_after:
                text.space()
                self._put_fragment(text, fragment, answer_offset, slot, wh, sent)
                text.space()
        return text

    def _append(self, text: _Text, fragment: list[Token], offset: int, wh, qsent: Span) -> None:
        text.space()
        self._put_fragment(text, fragment, offset, None, wh, qsent)

    def _put_fragment(self, text: _Text, fragment: list[Token], offset: int, slot, wh, qsent: Span, leading: bool = False) -> None:
        if not fragment:
            return
        first = fragment[0]
        # "Where did you meet him?" "P." -> "in P"; a stranded "from" at the question's end serves as is
        if first.pos_ != "ADP" and wh is not None and not leading:
            prep = _preposition_for(wh, qsent, fragment, text)
            if prep:
                text.put(prep + " ", None)
        prev_end = None
        for tok in fragment:
            if prev_end is not None and tok.i != prev_end:
                text.put(", ", None)  # a form of address was left out between two pieces
            at = offset + tok.idx
            n = len(text.chars)
            text.copy(tok.text, at)
            if tok.i == first.i and not leading and tok.lower_ in ("since", "until", "till", "from") and tok.text[:1].isupper():
                # "I had known N. Since the spring": mid-sentence, the answer's capital would make a name of it
                text.chars[n] = text.chars[n].lower()
            if tok.whitespace_:
                text.put(" ", None)
            prev_end = tok.i + 1
        if leading:
            text.space()

    def _one_person(self, fragment: list[Token], memory: DocMemory, offset: int) -> list[PersonRef] | None:
        """The person an answer of one name names ("N."), so that "he" in the answer's next sentence is N."""
        names = [t for t in fragment if t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat")]
        if len(names) != 1 or any(t.pos_ in ("VERB", "AUX", "ADP") for t in fragment):
            return None
        if place_from_token(names[0], offset) is not None:
            return None
        ref = person_from_token(names[0], memory, offset)
        return [ref] if ref is not None and not ref.key.startswith("@") and ref.key not in ADDRESS_KEYS else None

    @staticmethod
    def _to_document(draft: Draft, text: _Text, fallback: int) -> bool:
        """Point the draft's names and places back at the document; False if one of its people has no words there."""
        refs: list[PersonRef | PlaceRef] = [r for r, _ in draft.people]
        refs += [r for r in (draft.place, draft.origin) if r is not None]
        for ref in refs:
            span = text.to_document(ref.start, ref.end)
            if span is None:
                if isinstance(ref, PersonRef):
                    return False
                span = (fallback, fallback)
            ref.start, ref.end = span
        return True

    @staticmethod
    def _without_address(drafts: list[tuple[Draft, object]], sent: Span, offset: int) -> list[tuple[Draft, object]]:
        spans = _address_chars(sent, offset)
        out = []
        for draft, attr in drafts:
            people = [(r, role) for r, role in draft.people if not is_address(r, spans)]
            if len(people) != len(draft.people):
                if draft.kind in ("meeting", "first_contact") and len({r.key for r, _ in people}) < 2 or not people:
                    continue
                draft.people = people
            out.append((draft, attr))
        return out


# --- reading a question --------------------------------------------------------------------------


def _has_clause(sent: Span) -> bool:
    """A main verb with a subject of its own: the sentence can be read without its question.

    "In May, when I was in Graz." has a clause only inside it: it is still a short answer."""
    return any(t.dep_ in SUBJECT_DEPS and t.head.dep_ == "ROOT" and t.head.pos_ in ("VERB", "AUX") for t in sent)


def _stance(words: list[Token]) -> str | None:
    """'yes' or 'no' when the answer begins with one."""
    if words and words[0].lower_ in DENYING:
        return "no"
    if words and words[0].lower_ in AFFIRMING:
        return "yes"
    return None


def _proform(sent: Span) -> str | None:
    """'yes' or 'no' for an answer that is a bare auxiliary: ("I did", "No, I did not", "He was not")."""
    roots = [t for t in sent if t.dep_ == "ROOT"]
    if len(roots) == 1 and roots[0].lemma_.lower() in PRO_VERBS:
        root = roots[0]
        if all(c.dep_ in ("nsubj", "neg", "punct", "intj", "npadvmod", "advmod") for c in root.children) and any(c.dep_ == "nsubj" for c in root.children):
            if any(c.dep_ == "advmod" and c.lower_ not in ("never", "not", "ever", "certainly", "indeed") for c in root.children):
                return None
            return "no" if any(c.dep_ == "neg" or c.lower_ == "never" for c in root.children) else "yes"
    return None


def _wh_phrase(sent: Span) -> list[Token] | None:
    """The question's opening wh-phrase ("When", "In which city", "How long"), or None for yes/no."""
    toks = [t for t in sent if not t.is_space]
    while toks and (toks[0].pos_ == "CCONJ" or toks[0].is_punct):
        toks = toks[1:]  # "And where ...?"
    phrase = []
    for tok in toks:
        if tok.pos_ in ("AUX", "VERB") or tok.is_punct:
            break
        phrase.append(tok)
    if not any(t.lower_ in WH_WORDS for t in phrase):
        return None
    return phrase


def _slot(wh: list[Token]) -> str | None:
    """What the question asks for: place, time, person, means, duration, thing (or None: why)."""
    words = [t.lower_ for t in wh]
    if "why" in words:
        return None
    if "how" in words:
        i = words.index("how")
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if nxt in ("long", "often", "many", "much", "far"):
            return "duration" if nxt == "long" else None
        return "means"
    if any(w in ("where", "whence", "whither") for w in words):
        return "place"
    if "when" in words or any(w in TIME_NOUNS for w in words):
        return "time"
    if any(w in PLACE_NOUNS for w in words):
        return "place"
    if any(w in ("who", "whom", "whose") for w in words):
        return "person"
    if "what" in words or "which" in words:
        return "thing"
    return None


def _wh_role(wh: list[Token], sent: Span) -> str:
    """Whether the wh-phrase stands for the subject, the object or an adjunct of its clause."""
    if wh[0].pos_ == "ADP":
        return "adjunct"
    head = [t for t in wh if t.head.i not in {w.i for w in wh}]
    dep = head[0].dep_ if head else ""
    if dep in SUBJECT_DEPS:
        return "subject"
    if dep in ("dobj", "dative", "attr") and any(t.lower_ in ("who", "whom", "what", "which") for t in wh):
        return "object"
    return "adjunct"


def _declarative_order(sent: Span, skip: set[int]) -> list[Token]:
    """The question's tokens with the inverted auxiliary put back after its subject.

    "Did you meet N in P" -> "you Did meet N in P": the parser attaches "in P" to the verb
    in the statement order, as it would in the answerer's own sentence.
    """
    toks = [t for t in sent if t.i not in skip or t.i == min(skip, default=-1)]
    rest = [t for t in toks if t.i not in skip and not t.is_space]
    while rest and (rest[0].pos_ == "CCONJ" or rest[0].is_punct):
        rest = rest[1:]
    if not rest or rest[0].pos_ != "AUX":
        return list(sent)
    aux = rest[0]
    subjects = [t for t in sent if t.dep_ in SUBJECT_DEPS and t.head.i in (aux.i, aux.head.i) and t.i > aux.i]
    if not subjects or subjects[0].left_edge.i != aux.i + 1:
        return list(sent)
    after = subjects[0].right_edge.i
    order = []
    for t in sent:
        if t.i == aux.i:
            continue
        order.append(t)
        if t.i == after:
            order.append(aux)
    return order


def _main_verb(sent: Span) -> Token | None:
    roots = [t for t in sent if t.dep_ == "ROOT"]
    return roots[0] if roots and roots[0].pos_ in ("VERB", "AUX") else None


def _object_slot(verb: Token) -> Token:
    """Where an object goes: after the verb, its particle and any indirect object ("give me ___")."""
    last = verb
    for c in verb.rights:
        if c.dep_ in ("prt", "dative", "iobj") and c.right_edge.i > last.i:
            last = c.right_edge
    return last


def _same_people(a: set[str], b: set[str]) -> bool:
    """Every person of ``a`` is in ``b``, a bare surname matching the full name it ends ("N" ~ "A N")."""
    return all(any(x == y or x.split()[-1:] == y.split()[-1:] and (len(x.split()) == 1 or len(y.split()) == 1) for y in b) for x in a)


CONTACT_KINDS = {"meeting", "first_contact", "communication"}


def _family(kind: str) -> str:
    """Kinds that answer the same question: "Did you see him again?" "Yes. He gave me a letter in May."."""
    return "contact" if kind in CONTACT_KINDS else kind


def _restates(readings: list[Reading], held: Reading) -> bool:
    """The sentence states again, in full, each claim the bare yes or no made (same kind, stance, people)."""
    me = held.speaker or "@speaker"
    said = [
        (d.kind, d.polarity or getattr(attr, "polarity", None), {me if r.key == "@speaker" else r.key for r, _ in d.people})
        for reading in readings
        for d, attr in reading.drafts
    ]
    for d, attr in held.drafts:
        kind, pol, people = d.kind, d.polarity or getattr(attr, "polarity", None), {me if r.key == "@speaker" else r.key for r, _ in d.people}
        if not any(_family(k) == _family(kind) and p == pol and _same_people(people, ps) for k, p, ps in said):
            return False
    return bool(held.drafts)


def _verbless(sent: Span) -> bool:
    """A question with no verb of its own ("Where exactly?", "And then?"): it continues the exchange before."""
    return not any(t.pos_ in ("VERB", "AUX") for t in sent)


def _main_event(verb: Token) -> bool:
    """The question's own verb (or one joined to it by "and"), not a clause of purpose or time inside it."""
    node = verb
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return node.dep_ == "ROOT"


def _negated_question(sent: Span) -> bool:
    return any(t.dep_ == "neg" for t in sent)


def _preposition_for(wh: list[Token], qsent: Span, fragment: list[Token], text: _Text) -> str | None:
    """The preposition a bare answer needs in the rewritten question ("P" -> "in P")."""
    if text.text.rstrip().split(" ")[-1:] and text.text.rstrip().split(" ")[-1].lower() in ("from", "to", "in", "at", "with", "by", "for", "into"):
        return None  # the question already ends with it: "Where did you come from?"
    if wh[0].pos_ == "ADP":
        return wh[0].text.lower()  # "In which city?" "P."
    words = {t.lower_ for t in wh}
    if words & {"where", "whither"}:
        verb = _main_verb(qsent)
        return "to" if verb is not None and verb.lemma_.lower() in MOTION_VERBS else "in"
    if "whence" in words:
        return "from"
    return None


def _fills(slot: str, fragment: list[Token], offset: int, memory: DocMemory, anchor: date | None = None) -> bool:
    """The answer holds what the question asked for."""
    if not fragment:
        return False
    if slot == "place":
        return any(place_from_token(t, offset) is not None for t in fragment if t.pos_ in ("PROPN", "NOUN"))
    if slot == "time":
        text = " ".join(t.text for t in fragment)
        # "the 5th of May": in the year the record is in, as the claim itself will read it
        return any(e.window is not None for e in find_time_expressions(text, anchor=anchor, default_year=anchor.year if anchor else None))
    if slot == "person":
        return any(t.pos_ == "PROPN" and place_from_token(t, 0) is None for t in fragment) or any(t.lower_ in ("him", "her", "them") for t in fragment)
    if slot == "means":
        return any(t.lemma_.lower() in MEANS_WORDS for t in fragment)
    if slot == "thing":
        return any(t.pos_ in ("NOUN", "PROPN") for t in fragment)
    return False
