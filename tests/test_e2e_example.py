"""End to end on the bundled fictional case: `countertrial analyze examples/harbour-affair`.

Checks the contracts of DESIGN.md ("Contracts that others depend on") on the files the CLI writes:
shapes of findings.json / claims.json, every quote verifiable against the canonical document text,
the gold alibi found, deterministic output, and a report that loads nothing from the network and
never lets document text become markup.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import EXAMPLE
from countertrial.ingest.readers import read_text

pytestmark = pytest.mark.slow

KINDS = {
    "alibi",
    "anachronism",
    "impossible_means",
    "chronology",
    "denial",
    "version_conflict",
    "self_contradiction",
    "record_mismatch",
    "corroboration",
    "dependent_corroboration",
}
CONTRACT_FILES = ("findings.json", "claims.json", "entities.json", "problems.json", "report.html")


def run_cli(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    full_env.pop("COUNTERTRIAL_DIE_AFTER", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "countertrial.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


def analyze(corpus: Path, out: Path) -> subprocess.CompletedProcess:
    proc = run_cli("analyze", str(corpus), "--out", str(out), "-q")
    assert proc.returncode == 0, f"analyze failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


@lru_cache(maxsize=None)
def canonical_text(path: Path) -> str:
    return read_text(path).text


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("example-out")
    proc = analyze(EXAMPLE, out)
    return out, proc


@pytest.fixture(scope="module")
def findings(run):
    return json.loads((run[0] / "findings.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def claims(run):
    return json.loads((run[0] / "claims.json").read_text(encoding="utf-8"))


# --- files and shapes ---------------------------------------------------------------------------


def test_contract_files_exist_and_parse(run):
    out, proc = run
    for name in CONTRACT_FILES:
        assert (out / name).is_file(), f"{name} not written"
    for name in CONTRACT_FILES[:4]:
        assert isinstance(json.loads((out / name).read_text(encoding="utf-8")), list), name
    assert "<html" in (out / "report.html").read_text(encoding="utf-8").lower()
    # no temporary files of the atomic writes left behind
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert f"Report: {(out / 'report.html').resolve()}" in proc.stdout.replace("\n", "")


def test_findings_have_the_contract_fields(findings, claims):
    assert findings, "no findings at all on the example case"
    claim_ids = {c["id"] for c in claims}
    ids = [f["id"] for f in findings]
    assert len(ids) == len(set(ids)), "finding ids are not unique"
    for f in findings:
        where = f.get("id")
        assert isinstance(f["id"], str) and f["id"], where
        assert f["kind"] in KINDS, (where, f["kind"])
        assert isinstance(f["summary"], str) and f["summary"].strip(), where
        assert isinstance(f["confidence"], (int, float)) and not isinstance(f["confidence"], bool), where
        assert 0.0 <= f["confidence"] <= 1.0, (where, f["confidence"])
        assert isinstance(f["contested"], bool), where
        assert isinstance(f["citations"], list) and f["citations"], where
        for c in f["citations"]:
            assert set(c) >= {"document", "start", "end", "quote"}, (where, c)
            assert isinstance(c["document"], str) and isinstance(c["start"], int) and isinstance(c["end"], int)
            assert 0 <= c["start"] < c["end"], (where, c)
        assert isinstance(f["claims"], list) and f["claims"], where
        missing = [cid for cid in f["claims"] if cid not in claim_ids]
        assert not missing, f"{where} names claims not in claims.json: {missing}"


def test_claims_have_ids_and_passages(claims):
    assert claims
    ids = [c["id"] for c in claims]
    assert len(ids) == len(set(ids)), "claim ids are not unique"
    for c in claims:
        assert set(c) >= {"id", "document", "start", "end", "quote"}, c.get("id")
        assert 0 <= c["start"] < c["end"], c["id"]


def test_contradictions_cite_every_claim(findings, claims):
    """DESIGN.md: citations name the passage of every claim the finding rests on (both sides)."""
    by_id = {c["id"]: c for c in claims}
    for f in findings:
        cited = {(c["document"], c["start"], c["end"]) for c in f["citations"]}
        for cid in f["claims"]:
            claim = by_id[cid]
            assert any(
                doc == claim["document"] and s <= claim["start"] and e >= claim["end"] for doc, s, e in cited
            ), f"{f['id']}: claim {cid} ({claim['document']}:{claim['start']}-{claim['end']}) is not cited"
        if f["kind"] not in {"corroboration", "dependent_corroboration", "self_contradiction"}:
            assert len(f["citations"]) >= 2, f"{f['id']} ({f['kind']}) cites only one side"


# --- every quote is verifiable ------------------------------------------------------------------


def test_every_citation_quote_is_the_document_text(findings):
    checked = 0
    for f in findings:
        for c in f["citations"]:
            path = EXAMPLE / c["document"]
            assert path.is_file(), f"{f['id']} cites {c['document']!r}, not a file of the corpus"
            text = canonical_text(path)
            assert c["end"] <= len(text), (f["id"], c)
            assert text[c["start"] : c["end"]] == c["quote"], (
                f"{f['id']}: quote differs from {c['document']}[{c['start']}:{c['end']}]:\n"
                f"  quote: {c['quote']!r}\n  text:  {text[c['start']:c['end']]!r}"
            )
            checked += 1
    assert checked


def test_every_claim_quote_is_the_document_text(claims):
    for c in claims:
        path = EXAMPLE / c["document"]
        assert path.is_file(), f"claim {c['id']} names {c['document']!r}, not a file of the corpus"
        text = canonical_text(path)
        assert text[c["start"] : c["end"]] == c["quote"], (
            f"claim {c['id']}: quote differs from {c['document']}[{c['start']}:{c['end']}]"
        )


def test_html_document_offsets_point_into_visible_text(claims, findings):
    """The HTML newspaper is cited by offsets into its visible text, never into the markup."""
    html_docs = {c["document"] for c in claims if c["document"].endswith(".html")}
    html_docs |= {c["document"] for f in findings for c in f["citations"] if c["document"].endswith(".html")}
    for doc in html_docs:
        text = canonical_text(EXAMPLE / doc)
        assert "<p" not in text and "</" not in text, f"{doc}: canonical text still has markup"


# --- the gold alibi ------------------------------------------------------------------------------


def test_gold_alibi_is_found(findings):
    gold = json.loads((EXAMPLE / "gold.json").read_text(encoding="utf-8"))
    gold_alibis = [g for g in gold if g["kind"] == "alibi"]
    assert gold_alibis, "gold.json has no alibi item"
    for g in gold_alibis:
        claim = g["claim"]
        hit = []
        for f in findings:
            if f["kind"] != "alibi":
                continue
            cits = f["citations"]
            on_claim = any(
                c["document"] == claim["document"] and overlaps(c["start"], c["end"], claim["start"], claim["end"])
                for c in cits
            )
            on_counter = any(
                c["document"] == k["document"] and overlaps(c["start"], c["end"], k["start"], k["end"])
                for c in cits
                for k in g["counter"]
            )
            if on_claim and on_counter:
                hit.append(f["id"])
        assert hit, f"no alibi finding cites both the claim and a counter passage of gold item {g['id']}"


# --- determinism ---------------------------------------------------------------------------------


def test_two_fresh_runs_are_byte_identical(run, tmp_path):
    out1 = run[0]
    out2 = tmp_path / "again"
    analyze(EXAMPLE, out2)
    for name in ("findings.json", "claims.json", "entities.json"):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), f"{name} differs between two runs"


# --- the report ------------------------------------------------------------------------------------

_REMOTE = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
_CSS_REMOTE = re.compile(r"""(?:url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//)""", re.I)


def test_report_loads_nothing_from_the_network(run):
    html = (run[0] / "report.html").read_text(encoding="utf-8")
    assert not _REMOTE.search(html), _REMOTE.search(html).group(0)
    assert not _CSS_REMOTE.search(html)
    assert len(re.findall(r"<script\b", html, re.I)) <= 5, "more than the report's own inline scripts (libraries, filter, views, data)"
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//", html, re.I)


HOSTILE = (
    "Statement of Pierre Vasseur, dockhand.\n\n"
    'On March 4, 1958, I saw Dragan Jovanović in Genoa. <script>alert("pwned-body")</script> '
    '<img src="http://evil.example/pixel.png" onerror="alert(1)"> '
    '<a href="https://evil.example/">link</a>\n'
)


def test_report_never_turns_document_text_into_markup(tmp_path):
    """Document text and manifest fields carrying markup show as text, not as scripts or remote loads."""
    corpus = tmp_path / "case"
    shutil.copytree(EXAMPLE, corpus)
    (corpus / "10_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    with open(corpus / "manifest.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            ["10_hostile.txt", '<script>alert("pwned-title")</script>', "<b>Mallory</b>", "1959-01-02",
             "testimony", "Pierre Vasseur", '"><script>alert("pwned-cond")</script>', ""]
        )
    out = tmp_path / "out"
    analyze(corpus, out)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "pwned-body" in html, "the hostile document's text is not in the report at all (test assumption)"
    for marker in ("pwned-body", "pwned-title", "pwned-cond"):
        # (The views' JSON data block holds document text as data, with every "<" escaped: not a script.)
        assert not re.search(r"<script(?![^>]*application/json)[^>]*>[^<]*" + marker, html), f"{marker}: document text became a script"
    assert "<img src=\"http://evil.example" not in html
    assert not _REMOTE.search(html), _REMOTE.search(html).group(0)
    assert "<b>Mallory</b>" not in html
    assert len(re.findall(r"<script\b", html, re.I)) <= 5  # the libraries, the filter, the views and their data


# --- demo ----------------------------------------------------------------------------------------


def test_demo_prints_the_report_path(tmp_path):
    out = tmp_path / "demo"
    proc = run_cli("demo", "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    m = re.search(r"Report:\s*(\S.*?report\.html)", proc.stdout.replace("\n", ""))
    assert m, proc.stdout
    report = Path(m.group(1).strip())
    assert report.is_file(), report
    assert report.resolve() == (out / "report.html").resolve()
    assert json.loads((out / "findings.json").read_text(encoding="utf-8"))
