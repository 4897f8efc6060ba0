"""The workbench web app: the report and the analyst's pages over one store.

``create_app(store)`` builds the FastAPI app; ``countertrial serve`` runs it with uvicorn on
127.0.0.1. Every page is rendered from the store at request time, so a decision shows at once. A
decision that changes what the reasoner sees (a claim rejected, corrected or added, entities merged)
re-runs the reason stage only; extraction is never redone.

Security, in one place: login required for every page but /login and the stylesheet; roles checked
on every POST, as is the session's CSRF token; every piece of text from the corpus goes through
Jinja's autoescape (or the report's own escaping); responses carry a strict Content-Security-Policy
and may not be framed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from countertrial import pipeline
from countertrial.model import Claim
from countertrial.model.claims import ClaimKind
from countertrial.store.analyst import ROLES, DecisionConflict
from countertrial.workbench.auth import LOGIN_COOKIE, SESSION_COOKIE, Sessions, User, hash_password, same
from countertrial.workbench.overlays import (
    CORRECTABLE,
    Overlay,
    added_claim_id,
    apply_to_claims,
    corrected,
    load_overlay,
    rating_target,
    split_entity_id,
)
from countertrial.model.case import HYPOTHESIS_PATTERN
from countertrial.model.findings import FindingKind
from countertrial.reason.hypotheses import RATINGS, from_case

HERE = Path(__file__).parent
CLAIM_KINDS = list(ClaimKind.__args__)  # type: ignore[attr-defined]
FINDING_KINDS = list(FindingKind.__args__)  # type: ignore[attr-defined]

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


class LoginRequired(Exception):
    def __init__(self, next_url: str):
        self.next_url = next_url


def _when(ts: float | None) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") if ts else ""


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


def _doc_text(text: str) -> Markup:
    """A document's text for a <pre>, escaped, keeping carriage returns (a parser would drop them)."""
    return Markup(str(escape(text)).replace("\r", "&#13;"))


def _safe_next(url: str | None, default: str) -> str:
    return url if url and url.startswith("/") and not url.startswith("//") and "\\" not in url else default


