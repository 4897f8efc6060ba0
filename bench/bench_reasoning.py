"""Benchmark every reasoning check and the whole run_checks on synthetic claims: time and peak memory at growing N.

    python bench/bench_reasoning.py                         # 10k, 100k
    python bench/bench_reasoning.py 10000 100000 1000000    # chosen sizes
    python bench/bench_reasoning.py 100000 --checks alibi,denial --no-memory
    python bench/bench_reasoning.py 100000 --no-run         # per-check timings only, skip run_checks

What is generated (deterministic, ``random.Random(seed)``, built with ``model_construct`` because
validation is not what we time):

- a population: people (~N/20, in social circles of 20 so that the same pairs meet again), ~400 cities
  with coordinates across Europe, four buildings per city (one an airfield), about a third of them with
  existence intervals as a case file would give them;
- documents (~N/200 sentences each) of every kind the checks look at: trial records, interrogations
  (conditions: in custody), testimony, letters, registers, newspapers that reprint a trial record,
  verdicts / indictments / summaries derived from records (one verdict names no record, so it rests on
  every record), memoirs written decades later; each with a manifest-like ``meta`` (kind, date,
  speakers, conditions, derived_from);
- claims of every kind the checks consume: presence and custody states, meetings, travel with means
  and origin, communications with sender / intermediary / receiver and content, first contacts,
  existence (built / destroyed) of buildings, non-occurrence records ("no aircraft landed"), document
  content, and denials (some with windows open at the start, "never before 1930"). About a third of
  the claims restate an earlier claim in another document, the same or with one slot changed (time,
  place, content, polarity), which is what corroboration, version conflicts, denials and
  self-contradictions feed on. Density per person is constant as N grows, so an O(N log N) engine
  shows a near-constant time per claim, and anything comparing all pairs shows time per claim growing
  linearly with N.
- each claim's quote is a sentence of its document, and each document's text is its sentences
  concatenated, so every citation verifies.

Timings: each registered check separately (``CHECKS[name](ctx)`` on one Context built the way
``run_checks`` builds it, SourceGraph included), then the whole ``run_checks`` (which rebuilds the
context and also marks contested findings and merges restatements). The input is moved out of the
garbage collector's view (gc.freeze) as in bench_alibi. Peak memory is measured in a further pass of
``run_checks`` under tracemalloc (slower; counts what the run allocates, not the input); the maximum
resident set size of the process is reported too.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from countertrial.model import Claim, Document, Entity, Participant, TimeWindow
from countertrial.model.documents import DocumentMeta
from countertrial.reason.engine import CHECKS, Context, ReasoningConfig, run_checks
from countertrial.reason.independence import SourceGraph

START = date(1925, 1, 1)
YEARS_DAYS = 3650
SENTENCES_PER_DOC = 200
CIRCLE = 20  # people per social circle
N_CITIES = 400
BUILDINGS_PER_CITY = 4
HUBS = 40  # cities whose airfield / port / station logs are in the corpus (non_occurrence records)

MEANS_TRAVEL = ["train", "train", "car", "airplane", "ship", "rail", "plane", "steamer", "foot", None]
MEANS_COMM = ["letter", "telegram", "telephone", "courier", None, None]
RECORD_MEANS = [("aircraft", "no aircraft landed"), ("foreign aircraft", "no foreign aircraft landed or took off"),
                ("ships", "no ships docked"), ("trains", "no trains arrived or departed"), ("flights", "no flights")]  # fmt: skip
BUILT = ["built", "opened", "founded", "rebuilt"]
ENDED = ["destroyed", "demolished", "closed", "burned down"]
TOPICS = [f"{verb} {obj}" for verb in ("orders to", "instructions to", "money to", "a plan to", "a warning to")
          for obj in ("sabotage the mines", "contact the centre", "leave the country", "recruit workers",
                      "prepare an attack", "hide the papers", "meet in Copenhagen", "burn the letters")]  # fmt: skip

# (kind, share of documents, meta.conditions, derived?)
DOC_KINDS = [
    ("trial_record", 0.15, "stenographic record of the trial, kept at the time", False),
    ("interrogation", 0.15, "statement made in custody under interrogation", False),
    ("testimony", 0.12, "sworn testimony", False),
    ("letter", 0.08, "private letter written the same week", False),
    ("register", 0.05, "hotel register, records kept at the time", False),
    ("newspaper", 0.12, "party organ; reprinted from the trial record", True),
    ("verdict", 0.06, "verdict of the court", True),
    ("indictment", 0.05, "indictment by the prosecution", True),
    ("summary", 0.07, "summary for the prosecution", True),
    ("memoir", 0.15, "memoir written decades later", False),
]
RECORD_KINDS = ("trial_record", "interrogation", "testimony")

# claim kind, share
CLAIM_KINDS = [
    ("presence", 0.20), ("custody", 0.06), ("meeting", 0.22), ("travel", 0.13), ("communication", 0.12),
    ("first_contact", 0.03), ("existence", 0.03), ("non_occurrence", 0.02), ("document_content", 0.04),
]  # fmt: skip
RESTATE = 0.33  # share of claims that restate an earlier one in another document


def _tw(first: date, days: int, precision: str = "days") -> TimeWindow:
    return TimeWindow.model_construct(earliest=first, latest=first + timedelta(days=days - 1), precision=precision, text=None)


def make_world(rng: random.Random, n_people: int) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for i in range(N_CITIES):
        entities[f"city{i}"] = Entity.model_construct(
            id=f"city{i}", kind="place", name=f"City {i}", aliases=[], latitude=rng.uniform(36.0, 60.0),
            longitude=rng.uniform(-10.0, 40.0), located_in=None, exists_from=None, exists_until=None, source="gazetteer",
        )  # fmt: skip
    names = ["Hotel", "Cafe", "Station", "Airfield"]
    for i in range(N_CITIES * BUILDINGS_PER_CITY):
        city = i // BUILDINGS_PER_CITY
        frm = until = None
        if rng.random() < 0.35:
            frm = date(1900, 1, 1) + timedelta(days=rng.randrange(365 * 33))
            if rng.random() < 0.4:
                until = frm + timedelta(days=rng.randrange(365, 365 * 15))
        entities[f"bldg{i}"] = Entity.model_construct(
            id=f"bldg{i}", kind="building", name=f"{names[i % BUILDINGS_PER_CITY]} Name{i}", aliases=[], latitude=None,
            longitude=None, located_in=f"city{city}", exists_from=frm, exists_until=until, source="case_file",
        )  # fmt: skip
    for p in range(n_people):
        entities[f"person{p}"] = Entity.model_construct(
            id=f"person{p}", kind="person", name=f"Person {p}", aliases=[], latitude=None, longitude=None,
            located_in=None, exists_from=None, exists_until=None, source="text",
        )  # fmt: skip
    return entities


def make_documents(rng: random.Random, n_docs: int, n_people: int) -> list[dict]:
    """Document skeletons (meta only; text is filled once the claims are placed)."""
    kinds = [k for k, _, _, _ in DOC_KINDS]
    weights = [w for _, w, _, _ in DOC_KINDS]
    info = {k: (c, d) for k, _, c, d in DOC_KINDS}
    docs: list[dict] = []
    records: list[str] = []
    no_record_verdict = False
    for d in range(n_docs):
        kind = rng.choices(kinds, weights)[0] if d > 2 else RECORD_KINDS[d]
        did = f"doc{d:06d}.txt"
        conditions, derived = info[kind]
        derived_from: list[str] = []
        if derived and records:
            if kind == "verdict" and not no_record_verdict:
                no_record_verdict = True  # one verdict that names no record: it rests on every record
            else:
                derived_from = rng.sample(records[-50:], min(len(records[-50:]), rng.randint(1, 3)))
        if kind in RECORD_KINDS:
            records.append(did)
        written = START + timedelta(days=rng.randrange(YEARS_DAYS + 365 * (40 if kind == "memoir" else 2)))
        circle = rng.randrange(max(1, n_people // CIRCLE))
        if kind == "memoir" or kind == "letter":
            speakers = [f"person{min(n_people - 1, circle * CIRCLE + rng.randrange(CIRCLE))}"]
        else:
            speakers = [f"person{min(n_people - 1, circle * CIRCLE + k)}" for k in rng.sample(range(CIRCLE), 8)]
        meta = DocumentMeta.model_construct(
            title=f"{kind} {d}", author=speakers[0], date=written.isoformat(), date_window=_tw(written, 1, "day"),
            kind=kind, speakers=speakers, conditions=conditions, derived_from=derived_from,
        )  # fmt: skip
        docs.append({"id": did, "meta": meta, "circle": circle, "speakers": speakers, "sentences": []})
    return docs


def _person(rng: random.Random, circle: int, n_people: int) -> str:
    if rng.random() < 0.8:  # mostly within the document's circle, so the same people recur
        return f"person{min(n_people - 1, circle * CIRCLE + rng.randrange(CIRCLE))}"
    return f"person{rng.randrange(n_people)}"


def _place(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"city{rng.randrange(N_CITIES)}"
    return f"bldg{rng.randrange(N_CITIES * BUILDINGS_PER_CITY)}"


def _fresh(rng: random.Random, kind: str, doc: dict, n_people: int) -> dict:
    """The slots of a new claim of ``kind`` (without id, document and offsets)."""
    circle = doc["circle"]
    first = START + timedelta(days=rng.randrange(YEARS_DAYS))
    s: dict = {"kind": kind, "place": None, "origin": None, "means": None, "content": None, "aspect": "event",
               "polarity": "affirmed", "participants": []}  # fmt: skip
    P = Participant.model_construct
    if kind == "presence":
        s.update(aspect="state", place=_place(rng), time=_tw(first, rng.randint(1, 60)))
        s["participants"] = [P(entity=_person(rng, circle, n_people), role="subject", mention=None)]
    elif kind == "custody":
        s.update(aspect="state", place=_place(rng), time=_tw(first, rng.randint(30, 365), "month"))
        s["participants"] = [P(entity=_person(rng, circle, n_people), role="subject", mention=None)]
    elif kind in ("meeting", "first_contact"):
        length = rng.choices([1, rng.randint(2, 7), 30], weights=[60, 25, 15])[0]
        a = _person(rng, circle, n_people)
        b = _person(rng, circle, n_people)
        while b == a:
            b = f"person{rng.randrange(n_people)}"
        s.update(place=_place(rng) if rng.random() < 0.9 else None, time=_tw(first, length))
        s["participants"] = [P(entity=a, role="subject", mention=None), P(entity=b, role="companion", mention=None)]
        if kind == "first_contact" and rng.random() < 0.3:
            s["content"] = "first came into contact"
    elif kind == "travel":
        dest = _place(rng) if rng.random() < 0.8 else f"city{rng.randrange(HUBS)}"  # some into the logged hubs
        s.update(place=dest, origin=f"city{rng.randrange(N_CITIES)}", means=rng.choice(MEANS_TRAVEL),
                 time=_tw(first, rng.choice([1, 1, 1, 2, 3])))  # fmt: skip
        s["participants"] = [P(entity=_person(rng, circle, n_people), role="subject", mention=None)]
    elif kind == "communication":
        sender, receiver = _person(rng, circle, n_people), _person(rng, circle, n_people)
        parts = [P(entity=sender, role="sender", mention=None)]
        if rng.random() < 0.3:
            parts.append(P(entity=_person(rng, circle, n_people), role="intermediary", mention=None))
        parts.append(P(entity=receiver, role="receiver", mention=None))
        s.update(participants=parts, means=rng.choice(MEANS_COMM), content=rng.choice(TOPICS),
                 time=_tw(first, rng.choice([1, 1, 7, 30])), place=_place(rng) if rng.random() < 0.5 else None)  # fmt: skip
    elif kind == "existence":
        b = rng.randrange(N_CITIES * BUILDINGS_PER_CITY)
        ended = rng.random() < 0.5
        word = rng.choice(ENDED if ended else BUILT)
        s.update(place=f"bldg{b}", content=f"the building was {word}", time=_tw(first, rng.choice([1, 30, 365]), "month"))
        if not ended and rng.random() < 0.2:
            s["polarity"] = "denied"  # "not yet built then"
    elif kind == "non_occurrence":
        b = rng.randrange(HUBS)
        means, words = rng.choice(RECORD_MEANS)
        place = f"bldg{b * BUILDINGS_PER_CITY + 3}" if rng.random() < 0.5 else f"city{b}"  # the airfield or the city
        s.update(place=place, means=means, content=words, time=_tw(first, rng.randint(10, 90)), aspect="state")
    elif kind == "document_content":
        s["participants"] = [P(entity=_person(rng, circle, n_people), role="subject", mention=None)]
        s.update(content=rng.choice(TOPICS), time=_tw(first, 30, "month"))
        if rng.random() < 0.2:
            s.update(polarity="denied", content=s["content"] + " was never mentioned at the trial")
    # denials: some over a closed window, some open at the start ("never before ...")
    if kind in ("presence", "meeting", "travel", "communication", "first_contact") and rng.random() < 0.06:
        s["polarity"] = "denied"
        if kind in ("meeting", "communication", "first_contact") and rng.random() < 0.3:
            tw = s["time"]
            s["time"] = TimeWindow.model_construct(earliest=None, latest=tw.latest, precision="open", text=None)
    if rng.random() < 0.02:
        s["time"] = None  # undated
    return s


def _restate(rng: random.Random, base: dict, n_people: int) -> dict:
    """Another account of the same happening: the same, or with one slot changed."""
    s = dict(base)
    r = rng.random()
    if r < 0.15 and s["time"] is not None and s["time"].earliest is not None:  # another date
        tw = s["time"]
        shift = timedelta(days=rng.choice([-400, -90, -30, 30, 90, 400]))
        s["time"] = TimeWindow.model_construct(earliest=tw.earliest + shift, latest=tw.latest + shift, precision=tw.precision, text=None)
    elif r < 0.25 and s["place"]:  # another place
        s["place"] = _place(rng)
    elif r < 0.32 and s["content"] and s["kind"] in ("communication", "document_content"):  # another content
        s["content"] = rng.choice(TOPICS)
    elif r < 0.40 and s["kind"] not in ("existence", "non_occurrence"):  # denied by another (or the same) speaker
        s["polarity"] = "denied" if s["polarity"] == "affirmed" else "affirmed"
    elif r < 0.45 and s["kind"] == "communication" and len(s["participants"]) >= 2:  # another giver
        parts = list(s["participants"])
        parts[0] = Participant.model_construct(entity=f"person{rng.randrange(n_people)}", role=parts[0].role, mention=None)
        s["participants"] = parts
    return s


def _sentence(i: int, s: dict) -> str:
    who = " and ".join(p.entity for p in s["participants"]) or "It"
    neg = "not " if s["polarity"] == "denied" else ""
    what = s["content"] or s["kind"]
    where = f" at {s['place']}" if s["place"] else ""
    when = f" in {s['time'].earliest}" if s["time"] is not None and s["time"].earliest else ""
    return f"[{i}] {who} did {neg}{what}{where}{when}."


def make_corpus(n: int, seed: int = 1) -> tuple[list[Claim], dict[str, Entity], list[Document]]:
    rng = random.Random(seed)
    n_people = max(CIRCLE * 2, n // 20)
    entities = make_world(rng, n_people)
    n_docs = max(len(DOC_KINDS), n // SENTENCES_PER_DOC)
    docs = make_documents(rng, n_docs, n_people)
    kinds = [k for k, _ in CLAIM_KINDS]
    weights = [w for _, w in CLAIM_KINDS]
    slots: list[dict] = []
    for i in range(n):
        doc = docs[rng.randrange(n_docs)]
        if slots and rng.random() < RESTATE:
            # restate a recent claim (recent: documents about one affair are written close together)
            s = _restate(rng, slots[rng.randrange(max(0, len(slots) - 2000), len(slots))], n_people)
            s["doc"] = doc
        else:
            s = _fresh(rng, rng.choices(kinds, weights)[0], doc, n_people)
            s["doc"] = doc
        speakers = doc["speakers"]
        if s["participants"] and rng.random() < 0.5:
            s["speaker"] = s["participants"][0].entity  # first-hand
        else:
            s["speaker"] = rng.choice(speakers)
        slots.append(s)
    # place the sentences: each document's text is its sentences, concatenated
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(slots):
        by_doc[s["doc"]["id"]].append(i)
    offsets: list[tuple[int, int, str]] = [None] * n  # type: ignore[list-item]
    documents: list[Document] = []
    for doc in docs:
        parts: list[str] = [f"{doc['meta'].title}\n\n"]
        pos = len(parts[0])
        for i in by_doc.get(doc["id"], ()):
            sent = _sentence(i, slots[i])
            offsets[i] = (pos, pos + len(sent), sent)
            parts.append(sent + " ")
            pos += len(sent) + 1
        text = "".join(parts)
        documents.append(
            Document.model_construct(id=doc["id"], path=doc["id"], format="txt", sha256="0" * 64, text=text,
                                     meta=doc["meta"], sentences=[], paragraphs=[])  # fmt: skip
        )
    claims: list[Claim] = []
    knowledge = ["first_hand", "first_hand", "hearsay", "unknown"]
    modality = ["asserted", "asserted", "asserted", "reported", "alleged"]
    for i, s in enumerate(slots):
        start, end, sent = offsets[i]
        claims.append(
            Claim.model_construct(
                id=f"c{i}", kind=s["kind"], document=s["doc"]["id"], start=start, end=end, quote=sent,
                participants=s["participants"], place=s["place"], place_mention=None, origin=s["origin"], time=s["time"],
                aspect=s["aspect"], means=s["means"], content=s["content"], polarity=s["polarity"],
                modality=rng.choice(modality), speaker=s["speaker"], reported_by=None, knowledge=rng.choice(knowledge),
                extractor="bench",
            )
        )  # fmt: skip
    return claims, entities, documents


def build_context(claims, entities, documents, config) -> Context:
    """The Context exactly as run_checks builds it (no case file)."""
    ctx = Context(claims, entities, {d.id: d.text for d in documents}, config, {d.id: d for d in documents})
    return replace(ctx, sources=SourceGraph.from_context(ctx), entity_citations={})


def run(n: int, checks: list[str], memory: bool, whole: bool, seed: int) -> dict:
    t0 = time.perf_counter()
    claims, entities, documents = make_corpus(n, seed)
    generate = time.perf_counter() - t0
    config = ReasoningConfig()
    gc.collect()
    gc.freeze()
    t0 = time.perf_counter()
    ctx = build_context(claims, entities, documents, config)
    context_s = time.perf_counter() - t0
    per: dict[str, float] = {}
    counts: dict[str, int] = {}
    for name in checks:
        gc.collect()
        t0 = time.perf_counter()
        found = CHECKS[name](ctx)
        per[name] = time.perf_counter() - t0
        counts[name] = len(found)
        del found
        print(f"    n={n:,} {name}: {per[name]:.2f}s, {counts[name]:,} findings", file=sys.stderr, flush=True)
    del ctx
    total = findings = total_cpu = None
    if whole:
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        found = run_checks(claims, entities, documents, config)
        total = time.perf_counter() - t0
        total_cpu = time.process_time() - c0  # what other load on a shared machine disturbs least
        findings = len(found)
        del found
        print(f"    n={n:,} run_checks: {total:.2f}s, {findings:,} findings", file=sys.stderr, flush=True)
    peak = None
    if memory:
        gc.collect()
        tracemalloc.start()
        if whole:
            found = run_checks(claims, entities, documents, config)
        else:
            ctx = build_context(claims, entities, documents, config)
            found = [f for name in checks for f in CHECKS[name](ctx)]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        del found
    gc.unfreeze()
    return {
        "n": n, "generate": generate, "context": context_s, "per": per, "counts": counts, "total": total, "total_cpu": total_cpu,
        "findings": findings, "peak_mib": None if peak is None else peak / 2**20,
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    ap.add_argument("--checks", default=",".join(CHECKS), help="comma-separated checks to time separately (default: all)")
    ap.add_argument("--no-memory", action="store_true", help="skip the (slower) tracemalloc pass")
    ap.add_argument("--no-run", action="store_true", help="skip the whole run_checks timing")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    checks = [c for c in args.checks.split(",") if c]
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        ap.error(f"unknown checks {unknown}; known: {', '.join(CHECKS)}")
    results = []
    for n in args.sizes:
        results.append(run(n, checks, memory=not args.no_memory, whole=not args.no_run, seed=args.seed))

    short = {"impossible_means": "means", "version_conflict": "versions", "self_contradiction": "self_contr",
             "record_mismatch": "record_mm", "corroboration": "corrob", "anachronism": "anachron", "chronology": "chrono"}  # fmt: skip
    cols = [short.get(c, c) for c in checks]
    w = max(9, *(len(c) + 1 for c in cols))
    print()
    print("seconds per check (findings in brackets below), the whole run_checks, seconds per claim, peak memory")
    print(f"{'N':>10} {'gen':>7} {'context':>8} " + " ".join(f"{c:>{w}}" for c in cols)
          + f" {'sum':>8} {'run_checks':>10} {'us/claim':>9} {'peak MiB':>9} {'maxRSS':>8} {'findings':>9}")  # fmt: skip
    for r in results:
        s = sum(r["per"].values())
        tot = r["total"] if r["total"] is not None else s
        mem = "-" if r["peak_mib"] is None else f"{r['peak_mib']:.0f}"
        print(f"{r['n']:>10,} {r['generate']:>7.1f} {r['context']:>8.2f} " + " ".join(f"{r['per'][c]:>{w}.2f}" for c in checks)
              + f" {s:>8.2f} {'-' if r['total'] is None else format(r['total'], '.2f'):>10} {tot / r['n'] * 1e6:>9.1f}"
              + f" {mem:>9} {r['maxrss_mib']:>8.0f} {'-' if r['findings'] is None else format(r['findings'], ','):>9}")  # fmt: skip
        print(f"{'':>10} {'':>7} {'':>8} " + " ".join(f"{'[' + format(r['counts'][c], ',') + ']':>{w}}" for c in checks))
    if len(results) > 1:
        print()
        print("growth between successive sizes: time ratio vs N, N log N and N^2 ratios")
        print(f"{'N1 -> N2':>22} {'N ratio':>8} {'NlogN':>8} {'N^2':>8} " + " ".join(f"{c:>{w}}" for c in cols) + f" {'run':>8}")
        for a, b in zip(results, results[1:]):
            n1, n2 = a["n"], b["n"]
            nl = (n2 * math.log2(n2)) / (n1 * math.log2(n1))

            def ratio(x, y):
                return "-" if not x or y is None else f"{y / x:.1f}"

            print(f"{f'{n1:,} -> {n2:,}':>22} {n2 / n1:>8.1f} {nl:>8.1f} {(n2 / n1) ** 2:>8.0f} "
                  + " ".join(f"{ratio(a['per'][c], b['per'][c]):>{w}}" for c in checks)
                  + f" {ratio(a['total'], b['total']):>8}")  # fmt: skip
        print("(a check that is O(N log N) grows by about the NlogN column; O(N^2) by about the N^2 column)")
        for a, b in zip(results, results[1:]):
            if a.get("total_cpu") and b.get("total_cpu"):
                n1, n2 = a["n"], b["n"]
                print(f"run_checks CPU time {n1:,} -> {n2:,}: {a['total_cpu']:.1f}s -> {b['total_cpu']:.1f}s, "
                      f"x{b['total_cpu'] / a['total_cpu']:.1f} (N x{n2 / n1:.1f}, N log N x{n2 * math.log(n2) / (n1 * math.log(n1)):.1f})")


if __name__ == "__main__":
    sys.exit(main())
