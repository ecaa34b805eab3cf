"""The logic of «Posso chiedere un indennizzo?»: which question comes next, which routes fit.

A path is the answers given so far, in the order asked. Questions are asked in the
order of data/verifica.yml; a question with conditions (solo_se) is skipped unless the
answers so far meet them. A route fits a finished path when, for every question its
conditions name, that question was asked and got one of the listed answers.

Every path is walked at build time, so each step and each result is a page of its
own: the checker works without JavaScript, and tests can visit every path.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from .model import Checker, Question, Route
from .yamlsource import Path_

# (question id, answer id), in the order the questions were asked.
AnswerPath = tuple[tuple[str, str], ...]

# A few questions with two or three answers each stay well below this; more would make
# a checker too long to use and a site full of near-identical pages.
MAX_RESULTS = 40


@dataclass(frozen=True, kw_only=True, slots=True)
class Step:
    """A page that asks `question` after the answers in `path`."""

    path: AnswerPath
    question: Question


@dataclass(frozen=True, kw_only=True, slots=True)
class Result:
    """The page at the end of `path`: the routes that fit, open ones first, closed ones apart."""

    path: AnswerPath
    routes: tuple[Route, ...]
    closed: tuple[Route, ...]


def next_question(checker: Checker, path: AnswerPath) -> Question | None:
    """The question to ask after path, or None when path is finished."""
    asked = {q for q, _ in path}
    start = 0
    for index, question in enumerate(checker.questions):
        if question.id in asked:
            start = index + 1
    for question in checker.questions[start:]:
        if meets(question.only_if, path):
            return question
    return None


def meets(conditions: Mapping[str, Collection[str]], path: AnswerPath) -> bool:
    """Every question named in conditions was asked and got one of the listed answers."""
    given = dict(path)
    return all(given.get(question) in answers for question, answers in conditions.items())


def walk(checker: Checker, routes: Iterable[Route]) -> tuple[list[Step], list[Result]]:
    """Every step and every result, depth first, in the order of the answers."""
    steps: list[Step] = []
    results: list[Result] = []
    ordered = tuple(routes)

    def visit(path: AnswerPath) -> None:
        question = next_question(checker, path)
        if question is None:
            fitting = [r for r in ordered if meets(r.conditions, path)]
            results.append(
                Result(path=path, routes=tuple(r for r in fitting if r.status != "chiusa"), closed=tuple(r for r in fitting if r.status == "chiusa"))
            )
            return
        steps.append(Step(path=path, question=question))
        for answer in question.answers:
            visit((*path, (question.id, answer.id)))

    visit(())
    return steps, results


def slug(path: AnswerPath) -> str:
    """The folder of a path's page below the checker's start page: the answer ids, one per level."""
    return "/".join(answer for _, answer in path)


def labels(checker: Checker, path: AnswerPath) -> list[tuple[str, str]]:
    """(question, answer label) for each answer of path, as the reader saw them."""
    questions = {q.id: q for q in checker.questions}
    out = []
    for question_id, answer_id in path:
        question = questions[question_id]
        answer = next(a for a in question.answers if a.id == answer_id)
        out.append((question.text, answer.label))
    return out


# Checks on the data: (path in the file, message) for the loader to place at file:line. ---------


def question_problems(checker: Checker) -> Iterator[tuple[Path_, str]]:
    """Duplicate ids, conditions on unknown or later questions, questions never asked, too many results."""
    seen: dict[str, int] = {}
    structural = False
    for index, question in enumerate(checker.questions):
        if question.id in seen:
            structural = True
            yield ("domande", index, "id"), f"l'id «{question.id}» è già usato dalla domanda n. {seen[question.id] + 1}: ogni domanda deve avere un id diverso."
        seen.setdefault(question.id, index)
        answers: set[str] = set()
        for a_index, answer in enumerate(question.answers):
            if answer.id in answers:
                structural = True
                yield (
                    ("domande", index, "risposte", a_index, "id"),
                    f"la domanda «{question.id}» ha già una risposta con id «{answer.id}»: ogni risposta deve avere un id diverso.",
                )
            answers.add(answer.id)
        later = {q.id for q in checker.questions[index:]} - {q.id for q in checker.questions[:index]}
        for question_id in question.only_if:
            if question_id in later:
                structural = True
                yield (
                    ("domande", index, "solo_se", question_id),
                    f"in «solo_se» puoi usare solo le domande che vengono prima: «{question_id}» è questa stessa domanda o viene dopo.",
                )
        earlier_only = {q: a for q, a in question.only_if.items() if q not in later}
        for problem in condition_problems(checker.questions[:index], earlier_only, ("domande", index, "solo_se")):
            structural = True
            yield problem
    if structural:
        return  # paths mean nothing until ids are unique and conditions point at real answers
    steps, results = walk(checker, ())
    asked = {step.question.id for step in steps}
    for index, question in enumerate(checker.questions):
        if question.id not in asked and question.only_if:
            yield ("domande", index, "solo_se"), f"la domanda «{question.id}» non viene mai fatta: nessun percorso di risposte soddisfa il suo «solo_se»."
    if len(results) > MAX_RESULTS:
        yield (
            ("domande",),
            f"le domande danno {len(results)} percorsi di risposte diversi, e ognuno diventa una pagina: il massimo è {MAX_RESULTS}. Togli una risposta, oppure fai qualche domanda solo ad alcuni con «solo_se».",
        )


def condition_problems(questions: Iterable[Question], conditions: Mapping[str, Iterable[str]], field: Path_) -> Iterator[tuple[Path_, str]]:
    """A condition that names an unknown question, or an answer its question does not have."""
    by_id = {q.id: q for q in questions}
    known = ", ".join(by_id) or "nessuna"
    for question_id, answers in conditions.items():
        question = by_id.get(question_id)
        if question is None:
            yield (
                (*field, question_id),
                f"la domanda «{question_id}» non esiste in data/verifica.yml.{_suggest(question_id, list(by_id))} Le domande sono: {known}.",
            )
            continue
        options = [a.id for a in question.answers]
        for index, answer in enumerate(answers):
            if answer not in options:
                yield (
                    (*field, question_id, index),
                    f"la risposta «{answer}» non esiste per la domanda «{question_id}».{_suggest(answer, options)} Le risposte sono: {', '.join(options)}.",
                )


def unreachable(checker: Checker, routes: Iterable[Route]) -> list[Route]:
    """The routes that no path of answers leads to."""
    ordered = tuple(routes)
    _, results = walk(checker, ordered)
    reached = {r.id for result in results for r in (*result.routes, *result.closed)}
    return [r for r in ordered if r.id not in reached]


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" Forse intendevi «{close[0]}»?" if close else ""
