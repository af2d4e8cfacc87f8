"""``gta recommendations``: an edition's recommendations as a table, for policy staff."""

from __future__ import annotations

from typing import Any

import click

from . import Context, main, print_warnings, run

GROUPINGS = ("audience", "domain", "capability")  # as gta.recommendations.GROUPINGS; kept here so --help stays light


@main.command()
@click.option("--edition", type=int, default=None, help="Edition year (default: the latest locked edition).")
@click.option("--by", "by", type=click.Choice(GROUPINGS), default=None,
              help="Group by audience, MNR domain or capability (default: the edition's own choice).")
@click.option("--text", "full_text", is_flag=True, help="Also print each recommendation's full text.")
@click.pass_obj
def recommendations(ctx: Context, edition: int | None, by: str | None, full_text: bool) -> None:
    """List an edition's recommendations with their capabilities, evidence and continuity."""
    from ..queries import recommendations as answer

    found = run(ctx, lambda: answer(ctx.project, edition, strict=ctx.strict))
    ctx.say(found.edition, err=True)
    print_warnings(ctx, found.warnings)
    _print(found.year, found.frameworks, found.stats, found.recommendations, found.previous, by or found.by, full_text)


def _print(year: int, frameworks: Any, stats: Any, recs: list[Any], previous: list[Any], by: str,
           full_text: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..framework import capability
    from ..recommendations import AUDIENCES, PRIORITIES, continuity_rows, coverage, group_recommendations

    console = Console(highlight=False)
    status = " (sample text written by the builder team)" if any(r.status == "sample" for r in recs) else ""
    console.print(f"[bold]GTA {year}: {len(recs)} recommendations{status}, by {by}[/bold]")
    if recs[0].mapped_by:
        console.print(f"Mapping to capabilities by {recs[0].mapped_by}.", style="dim")
    for _, heading, members in group_recommendations(recs, frameworks, by):
        table = Table(title=heading, title_justify="left", title_style="bold", expand=True, show_lines=True)
        table.add_column("Ref", no_wrap=True)
        table.add_column("Recommendation", ratio=3)
        table.add_column("Capabilities", ratio=2)
        table.add_column("Evidence", ratio=2, overflow="fold")
        for r in members:
            caps = []
            for ref in r.capabilities:
                fw, _, cap = capability(frameworks, ref)
                label = f"{fw.short_name} {cap.number}" if cap.number is not None else f"{fw.short_name} (partial)"
                caps.append(f"{label} {cap.name}")
            evidence = [f"{stats[sid].text()} [dim]{sid}[/dim]" if sid in stats else sid for sid in r.evidence]
            lines = [f"[bold]{r.title}[/bold]"]
            if full_text:
                lines.append(r.text)
            who = " and ".join(AUDIENCES[a].lower() for a in r.audiences)
            lines.append(f"[dim]for {who} · {PRIORITIES[r.priority].lower()}[/dim]")
            c = r.continuity
            if c.previous:
                lines.append(f"[dim]{c.relation} {', '.join(c.previous)} ({c.previous_year})[/dim]")
            table.add_row(r.label, "\n".join(lines), "\n".join(caps), "\n".join(evidence))
        console.print(table)
    for fw in frameworks.values():
        cov = coverage(recs, fw)
        console.print(f"[bold]{fw.short_name}[/bold]: {cov.summary}")
        if not fw.complete:
            console.print(f"  {fw.completeness_note.strip()}", style="dim", soft_wrap=True)
        for cap in cov.unaddressed:
            console.print(f"  not addressed: {cap.ref} {cap.name} ({fw.domain(cap.domain).name})")
    if previous:
        rows, dropped, _ = continuity_rows(recs, previous)
        prev_year = previous[0].edition
        console.print(f"[bold]Continuity with {prev_year}[/bold]")
        for row in rows:
            console.print(f"  {row.id} {row.relation} {row.previous_id}")
        for pid, _ in dropped:
            console.print(f"  {pid}: not carried forward")
