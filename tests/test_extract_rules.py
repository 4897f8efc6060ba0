"""Claim rules on plain English sentences: each rule with the case that must fire and the near miss."""

from __future__ import annotations

from datetime import date

import pytest

from countertrial.extract.extractor import extract_document
from countertrial.extract.nlp import load_pipeline
from countertrial.ingest.segment import segment
from countertrial.model import Document, DocumentMeta


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def claims_of(text: str, nlp, speaker: str | None = "Clara Weiss"):
    paragraphs, sentences = segment(text, "t.txt")
    doc = Document(
        id="t.txt", path="t.txt", format="txt", sha256="0" * 64, text=text,
        meta=DocumentMeta(speakers=[speaker] if speaker else []), sentences=sentences, paragraphs=paragraphs,
    )
    claims, mentions = extract_document(doc, nlp)
    for c in claims:
        assert c.quote == text[c.start : c.end]
    return claims, mentions


def one(claims, kind):
    found = [c for c in claims if c.kind == kind]
    assert len(found) == 1, [(c.kind, c.participants, c.place) for c in claims]
    return found[0]


def test_presence_with_month(nlp):
    claims, _ = claims_of("In March 1958, Anton Weller was in Lisbon.", nlp)
    c = one(claims, "presence")
    assert [p.entity for p in c.participants] == ["anton weller"]
    assert c.place == "lisbon" and c.aspect == "state" and c.polarity == "affirmed"
    assert (c.time.earliest, c.time.latest) == (date(1958, 3, 1), date(1958, 3, 31))


def test_presence_denied(nlp):
    claims, _ = claims_of("Anton Weller was not in Porto in March 1958.", nlp)
    c = one(claims, "presence")
    assert c.polarity == "denied" and c.place == "porto"


def test_presence_needs_a_place_near_miss(nlp):
    claims, _ = claims_of("In March 1958, Anton Weller was ill.", nlp)
    assert [c for c in claims if c.kind == "presence"] == []


def test_meeting_with_place_and_day(nlp):
    claims, _ = claims_of("On 4 March 1958 Anton Weller met Paulo Reis at the Hotel Atlantico in Porto.", nlp)
    c = one(claims, "meeting")
    assert {p.entity for p in c.participants} == {"anton weller", "paulo reis"}
    assert c.place == "hotel atlantico"
    assert c.time.earliest == c.time.latest == date(1958, 3, 4)


def test_meeting_needs_two_people_near_miss(nlp):
    claims, _ = claims_of("On 4 March 1958 Anton Weller met the press in Porto.", nlp)
    assert [c for c in claims if c.kind == "meeting"] == []


def test_first_person_is_the_documents_speaker(nlp):
    claims, mentions = claims_of("I met Paulo Reis in Genoa in May 1958.", nlp)
    c = one(claims, "meeting")
    assert {p.entity for p in c.participants} == {"clara weiss", "paulo reis"}
    assert c.knowledge == "first_hand"


def test_kinship_reference_learned_from_apposition(nlp):
    text = "My brother, Marco Weiss, lives in Turin. In May 1958 my brother was in Turin."
    claims, _ = claims_of(text, nlp)
    dated = [c for c in claims if c.kind == "presence" and c.time]
    assert dated and dated[0].participants[0].entity == "marco weiss"


def test_reported_claim_belongs_to_the_witness(nlp):
    claims, _ = claims_of("Bruno Keller testified that he met Paulo Reis in Genoa in May 1958.", nlp)
    c = one(claims, "meeting")
    assert c.speaker == "bruno keller" and c.reported_by == "clara weiss" and c.modality == "reported"


def test_never_makes_a_denial(nlp):
    claims, _ = claims_of("Paulo Reis never met Bruno Keller in Genoa.", nlp)
    c = one(claims, "meeting")
    assert c.polarity == "denied"


def test_travel_with_means_and_route(nlp):
    claims, _ = claims_of("In May 1958 Paulo Reis flew from Lisbon to Madrid.", nlp)
    c = one(claims, "travel")
    assert c.means == "airplane" and c.origin == "lisbon" and c.place == "madrid"


def test_travel_by_train(nlp):
    claims, _ = claims_of("Paulo Reis travelled by train to Madrid in May 1958.", nlp)
    c = one(claims, "travel")
    assert c.means == "train" and c.place == "madrid"


def test_transcript_turns_change_who_says_i(nlp):
    text = (
        "MORLAND: I met Paulo Reis in Genoa in May 1958.\n\n"
        "KESSLER: I never met Paulo Reis in Genoa.\n\n"
        "MORLAND: That is all."
    )
    claims, _ = claims_of(text, nlp, speaker="Anna Morland")
    meetings = [c for c in claims if c.kind == "meeting"]
    assert [c.speaker for c in meetings] == ["anna morland", "kessler"]
    assert [c.reported_by for c in meetings] == [None, None]  # a verbatim record: nobody reports them
    assert {p.entity for p in meetings[1].participants} == {"kessler", "paulo reis"}
    assert meetings[1].polarity == "denied"


