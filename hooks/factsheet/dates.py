"""Dates and times written the Italian way, always in Italian time."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date

from .model import PartialDate, When

ROME = ZoneInfo("Europe/Rome")


# Babel takes tens of microseconds a date, and a big guide writes the same few days thousands of times.
@lru_cache(maxsize=4096)
def day(value: date) -> str:
    """23 gennaio 2023."""
    return format_date(value, "d MMMM y", locale="it")


@lru_cache(maxsize=4096)
def day_with_weekday(value: date) -> str:
    """lunedì 23 gennaio 2023."""
    return format_date(value, "EEEE d MMMM y", locale="it")


def moment(value: datetime, *, with_time: bool = True) -> str:
    """23 gennaio 2023, ore 16:00 (in Italian time, whatever the offset written)."""
    local = value.astimezone(ROME)
    return f"{day(local.date())}, ore {local:%H:%M}" if with_time else day(local.date())


def when(value: When) -> str:
    """A timeline moment with the precision known: a time, a part of the day, or the day alone."""
    if value.time is not None:
        return f"{day(value.day)}, ore {value.time:%H:%M}"
    if value.part_of_day:
        return f"{day(value.day)}, {value.part_of_day}"
    return day(value.day)


def span(start: When, end: When | None) -> str:
    """dal 23 gennaio 2023, ore 16:00 al 26 gennaio 2023, ore 13:00."""
    if end is None:
        return when(start)
    return f"dal {when(start)} al {when(end)}"


def partial(value: PartialDate | None) -> str:
    """27 gennaio 2023, gennaio 2023, 2023 or senza data."""
    if value is None:
        return "senza data"
    if value.day is not None and value.month is not None:
        return day(date(value.year, value.month, value.day))
    if value.month is not None:
        return format_date(date(value.year, value.month, 1), "MMMM y", locale="it")
    return str(value.year)


def iso_partial(value: PartialDate | None) -> str | None:
    if value is None:
        return None
    return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(p for p in (value.year, value.month, value.day) if p is not None))


def duration(start: datetime, end: datetime) -> str:
    """About how long: 6 giorni e 23 ore."""
    total_hours = int((end - start).total_seconds() // 3600)
    days, hours = divmod(total_hours, 24)
    parts = []
    if days:
        parts.append("1 giorno" if days == 1 else f"{days} giorni")
    if hours:
        parts.append("1 ora" if hours == 1 else f"{hours} ore")
    return " e ".join(parts) or "meno di un'ora"
