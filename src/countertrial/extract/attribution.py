"""Who asserts a clause, how sure they sound, and whether they affirm or deny it.

A document's author often reports another person's words and then refutes them. The reported claim
belongs to the person who made it ("X testified that he met Y", "according to X's words"), so that
the contradiction is drawn between X and the refutation, not between the author and himself.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

REPORTING_VERBS = {
    "say", "state", "testify", "declare", "confess", "claim", "assert", "tell", "write", "report",
    "indicate", "admit", "allege", "affirm", "maintain", "insist", "explain", "recount", "describe",
    "recall", "deny", "add", "repeat", "announce", "swear", "depose", "acknowledge", "relate",
    "inform", "show", "establish", "certify", "confirm", "contend", "argue", "suggest", "mention",
    "remember", "recollect", "assure", "plead", "aver",
}
DENYING_VERBS = {"deny", "refute", "dispute", "reject"}
HEDGES = {"supposedly", "allegedly", "reportedly", "purportedly", "ostensibly", "apparently", "presumably"}
NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "nobody", "nothing", "none"}


REPORTING_NOUNS = {
    "confession", "testimony", "statement", "deposition", "claim", "assertion", "version", "account",
    "allegation", "accusation", "charge", "indictment", "verdict", "story", "admission", "declaration",
}


@dataclass
class Attribution:
    speaker_token: Token | None  # the token naming the speaker, when it is not the document's voice
    modality: str  # asserted | reported | alleged
    polarity: str  # affirmed | denied
    unknown_speaker: bool = False  # someone else's words (a confession, a charge), but whose is not said


def is_negated(verb: Token) -> bool:
    """True when the verb itself is negated ("did not meet", "never met", "had no visitor")."""
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in ("never", "not", "n't"):
            return True
        if child.dep_ in ("dobj", "attr", "nsubj", "pobj") and any(
            d.dep_ == "det" and d.lower_ in ("no", "neither") for d in child.children
        ):
            return True
        if child.dep_ == "dobj" and any(d.lower_ in ("single",) for d in child.children) and any(
            d.lower_ == "not" for d in child.subtree
        ):
            return True
        if child.dep_ == "nsubj" and child.lower_ in ("nobody", "none", "noone"):
            return True
    return False


def attribute(verb: Token) -> Attribution:
    """Walk up from the claim's verb to the reporting verb that frames it, if any."""
    # "did not come to see him": the negation of the governing verb carries over to its purpose clause
    negated = is_negated(verb) or (verb.dep_ in ("xcomp", "advcl") and verb.head.i != verb.i and is_negated(verb.head)
                                   and verb.head.lemma_.lower() in ("come", "go", "travel", "fly", "arrive", "try", "manage", "be"))
    polarity = "denied" if negated else "affirmed"
    modality = "asserted"
    speaker: Token | None = None
    if any(c.lower_ in HEDGES for c in verb.subtree if c.head == verb or c.head.head == verb):
        modality = "alleged"
    elif verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and any(
        c.lower_ in HEDGES and c.i < verb.head.i for c in verb.head.children
    ):
        modality = "alleged"  # "who supposedly received X and passed it on": the hedge covers both verbs
    # "according to X" attached to the verb or its clause
    for child in verb.children:
        if child.lower_ == "according":
            for to in child.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        poss = [p for p in obj.children if p.dep_ == "poss"]
                        speaker = poss[0] if poss and obj.lemma_ in ("word", "testimony", "statement", "account") else obj
                        modality = "reported"
    unknown = False
    if speaker is None:
        speaker, modality, unknown = _aside_report(verb, modality)
    node = verb
    hops = 0
    while speaker is None and not unknown and node.dep_ in ("ccomp", "xcomp", "conj", "advcl", "relcl") and hops < 4:
        head = node.head
        hops += 1
        # "X testified that ...", and "X claims to have met ..."
        if node.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in REPORTING_VERBS:
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].dep_ == "nsubj":
                speaker = subj[0]
                modality = "reported" if modality == "asserted" else modality
            if head.lemma_.lower() in DENYING_VERBS:
                polarity = "denied" if polarity == "affirmed" else "affirmed"
            if is_negated(head):
                modality = "reported"
            break
        node = head
        # "X stated that he met Y in the café where they were introduced": from a relative clause, go on
        # up through the noun it describes to the clause that noun is in
        while node.pos_ not in ("VERB", "AUX") and node.dep_ not in ("ROOT",) and node.head.i != node.i:
            node = node.head
    if speaker is None and not unknown:
        speaker, modality, unknown = _colon_report(verb, speaker, modality)
    if speaker is None and not unknown:
        named = misread_report(verb)
        if named is not None:
            speaker, modality = named, ("reported" if modality == "asserted" else modality)
    if speaker is None and not unknown and in_quotation(verb):
        modality, unknown = ("reported" if modality == "asserted" else modality), True
    return Attribution(speaker, modality, polarity, unknown)


