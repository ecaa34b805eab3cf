"""The records of the guide: typed, frozen, built only by load.load_dataset()."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal

Reliability = Literal["confermato", "riportato dalla stampa", "non confermato", "smentito", "contestato"]
RouteStatus = Literal["attiva", "chiusa", "esito non noto"]
ServiceState = Literal["non funziona", "parziale", "funziona"]


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

    @property
    def window(self) -> tuple[datetime, datetime]:
        """Italian wall-clock times between which the moment lies: one minute, a part of the day, or the whole day."""
        start = datetime.combine(self.day, time())
        if self.time is not None:
            moment = datetime.combine(self.day, self.time)
            return (moment, moment + timedelta(minutes=1))
        first, last = _PART_HOURS.get(self.part_of_day or "", (0, 24))
        return (start + timedelta(hours=first), start + timedelta(hours=last))


_PART_MINUTES = {"notte": 1, "mattina": 6 * 60, "pomeriggio": 14 * 60, "sera": 20 * 60}
_PART_HOURS = {"notte": (0, 6), "mattina": (6, 12), "pomeriggio": (12, 18), "sera": (18, 24)}


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
    # Question id -> the answer ids for which the route fits (see Checker).
    conditions: Mapping[str, tuple[str, ...]]
    why: str
    instead: str | None
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


@dataclass(frozen=True, kw_only=True, slots=True)
class Channel:
    """One way to use the mail (webmail, an app, incoming mail…): one band of the chart."""

    id: str
    name: str


@dataclass(frozen=True, kw_only=True, slots=True)
class StateChange:
    """From `start` a channel is in `state`, until its next change or until `until`."""

    channel: str
    start: When
    until: When | None
    state: ServiceState
    detail: str | None
    event: str | None
    reliability: Reliability
    sources: tuple[str, ...]
    line: int


@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceStates:
    """data/stati/<incident id>.yml: the state of each channel over the time of one incident."""

    id: str
    channels: tuple[Channel, ...]
    # In channel order, then in time order.
    changes: tuple[StateChange, ...]
    # Every event drawn on the chart (those of the changes and the extra ones), in time order.
    marked_events: tuple[str, ...]
    checked: date
    origin: Origin


@dataclass(frozen=True, kw_only=True, slots=True)
class Answer:
    id: str
    label: str
    advice: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Question:
    id: str
    text: str
    help: str | None
    # Asked only when every earlier question named here got one of the listed answers.
    only_if: Mapping[str, tuple[str, ...]]
    answers: tuple[Answer, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class Checker:
    """data/verifica.yml: the questions of «Posso chiedere un indennizzo?», in the order they are asked."""

    title: str
    intro: str
    questions: tuple[Question, ...]
    if_nothing_fits: str
    checked: date
    origin: Origin


@dataclass(frozen=True, kw_only=True, slots=True)
class Letter:
    """data/lettere/<id>.yml: a letter template whose {placeholders} the reader fills in the browser."""

    id: str
    title: str
    order: int
    route: str
    description: str
    sending: str
    email: str | None
    subject: str
    body: tuple[str, ...]
    sources: tuple[str, ...]
    checked: date
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
    # Incident id -> the states of its services, for the incidents that have a data/stati/ file.
    service_states: Mapping[str, ServiceStates] = field(default_factory=dict)
    checker: Checker | None = None
    letters: tuple[Letter, ...] = ()
