"""A static server for the built site that compresses text with gzip, as GitHub Pages does.

The audit measures what a phone downloads, so the responses must be compressed like the
real host's; Python's own http.server sends everything uncompressed. Only 127.0.0.1.
"""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# What GitHub Pages compresses: text formats. Images and fonts are already compressed.
_COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml", "application/manifest+json")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves files from `directory`, gzipped when the client accepts it; 404.html for missing pages."""

    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain class attribute)
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".woff2": "font/woff2",
    }

    prefix = "/"  # the path the site lives under, as in site_url

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class answers with a redirect to the slash
            path = path / "index.html"
        status = HTTPStatus.OK
        if not path.is_file():
            status, path = HTTPStatus.NOT_FOUND, Path(self.directory) / "404.html"
            if not path.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return None
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        if kind.startswith("text/") or kind == "image/svg+xml":
            kind += "; charset=utf-8"
        gzipped = kind.startswith(_COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            # mtime=0: the same file always gives the same bytes.
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        # GitHub Pages sends max-age=600; the audit repeats it so repeat visits behave the same.
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the audit prints its own table; a line per request would bury it


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve site/ on 127.0.0.1 on a free port under prefix; yields the base URL, e.g. http://127.0.0.1:41234/guida/.

    The prefix is site_url's path: the 404 page links its styles from there, as on the real host.
    """
    handler = type("Handler", (GzipHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
