"""The quick schema check says "valid" only where jsonschema agrees, and says it for real records."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT
from factsheet.quickcheck import compile_all
from factsheet.schema import Schemas
from factsheet.yamlsource import read_yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from referencing import Registry, Resource

SCHEMAS = ROOT / "data" / "schema"
CONTENTS = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMAS.glob("*.schema.json"))}
_REGISTRY: Registry[Any] = Registry().with_resources((name, Resource.from_contents(c)) for name, c in CONTENTS.items())
VALIDATORS = {name: Draft7Validator(c, registry=_REGISTRY) for name, c in CONTENTS.items()}
QUICK = compile_all(CONTENTS)


def records(folder: Path) -> list[tuple[str, Any]]:
    """(schema file, value) of every data file in folder, the schema read from its modeline."""
    found = []
    for path in sorted(folder.rglob("*.yml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        source, problems = read_yaml(path.read_bytes(), path.name)
        assert source is not None, problems
        found.append((first.rsplit("/", 1)[-1], source.value))
    return found


REAL = records(ROOT / "data") + records(FIXTURES / "valido")


def test_every_schema_has_a_quick_check() -> None:
    assert [name for name, check in QUICK.items() if check is None] == []


@pytest.mark.parametrize(("schema", "value"), REAL, ids=lambda v: v if isinstance(v, str) else "")
def test_the_quick_check_agrees_with_jsonschema_on_every_real_record(schema: str, value: Any) -> None:
    # Where they agree on valid records, jsonschema never runs for them.
    assert Schemas(SCHEMAS).surely_valid(schema, value) is VALIDATORS[schema].is_valid(value)


def test_an_unknown_keyword_leaves_the_decision_to_jsonschema() -> None:
    checks = compile_all({"a.schema.json": {"$id": "a.schema.json", "type": "string", "format": "email"}})

    assert checks == {"a.schema.json": None}


# Values an editor could write, and values taken from the real records, so that
# mutated records are often still valid and both answers get tested.
def _all_leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for child in value.values() for leaf in _all_leaves(child)]
    if isinstance(value, list):
        return [leaf for child in value for leaf in _all_leaves(child)]
    return [value]


_POOL = sorted({leaf for _, value in REAL for leaf in _all_leaves(value) if isinstance(leaf, str)})[:400]
_SCALARS = st.none() | st.booleans() | st.integers(-3, 1200) | st.floats(allow_nan=False) | st.text(max_size=6) | st.sampled_from(_POOL)
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6) | st.sampled_from(_POOL), inner, max_size=3), max_leaves=8
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    """A real record with a few values replaced, keys removed or added, list items duplicated."""
    schema, original = draw(st.sampled_from(REAL))
    value = copy.deepcopy(original)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        containers = _containers(value)
        container = draw(st.sampled_from(containers))
        action = draw(st.sampled_from(["replace", "remove", "add", "duplicate"]))
        if isinstance(container, dict) and container:
            key = draw(st.sampled_from(sorted(container)))
            if action == "remove":
                del container[key]
            elif action == "add":
                container[draw(st.text(max_size=6) | st.sampled_from(_POOL))] = draw(_VALUES)
            else:
                container[key] = draw(_VALUES)
        elif isinstance(container, list) and container:
            index = draw(st.integers(min_value=0, max_value=len(container) - 1))
            if action == "remove":
                del container[index]
            elif action == "duplicate":
                container.append(container[index])
            else:
                container[index] = draw(_VALUES)
    return schema, value


def _containers(value: Any) -> list[Any]:
    found = [value] if isinstance(value, (dict, list)) else []
    children = value.values() if isinstance(value, dict) else (value if isinstance(value, list) else [])
    for child in children:
        found.extend(_containers(child))
    return found


@settings(max_examples=400, deadline=None)
@given(case=mutated())
def test_quickly_valid_implies_valid_for_jsonschema(case: tuple[str, Any]) -> None:
    schema, value = case
    quick = QUICK[schema]

    assert quick is not None
    assert not quick(value) or VALIDATORS[schema].is_valid(value), value
