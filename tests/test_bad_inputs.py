"""The bad-input corpus (tests/bad_inputs/cases.yaml): every mistake is reported with file:line.

Each case copies the fixture project, drops in its one file and checks the report twice:
through the loaders (``load_project`` and ``compute_statistics``, as ``gta validate`` does), and
through the CLI (exit code 1, the located message, no traceback; warnings exit 0 unless
``--strict``). Cases marked ``build`` go through ``gta build`` too, and cases marked ``accepted``
are valid input that must build (or validate) with no problem at all.

Every CLI run is watched through Python's audit hooks: it must read nothing outside the project
(the corpus places its "outside" files next to the project copy), write nothing outside it, and
run no command.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from gta.errors import GtaError, Problem
from gta.yamlio import load_yaml

TESTS_DIR = Path(__file__).resolve().parent
FIXTURE_PROJECT = TESTS_DIR / "fixtures" / "project"
BAD_INPUTS = TESTS_DIR / "bad_inputs"


@dataclass(frozen=True)
class Case:
    case: str
    about: str
    replaces: str
    at: str = ""
    message: str = ""
    hint: str = ""
    severity: str = "error"
    strict: bool = False
    others: bool = False
    folder: str = ""
    accepted: bool = False  # valid input: no problem at all, and (with build) the report shows `shows`
    build: bool = False  # also through `gta build --format html`
    shows: str = ""  # text the built report.html must contain (accepted cases)
    link: bool = False  # `replaces` becomes a link to the case file, kept outside the project
    new: bool = False  # `replaces` is not a file of the fixture project

    @property
    def bad_file(self) -> Path:
        return BAD_INPUTS / (self.folder or self.case) / Path(self.replaces).name

    @property
    def fails(self) -> bool:
        return not self.accepted and (self.severity == "error" or self.strict)

    def matches(self, problem: Problem) -> bool:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        return where == self.at and problem.message.startswith(self.message) and self.hint in problem.hint


CASES = [Case(**entry) for entry in load_yaml(BAD_INPUTS / "cases.yaml")["cases"]]


def prepare(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build: Path | None = None) -> Path:
    """A copy of the fixture project with the case's file in place, as the working directory.

    A linked case's file goes to ``tmp_path/outside/`` and the project gets a link to it there.
    ``build`` is a last good build to start from (its charts are reused, so only what changed is rebuilt).
    """
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    if build is not None:
        shutil.copytree(build, project / "build")
    target = project / case.replaces
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file():
        target.unlink()
    if case.link:
        outside = tmp_path / "outside" / case.bad_file.name
        outside.parent.mkdir()
        shutil.copyfile(case.bad_file, outside)
        target.symlink_to(outside)
    elif case.bad_file.is_dir():
        shutil.copytree(case.bad_file, target)
    else:
        shutil.copyfile(case.bad_file, target)
    monkeypatch.chdir(project)  # problems then read "sources/...:line", as a user sees them
    return project


def check(project: Path, strict: bool = False) -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings from checking everything a build checks (gta validate's library call)."""
    from gta.build import validate_project

    try:
        report = validate_project(project, strict=strict)
    except GtaError as exc:
        return exc.problems, []
    return [], report.warnings


# --- the corpus is well formed ----------------------------------------------------------------------------

def test_every_case_folder_is_listed_and_holds_one_file() -> None:
    folders = {p.name for p in BAD_INPUTS.iterdir() if p.is_dir()}
    assert folders == {c.folder or c.case for c in CASES}
    for folder in folders:
        assert len(list((BAD_INPUTS / folder).iterdir())) == 1, folder


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_each_bad_file_differs_from_the_fixture_file_it_replaces(case: Case) -> None:
    original = FIXTURE_PROJECT / case.replaces
    if case.new:
        assert not original.exists(), f"{case.replaces} is in the fixture project: drop 'new'"
        return
    assert original.is_file(), f"{case.replaces} is not in the fixture project"
    assert case.bad_file.is_dir() or case.bad_file.read_bytes() != original.read_bytes()


def test_every_case_says_what_it_expects() -> None:
    for case in CASES:
        assert case.accepted == (not case.at and not case.message), case.case
        assert not case.shows or (case.accepted and case.build), case.case


def test_the_fixture_project_itself_has_no_problems(in_fixture_project: Path) -> None:
    assert check(in_fixture_project, strict=True) == ([], [])


# --- through the loaders --------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_bad_input_is_reported_at_its_line(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    errors, warnings = check(prepare(case, tmp_path, monkeypatch), strict=case.strict)
    if case.accepted:
        assert (errors, warnings) == ([], []), [str(p) for p in errors + warnings]
        return
    reported = errors if case.fails else warnings
    assert not (errors if not case.fails else []), [str(p) for p in errors]
    found = [p for p in reported if case.matches(p)]
    assert found, f"expected {case.at}: {case.message}\ngot:\n" + "\n".join(str(p) for p in reported)
    assert found[0].severity == ("error" if case.fails else "warning")
    if not case.others:
        assert len(reported) == 1, "\n".join(str(p) for p in reported)


# --- through the CLI --------------------------------------------------------------------------------------------

def needs_cli(test):  # noqa: ANN001 - kept as a marker of the tests that go through the CLI
    """Every module ``gta validate`` needs is present now; these tests always run."""
    return test


