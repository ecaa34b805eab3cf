"""What the audit measures in a real Chromium: axe-core on every page, and the home's first load.

Every page is opened on a phone and a laptop screen, in the light and the dark scheme, as
the reader's device asks for it (prefers-color-scheme, which Material's palette follows),
and axe-core runs with its default rules: WCAG 2.1 A and AA plus its best practices.
Nothing is switched off.
While the pages load, every request to another host and every console error is recorded.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Request, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path("/usr/bin/chromium")
# No updates, no sync, no phoning home: the only traffic is the page's own.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")
# The Material scheme each preference must switch on: a check that the emulation took.
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
# A mid-range phone, as Lighthouse's mobile preset (Moto G Power), and a laptop: the menu,
# the table of contents and the search look different on each, so axe sees both.
Screen = Literal["phone", "desktop"]
SCREENS: dict[Screen, dict[str, Any]] = {
    "phone": {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
# Pages checked at once: axe-core is slow on long pages, and each tab runs in its own process.
PARALLEL = max(1, min(4, os.cpu_count() or 1))
# The first load is over when nothing has been in flight for this long after "load".
QUIET_MS = 1000


@dataclass(frozen=True, kw_only=True, slots=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class PageResult:
    path: str
    screen: Screen
    scheme: Scheme
    violations: tuple[Violation, ...]
    foreign_requests: tuple[str, ...]
    console_errors: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class FirstLoad:
    transferred: int  # bytes on the wire, headers included, as the server sent them (gzip)
    requests: int
    foreign_requests: tuple[str, ...]
    console_errors: tuple[str, ...]


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def run_axe(browser: Browser, base_url: str, paths: list[str], axe_script: Path) -> list[PageResult]:
    """axe-core's violations on each page, on each screen, in each scheme; requests to other hosts; console errors."""
    return [result for screen in SCREENS for scheme in SCHEMES for result in _axe_in(browser, base_url, paths, axe_script, screen=screen, scheme=scheme)]


def _axe_in(browser: Browser, base_url: str, paths: list[str], axe_script: Path, *, screen: Screen, scheme: Scheme) -> list[PageResult]:
    """The pages in batches, one tab each: tabs load one after the other, then axe runs in all of them at once."""
    context = browser.new_context(color_scheme=scheme, **SCREENS[screen])
    # An init script is not subject to the page's Content-Security-Policy, which stays on:
    # a script or request that the policy refuses shows up as a console error.
    context.add_init_script(path=axe_script)
    tabs = [_Tab(context.new_page(), base_url) for _ in range(PARALLEL)]
    results = []
    try:
        for start in range(0, len(paths), PARALLEL):
            batch = list(zip(tabs, paths[start : start + PARALLEL], strict=False))
            for tab, path in batch:
                tab.open(path)
            for tab, path in batch:
                tab.page.wait_for_load_state("load")
                _wait_for_scheme(tab.page, path, scheme)
                tab.page.evaluate("() => { window.__axe = axe.run(document, {resultTypes: ['violations']}); }")
            for tab, path in batch:
                report = tab.page.evaluate("() => window.__axe")
                results.append(
                    PageResult(
                        path=path,
                        screen=screen,
                        scheme=scheme,
                        violations=_violations(report),
                        foreign_requests=tuple(tab.foreign),
                        console_errors=tuple(tab.errors),
                    )
                )
    finally:
        context.close()
    return results


class _Tab:
    """A page with what it asked of other hosts and what went wrong, since its last navigation."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.foreign: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: _record_foreign(request, base_url, self.foreign))
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str) -> None:
        self.foreign.clear()
        self.errors.clear()
        self.page.goto(self.base_url + path, wait_until="commit")


def first_load(browser: Browser, url: str) -> FirstLoad:
    """What a phone with an empty cache downloads to show the page: until "load", then until no request for a second."""
    context = browser.new_context(**SCREENS["phone"])
    try:
        finished: list[Request] = []
        in_flight: set[Request] = set()
        foreign: list[str] = []
        errors: list[str] = []

        def started(request: Request) -> None:
            in_flight.add(request)
            _record_foreign(request, url, foreign)

        def done(request: Request) -> None:
            in_flight.discard(request)
            finished.append(request)

        def failed(request: Request) -> None:
            in_flight.discard(request)

        context.on("request", started)
        context.on("requestfinished", done)
        context.on("requestfailed", failed)
        page = context.new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(url, wait_until="load")
        # "networkidle" can come too early: a long script leaves the network idle before the
        # requests that follow it. Quiet means nothing in flight for QUIET_MS, after "load".
        quiet_since = time.monotonic()
        deadline = quiet_since + 30
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            if in_flight:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET_MS / 1000:
                break
        total = 0
        for request in finished:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return FirstLoad(transferred=total, requests=len(finished), foreign_requests=tuple(foreign), console_errors=tuple(errors))
    finally:
        context.close()


def _wait_for_scheme(page: Page, path: str, scheme: Scheme) -> None:
    """Material applies the preferred scheme from its script: wait for it, or the check would test the wrong colours."""
    expected = MATERIAL_SCHEME[scheme]
    try:
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{expected}'", timeout=5000)
    except PlaywrightTimeoutError:
        found = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        raise RuntimeError(f"{path}: il tema {scheme} non si è attivato (data-md-color-scheme={found!r})") from None


def _record_foreign(request: Request, base_url: str, into: list[str]) -> None:
    scheme, netloc = urlsplit(request.url)[:2]
    if scheme in ("http", "https", "ws", "wss") and netloc != urlsplit(base_url).netloc:
        into.append(request.url)


def _violations(report: dict[str, Any]) -> tuple[Violation, ...]:
    return tuple(
        Violation(
            rule=item["id"],
            impact=item.get("impact") or "",
            help=item["help"],
            targets=tuple(" ".join(map(str, node["target"])) for node in item["nodes"]),
        )
        for item in report["violations"]
    )
