"""Analysts' decisions laid over the machine's output when it is read.

The store keeps what the machine extracted and concluded untouched; an analyst's decision is a row
beside it (``store.schema.decisions``). Whoever reads claims or findings for reasoning or for a view
applies the overlay here:

- a rejected claim is left out before reasoning;
- a corrected claim's slots replace the machine's in the copy the reasoner sees;
- a claim the analyst read in a passage is added, cited by its offsets;
- an entity merged into another is read as that other one everywhere;
- a rejected finding is hidden from the views (it stays in the store and is listed as rejected).

This module needs only the store and the models (no web framework), so ``countertrial analyze``
applies the same overlay as the workbench.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from countertrial.model import Claim, Entity, Finding

# The slots an analyst may correct, and how a form's text becomes a value.
CORRECTABLE = ("kind", "participants", "place", "origin", "time", "aspect", "means", "content", "polarity", "modality", "speaker")


@dataclass
class Overlay:
    finding_status: dict[str, dict] = field(default_factory=dict)  # finding id -> {"status", "note"}
    claim_status: dict[str, dict] = field(default_factory=dict)
    corrections: dict[str, dict] = field(default_factory=dict)  # claim id -> {slot: value}
    added: dict[str, dict] = field(default_factory=dict)  # claim id -> Claim JSON
    merges: dict[str, str] = field(default_factory=dict)  # entity id -> the entity it is merged into
    hypotheses: dict[str, dict] = field(default_factory=dict)  # hypothesis id -> {"id", "title", …} as in a case file
    ratings: dict[str, dict] = field(default_factory=dict)  # "H:item" -> {"evidence", "hypothesis", "rating", "why"}
    # new entity id -> {"from": entity id, "documents": [...], "name": ...}: in those documents the
    # resolver's entity is someone else (a namesake), read as the new entity
    splits: dict[str, dict] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.finding_status or self.claim_status or self.corrections or self.added or self.merges or self.splits)

    def split_in(self, document: str) -> dict[str, str]:
        """Entity id -> the entity split off from it in this document."""
        return {d["from"]: new for new, d in self.splits.items() if document in d.get("documents", ())}

    def rejected_findings(self) -> set[str]:
        return {k for k, v in self.finding_status.items() if v.get("status") == "rejected"}

    def rejected_claims(self) -> set[str]:
        return {k for k, v in self.claim_status.items() if v.get("status") == "rejected"}

    def entity(self, entity_id: str | None) -> str | None:
        """The entity an id stands for after merges (followed to the end; a cycle stops where it closes)."""
        seen = set()
        while entity_id in self.merges and entity_id not in seen:
            seen.add(entity_id)
            entity_id = self.merges[entity_id]
        return entity_id


def load_overlay(store) -> Overlay:
    ov = Overlay()
    for d in store.decisions():
        kind, target, aspect, data = d["target_kind"], d["target_id"], d["aspect"], d["data"]
        if kind == "finding" and aspect == "status":
            ov.finding_status[target] = data
        elif kind == "claim" and aspect == "status":
            ov.claim_status[target] = data
        elif kind == "claim" and aspect == "correction":
            ov.corrections[target] = data
        elif kind == "claim" and aspect == "added":
            ov.added[target] = data
        elif kind == "entity" and aspect == "merge":
            ov.merges[target] = data["into"]
        elif kind == "entity" and aspect == "split":
            ov.splits[target] = data
        elif kind == "hypothesis" and aspect == "added":
            ov.hypotheses[target] = data
        elif kind == "rating" and aspect == "rating":
            ov.ratings[target] = data
    return ov


def corrected(claim: Claim, slots: dict[str, Any]) -> Claim:
    """The claim with the analyst's slots in place of the machine's (validated like any claim)."""
    data = claim.model_dump(mode="json")
    data.update({k: v for k, v in slots.items() if k in CORRECTABLE})
    return Claim.model_validate(data)


def _merged(claim: Claim, ov: Overlay) -> Claim:
    """Entities split off in this claim's document, then merges, mapped in every slot that names one."""
    split = ov.split_in(claim.document) if ov.splits else {}
    if not ov.merges and not split:
        return claim

    def e(entity_id: str | None) -> str | None:
        return ov.entity(split.get(entity_id, entity_id) if entity_id else entity_id)

    return claim.model_copy(
        update={
            "participants": [p.model_copy(update={"entity": e(p.entity)}) for p in claim.participants],
            "place": e(claim.place),
            "origin": e(claim.origin),
            "speaker": e(claim.speaker),
            "reported_by": e(claim.reported_by),
        }
    )


