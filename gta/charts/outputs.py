"""Writing one chart's files: PNG (print and slide), SVG, PDF, CSV and JSON, byte for byte reproducible.

Each chart is written into a temporary folder beside its final one and moved into place only
when every file is written, so a failed render never leaves half a chart. Runs in worker
processes: everything a job needs travels in :class:`RenderJob`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .data import PlotData
from .spec import PRINT_WIDTH_CM, ChartSpec

CM = 1 / 2.54
PRINT_DPI = 300
PHONE_WIDTH_CM = 7.9  # a 375 px screen shows it about 335 px wide: 7.5 pt text becomes 11 px
SLIDE_INCHES = (8.0, 4.5)  # 16:9
SLIDE_DPI = 240  # 8 x 4.5 in at 240 dpi = 1920 x 1080 px
VECTOR_FORMATS = ("png", "svg", "pdf")
# NOTE: matplotlib writes dates and its version into files unless told not to.
SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
STAMP = ".stamp.json"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ChartMeta:
    """What is said about a chart: everything in its JSON file."""

    id: str
    type: str
    title: str
    subtitle: str
    source_line: str
    notes: tuple[str, ...]
    alt: str
    citation: str
    references: tuple[dict[str, Any], ...]
    edition: int | None
    edition_title: str
    number_format: str


@dataclass
class RenderJob:
    """One chart to draw and write (picklable: sent to a worker process)."""

    meta: ChartMeta
    data: PlotData
    spec: ChartSpec | None  # None for a heatmap
    folder: Path  # the chart's final folder, out_dir/<id>
    formats: tuple[str, ...]
    sizes: tuple[str, ...]
    digest: str
    csv_bytes: bytes
    print_height_cm: float = 9.0
    heatmap: dict[str, Any] = field(default_factory=dict)
    slide_notes: tuple[str, ...] = ()  # notes drawn on the slide PNG (the spec's own)
    locale: str = "en"  # numbers on the chart (a translated edition's)
    numbering: str | None = None
    fonts: tuple[tuple[str, str, int], ...] = ()  # (family, file, face) drawing the language's script


def file_names(chart_id: str, formats: tuple[str, ...], sizes: tuple[str, ...]) -> dict[str, str]:
    """The files a render writes, by key: report variants untitled, ``*_titled`` and the slide titled."""
    names = {"csv": f"{chart_id}.csv", "json": f"{chart_id}.json"}
    if "print" in sizes:
        for fmt in VECTOR_FORMATS:
            if fmt in formats:
                names[fmt] = f"{chart_id}.{fmt}"
                names[f"{fmt}_titled"] = f"{chart_id}-titled.{fmt}"
    if "slide" in sizes:
        names["png_slide"] = f"{chart_id}-slide.png"
    if "phone" in sizes:
        names["png_phone"] = f"{chart_id}-phone.png"
    return names


def render_job(job: RenderJob) -> dict[str, str]:
    """Draw and write every file of one chart; return {key: file name}."""
    from .draw import add_frame, draw_chart, draw_heatmap
    from .style import SLIDE_SCALE, house_style

    names = file_names(job.meta.id, job.formats, job.sizes)
    tmp = job.folder.with_name(f".{job.folder.name}.tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    (tmp / names["csv"]).write_bytes(job.csv_bytes)
    (tmp / names["json"]).write_bytes(meta_json(job.meta, names))

    def figure(width_in: float, height_in: float, sizes: Any) -> Any:
        if job.spec is None:
            from matplotlib.figure import Figure

            fig = Figure(figsize=(width_in, height_in), layout="constrained")
            draw_heatmap(fig, job.heatmap["matrix"], job.heatmap["rows"], job.heatmap["cols"], sizes,
                         job.heatmap.get("value_format", "plain"))
            return fig
        return draw_chart(job.spec, job.data, width_in, height_in, sizes)

    if "print" in job.sizes and any(f in job.formats for f in VECTOR_FORMATS):
        with house_style(1.0, job.fonts, (job.locale, job.numbering)) as sizes:
            fig = figure(PRINT_WIDTH_CM * CM, job.print_height_cm * CM, sizes)
            save_all(fig, [(tmp / names[f], f, PRINT_DPI) for f in VECTOR_FORMATS if f in job.formats])
            add_frame(fig, job.meta.title, job.meta.subtitle, job.meta.source_line, sizes, grow=True,
                      notes=job.meta.notes)
            save_all(fig, [(tmp / names[f"{f}_titled"], f, PRINT_DPI) for f in VECTOR_FORMATS if f in job.formats])
    if "slide" in job.sizes:
        with house_style(SLIDE_SCALE, job.fonts, (job.locale, job.numbering)) as sizes:
            fig = figure(*SLIDE_INCHES, sizes)
            # NOTE: a slide has room for the spec's own notes only; every note is in the deck's speaker notes.
            add_frame(fig, job.meta.title, job.meta.subtitle, job.meta.source_line, sizes, grow=False,
                      notes=job.slide_notes)
            save_all(fig, [(tmp / names["png_slide"], "png", SLIDE_DPI)])
    if "phone" in job.sizes:
        # NOTE: drawn at a phone's width, so the report's text on the chart stays legible (>= 11 px at 375 px).
        with house_style(1.0, job.fonts, (job.locale, job.numbering)) as sizes:
            fig = figure(PHONE_WIDTH_CM * CM, phone_height_cm(job.spec, job.data, job.print_height_cm) * CM, sizes)
            save_all(fig, [(tmp / names["png_phone"], "png", PRINT_DPI)])
    (tmp / STAMP).write_text(json.dumps({"digest": job.digest, "files": names}, sort_keys=True, indent=1) + "\n",
                             encoding="utf-8")
    _swap(tmp, job.folder)
    return names


def phone_height_cm(spec: ChartSpec | None, data: PlotData, print_height_cm: float) -> float:
    """A phone image's height: about the print height, and a panel's height for each panel of small multiples."""
    if spec is not None and spec.type == "small-multiples":
        return 1.0 + 5.0 * len(data.keys)
    return max(7.5, 0.9 * print_height_cm)


def save_all(fig: Any, targets: list[tuple[Path, str, int]]) -> None:
    """Save one figure in several formats with one layout: the first save lays it out, the rest reuse it."""
    engine = fig.get_layout_engine()
    for i, (path, fmt, dpi) in enumerate(targets):
        fig.savefig(path, format=fmt, dpi=dpi, metadata=SAVE_METADATA[fmt])
        if i == 0:
            fig.set_layout_engine("none")  # NOTE: keeps the positions just computed
    fig.set_layout_engine(engine)


def _swap(tmp: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    if old.exists():
        shutil.rmtree(old)


# --- CSV and JSON -------------------------------------------------------------------------------

def csv_bytes(data: PlotData) -> bytes:
    """The plotted table as CSV: exact values, empty cells for unknown, text cells safe from formulas.

    Written as UTF-8 with a byte-order mark and CRLF line ends, which Excel opens correctly.
    Columns of qualifiers ("more than", "almost", ...) follow the values when any value is not exact.
    """
    keys = data.keys
    qualified = [k for k in keys if any(q not in ("", "exact") for q in data.qualifiers[k])]
    header = [data.x_label, *(data.labels[k] for k in keys), *(f"{data.labels[k]} (qualifier)" for k in qualified)]
    bounds = data.lower is not None and data.upper is not None  # interval charts: the whiskers' ends
    if bounds:
        level = f"{(data.level or 0.95) * 100:g}% CI"
        header += [f"{data.labels[k]} ({end}, {level})" for k in keys for end in ("lower", "upper")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in header])
    for x in data.frame.index:
        row: list[str] = [safe_text(x) if isinstance(x, str) else str(x)]
        row += [number_text(data.frame.at[x, k]) for k in keys]
        row += [safe_text(data.qualifiers.at[x, k] or "") for k in qualified]
        if bounds:
            row += [number_text(t.at[x, k]) for k in keys for t in (data.lower, data.upper)]  # type: ignore[union-attr]
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def safe_text(value: Any) -> str:
    """A text cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def number_text(value: Any) -> str:
    """The exact value: integers without ".0", other numbers in full (shortest exact form)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)
    if v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    return repr(v)


def meta_dict(meta: ChartMeta) -> dict[str, Any]:
    return {
        "id": meta.id, "type": meta.type, "title": meta.title, "subtitle": meta.subtitle,
        "source_line": meta.source_line, "notes": list(meta.notes), "alt": meta.alt, "citation": meta.citation,
        "references": list(meta.references), "edition": {"year": meta.edition, "title": meta.edition_title},
        "number_format": meta.number_format,
    }


def meta_json(meta: ChartMeta, names: dict[str, str]) -> bytes:
    doc = meta_dict(meta) | {"files": dict(sorted(names.items()))}
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


# --- cache --------------------------------------------------------------------------------------

def code_version() -> bytes:
    """The chart code and the number formatter: a change to either redraws every chart."""
    here = Path(__file__).parent
    files = sorted(here.glob("*.py")) + [here.parent / "formatting.py"]
    return b"".join(p.name.encode() + p.read_bytes() for p in files)


def digest(parts: list[bytes]) -> str:
    from .style import fingerprint

    h = hashlib.sha256()
    versions = ["matplotlib", "pillow", "numpy", "babel"]
    for part in [*parts, fingerprint(), code_version(),
                 repr([(v, metadata.version(v)) for v in versions]).encode()]:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def reusable(folder: Path, want: dict[str, str], digest_: str) -> bool:
    """True when the folder holds a render with this digest and every wanted file."""
    stamp = folder / STAMP
    if not stamp.exists():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if recorded.get("digest") != digest_:
        return False
    files = recorded.get("files", {})
    return all(files.get(k) == v and (folder / v).exists() for k, v in want.items())
