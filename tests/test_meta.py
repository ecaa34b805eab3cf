"""Link previews, share links and structured data: the helpers, then every page of the built real site."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from conftest import ROOT
from factsheet import meta
from factsheet.load import load_dataset
from factsheet.model import Dataset
from factsheet.records import facts
from factsheet.render_pages import render_pages

SITE = "https://guida-libero-virgilio.github.io/blocco-posta-2023/"


# Helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Un **grassetto** e un *corsivo*.", "Un grassetto e un corsivo."),
        ("Vedi [la scheda](#evento-x) e [il sito](https://example.org/a).", "Vedi la scheda e il sito."),
        ("Cosa fare:\n\n- primo;\n- secondo.\n\n1. uno\n2. due", "Cosa fare: primo; secondo. uno due"),
        ("Parentesi \\(tra\\) escape", "Parentesi (tra) escape"),
    ],
)
def test_plain_drops_the_markup_and_keeps_the_words(markdown: str, expected: str) -> None:
    assert meta.plain(markdown) == expected


def test_excerpt_cuts_at_a_word_with_an_ellipsis() -> None:
    assert meta.excerpt("uno due tre quattro cinque", 14) == "uno due tre…"


def test_excerpt_leaves_a_short_text_alone() -> None:
    assert meta.excerpt("uno due", 14) == "uno due"


def test_share_links_are_plain_urls_with_every_character_encoded() -> None:
    links = meta.share_links(f"{SITE}f/evento-x/", "Perché «24-48 ore» & altro?")

    assert links.whatsapp == (
        "https://wa.me/?text=Perch%C3%A9%20%C2%AB24-48%20ore%C2%BB%20%26%20altro%3F%0A"
        "https%3A%2F%2Fguida-libero-virgilio.github.io%2Fblocco-posta-2023%2Ff%2Fevento-x%2F"
    )
    assert links.telegram == (
        "https://t.me/share/url?url=https%3A%2F%2Fguida-libero-virgilio.github.io%2Fblocco-posta-2023%2Ff%2Fevento-x%2F"
        "&text=Perch%C3%A9%20%C2%AB24-48%20ore%C2%BB%20%26%20altro%3F"
    )
    assert links.email == (
        "mailto:?subject=Perch%C3%A9%20%C2%AB24-48%20ore%C2%BB%20%26%20altro%3F"
        "&body=Perch%C3%A9%20%C2%AB24-48%20ore%C2%BB%20%26%20altro%3F%0D%0A%0D%0A"
        "https%3A%2F%2Fguida-libero-virgilio.github.io%2Fblocco-posta-2023%2Ff%2Fevento-x%2F"
    )


def test_json_ld_cannot_close_its_script_element() -> None:
    assert meta.json_ld({"name": "</script><script>alert(1)</script> & <!--"}) == (
        '{"name":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 \\u003c!--"}'
    )


def test_a_front_matter_date_must_be_a_date() -> None:
    message = "la data «30/11/2026» non è valida: scrivila nella forma AAAA-MM-GG, per esempio 2026-11-30."

    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        meta.as_date("30/11/2026")


def test_a_quoted_front_matter_date_is_read() -> None:
    assert meta.as_date("2026-11-30") == date(2026, 11, 30)


# Heads for one page of the fixture dataset ---------------------------------------------------


@pytest.fixture
def data(dataset: Path) -> Dataset:
    return load_dataset(dataset)


def test_the_head_of_a_fact_page_previews_the_fact(data: Dataset) -> None:
    head = meta.Heads(data).for_page(
        src_path="f/evento-2023-01-25-nota-24-48-ore.md",
        url=f"{SITE}f/evento-2023-01-25-nota-24-48-ore/",
        title="Italiaonline promette il ritorno entro 24-48 ore",
        description="La società promette di riattivare la posta entro 24-48 ore.",
        updated=None,
    )

    assert head.type == "article"
    assert head.image == f"{SITE}assets/anteprime/f/evento-2023-01-25-nota-24-48-ore.png"
    assert head.image_alt == "Cronologia · 25 gennaio 2023, pomeriggio. Italiaonline promette il ritorno entro 24-48 ore"
    assert head.updated == date(2026, 11, 30)
    assert head.is_fact
    assert (head.card.kicker, head.card.title, head.card.text, head.card.footer) == (
        "Cronologia · 25 gennaio 2023, pomeriggio",
        "Italiaonline promette il ritorno entro 24-48 ore",
        "La società promette di riattivare la posta entro 24-48 ore.",
        "Confermato · Verificato il 30 novembre 2026",
    )


def test_the_cards_of_the_fact_pages_are_known_from_the_data(data: Dataset) -> None:
    # They are drawn while MkDocs builds the pages: each page must then ask for the same card.
    heads = meta.Heads(data)
    pages = [page for page in render_pages(data) if page.path.startswith("f/")]

    assert len(pages) == len(heads.facts)
    expected = heads.fact_cards()
    for page in pages:
        front_matter = yaml.safe_load(page.content.split("---\n")[1])
        head = heads.for_page(
            src_path=page.path, url="", title=front_matter["title"], description=front_matter["description"], updated=front_matter["aggiornato"]
        )
        assert head.card in expected


def test_the_json_ld_of_a_fact_page_cites_its_sources(data: Dataset) -> None:
    head = meta.Heads(data).for_page(
        src_path="f/evento-2023-01-25-nota-24-48-ore.md",
        url=f"{SITE}f/evento-2023-01-25-nota-24-48-ore/",
        title="Italiaonline promette il ritorno entro 24-48 ore",
        description="La società promette di riattivare la posta entro 24-48 ore.",
        updated=None,
    )

    ld = json.loads(head.json_ld)
    assert (ld["@type"], ld["headline"], ld["dateModified"]) == ("Article", "Italiaonline promette il ritorno entro 24-48 ore", "2026-11-30")
    assert ld["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Risolto il problema di Libero e Virgilio",
            "url": "https://www.ilpost.it/2023/01/27/risolto-problemi-libero-virgilio/",
            "publisher": {"@type": "Organization", "name": "Il Post"},
            "inLanguage": "it",
            "datePublished": "2023-01-27",
        }
    ]


def test_the_questions_page_is_a_faq_page_with_every_question(data: Dataset) -> None:
    head = meta.Heads(data).for_page(
        src_path="domande-frequenti.md", url=f"{SITE}domande-frequenti/", title="Domande frequenti", description="Risposte.", updated="2026-11-30"
    )

    ld = json.loads(head.json_ld)
    assert ld["@type"] == "FAQPage"
    assert [q["name"] for q in ld["mainEntity"]] == [f.question for f in data.faqs]
    assert ld["mainEntity"][0]["acceptedAnswer"]["@type"] == "Answer"


def test_a_hand_written_page_without_a_date_takes_the_last_full_check(data: Dataset) -> None:
    head = meta.Heads(data).for_page(src_path="privacy.md", url=f"{SITE}privacy/", title="Privacy", description="Niente cookie.", updated=None)

    assert head.updated == data.site.last_full_check
    assert "citation" not in json.loads(head.json_ld)
    assert not head.is_fact


# Every page of the built real site ----------------------------------------------------------


class _Head(HTMLParser):
    """The head's meta tags (by name and by property), links, title and JSON-LD blocks of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}
        self.properties: dict[str, str] = {}
        self.property_names: list[str] = []
        self.links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self.anchors: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and "name" in values:
            self.names[values["name"]] = values.get("content", "")
        if tag == "meta" and "property" in values:
            self.properties[values["property"]] = values.get("content", "")
            self.property_names.append(values["property"])
        if tag == "link":
            self.links.append(values)
        if tag == "a" and "href" in values:
            self.anchors.append(values["href"])
        self._in_json_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_json_ld = False


