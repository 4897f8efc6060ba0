"""The workbench (``countertrial serve``) through FastAPI's TestClient: login, roles, CSRF, sessions,
decisions laid over the machine's output, the audit log and undo, escaping, and reruns of analyze.

The example case is analysed once per module; each test works on its own copy of the store.
"""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import EXAMPLE

pytest.importorskip("fastapi")
pytest.importorskip("argon2")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from countertrial import pipeline
from countertrial.model import Claim, Document, DocumentMeta, Sentence
from countertrial.store import open_store, schema
from countertrial.workbench.app import create_app
from countertrial.workbench.auth import SESSION_COOKIE, hash_password

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> Path:
    """The example case analysed once: a folder holding its store.sqlite (and report files)."""
    out = tmp_path_factory.mktemp("wb-analysed")
    store = open_store(f"sqlite:///{out / 'store.sqlite'}")
    pipeline.analyze(store, EXAMPLE, out)
    store.add_user("ann", "analyst", hash_password(PASSWORD))
    store.add_user("vic", "viewer", hash_password(PASSWORD))
    store.add_user("ada", "admin", hash_password(PASSWORD))
    with store.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return out


@pytest.fixture
def store(analysed, tmp_path):
    shutil.copy(analysed / "store.sqlite", tmp_path / "store.sqlite")
    s = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield s
    s.close()


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def client(store, **kw) -> TestClient:
    return TestClient(create_app(store, "harbour-affair", **kw))


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "the page carries no CSRF token"
    return m.group(1)


def login(c: TestClient, name: str, password: str = PASSWORD, next_url: str = "/findings"):
    token = csrf_of(c.get("/login").text)
    return c.post("/login", data={"name": name, "password": password, "csrf": token, "next": next_url})


def logged_in(store, name: str, **kw) -> tuple[TestClient, str]:
    c = client(store, **kw)
    r = login(c, name)
    assert r.status_code == 200 and r.url.path == "/findings", r.text[:500]
    return c, csrf_of(r.text)


def finding_ids(html: str) -> list[str]:
    return re.findall(r'data-finding="([^"]+)"', html)


def shown_findings(html: str) -> list[str]:
    """The findings of the findings page that are not in its "rejected" section."""
    return finding_ids(html.split('id="rejected"')[0])


# --- access ------------------------------------------------------------------------------------------


def test_every_page_requires_login(store):
    c = client(store)
    for path in ("/", "/findings", "/claims", "/report", "/audit", "/documents", "/entities", "/users"):
        r = c.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    f = store.findings()[0]
    r = c.post("/findings/decide", data={"finding": f.id, "decision": "reject"})
    assert r.status_code == 403
    assert store.decisions() == []


def test_wrong_password_or_unknown_user_is_refused(store):
    c = client(store)
    for name, pw in (("ann", "wrong password"), ("nobody", PASSWORD), ("ann", "")):
        r = login(c, name, pw)
        assert r.status_code == 401
        assert "Wrong name or password" in r.text
        assert SESSION_COOKIE not in c.cookies
    assert c.get("/findings", follow_redirects=False).status_code == 303


def test_login_sets_a_strict_httponly_cookie_and_the_hash_is_argon2(store):
    c = client(store)
    token = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"name": "ann", "password": PASSWORD, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert store.user("ann")["password_hash"].startswith("$argon2id$")
    # the store keeps a hash of the session token, not the token
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(schema.sessions.c.token_hash)).scalars().all()
    assert c.cookies[SESSION_COOKIE] not in stored


def test_login_form_needs_its_csrf_token(store):
    c = client(store)
    c.get("/login")
    r = c.post("/login", data={"name": "ann", "password": PASSWORD, "csrf": "forged"})
    assert r.status_code == 403


