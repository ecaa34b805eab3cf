"""The MkDocs hook, imported by path and called as MkDocs calls it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from factsheet import render_pages as render_pages_module
from factsheet.background import BackgroundError
from factsheet.finish import finish
from factsheet.load import load_dataset
from factsheet.records import facts
from factsheet.render_checker import render_checker
from factsheet.render_pages import render_pages
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files


def import_hook(project: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("guide_hook_under_test", project / "hooks" / "guide.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def config_of(project: Path) -> MkDocsConfig:
    return load_config(config_file=str(project / "mkdocs.yml"))


def test_on_files_adds_every_generated_page_with_its_edit_link(project: Path) -> None:
    # mkdocs.yml lists hooks/guide.py: MkDocs imports it by path as a plugin and runs its events.
    config = config_of(project)
    config = config.plugins.on_config(config)

    files = config.plugins.on_files(Files([]), config=config)

    # The pages of single facts (f/…) and the data files are checked by test_on_files_adds_the_fact_pages_and_the_data_files.
    assert sorted(f.src_uri for f in files if f.is_documentation_page() and not f.src_uri.startswith("f/")) == [
        "aggiornamenti.md",
        "cronologia.md",
        "domande-frequenti.md",
        "fonti.md",
        "indennizzi.md",
        "index.md",
        "lettera.md",
        "posso-chiedere/gennaio/a-pagamento/index.md",
        "posso-chiedere/gennaio/gratuita/index.md",
        "posso-chiedere/gennaio/index.md",
        "posso-chiedere/giugno/index.md",
        "posso-chiedere/index.md",
        "truffe.md",
    ]
    assert files.get_file_from_path("cronologia.md").edit_uri == "../../../tree/main/data/eventi/"


def test_on_files_adds_the_fact_pages_and_the_data_files(project: Path) -> None:
    config = config_of(project)
    config = config.plugins.on_config(config)

    files = config.plugins.on_files(Files([]), config=config)

    fact_pages = sorted(f.src_uri for f in files if f.src_uri.startswith("f/"))
    assert fact_pages == sorted(f"f/{fact.anchor}.md" for fact in facts(load_dataset(project / "data")))
    assert all(files.get_file_from_path(path).inclusion.is_not_in_nav() for path in fact_pages)
    assert files.get_file_from_path("f/evento-2023-01-25-nota-24-48-ore.md").edit_uri == "../data/eventi/2023-01-25-nota-24-48-ore.yml"
    assert sorted(f.src_uri for f in files if not f.is_documentation_page()) == ["aggiornamenti.xml", "dati/guida.json", "dati/guida.schema.json"]


def test_invalid_data_stops_the_build_with_the_italian_report(project: Path) -> None:
    (project / "data" / "fonti" / "ilpost-risolto.yml").write_text(
        "# yaml-language-server: $schema=../schema/fonte.schema.json\nid: ilpost-risolto\n", encoding="utf-8"
    )
    hook = import_hook(project)

    with pytest.raises(PluginError) as raised:
        hook.on_config(config_of(project))

    assert str(raised.value) == (
        "I dati in data/ non sono validi:\n"
        "data/fonti/ilpost-risolto.yml:2:1: manca il campo obbligatorio «data_pubblicazione».\n"
        "data/fonti/ilpost-risolto.yml:2:1: manca il campo obbligatorio «editore».\n"
        "data/fonti/ilpost-risolto.yml:2:1: manca il campo obbligatorio «tipo».\n"
        "data/fonti/ilpost-risolto.yml:2:1: manca il campo obbligatorio «titolo».\n"
        "data/fonti/ilpost-risolto.yml:2:1: manca il campo obbligatorio «url».\n"
        "5 errori nei dati."
    )


def test_site_url_must_match_the_data(project: Path) -> None:
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace("site_url: https://", "site_url: https://altro."), encoding="utf-8")
    hook = import_hook(project)

    with pytest.raises(PluginError) as raised:
        hook.on_config(config_of(project))

    assert str(raised.value) == (
        "mkdocs.yml: site_url (https://altro.guida-libero-virgilio.github.io/blocco-posta-2023/) deve coincidere con data/sito.yml "
        "(https://guida-libero-virgilio.github.io/blocco-posta-2023/)."
    )


def test_serve_may_put_its_local_address_in_site_url(project: Path) -> None:
    # mkdocs serve sets site_url to http://127.0.0.1:8000/<the same path>/ before every build.
    config = config_of(project)
    config.site_url = "http://127.0.0.1:8000/blocco-posta-2023/"

    assert import_hook(project).on_config(config) is config


def test_a_local_address_with_another_path_is_refused(project: Path) -> None:
    config = config_of(project)
    config.site_url = "http://127.0.0.1:8000/altro/"

    with pytest.raises(PluginError) as raised:
        import_hook(project).on_config(config)

    assert str(raised.value) == (
        "mkdocs.yml: site_url (http://127.0.0.1:8000/altro/) deve coincidere con data/sito.yml (https://guida-libero-virgilio.github.io/blocco-posta-2023/)."
    )


def test_a_hand_written_page_cannot_shadow_a_generated_one(project: Path) -> None:
    (project / "docs" / "truffe.md").write_text("# Truffe\n", encoding="utf-8")
    config = config_of(project)
    config = config.plugins.on_config(config)
    files = Files([File("truffe.md", str(project / "docs"), config.site_dir, config.use_directory_urls)])

    with pytest.raises(PluginError) as raised:
        config.plugins.on_files(files, config=config)

    assert str(raised.value) == "docs/truffe.md esiste già, ma questa pagina è generata dai dati: cancella il file da docs/."


def test_a_failure_in_the_background_process_fails_the_build_in_italian(project: Path) -> None:
    # A file where the cache folder should be: the background process cannot store the cards.
    (project / ".cache").write_text("", encoding="utf-8")
    config = config_of(project)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    config.plugins.on_files(Files([]), config=config)

    with pytest.raises(
        PluginError, match=r"^Non sono riuscito a disegnare le anteprime dei link o a completare le pagine: (FileExistsError|NotADirectoryError): "
    ):
        config.plugins.on_post_build(config=config)


@pytest.mark.usefixtures("single_thread")
def test_under_a_build_the_background_process_writes_the_generated_pages(project: Path) -> None:
    config = config_of(project)
    hook = config.hooks["hooks/guide.py"]
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    # With a single thread, as in `mkdocs build`, the build's background process starts as a fork.
    assert hook._work.background.forks()
    try:
        files = config.plugins.on_files(Files([]), config=config)

        data = load_dataset(project / "data")
        expected = {page.path: page.content for page in [*render_pages(data), *render_checker(data)]}
        written_later = {f.src_uri: f for f in files if isinstance(f, hook._WrittenLater)}
        assert written_later.keys() == expected.keys()
        assert {path: f.content_string for path, f in written_later.items()} == expected
        assert written_later["cronologia.md"].content_bytes == expected["cronologia.md"].encode()
        # Its process ends with every task done, and leaves no thread behind for the next test.
        hook._work.background.wait()
    finally:
        hook.on_build_error(RuntimeError("fine della prova"))


@pytest.mark.usefixtures("single_thread")
def test_a_page_the_background_process_cannot_write_fails_the_build_in_italian(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = config_of(project)
    hook = config.hooks["hooks/guide.py"]
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)

    def broken(markdown: str) -> str:
        raise ValueError("modello illeggibile")

    # The background process is a fork: it has the broken function too.
    monkeypatch.setattr(render_pages_module, "_tidy", broken)
    assert hook._work.background.forks()
    try:
        files = config.plugins.on_files(Files([]), config=config)

        with pytest.raises(PluginError, match=r"^Non sono riuscito a scrivere la pagina generata cronologia\.md: ValueError: modello illeggibile$"):
            _ = files.get_file_from_path("cronologia.md").content_string
        with pytest.raises(BackgroundError, match="modello illeggibile"):
            hook._work.background.wait()
    finally:
        hook.on_build_error(RuntimeError("fine della prova"))


def test_a_failed_build_stops_the_background_process(project: Path) -> None:
    hook = import_hook(project)
    config = hook.on_config(config_of(project))
    hook.on_pre_build(config)
    background = hook._work.background

    hook.on_build_error(RuntimeError("la build si è fermata"))

    assert hook._work is None
    assert background._pool is None


def test_without_a_build_s_background_process_a_page_is_finished_at_once(project: Path) -> None:
    hook = import_hook(project)
    config = config_of(project)
    html = "<html><head></head><body><script>var x = 1;</script></body></html>"
    page = SimpleNamespace(file=SimpleNamespace(abs_dest_path=str(project / "site" / "index.html")))

    assert hook.on_post_page(html, page=page, config=config) == finish(html)


def test_serve_watches_the_data_folder(project: Path) -> None:
    hook = import_hook(project)
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    hook.on_serve(Server(), config_of(project), builder=None)

    assert watched == [str(project / "data")]


@pytest.fixture(autouse=True)
def _hooks_on_path(project: Path) -> None:
    # MkDocs puts a hook's folder on sys.path; the tests do the same for the copy under test.
    sys.path.insert(0, str(project / "hooks"))
