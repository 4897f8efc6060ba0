"""The report's interactive views on the real Moscow-trials corpus (with its case file), in Chromium.

Checks that the network and the timelines draw without errors on a real case, and measures how long the
report takes to open: navigation start to the load event, and until the contact network is laid out.
The figures are printed (run with ``-s`` to see them), not asserted: they depend on the machine.

Skipped when the shared corpus is absent; browser and library requirements as in test_browser_report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from conftest import ROOT, need_corpus
from test_browser_report import VIEWPORT, browser, need_libraries, sync_api, wait_for_network  # noqa: F401

pytestmark = pytest.mark.slow

CASE = ROOT / "examples" / "moscow-trials" / "case.yaml"


@pytest.fixture(scope="module")
def moscow_report(tmp_path_factory) -> Path:
    corpus = need_corpus()
    out = tmp_path_factory.mktemp("moscow-report")
    proc = subprocess.run(
        [sys.executable, "-m", "countertrial.cli", "analyze", str(corpus), "--out", str(out), "--case", str(CASE), "-q"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, f"analyze failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return out / "report.html"


def test_moscow_report_opens_draws_and_reports_its_load_time(browser, moscow_report):  # noqa: F811
    need_libraries()
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else (outside.append(r.request.url), r.abort()))
    page.goto(moscow_report.as_uri(), wait_until="load")
    wait_for_network(page)
    timing = page.evaluate(
        """() => { const nav = performance.getEntriesByType('navigation')[0];
                   return {load: nav.loadEventEnd - nav.startTime, network: window.countertrialViews.networkLaidOutAt,
                           nodes: window.countertrialViews.network.nodes().length,
                           edges: window.countertrialViews.network.edges().length}; }"""
    )
    size = moscow_report.stat().st_size
    print(
        f"\nMoscow report ({size / 1e6:.1f} MB): load event {timing['load']:.0f} ms after navigation start; "
        f"contact network laid out at {timing['network']:.0f} ms ({timing['nodes']} people, {timing['edges']} links)"
    )
    graph = nx.read_graphml(moscow_report.parent / "network.graphml")
    assert (timing["nodes"], timing["edges"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert page.locator("#timeline .vis-item").count() > 0
    assert page.locator("#hyp-matrix tbody tr").count() > 0
    page.locator("#timeline-lanes").select_option("places")
    page.wait_for_timeout(200)
    context.close()
    assert outside == [] and errors == []
