"""Build an edition: validate everything, then write charts, tables, exports, HTML and PDF.

Read and validate every input before writing anything; write into a staging copy of the last
good output and swap it in only when every step has succeeded. Each output is rebuilt only
when a hash of what it depends on changed, so a no-op rebuild imports nothing heavy.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .atomic import build_lock, staged_directory, write_if_changed
from .errors import GtaError, Problem, Problems, display_path
from .stamps import hash_files, hash_text, library_versions, read_stamps, tree_files, write_stamps

FORMATS = ("html", "pdf")
CODE_DIR = Path(__file__).resolve().parent
Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build did: per-step timings, what was rebuilt, and where the outputs are."""

    edition: int
    out_dir: Path
    timings: dict[str, float] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)
    pages: int | None = None
    lang: str = "en"

    @property
    def summary(self) -> str:
        total = sum(self.timings.values())
        what = ", ".join(self.rebuilt) if self.rebuilt else "nothing (up to date)"
        steps = " ".join(f"{k} {v:.2f}s" for k, v in self.timings.items() if v >= 0.005)
        pages = f", {self.pages} pages" if self.pages else ""
        name = f"edition {self.edition}" + (f" ({self.lang})" if self.lang != "en" else "")
        return f"{name}: rebuilt {what}{pages} in {total:.2f}s ({steps}) → {display_path(self.out_dir)}"



@dataclass
class ValidationReport:
    warnings: list[Any]
    summary: str


def templates_dir(root: Path) -> Path:
    """The project's own templates, or the builder's defaults for a project that has none."""
    own = root / "templates"
    return own if own.is_dir() else CODE_DIR.parent / "templates"


def input_files(root: Path) -> list[Path]:
    """Every file a build reads, including the builder's own code."""
    templates = templates_dir(root)
    return (tree_files(root, "sources", "figures") + tree_files(templates.parent, templates.name)
            + tree_files(CODE_DIR.parent, "gta", suffixes=(".py", ".mplstyle")))


def build_key(root: Path, edition: int, formats: tuple[str, ...], self_contained: bool, lang: str = "en") -> str:
    parts = [hash_files(input_files(root), root), str(edition), ",".join(formats), str(self_contained),
             library_versions("weasyprint", "matplotlib", "pandas", "jinja2", "markdown-it-py", "babel", "nh3"),
             os.environ.get("SOURCE_DATE_EPOCH", "")]
    if lang != "en":  # NOTE: English keys stay as they were; a translation also depends on its catalogue and fonts
        from .fonts import font_fingerprint
        from .i18n.catalog import locales_dir

        locales = locales_dir(root)
        parts += [lang, hash_files(tree_files(locales.parent, locales.name), locales.parent), font_fingerprint(lang)]
    return hash_text(*parts)


def output_dir(out_root: Path, year: int, lang: str = "en") -> Path:
    """``build/<year>/`` for English, ``build/<year>/<lang>/`` for a translation."""
    return out_root / str(year) if lang == "en" else out_root / str(year) / lang


def build_edition(root: Path, edition: int | None = None, *, formats: tuple[str, ...] = FORMATS,
                  self_contained: bool = False, strict: bool = False, jobs: int | None = None,
                  progress: Progress | None = None, out_root: Path | None = None, lang: str = "en") -> BuildReport:
    """Build one edition in one language into ``build/<year>/`` (English) or ``build/<year>/<lang>/``.

    A failure leaves the previous output untouched.
    """
    root = root.resolve()
    out_root = (out_root or root / "build").resolve()
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    from .i18n import get_language

    get_language(lang)
    with build_lock(out_root):
        year = edition or default_edition(root)
        final = output_dir(out_root, year, lang)
        key = build_key(root, year, formats, self_contained, lang)
        if read_stamps(final).get("build") == key and _outputs_exist(final, formats, self_contained):
            return BuildReport(year, final, {"check": time.perf_counter() - t0}, lang=lang)
        report = BuildReport(year, final, {"check": time.perf_counter() - t0}, lang=lang)
        from .pipeline import run_pipeline  # heavy imports only when there is work to do

        with staged_directory(final) as stage:
            run_pipeline(root, year, stage, report, formats=formats, self_contained=self_contained, strict=strict,
                         jobs=jobs or min(2, os.cpu_count() or 1), say=say, lang=lang)
            stamps = read_stamps(stage)
            stamps["build"] = key
            write_stamps(stage, stamps)
        return report


