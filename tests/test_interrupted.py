"""Interrupted runs: a run that dies (test hook or a real SIGKILL) and is rerun on the same store gives
exactly the output of an uninterrupted run; the store survives the kill intact; the output files of a
previous complete run are never left half-written.

The test hook: ``COUNTERTRIAL_DIE_AFTER=stage:N`` makes the process ``os._exit(99)`` right after the
N-th unit of that stage is committed (see countertrial.pipeline._crash_point).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, need_corpus

pytestmark = pytest.mark.slow

COMPARED = ("findings.json", "claims.json", "entities.json", "problems.json")


def _env(die_after: str | None = None) -> dict:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("COUNTERTRIAL_DIE_AFTER", None)
    if die_after:
        env["COUNTERTRIAL_DIE_AFTER"] = die_after
    return env


def _args(corpus: Path, out: Path, db: Path | None = None) -> list[str]:
    args = [sys.executable, "-m", "countertrial.cli", "analyze", str(corpus), "--out", str(out), "-q"]
    if db is not None:
        args += ["--db", str(db)]
    return args


def run(corpus: Path, out: Path, die_after: str | None = None, db: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(_args(corpus, out, db), capture_output=True, text=True, env=_env(die_after), timeout=1800)


def run_ok(corpus: Path, out: Path, db: Path | None = None) -> subprocess.CompletedProcess:
    proc = run(corpus, out, db=db)
    assert proc.returncode == 0, f"analyze failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def integrity(store: Path) -> str:
    con = sqlite3.connect(store)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def extracted_count(store: Path) -> int:
    """Documents whose extraction the (running) process has committed; 0 while the schema is not there."""
    if not store.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM stage_done WHERE stage = 'extract'").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def assert_same_output(expected: Path, got: Path) -> None:
    for name in COMPARED:
        assert (got / name).is_file(), f"{name} not written by the rerun"
        assert (got / name).read_bytes() == (expected / name).read_bytes(), (
            f"{name} after an interrupted run and a rerun differs from an uninterrupted run"
        )


def kill_when(corpus: Path, out: Path, ready, *, delay: float = 0.0, limit: float = 300.0, db: Path | None = None) -> int | None:
    """Start analyze, SIGKILL it once ``ready()`` holds (bounded wait) plus ``delay`` seconds.

    Returns the exit code if the run finished on its own before it could be killed (then there is
    nothing to resume, and the caller's checks on the rerun still hold), else None.
    """
    proc = subprocess.Popen(
        _args(corpus, out, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + limit
        while proc.poll() is None and not ready() and time.monotonic() < deadline:
            time.sleep(0.05)
        if delay and proc.poll() is None:
            time.sleep(delay)
        if proc.poll() is not None:
            return proc.returncode
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        return None
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """The example case analysed once, uninterrupted, in a fresh folder."""
    out = tmp_path_factory.mktemp("uninterrupted")
    run_ok(EXAMPLE, out)
    return out


# --- (a) + (c): the test hook ------------------------------------------------------------------------


@pytest.mark.parametrize("die_after", ["extract:2", "ingest:3"])
def test_resume_after_crash_hook(baseline, tmp_path, die_after):
    out = tmp_path / "out"
    died = run(EXAMPLE, out, die_after)
    assert died.returncode == 99, f"expected the hook to end the run with 99:\n{died.stdout}\n{died.stderr}"
    store = out / "store.sqlite"
    assert store.is_file()
    assert integrity(store) == "ok"
    assert not (out / "findings.json").exists(), "a run that died in the middle wrote findings.json"
    run_ok(EXAMPLE, out)
    assert_same_output(baseline, out)
    assert integrity(store) == "ok"


def test_resume_after_two_crashes_in_a_row(baseline, tmp_path):
    """Dying in ingest, then dying again in extract on the resumed run, then finishing."""
    out = tmp_path / "out"
    assert run(EXAMPLE, out, "ingest:2").returncode == 99
    assert run(EXAMPLE, out, "extract:1").returncode == 99
    assert integrity(out / "store.sqlite") == "ok"
    run_ok(EXAMPLE, out)
    assert_same_output(baseline, out)


# --- (b) + (c): a real SIGKILL -----------------------------------------------------------------------


@pytest.mark.parametrize("moment", ["store-appears", "mid-extract"])
def test_resume_after_sigkill(baseline, tmp_path, moment):
    out = tmp_path / "out"
    store = out / "store.sqlite"
    if moment == "store-appears":
        finished = kill_when(EXAMPLE, out, store.exists, delay=0.3)
    else:
        finished = kill_when(EXAMPLE, out, lambda: extracted_count(store) >= 2)
    assert finished in (None, 0), f"the run to be killed failed on its own with {finished}"
    if store.exists():
        assert integrity(store) == "ok"
    run_ok(EXAMPLE, out)
    assert integrity(store) == "ok"
    assert_same_output(baseline, out)


# --- (d): the previous complete output is never half-written -----------------------------------------


def test_previous_output_survives_a_crashed_rerun(baseline, tmp_path):
    """A rerun that dies (here: into the same output folder, on a fresh store so there is work to do)
    leaves the previous complete files exactly as they were."""
    out = tmp_path / "out"
    run_ok(EXAMPLE, out)
    before = {name: (out / name).read_bytes() for name in COMPARED}
    died = run(EXAMPLE, out, "extract:3", db=tmp_path / "other.sqlite")
    assert died.returncode == 99
    for name in COMPARED:
        assert (out / name).read_bytes() == before[name], f"{name} changed by a run that died before writing"
        json.loads(before[name])
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_previous_output_parses_after_sigkilled_rerun(tmp_path):
    """SIGKILL a rerun at several moments, watching findings.json the whole time: every read parses.

    The last rerun is not killed: it rewrites every file while the test keeps reading them.
    """
    out = tmp_path / "out"
    run_ok(EXAMPLE, out)
    reads = 0
    for i, delay in enumerate((1.0, 4.0, 600.0)):
        fresh_store = tmp_path / f"store-{i}.sqlite"
        proc = subprocess.Popen(
            _args(EXAMPLE, out, fresh_store), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(),
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and proc.poll() is None:
                for name in ("findings.json", "claims.json"):
                    json.loads((out / name).read_bytes())  # never a half-written file
                reads += 1
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
            if delay == 600.0:
                assert proc.returncode == 0, "the unkilled rerun failed"
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=60)
        for name in COMPARED:
            json.loads((out / name).read_text(encoding="utf-8"))
        assert "</html>" in (out / "report.html").read_text(encoding="utf-8")
    assert reads


# --- warnings about how a file was read survive an interrupted ingest -------------------------------

LATIN = "Déclaration de Jérôme Façon, reçue à Gênes.\n\nOn March 4, 1958, I met Hélène Marchetti in Genoa.\n"


@pytest.fixture(scope="module")
def latin_case(tmp_path_factory):
    """The example plus a listed latin-1 file (read with an encoding warning), analysed twice:
    uninterrupted, and killed by the hook right after latin.txt (the 10th file) was stored, then rerun."""
    import shutil

    root = tmp_path_factory.mktemp("latin-case")
    corpus = root / "case"
    shutil.copytree(EXAMPLE, corpus)
    (corpus / "latin.txt").write_bytes(LATIN.encode("latin-1"))
    with open(corpus / "manifest.csv", "a", encoding="utf-8") as fh:
        fh.write("latin.txt,Déclaration,Jérôme Façon,1959-02-02,testimony,Jérôme Façon,,\n")
    fresh = root / "fresh"
    run_ok(corpus, fresh)
    resumed = root / "resumed"
    died = run(corpus, resumed, "ingest:10")
    assert died.returncode == 99, died.stderr
    run_ok(corpus, resumed)
    return fresh, resumed


def test_resume_after_ingest_crash_same_findings(latin_case):
    fresh, resumed = latin_case
    for name in ("findings.json", "claims.json", "entities.json"):
        assert (resumed / name).read_bytes() == (fresh / name).read_bytes(), name


def test_resume_after_ingest_crash_keeps_read_warnings(latin_case):
    fresh, resumed = latin_case

    def warnings(out: Path) -> list[tuple]:
        items = json.loads((out / "problems.json").read_text(encoding="utf-8"))
        return sorted((p["file"], p["line"] or 0, p["severity"], p["message"]) for p in items)

    assert any(w[0] == "latin.txt" for w in warnings(fresh)), "test assumption: latin.txt gets a warning"
    assert warnings(resumed) == warnings(fresh)


# --- the real corpus -------------------------------------------------------------------------------


@pytest.mark.corpus
def test_resume_on_the_real_corpus(tmp_path):
    corpus = need_corpus()
    expected = tmp_path / "uninterrupted"
    run_ok(corpus, expected)

    out = tmp_path / "out"
    store = out / "store.sqlite"
    died = run(corpus, out, "extract:2")
    assert died.returncode == 99, f"{died.stdout}\n{died.stderr}"
    assert integrity(store) == "ok"
    # resume, and kill the resumed run for real once it has committed one more document
    finished = kill_when(corpus, out, lambda: extracted_count(store) >= 3)
    assert finished in (None, 0), f"the resumed run failed on its own with {finished}"
    assert integrity(store) == "ok"
    run_ok(corpus, out)
    assert integrity(store) == "ok"
    assert_same_output(expected, out)
