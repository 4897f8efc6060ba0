"""Rules for contact, records of silence, quoted statements, pronouns and time: must fire, and the near miss.

Every sentence here is invented (names from several countries), so the rules are shown to read English
shapes, not the wording of any corpus.
"""

from __future__ import annotations

from datetime import date

import pytest

from countertrial.extract.extractor import extract_document
from countertrial.extract.nlp import load_pipeline
from countertrial.ingest.segment import segment
from countertrial.model import Document, DocumentMeta
from countertrial.ingest.dates import parse_date


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def claims_of(text: str, nlp, speaker: str | None = "Clara Weiss", date_text: str | None = None):
    paragraphs, sentences = segment(text, "t.txt")
    meta = DocumentMeta(speakers=[speaker] if speaker else [])
    if date_text:
        meta = meta.model_copy(update={"date_window": parse_date(date_text)})
    doc = Document(id="t.txt", path="t.txt", format="txt", sha256="0" * 64, text=text, meta=meta, sentences=sentences, paragraphs=paragraphs)
    claims, _ = extract_document(doc, nlp)
    for c in claims:
        assert c.quote == text[c.start : c.end]
    return claims


def of_kind(claims, kind):
    return [c for c in claims if c.kind == kind]


def roles(claim):
    return {p.entity: p.role for p in claim.participants}


# --- communication ----------------------------------------------------------------------------------


def test_instructions_passed_through_an_intermediary(nlp):
    claims = claims_of("In May 1950 Marta Kowal passed on secret orders from Jan Nowak to Piotr Lis.", nlp)
    [c] = of_kind(claims, "communication")
    assert roles(c) == {"jan nowak": "sender", "marta kowal": "intermediary", "piotr lis": "receiver"}
    assert (c.time.earliest, c.time.latest) == (date(1950, 5, 1), date(1950, 5, 31))
    assert "orders" in c.content


def test_relative_clause_carrier_and_a_receiver_named_with_for(nlp):
    claims = claims_of("Ivo Baric, who brought urgent instructions for Ante Juric to Zagreb in March 1950, met him only in 1951.", nlp)
    [c] = of_kind(claims, "communication")
    assert roles(c) == {"ivo baric": "sender", "ante juric": "receiver"}
    assert c.place == "zagreb"  # a city is where it went, never a receiver
    [first] = of_kind(claims, "first_contact")
    assert {p.entity for p in first.participants} == {"ivo baric", "ante juric"}  # "him" is not Baric himself
    assert first.time.earliest == date(1951, 1, 1)  # the relative clause's date belongs to the relative clause


def test_a_letter_received_from_someone_is_remote(nlp):
    claims = claims_of("In June 1952 Eva Lind received a letter from Nils Berg.", nlp)
    [c] = of_kind(claims, "communication")
    assert roles(c) == {"nils berg": "sender", "eva lind": "receiver"} and c.means == "letter"


def test_passing_something_that_is_not_a_message_near_miss(nlp):
    claims = claims_of("In May 1950 Marta Kowal passed the salt to Piotr Lis.", nlp)
    assert of_kind(claims, "communication") == []


def test_a_request_to_visit_is_not_a_visit_near_miss(nlp):
    claims = claims_of("Eva Lind asked him to visit Nils Berg in Oslo in 1952.", nlp)
    assert of_kind(claims, "meeting") == [] and of_kind(claims, "travel") == []


# --- contact denied and begun --------------------------------------------------------------------------


def test_no_connection_with_two_people(nlp):
    claims = claims_of("But Jan Nowak at that time had no connection with Marta Kowal and Piotr Lis.", nlp)
    [c] = of_kind(claims, "communication")
    assert c.polarity == "denied" and c.content is None  # it denies being in touch, not what was said
    assert set(roles(c)) == {"jan nowak", "marta kowal", "piotr lis"}


def test_this_contact_takes_the_people_of_the_contact_just_spoken_of(nlp):
    claims = claims_of("Jan Nowak had no connection with Marta Kowal in 1950. This contact was not established until 1953.", nlp)
    [first] = of_kind(claims, "first_contact")
    assert first.polarity == "affirmed"  # "not ... until 1953" dates the beginning, it denies nothing
    assert {p.entity for p in first.participants} == {"jan nowak", "marta kowal"}
    assert first.time.earliest == date(1953, 1, 1)


def test_a_contact_with_no_people_anywhere_near_miss(nlp):
    claims = claims_of("The radio contact was established in 1953.", nlp)
    assert of_kind(claims, "first_contact") == []


def test_no_visitor_denies_meetings_at_the_speakers_door(nlp):
    claims = claims_of("My host stated in the press that I had no foreign visitor in May 1950.", nlp)
    [c] = of_kind(claims, "meeting")
    assert c.polarity == "denied" and roles(c) == {"clara weiss": "host"}
    assert (c.time.earliest, c.time.latest) == (date(1950, 5, 1), date(1950, 5, 31))


