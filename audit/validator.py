"""The Nu Html Checker (vnu.jar, the W3C validator) on every page of the built site."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True, kw_only=True, slots=True)
class HtmlError:
    file: str  # relative to the site folder
    line: int
    message: str


def validate(site: Path, jar: Path, java: str = "java") -> list[HtmlError]:
    """Every error vnu finds in site/**/*.html (warnings are left out, as --errors-only asks)."""
    pages = sorted(str(page) for page in site.rglob("*.html"))
    result = subprocess.run(  # noqa: S603 (our own command line, no shell)
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    # vnu writes its JSON report to stderr; exit status 1 only means "errors found".
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu.jar non ha prodotto un rapporto (uscita {result.returncode}):\n{result.stderr[-2000:]}") from None
    errors = []
    for message in report["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        file = path.relative_to(site.resolve()).as_posix() if path.is_relative_to(site.resolve()) else str(path)
        errors.append(HtmlError(file=file, line=int(message.get("lastLine", 0)), message=message["message"]))
    return errors
