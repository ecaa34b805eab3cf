"""The generated pages of the guide, as Markdown, from the records.

Markup lives in templates/*.md.jinja. Every value that reaches a template is
escaped for Markdown and HTML unless a filter made it safe on purpose (md for the
Markdown subset, url for link targets), so no data can become markup.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from . import dates, meta, render_chart, text, workers
from .background import Background, BackgroundError
from .export_feed import FEED_PATH, atom
from .export_json import EXPORT_PATH, SCHEMA_PATH, export, schema, to_json
from .model import Dataset, Event, Faq, Incident, Route, Scam, Source, Update
from .records import FACT_FOLDER, PAGE_OF_PREFIX, PAGE_TITLES, Fact, fact_url, facts

# The «Copia link» button of a share row and the status that says what it did. They are in
# the page from the start, so nothing moves when condividi.js starts; the button stays hidden
# until JavaScript runs (guida.css shows it under html.js), as it does nothing without it.
COPY_CONTROLS = '<button type="button" class="fs-copy" hidden>Copia link</button> '
COPY_STATUS = ' <span class="fs-copy-status" role="status"></span>'
SOURCE_KIND_ORDER = ("comunicato ufficiale", "autorità", "associazione di consumatori", "stampa", "opera di consultazione", "blog", "social", "aggregatore")
SOURCE_KIND_HEADINGS = {
    "comunicato ufficiale": "Comunicati e pagine ufficiali di Italiaonline",
    "autorità": "Autorità e istituzioni",
    "associazione di consumatori": "Associazioni di consumatori",
    "stampa": "Giornali e siti di informazione",
    "opera di consultazione": "Opere di consultazione",
    "blog": "Blog e siti personali",
    "social": "Social network",
    "aggregatore": "Copie e aggregatori (da usare con cautela)",
}


@dataclass(frozen=True, kw_only=True, slots=True)
class Page:
    """One generated page: where it goes, its Markdown, and the data it is edited in.

    listed is False for the pages of single facts (f/…): they are reached from the
    fact's share links, not from the navigation.
    """

    path: str
    content: str
    edit_path: str
    listed: bool = True


# Below this many pages, another process costs more than it saves.
PARALLEL_MINIMUM = 100


def render_pages(data: Dataset, *, directory_urls: bool = True, processes: int = 1) -> list[Page]:
    """Every generated page, in a fixed order: the guide's pages, then one page per fact.

    directory_urls says how the site links its pages (cronologia/ or cronologia.html), for
    the links written in raw HTML, which MkDocs does not rewrite. processes > 1 shares the
    pages out among that many processes, where the system can fork (workers.py): the
    pages are the same.
    """
    plan = plan_pages(data, directory_urls=directory_urls)
    if processes > 1:
        plan.prepare()
    return workers.map_in_processes(plan.render, plan.jobs, processes=processes, minimum=PARALLEL_MINIMUM, weights=plan.weights)


@dataclass(frozen=True, kw_only=True, slots=True)
class Slot:
    """Where a generated page goes and what it is edited in, known before its Markdown is written."""

    path: str
    edit_path: str
    listed: bool = True


Job = tuple[str, str, str, Callable[[], dict[str, Any]]] | Fact


@dataclass(frozen=True, kw_only=True, slots=True)
class Plan:
    """The generated pages before they are written: render(jobs[i]) is the page at slots[i]."""

    jobs: Sequence[Any]
    slots: Sequence[Slot]
    # What each page costs to write, roughly: a page of records about as much as the records' own pages.
    weights: Sequence[float]
    render: Callable[[Any], Page]
    # Makes what the pages share, once: called before a fork, each process then has it.
    prepare: Callable[[], object] = lambda: None

    def then(self, other: Plan) -> Plan:
        """This plan's pages, then other's."""
        plans = (self, other)
        return Plan(
            jobs=[*((0, job) for job in self.jobs), *((1, job) for job in other.jobs)],
            slots=[*self.slots, *other.slots],
            weights=[*self.weights, *other.weights],
            render=lambda job: plans[job[0]].render(job[1]),
            prepare=lambda: (self.prepare(), other.prepare()),
        )


def plan_pages(data: Dataset, *, directory_urls: bool = True) -> Plan:
    """The pages render_pages() gives, in the same order, each to be written when asked for.

    What the pages share (the templates, compiled, and the indexes of the records) is made
    by prepare(), or by the first page written, in the process that writes it.
    """
    all_facts = facts(data)
    common = {"site": data.site, "data": data}

    @cache
    def shared() -> tuple[jinja2.Environment, dict[str, list[str]]]:
        index = _AnchorIndex(all_facts)
        env = _environment(index, data, directory_urls=directory_urls)
        for _, template, _, _ in pages:
            env.get_template(template)
        env.get_template("scheda.md.jinja")
        return env, _cited_in(data, index)

    # (page, template, what it is edited in, the template's own values)
    pages: list[tuple[str, str, str, Callable[[], dict[str, Any]]]] = [
        (
            "index.md",
            "index.md.jinja",
            "data/incidenti/",
            lambda: {"last_checked": _latest([*(r.checked for r in data.incidents), *(r.checked for r in data.routes), *(r.checked for r in data.scams)])},
        ),
        (
            "cronologia.md",
            "cronologia.md.jinja",
            "data/eventi/",
            lambda: {"last_checked": _latest([*(r.checked for r in data.incidents), *(r.checked for r in data.events)]), "events_of": _events_of(data)},
        ),
        ("indennizzi.md", "indennizzi.md.jinja", "data/indennizzi/", lambda: {"last_checked": _latest(r.checked for r in data.routes)}),
        ("truffe.md", "truffe.md.jinja", "data/truffe/", lambda: {"last_checked": _latest(r.checked for r in data.scams)}),
        ("domande-frequenti.md", "domande.md.jinja", "data/domande/", lambda: {"last_checked": _latest(r.checked for r in data.faqs)}),
        # Sources carry no date of their own: the page is as fresh as the last full check.
        (
            "fonti.md",
            "fonti.md.jinja",
            "data/fonti/",
            lambda: {"groups": _source_groups(data.sources), "cited_in": shared()[1], "last_checked": data.site.last_full_check},
        ),
        ("aggiornamenti.md", "aggiornamenti.md.jinja", "data/aggiornamenti/", lambda: {"last_checked": _latest(u.day for u in data.updates)}),
    ]

    def render(job: Job) -> Page:
        env, cited_in = shared()
        if not isinstance(job, Fact):
            path, template, edit, extra = job
            content = env.get_template(template).render(**common, **extra(), page_title=PAGE_TITLES.get(path, ""))
            return Page(path=path, content=_tidy(content), edit_path=edit)
        content = env.get_template("scheda.md.jinja").render(
            **common,
            fact=job,
            description=meta.excerpt(meta.plain(job.summary)) or job.title,
            page_title=PAGE_TITLES[job.page],
            cited_in=cited_in,
            last_checked=job.checked or data.site.last_full_check,
        )
        return Page(path=job.fact_page, content=_tidy(content), edit_path=job.origin.path, listed=False)

    records_on = Counter(fact.page for fact in all_facts)
    return Plan(
        jobs=[*pages, *all_facts],
        slots=[Slot(path=path, edit_path=edit) for path, _, edit, _ in pages]
        + [Slot(path=f.fact_page, edit_path=f.origin.path, listed=False) for f in all_facts],
        weights=[1 + records_on[path] for path, _, _, _ in pages] + [1] * len(all_facts),
        render=render,
        prepare=shared,
    )


class PagesInBackground:
    """The pages of a plan, written by the build's background process while MkDocs works on other pages.

    The process must start as a fork after the plan is handed over (background.py): it
    inherits the plan and sends back only the Markdown. Pages are handed over in the order
    of the plan, in tasks of about the same cost, before any other work of the process,
    so they come back in the order MkDocs reads them. content(i) waits for page i.
    """

    def __init__(self, plan: Plan, background: Background) -> None:
        global _inherited  # noqa: PLW0603 - read by the forked process, which has no other way in
        _inherited = plan
        self.plan = plan
        self._tasks: list[Future[list[str]]] = []
        self._task_of: list[tuple[int, int]] = []  # page -> (task, place in the task)
        start, weight = 0, 0.0
        for index, cost in enumerate(plan.weights):
            weight += cost
            if weight >= _TASK_WEIGHT or index == len(plan.weights) - 1:
                self._task_of.extend((len(self._tasks), place) for place in range(index + 1 - start))
                self._tasks.append(background.submit(write_inherited, start, index + 1))
                start, weight = index + 1, 0.0

    def content(self, index: int) -> str:
        """The Markdown of the page at plan.slots[index]; BackgroundError if it could not be written."""
        task, place = self._task_of[index]
        try:
            return self._tasks[task].result()[place]
        except Exception as error:
            raise BackgroundError(f"{type(error).__name__}: {error}") from error


# Pages per task, by weight: a task every few milliseconds, so that MkDocs seldom waits.
_TASK_WEIGHT = 24

# The plan a forked background process inherited (PagesInBackground).
_inherited: Plan | None = None


def write_inherited(start: int, stop: int) -> list[str]:
    """The Markdown of the inherited plan's pages start to stop: a task of the background process."""
    if _inherited is None:
        raise RuntimeError("the background process did not inherit the plan of the pages: it was not started as a fork after it")
    return [_inherited.render(job).content for job in _inherited.jobs[start:stop]]


