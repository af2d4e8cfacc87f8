"""The package's imports flow one way, in the order docs/architecture.md documents, without cycles.

Every ``import`` and ``from ... import`` of a ``gta`` module is read from the syntax tree (inside
functions too, and inside ``if TYPE_CHECKING:``): a module may import only modules of its own
layer or of a lower one, and no chain of imports may lead back to where it started.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gta"

# The documented order, lowest first (docs/architecture.md). A module matches the longest prefix.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("errors", ("gta", "gta.errors")),
    ("utilities", ("gta.yamlio", "gta.formatting", "gta.stamps", "gta.atomic", "gta.exports", "gta.fonts",
                   "gta.workers")),
    ("models and languages", ("gta.model", "gta.i18n", "gta.i18n.messages", "gta.i18n.localisation",
                              "gta.i18n.catalog")),
    ("data sources", ("gta.sources",)),
    ("file kinds and computation", ("gta.statistics", "gta.framework", "gta.chapters", "gta.i18n.chapters",
                                    "gta.i18n.editions", "gta.charts", "gta.tables", "gta.recommendations",
                                    "gta.recommendations_view", "gta.claims", "gta.evidence", "gta.estimates",
                                    "gta.evidence_view", "gta.derivations", "gta.lockfile", "gta.boxes", "gta.theme")),
    ("load", ("gta.load",)),
    ("plan", ("gta.plan",)),
    ("writers", ("gta.writers", "gta.register", "gta.pdf", "gta.standalone")),
    ("build and tools", ("gta.build", "gta.editions", "gta.queries", "gta.translations", "gta.lock", "gta.drift")),
    ("interfaces", ("gta.cli", "gta.serve", "gta.__main__")),
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int:
    best = (-1, -1)
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            within = module.startswith(prefix + ".") and prefix != "gta"  # NOTE: the root package is itself only
            if (module == prefix or within) and len(prefix) > best[1]:
                best = (i, len(prefix))
    assert best[0] >= 0, f"{module} is in no layer: add it to LAYERS and docs/architecture.md"
    return best[0]


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The gta modules ``module`` imports (``from . import x`` resolves to ``pkg.x`` when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("gta"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("gta"):
                continue
            names = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            found.update(names or [target])
    return {m for m in found if m in known and m != module}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: _imports(m, p, set(modules)) for m, p in modules.items()}


def test_every_module_has_a_documented_layer(graph) -> None:
    for module in graph:
        _layer(module)
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name, prefixes in LAYERS:
        assert all(f"`{p}`" in doc for p in prefixes), f"docs/architecture.md does not document layer {name!r}"


def test_imports_never_go_up_the_layers(graph) -> None:
    wrong = [f"{m} ({LAYERS[_layer(m)][0]}) imports {d} ({LAYERS[_layer(d)][0]})"
             for m, deps in sorted(graph.items()) for d in sorted(deps) if _layer(d) > _layer(m)
             and not (d == "gta" or m.startswith(d + "."))]
    assert not wrong, "imports against the documented order:\n" + "\n".join(wrong)


def test_there_are_no_import_cycles(graph) -> None:
    # NOTE: a package's __init__ may re-export its submodules; that is not a cycle between stages.
    edges = {m: {d for d in deps if not d.startswith(m + ".") and not m.startswith(d + ".")} for m, deps in graph.items()}
    try:
        graphlib.TopologicalSorter(edges).prepare()
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' → '.join(exc.args[1])}")


def test_only_the_chart_writer_imports_matplotlib_and_only_the_pdf_writer_weasyprint() -> None:
    owners = {"matplotlib": ("gta.charts",), "weasyprint": ("gta.pdf",), "click": ("gta.cli",)}
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            for name in names:
                library = name.split(".")[0]
                if library in owners:
                    assert module.startswith(owners[library]), f"{module} imports {library}"
