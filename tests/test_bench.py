"""`make bench` at a tiny size, end to end, so that the benchmark does not rot (the real one takes minutes)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from factsheet.load import load_dataset

EVENTS = 5


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    folder = tmp_path_factory.mktemp("bench")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    command = [sys.executable, "-m", "bench.run", "--taglie", str(EVENTS), "--ripetizioni", "1", "--pagina", str(folder / "prestazioni.md")]
    result = subprocess.run([*command, "--cartella", str(folder / "lavoro")], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return result, folder


def test_the_bench_runs_to_the_end(bench: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, folder = bench

    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.endswith(f"Risultati scritti in {folder / 'prestazioni.md'}.\n")


def test_the_synthetic_data_is_valid_for_the_real_loader(bench: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, folder = bench

    data = load_dataset(folder / "lavoro" / f"eventi-{EVENTS}" / "progetto" / "data")

    assert len(data.events) == EVENTS
    assert {e.incident for e in data.events} == {"gennaio-2023", "giugno-2023"}


def test_the_page_has_one_row_per_size_in_each_table(bench: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, folder = bench
    data = load_dataset(folder / "lavoro" / f"eventi-{EVENTS}" / "progetto" / "data")
    records = sum(len(records) for records in (data.events, data.sources, data.incidents, data.routes, data.scams, data.faqs, data.updates, data.letters))

    page = (folder / "prestazioni.md").read_text(encoding="utf-8")
    tables = re.findall(r"^### (.+)\n\n((?:\|.*\n)+)", page, flags=re.M)

    assert [title for title, _ in tables] == ["Tempo di attesa (mediana)", "Tempo di CPU, utente più sistema (mediana)", "Memoria massima"]
    time_columns = [
        "Eventi (schede in tutto)",
        "`make check`, la prima volta",
        "`make check` dopo una modifica",
        "Build con gli hook",
        "Build semplice",
        "Hook / semplice",
        "Prima build di `mkdocs serve` con gli hook",
        "Prima build di `mkdocs serve` semplice",
        "Hook / semplice, prima build di `mkdocs serve`",
        "Ricostruzione con gli hook",
        "Ricostruzione semplice",
        "Hook / semplice, ricostruzione",
    ]
    memory_columns = [
        "Eventi (schede in tutto)",
        "`make check`, la prima volta",
        "`make check` dopo una modifica",
        "Build con gli hook",
        "Build semplice",
        "`mkdocs serve` con gli hook",
        "`mkdocs serve` semplice",
    ]
    for (_, table), columns in zip(tables, (time_columns, time_columns, memory_columns), strict=True):
        header, rule, *rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()]
        assert header == columns
        assert len(rule) == len(columns)
        assert [row[0] for row in rows] == [f"{EVENTS} ({records})"]
        assert all(re.fullmatch(r"\d+(,\d+)?( s| MB)?", cell) for cell in rows[0][1:]), rows[0]


def test_the_page_says_which_targets_were_measured(bench: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, folder = bench

    page = (folder / "prestazioni.md").read_text(encoding="utf-8")
    targets = re.findall(r"^\| (.+?) \| (.+?) \| (.+?) \|$", page.split("## Obiettivi", 1)[1], flags=re.M)[2:]

    # One size: the ratio is measured, the growth and the check at 10,000 events are not.
    assert [(met if i else met in ("sì", "**no**")) for i, (_, _, met) in enumerate(targets)] == [True, "non misurato", "non misurato", "non misurato"]
