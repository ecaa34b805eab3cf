"""The claims helper: every path of «Posso chiedere un indennizzo?» ends in a result, every route is
reachable, every letter template makes the right letter, and no data becomes markup on its pages."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import markdown
import pytest
from conftest import ROOT, run_factsheet
from factsheet import checker, letters
from factsheet.load import load_dataset
from factsheet.model import Dataset, Letter
from factsheet.problems import DataError
from factsheet.render_checker import render_checker
from hostile import PAYLOADS, unsafe_markup
from mkdocs.config import load_config
from mkdocs.structure.files import Files, InclusionLevel

# What a reader might type: a line break in the story, a date from the date picker.
SAMPLE = {
    "nome": "Maria Bianchi",
    "indirizzo": "maria.bianchi@libero.it",
    "dal": "2023-01-23",
    "al": "2023-01-28",
    "accaduto": "Non mi è arrivata la bolletta del gas.\nHo pagato 15 euro di mora.",
    "richiesta": "Il rimborso dei 15 euro di mora.",
    "luogo": "Verona",
    "data": "2026-11-30",
}

RECLAMO = """Oggetto: Reclamo per il blocco della casella maria.bianchi@libero.it

Spettabile Italiaonline,

Mi chiamo Maria Bianchi e sono titolare della casella di posta maria.bianchi@libero.it.

Dal 23 gennaio 2023 al 28 gennaio 2023 non ho potuto usare la mia casella, a causa del blocco del vostro servizio di posta.

Ecco cosa è successo:
Non mi è arrivata la bolletta del gas.
Ho pagato 15 euro di mora.

Per questo vi chiedo:
Il rimborso dei 15 euro di mora.

Posso mandarvi i documenti che provano il danno. Vi chiedo di rispondermi per iscritto.

Distinti saluti,
Maria Bianchi

Verona, 30 novembre 2026
"""

DIFFIDA = """Oggetto: Diffida per il blocco della casella maria.bianchi@libero.it

Spettabile Italiaonline,

Mi chiamo Maria Bianchi e sono titolare della casella di posta maria.bianchi@libero.it.

Dal 23 gennaio 2023 al 28 gennaio 2023 non ho potuto usare la mia casella, a causa del blocco del vostro servizio di posta.

Ecco cosa è successo:
Non mi è arrivata la bolletta del gas.
Ho pagato 15 euro di mora.

Vi ho già mandato un reclamo, ma non ho avuto una risposta che risolva il problema.

Con questa diffida vi chiedo formalmente:
Il rimborso dei 15 euro di mora.

Se non riceverò una risposta scritta, potrò rivolgermi a un'associazione di consumatori o a un giudice per far valere i miei diritti.

Distinti saluti,
Maria Bianchi

