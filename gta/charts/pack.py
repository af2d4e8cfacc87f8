"""The chart pack for policy staff: a gallery page, a zip, a PowerPoint deck and a data workbook.

Every file is named for the edition and language (``gta2025-charts-en.zip``) and, inside, for the
figure (``gta2025-fig03-ncmec-reports.png``), in the order of the report: the pack can be
unzipped beside another edition's or language's without a clash, and its files sort as the
report numbers them. Everything is reproducible: zip entries carry the edition's date, and so do
the deck's and the workbook's document properties, never the clock.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import GtaError, Problem
from ..exports import deterministic_zip
from .credit import Citation
from .words import PackWords

GALLERY = "index.html"
WORDS_STAMP = ".pack-words"  # the digest of the words the pack was written in
THUMBS = "thumbs"
THUMB_SIZE = (480, 270)
#: Download links in the gallery and files in the zip, in this order (stand-alone, titled variants), with
#: the field of :class:`PackWords` that names them (format names need no translation).
DOWNLOADS = (
    ("png_titled", "png_print"),
    ("png_slide", "png_slide"),
    ("svg_titled", "SVG"),
    ("pdf_titled", "PDF"),
    ("csv", "data_csv"),
    ("json", "meta_json"),
)


def download_label(words: PackWords, key: str) -> str:
    return getattr(words, key, key)


def pack_names(citation: Citation) -> dict[str, str]:
    """The pack's files in the chart folder: gallery, zip, deck and data workbook."""
    from .workbook import workbook_name

    return {"gallery": GALLERY, "zip": f"{citation.folder}.zip", "pptx": f"{citation.folder}.pptx",
            "xlsx": workbook_name(citation)}


def write_pack(figures: Sequence[Any], out_dir: Path, citation: Citation, *, pptx: bool = True,
               tables: Sequence[Any] = (), look: dict[str, str] | None = None,
               words: PackWords | None = None) -> list[Path]:
    """Write the gallery, the zip, the data workbook and (when every chart has a slide PNG) the deck.

    ``figures`` are chart outputs (:class:`gta.charts.ChartOutput`) in the order the pack shows
    them, each drawn with its :class:`~.credit.Credit` (figure number and the edition's citation
    facts, which must be ``citation``); ``tables`` (:class:`gta.tables.Table`) follow the figures
    in the data workbook; ``words`` are the pack's own words in the edition's language (English by
    default). Returns the paths written.
    """
    from .deck import deck_bytes
    from .workbook import workbook_bytes

    charts = list(figures)
    words = words or PackWords()
    _check_credits(charts, citation)
    names = pack_names(citation)
    out_dir.mkdir(parents=True, exist_ok=True)
    when = pack_date(citation.published)
    _remove_stale(out_dir, names)
    written = [_write_thumbs(charts, out_dir)]
    written.append(_atomic(out_dir / names["xlsx"], workbook_bytes(charts, tables, citation, when, words)))
    has_deck = pptx and all("png_slide" in c.files for c in charts)
    deck = deck_bytes(charts, citation, when, data_name=names["xlsx"], words=words) if has_deck else None
    if deck is not None:
        written.append(_atomic(out_dir / names["pptx"], deck))
    extra = [(names["xlsx"], (out_dir / names["xlsx"]).read_bytes())] + ([(names["pptx"], deck)] if deck else [])
    written.append(_atomic(out_dir / names["zip"], zip_bytes(charts, citation, when, extra, words)))
    page = gallery_html(charts, out_dir, citation, names if has_deck else {k: v for k, v in names.items() if k != "pptx"},
                        look, words)
    written.insert(0, _atomic(out_dir / GALLERY, page.encode()))
    _atomic(out_dir / WORDS_STAMP, words_key(words).encode())
    return [p for p in written if p.is_file()]


def words_key(words: PackWords) -> str:
    import hashlib

    return hashlib.sha256(repr(words).encode("utf-8")).hexdigest()


def pack_is_current(out_dir: Path, words: PackWords) -> bool:
    """Whether the pack in ``out_dir`` was written with these words (charts unchanged, say, but a translation new)."""
    stamp = out_dir / WORDS_STAMP
    try:
        return (out_dir / GALLERY).is_file() and stamp.read_text(encoding="utf-8") == words_key(words)
    except OSError:
        return False


