"""A quick yes for valid data: the JSON Schemas compiled to plain Python checks.

jsonschema explains every error, and schema.py turns its explanations into Italian;
but it spends about half a millisecond on each valid record, most of it resolving
$ref, which at tens of thousands of records is most of the validation. Almost every
record is valid, so each file is first checked here: only a file that fails (or a
schema using a keyword this module does not know) goes to jsonschema, which then
finds and explains the errors exactly as before.

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


class _Unsupported(Exception):
    """A schema this module cannot check: jsonschema alone decides."""


def compile_all(contents: Mapping[str, Any]) -> dict[str, Check | None]:
    """A quick check for each schema file (by name), or None where only jsonschema can tell."""
    checks: dict[str, Check | None] = {}
    for name in contents:
        try:
            checks[name] = _Compiler(contents).schema(contents[name], name)
        except _Unsupported:
            checks[name] = None
    return checks


class _Compiler:
    def __init__(self, contents: Mapping[str, Any]) -> None:
        self.contents = contents
        self.resolving: set[tuple[str, str]] = set()

    def schema(self, schema: Any, document: str) -> Check:
        if schema is True:
            return _always
        if not isinstance(schema, dict):
            raise _Unsupported(schema)
        if "$ref" in schema:
            # Draft 7 ignores every keyword next to $ref, and so does jsonschema.
            return self._ref(schema["$ref"], document)
        checks = [self._keyword(keyword, value, schema, document) for keyword, value in schema.items() if keyword not in _ANNOTATIONS]
        checks = [c for c in checks if c is not _always]
        if len(checks) == 1:
            return checks[0]

        def every(value: Any) -> bool:
            return all(check(value) for check in checks)

        return every

    def _ref(self, ref: Any, document: str) -> Check:
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
        check = self.schema(target, target_document)
        self.resolving.discard(key)
        return check

    def _keyword(self, keyword: str, value: Any, schema: dict[str, Any], document: str) -> Check:
        if keyword == "type":
            return _type(value)
        if keyword == "enum":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _Unsupported(keyword)
            options = frozenset(value)
            return lambda v: isinstance(v, str) and v in options
        if keyword == "properties":
            properties = {name: self.schema(sub, document) for name, sub in value.items()}
            return lambda v: not isinstance(v, dict) or all(check(v[name]) for name, check in properties.items() if name in v)
        if keyword == "additionalProperties":
            if "patternProperties" in schema:
                raise _Unsupported(keyword)
            known = frozenset(schema.get("properties", {}))
            if value is False:
                return lambda v: not isinstance(v, dict) or known.issuperset(v)
            other = self.schema(value, document)
            return lambda v: not isinstance(v, dict) or all(other(item) for name, item in v.items() if name not in known)
        if keyword == "propertyNames":
            names = self.schema(value, document)
            return lambda v: not isinstance(v, dict) or all(names(name) for name in v)
        if keyword == "required":
            required = tuple(value)
            return lambda v: not isinstance(v, dict) or all(name in v for name in required)
        if keyword == "items":
            if isinstance(value, list):
                raise _Unsupported(keyword)
            item = self.schema(value, document)
            return lambda v: not isinstance(v, list) or all(item(i) for i in v)
        if keyword == "uniqueItems":
            if value is False:
                return _always
            # jsonschema compares any values; strings (all our lists hold) are simply compared.
            return lambda v: not isinstance(v, list) or (all(isinstance(i, str) for i in v) and len(set(v)) == len(v))
        if keyword == "pattern":
            pattern = re.compile(value)
            return lambda v: not isinstance(v, str) or pattern.search(v) is not None
        if keyword in _LIMITS:
            return _limit(keyword, value)
        raise _Unsupported(keyword)


def _always(value: Any) -> bool:
    return True


def _type(names: Any) -> Check:
    tests = [_TYPES[name] for name in ([names] if isinstance(names, str) else names) if name in _TYPES]
    if len(tests) != (1 if isinstance(names, str) else len(names)):
        raise _Unsupported(names)
    return lambda v: any(test(v) for test in tests)


def _limit(keyword: str, limit: Any) -> Check:
    if isinstance(limit, bool) or not isinstance(limit, (int, float)):
        raise _Unsupported(keyword)
    applies, size, lower = _LIMITS[keyword]
    if lower:
        return lambda v: not applies(v) or size(v) >= limit
    return lambda v: not applies(v) or size(v) <= limit


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_string(v: Any) -> bool:
    return isinstance(v, str)


def _is_array(v: Any) -> bool:
    return isinstance(v, list)


def _itself(v: Any) -> Any:
    return v


_TYPES: dict[str, Check] = {
    "string": _is_string,
    "array": _is_array,
    "object": lambda v: isinstance(v, dict),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    # jsonschema also takes 3.0 as an integer: saying "not sure" about it is allowed.
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
}

# keyword -> (the values it applies to, the measure it limits, whether it is a lower bound)
_LIMITS: dict[str, tuple[Check, Callable[[Any], Any], bool]] = {
    "minLength": (_is_string, len, True),
    "maxLength": (_is_string, len, False),
    "minItems": (_is_array, len, True),
    "maxItems": (_is_array, len, False),
    "minimum": (_is_number, _itself, True),
    "maximum": (_is_number, _itself, False),
}