def test_a_single_capitalised_heading_is_not_a_transcript(nlp):
    claims, _ = claims_of("NOTE: I met Paulo Reis in Genoa in May 1958.", nlp)
    assert one(claims, "meeting").speaker == "clara weiss"


def test_question_and_answer_record(nlp):
    text = "Q: Where were you in May 1958?\n\nA: I was in Lisbon in May 1958.\n\nQ: And then?"
    claims, _ = claims_of(text, nlp, speaker="Rui Matos")
    c = one(claims, "presence")
    assert c.participants[0].entity == "rui matos" and c.place == "lisbon"


def test_claiming_to_have_met_is_the_claimants_claim(nlp):
    claims, _ = claims_of("Bruno Keller claims to have met Paulo Reis in Genoa in May 1958.", nlp)
    c = one(claims, "meeting")
    assert c.speaker == "bruno keller" and c.modality == "reported"


def test_what_follows_a_confession_is_not_the_authors_own_assertion(nlp):
    claims, _ = claims_of("This was the key confession: only Bruno Keller had met me in Genoa in May 1958.", nlp)
    c = one(claims, "meeting")
    assert c.speaker is None and c.reported_by == "clara weiss" and c.modality == "reported"


def test_a_plain_colon_does_not_change_the_speaker(nlp):
    claims, _ = claims_of("It was simple: Bruno Keller met Paulo Reis in Genoa in May 1958.", nlp)
    assert one(claims, "meeting").speaker == "clara weiss"


# --- existence, records of what did not happen, first contact -----------------------------------


def test_destruction_and_rebuilding_of_a_named_building(nlp):
    text = "The Hotel Nordlys in Bergen was demolished in 1921. The hotel was rebuilt only in 1939."
    claims, _ = claims_of(text, nlp)
    found = [(c.kind, c.place, c.content, c.time.earliest.year) for c in claims if c.kind == "existence"]
    assert found == [("existence", "hotel nordlys", "demolished", 1921), ("existence", "hotel nordlys", "rebuilt", 1939)]


def test_existence_needs_a_building_near_miss(nlp):
    claims, _ = claims_of("The plan was abandoned and the bridge project was closed in 1921.", nlp)
    assert [c for c in claims if c.kind == "existence" and c.place == "plan"] == []


def test_a_supposition_asserts_nothing(nlp):
    claims, _ = claims_of("If the Hotel Nordlys had been demolished in 1921, nobody could have met there.", nlp)
    assert [c for c in claims if c.kind == "existence"] == []


def test_record_that_no_aircraft_landed(nlp):
    claims, _ = claims_of("During March 1950 not a single foreign airplane landed at the Bergen airport.", nlp)
    c = one(claims, "non_occurrence")
    assert c.means == "airplane" and c.place == "bergen airport" and "foreign" in c.content
    assert (c.time.earliest.month, c.time.latest.day) == (3, 31) and c.aspect == "state"


def test_a_landing_is_not_a_record_of_absence_near_miss(nlp):
    claims, _ = claims_of("During March 1950 a foreign airplane landed at the Bergen airport.", nlp)
    assert [c for c in claims if c.kind == "non_occurrence"] == []


def test_first_meeting(nlp):
    claims, _ = claims_of("Paulo Reis met Bruno Keller for the first time in Genoa in May 1958.", nlp)
    assert one(claims, "first_contact").time.earliest.month == 5
    claims, _ = claims_of("Paulo Reis met Bruno Keller only in May 1958.", nlp)
    one(claims, "first_contact")
    claims, _ = claims_of("Paulo Reis met Bruno Keller in Genoa in May 1958.", nlp)
    assert [c for c in claims if c.kind == "first_contact"] == [] and one(claims, "meeting")


def test_instructions_with_their_words_are_a_communication_without_a_receiver(nlp):
    claims, _ = claims_of('Weller says that Almeida gave instructions that "in case of a strike, the men should stay at home."', nlp)
    c = one(claims, "communication")
    assert [(p.entity, p.role) for p in c.participants] == [("almeida", "sender")]
    assert c.content == "in case of a strike, the men should stay at home"
    assert c.speaker == "weller"


def test_instructions_without_words_or_receiver_near_miss(nlp):
    claims, _ = claims_of("Weller says that Almeida gave instructions.", nlp)
    assert [c for c in claims if c.kind == "communication"] == []


def test_elided_second_version_is_the_named_persons_account(nlp):
    text = (
        'Weller says that Almeida gave instructions that “in case of a strike, the men should stay at home.” '
        "With Reis, “it is necessary in case of a strike to occupy the factory ...”"
    )
    claims, _ = claims_of(text, nlp)
    first, second = sorted((c for c in claims if c.kind == "communication"), key=lambda c: c.start)
    assert second.speaker == "reis" and second.reported_by == "clara weiss"
    assert second.version_of == first.id
    assert second.content == "it is necessary in case of a strike to occupy the factory"
    assert second.quote.startswith("With Reis")
    assert [(p.entity, p.role) for p in second.participants] == [("almeida", "sender")]


