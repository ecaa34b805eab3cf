"""The updates log (data/aggiornamenti/) as an Atom feed, written with the standard library.

RFC 4287. Dates come from the data, never from the clock, so the same data gives
the same bytes. Entry content is the update's text as HTML, with links to the
guide made absolute so that they work in a feed reader.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, time

import markdown

from . import text
from .dates import ROME
from .model import Dataset, Update
from .records import PAGE_OF_PREFIX, page_url

FEED_PATH = "aggiornamenti.xml"
ATOM = "http://www.w3.org/2005/Atom"


def atom(data: Dataset) -> bytes:
    """The feed document, newest update first."""
    site = data.site
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "it"})
    _sub(feed, "id", f"{site.url}{FEED_PATH}")
    _sub(feed, "title", f"{site.title}: aggiornamenti")
    _sub(feed, "subtitle", "Le modifiche importanti alla guida, dalla più recente.")
    _sub(feed, "updated", _timestamp(max((u.day for u in data.updates), default=data.site.last_full_check)))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": f"{site.url}{FEED_PATH}"})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": page_url(site.url, "aggiornamenti.md")})
    author = ET.SubElement(feed, "author")
    _sub(author, "name", f"Redazione di «{site.title}»")
    _sub(author, "uri", site.url)
    _sub(feed, "rights", f"Testi con licenza {site.licence_name}: {site.licence_url}")
    for update in data.updates:
        feed.append(_entry(data, update))
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _entry(data: Dataset, update: Update) -> ET.Element:
    url = f"{page_url(data.site.url, 'aggiornamenti.md')}#aggiornamento-{update.id}"
    entry = ET.Element("entry")
    _sub(entry, "id", url)
    _sub(entry, "title", update.title)
    _sub(entry, "updated", _timestamp(update.day))
    _sub(entry, "published", _timestamp(update.day))
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    content = ET.SubElement(entry, "content", {"type": "html"})
    content.text = _html(data, update)
    return entry


def _html(data: Dataset, update: Update) -> str:
    """The update's Markdown as HTML; text.render has already made the data inert."""

    def absolute(anchor: str) -> str:
        return f"{page_url(data.site.url, PAGE_OF_PREFIX[anchor.split('-', 1)[0]])}#{anchor}"

    return markdown.markdown(text.render(update.text, absolute))


def _timestamp(day: date) -> str:
    """Midnight of day, Italian time, as RFC 3339."""
    return datetime.combine(day, time(), tzinfo=ROME).isoformat()


def _sub(parent: ET.Element, tag: str, value: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = value
    return child
