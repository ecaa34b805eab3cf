"""Link-preview images (Open Graph cards): 1200x630 PNG, drawn offline with Pillow.

Messaging apps show these when a link to a page or to a single fact is shared.
WhatsApp is reported to drop images over about 300 KB, so the cards are flat
colours and text in a small palette. The font ships in a PyPI package
(Atkinson Hyperlegible, OFL), so the build needs no network and no system font,
and the same Pillow and font give the same bytes on every machine.

A fresh build draws one card per page, which costs about as much as MkDocs' own
work on the pages; CardPainter has them drawn and written by the build's background
process, on another core, while MkDocs builds the pages.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PIL import __version__ as pillow_version

from .background import Background

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 300 * 1024

_FONT_PACKAGE = "fontpkg_atkinson_hyperlegible"
_MARGIN = 72
_BAND = 96
_INK = (26, 26, 26)
_MUTED = (84, 84, 84)
_ACCENT = (40, 53, 147)  # Material indigo 800: white on it passes AAA contrast
_PAPER = (255, 255, 255)
_RULE = (210, 210, 210)
_TITLE_SIZES = (64, 56, 50, 44)
_TITLE_LINES = 4
_TEXT_SIZE = 32
_TEXT_LINES = 3
_FOOTER_TOP = HEIGHT - 78


# Any change to the drawing code, or another Pillow, changes the cache keys.
_KEY_PREFIX = hashlib.sha256(Path(__file__).read_bytes() + pillow_version.encode())
# Cards per background task: the tasks not started yet are dropped when a build fails.
_BATCH = 32


@dataclass(frozen=True, kw_only=True, slots=True)
class Card:
    """What one preview shows, top to bottom, and where it goes in the site."""

    path: str
    band: str
    kicker: str
    title: str
    text: str
    footer: str


def write_cards(cards: Iterable[Card], site_dir: Path, cache_dir: Path | None = None) -> list[Path]:
    """Each card as a PNG under site_dir; an unchanged file is not rewritten.

    Drawing is most of the cost, so with a cache_dir each image is kept there under
    the hash of what it shows (and of this module), and redrawn only when that
    changes: `mkdocs serve` rebuilds in a moment. Images no card uses any more are
    removed from the cache.
    """
    ordered = sorted(cards, key=lambda c: c.path)
    written = [_write(card, site_dir, cache_dir) for card in ordered]
    if cache_dir is not None:
        _prune(cache_dir, {_key(card) for card in ordered})
    return written


class CardPainter:
    """Has the cards written into the site by the build's background process, while the pages are built.

    request() hands over, in batches, each card that was not the last one requested for
    its path; call it only once MkDocs has emptied the site folder. When the background
    process is done, finish() takes the site's final cards: it writes any that was not
    handed over, or whose path was asked for with another card too, removes any image
    handed over for a page that did not ask for it, and prunes the cache, as
    write_cards() would.
    """

    def __init__(self, background: Background, site_dir: Path, cache_dir: Path) -> None:
        self.background = background
        self.site_dir = site_dir
        self.cache_dir = cache_dir
        # path -> the key of the card last requested for it.
        self._requested: dict[str, str] = {}
        # The paths requested with more than one card: which image ends up there depends on
        # which process wrote last (Background.finish_here), so finish() writes them again.
        self._redrawn: set[str] = set()

    def request(self, cards: Iterable[Card]) -> None:
        batch = []
        for card in cards:
            key = _key(card)
            before = self._requested.get(card.path)
            if before != key:
                if before is not None:
                    self._redrawn.add(card.path)
                self._requested[card.path] = key
                batch.append(card)
        for start in range(0, len(batch), _BATCH):
            self.background.submit(write_cards_here, batch[start : start + _BATCH], self.site_dir, self.cache_dir)

    def finish(self, cards: Iterable[Card]) -> None:
        final = {card.path: card for card in cards}
        for path in self._requested.keys() - final.keys():
            (self.site_dir / path).unlink(missing_ok=True)
        keys = set()
        for card in final.values():
            key = _key(card)
            keys.add(key)
            if self._requested.get(card.path) != key or card.path in self._redrawn:
                _write(card, self.site_dir, self.cache_dir)
        _prune(self.cache_dir, keys)


def write_cards_here(cards: Sequence[Card], site_dir: Path, cache_dir: Path) -> None:
    """write_cards() without pruning the cache: a task of the background process."""
    for card in cards:
        _write(card, site_dir, cache_dir)


def _write(card: Card, site_dir: Path, cache_dir: Path | None) -> Path:
    cached = cache_dir / _key(card) if cache_dir is not None else None
    if cached is not None and cached.exists():
        content = cached.read_bytes()
    else:
        content = draw(card)
        if cached is not None:
            _store(cached, content)
    target = site_dir / card.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != content:
        target.write_bytes(content)
    return target


def _prune(cache_dir: Path, keys: set[str]) -> None:
    """Remove from the cache the images of cards no longer shown."""
    if cache_dir.is_dir():
        for stale in cache_dir.glob("*.png"):
            if stale.name not in keys:
                stale.unlink()


def _store(cached: Path, content: bytes) -> None:
    cached.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: an interrupted build leaves no half image in the cache,
    # and two builds at once never write the same file.
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    partial.write_bytes(content)
    partial.replace(cached)


def draw(card: Card) -> bytes:
    """The card as PNG bytes."""
    # Text in four colours on two backgrounds, kept as indices into a fixed palette of their
    # blends: the PNG is a fraction of the RGB size and looks the same.
    template = _template(card.band)
    image = template.indices.copy()
    width = WIDTH - 2 * _MARGIN

    y = _BAND + 48
    if card.kicker:
        kicker_font = _font("Bold", 30)
        _text(image, (_MARGIN, y), _fit_line(card.kicker.upper(), kicker_font, width), kicker_font, fill=_ACCENT)
        y += 52

    title_font, title_lines = _title_layout(card.title, width)
    line_height = int(title_font.size * 1.18)
    for line in title_lines:
        _text(image, (_MARGIN, y), line, title_font, fill=_INK)
        y += line_height
    y += 20

    text_font = _font("Regular", _TEXT_SIZE)
    text_height = int(_TEXT_SIZE * 1.35)
    room = max(0, (_FOOTER_TOP - 24 - y) // text_height)
    for line in _wrap(card.text, text_font, width, min(room, _TEXT_LINES)):
        _text(image, (_MARGIN, y), line, text_font, fill=_MUTED)
        y += text_height

    footer_font = _font("Regular", 26)
    _text(image, (_MARGIN, _FOOTER_TOP + 40), _fit_line(card.footer, footer_font, width), footer_font, fill=_MUTED, anchor="lm")

    image.putpalette(template.palette)
    out = io.BytesIO()
    # zlib's fastest level: a third of the time of the default, and a card still weighs
    # about 35 KB, a tenth of what WhatsApp takes.
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class _Template:
    indices: Image.Image  # "L": each pixel is an index into palette
    palette: bytes


@cache
def _template(band: str) -> _Template:
    """What every card with this band shares: the paper, the band with its text, the footer's rule.

    Drawn once, in RGB and mapped onto the palette, then copied for each card. Nothing
    drawn later reaches the band or the rule.
    """
    image = Image.new("RGB", (WIDTH, HEIGHT), _PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, _BAND), fill=_ACCENT)
    band_font = _font("Bold", 34)
    pen.text((_MARGIN, _BAND // 2), _fit_line(band, band_font, WIDTH - 2 * _MARGIN), font=band_font, fill=_PAPER, anchor="lm")
    pen.line((_MARGIN, _FOOTER_TOP, WIDTH - _MARGIN, _FOOTER_TOP), fill=_RULE, width=2)
    mapped = _to_palette(image)
    return _Template(indices=Image.frombytes("L", mapped.size, mapped.tobytes()), palette=bytes(mapped.getpalette() or ()))


def _text(image: Image.Image, xy: tuple[int, int], line: str, font: ImageFont.FreeTypeFont, *, fill: tuple[int, int, int], anchor: str = "la") -> None:
    """Write line on paper into the palette indices of image, as ImageDraw.text and the palette mapping would.

    FreeType spends most of a card's time loading glyphs, and the same words come back
    on card after card: each word is rendered once and pasted. With the basic layout
    and this font every advance is a whole pixel and there is no kerning, so a word
    lands on exactly the pixels it has in the whole line; a space lies between words,
    so they never overlap.
    """
    x, y = xy
    space = int(_width(font, " "))
    for word in line.split(" "):
        if word:
            glyphs = _word(font, word, anchor, fill)
            if glyphs is not None:
                image.paste(glyphs.indices, (x + glyphs.left, y + glyphs.top), glyphs.mask)
            x += int(_width(font, word))
        x += space


@dataclass(frozen=True, slots=True)
class _Word:
    indices: Image.Image  # "L": the palette index of each pixel, ink blended on paper
    mask: Image.Image  # "1": the pixels the word covers at all
    left: int  # where the images go, from the pen position
    top: int


@cache
def _word(font: ImageFont.FreeTypeFont, word: str, anchor: str, fill: tuple[int, int, int]) -> _Word | None:
    """One word in one colour, as Pillow renders it; None if it covers no pixel."""
    left, top, right, bottom = (int(value) for value in font.getbbox(word, anchor=anchor))
    if right <= left or bottom <= top:
        return None
    coverage = Image.new("L", (right - left, bottom - top))
    ImageDraw.Draw(coverage).text((-left, -top), word, font=font, fill=255, anchor=anchor)
    return _Word(indices=coverage.point(_ink_on_paper(fill)), mask=coverage.point(_COVERED, "1"), left=left, top=top)


@cache
def _ink_on_paper(fill: tuple[int, int, int]) -> list[int]:
    """For each coverage 0-255, the palette index of fill blended on paper: Pillow's own blend and mapping, once for all."""
    ramp = Image.new("RGB", (256, 1), _PAPER)
    ramp.paste(fill, (0, 0), Image.frombytes("L", (256, 1), bytes(range(256))))
    return list(_to_palette(ramp).tobytes())