def _head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _pages(site: Path) -> list[Path]:
    """Every page a reader can open (the 404 page is not one)."""
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


def _src_path(site: Path, page: Path) -> str:
    folder = page.parent.relative_to(site).as_posix()
    return "index.md" if folder == "." else f"{folder}.md"


@pytest.fixture(scope="module")
def real_data() -> Dataset:
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def heads(built_site: Path) -> dict[Path, _Head]:
    """Every page of the site, parsed once for all the tests below."""
    return {page: _head(page) for page in _pages(built_site)}


def test_every_page_has_a_description_a_canonical_url_and_open_graph_tags(built_site: Path, real_data: Dataset, heads: dict[Path, _Head]) -> None:
    assert len(heads) > len(facts(real_data))
    for page, head in heads.items():
        folder = page.parent.relative_to(built_site).as_posix()
        url = SITE if folder == "." else f"{SITE}{folder}/"
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        src = _src_path(built_site, page)
        assert canonical == [url], page
        assert head.names["description"].strip(), page
        assert head.properties["og:description"] == head.names["description"], page
        assert head.properties["og:url"] == url, page
        assert head.properties["og:locale"] == "it_IT", page
        assert head.properties["og:site_name"] == real_data.site.title, page
        assert head.properties["og:type"] == ("website" if src == "index.md" else "article"), page
        assert head.properties["og:title"].strip(), page
        assert head.properties["og:image"].startswith(f"{SITE}assets/anteprime/"), page
        assert (built_site / head.properties["og:image"].removeprefix(SITE)).is_file(), page
        assert (head.properties["og:image:width"], head.properties["og:image:height"]) == ("1200", "630"), page
        assert head.properties["og:image:alt"].strip(), page


