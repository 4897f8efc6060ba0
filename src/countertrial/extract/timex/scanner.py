"""The scanner: run the pattern table over raw text, keep the longest non-overlapping candidates,
combine them, and resolve each against a running context.

The context starts from the caller's ``anchor`` / ``default_year`` and is then updated by every
expression resolved in the text, left to right: in "On May 5, 1932 he arrived; two days later he left"
the second expression counts from the first. A year-less "December 3rd" takes the year of the latest
expression seen (or ``default_year``, or the anchor's year). Only when none of these exists does it
look ahead, to a dated expression close after it in the same sentence ("on 5 May and on 9 May 1935").

Speed matters (every sentence of a corpus goes through here), so each pattern has a *gate*, a cheap
test of the text that every match needs, and month-based patterns are only searched near month names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from countertrial.extract.timex.atoms import ABSOLUTE_PATTERNS, Atom, Context, Resolved
from countertrial.extract.timex.combine import combine
from countertrial.extract.timex.lexicon import MONTH_FAST
from countertrial.extract.timex.relative import RELATIVE_PATTERNS
from countertrial.model.time import TimeWindow

# ---- gates: cheap tests that decide which patterns can match at all --------------------------------
#
# Most sentences of a corpus hold no temporal expression, and most of those that do hold one kind. A
# gate is a test on the text (or its lower-case form) that every match of a pattern needs; a pattern
# whose gate fails is not run. This keeps the scanner fast without weakening any pattern.

_FOUR_DIGITS = re.compile(r"\d{4}")
_MONTH_TOKEN = re.compile(MONTH_FAST)
_SEASON_WORDS = ("spring", "summer", "autumn", "fall", "winter")


class _Probe:
    """Lazily computed facts about one text, shared by the gates."""

    def __init__(self, text: str):
        self.text, self.low = text, text.lower()
        self._digits4: bool | None = None
        self._month: bool | None = None

    @property
    def month(self) -> bool:
        """A month name as the patterns spell it (case-sensitive), not just "may" or "mar" inside words."""
        if self._month is None:
            self.month_windows = _month_windows(self.text)
            self._month = bool(self.month_windows)
        return self._month

    @property
    def digits4(self) -> bool:
        if self._digits4 is None:
            self._digits4 = _FOUR_DIGITS.search(self.text) is not None
        return self._digits4

    def has(self, *words: str) -> bool:
        return any(map(self.low.__contains__, words))


_BEFORE_MONTH, _AFTER_MONTH = 48, 48


def _month_windows(text: str) -> list[tuple[int, int]]:
    """Merged windows around month tokens, in which the month-based patterns are searched.

    A window ends at whitespace (or the end of the text), so the patterns' closing look-aheads
    ("no further digit") see the same character they would see in the whole text.
    """
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in _MONTH_TOKEN.finditer(text):
        lo, hi = max(0, m.start() - _BEFORE_MONTH), min(n, m.end() + _AFTER_MONTH)
        while hi < n and not text[hi].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _windowed(rx: re.Pattern[str], text: str, windows: list[tuple[int, int]]):
    """``rx.finditer`` restricted to the windows (matches are positions in the whole text)."""
    for lo, hi in windows:
        pos = lo
        while pos <= hi and (m := rx.search(text, pos, hi)) is not None:
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1


_GATES = {
    "iso_interval": lambda p: p.digits4 and "-" in p.text and "/" in p.text,
    "iso": lambda p: p.digits4 and "-" in p.text,
    "dotted": lambda p: p.digits4 and "." in p.text,
    "slashed": lambda p: p.digits4 and "/" in p.text,
    "list_days_month": lambda p: p.month,
    "month_list_days": lambda p: p.month,
    "month_days": lambda p: p.month,
    "days_month": lambda p: p.month,
    "month_day": lambda p: p.month,
    "day_month": lambda p: p.month,
    "month_year": lambda p: p.month,
    "month": lambda p: p.month,
    "season": lambda p: p.has(*_SEASON_WORDS),
    "holiday": lambda p: p.has("christmas", "new year", "may day"),
    "decade": lambda p: p.digits4 and p.has("0s", "0's", "0’s"),
    "century": lambda p: "centur" in p.low,
    "year_range": lambda p: p.digits4,
    "year": lambda p: p.digits4,
    "offset": lambda p: p.has("later", "earlier", "after", "before", "previously", "prior", "ago", "back"),
    "the_unit_dir": lambda p: p.has("after", "before"),
    "next_n": lambda p: p.has("next", "following", "previous", "preceding"),
    "next": lambda p: p.has("next", "following", "subsequent", "succeeding", "previous", "preceding", "prior"),
    "same": lambda p: p.has("that", "same", "very"),
    "bare_day": lambda p: p.has("st", "nd", "rd", "th"),
    "bare_day_word": lambda p: "on the " in p.low,
    "later_that": lambda p: p.has("later", "earlier"),
    "of_the_unit": lambda p: p.has("of the year", "of the month"),
    "within": lambda p: "within" in p.low,
    "then": lambda p: "then" in p.low,
    "never": lambda p: p.has("never", "no time", "no other", "no point", "any other time", "any time", "occasion"),
    "duration": lambda p: "for " in p.low,
}

#: Patterns that contain a month name: searched only near month tokens.
_NEAR_MONTH = frozenset(
    {"list_days_month", "month_list_days", "month_days", "days_month", "month_day", "day_month", "month_year", "month"}
)

_PATTERNS = [
    (name, rx, build, i, _GATES[name])
    for i, (name, rx, build) in enumerate(ABSOLUTE_PATTERNS + RELATIVE_PATTERNS)
]


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
    probe = _Probe(text)
    for name, rx, build, order, gate in _PATTERNS:
        if not gate(probe):
            continue
        matches = _windowed(rx, text, probe.month_windows) if name in _NEAR_MONTH else rx.finditer(text)
        for m in matches:
            if m.end() == m.start():
                continue
            built = build(m, text)
            for atom in built if isinstance(built, list) else (built,):
                if atom is not None:
                    atom.order = order
                    out.append(atom)
    return out


def _select(cands: list[Atom]) -> list[Atom]:
    """Longest first; on equal length the earlier, the stronger, then the table's order wins."""
    starts: list[int] = []  # chosen spans, kept sorted by start (they never overlap)
    chosen: list[Atom] = []
    for a in sorted(cands, key=lambda a: (a.start - a.end, a.start, a.weak, a.order)):
        i = bisect.bisect_right(starts, a.start)
        if i > 0 and chosen[i - 1].end > a.start:
            continue
        if i < len(chosen) and chosen[i].start < a.end:
            continue
        starts.insert(i, a.start)
        chosen.insert(i, a)
    return chosen


