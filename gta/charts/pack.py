"""The chart pack for policy staff: a gallery page, a zip of every chart, and a PowerPoint deck.

Everything here is reproducible: files are listed in a fixed order, zip entries carry a fixed
timestamp, and the deck's document properties carry the edition's date, never the clock.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import zipfile
from pathlib import Path
from typing import Any

GALLERY = "index.html"
ZIP = "chart-pack.zip"
PPTX = "charts.pptx"
THUMBS = "thumbs"
THUMB_SIZE = (480, 270)
#: Download links in the gallery and files in the zip, in this order (stand-alone, titled variants).
DOWNLOADS = (
    ("png_titled", "PNG for documents (300 dpi)"),
    ("png_slide", "PNG for slides (16:9)"),
    ("svg_titled", "SVG"),
    ("pdf_titled", "PDF"),
    ("csv", "Data (CSV)"),
    ("json", "Metadata (JSON)"),
)


def write_pack(outputs: dict[str, Any], out_dir: Path, edition_title: str, *, pptx: bool = True,
               date: str | None = None, labels: dict[str, str] | None = None,
               look: dict[str, str] | None = None) -> list[Path]:
    """Write the gallery, the zip and (when every chart has a slide PNG) the deck; return their paths."""
    charts = list(outputs.values())
    out_dir.mkdir(parents=True, exist_ok=True)
    when = pack_date(date)
    written = [_write_thumbs(charts, out_dir)]
    has_deck = pptx and all("png_slide" in c.files for c in charts)
    written.append(_atomic(out_dir / ZIP, zip_bytes(charts, out_dir, edition_title, when)))
    if has_deck:
        written.append(_atomic(out_dir / PPTX, pptx_bytes(charts, edition_title, when)))
    written.insert(0, _atomic(out_dir / GALLERY, gallery_html(charts, out_dir, edition_title, has_deck, labels,
                                                              look).encode()))
    return [p for p in written if p.is_file()]


def pack_date(date: str | None) -> dt.datetime:
    """The pack's timestamp: the given ISO date, else SOURCE_DATE_EPOCH, else 1 January 1980 (zip's epoch)."""
    if date:
        return dt.datetime.fromisoformat(str(date)[:10]).replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


# --- gallery ------------------------------------------------------------------------------------

#: the report's look, for a gallery written without a theme (colours as CSS custom properties)
LOOK = {"accent": "#5b2a86", "accent-dark": "#2e1347", "accent-2": "#0f6e8c", "highlight": "#f2b134", "ink": "#1d1d1f",
        "muted": "#555a60", "rule": "#d5d7db", "tint": "#f4f1f8", "cover-ink": "#ffffff"}


def gallery_html(charts: list[Any], out_dir: Path, edition_title: str, has_deck: bool,
                 labels: dict[str, str] | None = None, look: dict[str, str] | None = None) -> str:
    """The gallery, in the report's order and look: each chart under its figure number (``labels``)."""
    e = html.escape
    labels = labels or {}
    props = " ".join(f"--{k}: {v};" for k, v in {**LOOK, **(look or {})}.items())
    cards = []
    for c in charts:
        thumb = f"{THUMBS}/{c.id}.png"
        links = " · ".join(f'<a href="{e(_rel(c.files[k], out_dir))}" download>{e(label)}</a>'
                           for k, label in DOWNLOADS if k in c.files)
        big = c.files.get("png_titled") or c.files.get("png_slide") or c.files.get("png")
        notes = "".join(f"<li>{e(n)}</li>" for n in c.notes)
        cards.append(f"""
<article class="chart" id="{e(c.id)}">
  <a class="thumb" href="{e(_rel(big, out_dir)) if big else '#'}"><img src="{e(thumb)}" alt="{e(c.alt)}" width="{THUMB_SIZE[0]}" height="{THUMB_SIZE[1]}"></a>
  <h2>{f'<span class="fig-label">{e(labels[c.id])}</span> ' if c.id in labels else ''}{e(c.title)}</h2>
  <p class="subtitle">{e(c.subtitle)}</p>
  <p class="source">{e(c.source_line)}</p>
  <p class="downloads">{links}</p>
  <details><summary>Citation, notes and alt text</summary>
    <p class="cite">{e(c.citation)}</p>
    {f'<ul class="notes">{notes}</ul>' if notes else ''}
    <p class="alt"><strong>Alt text:</strong> {e(c.alt)}</p>
  </details>
</article>""")
    deck = f' · <a href="{PPTX}" download>PowerPoint deck (one slide per chart)</a>' if has_deck else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(edition_title)}: charts</title>
