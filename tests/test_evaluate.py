"""Scoring findings against gold: what matches (one finding, claim + a counter), what does not, and errors."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Annotated, Optional

import pytest
import typer
from typer.testing import CliRunner

from countertrial.evaluate import (
    EvaluationInputError,
    canonical_kind,
    check_near_misses,
    coverage,
    evaluate,
    evaluate_command,
    format_report,
    load_findings,
    load_gold,
)


def passage(doc: str, start: int, end: int) -> dict:
    return {"document": doc, "start": start, "end": end, "quote": "x" * (end - start)}


def finding(fid: str, kind: str, *cits: dict, confidence: float = 0.5) -> dict:
    return {"id": fid, "kind": kind, "summary": f"{kind} {fid}", "confidence": confidence, "contested": False, "citations": list(cits), "claims": []}


def gold_item(gid: str, kind: str, claim: dict, *counter: dict) -> dict:
    return {"id": gid, "kind": kind, "summary": f"gold {gid}", "claim": claim, "counter": list(counter)}


# A gold alibi: the claim is a clause at a.txt[100:140]; the counters are clauses in b.txt.
G1 = gold_item("g1", "alibi", passage("a.txt", 100, 140), passage("b.txt", 10, 50), passage("b.txt", 200, 220))


def test_sentence_citations_cover_clause_passages():
    # The engine cites whole sentences around the gold clauses: overlap, not equality, decides.
    f = finding("F1", "alibi", passage("a.txt", 80, 160), passage("b.txt", 190, 260))
    report = evaluate([f], [G1])
    assert report.recall == 1.0 and report.matched == 1
    assert report.items[0].finding == "F1" and report.items[0].kind_ok
    assert report.unmatched_findings == []


def test_twenty_percent_overlap_does_not_cover():
    # Only 8 of the claim's 40 characters (20%) are cited: a neighbouring sentence, not the claim.
    f = finding("F1", "alibi", passage("a.txt", 132, 200), passage("b.txt", 10, 50))
    assert coverage(G1["claim"], f["citations"]) == pytest.approx(0.2)
    report = evaluate([f], [G1])
    assert report.matched == 0 and report.missed[0].id == "g1"
    assert report.items[0].best_claim_cover == pytest.approx(0.2)
    assert [u.id for u in report.unmatched_findings] == ["F1"]
    assert report.unmatched_findings[0].touches == ["g1"]  # it did cover one side


def test_half_overlap_is_the_threshold():
    exactly_half = finding("F1", "alibi", passage("a.txt", 120, 150), passage("b.txt", 10, 50))
    just_under = finding("F2", "alibi", passage("a.txt", 121, 150), passage("b.txt", 10, 50))
    assert evaluate([exactly_half], [G1]).matched == 1
    assert evaluate([just_under], [G1]).matched == 0


def test_covering_the_claim_without_a_counter_does_not_count():
    f = finding("F1", "alibi", passage("a.txt", 100, 140), passage("b.txt", 60, 190))  # b.txt but between counters
    report = evaluate([f], [G1])
    assert report.matched == 0
    assert report.items[0].best_claim_cover == 1.0 and report.items[0].best_counter_cover == 0.0


def test_two_findings_each_with_one_side_do_not_match():
    # One finding connecting both passages is what matters, not both passages cited somewhere.
    report = evaluate([finding("F1", "alibi", passage("a.txt", 100, 140)), finding("F2", "alibi", passage("b.txt", 10, 50))], [G1])
    assert report.matched == 0
    assert {u.id for u in report.unmatched_findings} == {"F1", "F2"}


def test_same_offsets_in_another_document_do_not_cover():
    f = finding("F1", "alibi", passage("c.txt", 100, 140), passage("b.txt", 10, 50))
    assert evaluate([f], [G1]).matched == 0


def test_union_of_citations_covers_a_clause_across_two_sentences():
    # a.txt[100:140] straddles two cited sentences, 15 + 10 characters: 62.5% together.
    f = finding("F1", "alibi", passage("a.txt", 60, 115), passage("a.txt", 130, 170), passage("b.txt", 10, 50))
    assert coverage(G1["claim"], f["citations"]) == pytest.approx(25 / 40)
    assert evaluate([f], [G1]).matched == 1


def test_one_citation_may_cover_claim_and_counter_in_the_same_sentence():
    g = gold_item("g", "chronology", passage("a.txt", 0, 40), passage("a.txt", 42, 70))
    assert evaluate([finding("F", "chronology", passage("a.txt", 0, 71))], [g]).matched == 1


def test_kind_aliases_and_exact_kind_counted_apart():
    assert canonical_kind("testimony_conflict") == "version_conflict"
    assert canonical_kind("internal_contradiction") == "self_contradiction"
    assert canonical_kind("Alibi") == "alibi"
    g2 = gold_item("g2", "internal_contradiction", passage("d.txt", 0, 20), passage("d.txt", 500, 520))
    g3 = gold_item("g3", "testimony_conflict", passage("e.txt", 0, 20), passage("e.txt", 50, 70))
    fs = [
        finding("F1", "denial", passage("a.txt", 100, 140), passage("b.txt", 200, 220)),  # right passages, wrong kind
        finding("F2", "self_contradiction", passage("d.txt", 0, 20), passage("d.txt", 500, 520)),
        finding("F3", "denial", passage("e.txt", 0, 20), passage("e.txt", 50, 70)),
    ]
    report = evaluate(fs, [G1, g2, g3])
    assert report.matched == 3 and report.exact_kind == 1
    assert report.per_kind["alibi"].matched == 1 and report.per_kind["alibi"].exact_kind == 0
    assert report.per_kind["self_contradiction"].exact_kind == 1
    assert report.per_kind["version_conflict"].matched == 1 and report.per_kind["version_conflict"].exact_kind == 0
    assert [i.gold_kind for i in report.items] == ["alibi", "internal_contradiction", "testimony_conflict"]


def test_matching_prefers_the_finding_with_the_gold_kind():
    fs = [
        finding("F1", "denial", passage("a.txt", 100, 140), passage("b.txt", 10, 50), confidence=0.9),
        finding("F2", "alibi", passage("a.txt", 100, 140), passage("b.txt", 10, 50), confidence=0.4),
    ]
    item = evaluate(fs, [G1]).items[0]
    assert item.finding == "F2" and item.kind_ok and item.candidates == ["F1", "F2"]


def test_report_numbers_text_and_json():
    g_missed = gold_item("g9", "anachronism", passage("z.txt", 0, 10), passage("z.txt", 20, 30))
    fs = [finding("F1", "alibi", passage("a.txt", 100, 140), passage("b.txt", 10, 50)), finding("F2", "denial", passage("q.txt", 0, 5))]
    report = evaluate(fs, [G1, g_missed])
    assert (report.recall, report.precision_proxy, report.kind_accuracy) == (0.5, 0.5, 1.0)
    text = format_report(report)
    assert "Recall: 1/2" in text and "[miss] g9 anachronism" in text and "F2 denial" in text
    data = json.loads(report.to_json())
    assert data["recall"] == 0.5 and data["missed"] == ["g9"]
    assert data["per_kind"]["anachronism"] == {"total": 1, "matched": 0, "exact_kind": 0, "recall": 0.0}
    assert [u["id"] for u in data["unmatched_findings"]] == ["F2"]


def test_near_misses_flagged_only_by_a_finding_of_that_kind_that_connects_them():
    nm = {"id": "nm1", "kind": "alibi", "summary": "possible journey", "passages": [passage("n.txt", 0, 20), passage("n.txt", 40, 60)]}
    fs = [
        finding("F1", "alibi", passage("n.txt", 0, 20), passage("n.txt", 40, 60)),
        finding("F2", "corroboration", passage("n.txt", 0, 20), passage("n.txt", 40, 60)),  # another kind: not this mistake
    ]
    report = check_near_misses(evaluate(fs, [G1]), fs, [nm])
    assert report.near_misses[0]["flagged_by"] == ["F1"]
    quiet = check_near_misses(evaluate(fs[1:], [G1]), fs[1:], [nm])
    assert quiet.near_misses[0]["flagged_by"] == []


# --- files and the command ----------------------------------------------------------------------


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_load_errors_name_file_and_item(tmp_path):
    with pytest.raises(EvaluationInputError, match="no such file"):
        load_findings(tmp_path / "missing.json")
    with pytest.raises(EvaluationInputError, match=r"not valid JSON \(line 1"):
        load_findings(write(tmp_path / "bad.json", "[{"))
    with pytest.raises(EvaluationInputError, match="expected a JSON list"):
        load_findings(write(tmp_path / "obj.json", {"a": 1}))
    f_ok = finding("F1", "alibi", passage("a.txt", 0, 5))
    f_bad = {"id": "F2", "kind": "alibi", "citations": [{"document": "a.txt", "start": "7", "end": 9}]}
    with pytest.raises(EvaluationInputError, match=r"f\.json: finding #1 \(F2\), citation #0: 'start'"):
        load_findings(write(tmp_path / "f.json", [f_ok, f_bad]))
    with pytest.raises(EvaluationInputError, match=r"finding #0: missing 'id'"):
        load_findings(write(tmp_path / "f2.json", [{"kind": "alibi", "citations": []}]))
    bad_gold = [G1, {"id": "g2", "kind": "alibi", "claim": passage("a.txt", 5, 1), "counter": [passage("a.txt", 0, 1)]}]
    with pytest.raises(EvaluationInputError, match=r"g\.json: gold item #1 \(g2\), claim: start 5 is after end 1"):
        load_gold(write(tmp_path / "g.json", bad_gold))
    with pytest.raises(EvaluationInputError, match=r"gold item #0 \(g3\): 'counter' must be a non-empty list"):
        load_gold(write(tmp_path / "g3.json", [{"id": "g3", "kind": "alibi", "claim": passage("a.txt", 0, 1), "counter": []}]))
    with pytest.raises(EvaluationInputError, match="near-miss file"):
        load_gold(write(tmp_path / "nm.json", [{"id": "n", "kind": "alibi", "passages": [passage("a.txt", 0, 1)]}]))


def test_evaluate_command_exit_codes(tmp_path):
    fpath = write(tmp_path / "findings.json", [finding("F1", "alibi", passage("a.txt", 100, 140), passage("b.txt", 10, 50))])
    gpath = write(tmp_path / "gold.json", [G1])
    out, errs = io.StringIO(), io.StringIO()
    assert evaluate_command(fpath, gpath, stdout=out, stderr=errs) == 0
    assert "Recall: 1/1" in out.getvalue()
    out = io.StringIO()
    assert evaluate_command(fpath, gpath, json_out=True, stdout=out, stderr=errs) == 0
    assert json.loads(out.getvalue())["recall"] == 1.0
    errs = io.StringIO()
    assert evaluate_command(tmp_path / "nope.json", gpath, stdout=io.StringIO(), stderr=errs) == 2
    assert "nope.json" in errs.getvalue()
    g2 = write(tmp_path / "gold2.json", [G1, gold_item("g2", "denial", passage("z.txt", 0, 9), passage("z.txt", 10, 19))])
    assert evaluate_command(fpath, g2, min_recall=0.9, stdout=io.StringIO(), stderr=io.StringIO()) == 1
    assert evaluate_command(fpath, g2, min_recall=0.5, stdout=io.StringIO(), stderr=io.StringIO()) == 0


def test_the_cli_wrapper_given_to_the_lead(tmp_path):
    """The exact command function handed over for cli.py, registered on a throwaway app."""
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """test app"""

    @app.command()
    def evaluate(
        findings: Annotated[Path, typer.Argument(help="A findings.json written by `countertrial analyze`.")],
        gold: Annotated[Path, typer.Argument(help="A gold file: items with id, kind, claim and counter passages.")],
        json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
        near_misses: Annotated[Optional[Path], typer.Option("--near-misses", help="Near-miss items that no finding should connect.")] = None,
        min_recall: Annotated[Optional[float], typer.Option("--min-recall", help="Exit with status 1 when recall is lower.")] = None,
    ) -> None:
        """Score FINDINGS against GOLD: recall, kinds matched, misses and findings that match nothing."""
        from countertrial.evaluate import evaluate_command

        raise typer.Exit(evaluate_command(findings, gold, json_out=json_out, near_misses=near_misses, min_recall=min_recall))

    fpath = write(tmp_path / "findings.json", [finding("F1", "alibi", passage("a.txt", 100, 140), passage("b.txt", 10, 50))])
    gpath = write(tmp_path / "gold.json", [G1])
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", str(fpath), str(gpath), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["matched"] == 1
    res = runner.invoke(app, ["evaluate", str(fpath), str(tmp_path / "missing.json")])
    assert res.exit_code == 2 and "missing.json" in res.output
