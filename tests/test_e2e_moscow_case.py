"""The analyst's case file for the Moscow-trials corpus: the engine must find every dev-gold item.

The case file carries people, places and the analyst's claims (by offsets, no copied text); the
findings are the engine's. Skipped when the shared corpus is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import DEV_GOLD, ROOT, need_corpus
from countertrial.evaluate import evaluate

CASE = ROOT / "examples" / "moscow-trials" / "case.yaml"

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    corpus = need_corpus()
    out = tmp_path_factory.mktemp("mt-case")
    subprocess.run(
        [sys.executable, "-m", "countertrial.cli", "analyze", str(corpus), "--out", str(out), "--case", str(CASE), "-q"],
        check=True,
        capture_output=True,
    )
    return json.loads((out / "findings.json").read_text(encoding="utf-8")), json.loads((out / "problems.json").read_text(encoding="utf-8"))


def test_the_case_file_loads_without_problems(findings):
    _, problems = findings
    assert [p for p in problems if p["file"] == "case.yaml"] == []


def test_every_dev_gold_item_is_found(findings):
    found, _ = findings
    report = evaluate(found, json.loads(DEV_GOLD.read_text(encoding="utf-8")))
    assert report.to_dict()["recall"] == 1.0, report.to_dict()
