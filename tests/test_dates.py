"""Dates and times are written in Italian, in Italian time."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from factsheet import dates
from factsheet.model import PartialDate, When


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (When(day=date(2023, 1, 23), time=time(16, 0)), "23 gennaio 2023, ore 16:00"),
        (When(day=date(2023, 1, 25), part_of_day="pomeriggio"), "25 gennaio 2023, pomeriggio"),
        (When(day=date(2023, 6, 13)), "13 giugno 2023"),
    ],
)
def test_when_keeps_the_known_precision(value: When, expected: str) -> None:
    assert dates.when(value) == expected


def test_moment_converts_to_italian_time() -> None:
    assert dates.moment(datetime.fromisoformat("2023-06-13T20:30+00:00")) == "13 giugno 2023, ore 22:30"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PartialDate(year=2023, month=1, day=27), "27 gennaio 2023"),
        (PartialDate(year=2023, month=2), "febbraio 2023"),
        (PartialDate(year=2023), "2023"),
        (None, "senza data"),
    ],
)
def test_partial_dates(value: PartialDate | None, expected: str) -> None:
    assert dates.partial(value) == expected


def test_span_of_a_window() -> None:
    start = When(day=date(2023, 1, 23), time=time(16, 0))
    end = When(day=date(2023, 1, 26), time=time(13, 0))
    assert dates.span(start, end) == "dal 23 gennaio 2023, ore 16:00 al 26 gennaio 2023, ore 13:00"


def test_duration_in_days_and_hours() -> None:
    start = datetime.fromisoformat("2023-01-22T22:00+01:00")
    assert dates.duration(start, datetime.fromisoformat("2023-01-28T21:00+01:00")) == "5 giorni e 23 ore"
