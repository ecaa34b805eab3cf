"""`make nuova-scheda` writes a new record that passes the validator as soon as it exists.

Each test scaffolds into `dataset`, the copy of the valid fixture that conftest.py makes.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from factsheet import scaffold
from factsheet.load import load_dataset

TODAY = date(2026, 11, 30)


def all_ids(dataset: Path) -> set[str]:
    loaded = load_dataset(dataset)
    groups = (loaded.incidents, loaded.events, loaded.sources, loaded.routes, loaded.scams, loaded.faqs, loaded.updates)
    return {record.id for group in groups for record in group}


@pytest.mark.parametrize("kind", sorted(scaffold.FOLDERS))
def test_new_record_passes_validation(kind: str, dataset: Path) -> None:
    path = scaffold.scaffold(kind, dataset, today=TODAY)
    assert path.stem in all_ids(dataset)


@pytest.mark.parametrize("kind", sorted(scaffold.FOLDERS))
def test_new_record_goes_into_the_folder_of_its_kind_with_a_dated_id(kind: str, dataset: Path) -> None:
    path = scaffold.scaffold(kind, dataset, today=TODAY)
    assert path == dataset / scaffold.FOLDERS[kind] / f"2026-11-30-{scaffold.NEW_NAMES[kind]}.yml"


@pytest.mark.parametrize("kind", sorted(scaffold.FOLDERS))
def test_second_record_of_a_kind_gets_a_different_id(kind: str, dataset: Path) -> None:
    first = scaffold.scaffold(kind, dataset, today=TODAY)
    second = scaffold.scaffold(kind, dataset, today=TODAY)
    assert (first.stem, second.stem) == (f"2026-11-30-{scaffold.NEW_NAMES[kind]}", f"2026-11-30-{scaffold.NEW_NAMES[kind]}-2")


def test_two_new_records_of_every_kind_all_pass_validation(dataset: Path) -> None:
    written = [scaffold.scaffold(kind, dataset, today=TODAY).stem for kind in scaffold.FOLDERS for _ in range(2)]
    assert set(written) <= all_ids(dataset)


def test_new_records_cite_existing_records_not_other_new_ones(dataset: Path) -> None:
    scaffold.scaffold("fonte", dataset, today=TODAY)
    scaffold.scaffold("incidente", dataset, today=TODAY)
    lines = scaffold.scaffold("evento", dataset, today=TODAY).read_text(encoding="utf-8").splitlines()
    cited = (next(line for line in lines if line.startswith("incidente:")), lines[lines.index("fonti:") + 1])
    assert cited == ("incidente: gennaio-2023", "  - agcm-istruttoria")


def test_explicit_id_names_the_file(dataset: Path) -> None:
    path = scaffold.scaffold("domanda", dataset, today=TODAY, record_id="posso-leggere-la-posta-vecchia")
    assert path == dataset / "domande" / "posso-leggere-la-posta-vecchia.yml"


def test_explicit_id_of_an_existing_file_is_refused_and_the_file_kept(dataset: Path) -> None:
    existing = dataset / "domande" / "giugno.yml"
    before = existing.read_bytes()
    with pytest.raises(scaffold.ScaffoldError, match=r"^il file giugno\.yml esiste già: scegli un altro id\.$"):
        scaffold.scaffold("domanda", dataset, today=TODAY, record_id="giugno")
    assert existing.read_bytes() == before


def test_id_with_capital_letters_is_refused(dataset: Path) -> None:
    with pytest.raises(scaffold.ScaffoldError) as caught:
        scaffold.scaffold("evento", dataset, today=TODAY, record_id="Nota-CTO")
    assert str(caught.value) == (
        "l'id «Nota-CTO» non va bene: usa solo lettere minuscole senza accenti, cifre e trattini (al massimo 80 caratteri),"
        " per esempio 2023-01-25-comunicato-cto."
    )


def test_unknown_kind_is_refused(dataset: Path) -> None:
    with pytest.raises(scaffold.ScaffoldError) as caught:
        scaffold.scaffold("notizia", dataset, today=TODAY)
    assert str(caught.value) == "il tipo «notizia» non esiste. Scegli uno di questi: incidente, evento, fonte, indennizzo, truffa, domanda, aggiornamento."


def test_a_record_that_needs_a_source_is_refused_when_there_is_none(dataset: Path) -> None:
    shutil.rmtree(dataset / "fonti")
    with pytest.raises(scaffold.ScaffoldError) as caught:
        scaffold.scaffold("domanda", dataset, today=TODAY)
    assert str(caught.value) == "in data/fonti/ non c'è ancora una fonte: creane prima una con «make nuova-scheda TIPO=fonte»."


def test_new_question_comes_after_the_existing_ones(dataset: Path) -> None:
    path = scaffold.scaffold("domanda", dataset, today=TODAY)
    assert "\nordine: 30\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("day", "start"), [(date(2027, 1, 15), "2027-01-15T00:00+01:00"), (date(2027, 6, 15), "2027-06-15T00:00+02:00")])
def test_new_incident_starts_with_the_italian_offset_of_its_day(day: date, start: str, dataset: Path) -> None:
    path = scaffold.scaffold("incidente", dataset, today=day)
    assert f"\ninizio: {start}\n" in path.read_text(encoding="utf-8")


def test_new_summer_incident_passes_validation(dataset: Path) -> None:
    path = scaffold.scaffold("incidente", dataset, today=date(2027, 6, 15))
    assert path.stem in all_ids(dataset)


def test_new_record_starts_with_the_modeline(dataset: Path) -> None:
    path = scaffold.scaffold("truffa", dataset, today=TODAY)
    assert path.read_text(encoding="utf-8").split("\n", 1)[0] == "# yaml-language-server: $schema=../schema/truffa.schema.json"


def test_command_prints_the_path_of_the_new_file(dataset: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(dataset.parent)
    status = scaffold.main(["evento", "--dati", str(dataset)])
    today = datetime.now(scaffold.ROME).date().isoformat()
    assert (status, capsys.readouterr().out.splitlines()) == (
        0,
        [f"data/eventi/{today}-nuovo-evento.yml", "Apri il file, sostituisci i testi di esempio e poi controlla i dati con: make check"],
    )


def test_command_explains_a_refusal_and_exits_with_status_1(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = scaffold.main(["notizia", "--dati", str(dataset)])
    assert (status, capsys.readouterr().err) == (
        1,
        "Errore: il tipo «notizia» non esiste. Scegli uno di questi: incidente, evento, fonte, indennizzo, truffa, domanda, aggiornamento.\n",
    )
