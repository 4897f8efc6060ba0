"""Atomic temporal expressions: the smallest spans that name a period on their own.

An :class:`Atom` is a candidate span plus a *resolver*: a function from the context (the year to
assume, the reference window for relative expressions) to a window. Resolution is deferred because a
year-less "May 11" borrows its year from its neighbour in "from May 11 to July 14, 1931", or from the
context. Combinations (parts, ranges, open intervals) are built from atoms in :mod:`.combine`.

Each pattern in :data:`ABSOLUTE_PATTERNS` is a compiled regex and a builder that validates the match
(real calendar day, a cue for a bare year, ...) and returns an atom or ``None``. Table-driven so a new
form is one row, and every regex is compiled once at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

from countertrial.extract.timex import windows as W
from countertrial.extract.timex.lexicon import (
    DASH,
    MONTH,
    ROMAN,
    ROMAN_MONTHS,
    SEASON,
    WEEKDAY,
    YEAR,
    YEAR_REF,
    DAY_ORDINAL_WORD,
    DAY_ORDINALS,
    day_group,
    day_number,
    month_number,
    normalize_words,
    year_group,
)


@dataclass(frozen=True)
class Context:
    """What a resolver may use: the year for year-less dates and the window "now" refers to."""

    year: int | None = None
    ref: W.Span | None = None
    default_year: int | None = None  # the caller's own year, for "this year"


@dataclass(frozen=True)
class Resolved:
    earliest: date | None
    latest: date | None
    precision: str
    contextual: bool  # True when the window depends on the context, not the text alone


Resolver = Callable[[Context], "Resolved | None"]


@dataclass
class Atom:
    """A candidate expression. ``weak`` atoms (a bare "May", a bare "1932") only survive when a
    combination (range, part, open interval) or the whole-input mode of ``parse_time`` vouches for them."""

    start: int
    end: int
    kind: str
    resolve: Resolver
    base: str | None = None  # unit a part can be taken of: month, year, season, decade, century
    weak: bool = False
    bare_month: bool = False
    relative: bool = False  # depends on the reference window
    placeless: bool = False  # never / durations / offsets from an unknown reference: no window
    year_given: bool = True  # False when the year must come from context or a neighbour
    offset: Callable[[W.Span], tuple] | None = None  # for "two years before": shifts a reference window
    order: int = 0  # position of the pattern in the table: breaks ties between equally long candidates


# ---- resolvers ------------------------------------------------------------------------------------

def fixed(span: W.Span, precision: str) -> Resolver:
    res = Resolved(span[0], span[1], precision, False)
    return lambda ctx: res


def year_ref_offset(text: str) -> int:
    t = text.lower()
    if re.search(r"following|next|subsequent|succeeding", t):
        return 1
    if re.search(r"previous|preceding|prior", t):
        return -1
    return 0


def context_year(ctx: Context, offset: int = 0, *, prefer_ref: bool = False) -> int | None:
    """The year a year-less expression means: ``ctx.year`` (default year or the latest year seen),
    or, for "that year" style references, the reference window's year."""
    if prefer_ref and ctx.ref is not None:
        return ctx.ref[0].year + offset
    if ctx.year is not None:
        return ctx.year + offset
    if ctx.ref is not None:
        return ctx.ref[0].year + offset
    return None


def by_year(make: Callable[[int], W.Span], precision: str, year: int | None, yref: str | None) -> Resolver | None:
    """Resolver for something that needs a year: explicit (validated now), a reference, or context."""
    if year is not None:
        try:
            span = make(year)
        except (ValueError, OverflowError):
            return None
        return fixed(span, precision)
    offset = year_ref_offset(yref) if yref else 0
    # "that year" points back into the narrative; "this year" is the writer's own year (default_year).
    prefer_ref = yref is not None and not yref.lower().startswith(("this", "last", "next"))

    this = yref is not None and yref.lower().startswith("this")
    # "last year", "next year" (no article): counted from the writer's own year, like "this year"
    deictic = {"last": -1, "next": 1}.get(yref.lower().split()[0], None) if yref is not None else None

    def resolve(ctx: Context) -> Resolved | None:
        if this and ctx.default_year is not None:
            y = ctx.default_year
        elif deictic is not None and ctx.default_year is not None:
            y = ctx.default_year + deictic
        else:
            y = context_year(ctx, offset, prefer_ref=prefer_ref)
        if y is None:
            return None
        try:
            a, b = make(y)
        except (ValueError, OverflowError):
            return None
        return Resolved(a, b, precision, True)

    return resolve


