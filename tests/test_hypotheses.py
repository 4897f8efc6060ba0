"""Competing hypotheses: the rating rules, Heuer's score and the likelihoods by hand, groups, sensitivity."""

from __future__ import annotations

import json
import math

import pytest

from countertrial.reason.hypotheses import (
    ACHConfig,
    EvidenceItem,
    Hypothesis,
    HypothesisError,
    RatingOverride,
    analyse_case,
    analyse_hypotheses,
    effective_weights,
    evidence_from_findings,
    from_case,
    rate,
)

ln = math.log


def item(iid: str, kind: str = "claim", **kw) -> EvidenceItem:
    return EvidenceItem(id=iid, description=f"item {iid}", kind=kind, **kw)


# --- the toy matrix, scored by hand -------------------------------------------------------------
#
#          H1   H2   H3      weight
#   E1     C    I    II      1
#   E2     N    N    N       1      (non-diagnostic)
#   E3     I    C    CC      1
#   E4     CC   II   I       2
#
# Inconsistency (I = 1, II = 2): H1 = 1;  H2 = 1 + 2*2 = 5;  H3 = 2 + 2*1 = 4  ->  H1, H3, H2.

TOY_RATINGS = {
    "E1": {"H1": "C", "H2": "I", "H3": "II"},
    "E2": {"H1": "N", "H2": "N", "H3": "N"},
    "E3": {"H1": "I", "H2": "C", "H3": "CC"},
    "E4": {"H1": "CC", "H2": "II", "H3": "I"},
}


def toy():
    hyps = [
        Hypothesis(id=h, title=f"hypothesis {h}", ratings={i: r[h] for i, r in TOY_RATINGS.items()})
        for h in ("H1", "H2", "H3")
    ]
    items = [item("E1"), item("E2"), item("E3"), item("E4", weight=2.0)]
    return analyse_hypotheses(hyps, items)


def test_toy_inconsistency_scores_by_hand():
    res = toy()
    assert {h.id: h.inconsistency for h in res.hypotheses} == {"H1": 1.0, "H2": 5.0, "H3": 4.0}
    assert res.ranking == ["H1", "H3", "H2"]
    assert [h.rank for h in res.hypotheses] == [1, 2, 3]
    assert res.score("H2").against == [("E4", 4.0), ("E1", 1.0)]


def test_toy_likelihoods_by_hand():
    res = toy()
    expected = {
        "H1": ln(0.7) + ln(0.5) + ln(0.3) + 2 * ln(0.9),
        "H2": ln(0.3) + ln(0.5) + ln(0.7) + 2 * ln(0.1),
        "H3": ln(0.1) + ln(0.5) + ln(0.9) + 2 * ln(0.3),
    }
    for h in res.hypotheses:
        assert h.log_likelihood == pytest.approx(expected[h.id])
    assert res.likelihood_ranking == ["H1", "H3", "H2"]
    assert res.pairwise_log_lr["H1"]["H2"] == pytest.approx(expected["H1"] - expected["H2"])
    assert res.pairwise_log_lr["H2"]["H1"] == pytest.approx(expected["H2"] - expected["H1"])


def test_toy_diagnosticity():
    res = toy()
    d = {x.item: x for x in res.items}
    assert d["E2"].diagnosticity == 0 and not d["E2"].diagnostic
    assert res.non_diagnostic == ["E2"]
    assert d["E1"].diagnosticity == pytest.approx(ln(0.7) - ln(0.1))
    assert d["E4"].weighted_diagnosticity == pytest.approx(2 * (ln(0.9) - ln(0.1)))  # CC .. II


def test_toy_decisive_items_between_leader_and_runner_up():
    # Leader H1, runner-up H3. E1: 1*(2-0) = 2; E4: 2*(1-0) = 2 (tie broken by log LR: 2 ln 3 > ln 7);
    # E3: 1*(0-1) = -1, against the leader; E2 contributes nothing and is left out.
    res = toy()
    assert [c.item for c in res.decisive] == ["E4", "E1", "E3"]
    e4, e1, e3 = res.decisive
    assert (e4.inconsistency, e1.inconsistency, e3.inconsistency) == (2.0, 2.0, -1.0)
    assert e4.log_lr == pytest.approx(2 * ln(3))
    assert e1.log_lr == pytest.approx(ln(7))
    assert e3.log_lr == pytest.approx(ln(0.3) - ln(0.9))


