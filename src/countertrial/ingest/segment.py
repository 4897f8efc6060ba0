"""Paragraphs and sentences as character spans into the exact text.

Paragraphs come from :mod:`countertrial.ingest.layout` (which rejoins hard-wrapped lines). Sentences
come from spaCy's rule-based ``sentencizer`` on a blank English pipeline, run per paragraph on the
:func:`normalised_view`, so a wrap is a space to it and page furniture is invisible. Its offsets are
mapped straight back because the view has exactly the length of the text.

The sentencizer ends a sentence at every full stop it sees as a token. The English tokenizer already
keeps many abbreviations whole ("Mr.", "Dr.", "St.", "p.", "I.N.", initials like "M."), and a
post-merge repairs what remains, with general English rules only:

- a "sentence" whose first word starts with a lowercase letter continues the previous one
  ("approx. five", '"Why?" he asked');
- after a title ("Gen.", "Col.", "Prof.") or an initial ("M.", "I. N.") a capitalised word is a name;
- after "No.", "p.", "pp.", "vol.", "art." a number is a reference, not a new sentence (and after
  "Vol.", "Ch." a Roman numeral);
- "the list: 1." and "; 2." are list numbers, not sentence ends;
- a "sentence" with no letter at all (a stray ". . ." or a footnote number) joins its neighbour.
"""

from __future__ import annotations

import re
from functools import lru_cache

from countertrial.ingest.layout import analyse
from countertrial.model import Sentence

# Abbreviations after which a capitalised word is a name, not a new sentence.
_TITLES = frozenset(
    "mr mrs ms messrs mme mlle dr prof st ste gen col lt capt cpt maj sgt cmdr adm gov sen rep rev "
    "hon fr br sr jr esq pres supt insp cf vs viz ca approx".split()
)
# Abbreviations that are followed by a number.
_NUMBERED = frozenset("no nos nr p pp vol vols art arts ch chap sec para fig figs n nn op tab ed".split())
_OPENERS = "([{“‘«„‚"
# The word before a final full stop: "Gen." -> "Gen", "I.N." -> "N" (each initial is its own word).
_LAST_WORD = re.compile(r"(?:^|[\W\d_])([^\W\d_]{1,12})\.[\"'”’»)\]]*$")
# Transliterated digraphs that stand for one letter in an initial ("Yu. Ivanov", "Zh. Petrov").
_DIGRAPH_INITIAL = re.compile(r"(?i:ch|kh|sh|th|ts|zh|ya|ye|yo|yu|ia|ie|io|iu)")
# A list enumerator the sentencizer mistook for a sentence end: "the list: 1." / "; 3." / "and 4."
_ENUMERATOR = re.compile(r"(?:[:;,]|\band|\bor)\s+\(?\d{1,3}[.)]$")
# Abbreviations that may be followed by a Roman numeral ("Vol. II"); not "No.": "No. I was not there."
_ROMAN_AFTER = frozenset("vol vols ch chap pt bk".split())
_ROMAN = re.compile(r"[IVXLC]+\b")


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000  # a paragraph of a long unwrapped file; the sentencizer is linear
    return nlp


def normalised_view(text: str) -> str:
    """``text`` with line breaks inside paragraphs and page-furniture lines replaced by spaces.

    The result has exactly ``len(text)`` characters and every other character unchanged, so offsets
    found in the view are offsets into the text. Give it to parsers so they see flowing sentences.
    """
    layout = analyse(text)
    view = _replace_spans(text, layout.paragraphs, lambda chunk: chunk.replace("\n", " ").replace("\r", " "))
    view = _replace_spans(view, layout.furniture, lambda chunk: " " * len(chunk))
    assert len(view) == len(text)
    return view


def _replace_spans(text: str, spans, change) -> str:
    """``text`` with each of the sorted, disjoint ``spans`` passed through ``change`` (same length)."""
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(change(text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _strip(view: str, start: int, end: int) -> tuple[int, int]:
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    return start, end


def _is_initial(word: str) -> bool:
    """One capital letter ("M.", "Ž.") or a digraph initial: a name follows, not a new sentence."""
    return (len(word) == 1 and word.isupper()) or bool(_DIGRAPH_INITIAL.fullmatch(word))


def _continues_previous(view: str, prev: tuple[int, int], nxt: tuple[int, int]) -> bool:
    """Should the sentencizer's boundary between ``prev`` and ``nxt`` be undone?"""
    head = view[nxt[0] : nxt[1]]
    tail = view[max(prev[0], prev[1] - 24) : prev[1]]
    if not any(ch.isalpha() for ch in view[prev[0] : prev[1]]) or not any(ch.isalpha() for ch in head):
        return True
    first = next((ch for ch in head if ch.isalnum()), "")
    if first.islower():
        return True
    if _ENUMERATOR.search(tail):
        return True
    m = _LAST_WORD.search(tail)
    if not m:
        return False
    word = m.group(1)
    if first.isupper() and (word.lower() in _TITLES or _is_initial(word)):
        return True
    key = word.lower()
    return (key in _NUMBERED and first.isdigit()) or (key in _ROMAN_AFTER and bool(_ROMAN.match(head)))


def _opening_tail(view: str, start: int, boundary: int) -> int:
    """Where a sentence really ends if the sentencizer gave it the next one's opening bracket or quote.

    'terrorists. (Source 298).' is split by the sentencizer after "(": the bracket opens the next
    sentence, so the boundary moves back before it (and before the space in front of it).
    """
    k = boundary
    while k > start and view[k - 1].isspace():
        k -= 1
    j = k
    while j > start + 1 and (
        view[j - 1] in _OPENERS or (view[j - 1] in "\"'" and (view[j - 2].isspace() or view[j - 2] in _OPENERS))
    ):
        j -= 1
    return j if j < k else boundary


def _sentences_of(view: str, start: int, doc) -> list[tuple[int, int]]:
    raw = [(start + sent.start_char, start + sent.end_char) for sent in doc.sents]
    for n in range(len(raw) - 1):
        cut = _opening_tail(view, raw[n][0], raw[n][1])
        raw[n], raw[n + 1] = (raw[n][0], cut), (cut, raw[n + 1][1])
    spans = [span for span in (_strip(view, s, e) for s, e in raw) if span[0] < span[1]]
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and _continues_previous(view, merged[-1], span):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def segment(text: str, document: str) -> tuple[list[tuple[int, int]], list[Sentence]]:
    """Paragraph spans and sentences of ``text``; ``text[s.start:s.end]`` is a stripped sentence.

    Sentences are ordered, do not overlap, never cross a paragraph, and carry the index of their
    paragraph in the returned list.
    """
    layout = analyse(text)
    view = normalised_view(text)
    paragraphs = list(layout.paragraphs)
    sentences: list[Sentence] = []
    docs = _nlp().pipe(view[s:e] for s, e in paragraphs)
    for number, ((start, _end), doc) in enumerate(zip(paragraphs, docs)):
        for s, e in _sentences_of(view, start, doc):
            sentences.append(Sentence(document=document, index=len(sentences), start=s, end=e, paragraph=number))
    return paragraphs, sentences
