"""The whole analysis as a sequence of stages over the store.

ingest -> extract -> resolve -> reason -> present. Every stage reads only what the store holds and
writes its result in transactions, so any stage can be rerun alone, an interrupted run resumes where
it stopped, and an unchanged document is never re-read or re-extracted.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from countertrial import __version__
from countertrial.extract.extractor import extract_document, input_key
from countertrial.extract.nlp import load_pipeline, model_name
from countertrial.ingest.casefile import analyst_claims, case_travel_speeds, load_case
from countertrial.ingest.corpus import Unchanged, iter_corpus
from countertrial.model.case import Case
from countertrial.reason.travel import TravelSpeeds
from countertrial.resolve.casefile import apply_case
from countertrial.model import Claim, Document, Entity, Finding, Problem
from countertrial.present.files import write_atomic, write_json
from countertrial.present.graphml import write_graphml
from countertrial.reason.hypotheses import analyse_case, from_case
from countertrial.reason.independence import SourceGraph, dependencies_from_case, document_lines, evidence_lines
from countertrial.reason.network import build_contact_network
from countertrial.reason.engine import ReasoningConfig, run_checks
from countertrial.resolve.resolver import resolve
from countertrial.store import Store
from countertrial.workbench.overlays import overlay_claims, overlay_entities, overlay_findings, overlay_hypotheses

if TYPE_CHECKING:
    from countertrial.extract.llm import LLMConfig
    from countertrial.present.report import ReportData

STAGES = ("ingest", "extract", "resolve", "reason", "present")


class Progress(Protocol):
    def start(self, stage: str, total: int | None) -> None: ...
    def advance(self, stage: str, label: str = "") -> None: ...
    def done(self, stage: str) -> None: ...


class SilentProgress:
    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, stage: str, label: str = "") -> None:
        pass

    def done(self, stage: str) -> None:
        pass


def _crash_point(stage: str, count: int) -> None:
    """For tests of interrupted runs: die abruptly (no clean-up) after N units of a stage."""
    spec = os.environ.get("COUNTERTRIAL_DIE_AFTER")
    if spec and spec == f"{stage}:{count}":
        os._exit(99)


@dataclass
class RunResult:
    documents: list[Document]
    claims: list[Claim]
    entities: list[Entity]
    findings: list[Finding]
    problems: list[Problem]
    stats: dict = field(default_factory=dict)


def ingest(store: Store, corpus: Path, progress: Progress) -> list[Problem]:
    """Bring the store's documents in line with the folder: new and changed files in, removed ones out.

    A file's own problems (a guessed encoding, "not listed in the manifest") are stored with it in
    one transaction; for a file that is unchanged since the last run they are reported from the
    store, in the same place in the order, so a rerun reports exactly what a fresh run would.
    """
    known = store.document_fingerprints()
    stored_problems = store.document_problems()
    seen: dict[str, int] = {}
    metas = {}
    problems: list[Problem] = []
    pending: list[Problem] = []  # problems met since the last document, some of them about the next one
    progress.start("ingest", None)
    written = 0
    for item in iter_corpus(corpus, known=known):
        if isinstance(item, Problem):
            pending.append(item)
            continue
        own = [p for p in pending if p.file == item.id]
        problems.extend(p for p in pending if p.file != item.id)
        pending = []
        seen[item.id] = len(seen)
        metas[item.id] = item.meta
        if isinstance(item, Unchanged):
            problems.extend(stored_problems.get(item.id, []))
        else:
            store.put_document(item, seen[item.id], own)
            problems.extend(own)
            written += 1
            _crash_point("ingest", written)
        progress.advance("ingest", item.id)
    problems.extend(pending)
    store.set_document_order(seen, metas)
    store.remove_documents(set(known) - set(seen))
    store.put_problems("ingest", problems)
    progress.done("ingest")
    return problems


CASE_FILE = "case.yaml"


def load_case_file(store: Store, corpus: Path, case_path: Path | None = None) -> list[Problem]:
    """Read the case file (``case_path``, else the optional case.yaml beside the corpus) into the store.

    A broken item is reported by line and left out; the rest of the case still counts.
    """
    path = case_path or corpus / CASE_FILE
    texts = {d.id: d.text for d in store.documents()}
    case, problems = load_case(path, texts) if path.is_file() else (None, [])
    if case is None:
        store.put_case(None, None)
        store.put_analyst_claims([])
    else:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        store.put_case(digest, case.model_dump(mode="json"))
        store.put_analyst_claims(analyst_claims(case, texts))
    store.put_problems("case", problems)
    return problems


def stored_case(store: Store) -> Case | None:
    data = store.case()
    return Case.model_validate(data, context={"defer_references": True}) if data is not None else None


def extract(store: Store, progress: Progress, llm: "LLMConfig | None" = None) -> int:
    """Extract claims from every document whose text, voice or extractor changed since last time.

    ``llm`` switches on the optional LLM extractor beside the rules (off by default). A document the
    model could not read in full keeps the rules' claims and is marked so that a rerun asks again.
    """
    docs = store.documents()
    model = model_name()
    llm_id = llm.identity if llm is not None else None
    done = store.stage_keys("extract")
    todo = [d for d in docs if done.get(d.id) != input_key(d, model, llm_id)]
    progress.start("extract", len(todo))
    llm_problems: list[Problem] = []
    if todo:
        nlp = load_pipeline()
        extractor = None
        if llm is not None:
            from countertrial.extract.llm import LLMExtractor

            extractor = LLMExtractor(llm)
        try:
            for i, doc in enumerate(todo, 1):
                claims, mentions = extract_document(doc, nlp, extractor)
                incomplete = extractor is not None and doc.id in extractor.incomplete
                key = input_key(doc, model, f"{llm_id}|incomplete" if incomplete else llm_id)
                store.put_extraction(doc.id, claims, mentions, key)
                _crash_point("extract", i)
                progress.advance("extract", doc.id)
        finally:
            if extractor is not None:
                extractor.close()
                llm_problems = extractor.problems
    store.put_problems("llm", llm_problems)
    progress.done("extract")
    return len(todo)


def resolve_entities(store: Store, progress: Progress) -> None:
    progress.start("resolve", 1)
    mentions = store.mentions()
    entities, resolutions = resolve(mentions)
    case = stored_case(store)
    if case is not None:
        entities, resolutions = apply_case(case, entities, resolutions)
    store.put_resolution(entities, resolutions)
    progress.advance("resolve")
    progress.done("resolve")


def resolved_claims(store: Store) -> list[Claim]:
    """Claims with every name replaced by the entity it was resolved to (the store keeps the raw keys)."""
    table = store.resolutions()
    out = []
    for c in store.claims():
        def ent(key: str | None, doc: str = c.document) -> str | None:
            return table.get((doc, key), key) if key else key

        out.append(
            c.model_copy(
                update={
                    "participants": [p.model_copy(update={"entity": ent(p.entity)}) for p in c.participants],
                    "place": ent(c.place),
                    "origin": ent(c.origin),
                    "speaker": ent(c.speaker),
                    "reported_by": ent(c.reported_by),
                }
            )
        )
    # analysts' decisions (rejected, corrected, added claims; merged entities), laid over the machine's
    return overlay_claims(store, out)


def reason(store: Store, progress: Progress, config: ReasoningConfig | None = None) -> list[Finding]:
    progress.start("reason", 1)
    docs = store.documents()
    case = stored_case(store)
    if config is None:
        config = ReasoningConfig(speeds=case_travel_speeds(case) if case else TravelSpeeds(), case=case)
    findings = run_checks(
        resolved_claims(store),
        {e.id: e for e in overlay_entities(store, store.entities())},  # with analysts' merges and splits
        docs,
        config,
    )
    store.put_findings(findings)
    progress.advance("reason")
    progress.done("reason")
    return findings


def case_hypotheses(
    store: Store,
    docs: list[Document],
    claims: list[Claim],
    entities: list[Entity],
    findings: list[Finding],
) -> dict | None:
    """The competing-hypotheses analysis of the stored case file, or None when it names no hypotheses."""
    case = stored_case(store)
    hyps, overrides = from_case(case) if case is not None else ([], [])
    hyps, overrides = overlay_hypotheses(store, hyps, overrides)  # added and rated in the workbench
    if not hyps:
        return None
    edges, groups = dependencies_from_case(case)
    graph = SourceGraph(docs, edges=edges, groups=groups, entities={e.id: e for e in entities})
    lines = evidence_lines(graph, claims)
    return analyse_case(
        hyps, findings, claims, overrides, {d.id: d for d in docs}, source_groups=document_lines(graph),
        claim_lines=lines.of_claim, line_reasons=lines.why,
    ).to_dict()


def build_report_data(store: Store, title: str) -> "ReportData":
    """Everything the report (and the workbench's views) show, read from the store in one place."""
    from countertrial.present.report import ReportData

    docs = store.documents()
    claims = resolved_claims(store)
    entities = overlay_entities(store, store.entities())
    findings = overlay_findings(store, store.findings())  # rejected findings are hidden, never deleted
    return ReportData(
        title=title,
        generated_by=f"countertrial {__version__}",
        documents=docs,
        claims=claims,
        entities=entities,
        findings=findings,
        problems=store.problems(),
        hypotheses=case_hypotheses(store, docs, claims, entities, findings),
        network=build_contact_network(claims, findings, {e.id: e for e in entities}),
    )


def present(store: Store, out_dir: Path, progress: Progress, title: str) -> RunResult:
    """Write the contract files (findings.json, claims.json, entities.json, report.html), each atomically."""
    from countertrial.present.report import render_report

    progress.start("present", 5)  # the five files every run writes
    data = build_report_data(store, title)
    write_json(out_dir / "findings.json", [f.model_dump(mode="json") for f in data.findings])
    progress.advance("present", "findings.json")
    write_json(out_dir / "claims.json", [c.model_dump(mode="json") for c in data.claims])
    progress.advance("present", "claims.json")
    write_json(out_dir / "entities.json", [e.model_dump(mode="json") for e in data.entities])
    progress.advance("present", "entities.json")
    write_json(out_dir / "problems.json", [p.model_dump(mode="json") for p in data.problems])
    progress.advance("present", "problems.json")
    write_graphml(data.network, out_dir / "network.graphml")
    if data.hypotheses is not None:
        write_json(out_dir / "hypotheses.json", data.hypotheses)
    write_atomic(out_dir / "report.html", render_report(data))
    progress.advance("present", "report.html")
    progress.done("present")
    return RunResult(data.documents, data.claims, data.entities, data.findings, data.problems)


def analyze(
    store: Store,
    corpus: Path,
    out_dir: Path,
    progress: Progress | None = None,
    config: ReasoningConfig | None = None,
    case_path: Path | None = None,
    llm: "LLMConfig | None" = None,
) -> RunResult:
    """The whole pipeline on a corpus folder; returns what was written.

    ``llm``: the optional LLM extractor; its answers are cached in ``OUT/llm-cache`` unless it names a cache.
    """
    progress = progress or SilentProgress()
    if llm is not None and llm.cache_dir is None:
        from dataclasses import replace

        llm = replace(llm, cache_dir=out_dir / "llm-cache")
    ingest(store, corpus, progress)
    load_case_file(store, corpus, case_path)
    extract(store, progress, llm)
    resolve_entities(store, progress)
    reason(store, progress, config)
    return present(store, out_dir, progress, title=corpus.resolve().name)
