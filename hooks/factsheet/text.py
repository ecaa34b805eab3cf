"""The small Markdown subset allowed in text fields: checking it and writing it out safely.

Editors may use paragraphs, lists, *emphasis*, **strong** and links to https://,
mailto: or an anchor of the guide (#evento-…). check() names anything else so the
editor can fix it; render() never trusts check() and escapes everything that is not
part of the subset, so no data text can ever become markup, script or an attribute.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote, urlsplit

LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]*)\)")
ANCHOR = re.compile(r"^#([a-z]+-[a-z0-9]+(?:-[a-z0-9]+)*)$")
LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
_RULE = re.compile(r"^\s*([-*_=])(\s*\1){2,}\s*$")

_HOST = re.compile(r"[A-Za-z0-9.-]+(:\d+)?")
# A web address whose host is a _HOST, then a path, query or fragment of printable ASCII, without blanks:
# urlsplit() finds that host as its netloc. Most links are like this.
# The scheme in any ASCII case, as lower() sees it ((?i) would also take a long s for an s).
_PLAIN_WEB = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][!-~]*)?")
_MAILTO = re.compile(r"mailto:[^@\s<>\"']+@[A-Za-z0-9.-]+")
_SCRIPT_SCHEME = re.compile(r"(?i)(java|vb)\s*script\s*:|\bdata\s*:\s*[a-z]+/[a-z]")


def _after_a_blank(text: str, character: str) -> bool:
    """Whether character is somewhere at the start of text or right after a blank (a line break among them).

    A heading's # is, unlike the # of a link to an anchor of the guide.
    """
    found = text.find(character)
    while found >= 0:
        if found == 0 or text[found - 1].isspace():  # isspace() and \s agree on what a blank is
            return True
        found = text.find(character, found + 1)
    return False


def _names_a_scheme(text: str) -> bool:
    """Whether a ":" follows, after blanks, a letter that could end "script" or "data".

    _SCRIPT_SCHEME is slow to search, and can match only there.
    """
    colon = text.find(":")
    while colon >= 0:
        before = colon - 1
        while before >= 0 and text[before].isspace():  # isspace() and \s agree on what a blank is
            before -= 1
        if before >= 0 and text[before] in "tTaA":  # every case of t and a that (?i) matches
            return True
        colon = text.find(":", colon + 1)
    return False


# (pattern, message, test): the pattern can match only where the test is true. The tests
# are plain string searches, much quicker than most of the patterns; tests/test_fast_paths.py
# checks them against the patterns.
_CHECKS: tuple[tuple[re.Pattern[str], str, Callable[[str], bool]], ...] = (
    (
        re.compile(r"<\s*/?\s*[a-zA-Z!?]|<[a-z][a-z0-9+.-]*:", re.I),
        "contiene HTML o un indirizzo tra < >: l'HTML non è ammesso. Per un link scrivi [testo](https://…)",
        lambda text: "<" in text,
    ),
    (
        re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I),
        "contiene un'entità HTML (come &amp;amp; o &amp;#106;): scrivi il carattere normale",
        lambda text: "&" in text,
    ),
    (re.compile(r"!\["), "contiene un'immagine (![…](…)): le immagini non sono ammesse nei testi", lambda text: "![" in text),
    (
        re.compile(r"^\s{0,3}#", re.M),
        "contiene un titolo (una riga che inizia con #): i titoli non sono ammessi nei testi",
        lambda text: _after_a_blank(text, "#"),
    ),
    (re.compile(r"\{[:#.]|\{\s*[a-z-]+\s*="), "contiene un elenco di attributi tra parentesi graffe ({: …}): non è ammesso", lambda text: "{" in text),
    (
        re.compile(r"\{\{|\{%|\$\{"),
        "contiene la sintassi di un modello ({{ … }} o {% … %}): non è ammessa",
        lambda text: "{{" in text or "{%" in text or "${" in text,
    ),
    (
        re.compile(r"^\s*\[[^\]]+\]:", re.M),
        "contiene la definizione di un link ([nome]: indirizzo): scrivi il link per intero, [testo](https://…)",
        lambda text: "]:" in text,
    ),
    (re.compile(r"\[\^"), "contiene una nota a piè di pagina ([^…]): non è ammessa", lambda text: "[^" in text),
    (
        re.compile(r"^\s*(!!!|\?\?\?|:::|--8<--|\|)", re.M),
        "contiene un blocco speciale (!!!, ???, :::, tabelle o inclusioni): non è ammesso",
        lambda text: "|" in text or "!!!" in text or "???" in text or ":::" in text or "--8<--" in text,
    ),
    (re.compile(r"`"), "contiene l'accento grave ` (codice): non è ammesso, usa le virgolette «»", lambda text: "`" in text),
    (_SCRIPT_SCHEME, "contiene un indirizzo javascript:, vbscript: o data:, che non è ammesso", _names_a_scheme),
)
# Each test above, and LINK, needs one of these characters or "::", or _names_a_scheme.
_SUSPECT_CHARACTERS = "<&!#{$[?|`"
_SUSPECT = re.compile(f"[{re.escape(_SUSPECT_CHARACTERS)}]")


def may_have_markup(text: str) -> bool:
    """False for a text that check() surely finds nothing in, and that links nowhere: most texts."""
    if len(text) < 64:
        # One search for the short texts (ids, dates, titles); a regular expression spends
        # more on each character than a plain search for one, which long texts pay for.
        if _SUSPECT.search(text):
            return True
    else:
        for character in _SUSPECT_CHARACTERS:
            if character in text:
                return True
    return "::" in text or _names_a_scheme(text)


def check(text: str) -> list[str]:
    """Italian descriptions of everything in text outside the allowed subset."""
    return review(text)[0]


def review(text: str) -> tuple[list[str], list[str]]:
    """check(text), and the guide anchors (evento-…, without #) that text links to: each link looked at once."""
    if not may_have_markup(text):
        return [], []
    problems = [message for pattern, message, may_match in _CHECKS if may_match(text) and pattern.search(text)]
    anchors = []
    if "](" in text:  # LINK needs it
        for match in LINK.finditer(text):
            target = match.group(2)
            kind = link_kind(target)
            if kind == "anchor":
                anchors.append(target[1:])
            elif kind is None and not _SCRIPT_SCHEME.search(target):
                problems.append(f"contiene un link non ammesso «{target[:80]}»: usa solo https://…, mailto:… oppure un'ancora della guida come #evento-…")
    return problems, anchors


def link_kind(target: str) -> str | None:
    """'web', 'mail' or 'anchor' for an allowed link target, None otherwise.

    An allow-list, decided on the target after removing anything a browser would
    ignore, so javascript: in any spelling (entities, case, blanks) is refused.
    """
    # Printable ASCII with no blank and no & is clean already: the slow scan is for the rest.
    if not (target.isascii() and target.isprintable() and " " not in target and "&" not in target):
        cleaned = "".join(ch for ch in html.unescape(target) if not unicodedata.category(ch).startswith(("C", "Z")))
        if cleaned != target:
            return None
    if ANCHOR.match(target):
        return "anchor"
    if _PLAIN_WEB.fullmatch(target):
        return "web"  # what urlsplit() and the test below say of it, without the cost of urlsplit()
    lowered = target.lower()
    if lowered.startswith(("https://", "http://")):
        try:
            parts = urlsplit(target)
        except ValueError:  # a [ or ] out of place in the host: not an address
            return None
        if parts.netloc and "@" not in parts.netloc and _HOST.fullmatch(parts.netloc):
            return "web"
        return None
    if lowered.startswith("mailto:") and _MAILTO.fullmatch(target):
        return "mail"
    return None


def safe_url(url: str) -> str:
    """url with every character that could end a Markdown link or an attribute percent-encoded.

    The validator only lets web and mail addresses through; should anything else ever reach
    a page (a renderer called on unchecked data), it becomes a link to nowhere, never a script.
    """
    if link_kind(url) not in ("web", "mail"):
        return "#"
    return quote(url, safe="/:?#[]@!$&'*+,;=%-._~").replace("'", "%27")


def escape_inline(text: str, *, keep_emphasis: bool = False) -> str:
    """Plain text made inert for Markdown and HTML (used for titles and labels)."""
    # One line, always: a line break in a heading or a table cell would start a new block.
    out = html.escape(_BLANKS.sub(" ", text), quote=False)
    return out.translate(_KEEP_EMPHASIS if keep_emphasis else _ESCAPE_ALL)


_BLANKS = re.compile(r"\s+")


_ESCAPE_ALL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]{}()!#|<>~^"})
_KEEP_EMPHASIS = str.maketrans({ch: "\\" + ch for ch in "\\`[]{}()!#|<>"})


