"""The timeline charts: drawn from data/stati/, well-formed SVG, links that land, and a text twin with the same data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import make_project
from factsheet.load import load_dataset
from factsheet.model import Dataset
from factsheet.render_chart import build_timeline, chart_html, marker_sentence, period_sentence
from factsheet.render_pages import render_pages
from test_build import build, parse

SVG = "{http://www.w3.org/2000/svg}"
FIGURE = re.compile(r'<figure class="fs-chart".*?</figure>', re.S)
CHART_ID = re.compile(r'<figure class="fs-chart" id="([^"]+)"')
BASE = "http://guida.test/"

JANUARY_PERIODS = [
    "Posta sul sito (webmail): non funziona dal 22 gennaio 2023, ore 22:00 al 26 gennaio 2023 (ora non nota)",
    "Posta sul sito (webmail): funziona solo in parte dal 26 gennaio 2023 (ora non nota) al 28 gennaio 2023 (sera)",
    "Posta sul sito (webmail): funziona dal 28 gennaio 2023 (sera) in poi",
    "Posta in arrivo: stato non noto dal 22 gennaio 2023, ore 22:00 al 23 gennaio 2023, ore 16:00",
    "Posta in arrivo: non funziona dal 23 gennaio 2023, ore 16:00 al 26 gennaio 2023, ore 13:00",
    "Posta in arrivo: stato non noto dal 26 gennaio 2023, ore 13:00 in poi",
]
JANUARY_MARKERS = ["1. 23 gennaio 2023, ore 16:00: La posta in arrivo viene respinta"]
JUNE_STATES = """# yaml-language-server: $schema=../schema/stato.schema.json
id: giugno-2023
canali:
  - id: webmail
    nome: Posta sul sito (webmail)
variazioni:
  - canale: webmail
    da: 2023-06-13
    stato: non funziona
    evento: 2023-07-24-istruttoria-agcm
    affidabilita: confermato
    fonti:
      - agcm-istruttoria
verificato_il: 2026-11-30
"""


@pytest.fixture
def data(dataset: Path) -> Dataset:
    return load_dataset(dataset)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built once with MkDocs, for the tests that read the built pages."""
    project = make_project(tmp_path_factory.mktemp("grafico") / "progetto")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_periods_follow_the_changes_and_leave_the_gaps_unknown(data: Dataset) -> None:
    timeline = build_timeline(data.service_states["gennaio-2023"], data.incidents_by_id["gennaio-2023"], data)

    assert [period_sentence(p) for p in timeline.periods] == JANUARY_PERIODS


def test_markers_are_the_events_of_the_changes_and_the_extra_ones_in_time_order(dataset: Path) -> None:
    states = dataset / "stati" / "gennaio-2023.yml"
    extra = "eventi_nel_grafico:\n  - 2023-01-25-nota-24-48-ore\n  - 2023-01-23-posta-respinta\n"
    states.write_text(states.read_text(encoding="utf-8").replace("verificato_il:", extra + "verificato_il:"), encoding="utf-8")
    data = load_dataset(dataset)

    timeline = build_timeline(data.service_states["gennaio-2023"], data.incidents_by_id["gennaio-2023"], data)

    assert [marker_sentence(m) for m in timeline.markers] == [
        "1. 23 gennaio 2023, ore 16:00: La posta in arrivo viene respinta",
        "2. 25 gennaio 2023 (pomeriggio): Italiaonline promette il ritorno entro 24-48 ore",
    ]


def test_the_axis_runs_from_the_first_day_to_the_last_fact(data: Dataset) -> None:
    timeline = build_timeline(data.service_states["gennaio-2023"], data.incidents_by_id["gennaio-2023"], data)

    assert (timeline.start.isoformat(), timeline.end.isoformat()) == ("2023-01-22T00:00:00", "2023-01-29T00:00:00")


def test_the_svg_is_well_formed_with_a_title_and_a_description(data: Dataset) -> None:
    svg = _svg(chart_html(data.service_states["gennaio-2023"], data, link=lambda a: f"#{a}"))

    assert svg.tag == f"{SVG}svg"
    assert [child.tag for child in svg[:2]] == [f"{SVG}title", f"{SVG}desc"]
    assert svg[0].text == "Grafico dello stato dei servizi dal 22 gennaio 2023 al 28 gennaio 2023"