# ---- cues and stop-lists ---------------------------------------------------------------------------

_I = re.IGNORECASE
#: Words that make a bare year a year: "in 1931", "since 1927", "(1932)", "mid-1932".
_YEAR_CUE = re.compile(
    r"(?:\b(?:in|of|since|until|till|til|by|from|to|after|before|during|between|through|throughout|circa|"
    r"ca\.|c\.|around|about|approximately|and|or|than|year|years|early|late|mid|as\s+of|up\s+to|born|died|"
    r"spring|summer|autumn|fall|winter)\s*|\b(?:mid|pre|post)\s*" + DASH + r"\s*|\(\s*)$",
    _I,
)
#: A number after these is an identifier, not a year: "No. 1932", "p. 1931", "f. 17, op. 3, d. 1932".
_NUMBER_PREFIX = re.compile(
    r"(?:\b(?:no|nos|nr|num|number|p|pp|page|pages|vol|vols|volume|art|article|articles|section|sections|"
    r"chapter|ch|fig|figure|table|item|items|line|lines|col|column|para|paragraph|f|op|d|l|ll|fond|opis|"
    r"delo|file|files|folio|sheet|room|tel|telephone|code|order|decree|issue|case|cases|footnote|note|notes|"
    r"exhibit|doc|document|protocol)\.?|[#§$£€№])\s*$",
    _I,
)
#: A number followed by a unit or a counted noun is a quantity: "1500 men", "1932 rubles", "1931 %".
_QUANTITY_SUFFIX = re.compile(
    r"\s*(?:%|per\s*cent\b|percent\b|(?:rubles?|roubles?|dollars?|marks|francs?|pounds?|kopecks?|copies|"
    r"people|persons|men|women|members|workers|peasants|defendants|accused|cases|pages|words|km|kilometres?|"
    r"kilometers?|miles?|metres?|meters?|feet|tons?|tonnes?|hours?|minutes?|seconds?|days|weeks|months|"
    r"votes|troops|soldiers|prisoners|delegates|signatures|letters|items|documents|questions|names|"
    r"inhabitants|individuals|households|families|calories|volts|horsepower|hp)\b)",
    _I,
)
_MONTH_CUE = re.compile(
    r"(?:\b(?:in|during|since|until|till|from|through|throughout|of|before|after|between|early|late|mid|"
    r"middle|than|month\s+of)\s*|\bmid\s*" + DASH + r"\s*)$",
    _I,
)
#: "May" and "March" are verbs: fewer cues count for them ("after May" may be a person's name).
_STRICT_MONTH_CUE = re.compile(
    r"(?:\b(?:in|during|since|until|till|of|early|late|mid|middle|month\s+of)\s*|\bmid\s*" + DASH + r"\s*)$", _I
)
_SEASON_CUE = re.compile(
    r"\b(?:in|during|since|until|till|through|throughout|over|early|late|mid|all|by|that|this)\s*"
    r"(?:" + DASH + r"\s*)?$",
    _I,
)


def preceded_by(pattern: re.Pattern[str], text: str, start: int, window: int = 30) -> bool:
    return pattern.search(text, max(0, start - window), start) is not None


def followed_by_quantity(text: str, end: int) -> bool:
    return _QUANTITY_SUFFIX.match(text, end) is not None


