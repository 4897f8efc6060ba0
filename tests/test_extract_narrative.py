"""How the extractor follows a narrative across sentences: who "he" is, where "the hotel" is, when
"throughout" is, who speaks in a record of several witnesses. Each rule with the case that must fire
and the near miss that must not. Invented sentences only."""

from __future__ import annotations

from datetime import date

import pytest

from countertrial.extract.extractor import extract_document, title_city
from countertrial.extract.nlp import load_pipeline
from countertrial.extract.turns import find_turns
from countertrial.ingest.segment import segment
from countertrial.model import Document, DocumentMeta
from countertrial.model.time import TimeWindow

from test_extract_rules import claims_of


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def doc_of(text: str, speakers: list[str], kind: str = "trial_record", title: str = "Record", day: date = date(1949, 9, 20)) -> Document:
    paragraphs, sentences = segment(text, "t.txt")
    return Document(
        id="t.txt", path="t.txt", format="txt", sha256="0" * 64, text=text,
        meta=DocumentMeta(speakers=speakers, kind=kind, title=title, date_window=TimeWindow(earliest=day, latest=day)),
        sentences=sentences, paragraphs=paragraphs,
    )


def read(text: str, nlp, **kw):
    doc = doc_of(text, **kw)
    claims, mentions = extract_document(doc, nlp)
    for c in claims:
        assert c.quote == text[c.start : c.end]
    return claims, mentions


def kinds(claims, kind):
    return [c for c in claims if c.kind == kind]


# --- who answers: a witness called in a heading -----------------------------------------------------


RECORD = (
    "ANNA ROUX (52), sworn. Examined by Mr. KELLER.\n\n"
    "Q. Were you in Porto on the 3rd of May?\nA. I was.\n\n"
    "BRUNO VIDAL (29), the accused, sworn. Examined by the PROSECUTOR.\n\n"
    "Q. Were you in Lisbon on the 3rd of May?\nA. I was.\n"
)


def test_each_witness_called_answers_in_their_own_section(nlp):
    claims, _ = read(RECORD, nlp, speakers=["Carla Mendes"])
    by_place = {c.place: c.speaker for c in kinds(claims, "presence")}
    assert by_place == {"porto": "anna roux", "lisbon": "bruno vidal"}


def test_the_examiner_named_in_the_heading_asks(nlp):
    doc = doc_of(RECORD, speakers=["Carla Mendes", "Dora Lind"])
    questions = [t for t in find_turns(doc) if t.label == "Q"]
    assert questions[0].speaker == "keller" and questions[1].speaker is None and questions[1].role == "the prosecutor"


@pytest.mark.parametrize("line", ["He was sworn in as mayor in 1950.", "Then, called as a witness, he spoke."])
def test_prose_is_no_witness_heading_near_miss(nlp, line):
    text = f"Q. Were you in Porto on the 3rd of May?\nA. I was.\n{line}\nQ. Were you in Lisbon on the 4th of May?\nA. I was.\n"
    claims, _ = read(text, nlp, speakers=["Carla Mendes"])
    assert {c.speaker for c in kinds(claims, "presence")} == {"carla mendes"}


# --- who "he" is ----------------------------------------------------------------------------------


def test_our_client_is_whom_the_lawyers_act_for(nlp):
    text = "We act for Mr. Paulo Reis. Our client has never met Anton Weller, in Porto or anywhere else."
    claims, _ = claims_of(text, nlp, speaker="Clara Weiss")
    [c] = kinds(claims, "meeting")
    assert {p.entity for p in c.participants} == {"paulo reis", "anton weller"}
    assert c.polarity == "denied" and c.place is None  # "or anywhere else": the town is an example, not a limit


def test_a_pronoun_subject_keeps_the_story_on_its_person(nlp):
    text = (
        "We act for Mr. Paulo Reis. He has no memory of meeting Mr. Anton Weller in 1948. "
        "He lodged at the Hotel Central in Porto in May 1949."
    )
    claims, _ = claims_of(text, nlp)
    [c] = kinds(claims, "presence")
    assert [p.entity for p in c.participants] == ["paulo reis"]


