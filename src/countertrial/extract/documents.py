"""Documents that speak, and statements that a record is silent.

Commissions test derived documents against their record: "the judgment states that X ordered the
strike" against "nobody raised this at the hearings". Both halves are ordinary English shapes:

* a **document speaks** when a document noun is the subject of a reporting verb ("the verdict says",
  "the indictment states"), or frames a clause ("in the judgment, X is named as having ..."; "according
  to the indictment"). What it says is a ``document_content`` claim whose speaker is the document
  (an entity of kind ``document``): its people are the people the words name, its content the words;
* a **record is silent** when a statement denies that something was said in a record ("this was not
  mentioned at the trial", "there was no evidence at the hearing about the fact that X
  ..."): a denied ``document_content`` claim about the same people and words. "this" / "it" take the
  people and words of the last thing a document was said to say.

The record_mismatch check reads the two together. The nouns below are the common English names of
documents and records, not the vocabulary of one affair.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from countertrial.extract.attribution import REPORTING_VERBS, Attribution, is_negated
from countertrial.extract.mentions import DocMemory, PersonRef, person_from_token
from countertrial.extract.communication import MESSAGE_NOUNS, _phrase
from countertrial.extract.dialogue import run_on_question
from countertrial.extract.rules import Draft, _names_person

#: Documents that can be said to say something.
DOCUMENT_NOUNS = {
    "verdict", "indictment", "judgment", "judgement", "sentence", "charge", "charges", "summary", "report",
    "communique", "communiqué", "protocol", "minutes", "decree", "resolution", "act", "bill", "dossier",
    "affidavit", "telegram", "memorandum", "complaint", "petition",
}  # fmt: skip
#: Records whose silence is evidence: what was (not) said at or in them.
RECORD_NOUNS = {"trial", "hearing", "hearings", "court", "record", "testimony", "testimonies", "proceedings", "session", "sessions", "interrogation", "examination", "inquiry", "inquest", "transcript"}
#: Verbs that say something was or was not said in a record.
MENTION_VERBS = {"mention", "say", "state", "raise", "cite", "discuss", "speak", "hear", "allege", "claim", "establish", "produce", "prove", "show", "put", "ask"}
#: Nouns of "not a single word / no mention / no evidence ... about the fact that ...".
ABSENCE_NOUNS = {"word", "mention", "evidence", "trace", "testimony", "question", "reference", "hint", "line", "record"}


def document_key(noun: Token) -> str:
    """The mention key of a document noun; kept apart from person keys by its prefix."""
    return "doc:" + noun.lemma_.lower()


@dataclass
class DocumentSpeech:
    """A document noun that speaks a clause, and the span of the words it is said to say."""

    noun: Token
    verb: Token
    start: int  # token index of the words said
    end: int


#: Verbs by which a document says something (not "mention", which names without asserting).
SAYING_VERBS = {"say", "state", "declare", "assert", "claim", "allege", "find", "conclude", "establish", "affirm", "maintain", "read", "charge", "hold", "rule"}


def speaking_documents(sent: Span) -> list[DocumentSpeech]:
    """'the verdict says that ...', 'the indictment states: ...': the document and the words it says.

    Only a clause the verb introduces counts ("says that", "states:", a quotation); "the charges
    mention X's name" says nothing about X.
    """
    out = []
    for verb in sent:
        if verb.lemma_.lower() not in SAYING_VERBS or verb.pos_ != "VERB":
            continue
        nxt = sent.doc[verb.i + 1] if verb.i + 1 < sent.end else None
        if nxt is None or not (nxt.lower_ in ("that", ":") or nxt.text in "“\"«" or any(c.dep_ == "ccomp" for c in verb.children)):
            continue
        subj = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in DOCUMENT_NOUNS]
        if not subj:
            continue
        start = verb.i + 1
        while start < sent.end and (sent.doc[start].dep_ in ("mark", "punct") or sent.doc[start].lower_ in ("that", ":")):
            start += 1
        end = sent.end
        while end > start and sent.doc[end - 1].is_punct:
            end -= 1
        if end - start >= 3:
            out.append(DocumentSpeech(subj[0], verb, start, end))
    return out


def sentence_frame(sent: Span) -> Token | None:
    """'In the verdict, ...' / 'According to the indictment, ...' opening a sentence: the document framing it."""
    for tok in list(sent)[:6]:
        if tok.lower_ in ("in", "to") and tok.dep_ == "prep":
            for obj in tok.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in DOCUMENT_NOUNS:
                    if tok.lower_ == "in" or (tok.head.lower_ == "according"):
                        return obj
    return None


def _people_in(sent: Span, start: int, end: int, memory: DocMemory, offset: int) -> list[PersonRef]:
    out: dict[str, PersonRef] = {}
    for tok in sent.doc[start:end]:
        if _names_person(tok) or (tok.pos_ == "PROPN" and tok.dep_ in ("prep", "npadvmod") and tok.ent_type_ == "PERSON"):
            ref = person_from_token(tok, memory, offset)
            if ref is not None and not ref.key.startswith("@"):
                out.setdefault(ref.key, ref)
    return list(out.values())


def _clean(words: str) -> str:
    return words.strip(" “”\"'«»()[].,;:")


def document_content_drafts(sent: Span, memory: DocMemory, offset: int) -> list[tuple[Draft, Attribution]]:
    """What documents are said to say, and statements that a record did not say it."""
    out: list[tuple[Draft, Attribution]] = []
    for speech in speaking_documents(sent):
        people = _people_in(sent, speech.start, speech.end, memory, offset)
        if not people:
            continue
        content = _clean(sent.doc[speech.start : speech.end].text)
        d = Draft("document_content", speech.verb, aspect="event", content=content)
        d.people = [(p, "subject") for p in people]
        d.document_speaker = speech.noun
        memory.last_said = (people, content)
        out.append((d, Attribution(speech.noun, "reported", "affirmed")))
    out.extend(_silences(sent, memory, offset))
    return out


def _in_record(head: Token) -> Token | None:
    """'at the trial', 'in the record', 'of testimony at the hearing': the record a verb or noun speaks of."""
    for tok in head.subtree:
        if tok.dep_ == "pobj" and tok.lemma_.lower() in RECORD_NOUNS and tok.head.lower_ in ("at", "in", "during", "before", "of"):
            return tok
    return None


def _silences(sent: Span, memory: DocMemory, offset: int) -> list[tuple[Draft, Attribution]]:
    out: list[tuple[Draft, Attribution]] = []
    for verb in sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        # "this was never raised at the hearings": what the text just reported a document to say
        if lemma in MENTION_VERBS and is_negated(verb):
            subj = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
            record = _in_record(verb)
            if subj and record is not None and subj[0].lower_ in ("this", "it", "that") and memory.last_said:
                people, content = memory.last_said
                d = Draft("document_content", verb, aspect="event", content=content, polarity="denied")
                d.people = [(p, "subject") for p in people]
                out.append((d, Attribution(None, "asserted", "denied")))
        # "there was no evidence at the hearing about the fact that X did Y"
        if lemma == "be" and any(c.dep_ == "expl" for c in verb.children):
            for attr in (c for c in verb.children if c.dep_ == "attr" and c.lemma_.lower() in ABSENCE_NOUNS):
                negated = is_negated(verb) or any(c.lower_ in ("no", "not") for c in attr.children)
                if not negated or _in_record(attr) is None:
                    continue
                fact = next((t for t in attr.subtree if t.lemma_.lower() == "fact" and any(c.dep_ in ("acl", "ccomp", "relcl") for c in t.children)), None)
                if fact is None:
                    continue
                clause = next(c for c in fact.children if c.dep_ in ("acl", "ccomp", "relcl"))
                lo, hi = clause.left_edge.i, clause.right_edge.i + 1
                people = _people_in(sent, lo, hi, memory, offset)
                if not people:
                    continue
                # what the record is silent about, in the words a claim of it would carry: its message, if
                # it passes one on ("passed on orders from X" -> "orders from X"), else the whole clause
                message = next((t for t in clause.subtree if t.lemma_.lower() in MESSAGE_NOUNS and t.pos_ == "NOUN"), None)
                content = _phrase(message) if message is not None else _clean(sent.doc[lo:hi].text)
                d = Draft("document_content", verb, aspect="event", content=content, polarity="denied")
                d.people = [(p, "subject") for p in people]
                out.append((d, Attribution(None, "asserted", "denied")))
    return out


def silenced_clauses(sent: Span) -> set[int]:
    """Token indices of clauses a sentence says were never said ("no word ... about the fact that X"):
    the rules must not read them as the writer's own assertions."""
    out: set[int] = set()
    for fact in sent:
        if fact.lemma_.lower() != "fact" or not (fact.head.lemma_.lower() in ("concern", "about", "regard", "of", "on") or fact.head.dep_ == "prep"):
            continue
        node = fact
        while node.head.i != node.i and node.dep_ != "attr":
            node = node.head
        if node.dep_ == "attr" and (is_negated(node.head) or any(c.lower_ in ("no", "not") for c in node.children)):
            for c in fact.children:
                if c.dep_ in ("acl", "ccomp", "relcl"):
                    out.update(t.i for t in c.subtree)
    return out


