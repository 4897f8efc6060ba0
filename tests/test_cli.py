"""The command line's documented surface: help texts and --version (DESIGN.md: CLI with typer)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from countertrial import __version__
from countertrial.cli import app

runner = CliRunner()


def _plain(text: str) -> str:
    """Help output without ANSI colour codes and rich's box drawing, whitespace collapsed."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    text = re.sub(r"[│╭╮╰╯─]", " ", text)
    return re.sub(r"\s+", " ", text)


def _invoke(*args: str):
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    return result, _plain(result.output)


def test_top_level_help_lists_commands_with_one_line_help():
    result, text = _invoke("--help")
    assert result.exit_code == 0, result.output
    # each command with (the start of) the first line of its docstring beside it
    assert re.search(r"\banalyze\s+Run the whole pipeline on CORPUS", text), text
    assert re.search(r"\bdemo\s+Analyse the bundled fictional example case", text), text
    assert "--version" in text


def test_no_arguments_shows_help():
    result, text = _invoke()
    assert "analyze" in text and "demo" in text


def test_analyze_help_mentions_out_and_db():
    result, text = _invoke("analyze", "--help")
    assert result.exit_code == 0, result.output
    assert "--out" in text
    assert "--db" in text
    assert "CORPUS" in text
    assert "--quiet" in text


def test_demo_help_mentions_out():
    result, text = _invoke("demo", "--help")
    assert result.exit_code == 0, result.output
    assert "--out" in text


def test_version_in_process():
    result, text = _invoke("--version")
    assert result.exit_code == 0, result.output
    assert __version__ in text
    assert text.strip() == f"countertrial {__version__}"


def test_version_as_a_module_subprocess():
    """The same through ``python -m countertrial.cli`` (what the other end-to-end tests run)."""
    proc = subprocess.run(
        [sys.executable, "-m", "countertrial.cli", "--version"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"countertrial {__version__}"


@pytest.mark.parametrize("args", [["analyze"], ["analyze", "somewhere"]])
def test_analyze_missing_arguments_is_a_usage_error(args):
    result, text = _invoke(*args)
    assert result.exit_code == 2
    assert "Missing" in text


# --- countertrial claims DOC ---------------------------------------------------------------------


def test_claims_shows_what_was_read_from_a_document(tmp_path):
    from typer.testing import CliRunner

    from countertrial.cli import app

    doc = tmp_path / "note.txt"
    doc.write_text("In May 1958 Paulo Reis met Bruno Keller in Genoa.\n\nThe weather was fine.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["claims", str(doc)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "1 claims" in result.output
    assert "meeting" in result.output and "paulo reis" in result.output and "genoa" in result.output
    assert "weather" not in result.output  # sentences without claims are not shown


def test_claims_on_a_missing_or_unreadable_file(tmp_path):
    from typer.testing import CliRunner

    from countertrial.cli import app

    missing = CliRunner().invoke(app, ["claims", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    unreadable = CliRunner().invoke(app, ["claims", str(empty)], terminal_width=200)
    assert unreadable.exit_code == 1 and "empty" in unreadable.output
