"""The render command writes the generated pages as Markdown, with no MkDocs involved."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, run_factsheet
from factsheet.load import load_dataset
from factsheet.render_checker import render_checker
from factsheet.render_pages import render_pages


def test_render_writes_the_same_pages_the_hook_adds(dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "pagine"

    result = run_factsheet("--dati", str(dataset), "render", str(out))

    data = load_dataset(dataset)
    pages = [*render_pages(data), *render_checker(data)]
    assert result.returncode == 0, result.stdout
    assert result.stdout == f"Scritte {len(pages)} pagine in {out}, con i dati aperti e il feed degli aggiornamenti.\n"
    for page in pages:
        assert (out / page.path).read_text(encoding="utf-8") == page.content


def test_render_writes_the_files_the_pages_link_to_as_the_site_publishes_them(built_site: Path, tmp_path: Path) -> None:
    assert run_factsheet("--dati", str(ROOT / "data"), "render", str(tmp_path)).returncode == 0

    for path in ("dati/guida.json", "dati/guida.schema.json", "aggiornamenti.xml"):
        assert (tmp_path / path).read_bytes() == (built_site / path).read_bytes(), path


def test_rendered_pages_carry_every_anchor(dataset: Path, tmp_path: Path) -> None:
    assert run_factsheet("--dati", str(dataset), "render", str(tmp_path)).returncode == 0

    timeline = (tmp_path / "cronologia.md").read_text(encoding="utf-8")
    assert "{#evento-2023-01-25-nota-24-48-ore}" in timeline
    assert "{#dato-caselle-coinvolte}" in timeline
    assert "{#incidente-giugno-2023}" in timeline


def test_render_does_not_rewrite_unchanged_files(dataset: Path, tmp_path: Path) -> None:
    assert run_factsheet("--dati", str(dataset), "render", str(tmp_path)).returncode == 0
    before = (tmp_path / "fonti.md").stat().st_mtime_ns

    assert run_factsheet("--dati", str(dataset), "render", str(tmp_path)).returncode == 0

    assert (tmp_path / "fonti.md").stat().st_mtime_ns == before


def test_check_reports_and_exits_1_on_invalid_data(dataset: Path) -> None:
    (dataset / "eventi" / "2023-01-25-nota-24-48-ore.yml").unlink()
    (dataset / "domande" / "giugno.yml").write_text(
        (dataset / "domande" / "giugno.yml").read_text(encoding="utf-8").replace("ordine: 20", "ordine: venti"), encoding="utf-8"
    )

    result = run_factsheet("--dati", str(dataset), "check")

    assert result.returncode == 1
    assert result.stdout == ("data/domande/giugno.yml:4:9: il campo «ordine» deve essere un numero intero, invece è «venti».\n1 errore nei dati.\n")


def test_the_home_gives_the_sources_duration_when_a_key_figure_states_it(dataset: Path) -> None:
    home = next(page for page in render_pages(load_dataset(dataset)) if page.path == "index.md")
    assert "- **Durata:** circa 5 giorni e 23 ore\n" in home.content

    incident = dataset / "incidenti" / "gennaio-2023.yml"
    figure = "  - id: durata\n    etichetta: Durata\n    valore: circa 6 giorni\n    affidabilita: confermato\n    fonti:\n      - ilpost-risolto\n"
    incident.write_text(incident.read_text(encoding="utf-8").replace("dati_chiave:\n", "dati_chiave:\n" + figure), encoding="utf-8")
    home = next(page for page in render_pages(load_dataset(dataset)) if page.path == "index.md")

    assert "- **Durata:** circa 6 giorni ([le stime delle fonti](cronologia.md#dato-durata))\n" in home.content
    assert "5 giorni e 23 ore" not in home.content
