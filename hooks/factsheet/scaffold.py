"""New records for editors: `make nuova-scheda TIPO=evento` writes a commented file to fill in.

The new file passes `make check` as soon as it is written, so an editor starts from a
green check and sees each later mistake on its own: it cites a source and an incident
that already exist in data/, and its comments say what to replace. It never overwrites
a file: the id is fresh (today's date, the kind, and a number if needed).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from .load import KINDS, modeline

ROME = ZoneInfo("Europe/Rome")
ROOT = Path(__file__).resolve().parents[2]
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80
# The ids fresh_id() makes: records still to be filled in.
_SCAFFOLDED = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-nuov[ao]-")
LAST_ORDER = 999
ORDER_STEP = 10


class ScaffoldError(Exception):
    """A new record cannot be written; the message is for editors, in Italian."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make nuova-scheda", description="Crea in data/ una scheda nuova, valida e commentata, da completare.")
    parser.add_argument("tipo", help=f"il tipo di scheda: {', '.join(FOLDERS)}")
    parser.add_argument("--id", dest="record_id", help="l'id della scheda (facoltativo: se manca ne viene scelto uno nuovo)")
    parser.add_argument("--dati", type=Path, default=ROOT / "data", help="la cartella dei dati (predefinita: data/)")
    args = parser.parse_args(argv)
    try:
        path = scaffold(args.tipo, args.dati, today=datetime.now(ROME).date(), record_id=args.record_id)
    except ScaffoldError as error:
        print(f"Errore: {error}", file=sys.stderr)
        return 1
    print(_display(path))
    print("Apri il file, sostituisci i testi di esempio e poi controlla i dati con: make check")
    return 0


def scaffold(kind: str, data_dir: Path, *, today: date, record_id: str | None = None) -> Path:
    """Write a new record of kind into data_dir and return its path."""
    if kind not in FOLDERS:
        raise ScaffoldError(f"il tipo «{kind}» non esiste. Scegli uno di questi: {', '.join(FOLDERS)}.")
    folder = data_dir / FOLDERS[kind]
    if record_id is None:
        record_id = fresh_id(kind, folder, today)
    else:
        _check_id(record_id, folder)
    fields = {
        "modeline": modeline(FOLDERS[kind], KINDS[FOLDERS[kind]][0]),
        "id": record_id,
        "today": today.isoformat(),
        "start": _midnight_in_rome(today),
        "order": str(next_order(folder)),
    }
    if kind != "fonte":
        fields["source"] = _first_id(data_dir / "fonti", "una fonte", "fonte")
    if kind in ("evento", "indennizzo", "truffa"):
        fields["incident"] = _first_id(data_dir / "incidenti", "un disservizio", "incidente")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id}.yml"
    # "x" refuses to open a file that already exists, even one created a moment ago.
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(TEMPLATES[kind].format(**fields))
    except FileExistsError:
        raise ScaffoldError(f"il file {path.name} esiste già: scegli un altro id.") from None
    return path


def fresh_id(kind: str, folder: Path, today: date) -> str:
    """today-nuovo-evento, or today-nuovo-evento-2, -3… if that file already exists."""
    base = f"{today.isoformat()}-{NEW_NAMES[kind]}"
    candidate, number = base, 1
    while (folder / f"{candidate}.yml").exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def next_order(folder: Path) -> int:
    """A place after every record of the folder that has an `ordine`, within the allowed range."""
    orders = [0]
    for path in sorted(folder.glob("*.yml")):
        try:
            value = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # make check reports broken files; here they only give no order.
        if isinstance(value, dict) and isinstance(value.get("ordine"), int):
            orders.append(value["ordine"])
    return min(max(orders) + ORDER_STEP, LAST_ORDER)


def _check_id(record_id: str, folder: Path) -> None:
    if not ID_PATTERN.match(record_id) or len(record_id) > MAX_ID_LENGTH:
        raise ScaffoldError(
            f"l'id «{record_id}» non va bene: usa solo lettere minuscole senza accenti, cifre e trattini (al massimo {MAX_ID_LENGTH} caratteri),"
            " per esempio 2023-01-25-comunicato-cto."
        )
    if (folder / f"{record_id}.yml").exists():
        raise ScaffoldError(f"il file {record_id}.yml esiste già: scegli un altro id.")


def _first_id(folder: Path, what: str, kind: str) -> str:
    """The first record id of folder, as a placeholder the editor replaces; never another new, unfilled record if avoidable."""
    ids = sorted(p.stem for p in folder.glob("*.yml") if ID_PATTERN.match(p.stem))
    if not ids:
        raise ScaffoldError(f"in data/{folder.name}/ non c'è ancora {what}: creane prima una con «make nuova-scheda TIPO={kind}».")
    filled = [i for i in ids if not _SCAFFOLDED.match(i)]
    return (filled or ids)[0]


