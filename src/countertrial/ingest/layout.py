"""Where paragraphs are in a text, including text whose lines were hard-wrapped.

Text extracted from PDFs (and old e-mails, typescripts, Gutenberg files) breaks lines at the page
width, not at the end of sentences; some extractors even put a blank line after *every* line, so
blank lines stop meaning "new paragraph". If a line break were taken as a boundary, a sentence such
as "… spoke the following / words:" would be cut in two and the claim in it lost.

So we first decide, from the whole text, whether it is *wrapped*: a wrapped text has many line
breaks that fall in mid-sentence (the line does not end with sentence punctuation and the next
starts with a lowercase letter). Ordinary text, where a line is a paragraph, almost never does.

In a wrapped text, two successive lines are joined into one paragraph unless there is evidence of a
paragraph end: the first line is short (well under the typical full-line width) and ends a sentence,
or the gap of blank lines is wider than the usual gap between wrapped lines, or the next line starts
a list item. A line that is not finished (no final punctuation) followed by a lowercase line is
always joined, whatever the gap: that is a sentence running on over a page break.

Page furniture is recognised too: bare page numbers or footnote markers on a line of their own, and
short lines repeated throughout the text (running headers and footers). They do not start or end
paragraphs; when they sit inside one they are kept in the span (offsets never skip text) but
:func:`~countertrial.ingest.segment.normalised_view` blanks them so parsers do not read them.

In an ordinary text, each line (or run of lines) separated by line breaks is a paragraph, except for
the unmistakable wrap (unfinished line, next line lowercase, no blank line between).

Nothing here rewrites the text: the result is spans into it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# A line that ends a sentence (or introduces a block): final punctuation, then closing quotes or
# brackets, then perhaps a footnote number glued on by the PDF extractor ("… unjustly.12").
_TERMINAL = re.compile(r"[.!?…:][\"'”’»)\]]*\d{0,3}$")
# Page numbers and footnote markers alone on a line: "12", "- 12 -", "Page 12", "12 of 40".
# (Not "(18)": a page reference in brackets on its own line is a citation, which is text.)
_PAGE_NUMBER = re.compile(r"(?i)(?:page\s+|p\.\s*)?(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?(?:\s*(?:of|/)\s*\d{1,4})?")
# A line ending like this is unfinished whatever its length: a comma, a hyphen or dash, or a word
# that cannot end an English sentence or heading (conjunctions, prepositions, articles).
_UNFINISHED = re.compile(
    r"(?:[,\-–—(\[“‘]|\b(?i:and|or|but|nor|of|to|in|on|at|by|for|with|from|into|onto|upon|about|"
    r"between|among|under|over|than|as|the|a|an|that|which|who|whom|whose|his|her|their|its|our|"
    r"your|my|this|these|those|is|are|was|were|be|been|had|has|have|not|no|if|when|where|while))$"
)
# Lines that always start a new paragraph: bullets and Markdown headings.
_STRONG_START = re.compile(r"[•◦▪‣∙●■□➢►]\s|#{1,6}\s")
_HEADING = re.compile(r"#{1,6}\s")
# Lines that start a new paragraph unless the previous line is clearly unfinished: list markers
# that can also appear at a wrap ("– the best …", "1. …").
_WEAK_START = re.compile(r"(?:[-–—*+·]|\d{1,3}[.)]|\(?[a-zA-Z0-9]{1,3}\))\s")
# A rule across the page: a line of dashes or underscores, or a long line of nothing but spaces (what
# PDF extractors make of the rule above footnotes). Text never runs on across it.
_RULE_CHARS = re.compile(r"[-_=*~—–]{4,}")
_RULE_SPACES = 10
_HEADER_MAX = 80
_HEADER_MIN_REPEATS = 4
_HEADER_MIN_SPACING = 20
_WRAPPED_MIN_PAIRS = 3
_WRAPPED_SHARE = 0.3
_SHORT_LINE = 0.75  # of the typical full-line width


@dataclass(frozen=True)
class _Line:
    start: int  # first character of the line
    end: int  # the line's "\n" (or len(text))
    cs: int  # first non-whitespace character
    ce: int  # one past the last non-whitespace character

    @property
    def blank(self) -> bool:
        return self.cs >= self.ce


@dataclass(frozen=True)
class Layout:
    """Paragraph spans (stripped, in order), furniture line spans, and whether the text is wrapped."""

    paragraphs: tuple[tuple[int, int], ...]
    furniture: tuple[tuple[int, int], ...]
    wrapped: bool


def _lines(text: str) -> list[_Line]:
    """Lines split at "\n" only (the canonical line break; a stray "\r" counts as whitespace)."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        lines.append(_Line(pos, end, pos + left, pos + max(left, right)))
        pos = end + 1
    return lines


def _is_rule(text: str, line: _Line) -> bool:
    if line.blank:
        return line.end - line.start >= _RULE_SPACES and not text[line.start : line.end].strip(" \t\r\u00a0")
    return bool(_RULE_CHARS.fullmatch(text[line.cs : line.ce].replace(" ", "")))


def _first_letter_lower(s: str) -> bool:
    """True if the first letter or digit of ``s`` is a lowercase letter ("– the best …", "(sic) was")."""
    for ch in s:
        if ch.isalnum():
            return ch.islower()
    return False


