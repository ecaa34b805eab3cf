"""Every record of the guide as one kind of thing: a fact with an anchor, a page and a link of its own.

The pages, the per-fact pages, the previews, the exports and the head tags all
need the same few things of each record (where it lives, what to call it, what it
says in short, when it was checked, what it cites); they read them here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from . import dates
from .model import Dataset, Dispute, Event, Faq, Incident, KeyFigure, Origin, Reliability, Route, Scam, Source, Update

# anchor prefix -> page that holds the records with that prefix
PAGE_OF_PREFIX = {
    "incidente": "cronologia.md",
    "dato": "cronologia.md",
    "evento": "cronologia.md",
    "indennizzo": "indennizzi.md",
    "truffa": "truffe.md",
    "domanda": "domande-frequenti.md",
    "fonte": "fonti.md",
    "aggiornamento": "aggiornamenti.md",
}

# generated page -> its title, as in the navigation
PAGE_TITLES = {
    "cronologia.md": "Cronologia",
    "indennizzi.md": "Come chiedere un indennizzo",
    "truffe.md": "Truffe da evitare",
    "domande-frequenti.md": "Domande frequenti",
    "fonti.md": "Fonti",
    "aggiornamenti.md": "Aggiornamenti",
}

# anchor prefix -> what a reader calls a record of that kind
LABEL_OF_PREFIX = {
    "incidente": "Disservizio",
    "dato": "Dato chiave",
    "evento": "Cronologia",
    "indennizzo": "Come chiedere un indennizzo",
    "truffa": "Truffa da evitare",
    "domanda": "Domanda frequente",
    "fonte": "Fonte",
    "aggiornamento": "Aggiornamento della guida",
}

# The folder of the per-fact pages: short, because these are the links people share.
FACT_FOLDER = "f"

AnyRecord = Incident | KeyFigure | Event | Route | Scam | Faq | Source | Update


@dataclass(frozen=True, kw_only=True, slots=True)
class Fact:
    """One record, seen from outside: what it is called, where it lives, what it says in short."""

    anchor: str
    prefix: str
    title: str
    summary: str
    when: str | None
    reliability: Reliability | None
    checked: date | None
    sources: tuple[str, ...]
    record: AnyRecord
    origin: Origin
    incident: Incident | None = None

    @property
    def page(self) -> str:
        """The Markdown page that holds the record, e.g. cronologia.md."""
        return PAGE_OF_PREFIX[self.prefix]

    @property
    def label(self) -> str:
        return LABEL_OF_PREFIX[self.prefix]

    @property
    def fact_page(self) -> str:
        """The Markdown path of the record's own page, e.g. f/evento-….md."""
        return fact_page(self.anchor)


def facts(data: Dataset) -> list[Fact]:
    """Every record, in the order of the pages: timeline, claims, scams, questions, sources, updates."""
    return list(_facts(data))


def fact_page(anchor: str) -> str:
    return f"{FACT_FOLDER}/{anchor}.md"


def page_url(site_url: str, page: str) -> str:
    """The public URL of a Markdown page, with MkDocs' directory URLs: cronologia.md -> …/cronologia/."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return site_url
    return f"{site_url}{stem.removesuffix('/index')}/"


def fact_url(site_url: str, anchor: str) -> str:
    """The record's own page, the link that is shared: …/f/evento-…/."""
    return page_url(site_url, fact_page(anchor))


def all_sources(records: Iterable[Fact]) -> tuple[str, ...]:
    """The source ids cited by records, in order of first citation."""
    seen: dict[str, None] = {}
    for record in records:
        seen.update(dict.fromkeys(record.sources))
    return tuple(seen)


def _facts(data: Dataset) -> Iterator[Fact]:
    for incident in data.incidents:
        yield Fact(
            anchor=f"incidente-{incident.id}",
            prefix="incidente",
            title=incident.title,
            summary=incident.summary,
            when=_incident_span(incident),
            reliability=None,
            checked=incident.checked,
            sources=incident.sources,
            record=incident,
            origin=incident.origin,
            incident=incident,
        )
        for figure in incident.key_figures:
            yield Fact(
                anchor=f"dato-{figure.id}",
                prefix="dato",
                title=f"{figure.label}: {figure.value}",
                summary=figure.explanation or "",
                when=None,
                reliability=figure.reliability,
                checked=incident.checked,
                sources=_with_disputes(figure.sources, figure.disputes),
                record=figure,
                origin=incident.origin,
                incident=incident,
            )
    for event in data.events:
        yield Fact(
            anchor=f"evento-{event.id}",
            prefix="evento",
            title=event.title,
            summary=event.text,
            when=dates.span(event.when, event.until),
            reliability=event.reliability,
            checked=event.checked,
            sources=_with_disputes(event.sources, event.disputes),
            record=event,
            origin=event.origin,
            incident=data.incidents_by_id.get(event.incident),
        )
    for route in data.routes:
        yield Fact(
            anchor=f"indennizzo-{route.id}",
            prefix="indennizzo",
            title=route.title,
            summary=route.summary,
            when=None,
            reliability=route.reliability,
            checked=route.checked,
            sources=route.sources,
            record=route,
            origin=route.origin,
        )
    for scam in data.scams:
        yield Fact(
            anchor=f"truffa-{scam.id}",
            prefix="truffa",
            title=scam.title,
            summary=scam.description,
            when=None,
            reliability=scam.reliability,
            checked=scam.checked,
            sources=scam.sources,
            record=scam,
            origin=scam.origin,
        )
    for faq in data.faqs:
        yield Fact(
            anchor=f"domanda-{faq.id}",
            prefix="domanda",
            title=faq.question,
            summary=faq.answer,
            when=None,
            reliability=None,
            checked=faq.checked,
            sources=faq.sources,
            record=faq,
            origin=faq.origin,
        )
    for source in data.sources:
        yield Fact(
            anchor=f"fonte-{source.id}",
            prefix="fonte",
            title=f"{source.publisher}: {source.title}",
            summary=source.note or f"{source.publisher}, {dates.partial(source.published)}.",
            when=dates.partial(source.published),
            reliability=None,
            checked=None,
            sources=(source.id,),
            record=source,
            origin=source.origin,
        )
    for update in data.updates:
        yield Fact(
            anchor=f"aggiornamento-{update.id}",
            prefix="aggiornamento",
            title=update.title,
            summary=update.text,
            when=dates.day(update.day),
            reliability=None,
            checked=update.day,
            sources=(),
            record=update,
            origin=update.origin,
        )


def _with_disputes(sources: tuple[str, ...], disputes: Iterable[Dispute]) -> tuple[str, ...]:
    ids = dict.fromkeys(sources)
    for dispute in disputes:
        ids.update(dict.fromkeys(dispute.sources))
    return tuple(ids)


def _incident_span(incident: Incident) -> str:
    with_time = incident.precision == "ora"
    start = dates.moment(incident.start, with_time=with_time)
    if incident.end is None:
        return f"dal {start}, in corso"
    return f"dal {start} al {dates.moment(incident.end, with_time=with_time)}"
