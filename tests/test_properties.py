"""Property-based: whatever bytes an editor saves, the loader answers with a dataset or with file:line problems, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import make_dataset
from factsheet.yamlsource import read_yaml
from hostile import load_problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TARGET = "eventi/2023-01-25-nota-24-48-ore.yml"

# Characters that matter to YAML and to the Markdown subset, mixed with ordinary text.
_YAML_ALPHABET = st.sampled_from([*" \n\t:-[]{}#&*!|>'\"%@`,?", "ò", "\u00a0", "\ufeff", "\x00", "a", "1"])
yaml_like = st.text(alphabet=_YAML_ALPHABET, max_size=200) | st.text(max_size=200)


def assert_well_formed(problems: list[object]) -> None:
    for problem in problems:
        assert isinstance(problem.path, str)  # type: ignore[attr-defined]
        assert problem.path  # type: ignore[attr-defined]
        assert problem.line >= 1  # type: ignore[attr-defined]
        assert problem.column >= 1  # type: ignore[attr-defined]
        assert problem.message.strip()  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=400) | yaml_like.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_read_yaml_never_raises(raw: bytes) -> None:
    source, problems = read_yaml(raw, "data/x.yml")

    assert (source is None) == bool(problems)
    assert_well_formed(list(problems))


_SEED = Path(__file__).resolve().parent / "fixtures" / "valido" / TARGET
_LINES = _SEED.read_text(encoding="utf-8").split("\n")


@st.composite
def mutated_record(draw: st.DrawFn) -> str:
    """The valid event file with a few lines deleted, duplicated, or replaced by arbitrary text."""
    lines = list(_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "insert"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "replace":
            lines[index] = draw(yaml_like)
        else:
            lines.insert(index, draw(yaml_like))
    return "\n".join(lines)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_record())
def test_any_edit_validates_or_gives_file_line_problems(text: str, tmp_path_factory: object) -> None:
    folder = Path(tmp_path_factory.mktemp("dati"))  # type: ignore[attr-defined]
    data = make_dataset(folder)
    (data / TARGET).write_bytes(text.encode("utf-8", "surrogatepass"))

    problems = load_problems(data)
    shutil.rmtree(folder)

    assert_well_formed(problems)
    assert all(p.path.startswith("data/") for p in problems)
