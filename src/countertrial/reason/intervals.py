"""Reasoning about uncertain time: can two claims be simultaneous, and how far apart can they be?

A claim's time is a :class:`~countertrial.model.TimeWindow` of whole days, and the claim's *aspect*
says how to read it (see DESIGN.md, "uncertain time"):

- a **state** ("was in Berlin in November 1932") holds on *every* day of its window;
- an **event** ("met him in November 1932") happens on *one unknown* day inside its window.

Everything here follows from that reading by quantifying over the possible worlds the claims allow:
a world picks one day for each event; states are fixed. "Must" means in every world, "may" means in
some world. Open sides (``None``) are infinite. Keeping this logic in one small module lets every
check (alibi, chronology, ...) agree on what "at the same time" means, and lets the property tests in
``tests/test_intervals.py`` compare it against brute-force enumeration.

Two granularities are offered, on purpose:

- **days** (:func:`overlap`, :func:`gap_days`): calendar-day logic, what a reader means by "the same
  day" or "three days apart";
- **hours** (:func:`available_hours`): continuous time, which is what travel needs. Each day is the
  half-open stretch [00:00, 24:00); a state covers all of it, an event happens at an unknown moment in
  it. Two meetings "on the same day" may still be up to 24 hours apart, and a stay "until 30
  November" and another "from 1 December" leave no time at all between them. Using continuous time is
  the conservative choice for alibis: we never claim a clash that some hour of the day could dissolve.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

from countertrial.model.time import TimeWindow

Aspect = Literal["state", "event"]
Overlap = Literal["must", "may", "cannot"]

INF = math.inf

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _check_aspect(aspect: str) -> None:
    if aspect not in ("state", "event"):
        raise ValueError(f"aspect must be 'state' or 'event', not {aspect!r}")


def day_bounds(window: TimeWindow) -> tuple[float, float]:
    """Inclusive first and last day of ``window`` as proleptic ordinals; ``-inf``/``inf`` when open.

    Ordinals (not dates) because they subtract to day counts and compare with infinities.
    """
    lo = window.earliest.toordinal() if window.earliest is not None else -INF
    hi = window.latest.toordinal() if window.latest is not None else INF
    return lo, hi


def span(window: TimeWindow) -> tuple[float, float]:
    """The window as continuous time ``[lo, hi)`` in days: from the start of its first day to the end of its last."""
    lo, hi = day_bounds(window)
    return lo, hi + 1


def _sub(x: float, y: float) -> float:
    """``x - y`` where two equal infinities give 0: two windows both open on the same side share that edge."""
    return 0.0 if x == y else x - y


def _num(x: float) -> float:
    """Return ints for finite day counts so callers (and JSON) see ``3``, not ``3.0``."""
    return int(x) if math.isfinite(x) and x == int(x) else x


# --------------------------------------------------------------------------------------------------
# Day granularity


def overlap(a: TimeWindow, a_aspect: Aspect, b: TimeWindow, b_aspect: Aspect) -> Overlap:
    """Can claims A and B be true on a common day?  ``"must"``, ``"may"`` or ``"cannot"``.

    - state × state: both hold on every day of their windows, so they *must* share a day as soon as the
      windows intersect;
    - event × state: the event *must* fall inside the state only if its whole window lies inside the
      state's window; if the windows merely intersect, it *may*;
    - event × event: two unknown days coincide for certain only if both windows are the same single
      day; otherwise they *may* if the windows intersect.

    Windows that do not intersect *cannot* share a day, whatever the aspects.

    >>> from datetime import date
    >>> nov = TimeWindow(earliest=date(1932, 11, 1), latest=date(1932, 11, 30))
    >>> days = TimeWindow(earliest=date(1932, 11, 23), latest=date(1932, 11, 25))
    >>> overlap(days, "event", nov, "state"), overlap(nov, "event", days, "event")
    ('must', 'may')
    """
    _check_aspect(a_aspect)
    _check_aspect(b_aspect)
    a1, a2 = day_bounds(a)
    b1, b2 = day_bounds(b)
    if a2 < b1 or b2 < a1:
        return "cannot"
    if a_aspect == "state" and b_aspect == "state":
        return "must"
    if a_aspect == "event" and b_aspect == "event":
        return "must" if a1 == a2 == b1 == b2 else "may"
    (e1, e2), (s1, s2) = ((a1, a2), (b1, b2)) if a_aspect == "event" else ((b1, b2), (a1, a2))
    return "must" if s1 <= e1 and e2 <= s2 else "may"


def _day_distance(a1: float, a2: float, b1: float, b2: float) -> float:
    """Days between two inclusive day ranges (0 if they share a day)."""
    return max(0.0, b1 - a2, a1 - b2)


def gap_days(a: TimeWindow, a_aspect: Aspect, b: TimeWindow, b_aspect: Aspect) -> tuple[float, float]:
    """The least and the greatest separation, in days, of the *nearest* days on which A and B hold.

    In each possible world (a day chosen for each event) A holds on a set of days and B on another; the
    separation of that world is the smallest distance between a day of A and a day of B, i.e. the time
    the person had to get from one place to the other. We return ``(min_gap, max_gap)`` over all worlds:

    - ``min_gap == 0`` iff the claims *may* share a day (``overlap != "cannot"``);
    - ``max_gap == 0`` iff they *must* share a day (``overlap == "must"``);
    - ``max_gap`` is the most time the claims can leave between the two placements: an alibi holds
      when even that is too short for the journey. States only ever shrink it (they force every one of
      their days); events let us pick the most favourable day, so for an event that sticks out of a
      state we take the farthest-out day.

    Finite results are ints; ``inf`` when an open side allows unlimited separation.

    >>> from datetime import date
    >>> nov = TimeWindow(earliest=date(1932, 11, 1), latest=date(1932, 11, 30))
    >>> late = TimeWindow(earliest=date(1932, 11, 28), latest=date(1932, 12, 3))
    >>> gap_days(late, "event", nov, "state")
    (0, 3)
    """
    _check_aspect(a_aspect)
    _check_aspect(b_aspect)
    a1, a2 = day_bounds(a)
    b1, b2 = day_bounds(b)
    least = _day_distance(a1, a2, b1, b2)
    if a_aspect == "state" and b_aspect == "state":
        most = least
    elif a_aspect == "event" and b_aspect == "event":
        most = max(0.0, _sub(a2, b1), _sub(b2, a1))
    else:
        (e1, e2), (s1, s2) = ((a1, a2), (b1, b2)) if a_aspect == "event" else ((b1, b2), (a1, a2))
        # Distance from a day to an interval is convex, so the farthest event day is an end of its window.
        most = max(0.0, _sub(s1, e1), _sub(e2, s2))
    return _num(least), _num(most)


# --------------------------------------------------------------------------------------------------
# Continuous time (hours), what travel needs


def slack_days(
    a_lo: float, a_hi: float, a_aspect: Aspect, b_lo: float, b_hi: float, b_aspect: Aspect
) -> float:
    """Signed version of the available time, on raw continuous spans ``[lo, hi)`` in days.

    Positive: the most time (over all worlds) between the nearest moments of A and B. Zero or negative:
    the claims force A and B to coincide, and the magnitude says by how much the windows would have to
    move before they could stop coinciding (the depth of the overlap). The alibi check uses the sign to
    decide and the magnitude to weigh its confidence; it works on raw spans so its sweep need not build
    TimeWindow objects.
    """
    if a_aspect == "state" and b_aspect == "state":
        return max(_sub(b_lo, a_hi), _sub(a_lo, b_hi))
    if a_aspect == "event" and b_aspect == "event":
        # The sup of |t - u| over the two windows is reached at opposite corners.
        return max(_sub(a_hi, b_lo), _sub(b_hi, a_lo))
    if a_aspect == "event":
        e_lo, e_hi, s_lo, s_hi = a_lo, a_hi, b_lo, b_hi
    else:
        e_lo, e_hi, s_lo, s_hi = b_lo, b_hi, a_lo, a_hi
    # The event is free to sit at either end of its window; the state is present throughout its own.
    return max(_sub(s_lo, e_lo), _sub(e_hi, s_hi))


def available_hours(
    a: TimeWindow, a_aspect: Aspect, b: TimeWindow, b_aspect: Aspect, *, signed: bool = False
) -> float:
    """The most time, in hours, the two claims can leave between being at A's place and at B's.

    This is the alibi quantity: if the journey between the two places needs more than this, no
    choice of moments consistent with both claims lets one person satisfy both. It is the continuous
    counterpart of ``gap_days(...)[1]`` (see the module docstring for why hours, not days):

    - state × state: the gap between the windows (0 if they overlap *or touch*);
    - event × state: the farther of the event window's ends from the state window (0 if inside);
    - event × event: the distance between the windows' farthest corners (24 h for the same day).

    With ``signed=True`` a forced coincidence is reported as minus the depth of the overlap (see
    :func:`slack_days`).

    >>> from datetime import date
    >>> day = TimeWindow(earliest=date(1932, 11, 23), latest=date(1932, 11, 23))
    >>> available_hours(day, "event", day, "event")
    24.0
    """
    _check_aspect(a_aspect)
    _check_aspect(b_aspect)
    a_lo, a_hi = span(a)
    b_lo, b_hi = span(b)
    days = slack_days(a_lo, a_hi, a_aspect, b_lo, b_hi, b_aspect)
    if not signed:
        days = max(0.0, days)
    return days * 24.0


# --------------------------------------------------------------------------------------------------
# Words


def _day(d: date, year: bool = True) -> str:
    return f"{d.day} {_MONTHS[d.month - 1][:3]}" + (f" {d.year}" if year else "")


def _whole_month(a: date, b: date) -> bool:
    if a.day != 1 or (a.year, a.month) != (b.year, b.month):
        return False
    nxt = date(b.year + (b.month == 12), b.month % 12 + 1, 1)
    return nxt.toordinal() - b.toordinal() == 1


def describe_window(window: TimeWindow, aspect: Aspect) -> str:
    """An adverbial phrase for a finding's sentence: "on 23 Nov 1932", "throughout November 1932".

    Built from the bounds, not from ``window.text``: the words as written ("that month", "two days
    later") only make sense next to their own passage.

    >>> from datetime import date
    >>> describe_window(TimeWindow(earliest=date(1932, 11, 23), latest=date(1932, 11, 25)), "event")
    'between 23 and 25 Nov 1932'
    """
    _check_aspect(aspect)
    a, b = window.earliest, window.latest
    state = aspect == "state"
    if a is None and b is None:
        return "at an unknown time"
    if a is None:
        return f"until {_day(b)}" if state else f"at some time before {_day(b)}"  # type: ignore[arg-type]
    if b is None:
        return f"from {_day(a)} onward" if state else f"at some time after {_day(a)}"
    if a == b:
        return f"on {_day(a)}"
    if _whole_month(a, b):
        return f"{'throughout' if state else 'in'} {_MONTHS[a.month - 1]} {a.year}"
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
        return f"{'throughout' if state else 'in'} {a.year}"
    if (a.year, a.month) == (b.year, b.month):
        first, last = str(a.day), _day(b)
    elif a.year == b.year:
        first, last = _day(a, year=False), _day(b)
    else:
        first, last = _day(a), _day(b)
    return f"from {first} to {last}" if state else f"between {first} and {last}"
