"""Without JavaScript the guide is still whole: every fact readable, anchors working, links to copy by hand.
And printed, a page is a clean fact sheet with its sources' addresses written out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import ROOT
from factsheet.load import load_dataset
from factsheet.records import PAGE_TITLES, Fact, facts
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def all_facts() -> list[Fact]:
    return facts(load_dataset(ROOT / "data"))


@pytest.fixture
def no_js(browser: Browser) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(locale="it-IT", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("page_path", sorted(PAGE_TITLES))
def test_every_fact_of_a_page_is_there_without_javascript(no_js: Page, site_url: str, all_facts: list[Fact], page_path: str) -> None:
    on_page = [f for f in all_facts if f.page == page_path]
    no_js.goto(f"{site_url}{page_path.removesuffix('.md')}/")

    expect(no_js.get_by_role("heading", level=1)).to_contain_text(PAGE_TITLES[page_path])
    for fact in on_page:
        expect(no_js.locator(f"[id='{fact.anchor}']")).to_have_count(1)
    # Each fact keeps its own link, a normal link to long-press; the copy button needs JavaScript
    # and stays hidden without it.
    expect(no_js.locator("a.fs-permalink")).to_have_count(len(on_page) + 1)
    expect(no_js.locator("button.fs-copy")).to_have_count(len(on_page) + 1)
    assert no_js.locator("button.fs-copy").evaluate_all("buttons => buttons.filter(b => b.checkVisibility()).length") == 0


def test_an_anchor_link_reaches_its_fact_without_javascript(no_js: Page, site_url: str, all_facts: list[Fact]) -> None:
    question = [f for f in all_facts if f.prefix == "domanda"][-1]

    no_js.goto(f"{site_url}domande-frequenti/#{question.anchor}")

    expect(no_js.locator(f"[id='{question.anchor}']")).to_be_in_viewport()


def test_the_page_of_a_fact_reads_without_javascript(no_js: Page, site_url: str, all_facts: list[Fact]) -> None:
    scam = next(f for f in all_facts if f.prefix == "truffa")

    no_js.goto(f"{site_url}f/{scam.anchor}/")

    expect(no_js.get_by_role("heading", level=1)).to_contain_text(scam.title)
    expect(no_js.get_by_text("Come riconoscerla")).to_be_visible()
    link = no_js.get_by_role("link", name="Link a questa scheda")
    expect(link).to_have_attribute("href", "./")


def test_the_footer_links_work_without_javascript(no_js: Page, site_url: str) -> None:
    no_js.goto(f"{site_url}fonti/")

    no_js.get_by_role("contentinfo").get_by_role("link", name="Aggiornamenti", exact=True).click()

    expect(no_js).to_have_url(f"{site_url}aggiornamenti/")


def test_a_printed_page_hides_the_controls_and_shows_the_addresses(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(f"{site_url}cronologia/")
    page.emulate_media(media="print")

    expect(page.locator(".fs-share").first).to_be_hidden()
    expect(page.locator("button.fs-copy").first).to_be_hidden()
    expect(page.locator(".fs-print-only")).to_have_text("Indirizzo di questa pagina: https://guida-libero-virgilio.github.io/blocco-posta-2023/cronologia/")
    expect(page.locator(".fs-edit").first).to_be_hidden()
    source = page.locator(".fs-sources a[href^='https://']").first
    # What the printed page shows after the link: its address.
    assert source.evaluate("link => getComputedStyle(link, '::after').content") == f'" ({source.get_attribute("href")})"'
