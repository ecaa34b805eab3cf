"""`make audit`: the guide's budgets for accessibility, valid HTML and speed on a phone.

Builds the site, serves it on 127.0.0.1 with gzip (as GitHub Pages does) under the path
of site_url, then:

- axe-core in Chromium on every page, light and dark scheme: 0 violations;
- the Nu Html Checker (vnu.jar) on every page: 0 errors;
- Lighthouse, mobile preset, on the five main pages: 100 in all four categories;
- the home's first load: at most 80 kB on the wire;
- no request to another host, and no resource from another host in any page's HTML.

Prints the tables, writes them to docs/verifiche.md and exits with status 1 if any budget
is exceeded. The tools come from audit/node_modules (`npm ci --prefix audit`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import browser_checks
import foreign
import lighthouse
import report
import validator
import yaml
from server import serve

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "audit" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = TOOLS / "lighthouse" / "cli" / "index.js"
DOCS_PAGE = ROOT / "docs" / "verifiche.md"

# The budgets (the issue "every page accessible, valid HTML, fast on a phone").
MAX_AXE_VIOLATIONS = 0
MAX_HTML_ERRORS = 0
MIN_LIGHTHOUSE = 100
MAX_FIRST_LOAD = 80_000  # bytes on the wire, gzip, headers included
MAX_FOREIGN = 0
MAX_CONSOLE_ERRORS = 0
# Lighthouse measures the pages most readers open: home, timeline, claims, scams, FAQ.
LIGHTHOUSE_PAGES = ("", "cronologia/", "indennizzi/", "truffe/", "domande-frequenti/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make audit", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="la cartella del sito generato (predefinita: site/)")
    parser.add_argument("--no-build", action="store_true", help="usa il sito già generato invece di rigenerarlo")
    parser.add_argument("--runs", type=int, default=5, help="esecuzioni di Lighthouse per pagina; conta la mediana (predefinito: 5)")
    parser.add_argument("--no-write", action="store_true", help="non aggiornare docs/verifiche.md")
    args = parser.parse_args(argv)

    _require_tools()
    if not args.no_build:
        subprocess.run(["make", "--no-print-directory", "build"], cwd=ROOT, check=True)  # noqa: S607 (make from PATH, as people run it)
    site: Path = args.site.resolve()
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    prefix = urlsplit(site_url).path or "/"
    paths = _page_paths(site)

    print(f"Controllo {len(paths)} pagine…", flush=True)
    html_errors = validator.validate(site, VNU)
    resources = foreign.find(site, urlsplit(site_url).netloc)
    with serve(site, prefix) as base_url:
        with browser_checks.chromium() as chromium:
            axe = browser_checks.run_axe(chromium, base_url, paths, AXE)
            load = browser_checks.first_load(chromium, base_url)
        # Lighthouse starts its own Chromium; Playwright's is closed by now, so they do not compete.
        scores = {path: lighthouse.run(LIGHTHOUSE, base_url + path, browser_checks.CHROMIUM, runs=args.runs) for path in LIGHTHOUSE_PAGES}

    violations = sum(len(result.violations) for result in axe)
    requests = sorted({url for result in axe for url in result.foreign_requests} | set(load.foreign_requests))
    console = sorted({f"/{result.path}: {message}" for result in axe for message in result.console_errors} | {f"/: {m}" for m in load.console_errors})
    lowest = min(score for result in scores.values() for score in result.scores.values())
    budgets = [
        report.Budget(
            name="Problemi di accessibilità (axe-core, ogni pagina, telefono e computer, tema chiaro e scuro)",
            limit=str(MAX_AXE_VIOLATIONS),
            result=str(violations),
            passed=violations <= MAX_AXE_VIOLATIONS,
        ),
        report.Budget(
            name="Errori nel codice HTML (Nu Html Checker, ogni pagina)",
            limit=str(MAX_HTML_ERRORS),
            result=str(len(html_errors)),
            passed=len(html_errors) <= MAX_HTML_ERRORS,
        ),
        report.Budget(
            name=f"Punteggio Lighthouse più basso ({len(LIGHTHOUSE_PAGES)} pagine, 4 campi)",
            limit=f"almeno {MIN_LIGHTHOUSE}",
            result=str(lowest),
            passed=lowest >= MIN_LIGHTHOUSE,
        ),
        report.Budget(
            name="Dati scaricati al primo caricamento della home (compressi)",
            limit=f"al massimo {_kb(MAX_FIRST_LOAD)}",
            result=f"{_kb(load.transferred)} in {load.requests} richieste",
            passed=load.transferred <= MAX_FIRST_LOAD,
        ),
        report.Budget(
            name="Errori nella console del browser: script o risorse che non funzionano (ogni pagina)",
            limit=str(MAX_CONSOLE_ERRORS),
            result=str(len(console)),
            passed=len(console) <= MAX_CONSOLE_ERRORS,
        ),
        report.Budget(
            name="Richieste ad altri siti (ogni pagina)",
            limit=str(MAX_FOREIGN),
            result=str(len(requests)),
            passed=len(requests) <= MAX_FOREIGN,
        ),
        report.Budget(
            name="Risorse da altri siti nel codice delle pagine (che bloccano la visualizzazione)",
            limit=str(MAX_FOREIGN),
            result=f"{len(resources)} ({sum(r.render_blocking for r in resources)})",
            passed=len(resources) <= MAX_FOREIGN,
        ),
    ]
    rows = [
        report.PageRow(
            title=_title(site, path),
            path=prefix + path,
            axe_light=_count(axe, path, "light"),
            axe_dark=_count(axe, path, "dark"),
            html_errors=sum(error.file == _file(path) for error in html_errors),
            lighthouse=scores[path].scores if path in scores else None,
        )
        for path in paths
    ]

    print()
    print(report.tables(budgets, rows))
    if not args.no_write:
        today = datetime.now(ZoneInfo("Europe/Rome")).date()
        if report.write_if_changed(DOCS_PAGE, report.page(budgets, rows, today)):
            print(f"Tabella aggiornata in {DOCS_PAGE.relative_to(ROOT)}.")
    # After the tables, so that the end of a log (all that a CI summary may keep) says what failed and why.
    _print_details(axe=axe, html_errors=html_errors, scores=scores, requests=requests, resources=resources, console=console)
    failed = [budget.name for budget in budgets if not budget.passed]
    if failed:
        print(f"{len(failed)} controlli non superati: " + "; ".join(failed), file=sys.stderr)
        return 1
    print("Tutti i controlli sono superati.")
    return 0


def _require_tools() -> None:
    missing = [path for path in (AXE, VNU, LIGHTHOUSE) if not path.is_file()]
    if missing:
        raise SystemExit("Mancano gli strumenti della verifica: esegui `npm ci --prefix audit` (o `make audit`).")
    for command in ("java", "node"):
        if shutil.which(command) is None:
            raise SystemExit(f"Manca il comando {command}: la verifica ne ha bisogno.")
    if not browser_checks.CHROMIUM.is_file():
        raise SystemExit(f"Manca Chromium in {browser_checks.CHROMIUM}.")


def _page_paths(site: Path) -> list[str]:
    """The URL path, relative to the site's root, of every HTML page: index.html is its folder."""
    paths = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return sorted(paths, key=lambda path: (path != "", path))