def _midnight_in_rome(day: date) -> str:
    """2026-11-30T00:00+01:00, with the offset Italy had on that day (midnight never falls in a clock change)."""
    offset = datetime.combine(day, time(0, 0), tzinfo=ROME).strftime("%z")
    return f"{day.isoformat()}T00:00{offset[:3]}:{offset[3:]}"


def _display(path: Path) -> str:
    """The path as the editor can open it from the current folder (the repository, under make)."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


# The kind an editor types -> its folder in data/.
FOLDERS = {
    "incidente": "incidenti",
    "evento": "eventi",
    "fonte": "fonti",
    "indennizzo": "indennizzi",
    "truffa": "truffe",
    "domanda": "domande",
    "aggiornamento": "aggiornamenti",
}

NEW_NAMES = {
    "incidente": "nuovo-incidente",
    "evento": "nuovo-evento",
    "fonte": "nuova-fonte",
    "indennizzo": "nuovo-indennizzo",
    "truffa": "nuova-truffa",
    "domanda": "nuova-domanda",
    "aggiornamento": "nuovo-aggiornamento",
}

_HEAD = """{modeline}
# Scheda nuova, creata con «make nuova-scheda». Sostituisci ogni testo di esempio, poi controlla con «make check».
# L'id è anche il nome del file: se lo cambi, rinomina anche il file. Dopo la pubblicazione non cambiarlo più.
id: {id}
"""

_SOURCES = """# SEGNAPOSTO: sostituisci con gli id delle fonti giuste (i nomi dei file in data/fonti/, senza .yml), una per riga.
fonti:
  - {source}
"""

_CHECKED = """# Il giorno in cui hai controllato questa scheda con le sue fonti (AAAA-MM-GG).
verificato_il: {today}
"""

_RELIABILITY = """# Quanto è solido il fatto: confermato, riportato dalla stampa, non confermato, smentito o contestato.
# Se è contestato, aggiungi «discordanze» con le altre versioni e le loro fonti (vedi CONTRIBUTING.md).
affidabilita: non confermato
"""

TEMPLATES = {
    "incidente": _HEAD
    + """titolo: Il blocco della posta di esempio, da sostituire
# I servizi colpiti, uno per riga.
servizi:
  - Libero Mail
gestore: Italiaonline S.p.A.
# Inizio e fine con l'ora italiana e il fuso: +01:00 in inverno (ora solare), +02:00 in estate (ora legale).
inizio: {start}
# Quando il disservizio è finito, aggiungi «fine» nella stessa forma e cambia lo stato in risolto.
# fine: {start}
# ora se le fonti danno l'ora, giorno se danno solo il giorno.
precisione: giorno
# in corso oppure risolto.
stato: in corso
sintesi: >-
  Racconta in poche frasi semplici cosa è successo. Scrivi solo quello che dicono le fonti.
# I numeri e i fatti principali, ognuno con le sue fonti. Per ora nessuno: vedi il modello in CONTRIBUTING.md.
dati_chiave: []
"""
    + _SOURCES
    + _CHECKED,
    "evento": _HEAD
    + """# SEGNAPOSTO: l'id del disservizio, cioè il nome di un file in data/incidenti/ (senza .yml).
incidente: {incident}
# Il giorno (AAAA-MM-GG), oppure il giorno e l'ora italiana tra virgolette: "2023-01-25 16:00".
quando: {today}
# Solo se non conosci l'ora: notte, mattina, pomeriggio o sera. Altrimenti lascia la riga commentata.
# fascia: mattina
titolo: Titolo dell'evento, da sostituire
testo: >-
  Racconta il fatto con parole tue, in frasi brevi. Scrivi solo quello che dicono le fonti.
# segnalazioni, comunicato, promessa, ripristino, posta persa, indennizzo, truffe, autorità, associazioni o politica.
categoria: comunicato
"""
    + _RELIABILITY
    + _SOURCES
    + _CHECKED,
    "fonte": _HEAD
    + """# Il titolo della pagina, copiato dalla pagina stessa.
