"""The pages of the claims helper: the checker «Posso chiedere un indennizzo?» and the letter builder.

The checker is pre-rendered: a start page, one page per question step and one page per
finished path of answers, each answer a plain link to the next page (posso-chiedere/
gennaio/gratuita/…/). It works without JavaScript; docs/assets/javascripts/verifica.js
only swaps the next page in without a reload. The letter page carries the templates
as plain text to copy by hand, and the form that lettera.js brings to life.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import cache, partial

import jinja2
from markupsafe import Markup

from . import checker as rules
from . import letters
from .model import Checker, Dataset, Letter, Route
from .records import facts
from .render_pages import Page, Plan, Slot, _AnchorIndex, _environment, _tidy

CHECKER_FOLDER = "posso-chiedere"
CHECKER_START = f"{CHECKER_FOLDER}/index.md"
LETTER_PAGE = "lettera.md"


def render_checker(data: Dataset) -> list[Page]:
    """The start page, then every step and every result, then the letter page."""
    plan = plan_checker(data)
    return [plan.render(job) for job in plan.jobs]


def plan_checker(data: Dataset) -> Plan:
    """The pages render_checker() gives, in the same order, each to be written when asked for.

    The answers' paths are known from the data; the templates are compiled by the first
    page written, in the process that writes it.
    """
    slots: list[Slot] = []
    jobs: list[Callable[[], Page]] = []
    checker = data.checker
    if checker is None:
        return Plan(jobs=[], slots=[], weights=[], render=_call)
    steps, results = rules.walk(checker, data.routes)
    letter_of: dict[str, Letter] = {}
    for letter in data.letters:
        letter_of.setdefault(letter.route, letter)
    common = {"checker": checker, "letter_page": LETTER_PAGE if data.letters else None}

    @cache
    def env() -> jinja2.Environment:
        return _checker_environment(data)

    def step_page(step: rules.Step) -> Page:
        template = "verifica-inizio.md.jinja" if not step.path else "verifica-domanda.md.jinja"
        extra = {"closed": [r for r in data.routes if r.status == "chiusa"]} if not step.path else {}
        content = env().get_template(template).render(**common, **extra, **_place(checker, step.path), question=step.question)
        return Page(path=page_path(step.path), content=_tidy(content), edit_path="data/verifica.yml", listed=not step.path)

    def result_page(result: rules.Result) -> Page:
        content = (
            env()
            .get_template("verifica-risultato.md.jinja")
            .render(
                **common,
                **_place(checker, result.path),
                result=result,
                advice=_advice(checker, result.path),
                letter_of=letter_of,
            )
        )
        return Page(path=page_path(result.path), content=_tidy(content), edit_path="data/indennizzi/", listed=False)

    def letter_page() -> Page:
        content = (
            env()
            .get_template("lettera.md.jinja")
            .render(
                letters=data.letters,
                fields=letters.FIELDS,
                templates={letter.id: letters.compose(letter, {}).text.rstrip("\n") for letter in data.letters},
                # JSON with <, > and & written as \u escapes: it cannot end its <script> element.
                browser_data=Markup(letters.browser_data(data.letters)),  # noqa: S704
                routes={r.id: r for r in data.routes},
            )
        )
        return Page(path=LETTER_PAGE, content=_tidy(content), edit_path="data/lettere/")

    for step in steps:
        slots.append(Slot(path=page_path(step.path), edit_path="data/verifica.yml", listed=not step.path))
        jobs.append(partial(step_page, step))
    for result in results:
        slots.append(Slot(path=page_path(result.path), edit_path="data/indennizzi/", listed=False))
        jobs.append(partial(result_page, result))
    if data.letters:
        slots.append(Slot(path=LETTER_PAGE, edit_path="data/lettere/"))
        jobs.append(letter_page)
    return Plan(jobs=list(jobs), slots=slots, weights=[1] * len(jobs), render=_call)


def _call(job: Callable[[], Page]) -> Page:
    return job()


def page_path(path: rules.AnswerPath) -> str:
    """posso-chiedere/index.md for the start, posso-chiedere/gennaio/gratuita/index.md further on."""
    slug = rules.slug(path)
    return f"{CHECKER_FOLDER}/{slug}/index.md" if slug else CHECKER_START


def _place(checker: Checker, path: rules.AnswerPath) -> dict[str, object]:
    """Where a page sits: its way back to the docs root, its answers so far with their «change» links."""
    depth = len(path)
    rows = [
        {"question": question, "answer": answer, "change": "../" * (depth - i) + "index.md"} for i, (question, answer) in enumerate(rules.labels(checker, path))
    ]
    return {
        "base": "../" * (depth + 1),
        "number": depth + 1,
        "answers_so_far": rows,
        "restart": "../" * depth + "index.md",
    }


def _advice(checker: Checker, path: rules.AnswerPath) -> list[str]:
    given = dict(path)
    return [a.advice for q in checker.questions if q.id in given for a in q.answers if a.id == given[q.id] and a.advice]


def _checker_environment(data: Dataset) -> jinja2.Environment:
    """The environment of every generated page, with two filters for raw HTML blocks, which Markdown leaves alone."""
    env = _environment(_AnchorIndex(facts(data)), data)
    env.filters.update(
        # Both escape the value first: what they mark safe is already inert HTML.
        html_text=lambda value: Markup(html.escape(str(value), quote=False)),  # noqa: S704
        html_attr=lambda value: Markup(html.escape(str(value), quote=True)),  # noqa: S704
        plural=_plural,
    )
    return env


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


__all__ = ["CHECKER_START", "LETTER_PAGE", "Letter", "Route", "page_path", "render_checker"]