def test_deterministic_and_serialisable():
    a, b = toy().to_dict(), toy().to_dict()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["ranking"] == ["H1", "H3", "H2"]
    assert a["cells"][0] == {"item": "E1", "hypothesis": "H1", "rating": "C", "basis": "hypothesis", "reason": "hypothesis H1 rates this item"}


# --- sensitivity ----------------------------------------------------------------------------------


def test_removing_one_item_flips_the_ranking():
    #        H1   H2
    #   E1   N    II     H1 = 1, H2 = 2: H1 leads.
    #   E2   I    N      without E1: H1 = 1, H2 = 0, H2 leads; without E2: H1 still leads.
    hyps = [Hypothesis("H1", "one", ratings={"E1": "N", "E2": "I"}), Hypothesis("H2", "two", ratings={"E1": "II", "E2": "N"})]
    res = analyse_hypotheses(hyps, [item("E1"), item("E2")])
    assert res.ranking == ["H1", "H2"]
    changes = {(s.item, s.action): s for s in res.sensitivity}
    assert set(changes) == {("E1", "remove"), ("E1", "reverse")}
    assert changes[("E1", "remove")].ranking == ["H2", "H1"] and changes[("E1", "remove")].leader_changes
    assert "inconsistency" in changes[("E1", "remove")].measures
    assert changes[("E1", "reverse")].ranking == ["H2", "H1"]  # E1 becomes N / CC


def test_robust_ranking_has_no_sensitive_items():
    hyps = [Hypothesis("H1", "one", ratings={"E1": "C", "E2": "C"}), Hypothesis("H2", "two", ratings={"E1": "II", "E2": "II"})]
    res = analyse_hypotheses(hyps, [item("E1"), item("E2")])
    assert res.ranking == ["H1", "H2"] and res.sensitivity == []


def test_removing_a_group_member_gives_the_rest_its_weight():
    # A and B copy one line of evidence (one group, 0.5 each); C is independent. Removing A leaves B
    # with the group's whole weight, so the totals do not change and neither does the ranking.
    hyps = [Hypothesis("H1", "one", ratings={"A": "I", "B": "I", "C": "N"}), Hypothesis("H2", "two", ratings={"A": "N", "B": "N", "C": "I"})]
    items = [item("A", group="g"), item("B", group="g"), item("C")]
    res = analyse_hypotheses(hyps, items)
    assert {h.id: h.inconsistency for h in res.hypotheses} == {"H1": 1.0, "H2": 1.0}
    assert not any(s.action == "remove" and s.item in ("A", "B") for s in res.sensitivity)


# --- independence ---------------------------------------------------------------------------------


def test_dependent_items_share_one_weight():
    hyps = [
        Hypothesis("H1", "one", ratings={"W": "I", "R1": "I", "R2": "I", "X": "N"}),
        Hypothesis("H2", "two", ratings={"W": "N", "R1": "N", "R2": "N", "X": "II"}),
    ]
    independent = analyse_hypotheses(hyps, [item("W"), item("R1"), item("R2"), item("X")])
    assert independent.ranking == ["H2", "H1"]  # 3 votes against H1, 2 against H2
    copies = [item("W", group="wire"), item("R1", group="wire"), item("R2", group="wire"), item("X")]
    collapsed = analyse_hypotheses(hyps, copies)
    assert collapsed.score("H1").inconsistency == pytest.approx(1.0)  # three copies, one vote
    assert collapsed.ranking == ["H1", "H2"]
    assert collapsed.collapsed_groups == {"wire": ["W", "R1", "R2"]}
    assert effective_weights(copies)["R1"] == pytest.approx(1 / 3)


def test_group_weight_is_its_largest_member_weight():
    w = effective_weights([item("A", group="g", weight=3.0), item("B", group="g", weight=1.0), item("C", weight=0.5)])
    assert w == {"A": 1.5, "B": 1.5, "C": 0.5}


