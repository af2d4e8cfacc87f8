"""Content hashes that decide what needs rebuilding, without importing anything heavy.

A step's key is a hash of the bytes of every input it reads plus the versions of the libraries
that shape its output; a step whose key matches the stamp left by the last good build is skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from .atomic import write_text

STAMP_FILE = ".stamps.json"


def hash_files(paths: Iterable[Path], root: Path) -> str:
    """Hash file names (relative to ``root``) and contents, in sorted order."""
    h = hashlib.sha256()
    real_root = root.resolve()
    for p in sorted(set(paths)):
        h.update(str(p.relative_to(root) if p.is_relative_to(root) else p).encode())
        h.update(b"\0")
        h.update(_content(p, root, real_root))
        h.update(b"\0")
    return h.hexdigest()


def _content(path: Path, root: Path, real_root: Path) -> bytes:
    """A file's bytes, or a marker: a project file that links outside is never read (the loaders refuse it)."""
    if path.is_relative_to(root) and not path.resolve().is_relative_to(real_root):
        return b"<outside the project: " + str(path.resolve()).encode() + b">"
    try:
        return path.read_bytes() if path.is_file() else b"<missing>"
    except OSError:
        return b"<unreadable>"  # NOTE: the loaders report it, by name


def hash_text(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def library_versions(*names: str) -> str:
    """Versions of the libraries that shape an output: an upgrade invalidates what they made."""
    out = []
    for name in names:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=?")
    return ",".join(out)


def tree_files(root: Path, *folders: str, suffixes: tuple[str, ...] = ()) -> list[Path]:
    """Every file under the given folders of ``root`` (optionally by suffix), hidden files excluded."""
    files: list[Path] = []
    for folder in folders:
        base = root / folder
        if base.is_file():
            files.append(base)
            continue
        for p in base.rglob("*"):
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts) \
                    and (not suffixes or p.suffix in suffixes) and "__pycache__" not in p.parts:
                files.append(p)
    return sorted(files)


def read_stamps(out_dir: Path) -> dict[str, str]:
    try:
        return json.loads((out_dir / STAMP_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def write_stamps(out_dir: Path, stamps: dict[str, str]) -> None:
    write_text(out_dir / STAMP_FILE, json.dumps(dict(sorted(stamps.items())), indent=1) + "\n")
