"""The open-data export: every record of the guide in one JSON file, with its JSON Schema.

Keys are the Italian field names of the YAML files in data/, so the export reads
like the data editors write. Every record also says where it is in the guide
(`ancora`, `pagina`, `scheda`). Text fields keep the guide's small Markdown subset
as written. Optional fields are always present, null when empty, so that a
consumer needs no guessing. Published as dati/guida.json and dati/guida.schema.json.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from . import dates
from .model import Dataset, Dispute, Event, Faq, Incident, KeyFigure, Route, Scam, Source, Update, When
from .records import PAGE_OF_PREFIX, fact_url, page_url

EXPORT_PATH = "dati/guida.json"
SCHEMA_PATH = "dati/guida.schema.json"
FORMAT_VERSION = 1


def export(data: Dataset) -> dict[str, Any]:
    """The whole guide as a JSON-ready dict, records in the order of the pages."""
    site = data.site
    return {
        "$schema": f"{site.url}{SCHEMA_PATH}",
        "versione_formato": FORMAT_VERSION,
        "titolo": site.title,
        "descrizione": site.description,
        "url": site.url,
        "licenza": {"nome": site.licence_name, "url": site.licence_url},
        "aggiornato_il": latest_date(data).isoformat(),
        "disservizi": [_incident(data, i) for i in data.incidents],
        "eventi": [_event(data, e) for e in data.events],
        "indennizzi": [_route(data, r) for r in data.routes],
        "truffe": [_scam(data, s) for s in data.scams],
        "domande": [_faq(data, q) for q in data.faqs],
        "fonti": [_source(data, s) for s in data.sources],
        "aggiornamenti": [_update(data, u) for u in data.updates],
    }


def schema(data: Dataset) -> dict[str, Any]:
    """The JSON Schema of the export, with its public address as $id."""
    loaded: dict[str, Any] = json.loads((Path(__file__).parent / "guida.schema.json").read_text(encoding="utf-8"))
    return {"$schema": loaded.pop("$schema"), "$id": f"{data.site.url}{SCHEMA_PATH}", **loaded}


def to_json(value: dict[str, Any]) -> str:
    """Stable text: same data, same bytes."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def latest_date(data: Dataset) -> date:
    """The most recent date in the data: a check, an update or the last full review."""
    days = [data.site.last_full_check, *(u.day for u in data.updates)]
    for group in (data.incidents, data.events, data.routes, data.scams, data.faqs):
        days.extend(record.checked for record in group)
    return max(days)


def _place(data: Dataset, anchor: str) -> dict[str, str]:
    """Where the record is in the guide: its anchor, its place in its page, its own page."""
    page = PAGE_OF_PREFIX[anchor.split("-", 1)[0]]
    return {"ancora": anchor, "pagina": f"{page_url(data.site.url, page)}#{anchor}", "scheda": fact_url(data.site.url, anchor)}


def _incident(data: Dataset, incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        **_place(data, f"incidente-{incident.id}"),
        "titolo": incident.title,
        "servizi": list(incident.services),
        "gestore": incident.operator,
        "inizio": incident.start.isoformat(),
        "fine": incident.end.isoformat() if incident.end else None,
        "precisione": incident.precision,
        "stato": incident.status,
        "sintesi": incident.summary,
        "dati_chiave": [_key_figure(data, k) for k in incident.key_figures],
        "fonti": list(incident.sources),
        "verificato_il": incident.checked.isoformat(),
    }


def _key_figure(data: Dataset, figure: KeyFigure) -> dict[str, Any]:
    return {
        "id": figure.id,
        **_place(data, f"dato-{figure.id}"),
        "etichetta": figure.label,
        "valore": figure.value,
        "spiegazione": figure.explanation,
        "affidabilita": figure.reliability,
        "discordanze": _disputes(figure.disputes),
        "fonti": list(figure.sources),
    }


def _event(data: Dataset, event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        **_place(data, f"evento-{event.id}"),
        "incidente": event.incident,
        "quando": _when(event.when),
        "fascia": event.when.part_of_day,
        "fino_a": _when(event.until) if event.until else None,
        "quando_in_parole": dates.span(event.when, event.until),
        "titolo": event.title,
        "testo": event.text,
        "categoria": event.category,
        "affidabilita": event.reliability,
        "discordanze": _disputes(event.disputes),
        "fonti": list(event.sources),
        "verificato_il": event.checked.isoformat(),
    }


def _route(data: Dataset, route: Route) -> dict[str, Any]:
    return {
        "id": route.id,
        **_place(data, f"indennizzo-{route.id}"),
        "titolo": route.title,
        "incidenti": list(route.incidents),
        "tipo": route.kind,
        "ordine": route.order,
        "sintesi": route.summary,
        "per_chi": route.who,
        "costo": route.cost,
        "passi": list(route.steps),
        "scadenza": route.deadline,
        "stato": route.status,
        "stato_oggi": route.status_today,
        "condizioni": {question: list(answers) for question, answers in route.conditions.items()},
        "perche": route.why,
        "invece": route.instead,
        "affidabilita": route.reliability,
        "fonti": list(route.sources),
        "verificato_il": route.checked.isoformat(),
    }


def _scam(data: Dataset, scam: Scam) -> dict[str, Any]:
    return {
        "id": scam.id,
        **_place(data, f"truffa-{scam.id}"),
        "titolo": scam.title,
        "incidenti": list(scam.incidents),
        "canali": list(scam.channels),
        "ordine": scam.order,
        "descrizione": scam.description,
        "segnali": list(scam.red_flags),
        "cosa_fare": list(scam.what_to_do),
        "dove_segnalare": [{"nome": t.name, "url": t.url} for t in scam.report_to],
        "posizione_del_gestore": scam.operator_policy,
        "affidabilita": scam.reliability,
        "fonti": list(scam.sources),
        "verificato_il": scam.checked.isoformat(),
    }


def _faq(data: Dataset, faq: Faq) -> dict[str, Any]:
    return {
        "id": faq.id,
        **_place(data, f"domanda-{faq.id}"),
        "domanda": faq.question,
        "ordine": faq.order,
        "risposta": faq.answer,
        "collegamenti": list(faq.links),
        "fonti": list(faq.sources),
        "verificato_il": faq.checked.isoformat(),
    }


def _source(data: Dataset, source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        **_place(data, f"fonte-{source.id}"),
        "titolo": source.title,
        "editore": source.publisher,
        "url": source.url,
        "data_pubblicazione": dates.iso_partial(source.published),
        "tipo": source.kind,
        "archivio_url": source.archive_url,
        "lingua": source.language,
        "nota": source.note,
    }


def _update(data: Dataset, update: Update) -> dict[str, Any]:
    return {
        "id": update.id,
        **_place(data, f"aggiornamento-{update.id}"),
        "data": update.day.isoformat(),
        "titolo": update.title,
        "testo": update.text,
        "collegamenti": list(update.links),
    }


def _disputes(disputes: tuple[Dispute, ...]) -> list[dict[str, Any]]:
    return [{"testo": d.text, "fonti": list(d.sources)} for d in disputes]


def _when(value: When) -> str:
    """As in the YAML: 2023-01-25 or 2023-01-25 16:00 (Italian time)."""
    return f"{value.day.isoformat()} {value.time:%H:%M}" if value.time else value.day.isoformat()