def _to_palette(image: Image.Image) -> Image.Image:
    return image.quantize(palette=_palette(), dither=Image.Dither.NONE)


_COVERED = [0] + [255] * 255


def _key(card: Card) -> str:
    """The cache file name: what the card shows, how it is drawn, with which Pillow."""
    digest = _KEY_PREFIX.copy()
    digest.update("\n".join((card.band, card.kicker, card.title, card.text, card.footer)).encode())
    return f"{digest.hexdigest()[:32]}.png"


def _title_layout(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size at which the whole title fits in the lines allowed."""
    for size in _TITLE_SIZES:
        font = _font("Bold", size)
        lines = _wrap(title, font, width, _TITLE_LINES)
        if not lines or not lines[-1].endswith("…") or title.endswith("…"):
            return font, lines
    return font, lines


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap into at most max_lines; the last line ends in … when the text goes on."""
    space = _width(font, " ")
    lines: list[str] = []
    widths: list[float] = []
    for word in text.split():
        # Words measured one by one (cached) and added up: kerning across a space is nil.
        word_width = _width(font, word)
        if lines and widths[-1] + space + word_width <= width:
            lines[-1] = f"{lines[-1]} {word}"
            widths[-1] += space + word_width
        else:
            lines.append(_fit_line(word, font, width))
            widths.append(min(word_width, width))
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    return [*kept[:-1], _ellipsis(kept[-1], font, width)] if kept else []


def _fit_line(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    return text if _length(font, text) <= width else _ellipsis(text, font, width)


def _ellipsis(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """line cut at a word and ended with …, within width."""
    words = line.split(" ")
    while words:
        candidate = " ".join(words).rstrip(",;:.") + "…"
        if _length(font, candidate) <= width:
            return candidate
        words.pop()
    return "…"


@cache
def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    data = resources.files(_FONT_PACKAGE).joinpath("files", f"AtkinsonHyperlegible-{style}.ttf").read_bytes()
    # The basic layout needs no system library (Raqm needs FriBiDi): same glyphs everywhere.
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC)


@cache
def _width(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    """font.getlength(text), from the cached widths of its words (see _text: the widths add up)."""
    words = text.split(" ")
    return sum(_width(font, word) for word in words) + _width(font, " ") * (len(words) - 1)


@cache
def _palette() -> Image.Image:
    """Every blend of each text colour with its background, in 16 steps, and the rule's grey."""
    colours: list[tuple[int, ...]] = [_RULE]
    for ground, ink in ((_PAPER, _INK), (_PAPER, _MUTED), (_PAPER, _ACCENT), (_ACCENT, _PAPER)):
        colours.extend(tuple(round(g + (i - g) * step / 15) for g, i in zip(ground, ink, strict=True)) for step in range(16))
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    return palette
