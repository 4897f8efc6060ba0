"""Calendar arithmetic that turns a named period into an inclusive window of days.

The conventions (also stated in the package docstring) are chosen so that a window always *contains*
what a careful writer could have meant: a window that is too narrow manufactures contradictions, one
that is a little too wide merely misses some. All functions return ``(earliest, latest)`` pairs of
:class:`datetime.date` and raise ``ValueError``/``OverflowError`` on impossible input, which the
scanner treats as "not a time expression".
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

Span = tuple[date, date]

#: Seasons, northern hemisphere, meteorological: (first month, number of months). Winter starts in
#: December of the year it is named after: "the winter of 1932" is Dec 1932 - Feb 1933.
SEASON_MONTHS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

#: Order of precisions from finest to coarsest, used to describe combined windows.
PRECISION_RANK = {
    p: i
    for i, p in enumerate(
        ["day", "days", "week", "part_of_month", "month", "season", "part_of_year", "year", "years", "decade", "open"]
    )
}


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def day(year: int, month: int, d: int) -> Span:
    x = date(year, month, d)
    return x, x


def month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, last_day(year, month))


def year_span(year: int) -> Span:
    return date(year, 1, 1), date(year, 12, 31)


def add_months(d: date, months: int) -> date:
    """Shift by whole months, clamping the day ("Jan 31 + 1 month" is Feb 28/29)."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, last_day(y, m)))


def months_span(year: int, first_month: int, count: int) -> Span:
    """``count`` whole calendar months starting with ``first_month`` of ``year`` (may cross a year)."""
    start = date(year, first_month, 1)
    end = add_months(start, count - 1)
    return start, date(end.year, end.month, last_day(end.year, end.month))


def season_span(year: int, season: str) -> Span:
    return months_span(year, SEASON_MONTHS[season.lower()], 3)


def decade_span(first_year: int) -> Span:
    return date(first_year, 1, 1), date(first_year + 9, 12, 31)


def century_span(number: int) -> Span:
    """The popular convention: the 19th century is 1800-1899."""
    first = (number - 1) * 100
    return date(max(first, 1), 1, 1), date(first + 99, 12, 31)


