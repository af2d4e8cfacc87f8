"""Writing one chart's files: PNG (print and slide), SVG, PDF, CSV and JSON, byte for byte reproducible.

Each chart is written into a temporary folder beside its final one and moved into place only
when every file is written, so a failed render never leaves half a chart. Runs in worker
processes: everything a job needs travels in :class:`RenderJob`.

Two kinds of file: the report's own variants (``<id>.svg``: the bare chart, captioned by the
report) and the stand-alone files that leave the report, named for the edition and figure
(``gta2025-fig03-ncmec-reports.png``), each with its title, notes, source and credit line
(publisher, edition, figure, licence) drawn on it, and the same facts in its JSON.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .credit import DATA_TERMS, Credit, data_sources
from .data import PlotData
from .spec import PRINT_WIDTH_CM, ChartSpec

CM = 1 / 2.54
PRINT_DPI = 300
PHONE_WIDTH_CM = 7.9  # a 375 px screen shows it about 335 px wide: 7.5 pt text becomes 11 px
SLIDE_INCHES = (8.0, 4.5)  # 16:9
SLIDE_DPI = 240  # 8 x 4.5 in at 240 dpi = 1920 x 1080 px
#: The chart area of a deck slide (13.33 x 7.5 in) between its title and footer: charts PowerPoint
#: cannot draw (slope, dumbbell, heatmap) are placed there as a picture drawn at this size.
DECK_CHART_INCHES = (11.9, 4.1)
DECK_DPI = 200
#: Chart types the deck draws as native, editable PowerPoint charts (see :mod:`.deck`).
NATIVE_TYPES = ("line", "bar", "barh", "grouped-bar", "stacked-bar", "area", "small-multiples")
VECTOR_FORMATS = ("png", "svg", "pdf")
# NOTE: matplotlib writes dates and its version into files unless told not to.
SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
STAMP = ".stamp.json"
#: The stand-alone files, which travel together (the pack); the others belong to the report.
PACK_FILES = ("png_titled", "png_slide", "svg_titled", "pdf_titled", "csv", "json")


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
    decimals: int | None = None


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
    lead_font: bool = False  # the script's font draws every character (Chinese), not only what Latin lacks
    credit: Credit | None = None  # the chart's figure number and the edition's citation facts


def file_names(chart_id: str, formats: tuple[str, ...], sizes: tuple[str, ...], stem: str | None = None,
               deck: bool = False) -> dict[str, str]:
    """The files a render writes, by key.

    The report's variants are ``<id>.<fmt>`` (untitled); the stand-alone files are ``<stem>.<fmt>``
    (titled, with the credit), ``<stem>-slide.png``, ``<stem>.csv`` and ``<stem>.json``; with
    ``deck``, ``<id>-deck.png`` is the bare chart the deck shows where it cannot draw the chart itself.
    """
    stem = stem or f"{chart_id}-titled"
    names = {"csv": f"{stem}.csv", "json": f"{stem}.json"}
    if "print" in sizes:
        for fmt in VECTOR_FORMATS:
            if fmt in formats:
                names[fmt] = f"{chart_id}.{fmt}"
                names[f"{fmt}_titled"] = f"{stem}.{fmt}"
    if "slide" in sizes:
        names["png_slide"] = f"{stem}-slide.png"
        if deck:
            names["png_deck"] = f"{chart_id}-deck.png"
    if "phone" in sizes:
        names["png_phone"] = f"{chart_id}-phone.png"
    return names


def needs_picture(chart_type: str) -> bool:
    """Whether the deck shows this chart as a picture (PowerPoint has no such chart type)."""
    return chart_type not in NATIVE_TYPES


#: What each part of a render writes: "report" is what the report's HTML and PDF show (drawn first,
#: before the PDF is laid out); "pack" is the stand-alone files (titled, slide, deck), drawn while
#: the PDF is laid out; "all" is both in one go.
PARTS = ("all", "report", "pack")


def render_job(job: RenderJob, part: str = "all") -> dict[str, str]:
    """Draw and write the files of one chart (``part``: see :data:`PARTS`); return {key: file name}.

    "all" and "report" write a fresh folder and swap it in; "pack" adds its files to the folder
    "report" wrote, and only then stamps the folder complete, so a build killed in between redraws.
    """
    from .draw import add_frame, draw_chart, draw_heatmap, fit_heatmap_labels
    from .style import SLIDE_SCALE, house_style

    style = {"lead": job.lead_font, "rtl": is_rtl(job.locale)}
    stem = job.credit.stem(job.meta.id) if job.credit else None
    names = file_names(job.meta.id, job.formats, job.sizes, stem, deck=needs_picture(job.meta.type))
    credit = job.credit.line() if job.credit else ""
    report, pack = part in ("all", "report"), part in ("all", "pack")
    if report:
        tmp = job.folder.with_name(f".{job.folder.name}.tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        (tmp / names["csv"]).write_bytes(job.csv_bytes)
        (tmp / names["json"]).write_bytes(meta_json(job.meta, names, job.credit))
    else:
        tmp = job.folder.with_name(f".{job.folder.name}.pack")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
    written: list[str] = ["csv", "json"]

    def figure(width_in: float, height_in: float, sizes: Any) -> Any:
        if job.spec is None:
            from matplotlib.figure import Figure

            fig = Figure(figsize=(width_in, height_in), layout="constrained")
            draw_heatmap(fig, job.heatmap["matrix"], job.heatmap["rows"], job.heatmap["cols"], sizes,
                         job.heatmap.get("value_format", "plain"))
            return fig
        return draw_chart(job.spec, job.data, width_in, height_in, sizes)

    vector = [f for f in VECTOR_FORMATS if f in job.formats]
    if "print" in job.sizes and vector:
        with house_style(1.0, job.fonts, (job.locale, job.numbering), **style) as sizes:
            fig = figure(PRINT_WIDTH_CM * CM, job.print_height_cm * CM, sizes)
            # NOTE: the titled files are laid out after the bare chart was, whichever part draws them,
            # so "pack" repeats the first save (in memory) and its files match "all" byte for byte.
            bare = [(tmp / names[f], f, PRINT_DPI) for f in vector] if report else [(None, vector[0], PRINT_DPI)]
            save_all(fig, bare, job.meta.id)
            written += vector if report else []
            if pack:
                add_frame(fig, job.meta.title, job.meta.subtitle, job.meta.source_line, sizes, grow=True,
                          notes=job.meta.notes, credit=credit)
                if job.spec is None:
                    fit_heatmap_labels(fig, job.heatmap["rows"], job.heatmap["cols"], sizes.small)
                save_all(fig, [(tmp / names[f"{f}_titled"], f, PRINT_DPI) for f in vector], job.meta.id)
                written += [f"{f}_titled" for f in vector]
            for key in ("svg", "svg_titled"):
                if key in written and (tmp / names[key]).exists():
                    _finish_svg(tmp / names[key], job)
    if "slide" in job.sizes and pack:
        with house_style(SLIDE_SCALE, job.fonts, (job.locale, job.numbering), **style) as sizes:
            if "png_deck" in names:
                save_all(figure(*DECK_CHART_INCHES, sizes), [(tmp / names["png_deck"], "png", DECK_DPI)])
                written.append("png_deck")
            fig = figure(*SLIDE_INCHES, sizes)
            # NOTE: a slide has room for the spec's own notes only; every note is in the deck's speaker notes.
            add_frame(fig, job.meta.title, job.meta.subtitle, job.meta.source_line, sizes, grow=False,
                      notes=job.slide_notes, credit=credit, inset=True)
            if job.spec is None:
                fit_heatmap_labels(fig, job.heatmap["rows"], job.heatmap["cols"], sizes.small)
            save_all(fig, [(tmp / names["png_slide"], "png", SLIDE_DPI)], job.meta.id)
            written.append("png_slide")
    if "phone" in job.sizes and report:
        # NOTE: drawn at a phone's width, so the report's text on the chart stays legible (>= 11 px at 375 px).
        with house_style(1.0, job.fonts, (job.locale, job.numbering), **style) as sizes:
            fig = figure(PHONE_WIDTH_CM * CM, phone_height_cm(job.spec, job.data, job.print_height_cm) * CM, sizes)
            save_all(fig, [(tmp / names["png_phone"], "png", PRINT_DPI)], job.meta.id)
            written.append("png_phone")
    if part == "pack":
        for path in sorted(tmp.iterdir()):
            os.replace(path, job.folder / path.name)
        tmp.rmdir()
        _stamp(job.folder, job.digest, names)
        return names
    _stamp(tmp, job.digest, names if part == "all" else {k: v for k, v in names.items() if k in written})
    _swap(tmp, job.folder)
    return names


def _stamp(folder: Path, digest_: str, files: dict[str, str]) -> None:
    """What the folder holds and what it was drawn from (:func:`reusable` reads it)."""
    (folder / STAMP).write_text(json.dumps({"digest": digest_, "files": files}, sort_keys=True, indent=1) + "\n",
                                encoding="utf-8")


def is_rtl(locale: str) -> bool:
    """Whether the language is written right to left (Arabic)."""
    from ..i18n import LANGUAGES

    language = LANGUAGES.get(locale.split("-")[0])
    return language is not None and language.direction == "rtl"


def _finish_svg(path: Path, job: RenderJob) -> None:
    """Title and description for screen readers, and the fonts it is drawn in.

    NOTE: the report's SVGs carry their fonts too: shown with <img>, an SVG cannot use the page's.
    """
    from .svgfile import add_title, embed_fonts

    path.write_bytes(embed_fonts(add_title(path.read_bytes(), job.meta.title, job.meta.alt, key=job.meta.id),
                                 job.fonts))


def phone_height_cm(spec: ChartSpec | None, data: PlotData, print_height_cm: float) -> float:
    """A phone image's height: about the print height, and a panel's height for each panel of small multiples."""
    if spec is not None and spec.type == "small-multiples":
        return 1.0 + 5.0 * len(data.keys)
    return max(7.5, 0.9 * print_height_cm)


def save_all(fig: Any, targets: list[tuple[Path | None, str, int]], chart_id: str = "") -> None:
    """Save one figure in several formats with one layout: the first save lays it out, the rest reuse it.

    A target without a path is saved to memory and thrown away (it lays the figure out as that save would).

    The SVG ids (clip paths, glyphs) are salted with the chart's own id, never with anything that
    depends on the process or the charts drawn before it, so any number of workers gives the same bytes.
    """
    import matplotlib

    engine = fig.get_layout_engine()
    for i, (path, fmt, dpi) in enumerate(targets):
        with matplotlib.rc_context({"svg.hashsalt": f"gta-{chart_id}"}):
            fig.savefig(path if path is not None else io.BytesIO(), format=fmt, dpi=dpi, metadata=SAVE_METADATA[fmt])
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


# --- JSON ---------------------------------------------------------------------------------------

def meta_dict(meta: ChartMeta) -> dict[str, Any]:
    return {
        "id": meta.id, "type": meta.type, "title": meta.title, "subtitle": meta.subtitle,
        "source_line": meta.source_line, "notes": list(meta.notes), "alt": meta.alt, "citation": meta.citation,
        "references": list(meta.references), "edition": {"year": meta.edition, "title": meta.edition_title},
        "number_format": meta.number_format,
    }


def meta_json(meta: ChartMeta, names: dict[str, str], credit: Credit | None = None) -> bytes:
    """The chart's JSON: what it shows, how to cite it (with URL, date, figure and licence), and its files.

    ``citation`` is the full citation; ``source_line`` and ``attribution`` name the data publishers,
    whose own terms apply to the data (``data_sources``).
    """
    doc = meta_dict(meta) | {"files": {k: v for k, v in sorted(names.items()) if k in PACK_FILES}}
    doc["attribution"] = meta.citation
    doc["data_sources"] = data_sources(meta.references)
    doc["data_terms"] = DATA_TERMS
    if credit is not None:
        doc["citation"] = credit.as_dict(meta.title)
        doc["figure"] = credit.number
        doc["licence"] = doc["citation"]["licence"]
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
