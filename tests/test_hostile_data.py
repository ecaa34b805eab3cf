"""Hostile data: whatever an edit puts in a text or URL field is rejected by the validator or made inert by the renderer."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from factsheet.load import load_dataset
from factsheet.model import Dataset
from factsheet.problems import DataError
from factsheet.render_pages import render_pages
from hostile import PAYLOADS, hrefs, load_problems, unsafe_markup

# Fields that hold ids or enumeration values: the schema allows only fixed patterns there.
_STRUCTURAL = frozenset(
    {"id", "sources", "incident", "incidents", "links", "kind", "category", "status", "reliability", "channels", "precision", "language", "origin"}
)


def poison(value: Any, payload: str) -> Any:
    """A copy of a record (or of the whole dataset) with payload in every free text and URL field, bypassing validation."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: poison(getattr(value, f.name), payload) for f in dataclasses.fields(value) if f.name not in _STRUCTURAL}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(poison(v, payload) for v in value)
    if isinstance(value, str):
        return f"Testo {payload} fine"
    return value


def to_html(page_markdown: str) -> str:
    """The page as MkDocs would convert it, with the extensions of mkdocs.yml."""
    body = re.sub(r"\A---\n.*?\n---\n", "", page_markdown, flags=re.S)
    return markdown.markdown(body, extensions=["toc", "attr_list", "admonition", "tables"])


def poisoned_dataset(data: Dataset, payload: str) -> Dataset:
    poisoned = poison(data, payload)
    return dataclasses.replace(
        poisoned,
        sources_by_id={s.id: s for s in poisoned.sources},
        incidents_by_id={i.id: i for i in poisoned.incidents},
    )


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_rendered_pages_carry_no_markup_and_no_unsafe_link_from_the_data(payload: str, dataset: Path) -> None:
    data = poisoned_dataset(load_dataset(dataset), payload)

    for page in render_pages(data):
        html = to_html(page.content)
        assert unsafe_markup(html) == [], (page.path, payload)
        for href in hrefs(html):
            assert not re.search(r"[\"'<>\s\\]", href), (page.path, href)
            # Either a web, mail or same-page link, or a relative path with no scheme at all.
            assert re.match(r"^(https?://|mailto:|#|[A-Za-z0-9_./-]+(#[a-z0-9-]*)?$)", href), (page.path, href)


FIELDS = (
    ("eventi/2023-01-25-nota-24-48-ore.yml", "testo"),
    ("eventi/2023-01-25-nota-24-48-ore.yml", "titolo"),
    ("domande/posta-persa.yml", "risposta"),
    ("truffe/sms-falso.yml", "descrizione"),
    ("fonti/ilpost-risolto.yml", "url"),
    ("fonti/ilpost-risolto.yml", "editore"),
)


def write_field(path: Path, field: str, payload: str) -> None:
    quoted = '"' + payload.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(f"{field}: {quoted}" if line.startswith(f"{field}:") else line for line in lines), encoding="utf-8")


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_the_validator_rejects_or_accepts_without_crashing(payload: str, dataset: Path) -> None:
    for target, field in FIELDS:
        write_field(dataset / target, field, payload)

    problems = load_problems(dataset)

    for problem in problems:
        assert problem.path.startswith("data/")
        assert problem.line >= 1
        assert problem.column >= 1
    if not problems:
        # Accepted: then it must come out inert.
        for page in render_pages(load_dataset(dataset)):
            assert unsafe_markup(to_html(page.content)) == [], (page.path, payload)


@pytest.mark.parametrize(
    "payload",
    [p for p in PAYLOADS if "javascript" in p.lower() or "<script" in p.lower() or "onerror" in p or "data:text" in p],
    ids=lambda p: p[:20],
)
def test_script_payloads_in_text_are_rejected(payload: str, dataset: Path) -> None:
    write_field(dataset / "eventi" / "2023-01-25-nota-24-48-ore.yml", "testo", payload)

    with pytest.raises(DataError) as raised:
        load_dataset(dataset)

    assert [p.path for p in raised.value.problems] == ["data/eventi/2023-01-25-nota-24-48-ore.yml"] * len(raised.value.problems)
