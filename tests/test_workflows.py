"""The GitHub side of the project: workflows, forms, pre-commit, and the weekly link checker.

zizmor runs offline and check-jsonschema uses its vendored schemas: nothing here downloads.
The link checker is tested on its pure parts, plus one real fetch from a server on 127.0.0.1.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from factsheet.load import load_dataset

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent

# The official actions and the commit of each release we use.
PINS = {
    ("actions/checkout", "11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    ("actions/setup-python", "a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"),
    ("actions/upload-artifact", "ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
    ("actions/upload-pages-artifact", "56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    ("actions/deploy-pages", "d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
    ("actions/configure-pages", "983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
}
USES = re.compile(r"^\s*(?:- )?uses: (.*)$", re.M)
PINNED = re.compile(r"^([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")


def load_workflow(name: str) -> dict[Any, Any]:
    value = yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def tool(name: str, *args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / name), *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False)


# Linters ---------------------------------------------------------------------


def test_zizmor_finds_nothing_even_as_an_auditor() -> None:
    result = tool("zizmor", "--offline", "--persona=auditor", "--format=json", "--no-progress", GITHUB, ROOT / ".pre-commit-config.yaml")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_zizmor_as_called_here_does_report_a_careless_workflow(tmp_path: Path) -> None:
    workflow = tmp_path / ".github" / "workflows" / "careless.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n", encoding="utf-8")
    result = tool("zizmor", "--offline", "--persona=auditor", "--format=json", "--no-progress", tmp_path / ".github")
    assert {"artipacked", "excessive-permissions", "unpinned-uses"} <= {finding["ident"] for finding in json.loads(result.stdout)}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_for_github(workflow: Path) -> None:
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", workflow)
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done")


def test_schema_check_as_called_here_rejects_a_workflow_without_jobs(tmp_path: Path) -> None:
    workflow = tmp_path / "broken.yml"
    workflow.write_text("on: push\n", encoding="utf-8")
    assert tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", workflow).returncode == 1


def test_dependabot_config_is_valid() -> None:
    result = tool("check-jsonschema", "--builtin-schema", "vendor.dependabot", GITHUB / "dependabot.yml")
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done")


@pytest.mark.parametrize("form", ["segnala-errore.yml", "proponi-fonte.yml"])
def test_issue_form_is_valid(form: str) -> None:
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", GITHUB / "ISSUE_TEMPLATE" / form)
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done")


def test_issue_chooser_config_is_valid() -> None:
    result = tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done")


def test_dependabot_watches_pip_and_github_actions() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert sorted(update["package-ecosystem"] for update in config["updates"]) == ["github-actions", "pip"]


# Workflow rules ------------------------------------------------------------------


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_the_commit_of_its_release(workflow: Path) -> None:
    uses = USES.findall(workflow.read_text(encoding="utf-8"))
    pins = [PINNED.match(line) for line in uses]
    assert uses != []
    assert [(m.group(1), m.group(2), m.group(3)) in PINS if m else line for m, line in zip(pins, uses, strict=True)] == [True] * len(uses)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_grants_no_permission_at_the_top(workflow: Path) -> None:
    assert load_workflow(workflow.name)["permissions"] == {}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_declares_its_own_permissions(workflow: Path) -> None:
    jobs = load_workflow(workflow.name)["jobs"]
    assert [name for name, job in jobs.items() if not isinstance(job.get("permissions"), dict)] == []


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_leaves_no_credentials_behind(workflow: Path) -> None:
    checkouts = [
        step for job in load_workflow(workflow.name)["jobs"].values() for step in steps_of(job) if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert [step["with"]["persist-credentials"] for step in checkouts] == [False] * len(checkouts)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_limits_concurrent_runs(workflow: Path) -> None:
    assert set(load_workflow(workflow.name)["concurrency"]) == {"group", "cancel-in-progress"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_uses_python_311_on_ubuntu_latest(workflow: Path) -> None:
    jobs = load_workflow(workflow.name)["jobs"]
    for job in jobs.values():
        pythons = [step["with"]["python-version"] for step in steps_of(job) if step.get("uses", "").startswith("actions/setup-python@")]
        assert (job["runs-on"], pythons in ([], ["3.11"])) == ("ubuntu-latest", True)


def test_every_make_target_called_by_a_workflow_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    called = {m for workflow in WORKFLOWS for m in re.findall(r"\bmake ([a-z-]+)", workflow.read_text(encoding="utf-8"))}
    assert sorted(t for t in called if not re.search(rf"^{t}:", makefile, re.M)) == []


def test_checks_install_chromium_then_run_check_test_build_in_this_order() -> None:
    job = load_workflow("controlli.yml")["jobs"]["controlli"]
    runs = [step["run"] for step in steps_of(job) if "run" in step]
    assert ["chromium" in runs[0], *runs[1:]] == [True, "make check", "make test", "make build", "make anteprima"]


def test_chromium_is_installed_from_the_system_packages_like_ci() -> None:
    job = load_workflow("controlli.yml")["jobs"]["controlli"]
    install = next(step["run"] for step in steps_of(job) if "chromium" in step.get("run", ""))
    assert "apt-get install -y -qq chromium" in install


def test_the_budgets_are_checked_on_every_run_with_make_audit() -> None:
    job = load_workflow("controlli.yml")["jobs"]["verifiche"]
    runs = [step["run"] for step in steps_of(job) if "run" in step]
    table = next(step for step in steps_of(job) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert (["chromium" in runs[0], *runs[1:]], table["if"], table["with"]["path"]) == ([True, "make audit"], "always()", "docs/verifiche.md")


def test_pull_requests_get_the_preview_as_an_artifact() -> None:
    job = load_workflow("controlli.yml")["jobs"]["controlli"]
    upload = next(step for step in steps_of(job) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert (upload["if"], upload["with"]["name"], upload["with"]["path"]) == ("github.event_name == 'pull_request'", "anteprima-del-sito", "anteprima/")


def test_main_gets_the_strict_build_as_the_pages_artifact() -> None:
    job = load_workflow("controlli.yml")["jobs"]["controlli"]
    upload = next(step for step in steps_of(job) if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert (upload["if"], upload["with"]["path"]) == ("github.event_name == 'push' && github.ref == 'refs/heads/main'", "site/")


def test_publication_waits_for_the_checks_and_happens_only_from_main() -> None:
    job = load_workflow("controlli.yml")["jobs"]["pubblica"]
    assert (job["needs"], job["if"], job["environment"]["name"]) == (
        ["controlli", "verifiche"],
        "github.event_name == 'push' && github.ref == 'refs/heads/main'",
        "github-pages",
    )


def test_only_publication_may_write_to_pages() -> None:
    jobs = load_workflow("controlli.yml")["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "controlli": {"contents": "read"},
        "verifiche": {"contents": "read"},
        "pubblica": {"pages": "write", "id-token": "write"},
    }


def test_checks_run_on_pull_requests_and_on_pushes_to_main() -> None:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    assert load_workflow("controlli.yml")[True] == {"pull_request": None, "push": {"branches": ["main"]}}


def test_link_check_runs_weekly_and_on_demand() -> None:
    triggers = load_workflow("link-fonti.yml")[True]
    assert (sorted(triggers), len(triggers["schedule"])) == (["schedule", "workflow_dispatch"], 1)


def test_link_check_may_write_issues_and_nothing_else() -> None:
    jobs = load_workflow("link-fonti.yml")["jobs"]
    assert [job["permissions"] for job in jobs.values()] == [{"contents": "read", "issues": "write"}]


def test_link_check_passes_the_token_only_to_the_step_that_needs_it() -> None:
    job = load_workflow("link-fonti.yml")["jobs"]["link"]
    assert [step["run"] for step in steps_of(job) if "GH_TOKEN" in step.get("env", {})] == ["make link-fonti OPZIONI=--aggiorna-segnalazione"]


# pre-commit and yamllint -----------------------------------------------------------


def test_yamllint_with_the_project_config_accepts_data() -> None:
    result = tool("yamllint", "--strict", "--format", "parsable", "--config-file", ROOT / ".yamllint.yml", ROOT / "data")
    assert (result.returncode, result.stdout) == (0, "")


def test_yamllint_with_the_project_config_rejects_a_duplicate_key(tmp_path: Path) -> None:
    broken = tmp_path / "doppio.yml"
    broken.write_text("# yaml-language-server: $schema=../schema/evento.schema.json\nid: a\nid: b\n", encoding="utf-8")
    result = tool("yamllint", "--strict", "--format", "parsable", "--config-file", ROOT / ".yamllint.yml", broken)
    assert (result.returncode, result.stdout) == (1, f'{broken}:3:1: [error] duplication of key "id" in mapping (key-duplicates)\n')


def local_hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]


def test_pre_commit_runs_the_validator_and_yamllint() -> None:
    assert [(hook["id"], hook["entry"]) for hook in local_hooks()] == [
        ("controlla-dati", "env PYTHONPATH=hooks .venv/bin/python -m factsheet check"),
        ("yamllint-dati", ".venv/bin/yamllint --strict --config-file .yamllint.yml"),
    ]


@pytest.fixture
def repository_copy(dataset: Path) -> Path:
    """A repository with the valid fixture as its data/, so the hooks are tested apart from the guide's own data."""
    tmp_path = dataset.parent
    # A copy, not a link: the validator finds data/ next to its own hooks/ folder.
    shutil.copytree(ROOT / "hooks", tmp_path / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".yamllint.yml", tmp_path / ".yamllint.yml")
    (tmp_path / ".venv").symlink_to(BIN.parent)
    return tmp_path