# --- the rating rules -----------------------------------------------------------------------------

FABRICATED = Hypothesis(
    "H1", "the accusation was fabricated", supported_by_kinds=("alibi", "denial"), refuted_by_kinds=("corroboration",)
)
REAL = Hypothesis(
    "H2",
    "the plot was real",
    refuted_by_kinds=("alibi", "denial", "anachronism"),
    conditions=("custody",),
    sources=("trial.txt",),
)


def test_kind_rule_strength_from_confidence_and_contest():
    strong = item("F1", "alibi", confidence=0.9, sources=("trial.txt", "register.txt"))
    weak = item("F2", "alibi", confidence=0.5, sources=("trial.txt", "register.txt"))
    contested = item("F3", "alibi", confidence=0.9, contested=True, sources=("trial.txt",))
    assert rate(strong, REAL).rating == "II" and rate(strong, FABRICATED).rating == "CC"
    assert rate(weak, REAL).rating == "I" and rate(weak, FABRICATED).rating == "C"
    assert rate(contested, REAL).rating == "I"
    assert rate(strong, REAL).basis == "kind_rule"
    assert rate(item("F4", "version_conflict", confidence=0.9), REAL).rating == "N"  # kind not declared
    assert rate(strong, REAL, config=ACHConfig(strong_confidence=0.95)).rating == "I"


def test_kind_rule_scope_by_source_or_conditions():
    memoirs = item("F1", "alibi", confidence=0.9, sources=("memoir-a.txt", "memoir-b.txt"))
    custody = item("F2", "alibi", confidence=0.9, sources=("statement.txt", "register.txt"), conditions=("written in custody, later retracted",))
    by_speaker = item("F3", "denial", confidence=0.5, sources=("x.txt",), speakers=("trial.txt",))
    assert rate(memoirs, REAL).rating == "N"  # neither the trial record nor a custody source
    assert rate(custody, REAL).rating == "II"
    assert rate(by_speaker, REAL).rating == "I"  # sources may name speakers too
    assert rate(memoirs, FABRICATED).rating == "CC"  # no scope: every alibi


def test_precedence_analyst_then_hypothesis_then_kind_rule():
    h = Hypothesis("H2", "real", refuted_by_kinds=("alibi",), ratings={"F1": "C"})
    f1, f2 = item("F1", "alibi", confidence=0.9), item("F2", "alibi", confidence=0.9)
    assert rate(f1, h).rating == "C" and rate(f1, h).basis == "hypothesis"
    assert rate(f2, h).rating == "II"
    override = {("F1", "H2"): RatingOverride("F1", "H2", "N", "the register is a forgery")}
    cell = rate(f1, h, override)
    assert (cell.rating, cell.basis, cell.reason) == ("N", "analyst", "the register is a forgery")


def test_overrides_win_in_the_analysis_and_unknown_items_warn():
    hyps = [FABRICATED, REAL]
    items = [item("F1", "alibi", confidence=0.9, sources=("trial.txt",))]
    res = analyse_hypotheses(
        hyps,
        items,
        overrides=[RatingOverride("F1", "H2", "C"), RatingOverride("F-gone", "H1", "I")],
    )
    assert res.matrix() == {"F1": {"H1": "CC", "H2": "C"}}
    assert any("F-gone" in w for w in res.warnings)
    with pytest.raises(HypothesisError, match="no hypothesis 'H9'"):
        analyse_hypotheses(hyps, items, overrides=[RatingOverride("F1", "H9", "C")])


