"""Each incident's timeline: one band per channel, drawn as inline SVG, with the same data as text.

Pure: records in, one block of HTML out, the same bytes for the same data. The page
gets an <svg> and two lists, no script and no charting library. Every text is HTML
escaped. Links are computed by the caller for the page the chart lands on, because
MkDocs does not rewrite links inside raw HTML.

Colours come as presentation attributes for the light scheme and guida.css overrides
them for the dark one. Colour is never the only cue: each state has its own pattern
and, where it fits, a written label; the lists below the chart say it all in words.
The block has no blank line, so Markdown passes it through as one raw HTML block.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import dates
from .model import Channel, Dataset, Event, Incident, PartialDate, ServiceStates, StateChange, When

UNKNOWN = "non noto"


@dataclass(frozen=True, kw_only=True, slots=True)
class Period:
    """A stretch of time in which one channel is in one state; a gap the sources leave is UNKNOWN."""

    channel: Channel
    state: str
    start: datetime
    # None: from start to the end of the chart.
    end: datetime | None
    text: str
    change: StateChange | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Marker:
    number: int
    event: Event
    at: datetime
    text: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Timeline:
    """What the chart shows, in Italian wall-clock time, before any geometry."""

    id: str
    title: str
    start: datetime
    end: datetime
    channels: tuple[Channel, ...]
    periods: tuple[Period, ...]
    # (channel id, from, to): where a change happened at a time the sources give only roughly.
    uncertain: tuple[tuple[str, datetime, datetime], ...]
    markers: tuple[Marker, ...]


def chart_html(states: ServiceStates, data: Dataset, *, link: Callable[[str], str]) -> str:
    """The figure for one incident: caption, chart, legend and the text equivalent.

    link maps an anchor (evento-…, fonte-…) to the href that reaches it from this page.
    """
    timeline = build_timeline(states, data.incidents_by_id[states.id], data)
    return _figure(timeline, data, link)


def build_timeline(states: ServiceStates, incident: Incident, data: Dataset) -> Timeline:
    events = {e.id: e for e in data.events}
    incident_start = _wall(incident.start)
    # With only the day known, the incident "starts" anywhere in that day: no gap before the first change.
    gaps_from = incident_start if incident.precision == "ora" else incident_start + timedelta(days=1)
    periods: list[Period] = []
    uncertain: list[tuple[str, datetime, datetime]] = []
    for channel in states.channels:
        changes = [c for c in states.changes if c.channel == channel.id]
        if _edge(changes[0].start)[0] > gaps_from:
            incident_edge = (incident_start, dates.moment(incident.start, with_time=incident.precision == "ora"))
            periods.append(_period(channel, UNKNOWN, incident_edge, _edge(changes[0].start)))
        for change, following in zip(changes, [*changes[1:], None], strict=True):
            end = change.until or (following.start if following else None)
            periods.append(_period(channel, change.state, _edge(change.start), _edge(end) if end else None, change))
            if change.until and (following is None or following.start.window[0] > change.until.window[0]):
                periods.append(_period(channel, UNKNOWN, _edge(change.until), _edge(following.start) if following else None))
            for moment in (change.start, change.until):
                if moment is not None and moment.time is None:
                    uncertain.append((channel.id, *moment.window))
    marked = [events[e] for e in states.marked_events]
    markers = tuple(Marker(number=i, event=e, at=_marker_time(e.when), text=f"{_moment_text(e.when)}: {e.title}") for i, e in enumerate(marked, start=1))
    latest = [incident_start, *(p.start for p in periods), *(p.end for p in periods if p.end), *(hi for _, _, hi in uncertain)]
    latest += [m.event.when.window[1] for m in markers]
    if incident.end:
        latest.append(_wall(incident.end))
    first_day = incident_start.date()
    last_day = (max(latest) - timedelta(minutes=1)).date()
    return Timeline(
        id=f"stato-{states.id}",
        title=incident.title,
        start=_midnight(first_day),
        end=_midnight(last_day + timedelta(days=1)),
        channels=states.channels,
        periods=tuple(periods),
        uncertain=tuple(uncertain),
        markers=markers,
    )


def period_sentence(period: Period) -> str:
    """The line the chart's tooltip and the text equivalent share: «Webmail: non funziona dal … al …»."""
    return f"{period.channel.name}: {period.text}"