def run_hook(hook: dict[str, Any], repository: Path) -> subprocess.CompletedProcess[str]:
    """Run hook as pre-commit does: `entry` from the repository root, plus the matching files unless pass_filenames is false."""
    files = [p.relative_to(repository).as_posix() for p in sorted((repository / "data").rglob("*")) if p.is_file()]
    matching = [] if hook.get("pass_filenames") is False else [f for f in files if re.search(hook["files"], f)]
    return subprocess.run([*shlex.split(hook["entry"]), *matching], capture_output=True, text=True, cwd=repository, check=False)


@pytest.mark.parametrize("hook", local_hooks(), ids=lambda hook: hook["id"])
def test_pre_commit_hook_passes_on_valid_data(hook: dict[str, Any], repository_copy: Path) -> None:
    result = run_hook(hook, repository_copy)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout


def test_pre_commit_validator_hook_stops_a_commit_of_broken_data(repository_copy: Path) -> None:
    event = repository_copy / "data" / "eventi" / "2023-07-24-istruttoria-agcm.yml"
    event.write_text(event.read_text(encoding="utf-8").replace("categoria: autorità", "categoria: autorita"), encoding="utf-8")
    result = run_hook(local_hooks()[0], repository_copy)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (1, "1 errore nei dati.")


# The link checker ----------------------------------------------------------------


