"""The markup fixes: each pass on the exact markup Material writes, and on a page without it."""

from __future__ import annotations

import importlib.util
import re

from conftest import ROOT
from factsheet import html_fixes
from factsheet.csp import add_policy
from hypothesis import given, settings
from hypothesis import strategies as st

BUNDLE = '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'


def test_the_search_dialog_gets_a_name() -> None:
    html = '<div class="md-search" data-md-component="search" role="dialog">\n  <label class="md-search__overlay" for="__search"></label>'

    assert html_fixes.name_search_dialog(html) == (
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Cerca nella guida">\n  <label class="md-search__overlay" for="__search"></label>'
    )


def test_a_named_search_dialog_is_left_alone() -> None:
    html = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Cerca">'

    assert html_fixes.name_search_dialog(html) == html


def test_checkboxes_and_radio_buttons_lose_autocomplete_and_text_boxes_keep_it() -> None:
    html = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
        '<input class="md-option" type="radio" name="__palette" id="__palette_0" autocomplete="off">\n'
        '<input type="text" class="md-search__input" name="query" autocomplete="off">'
    )

    assert html_fixes.drop_autocomplete_on_toggles(html) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
        '<input class="md-option" type="radio" name="__palette" id="__palette_0">\n'
        '<input type="text" class="md-search__input" name="query" autocomplete="off">'
    )


def test_a_label_for_a_missing_control_loses_its_for_and_the_others_keep_it() -> None:
    html = (
        '<input class="md-toggle" type="checkbox" id="__drawer">\n'
        '<label class="md-header__button md-icon" for="__drawer"></label>\n'
        '<label class="md-nav__title" for="__toc">\n  <span class="md-nav__icon md-icon"></span>\n  Indice\n</label>'
    )

    assert html_fixes.unlink_labels_without_control(html) == (
        '<input class="md-toggle" type="checkbox" id="__drawer">\n'
        '<label class="md-header__button md-icon" for="__drawer"></label>\n'
        '<label class="md-nav__title">\n  <span class="md-nav__icon md-icon"></span>\n  Indice\n</label>'
    )


def test_a_page_without_skip_link_gets_one_to_its_title() -> None:
    html = '<div data-md-component="skip">\n      \n    </div>\n<article><h1>Pagina non trovata</h1></article>'

    assert html_fixes.add_missing_skip_link(html) == (
        '<div data-md-component="skip">\n      <a href="#contenuto" class="md-skip">Vai al contenuto</a>\n    </div>\n'
        '<article><h1 id="contenuto">Pagina non trovata</h1></article>'
    )


def test_the_added_skip_link_uses_the_title_s_own_id() -> None:
    html = '<div data-md-component="skip">\n    </div>\n<h1 class="x" id="fonti">Fonti</h1>'

    assert html_fixes.add_missing_skip_link(html) == (
        '<div data-md-component="skip">\n      <a href="#fonti" class="md-skip">Vai al contenuto</a>\n    </div>\n<h1 class="x" id="fonti">Fonti</h1>'
    )


def test_a_page_with_material_s_skip_link_is_left_alone() -> None:
    html = '<div data-md-component="skip">\n  <a href="#fonti" class="md-skip">Vai al contenuto</a>\n</div>\n<h1 id="fonti">Fonti</h1>'

    assert html_fixes.add_missing_skip_link(html) == html


def test_the_menu_script_comes_just_before_material_s_when_the_menu_label_is_there() -> None:
    html = f'<label class="md-header__button md-icon" for="__drawer"><svg></svg></label>\n      {BUNDLE}'

    assert html_fixes.make_menu_button_operable(html) == (
        f'<label class="md-header__button md-icon" for="__drawer"><svg></svg></label>\n      <script>{html_fixes._MENU_BUTTON}</script>\n      {BUNDLE}'
    )


def test_a_page_without_the_menu_label_gets_no_menu_script() -> None:
    assert html_fixes.make_menu_button_operable(BUNDLE) == BUNDLE


def test_a_page_with_a_table_gets_the_table_script_before_material_s() -> None:
    html = f"<table><tr><td>1</td></tr></table>\n      {BUNDLE}"

    assert html_fixes.make_wide_tables_scrollable_by_keyboard(html) == (
        f"<table><tr><td>1</td></tr></table>\n      <script>{html_fixes._WIDE_TABLES}</script>\n      {BUNDLE}"
    )


def test_a_page_without_tables_gets_no_table_script() -> None:
    assert html_fixes.make_wide_tables_scrollable_by_keyboard(BUNDLE) == BUNDLE


def test_the_search_script_comes_just_before_material_s() -> None:
    assert (
        html_fixes.load_search_on_demand(f"<body>\n      {BUNDLE}\n</body>")
        == f"<body>\n      <script>{html_fixes._LAZY_SEARCH}</script>\n      {BUNDLE}\n</body>"
    )


