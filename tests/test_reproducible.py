"""Two builds of the same sources give a byte-identical site: what CI deploys is what was reviewed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def build(project: Path, site: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site], cwd=project, env=env, check=True, capture_output=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(project: Path) -> None:
    build(project, "uno")
    build(project, "due")

    first, second = snapshot(project / "uno"), snapshot(project / "due")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_the_build_date_comes_from_source_date_epoch(project: Path) -> None:
    build(project, "uno")

    assert "<lastmod>2023-11-14</lastmod>" in (project / "uno" / "sitemap.xml").read_text(encoding="utf-8")
