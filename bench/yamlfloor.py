"""For comparison with `make check`: every data file only read with libyaml, with no check at all.

libyaml is the YAML reader written in C that PyYAML uses. The files are shared out
among the same processes as the check's (factsheet.workers), so that the two times
compare: this is what a check that left reading to a compiled reader would pay
before checking anything. The check itself reads the files with its own reader
(hooks/factsheet/fastyaml.py), faster on the plain YAML that data files use.

Usage: python -m bench.yamlfloor DATA_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from factsheet.load import PARALLEL_MINIMUM
from factsheet.workers import available_cores, map_in_processes


def main(argv: list[str]) -> int:
    if not getattr(yaml, "__with_libyaml__", False):
        print("PyYAML non ha libyaml: non c'è niente da confrontare.", file=sys.stderr)
        return 1
    data = Path(argv[0])
    # The files the check reads: the settings in data/, and one file per record in each folder but the schemas'.
    files = [str(path) for path in sorted(data.glob("*.yml"))]
    files += [str(path) for path in sorted(data.glob("*/*.yml")) if path.parent.name != "schema"]
    map_in_processes(_read, files, processes=available_cores(), minimum=PARALLEL_MINIMUM)
    print(f"Letti {len(files)} file con libyaml.")
    return 0


def _read(path: str) -> None:
    with open(path, "rb") as file:
        yaml.load(file.read(), Loader=yaml.CSafeLoader)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
