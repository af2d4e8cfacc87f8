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
@click.option("--edition", type=int, default=None,
              help="Edition year to build (default: the latest locked edition).")
@click.option("--format", "formats", default="html,pdf", show_default=True,
              help="Comma-separated outputs: html, pdf.")
@click.option("--self-contained", is_flag=True, help="Also write report-standalone.html with everything inlined.")
@click.option("--jobs", type=int, default=None,
              help="Worker processes for charts, and for languages with --lang all (default: up to 2; "
                   "1 builds languages one after another).")
@click.option("--lang", "langs", default="en", show_default=True, metavar="LANG",
              help="Language: en, fr, es, pt, ar, zh (comma-separated), or 'all' for every language of the edition.")
@click.pass_obj
def build(ctx: Context, edition: int | None, formats: str, self_contained: bool, jobs: int | None,
          langs: str) -> None:
    """Build an edition into build/<year>/: report.html, report.pdf, charts, register and exports.

    Translations go to build/<year>/<lang>/. Only what changed is rebuilt; a build that fails
    leaves the last good output untouched.
    """
    from ..build import FORMATS, build_languages
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
    from .progress import progress

    with progress(ctx) as step:
        reports = run(ctx, lambda: build_languages(ctx.project, edition, wanted, formats=chosen,
                                                   self_contained=self_contained, strict=ctx.strict, jobs=jobs,
                                                   progress=step))
    for report in reports:
        print_warnings(ctx, report.warnings)
        if report.notice:
            click.secho(report.notice, fg="yellow", err=True)
        ctx.say(report.summary)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--edition", type=int, default=None,
              help="Edition whose statistics to show (default: the latest locked edition).")
@click.pass_obj
def stats(ctx: Context, ids: tuple[str, ...], edition: int | None) -> None:
    """Print the statistics register, or the full provenance of the statistics named."""
    from ..formatting import exact_text
    from ..queries import statistics

    answer = run(ctx, lambda: statistics(ctx.project, edition, ids, strict=ctx.strict))
    ctx.say(answer.edition, err=True)
    if not ids:
        width = max((len(s) for s in answer.stats), default=0)
        for sid, st in answer.stats.items():
            flag = " (low confidence)" if st.confidence == "low" else ""
            click.echo(f"{sid:<{width}}  {st.text():>22}  {st.label}{flag}")
        return
    for sid, st in answer.stats.items():
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
            click.echo(f"  input       {i.ref} = {exact_text(i.value)}  ({i.location}) {i.source_url}".rstrip())
        for r in st.references:
            ref = answer.project.references[r]
            click.echo(f"  reference   [{r}] {ref.publisher}, {ref.title}. {ref.url}")
        for c in st.caveats:
            click.echo(f"  caveat      {c}")
        if st.note:
            click.echo(f"  note        {st.note}")
        if st.location:
            click.echo(f"  declared at {st.location}")
