"""Contested findings: a finding whose own evidence another claim disputes keeps both readings.

Fictional affair: Tomas Ruiz says he met Ines Vogt at the Hotel Aurora in Lisbon in 1950; the hotel
burned down in 1947. A later source says a Café Aurora stood beside the station in 1950.
"""

from __future__ import annotations

from datetime import date

from countertrial.model import Claim, Document, DocumentMeta, Entity, Participant, TimeWindow
from countertrial.reason.contested import mark_contested, refuting_side
from countertrial.reason.engine import Context, ReasoningConfig
from countertrial.reason.findings import make_finding
from countertrial.reason.independence import SourceGraph

ENTITIES = {
    e.id: e
    for e in [
        Entity(id="person:tomas-ruiz", kind="person", name="Tomas Ruiz"),
        Entity(id="person:ines-vogt", kind="person", name="Ines Vogt"),
        Entity(id="place:lisbon", kind="place", name="Lisbon", latitude=38.72, longitude=-9.14),
        Entity(id="place:porto", kind="place", name="Porto", latitude=41.15, longitude=-8.61),
        Entity(id="place:genoa", kind="place", name="Genoa", latitude=44.41, longitude=8.93),
        Entity(id="building:hotel-aurora", kind="building", name="Hotel Aurora", located_in="place:lisbon",
               exists_from=date(1910, 1, 1), exists_until=date(1947, 8, 1)),  # fmt: skip
        Entity(id="building:cafe-aurora", kind="building", name="Café Aurora", located_in="place:lisbon"),
        Entity(id="building:aurora-porto", kind="building", name="Aurora Bar", located_in="place:porto"),
    ]
}
RUIZ = [Participant(entity="person:tomas-ruiz")]
RUIZ_VOGT = [Participant(entity="person:tomas-ruiz"), Participant(entity="person:ines-vogt", role="companion")]
Y1950 = TimeWindow(earliest=date(1950, 1, 1), latest=date(1950, 12, 31), precision="year")
MAY_4 = TimeWindow(earliest=date(1950, 5, 4), latest=date(1950, 5, 4))
MAY_2_6 = TimeWindow(earliest=date(1950, 5, 2), latest=date(1950, 5, 6), precision="days")


def doc(doc_id: str, text: str, **meta) -> Document:
    return Document(id=doc_id, path=doc_id, format="txt", sha256="0" * 64, text=text, meta=DocumentMeta(**meta))


def claim(cid: str, document: Document, quote: str, **kw) -> Claim:
    start = document.text.index(quote)
    kw.setdefault("participants", RUIZ)
    kw.setdefault("kind", "presence")
    return Claim(id=cid, document=document.id, start=start, end=start + len(quote), quote=quote, **kw)


CONFESSION = doc("confession.txt", "In May 1950 I met Ines Vogt at the Hotel Aurora in Lisbon.", kind="interrogation",
                 speakers=["Tomas Ruiz"], conditions="in custody; later retracted")  # fmt: skip
FIRE = doc("fire.txt", "The Hotel Aurora burned down in August 1947 and was never rebuilt.", kind="notice")
LATER = doc("later.txt", "In 1950 a Café Aurora stood beside the station, where the hotel had been.", kind="scholarship",
            author="M. Prado", date="1990")  # fmt: skip
PORTO = doc("porto.txt", "The Aurora Bar in Porto was open throughout 1950.", kind="guidebook")

MEETING = claim("meet", CONFESSION, CONFESSION.text, kind="meeting", participants=RUIZ_VOGT, place="building:hotel-aurora",
                time=TimeWindow(earliest=date(1950, 5, 1), latest=date(1950, 5, 31), precision="month"), speaker="person:tomas-ruiz")  # fmt: skip
GONE = claim("gone", FIRE, FIRE.text, kind="existence", participants=[], place="building:hotel-aurora", polarity="denied",
             time=TimeWindow(earliest=date(1947, 8, 1), latest=None, precision="open"))  # fmt: skip
CAFE = claim("cafe", LATER, "In 1950 a Café Aurora stood beside the station", kind="existence", participants=[],
             place="building:cafe-aurora", time=Y1950)  # fmt: skip
BAR = claim("bar", PORTO, PORTO.text, kind="existence", participants=[], place="building:aurora-porto", time=Y1950)


def context(docs, claims):
    return Context(claims, ENTITIES, {d.id: d.text for d in docs}, ReasoningConfig(), {d.id: d for d in docs})


def finding(kind, claims, texts, summary="A finding.", **details):
    return make_finding(kind, f"{kind}.test", claims, texts, summary, 0.8, "test confidence.", details=details or None)


