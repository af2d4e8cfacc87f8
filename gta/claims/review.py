"""The review pack: an HTML page, a CSV and an XLSX listing every claim with its verdict.

Text from the checked files is untrusted: the HTML is rendered with autoescaping and a
Content-Security-Policy that allows no script at all; spreadsheet cells that a spreadsheet
program would run as a formula (starting with = + - @, tab or carriage return) get a leading
apostrophe in the CSV and stay text in the XLSX (:mod:`gta.exports`). The XLSX is byte-for-byte
deterministic: fixed document dates and zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

from ..formatting import half_up
from .model import VERDICTS, Claim

COLUMNS = ("verdict", "source", "line", "page", "text", "kind", "qualifier", "value", "quantity", "years", "computed",
           "computed_text", "message", "statistic", "readings", "sentence")
_FIXED_DATE = dt.datetime(2000, 1, 1)

_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.counts span { display: inline-block; margin-right: 1rem; }
.claim { border: 1px solid #ddd; border-left-width: 6px; border-radius: 4px; padding: .6rem .9rem; margin: .8rem 0; }
.inconsistent { border-left-color: #b3261e; } .ambiguous { border-left-color: #b26a00; }
.unsourced { border-left-color: #6b6b6b; } .consistent { border-left-color: #2e7d32; }
.badge { font-weight: 600; text-transform: uppercase; font-size: .8rem; letter-spacing: .04em; }
.where { color: #555; font-size: .85rem; } .sentence { margin: .4rem 0; } mark { background: #ffe08a; padding: 0 .1em; }
.message { font-weight: 500; } table { border-collapse: collapse; width: 100%; font-size: .85rem; margin-top: .4rem; }
td, th { border-top: 1px solid #eee; padding: .25rem .4rem; text-align: left; vertical-align: top; }
.yes { color: #2e7d32; } .no { color: #999; } code { font-size: .85em; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="counts">{% for verdict, n in counts %}<span class="badge {{ verdict }}">{{ verdict }}: {{ n }}</span>{% endfor %}</p>
<p>Each figure typed in the text (not bound to a statistic) is read as a claim about the shipped datasets and
checked, and so are the words typed around bound numbers ("rose", "about", "the highest", "mainly"):
<strong>consistent</strong> within the rounding and qualifier the text implies; <strong>inconsistent</strong>
with the computed value and the closest readings; <strong>ambiguous</strong> when several readings fit;
<strong>unsourced</strong> when the data cannot settle it (the message names what they do hold).</p>
{% for verdict, items in groups %}
<h2 id="{{ verdict }}">{{ verdict|capitalize }} ({{ items|length }})</h2>
{% for c in items %}
<div class="claim {{ c.verdict }}">
  <div class="where"><span class="badge">{{ c.verdict }}</span> · {{ c.source }}:{{ c.line }}{% if c.page %} · PDF page {{ c.page }}{% endif %}
  · {{ c.kind }}{% if c.qualifier != "exact" %} ({{ c.qualifier }}){% endif %}{% if c.quantity %} · <code>{{ c.quantity }}</code>{% endif %}
  {% if c.years %} · {{ c.years|join("→") }}{% endif %}{% if c.statistic %} · bound to <code>{{ c.statistic }}</code>{% endif %}</div>
  <p class="sentence">{{ c.before }}<mark>{{ c.text }}</mark>{{ c.after }}</p>
  <p class="message">{{ c.message }}{% if c.computed_text %} — computed: {{ c.computed_text }}{% endif %}</p>
  {% if c.readings %}
  <table><thead><tr><th>reading</th><th>value</th><th>derivation</th><th>sources</th><th>fits</th></tr></thead><tbody>
  {% for r in c.readings %}<tr><td>{{ r.description }}{% if r.caveat %}<br><em>{{ r.caveat }}</em>{% endif %}</td>
  <td>{{ r.shown }}</td><td>{{ r.derivation }}</td><td>{{ r.references|join(", ") }}</td>
  <td class="{{ 'yes' if r.matches else 'no' }}">{{ "yes" if r.matches else "no" }}</td></tr>{% endfor %}
  </tbody></table>
  {% endif %}
</div>
{% endfor %}
{% endfor %}
</body>
</html>
"""


