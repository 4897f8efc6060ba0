"""Temporal expressions in English text, as uncertain windows of days.

``find_time_expressions(text, anchor=None, default_year=None)`` returns every expression in a sentence
or paragraph, in order and non-overlapping, each the longest reading: character offsets, the text, a
:class:`~countertrial.model.time.TimeWindow`, a kind, and whether the window depended on context.
``parse_time(expression)`` reads one expression on its own.

Why windows: testimony rarely gives a day, and contradictions are decided on intervals (see the design
guide). Every convention below aims for a window that *contains* what the writer meant, since a window
that is too narrow manufactures contradictions.

Design: a table of compiled patterns finds *atoms* (dates, months, seasons, years, decades, relative
phrases; :mod:`.atoms`, :mod:`.relative`); :mod:`.combine` then builds parts ("the end of X"), lists,
"circa", offsets from a date, ranges ("from X to Y") and open intervals ("since X") from adjacent
atoms, so any atom can be an operand; :mod:`.scanner` resolves them left to right against a running
context. :mod:`.windows` holds the calendar arithmetic, :mod:`.lexicon` the words.

Kinds: ``date``, ``dates`` (a list of days), ``range``, ``month``, ``season``, ``part``, ``year``,
``decade``, ``century``, ``relative``, ``since``, ``after``, ``until``, ``before``, ``never``,
``duration``.

Conventions
-----------
* Seasons are northern-hemisphere, meteorological: spring Mar-May, summer Jun-Aug, autumn/fall Sep-Nov,
  winter Dec-Feb *starting in the named year*: "the winter of 1932" is 1932-12-01..1933-02-28, "the
  winter of 1921-22" Dec 1921 - Feb 1922. Early / mid / late season = its first / second / third month.
* Parts of a month: early / beginning = 1-10, middle / mid- = 11-20, late / end = 21-last day; first half
  1-15, second half 16-end; first / last days = first / last 7 days; first .. fourth week = days 1-7,
  8-14, 15-21, 22-28, last week = last 7 days; "the first ten days" = 1-10.
* Parts of a year: early / beginning = Jan-Apr, middle = May-Aug, late / end = Sep-Dec; halves Jan-Jun /
  Jul-Dec; quarters by three months; first / last months = Jan-Apr / Sep-Dec.
* Decades: "the 1930s" = 1930-1939; early 1930-1933, mid 1934-1936, late 1937-1939; halves 1930-34 /
  1935-39. Centuries: "the 19th century" = 1800-1899 (precision "years").
* "circa / around / about X" widens X by a year (years), a month (months) or three days (dates).
  Holidays: "Christmas" = Dec 24-26, "Christmas Day" Dec 25, "New Year's Eve/Day", "May Day" May 1.
* Open intervals keep the open side ``None`` ("since 1927" = 1927-01-01..None; "after December 1927"
  starts 1928-01-01; "until 1934" / "by 1934" end 1934-12-31; "before 1934" ends 1933-12-31). The
  scanner does not know "now"; callers may clip with the document date. "not ... until X" means "since X".
  A bare "from X" is "since X", except after a document noun or a form of "be" ("a letter from May 1932").
* Relative expressions shift the reference window (the anchor, or the last expression resolved in the
  text): counted days exactly, weeks +-3 days, months +-15 days, years +-6 months; "a few" = 2-5,
  "several" = 3-7 (see :mod:`.relative`). "N days before/after" followed by an event ("before the
  trial") or "N years ago" get no window: their reference is unknown. Followed by a date ("two years
  before 1935") they shift that date.
* Ambiguous slashed dates ("3/12/1932") span both readings; dotted dates are day-first.
* Bare years need a cue: a preposition ("in/since/until/by/of/from/..."), parentheses, "the year", a
  sentence start followed by a comma or "was". Numbers after "No.", "p.", "f./op./d." or before a counted
  noun ("1500 men") are not years. "May" and "March" count only capitalised and cued (or with a day or
  year); "the fall" / "spring" need a year or a cue and never take "of" + a non-year.
* "that year" / "the following year" take the reference window's year; "this year" the caller's
  ``default_year``.

``window`` is ``None`` for "never", durations, offsets from an event or from the moment of speaking,
and for year-less or relative expressions with no year / reference available. ``anchored`` is True when
the window depended on context (anchor, default year, or an earlier expression in the same text).
"""

from countertrial.extract.timex.scanner import TimeExpression, find_time_expressions, parse_time

__all__ = ["TimeExpression", "find_time_expressions", "parse_time"]
