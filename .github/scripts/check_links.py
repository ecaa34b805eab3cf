"""Open every source URL of the guide and report the dead ones in one GitHub issue.

Run from the repository root (the Makefile does it: `make link-fonti`):

    PYTHONPATH=hooks python .github/scripts/check_links.py
        prints the report; exit status 1 if a link is dead.
    PYTHONPATH=hooks python .github/scripts/check_links.py --aggiorna-segnalazione
        also opens, updates, reopens or closes the one issue titled ISSUE_TITLE with the
        GitHub CLI (gh, with GH_TOKEN and GH_REPO set); exit status 0 once the issue is right.

Only the standard library and the guide's own loader: the URLs are read from the records,
so a file that make check rejects is never half-read here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from factsheet.load import load_dataset
from factsheet.model import Dataset
from factsheet.problems import DataError, report

ROOT = Path(__file__).resolve().parents[2]
ISSUE_TITLE = "Link delle fonti che non funzionano"
TIMEOUT_SECONDS = 20
ATTEMPTS = 2
WORKERS = 8
USER_AGENT = "Mozilla/5.0 (compatible; guida-blocco-posta-2023-link-check; +https://github.com/guida-libero-virgilio/blocco-posta-2023)"

Verdict = Literal["ok", "morto", "da controllare"]
# Sites that refuse robots or ask for a login answer with these: the page may be alive.
UNSURE_STATUSES = frozenset({401, 403, 429})


@dataclass(frozen=True, kw_only=True, slots=True)
class Link:
    """One URL written in a source file."""

    source_id: str
    path: str
    field: Literal["url", "archivio_url"]
    url: str
    archive_url: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class Outcome:
    """What happened when the URL was opened: an HTTP status, or an error without one."""

    status: int | None
    error: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Result:
    link: Link
    outcome: Outcome
    verdict: Verdict


@dataclass(frozen=True, kw_only=True, slots=True)
class IssueAction:
    """What to do with the issue: nothing, create it, or act on the existing one."""

    kind: Literal["niente", "crea", "aggiorna", "riapri", "chiudi"]
    number: int | None = None


Fetch = Callable[[str], Outcome]
Runner = Callable[[list[str], str | None], str]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check_links.py", description="Controlla che gli indirizzi delle fonti funzionino ancora.")
    parser.add_argument("--dati", type=Path, default=ROOT / "data", help="la cartella dei dati (predefinita: data/)")
    parser.add_argument("--aggiorna-segnalazione", action="store_true", help="apre, aggiorna o chiude la segnalazione su GitHub (serve gh)")
    args = parser.parse_args(argv)
    try:
        data = load_dataset(args.dati)
    except DataError as error:
        print(f"I dati non sono validi, correggili prima con make check:\n{report(error.problems)}", file=sys.stderr)
        return 2
    results = check_all(collect_links(data), fetch)
    dead = [r for r in results if r.verdict == "morto"]
    body = render_report(results, today=date.today())
    print(body)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(body + "\n")
    if args.aggiorna_segnalazione:
        action = sync_issue(body, has_dead=bool(dead), run=run_gh)
        print(f"Segnalazione: {action.kind}{f' #{action.number}' if action.number else ''}.")
        return 0
    return 1 if dead else 0


# Links ---------------------------------------------------------------------


def collect_links(data: Dataset) -> list[Link]:
    """Every url and archivio_url of the sources, in the order of their ids."""
    links = []
    for source in data.sources:
        links.append(Link(source_id=source.id, path=source.origin.path, field="url", url=source.url, archive_url=source.archive_url))
        if source.archive_url:
            links.append(Link(source_id=source.id, path=source.origin.path, field="archivio_url", url=source.archive_url, archive_url=None))
    return links


def check_all(links: list[Link], fetch: Fetch) -> list[Result]:
    """Open each distinct URL once, a few at a time, and judge it."""
    urls = sorted({link.url for link in links})
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = dict(zip(urls, pool.map(fetch, urls), strict=True))
    return [Result(link=link, outcome=outcomes[link.url], verdict=verdict(outcomes[link.url])) for link in links]


def verdict(outcome: Outcome) -> Verdict:
    """ok for 2xx and 3xx, «da controllare» when the site may just refuse robots, morto otherwise."""
    if outcome.status is None:
        return "morto"
    if outcome.status < 400:
        return "ok"
    if outcome.status in UNSURE_STATUSES:
        return "da controllare"
    return "morto"


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, attempts: int = ATTEMPTS, pause: float = 5.0) -> Outcome:
    """GET url following redirects; a network error or a 5xx is tried again once, after a pause."""
    outcome = Outcome(status=None, error="nessun tentativo")
    for attempt in range(attempts):
        if attempt:
            time.sleep(pause)
        outcome = _open(url, timeout)
        if outcome.status is not None and outcome.status < 500:
            break
    return outcome


def _open(url: str, timeout: float) -> Outcome:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8"})  # noqa: S310 - only http(s) URLs pass the loader
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the same
            return Outcome(status=response.status)
    except urllib.error.HTTPError as error:
        return Outcome(status=error.code)
    except urllib.error.URLError as error:
        return Outcome(status=None, error=str(error.reason))
    except (TimeoutError, OSError, ValueError) as error:
        return Outcome(status=None, error=str(error) or type(error).__name__)


# Report --------------------------------------------------------------------


def render_report(results: list[Result], *, today: date) -> str:
    """The issue body, in Italian Markdown."""
    dead = [r for r in results if r.verdict == "morto"]
    unsure = [r for r in results if r.verdict == "da controllare"]
    checked = len({r.link.url for r in results})
    lines = [f"Controllo del {today.isoformat()}: {checked} indirizzi aperti, {_count(len(dead), 'non funziona', 'non funzionano')}."]
    if dead:
        lines += [
            "",
            "## Link che non funzionano",
            "",
            "Apri ogni link per conferma. Se la pagina è sparita e c'è una copia d'archivio, la guida la mostra già accanto alla fonte.",
            "Se la copia non c'è, cercala su https://web.archive.org/ e scrivila nel campo `archivio_url` del file della fonte.",
            "",
            "| Fonte | File | Campo | Indirizzo | Problema | Copia d'archivio |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [_row(r) for r in dead]
    if unsure:
        lines += [
            "",
            "## Da controllare a mano",
            "",
            "Questi siti rifiutano i controlli automatici o chiedono un accesso: la pagina potrebbe funzionare. Aprili dal browser.",
            "",
            "| Fonte | File | Campo | Indirizzo | Problema | Copia d'archivio |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [_row(r) for r in unsure]
    lines += ["", "Questa segnalazione viene aggiornata ogni settimana dal controllo automatico «Controllo dei link delle fonti»."]
    return "\n".join(lines)


def _row(result: Result) -> str:
    link = result.link
    archive = _cell(link.archive_url) if link.archive_url else ("non esiste: aggiungila" if link.field == "url" else "(è questa)")
    return f"| {link.source_id} | {link.path} | {link.field} | {_cell(link.url)} | {problem_text(result.outcome)} | {archive} |"


def problem_text(outcome: Outcome) -> str:
    if outcome.status is None:
        return _cell(f"il sito non risponde ({outcome.error})")
    return f"errore HTTP {outcome.status}{_STATUS_NAMES.get(outcome.status, '')}"


def _cell(text: str) -> str:
    return text.replace("|", "%7C").replace("\n", " ")


def _count(n: int, one: str, many: str) -> str:
    return f"1 {one}" if n == 1 else f"{n} {many}"


# The issue -----------------------------------------------------------------


def plan_issue(issues: list[dict[str, object]], *, has_dead: bool) -> IssueAction:
    """Decide what to do with the one issue titled ISSUE_TITLE, given the issues gh found."""
    ours = [i for i in issues if i.get("title") == ISSUE_TITLE and isinstance(i.get("number"), int)]
    open_ones = sorted((i for i in ours if i.get("state") == "OPEN"), key=lambda i: int(str(i["number"])))
    closed = sorted((i for i in ours if i.get("state") != "OPEN"), key=lambda i: int(str(i["number"])))
    if open_ones:
        number = int(str(open_ones[0]["number"]))
        return IssueAction(kind="aggiorna" if has_dead else "chiudi", number=number)
    if not has_dead:
        return IssueAction(kind="niente")
    if closed:
        return IssueAction(kind="riapri", number=int(str(closed[-1]["number"])))
    return IssueAction(kind="crea")


def sync_issue(body: str, *, has_dead: bool, run: Runner) -> IssueAction:
    """Bring the issue in line with the report through the GitHub CLI."""
    found = run(["gh", "issue", "list", "--state", "all", "--limit", "100", "--search", f'in:title "{ISSUE_TITLE}"', "--json", "number,title,state"], None)
    action = plan_issue(json.loads(found or "[]"), has_dead=has_dead)
    number = str(action.number)
    if action.kind == "crea":
        run(["gh", "issue", "create", "--title", ISSUE_TITLE, "--body-file", "-"], body)
    elif action.kind == "aggiorna":
        run(["gh", "issue", "edit", number, "--body-file", "-"], body)
    elif action.kind == "riapri":
        run(["gh", "issue", "edit", number, "--body-file", "-"], body)
        run(["gh", "issue", "reopen", number], None)
    elif action.kind == "chiudi":
        run(["gh", "issue", "edit", number, "--body-file", "-"], body)
        run(["gh", "issue", "close", number, "--comment", "Tutti i link delle fonti funzionano di nuovo: chiudo la segnalazione."], None)
    return action


def run_gh(command: list[str], stdin: str | None) -> str:
    completed = subprocess.run(command, input=stdin, capture_output=True, text=True, check=True)  # noqa: S603 - fixed gh commands
    return completed.stdout


_STATUS_NAMES = {
    400: " (richiesta non valida)",
    404: " (pagina non trovata)",
    410: " (pagina eliminata)",
    401: " (serve un accesso)",
    403: " (accesso negato)",
    429: " (troppe richieste)",
    500: " (errore del sito)",
    502: " (errore del sito)",
    503: " (sito non disponibile)",
    504: " (il sito non ha risposto in tempo)",
}


if __name__ == "__main__":
    sys.exit(main())
