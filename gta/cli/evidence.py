"""``gta evidence``: the evidence library, grouped, with the capabilities it leaves without evidence."""

from __future__ import annotations

import sys
from typing import Any

import click

from . import Context, main, print_warnings, run

GROUPINGS = ("capability", "kind", "year")  # as gta.evidence.GROUPINGS; kept here so --help stays light
CSV_COLUMNS = ("group", "id", "kind", "date", "publishers", "title", "url", "accessed", "capabilities",
               "capability_names", "regions", "quality", "confidence", "summary", "quote", "note", "statistics",
               "declared_at")


@main.command()
@click.option("--by", "by", type=click.Choice(GROUPINGS), default="capability", show_default=True,
              help="Group items by framework capability, by kind or by year.")
@click.option("--format", "fmt", type=click.Choice(("table", "csv")), default="table", show_default=True,
              help="A readable table, or CSV on standard output (one row per item and group).")
@click.option("--edition", type=int, default=None,
              help="Only items an edition can cite (dated up to its year); gaps are counted since its previous edition.")
@click.option("--since", default=None, metavar="DATE",
              help="Count capabilities without evidence since this year or date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.pass_obj
def evidence(ctx: Context, by: str, fmt: str, edition: int | None, since: str | None) -> None:
    """List the evidence library: research, surveys and reports tagged to framework capabilities."""
    from ..queries import evidence as answer

    found = run(ctx, lambda: answer(ctx.project, edition, since, strict=ctx.strict))
    print_warnings(ctx, found.warnings)
    library, frameworks, start = found.library, found.frameworks, found.since
    if fmt == "csv":
        _csv(library, frameworks, by)
    else:
        _table(library, frameworks, by, start)


def _csv(library: Any, frameworks: Any, by: str) -> None:
    import csv

    from ..evidence import group_evidence
    from ..exports import safe_cell
    from ..framework import capability

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in group_evidence(library, frameworks, by):
        for item in group.items:
            names = [capability(frameworks, ref)[2].name for ref in item.capabilities]
            row = [group.key, item.id, item.kind, item.date, "; ".join(item.publishers), item.title, item.url,
                   item.accessed, "; ".join(item.capabilities), "; ".join(names), "; ".join(item.regions),
                   item.quality, item.confidence, item.summary, item.quote, item.note, "; ".join(item.statistics),
                   str(item.location or "")]
            writer.writerow([safe_cell(v) for v in row])


def _table(library: Any, frameworks: Any, by: str, since: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..evidence import evidence_matrix, group_evidence

    console = Console(highlight=False)
    console.print(f"[bold]Evidence library: {len(library)} items, by {by}[/bold]")
    for group in group_evidence(library, frameworks, by):
        title = group.heading + (" (framework known only in part)" if group.partial else "")
        table = Table(title=title, title_justify="left", title_style="bold", expand=True, show_lines=True)
        table.add_column("Item", ratio=3)
        table.add_column("Kind", no_wrap=True)
        table.add_column("Date", no_wrap=True)
        table.add_column("Capabilities", ratio=1)
        for item in group.items:
            lines = [f"[bold]{item.title}[/bold]", f"{'; '.join(item.publishers)}",
                     f"[dim]{item.id} · {item.quality_label} · confidence {item.confidence}[/dim]"]
            table.add_row("\n".join(lines), item.kind_label, item.date, "\n".join(item.capabilities))
        console.print(table)
    matrix = evidence_matrix(library, frameworks, since)
    for fw in frameworks.values():
        columns = [c for c in matrix.capabilities if c.framework == fw.short_name]
        covered = sum(1 for c in columns if c.items)
        console.print(f"[bold]{fw.short_name}[/bold]: {covered} of {len(columns)} capabilities informed by evidence")
        if not fw.complete:
            console.print(f"  {fw.completeness_note.strip()}", style="dim", soft_wrap=True)
        when = f" since {since}" if since else ""
        for c in columns:
            if not c.recent:
                console.print(f"  no evidence{when}: {c.label} {c.name} ({c.domain})")
