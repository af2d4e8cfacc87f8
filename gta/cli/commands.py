"""Core commands: validate, build, stats."""

from __future__ import annotations

import click

from . import Context, main, print_warnings, run


@main.command()
@click.pass_obj
def validate(ctx: Context) -> None:
    """Check every source file, statistic, chart spec and chapter; exit 1 on any error."""
    from ..build import validate_project

    report = run(ctx, lambda: validate_project(ctx.project, strict=ctx.strict))
    print_warnings(ctx, report.warnings)
    ctx.say(f"ok: {report.summary}")


@main.command()
@click.option("--edition", type=int, default=None, help="Edition year to build (default: the newest).")
@click.option("--format", "formats", default="html,pdf", show_default=True,
              help="Comma-separated outputs: html, pdf.")
@click.option("--self-contained", is_flag=True, help="Also write report-standalone.html with everything inlined.")
@click.option("--jobs", type=int, default=None, help="Processes for charts (default: up to 2).")
@click.option("--lang", "langs", default="en", show_default=True, metavar="LANG",
              help="Language: en, fr, es, pt, ar, zh (comma-separated), or 'all' for every language of the edition.")
@click.pass_obj
def build(ctx: Context, edition: int | None, formats: str, self_contained: bool, jobs: int | None,
          langs: str) -> None:
    """Build an edition into build/<year>/: report.html, report.pdf, charts, register and exports.

    Translations go to build/<year>/<lang>/ (report.html, report.pdf, charts). Only what changed is
    rebuilt; a build that fails leaves the last good output untouched.
    """
    from ..build import FORMATS, build_edition
    from ..i18n import LANGUAGES

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; use html and/or pdf",
                                 param_hint="--format")
    if "html" not in chosen:
        chosen = ("html", *chosen)  # the PDF is laid out from the HTML
    wanted = [code.strip() for code in langs.split(",") if code.strip()]
    bad = [code for code in wanted if code not in LANGUAGES and code != "all"]
    if bad or not wanted:
        raise click.BadParameter(f"unknown language {', '.join(bad) or '(none)'}; use {', '.join(LANGUAGES)} or all",
                                 param_hint="--lang")
    if "all" in wanted:
        from ..build import default_edition
        from ..i18n.editions import declared_languages

        year = edition
        wanted = run(ctx, lambda: declared_languages(ctx.project.resolve(), year or default_edition(ctx.project)))
    from .progress import progress

    for lang in wanted:
        with progress(ctx) as step:
            report = run(ctx, lambda lang=lang: build_edition(ctx.project, edition, formats=chosen,  # type: ignore[misc]
                                                              self_contained=self_contained, strict=ctx.strict,
                                                              jobs=jobs, progress=step, lang=lang))
        print_warnings(ctx, report.warnings)
        ctx.say(report.summary)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--edition", type=int, default=None, help="Edition whose data cut-off applies (default: the newest).")
@click.pass_obj
def stats(ctx: Context, ids: tuple[str, ...], edition: int | None) -> None:
    """Print the statistics register, or the full provenance of the statistics named."""
    from ..build import default_edition
    from ..errors import GtaError, Problem
    from ..sources import did_you_mean, load_project
    from ..statistics import compute_statistics

    def collect():
        project = load_project(ctx.project, strict=ctx.strict)
        year = edition or default_edition(ctx.project)
        result = compute_statistics(project, year)
        for sid in ids:
            if sid not in result.stats:
                if sid in result.unavailable:
                    raise GtaError(result.unavailable[sid])
                raise GtaError(Problem("gta stats", None, f"unknown statistic '{sid}'",
                                       did_you_mean(sid, result.stats) or "run 'gta stats' to list them"))
        return project, result

    project, result = run(ctx, collect)
    if not ids:
        width = max(len(s) for s in result.stats)
        for sid, st in sorted(result.stats.items()):
            flag = " (low confidence)" if st.confidence == "low" else ""
            click.echo(f"{sid:<{width}}  {st.text():>22}  {st.label}{flag}")
        return
    for sid in ids:
        st = result.stats[sid]
        click.secho(f"{sid}: {st.label}", bold=True)
        click.echo(f"  shown as    {st.text()}")
        click.echo(f"  exact value {st.value!r} {st.unit} ({st.qualifier})")
        click.echo(f"  as of       {st.as_of or '–'}    confidence {st.confidence}")
        click.echo(f"  derivation  {st.derivation}")
        if st.estimate is not None:  # a survey estimate: its interval and what it is about
            e = st.estimate
            sample = "; ".join(x for x in (f"{e.studies} studies" if e.studies else "",
                                           f"{e.sample_size:,} participants" if e.sample_size else "") if x)
            click.echo(f"  interval    {e.lower!r}–{e.upper!r} ({e.level:.0%} CI"
                       f"{', from the standard error' if e.from_standard_error else ''})")
            click.echo(f"  estimate of {e.population}; {e.period}; {e.method}" + (f"; {sample}" if sample else ""))
        for i in st.inputs:
            click.echo(f"  input       {i.ref} = {i.value:,.0f}  ({i.location}) {i.source_url}".rstrip())
        for r in st.references:
            ref = project.references[r]
            click.echo(f"  reference   [{r}] {ref.publisher}, {ref.title}. {ref.url}")
        for c in st.caveats:
            click.echo(f"  caveat      {c}")
        if st.note:
            click.echo(f"  note        {st.note}")
        if st.location:
            click.echo(f"  declared at {st.location}")