def marker_sentence(marker: Marker) -> str:
    return f"{marker.number}. {marker.text}"


# Figure -------------------------------------------------------------------------


def _figure(timeline: Timeline, data: Dataset, link: Callable[[str], str]) -> str:
    lines = [
        f'<figure class="fs-chart" id="{_e(timeline.id)}">',
        f'<figcaption class="fs-chart__caption">Cosa funzionava e cosa no, giorno per giorno: {_e(timeline.title)}</figcaption>',
        f'<div class="fs-chart__scroll" role="region" tabindex="0" aria-label="{_e("Grafico: " + timeline.title)}">',
        *_svg(timeline, link),
        "</div>",
        *_legend(),
        *_text_equivalent(timeline, data, link),
        "</figure>",
    ]
    return "\n".join(lines)


def _legend() -> list[str]:
    items = [
        *(f'<li><span class="fs-chart__swatch fs-chart__swatch--{_SLUG[state]}" aria-hidden="true"></span>{_e(_LABEL[state])}</li>' for state in _STATES),
        '<li><span class="fs-chart__swatch fs-chart__swatch--uncertain" aria-hidden="true"></span>momento incerto: le fonti danno solo il giorno o la parte del giorno</li>',
        '<li><span class="fs-chart__swatch fs-chart__swatch--marker" aria-hidden="true">1</span>un fatto importante: apri il numero per leggerlo nella cronologia</li>',
    ]
    return ['<p class="fs-chart__heading">Come leggere il grafico</p>', '<ul class="fs-chart__legend">', *items, "</ul>"]


def _text_equivalent(timeline: Timeline, data: Dataset, link: Callable[[str], str]) -> list[str]:
    lines = ['<p class="fs-chart__heading">Gli stessi dati in parole, canale per canale</p>', '<ul class="fs-chart__channels">']
    for channel in timeline.channels:
        lines.append(f"<li><strong>{_e(channel.name)}</strong>")
        lines.append('<ul class="fs-chart__periods">')
        for period in (p for p in timeline.periods if p.channel is channel):
            lines.append(f"<li>{_period_item(period, data, link)}</li>")
        lines.append("</ul></li>")
    lines.append("</ul>")
    if timeline.markers:
        lines.append('<p class="fs-chart__heading">I fatti segnati con un numero</p>')
        lines.append('<ol class="fs-chart__events">')
        for marker in timeline.markers:
            when = _moment_text(marker.event.when)
            lines.append(f'<li>{_e(when)}: <a href="{_e(link("evento-" + marker.event.id))}">{_e(marker.event.title)}</a></li>')
        lines.append("</ol>")
    return lines


def _period_item(period: Period, data: Dataset, link: Callable[[str], str]) -> str:
    text = f'<span class="fs-chart__swatch fs-chart__swatch--{_SLUG[period.state]}" aria-hidden="true"></span>'
    text += f'<span class="fs-chart__period">{_e(period.text)}</span>.'
    change = period.change
    if change is None:
        return text + " Le fonti che abbiamo trovato non lo dicono."
    if change.detail:
        text += f" {_e(change.detail)}"
    if change.reliability != "confermato":
        text += f' <span class="fs-badge fs-badge--{_BADGE[change.reliability]}">{_e(change.reliability)}</span>'
    cited = ", ".join(f'<a href="{_e(link("fonte-" + s))}">{_e(data.sources_by_id[s].publisher)}</a>' for s in change.sources)
    return f"{text} Fonti: {cited}."


# SVG ------------------------------------------------------------------------------


