"""Italian search rules: folding, splitting, stop words, stemming, synonyms, and the files they go into.

The browser tests (tests/browser/test_search.py) check that the worker's JavaScript
gives the same keys as these functions for every word of the site.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factsheet import search_index
from factsheet.search_index import fold, index_keys, query_key, split, stem, synonym_keys
from mkdocs.config import load_config


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("L'assistenza dell’utente", ["l", "assistenza", "dell", "utente"]),
        ("un'assistenza non adeguata", ["un", "assistenza", "non", "adeguata"]),
        ("le e-mail  sui ristori", ["le", "e", "mail", "sui", "ristori"]),
        ("24-48 ore\n«Risolveremo»", ["24", "48", "ore", "«risolveremo»"]),
        ("PERCHÉ", ["perché"]),
    ],
)
def test_split_cuts_at_blanks_hyphens_and_apostrophes_and_lowercases(text: str, words: list[str]) -> None:
    assert split(text) == words


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("perché", "perche"),
        ("SOCIETÀ", "societa"),
        ("più", "piu"),
        ("perche\u0301", "perche"),  # decomposed accent
        ("«confermare»", "confermare"),
        ("indennizzo?;", "indennizzo"),
        ("(bug)", "bug"),
        ("2023,", "2023"),
        ("games-galaxy.it", "games-galaxy.it"),
        ("…", ""),
    ],
)
def test_fold_drops_case_accents_and_punctuation_at_the_ends(word: str, folded: str) -> None:
    assert fold(word) == folded


@pytest.mark.parametrize(
    ("words", "common"),
    [
        (("rimborso", "rimborsi"), "rimbors"),
        (("risarcimento", "risarcimenti"), "risarciment"),
        (("truffa", "truffe"), "truff"),
        (("casella", "caselle"), "casell"),
        (("banca", "banche"), "banc"),
        (("ufficio", "uffici"), "uffic"),
        (("farmacia", "farmacie"), "farmac"),
        (("dato", "dati"), "dat"),
        (("societa",), "societ"),
        (("perche",), "perc"),
    ],
)
def test_stem_gives_every_form_of_a_word_the_same_stem(words: tuple[str, ...], common: str) -> None:
    assert [stem(word) for word in words] == [common] * len(words)


@pytest.mark.parametrize("word", ["via", "sms", "app", "mail", "ps12600", "347/18/cons", "2023"])
def test_stem_keeps_short_words_and_words_with_digits_whole(word: str) -> None:
    assert stem(word) == word


def test_index_keys_drop_stop_words_and_elided_articles() -> None:
    assert [index_keys(word) for word in ("l", "dell", "un", "e", "è", "della")] == [[], [], [], [], [], []]


def test_index_keys_keep_question_words_the_faq_is_made_of() -> None:
    assert [index_keys(word) for word in ("Perché", "come", "cosa", "non")] == [["perc"], ["com"], ["cos"], ["non"]]


def test_index_keys_add_the_group_key_to_a_synonym() -> None:
    assert [index_keys(word) for word in ("Indennizzi,", "rimborso", "caselle:", "mail")] == [
        ["indennizz", "rimbors"],
        ["rimbors"],
        ["casell", "post"],
        ["mail", "post"],
    ]


def test_query_key_looks_up_the_group_of_a_synonym() -> None:
    assert [query_key(word) for word in ("ristori", "RISARCIMENTI", "email", "casella", "truffe", "assistenza")] == [
        "rimbors",
        "rimbors",
        "post",
        "post",
        "truff",
        "assistenz",
    ]


def test_query_key_of_a_prefix_ending_in_h_meets_the_stem_of_the_whole_word() -> None:
    assert [query_key(word, prefix=True) for word in ("perch", "banch", "blocch", "smith")] == ["perc", "banc", "blocc", "smit"]
    assert [query_key(word) for word in ("perch", "banch")] == ["perch", "banch"]


def test_query_key_is_none_for_a_stop_word() -> None:
    assert [query_key(word) for word in ("l", "dell", "e", "«»")] == [None, None, None, None]


def test_synonym_keys_map_each_stem_to_its_group_first_word() -> None:
    assert synonym_keys() == {
        "agcm": "antitrust",
        "antitrust": "antitrust",
        "blackout": "blocc",
        "blocc": "blocc",
        "casell": "post",
        "disserviz": "blocc",
        "down": "blocc",
        "email": "post",
        "frod": "truff",
        "guast": "blocc",
        "imbrogl": "truff",
        "indennit": "rimbors",
        "indennizz": "rimbors",
        "mail": "post",
        "post": "post",
        "raggir": "truff",
        "rimbors": "rimbors",
        "risarciment": "rimbors",
        "ristor": "rimbors",
        "truff": "truff",
    }


def test_a_word_in_two_synonym_groups_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "SYNONYMS", (("rimborso", "ristoro"), ("posta", "ristori")))

    with pytest.raises(ValueError, match="synonyms: 'ristori' \\(stem 'ristor'\\) is in two groups"):
        synonym_keys()


def test_the_tables_are_folded_and_the_suffixes_longest_first() -> None:
    assert sorted(word for word in search_index.STOP_WORDS if fold(word) != word) == []
    assert [len(suffix) for suffix in search_index.SUFFIXES] == sorted((len(suffix) for suffix in search_index.SUFFIXES), reverse=True)


def test_vocabulary_lists_the_words_of_titles_and_texts_without_markup() -> None:
    index = {"docs": [{"location": "a/", "title": "Perché", "text": "<p>L'assistenza <b>dell'utente</b></p>"}, {"location": "b/", "title": "", "text": ""}]}

    assert search_index.vocabulary(index) == ["assistenza", "dell", "l", "perché", "utente"]


def test_adapt_index_points_the_config_at_our_language_and_keeps_the_docs() -> None:
    docs = [{"location": "truffe/#truffa-x", "title": "Perché", "text": "<p>l'assistenza</p>"}]
    index = {"config": {"lang": ["it"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {"title": {"boost": 1000.0}}}, "docs": docs}

    assert search_index.adapt_index(index) == {
        "config": {"lang": ["guida"], "separator": "[\\s\\-'’]+", "pipeline": [], "fields": {"title": {"boost": 1000.0}}},
        "docs": docs,
    }


def test_the_worker_script_carries_the_tables_once() -> None:
    script = search_index.worker_script()

    assert "/* TABLES */" not in script
    assert script.count(json.dumps(search_index.tables(), ensure_ascii=False, sort_keys=True)) == 1


def test_install_rewrites_the_index_and_adds_the_worker_script(tmp_path: Path) -> None:
    index = {
        "config": {"lang": ["it"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {}},
        "docs": [{"location": "", "title": "Società", "text": ""}],
    }
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")

    search_index.install(tmp_path)

    assert (tmp_path / "search" / "search_index.json").read_text(encoding="utf-8") == (
        '{"config":{"lang":["guida"],"separator":"[\\\\s\\\\-\'’]+","pipeline":[],"fields":{}},"docs":[{"location":"","title":"Società","text":""}]}'
    )
    assert (tmp_path / "assets" / "javascripts" / "lunr" / "min" / "lunr.guida.min.js").read_text(encoding="utf-8") == search_index.worker_script()


def test_install_twice_leaves_the_files_untouched(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"config":{"lang":["it"]},"docs":[]}', encoding="utf-8")
    search_index.install(tmp_path)
    written = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()}

    search_index.install(tmp_path)

    assert {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()} == written


def test_install_without_a_search_index_writes_nothing(tmp_path: Path) -> None:
    search_index.install(tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_the_hook_installs_the_rules_after_the_search_plugin_has_written_its_index(project: Path, tmp_path: Path) -> None:
    # As MkDocs runs a build's last event: every plugin's on_post_build, ours after the search plugin's.
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config = config.plugins.on_config(config)

    config.plugins.on_post_build(config=config)

    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["guida"]
    assert (tmp_path / "site" / search_index.SCRIPT).is_file()
