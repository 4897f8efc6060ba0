"""Temporal constraint networks: consistency, minimal conflicts, and alternatives (readings).

The property tests build networks around a known *witness* (one moment per point that satisfies every
constraint), so consistency is known by construction; a brute-force search over small integer
domains checks the solver independently.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from countertrial.reason.constraints import (
    ORIGIN,
    Constraint,
    TemporalNetwork,
    minimal_conflict_any,
    minimal_conflicts,
)

# ---- examples ------------------------------------------------------------------------------------


def test_instruction_before_first_meeting_is_inconsistent():
    net = TemporalNetwork()
    net.window("instruction", 100, 130, label="instruction")  # passed in some month
    net.window("first", 600, 630, label="first-met")  # first met a year and a half later
    net.precedes("first", "instruction", label="first-met")  # nothing before the first meeting
    assert not net.is_consistent()
    assert net.minimal_conflict() == frozenset({"instruction", "first-met"})
    cycle = net.negative_cycle()
    assert cycle and sum(c.bound for c in cycle) < 0


def test_instruction_after_first_meeting_is_consistent():
    net = TemporalNetwork()
    net.window("instruction", 700, 710, label="instruction")
    net.window("first", 600, 630, label="first-met")
    net.precedes("first", "instruction", label="first-met")
    assert net.is_consistent()
    assert net.minimal_conflict() is None
    assert net.tightest_windows()["instruction"] == (700, 710)


def test_overlapping_windows_are_consistent_and_tightened():
    net = TemporalNetwork()
    net.window("a", 10, 20, label="a")
    net.window("b", 5, 15, label="b")
    net.precedes("b", "a", label="order")
    windows = net.tightest_windows()
    assert windows["a"] == (10, 20) and windows["b"] == (5, 15)
    net.precedes("a", "b", label="reverse", gap=1)  # now a + 1 <= b <= a: impossible
    assert net.minimal_conflict() == frozenset({"order", "reverse"})


def test_background_constraints_are_never_blamed():
    net = TemporalNetwork()
    net.window("x", 0, 10)  # background: label None
    net.window("x", 20, 30, label="claim")
    assert net.minimal_conflict() == frozenset({"claim"})
    only_background = TemporalNetwork([Constraint(ORIGIN, "y", 1), Constraint("y", ORIGIN, -5)])
    assert only_background.minimal_conflict() == frozenset()


def test_self_loop_and_open_windows():
    net = TemporalNetwork()
    net.add("x", "x", -1, label="silly")
    assert net.minimal_conflict() == frozenset({"silly"})
    open_net = TemporalNetwork()
    open_net.window("z", None, None, label="vague")
    assert open_net.is_consistent() and "z" in open_net.points


def test_infinite_and_nan_bounds():
    net = TemporalNetwork()
    net.add("a", "b", math.inf, label="nothing")
    assert net.constraints == ()
    with pytest.raises(ValueError):
        net.add("a", "b", float("nan"))
    with pytest.raises(ValueError):
        net.add("a", "b", -math.inf)


def test_several_conflicts_are_all_enumerated():
    net = TemporalNetwork()
    net.window("contact", 10, 20, label="k")
    for i, lo in enumerate((30, 40, 5)):
        net.window(f"f{i}", lo, lo + 5, label=f"first{i}")
        net.precedes(f"f{i}", "contact", label=f"first{i}")
    found = minimal_conflicts(net)
    assert found == [frozenset({"k", "first0"}), frozenset({"k", "first1"})]


def test_alternative_readings_clash_only_when_all_do():
    def reading(lo: int) -> TemporalNetwork:
        net = TemporalNetwork()
        net.window("t", 10, 20, label="transmission")
        net.window(f"f{lo}", lo, lo + 1, label=f"bound{lo}")
        net.precedes(f"f{lo}", "t", label=f"bound{lo}")
        return net

    assert minimal_conflict_any([reading(30), reading(40)]) == frozenset({"transmission", "bound30", "bound40"})
    assert minimal_conflict_any([reading(30), reading(15)]) is None


# ---- properties ----------------------------------------------------------------------------------

POINTS = [f"p{i}" for i in range(6)]


@st.composite
def witnessed_networks(draw, with_windows: bool = False):
    """A network with a known solution: every constraint is satisfied by ``witness`` (with some slack)."""
    n = draw(st.integers(2, 6))
    points = POINTS[:n]
    witness = {p: draw(st.integers(-50, 50)) for p in points}
    witness[ORIGIN] = 0
    net = TemporalNetwork()
    k = draw(st.integers(0, 12))
    for i in range(k):
        a = draw(st.sampled_from([ORIGIN, *points]))
        b = draw(st.sampled_from([ORIGIN, *points]))
        slack = draw(st.integers(0, 20))
        net.add(a, b, witness[b] - witness[a] + slack, label=f"c{i}")
    if with_windows:
        for p in points:
            net.window(p, witness[p] - draw(st.integers(0, 10)), witness[p] + draw(st.integers(0, 10)), label=f"w:{p}")
    return net, witness


@given(witnessed_networks())
@settings(max_examples=200, deadline=None)
def test_consistent_sets_are_never_reported_inconsistent(case):
    net, witness = case
    assert net.is_consistent()
    assert net.minimal_conflict() is None
    assert minimal_conflicts(net) == []
    windows = net.tightest_windows()
    for p, (lo, hi) in windows.items():
        assert lo <= witness[p] <= hi  # the witness (origin at day 0) lies within every implied window


def _shortest(net: TemporalNetwork, u: str, v: str) -> float:
    import networkx as nx

    try:
        return nx.bellman_ford_path_length(net.graph(), u, v)
    except nx.NetworkXNoPath:
        return math.inf


@given(witnessed_networks(with_windows=True), st.data())
@settings(max_examples=200, deadline=None)
def test_a_contradictory_constraint_is_always_detected(case, data):
    net, _ = case
    pts = sorted(net.points)
    u = data.draw(st.sampled_from(pts))
    v = data.draw(st.sampled_from(pts))
    d = _shortest(net, u, v)  # every solution has t(v) - t(u) <= d ...
    assume(math.isfinite(d))
    net.add(v, u, -d - data.draw(st.integers(1, 5)), label="contradiction")  # ... and now t(v) - t(u) > d
    assert not net.is_consistent()
    conflict = net.minimal_conflict()
    assert conflict and "contradiction" in conflict
    _assert_minimal(net, conflict)


def _assert_minimal(net: TemporalNetwork, conflict: frozenset) -> None:
    assert not net.restricted(conflict).is_consistent(), "the reported set must really clash"
    for label in conflict:
        assert net.restricted(conflict - {label}).is_consistent(), f"{label} is not needed: set not minimal"


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_every_reported_conflict_is_minimal(data):
    net = TemporalNetwork()
    n = data.draw(st.integers(2, 5))
    for i in range(data.draw(st.integers(1, 10))):
        a = data.draw(st.sampled_from([ORIGIN, *POINTS[:n]]))
        b = data.draw(st.sampled_from([ORIGIN, *POINTS[:n]]))
        net.add(a, b, data.draw(st.integers(-15, 15)), label=data.draw(st.sampled_from(["A", "B", "C", "D", f"x{i}"])))
    conflicts = minimal_conflicts(net)
    assert (conflicts == []) == net.is_consistent()
    for conflict in conflicts:
        _assert_minimal(net, conflict)
    assert len(set(conflicts)) == len(conflicts)


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_consistency_agrees_with_brute_force(data):
    """On tiny integer domains, consistency is exactly the existence of an integer assignment."""
    n = data.draw(st.integers(1, 3))
    pts = POINTS[:n]
    net = TemporalNetwork()
    for p in pts:
        net.window(p, 0, 4, label=f"w:{p}")
    cons = []
    for i in range(data.draw(st.integers(0, 5))):
        a, b = data.draw(st.sampled_from(pts)), data.draw(st.sampled_from(pts))
        bound = data.draw(st.integers(-4, 4))
        net.add(a, b, bound, label=f"c{i}")
        cons.append((a, b, bound))
    exists = any(
        all(vals[pts.index(b)] - vals[pts.index(a)] <= bound for a, b, bound in cons)
        for vals in itertools.product(range(5), repeat=n)
    )
    assert net.is_consistent() == exists
