"""Reading one YAML data file safely, keeping the position of every value.

PyYAML's loaders silently keep the last of two equal keys and forget where values
came from. Here the file is composed into nodes (safe: no object is ever built
from a tag) and walked by hand, so duplicate keys, aliases and unknown tags become
problems with a line and a column, and every value keeps its position for later
error messages. Most data files are plain enough for fastyaml.py, which reads them
several times faster to the same values; PyYAML then composes a file again only if
a problem needs a position below its top level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

import yaml

from . import fastyaml
from .problems import Problem

MAX_FILE_BYTES = 200_000
MAX_DEPTH = 20
MAX_NODES = 20_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

Path_ = tuple[str | int, ...]


class Positions:
    """Where each value (and each mapping key) of a file starts, 1-based.

    A file read by the quick reader (fastyaml.py) comes with the position of its id
    only: the first question about any other path composes the file with PyYAML, as
    any other file is, and answers from that. Positions are needed only for problems,
    and for a few fields of some records.
    """

    __slots__ = ("_keys", "_text", "_values")

    def __init__(self, values: dict[Path_, tuple[int, int]], keys: dict[Path_, tuple[int, int]], *, text: str | None = None) -> None:
        self._values = values
        self._keys = keys
        # Set while only the top-level values are known: the text to compose for the rest.
        self._text = text

    @classmethod
    def top_level(cls, values: dict[Path_, tuple[int, int]], text: str) -> Positions:
        """The positions of a file read by the quick reader, from those it found (its id's)."""
        return cls(values, {}, text=text)

    def value(self, path: Path_) -> tuple[int, int]:
        """The position of the value at path, or of its nearest ancestor."""
        if self._text is not None:
            known = self._values.get(path)
            if known is not None:
                return known
            self._complete()
        while path not in self._values and path:
            path = path[:-1]
        return self._values.get(path, (1, 1))

    def key(self, path: Path_) -> tuple[int, int]:
        """The position of the key that holds path, else of the value."""
        self._complete()
        return self._keys.get(path) or self.value(path)

    def _complete(self) -> None:
        if self._text is None:
            return
        walker = _Walker("")
        # The quick reader read a mapping from this text: PyYAML finds a node in it.
        walker.walk(cast(yaml.Node, yaml.compose(self._text, Loader=_Loader)), (), 0)
        self._values, self._keys, self._text = walker.values, walker.keys, None


@dataclass(frozen=True, slots=True)
class YamlFile:
    display: str
    value: Any
    positions: Positions


def read_yaml(raw: bytes, display: str) -> tuple[YamlFile | None, list[Problem]]:
    """Parse one file. Returns the value with positions, or the problems."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [_p(display, 1, 1, f"il file è troppo grande ({len(raw) // 1000} kB): il massimo è {MAX_FILE_BYTES // 1000} kB. Dividilo in più schede.")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # A BOM is harmless: some Windows editors add it.
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [_p(display, line, column, f"il file non è in UTF-8 (byte 0x{raw[exc.start]:02x}): salvalo con la codifica UTF-8.")]
    lines = text.split("\n")
    # A printable line holds no tab, no control or invisible character: most files need no scan.
    printable = all(map(str.isprintable, lines))
    problems = [] if printable else _scan_characters(lines, display)
    if problems:
        return None, problems
    quick = fastyaml.read(lines, MAX_DEPTH, MAX_NODES, printable=printable)
    if quick is not None:
        return YamlFile(display=display, value=quick[0], positions=Positions.top_level(quick[1], text)), []
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, display)]
    except yaml.YAMLError as exc:  # reader errors without a mark
        return None, [_p(display, 1, 1, f"errore di sintassi YAML: {exc}")]
    if node is None:
        return None, [_p(display, 1, 1, "il file è vuoto.")]
    walker = _Walker(display)
    value = walker.walk(node, (), 0)
    if walker.problems:
        return None, walker.problems
    return YamlFile(display=display, value=value, positions=Positions(walker.values, walker.keys)), []


def _scan_characters(lines: list[str], display: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(lines, start=1):
        if "\t" in line:
            problems.append(
                _p(display, number, line.index("\t") + 1, "c'è un carattere di tabulazione: in YAML si rientra solo con gli spazi. Sostituiscilo con spazi.")
            )
        bad = _CONTROL.search(line)
        if bad:
            problems.append(_p(display, number, bad.start() + 1, f"c'è un carattere di controllo invisibile (U+{ord(bad.group()):04X}): cancellalo."))
    return problems


_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class _Walker:
    def __init__(self, display: str) -> None:
        self.display = display
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.alias_reported = False
        self.count = 0

    def walk(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if id(node) in self.seen:
            # compose() resolves an alias to the node it names: seeing a node twice means an alias.
            # One message is enough, however many aliases (a "billion laughs" file has thousands).
            if not self.alias_reported:
                self._add(line, column, "le ancore e gli alias YAML (&nome e *nome) non sono ammessi: scrivi il valore per esteso.")
                self.alias_reported = True
            return None
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            if self.count == MAX_NODES + 1 or depth == MAX_DEPTH + 1:
                self._add(line, column, "il file è troppo grande o troppo annidato per essere una scheda.")
            return None
        self.values[path] = (line, column)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
            self._add(line, column, f"il tag YAML «{node.tag}» non è ammesso: togli il punto esclamativo e scrivi il valore semplice.")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        return self._scalar(cast(yaml.ScalarNode, node))

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self._add(line, column, "questa chiave non è un semplice nome di campo: scrivi «nome: valore».")
                continue
            key = key_node.value
            if key in first_line:
                self._add(
                    line,
                    column,
                    f"il campo «{key}» compare due volte (la prima alla riga {first_line[key]}): YAML terrebbe solo l'ultimo valore. Tienine uno solo.",
                )
                continue
            first_line[key] = line
            self.keys[(*path, key)] = (line, column)
            result[key] = self.walk(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            # Dates stay text: the schema checks their form, the validator their calendar.
            return node.value
        if tag == "tag:yaml.org,2002:int":
            return _constructor.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return _constructor.construct_yaml_float(node)
        if tag == "tag:yaml.org,2002:bool":
            return _constructor.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:null":
            return None
        self._add(
            node.start_mark.line + 1, node.start_mark.column + 1, f"il tag YAML «{tag}» non è ammesso: togli il punto esclamativo e scrivi il valore semplice."
        )
        return None

    def _add(self, line: int, column: int, message: str) -> None:
        self.problems.append(_p(self.display, line, column, message))


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str) -> Problem:
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark
    explanation = _explain(problem, context)
    # Point at the start of the broken construct (an unclosed quote, say) when the
    # parser knows it: the place where it gave up is often far below.
    opens = any(word in context for word in ("quoted scalar", "flow", "simple key"))
    start = exc.context_mark if opens and exc.context_mark is not None and exc.context_mark.line < (mark.line if mark else 0) else mark
    line = (start.line + 1) if start else 1
    column = (start.column + 1) if start else 1
    where = f" (l'errore è stato notato alla riga {mark.line + 1})" if mark is not None and start is not mark else ""
    return _p(display, line, column, f"errore di sintassi YAML: {explanation}{where}.")


def _explain(problem: str, context: str) -> str:
    text = f"{context} {problem}".lower()
    for needle, italian in _SYNTAX:
        if needle in text:
            return italian
    return f"il testo non è YAML valido ({problem or context})"


_SYNTAX = (
    ("quoted scalar", "le virgolette aperte qui non sono mai chiuse"),
    ("mapping values are not allowed", "c'è un «:» seguito da uno spazio dove non può stare; se fa parte del testo, metti tutto il valore tra virgolette"),
    ("could not find expected ':'", "manca il «:» dopo il nome del campo"),
    ("did not find expected key", "il rientro non è coerente: controlla che i campi allineati abbiano gli stessi spazi all'inizio"),
    ("expected <block end>", "il rientro non è coerente: controlla che i campi allineati abbiano gli stessi spazi all'inizio"),
    ("did not find expected '-' indicator", "in questo elenco una riga non inizia con «- » o ha un rientro diverso"),
    ("expected node content", "qui manca un valore: forse una parentesi [ o { non è chiusa, oppure c'è un «-» senza niente dopo"),
    ("expected the node content", "qui manca un valore: forse una parentesi [ o { non è chiusa, oppure c'è un «-» senza niente dopo"),
    ("found undefined alias", "c'è un alias (*nome) senza ancora: gli alias non sono ammessi"),
    ("found unknown escape character", "dentro le virgolette doppie c'è una barra rovesciata \\ non valida: usa le virgolette singole"),
    ("cannot start any token", "c'è un carattere che non può iniziare un valore (per esempio @ o `): metti il valore tra virgolette"),
    ("found unexpected end of stream", "il file finisce prima del previsto: forse manca una virgoletta o una parentesi di chiusura"),
    ("flow sequence", "una lista tra parentesi quadre non è chiusa bene"),
    ("flow mapping", "un gruppo tra parentesi graffe non è chiuso bene"),
    ("found character", "c'è un carattere non ammesso in questo punto: metti il valore tra virgolette"),
    ("block scalar", "il testo su più righe (dopo > o |) ha un rientro sbagliato"),
    ("expected a single document", "il file contiene più documenti (---): ogni file deve avere una sola scheda"),
    ("expected ',' or ']'", "una lista tra parentesi quadre non è chiusa bene"),
    ("anchor", "un'ancora (&nome) non è scritta bene: le ancore non sono ammesse"),
)


def _p(display: str, line: int, column: int, message: str) -> Problem:
    return Problem(path=display, line=line, column=column, message=message)
