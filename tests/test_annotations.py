"""Under GitHub Actions, `python -m factsheet check` annotates the broken line of the pull request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENT = "eventi/2023-07-24-istruttoria-agcm.yml"
ALLOWED = "segnalazioni, comunicato, promessa, ripristino, posta persa, indennizzo, truffe, autorità, associazioni, politica"
ENUM_MESSAGE = f"il campo «categoria» non può valere «autorita». Forse intendevi «autorità»? Valori ammessi: {ALLOWED}."


def broken_dataset(data: Path, old: str, new: str) -> Path:
    """The valid fixture copy `data` (conftest's dataset), with old replaced by new in the event file."""
    event = data / EVENT
    text = event.read_text(encoding="utf-8")
    assert old in text
    event.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


def check(data: Path, *, github_actions: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "GITHUB_ACTIONS": github_actions}
    return subprocess.run([sys.executable, "-m", "factsheet", "--dati", str(data), "check"], capture_output=True, text=True, env=env, check=False)


def test_broken_data_exits_with_status_1(dataset: Path) -> None:
    result = check(broken_dataset(dataset, "categoria: autorità", "categoria: autorita"), github_actions="true")
    assert result.returncode == 1


def test_wrong_value_is_annotated_at_its_file_line_and_column(dataset: Path) -> None:
    result = check(broken_dataset(dataset, "categoria: autorità", "categoria: autorita"), github_actions="true")
    assert f"::error file=data/{EVENT},line=7,col=12,title=Dati non validi::{ENUM_MESSAGE}" in result.stdout.splitlines()


def test_unclosed_quote_is_annotated_where_the_quote_opens(dataset: Path) -> None:
    title = "titolo: L'Antitrust apre un'istruttoria sul blocco di giugno"
    result = check(broken_dataset(dataset, title, "titolo: \"L'Antitrust apre un'istruttoria"), github_actions="true")
    message = "errore di sintassi YAML: le virgolette aperte qui non sono mai chiuse (l'errore è stato notato alla riga 12)."
    assert f"::error file=data/{EVENT},line=5,col=9,title=Dati non validi::{message}" in result.stdout.splitlines()


def test_annotated_output_keeps_the_plain_report_and_the_count(dataset: Path) -> None:
    result = check(broken_dataset(dataset, "categoria: autorità", "categoria: autorita"), github_actions="true")
    assert result.stdout.splitlines() == [
        f"data/{EVENT}:7:12: {ENUM_MESSAGE}",
        f"::error file=data/{EVENT},line=7,col=12,title=Dati non validi::{ENUM_MESSAGE}",
        "1 errore nei dati.",
    ]


def test_outside_github_actions_there_are_no_annotations(dataset: Path) -> None:
    result = check(broken_dataset(dataset, "categoria: autorità", "categoria: autorita"), github_actions="")
    assert result.stdout.splitlines() == [f"data/{EVENT}:7:12: {ENUM_MESSAGE}", "1 errore nei dati."]
