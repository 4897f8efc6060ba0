"""Temporal expressions in English text, as uncertain windows of days.

``find_time_expressions(text, anchor=None, default_year=None)`` returns every expression in a sentence
or paragraph (character offsets, the text, a :class:`~countertrial.model.time.TimeWindow`, a kind, and
whether the window depended on context). ``parse_time(expression)`` reads a single expression.

Why windows: testimony rarely gives a day, and contradictions are decided on intervals (see the design
guide). Every convention below aims for a window that *contains* what the writer meant; too narrow a
window would manufacture contradictions.

Conventions
-----------
* Seasons are northern-hemisphere, meteorological: spring Mar-May, summer Jun-Aug, autumn/fall
  Sep-Nov, winter Dec-Feb *starting in the named year*: "the winter of 1932" is 1932-12-01..1933-02-28,
  "the winter of 1921-22" is Dec 1921 - Feb 1922. Early / mid / late season: its first / second / third
  month.
* Parts of a month: early / beginning = 1-10, middle / mid- = 11-20, late / end = 21-last day; first
  half 1-15, second half 16-end; first / last days = first / last 7 days; first .. fourth week = days
  1-7, 8-14, 15-21, 22-28, last week = last 7 days.
* Parts of a year: early / beginning = Jan-Apr, middle = May-Aug, late / end = Sep-Dec; halves Jan-Jun /
  Jul-Dec; quarters by three months; first / last months = Jan-Apr / Sep-Dec.
* Decades: "the 1930s" = 1930-1939; early 1930-1933, mid 1934-1936, late 1937-1939. Centuries: "the
  19th century" = 1800-1899.
* Open intervals keep the open side ``None`` ("since 1927" = 1927-01-01..None; "after December 1927"
  starts 1928-01-01; "until 1934" ends 1934-12-31; "before 1934" ends 1933-12-31). The scanner does not
  know "now"; callers may clip with the document date.
* Relative expressions shift the reference window (the anchor, or the last expression resolved in the
  text); see :mod:`.relative` for the uncertainty given to "a few", "about", weeks, months and years.
* Ambiguous slashed dates ("3/12/1932") span both readings; dotted dates are day-first.
* Bare years need a cue: a preposition ("in/since/until/by/of/from/..."), parentheses, "the year", or a
  month/season next to them. Numbers after "No.", "p.", "f./op./d." or before a counted noun are not years.
* "May" and "March" count only when capitalised and cued (or with a day/year); "the fall" only with a
  year or a cue, and never when followed by "of" + something that is not a year.

``window`` is ``None`` for "never", durations, offsets from an event or from the moment of speaking,
and for year-less or relative expressions with no year / reference available. ``anchored`` is True when
the window depended on context (anchor, default year, or an earlier expression in the same text).
"""

from countertrial.extract.timex.scanner import TimeExpression, find_time_expressions, parse_time

__all__ = ["TimeExpression", "find_time_expressions", "parse_time"]
