"""End to end on fictional cases written blind, in other styles, from the raw text alone.

Each case was written by someone who had not read the extraction rules, the way records of such an
affair are written, and has no case file: the engine gets the documents and the manifest, nothing an
analyst wrote down. So these measure how general the extractor is.

* ``examples/rua-da-rosa``: a Lisbon political trial of 1961-62, a police interrogation in ``Q.``/``A.``
  form, a court record in ``THE PRESIDENT:`` / ``THE ACCUSED:`` turns, a verdict, a clinic register, a
  shipping certificate, a letter, an exile newspaper and a memoir.
* ``examples/lake-ferry``: a 1938 smuggling and sabotage affair on Lake Geneva, a police statement in
  the first person, a court record in indirect speech, a verdict, a letter, a hotel register and a
  steamer log, a newspaper and a historian's essay.
* ``examples/dock-strike``: a 1949 dock fire in Dundee, a union minute book, a verbatim Scottish trial
  transcript with witnesses called by heading ("JAMES DOIG (52), sworn."), an appeal opinion, a
  solicitors' letter for "our client", certified register extracts, an evening paper, a memoir and a
  historian's article.

Each gold item is one test, so each miss shows by name; the items not found yet are strict xfails that
say why (and flag themselves when they start passing). No near miss may be reported.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from countertrial.evaluate import check_near_misses, evaluate, load_findings, load_gold, load_near_misses

from conftest import ROOT

pytestmark = pytest.mark.slow

#: Planted items not found yet, and why.
NOT_YET = {
    "rua-da-rosa": {
        "rr-07": "a version conflict on where the money came from: Calado's 'it did not come from Seixas' denies "
        "the sender of money whose 'it' the extractor does not resolve, and 'five thousand escudos' against 'the "
        "money' is not a difference of content",
    },
    "lake-ferry": {
        "lf-05": "the meeting in Zurich is told by a witness the record names only by role in that passage",
        "lf-06": "the police statement's 'at home on the night of February 9' is a stay the trial account's crossing "
        "does not clash with at day precision (both the same day, the crossing in the evening)",
        "lf-07": "the record's version of the handover is in indirect speech whose speaker is not resolved",
    },
    # written blind at the start of session 3 (0/10 on its first run); what it taught is in the rules now
    "dock-strike": {
        "ds-01": "the alibi is found, but it rests on the solicitors' 'remained in Belfast until 8 May' rather than "
        "the hotel register and the dinner at 7.15 p.m.: a meeting at 8 p.m. against a dinner at 7.15 needs the hour "
        "of the day, which time windows do not keep",
        "ds-03": "the named steamer that 'made no voyage of any kind' is a vessel, not a kind of transport: the claim "
        "model records the means of a journey (ship), not which ship",
        "ds-04": "'He said Lennie wanted the big crane put out of action' is a message from Lennie passed on in "
        "reported speech; no rule reads 'X said that Y wanted ...' as Y's message through X",
        "ds-06": "both versions of the telegram's words need 'it' resolved to 'a wire' / 'a telegram' and 'in the "
        "following terms:' read as its content",
        "ds-07": "'on the picket at the Balmossie gate that night' names a place without a proper head noun and a "
        "night the memoir dates only by the story around it",
        "ds-08": "an identification ('identified that man as Kinnear' / 'I could not say who he was') is not a kind "
        "of claim the model has",
        "ds-09": "the fire brigade's log line has no verb ('Call by telephone from ... box') and the fire itself is "
        "not an event the model records",
        "ds-10": "'there was Tam at the back table with Lennie' (an existential sentence, and a nickname learned "
        "from quotation marks) is not read as a meeting, and custody 'since his arrest' is not a stay in custody",
    },
}
CASES = sorted(NOT_YET)


def _gold(case: str) -> list[dict]:
    return json.loads((ROOT / "examples" / case / "gold.json").read_text(encoding="utf-8"))


def _text(case: str, document: str) -> str:
    # the .txt documents are canonical as decoded, byte for byte (no newline translation)
    return (ROOT / "examples" / case / document).read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, list[dict]]:
    out = {}
    for case in CASES:
        target = tmp_path_factory.mktemp(case)
        subprocess.run(
            [sys.executable, "-m", "countertrial.cli", "analyze", str(ROOT / "examples" / case), "--out", str(target), "-q"],
            check=True,
            capture_output=True,
            text=True,
        )
        out[case] = load_findings(target / "findings.json")
    return out


def _report(case: str, findings: list[dict]):
    rep = evaluate(findings, load_gold(ROOT / "examples" / case / "gold.json"))
    return check_near_misses(rep, findings, load_near_misses(ROOT / "examples" / case / "near_misses.json"))


@pytest.mark.parametrize("case", CASES)
def test_case_has_no_case_file(case):
    assert not (ROOT / "examples" / case / "case.yaml").exists()


@pytest.mark.parametrize("case", CASES)
def test_gold_and_near_miss_passages_match_the_documents(case):
    passages = [p for i in _gold(case) for p in [i["claim"], *i["counter"]]]
    near = json.loads((ROOT / "examples" / case / "near_misses.json").read_text(encoding="utf-8"))
    passages += [p for n in near for p in n["passages"]]
    for p in passages:
        assert _text(case, p["document"])[p["start"] : p["end"]] == p["quote"], p


@pytest.mark.parametrize("case", CASES)
def test_every_citation_quotes_its_document(runs, case):
    for f in runs[case]:
        assert f["citations"], f["id"]
        for c in f["citations"]:
            assert _text(case, c["document"])[c["start"] : c["end"]] == c["quote"], (f["id"], c)


@pytest.mark.parametrize("case", CASES)
def test_no_near_miss_is_flagged(runs, case):
    report = _report(case, runs[case])
    flagged = {n["id"]: n["flagged_by"] for n in report.near_misses if n["flagged_by"]}
    assert not flagged, f"near misses reported as findings: {json.dumps(flagged)}"


@pytest.mark.parametrize(
    "case,item_id",
    [
        pytest.param(case, i, marks=pytest.mark.xfail(reason=NOT_YET[case][i], strict=True)) if i in NOT_YET[case] else (case, i)
        for case in CASES
        for i in (g["id"] for g in _gold(case))
    ],
)
def test_gold_item_found(runs, case, item_id):
    item = next(i for i in _report(case, runs[case]).items if i.id == item_id)
    assert item.matched, f"{item_id} ({item.kind}) not found: {item.summary}"
