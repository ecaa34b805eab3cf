"""«Posso chiedere un indennizzo?» in a real browser, on the real data: every path of answers,
without JavaScript (plain links between pre-rendered pages) and with it (no reload), on a
phone-sized screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import ROOT
from factsheet import checker
from factsheet.load import load_dataset
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

DATA = load_dataset(ROOT / "data")
assert DATA.checker is not None
CHECKER = DATA.checker
STEPS, RESULTS = checker.walk(CHECKER, DATA.routes)
PHONE = {"width": 360, "height": 740}


def url_of(site_url: str, path: checker.AnswerPath) -> str:
    slug = checker.slug(path)
    return f"{site_url}posso-chiedere/{slug}/" if slug else f"{site_url}posso-chiedere/"


def expected_headings(result: checker.Result) -> list[str]:
    """The h2 and h3 of a result page, in order: the answers, the advice, the routes that fit, the closed ones."""
    given = dict(result.path)
    advice = [a.advice for q in CHECKER.questions if q.id in given for a in q.answers if a.id == given[q.id] and a.advice]
    headings = ["Le tue risposte"]
    if advice:
        headings.append("I nostri consigli")
    headings += ["Le strade da valutare", *(r.title for r in result.routes)] if result.routes else ["Cosa puoi fare"]
    if result.closed:
        headings += ["Le strade che non valgono più", *(r.title for r in result.closed)]
    return headings


def headings(page: Page) -> list[str]:
    return [text.removesuffix("¶").strip() for text in page.locator("article h2, article h3").all_inner_texts()]


def answer(page: Page, label: str) -> None:
    page.locator("a.fs-risposta", has_text=label).click()


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="it-IT", java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="it-IT", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: checker.slug(r.path))
def test_every_path_works_without_javascript(no_js_page: Page, site_url: str, result: checker.Result) -> None:
    page = no_js_page
    page.goto(url_of(site_url, ()))
    for step, (_, label) in enumerate(checker.labels(CHECKER, result.path)):
        answer(page, label)
        expect(page).to_have_url(url_of(site_url, result.path[: step + 1]))

    expect(page.locator("article h1")).to_have_text("Le strade per te¶")
    assert headings(page) == expected_headings(result)


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: checker.slug(r.path))
def test_every_path_works_with_javascript_without_reloading(phone_page: Page, site_url: str, result: checker.Result) -> None:
    page = phone_page
    page.goto(url_of(site_url, ()))
    page.evaluate("window.__stessaPagina = true")
    for step, (_, label) in enumerate(checker.labels(CHECKER, result.path)):
        answer(page, label)
        expect(page).to_have_url(url_of(site_url, result.path[: step + 1]))

    expect(page.locator("article h1")).to_have_text("Le strade per te¶")
    assert headings(page) == expected_headings(result)
    assert page.evaluate("window.__stessaPagina") is True
    assert page.title() == "Il risultato · Posso chiedere un indennizzo? - Libero e Virgilio Mail, il blocco del 2023"


def test_every_step_asks_its_question_without_javascript(no_js_page: Page, site_url: str) -> None:
    asked = []
    for step in STEPS:
        no_js_page.goto(url_of(site_url, step.path))
        heading = "article h2" if not step.path else "article h1"
        asked.append(no_js_page.locator(heading).first.inner_text().removesuffix("¶").strip())
        expect(no_js_page.locator("a.fs-risposta")).to_have_text([a.label for a in step.question.answers])

    assert asked == [step.question.text for step in STEPS]


def test_with_javascript_change_goes_back_to_that_question(phone_page: Page, site_url: str) -> None:
    path = (("blocco", "gennaio"), ("casella", "gratuita"), ("danno", "nessun-danno"))
    phone_page.goto(url_of(site_url, path))
    phone_page.evaluate("window.__stessaPagina = true")

    phone_page.locator("a.fs-cambia").nth(1).click()

    expect(phone_page).to_have_url(url_of(site_url, path[:1]))
    expect(phone_page.locator("article h1")).to_have_text("Che casella avevi a gennaio 2023?¶")
    assert phone_page.evaluate("window.__stessaPagina") is True


def test_with_javascript_the_back_button_returns_to_the_previous_question(phone_page: Page, site_url: str) -> None:
    phone_page.goto(url_of(site_url, ()))
    answer(phone_page, "Il blocco di giugno 2023")
    expect(phone_page).to_have_url(url_of(site_url, (("blocco", "giugno"),)))
    answer(phone_page, "No, ho avuto solo il fastidio")
    expect(phone_page).to_have_url(url_of(site_url, (("blocco", "giugno"), ("danno", "nessun-danno"))))

    phone_page.go_back()

    expect(phone_page).to_have_url(url_of(site_url, (("blocco", "giugno"),)))
    expect(phone_page.locator("article h1")).to_have_text("Il blocco ti ha causato un danno concreto?¶")


def test_with_javascript_the_links_around_the_checker_keep_their_targets(phone_page: Page, site_url: str) -> None:
    # Links within the page (#…) are left alone; every other one must keep its target.
    script = "Array.from(document.querySelectorAll('a[href]:not([href^=\"#\"])')).filter(a => !a.closest('article')).map(a => a.href)"
    phone_page.goto(url_of(site_url, ()))
    before = phone_page.evaluate(script)

    answer(phone_page, "Il blocco di gennaio 2023")
    answer(phone_page, "Gratuita")
    expect(phone_page).to_have_url(url_of(site_url, (("blocco", "gennaio"), ("casella", "gratuita"))))

    assert phone_page.evaluate(script) == before
    assert phone_page.locator("a.md-skip").get_attribute("href") == "#il-blocco-ti-ha-causato-un-danno-concreto"


def test_with_javascript_only_pages_of_the_site_are_requested(phone_page: Page, site_url: str) -> None:
    requested: list[str] = []
    phone_page.on("request", lambda request: requested.append(request.url))
    phone_page.goto(url_of(site_url, ()))
    for label in ("Il blocco di gennaio 2023", "A pagamento", "Sì, ho avuto un altro danno", "Sì, ma non ho avuto risposta"):
        answer(phone_page, label)
    expect(phone_page.locator("article h1")).to_have_text("Le strade per te¶")

    assert [url for url in requested if not url.startswith(site_url)] == []


@pytest.mark.parametrize(
    "path",
    [(), (("blocco", "gennaio"),), (("blocco", "gennaio"), ("casella", "gratuita"), ("danno", "posta-persa"), ("fatto", "reclamo-inviato"))],
    ids=["inizio", "domanda", "risultato"],
)
def test_checker_pages_fit_a_phone_screen(phone_page: Page, site_url: str, path: checker.AnswerPath) -> None:
    phone_page.goto(url_of(site_url, path))

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_answers_are_big_enough_to_tap_on_a_phone(phone_page: Page, site_url: str) -> None:
    phone_page.goto(url_of(site_url, ()))

    boxes = [link.bounding_box() for link in phone_page.locator("a.fs-risposta").all()]

    assert [box is not None and box["height"] >= 44 and box["width"] >= 300 for box in boxes] == [True] * len(CHECKER.questions[0].answers)
