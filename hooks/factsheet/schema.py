"""JSON Schema checks with messages in Italian.

The schemas in data/schema/ are the single description of the data: editors'
text editors read them for completion, and this module reads them to validate.
jsonschema reports in English and by JSON path; here each error becomes an
Italian sentence at the line and column of the value (or key) it is about.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import quickcheck
from .problems import Problem
from .yamlsource import YamlFile

if TYPE_CHECKING:
    from jsonschema import Draft7Validator, ValidationError


class Schemas:
    """The data/schema/*.schema.json files, compiled once per build."""

    def __init__(self, folder: Path) -> None:
        self._contents = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.schema.json"))}
        self.names = frozenset(self._contents)
        self._quick = quickcheck.compile_all(self._contents)
        self._validators: dict[str, Draft7Validator] | None = None

    def surely_valid(self, schema_name: str, value: Any) -> bool:
        """True only if value is valid; False if it is not, or if only jsonschema can tell."""
        quick = self._quick[schema_name]
        return quick is not None and quick(value)

    def check(self, schema_name: str, source: YamlFile) -> list[Problem]:
        # Almost every record is valid: jsonschema, slower, runs only to explain errors.
        if self.surely_valid(schema_name, source.value):
            return []
        validator = self._validator(schema_name)
        problems: list[Problem] = []
        for error in validator.iter_errors(source.value):
            problems.extend(_problems(error, source))
        return problems

    def _validator(self, schema_name: str) -> Draft7Validator:
        if self._validators is None:
            # Imported and built on the first file that may be invalid: jsonschema takes longer
            # to import than valid data takes to check.
            from jsonschema import Draft7Validator  # noqa: PLC0415
            from referencing import Registry, Resource  # noqa: PLC0415

            registry: Registry[Any] = Registry().with_resources((name, Resource.from_contents(c)) for name, c in self._contents.items())
            self._validators = {name: Draft7Validator(c, registry=registry) for name, c in self._contents.items()}
        return self._validators[schema_name]


def _problems(error: ValidationError, source: YamlFile) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    where = source.positions
    field = _field(path)
    kind = error.validator
    # jsonschema types these as possibly unset; for a reported error they are set.
    found: Any = error.instance
    subschema: dict[str, Any] = cast(dict[str, Any], error.schema)
    if kind == "additionalProperties":
        allowed = sorted(subschema.get("properties", {}))
        for key in sorted(set(found) - set(allowed)):
            line, column = where.key((*path, key))
            hint = _suggest(key, allowed)
            yield _p(source, line, column, f"campo sconosciuto «{key}»{_in(field)}.{hint} I campi ammessi sono: {', '.join(allowed)}.")
        return
    line, column = where.value(path)
    if kind == "required":
        missing = re.match(r"^'(.+)' is a required property$", error.message)
        name = missing.group(1) if missing else str(error.message)
        yield _p(source, line, column, f"manca il campo obbligatorio «{name}»{_in(field)}.")
    elif kind == "type":
        yield _p(
            source,
            line,
            column,
            f"{_subject(field)} deve essere {_TYPE_NAMES.get(str(cast(Any, error.validator_value)), cast(Any, error.validator_value))}, invece è {_describe(found)}.{_quote_hint(found, cast(Any, error.validator_value))}",
        )
    elif kind == "enum":
        options = [str(o) for o in cast(Any, error.validator_value)]
        hint = _suggest(str(found), options)
        yield _p(source, line, column, f"{_subject(field)} non può valere {_describe(found)}.{hint} Valori ammessi: {', '.join(options)}.")
    elif kind == "pattern":
        yield _p(source, line, column, f"{_subject(field)} non è nella forma giusta: trovato {_describe(found)}. {_format_help(error)}")
    elif kind == "minLength":
        if found == "":
            yield _p(source, line, column, f"{_subject(field)} è vuoto: scrivi un testo.")
        else:
            yield _p(
                source, line, column, f"{_subject(field)} è troppo corto: servono almeno {cast(Any, error.validator_value)} caratteri, ce ne sono {len(found)}."
            )
    elif kind == "maxLength":
        yield _p(source, line, column, f"{_subject(field)} è troppo lungo: al massimo {cast(Any, error.validator_value)} caratteri, ce ne sono {len(found)}.")
    elif kind == "minItems":
        yield _p(
            source,
            line,
            column,
            f"{_subject(field)} deve avere almeno {cast(Any, error.validator_value)} {'voce' if cast(Any, error.validator_value) == 1 else 'voci'}, invece è vuoto.",
        )
    elif kind == "uniqueItems":
        yield _p(source, line, column, f"{_subject(field)} contiene due volte lo stesso valore: toglilo.")
    elif kind == "minimum":
        yield _p(source, line, column, f"{_subject(field)} deve essere almeno {cast(Any, error.validator_value)}, invece è {found}.")
    elif kind == "maximum":
        yield _p(source, line, column, f"{_subject(field)} deve essere al massimo {cast(Any, error.validator_value)}, invece è {found}.")
    else:
        yield _p(source, line, column, f"{_subject(field)} non è valido ({error.message}).")


def _field(path: tuple[Any, ...]) -> str:
    """dati_chiave[2].fonti for the path ('dati_chiave', 2, 'fonti')."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _subject(field: str) -> str:
    return f"il campo «{field}»" if field else "la scheda"


def _in(field: str) -> str:
    return f" in «{field}»" if field else ""


def _describe(value: Any) -> str:
    if value is None:
        return "vuoto"
    if isinstance(value, bool):
        return f"il valore sì/no «{str(value).lower()}»"
    if isinstance(value, (int, float)):
        return f"il numero {value}"
    if isinstance(value, list):
        return "un elenco"
    if isinstance(value, dict):
        return "un gruppo di campi"
    text = str(value)
    return f"«{text[:60]}{'…' if len(text) > 60 else ''}»"


def _quote_hint(found: Any, expected: Any) -> str:
    if expected == "string" and isinstance(found, (bool, int, float)):
        return " Metti il valore tra virgolette."
    if expected == "string" and found is None:
        return " Scrivi un testo dopo i due punti."
    if expected == "array" and isinstance(found, str):
        return " Scrivi ogni voce su una riga che inizia con «- »."
    return ""


def _format_help(error: ValidationError) -> str:
    description = cast(dict[str, Any], error.schema).get("description")
    if not description:
        for parent in error.parent.schema.values() if error.parent and isinstance(error.parent.schema, dict) else ():
            if isinstance(parent, dict) and parent.get("description"):
                description = parent["description"]
    return str(description or f"Deve corrispondere a {cast(Any, error.validator_value)}.")


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" Forse intendevi «{close[0]}»?" if close else ""


def _p(source: YamlFile, line: int, column: int, message: str) -> Problem:
    return Problem(path=source.display, line=line, column=column, message=message)


_TYPE_NAMES = {
    "string": "un testo",
    "integer": "un numero intero",
    "number": "un numero",
    "boolean": "sì o no (true o false)",
    "array": "un elenco (una voce per riga, che inizia con «- »)",
    "object": "un gruppo di campi (nome: valore)",
}