def _outputs_exist(out: Path, formats: tuple[str, ...], self_contained: bool) -> bool:
    names = [f"report.{f}" for f in formats] + (["report-standalone.html"] if self_contained else [])
    return all((out / n).is_file() for n in names)


def default_edition(root: Path) -> int:
    """The newest edition under sources/editions/."""
    years = sorted(int(p.name) for p in (root / "sources" / "editions").glob("[0-9][0-9][0-9][0-9]") if p.is_dir())
    if not years:
        raise GtaError(Problem(display_path(root / "sources" / "editions"), None, "no editions found",
                               "create sources/editions/<year>/edition.yaml"))
    return years[-1]


def validate_project(root: Path, *, strict: bool = False) -> ValidationReport:
    """Load every input and check every edition, exactly as a build would, writing nothing."""
    from .pipeline import prepare_edition
    from .sources import load_project

    project = load_project(root, strict=strict)
    problems = Problems()
    for year in sorted(project.editions):
        try:
            prepare_edition(project, year, strict=strict)
        except GtaError as exc:
            problems.extend(exc.problems)
        from .chapters import check_translations  # NOTE(harden): translated chapters are untrusted data too

        problems.extend(check_translations(project.editions[year]).items)
    problems.raise_if_errors(strict=strict)
    n_stats = len(project.statistics) + sum(len(e.statistics) for e in project.editions.values())
    return ValidationReport(project.warnings, f"{len(project.datasets)} datasets, {n_stats} statistics, "
                            f"{len(project.figures)} chart specs, {len(project.editions)} editions")


# Stylesheets only translated editions link (language font stacks, right-to-left layout).
LANGUAGE_STYLESHEETS = ("i18n.css", "rtl.css")


def copy_assets(root: Path, stage: Path, lang: str = "en") -> list[Path]:
    """CSS and fonts beside the HTML, so the folder output works offline and WeasyPrint reads them."""
    written = []
    for css in sorted((templates_dir(root) / "css").glob("*.css")):
        if lang == "en" and css.name in LANGUAGE_STYLESHEETS:
            continue
        write_if_changed(stage / "assets" / css.name, css.read_bytes())
        written.append(stage / "assets" / css.name)
    for font in report_fonts():
        write_if_changed(stage / "assets" / "fonts" / font.name, font.read_bytes())
        written.append(stage / "assets" / "fonts" / font.name)
    write_if_changed(stage / "assets" / "fonts" / "LICENSE.txt", font_licences().encode("utf-8"))
    return [*written, stage / "assets" / "fonts" / "LICENSE.txt"]


def report_fonts() -> list[Path]:
    """Source Sans Pro and Source Serif Pro, from their PyPI packages (never from the network)."""
    import font_source_sans_pro
    import font_source_serif_pro

    sans = Path(font_source_sans_pro.__path__[0]) / "files"
    serif = Path(font_source_serif_pro.__path__[0]) / "files"
    import matplotlib

    dejavu = Path(matplotlib.__path__[0]) / "mpl-data" / "fonts" / "ttf"
    names = [sans / f"SourceSansPro-{w}.ttf" for w in ("Regular", "It", "Semibold", "Bold")] + \
            [serif / f"SourceSerifPro-{w}.ttf" for w in ("Regular", "It", "Semibold", "Bold")] + \
            [dejavu / "DejaVuSans.ttf", dejavu / "DejaVuSansMono.ttf"]
    return [p for p in names if p.exists()]


def font_licences() -> str:
    """The fonts' licences travel with them (SIL OFL for Source; DejaVu's own licence)."""
    import font_source_sans_pro
    import font_source_serif_pro
    import matplotlib

    parts = [("Source Sans Pro", Path(font_source_sans_pro.__path__[0]) / "files" / "LICENSE.txt"),
             ("Source Serif Pro", Path(font_source_serif_pro.__path__[0]) / "files" / "LICENSE.txt"),
             ("DejaVu (bundled with matplotlib)", Path(matplotlib.__path__[0]) / "mpl-data" / "fonts" / "ttf" / "LICENSE_DEJAVU")]
    return "\n\n".join(f"== {name} ==\n{p.read_text(errors='replace')}" for name, p in parts if p.exists())


def edition_datetime(published: str) -> datetime:
    """Dates inside outputs come from the edition, never from the clock."""
    parts = [int(x) for x in published.split("-")] + [1, 1]
    return datetime(parts[0], parts[1], parts[2], tzinfo=UTC).replace(tzinfo=None)


def source_date_epoch(published: str) -> int:
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return int(env)
    return int(edition_datetime(published).replace(tzinfo=UTC).timestamp())


