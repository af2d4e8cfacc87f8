"""The heavy part of a build: gather and check one edition, then write every output.

Two phases, as in pelican: ``prepare_edition`` gathers the context and reports every problem
before anything is written; ``run_pipeline`` writes the outputs into the staging folder.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .build import BuildReport, Progress, copy_assets, edition_datetime, source_date_epoch, templates_dir
from .chapters import Names
from .errors import GtaError, Problems
from .render import FigureInfo, Numbering, ReportInputs, check_chapters, make_environment, number_items, render_report
from .sources import EditionSource, Project, load_project
from .statistics import Statistic, compute_statistics
from .tables import TableSpec, build_table, load_table_specs, missing_statistics


@dataclass
class Prepared:
    """Everything an edition's outputs are made from, validated."""

    project: Project
    edition: EditionSource
    stats: dict[str, Statistic]
    previous_stats: dict[str, Statistic]
    chart_specs: dict[str, Any]
    table_specs: dict[str, tuple[Path, TableSpec]]
    numbering: Numbering
    frameworks: dict[str, Any]
    recommendations: list[Any]
    previous_recommendations: list[Any]


def prepare_edition(project: Project, year: int, *, strict: bool = False) -> Prepared:
    """Compute and cross-check one edition; raise one GtaError with every problem found."""
    from .charts import load_chart_specs
    from .framework import load_frameworks
    from .recommendations import load_recommendations

    if year not in project.editions:
        raise GtaError(Problems().items or [_no_edition(project, year)])
    edition = project.editions[year]
    problems = Problems()
    result = compute_statistics(project, year)
    stats = result.stats
    prev_year = edition.meta.previous
    previous_stats = compute_statistics(project, prev_year).stats if prev_year in project.editions else {}
    chart_specs = _collect(problems, lambda: load_chart_specs(project), {})
    table_specs = _collect(problems, lambda: load_table_specs(project), {})
    numbering = _collect(problems, lambda: number_items(edition), Numbering())
    used_tables = {t: table_specs[t] for t in numbering.tables if t in table_specs}
    problems.extend(missing_statistics(used_tables, stats, set(stats) | set(result.unavailable)).items)
    # NOTE: every declared chart counts as known, so a broken spec is reported once, at the spec.
    names = Names(set(stats), result.unavailable, set(project.figures), set(table_specs), set(project.references),
                  set(previous_stats))
    problems.extend(check_chapters(edition, numbering, names).items)
    frameworks = _collect(problems, lambda: load_frameworks(project.root), {})
    known = set(stats) | set(result.unavailable)
    recs = _collect(problems, lambda: load_recommendations(project.root, year, frameworks, stats, known), [])
    prev_recs = []
    if prev_year in project.editions:
        prev_stats_all = compute_statistics(project, prev_year)
        prev_recs = _collect(problems, lambda: load_recommendations(
            project.root, prev_year, frameworks, prev_stats_all.stats,
            set(prev_stats_all.stats) | set(prev_stats_all.unavailable)), [])
    for sid in edition.meta.headline:
        if sid not in stats:
            problems.add(edition.dir / "edition.yaml", None, f"headline statistic '{sid}' is unknown or unavailable", "")
    problems.raise_if_errors(strict=strict)
    return Prepared(project, edition, stats, previous_stats, chart_specs, table_specs, numbering, frameworks, recs,
                    prev_recs)


def _no_edition(project: Project, year: int) -> Any:
    from .errors import Problem

    known = ", ".join(str(y) for y in sorted(project.editions)) or "none"
    return Problem("sources/editions", None, f"no edition {year}", f"editions: {known}")


def _collect(problems: Problems, action: Any, default: Any) -> Any:
    try:
        return action()
    except GtaError as exc:
        problems.extend(exc.problems)
        return default


