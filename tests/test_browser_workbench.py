"""The workbench in a real browser: uvicorn on 127.0.0.1 (a free port, in a thread) and headless
Chromium (Debian's /usr/bin/chromium) driven by Playwright.

What an analyst and a viewer see: login is required; an analyst rejects a finding and it leaves the
report and shows in the audit log; a viewer has no controls and a forged POST is refused.

Without playwright or Chromium the tests are skipped, except under CI (env CI set), where they fail.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE

pytestmark = pytest.mark.slow


from browserkit import CHROMIUM, VIEWPORT, browser, sync_api, unavailable as _unavailable  # noqa: F401  (fixtures)

PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The example case analysed into a fresh store, served by uvicorn in a thread; yields the base URL."""
    import uvicorn

    from countertrial import pipeline
    from countertrial.store import open_store
    from countertrial.workbench.app import create_app
    from countertrial.workbench.auth import hash_password

    out: Path = tmp_path_factory.mktemp("browser-workbench")
    store = open_store(f"sqlite:///{out / 'store.sqlite'}")
    pipeline.analyze(store, EXAMPLE, out)
    store.add_user("ann", "analyst", hash_password(PASSWORD))
    store.add_user("vic", "viewer", hash_password(PASSWORD))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store, "harbour-affair"), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport=VIEWPORT)
    p = context.new_page()
    p.console_errors = []
    p.on("console", lambda m: p.console_errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: p.console_errors.append(str(e)))
    yield p
    context.close()


def log_in(page, base: str, name: str, path: str = "/findings") -> None:
    page.goto(base + path)
    assert page.url.startswith(base + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(base + path)


def test_login_is_required(page, server, sync_api):
    base, _ = server
    for path in ("/report", "/findings", "/audit"):
        page.goto(base + path)
        assert page.url.startswith(base + "/login"), path
        sync_api.expect(page.locator("form.login")).to_be_visible()
    page.fill("input[name=name]", "ann")
    page.fill("input[name=password]", "not the password")
    page.click("form.login button[type=submit]")
    sync_api.expect(page.locator("[role=alert]")).to_contain_text("Wrong name or password")
    log_in(page, base, "ann", "/report")
    assert page.locator(".finding").count() > 0
    # the refused login answered 401, which Chromium reports; nothing else may show
    assert [e for e in page.console_errors if "status of 401" not in e] == []


def test_analyst_rejects_a_finding_it_leaves_the_report_and_enters_the_audit_log(page, server, sync_api):
    base, store = server
    expect = sync_api.expect
    log_in(page, base, "ann")
    card = page.locator("#findings article.finding").first
    fid = card.get_attribute("data-finding")
    page.goto(base + "/report")
    expect(page.locator(f"[id='finding-{fid}']")).to_have_count(1)

    page.goto(base + "/findings")
    page.locator(f"#findings article[data-finding='{fid}'] button.reject").click()
    page.wait_for_load_state()
    expect(page.locator(f"#findings article[data-finding='{fid}']")).to_have_count(0)
    expect(page.locator(f"#rejected article[data-finding='{fid}']")).to_be_visible()

    page.goto(base + "/report")
    expect(page.locator(f"[id='finding-{fid}']")).to_have_count(0)
    assert page.locator(".finding").count() > 0, "the other findings are still shown"

    page.goto(base + "/audit")
    row = page.locator(f"#audit tr[data-action='reject'][data-target='{fid}']")
    expect(row).to_be_visible()
    expect(row).to_contain_text("ann")
    expect(row).to_contain_text("rejected")

    # undo from the log brings it back
    row.locator("button.undo").click()
    page.wait_for_load_state()
    expect(page.locator("#audit tr[data-action='undo']").first).to_be_visible()
    page.goto(base + "/report")
    expect(page.locator(f"[id='finding-{fid}']")).to_have_count(1)
    assert page.console_errors == []


def test_viewer_has_no_controls_and_a_forged_post_is_refused(page, server, sync_api):
    base, store = server
    log_in(page, base, "vic")
    for path in ("/findings", "/claims", "/audit", "/entities", "/hypotheses"):
        page.goto(base + path)
        assert page.locator("main button, main form").count() == 0, path
    doc = store.documents()[0].id
    page.goto(base + "/document?id=" + doc)
    assert page.locator("main form, main button").count() == 0
    csrf = page.locator("form.logout input[name=csrf]").get_attribute("value")
    fid = store.findings()[0].id
    r = page.request.post(base + "/findings/decide", form={"finding": fid, "decision": "reject", "csrf": csrf})
    assert r.status == 403
    assert all(d["target_id"] != fid or d["user"] != "vic" for d in store.decisions())
    assert page.console_errors == []


def test_selecting_a_passage_fills_in_its_offsets(page, server, sync_api):
    base, store = server
    doc = store.documents()[0]
    log_in(page, base, "ann", "/document?id=" + doc.id)
    # select 25 characters starting at the 10th of the text, as a mouse would
    page.evaluate(
        """() => { const t = document.getElementById('doctext').firstChild; const r = document.createRange();
                   r.setStart(t, 10); r.setEnd(t, 35); const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"""
    )
    sync_api.expect(page.locator("#sel-start")).to_have_value("10")
    sync_api.expect(page.locator("#sel-end")).to_have_value("35")
    assert page.console_errors == []
