"""Benchmark the reasoning engine on synthetic claims: CPU and wall seconds of every check and of the
whole run_checks, and the peak resident memory, at growing N (up to 1,000,000 claims).

    python bench/bench_reasoning.py                              # 10k, 100k
    python bench/bench_reasoning.py 10000 100000 1000000 --json bench-reasoning.json
    python bench/bench_reasoning.py 100000 --checks anachronism,impossible_means   # only those checks
    python bench/bench_reasoning.py 100000 --profile /tmp/rc.prof                  # cProfile of run_checks

Each size runs in its own child process (this script with ``--child``), so that its peak memory is that
process's maximum resident set size (``ru_maxrss`` of the child, from ``os.wait4``): the input claims,
documents and entities plus everything the engine allocates. The child's resident size once the input is
built is reported too ("input RSS"), so the engine's own share is the difference.

One pass of ``run_checks`` is timed, stage by stage: the context (the SourceGraph of document
dependencies), each registered check (``CHECKS[name]``, wrapped with a timer for the run), marking
contested findings, and merging restatements. CPU seconds (``time.process_time``) are what other load on
a shared machine disturbs least, so the growth ratios use them; wall seconds are shown beside them.
``run_checks`` pauses Python's cyclic garbage collector while it runs (``engine.collector_paused``);
``--collector-on`` times it with the collector left on, to show what the pause saves.

What is generated (deterministic, ``random.Random(seed)``, built with ``model_construct`` because
validation is not what we time). The world grows with N the way a real corpus does, by adding people,
places and events, not by piling more claims on the same people and buildings: per person, per city,
per building and per logged hub the number of claims stays about the same at every N.

- a population: people (N/20, in social circles of 20 so that the same pairs meet again: about 20
  claims name each person), cities with coordinates across Europe (N/250: 40 at 10k, 400 at 100k, 4,000
  at 1M), four buildings per city (one an airfield), about a third of them with existence intervals as
  a case file would give them, and one city in ten a "hub" whose airfield / port / station log is in the
  corpus;
- documents (~200 sentences each) of every kind the checks look at: trial records, interrogations
  (conditions: in custody), testimony, letters, registers, newspapers that reprint a trial record,
  verdicts / indictments / summaries derived from records (one verdict names no record, so it rests on
  every record), memoirs written decades later; each with a manifest-like ``meta`` (kind, date,
  speakers, conditions, derived_from);
- claims of every kind the checks consume: presence and custody states, meetings, travel with means
  and origin, communications with sender / intermediary / receiver and content, first contacts,
  existence (built / destroyed) of buildings, non-occurrence records ("no aircraft landed"), document
  content, and denials (some with windows open at the start, "never before 1930"). About a third of
  the claims restate a recent claim in another document, the same or with one slot changed (time,
  place, content, polarity), which is what corroboration, version conflicts, denials and
  self-contradictions feed on. With the density constant, an O(N log N) engine shows a near-constant
  time per claim, and anything comparing all pairs shows time per claim growing linearly with N.
- each claim's quote is a sentence of its document, and each document's text is its sentences
  concatenated, so every citation verifies.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import math
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta

from countertrial.model import Claim, Document, Entity, Participant, TimeWindow
from countertrial.model.documents import DocumentMeta
from countertrial.reason import engine
from countertrial.reason.engine import CHECKS, Context, ReasoningConfig, run_checks
from countertrial.reason.independence import SourceGraph

START = date(1925, 1, 1)
YEARS_DAYS = 3650
SENTENCES_PER_DOC = 200
CIRCLE = 20  # people per social circle
CLAIMS_PER_PERSON = 20
CLAIMS_PER_CITY = 250  # 400 cities at N = 100,000; 4,000 at 1,000,000
BUILDINGS_PER_CITY = 4
HUB_SHARE = 10  # one city in ten has its airfield / port / station logs in the corpus (non_occurrence records)

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


@dataclass(frozen=True)
class World:
    """How many people, cities, buildings and logged hubs a corpus of ``n`` claims has: all grow with n."""

    people: int
    cities: int
    hubs: int

    @property
    def buildings(self) -> int:
        return self.cities * BUILDINGS_PER_CITY

    @classmethod
    def for_claims(cls, n: int) -> World:
        people = max(CIRCLE * 2, n // CLAIMS_PER_PERSON)
        cities = max(HUB_SHARE * 2, round(n / CLAIMS_PER_CITY))
        return cls(people=people, cities=cities, hubs=max(2, cities // HUB_SHARE))


def _tw(first: date, days: int, precision: str = "days") -> TimeWindow:
    return TimeWindow.model_construct(earliest=first, latest=first + timedelta(days=days - 1), precision=precision, text=None)


def make_world(rng: random.Random, w: World) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for i in range(w.cities):
        entities[f"city{i}"] = Entity.model_construct(
            id=f"city{i}", kind="place", name=f"City {i}", aliases=[], latitude=rng.uniform(36.0, 60.0),
            longitude=rng.uniform(-10.0, 40.0), located_in=None, exists_from=None, exists_until=None, source="gazetteer",
        )  # fmt: skip
    names = ["Hotel", "Cafe", "Station", "Airfield"]
    for i in range(w.buildings):
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
    for p in range(w.people):
        entities[f"person{p}"] = Entity.model_construct(
            id=f"person{p}", kind="person", name=f"Person {p}", aliases=[], latitude=None, longitude=None,
            located_in=None, exists_from=None, exists_until=None, source="text",
        )  # fmt: skip
    return entities


def make_documents(rng: random.Random, n_docs: int, w: World) -> list[dict]:
    """Document skeletons (meta only; text is filled once the claims are placed)."""
    n_people = w.people
    kinds = [k for k, _, _, _ in DOC_KINDS]
    weights = [wt for _, wt, _, _ in DOC_KINDS]
    info = {k: (c, d) for k, _, c, d in DOC_KINDS}
    docs: list[dict] = []
    records: list[str] = []
    circle_of: dict[str, int] = {}
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
        if derived_from:  # a verdict or reprint is about the affair of its record: the same circle of people
            circle = circle_of[derived_from[0]]
        circle_of[did] = circle
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


def _person(rng: random.Random, circle: int, w: World) -> str:
    n_people = w.people
    if rng.random() < 0.8:  # mostly within the document's circle, so the same people recur
        return f"person{min(n_people - 1, circle * CIRCLE + rng.randrange(CIRCLE))}"
    return f"person{rng.randrange(n_people)}"


def _place(rng: random.Random, w: World) -> str:
    if rng.random() < 0.5:
        return f"city{rng.randrange(w.cities)}"
    return f"bldg{rng.randrange(w.buildings)}"


def _fresh(rng: random.Random, kind: str, doc: dict, w: World) -> dict:
    """The slots of a new claim of ``kind`` (without id, document and offsets)."""
    circle = doc["circle"]
    first = START + timedelta(days=rng.randrange(YEARS_DAYS))
    s: dict = {"kind": kind, "place": None, "origin": None, "means": None, "content": None, "aspect": "event",
               "polarity": "affirmed", "participants": []}  # fmt: skip
    P = Participant.model_construct
    if kind == "presence":
        s.update(aspect="state", place=_place(rng, w), time=_tw(first, rng.randint(1, 60)))
        s["participants"] = [P(entity=_person(rng, circle, w), role="subject", mention=None)]
    elif kind == "custody":
        s.update(aspect="state", place=_place(rng, w), time=_tw(first, rng.randint(30, 365), "month"))
        s["participants"] = [P(entity=_person(rng, circle, w), role="subject", mention=None)]
    elif kind in ("meeting", "first_contact"):
        length = rng.choices([1, rng.randint(2, 7), 30], weights=[60, 25, 15])[0]
        a = _person(rng, circle, w)
        b = _person(rng, circle, w)
        while b == a:
            b = f"person{rng.randrange(w.people)}"
        s.update(place=_place(rng, w) if rng.random() < 0.9 else None, time=_tw(first, length))
        s["participants"] = [P(entity=a, role="subject", mention=None), P(entity=b, role="companion", mention=None)]
        if kind == "first_contact" and rng.random() < 0.3:
            s["content"] = "first came into contact"
    elif kind == "travel":
        dest = _place(rng, w) if rng.random() < 0.8 else f"city{rng.randrange(w.hubs)}"  # some into the logged hubs
        s.update(place=dest, origin=f"city{rng.randrange(w.cities)}", means=rng.choice(MEANS_TRAVEL),
                 time=_tw(first, rng.choice([1, 1, 1, 2, 3])))  # fmt: skip
        s["participants"] = [P(entity=_person(rng, circle, w), role="subject", mention=None)]
    elif kind == "communication":
        sender, receiver = _person(rng, circle, w), _person(rng, circle, w)
        parts = [P(entity=sender, role="sender", mention=None)]
        if rng.random() < 0.3:
            parts.append(P(entity=_person(rng, circle, w), role="intermediary", mention=None))
        parts.append(P(entity=receiver, role="receiver", mention=None))
        s.update(participants=parts, means=rng.choice(MEANS_COMM), content=rng.choice(TOPICS),
                 time=_tw(first, rng.choice([1, 1, 7, 30])), place=_place(rng, w) if rng.random() < 0.5 else None)  # fmt: skip
    elif kind == "existence":
        b = rng.randrange(w.buildings)
        ended = rng.random() < 0.5
        word = rng.choice(ENDED if ended else BUILT)
        s.update(place=f"bldg{b}", content=f"the building was {word}", time=_tw(first, rng.choice([1, 30, 365]), "month"))
        if not ended and rng.random() < 0.2:
            s["polarity"] = "denied"  # "not yet built then"
    elif kind == "non_occurrence":
        b = rng.randrange(w.hubs)
        means, words = rng.choice(RECORD_MEANS)
        place = f"bldg{b * BUILDINGS_PER_CITY + 3}" if rng.random() < 0.5 else f"city{b}"  # the airfield or the city
        s.update(place=place, means=means, content=words, time=_tw(first, rng.randint(10, 90)), aspect="state")
    elif kind == "document_content":
        s["participants"] = [P(entity=_person(rng, circle, w), role="subject", mention=None)]
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


def _restate(rng: random.Random, base: dict, w: World) -> dict:
    """Another account of the same happening: the same, or with one slot changed."""
    s = dict(base)
    r = rng.random()
    if r < 0.15 and s["time"] is not None and s["time"].earliest is not None:  # another date
        tw = s["time"]
        shift = timedelta(days=rng.choice([-400, -90, -30, 30, 90, 400]))
        s["time"] = TimeWindow.model_construct(earliest=tw.earliest + shift, latest=tw.latest + shift, precision=tw.precision, text=None)
    elif r < 0.25 and s["place"]:  # another place
        s["place"] = _place(rng, w)
    elif r < 0.32 and s["content"] and s["kind"] in ("communication", "document_content"):  # another content
        s["content"] = rng.choice(TOPICS)
    elif r < 0.40 and s["kind"] not in ("existence", "non_occurrence"):  # denied by another (or the same) speaker
        s["polarity"] = "denied" if s["polarity"] == "affirmed" else "affirmed"
    elif r < 0.45 and s["kind"] == "communication" and len(s["participants"]) >= 2:  # another giver
        parts = list(s["participants"])
        parts[0] = Participant.model_construct(entity=f"person{rng.randrange(w.people)}", role=parts[0].role, mention=None)
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
    w = World.for_claims(n)
    entities = make_world(rng, w)
    n_docs = max(len(DOC_KINDS), n // SENTENCES_PER_DOC)
    docs = make_documents(rng, n_docs, w)
    kinds = [k for k, _ in CLAIM_KINDS]
    weights = [wt for _, wt in CLAIM_KINDS]
    slots: list[dict] = []
    placed: dict[str, list[int]] = defaultdict(list)  # document id -> its claims so far
    for i in range(n):
        doc = docs[rng.randrange(n_docs)]
        if slots and rng.random() < RESTATE:
            sources = [j for src in doc["meta"].derived_from for j in placed.get(src, ())[-200:]]
            if sources and rng.random() < 0.6:  # a derived document restates what its record says
                base = slots[rng.choice(sources)]
            else:  # a recent claim (recent: documents about one affair are written close together)
                base = slots[rng.randrange(max(0, len(slots) - 2000), len(slots))]
            s = _restate(rng, base, w)
            s["doc"] = doc
        else:
            s = _fresh(rng, rng.choices(kinds, weights)[0], doc, w)
            s["doc"] = doc
        speakers = doc["speakers"]
        if s["participants"] and rng.random() < 0.5:
            s["speaker"] = s["participants"][0].entity  # first-hand
        else:
            s["speaker"] = rng.choice(speakers)
        placed[doc["id"]].append(i)
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


def density(claims: list[Claim], entities: dict[str, Entity]) -> dict:
    """Claims per person, per place and per logged hub: what must stay about constant as N grows."""
    per_person: Counter[str] = Counter()
    per_place: Counter[str] = Counter()
    records: Counter[str] = Counter()
    hubs = {f"city{k}" for k in range(World.for_claims(len(claims)).hubs)}
    kinds: Counter[str] = Counter()
    for c in claims:
        kinds[c.kind] += 1
        for p in c.participants:
            per_person[p.entity] += 1
        if c.place:
            per_place[c.place] += 1
            city = entities[c.place].located_in or c.place
            if c.kind == "non_occurrence" and city in hubs:  # a log of a hub city or of its airfield
                records[city] += 1
    people = sum(1 for e in entities.values() if e.kind == "person")
    places = sum(1 for e in entities.values() if e.kind != "person")

    def stats(counter: Counter[str], of: int) -> dict:
        return {"mean": round(sum(counter.values()) / max(1, of), 2), "max": max(counter.values(), default=0)}

    return {
        "people": people, "places": places, "per_person": stats(per_person, people), "per_place": stats(per_place, places),
        "records_per_hub": stats(records, len(hubs)), "claim_kinds": dict(sorted(kinds.items())),
    }  # fmt: skip


def _rss_mib() -> float:
    """The current resident set size (Linux), else the peak so far."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Timer:
    """CPU and wall seconds spent in the wrapped calls, and how many findings they returned."""

    def __init__(self, fn):
        self.fn, self.cpu, self.wall, self.found = fn, 0.0, 0.0, None

    def __call__(self, *args, **kwargs):
        c0, t0 = time.process_time(), time.perf_counter()
        out = self.fn(*args, **kwargs)
        self.cpu += time.process_time() - c0
        self.wall += time.perf_counter() - t0
        if isinstance(out, list):
            self.found = len(out)
        return out


