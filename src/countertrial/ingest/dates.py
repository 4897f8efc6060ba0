"""Manifest dates as day windows.

The manifest says when a document was produced, often only roughly: ``1936-10-28``, ``1936-10``,
``1931``, or an ISO 8601 interval ``1931-05-11/1931-07-14`` (an open side written ``..``, e.g.
``1927/..``). The reasoner compares windows of days, so each form becomes an inclusive
:class:`TimeWindow`: a month is its first to its last day, a year is 1 January to 31 December, an
interval runs from the earliest day of its start to the latest day of its end. Anything else is
refused with a message that shows the accepted forms, never guessed (``10/28/1936`` is ambiguous).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from countertrial.model import TimeWindow

_PART = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?")
ACCEPTED = "use 1936-10-28, 1936-10, 1936 or an interval such as 1931-05-11/1931-07-14"


def _bounds(part: str) -> tuple[date, date, str]:
    """Earliest day, latest day and precision ("day", "month", "year") of one ISO (partial) date."""
    m = _PART.fullmatch(part)
    if not m:
        raise ValueError(f"{part!r} is not an ISO date ({ACCEPTED})")
    year = int(m["y"])
    if year < 1:
        raise ValueError(f"{part!r}: year 0000 does not exist")
    if m["m"] is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    month = int(m["m"])
    if not 1 <= month <= 12:
        raise ValueError(f"{part!r}: month {month} does not exist")
    last = calendar.monthrange(year, month)[1]
    if m["d"] is None:
        return date(year, month, 1), date(year, month, last), "month"
    day = int(m["d"])
    if not 1 <= day <= last:
        raise ValueError(f"{part!r}: day {day} does not exist in {calendar.month_name[month]} {year}")
    return date(year, month, day), date(year, month, day), "day"


def parse_date(value: str) -> TimeWindow:
    """The inclusive window of days ``value`` denotes; raises ValueError with a plain message.

    Precision: "day", "month" or "year" for a single (partial) date; for an interval "days" when both
    ends are full dates, "part_of_year" when it stays within one calendar year, else "years"; "open"
    when one side is ``..``.
    """
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    if "/" not in text:
        earliest, latest, precision = _bounds(text)
        return TimeWindow(earliest=earliest, latest=latest, precision=precision, text=text)
    start_text, _, end_text = (s.strip() for s in text.partition("/"))
    if "/" in end_text:
        raise ValueError(f"{text!r} has more than one '/' ({ACCEPTED})")
    if start_text in ("", "..") and end_text in ("", ".."):
        raise ValueError(f"{text!r} is open on both sides: it says nothing about the date")
    if start_text in ("", ".."):
        _, latest, _ = _bounds(end_text)
        return TimeWindow(earliest=None, latest=latest, precision="open", text=text)
    if end_text in ("", ".."):
        earliest, _, _ = _bounds(start_text)
        return TimeWindow(earliest=earliest, latest=None, precision="open", text=text)
    earliest, start_latest, p1 = _bounds(start_text)
    end_earliest, latest, p2 = _bounds(end_text)
    if earliest > latest:
        raise ValueError(f"{text!r}: the interval ends before it starts")
    if p1 == p2 and (earliest, start_latest) == (end_earliest, latest):
        precision = p1  # "1931/1931": the same year written twice
    elif p1 == p2 == "day":
        precision = "day" if earliest == latest else "days"
    elif earliest.year == latest.year:
        precision = "part_of_year"
    else:
        precision = "years"
    return TimeWindow(earliest=earliest, latest=latest, precision=precision, text=text)
