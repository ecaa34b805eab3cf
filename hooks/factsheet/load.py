"""The one entry point that reads data/ and returns the records, or every problem at once."""

from __future__ import annotations

import gc
import operator
import os
import time as clock
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, cast
from zoneinfo import ZoneInfo

from . import checker as checker_rules
from . import dates, letters, text, workers
from .model import (
    Answer,
    Channel,
    Checker,
    Dataset,
    Dispute,
    Event,
    Faq,
    Incident,
    KeyFigure,
    Letter,
    Origin,
    PartialDate,
    Question,
    ReportTo,
    Route,
    Scam,
    ServiceStates,
    Site,
    Source,
    StateChange,
    Update,
    When,
)
from .problems import DataError, Problem
from .readcache import ReadCache, Stamp, engine_fingerprint, stamp_of
from .schema import Schemas
from .yamlsource import Path_, YamlFile, read_yaml

ROME = ZoneInfo("Europe/Rome")

# folder in data/ -> (schema file, anchor prefix of its records)
KINDS: dict[str, tuple[str, str]] = {
    "incidenti": ("incidente.schema.json", "incidente"),
    "eventi": ("evento.schema.json", "evento"),
    "fonti": ("fonte.schema.json", "fonte"),
    "indennizzi": ("indennizzo.schema.json", "indennizzo"),
    "truffe": ("truffa.schema.json", "truffa"),
    "domande": ("domanda.schema.json", "domanda"),
    "aggiornamenti": ("aggiornamento.schema.json", "aggiornamento"),
    "stati": ("stato.schema.json", "stato"),
    "lettere": ("lettera.schema.json", "lettera"),
}
SITE_FILE = "sito.yml"
# The questions of «Posso chiedere un indennizzo?»; each route says in «condizioni» which answers it fits.
CHECKER_FILE = "verifica.yml"
KEY_FIGURE_PREFIX = "dato"

# Fields written in the Markdown subset; any other string is plain text.
MARKDOWN_FIELDS = frozenset(
    {"testo", "sintesi", "spiegazione", "risposta", "descrizione", "per_chi", "stato_oggi", "posizione_del_gestore", "nota", "passi", "segnali", "cosa_fare"}
    | {"introduzione", "aiuto", "consiglio", "se_nessuna_strada", "perche", "invece", "invio"}
)


# Below this many files, starting other processes costs more than it saves.
PARALLEL_MINIMUM = 1000


def load_dataset(data_dir: Path, *, processes: int = 1, cache: Path | None = None) -> Dataset:
    """Read, check and return every record in data_dir; raise DataError listing all problems.

    processes > 1 shares the files out among that many processes, where the system can fork
    and there are enough files: only for a program with a single thread, such as the command line.
    cache: a folder where each valid file's result is kept for the next run (readcache.py).
    """
    # The loader builds a few objects per value and frees almost none: the cyclic garbage
    # collector would go over the growing heap again and again, for nothing to collect.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Loader(data_dir, processes=processes, cache=cache).run()
    finally:
        if collecting:
            gc.enable()


def modeline(folder: str | None, schema_name: str) -> str:
    """The first line every data file must have, so editors get completion."""
    prefix = "../schema/" if folder else "schema/"
    return f"# yaml-language-server: $schema={prefix}{schema_name}"


# (file, path in it, anchor, kind of record): a link or a reference, resolved once every record is known.
# The file is named as in messages: plain values travel from one process to another quickly.
Reference = tuple[str, Path_, str, str]


