"""What a page or a fact looks like from outside: link previews, share links, structured data.

Heads(data).for_page(...) gives, for one page, the values of the Open Graph and
Twitter tags, its preview card and its JSON-LD (Article, or FAQPage for the
questions page). The template in overrides/ only writes them out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from . import dates, text
from .model import Dataset, Source
from .records import FACT_FOLDER, Fact, all_sources, facts
from .render_previews import HEIGHT, WIDTH, Card

PREVIEW_FOLDER = "assets/anteprime"
EXCERPT_LENGTH = 200

_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", re.M)
_EMPHASIS = re.compile(r"\*{1,2}([^*\n]+)\*{1,2}")


@dataclass(frozen=True, kw_only=True, slots=True)
class ShareLinks:
    """Plain share URLs: no script of the apps, nothing loaded until the reader taps one."""

    whatsapp: str
    telegram: str
    email: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Head:
    """Everything the page head and the page foot say about one page."""

    title: str
    description: str
    url: str
    type: str
    image: str
    image_alt: str
    image_width: int
    image_height: int
    updated: date
    updated_text: str
    json_ld: str
    card: Card
    share: ShareLinks
    is_fact: bool


class Heads:
    """Built once per build from the data; for_page() is then called for every page."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.site = data.site
        self.facts = facts(data)
        self.by_anchor = {f.anchor: f for f in self.facts}

    def for_page(self, *, src_path: str, url: str, title: str, description: str, updated: date | str | None) -> Head:
        """The head of the page at src_path (e.g. cronologia.md, f/evento-….md), served at url."""
        subject = self._subject(src_path=src_path, url=url, title=title, description=description, updated=updated)
        fact = subject.fact
        card = self._card(subject)
        return Head(
            title=subject.title,
            description=description,
            url=url,
            type="website" if src_path == "index.md" else "article",
            image=f"{self.site.url}{subject.image_path}",
            image_alt=card_alt(card),
            image_width=WIDTH,
            image_height=HEIGHT,
            updated=subject.day,
            updated_text=dates.day(subject.day),
            json_ld=json_ld(self._structured(subject)),
            card=card,
            share=share_links(url, subject.title),
            is_fact=fact is not None,
        )

    def fact_cards(self) -> list[Card]:
        """The preview card of each fact's own page, as for_page() will give it, known before any page is built.

        A fact's page is dated by the fact's check, or else by the last full check: the
        same day for_page() takes for a page that gives none.
        """
        return [self._card(self._subject(src_path=fact.fact_page, url="", title=fact.title, description="", updated=None)) for fact in self.facts]

    def fact_of(self, src_path: str) -> Fact | None:
        """The record a per-fact page (f/<anchor>.md) is about."""
        folder, _, name = src_path.partition("/")
        if folder != FACT_FOLDER or not name.endswith(".md"):
            return None
        return self.by_anchor.get(name.removesuffix(".md"))

    def page_sources(self, src_path: str) -> tuple[str, ...]:
        """The sources a page cites, in order of first citation."""
        fact = self.fact_of(src_path)
        if fact is not None:
            return fact.sources
        if src_path == "index.md":
            return all_sources(f for f in self.facts if f.prefix == "incidente")
        return all_sources(f for f in self.facts if f.page == src_path)

    def _subject(self, *, src_path: str, url: str, title: str, description: str, updated: date | str | None) -> _Subject:
        fact = self.fact_of(src_path)
        return _Subject(
            src_path=src_path,
            url=url,
            title=self.site.title if src_path == "index.md" else title,
            description=description,
            day=as_date(updated) or (fact.checked if fact and fact.checked else None) or self.site.last_full_check,
            image_path=preview_path(src_path),
            fact=fact,
        )

    def _card(self, subject: _Subject) -> Card:
        fact, path = subject.fact, subject.image_path
        if fact is not None:
            kicker = f"{fact.label} · {fact.when}" if fact.when and fact.prefix != "fonte" else fact.label
            status = [fact.reliability.capitalize()] if fact.reliability else []
            if fact.prefix == "fonte":
                status.append("Fonte citata dalla guida")
            elif fact.prefix == "aggiornamento":
                status.append(f"Pubblicato il {dates.day(subject.day)}")
            elif fact.checked:
                status.append(f"Verificato il {dates.day(fact.checked)}")
            return Card(path=path, band=self.site.title, kicker=kicker, title=fact.title, text=plain(fact.summary), footer=" · ".join(status))
        footer = f"Ultimo aggiornamento: {dates.day(subject.day)}"
        if subject.src_path == "index.md":
            return Card(path=path, band=self.site.title, kicker="La guida", title=self.site.description, text="", footer=footer)
        return Card(path=path, band=self.site.title, kicker="", title=subject.title, text=subject.description, footer=footer)

    def _structured(self, subject: _Subject) -> dict[str, Any]:
        organisation = {"@type": "Organization", "name": f"Redazione di «{self.site.title}»", "url": self.site.url}
        kind = "FAQPage" if subject.src_path == "domande-frequenti.md" else "Article"
        common: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": kind,
            "url": subject.url,
            "mainEntityOfPage": subject.url,
            "inLanguage": "it",
            "description": subject.description,
            "dateModified": subject.day.isoformat(),
            "image": f"{self.site.url}{subject.image_path}",
            "isAccessibleForFree": True,
            "license": self.site.licence_url,
            "author": organisation,
            "publisher": organisation,
            "isPartOf": {"@type": "WebSite", "name": self.site.title, "url": self.site.url},
        }
        cited = self.page_sources(subject.src_path)
        if cited:
            common["citation"] = [citation(self.data.sources_by_id[source_id]) for source_id in cited]
        if kind == "FAQPage":
            return {
                **common,
                "name": subject.title,
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": faq.question,
                        "url": f"{subject.url}#domanda-{faq.id}",
                        "acceptedAnswer": {"@type": "Answer", "text": plain(faq.answer), "url": f"{subject.url}#domanda-{faq.id}"},
                    }
                    for faq in self.data.faqs
                ],
            }
        return {**common, "headline": subject.title}