@contextmanager
def _collector_left_on():
    yield


def child(n: int, checks: list[str], seed: int, profile: str | None, collector_on: bool = False) -> dict:
    """One size, in this (child) process: generate, then one timed run_checks, stage by stage."""
    c0, t0 = time.process_time(), time.perf_counter()
    claims, entities, documents = make_corpus(n, seed)
    gen = {"cpu": time.process_time() - c0, "wall": time.perf_counter() - t0}
    dens = density(claims, entities)
    print(f"    n={n:,}: generated in {gen['wall']:.1f}s; {dens['people']:,} people, {dens['places']:,} places", file=sys.stderr, flush=True)
    config = ReasoningConfig()
    gc.collect()
    input_rss = _rss_mib()
    # time each stage of run_checks in the same pass: the checks it calls through CHECKS, and the
    # module-level helpers it calls by name
    saved_checks = dict(CHECKS)
    saved = {k: getattr(engine, k) for k in ("mark_contested", "merge_restatements", "SourceGraph", "collector_paused")}
    timers = {name: _Timer(saved_checks[name]) for name in checks}
    stage = {"context": _Timer(SourceGraph.from_context), "contested": _Timer(saved["mark_contested"]),
             "merge": _Timer(saved["merge_restatements"])}  # fmt: skip
    CHECKS.clear()
    CHECKS.update(timers)
    engine.mark_contested = stage["contested"]
    engine.merge_restatements = stage["merge"]
    engine.SourceGraph = type("TimedSourceGraph", (), {"from_context": staticmethod(stage["context"])})
    if collector_on:
        engine.collector_paused = _collector_left_on
    prof = cProfile.Profile() if profile else None
    try:
        c0, t0 = time.process_time(), time.perf_counter()
        if prof:
            prof.enable()
        found = run_checks(claims, entities, documents, config)
        if prof:
            prof.disable()
        total = {"cpu": time.process_time() - c0, "wall": time.perf_counter() - t0}
    finally:
        CHECKS.clear()
        CHECKS.update(saved_checks)
        for k, v in saved.items():
            setattr(engine, k, v)
    if prof:
        prof.dump_stats(profile)
    by_kind = Counter(f.kind for f in found)
    print(f"    n={n:,} run_checks: {total['cpu']:.1f}s CPU, {total['wall']:.1f}s wall, {len(found):,} findings", file=sys.stderr, flush=True)
    stages = {name: {"cpu": t.cpu, "wall": t.wall, "found": t.found} for name, t in {**{"context": stage["context"]}, **timers}.items()}
    for name in ("contested", "merge"):
        stages[name] = {"cpu": stage[name].cpu, "wall": stage[name].wall, "found": stage[name].found}
    return {
        "n": n, "seed": seed, "collector_on": collector_on, "generate": gen, "stages": stages, "run_checks": total, "findings": len(found),
        "findings_by_kind": dict(sorted(by_kind.items())), "input_rss_mib": round(input_rss, 1),
        "child_maxrss_self_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), "density": dens,
    }  # fmt: skip


