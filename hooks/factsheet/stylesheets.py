"""Lighter stylesheets for the built site: a phone downloads them all before it shows a page.

`trim_theme()` drops from Material's stylesheets what this guide never uses; `minify()`
removes the comments and spacing of the guide's own stylesheets (docs/assets/*.css stay
readable in the repository, the site gets the short form).

Material's stylesheets

Material ships one stylesheet for every feature it has: content tabs, code highlighting,
keyboard keys, blog posts, version selectors, nineteen colour palettes… Most of it is
never used here, yet every reader's phone downloads it before it can show the page.
After the build, `trim_theme()` drops from them:

- the rules of components that no page of the built site uses (checked on the built HTML,
  so a page that starts using one, say content tabs, gets its styles back by itself);
- the rules of colour palettes that mkdocs.yml does not configure.

A rule is dropped only when every one of its selectors belongs to such a component or
palette; a class named only inside :is(), :not() and the like never counts, so a shared
rule stays. Everything else is copied byte for byte, in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

STYLESHEETS = Path("assets", "stylesheets")


def trim_theme(site: Path, *, features: Iterable[str], palettes: dict[str, Any] | list[dict[str, Any]], scanned: Scan | None = None) -> None:
    """Rewrite site/assets/stylesheets/{main,palette}.*.min.css without what the built site never uses.

    features and palettes are mkdocs.yml's theme.features and theme.palette. scanned is
    what is known of pages already looked at (finish.py notes it as it writes them): of
    the site's HTML files, only the others are read here.
    """
    scan = Scan()
    if scanned is not None:
        scan.update(scanned)
    for page in sorted(site.rglob("*.html")):
        if str(page) not in scan.paths:
            scan.add(str(page), page.read_text(encoding="utf-8"))
    unused = unused_components(scan, set(features))
    keep_colours = palette_colours(palettes)
    for stylesheet in sorted((site / STYLESHEETS).glob("*.min.css")):
        css = stylesheet.read_text(encoding="utf-8")
        trimmed = trim_css(css, unused=unused, colours=keep_colours)
        if trimmed != css:
            stylesheet.write_text(trimmed, encoding="utf-8", newline="\n")


def palette_colours(palettes: dict[str, Any] | list[dict[str, Any]]) -> set[str]:
    """The primary and accent colours of the configured palettes, as Material writes them (indigo by default)."""
    listed = palettes if isinstance(palettes, list) else [palettes]
    return {str(palette.get(key) or "indigo").lower().replace(" ", "-") for palette in listed for key in ("primary", "accent")}


def minify_files(site: Path, paths: Iterable[str]) -> None:
    """Minify the site's copies of these stylesheets (mkdocs.yml's extra_css); addresses of other hosts are skipped."""
    for path in paths:
        target = site / path
        if "://" in path or not path.endswith(".css") or not target.is_file():
            continue
        css = target.read_text(encoding="utf-8")
        short = minify(css)
        if short != css:
            target.write_text(short, encoding="utf-8", newline="\n")


def minify(css: str) -> str:
    """css without comments (but /*! licences) and without the spaces that mean nothing.

    Strings are copied as they are. Only spaces next to { } ; , go, and the ; before a }:
    spaces around + - > ( ) can matter (calc(), media queries) and are kept, as one space.
    """
    out: list[str] = []
    index, space, last_string = 0, False, False
    while index < len(css):
        char = css[index]
        if char in "\"'":
            end = _after_string(css, index)
            chunk, last_string = css[index:end], True
        elif css.startswith("/*", index):
            end = css.find("*/", index + 2)
            end = len(css) if end < 0 else end + 2
            if not css.startswith("/*!", index):
                index = end
                continue
            chunk, last_string = css[index:end], False
        elif char.isspace():
            space, index = True, index + 1
            continue
        else:
            end, chunk = index + 1, char
            if char == "}" and out and out[-1] == ";" and not last_string:
                out.pop()
            last_string = False
        if space and out and out[-1][-1:] not in _TIGHT and chunk[0] not in _TIGHT:
            out.append(" ")
        out.append(chunk)
        space, index = False, end
    return "".join(out).strip() + "\n"


@dataclass(kw_only=True, slots=True)
class Scan:
    """What some HTML pages use of Material's components: the paths looked at, their class attributes, any code block."""

    paths: set[str] = field(default_factory=set)
    # A few hundred distinct attributes come back on every page: each is kept, and split, once.
    attributes: set[str] = field(default_factory=set)
    code_blocks: bool = False

    def add(self, path: str, page: str) -> None:
        self.paths.add(path)
        self.attributes.update(_CLASS_ATTRIBUTE.findall(page))
        self.code_blocks = self.code_blocks or "<pre" in page

    def update(self, other: Scan) -> None:
        self.paths |= other.paths
        self.attributes |= other.attributes
        self.code_blocks = self.code_blocks or other.code_blocks


def unused_components(scan: Scan, features: set[str]) -> frozenset[str]:
    """The class prefixes of MARKUP_COMPONENTS (and SCRIPTED_COMPONENTS) that no scanned page needs."""
    classes = {token for attribute in scan.attributes for token in attribute.split()}
    unused = {prefix for prefix in MARKUP_COMPONENTS if not any(_belongs(token, prefix) for token in classes)}
    if not scan.code_blocks and not features & SCRIPTED_FEATURES:
        unused |= {prefix for prefix in SCRIPTED_COMPONENTS if not any(_belongs(token, prefix) for token in classes)}
    return frozenset(unused)


def trim_css(css: str, *, unused: frozenset[str], colours: set[str]) -> str:
    """css without the style rules whose every selector needs an unused component or palette colour."""
    return "".join(_serialize(node, unused, colours) for node in _parse(css))


@dataclass(frozen=True, slots=True)
class _Node:
    prelude: str  # a selector list, an at-rule's head, or any text outside rules
    body: str | None  # None for text and statements that end with ";"


def _parse(css: str) -> list[_Node]:
    """Top-level rules of css, each with its block's raw text; strings and comments are skipped over."""
    nodes = []
    start = index = 0
    # From one character that matters to the next: the others are copied as they are.
    while (token := _PARSE_TOKEN.search(css, index)) is not None:
        index = token.start()
        char = css[index]
        if char in "\"'":
            index = _after_string(css, index)
        elif char == "/":
            index = _after_comment(css, index)
        elif char == ";" and css[start:index].lstrip().startswith("@"):
            nodes.append(_Node(css[start : index + 1], None))
            start = index = index + 1
        elif char == "{":
            end = _block_end(css, index)
            nodes.append(_Node(css[start:index], css[index + 1 : end]))
            start = index = end + 1
        else:
            index += 1
    if start < len(css):
        nodes.append(_Node(css[start:], None))
    return nodes


def _serialize(node: _Node, unused: frozenset[str], colours: set[str]) -> str:
    if node.body is None:
        return node.prelude
    head = node.prelude.strip()
    if head.startswith(("@media", "@supports", "@layer", "@container")):
        inner = "".join(_serialize(child, unused, colours) for child in _parse(node.body))
        return f"{node.prelude}{{{inner}}}" if inner.strip() else ""
    if head.startswith("@"):
        return f"{node.prelude}{{{node.body}}}"  # @keyframes, @font-face, @page: kept whole
    if all(_needs_unused(selector, unused, colours) for selector in _split_selectors(head)):
        return ""
    return f"{node.prelude}{{{node.body}}}"


def _needs_unused(selector: str, unused: frozenset[str], colours: set[str]) -> bool:
    plain = _outside_parentheses(selector)
    if any(_unused_class(token, unused) for token in _CLASS.findall(plain)):
        return True
    return any(colour not in colours for colour in _PALETTE_COLOUR.findall(plain))


@cache
def _unused_class(token: str, unused: frozenset[str]) -> bool:
    """Whether the class token belongs to one of the unused prefixes (the same few hundred tokens come back in every rule)."""
    return any(_belongs(token, prefix) for prefix in unused)


def _belongs(token: str, prefix: str) -> bool:
    """md-tabs__link belongs to md-tabs; md-tabsx and md-tab do not."""
    return token == prefix or token.startswith((f"{prefix}-", f"{prefix}_"))


def _split_selectors(selectors: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(selectors):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(selectors[start:index])
            start = index + 1
    parts.append(selectors[start:])
    return [part.strip() for part in parts]


def _outside_parentheses(selector: str) -> str:
    kept, depth = [], 0
    for char in selector:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def _after_string(css: str, index: int) -> int:
    quote, index = css[index], index + 1
    while index < len(css) and css[index] != quote:
        index += 2 if css[index] == "\\" else 1
    return index + 1


def _after_comment(css: str, index: int) -> int:
    end = css.find("*/", index + 2)
    return len(css) if end < 0 else end + 2


def _block_end(css: str, index: int) -> int:
    """The index of the "}" that closes the block opened at css[index]."""
    depth = 0
    while (token := _BLOCK_TOKEN.search(css, index)) is not None:
        index = token.start()
        char = css[index]
        if char in "\"'":
            index = _after_string(css, index)
            continue
        if char == "/":
            index = _after_comment(css, index)
            continue
        if char == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return len(css)


_TIGHT = "{};,"
# The characters _parse and _block_end act on: quotes, the start of a comment, and ; { or { }.
_PARSE_TOKEN = re.compile(r"[\"';{]|/\*")
_BLOCK_TOKEN = re.compile(r"[\"'{}]|/\*")
# \bclass="…", written so that the regex engine looks for the literal class=" and only then
# at the character before it: a leading \b makes it try every position, ten times slower.
_CLASS_ATTRIBUTE = re.compile(r'class="(?<!\wclass=")([^"]*)"')
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_PALETTE_COLOUR = re.compile(r"\[data-md-color-(?:primary|accent)=[\"']?([\w-]+)[\"']?\]")

# Material components that exist only when a page's markup has them: Markdown extensions
# this guide does not enable (tabs, code, keys, footnotes, grids, emoji, diagrams, maths,
# task lists, critic marks) and theme parts it does not use (blog, tags, version and
# language selectors, tabs bar, banner, cookie consent, feedback, comments, status, path).
MARKUP_COMPONENTS = frozenset(
    {
        "arithmatex",
        "katex-html",
        "card",
        "cards",
        "critic",
        "emojione",
        "gemoji",
        "twemoji",
        "filename",
        "footnote",
        "footnote-ref",
        "footnote-backref",
        "giscus",
        "grid",
        "highlight",
        "highlighttable",
        "linenodiv",
        "linenos",
        "key",
        "keys",
        "mermaid",
        "tabbed",
        "task-list",
        "md-author",
        "md-banner",
        "md-consent",
        "md-draft",
        "md-feedback",
        "md-pagination",
        "md-path",
        "md-pin",
        "md-post",
        "md-profile",
        "md-progress",
        "md-select",
        "md-social",
        "md-source-file",
        "md-status",
        "md-tabs",
        "md-tag",
        "md-tags",
        "md-version",
    }
)
# Made by Material's script around code blocks (copy button, annotations) and for tooltips.
SCRIPTED_COMPONENTS = frozenset({"md-annotation", "md-annotation-list", "md-clipboard", "md-code", "md-tooltip", "md-tooltip2"})
SCRIPTED_FEATURES = frozenset({"content.tooltips", "content.code.copy", "content.code.annotate", "content.code.select"})