def test_he_said_after_indirect_speech_is_still_the_reporter(nlp):
    text = (
        "Paulo Reis said that he had known Anton Weller since 1948. In April Bruno Vidal had told him about the plan. "
        "On 5 May 1949, he said, Anton Weller himself met him in Porto."
    )
    claims, _ = claims_of(text, nlp)
    [c] = kinds(claims, "meeting")
    assert c.speaker == "paulo reis" and {p.entity for p in c.participants} == {"anton weller", "paulo reis"}


def test_he_said_after_a_new_person_takes_the_stand_is_that_person_near_miss(nlp):
    text = (
        "Paulo Reis said that he had seen Anton Weller in Porto on 5 May 1949. "
        "Bruno Vidal went into the box later in the afternoon. He said that he had first met Anton Weller in Lisbon on 28 April 1949."
    )
    claims, _ = claims_of(text, nlp)
    [c] = kinds(claims, "first_contact")
    assert c.speaker == "bruno vidal"


def test_a_month_is_not_a_person_near_miss(nlp):
    claims, _ = claims_of("On the evening of Thursday, 5th May 1949, Anton Weller met Paulo Reis in Porto.", nlp)
    [c] = kinds(claims, "meeting")
    assert {p.entity for p in c.participants} == {"anton weller", "paulo reis"}


# --- first meetings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, when",
    [
        ("I have known Anton Weller since the spring of 1948.", (date(1948, 3, 1), date(1948, 5, 31))),
        ("The meeting was on 28 April 1949. Anton Weller, who had not met me before, asked for my name.", (date(1949, 4, 28), date(1949, 4, 28))),
        ("I know Anton Weller well.", None),
        ("On 28 April 1949 I met Anton Weller. I had never set eyes on him before that night.", (date(1949, 4, 28), date(1949, 4, 28))),
    ],
)
def test_first_meetings_read_from_how_people_say_it(nlp, text, when):
    claims, _ = claims_of(text, nlp)
    firsts = kinds(claims, "first_contact")
    if when is None:
        assert firsts == []  # knowing someone, without "since": no first meeting is dated
    else:
        [c] = firsts
        assert c.polarity == "affirmed" and (c.time.earliest, c.time.latest) == when


def test_not_met_before_is_a_first_meeting_not_a_denial(nlp):
    text = "The meeting was held on 28 April 1949. Afterwards Bruno Vidal asked to be introduced to Anton Weller, who had not met him before."
    claims, _ = claims_of(text, nlp)
    assert not [c for c in claims if c.polarity == "denied"]
    [c] = kinds(claims, "first_contact")
    assert c.time.earliest == date(1949, 4, 28)


# --- where and when the story is ----------------------------------------------------------------------


def test_the_hotel_is_the_hotel_last_named_and_its_lounge_too(nlp):
    text = (
        "Paulo Reis lodged at the Hotel Central in Porto. On the evening of 5 May 1949 he dined at the hotel "
        "and spent the rest of the evening in the hotel lounge."
    )
    claims, _ = claims_of(text, nlp)
    dated = [c for c in kinds(claims, "presence") if c.time]
    assert dated and {c.place for c in dated} == {"hotel central"}


def test_a_building_is_in_the_city_the_story_just_went_to(nlp):
    text = "On 3 May 1949 Paulo Reis sailed from Glasgow to Belfast. He lodged at the Hotel Marlin, Great Victoria Street, in May 1949."
    _, mentions = claims_of(text, nlp)
    hotel = next(m for m in mentions if m["kind"] == "building")
    assert hotel["data"].get("city_in_context") == "belfast"
    assert "city_in_sentence" not in hotel["data"]  # "Victoria Street" is a street, not the city of Victoria


def test_a_named_site_without_a_building_word(nlp):
    claims, _ = claims_of("On 7 May 1949 I met Anton Weller in the Sailors' Rest in the Greenmarket.", nlp)
    [c] = kinds(claims, "meeting")
    assert c.place == "sailors' rest"


