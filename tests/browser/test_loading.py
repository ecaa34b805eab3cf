"""A reader who only reads never runs Material's bundle; the first touch, scroll or key loads it, and it works.

The bundle is loaded on the first interaction (hooks/factsheet/html_fixes.py): these tests
watch the requests the page makes, and check what the bundle does once it is there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}


class Watched:
    def __init__(self, context: BrowserContext) -> None:
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.requested: list[str] = []
        self.page.on("request", lambda request: self.requested.append(request.url))

    def bundle_requested(self) -> bool:
        return any("/javascripts/bundle." in url for url in self.requested)

    def wait_for_material(self) -> None:
        """Until Material's bundle has started: it defines document$."""
        self.wait_until("typeof window.document$ === 'object'")

    def wait_until(self, expression: str) -> None:
        # wait_for_function evaluates a string, which the site's Content-Security-Policy forbids.
        for _ in range(100):
            if self.page.evaluate(expression):
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"still false after 10 s: {expression}")


@pytest.fixture
def phone(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(locale="it-IT", **PHONE)
    yield Watched(context)
    context.close()


@pytest.fixture
def dark_phone(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(locale="it-IT", color_scheme="dark", **PHONE)
    yield Watched(context)
    context.close()


def test_reading_a_page_does_not_load_the_bundle(phone: Watched, site_url: str) -> None:
    phone.page.goto(f"{site_url}cronologia/", wait_until="load")
    phone.page.wait_for_timeout(500)

    assert not phone.bundle_requested()
    expect(phone.page.get_by_role("heading", level=1)).to_be_visible()


def test_the_first_scroll_loads_the_bundle_and_material_starts(phone: Watched, site_url: str) -> None:
    phone.page.goto(f"{site_url}cronologia/", wait_until="load")

    phone.page.mouse.wheel(0, 600)

    phone.wait_for_material()
    assert phone.bundle_requested()


def test_a_key_press_loads_the_bundle(phone: Watched, site_url: str) -> None:
    phone.page.goto(f"{site_url}truffe/", wait_until="load")

    phone.page.keyboard.press("Tab")

    phone.wait_for_material()


def test_a_search_link_loads_the_bundle_at_once(phone: Watched, site_url: str) -> None:
    phone.page.goto(f"{site_url}truffe/?h=password", wait_until="load")

    phone.wait_for_material()
    assert phone.bundle_requested()


def test_a_dark_device_gets_the_dark_scheme_before_any_script_file(dark_phone: Watched, site_url: str) -> None:
    dark_phone.page.goto(f"{site_url}domande-frequenti/", wait_until="load")

    assert dark_phone.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    # The switch to the light scheme is there already, and only that one.
    expect(dark_phone.page.locator("label[for='__palette_0']")).to_be_visible()
    expect(dark_phone.page.locator("label[for='__palette_1']")).to_be_hidden()
    assert not dark_phone.bundle_requested()


def test_the_first_tap_on_the_scheme_switch_changes_the_scheme(dark_phone: Watched, site_url: str) -> None:
    dark_phone.page.goto(f"{site_url}truffe/", wait_until="load")

    dark_phone.page.locator("label[for='__palette_0']").click()

    dark_phone.wait_until("document.body.getAttribute('data-md-color-scheme') === 'default'")
    expect(dark_phone.page.locator("label[for='__palette_1']")).to_be_visible()


def test_a_chosen_scheme_wins_over_the_device(dark_phone: Watched, site_url: str) -> None:
    dark_phone.page.goto(f"{site_url}truffe/", wait_until="load")
    dark_phone.page.mouse.wheel(0, 300)
    dark_phone.wait_for_material()

    dark_phone.page.locator("label[for='__palette_0']").click()
    dark_phone.page.reload(wait_until="load")

    assert dark_phone.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"


def test_the_key_that_loads_the_bundle_still_does_its_job(phone: Watched, site_url: str) -> None:
    phone.page.goto(f"{site_url}truffe/", wait_until="load")

    # "/" is Material's shortcut for the search: the first press loads the bundle and opens it.
    phone.page.keyboard.press("/")

    expect(phone.page.locator("input.md-search__input")).to_be_focused()


def test_a_wide_table_scrolls_in_its_box_before_and_after_the_bundle_starts(phone: Watched, site_url: str) -> None:
    phone.page.goto(f"{site_url}prestazioni/", wait_until="load")
    table = phone.page.locator("article table").first
    box = phone.page.locator("article .md-typeset__scrollwrap").first
    before = table.bounding_box()
    regions = phone.page.locator("article [role=region]").count()

    # Reachable by keyboard, as a named region, before any script file.
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "region")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")

    box.focus()  # loads the bundle, which wraps the table once more
    phone.wait_for_material()

    assert phone.page.locator("article .md-typeset__scrollwrap .md-typeset__scrollwrap").count() >= 1
    after = table.bounding_box()
    # Focus scrolled the page: the table moved up, but kept its place in its box and its size.
    assert before is not None
    assert after is not None
    assert (after["x"], after["width"], after["height"]) == (before["x"], before["width"], before["height"])
    # The inner boxes take no part in the layout: no table becomes two regions.
    assert phone.page.locator("article [role=region]").count() == regions


def test_records_far_below_the_screen_are_drawn_only_when_the_reader_gets_there(phone: Watched, site_url: str) -> None:
    phone.page.goto(f"{site_url}cronologia/", wait_until="load")
    records = phone.page.locator(".fs-record")
    last = records.last
    # The heading inside a record: the record itself is there, its content is what waits.
    drawn = "record => record.firstElementChild.checkVisibility({contentVisibilityAuto: true})"

    assert records.count() > 20
    assert records.first.evaluate(drawn)
    assert not last.evaluate(drawn)

    last.scroll_into_view_if_needed()

    phone.wait_until("[...document.querySelectorAll('.fs-record')].pop().firstElementChild.checkVisibility({contentVisibilityAuto: true})")
    expect(last.get_by_role("button", name="Copia link")).to_be_visible()


def test_a_page_opened_at_a_record_lays_out_every_record_and_stays_on_it(phone: Watched, site_url: str) -> None:
    # Estimated heights above the record would move it once the records near it are drawn,
    # or once search highlights its words (?h=): a shared link must land on its record.
    phone.page.goto(f"{site_url}cronologia/", wait_until="load")
    records = phone.page.locator(".fs-record")
    last = records.last
    anchor = last.evaluate("record => record.firstElementChild.id")
    drawn = "record => record.firstElementChild.checkVisibility({contentVisibilityAuto: true})"
    assert not phone.page.evaluate("document.documentElement.classList.contains('fs-al-punto')")

    phone.page.goto("about:blank")
    phone.page.goto(f"{site_url}cronologia/#{anchor}", wait_until="load")

    assert all(records.evaluate_all(f"records => records.map({drawn})"))
    assert records.first.evaluate("record => getComputedStyle(record).contentVisibility") == "visible"
    expect(phone.page.locator(f"#{anchor}")).to_be_in_viewport()


def test_a_search_result_stays_on_its_record_once_its_words_are_highlighted(phone: Watched, site_url: str) -> None:
    phone.page.goto(f"{site_url}truffe/?h=rimbors+fals#truffa-falso-rimborso", wait_until="load")
    phone.wait_for_material()
    phone.wait_until("document.querySelector('article mark') !== null")

    expect(phone.page.locator("#truffa-falso-rimborso")).to_be_in_viewport()


def test_the_copy_buttons_are_in_the_page_from_the_start_so_nothing_moves_when_the_script_runs(browser: Browser, site_url: str) -> None:
    # Without condividi.js the buttons show all the same: the script only listens for clicks.
    context = browser.new_context(locale="it-IT", **PHONE)
    context.route("**/condividi.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{site_url}truffe/", wait_until="load")

    buttons = page.get_by_role("button", name="Copia link")
    assert buttons.count() == page.locator(".fs-share").count() > 1
    expect(buttons.first).to_be_visible()
    context.close()


@pytest.mark.parametrize("width", [320, 412, 768, 1280])
def test_a_record_not_yet_shown_takes_at_least_its_real_height(browser: Browser, site_url: str, width: int) -> None:
    # Were it shorter, its text would lie over the next record or the footer until shown,
    # and checkers (Lighthouse's contrast and touch-target audits) would measure it there.
    context = browser.new_context(locale="it-IT", viewport={"width": width, "height": 800})
    page = context.new_page()
    too_short: list[tuple[str, str, int, float]] = []
    for path in ("cronologia/", "indennizzi/", "truffe/", "domande-frequenti/", "fonti/", "aggiornamenti/"):
        page.goto(f"{site_url}{path}", wait_until="load")
        sizes = page.locator(".fs-record").evaluate_all(
            "records => records.map(record => {"
            "  const estimate = parseFloat(getComputedStyle(record).containIntrinsicHeight.replace('auto ', ''));"
            "  record.style.contentVisibility = 'visible';"
            "  return [record.firstElementChild.id, estimate, record.getBoundingClientRect().height];"
            "})"
        )
        assert sizes, path
        too_short += [(path, anchor, estimate, real) for anchor, estimate, real in sizes if not estimate >= real]
    context.close()

    assert too_short == []
