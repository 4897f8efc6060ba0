#!/usr/bin/env python3
"""Screenshots of a countertrial report.html, taken in headless Chromium driven by Playwright.

    python scripts/screenshots.py --report OUT/report.html --out docs/ [--prefix example]

Writes, at a 1400x900 viewport:
  PREFIX-summary.png   the top of the report (header, counts and summary boxes)
  PREFIX-finding.png   the first finding card (element screenshot), with its side-by-side passages
  PREFIX-claims.png    the claims section: filter box and the first rows of the table
  PREFIX-document.png  the document viewer, at the passage the first finding links to

and prints the page's load time (navigation start to the load event, from PerformanceNavigationTiming).

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--report", required=True, type=Path, help="path to report.html")
    ap.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    ap.add_argument("--prefix", default="report", help="file name prefix (default: report)")
    ap.add_argument("--chromium", default=None, help=f"Chromium executable (default: $CHROMIUM or {DEFAULT_CHROMIUM})")
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
        finally:
            browser.close()

    print(f"load time: {ms:.0f} ms (navigation start to load event end) for {report}")
    for path in written:
        print(f"wrote {path} ({path.stat().st_size // 1024} kB)")
    if errors:
        print("console errors on the page:", *errors, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
