"""Shared browser fixtures: Playwright driving Debian's Chromium, for the report and the workbench tests.

Import the fixtures into a test module (``from browserkit import browser, sync_api  # noqa: F401``).
Outside CI a missing browser skips with the reason; under CI it fails, since CI must install it.
"""

from __future__ import annotations

import os

import pytest

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


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must install it (browser tests do not skip under CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def sync_api():
    try:
        from playwright import sync_api
    except ImportError:
        unavailable("the playwright package is not installed (pip install playwright)")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    return sync_api


@pytest.fixture(scope="module")
def browser(sync_api):
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