class _Problems:
    """Problems found so far, and the references still to resolve."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.references: list[Reference] = []

    def _add(self, f: YamlFile, path: Path_, message: str) -> None:
        line, column = f.positions.value(path)
        self.problems.append(Problem(path=f.display, line=line, column=column, message=message))

    def _add_key(self, f: YamlFile, path: Path_, message: str) -> None:
        """A problem placed on the key that holds path (the value's own line for list items)."""
        line, column = f.positions.key(path)
        self.problems.append(Problem(path=f.display, line=line, column=column, message=message))

    def _add_at(self, display: str, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(path=display, line=line, column=column, message=message))


class _File(NamedTuple):
    """A data file to read: where it is, its name in messages, its name without .yml, its folder and schema."""

    path: str
    display: str
    stem: str
    folder: str | None
    schema_name: str


def _check_string(found: _Problems, source: YamlFile, value: str, path: Path_, field: str) -> None:
    if field in MARKDOWN_FIELDS:
        problems, anchors = text.review(value)
        for message in problems:
            found._add(source, path, f"il campo «{_field_name(path)}» {message}.")
        for anchor in anchors:
            found.references.append((source.display, path, anchor, "link"))
    elif field not in ("url", "archivio_url"):
        for message in text.check(value)[:2]:
            if "HTML" in message or "javascript" in message:
                found._add(source, path, f"il campo «{_field_name(path)}» {message}.")


def _walk(folder: str, parts: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], os.DirEntry[str]]]:
    """Every entry below folder, with its path as parts, as sorted(Path.rglob("*")) lists them.

    Each folder's names sorted, and a folder's entries right after it: the order of the paths'
    parts, with no sort of all the paths. As rglob, into no link to a folder.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=_NAME)
    except PermissionError:
        return
    for entry in entries:
        path = (*parts, entry.name)
        yield path, entry
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, path)


_NAME = operator.attrgetter("name")


def _unknown_file_message(parts: tuple[str, ...]) -> str:
    if parts[-1].endswith(".yaml"):
        return "l'estensione deve essere .yml, non .yaml: rinomina il file, altrimenti verrebbe ignorato."
    if len(parts) == 2 and parts[0] in KINDS:
        return "questo file non finisce con .yml: rinominalo come <id>.yml, altrimenti verrebbe ignorato."
    folders = ", ".join(f"data/{k}/" for k in KINDS)
    return f"file sconosciuto: la guida non sa cosa farne e lo ignorerebbe. Le schede vanno in una di queste cartelle: {folders}, nella forma <id>.yml."


class _Records(_Problems):
    """The records of the files that need no other file to be built: any process can build them."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def _site(self, f: YamlFile) -> Site | None:
        v = f.value
        self._web_url(f, ("url_canonico",))
        self._web_url(f, ("url_repository",))
        self._web_url(f, ("licenza", "url"))
        if not v["url_canonico"].endswith("/"):
            self._add(f, ("url_canonico",), "il campo «url_canonico» deve finire con la barra /.")
        return Site(
            title=v["titolo"],
            description=v["descrizione"],
            url=v["url_canonico"],
            repo_url=v["url_repository"].rstrip("/"),
            licence_name=v["licenza"]["nome"],
            licence_url=v["licenza"]["url"],
            contact=v["contatto_redazione"],
            last_full_check=self._date(f, ("ultima_verifica_completa",)),
            max_days_unchecked=v["giorni_massimi_senza_verifica"],
            origin=self._origin(f),
        )

    def _source(self, f: YamlFile) -> Source:
        v = f.value
        self._web_url(f, ("url",))
        if "archivio_url" in v:
            self._web_url(f, ("archivio_url",))
        return Source(
            id=v["id"],
            title=v["titolo"],
            publisher=v["editore"],
            url=v["url"],
            published=self._partial_date(f, ("data_pubblicazione",)),
            kind=v["tipo"],
            archive_url=v.get("archivio_url"),
            language=v.get("lingua", "it"),
            note=v.get("nota"),
            origin=self._origin(f),
        )

    def _incident(self, f: YamlFile) -> Incident:
        v = f.value
        start = self._rome_datetime(f, ("inizio",))
        end = self._rome_datetime(f, ("fine",)) if "fine" in v else None
        if end and start and end <= start:
            self._add(f, ("fine",), "la fine del disservizio viene prima dell'inizio: controlla le date.")
        if v["stato"] == "risolto" and end is None:
            self._add(f, ("stato",), "un disservizio «risolto» deve avere il campo «fine».")
        if v["stato"] == "in corso" and end is not None:
            self._add(f, ("fine",), "un disservizio «in corso» non può avere la fine: togli il campo «fine» o cambia lo stato in «risolto».")
        figures = tuple(self._key_figure(f, i, figure) for i, figure in enumerate(v["dati_chiave"]))
        self._refs(f, ("fonti",), v["fonti"])
        return Incident(
            id=v["id"],
            title=v["titolo"],
            services=tuple(v["servizi"]),
            operator=v["gestore"],
            start=start or datetime.min.replace(tzinfo=ROME),
            end=end,
            precision=v.get("precisione", "ora"),
            status=v["stato"],
            summary=v["sintesi"],
            key_figures=figures,
            sources=tuple(v["fonti"]),
            checked=self._date(f, ("verificato_il",)),
            origin=self._origin(f),
        )

    def _key_figure(self, f: YamlFile, index: int, v: dict[str, Any]) -> KeyFigure:
        path: Path_ = ("dati_chiave", index)
        self._refs(f, (*path, "fonti"), v["fonti"])
        return KeyFigure(
            id=v["id"],
            label=v["etichetta"],
            value=v["valore"],
            explanation=v.get("spiegazione"),
            reliability=v["affidabilita"],
            sources=tuple(v["fonti"]),
            disputes=self._disputes(f, path, v),
        )

    def _event(self, f: YamlFile) -> Event:
        v = f.value
        when = self._when(f, ("quando",), v.get("fascia"))
        until = self._when(f, ("fino_a",), None) if "fino_a" in v else None
        if until and when and until.sort_key <= when.sort_key:
            self._add(f, ("fino_a",), "il campo «fino_a» deve venire dopo «quando».")
        self._refs(f, ("incidente",), [v["incidente"]], kind="incidente")
        self._refs(f, ("fonti",), v["fonti"])
        return Event(
            id=v["id"],
            incident=v["incidente"],
            when=when or When(day=date.min),
            until=until,
            title=v["titolo"],
            text=v["testo"],
            category=v["categoria"],
            reliability=v["affidabilita"],
            disputes=self._disputes(f, (), v),
            sources=tuple(v["fonti"]),
            checked=self._date(f, ("verificato_il",)),
            origin=self._origin(f),
        )

    def _route(self, f: YamlFile) -> Route:
        v = f.value
        if v["stato"] == "chiusa" and "invece" not in v:
            self._add(
                f,
                ("stato",),
                "una strada «chiusa» deve dire nel campo «invece» cosa fare al suo posto oggi: la verifica lo mostra a chi trova la strada chiusa.",
            )
        if v["stato"] != "chiusa" and "invece" in v:
            self._add_key(f, ("invece",), "il campo «invece» serve solo alle strade chiuse: toglilo, oppure cambia lo stato in «chiusa».")
        self._refs(f, ("incidenti",), v["incidenti"], kind="incidente")
        self._refs(f, ("fonti",), v["fonti"])
        return Route(
            id=v["id"],
            title=v["titolo"],
            incidents=tuple(v["incidenti"]),
            kind=v["tipo"],
            order=v["ordine"],
            summary=v["sintesi"],
            who=v["per_chi"],
            cost=v["costo"],
            steps=tuple(v["passi"]),
            deadline=v.get("scadenza"),
            status=v["stato"],
            status_today=v["stato_oggi"],
            conditions=MappingProxyType({q: tuple(a) for q, a in v["condizioni"].items()}),
            why=v["perche"],
            instead=v.get("invece"),
            reliability=v.get("affidabilita"),
            sources=tuple(v["fonti"]),
            checked=self._date(f, ("verificato_il",)),
            origin=self._origin(f),
        )

    def _scam(self, f: YamlFile) -> Scam:
        v = f.value
        self._refs(f, ("incidenti",), v["incidenti"], kind="incidente")
        self._refs(f, ("fonti",), v["fonti"])
        for i, target in enumerate(v["dove_segnalare"]):
            if "url" in target:
                self._web_url(f, ("dove_segnalare", i, "url"))
        return Scam(
            id=v["id"],
            title=v["titolo"],
            incidents=tuple(v["incidenti"]),
            channels=tuple(v["canali"]),
            order=v["ordine"],
            description=v["descrizione"],
            red_flags=tuple(v["segnali"]),
            what_to_do=tuple(v["cosa_fare"]),
            report_to=tuple(ReportTo(name=t["nome"], url=t.get("url")) for t in v["dove_segnalare"]),
            operator_policy=v.get("posizione_del_gestore"),
            reliability=v["affidabilita"],
            sources=tuple(v["fonti"]),
            checked=self._date(f, ("verificato_il",)),
            origin=self._origin(f),
        )

    def _faq(self, f: YamlFile) -> Faq:
        v = f.value
        self._refs(f, ("fonti",), v["fonti"])
        for i, anchor in enumerate(v.get("collegamenti", [])):
            self.references.append((f.display, ("collegamenti", i), anchor, "link"))
        return Faq(
            id=v["id"],
            question=v["domanda"],
            order=v["ordine"],
            answer=v["risposta"],
            links=tuple(v.get("collegamenti", [])),
            sources=tuple(v["fonti"]),
            checked=self._date(f, ("verificato_il",)),
            origin=self._origin(f),
        )

    def _update(self, f: YamlFile) -> Update:
        v = f.value
        for i, anchor in enumerate(v.get("collegamenti", [])):
            self.references.append((f.display, ("collegamenti", i), anchor, "link"))
        return Update(
            id=v["id"],
            day=self._date(f, ("data",)),
            title=v["titolo"],
            text=v["testo"],
            links=tuple(v.get("collegamenti", [])),
            origin=self._origin(f),
        )

    def _letter(self, f: YamlFile) -> Letter:
        v = f.value
        self._refs(f, ("fonti",), v["fonti"])
        self.references.append((f.display, ("indennizzo",), f"indennizzo-{v['indennizzo']}", "indennizzo"))
        raw = (self.root / f.display).read_text(encoding="utf-8-sig")
        for path in [("oggetto",), *(("corpo", i) for i in range(len(v["corpo"])))]:
            value = _get(v, path)
            for offset, message in letters.placeholder_problems(value):
                line, column = letters.locate(raw, f.positions.value(path), value, offset)
                self._add_at(f.display, line, column, f"il campo «{_field_name(path)}» {message}")
        return Letter(
            id=v["id"],
            title=v["titolo"],
            order=v["ordine"],
            route=v["indennizzo"],
            description=v["descrizione"],
            sending=v["invio"],
            email=v.get("email"),
            subject=v["oggetto"],
            body=tuple(v["corpo"]),
            sources=tuple(v["fonti"]),
            checked=self._date(f, ("verificato_il",)),
            origin=self._origin(f),
        )

    def _disputes(self, f: YamlFile, path: Path_, v: dict[str, Any]) -> tuple[Dispute, ...]:
        disputes = v.get("discordanze", [])
        for i, d in enumerate(disputes):
            self._refs(f, (*path, "discordanze", i, "fonti"), d["fonti"])
        if v["affidabilita"] == "contestato" and not disputes:
            self._add(f, (*path, "affidabilita"), "un fatto «contestato» deve spiegare le versioni diverse nel campo «discordanze», con le loro fonti.")
        return tuple(Dispute(text=d["testo"], sources=tuple(d["fonti"])) for d in disputes)

    def _refs(self, f: YamlFile, path: Path_, ids: list[str], *, kind: str = "fonte") -> None:
        for i, ref in enumerate(ids):
            item_path = path if kind == "incidente" and path == ("incidente",) else (*path, i)
            self.references.append((f.display, item_path, f"{kind}-{ref}", kind))

    def _date(self, f: YamlFile, path: Path_) -> date:
        raw = _get(f.value, path)
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self._add(f, path, f"il campo «{_field_name(path)}» contiene una data che non esiste: «{raw}».")
            return date.min

    def _partial_date(self, f: YamlFile, path: Path_) -> PartialDate | None:
        raw = _get(f.value, path)
        if raw == "senza data":
            return None
        parts = [int(p) for p in raw.split("-")]
        try:
            date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            self._add(f, path, f"il campo «{_field_name(path)}» contiene una data che non esiste: «{raw}».")
        return PartialDate(year=parts[0], month=parts[1] if len(parts) > 1 else None, day=parts[2] if len(parts) > 2 else None)

    def _when(self, f: YamlFile, path: Path_, part_of_day: str | None) -> When | None:
        raw = _get(f.value, path)
        day_text, _, time_text = raw.partition(" ")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            self._add(f, path, f"il campo «{_field_name(path)}» contiene una data che non esiste: «{day_text}».")
            return None
        moment: time | None = None
        if time_text:
            try:
                moment = time.fromisoformat(time_text)
            except ValueError:
                self._add(f, path, f"il campo «{_field_name(path)}» contiene un'ora che non esiste: «{time_text}».")
                return None
            local = datetime.combine(day, moment, tzinfo=ROME)
            # A wall-clock time skipped by the spring change does not survive a round trip through UTC.
            if local.astimezone(UTC).astimezone(ROME).replace(tzinfo=None) != local.replace(tzinfo=None):
                self._add(f, path, f"l'ora «{time_text}» del {day_text} non esiste in Italia (quella notte gli orologi sono stati spostati avanti).")
            if part_of_day:
                self._add(f, ("fascia",), "il campo «fascia» serve solo quando non si conosce l'ora: togli «fascia» o l'ora da «quando».")
        return When(day=day, time=moment, part_of_day=part_of_day)

    def _rome_datetime(self, f: YamlFile, path: Path_) -> datetime | None:
        raw = _get(f.value, path)
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            self._add(f, path, f"il campo «{_field_name(path)}» contiene una data o un'ora che non esiste: «{raw}».")
            return None
        expected = moment.astimezone(ROME).utcoffset()
        if moment.utcoffset() != expected:
            hours = int(cast(Any, expected).total_seconds() // 3600)
            self._add(
                f,
                path,
                f"il fuso di «{raw}» non è quello italiano di quel giorno: in Italia era +0{hours}:00 ({'ora legale' if hours == 2 else 'ora solare'}).",
            )
        return moment

    def _web_url(self, f: YamlFile, path: Path_) -> None:
        url = _get(f.value, path)
        if text.link_kind(url) != "web":
            self._add(
                f,
                path,
                f"il campo «{_field_name(path)}» non è un indirizzo web valido: «{url[:80]}». Deve iniziare con https:// seguito dal nome del sito, senza spazi.",
            )

    def _origin(self, f: YamlFile) -> Origin:
        return Origin(path=f.display, line=f.positions.value(("id",))[0] if "id" in f.value else 1)


# What reading one file found: whether it passed, its problems and references, its record.
# The file's contents come along only for the kinds that need them later, in _SOURCES_KEPT:
# for the others, sending them from one process to another would cost more than the rest.
# A plain tuple, not a NamedTuple: pickle sends a tuple at C speed, a NamedTuple through a
# Python method, and the processes send back one of these for each file.
_Read = tuple[bool, YamlFile | None, list[Problem], list[Reference], Any]


# The folders (None: data/ itself) whose files are needed again after their records are built:
# the site's settings and the checker's questions, the states of service, and the incidents and
# routes that later checks point problems at.
_SOURCES_KEPT = frozenset({None, "stati", "incidenti", "indennizzi"})


class _FileReader:
    """The checks of one file on its own (YAML, first line, schema, id, texts), then its record if it needs no other file."""

    def __init__(self, schemas: Schemas, root: Path) -> None:
        self.schemas = schemas
        self.root = root

    def read(self, file: _File) -> tuple[Stamp, _Read]:
        """The file's result, and the stamp of the version of the file it is about."""
        raw, stamp = _read_bytes(file.path)
        return stamp, self._check(file, raw)

    def _check(self, file: _File, raw: bytes) -> _Read:
        found = _Records(self.root)
        source, problems = read_yaml(raw, file.display)
        if source is None:
            return (False, None, problems, [], None)
        expected = modeline(file.folder, file.schema_name)
        first = raw.split(b"\n", 1)[0].decode("utf-8-sig").rstrip()
        if first != expected:
            found._add_at(file.display, 1, 1, f"la prima riga deve essere «{expected}»: serve all'editor per suggerire i campi.")
        schema_problems = self.schemas.check(file.schema_name, source)
        if schema_problems:
            return (False, None, [*found.problems, *schema_problems], [], None)
        before = len(found.problems)
        record_id = source.value.get("id")
        if file.folder is not None and record_id != file.stem:
            found._add(source, ("id",), f"l'id «{record_id}» deve essere uguale al nome del file senza .yml, «{file.stem}»: rinomina il file o correggi l'id.")
        self._check_strings(found, source, source.value, ())
        if len(found.problems) > before:
            return (False, None, found.problems, found.references, None)
        build = _BUILDERS.get(file.folder or file.stem)
        record = build(found, source) if build else None
        return (True, source if file.folder in _SOURCES_KEPT else None, found.problems, found.references, record)

    def _check_strings(self, found: _Problems, source: YamlFile, value: Any, path: Path_, field: str = "") -> None:
        """Markdown fields must keep to the subset; plain fields may hold no markup at all.

        field is the name of the nearest field that holds value: a list item is checked as its field.
        """
        if isinstance(value, dict):
            children: Iterable[tuple[str | int, Any]] = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
        else:
            if isinstance(value, str) and text.may_have_markup(value):
                _check_string(found, source, value, path, field)
            return
        for key, child in children:
            if isinstance(child, str):
                # Most strings hold no markup at all: they need no other check.
                if text.may_have_markup(child):
                    _check_string(found, source, child, (*path, key), key if isinstance(key, str) else field)
            elif isinstance(child, (dict, list)):
                self._check_strings(found, source, child, (*path, key), key if isinstance(key, str) else field)


def _read_bytes(path: str) -> tuple[bytes, Stamp]:
    """The whole file, as open(path, "rb").read() gives it, at a third of the cost for a small file.

    And the stamp of what was read: taken from the open file, it is that of the version
    read even if the file is replaced in the meantime.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(descriptor, _READ_SIZE):
            chunks.append(chunk)
        return b"".join(chunks), stamp_of(os.fstat(descriptor))
    finally:
        os.close(descriptor)


# Larger than any data file may be (yamlsource.MAX_FILE_BYTES): one read, and one that finds the end.
_READ_SIZE = 1 << 18


# The records built by _FileReader, by folder (and the site's, by file name).
_BUILDERS: dict[str, Callable[[_Records, YamlFile], Any]] = {
    SITE_FILE[: -len(".yml")]: _Records._site,
    "fonti": _Records._source,
    "incidenti": _Records._incident,
    "eventi": _Records._event,
    "indennizzi": _Records._route,
    "truffe": _Records._scam,
    "domande": _Records._faq,
    "aggiornamenti": _Records._update,
    "lettere": _Records._letter,
}


class _Loader(_Records):
    def __init__(self, data_dir: Path, *, processes: int, cache: Path | None) -> None:
        super().__init__(data_dir.parent)
        self.data_dir = data_dir
        self.processes = processes
        self.cache = cache
        self.files: dict[str, YamlFile] = {}
        self.present: set[str] = set()

    def run(self) -> Dataset:
        started = clock.time_ns()
        if not self.data_dir.is_dir():
            raise DataError([Problem(path=self._display(self.data_dir), line=1, column=1, message="la cartella dei dati non esiste.")])
        schemas = Schemas(self.data_dir / "schema")
        site: Site | None = None
        site_source: YamlFile | None = None
        checker_source: YamlFile | None = None
        state_sources: list[YamlFile] = []
        by_kind: dict[str, list[Any]] = {kind: [] for kind in KINDS}
        files = self._classify(schemas)
        cache = ReadCache(self.cache, engine_fingerprint(self.data_dir / "schema"), started) if self.cache else None
        results = self._read_files(files, schemas, cache)
        for file, (passed, source, problems, references, record) in zip(files, results, strict=True):
            if file.folder is not None:
                # Known even if the file turns out invalid: its own problems are reported,
                # not one more for every record that cites it.
                self.present.add(f"{KINDS[file.folder][1]}-{file.stem}")
            self.problems.extend(problems)
            self.references.extend(references)
            if not passed:
                continue
            if source is not None:
                self.files[file.display] = source
            if file.folder is None and file.stem == CHECKER_FILE[: -len(".yml")]:
                checker_source = source
            elif file.folder is None:
                site_source, site = source, record
            elif file.folder == "stati":
                state_sources.append(cast(YamlFile, source))  # kept: see _SOURCES_KEPT
            else:
                by_kind[file.folder].append(record)
        if site_source is None and not any(p.path.endswith(SITE_FILE) for p in self.problems):
            self._add_at(self._display(self.data_dir / SITE_FILE), 1, 1, "manca il file delle impostazioni del sito, data/sito.yml.")
        if checker_source is None and not any(p.path.endswith(CHECKER_FILE) for p in self.problems):
            self._add_at(self._display(self.data_dir / CHECKER_FILE), 1, 1, "manca il file delle domande della verifica, data/verifica.yml.")
        sources: tuple[Source, ...] = tuple(sorted(by_kind["fonti"], key=lambda s: s.id))
        incidents: tuple[Incident, ...] = tuple(sorted(by_kind["incidenti"], key=lambda i: (i.start, i.id)))
        events: tuple[Event, ...] = tuple(sorted(by_kind["eventi"], key=lambda e: (e.when.sort_key, e.id)))
        routes: tuple[Route, ...] = tuple(sorted(by_kind["indennizzi"], key=lambda r: (r.order, r.id)))
        scams: tuple[Scam, ...] = tuple(sorted(by_kind["truffe"], key=lambda s: (s.order, s.id)))
        faqs: tuple[Faq, ...] = tuple(sorted(by_kind["domande"], key=lambda q: (q.order, q.id)))
        updates: tuple[Update, ...] = tuple(sorted(by_kind["aggiornamenti"], key=lambda u: (-u.day.toordinal(), u.id)))
        states = tuple(sorted((self._service_states(f, incidents, events) for f in state_sources), key=lambda s: s.id))
        letter_records: tuple[Letter, ...] = tuple(sorted(by_kind["lettere"], key=lambda x: (x.order, x.id)))
        checker = self._checker(checker_source, routes) if checker_source else None
        anchors = self._anchors(incidents, events, sources, routes, scams, faqs, updates)
        self._check_references(anchors)
        if self.problems or site is None:
            raise DataError(self.problems)
        return Dataset(
            site=site,
            incidents=incidents,
            events=events,
            sources=sources,
            routes=routes,
            scams=scams,
            faqs=faqs,
            updates=updates,
            sources_by_id=MappingProxyType({s.id: s for s in sources}),
            incidents_by_id=MappingProxyType({i.id: i for i in incidents}),
            service_states=MappingProxyType({s.id: s for s in states}),
            checker=checker,
            letters=letter_records,
        )

    def _read_files(self, files: list[_File], schemas: Schemas, cache: ReadCache | None) -> list[_Read]:
        """Each file checked, and its record built, on its own: that is most of the work.

        It can be shared out among processes; and a file unchanged since the last run with a
        cache needs no work at all.
        """
        kept = [cache.lookup(f.display, f.path) for f in files] if cache else [None] * len(files)
        todo = [f for f, entry in zip(files, kept, strict=True) if entry is None]
        # Each process keeps what it read in a part of the cache of its own.
        keep = (lambda share, data: cache.keep([f.display for f in share], data)) if cache else None
        reader = _FileReader(schemas, self.root)
        fresh = iter(workers.map_in_processes(reader.read, todo, processes=self.processes, minimum=PARALLEL_MINIMUM, keep=keep))
        results = [(entry or next(fresh))[1] for entry in kept]
        if cache is not None:
            cache.tidy([f.display for f in files], [f.display for f in todo])
        return results

    def _classify(self, schemas: Schemas) -> list[_File]:
        """Every data file with its folder and schema, in order; anything unexpected is a problem."""
        prefix = self._display(self.data_dir)
        prefix = "" if prefix == "." else prefix + "/"
        files = []
        for parts, entry in _walk(os.fspath(self.data_dir), ()):
            # As Path.is_dir() after Path.rglob("*"): folders, and links to folders, are no files.
            if entry.is_dir() or parts[-1] == ".gitkeep":
                continue
            display = prefix + "/".join(parts)
            name = parts[-1]
            if parts == (SITE_FILE,):
                files.append(_File(entry.path, display, SITE_FILE[: -len(".yml")], None, "sito.schema.json"))
            elif parts == (CHECKER_FILE,):
                files.append(_File(entry.path, display, CHECKER_FILE[: -len(".yml")], None, "verifica.schema.json"))
            elif len(parts) == 2 and parts[0] == "schema" and name in schemas.names:
                continue
            elif len(parts) == 2 and parts[0] in KINDS and name.endswith(".yml") and len(name) > len(".yml"):
                files.append(_File(entry.path, display, name[: -len(".yml")], parts[0], KINDS[parts[0]][0]))
            else:
                self._add_at(display, 1, 1, _unknown_file_message(parts))
        return files

    def _service_states(self, f: YamlFile, incidents: tuple[Incident, ...], events: tuple[Event, ...]) -> ServiceStates:
        v = f.value
        self.references.append((f.display, ("id",), f"incidente-{v['id']}", "incidente"))
        incident = next((i for i in incidents if i.id == v["id"]), None)
        # An event citing an unknown incident is reported on its own; here it counts as broken.
        known = {i.id for i in incidents}
        events_by_id = {e.id: e for e in events if e.incident in known}
        channels: dict[str, int] = {}
        for i, channel in enumerate(v["canali"]):
            if channel["id"] in channels:
                self._add(f, ("canali", i, "id"), f"il canale «{channel['id']}» è già elencato: scrivi ogni canale una volta sola.")
            channels.setdefault(channel["id"], i)
        changes: list[tuple[int, StateChange]] = []
        for i, raw in enumerate(v["variazioni"]):
            change = self._state_change(f, i, raw, channels=list(channels), incident=incident, events_by_id=events_by_id)
            if change is not None:
                changes.append((i, change))
        self._check_state_sequences(f, changes)
        for channel_id, i in channels.items():
            if not any(c.channel == channel_id for _, c in changes):
                self._add(
                    f, ("canali", i), f"il canale «{channel_id}» non ha nessuna variazione: aggiungine almeno una in «variazioni», oppure togli il canale."
                )
        marked = {c.event for _, c in changes if c.event}
        for i, event_id in enumerate(v.get("eventi_nel_grafico", [])):
            event = self._state_event(f, ("eventi_nel_grafico", i), event_id, events_by_id, v["id"])
            if event is not None and incident is not None and event.when.window[1] <= _wall_clock(incident.start):
                self._add(
                    f,
                    ("eventi_nel_grafico", i),
                    f"l'evento «{event_id}» viene prima dell'inizio del disservizio ({_incident_start(incident)}): nel grafico non si vedrebbe.",
                )
            marked.add(event_id)
        return ServiceStates(
            id=v["id"],
            channels=tuple(Channel(id=c["id"], name=c["nome"]) for i, c in enumerate(v["canali"]) if channels[c["id"]] == i),
            changes=tuple(c for _, c in sorted(changes, key=lambda ic: (channels.get(ic[1].channel, 0), ic[1].start.window[0], ic[0]))),
            marked_events=tuple(sorted((e for e in marked if e in events_by_id), key=lambda e: (events_by_id[e].when.sort_key, e))),
            checked=self._date(f, ("verificato_il",)),
            origin=self._origin(f),
        )

    def _state_change(
        self, f: YamlFile, index: int, raw: dict[str, Any], *, channels: list[str], incident: Incident | None, events_by_id: dict[str, Event]
    ) -> StateChange | None:
        path: Path_ = ("variazioni", index)
        self._refs(f, (*path, "fonti"), raw["fonti"])
        known = raw["canale"] in channels
        if not known:
            self._add(
                f,
                (*path, "canale"),
                f"il canale «{raw['canale']}» non è elencato in «canali»: aggiungilo lì o correggi l'id. I canali elencati sono: {', '.join(channels)}.",
            )
        part_of_day = raw.get("fascia")
        if part_of_day and " " in raw["da"]:
            self._add(f, (*path, "fascia"), "il campo «fascia» serve solo quando non si conosce l'ora: togli «fascia» o l'ora da «da».")
            part_of_day = None
        start = self._when(f, (*path, "da"), part_of_day)
        until = self._when(f, (*path, "fino_a"), None) if "fino_a" in raw else None
        if start and until and until.window[0] <= start.window[0]:
            self._add(f, (*path, "fino_a"), "il campo «fino_a» deve venire dopo «da».")
        if start and incident and start.window[1] <= _wall_clock(incident.start):
            self._add(
                f,
                (*path, "da"),
                f"questa variazione viene prima dell'inizio del disservizio ({_incident_start(incident)}): correggi «da», oppure l'inizio in data/incidenti/{incident.id}.yml.",
            )
        if "evento" in raw:
            self._state_event(f, (*path, "evento"), raw["evento"], events_by_id, f.value["id"])
        if start is None or not known:
            return None
        return StateChange(
            channel=raw["canale"],
            start=start,
            until=until,
            state=raw["stato"],
            detail=raw.get("dettaglio"),
            event=raw.get("evento"),
            reliability=raw["affidabilita"],
            sources=tuple(raw["fonti"]),
            line=f.positions.value(path)[0],
        )

    def _state_event(self, f: YamlFile, path: Path_, event_id: str, events_by_id: dict[str, Event], incident_id: str) -> Event | None:
        event = events_by_id.get(event_id)
        if event is None:
            # An event file that exists but is invalid has its own problems already.
            if f"evento-{event_id}" not in self.present:
                self._add(f, path, f"il campo «{_field_name(path)}»: l'evento «{event_id}» non esiste: gli id validi sono i nomi dei file in data/eventi/.")
            return None
        if any(p.path == event.origin.path for p in self.problems):
            return None  # the event's own problems come first; its date or incident may be wrong
        if event.incident != incident_id:
            self._add(
                f, path, f"l'evento «{event_id}» riguarda il disservizio «{event.incident}», non «{incident_id}»: scegli un evento di questo disservizio."
            )
            return None
        return event

    def _check_state_sequences(self, f: YamlFile, changes: list[tuple[int, StateChange]]) -> None:
        """Within one channel, two states may neither start at the same moment nor overlap."""
        by_channel: dict[str, list[tuple[int, StateChange]]] = {}
        for item in sorted(changes, key=lambda ic: (ic[1].start.window[0], ic[0])):
            by_channel.setdefault(item[1].channel, []).append(item)
        for items in by_channel.values():
            for (_, before), (index, after) in pairwise(items):
                (lo1, hi1), (lo2, hi2) = before.start.window, after.start.window
                if lo1 < hi2 and lo2 < hi1:
                    self._add(
                        f,
                        ("variazioni", index, "da"),
                        f"il canale «{after.channel}» ha già uno stato che inizia in quel momento (riga {before.line}): due stati nello stesso momento si contraddicono."
                        " Tieni una sola variazione, oppure indica l'ora o la parte del giorno per dire quale viene prima.",
                    )
                elif before.until is not None and after.start.window[0] < before.until.window[0]:
                    self._add(
                        f,
                        ("variazioni", index, "da"),
                        f"questo stato del canale «{after.channel}» inizia prima che finisca quello della riga {before.line} (fino_a): i due stati si sovrappongono."
                        " Correggi «da» qui oppure «fino_a» là.",
                    )
                elif before.until is None and before.state == after.state:
                    self._add(
                        f,
                        ("variazioni", index, "stato"),
                        f"il canale «{after.channel}» è già «{after.state}» dalla riga {before.line}: questa variazione non cambia nulla."
                        " Toglila, oppure aggiungi le sue fonti a quella.",
                    )

    def _checker(self, f: YamlFile, routes: tuple[Route, ...]) -> Checker:
        v = f.value
        questions = tuple(
            Question(
                id=q["id"],
                text=q["domanda"],
                help=q.get("aiuto"),
                only_if=MappingProxyType({k: tuple(a) for k, a in q.get("solo_se", {}).items()}),
                answers=tuple(Answer(id=a["id"], label=a["etichetta"], advice=a.get("consiglio")) for a in q["risposte"]),
            )
            for q in v["domande"]
        )
        checker = Checker(
            title=v["titolo"],
            intro=v["introduzione"],
            questions=questions,
            if_nothing_fits=v["se_nessuna_strada"],
            checked=self._date(f, ("verificato_il",)),
            origin=self._origin(f),
        )
        before = len(self.problems)
        for path, message in checker_rules.question_problems(checker):
            self._add_key(f, path, message)
        questions_ok = len(self.problems) == before
        for route in routes:
            route_file = self.files[route.origin.path]
            route_before = len(self.problems)
            for path, message in checker_rules.condition_problems(questions, route.conditions, ("condizioni",)):
                self._add_key(route_file, path, f"il campo «{_field_name(path)}»: {message}")
            # Only meaningful once the questions and this route's conditions are sound.
            if questions_ok and len(self.problems) == route_before:
                for unreached in checker_rules.unreachable(checker, [route]):
                    self._add_key(
                        route_file,
                        ("condizioni",),
                        f"con queste condizioni la strada «{unreached.id}» non compare in nessun risultato della verifica: nessun percorso di risposte le soddisfa tutte. Controlla le risposte scelte e i «solo_se» in data/verifica.yml.",
                    )
        return checker

    def _anchors(self, *groups: tuple[Any, ...]) -> set[str]:
        anchors: dict[str, str] = {}
        for group in groups:
            for record in group:
                prefix = _PREFIX[type(record).__name__]
                anchors[f"{prefix}-{record.id}"] = record.origin.path
                for figure in getattr(record, "key_figures", ()):
                    anchor = f"{KEY_FIGURE_PREFIX}-{figure.id}"
                    if anchor in anchors:
                        f = self.files[record.origin.path]
                        index = next(i for i, k in enumerate(record.key_figures) if k is figure)
                        self._add(
                            f,
                            ("dati_chiave", index, "id"),
                            f"l'id «{figure.id}» è già usato per un altro dato chiave in {anchors[anchor]}: scegline uno diverso.",
                        )
                    anchors[anchor] = record.origin.path
        return set(anchors)

    def _check_references(self, anchors: set[str]) -> None:
        for display, path, anchor, kind in self.references:
            if anchor in anchors or (anchor in self.present and self.problems):
                continue
            plain = anchor.split("-", 1)[1] if "-" in anchor else anchor
            if kind == "fonte":
                message = f"la fonte «{plain}» non esiste: crea il file data/fonti/{plain}.yml o correggi l'id."
            elif kind == "incidente":
                message = f"il disservizio «{plain}» non esiste: gli id validi sono i nomi dei file in data/incidenti/."
            elif kind == "indennizzo":
                message = f"la strada «{plain}» non esiste: gli id validi sono i nomi dei file in data/indennizzi/."
            else:
                message = f"il collegamento a «#{anchor}» non porta a nessuna scheda: controlla l'ancora (per esempio evento-<id>, indennizzo-<id>, truffa-<id>, domanda-<id>, dato-<id>)."
            source = self._source_of(display)
            if source is None:
                self._add_at(display, 1, 1, f"il campo «{_field_name(path)}»: {message}")
            else:
                self._add(source, path, f"il campo «{_field_name(path)}»: {message}")

    def _source_of(self, display: str) -> YamlFile | None:
        """The file named display in messages, as read; None if it cannot be read again."""
        if display in self.files:
            return self.files[display]
        # Kept only for the kinds that need it later (see _FileReader): any other is read again,
        # for the rare broken reference. A file changed meanwhile has its problem on line 1.
        try:
            raw = (self.root / display).read_bytes()
        except OSError:
            return None
        return read_yaml(raw, display)[0]

    def _display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


_PREFIX = {
    "Incident": "incidente",
    "Event": "evento",
    "Source": "fonte",
    "Route": "indennizzo",
    "Scam": "truffa",
    "Faq": "domanda",
    "Update": "aggiornamento",
}


def _wall_clock(moment: datetime) -> datetime:
    """An aware moment as the naive Italian wall-clock time that When.window uses."""
    return moment.astimezone(ROME).replace(tzinfo=None)


def _incident_start(incident: Incident) -> str:
    return dates.moment(incident.start, with_time=incident.precision == "ora")


def _get(value: Any, path: Path_) -> Any:
    for part in path:
        value = value[part]
    return value


def _field_name(path: Path_) -> str:
    text_path = ""
    for part in path:
        text_path += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text_path else str(part))
    return text_path
