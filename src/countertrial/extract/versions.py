"""Parallel versions given without a verb: 'A says that X ordered “…”. With B, “…”'.

A writer comparing two witnesses' accounts often gives the second one elliptically: the verb and the
event are those of the sentence before, only the witness and the words change ("With B, “…”",
"According to B, “…”", "In B's version, “…”"). No verb rule can read such a sentence, and yet it is
the clearest statement in the text that two accounts of *one* event differ.

:func:`elided_version` recognises the shape: a sentence whose only clause is inside quotation marks,
introduced by a preposition naming a person (or the person's version, account or words). The
extractor then gives the previous sentence's content-bearing claims a second reading: the same event,
the named person as speaker, the quoted words as content, and ``version_of`` pointing at the first
account, which is what ties the two to one event when they are compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from countertrial.extract.mentions import DocMemory, PersonRef
from countertrial.extract.rules import _people
from countertrial.resolve.gazetteer import lookup

OPENING = {"“", '"', "«", "„", "‘"}
CLOSING = {"”", '"', "»", "’"}
#: Prepositions that introduce whose version follows ("with B", "for B", "according to B", "in B's account").
INTRODUCERS = {"with", "for", "in", "according"}
#: Nouns for someone's telling of an event ("in B's version").
VERSION_NOUNS = {"version", "account", "words", "word", "telling", "story", "testimony", "recollection", "recollections", "rendering", "wording"}
#: Words that may open the sentence before the introducer ("And with B, ...").
LEADING = {"and", "but", "while", "whereas", "yet", "now"}


@dataclass
class ElidedVersion:
    """Who gives the version, the character span (in the document) of the words it gives, and of the sentence."""

    person: PersonRef
    start: int
    end: int
    sentence_start: int
    sentence_end: int


def elided_version(sent: Span, memory: DocMemory, offset: int) -> ElidedVersion | None:
    """'With B, “…”': B's version of what the previous sentence reported, or None for any other shape."""
    toks = [t for t in sent if not t.is_space]
    opening = next((i for i, t in enumerate(toks) if t.text in OPENING), None)
    if opening is None or opening < 2:
        return None
    before = toks[:opening]
    while before and before[-1].text in (",", ":"):
        before.pop()
    while before and before[0].lower_ in LEADING:
        before.pop(0)
    if not before or before[0].lower_ not in INTRODUCERS:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in before):
        return None  # "With B, he said “…”" has its own verb: the rules read it
    name = before[1:]
    if before[0].lower_ == "according":
        if not name or name[0].lower_ != "to":
            return None
        name = name[1:]
    named_version = bool(name) and name[-1].lower_ in VERSION_NOUNS
    if named_version:  # "in B's version", "according to B's words"
        name = name[:-1]
        if name and name[-1].text in ("'s", "’s", "'", "’"):
            name = name[:-1]
    if before[0].lower_ == "in" and not named_version:
        return None  # "In May, “…”", "In Lisbon, “…”": a time or a place, not a witness
    if not name or len(name) > 5 or not all(t.pos_ in ("PROPN", "NOUN", "PRON", "PUNCT") or t.is_title for t in name):
        return None
    closing = next((i for i in range(len(toks) - 1, opening, -1) if toks[i].text in CLOSING), None)
    if closing is None or any(not t.is_punct for t in toks[closing + 1 :]):
        return None  # the quotation must end the sentence: nothing asserted outside it
    inner = toks[opening + 1 : closing]
    while inner and inner[-1].is_punct:
        inner.pop()
    if len(inner) < 3:
        return None
    head = max(name, key=lambda t: (t.pos_ == "PROPN", t.i))
    if head.ent_type_ in ("GPE", "LOC", "FAC") or lookup(head.text) is not None:
        return None  # "For Lisbon, “…”": a place
    people = [p for p in _people([head], memory, offset) if not p.key.startswith("@")]
    if len(people) != 1:
        return None
    last = toks[-1]
    return ElidedVersion(
        people[0], offset + inner[0].idx, offset + inner[-1].idx + len(inner[-1].text), offset + toks[0].idx, offset + last.idx + len(last.text)
    )
