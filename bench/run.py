"""`make bench`: what the guide's generator costs as the data grows.

For each size (a number of timeline events) it writes a synthetic, valid data set
in a temporary folder (bench/synth.py) and measures, several runs each:

- `make check`: `python -m factsheet check`, validation only: the first time (nothing
  kept from an earlier check), then after editing one event (the results of the files
  not edited are kept in .cache/, see hooks/factsheet/readcache.py);
- for comparison, the same files only read with libyaml, with no check
  (bench/yamlfloor.py);
- the full build with the hooks: `mkdocs build` of a copy of the project (strict,
  as mkdocs.yml asks);
- the floor: plain MkDocs + Material, same plugins and Markdown extensions but no
  hooks and no theme overrides, building the same pages already rendered to
  Markdown by `python -m factsheet render`;
- the rebuild after editing one event, as under `mkdocs serve` (bench/rebuild.py),
  with the hooks and, for the floor, after editing the same line of the rendered page;
- the peak memory of each process (its maximum resident set size).

Each time is taken twice: wall-clock, what people wait for, and CPU (user + system),
which other work on the same machine hardly changes. It prints the tables of medians,
with the ratio hooks/plain and the growth between sizes, and writes them with the
targets into docs/prestazioni.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path

import yaml
from factsheet.dates import day
from factsheet.readcache import SETTLED_NS

from . import synth

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1000, 10000)
# Few runs at the largest size: there a build takes many minutes.
RUNS = (9, 5, 1)

# Targets of the issue.
MAX_RATIO = 1.10
MAX_GROWTH = 10.0
MAX_CHECK_SECONDS = 2.0
CHECK_TARGET_EVENTS = 10000


class BenchError(Exception):
    """A measured command failed: the numbers would mean nothing."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Run:
    seconds: float
    cpu: float
    peak_mb: float = 0.0


@dataclass(frozen=True, kw_only=True, slots=True)
class Result:
    events: int
    records: int
    runs: int
    check: list[Run]
    check_edited: list[Run]
    yaml_only: list[Run]
    hooks: list[Run]
    plain: list[Run]
    # Under `mkdocs serve`: the first build, then the rebuilds after each edit.
    first_hooks: Run
    first_plain: Run
    rebuild_hooks: list[Run]
    rebuild_plain: list[Run]
    serve_hooks_mb: float
    serve_plain_mb: float


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="Misura quanto costa il generatore della guida al crescere dei dati.")
    parser.add_argument("--taglie", type=_numbers, default=SIZES, help="numeri di eventi da provare, separati da virgole (predefinito: 100,1000,10000)")
    parser.add_argument("--ripetizioni", type=_numbers, default=RUNS, help="ripetizioni per ogni taglia, separate da virgole (predefinito: 9,5,1)")
    parser.add_argument("--pagina", type=Path, default=ROOT / "docs" / "prestazioni.md", help="dove scrivere la pagina con i risultati")
    parser.add_argument("--cartella", type=Path, help="dove tenere i dati e i siti generati (predefinito: una cartella temporanea, poi cancellata)")
    args = parser.parse_args(argv)
    if len(args.ripetizioni) != len(args.taglie):
        parser.error("servono tante ripetizioni quante taglie")

    work = args.cartella or Path(tempfile.mkdtemp(prefix="bench-guida-"))
    started, load_before = time.perf_counter(), os.getloadavg()[1]
    try:
        # Every size measures the same code, even if the project changes while the bench runs.
        source = _snapshot(work / "progetto-misurato")
        results = [measure(size, runs, work / f"eventi-{size}", source) for size, runs in zip(args.taglie, args.ripetizioni, strict=True)]
    except BenchError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        if args.cartella is None:
            shutil.rmtree(work, ignore_errors=True)
    tables = all_tables(results)
    print(tables)
    elapsed, load = time.perf_counter() - started, (load_before, os.getloadavg()[1])
    args.pagina.write_text(page(results, tables, elapsed, load), encoding="utf-8", newline="\n")
    print(f"Risultati scritti in {args.pagina}.")
    return 0