# --- watching what a run touches ----------------------------------------------------------------------------

class Watch:
    """What the process opened, wrote and ran while active (Python's audit hooks; installed once)."""

    active = False
    opened: list[tuple[str, bool]] = []  # (absolute path, for writing)
    changed: list[str] = []  # paths created, renamed, removed
    commands: list[str] = []
    installed = False

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if not cls.active:
            return
        if event == "open" and isinstance(args[0], str | bytes | os.PathLike):
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                (isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)))
            cls.opened.append((_real(path, isinstance(flags, int) and bool(flags & os.O_NOFOLLOW)), writing))
        elif event in ("os.mkdir", "os.remove", "os.rmdir", "shutil.rmtree", "os.symlink", "os.link",
                       "os.truncate", "os.chmod") and isinstance(args[0], str | bytes | os.PathLike):
            cls.changed.append(_real(args[0], nofollow=True))
        elif event == "os.rename":
            cls.changed += [_real(a, nofollow=True) for a in args[:2] if isinstance(a, str | bytes | os.PathLike)]
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"):
            cls.commands.append(repr(args)[:200])

    @classmethod
    def start(cls) -> None:
        if not cls.installed:
            sys.addaudithook(cls.hook)
            cls.installed = True
        cls.opened, cls.changed, cls.commands = [], [], []
        cls.active = True

    @classmethod
    def stop(cls) -> None:
        cls.active = False


def _real(path: str | bytes | os.PathLike, nofollow: bool = False) -> str:
    """Where ``path`` really is: through links (a link's own name when the call does not follow it)."""
    path = os.path.abspath(os.fsdecode(path))
    if nofollow:
        return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
    return os.path.realpath(path)


def invoke(args: list[str]):
    from click.testing import CliRunner

    from gta.cli import main

    Watch.start()
    try:
        return CliRunner().invoke(main, args)
    finally:
        Watch.stop()


def assert_stayed_inside(project: Path) -> None:
    """Nothing next to the project was read, nothing outside it written, no command run."""
    project = project.resolve()
    neighbours = project.parent  # the case's tmp_path: the project and its "outside" files
    for path, writing in Watch.opened:
        p = Path(path)
        assert p.is_relative_to(project) or not p.is_relative_to(neighbours), f"read outside the project: {path}"
        if writing:
            assert _may_write(p, project), f"wrote outside the project: {path}"
    for path in Watch.changed:
        assert _may_write(Path(path), project), f"changed outside the project: {path}"
    assert not Watch.commands, Watch.commands


def _may_write(path: Path, project: Path) -> bool:
    """Inside the project; or a library's scratch file in the temporary folder, or its cache in the home folder."""
    import tempfile

    scratch = Path(tempfile.gettempdir())  # NOTE: openpyxl's scratch files sit there, never inside a folder of it
    caches = (Path.home() / ".cache", Path.home() / ".config")  # NOTE: matplotlib's font cache, on a first run
    return (path.is_relative_to(project) or path in (scratch, scratch / path.name)
            or any(path.is_relative_to(c) for c in caches))


def validate(project: Path, strict: bool = False):
    return invoke(["--project", str(project), *(["--strict"] if strict else []), "validate"])


def build(project: Path):
    return invoke(["--project", str(project), "build", "--format", "html", "--jobs", "1"])


@needs_cli
def test_the_fixture_project_validates_through_the_cli(in_fixture_project: Path) -> None:
    result = validate(in_fixture_project, strict=True)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")
    assert_stayed_inside(in_fixture_project)


def assert_reported(case: Case, result) -> None:  # noqa: ANN001 - click's Result
    # an uncaught exception also exits 1 under CliRunner: only SystemExit is a clean exit
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    assert result.exit_code == (1 if case.fails else 0), result.output
    if case.accepted:
        assert "error" not in result.output and "warning" not in result.output, result.output
        return
    warning = "" if case.fails else "warning: "
    assert result.output.count(f"{case.at}: {warning}{case.message}") == 1, result.output  # once, not per edition
    if case.hint:
        assert f"hint: {case.hint}" in result.output
    if case.fails:
        assert "nothing was written." in result.output


@needs_cli
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_the_cli_reports_bad_input_without_a_traceback(case: Case, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    project = prepare(case, tmp_path, monkeypatch)
    result = validate(project, strict=case.strict)
    assert_reported(case, result)
    assert_stayed_inside(project)


BUILD_CASES = [c for c in CASES if c.build]


@pytest.fixture(scope="module")
def last_good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build/ of the fixture project, built once: valid cases then redraw no chart, only what they change."""
    from gta.build import build_edition

    project = tmp_path_factory.mktemp("good") / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    build_edition(project, 2025, formats=("html",), jobs=1)
    return project / "build"


@needs_cli
@pytest.mark.parametrize("case", BUILD_CASES, ids=lambda c: c.case)
def test_the_build_reports_bad_input_or_builds_valid_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           last_good_build: Path) -> None:
    project = prepare(case, tmp_path, monkeypatch, build=last_good_build if case.accepted else None)
    result = build(project)
    assert_reported(case, result)
    assert_stayed_inside(project)
    report = project / "build" / "2025" / "report.html"
    if case.fails:
        assert not report.exists()
    else:
        assert case.shows in report.read_text(encoding="utf-8")
