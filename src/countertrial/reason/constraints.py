"""Temporal constraint networks: can a set of dated, ordered claims all be true, and if not, which ones clash?

Why a network
    Some contradictions are not between two windows but between an *order* and the windows: an
    instruction passed through an intermediary requires that the intermediary had already met the
    recipient; a "first meeting" says no contact came before it. Each such statement is a difference
    constraint between moments, ``t(target) - t(source) <= bound`` (days), and a set of them is a Simple
    Temporal Network (Dechter, Meiri and Pearl, 1991). Windows are constraints against a fixed origin
    (day 0 of the proleptic calendar): ``lo <= t <= hi`` is ``t - origin <= hi`` and
    ``origin - t <= -lo``.

Why Bellman-Ford
    The network is consistent (some choice of moments satisfies every constraint) exactly when its
    distance graph, with an edge ``source -> target`` of weight ``bound`` per constraint, has no cycle of
    negative total weight. Bellman-Ford finds such a cycle, and the cycle *is* the explanation: its
    edges are constraints whose sum says "A must come before B and B before A".

Why labels
    A reader does not care about edges but about claims. Every constraint carries a ``label`` (the id of
    the claim that asserts it; ``None`` for background knowledge that is never in question). A *conflict*
    is a set of labels whose constraints, with the background, are inconsistent; it is *minimal* when
    dropping any one label leaves a consistent network. The cycle's labels are a conflict; a deletion
    filter (try dropping each label in turn, keep the drop when the rest still clash) makes it minimal.
    Consistency is monotone (fewer constraints never make a network inconsistent), which is what makes
    the filter's result minimal. :func:`minimal_conflicts` enumerates several conflicts with Reiter's
    hitting-set tree, so one loud clash does not hide another.

Why alternatives
    "Passed through *one of* B and C" is a disjunction, which a single network cannot say. Such a claim
    is given as several networks (one per reading); the claims clash when *every* reading is
    inconsistent (:func:`minimal_conflict_any`).

>>> net = TemporalNetwork()
>>> net.window("meeting", 10, 20, label="c1")   # met between day 10 and day 20
>>> net.window("first", 30, 40, label="c2")     # first met between day 30 and day 40
>>> net.precedes("first", "meeting", label="c2")  # ... and nothing came before the first meeting
>>> net.is_consistent()
False
>>> sorted(net.minimal_conflict())
['c1', 'c2']
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

#: The fixed moment every window is measured from (day ordinals count from it).
ORIGIN = "@origin"
_SOURCE = "@bellman-ford-source"  # a virtual node reaching every point, so any cycle is found

Label = Hashable


@dataclass(frozen=True)
class Constraint:
    """``t(target) - t(source) <= bound``, asserted by ``label`` (``None``: background, never in doubt)."""

    source: str
    target: str
    bound: float
    label: Label | None = None


def _label_key(label: Label | None) -> tuple:
    """A total order on labels of mixed types, so every choice below is deterministic."""
    return (label is not None, type(label).__name__, repr(label))


class TemporalNetwork:
    """A set of labelled difference constraints between named time points (days).

    The network is a plain value: methods that test a subset build a fresh graph, nothing is cached
    behind the caller's back, and :meth:`restricted` returns a new network.
    """

    def __init__(self, constraints: Iterable[Constraint] = ()) -> None:
        self._constraints: list[Constraint] = []
        self._bare_points: set[str] = set()  # points named by a window that is open on both sides
        for c in constraints:
            self.add(c.source, c.target, c.bound, c.label)

    # ---- building --------------------------------------------------------------------------------

    def add(self, source: str, target: str, bound: float, label: Label | None = None) -> None:
        """Add ``t(target) - t(source) <= bound``. An infinite bound says nothing and is dropped."""
        if bound != bound:  # NaN
            raise ValueError(f"constraint {source} -> {target} has no bound (NaN)")
        if bound == math.inf:
            return
        if bound == -math.inf:
            raise ValueError(f"constraint {source} -> {target} has bound -inf: no moments can satisfy it")
        self._constraints.append(Constraint(source, target, bound, label))

    def window(self, point: str, lo: float | None, hi: float | None, label: Label | None = None) -> None:
        """``lo <= t(point) <= hi`` in days from :data:`ORIGIN`; ``None`` (or an infinity) leaves a side open."""
        if hi is not None and math.isfinite(hi):
            self.add(ORIGIN, point, hi, label)
        if lo is not None and math.isfinite(lo):
            self.add(point, ORIGIN, -lo, label)
        self._bare_points.add(point)  # so a point with an open window still exists for callers

    def precedes(self, first: str, second: str, label: Label | None = None, *, gap: float = 0) -> None:
        """``t(first) + gap <= t(second)``: ``first`` comes no later than ``gap`` days before ``second``."""
        self.add(second, first, -gap, label)

    # ---- looking -----------------------------------------------------------------------------------

    @property
    def constraints(self) -> tuple[Constraint, ...]:
        return tuple(self._constraints)

    @property
    def points(self) -> frozenset[str]:
        pts = {p for c in self._constraints for p in (c.source, c.target)} | self._bare_points
        return frozenset(pts)

    @property
    def labels(self) -> frozenset:
        """Every label that asserts something (background ``None`` excluded)."""
        return frozenset(c.label for c in self._constraints if c.label is not None)

    def restricted(self, keep: Iterable[Label]) -> "TemporalNetwork":
        """The background plus only the constraints whose label is in ``keep``."""
        keep = set(keep)
        out = TemporalNetwork(c for c in self._constraints if c.label is None or c.label in keep)
        out._bare_points = set(self._bare_points)
        return out

    def graph(self) -> nx.DiGraph:
        """The distance graph: one edge per ordered pair of points, the tightest bound, with its label.

        Parallel constraints collapse to the tightest (ties go to the background, then the smallest
        label), because only the tightest can close a negative cycle.
        """
        g = nx.DiGraph()
        g.add_nodes_from(sorted(self.points))
        for c in sorted(self._constraints, key=lambda c: (c.source, c.target, c.bound, _label_key(c.label))):
            if g.has_edge(c.source, c.target):
                continue  # sorted by bound: the first one seen is the tightest
            g.add_edge(c.source, c.target, weight=c.bound, constraint=c)
        return g

    # ---- deciding ----------------------------------------------------------------------------------

    def negative_cycle(self) -> list[Constraint] | None:
        """The constraints along one negative cycle (an impossible ordering), or None when consistent."""
        g = self.graph()
        for node in g.nodes:  # a self-loop x - x <= b < 0 is a cycle on its own
            if g.has_edge(node, node) and g[node][node]["weight"] < 0:
                return [g[node][node]["constraint"]]
        if g.number_of_edges() == 0:
            return None
        g.add_node(_SOURCE)
        for node in list(g.nodes):
            if node != _SOURCE:
                g.add_edge(_SOURCE, node, weight=0)
        try:
            cycle = nx.find_negative_cycle(g, _SOURCE)
        except nx.NetworkXError:
            return None
        return [g[u][v]["constraint"] for u, v in zip(cycle, cycle[1:])]

    def is_consistent(self) -> bool:
        """True when some choice of moments satisfies every constraint."""
        return self.negative_cycle() is None

    def tightest_windows(self) -> dict[str, tuple[float, float]] | None:
        """For a consistent network, each point's tightest ``(lo, hi)`` in days; None when inconsistent.

        These are the all-pairs shortest distances from and to the origin: what the constraints
        together imply about each moment (an instruction "before the first meeting" inherits its bound).
        """
        if not self.is_consistent():
            return None
        g = self.graph()
        g.add_node(ORIGIN)
        out_d = nx.single_source_bellman_ford_path_length(g, ORIGIN)
        in_d = nx.single_source_bellman_ford_path_length(g.reverse(copy=True), ORIGIN)
        return {
            p: (-in_d.get(p, math.inf), out_d.get(p, math.inf))
            for p in sorted(self.points)
            if p != ORIGIN
        }

    def minimal_conflict(self) -> frozenset | None:
        """A minimal set of labels that cannot all be true; None when the network is consistent.

        Returns an empty set when the background alone is inconsistent (no claim is to blame).
        """
        return minimal_conflict_any([self])


def _all_inconsistent(networks: Sequence[TemporalNetwork], keep: Iterable[Label]) -> bool:
    keep = set(keep)
    return all(not n.restricted(keep).is_consistent() for n in networks)


def minimal_conflict_any(networks: Sequence[TemporalNetwork]) -> frozenset | None:
    """A minimal set of labels that makes *every* network (every reading) inconsistent, or None.

    With one network this is the usual minimal conflict. With several (the readings of a disjunctive
    claim), the claims clash only when no reading survives; the set returned is minimal in that sense:
    without any one of its labels, at least one reading becomes consistent.
    """
    if not networks:
        return None
    candidate: set = set()
    for net in networks:
        cycle = net.negative_cycle()
        if cycle is None:
            return None
        candidate |= {c.label for c in cycle if c.label is not None}
    if not _all_inconsistent(networks, candidate):
        # A reading's cycle may close only with labels of its own; widen to every label involved.
        candidate = set().union(*(n.labels for n in networks))
    return _deletion_filter(networks, candidate)


def _deletion_filter(networks: Sequence[TemporalNetwork], candidate: Iterable[Label]) -> frozenset:
    kept = sorted(set(candidate), key=_label_key)
    for label in list(kept):
        trial = [x for x in kept if x != label]
        if _all_inconsistent(networks, trial):
            kept = trial
    return frozenset(kept)


def minimal_conflicts(
    network: TemporalNetwork | Sequence[TemporalNetwork], *, limit: int = 20, max_nodes: int = 500
) -> list[frozenset]:
    """Up to ``limit`` distinct minimal conflicts, in a deterministic order (Reiter's hitting-set tree).

    Find one conflict; then, for each of its labels, look for conflicts in the network without that
    label, and so on. Every minimal conflict is reached this way (each one avoids some label of each
    conflict found before it). Branches whose removals already made the network consistent are closed
    (removing more cannot bring a clash back); ``limit`` and ``max_nodes`` bound the work on
    pathological inputs.

    >>> net = TemporalNetwork()
    >>> for name, lo, hi in (("a", 1, 2), ("b", 5, 6), ("c", 7, 8)):
    ...     net.window(name, lo, hi, label=name)
    >>> net.precedes("b", "a", label="b-before-a"); net.precedes("c", "a", label="c-before-a")
    >>> [sorted(s) for s in minimal_conflicts(net)]
    [['a', 'b', 'b-before-a'], ['a', 'c', 'c-before-a']]
    """
    networks = [network] if isinstance(network, TemporalNetwork) else list(network)
    everything = set().union(*(n.labels for n in networks)) if networks else set()
    found: list[frozenset] = []
    closed: list[frozenset] = []  # removals that left no conflict: any superset is consistent too
    seen: set[frozenset] = set()
    queue: list[frozenset] = [frozenset()]
    nodes = 0
    while queue and len(found) < limit and nodes < max_nodes:
        removed = queue.pop(0)
        if removed in seen or any(c <= removed for c in closed):
            continue
        seen.add(removed)
        nodes += 1
        conflict = next((f for f in found if f.isdisjoint(removed)), None)
        if conflict is None:
            keep = everything - removed
            conflict = minimal_conflict_any([n.restricted(keep) for n in networks])
            if not conflict:  # consistent (None), or only the background clashes (empty set)
                closed.append(removed)
                continue
            found.append(conflict)
        for label in sorted(conflict, key=_label_key):
            queue.append(removed | {label})
    return sorted(found, key=lambda s: (len(s), sorted(map(_label_key, s))))
