"""report.html in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Analyses the bundled example case, opens its report.html from disk and checks what a reader sees: no
script errors, no network, the finding cards with both passages marked, the claims filter, and the links
from a finding into the document viewer.

The interactive views (contact network, timelines) are checked too: the network against
network.graphml, a click on a link showing its findings with both passages, the two clashing bars of an
alibi on one person's lane, the hypothesis matrix, and no request leaving the page (counted by route
interception). They need the JavaScript libraries `make install` copies from npm; without them those
checks are skipped, saying so.

Without playwright or Chromium the tests are skipped, except under CI (env CI set), where they fail:
CI installs both (and npm).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from conftest import EXAMPLE
from countertrial.present.report_views import VENDOR, VENDOR_FILES

from browserkit import CHROMIUM, VIEWPORT, browser, sync_api, unavailable as _unavailable  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


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


# --------------------------------------------------------------------------------------------------
# The interactive views


def need_libraries() -> None:
    missing = [name for name, _ in VENDOR_FILES if not (VENDOR / name).is_file()]
    if missing:
        _unavailable(
            f"the report's JavaScript libraries are not installed ({', '.join(missing)} missing from {VENDOR}): "
            "run `make install` (needs npm) to check the network and timelines"
        )


def wait_for_network(page) -> None:
    page.wait_for_function("() => window.countertrialViews && window.countertrialViews.networkLaidOutAt !== null",
                           timeout=30000)


def test_network_has_the_nodes_and_links_of_the_graphml(opened, report):
    need_libraries()
    page = opened.page
    wait_for_network(page)
    graph = nx.read_graphml(report.parent / "network.graphml")
    drawn = page.evaluate(
        """() => { const cy = window.countertrialViews.network;
                   return {nodes: cy.nodes().map(n => n.id()),
                           edges: cy.edges().map(e => [e.source().id(), e.target().id(), e.data('status')])}; }"""
    )
    assert sorted(drawn["nodes"]) == sorted(graph.nodes)
    assert len(drawn["edges"]) == graph.number_of_edges()
    assert {(tuple(sorted((u, v))), status) for u, v, status in drawn["edges"]} == {
        (tuple(sorted((u, v))), d["status"]) for u, v, d in graph.edges(data=True)
    }
    # Every node is inside the drawing box after the layout.
    box = page.locator("#network-canvas").bounding_box()
    inside = page.evaluate(
        """([w, h]) => window.countertrialViews.network.nodes().every(n => {
               const p = n.renderedPosition(); return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h; })""",
        [box["width"], box["height"]],
    )
    assert inside, "some node lies outside the network's box"


def test_clicking_a_link_shows_its_findings_with_both_passages(opened, report, sync_api):
    need_libraries()
    page = opened.page
    wait_for_network(page)
    graph = nx.read_graphml(report.parent / "network.graphml")
    page.locator("#network").scroll_into_view_if_needed()
    # A refuted link: the findings behind it are what a reader clicks for. Click the middle of each in
    # turn until one is not crossed there by another link.
    targets = page.evaluate(
        """() => window.countertrialViews.network.edges("[status = 'refuted']").map(e => {
                   const p = e.renderedMidpoint();
                   return {id: e.id(), source: e.source().id(), target: e.target().id(), x: p.x, y: p.y}; })"""
    )
    assert targets, "the example case has refuted links"
    box = page.locator("#network-canvas").bounding_box()
    panel = page.locator("#network-detail")
    target = None
    for t in targets:
        page.mouse.click(box["x"] + t["x"], box["y"] + t["y"])
        try:
            page.wait_for_function("(id) => document.getElementById('network-detail').getAttribute('data-link') === id",
                                   arg=t["id"], timeout=1000)
        except sync_api.TimeoutError:
            continue  # the middle of this link is covered by a node or another link: try the next
        target = t
        break
    assert target is not None, "no click on a link's middle selected that link"
    edge = graph.edges[target["source"], target["target"]]
    expected = {f for key in ("refuted_by", "contested_by", "corroborated_by", "dependent_support", "conflicts")
                for f in (edge.get(key) or "").split("; ") if f}
    shown = panel.locator(".detail-finding")
    assert {shown.nth(i).get_attribute("data-finding") for i in range(shown.count())} == expected
    claims = panel.locator(".detail-claim")
    assert claims.count() >= len(edge["claims"].split("; "))
    # A finding in the panel shows both passages it cites, each with its cited span marked.
    first = shown.first
    passages = first.locator(".passage")
    assert passages.count() >= 2
    for i in range(passages.count()):
        mark = passages.nth(i).locator("mark.cited")
        assert mark.count() == 1 and mark.is_visible() and mark.inner_text().strip()
    # and links to its card.
    fid = first.get_attribute("data-finding")
    href = first.locator("a.finding-ref").get_attribute("href")
    assert page.locator(f"[id='{href[1:]}']").get_attribute("data-finding-id") == fid


def test_timeline_shows_the_two_clashing_bars_of_an_alibi(opened, report):
    need_libraries()
    page = opened.page
    wait_for_network(page)
    findings = json.loads((report.parent / "findings.json").read_text(encoding="utf-8"))
    alibi = next(f for f in findings if f["kind"] == "alibi")
    token = re.sub(r"[^A-Za-z0-9_-]+", "_", alibi["id"])
    # The reader's way: the finding card's button.
    card = page.locator(f"[data-finding-id='{alibi['id']}']")
    card.locator("button.show-on-timeline").click()
    person = alibi["details"]["person_names"][0]
    # The lane of that person: vis-timeline keeps labels and lanes in the same order.
    lane = page.evaluate(
        """(name) => Array.from(document.querySelectorAll('#timeline .vis-labelset .vis-label'))
                      .findIndex(l => l.textContent.trim() === name)""",
        person,
    )
    assert lane >= 0, f"no lane for {person}"
    selector = f"#timeline .vis-foreground > .vis-group:nth-child({lane + 1}) .vis-item.clash.f-{token}"
    page.wait_for_function(
        "(sel) => Array.from(document.querySelectorAll(sel)).filter(e => e.innerText.trim()).length >= 2",
        arg=selector, timeout=5000,
    )
    bars = page.locator(selector)
    # Both sides of the alibi are there, in the person's lane, marked as clashing, on screen.
    labels = [bars.nth(i).inner_text() for i in range(bars.count())]
    for place in {p["name"] for p in alibi["details"]["places"]}:
        assert any(place in label for label in labels), (place, labels)
    assert sum(bars.nth(i).is_visible() for i in range(bars.count())) >= 2
    # The days the two accounts share are shaded in that lane.
    assert page.locator("#timeline .vis-item.vis-background.clash-zone").count() >= 1
    # The panel beside it names the alibi.
    panel = page.locator("#timeline-detail")
    assert panel.locator(f".detail-finding[data-finding='{alibi['id']}']").count() == 1


def test_hypothesis_matrix_is_shown(opened, report):
    page = opened.page
    hyp = json.loads((report.parent / "hypotheses.json").read_text(encoding="utf-8"))
    matrix = page.locator("#hyp-matrix")
    matrix.scroll_into_view_if_needed()
    assert matrix.is_visible()
    assert page.locator("#hyp-matrix tbody tr").count() == len(hyp["items"])
    heads = page.locator("#hyp-matrix thead th").all_inner_texts()
    for h in hyp["ranking"]:
        assert h in heads
    first = hyp["cells"][0]
    row = page.locator(f"#hyp-matrix tbody tr[data-item='{first['item']}']")
    assert first["rating"] in row.locator(".rating").all_inner_texts()
    assert page.locator("#summary-hypotheses").is_visible()


def test_the_page_fetches_nothing(browser, report):
    """Route interception sees every request the page makes; only the report file itself may load."""
    need_libraries()
    context = browser.new_context(viewport=VIEWPORT)
    outside: list[str] = []

    def handle(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(report.as_uri(), wait_until="load")
    wait_for_network(page)
    page.locator("#timeline-lanes").select_option("places")
    page.locator("#links-table button.link-select").first.click()
    page.wait_for_timeout(200)
    context.close()
    assert outside == [], f"the report asked the network for {outside}"
    assert errors == []
