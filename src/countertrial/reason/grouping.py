"""One contradiction, one finding: merging findings that restate the same conflict.

A corpus often says the same thing several times (a confession quoted in a speech and again in a
book; a denial made twice). Each pairing of such passages is the same contradiction, and listing
them separately buries the report and over-counts it in the hypothesis matrix. Two findings are the
same when they are of one kind, concern the same people and the same cities (a building counts as its
city), and share at least one claim; merging is transitive. The merged finding keeps the most
confident member's explanation and cites every passage of every member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from countertrial.model import Claim, Entity, Finding
from countertrial.reason.findings import finding_id


def _city(place: str | None, entities: Mapping[str, Entity]) -> str | None:
    seen = set()
    while place and place not in seen:
        seen.add(place)
        ent = entities.get(place)
        if ent is None or ent.kind != "building" or not ent.located_in:
            return place
        place = ent.located_in
    return place


def conflict_key(finding: Finding, claims: Mapping[str, Claim], entities: Mapping[str, Entity]) -> tuple:
    """What a finding is about: its kind, the people and the cities of the claims it rests on."""
    people: set[str] = set()
    cities: set[str] = set()
    for cid in finding.claims:
        c = claims.get(cid)
        if c is None:
            continue
        people.update(p.entity for p in c.participants)
        for place in (c.place, c.origin):
            city = _city(place, entities)
            if city:
                cities.add(city)
    return (finding.kind, frozenset(people), frozenset(cities))


def merge_restatements(findings: Sequence[Finding], claims: Sequence[Claim], entities: Mapping[str, Entity]) -> list[Finding]:
    """The findings with restatements of one conflict merged; order follows the first member of each group."""
    by_id = {c.id: c for c in claims}
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        groups[conflict_key(f, by_id, entities)].append(i)

    parent = list(range(len(findings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in groups.values():
        owner: dict[str, int] = {}
        for i in members:
            for cid in findings[i].claims:
                j = owner.setdefault(cid, i)
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)

    clusters: dict[int, list[Finding]] = defaultdict(list)
    for i, f in enumerate(findings):
        clusters[find(i)].append(f)
    return [_merge(clusters[k]) if len(clusters[k]) > 1 else clusters[k][0] for k in sorted(clusters)]


def _merge(members: list[Finding]) -> Finding:
    lead = max(members, key=lambda f: (f.confidence, f.id))
    ordered = [lead] + sorted((f for f in members if f is not lead), key=lambda f: f.id)
    claim_ids: list[str] = []
    citations = []
    for f in ordered:
        claim_ids.extend(c for c in f.claims if c not in claim_ids)
        citations.extend(c for c in f.citations if c not in citations)
    extra = len(citations) - len(lead.citations)
    summary = lead.summary
    if extra > 0:
        summary += f" The same contradiction is stated in {extra} further passage{'s' if extra != 1 else ''}, all cited."
    return lead.model_copy(
        update={
            "id": finding_id(lead.kind, claim_ids),
            "summary": summary,
            "contested": any(f.contested for f in members),
            "citations": citations,
            "claims": claim_ids,
            "details": {**lead.details, "merged_findings": [f.id for f in ordered], "restatements": len(members)},
        },
        deep=True,
    )
