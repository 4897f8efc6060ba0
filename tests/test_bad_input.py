"""Bad input never stops a run: each bad file (and each bad manifest row, by line) is named, in
problems.json and on stderr, and the rest of the corpus is analysed as usual.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE

pytestmark = pytest.mark.slow

LATIN_TEXT = (
    "Déclaration de Jérôme Façon, garçon de café à Gênes, reçue le 2 février 1959.\n\n"
    "On March 4, 1958, I met Hélène Marchetti in Genoa, at the Café Génois.\n"
    "Señor Núñez and Françoise Bérégovoy were present; the café was closed at noon.\n"
)

UNLISTED_TEXT = "Note by the court archivist on the numbering of the exhibits, written in 1960.\n"

# Lines of the manifest we append to the example's (header on line 1, nine rows on lines 2-10).
EXTRA_ROWS = [
    # line 11: an impossible date; the row is kept without its date
    "latin.txt,Déclaration de Jérôme Façon,Jérôme Façon,1958-13-45,testimony,Jérôme Façon,,",
    # line 12: too many fields (an unquoted comma); the row is skipped
    "junk.txt,Junk,Nobody,1958-01-01,register,Nobody,none,,extra,fields",
    # line 13: a file that is not there
    "missing.txt,Missing statement,Nobody,1958-05-01,testimony,Nobody,,",
]
BAD_DATE_LINE, TOO_MANY_LINE, MISSING_LINE = 11, 12, 13


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    env.pop("COUNTERTRIAL_DIE_AFTER", None)
    return subprocess.run(
        [sys.executable, "-m", "countertrial.cli", *args], capture_output=True, text=True, env=env, timeout=600
    )


def one_line(text: str) -> str:
    """Console output with rich's line wrapping undone."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("bad") / "case"
    shutil.copytree(EXAMPLE, corpus)
    rng = random.Random(1937)
    junk = bytearray(rng.randbytes(4096))
    junk[10:20] = b"\x00" * 10
    (corpus / "junk.txt").write_bytes(bytes(junk))
    latin = LATIN_TEXT.encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        latin.decode("utf-8")
    (corpus / "latin.txt").write_bytes(latin)
    (corpus / "empty.txt").write_bytes(b"")
    # a good file the manifest forgot: read, with a warning
    (corpus / "unlisted.txt").write_text(UNLISTED_TEXT, encoding="utf-8")
    manifest = (corpus / "manifest.csv").read_text(encoding="utf-8")
    lines = manifest.rstrip("\n").split("\n")
    assert len(lines) == BAD_DATE_LINE - 1, "the example manifest changed: fix the line numbers here"
    (corpus / "manifest.csv").write_text("\n".join(lines + EXTRA_ROWS) + "\n", encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def result(bad_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("bad-out")
    proc = run_cli("analyze", str(bad_corpus), "--out", str(out), "-q")
    return out, proc


@pytest.fixture(scope="module")
def problems(result) -> list[dict]:
    out, proc = result
    assert proc.returncode == 0, f"analyze failed on a corpus with bad files ({proc.returncode}):\n{proc.stderr}"
    return json.loads((out / "problems.json").read_text(encoding="utf-8"))


def about(problems: list[dict], file: str) -> list[dict]:
    return [p for p in problems if p["file"] == file]


def test_exit_code_zero(result):
    out, proc = result
    assert proc.returncode == 0, proc.stderr
    assert (out / "findings.json").is_file()
    assert (out / "report.html").is_file()


def test_binary_file_is_named(problems, result):
    junk = about(problems, "junk.txt")
    errors = [p for p in junk if p["severity"] == "error"]
    assert errors, f"no error about junk.txt: {junk}"
    assert any("binary" in p["message"].lower() for p in errors), errors
    assert "junk.txt" in result[1].stderr


def test_empty_file_is_named(problems, result):
    empty = [p for p in about(problems, "empty.txt") if p["severity"] == "error"]
    assert empty and any("empty" in p["message"].lower() for p in empty), about(problems, "empty.txt")
    assert "empty.txt" in result[1].stderr


def test_latin1_file_is_ingested_with_a_warning_naming_the_encoding(problems, result, bad_corpus):
    latin = about(problems, "latin.txt")
    assert latin, "no warning about latin.txt"
    assert all(p["severity"] == "warning" for p in latin), latin
    assert any(
        re.search(r"latin|cp1252|iso[-_ ]?8859|windows-1252", p["message"], re.I) for p in latin
    ), f"the warning does not name the encoding: {latin}"
    assert "latin.txt" in result[1].stderr
    # it is in the store, decoded with its accents intact
    con = sqlite3.connect(result[0] / "store.sqlite")
    try:
        row = con.execute("SELECT text FROM documents WHERE id = 'latin.txt'").fetchone()
    finally:
        con.close()
    assert row is not None, "latin.txt was not ingested"
    assert "Jérôme Façon" in row[0] and "Hélène Marchetti" in row[0] and "\ufffd" not in row[0]


def test_manifest_problems_name_their_lines(problems, result):
    manifest = about(problems, "manifest.csv")
    by_line: dict[int | None, list[dict]] = {}
    for p in manifest:
        by_line.setdefault(p["line"], []).append(p)
    bad_date = by_line.get(BAD_DATE_LINE, [])
    assert any("1958-13-45" in p["message"] or "date" in p["message"].lower() for p in bad_date), manifest
    too_many = by_line.get(TOO_MANY_LINE, [])
    assert any(p["severity"] == "error" and "field" in p["message"].lower() for p in too_many), manifest
    missing = by_line.get(MISSING_LINE, [])
    assert any(p["severity"] == "error" and "missing.txt" in p["message"] for p in missing), manifest
    stderr = one_line(result[1].stderr)
    for line in (BAD_DATE_LINE, TOO_MANY_LINE, MISSING_LINE):
        assert f"manifest.csv:{line}" in stderr, f"stderr does not point at manifest line {line}"


def test_unlisted_file_is_read_with_one_warning(problems, result):
    unlisted = about(problems, "unlisted.txt")
    assert len(unlisted) == 1 and unlisted[0]["severity"] == "warning", unlisted
    assert "not listed" in unlisted[0]["message"]
    assert "unlisted.txt" in result[1].stderr


def test_refused_files_are_not_said_to_be_ingested(problems):
    for name in ("junk.txt", "empty.txt"):
        assert not [p for p in about(problems, name) if "ingested" in p["message"]], about(problems, name)


def test_no_problem_about_good_files(problems):
    """The example's own documents are fine: no error names them."""
    good = {p.name for p in EXAMPLE.iterdir() if p.suffix in {".txt", ".md", ".html"}} - {"README.md"}
    assert not [p for p in problems if p["file"] in good and p["severity"] == "error"]


def test_rest_of_corpus_still_analysed(result):
    out, proc = result
    assert proc.returncode == 0
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    claims = json.loads((out / "claims.json").read_text(encoding="utf-8"))
    gold = json.loads((EXAMPLE / "gold.json").read_text(encoding="utf-8"))
    alibi = next(g for g in gold if g["kind"] == "alibi")
    claim = alibi["claim"]
    assert any(
        f["kind"] == "alibi"
        and any(c["document"] == claim["document"] and c["start"] < claim["end"] and claim["start"] < c["end"]
                for c in f["citations"])
        for f in findings
    ), "the example's alibi finding is gone once bad files are added"
    docs = {c["document"] for c in claims}
    assert not docs & {"junk.txt", "empty.txt", "missing.txt"}
    assert {"02_trial_record.txt", "06_register_extracts.txt"} <= docs


def test_latin1_claims_quote_the_decoded_text(result, bad_corpus):
    claims = json.loads((result[0] / "claims.json").read_text(encoding="utf-8"))
    text = (bad_corpus / "latin.txt").read_bytes().decode("latin-1")
    latin = [c for c in claims if c["document"] == "latin.txt"]
    assert latin, "no claim extracted from latin.txt (its meeting sentence is plain English)"
    for c in latin:
        assert text[c["start"] : c["end"]] == c["quote"], c["id"]
    assert any("Hélène Marchetti" in c["quote"] for c in latin)


# --- rerunning on the same store --------------------------------------------------------------------


@pytest.fixture(scope="module")
def rerun(result, bad_corpus, tmp_path_factory) -> Path:
    """The same corpus analysed again on (a copy of) the first run's store: nothing changed on disk."""
    first_out, first = result
    assert first.returncode == 0, first.stderr
    out = tmp_path_factory.mktemp("bad-rerun") / "out"
    shutil.copytree(first_out, out)
    proc = run_cli("analyze", str(bad_corpus), "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    return out


def _problem_key(p: dict) -> tuple:
    return (p["file"], p["line"] or 0, p["severity"], p["message"])


def test_rerun_keeps_findings_and_claims(result, rerun):
    for name in ("findings.json", "claims.json", "entities.json"):
        assert (rerun / name).read_bytes() == (result[0] / name).read_bytes(), name


def test_rerun_does_not_repeat_problems(problems, rerun):
    again = json.loads((rerun / "problems.json").read_text(encoding="utf-8"))
    assert sorted(map(_problem_key, again)) == sorted(map(_problem_key, problems))


def test_rerun_problems_json_is_identical(result, rerun):
    assert (rerun / "problems.json").read_bytes() == (result[0] / "problems.json").read_bytes()


# --- not a corpus folder ---------------------------------------------------------------------------


def test_analyze_a_file_is_refused(tmp_path):
    not_a_folder = tmp_path / "statement.txt"
    not_a_folder.write_text("On March 4, 1958, I met Jovanović in Genoa.\n", encoding="utf-8")
    proc = run_cli("analyze", str(not_a_folder), "--out", str(tmp_path / "out"), "-q")
    assert proc.returncode != 0
    message = one_line(proc.stderr + proc.stdout).replace(" ", "")
    assert str(not_a_folder).replace(" ", "") in message, proc.stderr
    assert "notafolder" in message.lower() or "folder" in message.lower(), proc.stderr
    assert "Traceback" not in proc.stderr


def test_analyze_a_missing_path_is_refused(tmp_path):
    nowhere = tmp_path / "no-such-corpus"
    proc = run_cli("analyze", str(nowhere), "--out", str(tmp_path / "out"), "-q")
    assert proc.returncode != 0
    assert str(nowhere).replace(" ", "") in one_line(proc.stderr + proc.stdout).replace(" ", ""), proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "findings.json").exists()
