"""Shared fixtures for the browser tests: the real site, built once, served on 127.0.0.1, and Chromium.

The site is built from the project's real data once per test session (built_site, in
tests/conftest.py, shared with the tests that read the built files); every test gets a
fresh browser context and page on it. Without Debian's Chromium the tests are skipped
with a loud reason, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1, on a free port, for the whole session."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"!!! CHROMIUM NON TROVATO in {CHROMIUM}: i test nel browser NON sono stati eseguiti (apt-get install chromium) !!!"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="it-IT")
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log in the test output."""


def distinct_pages(site: Path) -> list[str]:
    """The pages to check, as URL paths (index.html is its folder).

    Every page made from its own template or Markdown, and the first few of each family of
    generated pages that share one template (one per record under f/, one per answer under
    posso-chiedere/): `make audit` checks every single page; `make test` keeps to this set so
    that it stays within its time budget.
    """
    every = sorted(page.relative_to(site).as_posix().removesuffix("index.html") for page in site.rglob("*.html"))
    families: dict[str, int] = {}
    chosen = []
    for path in every:
        family = path.split("/", 1)[0] if path.count("/") > 1 else ""
        families[family] = families.get(family, 0) + 1
        if not family or families[family] <= 4:
            chosen.append(path)
    return chosen
