"""Machine-readable outputs: the open-data JSON (valid against its schema) and the Atom feed of the updates."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from factsheet.export_feed import atom
from factsheet.export_json import export, schema, to_json
from factsheet.load import load_dataset
from factsheet.model import Dataset

SITE = "https://guida-libero-virgilio.github.io/blocco-posta-2023/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def data(dataset: Path) -> Dataset:
    return load_dataset(dataset)


def _validator(document_schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(document_schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_the_schema_is_a_valid_draft_7_schema(data: Dataset) -> None:
    jsonschema.Draft7Validator.check_schema(schema(data))


def test_the_export_validates_against_its_schema(data: Dataset) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator(schema(data)).iter_errors(export(data))]

    assert errors == []


def test_the_schema_refuses_a_field_it_does_not_know(data: Dataset) -> None:
    document = export(data)
    document["eventi"][0]["campo_nuovo"] = 1

    errors = [e.message for e in _validator(schema(data)).iter_errors(document)]

    assert errors == ["Additional properties are not allowed ('campo_nuovo' was unexpected)"]


def test_the_export_carries_every_record(data: Dataset) -> None:
    document = export(data)

    assert [r["id"] for r in document["disservizi"]] == [i.id for i in data.incidents]
    assert [r["id"] for r in document["eventi"]] == [e.id for e in data.events]
    assert [r["id"] for r in document["indennizzi"]] == [r.id for r in data.routes]
    assert [r["id"] for r in document["truffe"]] == [s.id for s in data.scams]
    assert [r["id"] for r in document["domande"]] == [q.id for q in data.faqs]
    assert [r["id"] for r in document["fonti"]] == [s.id for s in data.sources]
    assert [r["id"] for r in document["aggiornamenti"]] == [u.id for u in data.updates]


def test_an_event_is_exported_with_the_fields_of_its_yaml_and_its_place_in_the_guide(data: Dataset) -> None:
    event = next(e for e in export(data)["eventi"] if e["id"] == "2023-01-25-nota-24-48-ore")

    assert event == {
        "id": "2023-01-25-nota-24-48-ore",
        "ancora": "evento-2023-01-25-nota-24-48-ore",
        "pagina": f"{SITE}cronologia/#evento-2023-01-25-nota-24-48-ore",
        "scheda": f"{SITE}f/evento-2023-01-25-nota-24-48-ore/",
        "incidente": "gennaio-2023",
        "quando": "2023-01-25",
        "fascia": "pomeriggio",
        "fino_a": None,
        "quando_in_parole": "25 gennaio 2023, pomeriggio",
        "titolo": "Italiaonline promette il ritorno entro 24-48 ore",
        "testo": "La società promette di riattivare la posta **entro 24-48 ore**.",
        "categoria": "promessa",
        "affidabilita": "confermato",
        "discordanze": [],
        "fonti": ["ilpost-risolto"],
        "verificato_il": "2026-11-30",
    }


def test_the_export_says_where_it_comes_from_and_its_licence(data: Dataset) -> None:
    document = export(data)

    assert {k: document[k] for k in ("$schema", "versione_formato", "url", "licenza", "aggiornato_il")} == {
        "$schema": f"{SITE}dati/guida.schema.json",
        "versione_formato": 1,
        "url": SITE,
        "licenza": {"nome": "CC BY-SA 4.0", "url": "https://creativecommons.org/licenses/by-sa/4.0/deed.it"},
        "aggiornato_il": "2026-11-30",
    }


def test_the_json_is_the_same_text_every_time(dataset: Path) -> None:
    assert to_json(export(load_dataset(dataset))) == to_json(export(load_dataset(dataset)))


def test_the_feed_is_atom_with_one_entry_per_update(data: Dataset) -> None:
    feed = ET.fromstring(atom(data))  # noqa: S314 - our own feed, not untrusted input

    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{SITE}aggiornamenti.xml"
    assert feed.findtext(f"{ATOM}updated") == "2026-11-30T00:00:00+01:00"
    assert [link.attrib for link in feed.findall(f"{ATOM}link")] == [
        {"rel": "self", "type": "application/atom+xml", "href": f"{SITE}aggiornamenti.xml"},
        {"rel": "alternate", "type": "text/html", "href": f"{SITE}aggiornamenti/"},
    ]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [f"{SITE}aggiornamenti/#aggiornamento-{u.id}" for u in data.updates]
    assert [e.findtext(f"{ATOM}title") for e in entries] == [u.title for u in data.updates]


def test_a_feed_entry_carries_the_update_as_html_with_absolute_links(data: Dataset) -> None:
    update = dataclasses.replace(data.updates[0], text="Pubblichiamo la *prima* versione: [vedi](#domanda-giugno).")
    entry = ET.fromstring(atom(dataclasses.replace(data, updates=(update,)))).find(f"{ATOM}entry")  # noqa: S314 - our own feed

    assert entry is not None
    content = entry.find(f"{ATOM}content")
    assert content is not None
    assert content.attrib == {"type": "html"}
    assert content.text == f'<p>Pubblichiamo la <em>prima</em> versione: <a href="{SITE}domande-frequenti/#domanda-giugno">vedi</a>.</p>'
    assert entry.findtext(f"{ATOM}updated") == "2026-11-30T00:00:00+01:00"


def test_the_feed_is_the_same_bytes_every_time(data: Dataset) -> None:
    assert atom(data) == atom(data)


def test_the_built_site_publishes_the_export_the_schema_and_the_feed(built_site: Path) -> None:
    document = json.loads((built_site / "dati" / "guida.json").read_text(encoding="utf-8"))
    document_schema = json.loads((built_site / "dati" / "guida.schema.json").read_text(encoding="utf-8"))
    feed = ET.parse(built_site / "aggiornamenti.xml").getroot()  # noqa: S314 - our own feed

    assert [f"{list(e.absolute_path)}: {e.message}" for e in _validator(document_schema).iter_errors(document)] == []
    assert document_schema["$id"] == f"{SITE}dati/guida.schema.json"
    assert len(document["eventi"]) > 0
    assert len(feed.findall(f"{ATOM}entry")) == len(document["aggiornamenti"])
