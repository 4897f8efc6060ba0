"""Claim rules for contact between people: messages passed on, contact denied, contact begun.

An inquiry into a conspiracy turns on who passed what to whom, through whom, and when the two first
had any dealings: "B brought A's orders to C in May" and "B first met C only the next year" cannot
both be true. These rules read the three shapes that carry that in English:

* a **communication**: a verb of passing on (transmit, pass on, bring, send, hand, deliver, receive
  ...) whose object is a message (instructions, orders, a letter, a message ...). The sender is
  "from A" or "A's"; the receiver "to C", "for C" or the indirect object; whoever carries it, when
  the sender is someone else, is the intermediary. "in a letter" / "by telegram" is the medium.
* a **contact denied**: "B had no connection (contact, dealings, correspondence...) with C", and "B
  had no visitor", which denies every meeting at B's door in its window.
* a **contact begun**: "contact between B and C was established only in 1934", "this contact was not
  established until 1934": a first contact, the lower bound on every other contact between them.

Why rules and not a list of phrasings: each rule reads a dependency shape (verb, its object's head
noun, the prepositions hanging on either), so it holds for any names and any wording of the same
shape. The nouns and verbs below are ordinary English, not the words of any one affair.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from countertrial.extract.mentions import DocMemory, PersonRef
from countertrial.resolve.gazetteer import lookup
from countertrial.extract.rules import (
    Draft,
    _best_place,
    _clause_places,
    _conj_expand,
    _people,
    _subjects,
    register,
    register_noun,
)

#: What can be passed on: the head noun of the object of a verb of passing on.
MESSAGE_NOUNS = {
    "instruction", "directive", "order", "command", "letter", "message", "note", "telegram", "cable",
    "wire", "report", "information", "document", "dispatch", "communication", "plan", "proposal",
    "money", "funds", "package", "parcel", "word", "news", "greeting", "advice", "request", "warning",
}  # fmt: skip
#: Money handed over is passed on like a letter: "gave me five thousand escudos", "two pound notes".
CURRENCY_NOUNS = {
    "pound", "dollar", "franc", "mark", "reichsmark", "rouble", "ruble", "escudo", "lira", "peseta", "shilling",
    "krone", "krona", "guilder", "florin", "zloty", "crown", "rupee", "yen", "peso", "dinar", "drachma", "sterling",
    "cash", "banknote", "cheque", "check", "payment", "sum", "bribe", "fee", "advance",
}  # fmt: skip
MESSAGE_NOUNS |= CURRENCY_NOUNS
#: Verbs that move a message from one person to another; the receiver is their subject for the last group.
PASSING_VERBS = {"transmit", "pass", "bring", "carry", "send", "give", "hand", "deliver", "convey", "forward", "relay", "transfer", "smuggle"}
RECEIVING_VERBS = {"receive", "get", "obtain"}
#: Media that make a communication remote; a noun among them as the object is its own medium.
MEDIA = {
    "letter": "letter", "note": "letter", "telegram": "telegram", "cable": "telegram", "wire": "telegram",
    "telephone": "telephone", "phone": "telephone", "post": "letter", "mail": "letter", "courier": "courier",
    "messenger": "courier", "radio": "radio",
}  # fmt: skip
#: Nouns that name being in touch at all (remote contact included).
CONTACT_NOUNS = {"connection", "contact", "dealing", "dealings", "relation", "relations", "correspondence", "communication", "touch", "link", "tie", "ties"}
#: Nouns whose denial at someone's door denies every meeting there ("I had no visitor").
VISIT_NOUNS = {"visitor", "visit", "guest", "caller"}
#: Words before an event noun that make it someone's allegation, not the writer's assertion.
ALLEGING_WORDS = {"pseudo", "alleged", "supposed", "so-called", "purported", "mythical", "fictitious", "imaginary", "fabricated", "invented"}


def _head_noun(tok: Token) -> str:
    return tok.lemma_.lower()


def _antecedent_message(pron: Token) -> Token | None:
    """'developed the letter, then sent it on': the message noun an "it" stands for, in its own sentence.

    Only the nearest message noun before the pronoun is taken, and only when no other noun of a thing
    stands between them ("read the letter and burned the envelope, then sent it" is left alone)."""
    if pron.lower_ not in ("it", "them"):
        return None
    for t in reversed(list(pron.sent)[: pron.i - pron.sent.start]):
        if t.pos_ == "NOUN":
            agrees = (t.tag_ == "NNS") == (pron.lower_ == "them")  # "it" stands for one letter, "them" for several
            ok = agrees and _head_noun(t) in MESSAGE_NOUNS and not _is_money(t) and _near_clause(_verb_of(t), pron.head)
            return t if ok else None
    return None


def _verb_of(tok: Token) -> Token | None:
    """The verb a noun hangs on (through prepositions), or None."""
    node = tok.head
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node if node.pos_ in ("VERB", "AUX") else None


def _near_clause(a: Token | None, b: Token) -> bool:
    """Two verbs of one clause complex: the same verb, or one governing the other ("read the letter and
    sent it", "after reading the letter, sent it"). A pronoun reaches no further than that."""
    if a is None:
        return False
    while a.dep_ == "conj" and a.head.i != b.i:
        a = a.head  # "developed and read the letter": the first of the verbs sharing it
    if a.i == b.i or a.head.i == b.i or b.head.i == a.i:
        return True
    return a.dep_ == "pcomp" and a.head.head.i == b.i  # "after having read the letter, X sent it"


def _message_object(verb: Token) -> Token | None:
    """The message a verb passes on: its direct object, or the passive subject ("orders were passed").

    "transmitted to him secret orders" is often parsed as "to [him secret orders]": the message is then
    the object of "to", and the person before it (see :func:`_folded_receivers`) is the receiver. An
    "it" standing for a message named earlier in the sentence is that message.
    """
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass") and _head_noun(c) in MESSAGE_NOUNS:
            return c
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "PRON":
            found = _antecedent_message(c)
            if found is not None:
                return found
    for o in _pobjs(verb, {"to"}):
        if _head_noun(o) in MESSAGE_NOUNS:
            return o
    if verb.dep_ in ("relcl", "acl") and _head_noun(verb.head) in MESSAGE_NOUNS and not any(c.dep_ == "dobj" and c.pos_ not in ("PROPN", "PRON") for c in verb.children):
        return verb.head  # "the money I gave him", "the letter he sent me": the noun the clause describes
    if verb.lemma_.lower() in ("pass", "hand", "send"):  # "passed on the orders", parsed as a preposition
        for o in _pobjs(verb, {"on", "over", "along"}):
            if _head_noun(o) in MESSAGE_NOUNS:
                return o
    return None


def _folded_receivers(obj: Token) -> list[Token]:
    """'to [him secret orders]': the person folded into the message's noun phrase by the parser."""
    if obj.dep_ != "pobj" or obj.head.lower_ != "to":
        return []
    return [c for c in obj.children if c.i < obj.i and c.dep_ in ("nmod", "compound", "npadvmod") and (c.pos_ == "PROPN" or c.lower_ in ("him", "her", "them", "me", "us"))]


def _not_place(tokens: list[Token]) -> list[Token]:
    """'brought orders to Lisbon' names a destination, not a receiver; NER alone is not trusted for foreign names."""
    return [t for t in tokens if not (t.ent_type_ in ("GPE", "LOC", "FAC") and lookup(t.text) is not None)]


def _pobjs(head: Token, preps: set[str]) -> list[Token]:
    return [o for p in head.children if p.dep_ in ("prep", "agent", "dative") and p.lower_ in preps for o in p.children if o.dep_ == "pobj" for o in _conj_expand(o)]


def _possessors(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ == "poss"]


def _is_money(obj: Token) -> bool:
    """'two pound notes', 'a bank note': money, not a written note."""
    return _head_noun(obj) in CURRENCY_NOUNS or any(c.lemma_.lower() in CURRENCY_NOUNS | {"bank"} for c in obj.children if c.dep_ in ("compound", "amod", "nmod"))


def _medium(verb: Token, obj: Token | None) -> str | None:
    if obj is not None and _is_money(obj):
        return None
    if obj is not None and _head_noun(obj) in MEDIA:
        return MEDIA[_head_noun(obj)]
    for p in verb.children:
        if p.dep_ == "prep" and p.lower_ in ("in", "by", "through", "via", "over"):
            for o in p.children:
                if o.dep_ == "pobj" and _head_noun(o) in MEDIA:
                    return MEDIA[_head_noun(o)]
    return None


def _phrase(tok: Token) -> str:
    """The words of a noun phrase up to its head, plus 'about/on/for X' complements: the content."""
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("det", "poss", "case", "punct") and t.lower_ not in ("'s", "’s")]
    tail = [t for t in tok.subtree if t.i > tok.i]
    keep_tail = []
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ in ("about", "on", "concerning", "regarding"):
            keep_tail.extend(p.subtree)
    text = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
    if keep_tail:
        text += " " + " ".join(t.text for t in sorted(keep_tail, key=lambda t: t.i) if t in tail)
    return text.strip()


