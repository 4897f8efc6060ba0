"""Uncertain time: the answers of reason.intervals checked against brute-force enumeration of worlds.

A "world" picks one day (or, for hours, one moment) for each event; a state holds on all of its days.
"must" = in every world, "may" = in some world. Brute force enumerates the worlds of small windows.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countertrial.model.time import TimeWindow
from countertrial.reason.intervals import (
    available_hours,
    day_bounds,
    describe_window,
    gap_days,
    overlap,
)

BASE = date(1932, 1, 1)
RANK = {"cannot": 0, "may": 1, "must": 2}


def win(a: int | None, b: int | None) -> TimeWindow:
    return TimeWindow(
        earliest=None if a is None else BASE + timedelta(days=a),
        latest=None if b is None else BASE + timedelta(days=b),
    )


@st.composite
def bounded(draw, span: int = 60) -> TimeWindow:
    a = draw(st.integers(0, span - 1))
    b = draw(st.integers(a, span - 1))
    return win(a, b)


@st.composite
def maybe_open(draw) -> TimeWindow:
    a = draw(st.one_of(st.none(), st.integers(0, 59)))
    b = draw(st.one_of(st.none(), st.integers(a or 0, 59)))
    return win(a, b)


aspects = st.sampled_from(["state", "event"])


# ---- brute force ------------------------------------------------------------------------------------


def day_worlds(w: TimeWindow, aspect: str) -> list[set[int]]:
    lo, hi = day_bounds(w)
    days = range(int(lo), int(hi) + 1)
    return [set(days)] if aspect == "state" else [{d} for d in days]


def brute_overlap(a, aa, b, ba) -> str:
    shared = [bool(x & y) for x, y in product(day_worlds(a, aa), day_worlds(b, ba))]
    return "must" if all(shared) else "may" if any(shared) else "cannot"


def brute_gap(a, aa, b, ba) -> tuple[int, int]:
    seps = [min(abs(x - y) for x in xs for y in ys) for xs, ys in product(day_worlds(a, aa), day_worlds(b, ba))]
    return min(seps), max(seps)


STEP = 0.25  # quarter-day grid for moments


def moment_worlds(w: TimeWindow, aspect: str) -> list[list[float]]:
    lo, hi = day_bounds(w)
    moments = [lo + k * STEP for k in range(int((hi + 1 - lo) / STEP))]
    # A state is present up to midnight of its last day (its closure), so include that instant; an
    # event's moment only approaches it, which the tolerance below allows for.
    return [moments + [hi + 1]] if aspect == "state" else [[t] for t in moments]


def brute_available_days(a, aa, b, ba) -> float:
    # The time available in a world is the gap between the nearest moments at the two places; the
    # claims allow the best world, so take the max. Grid points approach the open end from below.
    return max(
        min(abs(x - y) for x in xs for y in ys)
        for xs, ys in product(moment_worlds(a, aa), moment_worlds(b, ba))
    )


# ---- agreement with enumeration ----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(bounded(), aspects, bounded(), aspects)
def test_overlap_matches_enumeration(a, aa, b, ba):
    assert overlap(a, aa, b, ba) == brute_overlap(a, aa, b, ba)


@settings(max_examples=300, deadline=None)
@given(bounded(), aspects, bounded(), aspects)
def test_gap_days_matches_enumeration(a, aa, b, ba):
    assert gap_days(a, aa, b, ba) == brute_gap(a, aa, b, ba)


@settings(max_examples=60, deadline=None)
@given(bounded(20), aspects, bounded(20), aspects)
def test_available_hours_matches_enumeration(a, aa, b, ba):
    exact = available_hours(a, aa, b, ba) / 24
    brute = brute_available_days(a, aa, b, ba)
    # An event's grid misses the open end of its window by one step.
    assert brute <= exact + 1e-9
    assert exact <= brute + 2 * STEP + 1e-9


# ---- algebraic properties -----------------------------------------------------------------------------


@given(maybe_open(), aspects, maybe_open(), aspects)
def test_symmetry(a, aa, b, ba):
    assert overlap(a, aa, b, ba) == overlap(b, ba, a, aa)
    assert gap_days(a, aa, b, ba) == gap_days(b, ba, a, aa)
    assert available_hours(a, aa, b, ba) == available_hours(b, ba, a, aa)
    assert available_hours(a, aa, b, ba, signed=True) == available_hours(b, ba, a, aa, signed=True)


@given(maybe_open(), aspects, maybe_open(), aspects)
def test_must_implies_may_and_gaps_agree(a, aa, b, ba):
    answer = overlap(a, aa, b, ba)
    least, most = gap_days(a, aa, b, ba)
    assert 0 <= least <= most
    assert (answer == "cannot") == (least > 0)  # may (incl. must) iff some world shares a day
    assert (answer == "must") == (most == 0)
    if answer == "must" and "state" in (aa, ba):
        assert available_hours(a, aa, b, ba) == 0


def widen(w: TimeWindow, left: int | None, right: int | None) -> TimeWindow:
    """Widen by some days on each side; None opens that side."""
    return TimeWindow(
        earliest=None if (w.earliest is None or left is None) else w.earliest - timedelta(days=left),
        latest=None if (w.latest is None or right is None) else w.latest + timedelta(days=right),
    )


widening = st.one_of(st.none(), st.integers(0, 30))


@given(maybe_open(), maybe_open(), aspects, widening, widening)
def test_widening_an_event_never_makes_it_more_certain(a, b, ba, left, right):
    """A wider event window is *less* information: "cannot" never turns into "must", and no answer
    turns into "must" or "cannot" that was not already it; separations can only spread out."""
    before = overlap(a, "event", b, ba)
    wide = widen(a, left, right)
    after = overlap(wide, "event", b, ba)
    assert not (before == "cannot" and after == "must")
    assert after in (before, "may")
    (l0, m0), (l1, m1) = gap_days(a, "event", b, ba), gap_days(wide, "event", b, ba)
    assert l1 <= l0 and m1 >= m0
    assert available_hours(wide, "event", b, ba) >= available_hours(a, "event", b, ba)


@given(maybe_open(), maybe_open(), aspects, widening, widening)
def test_widening_a_state_never_weakens_it(a, b, ba, left, right):
    """A wider state window is *more* information (present on more days): answers only move up
    towards "must" and the time available between the placements can only shrink. (So for states,
    "cannot" may become "must": being in Berlin all year does clash with a week in Copenhagen.)"""
    wide = widen(a, left, right)
    assert RANK[overlap(wide, "state", b, ba)] >= RANK[overlap(a, "state", b, ba)]
    (l0, m0), (l1, m1) = gap_days(a, "state", b, ba), gap_days(wide, "state", b, ba)
    assert l1 <= l0 and m1 <= m0
    assert available_hours(wide, "state", b, ba) <= available_hours(a, "state", b, ba)


# ---- the cases the alibi check relies on -----------------------------------------------------------------


NOV = TimeWindow(earliest=date(1932, 11, 1), latest=date(1932, 11, 30))


def d(m: int, day: int, m2: int | None = None, day2: int | None = None) -> TimeWindow:
    return TimeWindow(earliest=date(1932, m, day), latest=date(1932, m2 or m, day2 or day))


def test_event_inside_state_leaves_no_time():
    ev = d(11, 23, 11, 25)
    assert overlap(ev, "event", NOV, "state") == "must"
    assert gap_days(ev, "event", NOV, "state") == (0, 0)
    assert available_hours(ev, "event", NOV, "state") == 0
    # 5 days inside the nearer edge (26 Nov .. 30 Nov): the signed slack says how deep.
    assert available_hours(ev, "event", NOV, "state", signed=True) == -5 * 24


def test_event_sticking_out_of_state_uses_the_farthest_day():
    ev = d(11, 28, 12, 3)  # may have happened on 3 December
    assert overlap(ev, "event", NOV, "state") == "may"
    assert gap_days(ev, "event", NOV, "state") == (0, 3)
    assert available_hours(ev, "event", NOV, "state") == 3 * 24


def test_two_events_on_one_day():
    day = d(11, 23)
    assert overlap(day, "event", day, "event") == "must"
    assert gap_days(day, "event", day, "event") == (0, 0)
    # ...yet a morning and an evening meeting are up to a day apart.
    assert available_hours(day, "event", day, "event") == 24


def test_adjacent_states_leave_no_time_but_do_not_overlap():
    until = d(11, 1, 11, 30)
    after = d(12, 1, 12, 31)
    assert overlap(until, "state", after, "state") == "cannot"
    assert gap_days(until, "state", after, "state") == (1, 1)
    assert available_hours(until, "state", after, "state") == 0


def test_open_windows():
    since = TimeWindow(earliest=date(1933, 1, 1))  # "in prison from January 1933"
    before = TimeWindow(latest=date(1932, 12, 31))
    assert overlap(since, "state", d(11, 1), "event") == "cannot"
    assert overlap(since, "state", TimeWindow(earliest=date(1934, 1, 1)), "state") == "must"
    assert gap_days(before, "event", since, "state") == (1, float("inf"))
    assert available_hours(before, "event", since, "state") == float("inf")
    everything = TimeWindow()
    assert overlap(everything, "state", since, "event") == "must"
    assert overlap(everything, "event", since, "event") == "may"


def test_bad_aspect():
    with pytest.raises(ValueError):
        overlap(NOV, "process", NOV, "state")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "window, aspect, words",
    [
        (d(11, 23), "event", "on 23 Nov 1932"),
        (d(11, 23, 11, 25), "event", "between 23 and 25 Nov 1932"),
        (d(11, 23, 11, 25), "state", "from 23 to 25 Nov 1932"),
        (NOV, "state", "throughout November 1932"),
        (NOV, "event", "in November 1932"),
        (d(1, 1, 12, 31), "state", "throughout 1932"),
        (d(11, 28, 12, 3), "event", "between 28 Nov and 3 Dec 1932"),
        (TimeWindow(earliest=date(1933, 1, 1)), "state", "from 1 Jan 1933 onward"),
        (TimeWindow(latest=date(1933, 1, 1)), "event", "at some time before 1 Jan 1933"),
    ],
)
def test_describe_window(window, aspect, words):
    assert describe_window(window, aspect) == words