def pack_date(date: str | None) -> dt.datetime:
    """The pack's timestamp: the given ISO date, else SOURCE_DATE_EPOCH, else 1 January 1980 (zip's epoch)."""
    if date:
        return dt.datetime.fromisoformat(str(date)[:10]).replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def _check_credits(charts: list[Any], citation: Citation) -> None:
    """Every chart must have been drawn with this edition's credit: its files carry it."""
    wrong = [c.id for c in charts if c.credit is None or c.credit.citation != citation]
    if wrong:
        raise GtaError(Problem("chart pack", None, f"chart '{wrong[0]}' was drawn without this pack's citation",
                               "render the charts with the credits and citation given to the pack"))


def _remove_stale(out_dir: Path, names: dict[str, str]) -> None:
    """Pack files of an earlier naming (or another language's names in this folder) would mislead."""
    keep = set(names.values())
    for pattern in ("*.zip", "*.pptx", "*-data-*.xlsx", "chart-pack.zip", "charts.pptx"):
        for old in out_dir.glob(pattern):
            if old.name not in keep and old.is_file():
                old.unlink()


# --- gallery ------------------------------------------------------------------------------------

#: the report's look, for a gallery written without a theme (colours as CSS custom properties)
LOOK = {"accent": "#5b2a86", "accent-dark": "#2e1347", "accent-2": "#0f6e8c", "highlight": "#f2b134", "ink": "#1d1d1f",
        "muted": "#555a60", "rule": "#d5d7db", "tint": "#f4f1f8", "cover-ink": "#ffffff"}


def gallery_html(charts: list[Any], out_dir: Path, citation: Citation, names: dict[str, str],
                 look: dict[str, str] | None = None, words: PackWords | None = None) -> str:
    """The gallery page, in the edition's language and direction: every word from ``words``."""
    e = html.escape
    w = words or PackWords()
    props = " ".join(f"--{k}: {v};" for k, v in {**LOOK, **(look or {})}.items())
    cards = []
    for c in charts:
        thumb = f"{THUMBS}/{c.id}.png"
        links = " · ".join(f'<a href="{e(_rel(c.files[k], out_dir))}" download>{e(download_label(w, label))}</a>'
                           for k, label in DOWNLOADS if k in c.files)
        big = c.files.get("png_titled") or c.files.get("png_slide") or c.files.get("png")
        notes = "".join(f"<li>{e(n)}</li>" for n in c.notes)
        label = c.credit.label if c.credit else ""
        cite = c.credit.text(c.title) if c.credit else c.citation
        cards.append(f"""
<article class="chart" id="{e(c.id)}">
  <a class="thumb" href="{e(_rel(big, out_dir)) if big else '#'}"><img src="{e(thumb)}" alt="{e(c.alt)}" width="{THUMB_SIZE[0]}" height="{THUMB_SIZE[1]}"></a>
  <p class="label">{e(label)}</p>
  <h2>{e(c.title)}</h2>
  <p class="subtitle">{e(c.subtitle)}</p>
  <p class="source">{e(c.source_line)}</p>
  <p class="downloads">{links}</p>
  <details><summary>{e(w.details)}</summary>
    <p class="cite" dir="auto">{e(cite)}</p>
    {f'<ul class="notes">{notes}</ul>' if notes else ''}
    <p class="alt"><strong>{e(w.alt_label)}</strong> {e(c.alt)}</p>
  </details>
</article>""")
    deck = f' · <a href="{e(names["pptx"])}" download>{e(w.deck_link)}</a>' if "pptx" in names else ""
    licence = (f'<a href="{e(citation.licence_url)}">{e(citation.licence)}</a>' if citation.licence_url
               else e(citation.licence))
    page = f' · <a href="{e(citation.url)}">{e(citation.url)}</a>' if citation.url else ""
    # NOTE: the message is escaped first; its placeholders then take the links' HTML.
    imprint = e(w.licence_line).replace("%(licence)s", "\0licence\0").replace("%(page)s", "\0page\0") % {
        "publisher": e(citation.publisher), "date": e(w.date(citation.published))}
    imprint = imprint.replace("\0licence\0", licence).replace("\0page\0", page)
    fonts = "".join(f'"{e(f)}", ' for f in w.families)
    title = w.fill("charts_title", title=citation.title)
    return f"""<!doctype html>
<html lang="{e(w.lang)}" dir="{e(w.dir)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>
  @font-face {{ font-family: "Source Sans Pro"; src: url("../assets/fonts/SourceSansPro-Regular.ttf"); font-weight: 400; }}
  @font-face {{ font-family: "Source Sans Pro"; src: url("../assets/fonts/SourceSansPro-Semibold.ttf"); font-weight: 600; }}
  @font-face {{ font-family: "Source Sans Pro"; src: url("../assets/fonts/SourceSansPro-Bold.ttf"); font-weight: 700; }}
  :root {{ {props} }}
  body {{ font-family: "Source Sans Pro", {fonts}"Source Sans 3", Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }}
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
  .label {{ font-size: 13px; font-weight: 600; color: var(--accent); margin: 10px 0 0; text-transform: uppercase; letter-spacing: .03em; }}
  :lang(ar) .label, :lang(zh) .label {{ letter-spacing: normal; }}
  .subtitle, .source, .downloads, details {{ font-size: 14px; margin: 4px 0; }}
  .subtitle, .source {{ color: var(--muted); }}
  a {{ color: var(--accent-2); }}
  details {{ color: var(--ink); }}
  .notes {{ padding-inline-start: 18px; }}
</style>
</head>
<body>
<header><div>
  <h1>{e(title)}</h1>
  <p>{e(w.intro)}</p>
  <p><a href="{e(names["zip"])}" download>{e(w.zip_link)}</a>{deck} · <a href="{e(names["xlsx"])}" download>{e(w.data_link)}</a></p>
  <p>{imprint}
  {e(w.fill("cite_hint", where=w.details))}</p>
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

def zip_bytes(charts: list[Any], citation: Citation, when: dt.datetime,
              extra: Sequence[tuple[str, bytes]] = (), words: PackWords | None = None) -> bytes:
    """One top-level folder named for the edition and language; the README, workbook and deck first,
    then each figure's files in the order given."""
    root = citation.folder
    readme_text = readme(charts, citation, [name for name, _ in extra], words)
    entries: list[tuple[str, bytes]] = [(f"{root}/README.txt", readme_text.encode("utf-8"))]
    entries += [(f"{root}/{name}", data) for name, data in extra]
    for c in charts:
        for key, _ in DOWNLOADS:
            path = c.files.get(key)
            if path is not None and Path(path).exists():
                entries.append((f"{root}/{Path(path).name}", Path(path).read_bytes()))
    return deterministic_zip(entries, when)


