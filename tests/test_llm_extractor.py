"""The optional LLM extractor against a fake OpenAI-compatible server on 127.0.0.1.

The fake answers from canned claims keyed by words of the sentence, counts requests, and can be
told to answer HTTP 500 or text that is not JSON. What is checked: only what the sentence says
verbatim survives (with our offsets), invented people, places and dates are dropped, a claim that
loses its essential slots is dropped, failures are reported once with the URL and the rules' claims
stay, the cache saves every second request, nothing is asked when the extractor is not configured,
and a claim only the model read leads to a finding end to end.
"""

from __future__ import annotations

import json
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from countertrial import pipeline
from countertrial.cli import app
from countertrial.extract.extractor import extract_document, input_key
from countertrial.extract.llm import LLMConfig, LLMExtractor, ground
from countertrial.extract.nlp import load_pipeline, model_name
from countertrial.ingest.segment import segment
from countertrial.model import Document, DocumentMeta
from countertrial.store.db import open_store

MODEL = "fake-model"


class FakeServer:
    """An OpenAI-compatible /v1/chat/completions that answers from ``canned``: {words in a sentence: [claims]}."""

    def __init__(self) -> None:
        self.canned: dict[str, list[dict]] = {}
        self.mode = "ok"  # ok | malformed | error500
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep pytest's output clean
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": "not found"})
                if fake.mode == "error500":
                    return self._send(500, {"error": "the model crashed"})
                content = "{not json at all" if fake.mode == "malformed" else json.dumps({"claims": fake.answer(body)})
                self._send(200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})

            def _send(self, status: int, data: dict) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def answer(self, body: dict) -> list[dict]:
        sentences = json.loads(body["messages"][-1]["content"])
        out = []
        for s in sentences:
            for words, claims in self.canned.items():
                if words in s["text"]:
                    out.extend({**_blank(), **c, "sentence": s["index"]} for c in claims)
        return out

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _blank() -> dict:
    return {"participants": [], "place": None, "origin": None, "time": None, "means": None, "content": None,
            "speaker": None, "polarity": "affirmed", "evidence": ""}


@pytest.fixture
def server():
    s = FakeServer()
    yield s
    s.close()


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def config(server: FakeServer, tmp_path: Path, **kw) -> LLMConfig:
    return LLMConfig(base_url=server.base_url, model=MODEL, cache_dir=tmp_path / "cache", backoff=0.0, timeout=5.0, **kw)


def document(text: str, speaker: str | None = "Clara Weiss", doc_id: str = "t.txt") -> Document:
    paragraphs, sentences = segment(text, doc_id)
    return Document(
        id=doc_id, path=doc_id, format="txt", sha256="0" * 64, text=text,
        meta=DocumentMeta(speakers=[speaker] if speaker else []), sentences=sentences, paragraphs=paragraphs,
    )


def run(doc: Document, nlp, extractor: LLMExtractor | None):
    claims, mentions = extract_document(doc, nlp, extractor)
    for c in claims:
        assert c.quote == doc.text[c.start : c.end]
    return claims, mentions


def llm_claims(claims):
    return [c for c in claims if c.extractor == f"llm:{MODEL}"]


STAY = "Anna Roux's stay in Lisbon lasted all of March 1934."  # no rule reads "lasted"
WRAPPED = (  # a hard-wrapped paragraph: the model sees the line break inside the claim as a space
    "Clara Weiss wrote this account on the evening of the ninth, in her own\n"
    "hand, at the desk of the reading room. Anna Roux's stay in Lisbon lasted\n"
    "all of March 1934. Nobody in the family ever spoke of it again, not even\n"
    "at the funeral of her brother in the winter that followed, or after it.\n"
)


