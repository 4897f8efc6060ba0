"""Benchmark the alibi check on synthetic claims: time and peak memory at growing N.

    python bench/bench_alibi.py                 # 10k, 100k, 1M
    python bench/bench_alibi.py 10000 100000    # chosen sizes
    python bench/bench_alibi.py 200000 --no-memory

Why synthetic: the check's cost depends on how many placements each person has and how close in
time they are, not on the words. The generator keeps that density constant as N grows (about 20
claims per person over ten years, some 400 cities across Europe plus buildings in them, a realistic mix
of one-day meetings, week- and month-long windows, stays and custody), so a sweep that is
O(N log N) shows near-constant time per claim, while comparing all pairs would grow linearly per claim.

Two timings: "detect" is the sweep alone (find_clashes), "check" the whole check_alibis including the
sentences, confidences and verified citations of every finding (linear in the number of findings).
The input claims are moved out of the garbage collector's view (gc.freeze) once built, so that
collections triggered during the check do not rescan a million long-lived input objects: that cost
belongs to the caller's heap, not to the algorithm. Peak memory is measured in a further run under
tracemalloc (which slows Python down), counting only what the check allocates, not the input.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import sys
import time
import tracemalloc
from datetime import date, timedelta

from countertrial.model import Claim, Entity, Participant, TimeWindow
from countertrial.reason.checks.alibi import check_alibis, find_clashes
from countertrial.reason.travel import TravelSpeeds

START = date(1925, 1, 1)
YEARS_DAYS = 3650
SENTENCES_PER_DOC = 200


def make_world(rng: random.Random, n_places: int = 400) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for i in range(n_places):
        entities[f"city{i}"] = Entity(
            id=f"city{i}", kind="place", name=f"City {i}",
            latitude=rng.uniform(36.0, 60.0), longitude=rng.uniform(-10.0, 40.0),
        )  # fmt: skip
        entities[f"bldg{i}"] = Entity(
            id=f"bldg{i}", kind="building", name=f"Building {i}", located_in=f"city{rng.randrange(n_places)}"
        )
    return entities


def make_claims(n: int, seed: int = 1) -> tuple[list[Claim], dict[str, Entity], dict[str, str]]:
    """N claims with exact passages; built with model_construct because validation is not what we time."""
    rng = random.Random(seed)
    entities = make_world(rng)
    places = list(entities)
    n_people = max(2, n // 20)
    n_docs = max(1, n // SENTENCES_PER_DOC)
    sentence = "Claim sentence %06d. "
    width = len(sentence % 0)
    texts = {f"doc{d}.txt": "".join(sentence % k for k in range(SENTENCES_PER_DOC)) for d in range(n_docs)}
    claims: list[Claim] = []
    for i in range(n):
        r = rng.random()
        if r < 0.45:
            kind, aspect = "meeting", "event"
            length = rng.choices([1, rng.randint(2, 7), 30], weights=[60, 25, 15])[0]
        elif r < 0.60:
            kind, aspect, length = "travel", "event", 1
        elif r < 0.85:
            kind, aspect, length = "presence", "state", rng.randint(1, 60)
        elif r < 0.95:
            kind, aspect, length = "custody", "state", rng.randint(30, 365)
        else:
            kind, aspect, length = "communication", "event", 1
        first = START + timedelta(days=rng.randrange(YEARS_DAYS))
        window = (
            None
            if rng.random() < 0.03
            else TimeWindow.model_construct(earliest=first, latest=first + timedelta(days=length - 1), precision="days", text=None)
        )
        k = 2 if kind == "meeting" else 1
        people = rng.sample(range(n_people), k)
        doc = rng.randrange(n_docs)
        s = rng.randrange(SENTENCES_PER_DOC)
        start, end = s * width, s * width + width - 1
        did = f"doc{doc}.txt"
        claims.append(
            Claim.model_construct(
                id=f"c{i}", kind=kind, document=did, start=start, end=end, quote=texts[did][start:end],
                participants=[Participant.model_construct(entity=f"person{p}", role="subject", mention=None) for p in people],
                place=rng.choice(places), place_mention=None, origin=None, time=window, aspect=aspect,
                means=None, content=None, polarity="denied" if rng.random() < 0.05 else "affirmed",
                modality=rng.choice(["asserted", "asserted", "asserted", "reported", "alleged"]),
                speaker=f"person{rng.randrange(n_people)}", reported_by=None, knowledge="unknown", extractor="bench",
            )
        )  # fmt: skip
    return claims, entities, texts


def run(n: int, memory: bool) -> dict:
    t0 = time.perf_counter()
    claims, entities, texts = make_claims(n)
    generate = time.perf_counter() - t0
    speeds = TravelSpeeds()
    gc.collect()
    gc.freeze()
    t0 = time.perf_counter()
    clashes = find_clashes(claims, entities, speeds)
    detect = time.perf_counter() - t0
    del clashes
    gc.collect()
    t0 = time.perf_counter()
    findings = check_alibis(claims, entities, speeds, texts)
    seconds = time.perf_counter() - t0
    peak = None
    if memory:
        del findings
        gc.collect()
        tracemalloc.start()
        findings = check_alibis(claims, entities, speeds, texts)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    gc.unfreeze()
    return {
        "n": n,
        "generate": generate,
        "detect": detect,
        "seconds": seconds,
        "findings": len(findings),
        "peak_mib": None if peak is None else peak / 2**20,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--no-memory", action="store_true", help="skip the (slower) tracemalloc run")
    args = ap.parse_args(argv)
    print(
        f"{'N':>10} {'gen s':>7} {'detect s':>9} {'us/claim':>9} {'ns/NlogN':>9} "
        f"{'check s':>8} {'us/claim':>9} {'findings':>9} {'peak MiB':>9}"
    )
    for n in args.sizes:
        r = run(n, memory=not args.no_memory)
        mem = "-" if r["peak_mib"] is None else f"{r['peak_mib']:.1f}"
        print(
            f"{n:>10,} {r['generate']:>7.1f} {r['detect']:>9.2f} {r['detect'] / n * 1e6:>9.2f} "
            f"{r['detect'] / (n * math.log2(n)) * 1e9:>9.1f} {r['seconds']:>8.2f} {r['seconds'] / n * 1e6:>9.2f} "
            f"{r['findings']:>9,} {mem:>9}",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