def _continues(s: str) -> bool:
    """Does a line start as the continuation of a sentence (lowercase word, or , ; ) ])?"""
    return s[:1] in {",", ";", ")", "]", "}"} or _first_letter_lower(s)


def _terminal(s: str) -> bool:
    return bool(_TERMINAL.search(s))


def _furniture_lines(text: str, lines: list[_Line]) -> set[int]:
    """Lines that look like page numbers, or like running headers/footers.

    A running header is a short line, not a sentence, repeated at least ``_HEADER_MIN_REPEATS`` times
    and never twice within ``_HEADER_MIN_SPACING`` lines (it comes once a page), so a phrase that a
    text happens to repeat close together is not mistaken for one.
    """
    where: dict[str, list[int]] = {}
    furniture = set()
    for i, line in enumerate(lines):
        if line.blank:
            continue
        s = text[line.cs : line.ce]
        if _PAGE_NUMBER.fullmatch(s):
            furniture.add(i)
        elif len(s) <= _HEADER_MAX and not _terminal(s) and any(ch.isalnum() for ch in s):
            # "Yes." or "Answer:" repeated in a transcript is text, hence the _terminal test.
            where.setdefault(s, []).append(i)
    for positions in where.values():
        if len(positions) >= _HEADER_MIN_REPEATS and all(
            b - a >= _HEADER_MIN_SPACING for a, b in zip(positions, positions[1:])
        ):
            furniture.update(positions)
    return furniture


@dataclass
class _Stats:
    width: float  # typical length of a full line
    gap: int  # usual number of blank lines between two lines of one paragraph


def _is_wrapped(text: str, lines: list[_Line], body: list[int]) -> bool:
    pairs = list(zip(body, body[1:]))
    if len(pairs) < _WRAPPED_MIN_PAIRS:
        return False
    running_on = sum(
        1
        for a, b in pairs
        if not _terminal(text[lines[a].cs : lines[a].ce]) and _first_letter_lower(text[lines[b].cs : lines[b].ce])
    )
    return running_on / len(pairs) >= _WRAPPED_SHARE


def _stats(text: str, lines: list[_Line], body: list[int]) -> _Stats:
    lengths = sorted(lines[i].ce - lines[i].cs for i in body)
    width = lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]
    gaps = Counter()
    for a, b in zip(body, body[1:]):
        if not _terminal(text[lines[a].cs : lines[a].ce]):  # mid-paragraph breaks only
            gaps[sum(1 for k in range(a + 1, b) if lines[k].blank)] += 1
    gap = gaps.most_common(1)[0][0] if gaps else 0
    return _Stats(width=width, gap=gap)


def _join(a: str, b: str, gap: int, across_furniture: bool, wrapped: bool, stats: _Stats | None, a_first: bool) -> bool:
    """Are lines ``a`` and ``b`` (stripped, ``gap`` blank lines apart) parts of one paragraph?

    ``a_first``: ``a`` starts its paragraph. A short unfinished line that starts a paragraph is a
    heading; one that continues a paragraph was cut short by a long next word.
    """
    if _STRONG_START.match(b) or _HEADING.match(a):
        return False
    a_terminal = _terminal(a)
    if not wrapped or stats is None:
        # Only the unmistakable wrap: an unfinished line, then a lowercase one, at most a blank line apart.
        return gap <= 1 and not a_terminal and _continues(b) and not _WEAK_START.match(b)
    a_full = len(a) >= _SHORT_LINE * stats.width
    if _WEAK_START.match(b) and (a_terminal or not a_full or _WEAK_START.match(a)):
        return False
    if not a_terminal and (_continues(b) or _UNFINISHED.search(a)):
        return True
    if gap > stats.gap and not across_furniture:
        return False
    return a_full or (not a_terminal and not a_first)


def analyse(text: str) -> Layout:
    """The paragraphs and page furniture of ``text`` (cached: segmenting and viewing share it)."""
    return _analyse(text)


@lru_cache(maxsize=2)  # segment() and normalised_view() of the same text, one after the other
def _analyse(text: str) -> Layout:
    lines = _lines(text)
    rules = {i for i, ln in enumerate(lines) if _is_rule(text, ln)}
    content = [i for i, ln in enumerate(lines) if not ln.blank and i not in rules]
    candidates = _furniture_lines(text, lines) - rules
    body = [i for i in content if i not in candidates]
    wrapped = _is_wrapped(text, lines, body)
    if not wrapped:
        body, candidates = content, set()
    stats = _stats(text, lines, body) if wrapped and body else None

    paragraphs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    previous: int | None = None
    for i in body:
        if previous is not None and current is not None:
            between = range(previous + 1, i)
            gap = sum(1 for k in between if lines[k].blank)
            across = any(k in candidates for k in between)
            ruled = any(k in rules for k in between)
            a = text[lines[previous].cs : lines[previous].ce]
            b = text[lines[i].cs : lines[i].ce]
            a_first = current[0] == lines[previous].cs
            if not ruled and _join(a, b, gap, across, wrapped, stats, a_first):
                current = (current[0], lines[i].ce)
                previous = i
                continue
            paragraphs.append(current)
        current = (lines[i].cs, lines[i].ce)
        previous = i
    if current is not None:
        paragraphs.append(current)
    furniture = tuple((lines[i].cs, lines[i].ce) for i in sorted(candidates))
    return Layout(paragraphs=tuple(paragraphs), furniture=furniture, wrapped=wrapped)
