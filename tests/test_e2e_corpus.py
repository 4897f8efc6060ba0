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