def scan(text: str, anchor: date | None = None, default_year: int | None = None, *,
         keep_weak: bool = False) -> list[TimeExpression]:
    cands = _candidates(text) if text else []
    if not cands:
        return []
    atoms = combine(_select(cands), text)
    year = default_year if default_year is not None else (anchor.year if anchor else None)
    ref = (anchor, anchor) if anchor else None
    kept: list[tuple[Atom, int, int]] = []
    for a in atoms:
        if a.weak and not keep_weak:
            continue
        # Trim whitespace a combination may have absorbed at its edges.
        s, e = a.start, a.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        kept.append((a, s, e))
    resolved: list[Resolved | None] = []
    for a, _s, _e in kept:
        r = None if a.placeless else a.resolve(Context(year, ref, default_year))
        if r is not None and r.earliest is None and r.latest is None:
            r = None
        if r is not None and r.earliest is not None and r.latest is not None:
            ref, year = (r.earliest, r.latest), r.latest.year
        resolved.append(r)
    if year is None or any(r is None for r in resolved):
        _borrow_forward(text, kept, resolved)
    out = []
    for (a, s, e), r in zip(kept, resolved):
        piece = text[s:e]
        window = None
        if r is not None:
            window = TimeWindow(earliest=r.earliest, latest=r.latest, precision=r.precision, text=piece)
        out.append(TimeExpression(s, e, piece, window, a.kind, bool(r and r.contextual)))
    return out


_SENTENCE_BREAK = re.compile(r"[.!?;:]\s|\n\s*\n")
_BORROW_REACH = 60


def _borrow_forward(text: str, kept: list[tuple[Atom, int, int]], resolved: list[Resolved | None]) -> None:
    """With no year from context, a year-less date takes the year of the next dated expression close
    after it in the same sentence ("he left on 5 May and returned on 9 May 1935"), or the year before
    when it would otherwise fall after that expression ("on 20 December ..., on 5 January 1936")."""
    for i, ((a, _s, e), r) in enumerate(zip(kept, resolved)):
        if r is not None or a.placeless or a.relative or a.year_given:
            continue
        j = next((j for j in range(i + 1, len(kept)) if resolved[j] is not None), None)
        if j is None:
            continue
        nxt, nxt_start = resolved[j], kept[j][1]
        if nxt.contextual or nxt.earliest is None or nxt_start - e > _BORROW_REACH:
            continue
        if _SENTENCE_BREAK.search(text, e, nxt_start):
            continue
        y = nxt.earliest.year
        got = a.resolve(Context(y, None))
        if got is not None and got.earliest is not None and nxt.latest is not None and got.earliest > nxt.latest:
            got = a.resolve(Context(y - 1, None))
        if got is not None:
            resolved[i] = Resolved(got.earliest, got.latest, got.precision, True)


def find_time_expressions(
    text: str, anchor: date | None = None, default_year: int | None = None
) -> list[TimeExpression]:
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