<style>
  @font-face {{ font-family: "Source Sans Pro"; src: url("../assets/fonts/SourceSansPro-Regular.ttf"); font-weight: 400; }}
  @font-face {{ font-family: "Source Sans Pro"; src: url("../assets/fonts/SourceSansPro-Semibold.ttf"); font-weight: 600; }}
  @font-face {{ font-family: "Source Sans Pro"; src: url("../assets/fonts/SourceSansPro-Bold.ttf"); font-weight: 700; }}
  :root {{ {props} }}
  body {{ font-family: "Source Sans Pro", "Source Sans 3", Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }}
  header {{ background: var(--accent-dark); color: var(--cover-ink); }}
  header > div, main {{ max-width: 1180px; margin: 0 auto; padding: 0 20px; box-sizing: border-box; }}
  header > div {{ padding-top: 28px; padding-bottom: 24px; }}
  header a {{ color: var(--cover-ink); }}
  h1 {{ font-size: 30px; margin: 0 0 8px; }}
  header p {{ margin: 4px 0; }}
  main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(min(340px, 100%), 1fr)); gap: 22px; padding-top: 24px; padding-bottom: 40px; }}
  .chart {{ background: var(--tint); border-top: 4px solid var(--accent); padding: 12px 14px; min-width: 0; }}
  .thumb img {{ width: 100%; height: auto; display: block; background: #fff; }}
  h2 {{ font-size: 17px; margin: 10px 0 4px; line-height: 1.25; }}
  .fig-label {{ color: var(--accent); font-weight: 700; }}
  .subtitle, .source, .downloads, details {{ font-size: 14px; margin: 4px 0; }}
  .subtitle, .source {{ color: var(--muted); }}
  a {{ color: var(--accent-2); }}
  details {{ color: var(--ink); }}
  .notes {{ padding-left: 18px; }}
</style>
</head>
<body>
<header><div>
  <h1>{e(edition_title)}: charts</h1>
  <p>Every chart with its title, source line and the data behind it, ready for slides and briefings, in the order of the report.</p>
  <p><a href="{ZIP}" download>Download every chart (zip)</a>{deck}</p>
  <p>Please cite each chart as shown under “Citation, notes and alt text”.</p>
</div></header>
<main>{''.join(cards)}
</main>
</body>
</html>
"""


def _write_thumbs(charts: list[Any], out_dir: Path) -> Path:
    from PIL import Image

    folder = out_dir / THUMBS
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.png"):  # charts no longer in the pack
        if old.stem not in {c.id for c in charts}:
            old.unlink()
    for c in charts:
        src = c.files.get("png_slide") or c.files.get("png_titled") or c.files.get("png")
        if src is None or not Path(src).exists():
            continue
        with Image.open(src) as im:
            thumb = im.convert("RGB")
            thumb.thumbnail(THUMB_SIZE, Image.Resampling.LANCZOS)
            canvas = Image.new("RGB", THUMB_SIZE, "white")
            canvas.paste(thumb, ((THUMB_SIZE[0] - thumb.width) // 2, (THUMB_SIZE[1] - thumb.height) // 2))
            buf = io.BytesIO()
            canvas.save(buf, format="PNG", optimize=True)
        _atomic(folder / f"{c.id}.png", buf.getvalue())
    return folder


# --- zip ----------------------------------------------------------------------------------------

def zip_bytes(charts: list[Any], out_dir: Path, edition_title: str, when: dt.datetime) -> bytes:
    entries: list[tuple[str, bytes]] = [("README.txt", readme(charts, edition_title).encode("utf-8"))]
    for c in charts:
        for key, _ in DOWNLOADS:
            path = c.files.get(key)
            if path is not None and Path(path).exists():
                entries.append((f"{c.id}/{Path(path).name}", Path(path).read_bytes()))
    return deterministic_zip(sorted(entries), when)


def deterministic_zip(entries: list[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """A zip whose bytes depend only on the entries (fixed timestamps, permissions and order)."""
    stamp = max(when, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            # NOTE: PNG is already compressed; deflating it again only costs time.
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data, compresslevel=6)
    return buf.getvalue()


def readme(charts: list[Any], edition_title: str) -> str:
    lines = [f"{edition_title}: chart pack", "=" * len(f"{edition_title}: chart pack"), "",
             "Each folder holds one chart: PNG for documents (300 dpi, A4 column width), PNG for slides (16:9),",
             "SVG and PDF, each with its title, subtitle, notes and source line; the plotted data as CSV",
             "(UTF-8, opens in Excel); and a JSON file with the title, notes, alt text, citation and references.",
             "", "Please cite each chart as given below.", ""]
    for c in charts:
        lines += [f"{c.id}: {c.title}", f"  {c.citation}", f"  Alt text: {c.alt}"]
        lines += [f"  Note: {n}" for n in c.notes]
        lines.append("")
    return "\n".join(lines)


# --- PowerPoint ---------------------------------------------------------------------------------

def pptx_bytes(charts: list[Any], edition_title: str, when: dt.datetime) -> bytes:
    """One 16:9 slide per chart: the slide PNG full-bleed, alt text on the picture, citation in the notes.

    The slide title is a real title placeholder (for navigation and screen readers) placed just
    above the visible slide, since the picture already shows the title: PowerPoint's own advice
    for a title that should not be seen twice.
    """
    from pptx import Presentation
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = f"{edition_title}: charts"
    cover.placeholders[1].text = "Charts from the report, with their sources. Cite each chart as given in its notes."
    for c in charts:
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
        title = slide.shapes.title
        title.text = c.title
        title.left, title.width, title.height = Emu(457200), Emu(11277600), Emu(914400)
        title.top = Emu(-914400 - 91440)  # just above the slide
        for p in title.text_frame.paragraphs:
            for r in p.runs:
                r.font.size = Pt(28)
        pic = slide.shapes.add_picture(str(c.files["png_slide"]), 0, 0, width=prs.slide_width,
                                       height=prs.slide_height)
        pic.name = f"Chart: {c.id}"
        pic._element.nvPicPr.cNvPr.set("descr", c.alt)  # NOTE: python-pptx has no public setter for alt text
        notes = [c.citation, "", f"Alt text: {c.alt}", ""] + [f"Note: {n}" for n in c.notes]
        notes += ["", f"Data: {c.id}/{Path(c.files['csv']).name} in the chart pack"]
        slide.notes_slide.notes_text_frame.text = "\n".join(notes).rstrip()
    props = prs.core_properties
    props.title = f"{edition_title}: charts"
    props.author = props.last_modified_by = "WeProtect Global Alliance"
    props.subject = "Charts from the Global Threat Assessment"
    props.revision = 1
    naive = when.replace(tzinfo=None)
    props.created = props.modified = props.last_printed = naive
    buf = io.BytesIO()
    prs.save(buf)
    return _normalise_zip(buf.getvalue(), when)


def _normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML package with fixed timestamps, keeping its entry order ([Content_Types].xml first)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    return deterministic_zip(entries, when)


# --- helpers ------------------------------------------------------------------------------------

def _rel(path: Path | None, base: Path) -> str:
    return Path(os.path.relpath(Path(path), base)).as_posix() if path else ""


def _atomic(path: Path, data: bytes) -> Path:
    from ..atomic import write_bytes

    return write_bytes(path, data)
