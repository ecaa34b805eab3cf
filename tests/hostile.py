"""The payloads that a careless or malicious edit could put in the data, and a checker for HTML output."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from factsheet.load import load_dataset
from factsheet.problems import DataError
from factsheet.render_pages import COPY_CONTROLS, COPY_STATUS

# Each one tries a different way to get markup, script or a dangerous link into a page.
PAYLOADS = (
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    '"><svg/onload=window.__xss=1>',
    "'><iframe src=javascript:window.__xss=1>",
    "<math><mtext><script>window.__xss=1</script></mtext></math>",
    "<svg><a xlink:href=javascript:window.__xss=1><text>x</text></a></svg>",
    "javascript:window.__xss=1",
    "JaVaScRiPt:window.__xss=1",
    " javascript:window.__xss=1",
    "jav&#x09;ascript:window.__xss=1",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "[clicca](javascript:window.__xss=1)",
    "[clicca](JAVASCRIPT:window.__xss=1)",
    "[clicca](<javascript:window.__xss=1>)",
    "[clicca](jav&#x61;script:window.__xss=1)",
    "[clicca]: javascript:window.__xss=1",
    '[clicca](https://example.org/"onmouseover="window.__xss=1)',
    "![foto](https://tracker.example/pixel.png)",
    'Titolo {: onclick="window.__xss=1" }',
    "Titolo {#x onclick=window.__xss=1}",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "&#60;script&#62;window.__xss=1&#60;/script&#62;",
    "%3Cscript%3Ewindow.__xss=1%3C/script%3E",
    "{{ 7*7 }} {% raw %} ${7*7}",
    '" onmouseover="window.__xss=1" x="',
    "' onfocus='window.__xss=1' autofocus='",
    '"});window.__xss=1;//',
    "</script><script>window.__xss=1</script>",
    "<!-- commento --> ]]> <![CDATA[ x ]]>",
    "</textarea><script>window.__xss=1</script>",
    "<a href='javascript:window.__xss=1'>link</a>",
    "<style>body{background:url(javascript:window.__xss=1)}</style>",
    '!!! danger "titolo"\n    testo',
    '--8<-- "/etc/passwd"',
    "| a | b |\n| --- | --- |\n| <b>x</b> | y |",
    "riga\n===",
    "`<script>window.__xss=1</script>`",
    "    <script>window.__xss=1</script>",
    "\u2028\u2029",
)

SAFE_TAGS = frozenset(
    {"p", "a", "strong", "em", "ul", "ol", "li", "h1", "h2", "h3", "h4", "span", "table", "thead", "tbody", "tr", "th", "td", "div", "br", "hr", "code"}
)
SAFE_ATTRIBUTES = frozenset({"href", "id", "class", "title", "style", "data-search-exclude"})
SAFE_SCHEMES = ("https://", "http://", "mailto:", "#", "../", "./")
# Inside a timeline chart (<figure class="fs-chart">, drawn by render_chart) the engine writes
# SVG and ARIA markup of its own; event handlers, scripts and unsafe links stay forbidden there too.
CHART_TAGS = SAFE_TAGS | {"figure", "figcaption", "svg", "title", "desc", "defs", "pattern", "g", "rect", "path", "circle", "line", "text"}
CHART_ATTRIBUTES = SAFE_ATTRIBUTES | {
    *("role", "tabindex", "aria-label", "aria-hidden", "xmlns", "width", "height", "viewbox", "patternunits", "patterntransform"),
    *("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "d", "text-anchor", "font-size", "font-weight"),
    *("fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity"),
}


class UnsafeMarkup(HTMLParser):
    """Collects every tag, attribute or link in an HTML fragment that the guide's own markup never uses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.chart_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "figure" and (self.chart_depth or ("class", "fs-chart") in attrs):
            self.chart_depth += 1
        tags, attributes = (CHART_TAGS, CHART_ATTRIBUTES) if self.chart_depth else (SAFE_TAGS, SAFE_ATTRIBUTES)
        if tag not in tags:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name not in attributes or name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name == "href" and value is not None and not value.startswith(SAFE_SCHEMES) and not _relative_page(value):
                self.found.append(f"{tag}[href={value}]")
            if name == "style" and value and "url(" in value:
                self.found.append(f"{tag}[style={value}]")
            if name == "fill" and value and value.startswith("url(") and not re.fullmatch(r"url\(#[a-z0-9-]+\)", value):
                self.found.append(f"{tag}[fill={value}]")

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self.chart_depth:
            self.chart_depth -= 1


def _relative_page(href: str) -> bool:
    # A browser reads a scheme only from letters, digits, + - . before the first colon.
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) is None


def unsafe_markup(html: str) -> list[str]:
    parser = UnsafeMarkup()
    # The «Copia link» button and its status: the engine's own markup, exactly as it writes it.
    parser.feed(html.replace(COPY_CONTROLS, "").replace(COPY_STATUS, ""))
    return parser.found


def hrefs(html: str) -> list[str]:
    """Every href of the fragment, as the browser would read it."""
    found: list[str] = []

    class _Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(value for name, value in attrs if name == "href" and value is not None)

    _Links(convert_charrefs=True).feed(html)
    return found


def load_problems(data_dir: object) -> list[Any]:
    """The problems load_dataset reports for data_dir, or [] when the data is valid."""
    try:
        load_dataset(data_dir)  # type: ignore[arg-type]
    except DataError as error:
        return list(error.problems)
    return []