def readme(charts: list[Any], citation: Citation, extra: Sequence[str] = (), words: PackWords | None = None) -> str:
    """The pack's README, in the edition's language: publication, licence and credit, what each file is,
    then each figure's citation. One paragraph a line (a translation cannot be wrapped by counting letters)."""
    w = words or PackWords()
    title = w.fill("charts_title", title=citation.title)
    licence = citation.licence + (f" ({citation.licence_url})" if citation.licence_url else "")
    lines = [title, "=" * len(title), "",
             w.fill("readme_published", publisher=citation.publisher, title=citation.title,
                    date=w.date(citation.published)),
             *([citation.url] if citation.url else []), "",
             w.fill("readme_licence", licence=licence),
             f"  {charts[0].credit.line()}" if charts and charts[0].credit else "",
             w.readme_terms, ""]
    if citation.note:
        lines += [citation.note, ""]
    lines += [w.fill("readme_files", pattern=f"{citation.slug}-figNN-…", other=f"{citation.slug}-other-…")]
    lines += [f"  {suffix:<11} {getattr(w, key)}" for suffix, key in
              ((".png", "file_png"), ("-slide.png", "file_slide"), (".svg", "file_svg"), (".pdf", "file_pdf"),
               (".csv", "file_csv"), (".json", "file_json"))] + [""]
    about = {".xlsx": w.fill("about_xlsx", readme=w.readme_sheet), ".pptx": w.about_pptx}
    lines += [f"{name}: {about.get(Path(name).suffix, '')}" for name in extra] + ([""] if extra else [])
    for c in charts:
        head = f"{c.credit.label}: {c.title}" if c.credit else c.title
        lines += [head, "  " + w.fill("cite_as", citation=c.credit.text(c.title) if c.credit else c.citation),
                  f"  {c.source_line}"]
        lines += ["  " + w.fill("data_from", source=f"{r['publisher']}, {r['title']}, {r['url']}")
                  for r in (c.meta.references if c.meta else ())]
        lines += ["  " + w.fill("note", note=n) for n in c.notes]
        lines += ["  " + w.fill("alt", alt=c.alt), ""]
    return "\n".join(lines)


# --- helpers ------------------------------------------------------------------------------------

def _rel(path: Path | None, base: Path) -> str:
    return Path(os.path.relpath(Path(path), base)).as_posix() if path else ""


def _atomic(path: Path, data: bytes) -> Path:
    from ..atomic import write_bytes

    return write_bytes(path, data)