def test_every_state_has_its_own_pattern_and_unknown_is_a_dashed_outline(data: Dataset) -> None:
    svg = _svg(chart_html(data.service_states["gennaio-2023"], data, link=lambda a: f"#{a}"))
    patterns = {p.get("id") for p in svg.iter(f"{SVG}pattern")}
    fills: dict[str, set[str]] = {}
    for rect in svg.iter(f"{SVG}rect"):
        if "fs-chart__band" in (rect.get("class") or ""):
            state = rect.get("class", "").rsplit("--", 1)[1]
            fills.setdefault(state, set()).add(f"{rect.get('fill')} {rect.get('stroke-dasharray')}")

    assert fills == {
        "down": {"url(#stato-gennaio-2023-motivo-down) None"},
        "partial": {"url(#stato-gennaio-2023-motivo-partial) None"},
        "up": {"url(#stato-gennaio-2023-motivo-up) None"},
        "unknown": {"none 4 3"},
    }
    assert {"stato-gennaio-2023-motivo-down", "stato-gennaio-2023-motivo-partial", "stato-gennaio-2023-motivo-up"} <= patterns


def test_the_legend_names_every_state_in_words(data: Dataset) -> None:
    figure = _xml(chart_html(data.service_states["gennaio-2023"], data, link=lambda a: f"#{a}"))
    legend = next(e for e in figure.iter("ul") if e.get("class") == "fs-chart__legend")

    assert ["".join(li.itertext()) for li in legend][:4] == ["non funziona", "funziona solo in parte", "funziona", "stato non noto"]


def test_the_text_equivalent_carries_exactly_the_chart_data(data: Dataset) -> None:
    figure = _xml(chart_html(data.service_states["gennaio-2023"], data, link=lambda a: f"#{a}"))

    assert _chart_data(figure) == _text_data(figure)


def test_text_from_the_data_is_escaped(data: Dataset) -> None:
    states = data.service_states["gennaio-2023"]
    hostile = replace(states, channels=(replace(states.channels[0], name='<b onclick="x()">Webmail</b> & co'), *states.channels[1:]))

    html = chart_html(hostile, data, link=lambda a: f"#{a}")

    assert "<b" not in html
    assert html.count("&lt;b onclick=&quot;x()&quot;&gt;Webmail&lt;/b&gt; &amp; co") == 6


def test_the_block_has_no_blank_line_so_markdown_keeps_it_whole(data: Dataset) -> None:
    html = chart_html(data.service_states["gennaio-2023"], data, link=lambda a: f"#{a}")

    assert "\n\n" not in html
    assert html.startswith('<figure class="fs-chart" id="stato-gennaio-2023">')


def test_links_are_written_for_the_page_and_the_url_style(data: Dataset) -> None:
    pages = {p.path: p.content for p in render_pages(data)}
    flat = {p.path: p.content for p in render_pages(data, directory_urls=False)}

    assert 'href="cronologia/#evento-2023-01-23-posta-respinta"' in pages["index.md"]
    assert 'href="fonti/#fonte-ilpost-risolto"' in pages["index.md"]
    assert 'href="#evento-2023-01-23-posta-respinta"' in pages["cronologia.md"]
    assert 'href="../fonti/#fonte-ilpost-risolto"' in pages["cronologia.md"]
    assert 'href="cronologia.html#evento-2023-01-23-posta-respinta"' in flat["index.md"]
    assert 'href="fonti.html#fonte-ilpost-risolto"' in flat["cronologia.md"]


def test_only_incidents_with_states_get_a_chart(data: Dataset) -> None:
    pages = {p.path: p.content for p in render_pages(data)}

    assert CHART_ID.findall(pages["cronologia.md"]) == ["stato-gennaio-2023"]


def test_the_home_shows_the_chart_of_the_first_incident_only(dataset: Path) -> None:
    (dataset / "stati" / "giugno-2023.yml").write_text(JUNE_STATES, encoding="utf-8")
    pages = {p.path: p.content for p in render_pages(load_dataset(dataset))}

    assert CHART_ID.findall(pages["index.md"]) == ["stato-gennaio-2023"]
    assert CHART_ID.findall(pages["cronologia.md"]) == ["stato-gennaio-2023", "stato-giugno-2023"]


