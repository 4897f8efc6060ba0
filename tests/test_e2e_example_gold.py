"""End to end: the bundled example case yields every planted finding and flags none of its near misses.

The example (examples/harbour-affair) documents in gold.json the 14 findings the tool must produce and
in near_misses.json 22 look-alikes it must not report. The findings come from the engine, run on the
documents, the manifest and the analyst's case file (which adds claims cited by offsets); this test
runs the real command once and scores its findings.json the way ``countertrial evaluate
--near-misses`` does.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from countertrial.evaluate import check_near_misses, evaluate, load_findings, load_gold, load_near_misses

from conftest import EXAMPLE

pytestmark = pytest.mark.slow

GOLD = EXAMPLE / "gold.json"
NEAR_MISSES = EXAMPLE / "near_misses.json"


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("harbour-affair")
    subprocess.run(
        [sys.executable, "-m", "countertrial.cli", "analyze", str(EXAMPLE), "--out", str(out), "-q"],
        check=True,
        capture_output=True,
        text=True,
    )
    return load_findings(out / "findings.json")


@pytest.fixture(scope="module")
def report(findings):
    rep = evaluate(findings, load_gold(GOLD))
    return check_near_misses(rep, findings, load_near_misses(NEAR_MISSES))


def test_every_gold_item_is_found(report):
    missed = [(i.id, i.kind, i.summary) for i in report.missed]
    assert not missed, f"gold items not found: {missed}"
    assert report.matched == report.total == 14


@pytest.mark.parametrize("item_id", [f"ha-{n:02d}" for n in range(1, 15)])
def test_gold_item_found_with_its_kind(report, item_id):
    item = next(i for i in report.items if i.id == item_id)
    assert item.matched, f"{item_id} ({item.kind}) not found: {item.summary}"
    assert item.kind_ok, f"{item_id} is found as {item.finding_kind} ({item.finding}), not as {item.kind}"


def test_no_near_miss_is_flagged(report):
    assert len(report.near_misses) == 22
    flagged = {n["id"]: n["flagged_by"] for n in report.near_misses if n["flagged_by"]}
    assert not flagged, f"near misses reported as findings: {json.dumps(flagged)}"