def test_a_visitor_had_is_not_a_denial_near_miss(nlp):
    claims = claims_of("In May 1950 I had a visitor from Porto.", nlp)
    assert [c for c in of_kind(claims, "meeting") if c.polarity == "denied"] == []


# --- pronouns and quotations ---------------------------------------------------------------------------------


def test_he_in_the_next_sentence_is_the_subject_before(nlp):
    claims = claims_of("Marek Wojcik quickly returned to Warsaw. He did not go to Krakow and did not see Anna Nowak.", nlp)
    denied = [c for c in claims if c.polarity == "denied"]
    assert {c.kind for c in denied} == {"travel", "meeting"}
    assert all("marek wojcik" in {p.entity for p in c.participants} for c in denied)


def test_quoted_words_are_someone_elses(nlp):
    claims = claims_of('This story begins when Ivo Baric "met twice in a cafe in Zagreb with Ante Juric."', nlp)
    [c] = of_kind(claims, "meeting")
    assert c.speaker is None and c.modality == "reported"  # the writer quotes an account, he does not assert it


def test_a_statement_announced_and_quoted_is_its_authors(nlp):
    text = 'Our friend Ana Lopes has sent us the following statement.\n\n"I never met Jorge Vidal in Madrid."\n\nIn May 1950 Jorge Vidal was in Madrid.'
    claims = claims_of(text, nlp, speaker=None)
    [denied] = [c for c in of_kind(claims, "meeting") if c.polarity == "denied"]
    assert denied.speaker == "ana lopes"
    others = [c for c in claims if c.start > denied.end]
    assert others and all(c.speaker != "ana lopes" for c in others)  # the quotation has closed


# --- documents that speak, and records that are silent ------------------------------------------------------


def test_the_judgment_speaks_and_the_hearings_are_silent(nlp):
    text = "The judgment states that Jan Nowak, while abroad, ordered the strike at the shipyard. Yet this was never raised at the hearings."
    claims = claims_of(text, nlp)
    said = [c for c in of_kind(claims, "document_content") if c.polarity == "affirmed"]
    silent = [c for c in of_kind(claims, "document_content") if c.polarity == "denied"]
    assert said and said[0].speaker == "doc:judgment" and said[0].reported_by == "clara weiss"
    assert silent and silent[0].content == said[0].content
    assert {p.entity for p in silent[0].participants} == {"jan nowak"}


def test_a_document_that_only_mentions_a_name_says_nothing_near_miss(nlp):
    claims = claims_of("The charges mention Jan Nowak's name only once.", nlp)
    assert of_kind(claims, "document_content") == []


def test_what_the_record_never_contained_is_not_asserted(nlp):
    claims = claims_of("There was no evidence at the hearing about the fact that Marta Kowal passed on orders from Jan Nowak.", nlp)
    assert of_kind(claims, "communication") == []  # the writer does not say she passed them on
    [c] = of_kind(claims, "document_content")
    assert c.polarity == "denied" and {p.entity for p in c.participants} == {"marta kowal", "jan nowak"}


# --- records of things that did not happen, stays, time -----------------------------------------------------


def test_no_ship_sailed_on_a_route(nlp):
    claims = claims_of("No ship of this company sailed from Hamburg for Oslo between September 25 and October 11, 1961.", nlp)
    [c] = of_kind(claims, "non_occurrence")
    assert c.polarity == "affirmed" and c.means == "ship" and (c.origin, c.place) == ("hamburg", "oslo")
    assert (c.time.earliest, c.time.latest) == (date(1961, 9, 25), date(1961, 10, 11))


def test_no_air_service_between_two_cities(nlp):
    claims = claims_of("In 1961 there was no air service between Hamburg and Oslo.", nlp)
    [c] = of_kind(claims, "non_occurrence")
    assert c.means == "airplane" and {c.origin, c.place} == {"hamburg", "oslo"}


def test_a_ship_that_sailed_is_no_record_near_miss(nlp):
    claims = claims_of("A ship of this company sailed from Hamburg for Oslo on October 3, 1961.", nlp)
    assert of_kind(claims, "non_occurrence") == []


def test_admitted_then_remained_until_is_a_stay_of_known_bounds(nlp):
    text = "Anton Berger was admitted on April 10, 1961, was operated on on April 11, 1961, and remained in the clinic in Vienna until his discharge on April 26, 1961."
    [c] = of_kind(claims_of(text, nlp), "presence")
    assert (c.time.earliest, c.time.latest) == (date(1961, 4, 10), date(1961, 4, 26))


def test_since_a_clause_opens_the_window_and_the_document_date_closes_it(nlp):
    claims = claims_of("I have not set foot in Spain since I left it in March 1958.", nlp, date_text="1962-06")
    [c] = of_kind(claims, "presence")
    assert c.polarity == "denied" and c.time.earliest == date(1958, 3, 1) and c.time.latest == date(1962, 6, 30)


