"""Findings: contradictions and corroborations, each explained and cited to every passage it rests on."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from countertrial.model.documents import Citation

FindingKind = Literal[
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
]


class Finding(BaseModel):
    """What the reasoner concluded, in a sentence a lawyer would accept, with the passages behind it.

    ``citations`` name the passage of *every* claim the finding rests on (for a contradiction: both
    sides), and ``claims`` are the ids of those claims in claims.json.
    """

    id: str
    kind: FindingKind
    summary: str
    confidence: float = Field(ge=0.0, le=1.0)
    confidence_reason: str = ""
    contested: bool = False
    citations: list[Citation]
    claims: list[str]
    rule: str
    details: dict = Field(default_factory=dict)