def season_containing(d: date) -> tuple[int, str]:
    """The (year, season) a day falls in; January and February belong to the previous year's winter."""
    if d.month in (12, 1, 2):
        return (d.year if d.month == 12 else d.year - 1), "winter"
    return d.year, {3: "spring", 6: "summer", 9: "autumn"}[(d.month - 3) // 3 * 3 + 3]


# ---- parts of a period ---------------------------------------------------------------------------
#
# A part is named by a key such as "early", "middle", "late", "first_half", "q2", "first_days",
# "week3", "last_week", "first_weeks", "first_months". What a part means depends on the unit of the
# period it is applied to (its "base"): a month is split by days, a year and a season by months, a
# decade and a century by years.

def _thirds_by_month(s: Span, part: str) -> Span:
    """Split a span of whole months into thirds by month (year: Jan-Apr / May-Aug / Sep-Dec)."""
    start, end = s
    n = (end.year - start.year) * 12 + end.month - start.month + 1
    third = max(n // 3, 1)
    i = {"early": 0, "middle": 1, "late": 2}[part]
    count = third if i < 2 else n - 2 * third
    m = add_months(start, i * third)
    return months_span(m.year, m.month, count)


def _halves_by_month(s: Span, part: str) -> Span:
    start, end = s
    n = (end.year - start.year) * 12 + end.month - start.month + 1
    if n < 2:
        return _halves_by_day(s, part)
    h = n // 2
    if part == "first_half":
        return months_span(start.year, start.month, h)
    m = add_months(start, h)
    return months_span(m.year, m.month, n - h)


def _halves_by_day(s: Span, part: str) -> Span:
    start, end = s
    n = (end - start).days + 1
    mid = start + timedelta(days=15 - 1 if n in (28, 29, 30, 31) else n // 2 - 1)
    return (start, mid) if part == "first_half" else (mid + timedelta(days=1), end)


def _years_part(s: Span, part: str) -> Span:
    """Decades and centuries: early = first 4 tenths, middle = next 3, late = last 3."""
    y0, y1 = s[0].year, s[1].year
    n = y1 - y0 + 1
    if part == "early":
        a, b = y0, y0 + round(n * 0.4) - 1
    elif part == "middle":
        a, b = y0 + round(n * 0.4), y0 + round(n * 0.7) - 1
    elif part == "late":
        a, b = y0 + round(n * 0.7), y1
    elif part == "first_half":
        a, b = y0, y0 + n // 2 - 1
    elif part == "second_half":
        a, b = y0 + n // 2, y1
    elif part in ("first_years",):
        a, b = y0, y0 + max(n // 3, 1) - 1
    elif part in ("last_years",):
        a, b = y1 - max(n // 3, 1) + 1, y1
    else:
        raise ValueError(part)
    return date(a, 1, 1), date(b, 12, 31)


def part_of(span: Span, base: str, part: str) -> Span:
    """The sub-window ``part`` of a period ``span`` whose unit is ``base``.

    Conventions: month - early 1-10, middle 11-20, late 21-end, halves 1-15 / 16-end, first/last days
    the first/last 7 days, week N days 7N-6..7N, first/last weeks 14 days; year - thirds by month
    (Jan-Apr, May-Aug, Sep-Dec), halves by six months, quarters by three, first/last months = first /
    last third, first/last days and weeks as for months; season - one month each for early / middle /
    late; decade - early 0-3, middle 4-6, late 7-9.
    """
    start, end = span
    if part.startswith(("first:", "last:")):
        return _first_or_last_n(span, base, part)
    if ("days" in part or "week" in part) and base not in ("month", "year", "season"):
        raise ValueError(f"no part {part!r} of a {base}")
    if part in ("first_days", "last_days", "first_week", "last_week", "first_weeks", "last_weeks") or \
            part.startswith("week"):
        length = {"first_days": 7, "last_days": 7, "first_weeks": 14, "last_weeks": 14}.get(part, 7)
        if part.startswith("week") and part[4:].isdigit():
            k = int(part[4:])
            a = start + timedelta(days=7 * (k - 1))
            b = a + timedelta(days=6)
            if b > end:
                raise ValueError("week outside period")
            return a, b
        if part.startswith("first"):
            return start, start + timedelta(days=length - 1)
        return end - timedelta(days=length - 1), end
    if base == "month":
        if part in ("early", "middle", "late"):
            a, b = {"early": (1, 10), "middle": (11, 20), "late": (21, end.day)}[part]
            return start.replace(day=a), start.replace(day=b)
        if part in ("first_half", "second_half"):
            return _halves_by_day(span, part)
        raise ValueError(part)
    if base in ("year", "season", "months"):
        if part in ("early", "middle", "late"):
            return _thirds_by_month(span, part)
        if part in ("first_months", "last_months"):
            return _thirds_by_month(span, "early" if part == "first_months" else "late")
        if part in ("first_month", "last_month"):
            if part == "first_month":
                return months_span(start.year, start.month, 1)
            return months_span(end.year, end.month, 1)
        if part in ("first_half", "second_half"):
            return _halves_by_month(span, part)
        if part.startswith("q") and base == "year":
            q = {"q1": 0, "q2": 1, "q3": 2, "q4": 3}[part]
            return months_span(start.year, 1 + 3 * q, 3)
        raise ValueError(part)
    if base in ("decade", "century", "years"):
        return _years_part(span, part)
    raise ValueError(f"no part {part!r} of a {base}")


def _first_or_last_n(span: Span, base: str, part: str) -> Span:
    """ "the first three months of 1932", "the last ten days of May": ``first:3:months``."""
    which, n_text, unit = part.split(":")
    n = int(n_text)
    start, end = span
    if n < 1:
        raise ValueError(part)
    if unit in ("days", "weeks"):
        length = n * (7 if unit == "weeks" else 1)
        if which == "first":
            a, b = start, start + timedelta(days=length - 1)
        else:
            a, b = end - timedelta(days=length - 1), end
    elif unit == "months" and base in ("year", "season", "months"):
        first = start if which == "first" else add_months(date(end.year, end.month, 1), -(n - 1))
        a, b = months_span(first.year, first.month, n)
    elif unit == "years" and base in ("decade", "century", "years"):
        a, b = (start, date(start.year + n - 1, 12, 31)) if which == "first" else (date(end.year - n + 1, 1, 1), end)
    else:
        raise ValueError(part)
    if a < start or b > end or a > b:
        raise ValueError(part)
    return a, b


def precision_of_part(base: str, part: str) -> str:
    if part.startswith(("first:", "last:")):
        return {"days": "days", "weeks": "week", "months": "month" if part.split(":")[1] == "1" else "part_of_year",
                "years": "years"}[part.split(":")[2]]
    if "week" in part:
        return "week"
    if "days" in part:
        return "days"
    if base == "month":
        return "part_of_month"
    if base == "season":
        return "month"
    if base in ("year", "months"):
        return "part_of_year" if part not in ("first_month", "last_month") else "month"
    return "years"


def coarser(*precisions: str) -> str:
    return max(precisions, key=PRECISION_RANK.__getitem__)