Verona, 30 novembre 2026
"""


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load_dataset(ROOT / "data")


def letter_named(data: Dataset, letter_id: str) -> Letter:
    return next(letter for letter in data.letters if letter.id == letter_id)


# Paths of the real checker ---------------------------------------------------------------


def test_every_real_route_is_reachable_from_at_least_one_path(real: Dataset) -> None:
    assert real.checker is not None
    _, results = checker.walk(real.checker, real.routes)

    reached = {route.id for result in results for route in (*result.routes, *result.closed)}

    assert sorted(reached) == sorted(route.id for route in real.routes)


def test_every_answer_of_the_real_checker_leads_to_a_question_or_a_result(real: Dataset) -> None:
    assert real.checker is not None
    steps, results = checker.walk(real.checker, real.routes)
    pages = {step.path for step in steps} | {result.path for result in results}

    dead_ends = [(step.path, answer.id) for step in steps for answer in step.question.answers if (*step.path, (step.question.id, answer.id)) not in pages]

    assert dead_ends == []


def test_every_real_path_ends_in_a_result_with_no_question_left(real: Dataset) -> None:
    assert real.checker is not None
    _, results = checker.walk(real.checker, real.routes)

    assert [checker.next_question(real.checker, result.path) for result in results] == [None] * len(results)


def test_the_real_checker_stays_within_forty_pages(real: Dataset) -> None:
    assert real.checker is not None
    steps, results = checker.walk(real.checker, real.routes)

    assert len(steps) + len(results) <= 40


def test_the_real_closed_routes_are_shown_apart_with_what_to_do_instead(real: Dataset) -> None:
    assert real.checker is not None
    _, results = checker.walk(real.checker, real.routes)

    closed_shown = {route.id for result in results for route in result.closed}

    assert closed_shown == {route.id for route in real.routes if route.status == "chiusa"}
    assert [route.id for route in real.routes if route.status == "chiusa" and not route.instead] == []


# Paths of the fixture -------------------------------------------------------------------------


def test_the_fixture_checker_has_these_steps_and_results(dataset: Path) -> None:
    data = load_dataset(dataset)
    assert data.checker is not None

    steps, results = checker.walk(data.checker, data.routes)

    assert [(checker.slug(s.path), s.question.id) for s in steps] == [("", "blocco"), ("gennaio", "casella")]
    assert [(checker.slug(r.path), [x.id for x in r.routes]) for r in results] == [
        ("gennaio/gratuita", ["reclamo"]),
        ("gennaio/a-pagamento", ["reclamo"]),
        ("giugno", []),
    ]


def test_a_question_is_skipped_when_its_solo_se_is_not_met(dataset: Path) -> None:
    data = load_dataset(dataset)
    assert data.checker is not None

    assert checker.next_question(data.checker, (("blocco", "giugno"),)) is None


def test_a_question_is_asked_when_its_solo_se_is_met(dataset: Path) -> None:
    data = load_dataset(dataset)
    assert data.checker is not None

    question = checker.next_question(data.checker, (("blocco", "gennaio"),))

    assert question is not None
    assert question.id == "casella"


@pytest.mark.parametrize(
    ("conditions", "path", "fits"),
    [
        ({}, (), True),
        ({"blocco": ("gennaio",)}, (("blocco", "gennaio"),), True),
        ({"blocco": ("gennaio",)}, (("blocco", "giugno"),), False),
        ({"blocco": ("gennaio", "giugno")}, (("blocco", "giugno"),), True),
        # Every question named must fit, not just one.
        ({"blocco": ("gennaio",), "casella": ("gratuita",)}, (("blocco", "gennaio"), ("casella", "a-pagamento")), False),
        ({"blocco": ("gennaio",), "casella": ("gratuita",)}, (("blocco", "gennaio"), ("casella", "gratuita")), True),
        # A question that was never asked fits no condition on it.
        ({"casella": ("gratuita",)}, (("blocco", "giugno"),), False),
    ],
)
def test_meets(conditions: dict[str, tuple[str, ...]], path: tuple[tuple[str, str], ...], fits: bool) -> None:
    assert checker.meets(conditions, path) is fits


def test_without_verifica_yml_the_data_is_invalid(dataset: Path) -> None:
    (dataset / "verifica.yml").unlink()

    with pytest.raises(DataError) as raised:
        load_dataset(dataset)

    assert [str(p) for p in raised.value.problems] == ["data/verifica.yml:1:1: manca il file delle domande della verifica, data/verifica.yml."]


def test_too_many_paths_are_an_error(dataset: Path) -> None:
    answers = "".join(f"      - id: r{i}\n        etichetta: Risposta {i}\n" for i in range(5))
    questions = "".join(f"  - id: d{n}\n    domanda: Domanda numero {n}?\n    risposte:\n{answers}" for n in range(3))
    text = (dataset / "verifica.yml").read_text(encoding="utf-8")
    (dataset / "verifica.yml").write_text(text.replace("se_nessuna_strada:", questions + "se_nessuna_strada:"), encoding="utf-8")

    with pytest.raises(DataError) as raised:
        load_dataset(dataset)

    assert [str(p) for p in raised.value.problems] == [
        "data/verifica.yml:4:1: le domande danno 375 percorsi di risposte diversi, e ognuno diventa una pagina: il massimo è 40."
        " Togli una risposta, oppure fai qualche domanda solo ad alcuni con «solo_se».",
    ]


# Letters ------------------------------------------------------------------------------------


def test_the_reclamo_template_makes_the_expected_letter(real: Dataset) -> None:
    assert letters.compose(letter_named(real, "reclamo"), SAMPLE).text == RECLAMO


def test_the_diffida_template_makes_the_expected_letter(real: Dataset) -> None:
    assert letters.compose(letter_named(real, "diffida"), SAMPLE).text == DIFFIDA


@pytest.mark.parametrize("letter_id", ["reclamo", "diffida"])
def test_every_field_reaches_the_letter_and_no_placeholder_is_left(real: Dataset, letter_id: str) -> None:
    text = letters.compose(letter_named(real, letter_id), SAMPLE).text

    assert re.findall(r"[{}\[\]]", text) == []


def test_the_real_templates_are_exactly_these(real: Dataset) -> None:
    assert [(letter.id, letter.route) for letter in real.letters] == [("reclamo", "reclamo-italiaonline"), ("diffida", "diffida-individuale")]


def test_an_empty_field_leaves_a_hint_in_brackets(real: Dataset) -> None:
    composed = letters.compose(letter_named(real, "reclamo"), {"nome": "  ", "dal": "2023-01-23"})

    assert composed.subject == "Reclamo per il blocco della casella [indirizzo della tua casella]"
    assert composed.body.split("\n\n")[1:3] == [
        "Mi chiamo [nome e cognome] e sono titolare della casella di posta [indirizzo della tua casella].",
        "Dal 23 gennaio 2023 al [giorno] non ho potuto usare la mia casella, a causa del blocco del vostro servizio di posta.",
    ]


def test_what_the_reader_types_is_text_not_a_pattern_nor_a_placeholder(real: Dataset) -> None:
    composed = letters.compose(letter_named(real, "reclamo"), {"nome": r"$& \1 {indirizzo} <b>x</b>", "indirizzo": "a@b.it"})

    assert composed.body.split("\n\n")[1] == r"Mi chiamo $& \1 {indirizzo} <b>x</b> e sono titolare della casella di posta a@b.it."


def test_a_date_that_is_not_iso_is_kept_as_typed(real: Dataset) -> None:
    composed = letters.compose(letter_named(real, "reclamo"), {"dal": "23/01/2023", "al": "2023-02-01"})

    assert composed.body.split("\n\n")[2].startswith("Dal 23/01/2023 al 1 febbraio 2023 ")


def test_windows_line_breaks_become_plain_ones(real: Dataset) -> None:
    composed = letters.compose(letter_named(real, "reclamo"), {"accaduto": "prima riga\r\nseconda riga\r"})

    assert composed.body.split("\n\n")[3] == "Ecco cosa è successo:\nprima riga\nseconda riga"


def test_browser_data_cannot_close_its_script_element(real: Dataset) -> None:
    hostile = dataclasses.replace(letter_named(real, "reclamo"), body=("</script><script>window.__xss=1</script> & <!--",))

    text = letters.browser_data([hostile])

    assert re.findall(r"[<>&]", text) == []
    assert json.loads(text)["lettere"][0]["corpo"] == ["</script><script>window.__xss=1</script> & <!--"]


def test_browser_data_gives_the_fields_in_form_order(real: Dataset) -> None:
    data = json.loads(letters.browser_data(real.letters))

    assert [(f["id"], f["tipo"]) for f in data["campi"]] == [
        ("nome", "riga"),
        ("indirizzo", "riga"),
        ("dal", "data"),
        ("al", "data"),
        ("accaduto", "testo"),
        ("richiesta", "testo"),
        ("luogo", "riga"),
        ("data", "data"),
    ]


def test_no_source_gives_an_email_address_so_the_mailto_recipient_stays_empty(real: Dataset) -> None:
    assert [json.loads(letters.browser_data(real.letters))["lettere"][i]["email"] for i in range(2)] == ["", ""]


def test_placeholder_problems_name_each_unknown_placeholder_and_stray_brace() -> None:
    found = letters.placeholder_problems("Ciao {nme}, {nome} e } poi {")

    assert [(offset, message.split(":")[0]) for offset, message in found] == [
        (5, "contiene il segnaposto «{nme}», che non esiste. Forse intendevi «{nome}»? I segnaposto ammessi sono"),
        (21, "contiene una parentesi graffa da sola"),
        (27, "contiene una parentesi graffa da sola"),
    ]


def test_locate_finds_the_line_inside_a_folded_block() -> None:
    raw = "corpo:\n  - >-\n    Prima riga con {nome},\n    poi la seconda con {nme}.\n"
    value = "Prima riga con {nome}, poi la seconda con {nme}."

    assert letters.locate(raw, (2, 5), value, value.index("{nme}")) == (4, 24)


def test_locate_skips_earlier_repetitions_of_the_same_word() -> None:
    raw = 'oggetto: "{nome} e nome} e nome}"\n'
    value = "{nome} e nome} e nome}"

    assert letters.locate(raw, (1, 10), value, len(value) - 1) == (1, 32)


# Pages --------------------------------------------------------------------------------------


def test_the_fixture_makes_these_pages(dataset: Path) -> None:
    pages = render_checker(load_dataset(dataset))

    assert [(p.path, p.listed, p.edit_path) for p in pages] == [
        ("posso-chiedere/index.md", True, "data/verifica.yml"),
        ("posso-chiedere/gennaio/index.md", False, "data/verifica.yml"),
        ("posso-chiedere/gennaio/gratuita/index.md", False, "data/indennizzi/"),
        ("posso-chiedere/gennaio/a-pagamento/index.md", False, "data/indennizzi/"),
        ("posso-chiedere/giugno/index.md", False, "data/indennizzi/"),
        ("lettera.md", True, "data/lettere/"),
    ]


def page(dataset: Path, path: str) -> str:
    return next(p.content for p in render_checker(load_dataset(dataset)) if p.path == path)


def test_each_answer_is_a_link_to_the_next_page(dataset: Path) -> None:
    content = page(dataset, "posso-chiedere/index.md")

    assert "- [Gennaio 2023](gennaio/index.md){ .fs-risposta }\n- [Giugno 2023](giugno/index.md){ .fs-risposta }\n" in content


def test_help_text_links_work_from_the_checker_folder(dataset: Path) -> None:
    content = page(dataset, "posso-chiedere/index.md")

    assert "[cronologia](../cronologia.md#incidente-gennaio-2023)" in content


def test_each_earlier_answer_can_be_changed_from_a_result(dataset: Path) -> None:
    content = page(dataset, "posso-chiedere/gennaio/gratuita/index.md")

    assert (
        "- Quale blocco della posta ti ha colpito? **Gennaio 2023** · [Cambia](../../index.md){ .fs-cambia }\n"
        "- Che casella avevi? **Gratuita** · [Cambia](../index.md){ .fs-cambia }\n"
    ) in content


def test_a_result_gives_the_advice_of_its_answers(dataset: Path) -> None:
    content = page(dataset, "posso-chiedere/gennaio/gratuita/index.md")

    assert "## I nostri consigli\n\nConserva le prove del danno.\n" in content


def test_a_result_names_the_route_why_cost_and_status_and_offers_its_letter(dataset: Path) -> None:
    content = page(dataset, "posso-chiedere/gennaio/gratuita/index.md")

    assert (
        "### Fare reclamo a Italiaonline\n\n"
        '<span class="fs-badge fs-badge--dubbio">esito non noto</span> · Costo: gratis\n{: .fs-meta }\n\n'
        "**Perché fa per te**\n{: .fs-label }\n\nHai avuto un danno dal blocco di gennaio.\n\n"
        "**Com'è oggi**\n{: .fs-label }\n\nNessuna fonte dice come sono trattati oggi questi reclami.\n\n"
        "[Scrivi la lettera: Reclamo a Italiaonline](../../../lettera.md#lettera-reclamo){ .md-button .md-button--primary }\n\n"
        "[Leggi la scheda completa, con le fonti](../../../indennizzi.md#indennizzo-reclamo)\n"
    ) in content


def test_a_result_with_no_open_route_says_what_to_do_instead(dataset: Path) -> None:
    content = page(dataset, "posso-chiedere/giugno/index.md")

    assert "## Cosa puoi fare\n\nPer queste risposte non abbiamo trovato una strada aperta.\n" in content
    assert "## Le strade da valutare" not in content


def test_a_closed_route_is_shown_apart_with_what_to_do_instead(dataset: Path) -> None:
    route = dataset / "indennizzi" / "reclamo.yml"
    text = route.read_text(encoding="utf-8").replace("stato: esito non noto\n", "stato: chiusa\ninvece: Scrivi a un'associazione.\n")
    route.write_text(text, encoding="utf-8")

    content = page(dataset, "posso-chiedere/gennaio/gratuita/index.md")

    assert "Per le tue risposte non abbiamo trovato nessuna strada ancora aperta, solo 1 strada che non vale più.\n" in content
    assert "## Le strade che non valgono più\n\n### Fare reclamo a Italiaonline\n" in content
    assert "**Cosa fare invece**\n{: .fs-label }\n\nScrivi a un'associazione.\n" in content


def test_the_start_page_lists_every_route_closed_in_2026(real: Dataset) -> None:
    content = next(p.content for p in render_checker(real) if p.path == "posso-chiedere/index.md")
    listed = re.findall(r"^### (.+)$", content.split("## Cosa non vale più nel 2026", 1)[1], re.M)

    assert listed == [route.title for route in real.routes if route.status == "chiusa"]


@pytest.mark.parametrize("path", ["posso-chiedere/gennaio/index.md", "posso-chiedere/giugno/index.md"])
def test_steps_and_results_stay_out_of_search(dataset: Path, path: str) -> None:
    assert "\nsearch:\n  exclude: true\n" in page(dataset, path)


def test_the_start_page_is_in_search(dataset: Path) -> None:
    assert "search:" not in page(dataset, "posso-chiedere/index.md")


@pytest.mark.parametrize(
    "path",
    [
        "posso-chiedere/index.md",
        "posso-chiedere/gennaio/gratuita/index.md",
        "posso-chiedere/gennaio/a-pagamento/index.md",
        "posso-chiedere/giugno/index.md",
        "lettera.md",
    ],
)
def test_the_start_every_result_and_the_letter_say_it_is_not_legal_advice(dataset: Path, path: str) -> None:
    assert '!!! note "Informazione, non consulenza legale"\n' in page(dataset, path)


def test_the_letter_page_shows_each_template_as_plain_text(dataset: Path) -> None:
    content = page(dataset, "lettera.md")

    assert (
        '<pre class="fs-lettera__modello" id="modello-reclamo">Oggetto: Reclamo per la casella [indirizzo della tua casella]\n\n'
        "Spettabile Italiaonline,\n\nSono [nome e cognome], titolare della casella [indirizzo della tua casella].\n\n"
        "Dal [giorno] al [giorno] la casella non ha funzionato.\n\n"
        "Ecco cosa è successo:\n[racconta cosa è successo e quale danno hai avuto]\n\n"
        "Vi chiedo:\n[scrivi cosa chiedi]\n\nDistinti saluti,\n[nome e cognome]\n\n[luogo], [data]</pre>"
    ) in content


def test_the_letter_form_is_hidden_until_its_script_runs(dataset: Path) -> None:
    assert '<div class="fs-lettera" data-lettera hidden>' in page(dataset, "lettera.md")


def test_the_hook_keeps_steps_and_results_out_of_the_navigation(project: Path) -> None:
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)

    files = config.plugins.on_files(Files([]), config=config)

    assert {f.src_uri: f.inclusion for f in files if f.src_uri.startswith("posso-chiedere/") or f.src_uri == "lettera.md"} == {
        "posso-chiedere/index.md": InclusionLevel.UNDEFINED,
        "posso-chiedere/gennaio/index.md": InclusionLevel.NOT_IN_NAV,
        "posso-chiedere/gennaio/gratuita/index.md": InclusionLevel.NOT_IN_NAV,
        "posso-chiedere/gennaio/a-pagamento/index.md": InclusionLevel.NOT_IN_NAV,
        "posso-chiedere/giugno/index.md": InclusionLevel.NOT_IN_NAV,
        "lettera.md": InclusionLevel.UNDEFINED,
    }


def test_the_render_command_writes_the_checker_pages_too(dataset: Path, tmp_path: Path) -> None:
    assert run_factsheet("--dati", str(dataset), "render", str(tmp_path)).returncode == 0

    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md") if "posso-chiedere" in p.parts or p.name == "lettera.md") == [
        "lettera.md",
        "posso-chiedere/gennaio/a-pagamento/index.md",
        "posso-chiedere/gennaio/gratuita/index.md",
        "posso-chiedere/gennaio/index.md",
        "posso-chiedere/giugno/index.md",
        "posso-chiedere/index.md",
    ]


# Hostile data: nothing an edit puts in a text becomes markup on the claims helper's pages. -------

# Ids, enumerations and references: the schema allows only fixed patterns there.
_STRUCTURAL = frozenset(
    {"id", "sources", "incident", "incidents", "links", "kind", "category", "status", "reliability", "channels", "precision", "language", "origin", "route"}
)


def poison(value: Any, payload: str) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: poison(getattr(value, f.name), payload) for f in dataclasses.fields(value) if f.name not in _STRUCTURAL})
    if isinstance(value, tuple):
        return tuple(poison(v, payload) for v in value)
    if isinstance(value, str):
        return f"Testo {payload} fine"
    return value


def to_html(page_markdown: str) -> str:
    body = re.sub(r"\A---\n.*?\n---\n", "", page_markdown, flags=re.S)
    return markdown.markdown(body, extensions=["toc", "attr_list", "admonition", "tables"])


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_checker_and_letter_pages_carry_no_markup_from_the_data(payload: str, dataset: Path) -> None:
    clean = load_dataset(dataset)
    poisoned = dataclasses.replace(poison(clean, payload), sources_by_id=clean.sources_by_id, incidents_by_id=clean.incidents_by_id)
    own_markup = {p.path: Counter(unsafe_markup(to_html(p.content))) for p in render_checker(clean)}

    extra = {p.path: Counter(unsafe_markup(to_html(p.content))) - own_markup[p.path] for p in render_checker(poisoned)}

    assert {path: found for path, found in extra.items() if found} == {}
