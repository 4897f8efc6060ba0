"""The denial check on small fictional cases: what must fire, the near misses that must not, and scale.

Every claim is built from a sentence appended to a little document, so each citation can be verified
(quote == text[start:end]); the people, places and documents are invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import product

import pytest

from countertrial.model import Claim, Document, DocumentMeta, Entity, Participant, TimeWindow
from countertrial.reason import matching
from countertrial.reason.checks.denial import RULE, RULE_IMPLIED, check_denial
from countertrial.reason.checks.record_mismatch import check_record_mismatch
from countertrial.reason.checks.self_contradiction import check_self_contradiction
from countertrial.reason.checks.versions import check_version_conflict
from countertrial.reason.engine import Context, ReasoningConfig
from countertrial.reason.matching import match_denial, negation_pairs

from claimkit import CorpusBase, entity, month, window, year


ENTITIES = {
    e.id: e
    for e in [
        entity("anna", "person", "Anna Ilves"),
        entity("karl", "person", "Karl Ots"),
        entity("mira", "person", "Mira Sand"),
        entity("oleg", "person", "Oleg Tamm"),
        entity("rein", "person", "Rein Kask"),
        entity("estland", "place", "Estland"),
        entity("tartu", "place", "Tartu", "estland"),
        entity("narva", "place", "Narva", "estland"),
        entity("riga", "place", "Riga"),
        entity("polaris", "building", "the Hotel Polaris", "tartu"),
        entity("werner", "building", "the Cafe Werner", "tartu"),
    ]
}


class Corpus(CorpusBase):
    entities = ENTITIES


def pair(a: str, b: str) -> list[tuple[str, str]]:
    return [(a, "subject"), (b, "companion")]


def assert_cited(finding, ctx: Context) -> None:
    assert len(finding.citations) >= 2
    for cit in finding.citations:
        assert ctx.texts[cit.document][cit.start : cit.end] == cit.quote


def test_never_met_denies_a_dated_meeting_by_another_speaker():
    c = Corpus()
    met = c.say(
        "trial.txt", "In May 1931 I met Karl Ots at the Cafe Werner in Tartu.", "meeting", pair("anna", "karl"),
        speaker="anna", place="werner", time=month(1931, 5),
    )
    never = c.say(
        "letter.txt", "I have never met Anna Ilves, in Tartu or anywhere else.", "meeting", pair("karl", "anna"),
        speaker="karl", polarity="denied",
    )
    ctx = c.context()
    [f] = check_denial(ctx)
    assert f.kind == "denial" and f.rule == RULE
    assert f.claims == [met.id, never.id]
    assert_cited(f, ctx)
    assert "Anna Ilves says that" in f.summary and "Karl Ots denies it" in f.summary
    assert "Cafe Werner" in f.summary and "May 1931" in f.summary
    assert f.confidence >= 0.8
    assert f.details["match"]["time"] == "never" and f.details["match"]["place"] == "any"


def test_a_denial_with_a_city_and_a_year_covers_a_meeting_at_a_hotel_there_that_year():
    c = Corpus()
    c.say(
        "trial.txt", "On 4 March 1958 I met Karl Ots at the Hotel Polaris.", "meeting", pair("anna", "karl"),
        speaker="anna", place="polaris", time=window("1958-03-04"),
    )
    c.say(
        "sworn.txt", "I did not meet Anna Ilves in Tartu in 1958.", "meeting", pair("karl", "anna"),
        speaker="karl", polarity="denied", place="tartu", time=year(1958),
    )
    ctx = c.context()
    [f] = check_denial(ctx)
    assert f.details["match"]["place"] == "within" and f.details["match"]["time"] == "within"
    assert_cited(f, ctx)


def test_a_denial_naming_two_counterparts_is_read_pair_by_pair():
    c = Corpus()
    c.say(
        "indictment.txt", "In the autumn of 1932 Anna Ilves wrote to Mira Sand confirming the agreement.",
        "communication", [("anna", "sender"), ("mira", "receiver")], speaker="rein",
        time=window("1932-09-01", "1932-11-30"), content="confirming the agreement",
    )
    c.say(
        "memoir.txt", "After 1927 I never exchanged a single letter with Mira Sand or Karl Ots.",
        "communication", [("anna", "subject"), ("mira", "companion"), ("karl", "companion")],
        speaker="anna", polarity="denied", time=window("1928-01-01", ""),
    )
    ctx = c.context()
    [f] = check_denial(ctx)
    assert f.details["match"]["people"] == "pair"
    assert f.details["match"]["shared_people"] == ["anna", "mira"]


def test_never_in_a_city_denies_a_meeting_placed_there():
    c = Corpus()
    c.say("trial.txt", "Oleg Tamm met Karl Ots in Narva in June 1934.", "meeting", pair("oleg", "karl"),
          speaker="rein", place="narva", time=month(1934, 6))
    c.say("memoir.txt", "Karl Ots was never in Narva.", "presence", [("karl", "subject")],
          speaker="mira", place="narva", polarity="denied", aspect="state")
    [f] = check_denial(c.context())
    assert f.rule == RULE_IMPLIED
    assert "puts its participants there" in f.confidence_reason


def test_no_visitor_that_month_denies_a_visit_by_someone():
    c = Corpus()
    c.say("speech.txt", "Oleg Tamm came to see Anna Ilves in Tartu by airplane in the middle of December 1935.",
          "travel", [("oleg", "subject"), ("anna", "host")], speaker="oleg", reported_by="anna", modality="reported",
          place="tartu", means="airplane", time=window("1935-12-11", "1935-12-20"))
    c.say("speech.txt", "I had no visitor from abroad in December 1935.", "meeting", [("anna", "host")],
          speaker="anna", polarity="denied", time=month(1935, 12))
    [f] = check_denial(c.context())
    assert f.details["match"]["people"] == "counterpart_unnamed"
    assert f.confidence < 0.75  # an unnamed counterpart and a reported claim both weigh
    assert "Oleg Tamm (as reported by Anna Ilves) says that Oleg Tamm travelled to Tartu by airplane to see Anna Ilves" in f.summary


def test_a_denial_covering_part_of_the_window_fires_weaker():
    c = Corpus()
    c.say("a.txt", "Anna Ilves met Karl Ots between 20 November and 5 December 1931.", "meeting",
          pair("anna", "karl"), speaker="rein", time=window("1931-11-20", "1931-12-05"))
    c.say("b.txt", "Karl Ots did not meet Anna Ilves in November 1931.", "meeting", pair("karl", "anna"),
          speaker="karl", polarity="denied", time=month(1931, 11))
    c.say("c.txt", "Anna Ilves met Karl Ots on 23 November 1931.", "meeting", pair("anna", "karl"),
          speaker="mira", time=window("1931-11-23"))
    fs = check_denial(c.context())
    assert len(fs) == 2
    partial = next(f for f in fs if "c001" in f.claims)
    full = next(f for f in fs if "c003" in f.claims)
    assert partial.details["match"]["grade"] == "compatible"
    assert partial.confidence < full.confidence


# --- near misses -------------------------------------------------------------------------------------


def test_a_denial_about_another_city_does_not_fire():
    c = Corpus()
    c.say("trial.txt", "In December 1957 I met Karl Ots in Riga.", "meeting", pair("anna", "karl"),
          speaker="anna", place="riga", time=month(1957, 12))
    c.say("sworn.txt", "I never met Anna Ilves in Narva.", "meeting", pair("karl", "anna"),
          speaker="karl", place="narva", polarity="denied")
    assert check_denial(c.context()) == []


def test_a_denial_of_a_window_that_cannot_overlap_does_not_fire():
    c = Corpus()
    c.say("trial.txt", "In the autumn of 1957 I first met Karl Ots in Tartu.", "first_contact", pair("anna", "karl"),
          speaker="anna", place="tartu", time=window("1957-09-01", "1957-11-30"))
    c.say("sworn.txt", "I did not meet Anna Ilves in Tartu in 1958.", "meeting", pair("karl", "anna"),
          speaker="karl", place="tartu", time=year(1958), polarity="denied")
    assert check_denial(c.context()) == []


def test_a_denial_of_another_pair_of_people_does_not_fire():
    c = Corpus()
    c.say("trial.txt", "Anna Ilves met Mira Sand in Tartu in 1933.", "meeting", pair("anna", "mira"),
          speaker="rein", place="tartu", time=year(1933))
    c.say("memoir.txt", "Anna Ilves never met Karl Ots.", "meeting", pair("anna", "karl"),
          speaker="anna", polarity="denied")
    assert check_denial(c.context()) == []


def test_one_speaker_affirming_and_denying_is_a_self_contradiction_not_a_denial():
    c = Corpus()
    c.say("interrogation.txt", "I met Karl Ots in Tartu in 1933.", "meeting", pair("anna", "karl"),
          speaker="anna", place="tartu", time=year(1933))
    c.say("trial.txt", "I never met Karl Ots.", "meeting", pair("anna", "karl"), speaker="anna", polarity="denied")
    ctx = c.context()
    assert check_denial(ctx) == []
    assert [f.kind for f in check_self_contradiction(ctx)] == ["self_contradiction"]


def test_unknown_speakers_in_one_document_are_not_two_sources():
    c = Corpus()
    c.say("notes.txt", "Anna Ilves met Karl Ots in Tartu in 1933.", "meeting", pair("anna", "karl"),
          place="tartu", time=year(1933))
    c.say("notes.txt", "Anna Ilves never met Karl Ots.", "meeting", pair("anna", "karl"), polarity="denied")
    assert check_denial(c.context()) == []


def test_unknown_speakers_in_two_documents_are_two_sources():
    c = Corpus()
    c.say("notes.txt", "Anna Ilves met Karl Ots in Tartu in 1933.", "meeting", pair("anna", "karl"),
          place="tartu", time=year(1933))
    c.say("other.txt", "Anna Ilves never met Karl Ots.", "meeting", pair("anna", "karl"), polarity="denied")
    [f] = check_denial(c.context())
    assert "the account in notes.txt" in f.summary


def test_a_denial_with_a_place_does_not_meet_a_claim_without_one():
    c = Corpus()
    c.say("trial.txt", "Anna Ilves met Karl Ots in 1933.", "meeting", pair("anna", "karl"), speaker="rein",
          time=year(1933))
    c.say("memoir.txt", "I never met Anna Ilves in Narva.", "meeting", pair("karl", "anna"), speaker="karl",
          place="narva", polarity="denied")
    assert check_denial(c.context()) == []


def test_a_denial_covering_less_than_half_the_window_does_not_fire():
    c = Corpus()
    c.say("a.txt", "Anna Ilves met Karl Ots in 1931.", "meeting", pair("anna", "karl"), speaker="rein",
          time=year(1931))
    c.say("b.txt", "Karl Ots did not meet Anna Ilves in November 1931.", "meeting", pair("karl", "anna"),
          speaker="karl", polarity="denied", time=month(1931, 11))
    assert check_denial(c.context()) == []


def test_a_denial_of_what_a_letter_said_is_a_version_conflict_not_a_denial():
    c = Corpus()
    c.say("trial.txt", "In May 1958 Karl Ots brought me a letter ordering me to stop the cranes.", "communication",
          [("karl", "intermediary"), ("anna", "receiver")], speaker="anna", time=month(1958, 5),
          content="ordering me to stop the cranes")
    c.say("trial.txt", "The letter I brought her in May 1958 said nothing about the cranes.", "communication",
          [("karl", "intermediary"), ("anna", "receiver")], speaker="karl", time=month(1958, 5),
          content="the cranes", polarity="denied")
    ctx = c.context()
    assert check_denial(ctx) == []
    assert [f.rule for f in check_version_conflict(ctx)] == ["version_conflict.negated_content"]


def test_an_unbounded_denial_without_a_counterpart_is_too_sweeping():
    c = Corpus()
    c.say("a.txt", "Anna Ilves met Karl Ots in Tartu in 1933.", "meeting", pair("anna", "karl"), speaker="rein",
          place="tartu", time=year(1933))
    c.say("b.txt", "Karl Ots said: I never met him.", "meeting", [("karl", "subject")], speaker="karl",
          polarity="denied")
    assert check_denial(c.context()) == []


def test_a_verdict_against_its_record_is_left_to_record_mismatch():
    c = Corpus()
    c.meta["verdict.txt"] = DocumentMeta(kind="verdict", derived_from=["record.txt"])
    c.meta["record.txt"] = DocumentMeta(kind="trial_record")
    c.say("verdict.txt", "The accused Anna Ilves met Karl Ots in Narva in June 1934.", "meeting",
          pair("anna", "karl"), speaker="judge", place="narva", time=month(1934, 6))
    c.say("record.txt", "KARL OTS: I never met the accused Anna Ilves.", "meeting", pair("karl", "anna"),
          speaker="karl", polarity="denied")
    ctx = c.context()
    assert check_denial(ctx) == []
    assert [f.rule for f in check_record_mismatch(ctx)] == ["record_mismatch.contradicted_by_record"]


def test_findings_are_deterministic_whatever_the_claim_order():
    c = Corpus()
    for i, (who, where) in enumerate(product(["anna", "mira"], ["tartu", "narva"])):
        c.say(f"d{i}.txt", f"{who} met Karl Ots in {where} in 1933.", "meeting", pair(who, "karl"),
              speaker=who, place=where, time=year(1933))
    c.say("karl.txt", "Karl Ots never met Anna Ilves or Mira Sand.", "meeting",
          [("karl", "subject"), ("anna", "companion"), ("mira", "companion")], speaker="karl", polarity="denied")
    ctx = c.context()
    first = check_denial(ctx)
    assert len(first) == 4
    shuffled = list(ctx.claims)
    random.Random(3).shuffle(shuffled)
    again = check_denial(Context(shuffled, ctx.entities, ctx.texts, ctx.config, ctx.documents))
    assert [f.model_dump() for f in again] == [f.model_dump() for f in first]


# --- the index finds exactly what comparing every pair finds --------------------------------------------


def _random_claims(n: int, seed: int) -> list[Claim]:
    rng = random.Random(seed)
    persons = ["anna", "karl", "mira", "oleg", "rein"]
    places = [None, "tartu", "narva", "riga", "polaris", "werner", "estland"]
    kinds = ["meeting", "first_contact", "presence", "custody", "travel", "communication"]
    out = []
    for i in range(n):
        kind = rng.choice(kinds)
        k = rng.choice([1, 2, 2, 3]) if kind in ("meeting", "first_contact", "communication", "travel") else 1
        ppl = rng.sample(persons, k)
        roles = rng.choice([["subject", "companion", "companion"], ["sender", "receiver", "intermediary"], ["subject"] * 3])
        tw = None
        if rng.random() < 0.8:
            lo = date(1930, 1, 1) + timedelta(days=rng.randrange(1500))
            tw = TimeWindow(earliest=lo, latest=lo + timedelta(days=rng.choice([0, 5, 30, 200])))
        out.append(
            Claim(
                id=f"r{i:04d}", kind=kind, document="d.txt", start=0, end=1, quote="x",
                participants=[Participant(entity=p, role=roles[j]) for j, p in enumerate(ppl)],
                place=rng.choice(places), time=tw, polarity="denied" if rng.random() < 0.3 else "affirmed",
                aspect=rng.choice(["event", "state"]), means=rng.choice([None, None, "train"]),
            )
        )
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_bucketed_search_equals_comparing_every_pair(seed):
    claims = _random_claims(250, seed)
    bucketed = {(a.id, d.id) for a, d, _ in negation_pairs(claims, ENTITIES)}
    brute = {(a.id, d.id) for a in claims for d in claims if match_denial(d, a, ENTITIES) is not None}
    assert bucketed == brute
    assert brute  # the random corpus does contain denials


# --- scale -------------------------------------------------------------------------------------------


def synthetic_context(n: int, seed: int = 7) -> Context:
    """``n`` random claims over a few hundred people, sixty places, forty documents and ten years."""
    rng = random.Random(seed)
    persons = [f"person-{i}" for i in range(max(50, n // 40))]
    places = [f"place-{i}" for i in range(60)]
    ents = {p: Entity(id=p, kind="person", name=p) for p in persons}
    for i, pl in enumerate(places):
        ents[pl] = Entity(id=pl, kind="place" if i < 30 else "building", name=pl, located_in=None if i < 30 else places[i - 30])
    kinds = ["trial_record", "interrogation", "testimony", "verdict", "book", "letter", "newspaper"]
    texts = {f"doc-{i}.txt": "a short text" for i in range(40)}
    docs = {
        d: Document(
            id=d, path=d, format="txt", sha256="0" * 64, text=t,
            meta=DocumentMeta(kind=kinds[i % 7], derived_from=[f"doc-{i - 1}.txt"] if kinds[i % 7] == "newspaper" else []),
        )
        for i, (d, t) in enumerate(texts.items())
    }
    claim_kinds = ["meeting", "first_contact", "presence", "travel", "communication", "custody", "document_content"]
    contents = [None, None, "alpha beta gamma", "delta epsilon zeta", "the alpha beta report"]
    claims = []
    base = date(1930, 1, 1)
    for i in range(n):
        kind = rng.choice(claim_kinds)
        k = 1 if kind in ("presence", "travel", "custody") else rng.choice([2, 2, 2, 3])
        roles = ["sender", "receiver", "intermediary"] if kind in ("communication", "document_content") else ["subject", "companion", "companion"]
        tw = None
        if rng.random() > 0.1:
            lo = base + timedelta(days=rng.randrange(3650))
            tw = TimeWindow(earliest=lo, latest=lo + timedelta(days=rng.choice([0, 0, 2, 9, 29, 89, 364])))
        claims.append(
            Claim(
                id=f"s{i:06d}", kind=kind, document=f"doc-{rng.randrange(40)}.txt", start=0, end=5, quote="a sho",
                participants=[Participant(entity=p, role=roles[j]) for j, p in enumerate(rng.sample(persons, k))],
                place=rng.choice([*places, None]), time=tw, polarity="denied" if rng.random() < 0.1 else "affirmed",
                content=rng.choice(contents) if kind in ("communication", "document_content") else None,
                speaker=rng.choice(persons[:200]), aspect="state" if kind in ("presence", "custody") else "event",
            )
        )
    return Context(claims, ents, texts, ReasoningConfig(), docs)


def test_twenty_thousand_claims_need_a_few_comparisons_per_claim_not_all_pairs():
    n = 20_000
    ctx = synthetic_context(n)
    all_pairs = n * (n - 1) // 2
    for check in (check_denial, check_version_conflict, check_self_contradiction, check_record_mismatch):
        matching.COMPARISONS.reset()
        check(ctx)
        # Quadratic would be 2e8 comparisons; bucketing keeps it to a handful per claim.
        assert matching.COMPARISONS.count < 20 * n, (check.__name__, matching.COMPARISONS.count)
        assert matching.COMPARISONS.count < all_pairs / 1000


def test_a_stay_with_no_known_end_is_certain_only_at_its_start():
    c = Corpus()
    c.say("a.txt", "From March 1931 Karl Ots lived in Riga.", "presence", [("karl", "subject")], speaker="rein",
          place="riga", aspect="state", time=window("1931-03-01", ""))
    c.say("b.txt", "Karl Ots was not in Riga in 1935.", "presence", [("karl", "subject")], speaker="mira",
          place="riga", aspect="state", polarity="denied", time=year(1935))
    c.say("c.txt", "Karl Ots was never in Riga before 1932.", "presence", [("karl", "subject")], speaker="anna",
          place="riga", aspect="state", polarity="denied", time=window("", "1931-12-31"))
    [f] = check_denial(c.context())
    assert f.claims == ["c001", "c003"]


# --- the bundled example, read as an analyst would ---------------------------------------------------

from pathlib import Path  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-affair"
MY_KINDS = ("denial", "version_conflict", "self_contradiction", "record_mismatch")


def _example() -> tuple[dict[str, list[dict]], dict[str, str], list[dict], list[dict]]:
    import json

    if not (EXAMPLE / "gold.json").is_file():
        pytest.skip("the bundled example is not present")
    gold = json.loads((EXAMPLE / "gold.json").read_text(encoding="utf-8"))
    near = json.loads((EXAMPLE / "near_misses.json").read_text(encoding="utf-8"))
    passages = {g["id"]: [g["claim"], *g["counter"]] for g in gold} | {n["id"]: n["passages"] for n in near}
    return passages, {}, gold, near


def test_the_example_case_planted_findings_of_these_kinds_and_none_of_their_near_misses():
    """Analyst claims on the example's passages: every planted denial, version conflict, self-contradiction
    and record mismatch is found, and no near miss of those kinds is flagged."""
    from countertrial.evaluate import covers

    p, texts, gold, near = _example()
    ents = {
        e.id: e
        for e in [
            entity("lucien", "person", "Lucien Marchetti"), entity("jovan", "person", "Dragan Jovanović"),
            entity("delorme", "person", "Armand Delorme"), entity("helene", "person", "Hélène Marchetti"),
            entity("paul", "person", "Paul Marchetti"), entity("vidal", "person", "Roger Vidal"),
            entity("saunier", "person", "Étienne Saunier"),
            entity("marseille", "place", "Marseille"), entity("geneva", "place", "Geneva"), entity("genoa", "place", "Genoa"),
            entity("lisbon", "place", "Lisbon"), entity("toulon", "place", "Toulon"), entity("portugal", "place", "Portugal"),
            entity("cafe_riviera", "building", "the Café Riviera", "geneva"),
            entity("buffet", "building", "the station buffet", "genoa"),
            entity("office", "building", "the harbour office", "marseille"),
            entity("flat", "building", "Marchetti's flat", "marseille"),
        ]
    }  # fmt: skip
    claims: list[Claim] = []

    def on(passage: dict, kind: str, people: list[tuple[str, str]], **slots) -> None:
        doc = passage["document"]
        texts.setdefault(doc, (EXAMPLE / doc).read_text(encoding="utf-8"))
        claims.append(Claim(
            id=f"x{len(claims) + 1:02d}", kind=kind, document=doc, start=passage["start"], end=passage["end"],
            quote=passage["quote"], participants=[Participant(entity=e, role=r) for e, r in people], **slots,
        ))  # fmt: skip

    meet = lambda a, b: [(a, "subject"), (b, "companion")]  # noqa: E731
    on(p["ha-08"][1], "first_contact", meet("lucien", "jovan"), speaker="lucien", place="cafe_riviera",
       time=window("1957-09-01", "1957-11-30"))
    on(p["ha-08"][0], "first_contact", meet("lucien", "jovan"), speaker="lucien", place="office", time=month(1958, 1))
    on(p["ha-06"][0], "meeting", meet("lucien", "jovan"), speaker="lucien", place="genoa", time=window("1958-03-04"))
    on(p["ha-06"][0], "communication", [("jovan", "sender"), ("lucien", "receiver")], speaker="lucien", place="genoa",
       time=window("1958-03-04"), content="the plan of the harbour installations")
    on(p["ha-07"][0], "communication", [("jovan", "sender"), ("delorme", "intermediary"), ("lucien", "receiver")],
       speaker="lucien", time=window("1958-05-11", "1958-05-20"),
       content="put the harbour cranes out of action on the first day of the strike")
    on(p["ha-07"][1], "communication", [("delorme", "intermediary"), ("lucien", "receiver")], speaker="delorme",
       time=month(1958, 5), content="the cranes", polarity="denied")
    on(p["ha-07"][1], "communication", [("delorme", "intermediary"), ("lucien", "receiver")], speaker="delorme",
       time=month(1958, 5), content="money for the strikers' families")
    on(p["ha-05"][0], "meeting", meet("delorme", "jovan"), speaker="delorme", place="buffet", time=month(1957, 12))
    on(p["ha-05"][1], "meeting", meet("jovan", "delorme"), speaker="jovan", reported_by="aubry", polarity="denied")
    on(p["ha-06"][1], "meeting", meet("jovan", "lucien"), speaker="jovan", reported_by="aubry", place="genoa",
       time=year(1958), polarity="denied")
    on(p["ha-nm-14"][0], "meeting", meet("delorme", "jovan"), speaker="delorme", place="marseille", polarity="denied")
    on(p["ha-nm-15"][0], "travel", [("lucien", "subject")], speaker="helene", place="portugal", polarity="denied")
    on(p["ha-nm-15"][1], "presence", [("paul", "subject")], place="lisbon", time=window("1958-03-03", "1958-03-05"),
       aspect="state")
    on(p["ha-nm-16"][0], "custody", [("lucien", "subject"), ("vidal", "host")], speaker="vidal", place="flat",
       time=window("1958-06-03"))
    on(p["ha-nm-16"][2], "custody", [("lucien", "subject")], speaker="helene", place="flat", time=window("1958-06-03"))
    on(p["ha-nm-17"][0], "presence", [("lucien", "subject")], speaker="lucien", place="marseille", time=month(1958, 4),
       aspect="state")
    on(p["ha-nm-17"][1], "travel", [("lucien", "subject")], speaker="lucien", place="toulon", means="train",
       time=window("1958-05-21", "1958-05-31"))
    on(p["ha-04"][1], "first_contact", meet("delorme", "lucien"), speaker="delorme", place="marseille", time=month(1958, 4))
    on(p["ha-09"][0], "communication", [("delorme", "sender"), ("lucien", "receiver")], speaker="saunier",
       place="genoa", time=window("1958-03-04"), content="the plan of the harbour installations")
    on(p["ha-nm-19"][0], "communication", [("jovan", "sender"), ("delorme", "intermediary"), ("lucien", "receiver")],
       speaker="saunier", time=window("1958-05-11", "1958-05-20"), content="put the harbour cranes out of action")
    on(p["ha-nm-20"][0], "communication", [("delorme", "intermediary")], speaker="saunier", time=window("1957-12-01", ""))

    import csv

    docs = {}
    for row in csv.DictReader((EXAMPLE / "manifest.csv").open(encoding="utf-8")):
        if row["file"] in texts:
            meta = DocumentMeta(kind=row["kind"], date=row["date"], conditions=row["conditions"] or None,
                                speakers=[s for s in row["speaker"].split(";") if s],
                                derived_from=[d for d in row["derived_from"].split(";") if d])  # fmt: skip
            docs[row["file"]] = Document(id=row["file"], path=row["file"], format="txt", sha256="0" * 64,
                                         text=texts[row["file"]], meta=meta)  # fmt: skip
    ctx = Context(claims, ents, texts, ReasoningConfig(), docs)
    findings = [f for check in (check_denial, check_version_conflict, check_self_contradiction, check_record_mismatch)
                for f in check(ctx)]  # fmt: skip
    cites = lambda f: [c.model_dump() for c in f.citations]  # noqa: E731

    for g in gold:
        if g["kind"] in MY_KINDS:
            assert any(
                f.kind == g["kind"] and covers(g["claim"], cites(f)) and any(covers(x, cites(f)) for x in g["counter"])
                for f in findings
            ), g["id"]
    for n in near:
        if n["kind"] in MY_KINDS:
            flagged = [f for f in findings if f.kind == n["kind"] and sum(covers(x, cites(f)) for x in n["passages"]) >= 2]
            assert not flagged, (n["id"], [f.summary for f in flagged])
    assert sorted(f.kind for f in findings) == sorted(["denial", "denial", "version_conflict", "self_contradiction",
                                                       "record_mismatch"])  # fmt: skip