def summary_counts(claims: Iterable[Claim]) -> dict[str, int]:
    """Claims per verdict, in the fixed order worst first."""
    counts = Counter(c.verdict for c in claims)
    return {v: counts.get(v, 0) for v in VERDICTS}


def write_review(claims: list[Claim], out_dir: Path, *, title: str, pages: dict[Any, int] | None = None) -> list[Path]:
    """Write ``index.html``, ``review.csv`` and ``review.xlsx`` into ``out_dir``; return their paths.

    ``pages`` maps ``(source, start)`` or ``(source, line)`` to a PDF page, for claims whose
    ``page`` is not set yet.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(claims, key=lambda c: (VERDICTS.index(c.verdict), c.source, c.line, c.start))
    rows = [_row(c, _page(c, pages)) for c in ordered]
    paths = [out_dir / "index.html", out_dir / "review.csv", out_dir / "review.xlsx"]
    _replace(paths[0], _html(ordered, rows, title).encode("utf-8"))
    _replace(paths[1], _csv(rows).encode("utf-8"))
    _replace(paths[2], _xlsx(rows, title))
    return paths


def _page(c: Claim, pages: dict[Any, int] | None) -> int | None:
    if c.page is not None or not pages:
        return c.page
    return pages.get((c.source, c.start), pages.get((c.source, c.line)))


def _row(c: Claim, page: int | None) -> dict[str, Any]:
    readings = " | ".join(f"{r.description}: {r.shown} [{r.derivation}]{' (fits)' if r.matches else ''}"
                          for r in c.readings)
    return {
        "verdict": c.verdict, "source": c.source, "line": c.line, "page": page, "text": c.text, "kind": c.kind,
        "qualifier": c.qualifier, "value": c.value, "quantity": c.quantity or "", "years": "→".join(map(str, c.years)),
        "computed": c.computed, "computed_text": c.computed_text, "message": c.message, "statistic": c.statistic or "",
        "readings": readings, "sentence": c.sentence,
    }


def _html(claims: list[Claim], rows: list[dict[str, Any]], title: str) -> str:
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    view = []
    for c, row in zip(claims, rows, strict=True):
        at = c.at if c.sentence[c.at:c.at + len(c.text)] == c.text else max(c.sentence.find(c.text), 0)
        view.append({**row, "readings": c.readings, "years": c.years, "before": c.sentence[:at],
                     "after": c.sentence[at + len(c.text):]})
    groups = [(v, [x for x in view if x["verdict"] == v]) for v in VERDICTS]
    counts = list(summary_counts(claims).items())
    return env.from_string(_TEMPLATE).render(title=title, counts=counts, groups=[g for g in groups if g[1]])


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a leading apostrophe (CSV only)."""
    from ..exports import safe_cell as safe

    return safe(value)


#: How the workbook shows each column (see :mod:`gta.exports`).
_KINDS = {"line": "integer", "page": "integer", "text": "wrap", "value": "number", "computed": "number",
          "message": "wrap", "readings": "wrap", "sentence": "wrap"}


def _csv(rows: list[dict[str, Any]]) -> str:
    from ..exports import csv_text

    return csv_text(COLUMNS, [[None if row[k] is None else _number(row[k]) if isinstance(row[k], float) else row[k]
                               for k in COLUMNS] for row in rows])


def _number(value: float) -> str | None:
    if value != value:
        return None  # NaN → empty
    return format(half_up(value, 10).normalize(), "f")  # the one rounding rule, never banker's round()


def _xlsx(rows: list[dict[str, Any]], title: str) -> bytes:
    from ..exports import Column, Sheet, xlsx_bytes

    claims = Sheet("Claims", tuple(Column(k, _KINDS.get(k, "text")) for k in COLUMNS),
                   tuple(tuple(row[k] for k in COLUMNS) for row in rows))
    counts = Sheet("Summary", (Column("verdict"), Column("claims", "integer")),
                   tuple((v, n) for v, n in Counter(r["verdict"] for r in rows).most_common()))
    return xlsx_bytes([claims, counts], created=_FIXED_DATE, title=title, creator="gta check")


def _replace(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a failed run never leaves half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