def verify(f, ctx):
    for c in f.citations:
        assert ctx.texts[c.document][c.start : c.end] == c.quote


# --------------------------------------------------------------------------------------------------
# Anachronism


def test_anachronism_disputed_by_a_namesake_that_existed_then():
    docs = [CONFESSION, FIRE, LATER]
    ctx = context(docs, [MEETING, GONE, CAFE])
    f = finding("anachronism", [MEETING, GONE], ctx.texts, "Ruiz met Vogt at the Hotel Aurora in May 1950; it burned down in 1947.")
    [out] = mark_contested([f], ctx.claims, ctx)
    verify(out, ctx)
    assert out.contested
    assert out.id == f.id and out.claims == f.claims
    assert out.details["disputed_by"] == ["cafe"]
    readings = out.details["readings"]
    assert readings[0]["reading"] == "finding" and readings[0]["claims"] == ["meet", "gone"]
    assert readings[1] == {
        "reading": "dispute",
        "disputes": "gone",
        "claims": ["cafe"],
        "source": "M. Prado in the scholarship later.txt",
        "says": "Café Aurora existed throughout 1950",
        "quote": "In 1950 a Café Aurora stood beside the station",
        "added_by": "mark_contested",
    }
    # both readings are cited: the finding's two passages and the disputing one
    assert [c.document for c in out.citations] == ["confession.txt", "fire.txt", "later.txt"]
    assert out.summary.startswith(f.summary)
    assert out.summary.endswith(
        " Contested: M. Prado in the scholarship later.txt disputes the claim that Hotel Aurora did not exist from "
        "1 Aug 1947 onward (the notice fire.txt), saying that Café Aurora existed throughout 1950."
    )
    assert out.confidence < f.confidence and "contested by 1 claim" in out.confidence_reason


def test_anachronism_resting_on_the_place_record_is_disputed_too():
    ctx = context([CONFESSION, LATER], [MEETING, CAFE])
    f = finding("anachronism", [MEETING], ctx.texts)
    [out] = mark_contested([f], ctx.claims, ctx)
    assert out.contested and out.details["disputed_by"] == ["cafe"]
    assert out.details["readings"][1]["disputes"] == "record:building:hotel-aurora"
    assert "disputes the record that Hotel Aurora did not exist in May 1950" in out.summary
    verify(out, ctx)


def test_an_affirmed_destruction_is_read_as_an_end_and_judged_at_the_event_time():
    # "burned down in August 1947" may come out affirmed; the namesake is weighed against May 1950,
    # the time of the accused meeting, not against the fire's own window.
    burned = GONE.model_copy(update={"polarity": "affirmed", "time": TimeWindow(earliest=date(1947, 8, 1), latest=date(1947, 8, 31))})
    ctx = context([CONFESSION, FIRE, LATER], [MEETING, burned, CAFE])
    f = finding("anachronism", [MEETING, burned], ctx.texts)
    [out] = mark_contested([f], ctx.claims, ctx)
    assert out.contested and out.details["disputed_by"] == ["cafe"]


def test_a_checks_own_readings_are_kept_and_its_other_reading_is_not_a_side():
    # As the anachronism check records it: the existence evidence, and a reading it already contests with.
    ctx = context([CONFESSION, FIRE, LATER, PORTO], [MEETING, GONE, CAFE, BAR])
    own_readings = [
        {"reading": "anachronism", "text": "It did not exist then.", "claims": ["meet", "gone"]},
        {"reading": "similar_name", "text": "The claim refers to the Café Aurora.", "claims": ["cafe"]},
    ]
    f = make_finding("anachronism", "anachronism.test", [MEETING, GONE, CAFE], ctx.texts, "It did not exist. Contested: a namesake.",
                     0.5, "x.", contested=True,
                     details={"claim": "meet", "existence_claims": ["gone"], "contesting_claims": ["cafe"], "readings": own_readings})  # fmt: skip
    assert mark_contested([f], ctx.claims, ctx) == [f]  # the namesake is already the check's own other reading
    later_too = claim("later2", LATER, "where the hotel had been", kind="existence", participants=[], place="building:hotel-aurora", time=Y1950)
    ctx = context([CONFESSION, FIRE, LATER, PORTO], [MEETING, GONE, CAFE, later_too])
    [out] = mark_contested([f], ctx.claims, ctx)
    assert out.details["disputed_by"] == ["later2"]
    assert out.details["readings"][:2] == own_readings and out.details["readings"][2]["claims"] == ["later2"]
    assert out.summary.startswith("It did not exist. Contested: a namesake. Contested: M. Prado")