def year_like_number_ok(text: str, start: int, end: int) -> bool:
    """A number in the year range is not a page, item number, sum or count."""
    return not preceded_by(_NUMBER_PREFIX, text, start, 14) and not followed_by_quantity(text, end)


# ---- patterns ----------------------------------------------------------------------------------------

_WD = rf"(?:(?P<wd>{WEEKDAY}),?\s+(?:[Tt]he\s+)?)?"
_YEAR_TAIL = rf"(?:,?\s+(?:of\s+)?{year_group('y')})"
_NOT_MORE_DIGITS = r"(?!\d)(?!:\d)"


def _year_of(m: re.Match[str], g: str = "y") -> int | None:
    v = m.groupdict().get(g)
    return int(v) if v else None


def _yref_of(m: re.Match[str], g: str = "yref") -> str | None:
    return m.groupdict().get(g)


def _day(m: re.Match[str], g: str) -> int:
    return day_number(m.group(g), m.group(g + "w"))


def _atom(m: re.Match[str], kind: str, resolver: Resolver | None, **kw) -> Atom | None:
    if resolver is None:
        return None
    return Atom(m.start(), m.end(), kind, resolver, **kw)


def _trim_year_quantity(m: re.Match[str], text: str) -> bool:
    """True when the year at the end of the match is really a count ("In May 1500 men ...")."""
    return m.groupdict().get("y") is not None and m.end("y") == m.end() and followed_by_quantity(text, m.end())


def _undotted_abbreviation(token: str) -> bool:
    """ "Jan", "Jun", "Mar" without a dot are also names or words ("Jan van Heijenoort"); "Jan." is not."""
    return not token.endswith(".") and token.lower() in ("jan", "jun", "mar")


_MAX_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _day_fits(month: int, d: int) -> bool:
    """Reject "April 31" even before a year is known (February 29 waits for the year)."""
    return 1 <= d <= _MAX_DAYS[month - 1]


# Month-day(-year): "November 23, 1932", "Nov. 23", "December 3rd", "June the first", "Monday, May 2".
_MDY = re.compile(rf"{_WD}(?P<mon>{MONTH})\s+(?P<the>[Tt]he\s+)?{day_group('d')}{_YEAR_TAIL}?{_NOT_MORE_DIGITS}")


def _build_mdy(m: re.Match[str], text: str) -> Atom | None:
    if _trim_year_quantity(m, text):
        return None
    if m.group("dw") and not (m.group("the") or m.group("y") or m.group("yref")):
        return None  # "June first met him" is not a date; "June the first" is
    mon, d = month_number(m.group("mon")), _day(m, "d")
    if not _day_fits(mon, d):
        return None
    y, yref = _year_of(m), _yref_of(m)
    r = by_year(lambda yy: W.day(yy, mon, d), "day", y, yref)
    return _with_weekday_alternative(m, _atom(m, "date", r, base="day", year_given=y is not None or yref is not None))


def _with_weekday_alternative(m: re.Match[str], atom: Atom | None):
    """ "Sunday, December 4": also offer the date without the weekday, so that "the following Sunday,
    December 4" can keep both expressions."""
    if atom is None or not m.group("wd"):
        return atom
    if m.re is _MDY:
        rest = m.start("mon")
    else:  # day first: "Sunday, the 4th of December"
        rest = next(m.start(g) for g in ("the", "dw", "d") if m.group(g))
    alt = Atom(rest, atom.end, atom.kind, atom.resolve, base=atom.base, year_given=atom.year_given)
    return [atom, alt]


# Day-month(-year): "23 November 1932", "the 3rd of December", "the first of December", "3 Dec. 1932".
_DMY = re.compile(
    rf"{_WD}(?P<the>[Tt]he\s+)?"
    rf"(?:(?<![\d.,])(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th|d)?\s+(?:day\s+)?(?:of\s+)?"
    rf"|(?P<dw>(?i:{DAY_ORDINAL_WORD}))\s+(?:day\s+)?of\s+)"
    rf"(?P<mon>{MONTH})(?!['’]s\b){_YEAR_TAIL}?{_NOT_MORE_DIGITS}"
)


