"""Resources that the HTML of the built pages would fetch from another host.

The browser check sees the requests a page makes; this one reads every page's markup,
so a stylesheet, script, font or image from elsewhere is caught even on a page the
browser never opens, and a render-blocking one (in <head>, without async/defer) is
named as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# Attributes that make the browser fetch something, by element. <a href> is a link, not a fetch.
_FETCHING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
}
_FETCHING_LINKS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon", "apple-touch-icon", "manifest"}


@dataclass(frozen=True, kw_only=True, slots=True)
class ForeignResource:
    file: str
    tag: str
    url: str
    render_blocking: bool


def find(site: Path, host: str) -> list[ForeignResource]:
    """Every fetched resource of site/**/*.html whose host is not `host` (the site's own)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, url, blocking in parser.resources:
            target = urlsplit(url.strip())
            if target.netloc and target.netloc != host:
                found.append(ForeignResource(file=page.relative_to(site).as_posix(), tag=tag, url=url, render_blocking=blocking))
    return found


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.resources: list[tuple[str, str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        if tag == "link" and _FETCHING_LINKS & set(values.get("rel", "").lower().split()):
            blocking = "stylesheet" in values["rel"].lower().split() and values.get("media", "all") in ("all", "screen", "")
            self.resources.append((tag, values.get("href", ""), self.in_head and blocking))
            return
        for name in _FETCHING.get(tag, ()):
            for url in _urls(name, values.get(name, "")):
                blocking = tag == "script" and self.in_head and not ({"async", "defer"} & values.keys()) and values.get("type") != "module"
                self.resources.append((tag, url, blocking))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def _urls(attribute: str, value: str) -> list[str]:
    if attribute != "srcset":
        return [value] if value else []
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