def run_pipeline(root: Path, year: int, stage: Path, report: BuildReport, *, formats: tuple[str, ...],
                 self_contained: bool, strict: bool, jobs: int, say: Progress, lang: str = "en") -> None:
    """Write every output of the edition into ``stage`` (a copy of the last good build).

    For a translated edition (``lang`` other than English) the report and the charts speak the
    language; the statistics register and recommendation exports are the English build's.
    """
    clock = _Clock(report)
    with clock("load"):
        say("load")
        project = load_project(root, strict=strict)
        report.warnings = project.warnings
        prep = prepare_edition(project, year, strict=strict)
        loc = prepare_language(root, prep, lang, strict=strict)
    ed = prep.edition.meta
    created = edition_datetime(ed.published)
    from .charts import render_charts, write_chart_pack

    with clock("charts"):
        say("charts")
        outputs = render_charts(project, year, prep.stats, stage / "charts", jobs=jobs,
                                **chart_options(loc, project, prep.stats))
        pack = None
        if any(o.rendered for o in outputs.values()) or not (stage / "charts" / "index.html").exists():
            # NOTE: the gallery, zip and deck are written in a second process while this one lays out
            # the report: the PDF uses one core, so the pack costs no wall-clock time.
            pack = _Background(write_chart_pack, outputs, stage / "charts",
                               ed.title if loc is None else loc.edition_title(ed.title), date=ed.published)
            report.rebuilt.append(f"{sum(o.rendered for o in outputs.values())} charts")
    _check_charts_shown(prep, outputs)
    image = report_image(loc)
    figures = {cid: FigureInfo(cid, o.title, o.subtitle, o.files[image].relative_to(stage).as_posix(), o.alt,
                               o.source_line, o.notes) for cid, o in outputs.items()}
    with clock("recommendations"):
        rec_context = _recommendations(prep, stage, figures, created, loc)
    tables = {tid: build_table(project, spec, prep.stats, ed.data_cutoff) if loc is None else
              localise_table(loc, build_table(project, spec, prep.stats, ed.data_cutoff, locale=lang), spec, prep.stats)
              for tid, (_, spec) in prep.table_specs.items() if tid in prep.numbering.tables}
    env = make_environment(templates_dir(root), *((loc.translations, loc.numbering) if loc is not None else ()))
    inputs = ReportInputs(project, prep.edition, prep.stats, prep.previous_stats, figures, tables, prep.numbering,
                          rec_context, locale=lang, localisation=loc)
    with clock("html"):
        say("html")
        rendered = render_report(env, inputs)
        copy_assets(root, stage, lang)
        from .atomic import write_text

        write_text(stage / "report.html", rendered.html)
        if self_contained:
            from .standalone import inline_assets

            write_text(stage / "report-standalone.html", inline_assets(rendered.html, stage))
        report.rebuilt.append("html")
    anchors: dict[str, int] = {}
    if "pdf" in formats:
        with clock("pdf"):
            say("pdf")
            from .fonts import check_glyphs

            check_glyphs(rendered.html, lang, stage / "report.html")
            anchors = _pdf(root, stage, rendered.html, ed.published, report)
    if pack is not None:
        with clock("chart pack"):
            pack.result()
    if loc is not None:
        return  # NOTE: the register and exports are language-independent: the English build writes them
    with clock("exports"):
        say("exports")
        from .register import Usage, write_register

        usage = {sid: Usage(u.chapters, tuple(sorted({p for k, p in anchors.items() if k.startswith(f"stat-{sid}-")})))
                 for sid, u in rendered.usage.items()}
        write_register(project, prep.stats, usage, stage, created)


def _check_charts_shown(prep: Prepared, outputs: dict[str, Any]) -> None:
    """A chapter may only place a chart that has data within the edition's cut-off."""
    problems = Problems()
    for chapter in prep.edition.chapters:
        for call in prep.numbering.calls.get(chapter.id, []):
            if call.function in ("chart", "figref") and call.name not in outputs:
                problems.add(chapter.path, call.line, f"chart '{call.name}' has no data within edition "
                             f"{prep.edition.year}'s data cut-off ({prep.edition.meta.data_cutoff})",
                             "remove it from this edition's chapter, or choose a chart with earlier data")
    problems.raise_if_errors()


def _pdf(root: Path, stage: Path, html_text: str, published: str, report: BuildReport) -> dict[str, int]:
    from .atomic import write_bytes
    from .pdf import write_pdf
    from .stamps import hash_files, hash_text, library_versions, read_stamps, write_stamps

    key = hash_text(html_text, hash_files(stage.joinpath("assets").rglob("*"), stage),
                    hash_files(stage.joinpath("charts").glob("*/*.svg"), stage), library_versions("weasyprint"),
                    str(source_date_epoch(published)))
    stamps = read_stamps(stage)
    if stamps.get("pdf") == key and (stage / "report.pdf").exists() and (stage / ".anchors.json").exists():
        import json

        return json.loads((stage / ".anchors.json").read_text())
    result = write_pdf(html_text, stage, [stage, root], source_date_epoch=source_date_epoch(published))
    write_bytes(stage / "report.pdf", result.data)
    from .exports import write_json

    write_json(stage / ".anchors.json", result.anchors)
    stamps["pdf"] = key
    write_stamps(stage, stamps)
    report.rebuilt.append("pdf")
    report.pages = result.pages
    return result.anchors