def _build_dmy(m: re.Match[str], text: str) -> Atom | None:
    if _trim_year_quantity(m, text):
        return None
    if _undotted_abbreviation(m.group("mon")) and not (m.group("y") or m.group("yref")):
        return None
    if m.group("d") and not m.group("the") and preceded_by(_NUMBER_PREFIX, text, m.start(), 14):
        return None
    mon, d = month_number(m.group("mon")), _day(m, "d")
    if not _day_fits(mon, d):
        return None
    y, yref = _year_of(m), _yref_of(m)
    r = by_year(lambda yy: W.day(yy, mon, d), "day", y, yref)
    return _with_weekday_alternative(m, _atom(m, "date", r, base="day", year_given=y is not None or yref is not None))


_DAYS_CONN = rf"\s*(?:{DASH}|(?i:to|through|till|until|and|or)\b|&|/)\s*"

# Day ranges inside one month: "November 23-25, 1932", "January 15 and 16", "August 19 to 24".
_MDDY = re.compile(
    rf"{_WD}(?P<mon>{MONTH})\s+(?:[Tt]he\s+)?{day_group('d1')}{_DAYS_CONN}(?:[Tt]he\s+)?{day_group('d2')}"
    rf"{_YEAR_TAIL}?{_NOT_MORE_DIGITS}"
)
# "23-25 November 1932", "the 23rd to the 25th of November", "15 and 16 January".
_DDMY = re.compile(
    rf"(?:[Tt]he\s+)?{day_group('d1')}{_DAYS_CONN}(?:[Tt]he\s+)?{day_group('d2')}\s+(?:of\s+)?"
    rf"(?P<mon>{MONTH}){_YEAR_TAIL}?{_NOT_MORE_DIGITS}"
)


def _build_day_range(m: re.Match[str], text: str) -> Atom | None:
    if _trim_year_quantity(m, text):
        return None
    if preceded_by(_NUMBER_PREFIX, text, m.start(), 14):
        return None
    mon, d1, d2 = month_number(m.group("mon")), _day(m, "d1"), _day(m, "d2")
    if d2 <= d1 or not _day_fits(mon, d2):
        return None
    y, yref = _year_of(m), _yref_of(m)

    def make(yy: int) -> W.Span:
        return W.day(yy, mon, d1)[0], W.day(yy, mon, d2)[0]

    r = by_year(make, "days", y, yref)
    return _atom(m, "range", r, year_given=y is not None or yref is not None)


# Lists of days in one month: "the 23rd, 24th and 25th of November", "December 6, 12 and 18, 1934".
# The window spans the first to the last day listed (the writer names days inside it).
_DAY = r"(?<![\d.,])(?:3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th|d)?\b"
_DAY_LIST = rf"{_DAY}(?:\s*,\s*(?:[Tt]he\s+)?{_DAY})+\s*,?\s*(?:and|&)\s*(?:[Tt]he\s+)?{_DAY}"
_LIST_DAYS_MONTH = re.compile(
    rf"(?:[Tt]he\s+)?(?P<days>{_DAY_LIST})\s+(?:of\s+)?(?P<mon>{MONTH}){_YEAR_TAIL}?{_NOT_MORE_DIGITS}"
)
_MONTH_LIST_DAYS = re.compile(rf"(?P<mon>{MONTH})\s+(?:[Tt]he\s+)?(?P<days>{_DAY_LIST}){_YEAR_TAIL}?{_NOT_MORE_DIGITS}")