def _svg(timeline: Timeline, link: Callable[[str], str]) -> list[str]:
    days = (timeline.end - timeline.start).days
    day_width = max(MIN_DAY_WIDTH, TARGET_WIDTH / days)
    width = round(2 * PAD_X + days * day_width)

    def x(moment: datetime) -> float:
        clamped = min(max(moment, timeline.start), timeline.end)
        return PAD_X + (clamped - timeline.start).total_seconds() / 86400 * day_width

    lanes = _lanes([x(m.at) for m in timeline.markers])
    lane_count = max(lanes, default=-1) + 1
    bands_top = PAD_TOP + max(lane_count, 1) * LANE + PAD_TOP
    axis_top = bands_top + len(timeline.channels) * CHANNEL
    height = axis_top + AXIS
    ids = _Ids(timeline.id)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fs-chart__svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_e(_svg_title(timeline))}</title>",
        f"<desc>{_e(_svg_description(timeline))}</desc>",
        *_defs(ids),
        '<g class="fs-chart__grid" aria-hidden="true">',
    ]
    for i in range(days + 1):
        gx = _n(PAD_X + i * day_width)
        lines.append(f'<line x1="{gx}" y1="{bands_top}" x2="{gx}" y2="{axis_top}" stroke="currentColor" stroke-opacity="0.2"/>')
    for marker, lane in zip(timeline.markers, lanes, strict=True):
        mx = _n(x(marker.at))
        lines.append(f'<line x1="{mx}" y1="{_lane_y(lane, bands_top) + RADIUS}" x2="{mx}" y2="{axis_top}" stroke="currentColor" stroke-dasharray="2 3"/>')
    lines.append("</g>")
    lines.append('<g class="fs-chart__bands" aria-hidden="true">')
    for row, channel in enumerate(timeline.channels):
        top = bands_top + row * CHANNEL
        band_y = top + LABEL
        # A background in the page colour, so grid and marker lines do not cross the name.
        name_width = len(channel.name) * NAME_CHAR + 8
        lines.append(f'<rect class="fs-chart__pill" x="{PAD_X - 4}" y="{top + 2}" width="{_n(name_width)}" height="{LABEL - 4}" fill="#ffffff"/>')
        lines.append(f'<text x="{PAD_X}" y="{top + LABEL - 6}" font-size="14" font-weight="700" fill="currentColor">{_e(channel.name)}</text>')
        for period in (p for p in timeline.periods if p.channel is channel):
            x1, x2 = x(period.start), x(period.end or timeline.end)
            lines.extend(_band(period, x1, x2, band_y, ids))
        for channel_id, lo, hi in timeline.uncertain:
            if channel_id == channel.id:
                x1, x2 = x(lo), x(hi)
                lines.append(
                    f'<rect class="fs-chart__uncertain" x="{_n(x1)}" y="{band_y}" width="{_n(x2 - x1)}" height="{BAND}" fill="url(#{ids.uncertain})"'
                    ' stroke="currentColor" stroke-dasharray="3 2"/>'
                )
        for period in (p for p in timeline.periods if p.channel is channel):
            lines.extend(_band_label(period, x(period.start), x(period.end or timeline.end), band_y))
    lines.append("</g>")
    lines.extend(_axis(timeline, day_width, axis_top))
    lines.append('<g class="fs-chart__markers">')
    for marker, lane in zip(timeline.markers, lanes, strict=True):
        mx, my = _n(x(marker.at)), _lane_y(lane, bands_top)
        lines.append(f'<a class="fs-chart__marker" href="{_e(link("evento-" + marker.event.id))}">')
        lines.append(f"<title>{_e(marker_sentence(marker))}</title>")
        lines.append(f'<circle cx="{mx}" cy="{my}" r="{RADIUS}" fill="#ffffff" stroke="currentColor" stroke-width="2"/>')
        lines.append(f'<text x="{mx}" y="{my + 4.5}" font-size="13" font-weight="700" text-anchor="middle" fill="currentColor">{marker.number}</text>')
        lines.append("</a>")
    lines.append("</g>")
    lines.append("</svg>")
    return lines