# --- quoted statements: "X has sent us the following statement. “I was in Y...”" -----------------

STATEMENT_NOUNS = {"statement", "declaration", "letter", "message", "deposition", "affidavit", "testimony", "note", "telegram", "appeal", "account"}


def statement_author(sent: Span, memory: DocMemory, offset: int) -> str | None:
    """The person a sentence announces words from: "X has sent us the following statement", "X wrote:".

    Returns a person key, or None when the sentence announces nobody's words.
    """
    text = sent.text.rstrip()
    announces = text.endswith(":") or any(
        t.lower_ == "following" and t.head.lemma_.lower() in STATEMENT_NOUNS for t in sent
    )
    if not announces:
        return None
    for verb in sent:
        if verb.pos_ != "VERB":
            continue
        for subj in (c for c in verb.children if c.dep_ == "nsubj"):
            ref = person_from_token(subj, memory, offset)
            if ref is not None and not ref.key.startswith("@"):
                return ref.key
    return None


def quote_balance(text: str) -> int:
    """Opening minus closing quotation marks; straight double quotes count as opening then closing."""
    opening = sum(text.count(q) for q in ("“", "«", "„"))
    closing = sum(text.count(q) for q in ("”", "»"))
    straight = text.count('"')
    return opening - closing + (straight % 2)


