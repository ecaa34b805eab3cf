"""«Scrivi la lettera» in a real browser, on the real data: the letter made in the page is the one
the templates make, what the reader types stays text, and nothing leaves the browser."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from conftest import ROOT
from factsheet import letters
from factsheet.load import load_dataset
from factsheet.model import Letter
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_checker import SAMPLE

pytestmark = pytest.mark.browser

DATA = load_dataset(ROOT / "data")
PHONE = {"width": 360, "height": 740}
PAYLOAD = "<img src=x onerror=alert(1)>"


def fill(page: Page, letter: Letter, values: dict[str, str]) -> None:
    page.get_by_label(letter.title, exact=True).check()
    for field_id, value in values.items():
        page.fill(f"#lettera-{field_id}", value)


def encode(text: str) -> str:
    """What encodeURIComponent makes of text."""
    return quote(text, safe="-_.!~*'()")


@pytest.fixture
def letter_page(context: BrowserContext, site_url: str) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{site_url}lettera/")
    page.wait_for_load_state("networkidle")
    return page


@pytest.fixture
def phone_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="it-IT", viewport=PHONE, accept_downloads=True)
    yield context
    context.close()


@pytest.mark.parametrize("letter", DATA.letters, ids=lambda letter: letter.id)
def test_the_page_makes_the_same_letter_as_the_template(letter_page: Page, letter: Letter) -> None:
    fill(letter_page, letter, SAMPLE)

    assert letter_page.locator("#lettera-testo").text_content() == letters.compose(letter, SAMPLE).text


def test_empty_fields_show_what_is_missing_and_the_date_defaults_to_today(letter_page: Page) -> None:
    year, month, day = letter_page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()")
    expected = letters.compose(DATA.letters[0], {"data": f"{year:04d}-{month:02d}-{day:02d}"}).text

    assert letter_page.locator("#lettera-testo").text_content() == expected


def test_markup_typed_in_the_form_stays_text(letter_page: Page) -> None:
    dialogs: list[str] = []
    letter_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Every field where one can type; a date field only takes a date.
    values = {field.id: PAYLOAD for field in letters.FIELDS if field.kind != "data"} | {"data": "2026-11-30"}

    fill(letter_page, DATA.letters[0], values)
    letter_page.wait_for_timeout(300)

    output = letter_page.locator("#lettera-testo")
    assert output.text_content() == letters.compose(DATA.letters[0], values).text
    assert output.text_content().count(PAYLOAD) == 7
    assert output.evaluate("element => element.children.length") == 0
    assert letter_page.locator("img[src='x']").count() == 0
    assert dialogs == []


def test_the_mailto_link_carries_subject_and_body_and_no_recipient(letter_page: Page) -> None:
    letter = DATA.letters[0]
    fill(letter_page, letter, SAMPLE)
    composed = letters.compose(letter, SAMPLE)

    href = letter_page.locator("#lettera-email").get_attribute("href")

    assert href == f"mailto:?subject={encode(composed.subject)}&body={encode(composed.body)}"


def test_copy_puts_the_letter_in_the_clipboard(context: BrowserContext, letter_page: Page, site_url: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    fill(letter_page, DATA.letters[1], SAMPLE)

    letter_page.click("#lettera-copia")

    expect(letter_page.locator("#lettera-stato")).to_have_text("Testo copiato. Ora puoi incollarlo dove vuoi.")
    assert letter_page.evaluate("navigator.clipboard.readText()") == letters.compose(DATA.letters[1], SAMPLE).text


def test_download_gives_a_text_file_with_the_letter(phone_context: BrowserContext, site_url: str) -> None:
    page = phone_context.new_page()
    page.goto(f"{site_url}lettera/")
    fill(page, DATA.letters[1], SAMPLE)

    with page.expect_download() as download:
        page.click("#lettera-scarica")

    assert download.value.suggested_filename == f"{DATA.letters[1].id}.txt"
    path = download.value.path()
    assert path.read_text(encoding="utf-8") == letters.compose(DATA.letters[1], SAMPLE).text


def test_using_the_builder_makes_no_request(phone_context: BrowserContext, site_url: str) -> None:
    page = phone_context.new_page()
    page.goto(f"{site_url}lettera/")
    # The first touch loads the site's own scripts (Material's bundle): that done, nothing else.
    page.mouse.wheel(0, 10)
    page.wait_for_load_state("networkidle")
    requested: list[str] = []
    phone_context.on("request", lambda request: requested.append(request.url))

    for letter in DATA.letters:
        fill(page, letter, SAMPLE)
    page.click("#lettera-copia")
    with page.expect_download():
        page.click("#lettera-scarica")
    page.locator("#lettera-email").get_attribute("href")
    page.wait_for_timeout(500)

    assert requested == []


def test_without_javascript_the_templates_are_there_to_copy_by_hand(browser: Browser, site_url: str) -> None:
    context = browser.new_context(locale="it-IT", java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}lettera/")

    expect(page.locator("[data-lettera]")).to_be_hidden()
    assert [page.locator(f"#modello-{letter.id}").text_content() for letter in DATA.letters] == [
        letters.compose(letter, {}).text.rstrip("\n") for letter in DATA.letters
    ]
    context.close()


def test_the_letter_page_fits_a_phone_screen_even_with_long_words(phone_context: BrowserContext, site_url: str) -> None:
    page = phone_context.new_page()
    page.goto(f"{site_url}lettera/")

    page.fill("#lettera-accaduto", "x" * 300)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