def _build_day_list(m: re.Match[str], text: str) -> Atom | None:
    if _trim_year_quantity(m, text):
        return None
    mon = month_number(m.group("mon"))
    days = [int(d) for d in re.findall(r"\d+", m.group("days"))]
    if days != sorted(set(days)) or not _day_fits(mon, days[-1]):
        return None
    y, yref = _year_of(m), _yref_of(m)
    r = by_year(lambda yy: (W.day(yy, mon, days[0])[0], W.day(yy, mon, days[-1])[0]), "days", y, yref)
    return _atom(m, "dates", r, year_given=y is not None or yref is not None)


# "November 1932", "November of 1932", "December, 1932", "February of that year".
_MONTH_YEAR = re.compile(rf"(?P<mon>{MONTH})(?:,\s*|\s+)(?:of\s+)?{year_group('y')}(?!\d)(?!:\d)")


def _build_month_year(m: re.Match[str], text: str) -> Atom | None:
    if _trim_year_quantity(m, text):
        return None
    mon = month_number(m.group("mon"))
    y, yref = _year_of(m), _yref_of(m)
    r = by_year(lambda yy: W.month_span(yy, mon), "month", y, yref)
    return _atom(m, "month", r, base="month")


# A month on its own: weak unless a cue ("in November", "until May") vouches for it.
_MONTH_BARE = re.compile(rf"(?P<mon>{MONTH})(?!['’]s\b)(?!\s*{DASH}?\s*\d)")


def _build_month_bare(m: re.Match[str], text: str) -> Atom | None:
    name = m.group("mon").rstrip(".").lower()
    cue = _STRICT_MONTH_CUE if name in ("may", "march", "mar") else _MONTH_CUE
    mon = month_number(name)
    r = by_year(lambda yy: W.month_span(yy, mon), "month", None, None)
    weak = _undotted_abbreviation(m.group("mon")) or not preceded_by(cue, text, m.start())
    return _atom(m, "month", r, base="month", weak=weak, bare_month=True, year_given=False)


# ISO forms: "1932-11-23", and intervals "1931-05-11/1931-07-14" (the manifest's format).
_ISO = re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])")
_ISO_INTERVAL = re.compile(
    r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})/(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})(?![\d-])"
)


def _build_iso(m: re.Match[str], text: str) -> Atom | None:
    try:
        span = W.day(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return _atom(m, "date", fixed(span, "day"), base="day")


def _build_iso_interval(m: re.Match[str], text: str) -> Atom | None:
    try:
        a = date(int(m["y"]), int(m["m"]), int(m["d"]))
        b = date(int(m["y2"]), int(m["m2"]), int(m["d2"]))
    except ValueError:
        return None
    if b < a:
        return None
    return _atom(m, "range", fixed((a, b), "days"))


# Numeric day-first: "23.11.1932", "23. 11. 1932", "23.XI.1932"; slashed "23/11/1932".
_DOTTED = re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}}|{ROMAN})\.\s?(?P<y>\d{{4}})(?!\d)(?!\.\d)")
_SLASHED = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\d/])")


def _build_dotted(m: re.Match[str], text: str) -> Atom | None:
    mon = ROMAN_MONTHS.get(m["m"]) or int(m["m"])
    try:
        span = W.day(int(m["y"]), mon, int(m["d"]))
    except ValueError:
        return None
    return _atom(m, "date", fixed(span, "day"), base="day")


def _build_slashed(m: re.Match[str], text: str) -> Atom | None:
    """Day-first and month-first readings; when both are valid and differ, the window spans both."""
    y, a, b = int(m["y"]), int(m["a"]), int(m["b"])
    readings = []
    for mon, d in ((b, a), (a, b)):
        try:
            readings.append(date(y, mon, d))
        except ValueError:
            pass
    if not readings:
        return None
    lo, hi = min(readings), max(readings)
    return _atom(m, "date", fixed((lo, hi), "day" if lo == hi else "days"), base="day" if lo == hi else None)


# Years and year ranges: "1931", "the year 1931", "1931-33", "1993-4", "(1883-1936)", "the years 1931-1933".
_YEAR_RANGE = re.compile(
    rf"(?=[Tt12])(?P<pre>[Tt]he\s+years?\s+)?(?P<y>{YEAR})(?P<sep>\s*{DASH}\s*|/)"
    rf"(?P<y2>\d{{4}}|\d{{1,2}})(?!\d)(?!{DASH}\d)"
)