def test_the_scripts_name_no_other_host_and_write_no_markup() -> None:
    for script in (html_fixes._LAZY_SEARCH, html_fixes._MENU_BUTTON, html_fixes._WIDE_TABLES):
        assert "http" not in script
        assert "innerHTML" not in script
        assert "</" not in script


def test_fix_runs_every_pass_in_order() -> None:
    page = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
        '<div data-md-component="skip">\n    </div>\n'
        '<label class="md-header__button md-icon" for="__drawer"></label>\n'
        '<div class="md-search" data-md-component="search" role="dialog">\n'
        f"<h1>Titolo</h1>\n      {BUNDLE}"
    )

    once = html_fixes.fix(page)

    assert once == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
        '<div data-md-component="skip">\n      <a href="#contenuto" class="md-skip">Vai al contenuto</a>\n    </div>\n'
        '<label class="md-header__button md-icon" for="__drawer"></label>\n'
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Cerca nella guida">\n'
        '<h1 id="contenuto">Titolo</h1>\n'
        f"      <script>{html_fixes._MENU_BUTTON}</script>\n"
        f"      <script>{html_fixes._LAZY_SEARCH}</script>\n"
        f'      <script data-bundle="../assets/javascripts/bundle.a5f9d56c.min.js">{html_fixes._BUNDLE_LOADER}</script>'
    )


def test_the_hook_fixes_the_404_page_and_adds_the_policy_but_leaves_the_sitemap_alone() -> None:
    spec = importlib.util.spec_from_file_location("guide_hook_for_fixes", ROOT / "hooks" / "guide.py")
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = '<html><head></head><body><div class="md-search" data-md-component="search" role="dialog"></div></body></html>'
    sitemap = '<?xml version="1.0"?><urlset><url><loc>https://example.org/</loc></url></urlset>'

    fixed = hook.on_post_template(page, template_name="404.html", config=None)

    assert fixed == add_policy(html_fixes.fix(page))
    assert 'aria-label="Cerca nella guida"' in fixed
    assert hook.on_post_template(sitemap, template_name="sitemap.xml", config=None) == sitemap


def test_scripts_at_the_end_of_the_page_are_deferred_in_order_and_others_keep_their_timing() -> None:
    html = (
        '<script src="assets/javascripts/bundle.min.js"></script>\n'
        '<script src="assets/javascripts/condividi.js"></script>\n'
        '<script src="assets/javascripts/async.js" async></script>\n'
        '<script type="module" src="m.js"></script>\n'
        "<script>var inline = 1;</script>"
    )

    assert html_fixes.defer_scripts(html) == (
        '<script src="assets/javascripts/bundle.min.js" defer></script>\n'
        '<script src="assets/javascripts/condividi.js" defer></script>\n'
        '<script src="assets/javascripts/async.js" async></script>\n'
        '<script type="module" src="m.js"></script>\n'
        "<script>var inline = 1;</script>"
    )


SCRIPTS = (
    '<script src="../assets/javascripts/condividi.js"></script>\n'
    '<script src="../assets/javascripts/verifica.js"></script>\n'
    '<script src="../assets/javascripts/lettera.js"></script>'
)


def test_the_checker_and_letter_scripts_stay_only_on_their_own_pages() -> None:
    plain = html_fixes.drop_scripts_the_page_does_not_use("<p>Testo</p>\n" + SCRIPTS)
    checker = html_fixes.drop_scripts_the_page_does_not_use('<div class="fs-verifica" data-verifica hidden></div>\n' + SCRIPTS)
    letter = html_fixes.drop_scripts_the_page_does_not_use('<div class="fs-lettera" data-lettera hidden>\n' + SCRIPTS)

    assert plain == '<p>Testo</p>\n<script src="../assets/javascripts/condividi.js"></script>'
    assert checker.count("<script") == 2
    assert "verifica.js" in checker
    assert "lettera.js" not in checker
    assert letter.count("<script") == 2
    assert "lettera.js" in letter
    assert "verifica.js" not in letter


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "\n", "\t", "\u00a0", "x", "<p>", SCRIPTS, '<script src="a/verifica.js" defer></script>', "verifica.js"]), max_size=12))
def test_a_script_goes_with_the_spaces_before_it_as_the_plain_regex_would_take_them(parts: list[str]) -> None:
    html = "".join(parts)

    expected = re.sub(r'\s*<script src="[^"]*/verifica\.js"[^>]*></script>', "", html)
    assert html_fixes.drop_scripts_the_page_does_not_use(html + "data-lettera") == expected + "data-lettera"