def test_impossible_means_record_disputed_by_a_record_that_it_happened():
    log = doc("log.txt", "No aircraft landed at Porto on 4 May 1950. Diary: the Lisbon plane landed at Porto on 4 May 1950.", kind="register")
    trip = claim("trip", GENOA, GENOA.text, kind="travel", place="place:porto", means="airplane", time=MAY_4)
    none = claim("none", log, "No aircraft landed at Porto on 4 May 1950.", kind="non_occurrence", participants=[], place="place:porto", time=MAY_4)
    did = claim("did", log, "Diary: the Lisbon plane landed at Porto on 4 May 1950.", kind="non_occurrence", participants=[],
                place="place:porto", time=MAY_4, polarity="denied")  # fmt: skip
    ctx = context([GENOA, log], [trip, none, did])
    f = finding("impossible_means", [trip, none], ctx.texts, journey="trip", records=[{"claim": "none"}])
    [out] = mark_contested([f], ctx.claims, ctx)
    assert out.contested and out.details["disputed_by"] == ["did"]
    verify(out, ctx)


def test_namesake_in_another_city_or_another_time_does_not_contest():
    ctx = context([CONFESSION, FIRE, PORTO, LATER], [MEETING, GONE, BAR])
    f = finding("anachronism", [MEETING, GONE], ctx.texts)
    assert mark_contested([f], ctx.claims, ctx) == [f]
    early = CAFE.model_copy(update={"time": TimeWindow(earliest=date(1930, 1, 1), latest=date(1930, 12, 31))})
    ctx = context([CONFESSION, FIRE, LATER], [MEETING, GONE, early])
    assert mark_contested([f], ctx.claims, ctx) == [f]


def test_a_second_source_agreeing_with_the_record_does_not_contest():
    also_gone = claim("gone2", LATER, "where the hotel had been", kind="existence", participants=[], place="building:hotel-aurora",
                      polarity="denied", time=Y1950)  # fmt: skip
    ctx = context([CONFESSION, FIRE, LATER], [MEETING, GONE, also_gone])
    f = finding("anachronism", [MEETING, GONE], ctx.texts)
    assert mark_contested([f], ctx.claims, ctx) == [f]


# --------------------------------------------------------------------------------------------------
# Alibi


REGISTER = doc("register.txt", "Guest 41: Tomas Ruiz, engineer, 2-6 May 1950.", kind="register", speakers=["Hotel Sol"],
               date="1950-05-20", conditions="records kept in 1950")  # fmt: skip
GENOA = doc("genoa.txt", "On May 4, 1950 I met Ines Vogt in Genoa.", kind="interrogation", speakers=["Tomas Ruiz"],
            conditions="in custody")  # fmt: skip
WITNESS = doc("witness.txt", "Ruiz was not in Lisbon in May 1950; I looked for him there all month.", kind="testimony",
              speakers=["Ines Vogt"])  # fmt: skip
IN_LISBON = claim("lis", REGISTER, REGISTER.text, place="place:lisbon", time=MAY_2_6, aspect="state")
IN_GENOA = claim("gen", GENOA, GENOA.text, kind="meeting", participants=RUIZ_VOGT, place="place:genoa", time=MAY_4, speaker="person:tomas-ruiz")
NOT_LISBON = claim("not-lis", WITNESS, "Ruiz was not in Lisbon in May 1950", place="place:lisbon", polarity="denied",
                   time=TimeWindow(earliest=date(1950, 5, 1), latest=date(1950, 5, 31), precision="month"), speaker="person:ines-vogt")  # fmt: skip
NOT_GENOA = claim("not-gen", WITNESS, "I looked for him there all month", kind="meeting", participants=RUIZ_VOGT,
                  place="place:genoa", polarity="denied", time=MAY_4, speaker="person:ines-vogt")  # fmt: skip


def test_alibi_whose_record_is_denied_is_contested():
    ctx = context([REGISTER, GENOA, WITNESS], [IN_LISBON, IN_GENOA, NOT_LISBON])
    f = finding("alibi", [IN_GENOA, IN_LISBON], ctx.texts, "Ruiz cannot have been in Genoa and in Lisbon.")
    assert [c.id for c in refuting_side(f, {c.id: c for c in ctx.claims}, SourceGraph.from_context(ctx))] == ["lis"]
    [out] = mark_contested([f], ctx.claims, ctx)
    verify(out, ctx)
    assert out.contested and out.details["disputed_by"] == ["not-lis"]
    assert "Ines Vogt in the testimony witness.txt disputes the claim that Tomas Ruiz was in Lisbon" in out.summary
    assert out.citations[-1].document == "witness.txt"