QUOTE_MARKS = {'"', "“", "”", "„", "«", "»", "'", "‘", "’"}


def stated_content(obj: Token) -> str | None:
    """What a message said, when the text spells it out: 'instructions that “in case of a strike, ...”'.

    The clause hanging on the message noun (or on its verb) and opened by "that" is the content, without
    its quotation marks; None when the message is only named ("he gave instructions").
    """
    for head in (obj, obj.head):
        for clause in head.children:
            if clause.dep_ not in ("acl", "ccomp") or clause.i < obj.i:
                continue
            if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                continue
            toks = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i and t.lower_ == "that")]
            while toks and (toks[0].text in QUOTE_MARKS or toks[0].is_punct):
                toks.pop(0)
            while toks and (toks[-1].text in QUOTE_MARKS or toks[-1].text in (".", ",", ";")):
                toks.pop()
            if len(toks) >= 3:
                doc = obj.doc
                return doc[toks[0].i : toks[-1].i + 1].text
    return None


def _said(obj: Token) -> str | None:
    """The message's words as far as the noun phrase gives them: "instructions about terror", "five
    thousand escudos"; None for the bare noun ("a letter", "the money"), which says nothing of what it
    said or was worth, so that two accounts of one letter never differ merely by naming it differently."""
    text = _phrase(obj)
    return None if len(text.split()) <= 1 else text