def _tidy(markdown: str) -> str:
    """Templates leave runs of blank lines around optional blocks; one is enough."""
    return _BLANK_LINES.sub("\n\n", markdown)


_BLANK_LINES = re.compile(r"\n{3,}")


def exported_files(data: Dataset) -> list[tuple[str, str | bytes]]:
    """What the guide publishes from the data besides its pages, by path: the open data, their schema, the updates' feed."""
    return [(EXPORT_PATH, to_json(export(data))), (SCHEMA_PATH, to_json(schema(data))), (FEED_PATH, atom(data))]


def write_pages(data: Dataset, folder: Path, extra: Iterable[Page] = ()) -> list[Path]:
    """The render command: the same pages as Markdown files, without MkDocs (extra: pages made elsewhere)."""
    return [_write(folder / page.path, page.content.encode("utf-8")) for page in [*render_pages(data), *extra]]


def write_exports(data: Dataset, folder: Path) -> None:
    """The render command: the exported files, where the pages link to them (exported_files)."""
    for path, content in exported_files(data):
        _write(folder / path, content.encode("utf-8") if isinstance(content, str) else content)


def _write(target: Path, content: bytes) -> Path:
    """content at target, unless it is there already: another engine watching the folder sees only what changed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != content:
        target.write_bytes(content)
    return target


class _AnchorIndex:
    """Every record's anchor with its page and a title to show in links."""

    def __init__(self, all_facts: Iterable[Fact]) -> None:
        self.titles = {fact.anchor: fact.title for fact in all_facts}

    @staticmethod
    def target(anchor: str, *, from_page: str = "") -> str:
        page = PAGE_OF_PREFIX[anchor.split("-", 1)[0]]
        return f"#{anchor}" if page == from_page else f"{page}#{anchor}"