def apply_to_claims(claims: list[Claim], ov: Overlay) -> list[Claim]:
    """The claims the reasoner should see: rejected left out, corrections in place, analyst's added, merges mapped.

    A correction that no longer fits the claim (say, a slot's type changed) is skipped rather than
    stopping the run: the machine's claim is used and the workbench shows the correction as stale.
    """
    if ov.empty:
        return claims
    rejected = ov.rejected_claims()
    out = []
    for c in claims:
        if c.id in rejected:
            continue
        if c.id in ov.corrections:
            try:
                c = corrected(c, ov.corrections[c.id])
            except ValidationError:
                pass
        out.append(_merged(c, ov))
    for cid, data in ov.added.items():
        if cid in rejected:
            continue
        try:
            out.append(_merged(Claim.model_validate(data), ov))
        except ValidationError:
            continue
    return out


def apply_to_findings(findings: list[Finding], ov: Overlay) -> list[Finding]:
    """The findings a view shows: rejected ones hidden (they stay in the store, listed as rejected)."""
    rejected = ov.rejected_findings()
    return [f for f in findings if f.id not in rejected] if rejected else findings


def apply_to_entities(entities: list[Entity], ov: Overlay) -> list[Entity]:
    """Entities merged into another are shown as aliases of that one; one split off is a copy under its own id."""
    if not ov.merges and not ov.splits:
        return entities
    by_id = {e.id: e for e in entities}
    for new, d in ov.splits.items():  # a namesake split off: a copy of the entity under its own id and name
        if d.get("from") in by_id and new not in by_id:
            by_id[new] = by_id[d["from"]].model_copy(update={"id": new, "name": d.get("name") or new, "aliases": []})
            entities = [*entities, by_id[new]]
    extra: dict[str, list[str]] = {}
    for src in ov.merges:
        into = ov.entity(src)
        if src in by_id and into in by_id and into != src:
            extra.setdefault(into, []).extend([by_id[src].name, *by_id[src].aliases])
    out = []
    for e in entities:
        if ov.entity(e.id) != e.id and ov.entity(e.id) in by_id:
            continue
        if e.id in extra:
            aliases = list(dict.fromkeys([*e.aliases, *(a for a in extra[e.id] if a != e.name)]))
            e = e.model_copy(update={"aliases": aliases})
        out.append(e)
    return out


def split_entity_id(entity: str, name: str, documents: list[str]) -> str:
    basis = "\x1f".join([entity, name, *sorted(documents)])
    return f"{entity}~" + hashlib.sha1(basis.encode()).hexdigest()[:8]


def added_claim_id(document: str, start: int, end: int, kind: str, user: str, at: float) -> str:
    basis = "\x1f".join([document, str(start), str(end), kind, user, repr(at)])
    return "A-" + hashlib.sha1(basis.encode()).hexdigest()[:12]


# --- hooks for countertrial.pipeline ------------------------------------------------------------------


def overlay_claims(store, claims: list[Claim]) -> list[Claim]:
    return apply_to_claims(claims, load_overlay(store))


def overlay_findings(store, findings: list[Finding]) -> list[Finding]:
    return apply_to_findings(findings, load_overlay(store))


def overlay_entities(store, entities: list[Entity]) -> list[Entity]:
    return apply_to_entities(entities, load_overlay(store))


def rating_target(hypothesis: str, item: str) -> str:
    return f"{hypothesis}:{item}"


def overlay_hypotheses(store, hypotheses: list, overrides: list) -> tuple[list, list]:
    """The case file's hypotheses and ratings plus those entered in the workbench (a workbench rating of a
    cell wins over the case file's; a hypothesis id the case file has already is left to the case file)."""
    ov = load_overlay(store)
    if not (ov.hypotheses or ov.ratings):
        return hypotheses, overrides
    from countertrial.reason.hypotheses import Hypothesis, HypothesisError, RatingOverride

    hyps = list(hypotheses)
    have = {h.id for h in hyps}
    for hid, data in ov.hypotheses.items():
        if hid not in have:
            try:
                hyps.append(Hypothesis.from_dict(data, f"workbench hypothesis {hid}"))
            except HypothesisError:
                continue
    ours = []
    for data in ov.ratings.values():
        try:
            ours.append(RatingOverride.from_dict(data, "workbench rating"))
        except HypothesisError:
            continue
    cells = {(o.item, o.hypothesis) for o in ours}
    return hyps, [o for o in overrides if (o.item, o.hypothesis) not in cells] + ours