def _definite(noun: Token) -> bool:
    """'the letter', 'this letter': a message already spoken of (not "a letter", not "letters")."""
    return noun.tag_ in ("NN", "NNP") and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)


#: Verbs whose subject is the writer of their object ("X wrote a letter").
WRITING_VERBS = {"write", "compose", "sign", "dictate", "pen", "draft", "type", "scribble"}
#: How many sentences a message's writer is remembered for "the letter" without being mentioned again.
MESSAGE_MEMORY = 6


def note_messages(sent: Span, memory: DocMemory, offset: int) -> None:
    """After a sentence: remember who wrote the messages it names ("a letter from A", "A's letter").

    A later bare "the letter" is then A's letter, as long as the text keeps speaking of it: each
    mention of "the letter" keeps the memory alive, and it fades after :data:`MESSAGE_MEMORY`
    sentences that do not mention it."""
    ages = memory.message_ages
    for noun in list(ages):
        ages[noun] += 1
        if ages[noun] > MESSAGE_MEMORY:
            del ages[noun]
            memory.message_authors.pop(noun, None)
    for tok in sent:
        if tok.pos_ != "NOUN" or _head_noun(tok) not in MESSAGE_NOUNS or _is_money(tok):
            continue
        noun = _head_noun(tok)
        authors = _people(_pobjs(tok, {"from", "of"}) + _possessors(tok), memory, offset)
        if not authors and tok.dep_ == "dobj" and tok.head.lemma_.lower() in WRITING_VERBS:
            authors = _people(_subjects(tok.head), memory, offset)  # "X wrote a letter": X's letter
        if authors:
            memory.message_authors[noun], ages[noun] = authors, 0
        elif noun in ages and _definite(tok):
            ages[noun] = 0
        elif (
            noun in ages
            and any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in tok.children)
            and tok.dep_ in ("dobj", "nsubjpass")
            and tok.head.lemma_.lower() in PASSING_VERBS | RECEIVING_VERBS
        ):
            # "received a letter" with no writer named: another letter changing hands, not the
            # remembered one ("capable of writing such a letter" speaks of no new letter)
            del ages[noun]
            memory.message_authors.pop(noun, None)


