"""Problems found in the data, printed compiler-style for editors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True, slots=True, order=True)
class Problem:
    """One problem in one data file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def github(self) -> str:
        """The GitHub Actions workflow command that annotates the pull request."""
        # Workflow commands need %, CR and LF escaped, and , : in properties.
        msg = _escape_data(self.message)
        path = _escape_property(self.path)
        return f"::error file={path},line={self.line},col={self.column},title=Dati non validi::{msg}"


class DataError(Exception):
    """Raised with every problem found, never with only the first one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(report(self.problems))


def report(problems: list[Problem]) -> str:
    """The whole report: one line per problem, then the count."""
    lines = [str(p) for p in problems]
    lines.append(count_line(len(problems)))
    return "\n".join(lines)


def count_line(n: int) -> str:
    return "1 errore nei dati." if n == 1 else f"{n} errori nei dati."


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