def measure(n: int, checks: list[str], seed: int, profile: str | None, collector_on: bool = False) -> dict:
    """Run one size in a child process; its peak memory is the child's ru_maxrss."""
    cmd = [sys.executable, os.path.abspath(__file__), str(n), "--child", "--seed", str(seed), "--checks", ",".join(checks)]
    if profile:
        cmd += ["--profile", profile]
    if collector_on:
        cmd.append("--collector-on")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out = proc.stdout.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"the run at n={n:,} failed (exit {proc.returncode})")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)  # Linux: KiB
    return result


def n_log_n(n: int) -> float:
    return n * math.log(n)


def report(results: list[dict], checks: list[str]) -> None:
    rows = ["context", *checks, "contested", "merge"]
    sizes = [r["n"] for r in results]
    print()
    print("CPU / wall seconds of each stage of one run_checks, and its findings (raw, before merging)")
    head = f"{'stage':<20}" + "".join(f" {f'N={n:,}':>27}" for n in sizes)
    if len(results) > 1:
        head += "   growth of CPU seconds: " + "  ".join(f"{a:,}->{b:,}" for a, b in zip(sizes, sizes[1:]))
    print(head)

    def cell(d: dict | None, found: int | None) -> str:
        if not d:
            return f" {'-':>27}"
        f = "" if found is None else f"[{found:,}]"
        return f" {d['cpu']:>8.2f} {d['wall']:>7.2f} {f:>10}"

    def growth(get) -> str:
        out = []
        for a, b in zip(results, results[1:]):
            x, y = get(a), get(b)
            width = len(f"{a['n']:,}->{b['n']:,}")
            out.append(f"{'-' if not x or y is None else format(y / x, '.1f') + 'x':>{width}}")
        return "   " + " " * len("growth of CPU seconds: ") + "  ".join(out) if len(results) > 1 else ""

    print(f"{'':<20}" + "".join(f" {'cpu':>8} {'wall':>7} {'findings':>10}" for _ in sizes))
    for name in rows:
        print(f"{name:<20}" + "".join(cell(r["stages"].get(name), r["stages"].get(name, {}).get("found")) for r in results)
              + growth(lambda r, name=name: r["stages"].get(name, {}).get("cpu")))  # fmt: skip
    print(f"{'run_checks (total)':<20}" + "".join(cell(r["run_checks"], r["findings"]) for r in results)
          + growth(lambda r: r["run_checks"]["cpu"]))  # fmt: skip
    print(f"{'us CPU per claim':<20}" + "".join(f" {r['run_checks']['cpu'] / r['n'] * 1e6:>27.1f}" for r in results))
    print(f"{'generate (not timed)':<20}" + "".join(cell(r["generate"], None) for r in results))
    print(f"{'input RSS MiB':<20}" + "".join(f" {r['input_rss_mib']:>27,.0f}" for r in results))
    print(f"{'peak RSS MiB':<20}" + "".join(f" {r['peak_rss_mib']:>27,.0f}" for r in results)
          + growth(lambda r: r["peak_rss_mib"]))  # fmt: skip
    if len(results) > 1:
        print()
        print("what the growth would be:")
        for a, b in zip(results, results[1:]):
            n1, n2 = a["n"], b["n"]
            print(f"  {n1:,} -> {n2:,}: N x{n2 / n1:.1f}, N log N x{n_log_n(n2) / n_log_n(n1):.1f}, N^2 x{(n2 / n1) ** 2:,.0f};"
                  f" run_checks CPU x{b['run_checks']['cpu'] / a['run_checks']['cpu']:.1f}")  # fmt: skip
    print()
    print("findings after merging, by kind:")
    kinds = sorted({k for r in results for k in r["findings_by_kind"]}, key=lambda k: engine.KIND_ORDER.index(k))
    print(f"  {'kind':<24}" + "".join(f" {f'N={n:,}':>14}" for n in sizes))
    for k in kinds:
        print(f"  {k:<24}" + "".join(f" {r['findings_by_kind'].get(k, 0):>14,}" for r in results))
    print()
    print("density (must stay about constant): claims per person / per place / records per hub city, mean (max)")
    for r in results:
        d = r["density"]
        print(f"  N={r['n']:>9,}: {d['people']:>7,} people {d['per_person']['mean']:>5} ({d['per_person']['max']}),"
              f" {d['places']:>6,} places {d['per_place']['mean']:>6} ({d['per_place']['max']}),"
              f" records {d['records_per_hub']['mean']:>5} ({d['records_per_hub']['max']})")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    ap.add_argument("--checks", default=",".join(CHECKS), help="comma-separated checks to run (default: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    ap.add_argument("--profile", metavar="PATH", help="cProfile run_checks (one size) into PATH (pstats format)")
    ap.add_argument("--collector-on", action="store_true", help="leave the garbage collector on during run_checks")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)  # internal: measure one size here
    args = ap.parse_args(argv)
    checks = [c for c in args.checks.split(",") if c]
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        ap.error(f"unknown checks {unknown}; known: {', '.join(CHECKS)}")
    if args.profile and len(args.sizes) != 1:
        ap.error("--profile takes one size")
    if args.child:
        print(json.dumps(child(args.sizes[0], checks, args.seed, args.profile, args.collector_on)))
        return
    results = []
    for n in args.sizes:
        results.append(measure(n, checks, args.seed, args.profile, args.collector_on))
    report(results, checks)
    if args.json:
        doc = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
               "checks": checks, "results": results}  # fmt: skip
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    sys.exit(main())
