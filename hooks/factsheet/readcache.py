"""What checking each data file on its own found, kept from one `make check` to the next.

Checking a file on its own (its YAML, its first line, its schema, its texts, its record)
is most of the work of a check, and between two checks almost every file is the same.
The command line keeps each valid file's result in .cache/controllo-dati/, with the
file's size, times and inode, and uses it again while they are unchanged and the engine
is the same: this package's code, the schemas, Python and PyYAML. A file with any problem
is always read again, so messages never come from the cache. The checks across files
(references, ids, states of service) always run on every record.

As in git's index, a file changed twice within the same tick of the clock could look
unchanged: a result is used only for a file that had not changed for a few seconds when
the check that read it began.

Keeping costs almost nothing: each process of a check writes what it read as it is, since
it pickles its results anyway to send them; after an edit, a check adds a small part.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from . import workers

# What identifies a version of a file without reading it: size, modification and change
# times (in nanoseconds), inode and device.
Stamp = tuple[int, int, int, int, int]

# A file whose last change (ctime, which no program can set back) is more recent than this
# when the check begins is read again next time, whatever its times say.
SETTLED_NS = 2_000_000_000
# Changes whenever the layout of the cache changes.
_LAYOUT = b"1"


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def engine_fingerprint(schema_folder: Path) -> str:
    """Changes whenever anything that decides a file's result may have changed."""
    digest = hashlib.blake2b(_LAYOUT, digest_size=16)
    for part in (sys.version, sys.platform, yaml.__version__, str(getattr(yaml, "__with_libyaml__", False))):
        digest.update(part.encode() + b"\0")
    package = Path(__file__).parent
    for path in (*sorted(package.glob("*.py")), *sorted(package.glob("*.json")), *sorted(schema_folder.glob("*.json"))):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ReadCache:
    """The kept results for one data folder, by file name as shown in messages.

    The cache is a series of parts, each written by one process of one run with the files
    it read: a later part's version of a file replaces an earlier one. A run that reads a
    few files adds a small part; parts left with little in use are merged into a new one.
    """

    def __init__(self, folder: Path, fingerprint: str, started_ns: int) -> None:
        """folder: where the cache is kept; started_ns: when this run began (time.time_ns())."""
        self.folder = folder
        self.fingerprint = fingerprint
        self.started_ns = started_ns
        self.entries: dict[str, tuple[Stamp, Any]] = {}
        # The parts read, with the files each holds, and those of no use (another engine, damaged).
        self._parts: list[tuple[Path, list[str]]] = []
        self._useless: list[Path] = []
        self._from: dict[str, int] = {}
        for path in sorted(folder.glob("*.pickle")) if folder.is_dir() else ():
            self._read_part(path)

    def _read_part(self, path: Path) -> None:
        try:
            with path.open("rb") as stream:
                header = pickle.load(stream)  # noqa: S301 - written by this module, in the project's own folder
                if not (isinstance(header, tuple) and len(header) == 3 and header[0] == self.fingerprint):
                    self._useless.append(path)  # written by another engine
                    return
                _, started_ns, displays = header
                pairs = list(zip(displays, pickle.load(stream), strict=True))  # noqa: S301 - as above
        except OSError:
            # Removed meanwhile by another run, or unreadable: the files are read again, and
            # writing the new part reports what stands in the way.
            return
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError):
            self._useless.append(path)  # damaged: a disk full while it was written, say
            return
        number = len(self._parts)
        self._parts.append((path, displays))
        settled_before = started_ns - SETTLED_NS
        for display, entry in pairs:
            stamp, result = entry
            if result[0] and not result[2] and stamp[2] < settled_before:
                self.entries[display] = entry
                self._from[display] = number
            else:
                # A file with problems, or changed just before that run: read again next time.
                self.entries.pop(display, None)
                self._from.pop(display, None)

    def lookup(self, display: str, path: str) -> tuple[Stamp, Any] | None:
        """The kept stamp and result of the file, if the file is unchanged since."""
        entry = self.entries.get(display)
        if entry is None:
            return None
        try:
            current = stamp_of(os.stat(path))
        except OSError:
            return None  # gone since it was listed: reading it reports the problem
        return entry if entry[0] == current else None

    def keep(self, displays: Sequence[str], data: bytes) -> None:
        """Add a part: the files read by one process of this run, and their (stamp, result) pairs pickled by workers.dumps."""
        header = pickle.dumps((self.fingerprint, self.started_ns, list(displays)), protocol=pickle.HIGHEST_PROTOCOL)
        self._write(self.folder / f"{self.started_ns:020d}-{os.getpid()}.pickle", header + data)

    def tidy(self, displays: Sequence[str], read_again: Sequence[str]) -> None:
        """After the parts of this run are kept: remove the parts no longer of use.

        displays are the files of this run, read_again those it read. A part none of whose
        files is still in use goes; when the parts hold much more than what is in use, the
        files still taken from older parts are merged into one new part, and the older parts go:
        that takes a while (it pickles those results again), but only after most files changed.
        """
        present = set(displays) - set(read_again)
        in_use = [0] * len(self._parts)
        for display in present:
            number = self._from.get(display)
            if number is not None:
                in_use[number] += 1
        stored = sum(len(files) for _, files in self._parts)
        removed = [*self._useless, *(path for (path, _), used in zip(self._parts, in_use, strict=True) if not used)]
        merged: list[str] = []
        if stored > 2 * sum(in_use) + _SLACK:
            merged = sorted(d for d in present if d in self._from)
            removed = [*self._useless, *(path for path, _ in self._parts)]

        if merged:
            # Named as older than any part of this run, whose versions come after it.
            header = pickle.dumps((self.fingerprint, self.started_ns, merged), protocol=pickle.HIGHEST_PROTOCOL)
            self._write(self.folder / f"{self.started_ns - 1:020d}-{os.getpid()}.pickle", header + workers.dumps([self.entries[d] for d in merged]))
        for path in removed:
            path.unlink(missing_ok=True)

    def _write(self, target: Path, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Written aside, then renamed: a check running at the same time reads either part whole.
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
        except OSError as error:
            # The check itself is done and right: only the next one will take longer.
            print(
                f"Attenzione: non sono riuscito a salvare i risultati del controllo in {self.folder} ({error}). "
                "I dati sono stati controllati lo stesso: il prossimo controllo sarà solo più lento.",
                file=sys.stderr,
            )


# Parts may hold this many results no longer in use before they are merged.
_SLACK = 1000
