"""A quick reader for the plain YAML that data files are written in.

PyYAML composes a file into nodes with their marks, and yamlsource.py walks them:
well over a hundred microseconds for a small record, most of the validation time
at tens of thousands of records. Data files use a small part of YAML: block
mappings with simple keys, block sequences, one-line plain and quoted scalars,
literal and folded block scalars, {}, and one-line lists of words in []. This
module reads exactly that part, one line at a time, and gives up on anything else
(duplicate keys, anchors, tags, other flow collections, multi-line plain or quoted
scalars, escapes, empty values...): such a file goes the full way through PyYAML,
which reports its problems as before.

The one rule, as in quickcheck.py: a value read here is the value PyYAML and the
walker would give, never an approximation; when unsure, give up. The tests check
it against PyYAML on every real and fixture file and on generated ones.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# Positions of values, 1-based (line, column), by path: the yamlsource format.
TopPositions = dict[tuple[str | int, ...], tuple[int, int]]

# A simple key: libyaml reads it as a plain scalar, and the walker keeps its text.
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,127}")
# A one-line flow sequence of simple words, as in «blocco: [gennaio, giugno]».
_FLOW_SEQUENCE = re.compile(r"\[ *((?:[A-Za-z0-9_][A-Za-z0-9_-]*)(?: *, *[A-Za-z0-9_][A-Za-z0-9_-]*)*)? *\]")
_FLOW_SEPARATOR = re.compile(r" *, *")
# Characters that begin something other than a plain scalar (or a plain scalar this reader leaves to PyYAML).
_NOT_PLAIN = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Anything outside the characters libyaml reads without a second thought: line breaks other than \n,
# tabs, a BOM, and the characters libyaml refuses. The file is then left to PyYAML.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

# How PyYAML types a plain scalar: the resolvers for its first character, then those for any.
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
_ANY_FIRST = list(_IMPLICIT.get(None, []))
_RESOLVERS = {first: [*resolvers, *_ANY_FIRST] for first, resolvers in _IMPLICIT.items() if first is not None}
_constructor = yaml.constructor.SafeConstructor()
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# For each first character, one expression matching where a resolver other than the timestamp's
# does: elsewhere the scalar stays text (dates too), with no need to try each resolver.
_TYPED = {
    first: re.compile("|".join(f"(?x:{pattern.pattern})" for tag, pattern in resolvers if tag != _TIMESTAMP))
    for first, resolvers in _RESOLVERS.items()
    if any(tag != _TIMESTAMP for tag, _ in resolvers)
}
_CONSTRUCT = {
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
}


class _Unsupported(Exception):
    """Not in the plain part of YAML read here: PyYAML reads the file."""


def read(lines: list[str], max_depth: int, max_nodes: int, *, printable: bool) -> tuple[dict[str, Any], TopPositions] | None:
    """The top-level mapping of the file whose lines (split at "\\n") are given, and where the value of its id starts.

    Every record cites the position of its id; any other position is needed only for a problem,
    and is found by composing the file with PyYAML.

    printable: whether every line is printable (str.isprintable), which rules out every
    unusual character; if not, the lines are searched for them. None leaves the file to
    PyYAML: anything this module does not read, and a file deeper than max_depth or with
    more than max_nodes values, which PyYAML and the walker report.
    """
    if not printable and any(_UNUSUAL.search(line) for line in lines):
        return None
    try:
        return _read(lines, max_depth, max_nodes)
    except _Unsupported:
        return None


# One loop over the lines, with no call for most of them: that is where the speed comes from.
def _read(lines: list[str], max_depth: int, max_nodes: int) -> tuple[dict[str, Any], TopPositions]:  # noqa: PLR0915
    root: dict[str, Any] = {}
    top: TopPositions = {}
    # The open blocks, innermost last: (column of their keys or "-", the block, whether a sequence, depth).
    stack: list[tuple[int, Any, bool, int]] = [(0, root, False, 0)]
    block_column, container, is_sequence, depth = stack[-1]
    # A key whose value is a block on the lines below: (mapping, key, column of the key, depth of the value).
    pending: tuple[dict[str, Any], str, int, int] | None = None
    nodes = 1  # as the walker counts: every value, the top mapping included
    number = 0
    while number < len(lines):
        line = lines[number]
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            number += 1  # blank, or a comment
            continue
        column = len(line) - len(content)
        # "- " and more blanks start a sequence item; what follows is read as a line of its own.
        dash = 0
        rest = content
        if content[0] == "-" and (content.startswith("- ") or content == "-"):
            rest = content[1:].lstrip(" ")
            dash = len(content) - len(rest)
        # A simple key, and ":" at the end or before a blank.
        key = ""
        colon = rest.find(":")
        if colon > 0 and (colon + 1 == len(rest) or rest[colon + 1] == " "):
            key = rest[:colon]
            if (key.isascii() and key.isidentifier() and colon <= 128) or _KEY.fullmatch(key):
                after = rest[colon + 1 :]
                rest = after.lstrip(" ")
            else:
                key = ""
        if pending is not None:
            owner, owner_key, owner_column, depth = pending
            pending = None
            if depth > max_depth:
                raise _Unsupported
            # A sequence may start at the column of its key; anything else must be further right.
            if column < owner_column or (column == owner_column and not dash):
                raise _Unsupported  # an empty value (null): left to PyYAML
            block: Any = [] if dash else {}
            owner[owner_key] = block
            stack.append((column, block, bool(dash), depth))
            block_column, container, is_sequence = column, block, bool(dash)
            if owner is root and owner_key == "id":
                top[(owner_key,)] = (number + 1, column + 1)
        elif block_column != column or (is_sequence and not dash):
            # Close the blocks that end before this line: those further right, and a sequence
            # at this column when the line is a key of the mapping that holds it.
            while stack[-1][0] > column or (stack[-1][0] == column and stack[-1][2] and not dash):
                stack.pop()
            block_column, container, is_sequence, depth = stack[-1]
            if block_column != column:
                raise _Unsupported  # a continuation line, or an indentation YAML refuses
        nodes += 1
        if is_sequence and key:
            # "- key: value" opens a mapping at the column of the key.
            if depth + 1 > max_depth:
                raise _Unsupported
            mapping: dict[str, Any] = {}
            container.append(mapping)
            block_column, container, is_sequence, depth = column + dash, mapping, False, depth + 1
            stack.append((block_column, container, False, depth))
            nodes += 1
        elif not is_sequence:
            if dash or not key:
                raise _Unsupported  # a "-" where a key should be, or a line that is no key
            if key in container:
                raise _Unsupported  # a duplicate: the walker explains it
        if not rest or rest[0] == "#":
            if not key:
                raise _Unsupported  # an empty item (null), or one whose value is on the lines below
            pending = (container, key, block_column, depth + 1)
            number += 1
            continue
        if container is root and key == "id":
            top[(key,)] = (number + 1, column + len(key) + 2 + len(after) - len(rest))
        if depth >= max_depth:
            raise _Unsupported  # the value would be too deep: the walker explains it
        if rest[0] in "|>":
            value, number = _block_scalar(lines, number, rest, block_column)
        elif rest[0] in _NOT_PLAIN:
            value, count = _scalar(rest, depth + 1, max_depth)
            nodes += count
            number += 1
        else:
            # A plain scalar, by far the most common value: read here, without a call.
            comment = rest.find(" #")
            if comment >= 0:
                rest = rest[:comment]
            value = rest.rstrip(" ")
            if ": " in value or value[-1] == ":":
                raise _Unsupported  # YAML refuses it: «mapping values are not allowed here»
            typed = _TYPED.get(value[0])
            if typed is not None and typed.match(value):
                value = _plain(value)
            number += 1
        if is_sequence:
            container.append(value)
        else:
            container[key] = value
    if not root or pending is not None or nodes > max_nodes:
        raise _Unsupported  # no value at all, an empty value at the end, or too many values: left to PyYAML
    return root, top


def _scalar(rest: str, depth: int, max_depth: int) -> tuple[Any, int]:
    """The one-line quoted scalar or flow collection that rest begins with, at depth, and how many values it holds besides itself.

    rest begins with one of _NOT_PLAIN (but no block scalar's | or >).
    """
    first = rest[0]
    if first == '"':
        end = rest.find('"', 1)
        if end < 0 or "\\" in rest[:end]:
            raise _Unsupported  # escapes, or more lines
        _nothing_after(rest, end + 1)
        return rest[1:end], 0
    if first == "'":
        return _single_quoted(rest), 0
    if first == "{":
        if rest[1:2] != "}":
            raise _Unsupported
        _nothing_after(rest, 2)
        return {}, 0
    if first == "[":
        flow = _FLOW_SEQUENCE.match(rest)
        if flow is None:
            raise _Unsupported
        _nothing_after(rest, flow.end())
        if not flow.group(1):
            return [], 0
        if depth + 1 > max_depth:
            raise _Unsupported
        items = [_plain(item) for item in _FLOW_SEPARATOR.split(flow.group(1))]
        return items, len(items)
    raise _Unsupported  # an alias, an anchor, a tag, or another indicator: left to PyYAML


def _plain(value: str) -> Any:
    """A plain scalar, typed as PyYAML types it; dates stay text, as the walker keeps them."""
    resolvers = _RESOLVERS.get(value[0], _ANY_FIRST)
    for tag, pattern in resolvers:
        if pattern.match(value):
            if tag == _TIMESTAMP:
                return value
            construct = _CONSTRUCT.get(tag)
            if construct is None:
                raise _Unsupported  # null, or the << and = the walker refuses
            return construct(yaml.ScalarNode(tag, value))
    return value


def _nothing_after(rest: str, position: int) -> None:
    """After a quoted scalar or a flow collection: only blanks, or a comment after a blank."""
    after = rest[position:]
    if after and (after[0] != " " or after.lstrip(" ")[:1] not in ("", "#")):
        raise _Unsupported


def _single_quoted(rest: str) -> str:
    position = 1
    while True:
        end = rest.find("'", position)
        if end < 0:
            raise _Unsupported  # it goes on to the next line
        if rest[end + 1 : end + 2] == "'":
            position = end + 2
            continue
        _nothing_after(rest, end + 1)
        return rest[1:end].replace("''", "'")


def _block_scalar(lines: list[str], number: int, rest: str, indent: int) -> tuple[str, int]:
    """A literal (|, |-) or folded (>, >-) scalar whose header, rest, is on line number, in a block at column indent.

    Returns the text and the number of the first line after it.
    """
    literal = rest[0] == "|"
    strip = rest[1:2] == "-"
    # Keep (+), an indentation indicator, or text after the indicator: left to PyYAML.
    _nothing_after(rest, 2 if strip else 1)
    first = number + 1
    if first == len(lines):
        raise _Unsupported
    block_indent = len(lines[first]) - len(lines[first].lstrip(" "))
    if block_indent <= indent or block_indent == len(lines[first]):
        raise _Unsupported  # empty, or starting with an empty line
    parts: list[str] = []
    breaks = 0  # empty lines since the last line of text
    last = first
    index = first
    while index < len(lines):
        line = lines[index]
        spaces = len(line) - len(line.lstrip(" "))
        if spaces == len(line):
            if spaces > block_indent:
                raise _Unsupported  # blanks that belong to the text
            breaks += 1
            index += 1
            continue
        if spaces < block_indent:
            break
        if spaces > block_indent and not literal:
            raise _Unsupported  # a more indented line: folding has exceptions there
        if parts:
            if literal:
                parts.append("\n" * (breaks + 1))
            else:
                parts.append("\n" * breaks if breaks else " ")
        parts.append(line[block_indent:])
        breaks = 0
        last = index
        index += 1
    # Clip keeps the line break after the last line of text, when there is one.
    if not strip and last < len(lines) - 1:
        parts.append("\n")
    return "".join(parts), last + 1
