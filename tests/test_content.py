"""Invariants of the guide's real content in data/: what every editor's change must keep true."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import ROOT
from factsheet.load import load_dataset
from factsheet.model import Dataset, Event, Faq, Incident, Route, Scam

JUNE_2023 = date(2023, 6, 1)


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(ROOT / "data")


def fact_records(data: Dataset) -> list[Incident | Event | Route | Scam | Faq]:
    return [*data.incidents, *data.events, *data.routes, *data.scams, *data.faqs]


def cited_sources(data: Dataset) -> set[str]:
    cited: set[str] = set()
    for record in fact_records(data):
        cited.update(record.sources)
        for dispute in getattr(record, "disputes", ()):
            cited.update(dispute.sources)
    for incident in data.incidents:
        for figure in incident.key_figures:
            cited.update(figure.sources)
            for dispute in figure.disputes:
                cited.update(dispute.sources)
    return cited


def test_every_fact_cites_a_source_with_a_url_publisher_and_date(data: Dataset) -> None:
    for record in fact_records(data):
        sources = [data.sources_by_id[s] for s in record.sources]
        assert sources, record.id
        assert all(s.url.startswith(("https://", "http://")) and s.publisher for s in sources), record.id
        assert any(s.published is not None for s in sources), f"{record.id}: nessuna fonte datata"


def test_every_key_figure_cites_a_source(data: Dataset) -> None:
    for incident in data.incidents:
        for figure in incident.key_figures:
            assert figure.sources, figure.id


def test_every_source_is_cited_somewhere(data: Dataset) -> None:
    assert set(data.sources_by_id) - cited_sources(data) == set()


def test_disputed_facts_show_at_least_two_sources(data: Dataset) -> None:
    records = [*data.events, *(k for i in data.incidents for k in i.key_figures)]
    for record in records:
        if record.reliability == "contestato":
            every = set(record.sources) | {s for d in record.disputes for s in d.sources}
            assert len(every) >= 2, record.id


def test_june_events_are_never_dated_before_june(data: Dataset) -> None:
    for event in data.events:
        if event.incident == "giugno-2023":
            assert event.when.day >= JUNE_2023, event.id


def test_january_events_do_not_start_before_the_outage(data: Dataset) -> None:
    start = data.incidents_by_id["gennaio-2023"].start.date()
    for event in data.events:
        if event.incident == "gennaio-2023":
            assert event.when.day >= start, event.id


def test_both_outages_are_kept_as_separate_incidents(data: Dataset) -> None:
    assert {"gennaio-2023", "giugno-2023"} <= set(data.incidents_by_id)


def test_no_record_is_left_unchecked_longer_than_the_policy(data: Dataset) -> None:
    today = date.today()
    oldest_allowed = today - timedelta(days=data.site.max_days_unchecked)
    for record in fact_records(data):
        assert oldest_allowed <= record.checked <= today, f"{record.id}: verificato il {record.checked}"


def test_every_route_states_its_status_today(data: Dataset) -> None:
    for route in data.routes:
        assert route.status in ("attiva", "chiusa", "esito non noto")
        assert route.status_today.strip(), route.id


def test_closed_2023_compensation_is_not_presented_as_open(data: Dataset) -> None:
    for route in data.routes:
        if route.kind == "ristoro del gestore":
            assert route.status != "attiva", route.id


def test_the_faq_has_at_least_fifteen_questions(data: Dataset) -> None:
    assert len(data.faqs) >= 15


def test_the_updates_log_has_entries(data: Dataset) -> None:
    assert data.updates