#: The state words a thing handed over can be in that say what was (or was not) done to it: past
#: participles, bare or negated with "un-" ("developed", "undeveloped", "opened", "unopened").
_PARTICIPLE = re.compile(r"^(?:un)?[a-z]{3,}(?:ed|en|ead|ept|ung|own)$")


def _state_word(t: Token) -> bool:
    """A bare participle or participial adjective: a state of the thing, not a description of it
    ("the letter written in chemical ink" describes it; "received it undeveloped" says its state)."""
    if t.tag_ not in ("VBN", "JJ") or not _PARTICIPLE.match(t.lower_):
        return False
    return not any(c.dep_ not in ("punct", "advmod", "cc", "neg") for c in t.children)


def _condition(verb: Token, obj: Token) -> str | None:
    """The state the message was in when it was passed on, where the sentence says it.

    Two shapes: what was done to it before the passing on ("after having developed and read the
    letter, X sent it on", "having opened the parcel, X handed it over"), and a state word after the
    object ("received the letter undeveloped", "delivered it sealed"). Both say what the thing was
    like at that moment, which two accounts of one handing-over cannot give differently."""
    for c in verb.children:
        done = None
        if c.dep_ == "prep" and c.lower_ in ("after", "upon", "on"):
            done = next((p for p in c.children if p.dep_ == "pcomp" and p.pos_ == "VERB"), None)
        elif c.dep_ == "advcl" and c.tag_ == "VBN" and any(a.lower_ == "having" for a in c.children if a.dep_ == "aux"):
            done = c
        if done is None:
            continue
        acts = [done] + [x for x in done.children if x.dep_ == "conj" and x.pos_ == "VERB"]
        objects = {o.i for v in acts for o in v.children if o.dep_ in ("dobj",)}
        if obj.i in objects or any(verb.doc[i].lemma_.lower() == obj.lemma_.lower() for i in objects):
            return " and ".join(v.lower_ for v in acts if _PARTICIPLE.match(v.lower_))
    # a state word after the object, past any parenthesis about it: '... letter (“in ink”) undeveloped'
    i, depth = obj.i + 1, 0
    doc = verb.doc
    while i < obj.sent.end:
        t = doc[i]
        if t.text in ("(", "["):
            depth += 1
        elif t.text in (")", "]"):
            depth -= 1
        elif depth == 0 and not t.is_punct:
            if t.head.i in (verb.i, obj.i, verb.head.i) and _state_word(t):
                return t.lower_
            break
        i += 1
    return None


