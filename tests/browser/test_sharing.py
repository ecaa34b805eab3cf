"""Links to single facts, in a real browser: anchors, «Copia link» with and without the Clipboard API,
the share links, the pages of single facts, and no request to any other host on any page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from conftest import ROOT
from factsheet.load import load_dataset
from factsheet.records import Fact, facts
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from .conftest import distinct_pages

pytestmark = pytest.mark.browser

PUBLIC = "https://guida-libero-virgilio.github.io/blocco-posta-2023/"


@pytest.fixture(scope="module")
def scam() -> Fact:
    """A scam warning: the kind of fact people forward the most."""
    return next(f for f in facts(load_dataset(ROOT / "data")) if f.prefix == "truffa")


@pytest.fixture(scope="module")
def late_event() -> Fact:
    """An event far down the timeline, so that reaching it needs a real scroll."""
    return [f for f in facts(load_dataset(ROOT / "data")) if f.prefix == "evento"][-5]


@pytest.fixture
def clipboard_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="it-IT", permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()


def share_row(page: Page, fact: Fact) -> Locator:
    return page.locator(".fs-share").filter(has=page.locator(f'a.fs-permalink[href="../f/{fact.anchor}/"]'))


def test_opening_a_link_to_an_anchor_shows_that_fact(page: Page, site_url: str, late_event: Fact) -> None:
    page.goto(f"{site_url}cronologia/#{late_event.anchor}")

    heading = page.locator(f"#{late_event.anchor}")
    expect(heading).to_be_in_viewport()
    expect(heading).to_contain_text(late_event.title)


def test_copy_link_puts_the_fact_link_on_the_clipboard(clipboard_context: BrowserContext, site_url: str, scam: Fact) -> None:
    page = clipboard_context.new_page()
    page.goto(f"{site_url}truffe/")
    row = share_row(page, scam)

    row.get_by_role("button", name="Copia link").click()

    expect(row.get_by_role("status")).to_have_text("Link copiato")
    assert page.evaluate("navigator.clipboard.readText()") == f"{site_url}f/{scam.anchor}/"


def test_copy_link_works_without_the_clipboard_api(context: BrowserContext, site_url: str, scam: Fact) -> None:
    # No navigator.clipboard (an old browser, or a page not served over HTTPS): the script
    # selects the link in a read-only field and asks the browser to copy the selection.
    context.add_init_script(
        "delete Navigator.prototype.clipboard;"
        "document.addEventListener('copy', () => {"
        "  const field = document.activeElement;"
        "  window.__copied = field.value.substring(field.selectionStart, field.selectionEnd);"
        "}, true);"
    )
    page = context.new_page()
    page.goto(f"{site_url}truffe/")
    row = share_row(page, scam)
    assert page.evaluate("navigator.clipboard") is None

    row.get_by_role("button", name="Copia link").click()

    expect(row.get_by_role("status")).to_have_text("Link copiato")
    assert page.evaluate("window.__copied") == f"{site_url}f/{scam.anchor}/"
    expect(row.locator(".fs-copy-field")).to_have_count(0)
    expect(row.get_by_role("button", name="Copia link")).to_be_focused()


def test_when_the_browser_cannot_copy_the_link_stays_selected_on_screen(context: BrowserContext, site_url: str, scam: Fact) -> None:
    context.add_init_script("delete Navigator.prototype.clipboard; document.execCommand = () => false;")
    page = context.new_page()
    page.goto(f"{site_url}truffe/")
    row = share_row(page, scam)

    row.get_by_role("button", name="Copia link").click()

    expect(row.get_by_role("status")).to_have_text("Copia il link dal riquadro")
    field = row.get_by_role("textbox", name="Link da copiare")
    expect(field).to_have_value(f"{site_url}f/{scam.anchor}/")
    expect(field).to_be_focused()
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [0, len(f"{site_url}f/{scam.anchor}/")]


def test_the_share_links_are_plain_urls_with_the_fact_link(page: Page, site_url: str, scam: Fact) -> None:
    page.goto(f"{site_url}truffe/")
    row = share_row(page, scam)
    url = f"{PUBLIC}f/{scam.anchor}/"

    hrefs = [row.get_by_role("link", name=name, exact=True).get_attribute("href") for name in ("WhatsApp", "Telegram", "e-mail")]

    assert hrefs == [
        "https://wa.me/?text=" + quote(f"{scam.title}\n{url}", safe=""),
        "https://t.me/share/url?url=" + quote(url, safe="") + "&text=" + quote(scam.title, safe=""),
        "mailto:?subject=" + quote(scam.title, safe="") + "&body=" + quote(f"{scam.title}\r\n\r\n{url}", safe=""),
    ]


def test_the_page_of_a_fact_shows_it_and_leads_to_it_in_its_full_page(page: Page, site_url: str, late_event: Fact) -> None:
    page.goto(f"{site_url}f/{late_event.anchor}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(late_event.title)

    page.get_by_role("link", name="Vai alla scheda completa nella pagina «Cronologia»").click()

    expect(page).to_have_url(f"{site_url}cronologia/#{late_event.anchor}")
    expect(page.locator(f"#{late_event.anchor}")).to_be_in_viewport()


def test_no_page_of_the_site_asks_any_other_host(browser: Browser, built_site: Path, site_url: str) -> None:
    own = urlsplit(site_url).netloc
    context = browser.new_context(locale="it-IT")
    page = context.new_page()
    foreign: list[tuple[str, str]] = []
    page.on("request", lambda request: foreign.append((page.url, request.url)) if urlsplit(request.url).netloc not in (own, "") else None)
    # Every distinct page: `make audit` records the requests of every single page, in CI too.
    pages = distinct_pages(built_site)

    for path in pages:
        page.goto(site_url + path, wait_until="load")
    context.close()

    assert len(pages) > 20
    assert foreign == []
