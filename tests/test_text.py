"""The Markdown subset of text fields: what is refused, and what render() lets through."""

from __future__ import annotations

import pytest
from factsheet import text


def resolve(anchor: str) -> str:
    return f"pagina.md#{anchor}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Testo *corsivo* e **grassetto**.", "Testo *corsivo* e **grassetto**."),
        ("Vedi [la nota](#evento-a-b).", "Vedi [la nota](pagina.md#evento-a-b)."),
        ("Vedi [il sito](https://example.org/a?b=1).", "Vedi [il sito](https://example.org/a?b=1)."),
        ("Scrivi a [noi](mailto:a@example.org).", "Scrivi a [noi](mailto:a@example.org)."),
        ("- uno\n- due\n\n1. primo\n2. secondo", "- uno\n- due\n\n1. primo\n1. secondo"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)"),
        ("[x](JaVaScRiPt:alert)", "x"),
        ("[x](jav&#x61;script:1)", "x"),
        ("Titolo {: onclick=alert(1) }", "Titolo \\{: onclick=alert\\(1\\) \\}"),
        ("![img](https://example.org/a.png)", "\\![img](https://example.org/a.png)"),
        ("# non un titolo", "\\# non un titolo"),
        ("riga\n---", "riga\n\\---"),
        ("A & B", "A &amp; B"),
        ("{{ config }}", "\\{\\{ config \\}\\}"),
        ("`codice`", "\\`codice\\`"),
    ],
)
def test_render_keeps_only_the_subset(source: str, expected: str) -> None:
    assert text.render(source, resolve) == expected


@pytest.mark.parametrize(
    ("source", "messages"),
    [
        ("Un testo normale con l'apostrofo e la «citazione».", []),
        ("Vedi [la nota](#evento-a).", []),
        ("<b>grassetto</b>", ["contiene HTML o un indirizzo tra < >: l'HTML non è ammesso. Per un link scrivi [testo](https://…)"]),
        ("Vai su <https://example.org>", ["contiene HTML o un indirizzo tra < >: l'HTML non è ammesso. Per un link scrivi [testo](https://…)"]),
        (
            "[x](ftp://example.org)",
            ["contiene un link non ammesso «ftp://example.org»: usa solo https://…, mailto:… oppure un'ancora della guida come #evento-…"],
        ),
        ("[x](vbscript:msgbox)", ["contiene un indirizzo javascript:, vbscript: o data:, che non è ammesso"]),
        ("![foto](https://example.org/a.png)", ["contiene un'immagine (![…](…)): le immagini non sono ammesse nei testi"]),
        ("[nota]: https://example.org", ["contiene la definizione di un link ([nome]: indirizzo): scrivi il link per intero, [testo](https://…)"]),
        ("&lt;script&gt;", ["contiene un'entità HTML (come &amp;amp; o &amp;#106;): scrivi il carattere normale"]),
    ],
)
def test_check_names_what_is_outside_the_subset(source: str, messages: list[str]) -> None:
    assert text.check(source) == messages


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("https://example.org/x", "web"),
        ("http://example.org", "web"),
        ("mailto:a@example.org", "mail"),
        ("#evento-2023-01-25-nota", "anchor"),
        ("javascript:alert(1)", None),
        ("https://user:pw@example.org", None),
        ("https:///no-host", None),
        ("https://exa mple.org", None),
        ("#Evento", None),
        ("https://example.org\u200b/x", None),
    ],
)
def test_link_kind_allows_only_three_forms(target: str, kind: str | None) -> None:
    assert text.link_kind(target) == kind


def test_escape_inline_makes_markdown_inert() -> None:
    assert text.escape_inline("*a* [b](c) <d> {e}") == "\\*a\\* \\[b\\]\\(c\\) &lt;d&gt; \\{e\\}"


def test_spaces_around_links_are_kept() -> None:
    assert (
        text.render("È [iniziato](#evento-a) e  poi  [finito](#evento-b).", resolve) == "È [iniziato](pagina.md#evento-a) e poi [finito](pagina.md#evento-b)."
    )


def test_a_broken_address_is_a_refused_link_not_a_crash() -> None:
    assert text.check("Vedi [qui](https://[x).") == [
        "contiene un link non ammesso «https://[x»: usa solo https://…, mailto:… oppure un'ancora della guida come #evento-…"
    ]