def measure(events: int, runs: int, work: Path, source: Path) -> Result:
    """Every measurement for one size, of the project copied at source."""
    _say(f"{events} eventi: genero i dati")
    shutil.rmtree(work, ignore_errors=True)
    project = _project(work / "progetto", source)
    data = synth.generate(project, events, root=source)
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1", "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    # As on a machine where the guide already ran once (make does the same): Python has compiled
    # the engine, and does not compile it again at every command of the measure.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    _timed([sys.executable, "-m", "compileall", "-q", str(project / "hooks")], project, env)
    plain = _plain_project(work / "semplice", data, env, source)
    _settle(data)
    python = sys.executable
    build = [python, "-m", "mkdocs", "build", "--site-dir"]
    check_data = [python, "-m", "factsheet", "--dati", str(data), "check"]
    check: list[Run] = []
    check_edited: list[Run] = []
    yaml_only: list[Run] = []
    hooks: list[Run] = []
    floor: list[Run] = []
    for number in range(1, runs + 1):
        _say(f"{events} eventi: misura {number} di {runs}")
        check.append(_timed(check_data, project, env, clean=(project / ".cache" / "controllo-dati",))[0])
        # Then as an editor checks again after changing one file; the file goes back as it was.
        with _edited(synth.event_path(data, events // 2), synth.event_title(events // 2)):
            check_edited.append(_timed(check_data, project, env)[0])
        # Run from the repository, for the bench package; PYTHONPATH still points at the copy's hooks.
        yaml_only.append(_timed([python, "-m", "bench.yamlfloor", str(data)], ROOT, env)[0])
        # Alternated, so that a slower moment of the machine weighs on both. Each build with
        # the hooks starts from a fresh clone's state: no site, no preview images drawn before.
        hooks.append(_timed([*build, str(work / "sito")], project, env, clean=(work / "sito", project / ".cache"))[0])
        floor.append(_timed([*build, str(work / "sito-semplice")], plain, env, clean=(work / "sito-semplice",))[0])
    _say(f"{events} eventi: ricostruzioni come sotto mkdocs serve")
    middle = events // 2
    title = synth.event_title(middle)
    page_html = "cronologia/index.html"
    # Run from the repository, for the bench package; PYTHONPATH still points at the copy's hooks.
    rebuild = [python, "-m", "bench.rebuild"]
    serve_hooks, out_hooks = _timed([*rebuild, str(project / "mkdocs.yml"), str(synth.event_path(data, middle)), title, page_html, str(runs)], ROOT, env)
    serve_plain, out_plain = _timed([*rebuild, str(plain / "mkdocs.yml"), str(plain / "docs" / "cronologia.md"), title, page_html, str(runs)], ROOT, env)
    return Result(
        events=events,
        records=synth.counts(events).records,
        runs=runs,
        check=check,
        check_edited=check_edited,
        yaml_only=yaml_only,
        hooks=hooks,
        plain=floor,
        first_hooks=_builds(out_hooks)[0],
        first_plain=_builds(out_plain)[0],
        rebuild_hooks=_builds(out_hooks)[1:],
        rebuild_plain=_builds(out_plain)[1:],
        serve_hooks_mb=serve_hooks.peak_mb,
        serve_plain_mb=serve_plain.peak_mb,
    )


# The projects ------------------------------------------------------------------


def _snapshot(folder: Path) -> Path:
    """What the bench measures, copied once from the repository: the site's files, and the schemas and settings of data/."""
    _project(folder, ROOT)
    shutil.copytree(ROOT / "data" / "schema", folder / "data" / "schema")
    shutil.copy(ROOT / "data" / "sito.yml", folder / "data" / "sito.yml")
    return folder


def _project(folder: Path, source: Path) -> Path:
    """A copy of the project as a fresh clone has it, without data (as tests/conftest.py make_project)."""
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(source / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(source / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def _plain_project(folder: Path, data: Path, env: dict[str, str], source: Path) -> Path:
    """The same site for plain MkDocs: the rendered pages next to docs/, and mkdocs.yml without hooks."""
    shutil.copytree(source / "docs", folder / "docs")
    _timed([sys.executable, "-m", "factsheet", "--dati", str(data), "render", str(folder / "docs")], ROOT, env)
    (folder / "mkdocs.yml").write_text(plain_config((source / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
    return folder


def plain_config(config: str) -> str:
    """mkdocs.yml for plain MkDocs + Material: no hooks, no theme overrides, not strict.

    The overrides read values the hooks compute, so they go with them. Not strict
    because plain MkDocs warns about the fact pages, which only the hooks keep out of
    the navigation. Strict or not, MkDocs does the same work.
    """
    lines = []
    inside = False
    for line in config.splitlines(keepends=True):
        if line.startswith("hooks:"):
            inside = True
            continue
        if inside and line.strip() and not line[0].isspace():
            inside = False
        if inside or line.lstrip().startswith("custom_dir:"):
            continue
        lines.append("strict: false\n" if line.startswith("strict:") else line)
    result = "".join(lines)
    loaded = yaml.safe_load(result)
    if "hooks" in loaded or "custom_dir" in loaded["theme"] or loaded.get("strict") is not False:
        raise BenchError("mkdocs.yml: non riesco a togliere hook, personalizzazioni del tema e modalità rigorosa per la build semplice.")
    return result


# Running and timing -----------------------------------------------------------


def _settle(data: Path) -> None:
    """Wait until the data files count as unchanged for a while, as an editor's files do: a check keeps only such files' results."""
    newest = max(path.stat().st_ctime_ns for path in data.rglob("*"))
    time.sleep(max(0, newest + SETTLED_NS - time.time_ns()) / 1e9 + 0.1)


@contextmanager
def _edited(path: Path, text: str) -> Iterator[None]:
    """path with text changed, as an editor would change it; then back as it was."""
    original = path.read_bytes()
    path.write_bytes(original.replace(text.encode(), f"{text} (modificato)".encode(), 1))
    try:
        yield
    finally:
        path.write_bytes(original)


def _timed(command: list[str], cwd: Path, env: dict[str, str], *, clean: Sequence[Path] = ()) -> tuple[Run, str]:
    """Run a command to its end, after removing the folders in clean: its times and peak memory, and what it printed on stdout."""
    for folder in clean:
        shutil.rmtree(folder, ignore_errors=True)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)  # noqa: S603 - our own commands
        # wait4 gives this child's own resource usage, not that of all children so far.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            log = (out.read() + err.read()).decode("utf-8", "replace")
            raise BenchError(f"Il comando {' '.join(command)} non è riuscito:\n{log[-4000:]}")
        printed = out.read().decode("utf-8")
    # ru_maxrss is in kilobytes on Linux.
    return Run(seconds=seconds, cpu=usage.ru_utime + usage.ru_stime, peak_mb=usage.ru_maxrss / 1024), printed


def _builds(printed: str) -> list[Run]:
    return [Run(seconds=r["seconds"], cpu=r["cpu"]) for r in json.loads(printed.strip().splitlines()[-1])]


def wall(runs: Sequence[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def cpu(runs: Sequence[Run]) -> float:
    return statistics.median(r.cpu for r in runs)


def wall_ratio(runs: Sequence[Run], floors: Sequence[Run]) -> float:
    """The median of the ratios of each pair of runs, made one after the other: a slower moment of the machine weighs on both."""
    return statistics.median(run.seconds / floor.seconds for run, floor in zip(runs, floors, strict=True))


def cpu_ratio(runs: Sequence[Run], floors: Sequence[Run]) -> float:
    return statistics.median(run.cpu / floor.cpu for run, floor in zip(runs, floors, strict=True))


def peak(runs: Sequence[Run]) -> float:
    return max(r.peak_mb for r in runs)


# The tables and the page ---------------------------------------------------------


def _int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _decimal(value: float, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def _seconds(value: float) -> str:
    return f"{_decimal(value, 2 if value < 10 else 1)} s"


def _megabytes(value: float) -> str:
    return f"{_int(round(value))} MB"


@dataclass(frozen=True, kw_only=True, slots=True)
class Column:
    title: str
    value: Callable[[Result], float]
    show: Callable[[float], str]


YAML_ONLY_TITLE = "Solo lettura dei file con libyaml, senza controlli"


def _time_columns(time_of: Callable[[Sequence[Run]], float], ratio: Callable[[Sequence[Run], Sequence[Run]], float]) -> tuple[Column, ...]:
    return (
        Column(title="`make check`, la prima volta", value=lambda r: time_of(r.check), show=_seconds),
        Column(title="`make check` dopo una modifica", value=lambda r: time_of(r.check_edited), show=_seconds),
        Column(title=YAML_ONLY_TITLE, value=lambda r: time_of(r.yaml_only), show=_seconds),
        Column(title="Build con gli hook", value=lambda r: time_of(r.hooks), show=_seconds),
        Column(title="Build semplice", value=lambda r: time_of(r.plain), show=_seconds),
        Column(title="Hook / semplice", value=lambda r: ratio(r.hooks, r.plain), show=lambda v: _decimal(v, 2)),
        Column(title="Prima build di `mkdocs serve` con gli hook", value=lambda r: time_of([r.first_hooks]), show=_seconds),
        Column(title="Prima build di `mkdocs serve` semplice", value=lambda r: time_of([r.first_plain]), show=_seconds),
        Column(
            title="Hook / semplice, prima build di `mkdocs serve`",
            value=lambda r: time_of([r.first_hooks]) / time_of([r.first_plain]),
            show=lambda v: _decimal(v, 2),
        ),
        Column(title="Ricostruzione con gli hook", value=lambda r: time_of(r.rebuild_hooks), show=_seconds),
        Column(title="Ricostruzione semplice", value=lambda r: time_of(r.rebuild_plain), show=_seconds),
        Column(title="Hook / semplice, ricostruzione", value=lambda r: time_of(r.rebuild_hooks) / time_of(r.rebuild_plain), show=lambda v: _decimal(v, 2)),
    )


WALL_COLUMNS = _time_columns(wall, wall_ratio)
CPU_COLUMNS = _time_columns(cpu, cpu_ratio)
MEMORY_COLUMNS = (
    Column(title="`make check`, la prima volta", value=lambda r: peak(r.check), show=_megabytes),
    Column(title="`make check` dopo una modifica", value=lambda r: peak(r.check_edited), show=_megabytes),
    Column(title="Build con gli hook", value=lambda r: peak(r.hooks), show=_megabytes),
    Column(title="Build semplice", value=lambda r: peak(r.plain), show=_megabytes),
    Column(title="`mkdocs serve` con gli hook", value=lambda r: r.serve_hooks_mb, show=_megabytes),
    Column(title="`mkdocs serve` semplice", value=lambda r: r.serve_plain_mb, show=_megabytes),
)


def markdown_table(results: Sequence[Result], columns: Sequence[Column]) -> str:
    """One row per size, then one row for each growth from one size to the next."""
    rows = [("Eventi (schede in tutto)", *(c.title for c in columns)), ("---", *("---:" for _ in columns))]
    rows += [(f"{_int(r.events)} ({_int(r.records)})", *(c.show(c.value(r)) for c in columns)) for r in results]
    for small, large in pairwise(results):
        rows.append((f"Crescita da {_int(small.events)} a {_int(large.events)}", *(f"× {_decimal(c.value(large) / c.value(small), 1)}" for c in columns)))
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def all_tables(results: Sequence[Result]) -> str:
    return "\n\n".join(
        f"### {title}\n\n{markdown_table(results, columns)}"
        for title, columns in (
            ("Tempo di attesa (mediana)", WALL_COLUMNS),
            ("Tempo di CPU, utente più sistema (mediana)", CPU_COLUMNS),
            ("Memoria massima", MEMORY_COLUMNS),
        )
    )


def targets(results: Sequence[Result]) -> list[tuple[str, str, bool | None]]:
    """Each target of the issue: what it asks, what was measured (wall, then CPU), whether it is met (None: not measured)."""
    found: list[tuple[str, str, bool | None]] = []
    measured = "; ".join(
        f"{_decimal(wall_ratio(r.hooks, r.plain), 2)} con {_int(r.events)} eventi (CPU: {_decimal(cpu_ratio(r.hooks, r.plain), 2)})" for r in results
    )
    goal = f"La build con gli hook dura al massimo {_decimal(MAX_RATIO, 2)} volte la build semplice, a ogni taglia"
    found.append((goal, measured, all(wall_ratio(r.hooks, r.plain) <= MAX_RATIO for r in results)))
    small, large = _target_sizes(results)
    goal = f"Con {_int(CHECK_TARGET_EVENTS)} eventi la build con gli hook dura al massimo {_int(int(MAX_GROWTH))} volte quella con {_int(CHECK_TARGET_EVENTS // 10)} (crescita lineare)"
    if small and large:
        growth, growth_cpu = wall(large.hooks) / wall(small.hooks), cpu(large.hooks) / cpu(small.hooks)
        found.append((goal, f"× {_decimal(growth, 1)} (CPU: × {_decimal(growth_cpu, 1)})", growth <= MAX_GROWTH))
    else:
        found.append((goal, "non misurato", None))
    for when, runs_of in (("la prima volta", lambda r: r.check), ("dopo la modifica di un evento", lambda r: r.check_edited)):
        goal = f"`make check` con {_int(CHECK_TARGET_EVENTS)} eventi dura al massimo {_decimal(MAX_CHECK_SECONDS, 0)} secondi, {when}"
        if large:
            runs = runs_of(large)
            found.append((goal, f"{_seconds(wall(runs))} (CPU: {_seconds(cpu(runs))})", wall(runs) <= MAX_CHECK_SECONDS))
        else:
            found.append((goal, "non misurato", None))
    return found


def page(results: Sequence[Result], tables: str, elapsed: float, load: tuple[float, float]) -> str:
    """The whole docs/prestazioni.md; load is the machine's load average (5 minutes) at the start and at the end."""
    lines = [
        "---",
        "description: Quanto tempo serve per generare la guida quando i dati crescono, misurato con dati di prova.",
        # A page for the people who work on the guide: readers' searches should not land on its tables.
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Prestazioni",
        "",
        "Questa pagina è per chi lavora alla guida. Dice quanto tempo serve per generare il sito quando i dati crescono.",
        "Le misure usano dati di prova, non i fatti veri. Le ha scritte il comando `make bench`, che puoi ripetere sul tuo computer.",
        "",
        "## Cosa misuriamo",
        "",
        "Per ogni taglia creiamo dati di prova validi: eventi della cronologia, ognuno con la sua fonte, "
        "e in proporzione le strade per l'indennizzo (1 ogni 10 eventi), le truffe (1 ogni 25), le domande (1 ogni 10) "
        "e gli aggiornamenti (1 ogni 50). Ogni evento cita anche uno di 5 comunicati ufficiali, come fanno i fatti veri. "
        "Ogni scheda ha anche la sua pagina, come nel sito vero.",
        "",
        "- **`make check`**: solo il controllo dei dati. Lo misuriamo due volte. **La prima volta** il controllo legge tutti i file. "
        "Poi cambiamo il titolo di un evento e lo misuriamo di nuovo (**dopo una modifica**): il controllo rilegge solo il file cambiato "
        "e prende il risultato degli altri da quello che ha tenuto in `.cache/`. I controlli tra un file e l'altro, come le fonti citate, "
        "li rifà comunque su tutti i file.",
        "- **Solo lettura dei file con libyaml**: per confronto, il tempo per leggere gli stessi file con libyaml, "
        "il lettore YAML scritto in C che usa PyYAML, senza nessun controllo e con gli stessi processi di `make check`.",
        "- **Build con gli hook**: la generazione di tutta la guida con `mkdocs build`, come la fa `make build`. "
        "Parte come da una copia appena scaricata del progetto: le immagini di anteprima dei link sono ancora da disegnare.",
        "- **Build semplice**: le stesse pagine, già scritte in Markdown con `make render`, generate da MkDocs con lo stesso tema, "
        "gli stessi plugin e le stesse estensioni, ma senza hook e senza le personalizzazioni del tema. È il minimo possibile: "
        "il rapporto **Hook / semplice** dice quanto costa in più il nostro generatore.",
        "- **Prima build di `mkdocs serve`**: la build completa quando apri `make serve`, con le immagini di anteprima già disegnate da una build precedente.",
        "- **Ricostruzione**: il tempo per rifare il sito dopo la modifica del titolo di un evento, mentre `make serve` è aperto. "
        "La misuriamo come la fa `mkdocs serve`: lo stesso processo rilegge la configurazione e rifà tutto il sito. "
        "Non contiamo la breve attesa prima della ricostruzione e il ricaricamento della pagina nel browser, "
        "che non dipendono dalla quantità di dati. Per la ricostruzione semplice modifichiamo la stessa riga nella pagina già scritta in Markdown.",
        "- **Memoria**: la memoria massima usata da ogni processo.",
        "",
        "Misuriamo ogni tempo in due modi. Il tempo di attesa è quello che aspetti davvero. "
        "Il tempo di CPU conta solo il lavoro dei processi della build, anche di quello che lavora in secondo piano. "
        "Cambia meno del tempo di attesa se il computer sta facendo anche altro, ma su un computer condiviso cambia anche lui.",
        "",
        f"Ogni tempo è la mediana di più ripetizioni: {', '.join(f'{r.runs} con {_int(r.events)} eventi' for r in results)}. "
        "Le build con gli hook e quelle semplici si alternano. Il rapporto **Hook / semplice** è la mediana dei rapporti "
        "di ogni coppia di build fatte una dopo l'altra: così un momento in cui il computer va più piano pesa su entrambe.",
        "",
        "Prima di misurare, Python compila una volta il codice del generatore, come succede sul tuo computer dopo il primo comando.",
        "",
        "## Risultati",
        "",
        f"Misurati il {_today()}, su {_machine()}. La misura è durata {_minutes(elapsed)}.",
        f"Il carico medio del computer era {_decimal(load[0], 1)} all'inizio e {_decimal(load[1], 1)} alla fine: "
        f"con {_cpus()} processori, un carico più alto di {_cpus()} vuol dire che altri programmi lavoravano insieme alla misura "
        "e che i tempi di attesa sono più lunghi del normale.",
        "",
        tables,
        "",
        "## Obiettivi",
        "",
        "| Obiettivo | Misurato | Raggiunto |",
        "| --- | --- | --- |",
        *(f"| {goal} | {measured} | {_yes_no(met)} |" for goal, measured, met in targets(results)),
        "",
    ]
    reasons = shortfalls(results)
    if reasons:
        lines += ["## Perché alcuni obiettivi non sono raggiunti", "", *reasons, ""]
    return "\n".join(lines)


def _target_sizes(results: Sequence[Result]) -> tuple[Result | None, Result | None]:
    """The sizes the growth and the check targets are about (1,000 and 10,000 events), where measured."""
    by_size = {r.events: r for r in results}
    return by_size.get(CHECK_TARGET_EVENTS // 10), by_size.get(CHECK_TARGET_EVENTS)


def shortfalls(results: Sequence[Result]) -> list[str]:
    """For each target missed, what the measures say of the reason: one paragraph each, none if every target is met."""
    found = []
    slow = [r for r in results if wall_ratio(r.hooks, r.plain) > MAX_RATIO]
    if slow:
        found.append(
            f"- **La build con gli hook dura più di {_decimal(MAX_RATIO, 2)} volte la build semplice: "
            f"{_per_size(slow, lambda r: wall_ratio(r.hooks, r.plain), 'volte')}.** "
            "Il generatore fa un lavoro che la build semplice non fa: legge e controlla i dati, scrive le pagine generate, "
            "disegna un'immagine di anteprima per ogni pagina, aggiunge a ogni pagina i dati per la condivisione e la politica di sicurezza, "
            "prepara i dati aperti e il feed. "
            "Con le immagini già disegnate, alla prima build di `mkdocs serve`, il rapporto è "
            f"{_per_size(slow, lambda r: wall([r.first_hooks]) / wall([r.first_plain]))}. "
            "Le immagini, le pagine generate e l'ultima sistemazione di ogni pagina le prepara un secondo processo, su un altro processore: "
            f"in tempo di CPU la build con gli hook costa {_per_size(slow, lambda r: cpu_ratio(r.hooks, r.plain), 'volte')} quella semplice. "
            "Quel lavoro non allunga l'attesa solo se l'altro processore è libero, e su un computer condiviso non sempre lo è."
        )
    small, large = _target_sizes(results)
    if small and large and wall(large.hooks) / wall(small.hooks) > MAX_GROWTH:
        found.append(
            f"- **Da {_int(small.events)} a {_int(large.events)} eventi la build cresce di × {_decimal(wall(large.hooks) / wall(small.hooks), 1)}.** "
            f"In tempo di CPU cresce di × {_decimal(cpu(large.hooks) / cpu(small.hooks), 1)}. "
            + (f"Con {_int(large.events)} eventi c'è una sola misura: un momento in cui il computer va più piano la sposta." if large.runs == 1 else "")
        )
    if large and wall(large.check) > MAX_CHECK_SECONDS:
        check, floor = wall(large.check), wall(large.yaml_only)
        compared = "meno della" if check < floor * 0.95 else ("più della" if check > floor * 1.05 else "circa quanto la")
        found.append(
            f"- **`make check` con {_int(large.events)} eventi dura {_seconds(check)} la prima volta.** "
            f"Legge e controlla {_int(large.records)} schede, una per file. "
            f"Solo leggere quei file con libyaml, senza nessun controllo, richiede {_seconds(floor)}"
            + (f": già più di {_decimal(MAX_CHECK_SECONDS, 0)} secondi. " if floor > MAX_CHECK_SECONDS else ". ")
            + "Il controllo legge i file con un lettore suo, scritto in Python per la forma semplice delle schede, "
            f"e con tutti i controlli dura {compared} sola lettura con libyaml. "
            "Per andare molto più veloci servirebbe un controllo scritto in un linguaggio da compilare, come il C. "
            "La guida resta in Python, senza parti da compilare, perché si installi con due comandi su ogni computer. "
            f"Dopo la modifica di un evento il controllo rilegge solo quel file e dura {_seconds(wall(large.check_edited))}."
        )
    return found


def _per_size(results: Sequence[Result], ratio: Callable[[Result], float], unit: str = "") -> str:
    """A ratio for each size, in words: «1,26 volte con 100 eventi, 1,15 con 1.000 e 1,20 con 10.000»; unit after the first only."""
    parts = [f"{_decimal(ratio(r), 2)}{f' {unit}' if unit and i == 0 else ''} con {_int(r.events)}{' eventi' if i == 0 else ''}" for i, r in enumerate(results)]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} e {parts[-1]}"


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


def _machine() -> str:
    cpus = _cpus()
    model = next((line.split(":", 1)[1].strip() for line in _read_lines("/proc/cpuinfo") if line.startswith("model name")), platform.machine())
    memory = next((round(int(line.split()[1]) / 1024 / 1024) for line in _read_lines("/proc/meminfo") if line.startswith("MemTotal:")), None)
    packages = ", ".join(f"{name} {version(name)}" for name in ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "jsonschema", "PyYAML"))
    libyaml = "con" if getattr(yaml, "__with_libyaml__", False) else "senza"
    ram = f", {memory} GB di memoria" if memory else ""
    return f"{cpus} {'processore' if cpus == 1 else 'processori'} ({model}{ram}), {platform.system()}, Python {platform.python_version()}, {packages} ({libyaml} libyaml)"


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _today() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(tz=UTC)
    return day(moment.date())


def _yes_no(met: bool | None) -> str:
    return "non misurato" if met is None else ("sì" if met else "**no**")


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return "meno di un minuto" if minutes < 1 else ("circa 1 minuto" if minutes == 1 else f"circa {minutes} minuti")


def _numbers(text: str) -> tuple[int, ...]:
    try:
        numbers = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"servono numeri interi separati da virgole, non «{text}»") from None
    if min(numbers) < 1:
        raise argparse.ArgumentTypeError(f"servono numeri maggiori di zero, non «{text}»")
    return numbers


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
