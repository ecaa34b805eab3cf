"""Italian search: the rules that let a reader's words find the facts, whatever their form.

Material's search runs lunr in a web worker. Left alone it handles Italian poorly: it
keeps "l'assistenza" as one word, does not fold accents ("perche" misses "perché"), and
its search-as-you-type rewriting (every word becomes a prefix query, "rimborsi*") skips
lunr's stemmer, so a stemmed index would miss the very words a reader types.

The fix is one set of rules for both sides, run inside the worker:

- a word is lower-cased, stripped of accents and of punctuation at its ends;
- articles, prepositions and the elided forms left by apostrophes ("dell", "un") are dropped;
- a light stemmer removes the final vowels that mark gender and number (rimborso,
  rimborsi -> rimbors), so every inflection meets the same stem;
- the stem of a synonym (indennizzo, ristoro…) is also indexed under its group's key
  (rimbors), and a query for any member looks for that key.

This module is the reference: it holds the tables and the algorithm. After MkDocs has
built the site, `install()` writes a small lunr "language" (search_index.js with the
tables filled in) where Material's worker loads language support from, and points the
search index at it. The worker applies the rules to every word of the pages, keeping
each word's position, so results still show and highlight the original Italian text;
it applies them to each query term too, after Material's rewriting. The JavaScript is a
line-by-line port of the functions below; the browser tests check that both give the
same keys for every word of the site.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# The name of our lunr "language": Material's worker loads lunr/min/lunr.<name>.min.js.
LANGUAGE = "guida"
SCRIPT = Path("assets", "javascripts", "lunr", "min", f"lunr.{LANGUAGE}.min.js")
INDEX = Path("search", "search_index.json")
# Words end at blanks, hyphens and both apostrophes: "l'assistenza" is "l" + "assistenza".
SEPARATOR = r"[\s\-'’]+"
_SPLIT = re.compile(SEPARATOR)
_SOURCE = Path(__file__).with_name("search_index.js")
_PLACEHOLDER = "/* TABLES */ null"


def install(site_dir: Path) -> None:
    """Point the built search index at our rules and write the worker script beside Material's."""
    index_path = site_dir / INDEX
    if not index_path.exists():  # search plugin disabled
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    _write_if_changed(index_path, json.dumps(adapt_index(index), ensure_ascii=False, separators=(",", ":")))
    _write_if_changed(site_dir / SCRIPT, worker_script())


def adapt_index(index: dict[str, Any]) -> dict[str, Any]:
    """The same index, with its configuration pointing at our language and separator."""
    config = {**index["config"], "lang": [LANGUAGE], "separator": SEPARATOR, "pipeline": []}
    return {**index, "config": config}


def worker_script() -> str:
    """search_index.js with the tables of this module filled in."""
    source = _SOURCE.read_text(encoding="utf-8")
    if source.count(_PLACEHOLDER) != 1:
        raise ValueError(f"{_SOURCE.name}: expected one {_PLACEHOLDER!r}")
    return source.replace(_PLACEHOLDER, json.dumps(tables(), ensure_ascii=False, sort_keys=True))


def tables() -> dict[str, Any]:
    """What the JavaScript needs: stop words, suffixes and synonym keys, all computed here."""
    return {
        "language": LANGUAGE,
        "minStem": MIN_STEM,
        "stopWords": sorted(STOP_WORDS),
        "suffixes": list(SUFFIXES),
        "synonyms": synonym_keys(),
    }


# The algorithm. search_index.js mirrors each function.


def split(text: str) -> list[str]:
    """The words of a text as Material's tokenizer cuts them (it also lower-cases)."""
    return [word.lower() for word in _SPLIT.split(text) if word]


