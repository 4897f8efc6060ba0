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
    return (
        json.loads((out / "findings.json").read_text(encoding="utf-8")),
        json.loads((out / "problems.json").read_text(encoding="utf-8")),
        json.loads((out / "hypotheses.json").read_text(encoding="utf-8")),
    )


def test_the_case_file_loads_without_problems(findings):
    _, problems, _ = findings
    assert [p for p in problems if p["file"] == "case.yaml"] == []


def test_every_dev_gold_item_is_found(findings):
    found, _, _ = findings
    report = evaluate(found, json.loads(DEV_GOLD.read_text(encoding="utf-8")))
    assert report.to_dict()["recall"] == 1.0, report.to_dict()


def test_every_dev_gold_item_is_found_with_its_kind(findings):
    # The verdict and the prosecution's account are documents of the case file: the verdict's claims are
    # checked against their record (record_mismatch), and the indictment's two accounts of one letter are
    # its own contradiction (self_contradiction), not two witnesses' versions.
    found, _, _ = findings
    report = evaluate(found, json.loads(DEV_GOLD.read_text(encoding="utf-8")))
    wrong = {i.id: (i.gold_kind, i.finding_kind) for i in report.items if not i.kind_ok}
    assert wrong == {}, wrong


def test_the_hypothesis_matrix_weighs_quoted_records_apart_from_the_speech_quoting_them(findings):
    _, _, hyp = findings
    assert hyp["ranking"][0] == "H1"
    groups = {d["item"]: d["group"] for d in hyp["items"]}
    # The consular visa and the frontier seals, quoted in Trotsky's speech, are lines of their own.
    assert groups["sedov-visa-berlin"] != groups["sedov-frontier-seals"]
    assert "000_9b5d261b07295a84.txt" not in groups["sedov-visa-berlin"].split("+")
    # Every collapsed group says why.
    assert set(hyp["collapsed_because"]) == set(hyp["collapsed_groups"])
