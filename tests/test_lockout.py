"""A failed, killed or interrupted build costs nothing and blocks nothing, and never prints a traceback.

Killed with SIGKILL while chart workers run, the workers die with it and the next build starts at
once; Ctrl-C at any step exits 130 with one line; a planted lock link is never followed; an
operating-system failure names the path and what to do; anything else is an "internal error"
with its traceback in a log file under build/.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.atomic import build_lock
from gta.build import build_edition
from gta.cli import main
from gta.errors import GtaError, display_path

TRENDS = "sources/editions/2025/chapters/trends.md"
linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


# --- processes -------------------------------------------------------------------------------------------------

def children(pid: int) -> set[int]:
    """The live child processes of ``pid``."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def start_build(project: Path, **kwargs) -> subprocess.Popen:
    """``gta build`` in a child process with two chart workers, from scratch."""
    return subprocess.Popen([sys.executable, "-m", "gta", "--project", str(project), "build", "--format", "html",
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


# --- killed builds never lock out ------------------------------------------------------------------------------

@linux_only
def test_a_build_killed_while_chart_workers_run_never_locks_out_the_next(fixture_project: Path) -> None:
    child = start_build(fixture_project)
    workers = wait_until(lambda: children(child.pid), 60, "chart workers")
    child.kill()  # SIGKILL to the build alone, as the OOM killer or a CI timeout does
    child.communicate()
    wait_until(lambda: not any(alive(w) for w in workers), 10, "the workers to die with their build")
    lock = fixture_project / "build" / ".lock"
    assert lock.read_text() == f"pid {child.pid}"  # a stale record of the dead build ...
    t0 = time.monotonic()
    with build_lock(fixture_project / "build"):  # ... is taken over at once
        pass
    assert time.monotonic() - t0 < 2
    report = build_edition(fixture_project, 2025, formats=("html",))
    assert (report.out_dir / "report.html").is_file()
    assert not list(report.out_dir.parent.glob(".2025.staging-*"))


def test_a_lock_held_by_a_live_process_refuses_and_is_free_the_moment_it_dies(fixture_project: Path) -> None:
    build = fixture_project / "build"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
                               "from gta.atomic import build_lock\n"
                               "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(60)\n",
                               str(build)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(GtaError, match=rf"another build is running \(pid {holder.pid}\)"):
            with build_lock(build):
                pass
    finally:
        holder.kill()
        holder.wait()
    with build_lock(build):
        pass


def test_a_symlinked_lock_is_never_followed(fixture_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("not the builder's to overwrite\n")
    build = fixture_project / "build"
    build.mkdir()
    (build / ".lock").symlink_to(target)
    with build_lock(build):
        assert not (build / ".lock").is_symlink()
        assert (build / ".lock").read_text() == f"pid {os.getpid()}"
    assert target.read_text() == "not the builder's to overwrite\n"


def test_the_lock_is_left_empty_so_builds_leave_the_same_bytes(fixture_project: Path) -> None:
    build = fixture_project / "build"
    with build_lock(build):
        pass
    assert (build / ".lock").read_bytes() == b""


def test_a_folder_where_the_lock_belongs_is_a_located_error(fixture_project: Path) -> None:
    (fixture_project / "build" / ".lock").mkdir(parents=True)
    with pytest.raises(GtaError, match="the lock file is a folder"):
        with build_lock(fixture_project / "build"):
            pass


# --- Ctrl-C ----------------------------------------------------------------------------------------------------

INTERRUPTED = "interrupted; the last good build is unchanged."


@linux_only
def test_ctrl_c_while_chart_workers_run_prints_one_line_and_exits_130(fixture_project: Path) -> None:
    child = start_build(fixture_project, start_new_session=True)
    workers = wait_until(lambda: children(child.pid), 60, "chart workers")
    os.killpg(child.pid, signal.SIGINT)  # a terminal sends Ctrl-C to the whole process group
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err.decode()
    assert err.decode().splitlines() == [INTERRUPTED] and out == b""
    wait_until(lambda: not any(alive(w) for w in workers), 10, "the workers to stop")
    assert not (fixture_project / "build" / "2025").exists()
    with build_lock(fixture_project / "build"):
        pass


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project with a good build (HTML and PDF), built once for the module."""
    project = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "project", project)
    build_edition(project, 2025, formats=("html", "pdf"))
    return project


@pytest.fixture
def rebuilding(built_project: Path, tmp_path: Path) -> Path:
    """A copy of the built project with a chapter changed, so the next build runs every step."""
    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    chapter = project / TRENDS
    chapter.write_text(chapter.read_text() + "\n\nA paragraph that forces a rebuild.\n")
    return project


def files(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _raise(exc: BaseException) -> Callable[..., None]:
    def fail(*_args, **_kwargs) -> None:
        raise exc
    return fail


# Where each step of a build can be interrupted: (module, attribute) replaced by a function raising.
STEPS = {
    "lock": ("gta.build", "read_stamps"),
    "load": ("gta.load", "load_project"),
    "plan": ("gta.plan", "prepare"),
    "charts": ("gta.writers.charts", "render_jobs"),
    "html": ("gta.writers.html", "render_html"),
    "pdf": ("gta.pdf", "write_pdf"),
    "chart pack": ("gta.writers.background.Background", "result"),
    "exports": ("gta.register", "write_register"),
    "recommendations": ("gta.writers.recommendations", "write_recommendation_exports"),
    "swap": ("gta.build", "write_stamps"),
}


def _patch(monkeypatch: pytest.MonkeyPatch, step: str, exc: BaseException) -> None:
    import importlib

    module, attribute = STEPS[step]
    owner: object
    if module.endswith(".Background"):
        owner = importlib.import_module("gta.writers.background").Background
    else:
        owner = importlib.import_module(module)
    monkeypatch.setattr(owner, attribute, _raise(exc))


@pytest.mark.parametrize("step", list(STEPS))
def test_ctrl_c_at_every_step_exits_130_with_one_line(rebuilding: Path, monkeypatch: pytest.MonkeyPatch,
                                                      step: str) -> None:
    out = rebuilding / "build" / "2025"
    if step == "chart pack":
        (out / "charts" / "index.html").unlink()  # NOTE: the pack is rewritten only when it is missing or stale
    good = files(out)
    _patch(monkeypatch, step, KeyboardInterrupt())
    result = CliRunner().invoke(main, ["--project", str(rebuilding), "build", "--format", "html,pdf"])
    assert result.exit_code == 130, result.output
    assert result.output.splitlines() == [INTERRUPTED]
    assert files(out) == good
    assert not list(out.parent.glob(".2025.staging-*"))
    with build_lock(rebuilding / "build"):
        pass


# --- failures that are not the tool's own -----------------------------------------------------------------------

def test_an_unexpected_exception_is_an_internal_error_with_a_log_under_build(rebuilding: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    out = rebuilding / "build" / "2025"
    good = files(out)
    _patch(monkeypatch, "html", RuntimeError("something the builder did not foresee"))
    result = CliRunner().invoke(main, ["--project", str(rebuilding), "build", "--format", "html"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.splitlines() == [
        "internal error: RuntimeError: something the builder did not foresee",
        f"  hint: this is a bug in the builder, not in your files; please report it with "
        f"{display_path(rebuilding / 'build' / 'gta-error.log')}"]
    log = (rebuilding / "build" / "gta-error.log").read_text()
    assert log.startswith("Traceback") and "render_report" not in result.output and "something the builder" in log
    assert files(out) == good


def test_debug_shows_the_traceback(rebuilding: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _patch(monkeypatch, "html", RuntimeError("boom"))
    result = CliRunner().invoke(main, ["--project", str(rebuilding), "--debug", "build", "--format", "html"])
    assert isinstance(result.exception, RuntimeError)  # raised, so Python prints the traceback


@pytest.mark.parametrize("code, strerror, hint", [
    (errno.ENOSPC, "No space left on device", "the disk is full: free some space and build again"),
    (errno.EROFS, "Read-only file system", "the disk is read-only: build into a folder on a writable disk"),
    (errno.EACCES, "Permission denied", "check the permissions of this path"),
])
def test_an_operating_system_failure_names_the_path_and_what_to_do(rebuilding: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   code: int, strerror: str, hint: str) -> None:
    import gta.atomic

    out = rebuilding / "build" / "2025"
    good = files(out)
    real = gta.atomic.os.fdopen

    class Failing:
        def __init__(self, fd: int, mode: str) -> None:
            self.fh = real(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            raise OSError(code, strerror)  # NOTE: as write(2) reports it: no file name

    monkeypatch.setattr(gta.atomic.os, "fdopen", Failing)
    monkeypatch.chdir(rebuilding)
    result = CliRunner().invoke(main, ["build", "--format", "html"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("build/") and lines[0].endswith(f": {strerror[0].lower()}{strerror[1:]}"), lines
    assert lines[1] == f"  hint: {hint}" or lines[1].startswith(f"  hint: {hint}")
    assert "Traceback" not in result.output
    assert files(out) == good


def test_a_file_where_build_belongs_is_named(fixture_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (fixture_project / "build").write_text("not a folder")
    monkeypatch.chdir(fixture_project)
    result = CliRunner().invoke(main, ["build", "--format", "html"])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[:2] == ["build: file exists",
                                              "  hint: a file stands where a folder is needed: move it away"]


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not bind root")
def test_a_read_only_build_folder_is_named(rebuilding: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = rebuilding / "build"
    for folder in [build, *[p for p in build.rglob("*") if p.is_dir()]]:
        folder.chmod(0o555)
    try:
        monkeypatch.chdir(rebuilding)
        result = CliRunner().invoke(main, ["build", "--format", "html"])
    finally:
        for folder in [build, *[p for p in build.rglob("*") if p.is_dir()]]:
            folder.chmod(0o755)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("build") and "permission denied" in result.output
    assert "hint: check the permissions of this path" in result.output and "Traceback" not in result.output


def test_a_full_disk_met_by_a_chart_worker_is_one_located_message(fixture_project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import gta.charts.outputs

    def full(*_args, **_kwargs) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(gta.charts.outputs, "save_all", full)  # NOTE: forked workers inherit the patch
    monkeypatch.chdir(fixture_project)
    result = CliRunner().invoke(main, ["build", "--format", "html", "--jobs", "2"])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[:2] == [
        "build: no space left on device",
        "  hint: the disk is full: free some space and build again (the last good build is unchanged)"]
    assert not list((fixture_project / "build").glob(".2025.staging-*"))