def fold(word: str) -> str:
    """Lower case, without accents or other marks, without punctuation at either end."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare = "".join(char for char in decomposed if not unicodedata.category(char).startswith("M"))
    start, end = 0, len(bare)
    while start < end and not _is_word_char(bare[start]):
        start += 1
    while end > start and not _is_word_char(bare[end - 1]):
        end -= 1
    return bare[start:end]


def stem(word: str) -> str:
    """A folded word without the vowels that mark gender and number.

    After Savoy's light stemmer for Italian (as in Lucene's ItalianLightStemmer), but
    for shorter words too: strip the longest listed suffix that leaves MIN_STEM letters.
    Words with digits or inner punctuation are kept whole.
    """
    if not word.isalpha():
        return word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def index_keys(token: str) -> list[str]:
    """The keys under which the worker indexes one word of a page: none for a stop word."""
    word = fold(token)
    if not word or word in STOP_WORDS:
        return []
    key = stem(word)
    group = synonym_keys().get(key)
    return [key, group] if group is not None and group != key else [key]


def query_key(term: str, prefix: bool = False) -> str | None:
    """The key the worker looks up for one query word, or None for a stop word.

    A prefix (a word still being typed, as Material searches) that ends in "ch" or "gh"
    loses the "h": "perch" must find "perché", whose stem is "perc".
    """
    word = fold(term)
    if not word or word in STOP_WORDS:
        return None
    key = stem(word)
    if prefix and key.isalpha() and key.endswith("h") and len(key) > MIN_STEM:
        key = key[:-1]
    return synonym_keys().get(key, key)


def synonym_keys() -> dict[str, str]:
    """Stem of each synonym -> the key of its group (the stem of the group's first word)."""
    keys: dict[str, str] = {}
    for group in SYNONYMS:
        stems = [stem(fold(word)) for word in group]
        for word, member in zip(group, stems, strict=True):
            if member in keys and keys[member] != stems[0]:
                raise ValueError(f"synonyms: {word!r} (stem {member!r}) is in two groups")
            keys[member] = stems[0]
    return dict(sorted(keys.items()))


def vocabulary(index: dict[str, Any]) -> list[str]:
    """Every distinct word of a search index's titles and texts, as the worker sees them."""
    words: set[str] = set()
    for doc in index["docs"]:
        for field in ("title", "text"):
            words.update(split(_TAG.sub(" ", doc.get(field, ""))))
    return sorted(words)


def _is_word_char(char: str) -> bool:
    return char.isalpha() or char.isnumeric()


def _write_if_changed(path: Path, content: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="\n")


def _words(*groups: Iterable[str]) -> frozenset[str]:
    return frozenset(word for group in groups for word in group)


_TAG = re.compile(r"<[^>]*>")

# Tables. Every entry is folded (no accents, lower case).

MIN_STEM = 3
# Longest first: "banche" -> "banc" like "banca"; "uffici" -> "uffic" like "ufficio".
SUFFIXES = ("he", "hi", "ia", "ie", "ii", "io", "a", "e", "i", "o")

# Only words that carry no meaning in a search. Question words (perché, come, cosa,
# quando) and "non" stay searchable: the FAQ titles are made of them.
STOP_WORDS = _words(
    ("il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una"),
    ("di", "d", "a", "ad", "da", "in", "con", "su", "per", "tra", "fra"),
    ("del", "dello", "della", "dei", "degli", "delle", "dell"),
    ("al", "allo", "alla", "ai", "agli", "alle", "all"),
    ("dal", "dallo", "dalla", "dai", "dagli", "dalle", "dall"),
    ("nel", "nello", "nella", "nei", "negli", "nelle", "nell"),
    ("sul", "sullo", "sulla", "sui", "sugli", "sulle", "sull", "col", "coi"),
    ("e", "ed", "o", "od", "ma", "se", "che"),
    ("c", "ci", "n", "ne", "s", "si", "mi", "ti", "vi"),
)

# Groups of words a reader uses for the same thing. The first word names the group.
SYNONYMS = (
    ("rimborso", "indennizzo", "risarcimento", "ristoro", "indennità"),
    ("posta", "email", "mail", "casella"),
    ("truffa", "frode", "raggiro", "imbroglio"),
    ("antitrust", "agcm"),
    ("blocco", "disservizio", "guasto", "blackout", "down"),
)
