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
    for p in sorted(set(paths)):
        h.update(str(p.relative_to(root) if p.is_relative_to(root) else p).encode())
        h.update(b"\0")
        h.update(p.read_bytes() if p.is_file() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


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
