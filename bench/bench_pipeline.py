"""Benchmark: the full `analyze` against the bare spaCy pipeline on the same text, in one run.

Machines here are shared and noisy, so the two are timed side by side, alternately, and the figure
that matters is their ratio. Model loading is excluded from both (it is paid once per process).

    python bench/bench_pipeline.py --corpus ../shared/corpus/moscow-trials [--rounds 2]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus} (the shared corpus lives in ../shared)", file=sys.stderr)
        return 2

    from countertrial import pipeline
    from countertrial.extract.nlp import load_pipeline, model_name
    from countertrial.ingest.corpus import iter_corpus
    from countertrial.ingest.segment import normalised_view
    from countertrial.model import Document
    from countertrial.store.db import open_store

    docs = [d for d in iter_corpus(args.corpus) if isinstance(d, Document)]
    nlp = load_pipeline()
    texts = [normalised_view(d.text)[s.start : s.end] for d in docs for s in d.sentences]
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
    chars = sum(len(d.text) for d in docs)

    def timed(fn) -> tuple[float, float]:
        """(wall seconds, CPU seconds of this process): CPU time is what other load on a shared machine disturbs least."""
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        return time.perf_counter() - w0, time.process_time() - c0

    def bare() -> None:
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    def full() -> None:
        work = Path(tempfile.mkdtemp(prefix="ct-bench-"))
        try:
            store = open_store(f"sqlite:///{work / 'store.sqlite'}")
            pipeline.analyze(store, args.corpus, work / "out")
            store.close()
        finally:
            shutil.rmtree(work, ignore_errors=True)

    bare_runs, full_runs = [], []
    for _ in range(args.rounds):  # alternate, so both see the same conditions
        bare_runs.append(timed(bare))
        full_runs.append(timed(full))
    print(f"corpus: {args.corpus} ({len(docs)} documents, {chars:,} characters, {tokens:,} tokens; model {model_name()})")
    for label, pick in (("wall", 0), ("cpu", 1)):
        b = min(r[pick] for r in bare_runs)
        f = min(r[pick] for r in full_runs)
        print(f"[{label:4}] bare spaCy pipeline : {tokens / b:9,.0f} tokens/s  (best of {args.rounds}: {b:6.2f} s)")
        print(f"[{label:4}] countertrial analyze: {tokens / f:9,.0f} tokens/s  (best of {args.rounds}: {f:6.2f} s)")
        print(f"[{label:4}] ratio analyze/bare  : {b / f:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