def communication_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'B passed A's instructions to C', 'C received a letter from A', 'orders from A were brought to C by B'.

    A message whose words are given ("A gave instructions that ...") is a claim about what A said even
    when nobody is named as receiving it: two witnesses may tell it differently.
    """
    lemma = verb.lemma_.lower()
    obj = _message_object(verb)
    if obj is None:
        return []
    if lemma in ("pass", "hand") and not any(c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ in ("to", "on")) for c in verb.children):
        return []  # "pass the letter" alone may be walking past it
    sender_tokens = _pobjs(obj, {"from", "of"}) + _not_place(_pobjs(verb, {"from"})) + _possessors(obj)
    senders = _people(sender_tokens, memory, offset)
    if not senders and _definite(obj):
        # "the letter" with no writer of its own: the writer of the letter last spoken of
        senders = list(memory.message_authors.get(_head_noun(obj), ()))
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    if lemma in RECEIVING_VERBS:
        receivers = _people(_subjects(verb), memory, offset)
        carriers = _people(_pobjs(verb, {"through", "via"}), memory, offset)
        written_by = _pobjs(obj, {"from", "of"}) + _possessors(obj)
        if written_by and _pobjs(verb, {"from"}):
            # "received from B a letter from A": A wrote it, B handed it over
            senders = _people(written_by, memory, offset)
            carriers += [p for p in _people(_pobjs(verb, {"from"}), memory, offset) if p.key not in {s.key for s in senders}]
    else:
        named = [o for o in _pobjs(verb, {"to", "for"}) if o.i != obj.i] + _pobjs(obj, {"to", "for"}) + _folded_receivers(obj)
        # "orders from A to C": the parser may hang "to C" on A or on "from"
        named += [o for s in sender_tokens for h in (s, s.head) for o in _pobjs(h, {"to"})]
        named += [c for c in verb.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
        if obj.i == verb.head.i:  # "the money I gave Moniz": the person left as the object is the receiver
            named += [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("PROPN", "PRON")]
        receivers = _people(_not_place(named), memory, offset)
        subjects = _people(_pobjs(verb, {"by"}) if passive else _subjects(verb), memory, offset)
        carriers = subjects + _people(_pobjs(verb, {"through", "via"}), memory, offset)
        if not senders:
            senders, carriers = subjects, [p for p in carriers if p not in subjects]
    people: list[tuple[PersonRef, str]] = []
    seen: set[str] = set()
    for group, role in ((senders, "sender"), (carriers, "intermediary"), (receivers, "receiver")):
        for p in group:
            if p.key not in seen:
                seen.add(p.key)
                people.append((p, role))
    content = stated_content(obj)
    if len(seen) < 2 and not (content and senders):
        return []
    told = {p.key for p, _ in people}  # "passed to Gilfillan": a person NER took for a town is not where
    place = _best_place([p for p in _clause_places(verb, {"to", "in", "at", "into"}, offset) if p.key not in told])
    d = Draft("communication", verb, aspect="event", place=place, means=_medium(verb, obj), content=content or _said(obj))
    d.condition = _condition(verb, obj)
    if d.condition:
        d.condition_at = "received" if lemma in RECEIVING_VERBS else "sent"
    d.people = people
    memory.last_contact = [p for p, _ in people]
    return [d]


def _with_people(noun: Token, memory: DocMemory, offset: int) -> list[PersonRef]:
    return _people(_pobjs(noun, {"with", "between", "to"}), memory, offset)


def contact_denied_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'B had no connection with C', 'I had no visitor in May': contact or meetings that did not happen."""
    from countertrial.extract.attribution import is_negated

    if not is_negated(verb):
        return []
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        noun = _head_noun(obj)
        subjects = _people(_subjects(verb), memory, offset)
        if not subjects:
            return []
        if noun in CONTACT_NOUNS:
            others = _with_people(obj, memory, offset) + _with_people(verb, memory, offset)
            if not others:
                continue
            # no content: it denies being in touch at all, not what was said ("the letter said nothing of X")
            d = Draft("communication", verb, aspect="state")
            d.people = [(p, "subject") for p in subjects] + [(p, "companion") for p in others if p.key not in {s.key for s in subjects}]
            memory.last_contact = [p for p, _ in d.people]
            return [d] if len({p.key for p, _ in d.people}) > 1 else []
        if noun in VISIT_NOUNS:
            d = Draft("meeting", verb, aspect="state")
            d.people = [(p, "host") for p in subjects]
            d.place = _best_place(_clause_places(verb, {"in", "at"}, offset))
            return [d]
    return []


