"""Preview images: 1200x630 PNG under 300 KB, the same bytes for the same card, cached between builds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from factsheet import render_previews
from factsheet.background import Background
from factsheet.render_previews import MAX_BYTES, Card, CardPainter, draw, write_cards
from PIL import Image, ImageDraw

LONG = Card(
    path="assets/anteprime/f/evento-lungo.png",
    band="Libero e Virgilio Mail, il blocco del 2023",
    kicker="Cronologia · 25 gennaio 2023, ore 16:00",
    title="Un titolo molto lungo, che non sta su quattro righe neppure con il carattere più piccolo: " * 3,
    text="Perché più città e più caselle, «tra virgolette», con accenti: è, à, ù, ò. " * 10,
    footer="Contestato · Verificato il 30 novembre 2026",
)


def _image(content: bytes) -> Image.Image:
    return Image.open(io.BytesIO(content))


def test_a_card_is_a_1200_by_630_png_under_300_kb() -> None:
    content = draw(LONG)

    image = _image(content)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert len(content) < MAX_BYTES


def test_the_same_card_gives_the_same_bytes() -> None:
    assert draw(LONG) == draw(LONG)


def _drawn_by_pillow(card: Card) -> Image.Image:
    """The card drawn the plain way: whole lines with ImageDraw.text in RGB, then mapped onto the palette."""
    cards = render_previews
    left, width, footer_top = cards._MARGIN, cards.WIDTH - 2 * cards._MARGIN, cards._FOOTER_TOP
    image = Image.new("RGB", (cards.WIDTH, cards.HEIGHT), cards._PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, cards.WIDTH, cards._BAND), fill=cards._ACCENT)
    font = cards._font("Bold", 34)
    pen.text((left, cards._BAND // 2), cards._fit_line(card.band, font, width), font=font, fill=cards._PAPER, anchor="lm")
    y = cards._BAND + 48
    if card.kicker:
        font = cards._font("Bold", 30)
        pen.text((left, y), cards._fit_line(card.kicker.upper(), font, width), font=font, fill=cards._ACCENT)
        y += 52
    font, lines = cards._title_layout(card.title, width)
    for line in lines:
        pen.text((left, y), line, font=font, fill=cards._INK)
        y += int(font.size * 1.18)
    y += 20
    font = cards._font("Regular", cards._TEXT_SIZE)
    for line in cards._wrap(card.text, font, width, min((footer_top - 24 - y) // 43, cards._TEXT_LINES)):
        pen.text((left, y), line, font=font, fill=cards._MUTED)
        y += 43
    pen.line((left, footer_top, cards.WIDTH - left, footer_top), fill=cards._RULE, width=2)
    font = cards._font("Regular", 26)
    pen.text((left, footer_top + 40), cards._fit_line(card.footer, font, width), font=font, fill=cards._MUTED, anchor="lm")
    return image.quantize(palette=cards._palette(), dither=Image.Dither.NONE)


SHORT = Card(path="assets/anteprime/fonti.png", band=LONG.band, kicker="", title="Fonti", text="Tutte  le fonti, «citate».", footer="")


@pytest.mark.parametrize("card", [LONG, SHORT], ids=["long", "short"])
def test_words_drawn_one_by_one_give_the_pixels_of_whole_lines(card: Card) -> None:
    # The cards paste words rendered once each: a card must not change a pixel for it.
    drawn = _image(draw(card))

    assert drawn.tobytes() == _drawn_by_pillow(card).tobytes()
    assert drawn.getpalette() == render_previews._palette().getpalette()


@pytest.mark.parametrize("text", [LONG.title, LONG.text, "«Virgolette» — trattino, a  due spazi; FINE…", " spazio ai lati "])
def test_the_width_of_a_line_adds_up_from_its_words(text: str) -> None:
    for style, size in (("Bold", 64), ("Bold", 44), ("Regular", 32), ("Regular", 26)):
        font = render_previews._font(style, size)

        assert render_previews._length(font, text) == font.getlength(text)


def test_a_different_title_gives_a_different_image() -> None:
    other = Card(path=LONG.path, band=LONG.band, kicker=LONG.kicker, title="Un altro titolo", text=LONG.text, footer=LONG.footer)

    assert draw(other) != draw(LONG)


def test_a_long_title_is_cut_to_four_lines_ending_in_an_ellipsis() -> None:
    font, lines = render_previews._title_layout(LONG.title, 1056)

    assert len(lines) == 4
    assert lines[-1].endswith("…")
    assert font.size == 44
    assert all(font.getlength(line) <= 1056 for line in lines)


def test_a_short_title_keeps_the_largest_size() -> None:
    font, lines = render_previews._title_layout("Truffe da evitare", 1056)

    assert (font.size, lines) == (64, ["Truffe da evitare"])


def test_cards_are_written_under_the_site_and_kept_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    write_cards([LONG], site, cache_dir=cache)

    def no_drawing(card: Card) -> bytes:
        raise AssertionError("the cached image should have been reused")

    monkeypatch.setattr(render_previews, "draw", no_drawing)
    written = write_cards([LONG], tmp_path / "site-2", cache_dir=cache)

    assert written == [tmp_path / "site-2" / LONG.path]
    assert written[0].read_bytes() == (site / LONG.path).read_bytes()
    assert len(list(cache.glob("*.png"))) == 1


def test_images_no_card_uses_leave_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    write_cards([LONG], tmp_path / "site", cache_dir=cache)
    other = Card(path="assets/anteprime/fonti.png", band=LONG.band, kicker="", title="Fonti", text="Tutte le fonti.", footer="")

    write_cards([other], tmp_path / "site", cache_dir=cache)

    assert [p.name for p in cache.glob("*.png")] == [render_previews._key(other)]


def test_every_preview_of_the_site_is_a_small_1200_by_630_png(built_site: Path) -> None:
    images = sorted((built_site / "assets" / "anteprime").rglob("*.png"))

    assert len(images) == len([p for p in built_site.rglob("index.html") if "assets" not in p.parts])
    for path in images:
        content = path.read_bytes()
        image = _image(content)
        assert (image.format, image.size) == ("PNG", (1200, 630)), path
        assert len(content) < MAX_BYTES, path


def test_cards_written_by_the_background_process_are_the_cards_drawn_here(tmp_path: Path) -> None:
    background = Background()
    painter = CardPainter(background, tmp_path / "site", tmp_path / "cache")
    painter.request([LONG, SHORT, LONG])
    background.wait()
    painter.finish([LONG, SHORT])

    assert (tmp_path / "site" / LONG.path).read_bytes() == draw(LONG)
    assert (tmp_path / "site" / SHORT.path).read_bytes() == draw(SHORT)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted({render_previews._key(LONG), render_previews._key(SHORT)})


def test_the_final_cards_win_over_those_requested_before(tmp_path: Path) -> None:
    site = tmp_path / "site"
    other = Card(path=SHORT.path, band=SHORT.band, kicker="", title="Un altro titolo", text="", footer="")
    unused = Card(path="assets/anteprime/f/senza-pagina.png", band=SHORT.band, kicker="", title="Nessuna pagina", text="", footer="")
    background = Background()
    painter = CardPainter(background, site, tmp_path / "cache")
    painter.request([SHORT, unused])
    painter.request([other])
    background.wait()

    # LONG was never requested, other replaced SHORT, and no page showed unused.
    painter.finish([LONG, other])

    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.png")) == sorted([LONG.path, other.path])
    assert (site / other.path).read_bytes() == draw(other)
    assert (site / LONG.path).read_bytes() == draw(LONG)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted({render_previews._key(LONG), render_previews._key(other)})


def test_a_path_asked_for_twice_gets_the_last_card_whichever_process_wrote_last(tmp_path: Path) -> None:
    site = tmp_path / "site"
    other = Card(path=SHORT.path, band=SHORT.band, kicker="", title="Un altro titolo", text="", footer="")
    background = Background()
    painter = CardPainter(background, site, tmp_path / "cache")
    painter.request([SHORT])
    painter.request([other])
    background.wait()
    # As when this process drew other (Background.finish_here) before the other process drew SHORT.
    (site / SHORT.path).write_bytes(draw(SHORT))

    painter.finish([other])

    assert (site / other.path).read_bytes() == draw(other)