def _build_year_range(m: re.Match[str], text: str) -> Atom | None:
    y1, tail, sep = int(m["y"]), m["y2"], m["sep"]
    if not m["pre"] and not year_like_number_ok(text, m.start(), m.end()):
        return None
    if len(tail) == 4:
        y2 = int(tail)
    else:
        base = 10 ** len(tail)
        y2 = y1 - y1 % base + int(tail)
    if y2 <= y1:
        if len(tail) == 2 and sep == "-" and 1 <= int(tail) <= 12:  # ISO month "1936-10"
            return _atom(m, "month", fixed(W.month_span(y1, int(tail)), "month"), base="month")
        return None
    if y2 - y1 > 100:
        return None
    return _atom(m, "range", fixed((date(y1, 1, 1), date(y2, 12, 31)), "years"))


_YEAR = re.compile(rf"(?=[12])(?P<y>{YEAR})(?!\s*{DASH}\s*\d)(?!['’]?s\b)")
_THE_YEAR_BEFORE = re.compile(r"\b[Tt]he\s+years?\s+$")


#: A year opening a sentence and followed by a comma or a verb of time: "1932, however, ...", "1917 saw ...".
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)$")
_YEAR_SUBJECT = re.compile(r"(?:\s*,|\s+(?:was|were|saw|brought|began|ended|marked|opened|closed)\b)")


def _build_year(m: re.Match[str], text: str) -> Atom | None:
    if not year_like_number_ok(text, m.start("y"), m.end()):
        return None
    pre = _THE_YEAR_BEFORE.search(text, max(0, m.start() - 20), m.start())  # "the year 1932"
    strong = (
        pre is not None
        or preceded_by(_YEAR_CUE, text, m.start())
        or (preceded_by(_SENTENCE_START, text, m.start(), 4) and _YEAR_SUBJECT.match(text, m.end()) is not None)
    )
    atom = _atom(m, "year", fixed(W.year_span(int(m["y"])), "year"), base="year", weak=not strong)
    if pre is not None:
        atom.start = pre.start()
    return atom


# Decades and centuries: "the 1920s", "1930's", "the 19th century", "the twentieth century".
_DECADE = re.compile(r"(?=[Tt12])(?P<the>[Tt]he\s+)?(?<![\d$£€])(?P<dec>1\d{2}0|20\d0)['’]?s\b")
_CENTURY = re.compile(
    rf"(?:[Tt]he\s+)?(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>(?i:{DAY_ORDINAL_WORD})))\s+(?i:century)\b"
)


def _build_decade(m: re.Match[str], text: str) -> Atom | None:
    return _atom(m, "decade", fixed(W.decade_span(int(m["dec"])), "decade"), base="decade")


def _build_century(m: re.Match[str], text: str) -> Atom | None:
    n = int(m["n"]) if m["n"] else DAY_ORDINALS[normalize_words(m["w"])]
    if not 1 <= n <= 22:
        return None
    return _atom(m, "century", fixed(W.century_span(n), "years"), base="century")


# Seasons: "the fall of 1932", "summer 1934", "the winter of 1921-22", "the autumn of that year", "spring".
_SEASON_RE = re.compile(
    rf"(?P<the>[Tt]he\s+)?(?P<s>\b{SEASON})\b(?!{DASH})"
    rf"(?:(?:\s+of|,)?\s+(?:(?P<y>{YEAR})(?:\s*(?:{DASH}|/)\s*(?P<y2>\d{{4}}|\d{{2}})(?!\d))?|(?P<yref>{YEAR_REF})))?"
)


def _season_pair(y: int, tail: str | None) -> int | None:
    if tail is None:
        return None
    y2 = int(tail) if len(tail) == 4 else y - y % 100 + int(tail)
    return y2 if y2 > y else None


