#!/usr/bin/env python3
"""Screenshots of a countertrial report.html, taken in headless Chromium driven by Playwright.

    python scripts/screenshots.py --report OUT/report.html --out docs/ [--prefix example]

Writes, at a 1400x900 viewport:
  PREFIX-summary.png   the top of the report (header, counts and summary boxes)
  PREFIX-finding.png   the first finding card (element screenshot), with its side-by-side passages
  PREFIX-claims.png    the claims section: filter box and the first rows of the table
  PREFIX-document.png  the document viewer, at the passage the first finding links to

With --views it writes instead the interactive views and a finding:
  PREFIX-network.png     the contact network, with a refuted link selected and its findings beside it
  PREFIX-timeline.png    the timelines, showing the clashing bars of the first alibi
  PREFIX-finding.png     that alibi's finding card (or the first card), with its side-by-side passages
  PREFIX-hypotheses.png  the competing hypotheses: scores and the top of the matrix

and prints the page's load time (navigation start to the load event, from PerformanceNavigationTiming),
and with --views the time until the contact network is laid out.

It uses the system's Chromium (Debian's /usr/bin/chromium by default; --chromium or $CHROMIUM to change),
never a browser downloaded by `playwright install`. Needs `pip install playwright`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"
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
MAX_HEIGHT = 900  # no screenshot taller than one viewport: keeps the PNGs small and readable


def find_chromium(explicit: str | None) -> str | None:
    """The Chromium to use: the one asked for (--chromium, else $CHROMIUM) or, if none was, the system's."""
    asked = explicit or os.environ.get("CHROMIUM")
    candidates = [asked] if asked else [DEFAULT_CHROMIUM, shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def load_time_ms(page) -> float:
    """Navigation start to the end of the load event, in milliseconds."""
    return page.evaluate(
        """() => {
            const nav = performance.getEntriesByType("navigation")[0];
            if (nav) { return nav.loadEventEnd - nav.startTime; }
            const t = performance.timing;
            return t.loadEventEnd - t.navigationStart;
        }"""
    )


def clip_below(page, selector: str, height: int = MAX_HEIGHT) -> dict:
    """A full-width clip of the page starting a little above `selector`, `height` pixels tall."""
    box = page.evaluate(
        """(sel) => {
            const el = document.querySelector(sel);
            const r = el.getBoundingClientRect();
            return {top: r.top + window.scrollY, width: document.documentElement.scrollWidth,
                    pageHeight: document.documentElement.scrollHeight};
        }""",
        selector,
    )
    top = max(0, box["top"] - 16)
    h = min(height, box["pageHeight"] - top)
    return {"x": 0, "y": top, "width": min(box["width"], VIEWPORT["width"]), "height": h}


class _Done(Exception):
    """The --views shots are taken: skip the default ones."""


def shoot_views(page, shot) -> float | None:
    """The interactive views (needs the libraries inlined by `make install`); returns the network's layout time."""
    if not page.evaluate("() => !!(window.countertrialViews && window.countertrialViews.network)"):
        print("warning: the report has no interactive network (libraries missing?); no view screenshots", file=sys.stderr)
        return None
    page.wait_for_function("() => window.countertrialViews.networkLaidOutAt !== null", timeout=30000)
    laid_out = page.evaluate("() => window.countertrialViews.networkLaidOutAt")

    # 1. The network, with a refuted link selected (through its row in the links table) and its findings.
    button = page.locator("#links-table tr.status-refuted button.link-select")
    if not button.count():
        button = page.locator("#links-table button.link-select")
    if button.count():
        # The refuted link with the most findings behind it makes the most telling picture.
        best, most = 0, -1
        for i in range(button.count()):
            n = button.nth(i).locator("xpath=ancestor::tr").locator("td").nth(4).locator("code").count()
            if n > most:
                best, most = i, n
        button.nth(best).click()
        page.wait_for_timeout(200)
    page.evaluate("document.getElementById('network').scrollIntoView()")
    shot("network", clip=clip_below(page, "#network"))

    # 2. The timelines, showing the first alibi's clashing bars.
    alibi = page.locator(".finding[data-kind='alibi'] button.show-on-timeline")
    card = page.locator(".finding[data-kind='alibi']").first
    if alibi.count():
        alibi.first.click()
        page.wait_for_timeout(400)
    page.evaluate("document.getElementById('timelines').scrollIntoView()")
    shot("timeline", clip=clip_below(page, "#timelines"))

    # 3. The alibi's card (or the first card).
    if not card.count():
        card = page.locator(".finding").first
    if card.count():
        card.scroll_into_view_if_needed()
        shot("finding", element=card)

    # 4. The hypotheses: scores and the top of the matrix.
    if page.locator("#hypotheses").count():
        page.evaluate("document.getElementById('hypotheses').scrollIntoView()")
        shot("hypotheses", clip=clip_below(page, "#hypotheses"))
    else:
        print("warning: the report has no hypotheses; no hypotheses screenshot", file=sys.stderr)
    return laid_out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--report", required=True, type=Path, help="path to report.html")
    ap.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    ap.add_argument("--prefix", default="report", help="file name prefix (default: report)")
    ap.add_argument("--chromium", default=None, help=f"Chromium executable (default: $CHROMIUM or {DEFAULT_CHROMIUM})")
    ap.add_argument("--views", action="store_true", help="shoot the network, timeline, a finding and the hypotheses")
    args = ap.parse_args(argv)

    report = args.report.resolve()
    if not report.is_file():
        print(f"error: no report at {report}", file=sys.stderr)
        return 2
    chromium = find_chromium(args.chromium)
    if chromium is None:
        print(
            f"error: Chromium not found at {args.chromium or os.environ.get('CHROMIUM') or DEFAULT_CHROMIUM} "
            "(choose one with --chromium or $CHROMIUM). "
            "Install Debian's package: apt-get install chromium",
            file=sys.stderr,
        )
        return 3
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("error: the playwright Python package is missing: pip install playwright", file=sys.stderr)
        return 3

    args.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    errors: list[str] = []

    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001 - report any launch failure plainly
            print(f"error: could not start Chromium at {chromium}: {exc}", file=sys.stderr)
            return 3
        try:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(report.as_uri(), wait_until="load")
            ms = load_time_ms(page)

            def shot(name: str, **kw) -> None:
                path = args.out / f"{args.prefix}-{name}.png"
                kw.setdefault("type", "png")
                if "element" in kw:
                    kw.pop("element").screenshot(path=str(path), type="png", animations="disabled")
                else:
                    # clips are in page coordinates, so they work wherever the page is scrolled
                    page.screenshot(path=str(path), animations="disabled", full_page="clip" in kw, **kw)
                written.append(path)

            views_ms = None
            if args.views:
                views_ms = shoot_views(page, shot)
                raise _Done

            # 1. The top of the report: header, counts, summary boxes.
            page.evaluate("window.scrollTo(0, 0)")
            shot("summary", clip=clip_below(page, "#top"))

            # 2. The first finding card, with its passages side by side.
            card = page.locator(".finding").first
            if card.count():
                card.scroll_into_view_if_needed()
                shot("finding", element=card)
            else:
                print("warning: the report has no .finding card; no finding screenshot", file=sys.stderr)

            # 3. The claims section: filter box and the top of the table.
            if page.locator("#claims-table").count():
                page.locator("#claims").scroll_into_view_if_needed()
                shot("claims", clip=clip_below(page, "#claims"))
            else:
                print("warning: the report has no claims table; no claims screenshot", file=sys.stderr)

            # 4. The document viewer, at the passage the first finding links to (as a reader would arrive).
            link = page.locator(".finding a.cite").first
            if link.count():
                target = link.get_attribute("href")
                link.click()
                page.wait_for_function("(id) => location.hash === id", arg=target)
                doc = page.locator(target).locator("xpath=ancestor::article[contains(@class,'document')]")
                clip = clip_below(page, f"#{doc.get_attribute('id')}" if doc.count() else target)
                # Start at the document's heading unless that would leave the passage off the picture.
                passage = clip_below(page, target)
                if passage["y"] + 200 > clip["y"] + clip["height"]:
                    clip = clip_below(page, target)
                    clip["y"] = max(0, clip["y"] - 250)
            else:
                clip = clip_below(page, "#documents")
            shot("document", clip=clip)
        except _Done:
            pass
        finally:
            browser.close()

    print(f"load time: {ms:.0f} ms (navigation start to load event end) for {report}")
    if args.views and views_ms is not None:
        print(f"network laid out: {views_ms:.0f} ms after navigation start")
    for path in written:
        print(f"wrote {path} ({path.stat().st_size // 1024} kB)")
    if errors:
        print("console errors on the page:", *errors, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