def prepare_language(root: Path, prep: Prepared, lang: str, *, strict: bool = False) -> Any:
    """The language's catalogue, edition texts and chapter versions, checked; ``None`` for English."""
    from .i18n import SOURCE_LANGUAGE, get_language

    get_language(lang)
    if lang == SOURCE_LANGUAGE:
        return None
    from .i18n.context import prepare_localisation

    problems = Problems()
    loc = prepare_localisation(root, prep.edition, lang, prep.numbering.calls, problems)
    problems.raise_if_errors(strict=strict)
    return loc


def report_image(loc: Any) -> str:
    """The chart file the report embeds: the SVG, except for right-to-left editions.

    NOTE: WeasyPrint draws SVG text glyph by glyph, without Arabic shaping or bidi; matplotlib
    (with libraqm) shapes it correctly in the 300-dpi PNG, so the Arabic report shows that.
    """
    return "png" if loc is not None and loc.language.direction == "rtl" else "svg"


def chart_options(loc: Any, project: Project, stats: dict[str, Statistic]) -> dict[str, Any]:
    """What render_charts needs for a translated edition (nothing for English)."""
    if loc is None:
        return {}
    from .i18n.charts import chart_options as options

    return options(loc, project, stats)


def localise_table(loc: Any, table: Any, spec: Any, stats: dict[str, Statistic]) -> Any:
    from .i18n.tables import localise_table as localise

    return localise(loc, table, spec, stats)


def _recommendations(prep: Prepared, stage: Path, figures: dict[str, FigureInfo], created: Any,
                     loc: Any = None) -> dict[str, Any] | None:
    if not prep.recommendations:
        return None
    from .charts import render_heatmap
    from .recommendations import heatmap_args, recommendations_context, write_recommendation_exports

    ed = prep.edition.meta
    recs = prep.recommendations
    if loc is None:
        write_recommendation_exports(recs, prep.frameworks, stage, ed, created=created)
    else:
        from .i18n.recommendations import localise_recommendations

        recs = localise_recommendations(loc, recs)
    args = heatmap_args(recs, prep.frameworks["mnr"], ed.title if loc is None else loc.edition(ed).title)
    if loc is not None:
        from .i18n.recommendations import localise_heatmap

        args = localise_heatmap(loc, args, recs, prep.frameworks["mnr"])
    out = render_heatmap(**args, out_dir=stage / "charts", **chart_options(loc, prep.project, prep.stats))
    text = (lambda st: st.text()) if loc is None else loc.text
    context = recommendations_context(recs, prep.frameworks, ed, prep.previous_recommendations,
                                      prep.stats, ed.recommendations_by, text)
    if loc is not None:
        from .i18n.recommendations import localise_context

        context = localise_context(loc, context, prep.stats)
    context["heatmap_number"] = prep.numbering.figures.get(out.id)
    if loc is not None and context["heatmap_number"] is not None:
        context["heatmap_number"] = loc.integer(context["heatmap_number"])
    context["heatmap"] = figures[out.id] = FigureInfo(out.id, out.title, out.subtitle,
                                                      out.files[report_image(loc)].relative_to(stage).as_posix(), out.alt,
                                                      out.source_line, out.notes)
    return context


class _Background:
    """Run one function in a forked process (falling back to this one), and wait for it on demand."""

    def __init__(self, fn: Any, *args: Any, **kwargs: Any):
        from .workers import new_pool  # NOTE(harden): the worker dies with the build and leaves Ctrl-C to it

        self.pool = None
        try:
            self.pool = new_pool(1)
            self.future = self.pool.submit(fn, *args, **kwargs)
        except (OSError, ValueError):
            self.pool, self.value = None, fn(*args, **kwargs)

    def result(self) -> Any:
        if self.pool is None:
            return self.value
        try:
            return self.future.result()
        finally:
            self.pool.shutdown()


class _Clock:
    """Times each step into the build report."""

    def __init__(self, report: BuildReport):
        self.report = report

    def __call__(self, name: str) -> Any:
        clock = self

        class _Step:
            def __enter__(self) -> None:
                self.t = time.perf_counter()

            def __exit__(self, *exc: Any) -> None:
                clock.report.timings[name] = clock.report.timings.get(name, 0.0) + time.perf_counter() - self.t

        return _Step()
