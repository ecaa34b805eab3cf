"""Fixes to Material's page markup that templates cannot reach: a chain of `str -> str` passes.

Each pass repairs one thing that the accessibility checker (axe-core), the HTML validator
(vnu) or the phone budget of `make audit` found in Material's own markup, outside any
block that an override could replace. A pass changes only the exact markup it names and
leaves a page without it untouched, so a future Material that fixes the markup itself
simply makes the pass do nothing; `make audit` says if the problem comes back in another form.
One pass, mark_records, groups our own markup, where Markdown has no cheap way to do it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from .records import PAGE_OF_PREFIX

SEARCH_DIALOG_NAME = "Cerca nella guida"
SKIP_TARGET = "contenuto"
SKIP_TEXT = "Vai al contenuto"
MENU_BUTTON_NAME = "Menu"
WIDE_TABLE_NAME = "Tabella: scorri di lato per vederla tutta"


def fix(html: str) -> str:
    """Every pass below, in order."""
    for step in _PASSES:
        html = step(html)
    return html


def name_search_dialog(html: str) -> str:
    """Material's search overlay has role="dialog" but no name; a screen reader announces just "dialog"."""
    return _SEARCH_DIALOG.sub(rf'\g<0> aria-label="{SEARCH_DIALOG_NAME}"', html, count=1)


def drop_autocomplete_on_toggles(html: str) -> str:
    """autocomplete is not allowed on checkboxes and radio buttons (HTML standard, vnu error).

    Material sets it so that Firefox does not restore an open menu or search after a reload;
    that is a nicety, and invalid markup is not the way to get it.
    """
    return _TOGGLE.sub(lambda match: match.group(0).replace(' autocomplete="off"', ""), html)


def unlink_labels_without_control(html: str) -> str:
    """A <label for> must name a control of the page (vnu error), and Material's may not.

    Material writes the title of the table of contents as <label for="__toc"> even on a page
    whose __toc checkbox it leaves out. Such a label keeps its text and look, without "for".
    """
    ids = set(_ID_ANYWHERE.findall(html))
    return _LABEL_FOR.sub(lambda match: match.group(0) if match.group("target") in ids else match.group("before"), html)


def load_bundle_on_first_interaction(html: str) -> str:
    """Material's bundle runs when the reader first touches, scrolls, moves the pointer or presses a key.

    A reader who only reads never needs it: the text, the links, the menu and the table of
    contents work without it (they are plain links and checkboxes). Run at load, it restyles
    and measures the whole page several times, and on a long page on a slow phone that blocks
    taps for a second or more. Loaded on the first interaction, it is ready a moment later,
    for the search, the theme switch and the rest. It waits for DOMContentLoaded, so the
    loader repeats that event for it when the page has long been parsed.
    A search link (?h=…) needs it at once.
    """
    return _BUNDLE_SCRIPT.sub(rf'<script data-bundle="\g<src>">{_BUNDLE_LOADER}</script>', html, count=1)


def mark_javascript_available(html: str) -> str:
    """The page says at once that JavaScript runs, as Material's bundle would.

    Material's styles hide the search button, among other things, while <html> has the
    class no-js, which the bundle removes when it starts; it now starts on the first
    interaction, and the button must be there to be tapped. The same script marks a page
    opened at one of its records (fs-al-punto), whose records guida.css then lays out at once.
    """
    return html.replace("</head>", f"<script>{_JS_AVAILABLE}</script>\n</head>", 1) if 'class="no-js"' in html else html


def apply_preferred_scheme_at_once(html: str) -> str:
    """The colour scheme the device prefers, set before the page is shown.

    Material's bundle picks the palette that matches prefers-color-scheme; without the
    bundle (it now comes later, see above) a reader in dark mode would see the light
    scheme. Right after the palette's inputs, this applies the matching one, as the bundle
    would, unless the reader chose one (Material keeps the choice in __palette), and shows
    the switch to the other scheme, which the bundle would show too.
    """
    return _PALETTE_FORM.sub(rf"\g<0>\n<script>{_PREFERRED_SCHEME}</script>", html, count=1)