def test_grounded_fields_are_kept_with_our_offsets(server, tmp_path, nlp):
    server.canned["lasted"] = [{
        "kind": "presence", "evidence": "Anna Roux's stay in Lisbon lasted all of March 1934",
        "participants": [{"name": "Anna Roux", "role": "subject"}], "place": "Lisbon", "time": "March 1934",
    }]
    text = WRAPPED
    doc = document(text)
    with LLMExtractor(config(server, tmp_path)) as ex:
        claims, mentions = run(doc, nlp, ex)
    [c] = llm_claims(claims)
    assert c.kind == "presence" and c.aspect == "state"
    assert [p.entity for p in c.participants] == ["anna roux"] and c.participants[0].mention == "Anna Roux"
    assert c.place == "lisbon" and c.place_mention == "Lisbon"
    assert (c.time.earliest, c.time.latest) == (date(1934, 3, 1), date(1934, 3, 31))
    assert c.start == text.index("Anna") and c.quote == "Anna Roux's stay in Lisbon lasted\nall of March 1934"
    assert c.speaker == "clara weiss" and c.polarity == "affirmed"
    keys = {m["key"]: m for m in mentions}
    assert keys["lisbon"]["kind"] == "place" and keys["anna roux"]["kind"] == "person"
    # the request: structured output, temperature 0, sentences with their index
    body = server.requests[0]["body"]
    assert body["temperature"] == 0 and body["model"] == MODEL
    assert body["response_format"]["type"] == "json_schema"
    assert "verbatim" in body["messages"][0]["content"].lower() or "exactly" in body["messages"][0]["content"]
    sent = json.loads(body["messages"][1]["content"])
    assert [s["index"] for s in sent] == [0, 1, 2] and "Lisbon lasted all of" in sent[1]["text"]


def test_invented_people_places_and_dates_are_dropped(server, tmp_path, nlp):
    server.canned["shared a table"] = [{
        "kind": "meeting", "evidence": "Anna Roux and Mia Holt shared a table",
        "participants": [
            {"name": "Anna Roux", "role": "subject"}, {"name": "Karl Brenner", "role": "companion"},
            {"name": "Mia Holt", "role": "companion"}, {"name": "anna roux", "role": "companion"},
        ],
        "place": "Copenhagen", "time": "4 May 1934", "means": "by train", "speaker": "Otto Lind",
    }]
    doc = document("Anna Roux and Mia Holt shared a table at the reception.")
    with LLMExtractor(config(server, tmp_path)) as ex:
        claims, _ = run(doc, nlp, ex)
    [c] = llm_claims(claims)
    assert [p.entity for p in c.participants] == ["anna roux", "mia holt"]
    assert c.place is None and c.time is None and c.means is None
    assert c.speaker == "clara weiss"  # the invented speaker is dropped: the document's voice says it


def test_the_model_never_supplies_a_date_only_timex_reads_the_words(server, tmp_path, nlp):
    # an ISO date the sentence does not contain: dropped, the claim keeps no time
    server.canned["lasted"] = [{
        "kind": "presence", "participants": [{"name": "Anna Roux", "role": "subject"}], "place": "Lisbon",
        "time": "1934-03-01",
    }]
    with LLMExtractor(config(server, tmp_path)) as ex:
        claims, _ = run(document(STAY), nlp, ex)
    [c] = llm_claims(claims)
    assert c.time is None


def test_claims_losing_essential_slots_are_dropped(server, tmp_path, nlp):
    server.canned["shared a table"] = [
        # one of the two people is invented: a meeting of one is no meeting
        {"kind": "meeting", "participants": [{"name": "Anna Roux", "role": "subject"}, {"name": "Karl Brenner", "role": "companion"}]},
        # the place is invented: a presence without a place
        {"kind": "presence", "participants": [{"name": "Mia Holt", "role": "subject"}], "place": "Oslo"},
        # the evidence is not in the sentence: nothing of the claim is trusted
        {"kind": "meeting", "evidence": "Anna Roux met Mia Holt",
         "participants": [{"name": "Anna Roux", "role": "subject"}, {"name": "Mia Holt", "role": "companion"}]},
        # a denial the sentence does not state
        {"kind": "meeting", "polarity": "denied",
         "participants": [{"name": "Anna Roux", "role": "subject"}, {"name": "Mia Holt", "role": "companion"}]},
        # an unknown kind
        {"kind": "dinner", "participants": [{"name": "Anna Roux", "role": "subject"}, {"name": "Mia Holt", "role": "companion"}]},
    ]
    with LLMExtractor(config(server, tmp_path)) as ex:
        claims, _ = run(document("Anna Roux and Mia Holt shared a table at the reception."), nlp, ex)
    assert llm_claims(claims) == []


def test_a_claim_the_rules_already_have_is_not_added_twice(server, tmp_path, nlp):
    text = "Anna Roux met Mia Holt in Oslo on 4 May 1934."
    server.canned["met"] = [{
        "kind": "meeting", "evidence": "Anna Roux met Mia Holt in Oslo",
        "participants": [{"name": "Anna Roux", "role": "subject"}, {"name": "Mia Holt", "role": "companion"}], "place": "Oslo",
    }]
    with LLMExtractor(config(server, tmp_path)) as ex:
        claims, _ = run(document(text), nlp, ex)
    assert [c.kind for c in claims] == ["meeting"] and not llm_claims(claims)
    assert len(server.requests) == 1


