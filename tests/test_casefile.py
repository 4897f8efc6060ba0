"""The case file: schema, loading with analyst-readable problems, analyst claims, and applying it to resolution.

Everything here is fiction (the bundled harbour affair, and the small invented cases below).
"""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from countertrial.ingest.casefile import analyst_claims, case_citations, case_travel_speeds, load_case
from countertrial.model import Entity, TimeWindow
from countertrial.model.case import (
    SCHEMA_PATH,
    Case,
    CaseTime,
    normalise_partial_date,
    partial_date_bounds,
    partial_date_of,
    render_case_schema,
)
from countertrial.resolve.casefile import apply_case, relation_table

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-affair"

# A tiny invented corpus: two documents whose offsets the claims below cite.
DOCS = {
    "statement.txt": "On May 3, 1961 I met Anna Roux at the Hotel Lumen in Brest. We spoke of the ferry.",
    "register.txt": "Mrs Anna Roux stayed in Oslo from May 1 to May 5, 1961.",
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


BASE = """
people:
  - id: anna-roux
    name: Anna Roux
    aliases: [Mrs Roux, A. Roux]
  - id: piet-vos
    name: Piet Vos
    aliases: [Vos]
    relations:
      - {speaker: anna-roux, phrase: my cousin}
places:
  - {id: brest, name: Brest, kind: city, latitude: 48.39, longitude: -4.49}
  - {id: oslo, name: Oslo, kind: city, latitude: 59.91, longitude: 10.75}
  - id: hotel-lumen
    name: Hotel Lumen
    kind: hotel
    located_in: brest
    exists_from: 1931
    exists_until: 1959-06
hypotheses:
  - {id: H1, title: The meeting took place}
  - {id: H2, title: The meeting was invented}
"""


# --- the bundled example and the published schema -------------------------------------------------


def example_texts() -> dict[str, str]:
    from countertrial.ingest.corpus import iter_corpus

    return {d.id: d.text for d in iter_corpus(EXAMPLE) if hasattr(d, "text")}


def test_the_example_case_loads_without_problems():
    case, problems = load_case(EXAMPLE / "case.yaml", example_texts())
    assert problems == []
    assert case is not None
    assert {p.id for p in case.people} >= {"lucien-marchetti", "dragan-jovanovic", "paul-marchetti"}
    assert case.place("cafe-riviera").exists_until_day == date(1954, 8, 31)
    assert case.place_entity("cafe-riviera") == "building:cafe-riviera"
    assert case.place_entity("geneva") == "place:geneva"
    assert [h.id for h in case.hypotheses] == ["H1", "H2"]
    assert case_travel_speeds(case).kmh("airplane") == 350
    quotes = case_citations(case, example_texts())["building:cafe-riviera"]
    assert "demolished" in quotes[0].quote


def test_the_published_schema_is_up_to_date():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_case_schema(), (
        "src/countertrial/data/case.schema.json is stale: run python -m countertrial.model.case"
    )
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["properties"]) == {"case", "people", "places", "documents", "travel_speeds_kmh", "sources", "hypotheses", "claims", "ratings"}
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Person"]["properties"]["aliases"]["description"]


