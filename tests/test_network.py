"""The contact network: which claims make links, each link's status from the findings, GraphML round trip."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from countertrial.model import Citation, Claim, Entity, Finding, Participant, TimeWindow
from countertrial.present.graphml import split_list, write_graphml
from countertrial.reason.network import build_contact_network, independent_lines, network_to_dict, status_counts

ENTITIES = {
    e.id: e
    for e in [
        Entity(id="person:ana", kind="person", name="Ana Voss"),
        Entity(id="person:ben", kind="person", name="Ben Kral"),
        Entity(id="person:cyr", kind="person", name="Cyr Lund"),
        Entity(id="person:dag", kind="person", name="Dag Orm"),
        Entity(id="person:eva", kind="person", name="Eva Nyx"),
        Entity(id="org:bureau", kind="organisation", name="the Bureau"),
        Entity(id="place:port", kind="place", name="Port"),
    ]
}


def claim(cid, kind, *people, polarity="affirmed", speaker="person:ana", doc="a.txt", time=None, roles=None):
    parts = [Participant(entity=p, role=(roles or {}).get(p, "subject"), mention=p.split(":")[-1].title()) for p in people]
    return Claim(
        id=cid, kind=kind, document=doc, start=0, end=3, quote="abc", participants=parts,
        polarity=polarity, speaker=speaker, time=time,
    )


def finding(fid, kind, claims, contested=False, details=None):
    return Finding(
        id=fid, kind=kind, summary=f"{kind} {fid}", confidence=0.8, contested=contested,
        citations=[Citation(document="a.txt", start=0, end=3, quote="abc")], claims=claims,
        rule="test", details=details or {},
    )


CLAIMS = [
    claim("c-ab", "meeting", "person:ana", "person:ben", time=TimeWindow(earliest=date(1950, 3, 1), latest=date(1950, 3, 31))),
    claim("c-ab2", "first_contact", "person:ben", "person:ana", doc="b.txt", speaker="person:ben",
          time=TimeWindow(earliest=date(1949, 1, 1), latest=date(1949, 12, 31))),
    claim("c-bc", "communication", "person:ben", "person:cyr", roles={"person:ben": "sender", "person:cyr": "receiver"}),
    claim("c-cd", "meeting", "person:cyr", "person:dag"),
    claim("c-de", "meeting", "person:dag", "person:eva"),
    claim("c-de-no", "meeting", "person:eva", "person:dag", polarity="denied", speaker="person:eva", doc="e.txt"),
    claim("c-ae-no", "meeting", "person:ana", "person:eva", polarity="denied", speaker="person:eva"),  # denial only
    claim("c-org", "meeting", "person:ana", "org:bureau", "place:port"),  # one person: no link
    claim("c-pres", "presence", "person:ben"),  # not a contact
    claim("c-berlin", "presence", "person:cyr"),  # the record against c-cd
]

FINDINGS = [
    finding("F-corr", "corroboration", ["c-ab", "c-ab2"], details={"independent_lines": ["a.txt", "b.txt"]}),
    finding("F-alibi", "alibi", ["c-cd", "c-berlin"]),
    finding("F-denial", "denial", ["c-de", "c-de-no"]),
    finding("F-corr-de", "corroboration", ["c-de"], details={"independent_lines": 3}),
    finding("F-dep", "dependent_corroboration", ["c-bc"]),
    finding("F-version", "version_conflict", ["c-bc"]),
]


@pytest.fixture
def graph():
    return build_contact_network(CLAIMS, FINDINGS, ENTITIES)


def edge(g, a, b):
    return g.edges[f"person:{a}", f"person:{b}"]


def test_links_come_from_affirmed_contacts_between_people(graph):
    assert sorted(graph.nodes) == ["person:ana", "person:ben", "person:cyr", "person:dag", "person:eva"]
    assert sorted(tuple(sorted(e)) for e in graph.edges) == [
        ("person:ana", "person:ben"),
        ("person:ben", "person:cyr"),
        ("person:cyr", "person:dag"),
        ("person:dag", "person:eva"),
    ]
    assert not graph.has_edge("person:ana", "person:eva")  # only denied: no link
    assert graph.nodes["person:ana"]["name"] == "Ana Voss"
    ab = edge(graph, "ana", "ben")
    assert ab["claims"] == ["c-ab", "c-ab2"]
    assert ab["documents"] == ["a.txt", "b.txt"] and ab["speakers"] == ["person:ana", "person:ben"]
    assert ab["kinds"] == ["meeting", "first_contact"]
    assert (ab["earliest"], ab["latest"]) == ("1949-01-01", "1950-03-31")


def test_statuses(graph):
    assert edge(graph, "ana", "ben")["status"] == "corroborated"
    assert edge(graph, "ben", "cyr")["status"] == "asserted"  # dependent support and a version conflict only
    assert edge(graph, "ben", "cyr")["dependent_support"] == ["F-dep"]
    assert edge(graph, "ben", "cyr")["conflicts"] == ["F-version"]
    assert edge(graph, "cyr", "dag")["status"] == "refuted"
    assert edge(graph, "cyr", "dag")["refuted_by"] == ["F-alibi"]
    de = edge(graph, "dag", "eva")
    assert de["status"] == "contested"  # refuted by the denial, corroborated independently
    assert de["denied_by"] == ["c-de-no"] and de["denied_by_speakers"] == ["person:eva"]
    assert status_counts(graph) == {"asserted": 1, "corroborated": 1, "refuted": 1, "contested": 1}


def test_a_corroboration_with_one_line_does_not_corroborate():
    f = finding("F-one", "corroboration", ["c-ab"], details={"independent_lines": 1})
    g = build_contact_network(CLAIMS[:2], [f], ENTITIES)
    assert edge(g, "ana", "ben")["status"] == "asserted"
    assert edge(g, "ana", "ben")["dependent_support"] == ["F-one"]
    assert independent_lines(finding("F", "corroboration", [])) == 2
    assert independent_lines({"kind": "dependent_corroboration", "details": {}}) == 1


def test_a_contested_refutation_makes_a_contested_link():
    g = build_contact_network(CLAIMS, [finding("F-ana", "anachronism", ["c-cd"], contested=True)], ENTITIES)
    assert edge(g, "cyr", "dag")["status"] == "contested"
    assert edge(g, "cyr", "dag")["contested_by"] == ["F-ana"]


def test_the_refuted_side_can_be_named():
    # An alibi between two meetings: by default both links are in question; a check may say which.
    both = finding("F-2", "alibi", ["c-cd", "c-de"])
    g = build_contact_network(CLAIMS, [both], ENTITIES)
    assert edge(g, "cyr", "dag")["status"] == edge(g, "dag", "eva")["status"] == "refuted"
    named = finding("F-3", "alibi", ["c-cd", "c-de"], details={"refuted_claims": ["c-de"]})
    g = build_contact_network(CLAIMS, [named], ENTITIES)
    assert edge(g, "cyr", "dag")["status"] == "asserted" and edge(g, "dag", "eva")["status"] == "refuted"


def test_three_people_at_one_meeting_make_three_links_and_dicts_are_accepted():
    c = claim("c-3", "meeting", "person:ana", "person:ben", "person:cyr").model_dump(mode="json")
    f = {"id": "F-x", "kind": "chronology", "claims": ["c-3"], "contested": False, "details": {}}
    g = build_contact_network([c], [f], [e.model_dump(mode="json") for e in ENTITIES.values()])
    assert g.number_of_edges() == 3
    assert {s for _, _, s in g.edges(data="status")} == {"refuted"}


def test_unresolved_names_are_people_but_places_are_not():
    c = claim("c-u", "meeting", "x mirov", "place:harbour", "person:ana")
    g = build_contact_network([c], [], ENTITIES)
    assert list(g.edges) == [("person:ana", "x mirov")]
    assert g.nodes["x mirov"]["name"] == "X Mirov"  # the words of the text


def test_deterministic(graph):
    again = build_contact_network(list(reversed(CLAIMS)), FINDINGS, ENTITIES)
    assert list(graph.nodes) == list(again.nodes)
    assert [(u, v) for u, v in graph.edges] == [(u, v) for u, v in again.edges]
    assert network_to_dict(graph)["edges"][0]["source"] == "person:ana"


def test_graphml_round_trip(graph, tmp_path):
    path = write_graphml(graph, tmp_path / "out" / "network.graphml")
    assert path.exists() and not list(path.parent.glob("*.tmp"))
    back = nx.read_graphml(path)
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["person:ben"]["name"] == "Ben Kral"
    for u, v, data in graph.edges(data=True):
        b = back.edges[u, v]
        assert b["status"] == data["status"]
        assert split_list(b["claims"]) == data["claims"]
        assert split_list(b["denied_by"]) == data["denied_by"]
        assert b["claim_count"] == data["claim_count"]
    assert "earliest" not in back.edges["person:cyr", "person:dag"]  # no time: left out, not "None"
    # Writing again gives the same bytes.
    first = path.read_bytes()
    write_graphml(graph, path)
    assert path.read_bytes() == first


def test_graphml_write_is_atomic(graph, tmp_path, monkeypatch):
    path = tmp_path / "network.graphml"
    path.write_text("previous complete file", encoding="utf-8")
    import os

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_graphml(graph, path)
    assert path.read_text(encoding="utf-8") == "previous complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["network.graphml"]


def test_chronology_refutes_the_contact_not_the_first_meeting_bound():
    # "Ben passed instructions to Cyr in 1949" vs "Ben and Cyr first met in 1951": the bound stands.
    passed = claim("c-pass", "communication", "person:ben", "person:cyr")
    first = claim("c-first", "first_contact", "person:ben", "person:cyr", doc="b.txt", speaker="person:cyr")
    other = claim("c-ana", "meeting", "person:ana", "person:ben")
    g = build_contact_network([passed, first, other], [finding("F-ch", "chronology", ["c-pass", "c-first"])], ENTITIES)
    bc = edge(g, "ben", "cyr")  # one link, both claims: the link is in question (the communication is)
    assert bc["status"] == "refuted" and bc["refuted_by"] == ["F-ch"]
    # The check's own word wins: details["contact_claim"] names the contact in question.
    g = build_contact_network(
        [passed, first, other],
        [finding("F-ch2", "chronology", ["c-ana", "c-first"], details={"contact_claim": "c-ana"})],
        ENTITIES,
    )
    assert edge(g, "ana", "ben")["status"] == "refuted" and edge(g, "ben", "cyr")["status"] == "asserted"


def test_refuting_claims_leave_their_own_links_alone():
    # c-first (Ben-Cyr) is on the refuting side; c-ana (Ana-Ben) is the refuted contact.
    first = claim("c-first", "first_contact", "person:ben", "person:cyr")
    met = claim("c-ana", "meeting", "person:ana", "person:ben")
    f = finding("F-r", "denial", ["c-ana", "c-first"], details={"refuting_claims": ["c-first"]})
    g = build_contact_network([first, met], [f], ENTITIES)
    assert edge(g, "ana", "ben")["status"] == "refuted"
    assert edge(g, "ben", "cyr")["status"] == "asserted"
    # Without a side named, a chronology finding takes first contacts as the bound when it can.
    f2 = finding("F-c", "chronology", ["c-ana", "c-first"])
    g = build_contact_network([first, met], [f2], ENTITIES)
    assert edge(g, "ana", "ben")["status"] == "refuted" and edge(g, "ben", "cyr")["status"] == "asserted"