def test_from_dict_and_errors():
    h = Hypothesis.from_dict(
        {"id": "H1", "title": "fabricated", "refuted_by_kinds": ["corroboration"], "ratings": [{"item": "C-1", "rating": "cc"}]}
    )
    assert h.ratings == {"C-1": "CC"} and h.refuted_by_kinds == ("corroboration",)
    assert Hypothesis.from_dict(h.to_dict()) == h
    with pytest.raises(HypothesisError, match=r"hypothesis \(H2\), rating of C-1: rating 'maybe'"):
        Hypothesis.from_dict({"id": "H2", "ratings": {"C-1": "maybe"}})
    with pytest.raises(HypothesisError, match="cannot both support and refute"):
        Hypothesis("H3", "x", supported_by_kinds=("alibi",), refuted_by_kinds=("alibi",))
    with pytest.raises(HypothesisError, match="missing 'id'"):
        Hypothesis.from_dict({"title": "no id"})
    with pytest.raises(HypothesisError, match="no hypotheses"):
        analyse_hypotheses([], [item("E1")])
    with pytest.raises(HypothesisError, match="duplicate evidence item"):
        analyse_hypotheses([FABRICATED], [item("E1"), item("E1")])
    assert RatingOverride.from_dict({"item": "F1", "hypothesis": "H1", "rating": "ii"}).rating == "II"


def test_weights_override_and_single_hypothesis():
    hyps = [Hypothesis("H1", "one", ratings={"E1": "I"})]
    res = analyse_hypotheses(hyps, [item("E1")], weights={"E1": 3.0, "E9": 1.0})
    assert res.score("H1").inconsistency == 3.0
    assert res.decisive == [] and res.non_diagnostic == ["E1"]
    assert any("E9" in w for w in res.warnings)


# --- rows from findings.json ----------------------------------------------------------------------


def finding(fid, kind, docs, claims, confidence=0.8, contested=False, details=None):
    return {
        "id": fid,
        "kind": kind,
        "summary": f"{kind} {fid}",
        "confidence": confidence,
        "contested": contested,
        "citations": [{"document": d, "start": 0, "end": 1, "quote": "x"} for d in docs],
        "claims": claims,
        "details": details or {},
    }


def test_evidence_from_findings_with_source_groups_and_conditions():
    claims = [
        {"id": "c1", "document": "confession.txt", "speaker": "person:a", "quote": "q1"},
        {"id": "c2", "document": "register.txt", "speaker": None, "quote": "q2"},
        {"id": "c3", "document": "trial.txt", "speaker": "person:a", "quote": "q3"},
    ]
    docs = {"confession.txt": "in custody", "trial.txt": {"meta": {"conditions": "in custody, public trial"}}}
    groups = {"confession.txt": "custody-a", "trial.txt": "custody-a", "register.txt": "register"}
    fs = [
        finding("F1", "alibi", ["confession.txt", "register.txt"], ["c1", "c2"]),
        finding("F2", "alibi", ["trial.txt", "register.txt"], ["c3", "c2"]),  # same lines of evidence as F1
        finding("F3", "denial", ["trial.txt"], ["c3"], details={"independence_group": "own"}),
    ]
    items = evidence_from_findings(fs, claims, docs, groups)
    assert [i.group for i in items] == ["custody-a+register", "custody-a+register", "own"]
    assert items[0].speakers == ("person:a",) and items[0].conditions == ("in custody",)
    assert items[1].conditions == ("in custody, public trial",)

    real = Hypothesis("H2", "real", refuted_by_kinds=("alibi", "denial"), conditions=("custody",))
    fab = Hypothesis("H1", "fabricated", supported_by_kinds=("alibi",), ratings={"c2": "C"})
    res = analyse_case([fab, real], fs, claims, documents=docs, source_groups=groups)
    # Confidence 0.8 is strong: II. F1 and F2 share one weight (0.5 each x 2 = 1 x 2); F3 adds 2.
    assert res.score("H2").inconsistency == pytest.approx(4.0)
    assert res.collapsed_groups == {"custody-a+register": ["F1", "F2"]}
    assert "c2" in res.matrix()  # a rated claim joins the matrix; unrated claims do not
    assert "c1" not in res.matrix()
    assert res.ranking == ["H1", "H2"]


