"""Every page is accessible: axe-core finds no violation, in the light and the dark scheme,
and the keyboard works: a visible skip link first, then a visible focus on every stop.

axe-core runs with its default rules (WCAG 2.1 A and AA plus best practices), none switched
off; `make audit` runs it too, with the validator and Lighthouse (see audit/run.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import distinct_pages

pytestmark = pytest.mark.browser

AXE = ROOT / "audit" / "node_modules" / "axe-core" / "axe.min.js"
# Material's 404 page links its styles under site_url's path; the test server serves the site at /.
PREFIX = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
PHONE: dict[str, Any] = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
KEYBOARD_PAGES = ["", "cronologia/", "indennizzi/", "truffe/", "domande-frequenti/", "404.html"]
TAB_STOPS = 40
# Pages checked at once: axe-core is slow on long pages, and each tab runs in its own process.
PARALLEL = max(1, min(4, os.cpu_count() or 1))

# The focused element shows its focus: an outline or a shadow on it (for Material's palette
# radio, on the label drawn in its place), nothing around it transparent or hidden. A text
# box shows its caret, and Material's search box opens the whole search when focused.
FOCUS_SHOWN = """() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return false;
  if (focused.matches("input[type=text], input[type=search], textarea")) return true;
  const shown = focused.matches(".md-option") ? focused.nextElementSibling : focused;
  const style = getComputedStyle(shown);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
  for (let node = shown; node; node = node.parentElement) {
    const own = getComputedStyle(node);
    if (own.visibility === "hidden" || own.display === "none" || parseFloat(own.opacity) < 1) return false;
  }
  const box = shown.getBoundingClientRect();
  return ring && box.width > 0 && box.height > 0;
}"""
DESCRIBE_FOCUS = "() => { const e = document.activeElement; return `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} «${(e.textContent || '').trim().slice(0, 40)}»`; }"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        message = f"!!! axe-core NON INSTALLATO in {AXE}: il controllo di accessibilità NON è stato eseguito (npm ci --prefix audit) !!!"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return Path(AXE)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, PHONE)


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, DESKTOP)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_an_accessibility_violation(browser: Browser, site_url: str, built_site: Path, axe_script: Path, scheme: str) -> None:
    context = _context(browser, DESKTOP, color_scheme=scheme)
    # An init script is exempt from the page's Content-Security-Policy, which stays on.
    context.add_init_script(path=axe_script)
    tabs = [context.new_page() for _ in range(PARALLEL)]
    paths = distinct_pages(built_site)
    found: dict[str, list[str]] = {}
    # Tabs load one after the other, then axe-core runs in all of them at once.
    for start in range(0, len(paths), PARALLEL):
        batch = list(zip(tabs, paths[start : start + PARALLEL], strict=False))
        for tab, path in batch:
            tab.goto(site_url + path, wait_until="commit")
        for tab, _ in batch:
            tab.wait_for_load_state("load")
            expect(tab.locator("body")).to_have_attribute("data-md-color-scheme", MATERIAL_SCHEME[scheme])
            tab.evaluate("() => { window.__axe = axe.run(document, {resultTypes: ['violations']}); }")
        for tab, path in batch:
            for violation in tab.evaluate("() => window.__axe.then(report => report.violations)"):
                targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"])
                found.setdefault(path, []).append(f"{violation['id']}: {targets}")
    context.close()

    assert found == {}
    assert len(paths) > 10


def test_every_page_says_it_is_in_italian(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))

    assert [page.relative_to(built_site).as_posix() for page in pages if '<html lang="it"' not in page.read_text(encoding="utf-8")] == []
    assert len(pages) > 10


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_the_first_tab_shows_the_skip_link(phone: Page, site_url: str, path: str) -> None:
    phone.goto(site_url + path)

    phone.keyboard.press("Tab")

    skip = phone.locator("a.md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Vai al contenuto")
    expect(skip).to_have_css("opacity", "1")
    expect(skip).to_be_in_viewport()


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_the_skip_link_takes_the_keyboard_to_the_page_title(desktop: Page, site_url: str, path: str) -> None:
    desktop.goto(site_url + path)
    desktop.keyboard.press("Tab")

    desktop.keyboard.press("Enter")

    heading = desktop.locator("article h1")
    expect(desktop).to_have_url(f"{site_url}{path}#{heading.get_attribute('id')}")
    expect(heading).to_be_in_viewport()
    desktop.keyboard.press("Tab")
    # The next stop comes after the title, not back at the top of the page.
    assert heading.evaluate("title => Boolean(title.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_every_stop_of_the_keyboard_shows_its_focus(browser: Browser, site_url: str, screen: str) -> None:
    page = _context(browser, PHONE if screen == "phone" else DESKTOP).new_page()
    page.goto(site_url)
    hidden = []
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        try:
            # Material fades some controls in on focus (the skip link, the ¶ of a heading).
            page.wait_for_function(FOCUS_SHOWN, timeout=2000)
        except PlaywrightTimeoutError:
            hidden.append(page.evaluate(DESCRIBE_FOCUS))
    page.context.close()

    assert hidden == []


def test_the_menu_opens_and_closes_with_the_keyboard_on_a_phone(phone: Page, site_url: str) -> None:
    phone.goto(site_url)
    menu = phone.get_by_role("button", name="Menu")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    expect(menu).to_be_focused()

    phone.keyboard.press("Enter")

    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(phone.locator(".md-sidebar--primary").get_by_role("link", name="Cronologia")).to_be_visible()
    phone.keyboard.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(phone.locator(".md-sidebar--primary").get_by_role("link", name="Cronologia")).to_be_hidden()


def test_the_closed_menu_of_a_phone_is_not_in_the_tab_order(phone: Page, site_url: str) -> None:
    phone.goto(site_url)

    links = phone.locator(".md-sidebar--primary a")

    expect(links.first).to_be_hidden()
    assert links.evaluate_all("links => links.filter(link => getComputedStyle(link).visibility !== 'hidden').length") == 0


def test_a_phone_lays_out_the_menu_only_while_it_is_open(phone: Page, site_url: str) -> None:
    phone.goto(site_url)
    link = phone.locator(".md-sidebar--primary").get_by_role("link", name="Cronologia", include_hidden=True)
    # checkVisibility() without options is false only for skipped contents (or display: none), not for visibility: hidden.
    rendered = "link => link.checkVisibility()"
    assert link.evaluate(rendered) is False

    menu = phone.get_by_role("button", name="Menu")
    menu.click()
    expect(link).to_be_visible()
    assert link.evaluate(rendered) is True

    menu.press("Space")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(link).to_be_hidden()
    # After its closing slide the menu's contents are skipped again.
    link.evaluate("link => new Promise(done => setTimeout(done, 400))")
    assert link.evaluate(rendered) is False


def _context(browser: Browser, device: dict[str, Any], color_scheme: str = "light") -> BrowserContext:
    context = browser.new_context(locale="it-IT", color_scheme=color_scheme, **device)
    context.route(f"**{PREFIX}**", _unprefix)
    return context


def _unprefix(route: Route) -> None:
    route.continue_(url=route.request.url.replace(PREFIX, "/", 1))


def _page(browser: Browser, device: dict[str, Any]) -> Iterator[Page]:
    context = _context(browser, device)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
