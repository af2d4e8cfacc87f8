"""Build an edition: load everything, prepare the plan, then let the writers render it into a staging copy.

Read and check every input before writing anything; write into a staging copy of the last
good output and swap it in only when every writer has succeeded. Each output is rebuilt only
when a hash of what it depends on changed, so a no-op rebuild imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .atomic import build_lock, staged_directory
from .editions import default_edition, is_locked
from .errors import GtaError, Problems, display_path
from .i18n import SOURCE_LANGUAGE, get_language
from .stamps import hash_files, hash_text, library_versions, read_stamps, tree_files, write_stamps
from .workers import process_pool

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
    lang: str = SOURCE_LANGUAGE
    locked: bool = False  # built from its lock (a published edition), not from the live sources
    notice: str = ""  # one line for the reader of the log, e.g. that a locked edition's inputs drifted

    @property
    def summary(self) -> str:
        total = sum(self.timings.values())
        what = ", ".join(self.rebuilt) if self.rebuilt else "nothing (up to date)"
        steps = " ".join(f"{k} {v:.2f}s" for k, v in self.timings.items() if v >= 0.005)
        pages = f", {self.pages} pages" if self.pages else ""
        status = "locked" if self.locked else "draft"
        name = f"edition {self.edition} ({status}" + (f", {self.lang})" if self.lang != SOURCE_LANGUAGE else ")")
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
    locales = root / "locales" if (root / "locales").is_dir() else CODE_DIR.parent / "locales"
    # NOTE: a project's own theme (theme.yaml and the files in theme/) is an input like its sources.
    return (tree_files(root, "sources", "figures", "theme", "theme.yaml") + tree_files(templates.parent, templates.name)
            + tree_files(locales.parent, locales.name)
            + tree_files(CODE_DIR.parent, "gta", suffixes=(".py", ".mplstyle")))


def build_key(root: Path, edition: int, formats: tuple[str, ...], self_contained: bool, lang: str) -> str:
    from .fonts import font_fingerprint

    return hash_text(hash_files(input_files(root), root), str(edition), ",".join(formats), str(self_contained),
                     library_versions("weasyprint", "matplotlib", "pandas", "jinja2", "markdown-it-py", "babel", "nh3"),
                     os.environ.get("SOURCE_DATE_EPOCH", ""), lang, font_fingerprint(lang))


def output_dir(out_root: Path, year: int, lang: str = SOURCE_LANGUAGE) -> Path:
    """``build/<year>/`` for English, ``build/<year>/<lang>/`` for a translation."""
    return out_root / str(year) if lang == SOURCE_LANGUAGE else out_root / str(year) / lang


def build_edition(root: Path, edition: int | None = None, *, formats: tuple[str, ...] = FORMATS,
                  self_contained: bool = False, strict: bool = False, jobs: int | None = None,
                  progress: Progress | None = None, out_root: Path | None = None,
                  lang: str = SOURCE_LANGUAGE) -> BuildReport:
    """Build one edition in one language into ``build/<year>/`` (English) or ``build/<year>/<lang>/``.

    A failure leaves the previous output untouched.
    """
    return build_languages(root, edition, [lang], formats=formats, self_contained=self_contained, strict=strict,
                           jobs=jobs, progress=progress, out_root=out_root)[0]


def build_languages(root: Path, edition: int | None, langs: list[str], *, formats: tuple[str, ...] = FORMATS,
                    self_contained: bool = False, strict: bool = False, jobs: int | None = None,
                    progress: Progress | None = None, out_root: Path | None = None,
                    chart_pack: bool = True) -> list[BuildReport]:
    """Build one edition in several languages: the project is loaded and the edition computed once.

    ``chart_pack=False`` leaves out the stand-alone chart files and the pack (gallery, zip, deck): a
    report alone, for checks that read only the report.
    """
    root = root.resolve()
    out_root = (out_root or root / "build").resolve()
    say = progress or (lambda _msg: None)
    with build_lock(out_root):
        t0 = time.perf_counter()
        year = edition or default_edition(root)
        if "all" in langs:
            from .i18n.editions import declared_languages  # NOTE: here only: it imports pydantic

            langs = declared_languages(root, year)
        for lang in langs:
            get_language(lang)
        keys = {lang: build_key(root, year, formats + (() if chart_pack else ("no chart pack",)), self_contained, lang)
                for lang in langs}
        locked = is_locked(root, year)
        reports = {lang: BuildReport(year, output_dir(out_root, year, lang), {"check": time.perf_counter() - t0},
                                     lang=lang, locked=locked) for lang in langs}
        todo = [lang for lang in langs if not _up_to_date(output_dir(out_root, year, lang), keys[lang], formats,
                                                          self_contained)]
        for lang in set(langs) - set(todo):  # NOTE: nothing changed, so neither did what the last build noticed
            reports[lang].notice = read_stamps(output_dir(out_root, year, lang)).get("notice", "")
        if todo:
            _build(root, year, todo, out_root, keys, reports, formats=formats, self_contained=self_contained,
                   chart_pack=chart_pack, strict=strict, jobs=jobs or min(2, os.cpu_count() or 1), say=say)
        return [reports[lang] for lang in langs]


def _up_to_date(final: Path, key: str, formats: tuple[str, ...], self_contained: bool) -> bool:
    names = [f"report.{f}" for f in formats] + (["report-standalone.html"] if self_contained else [])
    return read_stamps(final).get("build") == key and all((final / n).is_file() for n in names)


def _build(root: Path, year: int, langs: list[str], out_root: Path, keys: dict[str, str],
           reports: dict[str, BuildReport], *, formats: tuple[str, ...], self_contained: bool, chart_pack: bool,
           strict: bool,
           jobs: int, say: Progress) -> None:
    # NOTE: heavy imports only when there is work to do
    from .drift import drift_notice
    from .load import load_project
    from .plan import compute_edition, prepare

    t = time.perf_counter()
    say("load")
    project = load_project(root, strict=strict)
    data = compute_edition(project, year, strict=strict)
    notice = drift_notice(project, year) if data.locked else ""
    plans = {}
    problems = Problems()
    for lang in langs:
        try:
            plans[lang] = prepare(project, year, lang, data=data, strict=strict)
        except GtaError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    load_time = (time.perf_counter() - t) / len(langs)
    for lang in langs:
        reports[lang].warnings, reports[lang].notice = plans[lang].warnings, notice
        reports[lang].timings["load"] = load_time
    outputs = {lang: _output(root, plans[lang], formats, self_contained, say) for lang in langs}
    for out in outputs.values():
        out.chart_pack = chart_pack
    if len(langs) == 1 or jobs <= 1:
        for lang in langs:
            with staged_directory(reports[lang].out_dir, out_root) as stage:
                _write_language(plans[lang], outputs[lang], stage, keys[lang], notice, jobs)
            _record(reports[lang], outputs[lang])
        return
    # NOTE: languages are written in parallel, one per worker; each stages beside the English output
    # and the stages are swapped in only when every language succeeded, English first (it holds them).
    with contextlib.ExitStack() as stack:
        for lang in sorted(langs, key=lambda code: code == SOURCE_LANGUAGE):  # NOTE: English entered last, swapped first
            outputs[lang].stage = stack.enter_context(staged_directory(reports[lang].out_dir, out_root))
        _PARALLEL.update(plans=plans, outputs=outputs, keys=keys, notice=notice)
        try:
            with process_pool(min(jobs, len(langs))) as pool:
                done = dict(zip(langs, pool.map(_write_in_worker, langs), strict=True))
        finally:
            _PARALLEL.clear()
        for lang, (timings, rebuilt, pages) in done.items():
            outputs[lang].timings, outputs[lang].rebuilt, outputs[lang].pages = timings, rebuilt, pages
            _record(reports[lang], outputs[lang])
            say(f"{lang} written")


#: what forked language workers inherit from the parent (plans are large; they are never pickled)
_PARALLEL: dict[str, Any] = {}


def _output(root: Path, plan: Any, formats: tuple[str, ...], self_contained: bool, say: Progress) -> Any:
    from .writers import Output

    published = plan.edition.published
    return Output(root, Path(), formats, self_contained, 1, edition_datetime(published),
                  source_date_epoch(published), say)


def _write_language(plan: Any, out: Any, stage: Path, key: str, notice: str, jobs: int) -> None:
    """Every writer of one language into its staging folder, then the stamps that say what it was built from."""
    from .writers import write_edition

    out.stage, out.jobs = stage, jobs
    write_edition(plan, out)
    stamps = read_stamps(stage)
    stamps["build"], stamps["notice"] = key, notice
    write_stamps(stage, stamps)


def _write_in_worker(lang: str) -> tuple[dict[str, float], list[str], int | None]:
    """One language in a forked worker: its charts drawn in this process, its chart pack beside it."""
    out = _PARALLEL["outputs"][lang]
    out.say = lambda _step: None
    _write_language(_PARALLEL["plans"][lang], out, out.stage, _PARALLEL["keys"][lang], _PARALLEL["notice"], 1)
    return out.timings, out.rebuilt, out.pages


def _record(report: BuildReport, out: Any) -> None:
    report.timings.update(out.timings)
    report.rebuilt, report.pages = out.rebuilt, out.pages


def validate_project(root: Path, *, strict: bool = False) -> ValidationReport:
    """Load every input and prepare every edition in every language it declares, exactly as a build would."""
    from .load import load_project
    from .plan import compute_edition, prepare

    project = load_project(root, strict=strict)
    problems = Problems()
    drafts = []
    for year in sorted(project.editions):
        try:
            data = compute_edition(project, year, strict=strict)
            drafts += data.draft_warnings
            for lang in project.languages[year]:
                prepare(project, year, lang, data=data, strict=strict)
        except GtaError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors(strict=strict)
    n_stats = len(project.statistics) + sum(len(e.statistics) for e in project.editions.values())
    return ValidationReport(project.warnings + drafts,
                            f"{len(project.datasets)} datasets, {n_stats} statistics, "
                            f"{len(project.figures)} chart specs, {len(project.editions)} editions, "
                            f"{len(project.evidence)} evidence items")


def edition_datetime(published: str) -> datetime:
    """Dates inside outputs come from the edition, never from the clock."""
    parts = [int(x) for x in str(published).split("-")] + [1, 1]
    return datetime(parts[0], parts[1], parts[2], tzinfo=UTC).replace(tzinfo=None)


def source_date_epoch(published: str) -> int:
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return int(env)
    return int(edition_datetime(published).replace(tzinfo=UTC).timestamp())


@dataclass
class ChartsReport:
    year: int
    out_dir: Path
    outputs: dict[str, Any]
    warnings: list[Any]


def build_charts(root: Path, edition: int | None, ids: list[str] | None, *, formats: tuple[str, ...],
                 sizes: tuple[str, ...], pptx: bool, jobs: int, cache: bool = True, strict: bool = False,
                 lang: str = SOURCE_LANGUAGE, out_root: Path | None = None) -> ChartsReport:
    """Draw some or all of an edition's figures into its build folder, through the same staging as a build.

    With ``ids``, only those charts are drawn and the pack is left as it was; without, the whole
    pack is rewritten. Only charts the edition shows can be drawn.
    """
    from .load import load_project
    from .plan import prepare
    from .writers.charts import write_charts, write_pack

    root = root.resolve()
    out_root = (out_root or root / "build").resolve()
    with build_lock(out_root):
        year = edition or default_edition(root)
        project = load_project(root, strict=strict)
        plan = prepare(project, year, lang, strict=strict)
        unknown = [cid for cid in ids or [] if cid not in {f.id for f in plan.figures}]
        if unknown:
            from .errors import Problem, did_you_mean

            raise GtaError(Problem("gta charts", None, f"edition {year} shows no chart '{unknown[0]}'",
                                   did_you_mean(unknown[0], [f.id for f in plan.figures])
                                   or f"its charts: {', '.join(f.id for f in plan.figures)}"))
        final = output_dir(out_root, year, lang)
        with staged_directory(final, out_root) as stage:
            outputs = write_charts(plan, stage, jobs=jobs, ids=ids, formats=formats, sizes=sizes, cache=cache)
            if ids is None:
                write_pack(plan, stage, outputs, pptx=pptx)
        return ChartsReport(year, final / "charts", outputs, plan.warnings)