def contact_begun_rule(verb: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'Contact between B and C was established only in 1934'; 'this contact was not established until 1934'."""
    nouns = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj") and _head_noun(c) in CONTACT_NOUNS]
    if not nouns:
        return []
    noun = nouns[0]
    people = _with_people(noun, memory, offset) + _with_people(verb, memory, offset)
    if noun.dep_ == "dobj":
        people = _people(_subjects(verb), memory, offset) + people
    demonstrative = any(c.dep_ == "det" and c.lower_ in ("this", "that", "such", "the") for c in noun.children)
    if len({p.key for p in people}) < 2 and demonstrative and memory.last_contact:
        people = list(memory.last_contact)  # "this contact": the one the text has just spoken of
    keys = []
    for p in people:
        if p.key not in keys:
            keys.append(p.key)
    if len(keys) < 2:
        return []
    d = Draft("first_contact", verb, aspect="event")
    d.people = [(next(p for p in people if p.key == k), "subject" if i == 0 else "companion") for i, k in enumerate(keys)]
    d.polarity = "affirmed"  # "not established until T" says when it began, it does not deny it
    return [d]


register(communication_rule, *sorted(PASSING_VERBS | RECEIVING_VERBS))
register(contact_denied_rule, "have", "maintain", "keep", "receive")
register(contact_begun_rule, "establish", "make", "begin", "start", "form")


# --- event nouns: "the trip of B to C", "B's journey to C" ------------------------------------------

TRIP_NOUNS = {"trip", "journey", "voyage", "visit", "flight", "travel", "crossing", "excursion", "mission"}


def alleged_noun(noun: Token) -> bool:
    """'the pseudo-trip', 'the alleged visit', 'the mythical voyage': someone else's allegation."""
    for i in range(noun.i - 1, max(noun.sent.start, noun.i - 4) - 1, -1):
        tok = noun.doc[i]
        if tok.lower_.strip("-") in ALLEGING_WORDS:
            return True
        if tok.pos_ in ("VERB", "ADP", "AUX") or (tok.pos_ == "PUNCT" and tok.text != "-"):
            return False
    return False


def trip_noun_rule(noun: Token, memory: DocMemory, offset: int) -> list[Draft]:
    """'the trip of the accused B to see me in C', 'B's journey to C': a journey named by a noun."""
    # "the pseudo-trip of X to Y" is someone's allegation, reported; a bare "X's flight to Y" is often
    # only named (in "the statements about X's flight to Y were false") and asserts nothing
    if not alleged_noun(noun):
        return []
    travellers = _people(_pobjs(noun, {"of", "by"}) + _possessors(noun), memory, offset)
    if not travellers:
        return []
    dest = _best_place(_clause_places(noun, {"to", "in", "into"}, offset))
    # "trip ... to see me in C": the place hangs on the purpose clause, which the parser may attach
    # to the verb governing the noun when it follows the noun's phrase directly
    purposes = [c for c in noun.children if c.dep_ in ("acl", "relcl", "advcl")]
    purposes += [c for c in noun.head.children if c.dep_ in ("advcl", "xcomp") and c.left_edge.i == noun.right_edge.i + 1]
    for c in purposes:
        if dest is None:
            dest = _best_place(_clause_places(c, {"to", "in", "into"}, offset))
    origin = _best_place(_clause_places(noun, {"from"}, offset))
    if dest is None and origin is None:
        return []
    d = Draft("travel", noun, aspect="event", place=dest, origin=origin, alleged=True)
    d.people = [(p, "subject") for p in travellers]
    return [d]


register_noun(trip_noun_rule, *sorted(TRIP_NOUNS))
