"""Reading YAML safely: positions, BOM, size, and nothing built from tags."""

from __future__ import annotations

from factsheet.yamlsource import MAX_FILE_BYTES, read_yaml


def test_values_keep_their_positions() -> None:
    source, problems = read_yaml(b"a: 1\nb:\n  - x\n  - y\n", "data/x.yml")

    assert problems == []
    assert source is not None
    assert source.positions.value(("b", 1)) == (4, 5)
    assert source.positions.key(("b",)) == (2, 1)


def test_a_bom_is_tolerated() -> None:
    source, problems = read_yaml(b"\xef\xbb\xbfa: testo\n", "data/x.yml")

    assert problems == []
    assert source is not None
    assert source.value == {"a": "testo"}


def test_dates_stay_text_and_numbers_stay_numbers() -> None:
    source, _ = read_yaml(b"d: 2023-01-25\nn: 10\nb: true\n", "data/x.yml")

    assert source is not None
    assert source.value == {"d": "2023-01-25", "n": 10, "b": True}


def test_a_file_over_the_limit_is_refused_before_parsing() -> None:
    _, problems = read_yaml(b"a: " + b"x" * MAX_FILE_BYTES + b"\n", "data/x.yml")

    assert [str(p) for p in problems] == ["data/x.yml:1:1: il file è troppo grande (200 kB): il massimo è 200 kB. Dividilo in più schede."]


def test_python_tags_are_refused_not_built() -> None:
    _, problems = read_yaml(b"a: !!python/object/apply:os.system ['true']\n", "data/x.yml")

    assert [p.message for p in problems] == [
        "il tag YAML «tag:yaml.org,2002:python/object/apply:os.system» non è ammesso: togli il punto esclamativo e scrivi il valore semplice."
    ]


def test_an_empty_file_is_a_problem() -> None:
    _, problems = read_yaml(b"# solo un commento\n", "data/x.yml")

    assert [str(p) for p in problems] == ["data/x.yml:1:1: il file è vuoto."]


def test_invisible_control_characters_are_refused() -> None:
    _, problems = read_yaml("a: ciao\u202emondo\n".encode(), "data/x.yml")

    assert [str(p) for p in problems] == ["data/x.yml:1:8: c'è un carattere di controllo invisibile (U+202E): cancellalo."]
