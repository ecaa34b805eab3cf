"""Letter templates: their placeholders, the letter they make, and the data the browser needs.

A template is plain text with placeholders such as {nome}. The page «Scrivi la lettera»
fills them in the browser (docs/assets/javascripts/lettera.js) with what the reader
types; compose() here is the same algorithm in Python, used for the text shown without
JavaScript (every placeholder replaced by a hint in square brackets) and by the tests,
which check that both give the same letter.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from . import dates
from .model import Letter

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_BRACE = re.compile(r"[{}]")


@dataclass(frozen=True, kw_only=True, slots=True)
class Field:
    """One thing the reader types, and the placeholder that receives it."""

    id: str
    label: str
    kind: Literal["riga", "testo", "data"]
    # What the letter shows while the field is empty: the reader sees what is missing.
    blank: str
    hint: str | None = None
    autocomplete: str = "off"


@dataclass(frozen=True, kw_only=True, slots=True)
class Composed:
    subject: str
    body: str

    @property
    def text(self) -> str:
        """The whole letter as the reader copies or downloads it."""
        return f"Oggetto: {self.subject}\n\n{self.body}\n"


def compose(letter: Letter, values: Mapping[str, str]) -> Composed:
    """The letter with every placeholder replaced; an empty value leaves its [hint]."""
    filled = {f.id: _value(f, values.get(f.id, "")) for f in FIELDS}
    return Composed(subject=_fill(letter.subject, filled), body="\n\n".join(_fill(p, filled) for p in letter.body))


def placeholder_problems(text: str) -> list[tuple[int, str]]:
    """(offset in text, Italian message) for each unknown placeholder or stray brace, in order."""
    problems: list[tuple[int, str]] = []
    known = [f.id for f in FIELDS]
    allowed = ", ".join(f"{{{name}}}" for name in sorted(known))
    covered: list[tuple[int, int]] = []
    for match in PLACEHOLDER.finditer(text):
        covered.append(match.span())
        name = match.group(1)
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f" Forse intendevi «{{{close[0]}}}»?" if close else ""
            problems.append((match.start(), f"contiene il segnaposto «{match.group(0)}», che non esiste.{hint} I segnaposto ammessi sono: {allowed}."))
    for match in _BRACE.finditer(text):
        if not any(start <= match.start() < end for start, end in covered):
            problems.append(
                (
                    match.start(),
                    "contiene una parentesi graffa da sola: le graffe servono solo per i segnaposto, come {nome}. Toglila o completa il segnaposto.",
                )
            )
    return sorted(problems)


def locate(raw: str, start: tuple[int, int], value: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) in the file's raw text of the character at offset in value.

    value is what YAML made of the text that starts at start; folding and quoting may move
    line breaks, but never inside a word. So the word around offset, counted among its
    repetitions in value, is the same repetition in the raw text after start.
    """
    word_start = max(value.rfind(c, 0, offset) for c in " \n") + 1
    ends = [i for i in (value.find(" ", offset), value.find("\n", offset)) if i >= 0]
    word = value[word_start : min(ends, default=len(value))]
    repeats = _count(value, word, word_start)
    lines = raw.split("\n")
    at = sum(len(line) + 1 for line in lines[: start[0] - 1]) + start[1] - 1
    for _ in range(repeats + 1):
        at = raw.find(word, at)
        if at < 0:
            return start
        at += 1
    at += offset - word_start - 1
    return raw.count("\n", 0, at) + 1, at - (raw.rfind("\n", 0, at) + 1) + 1


def _count(text: str, word: str, before: int) -> int:
    """How many times word starts in text before the given offset, overlaps included."""
    count, at = 0, text.find(word)
    while 0 <= at < before:
        count += 1
        at = text.find(word, at + 1)
    return count


def browser_data(letters: Iterable[Letter]) -> str:
    """What lettera.js needs, as JSON that is safe inside <script type="application/json">."""
    data = {
        "campi": [{"id": f.id, "tipo": f.kind, "vuoto": f.blank} for f in FIELDS],
        "mesi": list(_MONTHS),
        "lettere": [{"id": letter.id, "oggetto": letter.subject, "corpo": list(letter.body), "email": letter.email or ""} for letter in letters],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # Nothing in the data can close the script element or start a comment in it.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _fill(template: str, values: Mapping[str, str]) -> str:
    # A function, not a replacement string: what the reader types is never read as a pattern.
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def _value(field: Field, typed: str) -> str:
    cleaned = typed.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        return field.blank
    if field.kind == "data":
        try:
            return dates.day(date.fromisoformat(cleaned))
        except ValueError:
            return cleaned
    return cleaned


FIELDS: tuple[Field, ...] = (
    Field(id="nome", label="Nome e cognome", kind="riga", blank="[nome e cognome]", autocomplete="name"),
    Field(
        id="indirizzo",
        label="L'indirizzo della tua casella",
        kind="riga",
        blank="[indirizzo della tua casella]",
        hint="Per esempio mario.rossi@libero.it oppure mario.rossi@virgilio.it.",
        autocomplete="email",
    ),
    Field(id="dal", label="Senza posta dal giorno", kind="data", blank="[giorno]"),
    Field(id="al", label="Fino al giorno", kind="data", blank="[giorno]"),
    Field(
        id="accaduto",
        label="Cosa è successo",
        kind="testo",
        blank="[racconta cosa è successo e quale danno hai avuto]",
        hint="Racconta il danno con date e fatti: quali e-mail non ti sono arrivate, quali scadenze hai perso, quali spese hai avuto.",
    ),
    Field(
        id="richiesta",
        label="Cosa chiedi",
        kind="testo",
        blank="[scrivi cosa chiedi]",
        hint="Per esempio il rimborso di una spesa, con l'importo.",
    ),
    Field(id="luogo", label="Luogo", kind="riga", blank="[luogo]", hint="La città da cui scrivi."),
    Field(id="data", label="Data della lettera", kind="data", blank="[data]"),
)

# The same names babel gives for "d MMMM y" in Italian: lettera.js writes dates with them.
_MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre")
