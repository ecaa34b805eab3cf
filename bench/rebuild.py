"""The rebuild after an edit, as `mkdocs serve` does it, without the server.

`mkdocs serve` keeps one process: it builds once, then on every change it loads
the configuration again and rebuilds the whole site into a temporary folder
(mkdocs/commands/serve.py, `builder`). This does the same steps in the same
order: one first build, then for each edit it changes one line of one file,
rebuilds and checks that the new text reached the page. It prints the times
(wall and CPU) of the first build and of each rebuild, as JSON.

Not timed: the file watcher's wait before a rebuild (a fixed fraction of a
second, whatever the size of the guide) and the reload in the browser.

python -m bench.rebuild CONFIG FILE TEXT PAGE TIMES
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import _serve_url

DEV_ADDRESS = ("127.0.0.1", 8000)


def main(argv: list[str]) -> int:
    config_file, edited, text, page, times = argv
    # MkDocs reports a failed build only through its log.
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s - %(message)s", stream=sys.stderr)
    target, original = Path(edited), Path(edited).read_text(encoding="utf-8")
    if original.count(text) != 1:
        print(f"{edited}: the text to change must occur exactly once: {text!r}", file=sys.stderr)
        return 1
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def get_config() -> MkDocsConfig:
        return load_config(config_file=config_file, site_dir=site_dir)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    serve_url = _serve_url(*DEV_ADDRESS, urlsplit(config.site_url or "/").path)

    def builder(config: MkDocsConfig | None = None) -> None:
        if config is None:
            config = get_config()
        config.site_url = serve_url
        build(config, serve_url=serve_url, dirty=False)

    builds: list[dict[str, float]] = []
    try:
        for number in range(int(times) + 1):
            changed = f"{text} (modifica {number})"
            if number:
                target.write_text(original.replace(text, changed), encoding="utf-8", newline="\n")
            start, start_cpu = time.perf_counter(), time.process_time()
            builder(None if number else config)
            builds.append({"seconds": time.perf_counter() - start, "cpu": time.process_time() - start_cpu})
            if number and changed not in (Path(site_dir) / page).read_text(encoding="utf-8"):
                print(f"the rebuilt {page} does not carry the change {changed!r}", file=sys.stderr)
                return 1
    finally:
        target.write_text(original, encoding="utf-8", newline="\n")
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    print(json.dumps(builds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
