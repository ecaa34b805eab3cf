"""CONTRIBUTING.md tells the truth: its record templates load, and its error messages are the real ones."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from factsheet.load import KINDS, load_dataset
from factsheet.problems import DataError

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FIXTURE = ROOT / "tests" / "fixtures" / "valido"
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```$", re.M | re.S)
MODELINE = re.compile(r"^# yaml-language-server: \$schema=\.\./schema/([a-z]+)\.schema\.json\n")
FILE_COMMENT = re.compile(r"^# File: data/([a-z]+)/([a-z0-9-]+)\.yml$", re.M)
ID_LINE = re.compile(r"^id: ([a-z0-9-]+)$", re.M)
SOURCE_ITEM = re.compile(r"^\s+- ([a-z0-9-]+)$", re.M)
ROUTE_LINE = re.compile(r"^indennizzo: ([a-z0-9-]+)$", re.M)
SCHEMA_TO_FOLDER = {schema.removesuffix(".schema.json"): folder for folder, (schema, _) in KINDS.items()}
EVENT = "eventi/2023-07-24-istruttoria-agcm.yml"
# The kinds of record CONTRIBUTING.md gives a template for (sito.yml is settings, not a record).
EDITOR_KINDS = {"incidenti", "eventi", "fonti", "indennizzi", "truffe", "domande", "aggiornamenti", "stati", "lettere"}


def templates() -> list[str]:
    return YAML_BLOCK.findall(GUIDE)


def test_every_yaml_block_is_a_record_template() -> None:
    assert [bool(MODELINE.match(block)) for block in templates()] == [True] * len(templates())


def test_there_is_a_template_for_every_kind_of_record_editors_write() -> None:
    folders = {SCHEMA_TO_FOLDER[m.group(1)] for block in templates() if (m := MODELINE.match(block))}
    assert folders == EDITOR_KINDS


@pytest.mark.parametrize("block", templates(), ids=lambda block: FILE_COMMENT.search(block).group(2) if FILE_COMMENT.search(block) else "?")
def test_template_file_comment_matches_its_schema_and_id(block: str) -> None:
    modeline, where, record_id = MODELINE.match(block), FILE_COMMENT.search(block), ID_LINE.search(block)
    assert modeline is not None
    assert where is not None
    assert record_id is not None
    assert (where.group(1), where.group(2)) == (SCHEMA_TO_FOLDER[modeline.group(1)], record_id.group(1))


def test_all_templates_load_with_the_real_loader(dataset: Path) -> None:
    data = dataset
    for block in templates():
        where = FILE_COMMENT.search(block)
        assert where is not None
        # A template may take the place of the fixture record with the same id.
        (data / where.group(1) / f"{where.group(2)}.yml").write_text(block, encoding="utf-8")
    # The templates are real records, trimmed: they cite real sources of the guide.
    for block in templates():
        for source_id in SOURCE_ITEM.findall(block):
            target = data / "fonti" / f"{source_id}.yml"
            real = ROOT / "data" / "fonti" / f"{source_id}.yml"
            if not target.exists() and real.exists():
                shutil.copy(real, target)
        # A letter template names a real route of the guide; the fixture's route stands in for it
        # (the real one would bring half the guide along: its sources, questions and links).
        for route_id in ROUTE_LINE.findall(block):
            target = data / "indennizzi" / f"{route_id}.yml"
            if not target.exists():
                assert (ROOT / "data" / "indennizzi" / f"{route_id}.yml").is_file()
                stand_in = (data / "indennizzi" / "reclamo.yml").read_text(encoding="utf-8")
                target.write_text(stand_in.replace("\nid: reclamo\n", f"\nid: {route_id}\n", 1), encoding="utf-8")
    loaded = load_dataset(data)
    ids = {
        record.id
        for group in (loaded.incidents, loaded.events, loaded.sources, loaded.routes, loaded.scams, loaded.faqs, loaded.updates, loaded.letters)
        for record in group
    }
    assert {m.group(2) for block in templates() if (m := FILE_COMMENT.search(block))} <= ids


def _replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return change


TITLE = "titolo: L'Antitrust apre un'istruttoria sul blocco di giugno"
TEXT_END = "apre il procedimento PS12600."

# Broken inputs, each made from the valid fixture, whose messages CONTRIBUTING.md quotes.
BROKEN: dict[str, tuple[str, Callable[[str], str]]] = {
    "virgolette non chiuse": (EVENT, _replace(TITLE, "titolo: \"L'Antitrust apre un'istruttoria")),
    "due punti nel testo": (EVENT, _replace(TITLE, "titolo: Antitrust: apre un'istruttoria")),
    "rientro": (EVENT, _replace("  - agcm-istruttoria", "  - agcm-istruttoria\n - altra")),
    "campo ripetuto": (EVENT, _replace("categoria: autorità", "categoria: autorità\ncategoria: politica")),
    "tabulazione": (EVENT, _replace("  - agcm-istruttoria", "\t- agcm-istruttoria")),
    "numero": ("domande/giugno.yml", _replace("ordine: 20", "ordine: venti")),
    "elenco": (EVENT, _replace("fonti:\n  - agcm-istruttoria", "fonti: agcm-istruttoria")),
    "sì o no": (EVENT, _replace(TITLE, "titolo: no")),
    "vuoto": (EVENT, _replace(TITLE, "titolo:")),
    "campo mancante": (EVENT, _replace("categoria: autorità\n", "")),
    "campo sconosciuto": (EVENT, _replace("fonti:", "fonte:")),
    "valore non ammesso": (EVENT, _replace("categoria: autorità", "categoria: autorita")),
    "data all'italiana": (EVENT, _replace("quando: 2023-07-24", "quando: 24/07/2023")),
    "id con maiuscole": (EVENT, _replace("id: 2023-07-24-istruttoria-agcm", "id: 2023-07-24-Istruttoria-AGCM")),
    "data impossibile": (EVENT, _replace("quando: 2023-07-24", "quando: 2023-02-30")),
    "ora impossibile": (EVENT, _replace("quando: 2023-07-24", 'quando: "2023-07-24 25:00"')),
    "ora saltata": (EVENT, _replace("quando: 2023-07-24", 'quando: "2023-03-26 02:30"')),
    "fascia con l'ora": ("eventi/2023-01-25-nota-24-48-ore.yml", _replace("quando: 2023-01-25", 'quando: "2023-01-25 17:00"')),
    "fine prima dell'inizio": ("incidenti/giugno-2023.yml", _replace("fine: 2023-06-19T00:00+02:00", "fine: 2023-06-12T00:00+02:00")),
    "risolto senza fine": ("incidenti/giugno-2023.yml", _replace("fine: 2023-06-19T00:00+02:00\n", "")),
    "fuso": ("incidenti/giugno-2023.yml", _replace("inizio: 2023-06-13T00:00+02:00", "inizio: 2023-06-13T00:00+01:00")),
    "id diverso dal file": (EVENT, _replace("id: 2023-07-24-istruttoria-agcm", "id: 2023-07-24-istruttoria")),
    "fonte sconosciuta": (EVENT, _replace("  - agcm-istruttoria", "  - agcm-istruttoria-2023")),
    "disservizio sconosciuto": (EVENT, _replace("incidente: giugno-2023", "incidente: giugno-2024")),
    "ancora sconosciuta": (EVENT, _replace(TEXT_END, "apre il procedimento [PS12600](#evento-2023-07-24-istruttoria).")),
    "url senza https": ("fonti/agcm-istruttoria.yml", _replace("url: https://", "url: ")),
    "url con un nome sbagliato": ("fonti/agcm-istruttoria.yml", _replace("url: https://telefoniatech.it/", "url: https://telefoniatech_it/")),
    "html": (EVENT, _replace(TEXT_END, "apre il procedimento <b>PS12600</b>.")),
    "javascript": (EVENT, _replace(TEXT_END, "apre il [procedimento](javascript:alert(1)).")),
    "titolo markdown": (EVENT, _replace("testo: L'Autorità", "testo: |-\n  # Titolo\n  L'Autorità")),
    "accento grave": (EVENT, _replace(TEXT_END, "apre il procedimento `PS12600`.")),
    "prima riga": (EVENT, _replace("# yaml-language-server: $schema=../schema/evento.schema.json\n", "")),
    "contestato senza discordanze": (EVENT, _replace("affidabilita: confermato", "affidabilita: contestato")),
    "elenco vuoto": (EVENT, _replace("fonti:\n  - agcm-istruttoria", "fonti: []")),
    "voce ripetuta": (EVENT, _replace("  - agcm-istruttoria", "  - agcm-istruttoria\n  - agcm-istruttoria")),
    "alias": ("domande/giugno.yml", _replace("ordine: 20", "ordine: &o 20\nrisposta2: *o")),
}

# Broken files added next to the valid ones.
EXTRA_FILES = {
    "estensione yaml": ("eventi/nuovo.yaml", b"x: 1\n"),
    "cartella sbagliata": ("evento/nuovo.yml", b"x: 1\n"),
    "file vuoto": ("eventi/vuoto.yml", b""),
    "non utf-8": (EVENT, (FIXTURE / EVENT).read_text(encoding="utf-8").encode("latin-1")),
}


def problems_of(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_guide_quotes_the_real_message_for(case: str, dataset: Path) -> None:
    relative, change = BROKEN[case]
    path = dataset / relative
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    missing = [line for line in problems_of(dataset) if line not in GUIDE]
    assert missing == []


@pytest.mark.parametrize("case", sorted(EXTRA_FILES))
def test_guide_quotes_the_real_message_for_file(case: str, dataset: Path) -> None:
    relative, content = EXTRA_FILES[case]
    (dataset / relative).parent.mkdir(exist_ok=True)
    (dataset / relative).write_bytes(content)
    missing = [line for line in problems_of(dataset) if line not in GUIDE]
    assert missing == []


def test_guide_links_to_both_issue_forms() -> None:
    forms = sorted(re.findall(r"/issues/new\?template=([a-z-]+\.yml)\)", GUIDE))
    assert forms == ["proponi-fonte.yml", "segnala-errore.yml"]


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped (accented letters kept), spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_inside_the_guide_points_to_one_of_its_headings() -> None:
    # Code blocks and `code` hold example anchors of the site, not of this page.
    text = re.sub(r"^```.*?^```$", "", GUIDE, flags=re.M | re.S)
    prose = re.sub(r"`[^`\n]*`", "", text)
    anchors = {github_anchor(heading) for heading in re.findall(r"^#{1,6} (.+)$", text, re.M)}
    assert sorted({target for target in re.findall(r"\]\(#([^)]+)\)", prose) if target not in anchors}) == []
