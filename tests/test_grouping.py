"""Merging restatements of one contradiction into one finding, and keeping different ones apart."""

from __future__ import annotations

from countertrial.model import Citation, Claim, Entity, Finding, Participant
from countertrial.reason.grouping import merge_restatements


def _claim(cid: str, start: int, place: str, people=("person:ada", "person:ben")) -> Claim:
    return Claim(
        id=cid, kind="meeting", document="d.txt", start=start, end=start + 5, quote="x" * 5,
        participants=[Participant(entity=p) for p in people], place=place,
    )


def _finding(fid: str, kind: str, claims: list[Claim], confidence: float) -> Finding:
    return Finding(
        id=fid, kind=kind, summary=f"summary of {fid}.", confidence=confidence,
        citations=[Citation(document=c.document, start=c.start, end=c.end, quote=c.quote) for c in claims],
        claims=[c.id for c in claims], rule="test",
    )


ENTITIES = {
    "building:hotel-nord": Entity(id="building:hotel-nord", kind="building", name="Hotel Nord", located_in="place:lyon"),
    "place:lyon": Entity(id="place:lyon", kind="place", name="Lyon"),
    "place:vienna": Entity(id="place:vienna", kind="place", name="Vienna"),
}


def test_restatements_sharing_a_claim_merge_and_cite_everything():
    a1, a2, b = _claim("a1", 0, "building:hotel-nord"), _claim("a2", 10, "place:lyon"), _claim("b", 20, "place:vienna")
    f1, f2 = _finding("F1", "alibi", [a1, b], 0.4), _finding("F2", "alibi", [a2, b], 0.6)
    [merged] = merge_restatements([f1, f2], [a1, a2, b], ENTITIES)
    assert set(merged.claims) == {"a1", "a2", "b"}
    assert len(merged.citations) == 3
    assert merged.confidence == 0.6 and merged.summary.startswith("summary of F2.")
    assert merged.details["merged_findings"] == ["F2", "F1"]


def test_different_kinds_do_not_merge():
    a, b = _claim("a", 0, "place:lyon"), _claim("b", 20, "place:vienna")
    out = merge_restatements([_finding("F1", "alibi", [a, b], 0.5), _finding("F2", "denial", [a, b], 0.5)], [a, b], ENTITIES)
    assert [f.id for f in out] == ["F1", "F2"]


def test_same_people_and_cities_without_a_shared_claim_stay_apart():
    """Two clashes between the same cities in different years share no passage: two findings."""
    a1, b1, a2, b2 = (_claim(c, i * 10, p) for i, (c, p) in enumerate([("a1", "place:lyon"), ("b1", "place:vienna"), ("a2", "place:lyon"), ("b2", "place:vienna")]))
    out = merge_restatements([_finding("F1", "alibi", [a1, b1], 0.5), _finding("F2", "alibi", [a2, b2], 0.5)], [a1, b1, a2, b2], ENTITIES)
    assert len(out) == 2


def test_a_shared_claim_about_other_people_does_not_merge():
    a, b = _claim("a", 0, "place:lyon"), _claim("b", 20, "place:vienna")
    c = _claim("c", 30, "place:vienna", people=("person:ada", "person:cleo"))
    out = merge_restatements([_finding("F1", "denial", [a, b], 0.5), _finding("F2", "denial", [a, c], 0.5)], [a, b, c], ENTITIES)
    assert len(out) == 2