def test_ground_picks_the_occurrence_nearest_the_evidence():
    text = "Anna Roux saw Paris. Later Mia Holt came to Paris with Anna Roux."
    near = (text.index("Later"), len(text))
    assert ground("Paris", text, near) == (text.rindex("Paris"), text.rindex("Paris") + 5)
    assert ground("Anna Roux", text, near)[0] == text.rindex("Anna Roux")
    assert ground("paris", text, near) is None and ground("", text, near) is None and ground(None, text, near) is None


RULE_TEXT = "Anna Roux met Mia Holt in Oslo on 4 May 1934."


@pytest.mark.parametrize("mode, severity, words", [("malformed", "warning", "unreadable answer"), ("error500", "error", "HTTP 500")])
def test_a_bad_answer_is_reported_and_the_rules_claims_stay(server, tmp_path, nlp, mode, severity, words):
    server.mode = mode
    with LLMExtractor(config(server, tmp_path, retries=1)) as ex:
        claims, _ = run(document(RULE_TEXT), nlp, ex)
        claims2, _ = run(document(RULE_TEXT, doc_id="u.txt"), nlp, ex)
    assert [c.kind for c in claims] == [c.kind for c in claims2] == ["meeting"]  # the rules' claim
    assert ex.incomplete == {"t.txt", "u.txt"}
    [problem, *rest] = ex.problems
    assert problem.severity == severity and problem.file == "t.txt"
    assert server.base_url + "/chat/completions" in problem.message and words in problem.message
    if mode == "error500":
        assert rest == []  # reported once; the second document is not even tried
        assert len(server.requests) == 2  # one attempt and one retry
    assert not list((tmp_path / "cache").rglob("*.json"))  # nothing unreadable is cached


def test_an_unreachable_server_is_named_once_and_the_rules_carry_on(tmp_path, nlp):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    cfg = LLMConfig(base_url=f"http://127.0.0.1:{port}/v1", model=MODEL, backoff=0.0, retries=1, timeout=2.0)
    with LLMExtractor(cfg) as ex:
        for name in ("a.txt", "b.txt", "c.txt"):
            claims, _ = run(document(RULE_TEXT, doc_id=name), nlp, ex)
            assert [c.kind for c in claims] == ["meeting"]
    assert len(ex.problems) == 1
    assert f"http://127.0.0.1:{port}/v1/chat/completions" in ex.problems[0].message
    assert "cannot connect" in ex.problems[0].message
    assert ex.requests == 2


def test_a_cached_answer_makes_no_second_request(server, tmp_path, nlp):
    server.canned["lasted"] = [{
        "kind": "presence", "participants": [{"name": "Anna Roux", "role": "subject"}], "place": "Lisbon", "time": "March 1934",
    }]
    results = []
    for _ in range(2):
        with LLMExtractor(config(server, tmp_path)) as ex:
            results.append(llm_claims(run(document(STAY), nlp, ex)[0]))
    assert len(server.requests) == 1
    assert results[0] == results[1] and len(results[0]) == 1
    entries = list((tmp_path / "cache").rglob("*"))
    files = [p for p in entries if p.is_file()]
    assert len(files) == 1 and files[0].suffix == ".json" and not any(".tmp" in p.name for p in entries)
    entry = json.loads(files[0].read_text())
    assert entry["model"] == MODEL and "claims" in entry["answer"]
    # another model is another cache entry
    with LLMExtractor(LLMConfig(base_url=server.base_url, model="other", cache_dir=tmp_path / "cache", backoff=0.0)) as ex:
        run(document(STAY), nlp, ex)
    assert len(server.requests) == 2


def test_the_api_key_comes_from_the_environment(server, tmp_path, nlp, monkeypatch):
    monkeypatch.setenv("COUNTERTRIAL_LLM_API_KEY", "sekret")
    with LLMExtractor(config(server, tmp_path)) as ex:
        run(document(STAY), nlp, ex)
    assert server.requests[0]["auth"] == "Bearer sekret"