def test_alibi_whose_accused_claim_is_denied_is_not_contested():
    # Denying the confession agrees with the alibi: it is not a dispute of the finding.
    ctx = context([REGISTER, GENOA, WITNESS], [IN_LISBON, IN_GENOA, NOT_GENOA])
    f = finding("alibi", [IN_GENOA, IN_LISBON], ctx.texts)
    assert mark_contested([f], ctx.claims, ctx) == [f]


def test_a_denial_that_does_not_cover_the_claim_does_not_contest():
    narrow = NOT_LISBON.model_copy(update={"time": TimeWindow(earliest=date(1950, 6, 1), latest=date(1950, 6, 30), precision="month")})
    ctx = context([REGISTER, GENOA, WITNESS], [IN_LISBON, IN_GENOA, narrow])
    f = finding("alibi", [IN_GENOA, IN_LISBON], ctx.texts)
    assert mark_contested([f], ctx.claims, ctx) == [f]


# --------------------------------------------------------------------------------------------------
# Other kinds


def test_symmetric_findings_are_not_contested_by_a_third_voice():
    third = claim("third", REGISTER, "Guest 41", kind="meeting", participants=RUIZ_VOGT, place="place:genoa", polarity="denied")
    ctx = context([REGISTER, GENOA, WITNESS], [IN_GENOA, NOT_GENOA, third])
    f = finding("denial", [IN_GENOA, NOT_GENOA], ctx.texts)
    assert mark_contested([f], ctx.claims, ctx) == [f]


def test_a_check_can_name_its_refuting_claims():
    ctx = context([REGISTER, GENOA, WITNESS], [IN_GENOA, NOT_GENOA, IN_LISBON])
    f = finding("denial", [IN_GENOA, NOT_GENOA], ctx.texts, refuting_claims=["not-gen"])
    [out] = mark_contested([f], ctx.claims, ctx)
    assert not out.contested  # the only claim affirming the denied meeting is the finding's own
    other = claim("other", REGISTER, "Guest 41", kind="meeting", participants=RUIZ_VOGT, place="place:genoa", time=MAY_4)
    ctx = context([REGISTER, GENOA, WITNESS], [IN_GENOA, NOT_GENOA, other])
    [out] = mark_contested([f], ctx.claims, ctx)
    assert out.contested and out.details["disputed_by"] == ["other"]


def test_corroboration_disputed_by_a_denial():
    letter = doc("letter.txt", "Ruiz spent the first week of May with us in Lisbon.", kind="letter", author="P. Dias")
    also = claim("let", letter, letter.text, place="place:lisbon", time=MAY_2_6, aspect="state")
    ctx = context([REGISTER, letter, WITNESS], [IN_LISBON, also, NOT_LISBON])
    f = finding("corroboration", [IN_LISBON, also], ctx.texts, "Ruiz was in Lisbon.")
    [out] = mark_contested([f], ctx.claims, ctx)
    assert out.contested and out.details["disputed_by"] == ["not-lis"]
    assert len(out.details["readings"]) == 3  # the finding, and the denial of each of its two claims
    assert [c.document for c in out.citations] == ["register.txt", "letter.txt", "witness.txt"]
    verify(out, ctx)


def test_marking_is_stable_and_keeps_order():
    ctx = context([CONFESSION, FIRE, LATER, REGISTER, GENOA, WITNESS], [MEETING, GONE, CAFE, IN_LISBON, IN_GENOA, NOT_LISBON])
    fs = [
        finding("alibi", [IN_GENOA, IN_LISBON], ctx.texts),
        finding("denial", [IN_GENOA, NOT_GENOA], {**ctx.texts}),
        finding("anachronism", [MEETING, GONE], ctx.texts),
    ]
    once = mark_contested(fs, ctx.claims, ctx)
    assert [f.id for f in once] == [f.id for f in fs]
    assert [f.contested for f in once] == [True, False, True]
    twice = mark_contested(once, ctx.claims, ctx)
    assert [f.summary for f in twice] == [f.summary for f in once]
    assert [f.confidence for f in twice] == [f.confidence for f in once]
    assert twice[0].details["readings"] == once[0].details["readings"]
    assert [len(f.citations) for f in twice] == [len(f.citations) for f in once]


def test_every_check_leaves_readings_as_a_list_for_the_contested_pass():
    """details["readings"] is the contested pass's list of readings; a check must not put anything else there."""
    import ast
    from pathlib import Path

    checks = Path(__file__).resolve().parents[1] / "src" / "countertrial" / "reason" / "checks"
    for path in sorted(checks.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values):
                    if isinstance(key, ast.Constant) and key.value == "readings":
                        assert not isinstance(value, ast.Call) or getattr(value.func, "id", "") != "len", path.name