def _environment(index: _AnchorIndex, data: Dataset, *, directory_urls: bool = True) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        # One environment per build: no need to look at the templates' files again for each page.
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_escaper(),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # {#id} is attr_list's heading anchor syntax, so Jinja comments need other delimiters.
        comment_start_string="<#--",
        comment_end_string="--#>",
    )

    # base is the way from the page being written to the docs root: "" for the guide's
    # pages, "../" for the pages of single facts in f/.
    def md(value: str, base: str = "") -> Markup:
        return Markup(text.render(value, lambda anchor: base + index.target(anchor)))

    def link(anchor: str, base: str = "") -> Markup:
        return Markup(f"[{text.escape_inline(index.titles[anchor])}]({base}{index.target(anchor)})")

    # A source is cited from its records' places in the guide and from their own pages, and a
    # few official statements by nearly every record: each citation is written once per base.
    citations: dict[tuple[str, str], str] = {}

    def citation(source_id: str, base: str) -> str:
        source = data.sources_by_id[source_id]
        label = text.escape_inline(f"{source.publisher}, {dates.partial(source.published)}")
        host = text.escape_inline(_host(source.url))
        return f"[{label}]({base}fonti.md#fonte-{source.id}) ([leggi su {host}]({text.safe_url(source.url)}))"

    def cite(source_ids: Iterable[str], base: str = "") -> Markup:
        parts = []
        for source_id in source_ids:
            written = citations.get((source_id, base))
            if written is None:
                written = citations[source_id, base] = citation(source_id, base)
            parts.append(written)
        return Markup("; ".join(parts))

    def edit_url(path: str) -> Markup:
        return Markup(text.safe_url(f"{data.site.repo_url}/edit/main/{path}"))

    def share(anchor: str, base: str = "") -> Markup:
        """The fact's own link and its share links; every URL is percent-encoded by meta.share_links."""
        links = meta.share_links(fact_url(data.site.url, anchor), index.titles[anchor])
        return Markup(
            f"{COPY_CONTROLS}[Link a questa scheda]({base}{FACT_FOLDER}/{anchor}.md){{ .fs-permalink }} · Condividi su "
            f"[WhatsApp]({links.whatsapp}) · [Telegram]({links.telegram}) · [e-mail]({links.email}){COPY_STATUS}"
        )

    def chart(incident: Incident, from_page: str) -> Markup:
        """The incident's timeline as a raw HTML block, with links that work from from_page; empty without data/stati/."""
        states = data.service_states.get(incident.id)
        if states is None:
            return Markup("")
        return Markup(render_chart.chart_html(states, data, link=lambda anchor: _html_href(anchor, from_page=from_page, directory_urls=directory_urls)))

    env.filters.update(
        chart=chart,
        md=md,
        link=link,
        cite=cite,
        edit_url=edit_url,
        share=share,
        iso=lambda d: Markup(d.isoformat()),
        url=lambda u: Markup(text.safe_url(u)),
        host=_host,
        day=dates.day,
        weekday_day=dates.day_with_weekday,
        moment=dates.moment,
        when=dates.when,
        span=dates.span,
        partial=dates.partial,
        duration=dates.duration,
        yaml_string=lambda s: Markup(json.dumps(" ".join(str(s).split()), ensure_ascii=False)),
        badge=_badge,
    )
    return env