titolo: Titolo della pagina, da sostituire
# Chi pubblica: la testata, l'ente, l'associazione.
editore: Nome di chi pubblica, da sostituire
# SEGNAPOSTO: l'indirizzo completo della pagina, che inizia con https://
url: https://www.example.org/pagina-da-sostituire
# AAAA-MM-GG, oppure AAAA-MM o AAAA se la pagina dà solo il mese o l'anno, oppure: senza data
data_pubblicazione: {today}
# comunicato ufficiale, autorità, associazione di consumatori, stampa, blog, social, aggregatore o opera di consultazione.
tipo: stampa
# Facoltativi: una copia d'archivio, la lingua se non è l'italiano, un'avvertenza sulla fonte.
# archivio_url: https://web.archive.org/web/2023/https://www.example.org/pagina
# lingua: en
# nota: >-
#   Per esempio: la pagina è una copia di un altro articolo.
""",
    "indennizzo": _HEAD
    + """titolo: Titolo della strada per l'indennizzo, da sostituire
# SEGNAPOSTO: gli id dei disservizi a cui si riferisce (i nomi dei file in data/incidenti/).
incidenti:
  - {incident}
# ristoro del gestore, reclamo, iniziativa di associazione, diffida, giudice, azione di classe, conciliazione o argomento giuridico.
tipo: reclamo
# Posizione nella pagina: i numeri più bassi vengono prima.
ordine: {order}
sintesi: >-
  Spiega in due o tre frasi che cos'è questa strada.
per_chi: >-
  Scrivi a chi serve e a quali condizioni.
# Quanto costa, in parole semplici: gratis, 2 euro, spese legali…
costo: da sostituire
# I passi da seguire, in ordine, uno per voce.
passi:
  - Primo passo, da sostituire.
# Facoltativo: il termine, se una fonte lo indica.
# scadenza: entro il 31 marzo 2023
# attiva, chiusa oppure esito non noto.
stato: esito non noto
stato_oggi: >-
  Scrivi cosa vale oggi per questa strada. Se nessuna fonte lo dice, scrivilo.
# A chi la propone la verifica «Posso chiedere un indennizzo?» (data/verifica.yml): per ogni domanda
# (il suo id), l'elenco delle risposte adatte (i loro id). {{}} vuol dire: va bene a tutti. Per esempio:
#   blocco: [gennaio]
#   casella: [gratuita]
condizioni: {{}}
perche: >-
  Spiega in una o due frasi perché questa strada va bene a chi ha dato quelle risposte.
# Solo per le strade chiuse: cosa fare al suo posto oggi.
# invece: >-
#   Scrivi cosa fare oggi al posto di questa strada.
"""
    + _RELIABILITY
    + _SOURCES
    + _CHECKED,
    "truffa": _HEAD
    + """titolo: Titolo dell'avviso di truffa, da sostituire
# SEGNAPOSTO: gli id dei disservizi a cui è legata (i nomi dei file in data/incidenti/).
incidenti:
  - {incident}
# Da dove arriva: sms, e-mail, telefono, sito web, social, app di messaggistica o di persona. Uno per riga.
canali:
  - sms
# Posizione nella pagina: i numeri più bassi vengono prima.
ordine: {order}
descrizione: >-
  Descrivi la truffa con parole semplici: cosa arriva, cosa chiede, cosa ruba.
# I campanelli d'allarme, uno per voce.
segnali:
  - Primo segnale, da sostituire.
# Cosa fare, in ordine, uno per voce.
cosa_fare:
  - Primo consiglio, da sostituire.
# A chi segnalarla: un nome e, se c'è, un indirizzo web.
dove_segnalare:
  - nome: Polizia Postale (Commissariato di PS online)
    url: https://www.commissariatodips.it/
# Facoltativo: cosa dice Italiaonline su questo tipo di messaggi.
# posizione_del_gestore: >-
#   Scrivi cosa dice il gestore, con la sua fonte.
"""
    + _RELIABILITY
    + _SOURCES
    + _CHECKED,
    "domanda": _HEAD
    + """# La domanda, come la farebbe un lettore, con il punto di domanda.
domanda: Domanda da sostituire?
# Posizione nella pagina: i numeri più bassi vengono prima.
ordine: {order}
risposta: >-
  Rispondi con parole semplici, dando del tu a chi legge. Scrivi solo quello che dicono le fonti.
# Facoltativo: schede collegate, come evento-<id>, indennizzo-<id>, truffa-<id>, domanda-<id>.
# collegamenti:
#   - incidente-gennaio-2023
"""
    + _SOURCES
    + _CHECKED,
    "aggiornamento": _HEAD
    + """# Il giorno della modifica (AAAA-MM-GG).
data: {today}
titolo: Titolo dell'aggiornamento, da sostituire
testo: >-
  Spiega ai lettori cosa è cambiato nella guida e perché.
# Facoltativo: le schede cambiate, come evento-<id>, indennizzo-<id>, domanda-<id>.
# collegamenti:
#   - incidente-gennaio-2023
""",
}


if __name__ == "__main__":
    sys.exit(main())