def _import_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_links", GITHUB / "scripts" / "check_links.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look the module up by name while the class is being made.
    sys.modules["check_links"] = module
    spec.loader.exec_module(module)
    return module


links = _import_checker()
ILPOST = "https://www.ilpost.it/2023/01/27/risolto-problemi-libero-virgilio/"
ARCHIVE = "https://web.archive.org/web/2023/https://www.ilpost.it/2023/01/27/risolto-problemi-libero-virgilio/"


@pytest.fixture
def data(dataset: Path) -> Path:
    """conftest's copy of the valid fixture, with an archive copy for one source."""
    source = dataset / "fonti" / "ilpost-risolto.yml"
    source.write_text(source.read_text(encoding="utf-8") + f"archivio_url: {ARCHIVE}\n", encoding="utf-8")
    return dataset


def link(source_id: str, url: str, *, field: str = "url", archive: str | None = None) -> Any:
    return links.Link(source_id=source_id, path=f"data/fonti/{source_id}.yml", field=field, url=url, archive_url=archive)


def test_links_are_every_url_and_archive_url_of_the_sources(data: Path) -> None:
    found = links.collect_links(load_dataset(data))
    assert found == [
        link("agcm-istruttoria", "https://telefoniatech.it/155978-italiaonline-istruttoria-dellantitrust-per-i-disservizi-di-libero-e-virgilio-di-giugno-2023"),
        link("ilgiornale-11-milioni", "https://www.ilgiornale.it/news/attualit/11-milioni-italiani-senza-mail-cosa-sta-succedendo-libero-e-2108222.html"),
        link("ilpost-risolto", ILPOST, archive=ARCHIVE),
        link("ilpost-risolto", ARCHIVE, field="archivio_url"),
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (200, "ok"),
        (204, "ok"),
        (302, "ok"),
        (400, "morto"),
        (401, "da controllare"),
        (403, "da controllare"),
        (404, "morto"),
        (410, "morto"),
        (429, "da controllare"),
        (500, "morto"),
        (503, "morto"),
        (None, "morto"),
    ],
)
def test_verdict_of_status(status: int | None, expected: str) -> None:
    assert links.verdict(links.Outcome(status=status, error=None if status else "timed out")) == expected