def test_the_bundle_is_replaced_by_its_loader_once_and_other_scripts_stay() -> None:
    html = f'{BUNDLE}\n<script src="../assets/javascripts/condividi.js"></script>'

    assert html_fixes.load_bundle_on_first_interaction(html) == (
        f'<script data-bundle="../assets/javascripts/bundle.a5f9d56c.min.js">{html_fixes._BUNDLE_LOADER}</script>\n'
        '<script src="../assets/javascripts/condividi.js"></script>'
    )
    assert html_fixes.load_bundle_on_first_interaction("<p>Senza bundle</p>") == "<p>Senza bundle</p>"


def test_the_preferred_scheme_is_applied_right_after_the_palette_inputs() -> None:
    form = (
        '<form class="md-header__option" data-md-component="palette">\n'
        '<input class="md-option" data-md-color-media="(prefers-color-scheme: dark)" type="radio" name="__palette" id="__palette_1">\n'
        "</form>"
    )
    html = f"<header>{form}<label>Cerca</label></header>"

    assert html_fixes.apply_preferred_scheme_at_once(html) == f"<header>{form}\n<script>{html_fixes._PREFERRED_SCHEME}</script><label>Cerca</label></header>"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['id="', "x", " ", "\n", "\u00a0", '"', "a", "__toc", "<input ", ">"]), max_size=16))
def test_ids_are_found_as_a_plain_whitespace_regex_finds_them(parts: list[str]) -> None:
    html = "".join(parts)

    assert html_fixes._ID_ANYWHERE.findall(html) == re.findall(r'\sid="([^"]*)"', html)


def test_bare_tables_get_materials_scrolling_boxes_and_others_do_not() -> None:
    html = '<table>\n<tr><td>1</td></tr>\n</table>\n<table class="fs-chart"><tr><td>2</td></tr></table>'

    assert html_fixes.wrap_tables_as_material_does(html) == (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>\n<tr><td>1</td></tr>\n</table></div></div>\n'
        '<table class="fs-chart"><tr><td>2</td></tr></table>'
    )


def test_a_page_with_the_no_js_class_drops_it_from_its_head() -> None:
    html = '<html lang="it" class="no-js"><head><title>T</title></head><body></body></html>'

    assert html_fixes.mark_javascript_available(html) == (
        f'<html lang="it" class="no-js"><head><title>T</title><script>{html_fixes._JS_AVAILABLE}</script>\n</head><body></body></html>'
    )
    assert html_fixes.mark_javascript_available("<head></head>") == "<head></head>"


SHARE = '<p class="fs-share"><a class="fs-permalink" href="../f/{0}/">Link a questa scheda</a></p>'


def record(inner: str) -> str:
    return f'<div class="fs-record" style="--fs-h:{html_fixes.estimated_height(inner)}">{inner}</div>'


def test_each_record_from_its_heading_to_its_share_row_is_marked_and_the_rest_is_not() -> None:
    a = '<h4 id="evento-a">A</h4>\n<p>Testo A</p>\n' + SHARE.format("evento-a")
    b = '<h4 id="evento-b">B</h4>\n<ul><li>B</li></ul>\n' + SHARE.format("evento-b")
    intro = '<h1>Cronologia</h1>\n<p>Introduzione</p>\n<h3 id="giorno-per-giorno">Giorno per giorno</h3>\n'
    chart = '<figure class="fs-chart"></figure>\n'

    assert html_fixes.mark_records(f"{intro}{a}\n{b}\n{chart}") == f"{intro}{record(a)}\n{record(b)}\n{chart}"


def test_a_record_heading_without_its_own_share_row_is_left_as_it_is() -> None:
    # The share row after the next heading is that heading's, not this one's.
    a = '<h2 id="truffa-a">A</h2>\n<p>A</p>\n'
    b = '<h2 id="truffa-b">B</h2>\n' + SHARE.format("truffa-b")
    c = '\n<h2 id="truffa-c">C</h2>'

    assert html_fixes.mark_records(a + b + c) == a + record(b) + c


def test_headings_that_are_not_records_and_pages_without_records_are_untouched() -> None:
    html = f'<h2 id="cosa-vale-oggi">Cosa vale oggi</h2>\n{SHARE.format("x")}\n<h5 id="evento-x">X</h5>\n{SHARE.format("evento-x")}'

    assert html_fixes.mark_records(html) is html


def test_the_estimated_height_grows_with_the_text_and_the_blocks_and_ignores_markup() -> None:
    short = html_fixes.estimated_height("<p>Una riga.</p>")
    longer = html_fixes.estimated_height(f"<p>{'parola ' * 100}</p>")
    more_blocks = html_fixes.estimated_height("<p>Una</p><p>riga.</p>")

    assert short < more_blocks < longer
    assert html_fixes.estimated_height('<p><a href="https://example.org/a/very/long/address">Una riga.</a></p>') == short
    assert html_fixes.estimated_height("<p>&amp;</p>") == html_fixes.estimated_height("<p>&</p>")