def test_an_institution_is_no_site_near_miss(nlp):
    claims, _ = claims_of("In 1950 I met Anton Weller in the Opposition.", nlp)
    [c] = kinds(claims, "meeting")
    assert c.place is None


def test_until_starts_where_the_story_is_not_at_the_beginning_of_time(nlp):
    text = "On 5 May 1949 Paulo Reis dined at the Hotel Central in Belfast. He remained in Belfast until the evening of 8 May 1949."
    claims, _ = claims_of(text, nlp)
    stay = next(c for c in kinds(claims, "presence") if c.place == "belfast")
    assert (stay.time.earliest, stay.time.latest) == (date(1949, 5, 5), date(1949, 5, 8))


def test_a_part_of_a_day_is_a_moment_not_the_whole_day(nlp):
    claims, _ = claims_of("Paulo Reis was at his office in Glasgow on the morning of 9 May 1949.", nlp)
    [c] = kinds(claims, "presence")
    assert c.aspect == "event"


def test_a_whole_day_stays_a_state_near_miss(nlp):
    claims, _ = claims_of("Paulo Reis was in Glasgow on 9 May 1949.", nlp)
    [c] = kinds(claims, "presence")
    assert c.aspect == "state"


def test_a_denial_at_a_time_we_cannot_date_is_not_never(nlp):
    claims, _ = claims_of("Paulo Reis did not see Anton Weller two days before the fire.", nlp)
    assert kinds(claims, "meeting") == []


@pytest.mark.parametrize(
    "title, kind, city",
    [
        ("Record of the hearings of the Court at Dundee, 1949", "trial_record", "dundee"),
        ("Letter to the Procurator Fiscal, Dundee", "letter", None),  # a letter's title names its addressee's town
    ],
)
def test_a_record_of_proceedings_names_where_the_court_sat(title, kind, city):
    from countertrial.extract.extractor import PROCEEDINGS_KINDS

    assert (title_city(title) if kind in PROCEEDINGS_KINDS else None) == city


# --- money, and things handed over --------------------------------------------------------------------


def test_money_handed_over_is_a_handover_not_a_letter(nlp):
    claims, _ = claims_of("In May 1949 Anton Weller gave me two pound notes.", nlp)
    [c] = kinds(claims, "communication")
    assert c.means is None and c.content == "two pound notes"


def test_the_thing_a_relative_clause_describes_is_what_was_handed(nlp):
    claims, _ = claims_of("The money I gave Anton Weller in March 1961 was payment for his books.", nlp)
    [c] = kinds(claims, "communication")
    assert {(p.entity, p.role) for p in c.participants} == {("clara weiss", "sender"), ("anton weller", "receiver")}
    assert c.content is None  # "the money": named, its sum not given


def test_dined_is_read_though_the_lemmatizer_says_din(nlp):
    claims, _ = claims_of("On 5 May 1949 Paulo Reis dined at the Hotel Central in Porto.", nlp)
    assert [c.place for c in kinds(claims, "presence")] == ["hotel central"]


# --- a short answer in a transcript -----------------------------------------------------------------


def test_an_answer_that_gives_the_time_asked_is_kept_when_the_answer_goes_on(nlp):
    text = "Q. When did you next see Weller?\nA. On the 5th of May, in the Bar Central in Porto. He gave me two pound notes.\nQ. Where did you go?\nA. I went home.\n"
    claims, _ = read(text, nlp, speakers=["Paulo Reis"])
    [m] = kinds(claims, "meeting")
    assert m.time.earliest == date(1949, 5, 5) and m.place == "bar central"


def test_anything_else_no_does_not_deny_the_event_near_miss(nlp):
    text = "Q. When did you see Weller?\nA. On 5 May 1949, in Porto.\nQ. Anything else?\nA. No.\n"
    claims, _ = read(text, nlp, speakers=["Paulo Reis"])
    assert [c.polarity for c in kinds(claims, "meeting")] == ["affirmed"]