def _html_href(anchor: str, *, from_page: str, directory_urls: bool) -> str:
    """The href of anchor from a guide page at the docs root, as MkDocs would write it in the built site."""
    page = PAGE_OF_PREFIX[anchor.split("-", 1)[0]]
    if page == from_page:
        return f"#{anchor}"
    if not directory_urls:
        return f"{page.removesuffix('.md')}.html#{anchor}"
    up = "" if from_page == "index.md" else "../"
    return f"{up}{page.removesuffix('.md')}/#{anchor}"


def _escaper() -> Callable[[Any], Any]:
    """Jinja finalize: anything not marked safe is made inert Markdown and HTML.

    The same titles, labels and dates come back on many pages: each is escaped once.
    """
    escaped: dict[str, Markup] = {}

    def escape(value: Any) -> Any:
        if isinstance(value, Markup) or value is None:
            return value
        if isinstance(value, (int, float)):
            return value
        plain = str(value)
        inert = escaped.get(plain)
        if inert is None:
            inert = escaped[plain] = Markup(text.escape_inline(plain))
        return inert

    return escape


def _badge(value: str) -> Markup:
    slug = _BADGE_CLASSES[value]
    return Markup(f'<span class="fs-badge fs-badge--{slug}">{text.escape_inline(value)}</span>')


_BADGE_CLASSES = {
    "confermato": "ok",
    "riportato dalla stampa": "stampa",
    "non confermato": "dubbio",
    "smentito": "no",
    "contestato": "contestato",
    "attiva": "ok",
    "chiusa": "no",
    "esito non noto": "dubbio",
    "risolto": "ok",
    "in corso": "dubbio",
}


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.").rstrip(".")


def _latest(values: Iterable[Any]) -> Any:
    return max(values, default=None)


def _events_of(data: Dataset) -> dict[str, list[Event]]:
    grouped: dict[str, list[Event]] = {i.id: [] for i in data.incidents}
    for event in data.events:
        grouped[event.incident].append(event)
    return grouped


def _source_groups(sources: Iterable[Source]) -> list[tuple[str, list[Source]]]:
    by_kind: dict[str, list[Source]] = {}
    for source in sources:
        by_kind.setdefault(source.kind, []).append(source)
    return [(SOURCE_KIND_HEADINGS[kind], sorted(by_kind[kind], key=lambda s: (s.publisher.casefold(), s.id))) for kind in SOURCE_KIND_ORDER if kind in by_kind]


def _cited_in(data: Dataset, index: _AnchorIndex) -> dict[str, list[str]]:
    """Source id -> anchors of the records that cite it, in page order."""
    # Dicts as ordered sets: an official statement cited by thousands of events would
    # make a membership test in a list quadratic.
    cited: dict[str, dict[str, None]] = {s.id: {} for s in data.sources}

    def add(anchor: str, source_ids: Iterable[str]) -> None:
        for source_id in source_ids:
            cited[source_id].setdefault(anchor)

    for incident in data.incidents:
        add(f"incidente-{incident.id}", incident.sources)
        for figure in incident.key_figures:
            add(f"dato-{figure.id}", (*figure.sources, *(s for d in figure.disputes for s in d.sources)))
    records: list[tuple[str, Event | Route | Scam | Faq]] = [
        *(("evento", e) for e in data.events),
        *(("indennizzo", r) for r in data.routes),
        *(("truffa", s) for s in data.scams),
        *(("domanda", q) for q in data.faqs),
    ]
    for prefix, record in records:
        disputes = getattr(record, "disputes", ())
        add(f"{prefix}-{record.id}", (*record.sources, *(s for d in disputes for s in d.sources)))
    return {source_id: list(anchors) for source_id, anchors in cited.items()}


__all__ = ["Incident", "Page", "Update", "render_pages", "write_pages"]
