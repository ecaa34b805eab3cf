"""The shortcuts taken for speed (see docs/prestazioni.md) give the same answers as the plain definitions."""

from __future__ import annotations

import html
import unicodedata
from urllib.parse import quote

from factsheet import meta, text
from hypothesis import given, settings
from hypothesis import strategies as st

# Characters the checks and links care about, mixed with any text.
_MARKUP = st.sampled_from([*"<>&;#![](){}%$`|^:?=/.-_*~\\ \n\t\u00a0\u200b", "https://", "javascript:", "data:", "&#106;", "](", "![", "mailto:", "a", "é"])
texts = st.lists(_MARKUP, max_size=30).map("".join) | st.text(max_size=60)


def slow_check(value: str) -> list[str]:
    """check() as it was: every pattern, then every link."""
    problems = [message for pattern, message in text._CHECKS if pattern.search(value)]
    for match in text.LINK.finditer(value):
        target = match.group(2)
        if slow_link_kind(target) is None and not text._SCRIPT_SCHEME.search(target):
            problems.append(f"contiene un link non ammesso «{target[:80]}»: usa solo https://…, mailto:… oppure un'ancora della guida come #evento-…")
    return problems


def slow_link_kind(target: str) -> str | None:
    cleaned = "".join(ch for ch in html.unescape(target) if not unicodedata.category(ch).startswith(("C", "Z")))
    if cleaned != target:
        return None
    return text.link_kind(target)


def slow_escape(value: str, specials: str) -> str:
    """The escaping of escape_inline as it was: one character at a time."""
    return "".join("\\" + ch if ch in specials else ch for ch in value)


@settings(max_examples=500, deadline=None)
@given(value=texts)
def test_check_finds_what_every_pattern_finds(value: str) -> None:
    assert text.check(value) == slow_check(value)


@settings(max_examples=500, deadline=None)
@given(value=texts | st.sampled_from(["https://example.org/a", "#evento-a", "mailto:a@b.it", "https://exa mple.org", "https://a.b/\x7f", "java\tscript:x"]))
def test_link_kind_skips_only_the_scan_that_cannot_change_anything(value: str) -> None:
    assert text.link_kind(value) == slow_link_kind(value)


@settings(max_examples=500, deadline=None)
@given(value=texts)
def test_escape_inline_tables_escape_as_before(value: str) -> None:
    assert value.translate(text._ESCAPE_ALL) == slow_escape(value, "\\`*_[]{}()!#|<>~^")
    assert value.translate(text._KEEP_EMPHASIS) == slow_escape(value, "\\`[]{}()!#|<>")


@settings(max_examples=500, deadline=None)
@given(value=texts)
def test_share_links_are_percent_encoded_as_urllib_does(value: str) -> None:
    assert meta._encode(value) == quote(value, safe="")
