"""Exports (issue 5): CSV, JSON, GraphML, GEXF, Argdown and FollowTheMoney from an analysed case.

One analysis of the bundled example (examples/harbour-affair) per module, then `countertrial export`
on its output folder, and the files read back with the tools their users have: ``csv``, networkx,
followthemoney. Untrusted document text is injected where the corpus has none (a quote that is a
spreadsheet formula, one full of Argdown syntax) by copying the real data with one claim changed.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from followthemoney import model as ftm_model

from conftest import EXAMPLE
from countertrial.model import Citation
from countertrial.present.exports import FORMATS, export, parse_formats
from countertrial.present.exports.argdown import argdown_text
from countertrial.present.exports.csvfiles import ENCODING, FORMULA_STARTS, unneutralise, write_csv
from countertrial.present.exports.ftm import FTM_FILE, ftm_lines
from countertrial.present.exports.jsonfiles import BUNDLE_FILE, BUNDLE_VERSION
from countertrial.reason.network import CONTACT_KINDS, is_person

pytestmark = pytest.mark.slow

EXPORT_FILES = {
    "findings.csv", "citations.csv", "claims.csv",
    "findings.json", "claims.json", BUNDLE_FILE,
    "network.graphml", "network.gexf",
    "analysis.argdown",
    FTM_FILE,
}
EVIL = "=cmd|' /C calc'!A0 [Hotel Bristol]: <Sedov> #tag {x: 1} @[other] // not a comment\n- not an attack *bold* _it_ ===\\"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("COUNTERTRIAL_DIE_AFTER", None)
    return subprocess.run(
        [sys.executable, "-m", "countertrial.cli", *args], capture_output=True, text=True, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "out"
    proc = run_cli("analyze", str(EXAMPLE), "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def exported(analysed) -> tuple[Path, subprocess.CompletedProcess]:
    proc = run_cli("export", str(analysed))
    assert proc.returncode == 0, proc.stderr
    return analysed / "exports", proc


@pytest.fixture(scope="module")
def data(analysed):
    from countertrial.pipeline import build_report_data
    from countertrial.store.db import database_url, open_store

    store = open_store(database_url(None, analysed))
    try:
        return build_report_data(store, "harbour-affair")
    finally:
        store.close()


def with_evil_quote(data, text: str = EVIL):
    """A copy of the data whose first claim, and the first citation of the first finding, quote ``text``."""
    from dataclasses import replace

    claim = data.claims[0].model_copy(update={"quote": text})
    f = data.findings[0]
    cites = [Citation(document=f.citations[0].document, start=0, end=len(text), quote=text), *f.citations[1:]]
    finding = f.model_copy(update={"citations": cites, "summary": "+" + f.summary, "claims": [claim.id, *f.claims]})
    return replace(data, claims=[claim, *data.claims[1:]], findings=[finding, *data.findings[1:]])


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding=ENCODING, newline="") as fh:
        return list(csv.DictReader(fh))


# --- the command ------------------------------------------------------------------------------------


def test_cli_writes_every_format(exported):
    folder, proc = exported
    assert {p.name for p in folder.iterdir()} == EXPORT_FILES
    assert {Path(line).name for line in proc.stdout.split()} == EXPORT_FILES
    assert not list(folder.glob(".*.tmp")), "a temporary file was left behind"


def test_cli_format_and_to(analysed, tmp_path):
    proc = run_cli("export", str(analysed), "--format", "gexf,argdown", "--to", str(tmp_path / "x"))
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in (tmp_path / "x").iterdir()} == {"network.gexf", "analysis.argdown"}


def test_cli_without_store_fails_clearly(tmp_path):
    proc = run_cli("export", str(tmp_path))
    assert proc.returncode == 2
    assert "no store" in proc.stderr and "analyze" in proc.stderr
    assert not (tmp_path / "store.sqlite").exists(), "the export must not create an empty store"
    missing = run_cli("export", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no store" in missing.stderr


def test_cli_unknown_format(analysed):
    proc = run_cli("export", str(analysed), "--format", "csv,xls")
    assert proc.returncode == 2
    assert "xls" in proc.stderr and "argdown" in proc.stderr


def test_parse_formats():
    assert parse_formats(None) == list(FORMATS) == parse_formats("all")
    assert parse_formats(["ftm", "CSV "]) == ["ftm", "csv"]
    with pytest.raises(ValueError, match="unknown format pdf"):
        parse_formats("pdf")


# --- CSV --------------------------------------------------------------------------------------------


def test_findings_csv_round_trips(exported, analysed):
    folder, _ = exported
    findings = json.loads((analysed / "findings.json").read_text(encoding="utf-8"))
    assert (folder / "findings.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_csv(folder / "findings.csv")
    assert len(rows) == len(findings) > 0
    for row, f in zip(rows, findings):
        assert row["id"] == f["id"] and row["kind"] == f["kind"]
        assert float(row["confidence"]) == pytest.approx(f["confidence"])
        assert row["contested"] == ("true" if f["contested"] else "false")
        assert row["claims"].split("; ") == f["claims"]
        assert row["citations"].split("; ") == [f"{c['document']}:{c['start']}-{c['end']}" for c in f["citations"]]
        assert unneutralise(row["summary"]) == f["summary"]
        assert row["quotes"].startswith("[1] ")
    cites = read_csv(folder / "citations.csv")
    assert len(cites) == sum(len(f["citations"]) for f in findings)
    expected = [(f["id"], c) for f in findings for c in f["citations"]]
    for row, (fid, c) in zip(cites, expected):
        assert (row["finding"], row["document"], int(row["start"]), int(row["end"])) == (fid, c["document"], c["start"], c["end"])
        assert unneutralise(row["quote"]) == c["quote"]


def test_claims_csv_round_trips(exported, analysed):
    folder, _ = exported
    claims = json.loads((analysed / "claims.json").read_text(encoding="utf-8"))
    rows = read_csv(folder / "claims.csv")
    assert len(rows) == len(claims) > 0
    for row, c in zip(rows, claims):
        assert row["id"] == c["id"] and row["kind"] == c["kind"] and row["document"] == c["document"]
        assert (int(row["start"]), int(row["end"])) == (c["start"], c["end"])
        assert unneutralise(row["quote"]) == c["quote"]
        assert row["speaker"] == (c["speaker"] or "")
        assert (row["polarity"], row["modality"]) == (c["polarity"], c["modality"])
        assert row["participants"] == "; ".join(p["entity"] for p in c["participants"])
        assert row["time_earliest"] == ((c["time"] or {}).get("earliest") or "")


def test_csv_neutralises_formulas(data, tmp_path):
    write_csv(with_evil_quote(data), tmp_path)
    claims = read_csv(tmp_path / "claims.csv")
    assert claims[0]["quote"] == "'" + EVIL
    assert unneutralise(claims[0]["quote"]) == EVIL
    findings = read_csv(tmp_path / "findings.csv")
    assert findings[0]["summary"].startswith("'+")
    assert read_csv(tmp_path / "citations.csv")[0]["quote"] == "'" + EVIL
    for name in ("claims.csv", "findings.csv", "citations.csv"):
        with (tmp_path / name).open(encoding=ENCODING, newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell.startswith(FORMULA_STARTS), (name, cell[:40])


# --- JSON and GraphML -------------------------------------------------------------------------------


def test_json_matches_the_analyze_contract(exported, analysed):
    folder, _ = exported
    for name in ("findings.json", "claims.json"):
        assert json.loads((folder / name).read_text(encoding="utf-8")) == json.loads((analysed / name).read_text(encoding="utf-8"))
    bundle = json.loads((folder / BUNDLE_FILE).read_text(encoding="utf-8"))
    assert bundle["format"] == "countertrial-export" and bundle["version"] == BUNDLE_VERSION
    assert len(bundle["findings"]) == len(json.loads((analysed / "findings.json").read_text(encoding="utf-8")))
    assert bundle["documents"] and all("text" not in d and len(d["sha256"]) == 64 for d in bundle["documents"])
    assert bundle["hypotheses"]["hypotheses"], "the example's case file states hypotheses"
    assert bundle["network"]["edges"]


def test_graphml_is_the_one_analyze_writes(exported, analysed):
    folder, _ = exported
    assert (folder / "network.graphml").read_bytes() == (analysed / "network.graphml").read_bytes()


# --- GEXF -------------------------------------------------------------------------------------------


def test_gexf_parses_back_with_the_same_graph(exported, data):
    folder, _ = exported
    g = nx.read_gexf(folder / "network.gexf")
    net = data.network
    assert (g.number_of_nodes(), g.number_of_edges()) == (net.number_of_nodes(), net.number_of_edges())
    assert net.number_of_edges() > 0
    assert set(g.nodes) == set(net.nodes)
    for u, v, attrs in net.edges(data=True):
        back = g.edges[u, v]
        assert back["status"] == attrs["status"]
        assert back["claims"] == "; ".join(attrs["claims"])
        assert back["weight"] == attrs["claim_count"]
    for n, attrs in net.nodes(data=True):
        assert g.nodes[n]["label"] == attrs["name"]
    assert "lastmodifieddate" not in (folder / "network.gexf").read_text(encoding="utf-8")


# --- Argdown ----------------------------------------------------------------------------------------

_ESCAPED = re.compile(r"\\.")
_ARG_DEF = re.compile(r"^<([^>]+)>: ", re.M)
_STMT_DEF = re.compile(r"^\[([^\]]+)\]: ", re.M)


def _references(text: str) -> tuple[set[str], set[str]]:
    plain = _ESCAPED.sub("", text)
    return set(re.findall(r"<([^>\n]+)>", plain)), set(re.findall(r"\[([^\]\n]+)\]", plain))


def test_argdown_has_one_argument_per_finding(exported, data):
    folder, _ = exported
    text = (folder / "analysis.argdown").read_text(encoding="utf-8")
    arguments = _ARG_DEF.findall(text)
    assert len(arguments) == len(data.findings) == len(set(arguments))
    for f in data.findings:
        assert any(a.endswith(f.id) for a in arguments)
    statements = set(_STMT_DEF.findall(text))
    assert {h["id"] for h in data.hypotheses["hypotheses"]} <= statements
    args_used, stmts_used = _references(text)
    assert args_used <= set(arguments), "a relation names an argument that is not defined"
    assert stmts_used <= statements, "a relation names a statement that is not defined"
    # a refuting finding attacks at least one claim, a corroboration supports its claims
    blocks = {m.group(1): text[m.end():].split("\n\n", 1)[0] for m in _ARG_DEF.finditer(text)}
    for f in data.findings:
        block = next(b for a, b in blocks.items() if a.endswith(f.id))
        if f.kind in ("corroboration", "dependent_corroboration"):
            assert "\n  +> [" in block
        else:
            assert "\n  -> [" in block
    assert text.startswith("===\n") and "\n# Findings\n" in text


def test_argdown_escapes_document_text(data):
    evil = with_evil_quote(data)
    text = argdown_text(evil)
    titles = set(_ARG_DEF.findall(text)) | set(_STMT_DEF.findall(text))
    args_used, stmts_used = _references(text)
    assert args_used | stmts_used <= titles, "document text produced a bracket Argdown would read"
    assert "Hotel Bristol" in text and "Sedov" in text  # the text is kept, only escaped
    evil_lines = [line for line in text.splitlines() if "Hotel Bristol" in line]
    assert len(evil_lines) >= 2  # the claim statement and the finding's passages
    for line in text.splitlines():
        assert not line.startswith("- not an attack"), "a line break in a quote started a relation"
    for line in evil_lines:
        plain = _ESCAPED.sub("", line)  # what Argdown reads as syntax once escapes are consumed
        for syntax in ("//", "#tag", "{", "@", "*", "===", "\\"):
            assert syntax not in plain, (syntax, line)
    assert "\\[Hotel Bristol\\]" in text and "\\<Sedov\\>" in text


# --- FollowTheMoney ---------------------------------------------------------------------------------


def test_ftm_entities_validate(exported, data):
    folder, _ = exported
    lines = (folder / FTM_FILE).read_text(encoding="utf-8").splitlines()
    entities = [json.loads(line) for line in lines]
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)), "entity ids must be unique"
    known = set(ids)
    for d in entities:
        proxy = ftm_model.get_proxy(d)  # raises on an unknown schema
        assert proxy.to_dict() == d, "the entity does not survive a round trip through FtM"
        schema = proxy.schema
        assert not schema.abstract
        for prop in schema.required:
            assert proxy.get(prop), f"{schema.name} {d['id']} lacks required {prop}"
        if schema.is_a("Document"):
            assert proxy.get("fileName") or proxy.get("title")
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= known, f"{schema.name}.{prop.name} points outside the file"
            for value in proxy.get(prop):
                assert prop.type.clean(value) is not None, (prop.name, value)
    schemata = {e["schema"] for e in entities}
    assert {"Person", "Address", "UnknownLink", "Documentation", "Note"} <= schemata
    assert schemata & {"PlainText", "HyperText", "Pages"}


def test_ftm_links_are_the_claimed_contacts_with_provenance(exported, data):
    folder, _ = exported
    entities = [json.loads(line) for line in (folder / FTM_FILE).read_text(encoding="utf-8").splitlines()]
    ents = {e.id: e for e in data.entities}
    expected = {}
    for c in data.claims:
        if c.kind in CONTACT_KINDS and c.polarity == "affirmed":
            people = list(dict.fromkeys(p.entity for p in c.participants if is_person(p.entity, ents)))
            expected[c.id] = len(list(combinations(people, 2)))
    links = [e for e in entities if e["schema"] == "UnknownLink"]
    assert len(links) == sum(expected.values()) > 0
    claims = {c.id: c for c in data.claims}
    docs = {e["properties"]["fileName"][0]: e["id"] for e in entities if "fileName" in e["properties"]}
    for link in links:
        p = link["properties"]
        claim = claims[p["recordId"][0]]
        assert f"{claim.document}:{claim.start}-{claim.end}" in p["description"][0]
        assert claim.quote.split()[0] in p["description"][0]
        assert p["proof"] == [docs[claim.document.rsplit("/", 1)[-1]]]
        assert p["status"][0] in ("asserted", "corroborated", "refuted", "contested")


def test_ftm_ids_are_stable(data):
    assert ftm_lines(data) == ftm_lines(data)
    people = [json.loads(line) for line in ftm_lines(data).splitlines() if '"Person"' in line]
    assert all(re.fullmatch(r"[0-9a-f]{40}", p["id"]) for p in people)


def test_exports_are_deterministic(data, tmp_path):
    a = export(data, tmp_path / "a")
    b = export(data, tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b]
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


@pytest.mark.parametrize("module", ["__init__", "argdown", "common", "csvfiles", "ftm", "gexf", "jsonfiles"])
def test_docstring_examples(module):
    import doctest
    import importlib

    name = "countertrial.present.exports" + ("" if module == "__init__" else f".{module}")
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
