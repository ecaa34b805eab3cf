"""Each file in fixtures/non-validi is a record broken in one way; the validator must say exactly what and where."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from factsheet.load import load_dataset
from factsheet.problems import DataError

CASES = sorted((FIXTURES / "non-validi").glob("*.yml"))


def read_case(path: Path) -> tuple[str, list[str], bytes]:
    """The target file, the expected problems, and the file's bytes without the #| lines."""
    target, expected, body = "", [], []
    for line in path.read_bytes().splitlines(keepends=True):
        if line.startswith(b"#| file: "):
            target = line[9:].decode().strip()
        elif line.startswith(b"#| atteso: "):
            expected.append(line[11:].decode().strip())
        elif not line.startswith(b"#|"):
            body.append(line)
    return target, expected, b"".join(body)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_record_gets_its_exact_messages(case: Path, dataset: Path) -> None:
    target, expected, body = read_case(case)
    destination = dataset / target
    destination.parent.mkdir(exist_ok=True)
    destination.write_bytes(body)

    with pytest.raises(DataError) as raised:
        load_dataset(dataset)

    assert [str(p) for p in raised.value.problems] == expected


def test_every_case_explains_itself() -> None:
    for case in CASES:
        text = case.read_text(encoding="utf-8", errors="replace")
        assert text.startswith("#| perché: "), case.name
        assert "#| atteso: " in text, case.name


def test_valid_fixture_loads(dataset: Path) -> None:
    data = load_dataset(dataset)

    assert [e.id for e in data.events] == ["2023-01-23-posta-respinta", "2023-01-25-nota-24-48-ore", "2023-07-24-istruttoria-agcm"]
