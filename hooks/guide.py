"""MkDocs hooks: a thin adapter over the factsheet engine, which knows nothing of MkDocs.

Loads data/ once per build, stops the build with a clean error on invalid data,
adds the generated pages as virtual files whose edit links point at the data,
and asks `mkdocs serve` to rebuild when data/ changes. The Markdown of the generated
pages, the preview cards and the finishing of the written pages go to a background
process, on another core.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from factsheet.background import Background, BackgroundError
from factsheet.finish import PageFinisher, finish
from factsheet.load import load_dataset
from factsheet.meta import Heads
from factsheet.problems import DataError, report
from factsheet.render_checker import plan_checker, render_checker
from factsheet.render_pages import Page, PagesInBackground, Slot, exported_files, plan_pages, render_pages
from factsheet.render_previews import Card, CardPainter, write_cards
from factsheet.search_index import install as install_italian_search
from factsheet.stylesheets import Scan, minify_files, trim_theme
from factsheet.workers import processes_for_this_program
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

DATA_KEY = "factsheet_data"
HEADS_KEY = "factsheet_heads"
CARDS_KEY = "factsheet_cards"
NAV_URLS_KEY = "factsheet_nav_urls"


class _Work:
    """The background process of one build, and what hands it the cards and the pages."""

    def __init__(self, site_dir: Path, cache_dir: Path) -> None:
        self.background = Background()
        self.cards = CardPainter(self.background, site_dir, cache_dir)
        self.pages = PageFinisher(self.background)


# The current build's; a failed build has no config to find it on.
_work: _Work | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    data_dir = _data_dir(config)
    try:
        data = load_dataset(data_dir, processes=processes_for_this_program())
    except DataError as error:
        raise PluginError(f"I dati in {data_dir.name}/ non sono validi:\n{report(error.problems)}") from None
    for key, ours in (("site_url", data.site.url), ("repo_url", data.site.repo_url)):
        if (config[key] or "").rstrip("/") != ours.rstrip("/") and not (key == "site_url" and _served_locally(config[key], ours)):
            raise PluginError(f"mkdocs.yml: {key} ({config[key]}) deve coincidere con data/sito.yml ({ours}).")
    # The hook module outlives builds under `mkdocs serve`: keep the data on this build's config.
    config.extra[DATA_KEY] = data
    config.extra[HEADS_KEY] = Heads(data)
    config.extra[CARDS_KEY] = {}
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    global _work  # noqa: PLW0603 - one build at a time, also under `mkdocs serve`
    _stop_work()
    _work = _Work(Path(config.site_dir), _cache_dir(config))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # Links written in raw HTML (the charts) follow the site's URL style: cronologia/ or cronologia.html.
    data = config.extra[DATA_KEY]
    pages: list[tuple[Slot, str | None]]
    later: PagesInBackground | None = None
    if _work is not None and _work.background.forks():
        # Written by the background process, which inherits the plan, while MkDocs reads the
        # hand-written pages and the generated ones before: handed over first, they come back in time.
        plan = plan_pages(data, directory_urls=config.use_directory_urls).then(plan_checker(data))
        later = PagesInBackground(plan, _work.background)
        pages = [(slot, None) for slot in plan.slots]
    else:
        # Rendered now, before any background process starts: until then the other cores are free,
        # and this program may fork if it has a single thread.
        rendered = render_pages(data, directory_urls=config.use_directory_urls, processes=processes_for_this_program())
        pages = [(_slot(page), page.content) for page in [*rendered, *render_checker(data)]]
    if _work is not None:
        # The cards of the facts' pages are known from the data: they are drawn while MkDocs
        # builds the pages. Not before now: MkDocs empties the site folder after on_pre_build.
        _work.cards.request(config.extra[HEADS_KEY].fact_cards())
    for index, (page, markdown) in enumerate(pages):
        existing = files.get_file_from_path(page.path)
        if existing is not None:
            raise PluginError(f"docs/{page.path} esiste già, ma questa pagina è generata dai dati: cancella il file da docs/.")
        # The pages of single facts and the checker's steps are reached by links, not from the navigation.
        inclusion = InclusionLevel.UNDEFINED if page.listed else InclusionLevel.NOT_IN_NAV
        if markdown is None and later is not None:
            generated = _WrittenLater.generated(config, page.path, content="", inclusion=inclusion)
            cast(_WrittenLater, generated).later = (later, index)
        else:
            generated = File.generated(config, page.path, content=markdown or "", inclusion=inclusion)
        # Relative to edit_uri (…/edit/main/docs/): a page made from a folder of records
        # links to that folder's listing, a page made from one file to that file's editor.
        generated.edit_uri = f"../../../tree/main/{page.edit_path}" if page.edit_path.endswith("/") else f"../{page.edit_path}"
        files.append(generated)
    for path, content in exported_files(data):
        files.append(File.generated(config, path, content=content))
    return files


def on_nav(nav: Any, config: MkDocsConfig, files: Files) -> Any:
    # The address of each page in the navigation, for the links in every page's footer:
    # found once here rather than by a walk through the navigation on every page.
    config.extra[NAV_URLS_KEY] = {page.file.src_uri: page.url for page in nav.pages}
    # The data, the plan of the pages and MkDocs' own files and navigation last the whole
    # build: Python's collector need not look at them again at each full collection while
    # MkDocs builds the pages. They go back to it when the build ends (_stop_work).
    gc.freeze()
    return nav


class _WrittenLater(File):
    """A generated page whose Markdown the background process is writing: MkDocs waits for it when it first reads it.

    File keeps a virtual file's content in _content and reads it from there alone.
    """

    later: tuple[PagesInBackground, int] | None = None
    _markdown: str | bytes | None = None

    @property
    def _content(self) -> str | bytes | None:
        if self.later is not None:
            pages, index = self.later
            try:
                self._markdown = pages.content(index)
            except BackgroundError as error:
                raise PluginError(f"Non sono riuscito a scrivere la pagina generata {self.src_uri}: {error}") from error
            self.later = None
        return self._markdown

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self.later = None
        self._markdown = value


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """The values of the head tags and of the page foot, and the page's preview card to draw."""
    try:
        head = config.extra[HEADS_KEY].for_page(
            src_path=page.file.src_uri,
            url=page.canonical_url or "",
            title=page.title or "",
            description=page.meta.get("description") or config.site_description or "",
            updated=page.meta.get("aggiornato"),
        )
    except ValueError as error:
        raise PluginError(f"docs/{page.file.src_uri}, campo «aggiornato»: {error}") from None
    context["factsheet_head"] = head
    cards: dict[str, Card] = config.extra[CARDS_KEY]
    cards[head.card.path] = head.card
    if _work is not None:
        # Drawn now unless the data foretold it (fact_cards): the hand-written pages' cards.
        _work.cards.request([head.card])
    return context