class QuotedStatements:
    """Follows a document sentence by sentence: inside a quoted statement, "I" is its author."""

    def __init__(self) -> None:
        self.author: str | None = None  # inside a quotation by this person
        self._announced: str | None = None  # the sentence before announced this person's words
        self._depth = 0

    def step(self, sent: Span, memory: DocMemory, offset: int, new_paragraph: bool = False) -> str | None:
        """Call once per sentence, in order; returns the author holding the floor in this sentence, if any.

        A quotation runs until its marks balance, and never past a paragraph that does not open with a
        quotation mark (the printer's convention for quotations of several paragraphs): an unbalanced
        mark in a badly extracted text must not hand the rest of the document to one speaker.
        """
        text = sent.text.lstrip()
        opens = text[:1] in ("“", '"', "«", "„")
        if self.author is not None and new_paragraph and not opens:
            self.author = None
        if self.author is None and self._announced and opens:
            self.author, self._depth = self._announced, 0
        current = self.author
        if self.author is not None:
            self._depth += quote_balance(sent.text)
            if self._depth <= 0:
                self.author = None  # the quotation closed in this sentence
        self._announced = statement_author(sent, memory, offset) if current is None else None
        return current


# --- paraphrased accounts: "X gave the following details: ... . ... . What a story!" -------------

#: Nouns that announce someone's account, told on in the writer's words after a colon.
ACCOUNT_NOUNS = {"details", "detail", "account", "version", "story", "testimony", "statement", "declaration", "confession", "deposition", "explanation", "description"}


def account_author(sent: Span, memory: DocMemory, offset: int) -> str | None:
    """'X indicated ... the following concrete details: ...': the person whose account the next sentences retell."""
    for tok in sent:
        if tok.lower_ != "following" or tok.head.lemma_.lower() not in ACCOUNT_NOUNS:
            continue
        noun = tok.head
        if not any(t.text == ":" for t in sent if t.i > noun.i):
            continue
        verb = noun.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        # the subject of the verb the account hangs on, else of a reporting verb before it in the sentence
        # ("X indicated the date: ... (an aside), and the following details: ...")
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        subjects += [t for t in sent if t.i < noun.i and t.dep_ == "nsubj" and t.head.lemma_.lower() in REPORTING_VERBS]
        for subj in subjects:
            ref = person_from_token(subj, memory, offset)
            if ref is not None and not ref.key.startswith("@"):
                return ref.key
    return None


#: Verbs that summarise a deposition in the writer's words: "X further testifies that ...".
DEPOSING_VERBS = {"testify", "depose", "confess"}


def deposition_author(sent: Span, memory: DocMemory, offset: int) -> str | None:
    """'X (further) testifies that ...': a writer summing up X's deposition, which the next sentences
    may go on summarising ("After having read the letter, X sent it on")."""
    root = sent.root
    if root.lemma_.lower() not in DEPOSING_VERBS or is_negated(root):
        return None
    if not any(c.dep_ == "ccomp" for c in root.children):
        return None
    for subj in (c for c in root.children if c.dep_ == "nsubj"):
        ref = person_from_token(subj, memory, offset)
        if ref is not None and not ref.key.startswith("@"):
            return ref.key
    return None


class RetoldAccounts:
    """Follows a document sentence by sentence: after "X gave the following details:", the sentences of
    the same paragraph retell X's account, until the writer speaks again (an exclamation, a question, a
    new paragraph). "Me" in them stays the writer, who is paraphrasing; only the claims become X's.

    After "X testifies that ...", the writer is summing up a deposition, and may go on doing so in the
    next sentences of the paragraph; but he may as well be telling what happened in his own voice, so
    only claims in which X takes part are read as X's (see :attr:`own_only`)."""

    def __init__(self) -> None:
        self.author: str | None = None
        self.own_only = False  # the account was announced by a deposition verb, not "the following details:"

    def step(self, sent: Span, memory: DocMemory, offset: int, new_paragraph: bool = False) -> str | None:
        text = sent.text.rstrip(" )”\"'")
        run_on = run_on_question(sent) is not None  # "X sent it on, How would ...?": the statement is still X's
        if new_paragraph or (text.endswith(("!", "?")) and not run_on):
            self.author = None
        current, own_only = self.author, self.own_only
        announced = account_author(sent, memory, offset)
        deposed = deposition_author(sent, memory, offset) if announced is None else None
        if announced is not None or deposed is not None:
            # from the next sentence on (this one's report names X already)
            self.author, self.own_only = announced or deposed, announced is None
        elif run_on:
            self.author = None  # the writer asks: the summary is over
        memory.account_own_only = own_only
        return current
