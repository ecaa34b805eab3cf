"""Hostile data end to end: the payloads the validator lets through are built into a whole site, which runs no script."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import make_project
from factsheet.load import load_dataset
from factsheet.problems import DataError
from hostile import PAYLOADS
from playwright.sync_api import Browser

from .conftest import _QuietHandler

# Every free-text field of the valid fixture that takes a payload (file, field).
FIELDS = (
    ("eventi/2023-01-25-nota-24-48-ore.yml", "titolo"),
    ("eventi/2023-01-25-nota-24-48-ore.yml", "testo"),
    ("incidenti/gennaio-2023.yml", "titolo"),
    ("fonti/ilpost-risolto.yml", "editore"),
    ("fonti/ilpost-risolto.yml", "titolo"),
    ("indennizzi/reclamo.yml", "titolo"),
    ("indennizzi/reclamo.yml", "costo"),
    ("truffe/sms-falso.yml", "titolo"),
    ("domande/posta-persa.yml", "domanda"),
    ("domande/giugno.yml", "risposta"),
    ("aggiornamenti/2026-11-30-prima-versione.yml", "titolo"),
    ("sito.yml", "titolo"),
    ("sito.yml", "descrizione"),
)


def _write(path: Path, field: str, value: str) -> None:
    quoted = json.dumps(value, ensure_ascii=False)
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(f"{field}: {quoted}" if line.startswith(f"{field}:") else line for line in lines), encoding="utf-8")


def _accepted(project: Path, path: Path, field: str, value: str) -> bool:
    before = path.read_text(encoding="utf-8")
    _write(path, field, value)
    try:
        load_dataset(project / "data")
    except DataError:
        path.write_text(before, encoding="utf-8")
        return False
    return True


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    project = make_project(tmp_path_factory.mktemp("ostile") / "progetto")
    planted: list[str] = []
    for index, (target, field) in enumerate(FIELDS):
        # Each field gets up to two payloads the validator accepts there, from a different slice of the corpus.
        accepted = 0
        for payload in (PAYLOADS[index * 3 :] + PAYLOADS[: index * 3])[:8]:
            path = project / "data" / target
            current = re.search(rf"^{field}: (.*)$", path.read_text(encoding="utf-8"), re.M)
            base = json.loads(current.group(1)) if current and current.group(1).startswith('"') else (current.group(1) if current else "")
            if _accepted(project, path, field, f"{base} {payload}".strip()):
                planted.append(payload)
                accepted += 1
            if accepted == 2:
                break
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return project / "site", planted


def test_some_payloads_pass_the_validator_so_escaping_is_really_tested(hostile_site: tuple[Path, list[str]]) -> None:
    _, planted = hostile_site
    assert len(planted) >= 8


class _Dangerous(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.found.append(f"{tag}[{name}={value[:40]}]")

    def handle_data(self, data: str) -> None:
        if self._script and "__xss" in data and not _is_data_block(data):
            self.found.append("script with payload")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = False


def _is_data_block(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def test_no_page_has_an_event_handler_a_script_link_or_a_payload_script(hostile_site: tuple[Path, list[str]]) -> None:
    site, _ = hostile_site
    for page in sorted(site.rglob("*.html")):
        parser = _Dangerous()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page.relative_to(site)


def test_machine_readable_outputs_still_parse(hostile_site: tuple[Path, list[str]]) -> None:
    site, _ = hostile_site
    for path in sorted(site.rglob("*.json")):
        json.loads(path.read_text(encoding="utf-8"))
    for path in sorted([*site.rglob("*.xml"), *site.rglob("*.atom")]):
        ET.fromstring(path.read_bytes())  # noqa: S314 - our own build output, parsed to prove it is well-formed


@pytest.fixture(scope="module")
def hostile_url(hostile_site: tuple[Path, list[str]]) -> Iterator[str]:
    site, _ = hostile_site
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.browser
def test_no_script_from_the_data_runs_in_chromium(browser: Browser, hostile_site: tuple[Path, list[str]], hostile_url: str) -> None:
    site, _ = hostile_site
    context = browser.new_context()
    context.add_init_script("window.alert = window.confirm = window.prompt = () => { window.__xss = 1; };")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    every = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    # Every section page, and a sample of the many small per-record pages (they share one template).
    pages = [p for p in every if p.count("/") <= 1] + [p for p in every if p.count("/") > 1][:8]
    for relative in pages:
        page.goto(hostile_url + relative.removesuffix("index.html"))
        page.mouse.move(10, 10)
        page.keyboard.press("Tab")
        assert page.evaluate("window.__xss") is None, relative
    context.close()
    assert dialogs == []