def test_how_long_answered_with_since_is_when_they_met(nlp):
    text = "Q. How long had you known Anton Weller?\nA. Since the spring of last year.\n"
    claims, _ = read(text, nlp, speakers=["Paulo Reis"])
    [c] = kinds(claims, "first_contact")
    assert (c.time.earliest, c.time.latest) == (date(1948, 3, 1), date(1948, 5, 31))


# --- what happened, and what only could have ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind, polarity",
    [
        ("Paulo Reis could have travelled to Porto by train in May 1949.", None, None),
        ("Paulo Reis may have met Anton Weller in Porto in May 1949.", None, None),
        ("Paulo Reis could not have travelled to Porto on 5 May 1949.", "travel", "denied"),
        ("Paulo Reis travelled to Porto by train in May 1949.", "travel", "affirmed"),
    ],
)
def test_what_was_possible_is_not_what_happened(nlp, text, kind, polarity):
    claims, _ = claims_of(text, nlp)
    assert [(c.kind, c.polarity) for c in claims if c.kind in ("travel", "meeting")] == ([(kind, polarity)] if kind else [])


def test_a_named_site_can_be_pulled_down(nlp):
    text = "The Sailors' Rest in the Greenmarket, for fifty years the dockers' inn, was gutted by fire on the night of 11 January 1946."
    claims, _ = claims_of(text, nlp)
    [c] = kinds(claims, "existence")
    assert c.place == "sailors' rest" and c.content == "gutted" and c.time.earliest == date(1946, 1, 11)


def test_a_journey_between_small_places_the_gazetteer_lacks(nlp):
    claims, _ = claims_of("On 9 February 1938 Aldo Ferri crossed by the evening steamer from Ravelle to Montbrun.", nlp)
    [c] = kinds(claims, "travel")
    assert (c.origin, c.place, c.means) == ("ravelle", "montbrun", "ship")


def test_no_steamer_crossed_is_a_record_of_no_journey(nlp):
    claims, _ = claims_of("No steamer crossed between Ravelle and Montbrun from 5 to 12 February 1938.", nlp)
    [c] = kinds(claims, "non_occurrence")
    assert c.means == "ship" and c.place == "montbrun"


def test_going_to_a_person_is_no_journey_near_miss(nlp):
    claims, _ = claims_of("In May 1938 Aldo Ferri went to Bruno Keller with the plan.", nlp)
    assert kinds(claims, "travel") == []


# --- custody ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, aspect, window, place",
    [
        ("Paulo Reis was arrested at his home on the morning of 14 May 1949 and has been in custody since.", "state",
         (date(1949, 5, 14), date(1949, 9, 20)), None),  # up to the day the document was written
        ("From June 1950 to March 1953 Paulo Reis was in prison in Perth.", "state", (date(1950, 6, 1), date(1953, 3, 31)), "perth"),
        ("Paulo Reis was held in the Barrow Street gaol from 2 to 9 June 1950.", "state", (date(1950, 6, 2), date(1950, 6, 9)), None),
        ("Paulo Reis was released on 3 March 1953.", "event", (date(1953, 3, 3), date(1953, 3, 3)), None),
    ],
)
def test_custody_is_read_as_someone_held(nlp, text, aspect, window, place):
    claims, _ = read(text, nlp, speakers=["Clara Weiss"], kind="letter", title="A letter")
    [c] = kinds(claims, "custody")
    assert c.aspect == aspect and (c.time.earliest, c.time.latest) == window and [p.entity for p in c.participants] == ["paulo reis"]
    if place is not None:
        assert c.place == place


@pytest.mark.parametrize(
    "text",
    [
        "The police released the statement on 3 March 1953.",  # a thing released, not a person
        "In May 1950 Paulo Reis held a meeting in Perth.",  # holding a meeting is not being held
        "Paulo Reis was in Perth in May 1950.",  # a stay, not custody
    ],
)
def test_custody_near_misses(nlp, text):
    claims, _ = read(text, nlp, speakers=["Clara Weiss"], kind="letter", title="A letter")
    assert kinds(claims, "custody") == []
