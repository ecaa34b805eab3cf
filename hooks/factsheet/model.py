"""The records of the guide: typed, frozen, built only by load.load_dataset()."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

Reliability = Literal["confermato", "riportato dalla stampa", "non confermato", "smentito", "contestato"]
RouteStatus = Literal["attiva", "chiusa", "esito non noto"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Origin:
    """The data file a record comes from, relative to the repository root, and its line."""

    path: str
    line: int = 1


@dataclass(frozen=True, kw_only=True, slots=True)
class PartialDate:
    """A publication date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class When:
    """A moment of the timeline, with the precision the sources give (Italian time)."""

    day: date
    time: time | None = None
    part_of_day: str | None = None

    @property
    def sort_key(self) -> tuple[date, int]:
        minutes = self.time.hour * 60 + self.time.minute if self.time else _PART_MINUTES.get(self.part_of_day or "", 0)
        return (self.day, minutes)


_PART_MINUTES = {"notte": 1, "mattina": 6 * 60, "pomeriggio": 14 * 60, "sera": 20 * 60}


@dataclass(frozen=True, kw_only=True, slots=True)
class Dispute:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class Site:
    title: str
    description: str
    url: str
    repo_url: str
    licence_name: str
    licence_url: str
    contact: str
    last_full_check: date
    max_days_unchecked: int
    origin: Origin


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    published: PartialDate | None
    kind: str
    archive_url: str | None
    language: str
    note: str | None
    origin: Origin


@dataclass(frozen=True, kw_only=True, slots=True)
class KeyFigure:
    id: str
    label: str
    value: str
    explanation: str | None
    reliability: Reliability
    sources: tuple[str, ...]
    disputes: tuple[Dispute, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class Incident:
    id: str
    title: str
    services: tuple[str, ...]
    operator: str
    start: datetime
    end: datetime | None
    precision: Literal["ora", "giorno"]
    status: Literal["in corso", "risolto"]
    summary: str
    key_figures: tuple[KeyFigure, ...]
    sources: tuple[str, ...]
    checked: date
    origin: Origin


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    id: str
    incident: str
    when: When
    until: When | None
    title: str
    text: str
    category: str
    reliability: Reliability
    disputes: tuple[Dispute, ...]
    sources: tuple[str, ...]
    checked: date
    origin: Origin


@dataclass(frozen=True, kw_only=True, slots=True)
class Route:
    id: str
    title: str
    incidents: tuple[str, ...]
    kind: str
    order: int
    summary: str
    who: str
    cost: str
    steps: tuple[str, ...]
    deadline: str | None
    status: RouteStatus
    status_today: str
    reliability: Reliability | None
    sources: tuple[str, ...]
    checked: date
    origin: Origin


@dataclass(frozen=True, kw_only=True, slots=True)
class ReportTo:
    name: str
    url: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Scam:
    id: str
    title: str
    incidents: tuple[str, ...]
    channels: tuple[str, ...]
    order: int
    description: str
    red_flags: tuple[str, ...]
    what_to_do: tuple[str, ...]
    report_to: tuple[ReportTo, ...]
    operator_policy: str | None
    reliability: Reliability
    sources: tuple[str, ...]
    checked: date
    origin: Origin


@dataclass(frozen=True, kw_only=True, slots=True)
class Faq:
    id: str
    question: str
    order: int
    answer: str
    links: tuple[str, ...]
    sources: tuple[str, ...]
    checked: date
    origin: Origin


@dataclass(frozen=True, kw_only=True, slots=True)
class Update:
    id: str
    day: date
    title: str
    text: str
    links: tuple[str, ...]
    origin: Origin


Record = Incident | Event | Route | Scam | Faq | Source | Update


@dataclass(frozen=True, kw_only=True, slots=True)
class Dataset:
    """Everything in data/, each tuple sorted in reading order."""

    site: Site
    incidents: tuple[Incident, ...]
    events: tuple[Event, ...]
    sources: tuple[Source, ...]
    routes: tuple[Route, ...]
    scams: tuple[Scam, ...]
    faqs: tuple[Faq, ...]
    updates: tuple[Update, ...]
    sources_by_id: Mapping[str, Source]
    incidents_by_id: Mapping[str, Incident]
