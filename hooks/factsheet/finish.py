"""The last touches to every built page: the markup fixes, then the Content-Security-Policy.

The markup fixes come first: the policy must hash the inline scripts they add.

A build hands the pages to a PageFinisher, which has them finished by the build's
background process (background.py): MkDocs writes each page as it comes from the
template, and the background process reads it back and writes the finished page
over it, so the page itself never has to be sent there. It also notes the classes
the finished pages use, so that trim_theme() need not read them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path

from .background import Background
from .csp import add_policy
from .html_fixes import fix
from .stylesheets import Scan

# Pages per background task.
_BATCH = 16


def finish(html: str) -> str:
    """The page as it is published."""
    return add_policy(fix(html))


def finish_files(paths: Sequence[str]) -> Scan:
    """Finish the pages MkDocs wrote at paths, in place (a task of the background process)."""
    scan = Scan()
    for path in paths:
        file = Path(path)
        page = finish(file.read_text(encoding="utf-8"))
        # As MkDocs writes a page; the characters it had to replace were replaced when it wrote it.
        file.write_bytes(page.encode("utf-8", errors="xmlcharrefreplace"))
        scan.add(path, page)
    return scan


class PageFinisher:
    """Has the pages finished by the background process once MkDocs has written them.

    MkDocs writes a page just after on_post_page returns it, so a page is handed over
    when the next one comes (or with done(), after the last): the background process
    always reads MkDocs' own version and writes the finished one over it.
    """

    def __init__(self, background: Background) -> None:
        self.background = background
        self._latest: str | None = None
        self._written: list[str] = []
        self._tasks: list[Future[Scan]] = []

    def add(self, html: str, path: str) -> None:
        """A page that MkDocs is about to write at path, as html (unless html is blank: MkDocs skips it)."""
        self._hand_over(at_least=_BATCH)
        if html.strip():
            self._latest = path

    def done(self) -> None:
        """MkDocs has written the last page: hand over the rest."""
        self._hand_over(at_least=1)

    def scan(self) -> Scan:
        """What the finished pages use; only once the background process is done."""
        scan = Scan()
        for task in self._tasks:
            scan.update(task.result())
        return scan

    def _hand_over(self, *, at_least: int) -> None:
        if self._latest is not None:
            self._written.append(self._latest)
            self._latest = None
        if len(self._written) >= at_least:
            self._tasks.append(self.background.submit(finish_files, self._written))
            self._written = []
