"""What every check needs to state a finding: a stable id, verified citations, and plain names.

Checks stay small by building their findings here: :func:`make_finding` takes the claims a finding
rests on, cites every one of their passages (verified against the document text), and gives the
finding an id that depends only on its kind and claims, so reruns and reorderings give the same ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from countertrial.model import Claim, Entity, Finding
from countertrial.reason.citations import citations_for

MODALITY_VERB = {"asserted": "says", "reported": "reports", "alleged": "alleges"}


def finding_id(kind: str, claim_ids: Sequence[str]) -> str:
    """Stable across runs and orderings: the same claims always give the same finding id."""
    digest = hashlib.sha256("\x1f".join([kind, *sorted(claim_ids)]).encode("utf-8")).hexdigest()
    return "F-" + digest[:10]


def name_of(entity_id: str | None, entities: Mapping[str, Entity], claims: Sequence[Claim] = ()) -> str:
    """The name a reader knows an entity by; the words of the text when it was never resolved."""
    if entity_id is None:
        return "an unnamed source"
    ent = entities.get(entity_id)
    if ent is not None:
        return ent.name
    for c in claims:
        for part in c.participants:
            if part.entity == entity_id and part.mention:
                return part.mention
    return entity_id.split(":", 1)[-1]


def join_names(names: Sequence[str]) -> str:
    names = list(names)
    if not names:
        return "nobody"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def where(claim: Claim, entities: Mapping[str, Entity]) -> str:
    """'in Berlin', 'at the Hotel X in Y', or '' when the claim names no place."""
    if not claim.place:
        return ""
    place = entities.get(claim.place)
    if place is None:
        return f"in {claim.place_mention or claim.place}"
    if place.kind == "building":
        city = entities.get(place.located_in) if place.located_in else None
        return f"at {place.name} in {city.name}" if city is not None else f"at {place.name}"
    return f"in {place.name}"


def attributed(claim: Claim, entities: Mapping[str, Entity]) -> str:
    """'as X says' / 'as X reports': who stands behind a claim, in words."""
    who = name_of(claim.speaker, entities) if claim.speaker else f"the account in {claim.document}"
    return f"as {who} {MODALITY_VERB.get(claim.modality, 'says')}"


def make_finding(
    kind: str,
    rule: str,
    claims: Sequence[Claim],
    texts: Mapping[str, str],
    summary: str,
    confidence: float,
    confidence_reason: str,
    *,
    contested: bool = False,
    details: dict | None = None,
) -> Finding:
    """A finding citing the passage of every claim it rests on (both sides of a contradiction)."""
    return Finding(
        id=finding_id(kind, [c.id for c in claims]),
        kind=kind,
        summary=summary,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        confidence_reason=confidence_reason,
        contested=contested,
        citations=citations_for(claims, texts),
        claims=[c.id for c in claims],
        rule=rule,
        details=details or {},
    )
