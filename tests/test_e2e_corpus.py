"""End to end on the shared Moscow-trials corpus (../shared/corpus/moscow-trials; skipped when absent).

The run takes most of a minute, so it happens once for the module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import CORPUS, DEV_GOLD, need_corpus
from countertrial.ingest.readers import read_text

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

KINDS = {
    "alibi", "anachronism", "impossible_means", "chronology", "denial", "version_conflict",
    "self_contradiction", "record_mismatch", "corroboration", "dependent_corroboration",
}


@lru_cache(maxsize=None)
def canonical_text(path: Path) -> str:
    return read_text(path).text


def covers(cit: dict, passage: dict) -> bool:
    return cit["document"] == passage["document"] and cit["start"] <= passage["start"] and cit["end"] >= passage["end"]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    corpus = need_corpus()
    out = tmp_path_factory.mktemp("moscow-out")
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("COUNTERTRIAL_DIE_AFTER", None)
    proc = subprocess.run(
        [sys.executable, "-m", "countertrial.cli", "analyze", str(corpus), "--out", str(out), "-q"],
        capture_output=True, text=True, env=env, timeout=1800,
    )
    assert proc.returncode == 0, f"analyze failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="module")
def findings(out):
    return json.loads((out / "findings.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def claims(out):
    return json.loads((out / "claims.json").read_text(encoding="utf-8"))


def test_contract_files_written(out, findings, claims):
    for name in ("findings.json", "claims.json", "entities.json", "problems.json", "report.html"):
        assert (out / name).is_file(), name
    assert isinstance(json.loads((out / "entities.json").read_text(encoding="utf-8")), list)
    assert isinstance(json.loads((out / "problems.json").read_text(encoding="utf-8")), list)
    assert claims, "no claims extracted from the corpus"
    assert findings, "no findings on the corpus"
    claim_ids = {c["id"] for c in claims}
    for f in findings:
        assert f["kind"] in KINDS
        assert 0.0 <= f["confidence"] <= 1.0
        assert isinstance(f["contested"], bool)
        assert f["citations"] and f["claims"]
        assert set(f["claims"]) <= claim_ids, f["id"]


def test_every_citation_quote_is_the_document_text(findings):
    for f in findings:
        for c in f["citations"]:
            path = CORPUS / c["document"]
            assert path.is_file(), f"{f['id']} cites {c['document']!r}, not a corpus file"
            text = canonical_text(path)
            assert text[c["start"] : c["end"]] == c["quote"], (
                f"{f['id']}: quote differs from {c['document']}[{c['start']}:{c['end']}]"
            )


def test_every_claim_quote_is_the_document_text(claims):
    for c in claims:
        path = CORPUS / c["document"]
        assert path.is_file(), f"claim {c['id']} names {c['document']!r}, not a corpus file"
        assert canonical_text(path)[c["start"] : c["end"]] == c["quote"], f"claim {c['id']}"


def test_readme_is_not_evidence(findings, claims, out):
    def is_readme(doc: str) -> bool:
        return Path(doc).stem.lower() == "readme"

    assert not [c["id"] for c in claims if is_readme(c["document"])]
    assert not [f["id"] for f in findings if any(is_readme(c["document"]) for c in f["citations"])]
    problems = json.loads((out / "problems.json").read_text(encoding="utf-8"))
    assert any(p["file"] == "README.md" and p["severity"] == "warning" for p in problems), (
        "skipping README.md should be said in problems.json"
    )


def test_dev_01_alibi_is_found(findings):
    if not DEV_GOLD.is_file():
        pytest.skip(f"dev gold not at {DEV_GOLD}")
    gold = {g["id"]: g for g in json.loads(DEV_GOLD.read_text(encoding="utf-8"))}
    item = gold["dev-01"]
    assert item["kind"] == "alibi"
    hits = [
        f["id"]
        for f in findings
        if f["kind"] == "alibi"
        and any(covers(c, item["claim"]) for c in f["citations"])
        and any(covers(c, k) for c in f["citations"] for k in item["counter"])
    ]
    assert hits, "no alibi finding whose citations cover dev-01's claim and one of its counter passages"


# --- recall from the raw text, and the judged precision sample ------------------------------------------

#: Gold items the raw extraction finds today. A regression floor, not the goal (issue 4 asks for 12 of 15):
#: the closing note says why each of the others is missed.
RAW_FOUND = ("dev-01", "dev-02", "dev-03", "dev-04", "dev-06", "dev-07", "dev-08", "dev-09", "dev-10", "dev-11", "dev-12", "dev-14")
JUDGED = Path(__file__).parent / "data" / "moscow_precision_judged.json"


@pytest.mark.parametrize("item_id", RAW_FOUND)
def test_raw_text_finds_gold_item(out, item_id):
    if not DEV_GOLD.is_file():
        pytest.skip(f"dev gold not at {DEV_GOLD}")
    from countertrial.evaluate import evaluate, load_findings, load_gold

    report = evaluate(load_findings(out / "findings.json"), load_gold(DEV_GOLD))
    item = next(i for i in report.items if i.id == item_id)
    assert item.matched, f"{item_id} is no longer found from the raw text: {item.summary}"


def _same_finding(judged: dict, finding: dict) -> bool:
    """A finding is the judged one when it has the kind and cites at least half of the judged passages."""
    if judged["kind"] != finding["kind"]:
        return False
    cited = {(c["document"], c["start"], c["end"]) for c in finding["citations"]}
    wanted = {(p["document"], p["start"], p["end"]) for p in judged["passages"]}
    return len(cited & wanted) * 2 >= len(wanted)


def test_judged_precision_sample_still_holds(findings):
    """The hand-judged sample (tests/data/moscow_precision_judged.json) as a regression test.

    The share of judged findings that are real must stay at 75% or more; every finding judged real
    must still be found; and most of today's findings must be in the sample, or the sample is stale
    and must be drawn and judged again (bench/precision_sample.py).
    """
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["judged"]
    real = [j for j in judged if j["verdict"] == "real"]
    assert len(real) / len(judged) >= 0.75
    lost = [j["note"] for j in real if not any(_same_finding(j, f) for f in findings)]
    assert not lost, f"findings judged real are no longer found: {lost}"
    unjudged = [f["id"] for f in findings if not any(_same_finding(j, f) for j in judged)]
    assert len(unjudged) <= len(findings) // 4, f"the judged sample is stale; judge these: {unjudged}"
