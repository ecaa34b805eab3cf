"""The data files are listed in the order, and with the entries, of sorted(Path.rglob("*"))."""

from __future__ import annotations

import os
from pathlib import Path

from factsheet.load import _walk


def test_the_listing_is_that_of_sorted_rglob(tmp_path: Path) -> None:
    for name in ["eventi/a.yml", "eventi/b.yml", "eventi.yml", "eventi2/a.yml", "eventi-x/a.yml", "Z.yml", ".nascosto", "a/b/c/d.yml", "a/b.yml", "a b/x"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "vuota").mkdir()
    os.symlink(tmp_path / "eventi", tmp_path / "collegamento")  # listed, and not entered, as rglob does

    expected = [p.relative_to(tmp_path).parts for p in sorted(tmp_path.rglob("*"))]

    assert [parts for parts, _ in _walk(os.fspath(tmp_path), ())] == expected