def test_from_case_reads_the_case_file_shape():
    case = {
        "hypotheses": [
            {"id": "H1", "title": "fabricated", "description": "no plot", "supported_by_kinds": ["alibi"]},
            {"id": "H2", "title": "real"},
        ],
        "ratings": [{"evidence": "C-7", "hypothesis": "H2", "rating": "II", "why": "the register says otherwise"}],
    }
    hyps, overrides = from_case(case)
    assert [h.id for h in hyps] == ["H1", "H2"] and hyps[0].supported_by_kinds == ("alibi",)
    assert overrides == [RatingOverride("C-7", "H2", "II", "the register says otherwise")]
    res = analyse_case(hyps, [], [{"id": "C-7", "document": "t.txt", "quote": "q", "speaker": None}], overrides)
    cell = next(c for c in res.cells if c.item == "C-7" and c.hypothesis == "H2")
    assert (cell.rating, cell.basis, cell.reason) == ("II", "analyst", "the register says otherwise")
    assert res.ranking == ["H1", "H2"]


def test_items_are_grouped_by_the_lines_of_their_claims_not_their_documents():
    # A speech by the accused quotes a consular visa and a summary that rests on the speech itself. The
    # two rated claims stand in one document: grouped by document they would share one weight.
    from countertrial.model import Claim, Document, DocumentMeta, Entity, Participant
    from countertrial.reason.independence import SourceGraph, evidence_lines

    text = "He was in Lisbon. The consul's visa says Lisbon. The summary says Lisbon."
    speech = Document(id="speech.txt", path="speech.txt", format="txt", sha256="0" * 64, text=text,
                      meta=DocumentMeta(kind="speech", speakers=["Anna Keller"], conditions="the accused"))  # fmt: skip
    ents = {
        "person:anna-keller": Entity(id="person:anna-keller", kind="person", name="Anna Keller"),
        "document:the-summary": Entity(id="document:the-summary", kind="document", name="the press summary"),
    }

    def c(cid, quote, **kw):
        start = text.index(quote)
        return Claim(id=cid, kind="presence", document="speech.txt", start=start, end=start + len(quote), quote=quote,
                     participants=[Participant(entity="person:tomas-ruiz")], **kw)  # fmt: skip

    claims = [
        c("own", "He was in Lisbon."),
        c("visa", "The consul's visa says Lisbon.", speaker="org:consulate", reported_by="person:anna-keller", modality="reported"),
        c("summ", "The summary says Lisbon.", speaker="document:the-summary", reported_by="person:anna-keller", modality="reported"),
    ]
    graph = SourceGraph([speech], edges=[("document:the-summary", "speech.txt", "summarises the speech")], entities=ents)
    lines = evidence_lines(graph, claims)
    h1 = Hypothesis("H1", "he was in Lisbon", ratings={"own": "C", "visa": "C", "summ": "C"})
    h2 = Hypothesis("H2", "he was not", ratings={"own": "I", "visa": "I", "summ": "I"})
    res = analyse_case([h1, h2], [], claims, claim_lines=lines.of_claim, line_reasons=lines.why)
    # Must not collapse: the visa is its own line. Must collapse: the summary is the speech's line.
    assert res.collapsed_groups == {"speech.txt": ["own", "summ"]}
    assert res.score("H2").inconsistency == pytest.approx(2.0)  # the speech's line once, the visa once
    because = res.collapsed_because["speech.txt"]
    assert because.startswith("own and summ share one weight")
    assert "the press summary (case file document) derives from the speech speech.txt" in because
    assert {d.item: d.group for d in res.items}["visa"] == "consulate"
    # Grouped by document (the old way), all three would have been one weight.
    by_doc = analyse_case([h1, h2], [], claims, source_groups={"speech.txt": "speech.txt"})
    assert by_doc.score("H2").inconsistency == pytest.approx(1.0)
    assert by_doc.collapsed_because == {"speech.txt": "own, visa and summ share one weight: they rest on the same line of evidence (speech.txt)."}


def test_a_hypothesis_may_name_its_speakers_by_bare_case_id():
    h = Hypothesis("H2", "real", refuted_by_kinds=("alibi",), sources=("eduard-holtzman", "the-verdict"))
    by_person = item("F1", "alibi", speakers=("person:eduard-holtzman",), confidence=0.5)
    by_document = item("F2", "alibi", speakers=("document:the-verdict",), confidence=0.5)
    other = item("F3", "alibi", speakers=("person:someone-else",), confidence=0.5)
    assert [rate(i, h).rating for i in (by_person, by_document, other)] == ["I", "I", "N"]