def wrap_tables_as_material_does(html: str) -> str:
    """Each table inside the two boxes Material's bundle puts around it, from the start.

    The bundle wraps every table in a scrolling box when it starts; it now starts on the
    first interaction, and a wide table must scroll sideways (and be reachable by keyboard,
    see below) before that, and without JavaScript too. The bundle still wraps the table
    once more when it starts: guida.css takes that inner pair out of the layout.
    """
    return _BARE_TABLE.sub(r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">\g<0></div></div>', html)


def mark_records(html: str) -> str:
    """Each record of the page, from its heading to its share row, in a <div class="fs-record">.

    guida.css gives the records `content-visibility: auto`: the browser lays out and paints
    only the ones near the screen. On the timeline, the longest page, that takes most of
    the work of showing it off a phone's main thread. Markdown has no block to put around
    a record without md_in_html, which would slow every build; the pass costs one scan.
    A heading without a share row before the next heading is left as it is.
    """
    pieces, end = [], 0
    for heading in _RECORD_HEADING.finditer(html):
        start = heading.start()
        if start < end:  # inside the record just wrapped: cannot happen with our templates
            continue
        share = html.find(_SHARE_ROW, heading.end())
        close = html.find("</p>", share) if share >= 0 else -1
        if close < 0 or _ANY_HEADING.search(html, heading.end(), share):
            continue
        close += len("</p>")
        record = html[start:close]
        pieces += [html[end:start], f'<div class="fs-record" style="--fs-h:{estimated_height(record)}">', record, "</div>"]
        end = close
    if not pieces:
        return html
    pieces.append(html[end:])
    return "".join(pieces)


def estimated_height(record: str) -> int:
    """More than the height of the record on a narrow phone (320 pixels), in pixels at the default text size.

    A record not yet laid out takes this height (guida.css), and must not take less than
    its content: checkers such as Lighthouse's would find its text where the next record,
    or the footer, is. The estimate counts lines of about 30 characters, and blocks.
    """
    text = unescape(_TAG.sub("", record))
    blocks = len(_BLOCK.findall(record))
    return 40 + blocks * 32 + len(text) * 26 // 30


def defer_scripts(html: str) -> str:
    """The scripts at the end of the page stop the parser until each one is downloaded and run.

    With `defer` they download while the page is parsed and run, in the same order, once it
    is parsed and before DOMContentLoaded, which Material's bundle waits for: the text can
    be shown first. Scripts already async, deferred or modules keep their own timing.
    """
    return _PLAIN_SCRIPT.sub(r"\g<open> defer>", html)


def drop_scripts_the_page_does_not_use(html: str) -> str:
    """The claims checker's and the letter builder's scripts, on the pages that have no checker or letter.

    mkdocs.yml lists them for every page, as MkDocs has no per-page scripts; each one
    looks for its own marker and does nothing without it, so elsewhere it is only weight.
    """
    for script, marker in _PAGE_SCRIPTS.items():
        if marker not in html:
            html = _drop_with_the_space_before(_PAGE_SCRIPT_TAGS[script], html)
    return html


def add_missing_skip_link(html: str) -> str:
    """Material writes its "skip to content" link only on pages with a table of contents (not on 404).

    The link then goes to the page's first heading, which gets an id if it has none.
    """
    if _EMPTY_SKIP.search(html) is None:
        return html
    heading = _FIRST_H1.search(html)
    if heading is None:
        return html
    named = _ID.search(heading.group(0))
    if named is None:
        target = SKIP_TARGET
        html = html[: heading.start()] + f'<h1 id="{SKIP_TARGET}"' + html[heading.start() + len("<h1") :]
    else:
        target = named.group(1)
    link = f'<div data-md-component="skip">\n      <a href="#{target}" class="md-skip">{SKIP_TEXT}</a>\n    </div>'
    return _EMPTY_SKIP.sub(lambda _: link, html, count=1)


def make_menu_button_operable(html: str) -> str:
    """On phones the menu opens from a <label>, which the keyboard can neither reach nor press.

    With JavaScript, a small script puts a real button in its place (same look, named "Menu",
    with aria-expanded) that presses the label's checkbox. Without JavaScript the label stays
    and still opens the menu with a tap.
    """
    if _MENU_LABEL.search(html) is None:
        return html
    return _BUNDLE.sub(lambda match: f"<script>{_MENU_BUTTON}</script>\n      {match.group(0)}", html, count=1)


def make_wide_tables_scrollable_by_keyboard(html: str) -> str:
    """A table wider than the screen scrolls sideways in Material's box, which the keyboard cannot reach.

    A small script puts each box that overflows in the tab order, as a named region, so the
    arrow keys scroll it (axe-core: scrollable-region-focusable); Material makes the boxes
    from its own script, so this runs once the page has loaded, and again on resize.
    """
    if "<table" not in html:
        return html
    return _BUNDLE.sub(lambda match: f"<script>{_WIDE_TABLES}</script>\n      {match.group(0)}", html, count=1)


def load_search_on_demand(html: str) -> str:
    """Material fetches the whole search index and starts the search worker on every page load.

    That is most of a first visit's bytes, and most readers never search. This small script,
    run just before Material's, holds back the index request and the worker until the reader
    opens the search (or arrives from a search result, whose words Material highlights).
    """
    return _BUNDLE.sub(lambda match: f"<script>{_LAZY_SEARCH}</script>\n      {match.group(0)}", html, count=1)


_SEARCH_DIALOG = re.compile(r'<div class="md-search" data-md-component="search" role="dialog"(?![^>]*aria-label)')
_TOGGLE = re.compile(r'<input\b[^>]*\btype="(?:checkbox|radio)"[^>]*>')
_LABEL_FOR = re.compile(r'(?P<before><label\b[^>]*?)\s+for="(?P<target>[^"]*)"')
# \sid="…", written so that the regex engine looks for the literal id=" and only then at the
# character before it: a leading \s makes it try every position, ten times slower.
_ID_ANYWHERE = re.compile(r'id="(?<=\sid=")([^"]*)"')
_BUNDLE_SCRIPT = re.compile(r'<script src="(?P<src>[^"]*/javascripts/bundle\.[0-9a-f]+\.min\.js)"(?: defer)?></script>')
_PALETTE_FORM = re.compile(r'<form class="md-header__option" data-md-component="palette">.*?</form>', re.S)
_BARE_TABLE = re.compile(r"<table>.*?</table>", re.S)
_PLAIN_SCRIPT = re.compile(r'(?P<open><script src="[^"]*")>(?=</script>)')
# Each page script, and the markup without which it has nothing to do.
_PAGE_SCRIPTS = {"verifica.js": "data-verifica", "lettera.js": "data-lettera"}
_PAGE_SCRIPT_TAGS = {script: re.compile(rf'<script src="[^"]*/{re.escape(script)}"[^>]*></script>') for script in _PAGE_SCRIPTS}
_EMPTY_SKIP = re.compile(r'<div data-md-component="skip">\s*</div>')
_FIRST_H1 = re.compile(r"<h1\b[^>]*>")
_ID = re.compile(r'\sid="([^"]*)"')
_MENU_LABEL = re.compile(r'<label class="md-header__button md-icon" for="__drawer">')
_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')

# Runs before Material's bundle. Material asks for search/search_index.json with XMLHttpRequest
# and creates its search worker with `new Worker(url)`; both wait here until `start()`.
_LAZY_SEARCH = (
    "(function(){"
    'var toggle=document.getElementById("__search"),started=/[?&]h=/.test(location.search),queue=[];'
    "function start(){if(!started){started=true;queue.splice(0).forEach(function(go){go()})}}"
    "function later(go){started?go():queue.push(go)}"
    'if(toggle)toggle.addEventListener("change",function(){if(toggle.checked)start()});'
    'document.addEventListener("focusin",function(e){if(e.target.closest&&e.target.closest(".md-search"))start()});'
    "var open=XMLHttpRequest.prototype.open,send=XMLHttpRequest.prototype.send;"
    "XMLHttpRequest.prototype.open=function(method,url){"
    'this.__index=/\\/search\\/search_index\\.json$/.test(String(url).split("?")[0]);return open.apply(this,arguments)};'
    "XMLHttpRequest.prototype.send=function(){var xhr=this,args=arguments;"
    "if(!xhr.__index)return send.apply(xhr,args);later(function(){send.apply(xhr,args)})};"
    "var RealWorker=window.Worker;"
    "window.Worker=function(url,options){"
    'if(String(url).indexOf("/workers/search.")<0)return new RealWorker(url,options);'
    "var worker=null,listeners=[];"
    "function real(){if(!worker){worker=new RealWorker(url,options);"
    "listeners.forEach(function(l){worker.addEventListener(l[0],l[1],l[2])})}return worker}"
    "return{"
    "addEventListener:function(t,f,o){listeners.push([t,f,o]);if(worker)worker.addEventListener(t,f,o)},"
    "removeEventListener:function(t,f,o){listeners=listeners.filter(function(l){return l[0]!==t||l[1]!==f});"
    "if(worker)worker.removeEventListener(t,f,o)},"
    "postMessage:function(m,x){real().postMessage(m,x)},"
    "terminate:function(){if(worker)worker.terminate()}}}"
    "})();"
)

# The button keeps the label's classes and icon (Material's styles apply) plus fs-menu, which
# guida.css hides where Material hides the label: on wide screens, where the menu is always open.
_MENU_BUTTON = (
    "(function(){"
    'var label=document.querySelector(\'label.md-header__button[for="__drawer"]\'),drawer=document.getElementById("__drawer");'
    "if(!label||!drawer)return;"
    'var button=document.createElement("button");button.type="button";button.className=label.className+" fs-menu";'
    f'button.setAttribute("aria-label","{MENU_BUTTON_NAME}");button.setAttribute("aria-expanded","false");'
    "while(label.firstChild)button.appendChild(label.firstChild);"
    'button.addEventListener("click",function(){drawer.click()});'
    'drawer.addEventListener("change",function(){button.setAttribute("aria-expanded",String(drawer.checked))});'
    "label.replaceWith(button)"
    "})();"
)

# Material wraps the tables from its own script: the boxes exist once the page has loaded.
_WIDE_TABLES = (
    "(function(){"
    "function mark(){"
    'document.querySelectorAll(".md-typeset__scrollwrap").forEach(function(box,i,all){'
    "if(box.scrollWidth>box.clientWidth){"
    'if(!box.hasAttribute("tabindex")){box.tabIndex=0;box.setAttribute("role","region");'
    # Two regions may not share a name (axe-core: landmark-unique): number them when there are several.
    f'box.setAttribute("aria-label","{WIDE_TABLE_NAME}"+(all.length>1?" "+(i+1):""))}}'
    '}else if(box.getAttribute("role")==="region"){box.removeAttribute("tabindex");box.removeAttribute("role");box.removeAttribute("aria-label")}'
    "})}"
    'window.addEventListener("load",mark);window.addEventListener("resize",mark)'
    "})();"
)


def _drop_with_the_space_before(tag: re.Pattern[str], html: str) -> str:
    """re.sub(r"\\s*" + tag.pattern, "", html), without making the regex engine try \\s* at every character of the page.

    Each match of tag loses the whitespace just before it too, back to the previous match.
    """
    pieces, end = [], 0
    for match in tag.finditer(html):
        start = match.start()
        while start > end and html[start - 1].isspace():  # exactly the characters \s matches
            start -= 1
        pieces.append(html[end:start])
        end = match.end()
    pieces.append(html[end:])
    return "".join(pieces)


_BUNDLE_LOADER = (
    "(function(){"
    'var src=document.currentScript.getAttribute("data-bundle"),'
    'events=["pointerdown","pointermove","touchstart","keydown","wheel","scroll","focusin"],'
    "parsed=false,started=false,live=false,key=null,changed=[];"
    'document.addEventListener("DOMContentLoaded",function(){parsed=true},{once:true});'
    # What the reader did before the bundle listened reaches it too: the key ("/" opens the
    # search) and the changed inputs (a tap on the scheme switch selects the other scheme).
    'document.addEventListener("change",function(event){if(!live)changed.push(event.target)},true);'
    "function replay(){live=true;"
    'if(key)dispatchEvent(new KeyboardEvent("keydown",{key:key,bubbles:true,cancelable:true}));'
    'changed.forEach(function(input){input.dispatchEvent(new Event("change",{bubbles:true}))})}'
    "function load(event){if(started)return;started=true;"
    'if(event&&event.type==="keydown")key=event.key;'
    "events.forEach(function(type){removeEventListener(type,load,true)});"
    'var script=document.createElement("script");script.src=src;'
    # Loaded before the page was parsed, the bundle gets the real event.
    'script.onload=function(){if(parsed){document.dispatchEvent(new Event("DOMContentLoaded"));replay()}'
    'else document.addEventListener("DOMContentLoaded",replay,{once:true})};'
    "document.body.appendChild(script)}"
    "events.forEach(function(type){addEventListener(type,load,{capture:true,passive:true})});"
    "if(/[?&]h=/.test(location.search))load()"
    "})();"
)

# A page opened at one of its records (a shared link, a search result) lays out every record
# at once: it lands exactly on that record, not where the estimated heights above it put it.
_JS_AVAILABLE = '(function(c){c.replace("no-js","js");if(location.hash)c.add("fs-al-punto")})(document.documentElement.classList)'

_PREFERRED_SCHEME = (
    "(function(){"
    'var inputs=document.querySelectorAll("[data-md-component=palette] input[data-md-color-media]"),'
    'stored=__md_get("__palette"),index=stored&&typeof stored.index==="number"?stored.index:-1;'
    "if(index<0){"
    "for(var i=0;i<inputs.length&&index<0;i++)"
    'if(matchMedia(inputs[i].getAttribute("data-md-color-media")).matches)index=i;'
    "if(index<0)return;"
    '["media","scheme","primary","accent"].forEach(function(key){'
    'var value=inputs[index].getAttribute("data-md-color-"+key);if(value)document.body.setAttribute("data-md-color-"+key,value)})}'
    # The switch to the other scheme shows, as the bundle would show it: the label after the
    # current input. A tap on it loads the bundle, which applies the scheme it selects.
    "var input=inputs[index],label=input&&input.nextElementSibling;"
    'if(!input)return;input.checked=true;if(label&&label.tagName==="LABEL")label.hidden=false'
    "})();"
)

_RECORD_HEADING = re.compile(rf'<h[2-4] id="(?:{"|".join(PAGE_OF_PREFIX)})-[^"]*"')
_SHARE_ROW = '<p class="fs-share"'  # whatever attributes follow the class
_TAG = re.compile(r"<[^>]*>")
_BLOCK = re.compile(r"<(?:p|li|h[1-6]|tr|div|table|ul|ol|blockquote|figure)[\s>]")
_ANY_HEADING = re.compile(r"<h[1-6][ >]")

_PASSES: tuple[Callable[[str], str], ...] = (
    name_search_dialog,
    drop_autocomplete_on_toggles,
    unlink_labels_without_control,
    add_missing_skip_link,
    make_menu_button_operable,
    make_wide_tables_scrollable_by_keyboard,
    load_search_on_demand,
    drop_scripts_the_page_does_not_use,
    mark_javascript_available,
    apply_preferred_scheme_at_once,
    wrap_tables_as_material_does,
    mark_records,
    load_bundle_on_first_interaction,
    defer_scripts,
)
