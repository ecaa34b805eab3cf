"""A quick yes for valid data: the JSON Schemas compiled to plain Python checks.

jsonschema explains every error, and schema.py turns its explanations into Italian;
but it spends about half a millisecond on each valid record, most of it resolving
$ref, which at tens of thousands of records is most of the validation. Almost every
record is valid, so each file is first checked here: only a file that fails (or a
schema using a keyword this module does not know) goes to jsonschema, which then
finds and explains the errors exactly as before.

Each schema becomes the source of a Python function, written out and compiled once:
a chain of tests, with no call for a $ref or for most keywords, which is several
times quicker than calling a small function per keyword and per value.

The one rule: a quick check may say "not sure" for a valid record, never "valid"
for an invalid one. Each keyword below is checked as jsonschema checks it in
Draft 7, or more strictly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]

# Keywords that describe but never constrain.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "definitions", "default", "examples"})

# Python tests for the JSON types, on a value named {v}.
_TYPES = {
    "string": "isinstance({v}, str)",
    "array": "isinstance({v}, list)",
    "object": "isinstance({v}, dict)",
    "boolean": "isinstance({v}, bool)",
    "null": "{v} is None",
    "number": "(isinstance({v}, (int, float)) and not isinstance({v}, bool))",
    # jsonschema also takes 3.0 as an integer: saying "not sure" about it is allowed.
    "integer": "(isinstance({v}, int) and not isinstance({v}, bool))",
}
# keyword -> (the type it applies to, the measure it limits, the comparison)
_LIMITS = {
    "minLength": ("string", "len({v})", ">="),
    "maxLength": ("string", "len({v})", "<="),
    "minItems": ("array", "len({v})", ">="),
    "maxItems": ("array", "len({v})", "<="),
    "minimum": ("number", "{v}", ">="),
    "maximum": ("number", "{v}", "<="),
}


class _Unsupported(Exception):
    """A schema this module cannot check: jsonschema alone decides."""


def compile_all(contents: Mapping[str, Any]) -> dict[str, Check | None]:
    """A quick check for each schema file (by name), or None where only jsonschema can tell."""
    checks: dict[str, Check | None] = {}
    for name in contents:
        try:
            checks[name] = _Compiler(contents).function(contents[name], name)
        except _Unsupported:
            checks[name] = None
    return checks


def _unique_strings(items: list[Any]) -> bool:
    # jsonschema compares any values; strings (all our lists hold) are simply compared.
    for item in items:
        if not isinstance(item, str):
            return False
    return len(set(items)) == len(items)


class _Compiler:
    """Writes the source of one schema's check: an expression per schema, a function per loop."""

    def __init__(self, contents: Mapping[str, Any]) -> None:
        self.contents = contents
        self.resolving: set[tuple[str, str]] = set()
        self.functions: list[str] = []
        self.constants: dict[str, Any] = {"_unique_strings": _unique_strings}

    def function(self, schema: Any, document: str) -> Check:
        """The compiled check of schema."""
        test = self.expression(schema, document, "v")
        self.functions.append(f"def check(v):\n    return {test}\n")
        namespace = dict(self.constants)
        exec(compile("\n".join(self.functions), f"<quick check of {document}>", "exec"), namespace)  # noqa: S102 - source written above from the schema's keywords
        check: Check = namespace["check"]
        return check

    def expression(self, schema: Any, document: str, v: str) -> str:
        """A Python expression, true only if the value named v is valid for schema."""
        if schema is True:
            return "True"
        if not isinstance(schema, dict):
            raise _Unsupported(schema)
        if "$ref" in schema:
            # Draft 7 ignores every keyword next to $ref, and so does jsonschema.
            return self._ref(schema["$ref"], document, v)
        # "type" is tested first: once it holds, the other keywords need not test the type they apply to.
        known = schema.get("type") if isinstance(schema.get("type"), str) else None
        tests = [_type(schema["type"], v)] if "type" in schema else []
        tests += [
            self._keyword(keyword, value, schema, document, v=v, known=known)
            for keyword, value in schema.items()
            if keyword not in _ANNOTATIONS and keyword != "type"
        ]
        tests = [t for t in tests if t != "True"]
        return f"({' and '.join(tests)})" if tests else "True"

    def _ref(self, ref: Any, document: str, v: str) -> str:
        if not isinstance(ref, str):
            raise _Unsupported(ref)
        uri, _, fragment = ref.partition("#")
        target_document = uri or document
        target = self.contents.get(target_document)
        # Names resolve as jsonschema resolves them only while each $id is its file name.
        if not isinstance(target, dict) or target.get("$id", target_document) != target_document or (fragment and not fragment.startswith("/")):
            raise _Unsupported(ref)
        key = (target_document, fragment)
        if key in self.resolving:
            raise _Unsupported(ref)  # a recursive schema
        self.resolving.add(key)
        for escaped in fragment.split("/")[1:]:
            part = escaped.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise _Unsupported(ref)
            target = target[part]
        test = self.expression(target, target_document, v)
        self.resolving.discard(key)
        return test

    def _keyword(self, keyword: str, value: Any, schema: dict[str, Any], document: str, *, v: str, known: str | None) -> str:
        """The test of one keyword on the value named v; the loops are functions whose value is named v too."""
        if keyword == "enum":
            if not isinstance(value, list) or not all(isinstance(option, str) for option in value):
                raise _Unsupported(keyword)
            return f"(isinstance({v}, str) and {v} in {self._constant(frozenset(value))})"
        if keyword == "properties":
            lines = ["if not isinstance(v, dict):", "    return True"]
            for name, sub in value.items():
                lines += [f"x = v.get({name!r}, _missing)", f"if x is not _missing and not {self.expression(sub, document, 'x')}:", "    return False"]
            self.constants["_missing"] = _MISSING
            return self._loop([*lines, "return True"], v)
        if keyword == "additionalProperties":
            if "patternProperties" in schema:
                raise _Unsupported(keyword)
            names = self._constant(frozenset(schema.get("properties", {})))
            if value is False:
                return _unless(known, "object", v, f"{names}.issuperset({v})")
            if value is True:
                return "True"
            lines = ["if isinstance(v, dict):", "    for name, x in v.items():"]
            lines += [f"        if name not in {names} and not {self.expression(value, document, 'x')}:", "            return False"]
            return self._loop([*lines, "return True"], v)
        if keyword == "propertyNames":
            lines = ["if isinstance(v, dict):", "    for x in v:", f"        if not {self.expression(value, document, 'x')}:", "            return False"]
            return self._loop([*lines, "return True"], v)
        if keyword == "required":
            if not value:
                return "True"
            return _unless(known, "object", v, " and ".join(f"{name!r} in {v}" for name in value))
        if keyword == "items":
            if isinstance(value, list):
                raise _Unsupported(keyword)
            lines = ["if isinstance(v, list):", "    for x in v:", f"        if not {self.expression(value, document, 'x')}:", "            return False"]
            return self._loop([*lines, "return True"], v)
        if keyword == "uniqueItems":
            if value is False:
                return "True"
            return _unless(known, "array", v, f"_unique_strings({v})")
        if keyword == "pattern":
            return _unless(known, "string", v, f"{self._constant(re.compile(value))}.search({v}) is not None")
        if keyword in _LIMITS:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise _Unsupported(keyword)
            applies, measure, comparison = _LIMITS[keyword]
            return _unless(known, applies, v, f"{measure.format(v=v)} {comparison} {value!r}")
        raise _Unsupported(keyword)

    def _loop(self, lines: list[str], v: str) -> str:
        """A call, on the value named v, of a new function whose body is lines."""
        name = f"_f{len(self.functions)}"
        self.functions.append(f"def {name}(v):\n" + "".join(f"    {line}\n" for line in lines))
        return f"{name}({v})"

    def _constant(self, value: Any) -> str:
        name = f"_k{len(self.constants)}"
        self.constants[name] = value
        return name


def _type(names: Any, v: str) -> str:
    listed = [names] if isinstance(names, str) else names
    if not isinstance(listed, list) or not all(name in _TYPES for name in listed):
        raise _Unsupported(names)
    return f"({' or '.join(_TYPES[name].format(v=v) for name in listed)})"


def _unless(known: str | None, applies: str, v: str, test: str) -> str:
    """test, for values of the type applies only: other values pass, as in JSON Schema."""
    if known == applies or (known == "integer" and applies == "number"):
        return f"({test})"
    return f"(not {_TYPES[applies].format(v=v)} or {test})"


_MISSING = object()