#: Subjects of an aside that name nobody: "he, they say, had ..." is hearsay, not the writer's word.
ANONYMOUS_SUBJECTS = {"they", "people", "some", "one", "others", "rumour", "rumor"}


def _aside_report(verb: Token, modality: str) -> tuple[Token | None, str, bool]:
    """Whose word a clause is, when an aside says so: "X went there, as he testified" (X's testimony);
    "he, they say, had received ..." (hearsay from nobody named)."""
    for child in verb.children:
        lemma = child.lemma_.lower()
        if lemma not in REPORTING_VERBS or lemma in DENYING_VERBS or is_negated(child):
            continue
        subj = [c for c in child.children if c.dep_ == "nsubj"]
        if not subj:
            continue
        as_clause = child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "as" for m in child.children)
        aside = child.dep_ == "parataxis" and child.i > verb.left_edge.i and child.i < verb.i
        if not (as_clause or aside):
            continue
        if subj[0].lower_ in ANONYMOUS_SUBJECTS:
            return None, "alleged", True
        if subj[0].lower_ in ("i", "we"):
            return None, modality, False  # "as I said": the writer's own word
        return subj[0], "reported" if modality == "asserted" else modality, False
    return None, modality, False


#: Reporting verbs in the third person, which the small parser can read as plural nouns after a name
#: ("Weller states “that …”" parsed as the noun phrase "Weller states").
_REPORTING_FORMS = {v + ("es" if v.endswith(("s", "sh", "ch", "x")) else "s") for v in REPORTING_VERBS if not v.endswith("y")}
_REPORTING_FORMS |= {v[:-1] + "ies" for v in REPORTING_VERBS if v.endswith("y") and v not in ("say", "deny")} | {"says", "denies"}


def misread_report(verb: Token) -> Token | None:
    """'Weller states “that in May he received ...”': Weller, though the parser took "states" for a noun.

    Only the shape name + verb form + opening quotation mark or "that", before the claim's verb.
    """
    for tok in verb.sent:
        if tok.i >= verb.i:
            break
        name = misread_reporter(tok)
        if name is not None:
            return name
    return None


def misread_reporter(tok: Token) -> Token | None:
    """The name before ``tok`` when ``tok`` is a reporting verb the parser took for a noun ("Weller states “")."""
    sent = tok.sent
    if tok.lower_ not in _REPORTING_FORMS or not tok.text.islower() or tok.pos_ not in ("NOUN", "PROPN") or tok.i + 1 >= sent.end or tok.i == sent.start:
        return None
    after, before = tok.doc[tok.i + 1], tok.doc[tok.i - 1]
    # the name itself may be tagged anything (a foreign surname often comes out as an adjective)
    named = before.pos_ == "PROPN" or (before.is_title and before.pos_ in ("ADJ", "NOUN") and before.dep_ in ("amod", "compound"))
    if (after.text in OPENING_QUOTES or after.text == '"' or after.lower_ == "that") and named:
        return before
    return None


OPENING_QUOTES = {"“", "„", "«"}
CLOSING_QUOTES = {"”", "»"}


def in_quotation(verb: Token) -> bool:
    """The verb stands inside quotation marks in its sentence: words quoted from someone, not the writer's own.

    Curly quotes tell opening from closing; straight quotes are paired by counting. A quotation of a
    word or two ("his “ties” with X") does not contain a verb and so never makes a clause someone else's.
    """
    sent = verb.sent
    depth = 0
    straight = 0
    for tok in sent:
        if tok.i >= verb.i:
            break
        if tok.text in OPENING_QUOTES:
            depth += 1
        elif tok.text in CLOSING_QUOTES:
            depth = max(0, depth - 1)
        elif tok.text == '"':
            straight += 1
    return depth > 0 or straight % 2 == 1


def _colon_report(verb: Token, speaker: Token | None, modality: str) -> tuple[Token | None, str, bool]:
    """What follows a colon may be someone else's account.

    'X indicated the following details: ...' is X's account. 'This is the confession: ...' is
    somebody's confession, not the author's own assertion, though the text may not say whose.
    """
    sent = verb.sent
    colons = [t for t in sent if t.text == ":" and t.i < verb.i]
    if not colons:
        return speaker, modality, False
    colon = colons[-1]
    for tok in sent:
        if tok.i < colon.i and tok.lemma_.lower() in REPORTING_VERBS and tok.pos_ == "VERB":
            subj = [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN")]
            if subj:
                return subj[0], "reported", False
    before = [t for t in sent if t.i < colon.i]
    if before and any(t.lemma_.lower() in REPORTING_NOUNS and t.pos_ == "NOUN" for t in before[-8:]):
        return None, "reported", True
    return speaker, modality, False