def test_every_page_has_twitter_tags_with_name_not_property(heads: dict[Path, _Head]) -> None:
    for page, head in heads.items():
        assert head.names["twitter:card"] == "summary_large_image", page
        assert head.names["twitter:title"] == head.properties["og:title"], page
        assert head.names["twitter:description"] == head.properties["og:description"], page
        assert head.names["twitter:image"] == head.properties["og:image"], page
        assert [p for p in head.property_names if p.startswith("twitter:")] == [], page


def test_every_page_announces_the_atom_feed(built_site: Path, heads: dict[Path, _Head]) -> None:
    for page, head in heads.items():
        feeds = [link for link in head.links if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, page
        assert (page.parent / feeds[0]["href"]).resolve() == (built_site / "aggiornamenti.xml").resolve(), page


def test_every_page_links_the_updates_and_the_two_issue_forms(built_site: Path, real_data: Dataset, heads: dict[Path, _Head]) -> None:
    repo = real_data.site.repo_url
    for page, head in heads.items():
        assert f"{repo}/issues/new?template=segnala-errore.yml" in head.anchors, page
        assert f"{repo}/issues/new?template=proponi-fonte.yml" in head.anchors, page
        depth = len(page.parent.relative_to(built_site).parts)
        # MkDocs writes the link from the updates page to itself as "./".
        expected = "./" if page.parent == built_site / "aggiornamenti" else "../" * depth + "aggiornamenti/"
        assert expected in head.anchors, page


def test_every_page_says_when_it_was_last_updated(built_site: Path) -> None:
    for page in _pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert 'Ultimo aggiornamento di questa pagina: <time datetime="20' in html, page


def test_every_page_has_one_json_ld_block_of_the_right_type(built_site: Path, real_data: Dataset, heads: dict[Path, _Head]) -> None:
    for page, head in heads.items():
        blocks = head.json_ld
        assert len(blocks) == 1, page
        ld = json.loads(blocks[0])
        src = _src_path(built_site, page)
        assert ld["@context"] == "https://schema.org", page
        assert ld["@type"] == ("FAQPage" if src == "domande-frequenti.md" else "Article"), page
        assert date.fromisoformat(ld["dateModified"]), page
        assert ld["url"] == head.properties["og:url"], page
    faq = json.loads(heads[built_site / "domande-frequenti" / "index.html"].json_ld[0])
    assert len(faq["mainEntity"]) == len(real_data.faqs)


def test_the_timeline_cites_every_source_of_its_records(built_site: Path, real_data: Dataset, heads: dict[Path, _Head]) -> None:
    ld = json.loads(heads[built_site / "cronologia" / "index.html"].json_ld[0])
    cited = {c["url"] for c in ld["citation"]}
    expected = {real_data.sources_by_id[s].url for f in facts(real_data) if f.page == "cronologia.md" for s in f.sources}
    assert cited == expected


def test_every_record_has_its_own_page_that_links_back_to_it(built_site: Path, real_data: Dataset, heads: dict[Path, _Head]) -> None:
    for fact in facts(real_data):
        head = heads[built_site / "f" / fact.anchor / "index.html"]
        assert head.properties["og:title"] == fact.title, fact.anchor
        back = f"../../{fact.page.removesuffix('.md')}/#{fact.anchor}"
        assert back in head.anchors, fact.anchor


def test_the_pages_of_single_facts_are_left_out_of_the_search_and_the_sitemap(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")

    assert [d["location"] for d in index["docs"] if d["location"].startswith("f/")] == []
    assert f"<loc>{SITE}f/" not in sitemap
    assert f"<loc>{SITE}cronologia/</loc>" in sitemap


def test_the_share_rows_are_left_out_of_the_search_and_the_rest_of_each_record_is_in(built_site: Path, real_data: Dataset) -> None:
    # Every record ends with the same row: in the index, a search for "whatsapp" or "link"
    # would find every record of the guide.
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    scam = next(f for f in facts(real_data) if f.prefix == "truffa")
    texts = {d["location"]: d["text"] for d in index["docs"]}

    assert [location for location, text in texts.items() if "Condividi su" in text or "Link a questa scheda" in text] == []
    assert "Fonti:" in texts[f"truffe/#{scam.anchor}"]


def test_each_record_carries_its_share_links(built_site: Path, real_data: Dataset, heads: dict[Path, _Head]) -> None:
    fact = next(f for f in facts(real_data) if f.prefix == "truffa")
    url = f"{SITE}f/{fact.anchor}/"
    title, message, body = quote(fact.title, safe=""), quote(fact.title + "\n" + url, safe=""), quote(fact.title + "\r\n\r\n" + url, safe="")
    links = heads[built_site / "truffe" / "index.html"].anchors

    assert f"../f/{fact.anchor}/" in links
    assert f"https://wa.me/?text={message}" in links
    assert f"https://t.me/share/url?url={quote(url, safe='')}&text={title}" in links
    assert f"mailto:?subject={title}&body={body}" in links
