"""report.html in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Analyses the bundled example case, opens its report.html from disk and checks what a reader sees: no
script errors, no network, the finding cards with both passages marked, the claims filter, and the links
from a finding into the document viewer.

Without playwright or Chromium the tests are skipped, except under CI (env CI set), where they fail:
CI installs both.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}

pytestmark = pytest.mark.slow


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must install it (browser tests do not skip under CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def sync_api():
    try:
        from playwright import sync_api
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    return sync_api


@pytest.fixture(scope="module")
def browser(sync_api):
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser-report")
    proc = subprocess.run(
        [sys.executable, "-m", "countertrial.cli", "analyze", str(EXAMPLE), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"analyze failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    path = out / "report.html"
    assert path.is_file(), f"analyze wrote no report.html in {out}"
    return path


class Opened:
    """A page with report.html loaded, and what it logged and requested while loading and after."""

    def __init__(self, page, url: str):
        self.page = page
        self.url = url
        self.console_errors: list[str] = []
        self.requests: list[str] = []


@pytest.fixture
def opened(browser, report) -> Opened:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    o = Opened(page, report.as_uri())
    page.on("console", lambda m: o.console_errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: o.console_errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: o.requests.append(r.url))
    page.goto(o.url, wait_until="load")
    yield o
    context.close()


def test_no_console_errors_and_no_network(opened):
    page = opened.page
    # Exercise the page a little so that errors raised by interaction would show too.
    page.locator("#claims-filter").fill("a")
    page.locator(".finding a.cite").first.click()
    page.wait_for_timeout(150)
    assert opened.requests == [opened.url], "the report must make no request but for its own file"
    assert opened.console_errors == [], "console errors (a CSP violation shows here too)"


def test_finding_card_shows_both_passages_highlighted(opened):
    """Every cited passage of a finding (at least both sides; more when restatements were merged) is marked."""
    card = opened.page.locator(".finding").first
    assert card.is_visible()
    passages = card.locator(".passage")
    assert passages.count() >= 2
    marks = card.locator("mark")
    assert marks.count() == passages.count(), "each passage of the card marked once, nothing else"
    for i in range(passages.count()):
        mark = passages.nth(i).locator("mark.cited")
        assert mark.count() == 1 and mark.is_visible()
        assert mark.inner_text().strip(), "the marked passage is not empty"
    # The two passages stand side by side at this width.
    a, b = passages.nth(0).bounding_box(), passages.nth(1).bounding_box()
    assert b["x"] > a["x"] + a["width"] - 1 and abs(a["y"] - b["y"]) < 2


def _filter_word(texts: list[str]) -> str:
    """A word from the claims that appears in some rows but not all."""
    lowered = [t.lower() for t in texts]
    best: tuple[int, str] | None = None
    for word in sorted(set(re.findall(r"[a-z]{5,}", " ".join(lowered)))):
        n = sum(word in t for t in lowered)
        if 0 < n < len(lowered) and (best is None or n < best[0]):
            best = (n, word)
    assert best, "no word tells the claims apart"
    return best[1]


def test_claims_filter_narrows_and_restores(opened, sync_api):
    page = opened.page
    expect = sync_api.expect
    box = page.locator("#claims-filter")
    assert box.is_visible(), "the filter box is shown once the script runs"
    rows = page.locator("#claims-table tbody tr")
    visible = page.locator("#claims-table tbody tr:visible")
    total = rows.count()
    assert total > 1
    expect(visible).to_have_count(total)

    texts = [rows.nth(i).text_content() for i in range(total)]
    word = _filter_word(texts)
    wanted = sum(word in t.lower() for t in texts)
    box.press_sequentially(word)  # typed, as a reader would
    expect(visible).to_have_count(wanted)
    assert wanted < total
    for i in range(visible.count()):
        assert word in visible.nth(i).text_content().lower()
    expect(page.locator("#claims-count")).to_have_text(f"{wanted} of {total} claims shown")

    box.fill("")
    expect(visible).to_have_count(total)
    expect(page.locator("#claims-count")).to_have_text(f"{total} of {total} claims shown")


def test_finding_passage_links_into_the_document_viewer(opened):
    page = opened.page
    links = page.locator(".finding a.cite")
    assert links.count() >= 2
    # Every passage link of every finding points at an element that exists, inside a document's text.
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        assert href and href.startswith("#"), href
        target = page.locator(f"[id='{href[1:]}']")
        assert target.count() == 1, f"{href}: no element with that id"
        assert target.locator("xpath=ancestor::div[contains(@class,'doctext')]").count() == 1

    # Following the first one lands on that passage: it is the :target and scrolled into view.
    first = links.first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_function("(h) => location.hash === h", arg=href)
    assert page.evaluate("() => document.querySelector(':target') && document.querySelector(':target').id") == href[1:]
    target = page.locator(f"[id='{href[1:]}']")
    assert target.is_visible()
    box = target.bounding_box()
    assert box is not None and -2 <= box["y"] < VIEWPORT["height"], f"the passage is not scrolled into view: {box}"
    # The passage shown in the card is the text the viewer marks there.
    cited = first.locator("xpath=ancestor::figure[contains(@class,'passage')]").locator("mark.cited").inner_text()
    assert target.inner_text().strip()
    assert cited.strip().startswith(target.inner_text().strip()[:20])
