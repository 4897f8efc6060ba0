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

    def bare() -> float:
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        return time.perf_counter() - t0

    def full() -> float:
        work = Path(tempfile.mkdtemp(prefix="ct-bench-"))
        try:
            store = open_store(f"sqlite:///{work / 'store.sqlite'}")
            t0 = time.perf_counter()
            pipeline.analyze(store, args.corpus, work / "out")
            elapsed = time.perf_counter() - t0
            store.close()
            return elapsed
        finally:
            shutil.rmtree(work, ignore_errors=True)

    bare_times, full_times = [], []
    for _ in range(args.rounds):
        bare_times.append(bare())
        full_times.append(full())
    b, f = min(bare_times), min(full_times)
    print(f"corpus: {args.corpus} ({len(docs)} documents, {chars:,} characters, {tokens:,} tokens; model {model_name()})")
    print(f"bare spaCy pipeline : {tokens / b:10,.0f} tokens/s  (best of {args.rounds}: {b:.2f} s)")
    print(f"countertrial analyze: {tokens / f:10,.0f} tokens/s  (best of {args.rounds}: {f:.2f} s)")
    print(f"ratio analyze/bare  : {b / f:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