def _band(period: Period, x1: float, x2: float, y: int, ids: _Ids) -> list[str]:
    slug = _SLUG[period.state]
    title = f"<title>{_e(period_sentence(period))}</title>"
    geometry = f'x="{_n(x1)}" y="{y}" width="{_n(x2 - x1)}" height="{BAND}"'
    if period.state == UNKNOWN:
        paint = 'fill="none" stroke="currentColor" stroke-dasharray="4 3"'
    else:
        paint = f'fill="url(#{ids.pattern[period.state]})" stroke="currentColor"'
    return [f'<rect class="fs-chart__band fs-chart__band--{slug}" {geometry} {paint}>{title}</rect>']


def _band_label(period: Period, x1: float, x2: float, y: int) -> list[str]:
    label = _LABEL[period.state]
    needed = len(label) * LABEL_CHAR + 2 * LABEL_PAD
    if x2 - x1 < needed + 12:
        return []
    cx = (x1 + x2) / 2
    return [
        f'<rect class="fs-chart__pill" x="{_n(cx - needed / 2)}" y="{y + 3}" width="{_n(needed)}" height="{BAND - 6}" rx="4" fill="#ffffff"/>',
        f'<text class="fs-chart__label" x="{_n(cx)}" y="{y + BAND / 2 + 4}" font-size="12" text-anchor="middle" fill="currentColor">{_e(label)}</text>',
    ]


def _axis(timeline: Timeline, day_width: float, top: int) -> list[str]:
    lines = ['<g class="fs-chart__axis" aria-hidden="true">']
    days = (timeline.end - timeline.start).days
    month_labels: list[tuple[float, str]] = []
    for i in range(days):
        day = (timeline.start + timedelta(days=i)).date()
        lines.append(f'<text x="{_n(PAD_X + (i + 0.5) * day_width)}" y="{top + 16}" font-size="13" text-anchor="middle" fill="currentColor">{day.day}</text>')
        if i == 0 or day.day == 1:
            month_labels.append((PAD_X + i * day_width, dates.partial(PartialDate(year=day.year, month=day.month))))
    for i, (mx, label) in enumerate(month_labels):
        following = month_labels[i + 1][0] if i + 1 < len(month_labels) else None
        # The first month's name gives way when the next month begins too close to it.
        if following is None or following - mx >= len(label) * LABEL_CHAR + 8:
            lines.append(f'<text x="{_n(mx + 2)}" y="{top + 36}" font-size="13" font-weight="700" fill="currentColor">{_e(label)}</text>')
    lines.append("</g>")
    return lines


def _defs(ids: _Ids) -> list[str]:
    down, partial, up = (ids.pattern[s] for s in ("non funziona", "parziale", "funziona"))
    return [
        "<defs>",
        f'<pattern id="{down}" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">',
        '<rect class="fs-chart__paint--down" width="8" height="8" fill="#c34c00"/>',
        '<path class="fs-chart__ink--down" d="M0 0V8M0 4H8" stroke="#ffffff" stroke-width="2"/>',
        "</pattern>",
        f'<pattern id="{partial}" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">',
        '<rect class="fs-chart__paint--partial" width="8" height="8" fill="#f0e442"/>',
        '<path class="fs-chart__ink--partial" d="M2 0V8" stroke="#6b5a00" stroke-width="2.5"/>',
        "</pattern>",
        f'<pattern id="{up}" patternUnits="userSpaceOnUse" width="8" height="8">',
        '<rect class="fs-chart__paint--up" width="8" height="8" fill="#0072b2"/>',
        "</pattern>",
        f'<pattern id="{ids.uncertain}" patternUnits="userSpaceOnUse" width="6" height="6">',
        '<rect class="fs-chart__paint--uncertain" width="6" height="6" fill="#ffffff" fill-opacity="0.45"/>',
        '<circle class="fs-chart__ink--uncertain" cx="3" cy="3" r="1.2" fill="#000000" fill-opacity="0.55"/>',
        "</pattern>",
        "</defs>",
    ]


def _svg_title(timeline: Timeline) -> str:
    last = (timeline.end - timedelta(days=1)).date()
    return f"Grafico dello stato dei servizi dal {dates.day(timeline.start.date())} al {dates.day(last)}"


