"""Draw a seeded random sample of findings for judging by hand, and score a judged sample.

Precision cannot be measured against a gold file that lists only some of the contradictions: a finding
that matches no gold item may still be right. So a person reads a random sample of findings against
the text and marks each real or not. This script draws the sample (the same one for the same run and
seed) and, given the judged file, reports the share that are real.

    python bench/precision_sample.py draw OUT/findings.json --seed 7 --size 40 > sample.json
    python bench/precision_sample.py score tests/data/moscow_precision_judged.json

The judged file is a list of the drawn items, each with ``"verdict": "real" | "wrong"`` and a ``note``
saying why; ``tests/test_precision_sample.py`` keeps it as a regression test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path


def draw(findings: list[dict], seed: int, size: int) -> list[dict]:
    """A seeded sample (all findings when there are fewer than ``size``), in the run's order."""
    rng = random.Random(seed)
    picked = sorted(rng.sample(range(len(findings)), min(size, len(findings))))
    out = []
    for i in picked:
        f = findings[i]
        out.append(
            {
                "kind": f["kind"],
                "summary": f["summary"],
                "passages": [{"document": c["document"], "start": c["start"], "end": c["end"]} for c in f["citations"]],
                "verdict": None,
                "note": "",
            }
        )
    return out


def score(judged: list[dict]) -> tuple[int, int]:
    real = sum(1 for j in judged if j.get("verdict") == "real")
    return real, sum(1 for j in judged if j.get("verdict") in ("real", "wrong"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("findings", type=Path)
    d.add_argument("--seed", type=int, default=7)
    d.add_argument("--size", type=int, default=40)
    s = sub.add_parser("score")
    s.add_argument("judged", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "draw":
        json.dump(draw(json.loads(args.findings.read_text()), args.seed, args.size), sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    data = json.loads(args.judged.read_text())
    real, total = score(data["judged"] if isinstance(data, dict) else data)
    print(f"precision: {real}/{total} judged findings are real ({real / total:.0%})" if total else "nothing judged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
