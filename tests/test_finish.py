"""Finishing the written pages in the background: the same pages as finishing them at once, read and written after MkDocs."""

from __future__ import annotations

from pathlib import Path

from factsheet.background import Background
from factsheet.finish import PageFinisher, finish
from factsheet.stylesheets import Scan

BUNDLE = '<script src="assets/javascripts/bundle.a5f9d56c.min.js"></script>'


def page(number: int) -> str:
    return f'<html><head></head><body><h1 class="titolo-{number}">Pagina {number}</h1><script>var n = {number};</script>\n{BUNDLE}</body></html>'


def test_pages_are_finished_in_the_background_as_they_would_be_at_once(tmp_path: Path) -> None:
    background = Background()
    finisher = PageFinisher(background)
    paths = [tmp_path / f"pagina-{number}.html" for number in range(40)]
    for number, path in enumerate(paths):
        # What MkDocs does: on_post_page hands the page over, then MkDocs writes it as it is.
        finisher.add(page(number), str(path))
        path.write_text(page(number), encoding="utf-8")
    finisher.done()
    background.wait()

    assert [path.read_text(encoding="utf-8") for path in paths] == [finish(page(number)) for number in range(40)]
    scan = finisher.scan()
    assert scan.paths == {str(path) for path in paths}
    assert {f"titolo-{number}" for number in range(40)} <= scan.attributes


def test_a_page_is_handed_over_only_once_the_next_one_comes(tmp_path: Path) -> None:
    background = Background()
    finisher = PageFinisher(background)

    finisher.add(page(1), str(tmp_path / "uno.html"))

    # MkDocs has not written it yet: nothing may read or write it before.
    assert background._tasks == []
    (tmp_path / "uno.html").write_text(page(1), encoding="utf-8")
    finisher.done()
    background.wait()
    assert (tmp_path / "uno.html").read_text(encoding="utf-8") == finish(page(1))


def test_a_blank_page_is_not_written_as_mkdocs_skips_it(tmp_path: Path) -> None:
    background = Background()
    finisher = PageFinisher(background)

    finisher.add("  \n", str(tmp_path / "vuota.html"))
    finisher.done()
    background.wait()

    assert not (tmp_path / "vuota.html").exists()
    assert finisher.scan() == Scan()