def test_each_distinct_url_is_opened_once() -> None:
    opened: list[str] = []

    def fake_fetch(url: str) -> Any:
        opened.append(url)
        return links.Outcome(status=200)

    links.check_all([link("a", ILPOST), link("b", ILPOST), link("c", ARCHIVE)], fake_fetch)
    assert sorted(opened) == sorted([ILPOST, ARCHIVE])


def results(*pairs: tuple[Any, Any]) -> list[Any]:
    return [links.Result(link=lnk, outcome=outcome, verdict=links.verdict(outcome)) for lnk, outcome in pairs]


def test_report_lists_dead_and_doubtful_links_with_their_archive() -> None:
    body = links.render_report(
        results(
            (link("ilpost-risolto", ILPOST, archive=ARCHIVE), links.Outcome(status=404)),
            (link("ilpost-risolto", ARCHIVE, field="archivio_url"), links.Outcome(status=200)),
            (link("agcm-istruttoria", "https://example.org/a|b"), links.Outcome(status=None, error="timed out")),
            (link("ilgiornale-11-milioni", "https://www.ilgiornale.it/x"), links.Outcome(status=403)),
        ),
        today=date(2026, 11, 30),
    )
    assert body == "\n".join(
        [
            "Controllo del 2026-11-30: 4 indirizzi aperti, 2 non funzionano.",
            "",
            "## Link che non funzionano",
            "",
            "Apri ogni link per conferma. Se la pagina è sparita e c'è una copia d'archivio, la guida la mostra già accanto alla fonte.",
            "Se la copia non c'è, cercala su https://web.archive.org/ e scrivila nel campo `archivio_url` del file della fonte.",
            "",
            "| Fonte | File | Campo | Indirizzo | Problema | Copia d'archivio |",
            "| --- | --- | --- | --- | --- | --- |",
            f"| ilpost-risolto | data/fonti/ilpost-risolto.yml | url | {ILPOST} | errore HTTP 404 (pagina non trovata) | {ARCHIVE} |",
            "| agcm-istruttoria | data/fonti/agcm-istruttoria.yml | url | https://example.org/a%7Cb | il sito non risponde (timed out) | non esiste: aggiungila |",
            "",
            "## Da controllare a mano",
            "",
            "Questi siti rifiutano i controlli automatici o chiedono un accesso: la pagina potrebbe funzionare. Aprili dal browser.",
            "",
            "| Fonte | File | Campo | Indirizzo | Problema | Copia d'archivio |",
            "| --- | --- | --- | --- | --- | --- |",
            "| ilgiornale-11-milioni | data/fonti/ilgiornale-11-milioni.yml | url | https://www.ilgiornale.it/x | errore HTTP 403 (accesso negato) | non esiste: aggiungila |",
            "",
            "Questa segnalazione viene aggiornata ogni settimana dal controllo automatico «Controllo dei link delle fonti».",
        ]
    )


def test_report_without_problems_is_two_sentences() -> None:
    body = links.render_report(results((link("ilpost-risolto", ILPOST), links.Outcome(status=200))), today=date(2026, 11, 30))
    assert body == (
        "Controllo del 2026-11-30: 1 indirizzi aperti, 0 non funzionano.\n\n"
        "Questa segnalazione viene aggiornata ogni settimana dal controllo automatico «Controllo dei link delle fonti»."
    )


def issue(number: int, state: str, title: str = links.ISSUE_TITLE) -> dict[str, object]:
    return {"number": number, "state": state, "title": title}