def test_switching_the_llm_on_changes_the_input_key():
    doc = document(RULE_TEXT)
    cfg = LLMConfig(base_url="http://x/v1", model="m1")
    plain = input_key(doc, model_name())
    assert plain == input_key(doc, model_name(), None)
    assert input_key(doc, model_name(), cfg.identity) != plain
    assert input_key(doc, model_name(), cfg.identity) != input_key(doc, model_name(), LLMConfig(base_url="http://x/v1", model="m2").identity)


# --- the pipeline end to end ----------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "register.txt").write_text("Anna Roux was in Oslo throughout March 1934.\n", encoding="utf-8")
    (folder / "diary.txt").write_text(STAY + "\n", encoding="utf-8")
    return folder


def _analyze(corpus: Path, out: Path, llm: LLMConfig | None):
    store = open_store(f"sqlite:///{out / 'store.sqlite'}")
    try:
        return pipeline.analyze(store, corpus, out, llm=llm)
    finally:
        store.close()


def _stay_claim(server: FakeServer) -> None:
    server.canned["lasted"] = [{
        "kind": "presence", "evidence": "Anna Roux's stay in Lisbon lasted all of March 1934",
        "participants": [{"name": "Anna Roux", "role": "subject"}], "place": "Lisbon", "time": "March 1934",
    }]


def test_off_by_default_no_request_and_no_llm_claim(server, corpus, tmp_path):
    _stay_claim(server)
    out = tmp_path / "out"
    out.mkdir()
    result = _analyze(corpus, out, None)
    assert server.requests == []
    assert not [c for c in result.claims if c.extractor.startswith("llm:")]
    assert not [f for f in result.findings if f.kind == "alibi"]  # the rules alone cannot read the diary
    assert not (out / "llm-cache").exists()


def test_end_to_end_the_models_claim_leads_to_a_finding(server, corpus, tmp_path):
    _stay_claim(server)
    out = tmp_path / "out"
    out.mkdir()
    cfg = LLMConfig(base_url=server.base_url, model=MODEL, backoff=0.0)
    result = _analyze(corpus, out, cfg)
    alibis = [f for f in result.findings if f.kind == "alibi"]
    assert len(alibis) == 1, [(f.kind, f.summary) for f in result.findings]
    cited = {c.document for c in alibis[0].citations}
    assert cited == {"register.txt", "diary.txt"}
    texts = {d.id: d.text for d in result.documents}
    for c in alibis[0].citations:
        assert c.quote == texts[c.document][c.start : c.end]
    assert not result.problems
    asked = len(server.requests)
    assert asked >= 1 and list((out / "llm-cache").rglob("*.json"))

    # a rerun with the same model extracts nothing again and asks nothing
    _analyze(corpus, out, cfg)
    assert len(server.requests) == asked
    # switching the model off re-extracts: its claims, and the finding, are gone
    result = _analyze(corpus, out, None)
    assert not [c for c in result.claims if c.extractor.startswith("llm:")]
    assert not [f for f in result.findings if f.kind == "alibi"]


def test_end_to_end_a_failing_server_is_a_problem_and_a_rerun_asks_again(server, corpus, tmp_path):
    _stay_claim(server)
    server.mode = "error500"
    out = tmp_path / "out"
    out.mkdir()
    cfg = LLMConfig(base_url=server.base_url, model=MODEL, backoff=0.0, retries=0)
    result = _analyze(corpus, out, cfg)
    errors = [p for p in result.problems if "LLM" in p.message]
    assert len(errors) == 1 and server.base_url in errors[0].message
    assert [c.kind for c in result.claims] == ["presence"]  # the register's, read by the rules
    server.mode = "ok"
    result = _analyze(corpus, out, cfg)
    assert not result.problems
    assert [f.kind for f in result.findings if f.kind == "alibi"] == ["alibi"]


def test_cli_analyze_with_llm_options(server, corpus, tmp_path):
    _stay_claim(server)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["analyze", str(corpus), "--out", str(out), "-q", "--llm-url", server.base_url, "--llm-model", MODEL],
        env={"COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    findings = json.loads((out / "findings.json").read_text())
    assert [f["kind"] for f in findings if f["kind"] == "alibi"] == ["alibi"]
    claims = json.loads((out / "claims.json").read_text())
    assert any(c["extractor"] == f"llm:{MODEL}" for c in claims)
    half = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(out), "-q", "--llm-url", server.base_url])
    assert half.exit_code == 2
