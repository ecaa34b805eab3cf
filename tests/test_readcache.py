"""The results `make check` keeps between runs: reused only for unchanged files, never for a file with a problem."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from conftest import run_factsheet
from factsheet import load, readcache, workers
from factsheet.load import load_dataset
from factsheet.model import Dataset
from factsheet.problems import DataError

EVENT = "eventi/2023-01-23-posta-respinta.yml"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files actually read and checked, by name, as the loader reads them."""
    read: list[str] = []
    check = load._FileReader._check

    def counted(self: load._FileReader, file: load._File, raw: bytes) -> Any:
        read.append(file.display.split("/", 1)[1])
        return check(self, file, raw)

    monkeypatch.setattr(load._FileReader, "_check", counted)
    return read


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled at once (the tests change their sizes, not only their times)."""
    monkeypatch.setattr(readcache, "SETTLED_NS", 0)


def cache_of(data: Path) -> Path:
    return data.parent / ".cache" / "controllo-dati"


def check(data: Path) -> Dataset:
    return load_dataset(data, cache=cache_of(data))


def test_unchanged_files_are_not_read_again_and_give_the_same_data(dataset: Path, reads: list[str], settled: None) -> None:
    first = check(dataset)
    count = len(reads)
    reads.clear()

    again = check(dataset)

    assert count > 10
    assert reads == []
    assert again == first
    assert again == load_dataset(dataset)


def test_an_edited_file_is_read_again_and_only_it(dataset: Path, reads: list[str], settled: None) -> None:
    check(dataset)
    event = dataset / EVENT
    event.write_text(event.read_text(encoding="utf-8").replace("titolo: ", "titolo: Nuovo titolo. ", 1), encoding="utf-8")
    reads.clear()

    data = check(dataset)

    assert reads == [EVENT]
    assert any(e.title.startswith("Nuovo titolo. ") for e in data.events)


def test_a_file_with_a_problem_is_read_every_time_and_reported_every_time(dataset: Path, reads: list[str], settled: None) -> None:
    event = dataset / EVENT
    event.write_text(event.read_text(encoding="utf-8").replace("verificato_il: ", "verificato_il: 2023-02-30 #", 1), encoding="utf-8")
    messages = []
    for _ in range(2):
        reads.clear()
        with pytest.raises(DataError) as error:
            check(dataset)
        messages.append([str(p) for p in error.value.problems])
        assert EVENT in reads

    assert messages[0] == messages[1]
    assert any(EVENT in m for m in messages[0])


def test_a_removed_file_is_missed_by_the_checks_across_files(dataset: Path, settled: None) -> None:
    check(dataset)
    sources = sorted((dataset / "fonti").glob("*.yml"))
    cited = next(s for s in sources if any(f"- {s.stem}\n" in e.read_text(encoding="utf-8") for e in (dataset / "eventi").glob("*.yml")))
    cited.unlink()

    with pytest.raises(DataError) as error:
        check(dataset)

    assert any(cited.stem in p.message for p in error.value.problems)


def test_a_file_changed_just_before_the_check_is_read_again_next_time(dataset: Path, reads: list[str]) -> None:
    # Without the `settled` fixture: every file was written a moment ago.
    check(dataset)
    count = len(reads)
    reads.clear()

    check(dataset)

    assert len(reads) == count


def test_a_new_engine_or_schema_reads_everything_again(dataset: Path, reads: list[str], settled: None) -> None:
    check(dataset)
    count = len(reads)
    schema = next((dataset / "schema").glob("*.schema.json"))
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    reads.clear()

    check(dataset)

    assert len(reads) == count


def test_a_damaged_cache_is_read_as_no_cache_and_written_again(dataset: Path, reads: list[str], settled: None) -> None:
    first = check(dataset)
    parts = sorted(cache_of(dataset).glob("*.pickle"))
    for part in parts:
        part.write_bytes(part.read_bytes()[:-40])
    reads.clear()

    assert check(dataset) == first
    assert len(reads) > 10
    reads.clear()
    check(dataset)
    assert reads == []


def test_a_cache_that_cannot_be_written_is_reported_and_the_check_still_succeeds(dataset: Path, capsys: pytest.CaptureFixture[str], settled: None) -> None:
    cache_of(dataset).parent.mkdir()
    cache_of(dataset).write_text("non una cartella", encoding="utf-8")

    data = check(dataset)

    assert data.events
    assert "non sono riuscito a salvare i risultati del controllo" in capsys.readouterr().err


@pytest.mark.skipif(not workers.CAN_FORK, reason="the cache is written by a fork, on Linux only")
def test_in_several_processes_the_cache_is_written_aside_and_used_the_same(dataset: Path, reads: list[str], settled: None, single_thread: None) -> None:
    first = load_dataset(dataset, processes=2, cache=cache_of(dataset))

    assert sorted(cache_of(dataset).glob("*.pickle"))
    reads.clear()
    assert load_dataset(dataset, processes=2, cache=cache_of(dataset)) == first
    assert reads == []


def test_the_command_keeps_its_results_next_to_data_unless_told_not_to(dataset: Path) -> None:
    # A file is kept only once it has not changed for a moment.
    newest = max(path.stat().st_ctime_ns for path in dataset.rglob("*"))
    time.sleep(max(0, newest + readcache.SETTLED_NS - time.time_ns()) / 1e9 + 0.05)

    refused = run_factsheet("--dati", str(dataset), "check", "--senza-cache")
    assert refused.returncode == 0, refused.stdout + refused.stderr
    assert not cache_of(dataset).exists()

    result = run_factsheet("--dati", str(dataset), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Dati validi" in result.stdout
    assert sorted(cache_of(dataset).glob("*.pickle"))


def test_parts_mostly_out_of_use_are_merged_into_one(dataset: Path, reads: list[str], settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readcache, "_SLACK", 0)
    check(dataset)
    first_parts = set(cache_of(dataset).glob("*.pickle"))
    events = sorted((dataset / "eventi").glob("*.yml"))
    sources = sorted((dataset / "fonti").glob("*.yml"))
    # More than half of the files change: the first part is left with less than half in use.
    edited = [*events, *sources, *sorted((dataset / "domande").glob("*.yml")), *sorted((dataset / "truffe").glob("*.yml"))]
    for path in edited:
        path.write_text(path.read_text(encoding="utf-8") + "# modificato\n", encoding="utf-8")
    total = len(reads)
    assert len(edited) * 2 > total
    check(dataset)
    parts = set(cache_of(dataset).glob("*.pickle"))
    reads.clear()

    data = check(dataset)

    assert not parts & first_parts
    assert len(parts) == 2  # what the second check read, and what it merged from the first
    assert reads == []
    assert data == load_dataset(dataset)