def test_session_expires_when_idle(store):
    clock = Clock()
    c, _ = logged_in(store, "ann", clock=clock, session_idle=3600)
    clock.now += 3000
    assert c.get("/findings", follow_redirects=False).status_code == 200
    clock.now += 3000  # idle 3000 s since the last request: still alive
    assert c.get("/findings", follow_redirects=False).status_code == 200
    clock.now += 3601
    r = c.get("/findings", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_session_has_a_maximum_age(store):
    clock = Clock()
    c, _ = logged_in(store, "ann", clock=clock, session_idle=3600, session_max_age=7200)
    for _ in range(3):
        clock.now += 3000
        c.get("/findings")
    assert c.get("/findings", follow_redirects=False).status_code == 303


def test_logout_ends_the_session(store):
    c, csrf = logged_in(store, "ann")
    assert c.post("/logout", data={"csrf": csrf}).url.path == "/login"
    assert c.get("/findings", follow_redirects=False).status_code == 303


def test_post_without_or_with_a_wrong_csrf_token_is_refused(store):
    c, csrf = logged_in(store, "ann")
    f = store.findings()[0]
    assert c.post("/findings/decide", data={"finding": f.id, "decision": "reject"}).status_code == 403
    assert c.post("/findings/decide", data={"finding": f.id, "decision": "reject", "csrf": csrf[:-2] + "xx"}).status_code == 403
    assert store.decisions() == []
    r = c.post("/findings/decide", data={"finding": f.id, "decision": "reject"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200
    assert len(store.decisions()) == 1


def test_viewer_sees_no_controls_and_a_forged_post_is_refused(store):
    c, csrf = logged_in(store, "vic")
    for path in ("/findings", "/claims", "/audit", "/entities", "/hypotheses"):
        html = c.get(path).text
        assert "/decide" not in html and "/audit/undo" not in html and "/entities/merge" not in html, path
        assert 'value="reject"' not in html and "<button" not in html.split("</header>", 1)[1], path
    doc = store.documents()[0].id
    assert "/claims/add" not in c.get("/document", params={"id": doc}).text
    f, cl = store.findings()[0], store.claims()[0]
    forged = [
        ("/findings/decide", {"finding": f.id, "decision": "reject"}),
        ("/claims/decide", {"claim": cl.id, "decision": "reject"}),
        ("/claims/correct", {"claim": cl.id, "polarity": "denied"}),
        ("/claims/add", {"document": doc, "start": "0", "end": "5", "kind": "presence"}),
        ("/entities/merge", {"entity": "a", "into": "b"}),
        ("/audit/undo", {"entry": "1"}),
        ("/users/add", {"name": "eve", "role": "admin", "password": "x" * 12}),
    ]
    for path, data in forged:
        assert c.post(path, data={**data, "csrf": csrf}).status_code == 403, path
    assert store.decisions() == []
    assert c.get("/users").status_code == 403
    assert {u["name"] for u in store.users()} == {"ann", "vic", "ada"}


def test_analyst_cannot_manage_users_but_an_admin_can(store):
    c, csrf = logged_in(store, "ann")
    assert c.post("/users/add", data={"name": "eve", "role": "admin", "password": "x" * 12, "csrf": csrf}).status_code == 403
    a, acsrf = logged_in(store, "ada")
    assert a.post("/users/add", data={"name": "eve", "role": "viewer", "password": "x" * 12, "csrf": acsrf}).status_code == 200
    assert store.user("eve")["role"] == "viewer"
    assert a.post("/users/role", data={"name": "ann", "role": "viewer", "csrf": acsrf}).status_code == 200
    # ann's sessions ended with her role change
    assert c.get("/findings", follow_redirects=False).status_code == 303
    entry = store.audit_log()[0]
    assert (entry["user"], entry["action"], entry["before"], entry["after"]) == ("ada", "set_role", {"role": "analyst"}, {"role": "viewer"})


# --- decisions, the audit log, undo ------------------------------------------------------------------


def test_rejected_finding_leaves_the_report_enters_the_audit_log_and_undo_restores_it(store):
    c, csrf = logged_in(store, "ann")
    fid = shown_findings(c.get("/findings").text)[0]
    assert fid in c.get("/report").text
    r = c.post("/findings/decide", data={"finding": fid, "decision": "reject", "note": "a namesake, not him", "csrf": csrf})
    assert r.status_code == 200
    assert fid not in shown_findings(r.text)
    assert fid in finding_ids(r.text.split('id="rejected"')[1]), "listed as rejected"
    assert fid not in c.get("/report").text
    assert fid not in [f.id for f in pipeline.build_report_data(store, "t").findings]
    assert fid in [f.id for f in store.findings()], "the machine's finding is kept"

    [entry] = [e for e in store.audit_log() if e["target_kind"] == "finding"]
    assert entry["user"] == "ann" and entry["action"] == "reject" and entry["target_id"] == fid
    assert entry["before"] is None and entry["after"] == {"status": "rejected", "note": "a namesake, not him"}
    assert entry["at"] > 0
    audit = c.get("/audit").text
    assert f'data-action="reject" data-target="{fid}"' in audit

    r = c.post("/audit/undo", data={"entry": str(entry["id"]), "csrf": csrf})
    assert r.status_code == 200
    assert fid in c.get("/report").text
    assert fid in shown_findings(c.get("/findings").text)
    undo = store.audit_log()[0]
    assert undo["action"] == "undo" and undo["undo_of"] == entry["id"]
    assert undo["before"] == entry["after"] and undo["after"] is None
    assert store.audit_entry(entry["id"])["undone_by"] == undo["id"]
    # an entry is undone once
    assert c.post("/audit/undo", data={"entry": str(entry["id"]), "csrf": csrf}).status_code == 409


def test_undo_refuses_to_overwrite_a_later_decision(store):
    c, csrf = logged_in(store, "ann")
    fid = store.findings()[0].id
    c.post("/findings/decide", data={"finding": fid, "decision": "reject", "csrf": csrf})
    first = store.audit_log()[0]["id"]
    c.post("/findings/decide", data={"finding": fid, "decision": "confirm", "csrf": csrf})
    assert c.post("/audit/undo", data={"entry": str(first), "csrf": csrf}).status_code == 409
    second = store.audit_log()[0]["id"]
    assert c.post("/audit/undo", data={"entry": str(second), "csrf": csrf}).status_code == 200
    assert c.post("/audit/undo", data={"entry": str(first), "csrf": csrf}).status_code == 200
    assert store.decisions() == []


def test_rejecting_a_claim_reasons_again_without_it(store):
    c, csrf = logged_in(store, "ann")
    machine_claims = store.claims()
    finding = next(f for f in store.findings() if len(f.claims) == 2)
    cid = finding.claims[0]
    r = c.post("/claims/decide", data={"claim": cid, "decision": "reject", "csrf": csrf})
    assert r.status_code == 200
    assert all(cid not in f.claims for f in store.findings()), "the reason stage ran again without the claim"
    assert cid not in [x.id for x in pipeline.resolved_claims(store)]
    assert store.claims() == machine_claims, "the machine's claims are untouched"
    entry = store.audit_log()[0]
    c.post("/audit/undo", data={"entry": str(entry["id"]), "csrf": csrf})
    assert finding.id in [f.id for f in store.findings()]


def test_correcting_a_claim_overlays_its_slots(store):
    c, csrf = logged_in(store, "ann")
    claim = next(x for x in pipeline.resolved_claims(store) if x.polarity == "affirmed" and x.place)
    page = c.get("/claim", params={"id": claim.id}).text
    form = dict(re.findall(r'<input name="(\w+)"[^>]*value="([^"]*)"', page))
    form.update({"claim": claim.id, "csrf": csrf, "kind": claim.kind, "aspect": claim.aspect, "polarity": "denied",
                 "modality": claim.modality})
    r = c.post("/claims/correct", data=form)
    assert r.status_code == 200, r.text[:400]
    after = next(x for x in pipeline.resolved_claims(store) if x.id == claim.id)
    assert after.polarity == "denied"
    assert after.place == claim.place and after.participants == claim.participants and after.time == claim.time
    entry = store.audit_log()[0]
    assert entry["action"] == "correct" and entry["after"] == {"polarity": "denied"} and entry["before"] is None
    machine = next(x for x in store.claims() if x.id == claim.id)
    assert machine.polarity == "affirmed", "the store keeps the machine's reading"
    # an invalid correction is refused and changes nothing
    entries = len(store.audit_log())
    bad = {**form, "earliest": "1958-05-01", "latest": "1958-01-01"}
    assert c.post("/claims/correct", data=bad).status_code == 400
    assert len(store.audit_log()) == entries


def test_adding_a_claim_by_offsets(store):
    c, csrf = logged_in(store, "ann")
    doc = store.documents()[0]
    start = doc.text.index(doc.text.strip()[:10])
    r = c.post("/claims/add", data={"document": doc.id, "start": str(start), "end": str(start + 30), "kind": "presence",
                                    "participants": "person:someone", "place": "place:somewhere",
                                    "earliest": "1958-03-01", "latest": "1958-03-02", "aspect": "state", "csrf": csrf})
    assert r.status_code == 200, r.text[:400]
    [added] = [x for x in pipeline.resolved_claims(store) if x.id.startswith("A-")]
    assert added.quote == doc.text[start:start + 30] and added.extractor == "analyst"
    assert added.place == "place:somewhere" and added.people == ["person:someone"]
    bad = {"document": doc.id, "start": "5", "end": str(len(doc.text) + 1), "kind": "presence", "csrf": csrf}
    assert c.post("/claims/add", data=bad).status_code == 400


def test_merging_entities_maps_them_in_claims(store):
    c, csrf = logged_in(store, "ann")
    people = [e for e in store.entities() if e.kind == "person"]
    src = next(e for e in people if any(e.id in x.people for x in pipeline.resolved_claims(store)))
    into = next(e for e in people if e.id != src.id)
    assert c.post("/entities/merge", data={"entity": src.id, "into": into.id, "csrf": csrf}).status_code == 200
    assert all(src.id not in x.people for x in pipeline.resolved_claims(store))
    shown = {e.id: e for e in pipeline.build_report_data(store, "t").entities}
    assert src.id not in shown and src.name in shown[into.id].aliases
    assert c.post("/entities/merge", data={"entity": into.id, "into": src.id, "csrf": csrf}).status_code == 400
    assert c.post("/entities/unmerge", data={"entity": src.id, "csrf": csrf}).status_code == 200
    assert any(src.id in x.people for x in pipeline.resolved_claims(store))


# --- escaping ----------------------------------------------------------------------------------------


def test_source_text_is_escaped_everywhere(tmp_path):
    evil = 'Anna said: <script>alert("pwned")</script> <img src=x onerror=alert(1)> and was in Lyon.'
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    doc = Document(id="<b>evil</b>.txt", path="/c/evil.txt", format="txt", sha256="1" * 64, text=evil,
                   meta=DocumentMeta(title="<i>title</i>"), paragraphs=[(0, len(evil))],
                   sentences=[Sentence(document="<b>evil</b>.txt", index=0, start=0, end=len(evil), paragraph=0)])
    store.put_document(doc, 0)
    store.put_extraction(doc.id, [Claim(id="C-1", kind="presence", document=doc.id, start=0, end=len(evil), quote=evil,
                                        place="<script>lyon</script>")], [], "k")
    pipeline.reason(store, pipeline.SilentProgress())
    store.add_user("ann", "analyst", hash_password(PASSWORD))
    c, _ = logged_in(store, "ann")
    pages = {p: c.get(p, params=q).text for p, q in (("/claims", {}), ("/document", {"id": doc.id}), ("/documents", {}),
                                                       ("/claim", {"id": "C-1"}), ("/report", {}))}
    for path, html in pages.items():
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>evil" not in html, path
        assert "<script>lyon" not in html, path
    assert "&lt;script&gt;alert(" in pages["/document"] or "&lt;script&gt;alert(&#34;" in pages["/document"]
    store.close()


def test_pages_forbid_framing_and_outside_scripts(store):
    c, _ = logged_in(store, "vic")
    r = c.get("/findings")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in c.get("/report").headers["content-security-policy"]


# --- the store and the pipeline ----------------------------------------------------------------------


def test_rerunning_analyze_keeps_the_analysts_decisions(store, tmp_path):
    c, csrf = logged_in(store, "ann")
    findings = store.findings()
    rejected_finding = findings[0].id
    c.post("/findings/decide", data={"finding": rejected_finding, "decision": "reject", "csrf": csrf})
    rejected_claim = next(f for f in findings[1:] if len(f.claims) == 2).claims[0]
    c.post("/claims/decide", data={"claim": rejected_claim, "decision": "reject", "csrf": csrf})
    decisions = store.decisions()

    out = tmp_path / "rerun"
    result = pipeline.analyze(store, EXAMPLE, out)
    assert store.decisions() == decisions
    ids = [f.id for f in result.findings]
    assert rejected_finding not in ids
    assert all(rejected_claim not in f.claims for f in result.findings)
    assert rejected_claim not in [x.id for x in result.claims]
    assert rejected_claim in [x.id for x in store.claims()], "still in the store"
    assert rejected_finding not in (out / "findings.json").read_text()


def test_an_old_store_migrates_to_the_workbench_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    store = open_store(url)
    with store.engine.begin() as conn:
        for table in reversed(schema.WORKBENCH_TABLES):
            table.drop(conn)
        conn.execute(sa.update(schema.schema_info).values(value="1"))
    store.close()
    store = open_store(url)
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(schema.schema_info.c.value)).scalar() == str(schema.SCHEMA_VERSION)
        names = set(sa.inspect(conn).get_table_names())
    assert {"users", "sessions", "decisions", "audit_log"} <= names
    store.add_user("ann", "analyst", hash_password(PASSWORD))
    assert store.user("ann")["role"] == "analyst"
    store.close()


def test_users_add_command(tmp_path):
    from typer.testing import CliRunner

    from countertrial.cli import app

    open_store(f"sqlite:///{tmp_path / 'store.sqlite'}").close()
    runner = CliRunner()
    r = runner.invoke(app, ["users", "add", "bob", "--role", "viewer", "--db", str(tmp_path), "--password-stdin"], input="s3cret-enough\n")
    assert r.exit_code == 0, r.output
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    u = store.user("bob")
    assert u["role"] == "viewer" and u["password_hash"].startswith("$argon2") and "s3cret" not in u["password_hash"]
    store.close()
    r = runner.invoke(app, ["users", "add", "bob2", "--role", "boss", "--db", str(tmp_path), "--password-stdin"], input="s3cret-enough\n")
    assert r.exit_code == 2
    r = runner.invoke(app, ["users", "add", "bob3", "--db", str(tmp_path), "--password-stdin"], input="short\n")
    assert r.exit_code == 2


def test_adding_a_hypothesis_and_rating_evidence(store):
    c, csrf = logged_in(store, "ann")
    before = pipeline.build_report_data(store, "t").hypotheses
    have = [h["id"] for h in (before or {}).get("hypotheses", [])]
    r = c.post("/hypotheses/add", data={"id": "H9", "title": "A <b>third</b> explanation", "csrf": csrf,
                                        "supported_by_kinds": ["corroboration"], "refuted_by_kinds": ["alibi", "anachronism"]})
    assert r.status_code == 200, r.text[:300]
    assert "A &lt;b&gt;third&lt;/b&gt; explanation" in r.text
    analysis = pipeline.build_report_data(store, "t").hypotheses
    assert set([h["id"] for h in analysis["hypotheses"]]) == set(have) | {"H9"}
    assert c.post("/hypotheses/add", data={"id": "H9", "title": "again", "csrf": csrf}).status_code == 400

    item = store.findings()[0].id
    r = c.post("/hypotheses/rate", data={"hypothesis": "H9", "evidence": item, "rating": "II", "why": "rules it out", "csrf": csrf})
    assert r.status_code == 200
    cells = pipeline.build_report_data(store, "t").hypotheses["cells"]
    [cell] = [x for x in cells if x["item"] == item and x["hypothesis"] == "H9"]
    assert cell["rating"] == "II"
    assert c.post("/hypotheses/rate", data={"hypothesis": "H9", "evidence": item, "rating": "II", "why": "", "csrf": csrf}).status_code == 400
    entry = store.audit_log()[0]
    assert entry["action"] == "rate" and entry["after"]["rating"] == "II"
    c.post("/audit/undo", data={"entry": str(entry["id"]), "csrf": csrf})
    cells = pipeline.build_report_data(store, "t").hypotheses["cells"]
    assert [x["rating"] for x in cells if x["item"] == item and x["hypothesis"] == "H9"] != ["II"]
    v, vcsrf = logged_in(store, "vic")
    assert v.post("/hypotheses/add", data={"id": "H8", "title": "x", "csrf": vcsrf}).status_code == 403
    assert "/hypotheses/rate" not in v.get("/hypotheses").text


def test_splitting_an_entity_in_some_documents(store):
    c, csrf = logged_in(store, "ann")
    claims = pipeline.resolved_claims(store)
    person = next(e for e in store.entities() if e.kind == "person"
                  and len({x.document for x in claims if e.id in x.people}) >= 2)
    docs = sorted({x.document for x in claims if person.id in x.people})
    r = c.post("/entities/split", data={"entity": person.id, "documents": [docs[0]], "name": "A namesake", "csrf": csrf})
    assert r.status_code == 200, r.text[:300]
    [(new, data)] = [(d["target_id"], d["data"]) for d in store.decisions() if d["aspect"] == "split"]
    after = pipeline.resolved_claims(store)
    assert all(person.id not in x.people for x in after if x.document == docs[0])
    assert any(new in x.people for x in after if x.document == docs[0])
    assert any(person.id in x.people for x in after if x.document == docs[1]), "other documents keep the entity"
    shown = {e.id: e for e in pipeline.build_report_data(store, "t").entities}
    assert shown[new].name == "A namesake" and person.id in shown
    c.post("/entities/unsplit", data={"entity": new, "csrf": csrf})
    assert pipeline.resolved_claims(store) == claims
