"""The timeline chart in Chromium, on the real site: on a phone and on a desktop, light and dark, by keyboard and on paper."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 360, 1280
# The fills of the three known states, as the SVG paints them in each scheme (guida.css for the dark one).
FILLS = {
    "light": {"non funziona": (0xC3, 0x4C, 0x00), "parziale": (0xF0, 0xE4, 0x42), "funziona": (0x00, 0x72, 0xB2)},
    "dark": {"non funziona": (0xE8, 0x70, 0x2A), "parziale": (0xF0, 0xE4, 0x42), "funziona": (0x56, 0xB4, 0xE9)},
}
SMALLEST_TEXT = 12


@pytest.fixture(params=[(PHONE, "light"), (DESKTOP, "light"), (PHONE, "dark"), (DESKTOP, "dark")], ids=lambda p: f"{p[0]}px-{p[1]}")
def sized_page(request: pytest.FixtureRequest, browser: Browser, site_url: str) -> Iterator[tuple[Page, str]]:
    width, scheme = request.param
    context = browser.new_context(locale="it-IT", viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(site_url)
    yield page, scheme
    context.close()


def test_the_chart_is_painted_with_every_state_colour(sized_page: tuple[Page, str], tmp_path: Path) -> None:
    page, scheme = sized_page
    chart = page.locator(".fs-chart__scroll").first
    chart.scroll_into_view_if_needed()
    shot = chart.screenshot(path=tmp_path / "grafico.png")

    colours = {colour for _, colour in Image.open(io.BytesIO(shot)).convert("RGB").getcolors(1 << 24) or []}

    assert {name: colour in colours for name, colour in FILLS[scheme].items()} == dict.fromkeys(FILLS[scheme], True)


def test_the_page_never_gets_wider_than_the_screen(sized_page: tuple[Page, str]) -> None:
    page, _ = sized_page

    assert page.evaluate("document.documentElement.scrollWidth") == page.evaluate("innerWidth")


def test_the_chart_scrolls_inside_its_box_on_a_phone_and_fits_a_desktop(sized_page: tuple[Page, str]) -> None:
    page, _ = sized_page
    box = page.locator(".fs-chart__scroll").first

    sizes = box.evaluate("e => [getComputedStyle(e).overflowX, e.scrollWidth > e.clientWidth]")

    assert sizes == ["auto", page.viewport_size == {"width": PHONE, "height": 800}]


def test_no_text_of_the_chart_is_smaller_than_12_pixels(sized_page: tuple[Page, str]) -> None:
    page, _ = sized_page

    # Rendered size: the computed font size times the SVG's own scale (it must not be shrunk to fit).
    smallest = page.locator(".fs-chart").first.evaluate(
        """figure => {
            const svg = figure.querySelector("svg");
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const svgText = [...svg.querySelectorAll("text")].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
            const htmlText = [...figure.querySelectorAll("figcaption, li, p")].map(e => parseFloat(getComputedStyle(e).fontSize));
            return Math.min(...svgText, ...htmlText);
        }"""
    )

    assert smallest >= SMALLEST_TEXT


def test_markers_are_links_with_the_names_of_their_facts(page: Page, site_url: str) -> None:
    page.goto(site_url)
    markers = page.locator("a.fs-chart__marker")
    titles = markers.evaluate_all("links => links.map(a => a.querySelector('title').textContent)")

    assert len(titles) >= 1
    for i, title in enumerate(titles):
        expect(markers.nth(i)).to_have_accessible_name(title)


def test_the_keyboard_reaches_the_chart_and_then_its_first_marker(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator(".fs-chart__scroll").first.focus()

    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.classList.contains('fs-chart__marker')")
    assert page.evaluate("document.activeElement.getAttribute('href')") == page.locator("a.fs-chart__marker").first.get_attribute("href")


def test_a_marker_opens_its_fact_in_the_chronology(page: Page, site_url: str) -> None:
    page.goto(site_url)
    marker = page.locator("a.fs-chart__marker").first
    href = marker.get_attribute("href") or ""

    marker.click()

    assert page.url == site_url + href
    expect(page.locator(f"[id='{href.split('#', 1)[1]}']")).to_have_count(1)


def test_on_paper_the_whole_chart_fits_the_page(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(site_url)
    page.emulate_media(media="print")

    box = page.locator(".fs-chart__scroll").first
    fits = box.evaluate("e => [getComputedStyle(e).overflowX, e.querySelector('svg').getBoundingClientRect().width <= e.clientWidth + 1]")

    assert fits == ["visible", True]