def test_the_example_is_valid_against_the_json_schema_and_typos_are_not():
    jsonschema = pytest.importorskip("jsonschema")
    from countertrial.ingest.casefile import _parse_yaml

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = _parse_yaml((EXAMPLE / "case.yaml").read_text(encoding="utf-8")).data
    jsonschema.Draft202012Validator(schema).validate(data)
    data["people"][0]["aliasses"] = ["x"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


# --- problems, with lines, in plain words ---------------------------------------------------------


def test_a_typo_in_a_key_is_reported_with_its_line_and_the_rest_loads(tmp_path):
    path = write(tmp_path, BASE.replace("    aliases: [Vos]", "    aliasses: [Vos]"))
    case, problems = load_case(path)
    assert len(problems) == 1
    p = problems[0]
    assert p.file == "case.yaml" and p.line == 7
    assert "people[1].aliasses" in p.message and "did you mean 'aliases'" in p.message
    assert str(p).startswith("error: case.yaml:7: people[1].aliasses: unknown key")
    assert case.person("piet-vos").relations  # the person stays, without the unknown key
    assert len(case.places) == 3


def test_an_unknown_section_is_named_with_a_suggestion(tmp_path):
    case, problems = load_case(write(tmp_path, BASE + "hypothesis:\n  - {id: H3, title: x}\n"))
    assert [p.line for p in problems] == [22]
    assert "unknown section 'hypothesis'" in problems[0].message and "'hypotheses'" in problems[0].message
    assert len(case.hypotheses) == 2


def test_a_bad_date_is_reported_and_only_that_field_is_ignored(tmp_path):
    case, problems = load_case(write(tmp_path, BASE.replace("exists_until: 1959-06", "exists_until: 1959-13")))
    assert len(problems) == 1
    assert problems[0].line == 18
    assert "places[2].exists_until" in problems[0].message and "month 13 does not exist" in problems[0].message
    hotel = case.place("hotel-lumen")
    assert hotel.exists_until is None and hotel.exists_from == "1931"


def test_dates_out_of_order_leave_the_place_out(tmp_path):
    case, problems = load_case(write(tmp_path, BASE.replace("exists_from: 1931", "exists_from: 1960")))
    assert len(problems) == 1 and "exists_from (1960) is after exists_until (1959-06)" in problems[0].message
    assert problems[0].line == 13  # the place's first line
    assert case.place("hotel-lumen") is None and case.place("brest") is not None


def test_an_unknown_person_in_a_relation_is_named_and_only_the_relation_goes(tmp_path):
    case, problems = load_case(write(tmp_path, BASE.replace("speaker: anna-roux, phrase", "speaker: ana-rux, phrase")))
    assert len(problems) == 1
    p = problems[0]
    assert p.line == 9 and "people[1].relations[0].speaker" in p.message and "'ana-rux' is not a person" in p.message
    assert case.person("piet-vos").relations == []


def test_ids_must_be_slugs_and_the_message_says_how(tmp_path):
    case, problems = load_case(write(tmp_path, BASE.replace("id: piet-vos", "id: piet_vos")))
    messages = " ".join(p.message for p in problems)
    assert "'piet_vos' is not a valid id" in messages and "'piet-vos'" in messages
    assert case.person("piet-vos") is None and case.person("anna-roux") is not None


def test_yaml_truth_values_in_text_fields_get_a_hint(tmp_path):
    case, problems = load_case(write(tmp_path, BASE.replace("aliases: [Vos]", "aliases: [Vos, no]")))
    assert len(problems) == 1
    assert "people[1].aliases[1]" in problems[0].message and "put the text in quotes" in problems[0].message
    assert case.person("piet-vos").aliases == ["Vos"]


def test_duplicate_keys_and_duplicate_ids_are_reported(tmp_path):
    text = BASE.replace("    aliases: [Vos]", "    aliases: [Vos]\n    aliases: [P. Vos]")
    text += "  - {id: H1, title: again}\n"
    case, problems = load_case(write(tmp_path, text))
    messages = [p.message for p in problems]
    assert any("given twice" in m for m in messages)
    assert any("hypothesis id 'H1' is used twice" in m for m in messages)
    assert [h.title for h in case.hypotheses] == ["The meeting took place", "The meeting was invented"]


def test_a_comma_in_unquoted_flow_text_gets_a_hint(tmp_path):
    case, problems = load_case(write(tmp_path, BASE.replace("title: The meeting took place}", "title: The meeting, as told, took place}")))
    assert [p.line for p in problems] == [20, 20]  # "as told" and "took place" became keys
    assert "hypotheses[0].as told" in problems[0].message and "put that text in quotes" in problems[0].message
    assert case.hypotheses[0].title == "The meeting"  # kept: the analyst sees the cut title in the report too


def test_broken_yaml_reports_its_line(tmp_path):
    case, problems = load_case(write(tmp_path, "people:\n  - id: a\n    name: [unclosed\n"))
    assert case is None and len(problems) == 1
    assert problems[0].line is not None and "not valid YAML" in problems[0].message


def test_missing_and_empty_files(tmp_path):
    assert load_case(tmp_path / "case.yaml") == (None, [])
    case, problems = load_case(write(tmp_path, "# nothing yet\n"))
    assert case == Case() and [p.severity for p in problems] == ["warning"]
    case, problems = load_case(write(tmp_path, "- people\n"))
    assert case is None and "must be a mapping of sections" in problems[0].message


def test_programmatic_use_refuses_dangling_references():
    with pytest.raises(ValueError, match="'nobody' is not a person"):
        Case.model_validate({"people": [{"id": "a", "name": "A", "relations": [{"speaker": "nobody", "phrase": "my son"}]}]})


# --- analyst claims -------------------------------------------------------------------------------

CLAIMS = """
claims:
  - document: statement.txt
    start: 0
    end: 59
    kind: meeting
    participants: [{entity: piet-vos}, {entity: anna-roux, role: companion}]
    place: hotel-lumen
    time: May 3, 1961
    speaker: piet-vos
    knowledge: first_hand
    note: the only account of the meeting
  - id: roux-in-oslo
    document: register.txt
    start: 0
    end: 55
    kind: presence
    aspect: state
    participants: [{entity: anna-roux}]
    place: oslo
    time: {earliest: 1961-05-01, latest: 1961-05-05, text: "from May 1 to May 5, 1961"}
  - document: register.txt
    start: 40
    end: 400
    kind: presence
    participants: [{entity: anna-roux}]
  - document: statment.txt
    start: 0
    end: 10
    kind: presence
ratings:
  - {evidence: roux-in-oslo, hypothesis: H2, rating: CC, why: a hotel register kept at the time}
  - {evidence: roux-in-oslo, hypothesis: H3, rating: I, why: typo}
"""


def test_claims_outside_their_document_are_named_and_the_others_kept(tmp_path):
    case, problems = load_case(write(tmp_path, BASE + CLAIMS), DOCS)
    by_line = {p.line: p.message for p in problems}
    assert len(problems) == 3, problems
    beyond = next(m for m in by_line.values() if "run past the end" in m)
    assert beyond.startswith("claims[2]: claim A-") and "'register.txt' (55 characters)" in beyond
    missing = next(m for m in by_line.values() if "not in the corpus" in m)
    assert "'statment.txt'" in missing and "did you mean 'statement.txt'" in missing
    assert any("hypothesis 'H3'" in m for m in by_line.values())
    assert [c.id for c in case.claims][1] == "roux-in-oslo" and len(case.claims) == 2
    assert len(case.ratings) == 1


def test_a_passage_cut_inside_a_word_is_a_warning_and_the_claim_stays(tmp_path):
    case, problems = load_case(write(tmp_path, BASE + CLAIMS.replace("    start: 0\n    end: 59", "    start: 1\n    end: 59")), DOCS)
    cut = [p for p in problems if "inside a word" in p.message]
    assert len(cut) == 1 and cut[0].severity == "warning" and cut[0].line == 25
    assert any(c.kind == "meeting" for c in case.claims)


def test_the_case_header(tmp_path):
    header = "case: {id: lumen-affair, title: The Lumen affair, period: {from: 1961-04, until: 1961}, language: en}\n"
    case, problems = load_case(write(tmp_path, header + BASE))
    assert problems == [] and case.case.period.from_ == "1961-04" and case.case.title == "The Lumen affair"
    assert case_travel_speeds(Case.model_validate({"case": {"title": "T"}, "travel_speeds_kmh": {"car": 30}})).era == "T (case file)"
    case, problems = load_case(write(tmp_path, header.replace("until: 1961}", "until: 1960}") + BASE))
    assert len(problems) == 1 and "from (1961-04) is after until (1960)" in problems[0].message and problems[0].line == 1
    assert case.case.period is None and case.case.title == "The Lumen affair"


def test_analyst_claims_quote_the_text_and_have_stable_ids(tmp_path):
    case, _ = load_case(write(tmp_path, BASE + CLAIMS), DOCS)
    claims = analyst_claims(case, DOCS)
    assert len(claims) == 2
    for c in claims:
        assert c.quote == DOCS[c.document][c.start : c.end] and c.quote.strip()
        assert c.extractor == "analyst"
    meeting = next(c for c in claims if c.kind == "meeting")
    assert meeting.id.startswith("A-") and len(meeting.id) == 14
    assert meeting.participants[0].entity == "person:piet-vos" and meeting.participants[1].role == "companion"
    assert meeting.place == "building:hotel-lumen" and meeting.place_mention == "Hotel Lumen"
    assert meeting.speaker == "person:piet-vos" and meeting.knowledge == "first_hand"
    assert (meeting.time.earliest, meeting.time.latest) == (date(1961, 5, 3), date(1961, 5, 3))
    stay = next(c for c in claims if c.id == "roux-in-oslo")
    assert stay.place == "place:oslo" and stay.aspect == "state" and stay.time.days == 5
    assert stay.time.label() == "from May 1 to May 5, 1961"
    # the same file gives the same ids; the analyst's note is not part of the id
    again, _ = load_case(write(tmp_path, BASE + CLAIMS.replace("the only account", "a note")), DOCS)
    assert [c.id for c in analyst_claims(again, DOCS)] == [c.id for c in claims]


def test_an_unreadable_time_leaves_the_claim_out(tmp_path):
    text = BASE + CLAIMS.replace("time: May 3, 1961", "time: the day after the strike")
    case, problems = load_case(write(tmp_path, text), DOCS)
    assert any("cannot read 'the day after the strike' as a time" in p.message and p.line == 30 for p in problems)
    assert all(c.kind != "meeting" for c in case.claims)


def test_a_mistyped_claim_key_leaves_the_claim_out_rather_than_change_what_it_says(tmp_path):
    case, problems = load_case(write(tmp_path, BASE + CLAIMS.replace("    place: oslo", "    palce: oslo")), DOCS)
    assert any("unknown key 'palce'; did you mean 'place'?" in p.message and "left out" in p.message for p in problems)
    assert "roux-in-oslo" not in [c.id for c in case.claims]


def test_sources_derivations_and_custody_groups(tmp_path):
    text = BASE + textwrap.dedent(
        """
        sources:
          - {document: register.txt, derived_from: [statement.txt], why: copied by the same clerk}
          - {group: the Brest interrogations, documents: [statement.txt, register.txt], why: same interrogator}
          - {group: alone, documents: [statement.txt]}
          - {document: register.txt, derived_from: [lost.txt]}
        """
    )
    case, problems = load_case(write(tmp_path, text), DOCS)
    assert len(problems) == 2, problems
    assert "sources[2].documents: needs at least 2 entries" in problems[0].message
    assert "'lost.txt' not in the corpus" in problems[1].message
    assert [d.document for d in case.derivations()] == ["register.txt"]
    assert [g.group for g in case.source_groups()] == ["the Brest interrogations"]


def test_documents_speak_as_document_entities_and_rest_on_their_records(tmp_path):
    text = BASE + textwrap.dedent(
        """
        documents:
          - id: the-hearing
            name: The record of the Brest hearing
            kind: trial_record
            rests_on: [statement.txt]
          - id: the-ruling
            name: The Brest ruling
            aliases: [the ruling]
            kind: verdict
            date: 1961-09
            rests_on: [document:the-hearing, register.txt]
            why: the court's summary of the hearing and the register
            citations:
              - {document: register.txt, start: 0, end: 13}
        claims:
          - id: ruling-says-met
            document: statement.txt
            start: 0
            end: 59
            kind: meeting
            participants: [{entity: anna-roux}]
            place: hotel-lumen
            speaker: document:the-ruling
            reported_by: anna-roux
            modality: reported
        """
    )
    case, problems = load_case(write(tmp_path, text), DOCS)
    assert problems == []
    assert case.document("the-ruling").rests_on == ["document:the-hearing", "register.txt"]
    assert case.document_dependencies() == [
        ("document:the-hearing", "statement.txt", ""),
        ("document:the-ruling", "document:the-hearing", "the court's summary of the hearing and the register"),
        ("document:the-ruling", "register.txt", "the court's summary of the hearing and the register"),
    ]
    [claim] = analyst_claims(case, DOCS)
    assert (claim.speaker, claim.reported_by) == ("document:the-ruling", "person:anna-roux")
    ents, _ = apply_case(case, [], [])
    ruling = next(e for e in ents if e.id == "document:the-ruling")
    assert (ruling.kind, ruling.name, ruling.aliases) == ("document", "The Brest ruling", ["the ruling"])
    assert case_citations(case, DOCS)["document:the-ruling"][0].quote == "Mrs Anna Roux"


def test_bad_document_references_are_named_and_only_they_go(tmp_path):
    text = BASE + textwrap.dedent(
        """
        documents:
          - id: the-ruling
            name: The Brest ruling
            kind: verdict
            rests_on: [document:the-appeal, lost.txt, register.txt, the-ruling]
        claims:
          - {id: c1, document: statement.txt, start: 0, end: 59, kind: meeting, speaker: the-ruling}
          - {id: c2, document: statement.txt, start: 0, end: 59, kind: meeting, speaker: document:the-appeal}
          - {id: c3, document: statement.txt, start: 0, end: 59, kind: meeting, reported_by: document:the-ruling}
        """
    )
    case, problems = load_case(write(tmp_path, text), DOCS)
    messages = [p.message for p in problems]
    assert any("rests_on[0]: rests_on 'document:the-appeal' is not a document of this case" in m for m in messages)
    assert any("rests_on[3]: document 'the-ruling' cannot rest on itself" in m for m in messages)
    assert any("claims[0].speaker" in m and "write document:the-ruling for the document" in m for m in messages)
    assert any("claims[1].speaker" in m and "'document:the-appeal' is not a document of this case" in m for m in messages)
    assert any("'lost.txt' is neither a file of the corpus nor a document of this case" in m for m in messages)
    assert case.document("the-ruling").rests_on == ["register.txt"]
    assert [c.id for c in case.claims] == ["c3"]


def test_hypotheses_say_what_they_expect(tmp_path):
    text = BASE.replace(
        "  - {id: H2, title: The meeting was invented}",
        "  - id: H2\n    title: The meeting was invented\n    refuted_by_kinds: [corroboration]\n"
        "    supported_by_kinds: [alibi, anachronism, alibis]\n    conditions: [custody]\n    ratings: {roux-in-oslo: CC}",
    )
    case, problems = load_case(write(tmp_path, text))
    assert len(problems) == 1 and "hypotheses[1].supported_by_kinds[2]: 'alibis' is not allowed here" in problems[0].message
    h2 = case.hypotheses[1]
    assert h2.refuted_by_kinds == ["corroboration"] and h2.conditions == ["custody"] and h2.ratings == {"roux-in-oslo": "CC"}
    assert h2.supported_by_kinds == []  # the faulty list is left out whole, not shortened behind the analyst's back


def test_travel_speeds_merge_over_the_defaults_and_bad_ones_are_reported(tmp_path):
    case, problems = load_case(write(tmp_path, BASE + "travel_speeds_kmh: {train: 70, airplane: null, ship: -3, zeppelin: 90}\n"))
    assert [p.severity for p in problems] == ["error", "warning"]
    assert "travel_speeds_kmh.ship: a speed must be a positive number" in problems[0].message
    assert "'zeppelin' is not one of the built-in means" in problems[1].message
    speeds = case_travel_speeds(case)
    assert speeds.kmh("train") == 70 and "airplane" not in speeds.speeds_kmh and speeds.kmh("zeppelin") == 90
    assert speeds.kmh("car") == case_travel_speeds(None).kmh("car")


# --- applying the case to resolution --------------------------------------------------------------


def machine_resolution():
    """What the resolver might make of a corpus before the analyst steps in."""
    entities = [
        Entity(id="person:dragan-jovanovic", kind="person", name="Dragan Jovanovic", aliases=["Jovanovic"]),
        Entity(id="person:dragan-yovanovich", kind="person", name="Dragan Yovanovich", aliases=["Jovanovitch"]),
        Entity(id="person:marchetti", kind="person", name="Marchetti"),
        Entity(id="person:pierre-jovanovic", kind="person", name="Pierre Jovanovic"),
        Entity(id="place:geneve", kind="place", name="Geneva", aliases=["Genève"], latitude=46.2, longitude=6.1, source="gazetteer"),
        Entity(id="place:lisbon", kind="place", name="Lisbon", latitude=38.7, longitude=-9.1, source="gazetteer"),
        Entity(id="building:cafe-riviera", kind="building", name="Cafe Riviera", located_in="place:geneve"),
    ]
    resolutions = [
        ("a.txt", "dragan jovanovic", "person:dragan-jovanovic"),
        ("a.txt", "jovanovic", "person:dragan-jovanovic"),
        ("b.txt", "dragan yovanovich", "person:dragan-yovanovich"),
        ("b.txt", "jovanovitch", "person:dragan-yovanovich"),  # clustered with it by the machine
        ("b.txt", "marchetti", "person:marchetti"),
        ("c.txt", "pierre jovanovic", "person:pierre-jovanovic"),
        ("a.txt", "geneve", "place:geneve"),
        ("c.txt", "lisbon", "place:lisbon"),
        ("a.txt", "cafe riviera", "building:cafe-riviera"),
    ]
    return entities, resolutions


CASE_FOR_RESOLUTION = {
    "people": [
        {"id": "dragan-jovanovic", "name": "Dragan Jovanović", "relations": [{"speaker": "lucien-marchetti", "phrase": "My  friend"}]},
        {"id": "lucien-marchetti", "name": "Lucien Marchetti"},
        {"id": "paul-marchetti", "name": "Paul Marchetti"},
    ],
    "places": [
        {"id": "geneva", "name": "Geneva", "kind": "city", "latitude": 46.2044, "longitude": 6.1432},
        {"id": "cafe-riviera", "name": "Café Riviera", "kind": "cafe", "located_in": "geneva", "exists_from": 1912, "exists_until": "1954-08"},
    ],
}


def test_apply_case_merges_spelling_variants_into_the_case_person():
    entities, resolutions = machine_resolution()
    case = Case.model_validate(CASE_FOR_RESOLUTION)
    new, res = apply_case(case, entities, resolutions)
    table = {(d, k): e for d, k, e in res}
    for key in ("dragan jovanovic", "jovanovic", "dragan yovanovich", "jovanovitch"):
        assert table[next(d for d, k, _ in resolutions if k == key), key] == "person:dragan-jovanovic", key
    by_id = {e.id: e for e in new}
    jov = by_id["person:dragan-jovanovic"]
    assert jov.name == "Dragan Jovanović" and jov.source == "case_file"
    assert {"Dragan Yovanovich", "Jovanovitch", "Jovanovic"} <= set(jov.aliases)
    assert "person:dragan-yovanovich" not in by_id
    # a different first name is a different man; a bare surname shared by two case people stays open
    assert table["c.txt", "pierre jovanovic"] == "person:pierre-jovanovic"
    assert table["b.txt", "marchetti"] == "person:marchetti"
    assert {"person:lucien-marchetti", "person:paul-marchetti"} <= set(by_id)


def test_apply_case_overrides_the_gazetteer_and_dates_the_buildings():
    entities, resolutions = machine_resolution()
    new, res = apply_case(Case.model_validate(CASE_FOR_RESOLUTION), entities, resolutions)
    by_id = {e.id: e for e in new}
    table = {(d, k): e for d, k, e in res}
    assert table["a.txt", "geneve"] == "place:geneva" and "place:geneve" not in by_id
    geneva = by_id["place:geneva"]
    assert (geneva.latitude, geneva.longitude, geneva.source) == (46.2044, 6.1432, "case_file")
    cafe = by_id["building:cafe-riviera"]
    assert cafe.name == "Café Riviera" and cafe.located_in == "place:geneva"
    assert (cafe.exists_from, cafe.exists_until) == (date(1912, 1, 1), date(1954, 8, 31))
    assert by_id["place:lisbon"].source == "gazetteer"  # untouched by the case
    # every resolution points to an entity that exists
    assert {e for _, _, e in res} <= set(by_id)
    assert apply_case(None, entities, resolutions) == (entities, resolutions)


def test_an_unabsorbed_machine_entity_never_shares_an_id_with_a_case_entity():
    case = Case.model_validate({"people": [{"id": "smith", "name": "Ada Smith"}]})
    entities = [Entity(id="person:smith", kind="person", name="Zed Smith")]
    new, res = apply_case(case, entities, [("a.txt", "zed smith", "person:smith")])
    assert sorted(e.id for e in new) == ["person:smith", "person:smith-2"]
    assert res == [("a.txt", "zed smith", "person:smith-2")]


def test_relation_table_maps_speaker_and_phrase_to_the_person_meant():
    case = Case.model_validate(CASE_FOR_RESOLUTION)
    assert relation_table(case) == {("person:lucien-marchetti", "my friend"): "person:dragan-jovanovic"}
    example, _ = load_case(EXAMPLE / "case.yaml")
    table = relation_table(example)
    assert table["person:helene-marchetti", "my brother"] == "person:lucien-marchetti"
    assert table["person:claire-aubry", "my client"] == "person:lucien-marchetti"


# --- dates: partial ISO dates are windows, and round-trip ------------------------------------------

days = st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31))