def render(text: str, resolve: Callable[[str], str]) -> str:
    """Markdown for text, keeping only the allowed subset.

    resolve maps an anchor (evento-…) to the Markdown link target of the page that holds it.
    """
    lines = []
    for raw_line in text.strip().split("\n"):
        line = raw_line.rstrip()
        if not line.strip():
            lines.append("")
            continue
        item = LIST_ITEM.match(line)
        if item:
            indent = "    " * min(len(item.group(1)) // 2, 3)
            marker = "1." if item.group(2)[0].isdigit() else "-"
            lines.append(f"{indent}{marker} {_inline(item.group(3), resolve)}")
            continue
        body = line.strip()
        # A line of --- or === would turn the line above into a heading.
        lines.append(("\\" if _RULE.match(body) else "") + _inline(body, resolve))
    return "\n".join(lines)


def _inline(text: str, resolve: Callable[[str], str]) -> str:
    out = []
    position = 0
    for match in LINK.finditer(text):
        out.append(escape_inline(text[position : match.start()], keep_emphasis=True))
        label, target = match.group(1), match.group(2)
        kind = link_kind(target)
        label_md = escape_inline(label, keep_emphasis=True)
        if kind == "anchor":
            out.append(f"[{label_md}]({resolve(target[1:])})")
        elif kind in ("web", "mail"):
            out.append(f"[{label_md}]({safe_url(target)})")
        else:
            out.append(label_md)
        position = match.end()
    out.append(escape_inline(text[position:], keep_emphasis=True))
    return "".join(out)
