"""Synthetic but valid data for the benchmark, in the real format, at any size.

One file per record in data/<kind>/<id>.yml with its modeline, the real schemas
and sito.yml copied from the project, and cross references that resolve. The mix
follows the real guide, scaled by the number of timeline events: each event has
its own source and also cites one of a few official sources, as the real events
cite Italiaonline's statements; routes, scam warnings, FAQ and updates grow in
proportion. Everything is derived from the record's number, so a size always
gives the same files.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Records of each kind per timeline event (at least one of each).
ROUTES_PER_EVENT = 1 / 10
SCAMS_PER_EVENT = 1 / 25
FAQS_PER_EVENT = 1 / 10
UPDATES_PER_EVENT = 1 / 50
OFFICIAL_SOURCES = 5
LETTERS = 2


@dataclass(frozen=True, kw_only=True, slots=True)
class Counts:
    """How many records of each kind a synthetic data set has."""

    events: int
    sources: int
    incidents: int
    routes: int
    scams: int
    faqs: int
    updates: int
    letters: int

    @property
    def records(self) -> int:
        return self.events + self.sources + self.incidents + self.routes + self.scams + self.faqs + self.updates + self.letters


def counts(events: int) -> Counts:
    return Counts(
        events=events,
        sources=events + OFFICIAL_SOURCES,
        incidents=len(_INCIDENTS),
        routes=max(1, round(events * ROUTES_PER_EVENT)),
        scams=max(1, round(events * SCAMS_PER_EVENT)),
        faqs=max(1, round(events * FAQS_PER_EVENT)),
        updates=max(1, round(events * UPDATES_PER_EVENT)),
        letters=LETTERS,
    )


def generate(folder: Path, events: int, *, root: Path = ROOT) -> Path:
    """Write a data set with this many timeline events at folder/data and return that path.

    The schemas and the site's settings come from root/data: the real ones (the
    site's address must match mkdocs.yml).
    """
    data = folder / "data"
    shutil.copytree(root / "data" / "schema", data / "schema")
    shutil.copy(root / "data" / "sito.yml", data / "sito.yml")
    (data / "verifica.yml").write_text(_CHECKER, encoding="utf-8", newline="\n")
    n = counts(events)
    records = [
        *(("incidenti", "incidente", record_id, body) for record_id, body in _INCIDENTS),
        *(("fonti", "fonte", _official_id(k), _official(k)) for k in range(OFFICIAL_SOURCES)),
        *(("fonti", "fonte", _source_id(i), _source(i)) for i in range(events)),
        *(("eventi", "evento", _event_id(i), _event(i)) for i in range(events)),
        *(("indennizzi", "indennizzo", _route_id(k), _route(k, events)) for k in range(n.routes)),
        *(("truffe", "truffa", _scam_id(k), _scam(k, events)) for k in range(n.scams)),
        *(("domande", "domanda", _faq_id(k), _faq(k, events, n.routes)) for k in range(n.faqs)),
        *(("aggiornamenti", "aggiornamento", _update_id(k), _update(k, events)) for k in range(n.updates)),
        *(("lettere", "lettera", f"lettera-di-prova-{k + 1}", _letter(k)) for k in range(LETTERS)),
    ]
    for folder_name, schema, record_id, body in records:
        target = data / folder_name / f"{record_id}.yml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# yaml-language-server: $schema=../schema/{schema}.schema.json\nid: {record_id}\n{body}", encoding="utf-8", newline="\n")
    return data


def event_path(data: Path, index: int) -> Path:
    """The file of the index-th event, to edit it."""
    return data / "eventi" / f"{_event_id(index)}.yml"


def event_title(index: int) -> str:
    return f"Evento di prova numero {index + 1}: un fatto della cronologia"


# Records ---------------------------------------------------------------------


def _event(i: int) -> str:
    incident = "giugno-2023" if i % 5 == 4 else "gennaio-2023"
    day = _event_day(i)
    lines = [f"incidente: {incident}"]
    if i % 3 == 0:
        lines.append(f'quando: "{day.isoformat()} {(8 + i % 14):02d}:{(i * 7) % 60:02d}"')
    elif i % 3 == 1:
        lines += [f"quando: {day.isoformat()}", f"fascia: {_PARTS[i % len(_PARTS)]}"]
    else:
        lines.append(f"quando: {day.isoformat()}")
    if i % 17 == 0:
        lines.append(f"fino_a: {(day + timedelta(days=2)).isoformat()}")
    reliability = _RELIABILITY[i % len(_RELIABILITY)]
    earlier = f"[un fatto precedente](#evento-{_event_id(i - 1)})" if i else "l'inizio del disservizio"
    lines += [
        f"titolo: {_q(event_title(i))}",
        "testo: |-",
        f"  Questo è il testo di prova dell'evento {i + 1}. Racconta un fatto in frasi brevi, con *una parola in corsivo* e **una in grassetto**.",
        "",
        f"  Il fatto viene dopo {earlier}. Per saperne di più c'è [la pagina della fonte](https://www.example.org/notizie/{i + 1}).",
        f"categoria: {_q(_CATEGORIES[i % len(_CATEGORIES)])}",
        f"affidabilita: {_q(reliability)}",
    ]
    if reliability == "contestato":
        lines += [
            "discordanze:",
            "  - testo: Un'altra fonte dà una versione diversa di questo fatto.",
            "    fonti:",
            f"      - {_official_id((i + 1) % OFFICIAL_SOURCES)}",
        ]
    lines += ["fonti:", f"  - {_source_id(i)}", f"  - {_official_id(i % OFFICIAL_SOURCES)}", f"verificato_il: {_CHECKED}"]
    return _join(lines)


def _source(i: int) -> str:
    day = _event_day(i)
    published = (day.isoformat(), f"{day:%Y-%m}", str(day.year), "senza data")[i % 4 if i % 10 == 9 else 0]
    lines = [
        f"titolo: {_q(f'Articolo di prova numero {i + 1} sul blocco della posta')}",
        f"editore: {_q(_PUBLISHERS[i % len(_PUBLISHERS)])}",
        f"url: https://www.{_HOSTS[i % len(_HOSTS)]}/articoli/{i + 1}",
        f"data_pubblicazione: {_q(published)}",
        f"tipo: {_q(_SOURCE_KINDS[i % len(_SOURCE_KINDS)])}",
    ]
    if i % 7 == 0:
        lines.append(f"archivio_url: https://web.archive.org/web/2023/https://www.{_HOSTS[i % len(_HOSTS)]}/articoli/{i + 1}")
    if i % 11 == 0:
        lines.append("lingua: en")
    if i % 13 == 0:
        lines.append(f"nota: {_q('Il testo della pagina è *incompleto*: ne resta solo una copia.')}")
    return _join(lines)


def _official(k: int) -> str:
    return _join(
        [
            f"titolo: {_q(f'Comunicato di prova numero {k + 1} del gestore')}",
            "editore: Italiaonline",
            f"url: https://www.example.com/comunicati/{k + 1}",
            f"data_pubblicazione: 2023-01-{23 + k:02d}",
            "tipo: comunicato ufficiale",
        ]
    )


def _route(k: int, events: int) -> str:
    return _join(
        [
            f"titolo: {_q(f'Strada di prova numero {k + 1} per chiedere un indennizzo')}",
            "incidenti:",
            "  - gennaio-2023",
            f"tipo: {_q(_ROUTE_KINDS[k % len(_ROUTE_KINDS)])}",
            f"ordine: {k % 999 + 1}",
            f"sintesi: Una strada di prova. Parte da [un fatto della cronologia](#evento-{_event_id(k * 10 % events)}).",
            "per_chi: Per chi aveva una casella *gratuita* o a pagamento.",
            "costo: gratis",
            "passi:",
            "  - Scrivi al gestore con [il modulo](https://www.example.com/modulo).",
            "  - Aspetta la risposta per trenta giorni.",
            "  - Se non arriva, chiedi la conciliazione.",
            f"stato: {_q(('attiva', 'chiusa', 'esito non noto')[k % 3])}",
            "stato_oggi: Oggi questa strada è descritta solo per completezza.",
            # Fits every path of answers in data/verifica.yml.
            "condizioni: {}",
            "perche: Va bene a tutti quelli che hanno avuto il blocco della posta.",
            *(["invece: Oggi puoi fare reclamo al gestore."] if k % 3 == 1 else []),
            "fonti:",
            f"  - {_source_id(k * 10 % events)}",
            f"  - {_official_id(k % OFFICIAL_SOURCES)}",
            f"verificato_il: {_CHECKED}",
        ]
    )


def _scam(k: int, events: int) -> str:
    return _join(
        [
            f"titolo: {_q(f'Truffa di prova numero {k + 1}')}",
            "incidenti:",
            "  - gennaio-2023",
            "canali:",
            f"  - {_q(_CHANNELS[k % len(_CHANNELS)])}",
            f"ordine: {k % 999 + 1}",
            "descrizione: Un messaggio finto promette un rimborso per il blocco della posta.",
            "segnali:",
            "  - Chiede la password o i dati della carta.",
            f"  - {_q('Mette fretta: «entro oggi».')}",
            "cosa_fare:",
            "  - Non cliccare sul link.",
            "  - Cancella il messaggio.",
            "dove_segnalare:",
            "  - nome: Polizia Postale",
            "    url: https://www.commissariatodips.it/",
            "posizione_del_gestore: Il gestore non chiede mai la password per messaggio.",
            "affidabilita: confermato",
            "fonti:",
            f"  - {_source_id(k * 25 % events)}",
            f"verificato_il: {_CHECKED}",
        ]
    )


def _faq(k: int, events: int, routes: int) -> str:
    return _join(
        [
            f"domanda: {_q(f'Domanda di prova numero {k + 1}, come la farebbe un lettore?')}",
            f"ordine: {k % 999 + 1}",
            "risposta: |-",
            f"  La risposta di prova, in frasi brevi. Vedi anche [questo fatto](#evento-{_event_id(k * 10 % events)}).",
            "",
            "  - un primo punto;",
            "  - un secondo punto.",
            "collegamenti:",
            f"  - evento-{_event_id(k * 10 % events)}",
            f"  - indennizzo-{_route_id(k % routes)}",
            "fonti:",
            f"  - {_official_id(k % OFFICIAL_SOURCES)}",
            f"verificato_il: {_CHECKED}",
        ]
    )


def _update(k: int, events: int) -> str:
    return _join(
        [
            f"data: {(date(2026, 11, 30) - timedelta(days=k)).isoformat()}",
            f"titolo: {_q(f'Aggiornamento di prova numero {k + 1}')}",
            f"testo: Abbiamo aggiunto [un fatto alla cronologia](#evento-{_event_id(k * 50 % events)}).",
            "collegamenti:",
            f"  - evento-{_event_id(k * 50 % events)}",
        ]
    )


def _letter(k: int) -> str:
    return _join(
        [
            f"titolo: {_q(f'Lettera di prova numero {k + 1}')}",
            f"ordine: {k + 1}",
            f"indennizzo: {_route_id(0)}",
            "descrizione: Un modello di lettera di prova, da adattare al tuo caso.",
            "invio: Incolla il testo nel modulo del gestore.",
            "oggetto: Reclamo per il blocco della casella {indirizzo}",
            "corpo:",
            "  - Spettabile gestore,",
            "  - Mi chiamo {nome} e sono titolare della casella {indirizzo}.",
            "  - Dal {dal} al {al} non ho potuto usare la mia casella.",
            "  - |-",
            "    Distinti saluti,",
            "    {nome}",
            "fonti:",
            f"  - {_official_id(k % OFFICIAL_SOURCES)}",
            f"verificato_il: {_CHECKED}",
        ]
    )


# Helpers ---------------------------------------------------------------------


def _event_id(i: int) -> str:
    return f"{_event_day(i).isoformat()}-evento-{i + 1:05d}"


def _event_day(i: int) -> date:
    if i % 5 == 4:
        return date(2023, 6, 13) + timedelta(days=i % 45)
    return date(2023, 1, 22) + timedelta(days=i % 38)


def _source_id(i: int) -> str:
    return f"articolo-di-prova-{i + 1:05d}"


def _official_id(k: int) -> str:
    return f"comunicato-di-prova-{k + 1}"


def _route_id(k: int) -> str:
    return f"strada-di-prova-{k + 1:04d}"


def _scam_id(k: int) -> str:
    return f"truffa-di-prova-{k + 1:04d}"


def _faq_id(k: int) -> str:
    return f"domanda-di-prova-{k + 1:04d}"


def _update_id(k: int) -> str:
    return f"aggiornamento-di-prova-{k + 1:04d}"


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _join(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


_CHECKED = "2026-11-30"
_PARTS = ("notte", "mattina", "pomeriggio", "sera")
_RELIABILITY = ("confermato", "riportato dalla stampa", "confermato", "non confermato", "contestato", "smentito", "confermato")
_CATEGORIES = ("segnalazioni", "comunicato", "promessa", "ripristino", "posta persa", "indennizzo", "truffe", "autorità", "associazioni", "politica")
_PUBLISHERS = ("Il Quotidiano di Prova", "Notizie di Esempio", "La Gazzetta Finta", "Tech di Prova", "Associazione Esempio")
_HOSTS = ("example.org", "example.net", "esempio.example", "notizie.example", "prova.example")
_SOURCE_KINDS = ("stampa", "stampa", "stampa", "associazione di consumatori", "autorità", "blog", "aggregatore", "opera di consultazione", "social")
_ROUTE_KINDS = (
    "ristoro del gestore",
    "reclamo",
    "iniziativa di associazione",
    "diffida",
    "giudice",
    "azione di classe",
    "conciliazione",
    "argomento giuridico",
)
_CHANNELS = ("sms", "e-mail", "telefono", "sito web", "social", "app di messaggistica")
_INCIDENTS = (
    (
        "gennaio-2023",
        _join(
            [
                "titolo: Il blocco di prova di gennaio 2023",
                "servizi:",
                "  - Libero Mail",
                "  - Virgilio Mail",
                "gestore: Italiaonline S.p.A.",
                "inizio: 2023-01-22T22:00+01:00",
                "fine: 2023-01-28T21:00+01:00",
                "stato: risolto",
                "sintesi: Un disservizio di prova, con [il suo primo fatto](#evento-2023-01-22-evento-00001).",
                "dati_chiave:",
                "  - id: caselle-di-prova",
                "    etichetta: Caselle coinvolte",
                "    valore: circa 9 milioni",
                "    affidabilita: contestato",
                "    fonti:",
                f"      - {_official_id(0)}",
                "    discordanze:",
                "      - testo: Un'altra stima, di un'altra fonte.",
                "        fonti:",
                f"          - {_official_id(1)}",
                "  - id: durata-di-prova",
                "    etichetta: Durata",
                "    valore: circa 6 giorni",
                "    spiegazione: Dal 23 al 28 gennaio, secondo *quasi tutte* le fonti.",
                "    affidabilita: confermato",
                "    fonti:",
                f"      - {_official_id(2)}",
                "fonti:",
                f"  - {_official_id(0)}",
                f"verificato_il: {_CHECKED}",
            ]
        ),
    ),
    (
        "giugno-2023",
        _join(
            [
                "titolo: Il blocco di prova di giugno 2023",
                "servizi:",
                "  - Libero Mail",
                "gestore: Italiaonline S.p.A.",
                "inizio: 2023-06-13T09:00+02:00",
                "fine: 2023-06-19T18:00+02:00",
                "precisione: giorno",
                "stato: risolto",
                "sintesi: Un secondo disservizio di prova, diverso dal primo.",
                "dati_chiave:",
                "  - id: durata-giugno-di-prova",
                "    etichetta: Durata",
                "    valore: circa 6 giorni",
                "    affidabilita: riportato dalla stampa",
                "    fonti:",
                f"      - {_official_id(3)}",
                "fonti:",
                f"  - {_official_id(4)}",
                f"verificato_il: {_CHECKED}",
            ]
        ),
    ),
)

# The checker «Posso chiedere un indennizzo?», reduced to one question: every route fits both answers.
_CHECKER = _join(
    [
        "# yaml-language-server: $schema=schema/verifica.schema.json",
        "titolo: Posso chiedere un indennizzo?",
        "introduzione: Rispondi a una domanda di prova.",
        "domande:",
        "  - id: blocco",
        "    domanda: Quale blocco della posta ti ha colpito?",
        "    risposte:",
        "      - id: gennaio",
        "        etichetta: Il blocco di gennaio 2023",
        "      - id: giugno",
        "        etichetta: Il blocco di giugno 2023",
        "se_nessuna_strada: Nessuna strada di prova va bene per le tue risposte.",
        f"verificato_il: {_CHECKED}",
    ]
)
