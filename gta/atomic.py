"""Write files so that a reader never sees half of one, and builds so a failure keeps the last good one.

Every file is written to a temporary name in the same folder and moved into place with
``os.replace`` (atomic on POSIX). A whole edition is built in a staging folder and swapped in
only when every step has succeeded; a lock stops two builds of one output folder at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import GtaError, Problem, display_path


def write_bytes(path: Path, data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def build_lock(build_root: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``build_root`` or fail at once with a clear message."""
    build_root.mkdir(parents=True, exist_ok=True)
    lock_path = build_root / ".lock"
    fh = open(lock_path, "a+")  # noqa: SIM115 - closed in finally
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise GtaError(Problem(display_path(lock_path), None, f"another build is running ({holder})",
                                   "wait for it to finish; builds of one folder never run at once")) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()


@contextlib.contextmanager
def staged_directory(final: Path) -> Iterator[Path]:
    """Yield a staging copy of ``final``; on success swap it in, on failure throw it away.

    The staging copy starts from the last good output so unchanged artefacts (cached charts)
    are reused.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    old = final.parent / f".{final.name}.old"
    if not final.exists() and old.exists():
        os.replace(old, final)  # a build was killed between the two renames below: restore
    for stale in final.parent.glob(f".{final.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a killed build
    staging = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.staging-"))
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