@event_priority(-100)  # last, once every other event has written its scripts into the page
def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    if _work is None:  # the hook called on its own, outside a build
        return finish(output)
    # MkDocs writes the page as it is; the background process writes the finished page over it.
    _work.pages.add(output, page.file.abs_dest_path)
    return output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is rendered as a theme template, not a page: it needs the same finish.
    if not template_name.endswith(".html"):
        return output_content
    if _work is None:
        return finish(output_content)
    _work.pages.add(output_content, os.path.join(config.site_dir, template_name))
    return output_content


@event_priority(-100)  # after the search plugin has written search/search_index.json
def on_post_build(config: MkDocsConfig) -> None:
    gc.unfreeze()  # the pages are built: what on_nav set aside may go when the build's objects go
    install_italian_search(Path(config.site_dir))
    scanned = _place_cards_and_pages(config)
    trim_theme(Path(config.site_dir), features=config.theme.get("features") or [], palettes=config.theme.get("palette") or [], scanned=scanned)
    minify_files(Path(config.site_dir), [str(path) for path in config.extra_css])


def on_build_error(error: Exception) -> None:
    _stop_work()


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(_data_dir(config)))
    return server


def _slot(page: Page) -> Slot:
    return Slot(path=page.path, edit_path=page.edit_path, listed=page.listed)


def _served_locally(url: str | None, ours: str) -> bool:
    """`mkdocs serve` puts its own local address in site_url, keeping the path."""
    parts = urlsplit(url or "")
    return parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS and parts.path.rstrip("/") == urlsplit(ours).path.rstrip("/")


_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})  # noqa: S104 - a name compared, nothing bound


def _place_cards_and_pages(config: MkDocsConfig) -> Scan | None:
    """Every card and finished page in the site, once the background process is done: what the finished pages use.

    Without a background process (hooks called on their own), the cards are written here,
    the pages were finished as they came, and nothing is known of them (None).
    """
    global _work
    work, _work = _work, None
    cards: dict[str, Card] = config.extra[CARDS_KEY]
    if work is None:
        write_cards(cards.values(), Path(config.site_dir), cache_dir=_cache_dir(config))
        return None
    work.pages.done()
    try:
        # The pages are built: this process draws, and finishes, what the other has not started.
        work.background.finish_here()
        work.background.wait()
    except BackgroundError as error:
        raise PluginError(f"Non sono riuscito a disegnare le anteprime dei link o a completare le pagine: {error}") from error
    work.cards.finish(cards.values())
    return work.pages.scan()


def _stop_work() -> None:
    global _work
    gc.unfreeze()
    work, _work = _work, None
    if work is not None:
        work.background.close()


def _cache_dir(config: MkDocsConfig) -> Path:
    return _project_dir(config) / ".cache" / "anteprime"


def _data_dir(config: MkDocsConfig) -> Path:
    return _project_dir(config) / "data"


def _project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent
