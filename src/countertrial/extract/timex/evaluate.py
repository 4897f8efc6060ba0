"""Scoring of the scanner against a case file (``tests/data/timex_cases.yaml``).

Shared by the test-suite and ``bench/timex_accuracy.py`` so both count "exactly right" the same way:
a case is right when the scanner returns exactly the expected spans, in order, each with the expected
window (or no window), and the expected kind / anchored flag where the case gives them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from countertrial.extract.timex.scanner import find_time_expressions


def _as_date(v) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def load_cases(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def check_case(case: dict) -> list[str]:
    """The problems with one case (empty when the scanner gets it exactly right)."""
    text = case["text"]
    found = find_time_expressions(text, _as_date(case.get("anchor")), case.get("default_year"))
    problems = [f"offsets {x.start}:{x.end} do not slice {x.text!r}" for x in found if text[x.start:x.end] != x.text]
    want = case.get("expect") or []
    if [x.text for x in found] != [e["span"] for e in want]:
        got = [(x.text, x.window and (str(x.window.earliest), str(x.window.latest))) for x in found]
        return problems + [f"spans: expected {[e['span'] for e in want]}, got {got}"]
    for x, e in zip(found, want):
        if "earliest" in e or "latest" in e:
            exp = (_as_date(e.get("earliest")), _as_date(e.get("latest")))
            got = (x.window.earliest, x.window.latest) if x.window else None
            if got != exp:
                problems.append(f"{x.text!r}: expected window {exp}, got {got}")
        elif x.window is not None:
            problems.append(f"{x.text!r}: expected no window, got {x.window.earliest}..{x.window.latest}")
        if "kind" in e and e["kind"] != x.kind:
            problems.append(f"{x.text!r}: expected kind {e['kind']}, got {x.kind}")
        if "anchored" in e and e["anchored"] != x.anchored:
            problems.append(f"{x.text!r}: expected anchored={e['anchored']}, got {x.anchored}")
    return problems


@dataclass
class Score:
    total: int
    right: int
    by_family: dict[str, tuple[int, int]]  # family -> (right, total)
    failures: list[tuple[dict, list[str]]]

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def score(cases: list[dict]) -> Score:
    right, fam_total, fam_right, failures = 0, Counter(), Counter(), []
    for case in cases:
        fam = case.get("family", "other")
        fam_total[fam] += 1
        problems = check_case(case)
        if problems:
            failures.append((case, problems))
        else:
            right += 1
            fam_right[fam] += 1
    return Score(len(cases), right, {f: (fam_right[f], n) for f, n in fam_total.items()}, failures)