@dataclass(frozen=True, kw_only=True, slots=True)
class _Subject:
    """The page a head is made for."""

    src_path: str
    url: str
    title: str
    description: str
    day: date
    image_path: str
    fact: Fact | None


# A fact's links are made for its place in the guide's pages (render_pages) and again for its own page's head.
@cache
def share_links(url: str, title: str) -> ShareLinks:
    """WhatsApp, Telegram and e-mail links that carry the title and the URL, every character percent-encoded."""
    message = _encode(f"{title}\n{url}")
    # RFC 6068: line breaks in a mailto body are CRLF.
    body = _encode(f"{title}\r\n\r\n{url}")
    return ShareLinks(
        whatsapp=f"https://wa.me/?text={message}",
        telegram=f"https://t.me/share/url?url={_encode(url)}&text={_encode(title)}",
        email=f"mailto:?subject={_encode(title)}&body={body}",
    )


def preview_path(src_path: str) -> str:
    """Where the preview image of a page goes: assets/anteprime/cronologia.png, …/f/evento-….png."""
    return f"{PREVIEW_FOLDER}/{src_path.removesuffix('.md')}.png"


def plain(markdown: str) -> str:
    """Text of the Markdown subset without the markup, on one line: for descriptions and previews."""
    out = text.LINK.sub(lambda m: m.group(1), markdown)
    out = _LIST_MARKER.sub("", out)
    out = _EMPHASIS.sub(lambda m: m.group(1), out)
    out = out.replace("\\", "")
    return " ".join(out.split())


def excerpt(value: str, limit: int = EXCERPT_LENGTH) -> str:
    """value cut at a word, with …, so that it is at most limit characters long."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def card_alt(card: Card) -> str:
    """The preview image's text alternative: what it says, in reading order."""
    return ". ".join(part for part in (card.kicker, card.title) if part)


def citation(source: Source) -> dict[str, Any]:
    cited: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title,
        "url": source.url,
        "publisher": {"@type": "Organization", "name": source.publisher},
        "inLanguage": source.language,
    }
    published = dates.iso_partial(source.published)
    if published:
        cited["datePublished"] = published
    return cited


def json_ld(value: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json"> block: nothing in it can close the element."""
    encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def as_date(value: date | str | None) -> date | None:
    """A front matter date (YAML gives a date, a quoted one a string); ValueError in Italian otherwise."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"la data «{value}» non è valida: scrivila nella forma AAAA-MM-GG, per esempio 2026-11-30.") from None


def _encode(value: str) -> str:
    """quote(value, safe=""), with a table: urllib makes a Python call for every byte."""
    return "".join([_PERCENT[byte] for byte in value.encode("utf-8")])


# byte -> itself if unreserved (RFC 3986, as urllib's quote), else %XX
_PERCENT = tuple(chr(b) if chr(b) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~" else f"%{b:02X}" for b in range(256))
