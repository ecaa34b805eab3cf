"""Command line: `python -m factsheet check` for editors, `python -m factsheet render DIR` for other engines."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .load import load_dataset
from .model import Dataset
from .problems import DataError, count_line
from .workers import available_cores

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factsheet", description="Controlla i dati della guida e genera le pagine.")
    parser.add_argument("--dati", type=Path, default=ROOT / "data", help="la cartella dei dati (predefinita: data/)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="controlla tutti i file in data/ e segnala ogni errore con file e riga")
    check.add_argument(
        "--formato",
        choices=("testo", "github"),
        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "testo",
        help="github scrive anche le annotazioni per le pull request",
    )
    check.add_argument(
        "--senza-cache",
        action="store_true",
        help="rilegge tutti i file, senza usare i risultati tenuti in .cache/controllo-dati/ dal controllo precedente",
    )
    render = commands.add_parser("render", help="scrive le pagine generate come file Markdown, con i dati aperti e il feed, senza MkDocs")
    render.add_argument("cartella", type=Path, help="dove scrivere le pagine (.md), i dati aperti e il feed")
    args = parser.parse_args(argv)

    try:
        # The command line has a single thread: the files can be shared out among processes.
        # What each unchanged file gave at the last run is kept next to data/, in .cache/ (readcache.py).
        cache = None if getattr(args, "senza_cache", False) else args.dati.resolve().parent / ".cache" / "controllo-dati"
        data = load_dataset(args.dati, processes=available_cores(), cache=cache)
    except DataError as error:
        for problem in error.problems:
            print(problem)
        if args.command == "check" and args.formato == "github":
            for problem in error.problems:
                print(problem.github())
        print(count_line(len(error.problems)))
        return 1
    if args.command == "check":
        print(f"Dati validi: {_summary(data)}.")
        return 0
    # Imported here: `check`, run at every save, need not load Jinja, Pillow and the templates.
    from .render_checker import render_checker  # noqa: PLC0415
    from .render_pages import write_exports, write_pages  # noqa: PLC0415

    written = write_pages(data, args.cartella, extra=render_checker(data))
    # The files the pages link to, as the build publishes them: the rendered site has no broken link.
    write_exports(data, args.cartella)
    print(f"Scritte {len(written)} pagine in {args.cartella}, con i dati aperti e il feed degli aggiornamenti.")
    return 0


def _summary(data: Dataset) -> str:
    parts = [
        (len(data.incidents), "disservizio", "disservizi"),
        (len(data.events), "evento", "eventi"),
        (len(data.sources), "fonte", "fonti"),
        (len(data.routes), "strada per l'indennizzo", "strade per l'indennizzo"),
        (len(data.scams), "truffa", "truffe"),
        (len(data.faqs), "domanda", "domande"),
        (len(data.updates), "aggiornamento", "aggiornamenti"),
    ]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts)


if __name__ == "__main__":
    sys.exit(main())
