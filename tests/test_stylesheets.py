"""Lighter stylesheets: Material's without unused components and palettes, ours without comments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factsheet import stylesheets
from hypothesis import given, settings
from hypothesis import strategies as st

UNUSED = frozenset({"tabbed", "md-tabs"})
STYLESHEET = Path("assets", "stylesheets", "main.0123abcd.min.css")


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        # a rule of an unused component goes, a used one stays
        (".md-typeset .tabbed-set{display:flex}.md-typeset .admonition{margin:0}", ".md-typeset .admonition{margin:0}"),
        # a shared rule stays, and keeps its unused selectors too
        (".md-tabs__link,.md-nav__link{color:red}", ".md-tabs__link,.md-nav__link{color:red}"),
        # a class named only inside :not() or :is() does not count
        (".md-typeset a:not(.tabbed-button){color:red}", ".md-typeset a:not(.tabbed-button){color:red}"),
        # md-tabsx is not md-tabs
        (".md-tabsx{color:red}", ".md-tabsx{color:red}"),
        # inside @media; an @media left empty goes too
        ("@media screen{.md-tabs{display:none}.md-nav{display:block}}@media print{.md-tabs{display:none}}", "@media screen{.md-nav{display:block}}"),
        # palettes that are not configured go, the configured one stays
        (
            '[data-md-color-primary=red]{--c:red}[data-md-color-primary=indigo]{--c:blue}[data-md-color-accent="pink"]{--a:pink}',
            "[data-md-color-primary=indigo]{--c:blue}",
        ),
        # @keyframes, @charset, licences and strings with braces are copied as they are
        (
            '@charset "UTF-8";/*! licence */@keyframes x{0%{opacity:0}}.a::after{content:"}{"}.tabbed-x{a:b}',
            '@charset "UTF-8";/*! licence */@keyframes x{0%{opacity:0}}.a::after{content:"}{"}',
        ),
    ],
)
def test_trim_css(css: str, expected: str) -> None:
    assert stylesheets.trim_css(css, unused=UNUSED, colours={"indigo"}) == expected


def scan_of(*pages: str) -> stylesheets.Scan:
    scan = stylesheets.Scan()
    for number, page in enumerate(pages):
        scan.add(f"pagina-{number}.html", page)
    return scan


def test_components_found_in_a_page_are_kept() -> None:
    scan = scan_of('<div class="tabbed-set tabbed-alternate"><pre><code>x</code></pre></div>', '<p class="md-tags">x</p>')

    unused = stylesheets.unused_components(scan, set())

    assert {"tabbed", "md-tags", "md-tabs"} & unused == {"md-tabs"}
    assert "md-clipboard" not in unused


def test_scripted_components_go_without_code_blocks_and_tooltips() -> None:
    assert stylesheets.unused_components(scan_of("<p>x</p>"), set()) >= stylesheets.SCRIPTED_COMPONENTS
    assert not stylesheets.SCRIPTED_COMPONENTS & stylesheets.unused_components(scan_of("<p>x</p>"), {"content.tooltips"})


def test_trim_theme_reads_only_the_pages_it_was_not_told_about(tmp_path: Path) -> None:
    (tmp_path / STYLESHEET).parent.mkdir(parents=True)
    (tmp_path / STYLESHEET).write_text(".md-tags{a:b}.tabbed-set{c:d}.md-tabs{e:f}", encoding="utf-8")
    (tmp_path / "letta.html").write_text('<p class="md-tags">x</p>', encoding="utf-8")
    # Not read again: what the scan says of it counts, not what the file now holds.
    (tmp_path / "finita.html").write_text("<p>x</p>", encoding="utf-8")
    scanned = scan_of()
    scanned.add(str(tmp_path / "finita.html"), '<div class="tabbed-set"></div>')

    stylesheets.trim_theme(tmp_path, features=[], palettes=[], scanned=scanned)

    assert (tmp_path / STYLESHEET).read_text(encoding="utf-8") == ".md-tags{a:b}.tabbed-set{c:d}"


def test_palette_colours_default_to_indigo() -> None:
    assert stylesheets.palette_colours([{"scheme": "default", "primary": "Deep Purple"}, {"scheme": "slate", "accent": "teal"}]) == {
        "deep-purple",
        "indigo",
        "teal",
    }


def test_minify_drops_comments_and_spacing_but_not_strings_or_meaningful_spaces() -> None:
    css = """/* A comment. */
/*! licence */
.a > .b ,
.c {
  content: " ( a , b ) ";
  width: calc(1px + 2px);
}

@media screen and (max-width: 76em) {
  .d { color : red; }
}
"""

    assert stylesheets.minify(css) == (
        '/*! licence */ .a > .b,.c{content: " ( a , b ) ";width: calc(1px + 2px)}@media screen and (max-width: 76em){.d{color : red}}\n'
    )


def test_minify_files_skips_other_hosts_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "guida.css").write_text("/* x */\n.a {\n  color: red;\n}\n", encoding="utf-8")

    stylesheets.minify_files(tmp_path, ["assets/guida.css", "assets/mancante.css", "https://example.org/x.css"])

    assert (tmp_path / "assets" / "guida.css").read_text(encoding="utf-8") == ".a{color: red}\n"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['class="', "x", " ", "-", "_", "é", '"', "a b", "md-tabs", "<p ", ">"]), max_size=16))
def test_class_attributes_are_found_as_a_plain_word_boundary_regex_finds_them(parts: list[str]) -> None:
    page = "".join(parts)

    assert stylesheets._CLASS_ATTRIBUTE.findall(page) == re.findall(r'\bclass="([^"]*)"', page)
