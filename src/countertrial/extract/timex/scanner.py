"""The scanner: run the pattern table over raw text, keep the longest non-overlapping candidates,
combine them, and resolve each against a running context.

The context starts from the caller's ``anchor`` / ``default_year`` and is then updated by every
expression resolved in the text, left to right: in "On May 5, 1932 he arrived; two days later he left"
the second expression counts from the first. A year-less "December 3rd" takes the year of the latest
expression seen (or ``default_year``, or the anchor's year); year-less dates are never guessed across a
year boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from countertrial.extract.timex.atoms import ABSOLUTE_PATTERNS, Atom, Context
from countertrial.extract.timex.combine import combine
from countertrial.extract.timex.relative import RELATIVE_PATTERNS
from countertrial.model.time import TimeWindow

_PATTERNS = [(name, rx, build, i) for i, (name, rx, build) in enumerate(ABSOLUTE_PATTERNS + RELATIVE_PATTERNS)]

#: Cheap first test: text without a digit or a time word cannot hold an expression.
_TRIGGER = re.compile(
    r"\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter|day|week|"
    r"month|year|never|time|morning|evening|night|noon|then|centur|occasion|point|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|teenth|tieth)"
)


@dataclass(frozen=True)
class TimeExpression:
    """A temporal expression found in a text.

    ``window`` is ``None`` when the expression does not place anything on the calendar: "never",
    a duration ("for two weeks"), an offset from an event or from the moment of speaking ("a few days
    before the trial", "eight years ago"), or a year-less / relative expression for which neither the
    text nor the caller supplied a year or a reference.
    """

    start: int
    end: int
    text: str
    window: TimeWindow | None
    kind: str
    anchored: bool


def _candidates(text: str) -> list[Atom]:
    out: list[Atom] = []
    for _name, rx, build, order in _PATTERNS:
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            atom = build(m, text)
            if atom is not None:
                atom.order = order  # type: ignore[attr-defined]
                out.append(atom)
    return out


def _select(cands: list[Atom]) -> list[Atom]:
    """Longest first; on equal length the earlier, the stronger, then the table's order wins."""
    chosen: list[Atom] = []
    for a in sorted(cands, key=lambda a: (a.start - a.end, a.start, a.weak, a.order)):  # type: ignore[attr-defined]
        if all(a.end <= c.start or a.start >= c.end for c in chosen):
            chosen.append(a)
    chosen.sort(key=lambda a: a.start)
    return chosen


def scan(text: str, anchor: date | None = None, default_year: int | None = None, *,
         keep_weak: bool = False) -> list[TimeExpression]:
    if not text or not _TRIGGER.search(text):
        return []
    atoms = combine(_select(_candidates(text)), text)
    year = default_year if default_year is not None else (anchor.year if anchor else None)
    ref = (anchor, anchor) if anchor else None
    out: list[TimeExpression] = []
    for a in atoms:
        if a.weak and not keep_weak:
            continue
        # Trim whitespace a combination may have absorbed at its edges.
        s, e = a.start, a.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        piece = text[s:e]
        window, anchored = None, False
        if not a.placeless:
            r = a.resolve(Context(year, ref))
            if r is not None and not (r.earliest is None and r.latest is None):
                window = TimeWindow(earliest=r.earliest, latest=r.latest, precision=r.precision, text=piece)
                anchored = r.contextual
                if r.earliest is not None and r.latest is not None:
                    ref, year = (r.earliest, r.latest), r.latest.year
        out.append(TimeExpression(s, e, piece, window, a.kind, anchored))
    return out


def find_time_expressions(text: str, anchor: date | None = None, default_year: int | None = None) -> list[TimeExpression]:
    """All temporal expressions in ``text``, in order, non-overlapping, each the longest reading.

    ``anchor`` is the most recent absolute date known from context (for "two days later"),
    ``default_year`` the year to assume for "November 23" (for example the document's year).
    """
    return scan(text, anchor, default_year)


_LEAD = re.compile(r"\s*(?:(?i:in|on|at|during|throughout|around|about|circa|ca\.|c\.)\s+)?")
_TRAIL = re.compile(r"[\s.,;:!?]*$")


def parse_time(expression: str, anchor: date | None = None, default_year: int | None = None) -> TimeWindow | None:
    """The window of a single expression ("the fall of 1932", "1936-10", "May"), or ``None`` when the
    input is not exactly one expression (leading "in/on/during" and trailing punctuation are allowed)
    or cannot be placed (for example "never")."""
    found = scan(expression, anchor, default_year, keep_weak=True)
    lo = _LEAD.match(expression).end()
    hi = _TRAIL.search(expression, lo).start()
    whole = [x for x in found if x.start <= lo and x.end >= hi]
    if len(whole) == 1 and len(found) == 1:
        return whole[0].window
    return None
