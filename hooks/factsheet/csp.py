"""A Content-Security-Policy for every page, as strict as Material allows.

Material's base template has a few small inline scripts (palette, storage helpers,
tab state). Rather than allow inline script in general, the policy lists the SHA-256
of exactly those scripts on each page: any other inline script, event-handler
attribute or javascript: URL that slipped into a page would be refused by the browser.
Data blocks (JSON-LD, Material's JSON config) are not executed and need no hash.
"""

from __future__ import annotations

import base64
import hashlib
import re

# What Material needs: its own scripts and worker from the site ('self'), inline style
# attributes on its icons and in the palette (style-src 'unsafe-inline'), and data: images
# for the SVG icons set from CSS. Nothing is loaded from another host.
_POLICY = (
    "default-src 'self'; "
    "script-src 'self' {hashes}; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "worker-src 'self' blob:; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'"
)

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' for each executable inline script of the page, in order, without repeats."""
    hashes: list[str] = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs").lower()
        if "src=" in attrs or any(kind in attrs for kind in _DATA_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode("ascii")
        token = f"'sha256-{digest}'"
        if token not in hashes:
            hashes.append(token)
    return hashes


def policy_for(html: str) -> str:
    return _POLICY.format(hashes=" ".join(inline_script_hashes(html))).replace("  ", " ")


def add_policy(html: str) -> str:
    """html with the policy as the first element of <head>, so it covers every script after it."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return re.sub(r"<head>", lambda m: m.group(0) + meta, html, count=1)
