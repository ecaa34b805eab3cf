"""End to end: MkDocs builds the site from the data, strictly, and carries every record."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, make_project
from factsheet.load import load_dataset
from factsheet.model import Dataset


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if tag == "a" and name == "href" and value:
                self.links.append(value)


def parse(page: Path) -> _Ids:
    parser = _Ids()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def build(project: Path, site: str = "site") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def expected_anchors(data: Dataset) -> dict[str, set[str]]:
    return {
        "cronologia": {f"incidente-{i.id}" for i in data.incidents}
        | {f"dato-{k.id}" for i in data.incidents for k in i.key_figures}
        | {f"evento-{e.id}" for e in data.events},
        "indennizzi": {f"indennizzo-{r.id}" for r in data.routes},
        "truffe": {f"truffa-{s.id}" for s in data.scams},
        "domande-frequenti": {f"domanda-{q.id}" for q in data.faqs},
        "fonti": {f"fonte-{s.id}" for s in data.sources},
        "aggiornamenti": {f"aggiornamento-{u.id}" for u in data.updates},
    }


def test_the_build_carries_every_record_with_its_anchor(project: Path) -> None:
    result = build(project)

    assert result.returncode == 0, result.stderr
    data = load_dataset(project / "data")
    for page, anchors in expected_anchors(data).items():
        ids = parse(project / "site" / page / "index.html").ids
        assert anchors <= ids, (page, anchors - ids)


def test_the_real_data_builds_and_carries_every_record(tmp_path: Path) -> None:
    project = make_project(tmp_path / "reale", data=ROOT / "data")
    result = build(project)

    assert result.returncode == 0, result.stderr
    data = load_dataset(project / "data")
    for page, anchors in expected_anchors(data).items():
        ids = parse(project / "site" / page / "index.html").ids
        assert anchors <= ids, (page, anchors - ids)


def test_pages_are_italian_and_make_no_request_elsewhere(project: Path) -> None:
    build(project)

    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="it"' in html
    assert "fonts.googleapis.com" not in html
    assert "fonts.gstatic.com" not in html


def test_citations_link_to_the_sources_page_and_to_the_source(project: Path) -> None:
    build(project)

    links = parse(project / "site" / "cronologia" / "index.html").links
    assert "../fonti/#fonte-ilpost-risolto" in links
    assert "https://www.ilpost.it/2023/01/27/risolto-problemi-libero-virgilio/" in links


def test_edit_links_point_at_the_data(project: Path) -> None:
    build(project)

    links = parse(project / "site" / "cronologia" / "index.html").links
    assert "https://github.com/guida-libero-virgilio/blocco-posta-2023/tree/main/data/eventi/" in links
    assert "https://github.com/guida-libero-virgilio/blocco-posta-2023/edit/main/data/eventi/2023-01-23-posta-respinta.yml" in links


def test_invalid_data_fails_the_build_without_a_traceback(project: Path) -> None:
    (project / "data" / "eventi" / "rotto.yml").write_text("# yaml-language-server: $schema=../schema/evento.schema.json\nid: rotto\n", encoding="utf-8")

    result = build(project)

    assert result.returncode == 1
    assert "data/eventi/rotto.yml:2:1: manca il campo obbligatorio «categoria»." in result.stderr
    assert "Traceback" not in result.stderr


def test_make_build_leaves_no_site_when_it_fails(project: Path) -> None:
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        shutil.copy2(ROOT / name, project / name)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("vecchio sito", encoding="utf-8")
    (project / "data" / "fonti" / "ilpost-risolto.yml").write_text("titolo: [\n", encoding="utf-8")
    venv = Path(sys.executable).parent.parent

    result = subprocess.run(["make", "build", f"VENV={venv}"], cwd=project, capture_output=True, text=True, check=False)

    assert result.returncode != 0
    assert "data/fonti/ilpost-risolto.yml:2:1: errore di sintassi YAML: qui manca un valore" in result.stdout
    assert not (project / "site").exists()
    assert not (project / "site.tmp").exists()


def test_every_page_links_the_guide_s_pages_from_its_footer(built_site: Path) -> None:
    # A fact's own page, one folder deeper than the guide's pages, and the 404 page, rendered without a page.
    fact = next((built_site / "f").iterdir()) / "index.html"
    for page, base in ((built_site / "cronologia" / "index.html", "../"), (fact, "../../"), (built_site / "404.html", "/blocco-posta-2023/")):
        links = parse(page).links
        for target in ("aggiornamenti/", "dati-aperti/", "accessibilita/", "privacy/"):
            assert f"{base}{target}" in links, (page, target)
    # The foot of each page also leads to the updates log.
    assert '<a href="../../aggiornamenti/">Tutti gli aggiornamenti della guida</a>' in fact.read_text(encoding="utf-8")