def _build_season(m: re.Match[str], text: str) -> Atom | None:
    season = m["s"].lower()
    y, yref = _year_of(m), _yref_of(m)
    if y is not None and followed_by_quantity(text, m.end()):
        return None
    if y is None and yref is None:
        # "the fall of France", "spring from", "a summer house": a season needs a year or a cue.
        if re.match(r"\s+of\b", text[m.end():m.end() + 5]):
            return None
        # "the summer" is a season; "the spring" / "the fall" may be water or a collapse: they need a cue.
        unambiguous = m["the"] and season in ("summer", "winter", "autumn")
        weak = not unambiguous and not preceded_by(_SEASON_CUE, text, m.start())
        return _atom(m, "season", by_year(lambda yy: W.season_span(yy, season), "season", None, None),
                     base="season", weak=weak, year_given=False)
    if y is not None:
        y2 = _season_pair(y, m["y2"])
        if m["y2"] and y2 is None:
            return None
        if y2 is not None and not (season == "winter" and y2 == y + 1):
            span = (W.season_span(y, season)[0], W.season_span(y2, season)[1])
            return _atom(m, "range", fixed(span, "season"))
    return _atom(m, "season", by_year(lambda yy: W.season_span(yy, season), "season", y, yref), base="season")


# Fixed-date holidays: "Christmas Day 1932", "on New Year's Eve", "May Day 1937".
_HOLIDAYS = {"christmas": (12, 24, 26), "christmas day": (12, 25, 25), "christmas eve": (12, 24, 24),
             "new year's day": (1, 1, 1), "new year's eve": (12, 31, 31), "may day": (5, 1, 1)}
_HOLIDAY = re.compile(
    rf"(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve)|May\s+Day)\b"
    rf"(?:,?\s+(?:of\s+)?{year_group('y')}(?!\d))?"
)
_HOLIDAY_CUE = re.compile(r"\b(?:in|on|at|over|before|after|until|till|since|by|of|during)\s+$", re.I)


def _build_holiday(m: re.Match[str], text: str) -> Atom | None:
    mon, d1, d2 = _HOLIDAYS[normalize_words(m["h"]).replace("’", "'")]
    y, yref = _year_of(m), _yref_of(m)
    r = by_year(lambda yy: (date(yy, mon, d1), date(yy, mon, d2)), "day" if d1 == d2 else "days", y, yref)
    weak = y is None and yref is None and not preceded_by(_HOLIDAY_CUE, text, m.start())
    return _atom(m, "date", r, base="day" if d1 == d2 else None, weak=weak,
                 year_given=y is not None or yref is not None)


#: The table: most specific first (ties on length are broken by this order).
ABSOLUTE_PATTERNS: list[tuple[str, re.Pattern[str], Callable[[re.Match[str], str], Atom | None]]] = [
    ("iso_interval", _ISO_INTERVAL, _build_iso_interval),
    ("iso", _ISO, _build_iso),
    ("dotted", _DOTTED, _build_dotted),
    ("slashed", _SLASHED, _build_slashed),
    ("list_days_month", _LIST_DAYS_MONTH, _build_day_list),
    ("month_list_days", _MONTH_LIST_DAYS, _build_day_list),
    ("month_days", _MDDY, _build_day_range),
    ("days_month", _DDMY, _build_day_range),
    ("month_day", _MDY, _build_mdy),
    ("day_month", _DMY, _build_dmy),
    ("month_year", _MONTH_YEAR, _build_month_year),
    ("holiday", _HOLIDAY, _build_holiday),
    ("season", _SEASON_RE, _build_season),
    ("decade", _DECADE, _build_decade),
    ("century", _CENTURY, _build_century),
    ("year_range", _YEAR_RANGE, _build_year_range),
    ("year", _YEAR, _build_year),
    ("month", _MONTH_BARE, _build_month_bare),
]
