"""Running every check over the resolved claims, in a fixed order, and ordering what they find.

Checks are registered by finding kind in ``CHECKS``: a check is a plain function from claims, entities
and the documents' texts to findings. Later checks (denial, chronology, ...) are new entries here.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from countertrial.ingest.casefile import case_citations
from countertrial.model import Citation, Claim, Document, Entity, Finding
from countertrial.reason.checks.alibi import check_alibis
from countertrial.reason.checks.anachronism import check_anachronism
from countertrial.reason.checks.chronology import check_chronology
from countertrial.reason.checks.corroboration import check_corroboration
from countertrial.reason.checks.denial import check_denial
from countertrial.reason.checks.impossible_means import check_impossible_means
from countertrial.reason.checks.record_mismatch import check_record_mismatch
from countertrial.reason.checks.self_contradiction import check_self_contradiction
from countertrial.reason.checks.versions import check_version_conflict
from countertrial.reason.contested import mark_contested
from countertrial.reason.grouping import merge_restatements
from countertrial.reason.independence import SourceGraph
from countertrial.reason.travel import TravelSpeeds

KIND_ORDER = (
    "alibi",
    "anachronism",
    "impossible_means",
    "chronology",
    "denial",
    "version_conflict",
    "self_contradiction",
    "record_mismatch",
    "corroboration",
    "dependent_corroboration",
)


@dataclass
class ReasoningConfig:
    """What the checks may be tuned with: the era's travel speeds, and which checks to run."""

    speeds: TravelSpeeds = field(default_factory=TravelSpeeds)
    enabled: tuple[str, ...] = KIND_ORDER
    case: object | None = None  # the analyst's case file (countertrial.model.case.Case), if any


@dataclass(frozen=True)
class Context:
    """Everything a check may look at. Checks are pure functions of it."""

    claims: list[Claim]
    entities: dict[str, Entity]
    texts: dict[str, str]  # document id -> exact text, for citations
    config: ReasoningConfig
    documents: dict[str, Document] = field(default_factory=dict)  # id -> document (meta: kind, conditions, derived_from)
    sources: SourceGraph | None = None  # which documents depend on which (built once per run)
    # entity id -> passages the case file cites for that entity's facts (e.g. when a building stood)
    entity_citations: dict[str, list[Citation]] = field(default_factory=dict)


def _alibi(ctx: Context) -> list[Finding]:
    return check_alibis(ctx.claims, ctx.entities, ctx.config.speeds, ctx.texts)


def _corroboration(ctx: Context) -> list[Finding]:
    return check_corroboration(ctx, graph=ctx.sources)


# A check may return findings of more than one kind (corroboration also finds dependent ones);
# ``enabled`` filters on the kind of each finding.
CHECKS: dict[str, Callable[[Context], list[Finding]]] = {
    "alibi": _alibi,
    "anachronism": check_anachronism,
    "impossible_means": check_impossible_means,
    "chronology": check_chronology,
    "denial": check_denial,
    "version_conflict": check_version_conflict,
    "self_contradiction": check_self_contradiction,
    "record_mismatch": check_record_mismatch,
    "corroboration": _corroboration,
}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (restoring its state afterwards).

    The checks build per-claim indexes and caches (millions of small objects at a million claims) that
    live until the run ends, and create no reference cycles. With the collector on, each 25% growth of
    that live set triggers a full collection that traverses all of it: at 100,000 and at 1,000,000 claims
    about a third of run_checks' time went into collections that freed nothing
    (``bench/bench_reasoning.py --collector-on`` shows it). Plain reference
    counting still frees everything as usual; a cycle made meanwhile waits for the collector's next pass.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_checks(claims: list[Claim], entities: dict[str, Entity], documents: list[Document], config: ReasoningConfig) -> list[Finding]:
    """All findings, deterministically ordered: by kind, then by where their first passage stands."""
    with collector_paused():
        return _run_checks(claims, entities, documents, config)


def _run_checks(claims: list[Claim], entities: dict[str, Entity], documents: list[Document], config: ReasoningConfig) -> list[Finding]:
    ctx = Context(claims, entities, {d.id: d.text for d in documents}, config, {d.id: d for d in documents})
    entity_citations = case_citations(config.case, ctx.texts) if config.case is not None else {}
    ctx = replace(ctx, sources=SourceGraph.from_context(ctx), entity_citations=entity_citations)
    order = {d.id: i for i, d in enumerate(documents)}
    found: dict[str, Finding] = {}
    for name, check in CHECKS.items():
        for f in check(ctx):
            if f.kind in config.enabled:
                found.setdefault(f.id, f)
    findings = mark_contested(list(found.values()), claims, ctx, graph=ctx.sources)
    findings = merge_restatements(findings, claims, entities)

    def position(f: Finding) -> tuple:
        first = f.citations[0] if f.citations else None
        return (
            KIND_ORDER.index(f.kind),
            order.get(first.document, 1 << 30) if first else 1 << 30,
            first.start if first else 0,
            f.id,
        )

    return sorted(findings, key=position)
