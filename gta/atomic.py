"""Write files so that a reader never sees half of one, and builds so a failure keeps the last good one.

Every file is written to a temporary name in the same folder and moved into place with
``os.replace`` (atomic on POSIX). A whole edition is built in a staging folder and swapped in
only when every step has succeeded; a lock stops two builds of one output folder at once, and
never outlives the build that took it. An operating-system failure (a read-only folder, a full
disk) becomes a located problem naming the path and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from .errors import GtaError, Problem, display_path, os_problem


def write_bytes(path: Path, data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise os_problem(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise os_problem(exc, path) from None
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


# Lock files held by this process: POSIX record locks do not exclude threads of one process.
_HELD: set[str] = set()
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def build_lock(build_root: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``build_root`` or fail at once with a clear message.

    The lock is a POSIX record lock (``lockf``) on ``build_root/.lock``: the kernel drops it the
    moment its process ends, however it ends (SIGKILL, OOM kill, CI timeout), and forked chart
    workers never inherit it, so a killed build never locks the next one out. The file is opened
    without following links (a link planted there is replaced, its target never written), and it
    is left empty after a build, so every build leaves the same bytes in ``build/``.
    """
    try:
        build_root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_problem(exc, build_root) from None
    lock_path = build_root / ".lock"
    key = str(build_root.resolve() / ".lock")
    with _HELD_GUARD:
        if key in _HELD:
            raise _busy(lock_path, f"pid {os.getpid()}")
        _HELD.add(key)
    try:
        fd = _open_lock(lock_path)
        try:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise os_problem(exc, lock_path) from None
                holder = os.pread(fd, 100, 0).decode("utf-8", "replace").strip() or "another process"
                raise _busy(lock_path, holder) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)  # NOTE: closing releases the lock
    finally:
        with _HELD_GUARD:
            _HELD.discard(key)


def _open_lock(path: Path) -> int:
    """Open (or create) the lock file itself, never what a link there points to."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(3):
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # a symbolic link: remove the link, keep its target untouched
                try:
                    os.unlink(path)
                except OSError as unlink_error:
                    raise os_problem(unlink_error, path) from None
                continue
            if exc.errno == errno.EISDIR:
                raise GtaError(Problem(display_path(path), None, "the lock file is a folder",
                                       "delete the folder; builds recreate the file")) from None
            raise os_problem(exc, path) from None
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
        os.close(fd)
        raise GtaError(Problem(display_path(path), None, "the lock file is not a regular file",
                               "delete it; builds recreate the file"))
    raise GtaError(Problem(display_path(path), None, "the lock file keeps being replaced by a link",
                           "stop whatever writes links into build/"))


def _busy(path: Path, holder: str) -> GtaError:
    return GtaError(Problem(display_path(path), None, f"another build is running ({holder})",
                            "wait for it to finish; builds of one folder never run at once"))


@contextlib.contextmanager
def staged_directory(final: Path, near: Path | None = None) -> Iterator[Path]:
    """Yield a staging copy of ``final``; on success swap it in, on failure throw it away.

    The staging copy starts from the last good output so unchanged artefacts (cached charts)
    are reused. It lives in ``near`` (default: ``final``'s parent), an ancestor of ``final``:
    a translation (``build/2025/fr``) stages beside the English output (``build/2025``), not
    inside it, so both can be staged at once and swapped in one after the other.
    """
    near = near or final.parent
    name = "-".join(final.relative_to(near).parts)
    final.parent.mkdir(parents=True, exist_ok=True)
    old = near / f".{name}.old"
    if not final.exists() and old.exists():
        os.replace(old, final)  # a build was killed between the two renames below: restore
    for stale in near.glob(f".{name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a killed build
    staging = Path(tempfile.mkdtemp(dir=near, prefix=f".{name}.staging-"))
    try:
        if final.exists():
            # NOTE: hard links make the copy instant; they are safe because every writer replaces
            # files (write_bytes, or a fresh folder swapped in for a chart) and never edits one in place.
            shutil.copytree(final, staging, dirs_exist_ok=True, copy_function=_link_or_copy)
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace ``path`` only when its bytes differ (assets are large and rarely change)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_bytes(path, data)
    return True