@given(days, st.sampled_from(["day", "month", "year"]))
def test_partial_dates_round_trip_through_their_windows(day, precision):
    text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision]
    lo, hi = partial_date_bounds(text)
    assert lo <= day <= hi
    assert partial_date_of(lo, hi) == text
    assert normalise_partial_date(text) == text


@given(days)
def test_yaml_forms_of_a_date_normalise_alike(day):
    assert normalise_partial_date(day) == normalise_partial_date(day.isoformat()) == day.isoformat()
    assert normalise_partial_date(day.year) == f"{day.year:04d}"


@given(days, days, st.sampled_from(["day", "days", "month", "year", "open"]))
def test_case_times_round_trip_to_windows(a, b, precision):
    lo, hi = sorted((a, b))
    window = TimeWindow(earliest=lo, latest=hi, precision=precision, text="as written")
    assert CaseTime.from_window(window).window() == window


@given(days, days)
def test_a_partial_time_reads_each_bound_on_its_wider_side(a, b):
    lo, hi = sorted((a, b))
    w = CaseTime(earliest=lo.isoformat()[:7], latest=hi.isoformat()[:4]).window()
    assert w.earliest == lo.replace(day=1) and w.latest == date(hi.year, 12, 31)


def test_time_strings():
    assert CaseTime.parse("1958-03").window() == TimeWindow(earliest=date(1958, 3, 1), latest=date(1958, 3, 31), precision="month")
    open_ended = CaseTime.parse("1958-03-02/..").window()
    assert open_ended.latest is None and open_ended.precision == "open"
    autumn = CaseTime.parse("the autumn of 1957").window()
    assert (autumn.earliest, autumn.latest, autumn.text) == (date(1957, 9, 1), date(1957, 11, 30), "the autumn of 1957")
    for bad in ("1958-02-30", "1958/13", "soon"):
        with pytest.raises(ValueError):
            CaseTime.parse(bad)
    with pytest.raises(ValueError, match="after latest"):
        CaseTime(earliest="1958-04", latest="1958-03")


def test_bad_date_values_are_refused_in_plain_words():
    for bad, words in ((True, "expected a date"), (0, "not a year"), ("1958-3", "not an ISO date"), ("1958-02-29", "day 29 does not exist")):
        with pytest.raises(ValueError, match=words):
            normalise_partial_date(bad)