def test_a_report_date_is_not_the_date_of_what_is_reported_near_miss(nlp):
    claims = claims_of("On November 26, 1936 the agent reported that Ivo Baric had seen Ante Juric in Zagreb.", nlp)
    [c] = of_kind(claims, "meeting")
    assert c.time is None


def test_overnight_stay_denial_does_not_deny_a_visit(nlp):
    claims = claims_of("Ivo Baric did not stay the night at the hotel.", nlp)
    [c] = of_kind(claims, "presence")
    assert c.polarity == "denied" and c.content == "stayed the night"


def test_not_left_a_place_since_a_day_is_presence_there(nlp):
    claims = claims_of("Marek Wojcik has not left the hospital since the 10th.", nlp, date_text="1951-07-20")
    [c] = of_kind(claims, "presence")
    assert c.polarity == "affirmed" and c.place == "hospital"
    assert (c.time.earliest, c.time.latest) == (date(1951, 7, 10), date(1951, 7, 20))


def test_not_left_without_a_place_near_miss(nlp):
    claims = claims_of("Marek Wojcik has not left since the 10th.", nlp, date_text="1951-07-20")
    assert of_kind(claims, "presence") == []


def test_an_arrest_places_the_arrested_person(nlp):
    claims = claims_of("I arrested Marek Wojcik in his shop in Gdansk on the morning of May 2, 1951.", nlp)
    [c] = of_kind(claims, "presence")
    assert [p.entity for p in c.participants] == ["marek wojcik"] and c.aspect == "event"
    assert c.time.earliest == date(1951, 5, 2)


def test_coming_for_someone_at_a_place_is_an_arrest_there(nlp):
    claims = claims_of("They came for my father on May 2, 1951, at the shop in Gdansk.", nlp)
    [c] = of_kind(claims, "presence")
    assert [p.entity for p in c.participants] == ["rel:clara weiss:father"]  # the resolver may know him


def test_an_arrest_with_no_place_says_nowhere_near_miss(nlp):
    claims = claims_of("I arrested Marek Wojcik on May 2, 1951.", nlp)
    assert of_kind(claims, "presence") == []


def test_an_account_announced_with_a_colon_runs_on_until_the_writer_speaks_again(nlp):
    text = (
        "Ivo Kolar testified with the following details: he reached Graz on 3 May 1950. "
        "When he came to Graz, Kolar met Ana Horvat at the station. What a tale! "
        "In May 1950 Ana Horvat was in Vienna."
    )
    claims = claims_of(text, nlp)
    [met] = of_kind(claims, "meeting")
    assert met.speaker == "ivo kolar" and met.reported_by == "clara weiss"  # retold, not the writer's
    [stay] = [c for c in of_kind(claims, "presence") if c.place == "vienna"]
    assert stay.speaker == "clara weiss"  # after the exclamation the writer speaks again


def test_an_account_does_not_cross_a_paragraph_near_miss(nlp):
    text = "Ivo Kolar testified with the following details: he reached Graz on 3 May 1950.\n\nIn May 1950 Ana Horvat met Ivo Kolar in Vienna."
    [met] = of_kind(claims_of(text, nlp), "meeting")
    assert met.speaker == "clara weiss"


def test_i_inside_a_declared_quotation_is_the_declarer(nlp):
    claims = claims_of('Bruno Keller declared: "I met Emil Wyss for the first time in April 1938."', nlp)
    [c] = of_kind(claims, "first_contact")
    assert {p.entity for p in c.participants} == {"bruno keller", "emil wyss"}  # not the document's voice


def test_a_long_residence_is_no_presence_on_a_given_day(nlp):
    claims = claims_of("Emil Wyss has lived in Zurich since 1921.", nlp, date_text="1938-06")
    assert of_kind(claims, "presence") == []


def test_a_short_stay_is_still_presence_near_miss(nlp):
    claims = claims_of("In May 1950 Anna Berg lived in Vienna.", nlp)
    assert [c.place for c in of_kind(claims, "presence")] == ["vienna"]


def test_the_accused_is_the_person_the_record_named_so(nlp):
    text = "The accused Marek Wojcik was questioned by the president. The accused stated that on May 2, 1951 he met Anna Nowak in Warsaw."
    [c] = of_kind(claims_of(text, nlp), "meeting")
    assert {p.entity for p in c.participants} == {"marek wojcik", "anna nowak"} and c.speaker == "marek wojcik"


def test_the_accused_never_named_stays_unresolved_near_miss(nlp):
    [c] = of_kind(claims_of("The accused stated that on May 2, 1951 he met Anna Nowak in Warsaw.", nlp), "meeting") or [None]
    assert c is None or "marek wojcik" not in {p.entity for p in c.participants}