def create_app(
    store,
    title: str = "countertrial",
    *,
    session_idle: float = 8 * 3600,
    session_max_age: float = 7 * 24 * 3600,
    clock: Callable[[], float] = time.time,
) -> FastAPI:
    """The workbench over an open store. ``clock`` is for tests of session expiry."""
    app = FastAPI(title="countertrial workbench", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape is on for .html
    templates.env.filters["when"] = _when
    templates.env.filters["pretty"] = _json
    sessions = Sessions(store, idle=session_idle, max_age=session_max_age, clock=clock)
    lock = threading.Lock()  # one decision (and its re-reasoning) at a time
    app.state.store = store
    app.state.sessions = sessions

    # --- plumbing ------------------------------------------------------------------------------------

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        h = response.headers
        # the report carries its own policy (an inline script allowed by hash); this only adds framing
        h.setdefault("Content-Security-Policy", "frame-ancestors 'none'" if request.url.path == "/report" else PAGE_CSP)
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired):
        return RedirectResponse("/login?next=" + quote(exc.next_url, safe="/"), status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return templates.TemplateResponse(
            request, "error.html", {"user": None, "status": exc.status_code, "message": exc.detail}, status_code=exc.status_code
        )

    def page(request: Request, name: str, user: User | None, status_code: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(
            request, name, {"user": user, "title": title, "analyst": bool(user and user.can("analyst")), **context},
            status_code=status_code,
        )

    def viewer(request: Request) -> User:
        """Any logged-in user (GET pages); otherwise off to the login page."""
        user = sessions.user(request.cookies.get(SESSION_COOKIE))
        if user is None:
            target = request.url.path + (("?" + request.url.query) if request.url.query else "")
            raise LoginRequired(target)
        return user

    def acting(role: str):
        """A POST by a logged-in user of at least ``role`` carrying the session's CSRF token; else 403."""

        async def check(request: Request) -> tuple[User, Any]:
            user = sessions.user(request.cookies.get(SESSION_COOKIE))
            if user is None:
                raise HTTPException(403, "not logged in (or the session expired): log in again")
            form = await request.form()
            token = form.get("csrf") or request.headers.get("x-csrf-token")
            if not same(token if isinstance(token, str) else None, user.csrf):
                raise HTTPException(403, "the form's CSRF token is missing or wrong: reload the page and try again")
            if not user.can(role):
                raise HTTPException(403, f"a {user.role} may not do this (it needs the {role} role)")
            return user, form

        return check

    def back(form, default: str) -> RedirectResponse:
        return RedirectResponse(_safe_next(form.get("next"), default), status_code=303)

    def rereason() -> None:
        pipeline.reason(store, pipeline.SilentProgress())

    def decide(*decision) -> None:
        """Record a decision (one that changes no claim or entity: nothing to reason again) under the lock."""
        with lock:
            store.decide(*decision)

    def decide_and_reason(*decision) -> None:
        """Record a decision that changes claims or entities and reason again, as one step under the lock."""
        with lock:
            store.decide(*decision)
            rereason()

    @app.get("/static/workbench.css", include_in_schema=False)
    def stylesheet():
        return FileResponse(HERE / "static" / "workbench.css", media_type="text/css")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    @app.get("/static/select.js", include_in_schema=False)
    def select_script():
        return FileResponse(HERE / "static" / "select.js", media_type="text/javascript")

    # --- logging in and out --------------------------------------------------------------------------

    def login_page(request: Request, next_url: str, message: str = "", status_code: int = 200) -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        response = page(request, "login.html", None, status_code, csrf=token, next=next_url, message=message)
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/login")
        return response

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/findings"):
        return login_page(request, _safe_next(next, "/findings"))

    @app.post("/login")
    async def login(request: Request):
        form = await request.form()
        if not same(form.get("csrf"), request.cookies.get(LOGIN_COOKIE)):
            raise HTTPException(403, "the login form expired: reload the page and try again")
        next_url = _safe_next(form.get("next"), "/findings")
        token = sessions.login(str(form.get("name", "")), str(form.get("password", "")))
        if token is None:
            return login_page(request, next_url, "Wrong name or password.", status_code=401)
        response = RedirectResponse(next_url, status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")
        response.delete_cookie(LOGIN_COOKIE, path="/login")
        return response

    @app.post("/logout")
    def logout(actor=Depends(acting("viewer"))):
        user, _ = actor
        sessions.logout(user)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # --- the views -----------------------------------------------------------------------------------

    @app.get("/")
    def home(user: User = Depends(viewer)):
        return RedirectResponse("/findings", status_code=303)

    @app.get("/report", response_class=HTMLResponse)
    def report(user: User = Depends(viewer)):
        from countertrial.present.report import render_report

        return HTMLResponse(render_report(pipeline.build_report_data(store, title)))

    @app.get("/findings", response_class=HTMLResponse)
    def findings(request: Request, user: User = Depends(viewer)):
        ov = load_overlay(store)
        shown, rejected = [], []
        for f in store.findings():
            (rejected if ov.finding_status.get(f.id, {}).get("status") == "rejected" else shown).append(f)
        # decisions on findings the checks no longer produce (their claims changed): kept, shown apart
        present = {f.id for f in shown} | {f.id for f in rejected}
        stale = {fid: d for fid, d in ov.finding_status.items() if fid not in present}
        return page(request, "findings.html", user, findings=shown, rejected=rejected, status=ov.finding_status, stale=stale)

    @app.get("/claims", response_class=HTMLResponse)
    def claims(request: Request, doc: str | None = None, user: User = Depends(viewer)):
        ov = load_overlay(store)
        effective = {c.id: c for c in pipeline.resolved_claims(store)}
        rows = []
        for c in store.claims():
            if doc and c.document != doc:
                continue
            rows.append({"claim": effective.get(c.id, c), "origin": "case file" if c.extractor == "analyst" else "machine",
                         "status": ov.claim_status.get(c.id, {}).get("status"), "corrected": c.id in ov.corrections})
        for cid, data in ov.added.items():
            c = effective.get(cid) or Claim.model_validate(data)
            if doc and c.document != doc:
                continue
            rows.append({"claim": c, "origin": "workbench", "status": ov.claim_status.get(cid, {}).get("status"), "corrected": False})
        return page(request, "claims.html", user, rows=rows, doc=doc)

    def _machine_claim(claim_id: str) -> Claim | None:
        for c in store.claims():
            if c.id == claim_id:
                return c
        return None

    def _resolved_without_correction(claim: Claim, ov: Overlay) -> Claim:
        table = store.resolutions()

        def ent(key):
            return table.get((claim.document, key), key) if key else key

        c = claim.model_copy(update={
            "participants": [p.model_copy(update={"entity": ent(p.entity)}) for p in claim.participants],
            "place": ent(claim.place), "origin": ent(claim.origin), "speaker": ent(claim.speaker), "reported_by": ent(claim.reported_by),
        })
        return apply_to_claims([c], Overlay(merges=ov.merges))[0]

    @app.get("/claim", response_class=HTMLResponse)
    def claim_page(request: Request, id: str, user: User = Depends(viewer)):
        ov = load_overlay(store)
        machine = _machine_claim(id)
        if machine is None and id in ov.added:
            machine = Claim.model_validate(ov.added[id])
        if machine is None:
            raise HTTPException(404, "no such claim")
        base = _resolved_without_correction(machine, ov)
        correction = ov.corrections.get(id)
        try:
            current = corrected(base, correction) if correction else base
        except ValidationError:
            current = base
        return page(request, "claim.html", user, machine=machine, base=base, current=current, correction=correction,
                    status=ov.claim_status.get(id, {}).get("status"), kinds=CLAIM_KINDS, added=id in ov.added)

    @app.get("/documents", response_class=HTMLResponse)
    def documents(request: Request, user: User = Depends(viewer)):
        return page(request, "documents.html", user, documents=store.documents(with_text=False))

    @app.get("/document", response_class=HTMLResponse)
    def document(request: Request, id: str, user: User = Depends(viewer)):
        doc = next((d for d in store.documents() if d.id == id), None)
        if doc is None:
            raise HTTPException(404, "no such document")
        return page(request, "document.html", user, doc=doc, text=_doc_text(doc.text), kinds=CLAIM_KINDS)

    @app.get("/entities", response_class=HTMLResponse)
    def entities(request: Request, user: User = Depends(viewer)):
        ov = load_overlay(store)
        return page(request, "entities.html", user, entities=store.entities(), merges=ov.merges, splits=ov.splits,
                    documents=store.documents(with_text=False))

    @app.get("/audit", response_class=HTMLResponse)
    def audit(request: Request, user: User = Depends(viewer)):
        return page(request, "audit.html", user, entries=store.audit_log(limit=1000))

    @app.get("/users", response_class=HTMLResponse)
    def users(request: Request, user: User = Depends(viewer)):
        if not user.can("admin"):
            raise HTTPException(403, "only an admin manages users")
        return page(request, "users.html", user, users=store.users(), roles=ROLES)

    # --- the analyst's decisions ----------------------------------------------------------------------

    STATUS = {"confirm": {"status": "confirmed"}, "reject": {"status": "rejected"}, "clear": None}

    def _status(form) -> tuple[str, dict | None]:
        decision = str(form.get("decision", ""))
        if decision not in STATUS:
            raise HTTPException(400, "decision must be confirm, reject or clear")
        data = STATUS[decision]
        note = str(form.get("note", "")).strip()
        if data is not None and note:
            data = {**data, "note": note[:2000]}
        return decision, data

    @app.post("/findings/decide")
    def decide_finding(actor=Depends(acting("analyst"))):
        user, form = actor
        fid = str(form.get("finding", ""))
        if fid not in {f.id for f in store.findings()}:
            raise HTTPException(404, "no such finding")
        decision, data = _status(form)
        decide(user.name, decision, "finding", fid, "status", data)
        return back(form, "/findings")

    @app.post("/claims/decide")
    def decide_claim(actor=Depends(acting("analyst"))):
        user, form = actor
        cid = str(form.get("claim", ""))
        if _machine_claim(cid) is None and cid not in load_overlay(store).added:
            raise HTTPException(404, "no such claim")
        decision, data = _status(form)
        decide_and_reason(user.name, decision, "claim", cid, "status", data)
        return back(form, "/claims")

    def _slots_from_form(form, base: Claim) -> dict:
        """The correctable slots as the form gives them, in the claim's JSON shape."""
        def text(name):
            v = str(form.get(name, "")).strip()
            return v or None

        old = {p.entity: p for p in base.participants}
        participants = []
        for part in str(form.get("participants", "")).split(";"):
            part = part.strip()
            if not part:
                continue
            head, _, tail = part.rpartition(":")
            entity, role = (head.strip(), tail.strip()) if head and tail.strip() in _ROLES else (part, "")
            prev = old.get(entity)
            participants.append({"entity": entity, "role": role or (prev.role if prev else "subject"),
                                 "mention": prev.mention if prev else None})
        earliest, latest = text("earliest"), text("latest")
        base_time = base.time.model_dump(mode="json") if base.time else None
        if earliest is None and latest is None:
            time_slot = None
        elif base_time and base_time.get("earliest") == earliest and base_time.get("latest") == latest:
            time_slot = base_time
        else:
            time_slot = {"earliest": earliest, "latest": latest, "precision": "day", "text": None}
        return {
            "kind": text("kind") or base.kind, "participants": participants, "place": text("place"), "origin": text("origin"),
            "time": time_slot, "aspect": text("aspect") or base.aspect, "means": text("means"), "content": text("content"),
            "polarity": text("polarity") or base.polarity, "modality": text("modality") or base.modality, "speaker": text("speaker"),
        }

    @app.post("/claims/correct")
    def correct_claim(actor=Depends(acting("analyst"))):
        user, form = actor
        cid = str(form.get("claim", ""))
        machine = _machine_claim(cid)
        if machine is None:
            raise HTTPException(404, "no such claim (a claim added in the workbench is corrected by rejecting it and adding another)")
        ov = load_overlay(store)
        base = _resolved_without_correction(machine, ov)
        slots = _slots_from_form(form, base)
        base_json = base.model_dump(mode="json")
        changed = {k: v for k, v in slots.items() if k in CORRECTABLE and v != base_json.get(k)}
        try:
            corrected(base, changed)
        except ValidationError as e:
            raise HTTPException(400, "the corrected claim is not valid: " + "; ".join(err["msg"] for err in e.errors()))
        decide_and_reason(user.name, "correct" if changed else "clear_correction", "claim", cid, "correction", changed or None)
        return back(form, "/claim?id=" + quote(cid))

    @app.post("/claims/add")
    def add_claim(actor=Depends(acting("analyst"))):
        user, form = actor
        doc_id = str(form.get("document", ""))
        doc = next((d for d in store.documents() if d.id == doc_id), None)
        if doc is None:
            raise HTTPException(404, "no such document")
        try:
            start, end = int(str(form.get("start", ""))), int(str(form.get("end", "")))
        except ValueError:
            raise HTTPException(400, "start and end must be character offsets (whole numbers)")
        if not 0 <= start < end <= len(doc.text):
            raise HTTPException(400, f"the passage must lie inside the document (0 to {len(doc.text)}) and not be empty")
        kind = str(form.get("kind", ""))
        if kind not in CLAIM_KINDS:
            raise HTTPException(400, "unknown claim kind")
        now = time.time()
        skeleton = Claim(id=added_claim_id(doc_id, start, end, kind, user.name, now), kind=kind, document=doc_id,
                         start=start, end=end, quote=doc.text[start:end], extractor="analyst",
                         speaker=doc.meta.speakers[0] if doc.meta.speakers else None)
        slots = _slots_from_form(form, skeleton)
        slots["speaker"] = slots["speaker"] or skeleton.speaker  # by default the document's voice says it
        try:
            claim = corrected(skeleton, slots)
        except ValidationError as e:
            raise HTTPException(400, "the claim is not valid: " + "; ".join(err["msg"] for err in e.errors()))
        decide_and_reason(user.name, "add_claim", "claim", claim.id, "added", claim.model_dump(mode="json"))
        return back(form, "/claim?id=" + quote(claim.id))

    @app.post("/entities/merge")
    def merge(actor=Depends(acting("analyst"))):
        user, form = actor
        src, into = str(form.get("entity", "")), str(form.get("into", ""))
        known = {e.id for e in store.entities()}
        if src not in known or into not in known:
            raise HTTPException(404, "no such entity")
        ov = load_overlay(store)
        if src == into or ov.entity(into) == src:
            raise HTTPException(400, "an entity cannot be merged into itself")
        decide_and_reason(user.name, "merge", "entity", src, "merge", {"into": into})
        return back(form, "/entities")

    @app.post("/entities/unmerge")
    def unmerge(actor=Depends(acting("analyst"))):
        user, form = actor
        src = str(form.get("entity", ""))
        if src not in load_overlay(store).merges:
            raise HTTPException(404, "that entity is not merged")
        decide_and_reason(user.name, "unmerge", "entity", src, "merge", None)
        return back(form, "/entities")

    @app.post("/entities/split")
    def split(actor=Depends(acting("analyst"))):
        user, form = actor
        src, name = str(form.get("entity", "")), str(form.get("name", "")).strip()
        documents = sorted({str(d) for d in form.getlist("documents")})
        if src not in {e.id for e in store.entities()}:
            raise HTTPException(404, "no such entity")
        known_docs = {d.id for d in store.documents(with_text=False)}
        if not documents or not set(documents) <= known_docs or not name:
            raise HTTPException(400, "a split needs the documents in which it is someone else, and that one's name")
        new = split_entity_id(src, name, documents)
        decide_and_reason(user.name, "split", "entity", new, "split", {"from": src, "documents": documents, "name": name[:300]})
        return back(form, "/entities")

    @app.post("/entities/unsplit")
    def unsplit(actor=Depends(acting("analyst"))):
        user, form = actor
        new = str(form.get("entity", ""))
        if new not in load_overlay(store).splits:
            raise HTTPException(404, "no such split")
        decide_and_reason(user.name, "unsplit", "entity", new, "split", None)
        return back(form, "/entities")

    @app.post("/audit/undo")
    def undo(actor=Depends(acting("analyst"))):
        user, form = actor
        try:
            entry_id = int(str(form.get("entry", "")))
        except ValueError:
            raise HTTPException(400, "which entry?")
        entry = store.audit_entry(entry_id)
        if entry is None:
            raise HTTPException(404, "no such entry")
        with lock:
            try:
                store.undo(entry_id, user.name)
            except DecisionConflict as e:
                raise HTTPException(409, str(e))
            if entry["target_kind"] in ("claim", "entity"):
                rereason()
        return back(form, "/audit")

    # --- hypotheses and ratings of evidence ----------------------------------------------------------

    def _case_hypotheses() -> tuple[list, list]:
        case = pipeline.stored_case(store)
        return from_case(case) if case is not None else ([], [])

    @app.get("/hypotheses", response_class=HTMLResponse)
    def hypotheses(request: Request, user: User = Depends(viewer)):
        ov = load_overlay(store)
        case_hyps, case_ratings = _case_hypotheses()
        data = pipeline.build_report_data(store, title)
        analysis = data.hypotheses or {}
        items = [it["item"] for it in analysis.get("items", [])]
        evidence = list(dict.fromkeys(items + [f.id for f in data.findings]))
        return page(request, "hypotheses.html", user, analysis=analysis, ov=ov, case_ids={h.id for h in case_hyps},
                    case_ratings=case_ratings, evidence=evidence, kinds=FINDING_KINDS, ratings=RATINGS,
                    hypothesis_ids=[h["id"] for h in analysis.get("hypotheses", [])])

    @app.post("/hypotheses/add")
    def add_hypothesis(actor=Depends(acting("analyst"))):
        user, form = actor
        hid, title_ = str(form.get("id", "")).strip(), str(form.get("title", "")).strip()
        if not re.match(HYPOTHESIS_PATTERN, hid) or not title_:
            raise HTTPException(400, "a hypothesis needs a short id (letters, digits, . _ -) and a title")
        if hid in {h.id for h in _case_hypotheses()[0]} or hid in load_overlay(store).hypotheses:
            raise HTTPException(400, f"there is a hypothesis {hid} already")
        supported = [k for k in form.getlist("supported_by_kinds") if k in FINDING_KINDS]
        refuted = [k for k in form.getlist("refuted_by_kinds") if k in FINDING_KINDS]
        data = {"id": hid, "title": title_[:500], "description": str(form.get("description", "")).strip()[:4000],
                "supported_by_kinds": supported, "refuted_by_kinds": refuted}
        decide(user.name, "add_hypothesis", "hypothesis", hid, "added", data)
        return back(form, "/hypotheses")

    @app.post("/hypotheses/remove")
    def remove_hypothesis(actor=Depends(acting("analyst"))):
        user, form = actor
        hid = str(form.get("id", ""))
        if hid not in load_overlay(store).hypotheses:
            raise HTTPException(404, "no hypothesis of that id was added in the workbench")
        decide(user.name, "remove_hypothesis", "hypothesis", hid, "added", None)
        return back(form, "/hypotheses")

    @app.post("/hypotheses/rate")
    def rate(actor=Depends(acting("analyst"))):
        user, form = actor
        hid, item = str(form.get("hypothesis", "")), str(form.get("evidence", "")).strip()
        rating, why = str(form.get("rating", "")), str(form.get("why", "")).strip()
        known = {h.id for h in _case_hypotheses()[0]} | set(load_overlay(store).hypotheses)
        if hid not in known:
            raise HTTPException(404, "no such hypothesis")
        if rating not in RATINGS or not item or not why:
            raise HTTPException(400, f"a rating needs the evidence, one of {', '.join(RATINGS)}, and why")
        data = {"evidence": item, "hypothesis": hid, "rating": rating, "why": why[:2000]}
        decide(user.name, "rate", "rating", rating_target(hid, item), "rating", data)
        return back(form, "/hypotheses")

    @app.post("/hypotheses/unrate")
    def unrate(actor=Depends(acting("analyst"))):
        user, form = actor
        target = str(form.get("target", ""))
        if target not in load_overlay(store).ratings:
            raise HTTPException(404, "no such rating")
        decide(user.name, "unrate", "rating", target, "rating", None)
        return back(form, "/hypotheses")

    # --- users (admin) ------------------------------------------------------------------------------

    @app.post("/users/add")
    def add_user(actor=Depends(acting("admin"))):
        user, form = actor
        name, role, password = str(form.get("name", "")).strip(), str(form.get("role", "")), str(form.get("password", ""))
        if not name or len(name) > 128 or role not in ROLES or len(password) < 8:
            raise HTTPException(400, "a name, a role and a password of at least 8 characters are needed")
        try:
            store.add_user(name, role, hash_password(password), by=user.name)
        except ValueError as e:
            raise HTTPException(400, str(e))
        return back(form, "/users")

    @app.post("/users/role")
    def set_role(actor=Depends(acting("admin"))):
        user, form = actor
        name, role = str(form.get("name", "")), str(form.get("role", ""))
        if role not in ROLES:
            raise HTTPException(400, "unknown role")
        if name == user.name and role != "admin":
            raise HTTPException(400, "an admin cannot demote themself (ask another admin)")
        try:
            store.set_user_role(name, role, by=user.name)
        except KeyError:
            raise HTTPException(404, "no such user")
        return back(form, "/users")

    @app.post("/users/disable")
    def disable(actor=Depends(acting("admin"))):
        user, form = actor
        name, disabled = str(form.get("name", "")), form.get("disabled") == "1"
        if name == user.name:
            raise HTTPException(400, "an admin cannot disable themself")
        try:
            store.set_user_disabled(name, disabled, by=user.name)
        except KeyError:
            raise HTTPException(404, "no such user")
        return back(form, "/users")

    return app


_ROLES = {"subject", "companion", "sender", "receiver", "intermediary", "host", "visitor", "object"}
