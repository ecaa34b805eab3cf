"""The audit's results as Markdown tables, printed and kept in docs/verifiche.md."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from factsheet.dates import day


@dataclass(frozen=True, kw_only=True, slots=True)
class Budget:
    name: str  # Italian, for the table
    limit: str
    result: str
    passed: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class PageRow:
    title: str
    path: str
    axe_light: int
    axe_dark: int
    html_errors: int
    lighthouse: dict[str, int] | None  # category -> score, for the pages Lighthouse measures


def tables(budgets: list[Budget], rows: list[PageRow]) -> str:
    lines = [
        "| Controllo | Limite | Risultato | Esito |",
        "| --- | --- | --- | --- |",
        *(f"| {budget.name} | {budget.limit} | {budget.result} | {'superato' if budget.passed else '**non superato**'} |" for budget in budgets),
        "",
        "| Pagina | axe, tema chiaro | axe, tema scuro | Errori HTML | Prestazioni | Accessibilità | Buone pratiche | SEO |",
        "| --- | --: | --: | --: | --: | --: | --: | --: |",
    ]
    for row in rows:
        scores = [str(row.lighthouse[name]) for name in ("performance", "accessibility", "best-practices", "seo")] if row.lighthouse else ["—"] * 4
        lines.append(f"| {_cell(row.title)} (`{row.path}`) | {row.axe_light} | {row.axe_dark} | {row.html_errors} | {' | '.join(scores)} |")
    return "\n".join(lines) + "\n"


def page(budgets: list[Budget], rows: list[PageRow], today: date) -> str:
    """docs/verifiche.md: what the audit checks, in plain Italian, and its latest tables."""
    outcome = "Tutti i controlli sono superati." if all(b.passed for b in budgets) else "**Alcuni controlli non sono superati**: li stiamo correggendo."
    return _PAGE.format(date=day(today), outcome=outcome, tables=tables(budgets, rows))


def write_if_changed(path: Path, text: str) -> bool:
    """Writes only when the text differs, so that an unchanged page does not trigger `mkdocs serve`."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


_PAGE = """\
---
description: I controlli automatici che ogni modifica della guida deve superare. Accessibilità, codice valido, velocità su un telefono.
# A page for the people who work on the guide: readers' searches should not land on its tables.
search:
  exclude: true
---

# Verifiche automatiche

Vogliamo che la guida si legga bene da tutti e si apra in fretta anche su un telefono con una connessione lenta.
Per questo ogni modifica passa da alcuni controlli automatici.
Se un controllo non è superato, la modifica non viene pubblicata finché non la correggiamo.

## Cosa controlliamo

- **Accessibilità.** Il programma axe-core controlla ogni pagina quattro volte:
  su uno schermo da telefono e da computer, con il tema chiaro e con il tema scuro.
  Cerca i problemi previsti dalle regole internazionali WCAG 2.1, livello AA.
  Per esempio: testo con poco contrasto sullo sfondo, pulsanti senza nome, titoli fuori ordine.
  Non deve trovare nessun problema.
- **Codice valido.** Il validatore del W3C (Nu Html Checker) controlla il codice HTML di ogni pagina.
  Non deve trovare errori. Un codice corretto si legge meglio con i lettori di schermo.
- **Velocità su un telefono.** Il programma Lighthouse simula un telefono di fascia media con una connessione lenta.
  Dà un punteggio da 0 a 100 in quattro campi: prestazioni, accessibilità, buone pratiche e SEO
  (cioè quanto è facile per i motori di ricerca trovare la pagina).
  Controlliamo cinque pagine: home, cronologia, indennizzi, truffe e domande frequenti. Devono avere 100 in tutti e quattro i campi.
  I tempi cambiano un po' da una misura all'altra, anche sullo stesso computer.
  Per questo misuriamo ogni pagina cinque volte e contiamo il valore di mezzo (la mediana).
- **Peso della home.** La prima volta che apri la home, il telefono scarica al massimo 80 kB di dati compressi.
- **Nessun altro sito.** Le pagine non chiedono nulla ad altri siti: niente caratteri, statistiche o pulsanti di social network.
  Così nessun altro sa che stai leggendo la guida.

I controlli automatici non trovano tutti i problemi. Per esempio, non sanno dire se un testo è chiaro.
Se hai difficoltà con una pagina, [diccelo](accessibilita.md#segnala-un-problema).

## Risultati dell'ultima verifica

Verifica del {date}. {outcome}

Nella tabella delle pagine, il numero sotto «axe» e sotto «Errori HTML» è il numero di problemi trovati: deve essere 0.
Lighthouse controlla solo le cinque pagine principali: per le altre trovi un trattino (—).

{tables}
Chi lavora alla guida può ripetere la verifica sul proprio computer con il comando `make audit`.
"""
