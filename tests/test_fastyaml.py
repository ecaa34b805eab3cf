"""The quick YAML reader gives exactly what PyYAML and the walker give, or leaves the file to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT
from factsheet import fastyaml
from factsheet.yamlsource import MAX_DEPTH, MAX_NODES, _Loader, _Walker, read_yaml
from hypothesis import given, settings
from hypothesis import strategies as st

REAL = sorted((ROOT / "data").rglob("*.yml"))
VALID_FIXTURES = sorted((FIXTURES / "valido").rglob("*.yml"))
INVALID_FIXTURES = sorted((FIXTURES / "non-validi").glob("*.yml"))


def reference(text: str) -> tuple[Any, _Walker] | None:
    """The value of text read the full way, and the walker with its positions; None where PyYAML or the walker find a problem."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    walker = _Walker("x")
    value = walker.walk(node, (), 0)
    return None if walker.problems else (value, walker)


def typed(value: Any) -> Any:
    """value with the type of every leaf, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return ("dict", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def assert_same_as_pyyaml(text: str) -> bool:
    """Whether the quick reader read text; if it did, that it read what PyYAML reads."""
    lines = text.split("\n")
    quick = fastyaml.read(lines, MAX_DEPTH, MAX_NODES, printable=all(map(str.isprintable, lines)))
    if quick is None:
        return False
    full = reference(text)
    assert full is not None, f"read quickly, but PyYAML finds a problem:\n{text}"
    value, top = quick
    assert typed(value) == typed(full[0]), text
    assert top == {path: position for path, position in full[1].values.items() if path == ("id",)}, text
    return True


def text_of(path: Path) -> str:
    return path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")


def test_every_valid_fixture_is_read_quickly_and_the_same() -> None:
    assert [p.name for p in VALID_FIXTURES if not assert_same_as_pyyaml(text_of(p))] == []


def test_almost_every_real_file_is_read_quickly_and_the_same() -> None:
    # A file left to PyYAML is only slower; many would make `make check` slow again.
    slow = [p.name for p in REAL if not assert_same_as_pyyaml(text_of(p))]

    assert len(slow) <= len(REAL) // 20, slow


@pytest.mark.parametrize("case", INVALID_FIXTURES, ids=[c.stem for c in INVALID_FIXTURES])
def test_broken_fixtures_are_read_the_same_or_left_to_pyyaml(case: Path) -> None:
    assert_same_as_pyyaml(text_of(case))


@pytest.mark.parametrize("path", VALID_FIXTURES, ids=[p.stem for p in VALID_FIXTURES])
def test_positions_below_the_top_come_from_pyyaml(path: Path) -> None:
    source, problems = read_yaml(path.read_bytes(), path.name)
    full = reference(text_of(path))

    assert source is not None, problems
    assert full is not None
    walker = full[1]
    for where in walker.values:
        assert source.positions.value(where) == walker.values[where]
        assert source.positions.key(where) == (walker.keys.get(where) or walker.values[where])


# Generated documents: a tree of mappings and sequences whose leaves are raw YAML snippets,
# many of them on the edge of what the quick reader takes, laid out with varying
# indentation, comments, blank lines and trailing blanks.
# Snippets PyYAML reads as a value, many of them typed by their form.
_VALUES = [
    *("testo", "Testo con *enfasi*, e [un link](https://x.org/a).", "yes", "No", "on", "OFF", "true", "False", "1", "+1", "0", "012", "0x1F", "0o17"),
    *("0b11", "1_000", "1:20", "190:20:30", "1.5", "1.", ".5", ".inf", ".NaN", "1e3", "1.0e+3", "2023-01-22", "2023-1-2", "2023-01-22T22:00+01:00"),
    *("2023-01-22 08:00", "a #b", "a#b", "a:b", "https://x.org/a?b=1#c", "«ciao»", "è", "x  ", "a b", "a ]", "a }", "a,b", "[a, b]", "[ a ,b ]"),
    *("[]", "[1, yes, c-d]", "{}", "'q'", '"q"', "'it''s'", '"a" #c', "'a' #c", "|", "|-", ">", ">-", ">-  # c"),
]
# Snippets at the edge: other types, other YAML, or errors.
_EDGES = [
    *("null", "Null", "~", "-1", "-.Inf", "a: b", "a:", "<<", "=", "- x", "-x", "@x", "`x`", "%x", "!x", "!!str x", "&a x", "*a", "? x", ":x"),
    *("[a,]", "[a b]", "{ }", "{a: 1}", "[a, [b]]", '"a\\nb"', "'a'b", '"a" b', '"a"#c', "x #", " ", "|+", "|2", "|x", "--- x", "...", "#"),
    *('"', "'", "[", "{", " ", ""),
]
_KEYS = ["id", "titolo", "a", "b-c", "x_1", "1", "yes", "on", "data_ora", "k9"]
_ODD_KEYS = ["null", "<<", "a b", "-a", "a:b", '"q"', "? k", "é", "id"]
_PAD = st.sampled_from(["", "", "", " ", "  ", "  # nota"])


@st.composite
def _leaf(draw: st.DrawFn, indent: int) -> list[str]:
    """A snippet, and for a block scalar header the lines of its text below."""
    # Mostly values, so that most documents are valid YAML and get read quickly.
    odds = draw(st.integers(0, 24))
    if odds == 0:
        snippet = draw(st.sampled_from(_EDGES))
    elif odds == 1:
        snippet = draw(st.text(alphabet=" ab1.:#-'\"[]{},|>&*!?%@`~\u00a0", max_size=8))
    else:
        snippet = draw(st.sampled_from(_VALUES))
    if not snippet.startswith(("|", ">")):
        return [snippet]
    inner = indent + draw(st.sampled_from([0, 1, 2, 2, 4]))
    body = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "text", "text", "blank", "spaces", "deeper", "comment"]))
        if kind == "text":
            body.append(" " * inner + draw(st.sampled_from(["riga", "due parole", "fine  ", "a: b", "- voce", "#x"])))
        elif kind == "blank":
            body.append("")
        elif kind == "spaces":
            body.append(" " * draw(st.integers(0, inner + 2)))
        elif kind == "deeper":
            body.append(" " * (inner + 2) + "rientrata")
        else:
            body.append(" " * draw(st.integers(0, inner)) + "# commento")
    return [snippet, *body]


@st.composite
def _block(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """The lines of a mapping or sequence whose keys or "-" start at column indent."""
    lines: list[str] = []
    sequence = depth > 0 and draw(st.booleans())
    keys = draw(st.permutations(_KEYS))
    for number in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(_ODD_KEYS)) if draw(st.integers(0, 24)) == 0 else keys[number]
        prefix = " " * indent + ("- " if sequence else key + ":")
        child = draw(st.sampled_from(["leaf", "leaf", "leaf", "block", "block"]) if depth < 3 else st.just("leaf"))
        if draw(st.integers(0, 24)) == 0:
            child = "empty"
        if child == "leaf":
            leaf = draw(_leaf(indent))
            separator = "" if sequence else draw(st.sampled_from([" ", " ", "  "]))
            lines.append(prefix + separator + leaf[0] + draw(_PAD))
            lines.extend(leaf[1:])
        elif child == "empty":
            lines.append(prefix + draw(_PAD))
        elif sequence and draw(st.booleans()):
            # "- key: value" and the rest of its mapping below, at the column of the key
            inner = draw(_block(indent + 2, depth + 1))
            first = inner[0].lstrip(" ") if inner else ""
            lines.append(prefix + first)
            lines.extend(inner[1:])
        else:
            lines.append(prefix + draw(_PAD))
            shift = draw(st.sampled_from([0, 1, 2, 2, 2, 2, 4]))
            lines.extend(draw(_block(indent + shift, depth + 1)))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", "# commento", "    # commento rientrato"])))
    return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = [draw(st.sampled_from(["# yaml-language-server: $schema=../schema/evento.schema.json", ""])), *draw(_block(0, 0))]
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 0, 1, 2]))):
        index = draw(st.integers(0, len(lines) - 1))
        lines.insert(index, draw(st.sampled_from(["", " ", "  x", "- y", "z: 1", "\tq: 1", "a: b\r", "---", "...", "%YAML 1.1"])))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\n  \n"]))


@settings(max_examples=3000, deadline=None)
@given(text=documents())
def test_generated_documents_are_read_as_pyyaml_reads_them(text: str) -> None:
    assert_same_as_pyyaml(text)


_LINES = [line for path in [*VALID_FIXTURES, *REAL[:40]] for line in text_of(path).split("\n")]


@st.composite
def edited_files(draw: st.DrawFn) -> str:
    """A real file with a few lines deleted, duplicated, indented differently or taken from another file."""
    lines = text_of(draw(st.sampled_from(VALID_FIXTURES))).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "indent", "unindent", "other"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = " " * draw(st.integers(1, 3)) + lines[index]
        elif action == "unindent":
            lines[index] = lines[index][draw(st.integers(1, 3)) :]
        else:
            lines.insert(index, draw(st.sampled_from(_LINES)))
    return "\n".join(lines)


@settings(max_examples=1000, deadline=None)
@given(text=edited_files())
def test_edited_files_are_read_as_pyyaml_reads_them(text: str) -> None:
    assert_same_as_pyyaml(text)


def test_files_too_deep_or_too_big_are_left_to_pyyaml() -> None:
    deep = "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "x: 1\n"
    wide = "a: [" + ", ".join("x" for _ in range(MAX_NODES)) + "]\n"

    assert fastyaml.read(deep.split("\n"), MAX_DEPTH, MAX_NODES, printable=False) is None
    assert fastyaml.read(wide.split("\n"), MAX_DEPTH, MAX_NODES, printable=False) is None
    assert read_yaml(deep.encode(), "x.yml")[1][0].message == "il file è troppo grande o troppo annidato per essere una scheda."
    assert read_yaml(wide.encode(), "x.yml")[1][0].message == "il file è troppo grande o troppo annidato per essere una scheda."