def _file(path: str) -> str:
    return path + "index.html" if path == "" or path.endswith("/") else path


def _count(results: list[browser_checks.PageResult], path: str, scheme: str) -> int:
    return sum(len(result.violations) for result in results if result.path == path and result.scheme == scheme)


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} kB".replace(".", ",")


class _H1(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1" and not self.text:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text += data


def _title(site: Path, path: str) -> str:
    parser = _H1()
    parser.feed((site / _file(path)).read_text(encoding="utf-8"))
    return " ".join(parser.text.split()).rstrip("¶").strip() or path


def _print_details(
    *,
    axe: list[browser_checks.PageResult],
    html_errors: list[validator.HtmlError],
    scores: dict[str, lighthouse.Scores],
    requests: list[str],
    resources: list[foreign.ForeignResource],
    console: list[str],
) -> None:
    for result in axe:
        for violation in result.violations:
            print(f"axe, /{result.path} ({result.screen}, {result.scheme}): {violation.rule} [{violation.impact}] {violation.help}")
            for target in violation.targets[:5]:
                print(f"    {target}")
            if len(violation.targets) > 5:
                print(f"    … e altri {len(violation.targets) - 5}")
    for error in html_errors:
        print(f"vnu, site/{error.file}:{error.line}: {error.message}")
    for path, measured in scores.items():
        runs = ", ".join(map(str, measured.performance_runs))
        print(f"lighthouse, /{path}: prestazioni in {len(measured.performance_runs)} misure: {runs}; conta la mediana, {measured.scores['performance']}")
        for failing in measured.failing:
            print(f"lighthouse, /{path}: {failing}")
    for url in requests:
        print(f"richiesta a un altro sito: {url}")
    for resource in resources:
        print(f"risorsa da un altro sito in site/{resource.file}: <{resource.tag}> {resource.url}")
    for message in console:
        print(f"console, {message}")


if __name__ == "__main__":
    sys.exit(main())
