"""The shortcuts taken for speed (see docs/prestazioni.md) give the same answers as the plain definitions."""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from urllib.parse import quote, urlsplit

from factsheet import meta, text
from hypothesis import given, settings
from hypothesis import strategies as st

# Characters the checks and links care about, mixed with any text.
_MARKUP = st.sampled_from([*"<>&;#![](){}%$`|^:?=/.-_*~\\ \n\t\u00a0\u200b", "https://", "javascript:", "data:", "&#106;", "](", "![", "mailto:", "a", "é"])
texts = st.lists(_MARKUP, max_size=30).map("".join) | st.text(max_size=60)


def slow_check(value: str) -> list[str]:
    """check() as it was: every pattern, then every link."""
    problems = [message for pattern, message, _ in text._CHECKS if pattern.search(value)]
    for match in text.LINK.finditer(value):
        target = match.group(2)
        if slow_link_kind(target) is None and not text._SCRIPT_SCHEME.search(target):
            problems.append(f"contiene un link non ammesso «{target[:80]}»: usa solo https://…, mailto:… oppure un'ancora della guida come #evento-…")
    return problems


def slow_link_kind(target: str) -> str | None:
    """link_kind() as it was: every target cleaned, every web address split by urlsplit()."""
    cleaned = "".join(ch for ch in html.unescape(target) if not unicodedata.category(ch).startswith(("C", "Z")))
    if cleaned != target:
        return None
    if text.ANCHOR.match(target):
        return "anchor"
    lowered = target.lower()
    if lowered.startswith(("https://", "http://")):
        try:
            parts = urlsplit(target)
        except ValueError:
            return None
        if parts.netloc and "@" not in parts.netloc and re.fullmatch(r"[A-Za-z0-9.-]+(:\d+)?", parts.netloc):
            return "web"
        return None
    if lowered.startswith("mailto:") and re.fullmatch(r"mailto:[^@\s<>\"']+@[A-Za-z0-9.-]+", target):
        return "mail"
    return None


def slow_escape(value: str, specials: str) -> str:
    """The escaping of escape_inline as it was: one character at a time."""
    return "".join("\\" + ch if ch in specials else ch for ch in value)


@settings(max_examples=500, deadline=None)
@given(value=texts)
def test_check_finds_what_every_pattern_finds(value: str) -> None:
    assert text.check(value) == slow_check(value)


@settings(max_examples=500, deadline=None)
@given(value=texts)
def test_review_finds_the_problems_of_check_and_the_anchors_of_every_link(value: str) -> None:
    anchors = [m.group(2)[1:] for m in text.LINK.finditer(value) if text.link_kind(m.group(2)) == "anchor"]

    assert text.review(value) == (slow_check(value), anchors)


# Texts that each pattern matches (somewhere inside other text), for the quick tests that skip it.
_MATCHING = st.one_of(
    *(
        st.tuples(texts, st.from_regex(pattern), texts).map("".join)
        for pattern in [*(p for p, _, _ in text._CHECKS), text.LINK, re.compile(r"(?i)script\s*:"), re.compile(r"(?i)data\s*:")]
    )
)


@settings(max_examples=1000, deadline=None)
@given(value=_MATCHING | texts)
def test_a_pattern_is_skipped_only_where_it_cannot_match(value: str) -> None:
    for pattern, _, may_match in text._CHECKS:
        if pattern.search(value):
            assert may_match(value), pattern.pattern
    if any(p.search(value) for p, _, _ in text._CHECKS) or text.LINK.search(value):
        assert text.may_have_markup(value)


def test_the_scheme_test_knows_every_letter_the_pattern_takes_for_t_and_a() -> None:
    # _names_a_scheme looks for t and a by hand: no other character may match them ignoring case,
    # and str.rstrip() must strip exactly what \s matches.
    every = [chr(c) for c in range(sys.maxunicode + 1)]

    assert [c for c in every if re.fullmatch("(?i:[ta])", c)] == ["A", "T", "a", "t"]
    assert [c for c in every if bool(re.fullmatch(r"\s", c)) != (c.rstrip() == "") or c.isspace() != (c.rstrip() == "")] == []


@settings(max_examples=500, deadline=None)
@given(
    value=texts
    | st.sampled_from(["https://example.org/a", "#evento-a", "mailto:a@b.it", "https://exa mple.org", "https://a.b/\x7f", "java\tscript:x"])
    | st.tuples(
        st.sampled_from(["https://", "HTTP://", "httpſ://", "https:/", "ftp://", "https://["]),
        st.text(alphabet="ab.-:0١[]@/?#&% \t", max_size=12),
        st.sampled_from(["", "/", "/a?b=1#c", "?x", "#y", "/[x]", "/é", " "]),
    ).map("".join)
)
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
