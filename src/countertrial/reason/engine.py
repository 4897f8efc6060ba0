"""Running every check over the resolved claims, in a fixed order, and ordering what they find.

Checks are registered by finding kind in ``CHECKS``: a check is a plain function from claims, entities
and the documents' texts to findings. Later checks (denial, chronology, ...) are new entries here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from countertrial.model import Claim, Document, Entity, Finding
from countertrial.reason.checks.alibi import check_alibis
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


@dataclass(frozen=True)
class Context:
    """Everything a check may look at. Checks are pure functions of it."""

    claims: list[Claim]
    entities: dict[str, Entity]
    texts: dict[str, str]  # document id -> exact text, for citations
    config: ReasoningConfig
    documents: dict[str, Document] = field(default_factory=dict)  # id -> document (meta: kind, conditions, derived_from)


def _alibi(ctx: Context) -> list[Finding]:
    return check_alibis(ctx.claims, ctx.entities, ctx.config.speeds, ctx.texts)


CHECKS: dict[str, Callable[[Context], list[Finding]]] = {
    "alibi": _alibi,
}


def run_checks(claims: list[Claim], entities: dict[str, Entity], documents: list[Document], config: ReasoningConfig) -> list[Finding]:
    """All findings, deterministically ordered: by kind, then by where their first passage stands."""
    ctx = Context(claims, entities, {d.id: d.text for d in documents}, config, {d.id: d for d in documents})
    order = {d.id: i for i, d in enumerate(documents)}
    findings: dict[str, Finding] = {}
    for kind in KIND_ORDER:
        if kind in CHECKS and kind in config.enabled:
            for f in CHECKS[kind](ctx):
                findings.setdefault(f.id, f)

    def position(f: Finding) -> tuple:
        first = f.citations[0] if f.citations else None
        return (
            KIND_ORDER.index(f.kind),
            order.get(first.document, 1 << 30) if first else 1 << 30,
            first.start if first else 0,
            f.id,
        )

    return sorted(findings.values(), key=position)