def test_two_charts_on_one_page_share_no_id(dataset: Path) -> None:
    (dataset / "stati" / "giugno-2023.yml").write_text(JUNE_STATES, encoding="utf-8")
    data = load_dataset(dataset)
    cronologia = next(p.content for p in render_pages(data) if p.path == "cronologia.md")

    ids = [i for block in FIGURE.findall(cronologia) for i in re.findall(r'\bid="([^"]+)"', block)]
    assert len(FIGURE.findall(cronologia)) == 2
    assert sorted(ids) == sorted(set(ids))


def test_the_same_data_gives_the_same_bytes(data: Dataset) -> None:
    first = chart_html(data.service_states["gennaio-2023"], data, link=lambda a: f"#{a}")

    assert chart_html(data.service_states["gennaio-2023"], data, link=lambda a: f"#{a}") == first


# On the built site --------------------------------------------------------------


@pytest.mark.parametrize("page", ["index.html", "cronologia/index.html"])
def test_the_built_chart_is_well_formed_svg(site: Path, page: str) -> None:
    figures = FIGURE.findall((site / page).read_text(encoding="utf-8"))

    assert len(figures) == 1
    assert _svg(figures[0]).tag == f"{SVG}svg"


@pytest.mark.parametrize("page", ["index.html", "cronologia/index.html"])
def test_every_link_of_the_built_chart_reaches_an_anchor(site: Path, page: str) -> None:
    figure = _xml(FIGURE.findall((site / page).read_text(encoding="utf-8"))[0])
    here = urljoin(BASE, page.removesuffix("index.html"))
    hrefs = [a.get("href", "") for a in figure.iter() if a.tag in ("a", f"{SVG}a")]
    markers = [a.get("href", "") for a in figure.iter(f"{SVG}a")]

    missing = []
    for href in hrefs:
        target = urlsplit(urljoin(here, href))
        if target.fragment not in parse(site / target.path.lstrip("/") / "index.html").ids:
            missing.append(href)
    assert len(markers) == len(JANUARY_MARKERS)
    assert missing == []


@pytest.mark.parametrize("page", ["index.html", "cronologia/index.html"])
def test_the_built_text_equivalent_carries_exactly_the_chart_data(site: Path, page: str) -> None:
    figure = _xml(FIGURE.findall((site / page).read_text(encoding="utf-8"))[0])

    assert _chart_data(figure) == _text_data(figure)
    assert _chart_data(figure)[0] == JANUARY_PERIODS


def test_markers_reach_their_facts_in_the_preview_built_without_directory_urls(tmp_path: Path) -> None:
    project = make_project(tmp_path / "anteprima")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--no-directory-urls", "--site-dir", "anteprima"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    site = project / "anteprima"
    figure = _xml(FIGURE.findall((site / "index.html").read_text(encoding="utf-8"))[0])

    targets = [urlsplit(a.get("href", "")) for a in figure.iter(f"{SVG}a")]

    assert [t.path for t in targets] == ["cronologia.html"] * len(JANUARY_MARKERS)
    assert all(t.fragment in parse(site / t.path).ids for t in targets)


# Helpers --------------------------------------------------------------------------


def _xml(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 (the guide's own output, which must be well-formed XML)


def _svg(html: str) -> ET.Element:
    return _xml(re.search(r"<svg .*?</svg>", html, re.S).group(0))  # type: ignore[union-attr]


def _chart_data(figure: ET.Element) -> tuple[list[str], list[tuple[str, str]]]:
    """What the SVG shows: each band's tooltip, each marker's tooltip and link."""
    bands = [r.findtext(f"{SVG}title", "") for r in figure.iter(f"{SVG}rect") if "fs-chart__band" in (r.get("class") or "")]
    markers = [(a.findtext(f"{SVG}title", ""), a.get("href", "")) for a in figure.iter(f"{SVG}a")]
    return bands, markers


def _text_data(figure: ET.Element) -> tuple[list[str], list[tuple[str, str]]]:
    """What the lists below the chart say, written the way the chart's tooltips are."""
    periods = []
    channels = next(e for e in figure.iter("ul") if e.get("class") == "fs-chart__channels")
    for item in channels.findall("li"):
        name = item.findtext("strong", "")
        for period in item.iter("span"):
            if period.get("class") == "fs-chart__period":
                periods.append(f"{name}: {period.text}")
    events = next((e for e in figure.iter("ol") if e.get("class") == "fs-chart__events"), ET.Element("ol"))
    markers = [(f"{n}. {''.join(li.itertext())}", li.find("a").get("href", "")) for n, li in enumerate(events.findall("li"), start=1)]  # type: ignore[union-attr]
    return periods, markers