@pytest.mark.parametrize(
    ("issues", "has_dead", "expected"),
    [
        ([], True, ("crea", None)),
        ([], False, ("niente", None)),
        ([issue(7, "OPEN")], True, ("aggiorna", 7)),
        ([issue(7, "OPEN")], False, ("chiudi", 7)),
        ([issue(7, "CLOSED")], True, ("riapri", 7)),
        ([issue(7, "CLOSED")], False, ("niente", None)),
        ([issue(3, "CLOSED"), issue(9, "CLOSED")], True, ("riapri", 9)),
        ([issue(9, "OPEN"), issue(4, "OPEN")], True, ("aggiorna", 4)),
        ([issue(5, "OPEN", title=f"Re: {links.ISSUE_TITLE}")], True, ("crea", None)),
    ],
    ids=["nuova", "niente-da-dire", "aggiorna", "chiude", "riapre", "resta-chiusa", "riapre-la-piu-recente", "aggiorna-la-piu-vecchia", "titolo-diverso"],
)
def test_issue_plan(issues: list[dict[str, object]], has_dead: bool, expected: tuple[str, int | None]) -> None:
    action = links.plan_issue(issues, has_dead=has_dead)
    assert (action.kind, action.number) == expected


class FakeGh:
    """Records gh commands and answers `gh issue list` with the given issues."""

    def __init__(self, issues: list[dict[str, object]]) -> None:
        self.issues = issues
        self.calls: list[tuple[list[str], str | None]] = []

    def __call__(self, command: list[str], stdin: str | None) -> str:
        self.calls.append((command, stdin))
        return json.dumps(self.issues) if command[:3] == ["gh", "issue", "list"] else ""


LIST = (["gh", "issue", "list", "--state", "all", "--limit", "100", "--search", f'in:title "{links.ISSUE_TITLE}"', "--json", "number,title,state"], None)


def test_sync_creates_the_issue_when_there_is_none() -> None:
    gh = FakeGh([])
    links.sync_issue("rapporto", has_dead=True, run=gh)
    assert gh.calls == [LIST, (["gh", "issue", "create", "--title", links.ISSUE_TITLE, "--body-file", "-"], "rapporto")]


def test_sync_updates_the_open_issue_instead_of_opening_another() -> None:
    gh = FakeGh([issue(12, "OPEN")])
    links.sync_issue("rapporto", has_dead=True, run=gh)
    assert gh.calls == [LIST, (["gh", "issue", "edit", "12", "--body-file", "-"], "rapporto")]


def test_sync_reopens_the_closed_issue() -> None:
    gh = FakeGh([issue(12, "CLOSED")])
    links.sync_issue("rapporto", has_dead=True, run=gh)
    assert gh.calls == [LIST, (["gh", "issue", "edit", "12", "--body-file", "-"], "rapporto"), (["gh", "issue", "reopen", "12"], None)]


def test_sync_closes_the_issue_when_every_link_works_again() -> None:
    gh = FakeGh([issue(12, "OPEN")])
    links.sync_issue("rapporto", has_dead=False, run=gh)
    assert gh.calls == [
        LIST,
        (["gh", "issue", "edit", "12", "--body-file", "-"], "rapporto"),
        (["gh", "issue", "close", "12", "--comment", "Tutti i link delle fonti funzionano di nuovo: chiudo la segnalazione."], None),
    ]


def test_command_exits_1_and_prints_the_report_when_a_link_is_dead(data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setattr(links, "fetch", lambda url: links.Outcome(status=404 if url == ILPOST else 200))
    status = links.main(["--dati", str(data)])
    assert (status, capsys.readouterr().out.splitlines()[0]) == (1, "Controllo del " + date.today().isoformat() + ": 4 indirizzi aperti, 1 non funziona.")


def test_command_exits_0_when_every_link_works(data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setattr(links, "fetch", lambda url: links.Outcome(status=200))
    assert links.main(["--dati", str(data)]) == 0


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/sposta":
            self.send_response(301)
            self.send_header("Location", "/pagina")
        else:
            self.send_response(200 if self.path == "/pagina" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.parametrize(("path", "status"), [("/pagina", 200), ("/sposta", 200), ("/sparita", 404)])
def test_fetch_reads_the_final_status_from_a_local_server(local_server: str, path: str, status: int) -> None:
    assert links.fetch(local_server + path, timeout=5, attempts=1) == links.Outcome(status=status)


def test_fetch_reports_a_server_that_does_not_answer(local_server: str) -> None:
    closed = HTTPServer(("127.0.0.1", 0), _Handler)
    port = closed.server_address[1]
    closed.server_close()
    outcome = links.fetch(f"http://127.0.0.1:{port}/", timeout=5, attempts=1)
    assert (outcome.status, outcome.error) == (None, "[Errno 111] Connection refused")