@pytest.mark.parametrize(
    "second",
    [
        "With Reis, he insisted on “occupying the factory at once”.",  # a verb of its own: read by the rules
        "With Reis, the men went home.",  # no quotation: nothing is a version of anything
        "In Lisbon, “the men went home at once”.",  # a place, not a person, before the quotation
    ],
)
def test_elided_version_near_misses(nlp, second):
    text = 'Weller says that Almeida gave instructions that “in case of a strike, the men should stay at home.” ' + second
    claims, _ = claims_of(text, nlp)
    assert not [c for c in claims if c.version_of]


def test_elided_version_in_a_named_account(nlp):
    text = (
        'Weller says that Almeida gave instructions that “in case of a strike, the men should stay at home.” '
        "In Reis's version, “the men were to occupy the factory at once.”"
    )
    claims, _ = claims_of(text, nlp)
    assert [c.speaker for c in claims if c.version_of] == ["reis"]


@pytest.mark.parametrize(
    "text, kind, speaker, reported_by, modality",
    [
        # "as he testified": the clause is his testimony, reported by the writer
        ("The presumption at the trial was that Paulo Reis went to the Hotel Lux in Porto, as he testified.",
         "travel", "paulo reis", "clara weiss", "reported"),
        # "they say": hearsay from nobody named
        ("Paulo Reis came back to Porto in May 1950. He, they say, had received instructions from Almeida.",
         "communication", None, "clara weiss", "alleged"),
        # near misses: the writer's own word, and an "as" clause that reports nothing
        ("Paulo Reis went to the Hotel Lux in Porto, as I said.", "travel", "clara weiss", None, "asserted"),
        ("Paulo Reis went to Porto, as he had planned.", "travel", "clara weiss", None, "asserted"),
    ],
)
def test_an_aside_says_whose_word_a_clause_is(nlp, text, kind, speaker, reported_by, modality):
    claims, _ = claims_of(text, nlp)
    c = one(claims, kind)
    assert (c.speaker, c.reported_by, c.modality) == (speaker, reported_by, modality)


def test_leaving_a_place_is_a_journey_from_it(nlp):
    claims, _ = claims_of("The visa came on 3 December 1958. On the morning of the fourth Paulo Reis left Lisbon.", nlp)
    c = one(claims, "travel")
    assert c.origin == "lisbon" and c.place is None
    assert c.time.earliest == c.time.latest == date(1958, 12, 4)


def test_leaving_a_person_is_no_journey_near_miss(nlp):
    claims, _ = claims_of("In May 1958 Paulo Reis left his wife.", nlp)
    assert [c for c in claims if c.kind == "travel"] == []


def test_a_reporting_verb_the_parser_read_as_a_noun_still_names_the_speaker(nlp):
    # the small model parses "Weller states" as a noun phrase; the quotation is still Weller's, and so is "he"
    claims, _ = claims_of('Anton Weller states "that in May 1950, when he was in Porto, he received from Reis a letter from Almeida."', nlp)
    c = one(claims, "communication")
    assert c.speaker == "anton weller" and c.modality == "reported"
    assert {(p.entity, p.role) for p in c.participants} == {("almeida", "sender"), ("reis", "intermediary"), ("anton weller", "receiver")}


def test_the_united_states_is_no_speaker_near_miss(nlp):
    claims, _ = claims_of('In May 1950 the delegation of the United States met Paulo Reis in Porto.', nlp)
    assert all(c.speaker == "clara weiss" for c in claims)


@pytest.mark.parametrize(
    "text, asked",
    [
        ('They asked him this question: “Was the letter from Almeida handed to Reis in May 1950, and how.”', True),
        ('Weller wrote: “Did Almeida send Reis a letter in May 1950?”', True),
        ('Weller wrote: “Almeida sent Reis a letter in May 1950.”', False),  # near miss: a quoted statement
    ],
)
def test_a_quoted_question_asserts_nothing(nlp, text, asked):
    claims, _ = claims_of(text, nlp)
    assert bool([c for c in claims if c.kind == "communication"]) is not asked


@pytest.mark.parametrize(
    "text, pair",
    [
        ("Bo Lind introduced Jan Ek to Tom Hay in Dundee on 28 April 1949.", {"jan ek", "tom hay"}),
        ("Jan Ek was introduced to Tom Hay in Dundee on 28 April 1949.", {"jan ek", "tom hay"}),
        ("In May 1948 Bo Lind brought him down to the Dunmore Bar and introduced us.", None),  # "him": nobody named before
    ],
)
def test_an_introduction_is_a_first_meeting_of_the_two_introduced(nlp, text, pair):
    claims, _ = claims_of(text, nlp, speaker="Tom Hay")
    found = [c for c in claims if c.kind == "first_contact"]
    if pair is None:
        assert found == []
    else:
        [c] = found
        assert {p.entity for p in c.participants} == pair and c.polarity == "affirmed"


def test_asking_to_be_introduced_is_no_introduction_near_miss(nlp):
    claims, _ = claims_of("On 28 April 1949 Tom Hay asked to be introduced to Jan Ek.", nlp)
    assert [c for c in claims if c.kind == "first_contact"] == []
