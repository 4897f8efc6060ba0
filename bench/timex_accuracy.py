"""Accuracy of the temporal-expression scanner on tests/data/timex_cases.yaml, per family.

Usage: python bench/timex_accuracy.py [--cases PATH] [--show-failures] [--corpus DIR]

A case counts as right only if every expected span, window, kind and anchored flag matches and nothing
else is found. With --corpus, also times the scanner over every line of the corpus texts. Exits 0.
"""

from __future__ import annotations

import argparse
import glob
import os
import time
from pathlib import Path

from countertrial.extract.timex import find_time_expressions
from countertrial.extract.timex.evaluate import load_cases, score

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=str(ROOT / "tests" / "data" / "timex_cases.yaml"))
    ap.add_argument("--show-failures", action="store_true")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "moscow-trials"))
    args = ap.parse_args()

    cases = load_cases(args.cases)
    t0 = time.perf_counter()
    s = score(cases)
    dt = time.perf_counter() - t0
    print(f"timex accuracy: {s.right}/{s.total} cases exactly right = {s.accuracy:.1%}  ({dt * 1000:.0f} ms)")
    corpus_cases = [c for c in cases if c.get("source") == "corpus"]
    if corpus_cases:
        cs = score(corpus_cases)
        print(f"  of which from the real corpus: {cs.right}/{cs.total} = {cs.accuracy:.1%}")
    print(f"  {'family':<12} {'right':>5} {'total':>5}  accuracy")
    for fam, (r, n) in sorted(s.by_family.items()):
        print(f"  {fam:<12} {r:>5} {n:>5}  {r / n:6.1%}")
    if s.failures:
        print(f"{len(s.failures)} failing case(s)" + ("" if args.show_failures else " (--show-failures to list)"))
        if args.show_failures:
            for case, problems in s.failures:
                print(f"- [{case.get('family')}] {case['text']!r} anchor={case.get('anchor')}")
                for p in problems:
                    print(f"    {p}")

    files = sorted(glob.glob(os.path.join(args.corpus, "*.txt")))
    if files:
        lines = [ln for f in files for ln in Path(f).read_text(encoding="utf-8").splitlines() if ln.strip()]
        t0 = time.perf_counter()
        n = sum(len(find_time_expressions(ln)) for ln in lines)
        dt = time.perf_counter() - t0
        chars = sum(map(len, lines))
        print(f"speed: {len(lines)} corpus lines ({chars / 1e3:.0f} k chars) in {dt:.2f} s "
              f"= {dt / len(lines) * 1e6:.0f} us/line, {n} expressions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