def _svg_description(timeline: Timeline) -> str:
    names = "; ".join(c.name for c in timeline.channels)
    bands = "Una fascia orizzontale" if len(timeline.channels) == 1 else f"{len(timeline.channels)} fasce orizzontali, una per canale"
    text = (
        f"{bands}: {names}. I giorni scorrono da sinistra a destra. Colori, motivi e scritte dicono se il canale non funziona,"
        " funziona solo in parte, funziona, oppure se il suo stato non è noto."
    )
    if timeline.markers:
        text += " I cerchi numerati sono i fatti principali e portano alla cronologia."
    return text + " Sotto il grafico ci sono gli stessi dati scritti per esteso."


# Helpers --------------------------------------------------------------------------


class _Ids:
    """Element ids, prefixed with the chart's id so two charts can share a page."""

    def __init__(self, prefix: str) -> None:
        self.pattern = {state: f"{prefix}-motivo-{_SLUG[state]}" for state in ("non funziona", "parziale", "funziona")}
        self.uncertain = f"{prefix}-motivo-incerto"


def _period(channel: Channel, state: str, start: tuple[datetime, str], end: tuple[datetime, str] | None, change: StateChange | None = None) -> Period:
    text = f"dal {start[1]} al {end[1]}" if end else f"dal {start[1]} in poi"
    return Period(channel=channel, state=state, start=start[0], end=end[0] if end else None, text=f"{_LABEL[state]} {text}", change=change)


def _edge(moment: When) -> tuple[datetime, str]:
    """Where a change is drawn (the start of the time the sources allow) and how it is written."""
    return (moment.window[0], _moment_text(moment))


def _moment_text(moment: When) -> str:
    """The moment with the precision the sources give, and saying so when only the day is known."""
    if moment.time is not None:
        return dates.when(moment)
    return f"{dates.day(moment.day)} ({moment.part_of_day or 'ora non nota'})"


def _marker_time(moment: When) -> datetime:
    lo, hi = moment.window
    return lo if moment.time is not None else lo + (hi - lo) / 2


def _lanes(xs: list[float]) -> list[int]:
    """A row for each marker, the lowest free one, so that no two markers touch."""
    last: list[float] = []
    lanes = []
    for mx in xs:
        lane = next((i for i, previous in enumerate(last) if mx - previous >= MARKER_GAP), len(last))
        if lane == len(last):
            last.append(mx)
        else:
            last[lane] = mx
        lanes.append(lane)
    return lanes


def _lane_y(lane: int, bands_top: int) -> int:
    return bands_top - PAD_TOP - RADIUS - lane * LANE


def _wall(moment: datetime) -> datetime:
    return moment.astimezone(dates.ROME).replace(tzinfo=None)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _n(value: float) -> str:
    """Coordinates with at most one decimal, always written the same way."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


_STATES = ("non funziona", "parziale", "funziona", UNKNOWN)
_LABEL = {"non funziona": "non funziona", "parziale": "funziona solo in parte", "funziona": "funziona", UNKNOWN: "stato non noto"}
_SLUG = {"non funziona": "down", "parziale": "partial", "funziona": "up", UNKNOWN: "unknown"}
_BADGE = {"riportato dalla stampa": "stampa", "non confermato": "dubbio"}

# Geometry, in CSS pixels: the SVG is never scaled down on screen, so these are the real sizes.
# Fits the text column of a desktop page (about 680 px) without scrolling.
TARGET_WIDTH = 650
MIN_DAY_WIDTH = 30
PAD_X = 12
PAD_TOP = 8
RADIUS = 12
# Markers are 24 px across (WCAG 2.5.8) with a little space between them.
MARKER_GAP = 2 * RADIUS + 4
LANE = 2 * RADIUS + 4
LABEL = 22
BAND = 26
CHANNEL = LABEL + BAND + 14
AXIS = 46
# About the width of one character at 12-14 px, to decide whether a label fits.
LABEL_CHAR = 6.0
# The same for the channel names, in bold at 14 px.
NAME_CHAR = 8.4
LABEL_PAD = 6
