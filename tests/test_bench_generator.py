"""The reasoning benchmark's synthetic corpus (bench/bench_reasoning.py), at small N.

The benchmark's growth ratios mean something only if the corpus grows like a real one: more people,
places and events, each about as busy at every N. These tests pin that, the determinism of the seed,
that every claim kind and every check is exercised, and that every citation verifies.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from countertrial.reason.engine import CHECKS, ReasoningConfig, run_checks

_PATH = Path(__file__).resolve().parents[1] / "bench" / "bench_reasoning.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_reasoning", _PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def _key(c) -> tuple:
    return (c.id, c.kind, c.document, c.start, c.end, c.place, c.origin, c.means, c.content, c.polarity, c.speaker,
            tuple((p.entity, p.role) for p in c.participants), c.time and (c.time.earliest, c.time.latest))  # fmt: skip


def test_seeded_corpus_is_deterministic(bench):
    a, _, docs_a = bench.make_corpus(1500, seed=3)
    b, _, docs_b = bench.make_corpus(1500, seed=3)
    c, _, _ = bench.make_corpus(1500, seed=4)
    assert [_key(x) for x in a] == [_key(x) for x in b]
    assert [d.text for d in docs_a] == [d.text for d in docs_b]
    assert [_key(x) for x in a] != [_key(x) for x in c]


def test_world_grows_with_n(bench):
    small, large = bench.World.for_claims(10_000), bench.World.for_claims(1_000_000)
    assert large.people == 100 * small.people
    assert large.cities == 100 * small.cities
    assert large.buildings == 100 * small.buildings
    assert large.hubs == 100 * small.hubs


def test_density_per_person_and_place_stays_constant(bench):
    dens = []
    for n in (10_000, 40_000):
        claims, entities, _ = bench.make_corpus(n, seed=1)
        dens.append(bench.density(claims, entities))
    small, large = dens
    for what in ("per_person", "per_place", "records_per_hub"):
        assert large[what]["mean"] == pytest.approx(small[what]["mean"], rel=0.2), what
    assert large["people"] == 4 * small["people"]
    assert large["places"] == 4 * small["places"]


def test_every_claim_and_document_kind_and_citations_verify(bench):
    claims, entities, documents = bench.make_corpus(10_000, seed=1)
    assert len(claims) == 10_000
    kinds = Counter(c.kind for c in claims)
    assert set(kinds) == {k for k, _ in bench.CLAIM_KINDS}
    assert {d.meta.kind for d in documents} == {k for k, _, _, _ in bench.DOC_KINDS}
    assert any(c.polarity == "denied" for c in claims)
    texts = {d.id: d.text for d in documents}
    for c in claims:
        assert texts[c.document][c.start : c.end] == c.quote
        for p in c.participants:
            assert p.entity in entities
        for place in (c.place, c.origin):
            assert place is None or place in entities


def test_every_check_finds_something(bench, monkeypatch):
    claims, entities, documents = bench.make_corpus(4000, seed=1)
    raw: Counter[str] = Counter()
    for name, check in list(CHECKS.items()):

        def counted(ctx, name=name, check=check):
            out = check(ctx)
            raw[name] += len(out)
            return out

        monkeypatch.setitem(CHECKS, name, counted)
    findings = run_checks(claims, entities, documents, ReasoningConfig())
    assert findings
    assert {name for name in CHECKS if raw[name] == 0} == set()
