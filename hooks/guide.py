"""MkDocs hooks: a thin adapter over the factsheet engine, which knows nothing of MkDocs.

Loads data/ once per build, stops the build with a clean error on invalid data,
adds the generated pages as virtual files whose edit links point at the data,
and asks `mkdocs serve` to rebuild when data/ changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factsheet.load import load_dataset
from factsheet.problems import DataError, report
from factsheet.render_pages import render_pages
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

DATA_KEY = "factsheet_data"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    data_dir = _data_dir(config)
    try:
        data = load_dataset(data_dir)
    except DataError as error:
        raise PluginError(f"I dati in {data_dir.name}/ non sono validi:\n{report(error.problems)}") from None
    for key, ours in (("site_url", data.site.url), ("repo_url", data.site.repo_url)):
        if (config[key] or "").rstrip("/") != ours.rstrip("/"):
            raise PluginError(f"mkdocs.yml: {key} ({config[key]}) deve coincidere con data/sito.yml ({ours}).")
    # The hook module outlives builds under `mkdocs serve`: keep the data on this build's config.
    config.extra[DATA_KEY] = data
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for page in render_pages(config.extra[DATA_KEY]):
        existing = files.get_file_from_path(page.path)
        if existing is not None:
            raise PluginError(f"docs/{page.path} esiste già, ma questa pagina è generata dai dati: cancella il file da docs/.")
        generated = File.generated(config, page.path, content=page.content)
        # Relative to edit_uri (…/edit/main/docs/): a page made from a folder of records
        # links to that folder's listing, a page made from one file to that file's editor.
        generated.edit_uri = f"../../../tree/main/{page.edit_path}" if page.edit_path.endswith("/") else f"../{page.edit_path}"
        files.append(generated)
    return files


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(_data_dir(config)))
    return server


def _data_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "data"
