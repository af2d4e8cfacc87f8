"""Fuzzing: whatever a user writes, the loaders, the engine and the formatter answer with a result or
the project's own GtaError (ValueError for documented invalid formatter arguments), never a crash.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gta.errors import GtaError, Problems
from gta.formatting import _QUALIFIERS, STYLES, format_number
from gta.load import Project, load_project
from gta.model import StatisticSpec, validate
from gta.sources import Location
from gta.statistics import compute_statistics
from gta.yamlio import LineList, load_yaml, parse_yaml

FIXTURE_PROJECT = Path(__file__).resolve().parent / "fixtures" / "project"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Examples that load a whole project (about 25 ms each) are fewer, so the file runs in seconds.
FUZZ_PROJECT = settings(FUZZ, max_examples=100)

# --- YAML ----------------------------------------------------------------------------------------------------

# Pieces of YAML syntax, so generated text reaches the parser and constructors, not only the scanner.
YAML_PIECES = ["a", "b", "id", ":", ": ", " ", "  ", "\n", "- ", "[", "]", "{", "}", ", ", "'", '"', "&x ", "*x",
               "!!int ", "!!float ", "!!str ", "!!bool ", "!!timestamp ", "!!binary ", "!!set ", "!!omap ", "!!null ",
               "!!python/object ", "!foo ", "<<: ", "? ", "# c", "|\n", ">\n", "\t", "1", "-1.5e3", ".inf", "2020-01-01",
               "null", "~", "yes", "---\n", "...\n", "%YAML 1.1\n", "\\", "\x00", "\ufeff", "é", "\r\n"]
yaml_like = st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join)


@FUZZ
@given(text=st.one_of(st.text(max_size=200), yaml_like))
def test_parse_yaml_never_crashes(text: str) -> None:
    try:
        parse_yaml(text, "fuzz.yaml", allow_empty=True)
    except GtaError as exc:
        assert exc.problems and all(p.path == "fuzz.yaml" for p in exc.problems)


@FUZZ
@given(data=st.one_of(st.binary(max_size=200), yaml_like.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_load_yaml_never_crashes_on_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_bytes(data)
        try:
            load_yaml(path)
        except GtaError as exc:
            assert exc.problems


# --- a project to fuzz the CSV loader and the statistics engine ------------------------------------------------

@pytest.fixture(scope="module")
def scratch_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy of the fixture's sources for the module; each example rewrites one file and restores it."""
    project = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(FIXTURE_PROJECT / "sources", project / "sources")  # no figures: not what is fuzzed here
    yield project


def load_and_compute(project: Path) -> None:
    """What ``gta validate`` does with sources: load, then compute every edition (and no edition)."""
    try:
        loaded = load_project(project)
        compute_statistics(loaded)
        for year in sorted(loaded.editions):
            compute_statistics(loaded, year)
    except GtaError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.message and (p.line is None or p.line >= 1), p


CELL = st.one_of(
    st.sampled_from(["", "0", "1000", "-5", "1.5", "1e3", "1_000", "1,000", "n/a", "inf", "nan", "NaN", "-0", " 7 ",
                     "2021", "20x1", "99999", "٢٠٢١", "high", "low", "certain", "at least", "roughly", '"', '""', "\n",
                     "https://example.org/annual", "https://example.org/news", "https://x.test/", "\x00", "\ufeff"]),
    st.text(max_size=12),
)
ROW = st.lists(CELL, min_size=0, max_size=8)


def csv_text(rows: list[list[str]]) -> str:
    # joined naively on purpose: quotes, commas and newlines inside cells make malformed CSV too
    return "\n".join(",".join(row) for row in rows)


@FUZZ_PROJECT
@given(rows=st.lists(ROW, max_size=8), keep_header=st.booleans(), crlf=st.booleans())
def test_the_csv_loader_never_crashes(scratch_project: Path, rows: list[list[str]], keep_header: bool,
                                      crlf: bool) -> None:
    path = scratch_project / "sources" / "datasets" / "hotline.csv"
    original = (FIXTURE_PROJECT / "sources" / "datasets" / "hotline.csv").read_text(encoding="utf-8")
    header = [original.splitlines()[0].split(",")] if keep_header else []
    text = csv_text(header + rows)
    path.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8", "surrogatepass"))
    try:
        load_and_compute(scratch_project)
    finally:
        path.write_text(original, encoding="utf-8")


@FUZZ_PROJECT
@given(cells=st.lists(st.tuples(st.sampled_from(["reports", "files"]), st.integers(1, 5), CELL), max_size=6))
def test_a_well_formed_csv_with_odd_cells_never_crashes(scratch_project: Path, cells) -> None:
    path = scratch_project / "sources" / "datasets" / "hotline.csv"
    original = (FIXTURE_PROJECT / "sources" / "datasets" / "hotline.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(original)))
    for column, row, value in cells:  # change single cells of the valid file, properly quoted
        rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", errors="surrogatepass")
    try:
        load_and_compute(scratch_project)
    finally:
        path.write_text(original, encoding="utf-8")


# Statistics specs built from plausible and implausible pieces: the engine must explain, not crash.
SERIES = st.sampled_from(["hotline.reports", "hotline.files", "members.total", "members.government", "hotline",
                          "hotline.", "members", "nope.reports", "hotline.nope", "", "."])
YEAR = st.one_of(st.none(), st.integers(2017, 2026), st.sampled_from([0, -1, 1900, 10**6]))
SPEC = st.fixed_dictionaries(
    {"op": st.sampled_from(["value", "latest", "change", "pct_change", "cagr", "fold", "yoy", "rolling_mean", "share",
                            "ratio", "sum", "rate", "rank", "top", "peak", "trend", "nope"])},
    optional={
        "series": SERIES, "denominator": SERIES, "year": YEAR, "start": YEAR, "end": YEAR,
        "of": st.lists(st.sampled_from(["reports_2021", "reports_2022", "members_2022", "survey_share", "x", "y",
                                        "nope"]), max_size=3),
        "window": st.integers(-1, 6), "n": st.integers(-1, 4), "per": st.sampled_from(["day", "week", "month", "hour"]),
        "model": st.sampled_from(["linear", "log-linear", "cubic"]),
        "allow_break": st.sampled_from(["Caveat.", ""]), "allow_mixed_units": st.sampled_from(["Caveat.", ""]),
        "style": st.sampled_from([*STYLES, "nope"]), "decimals": st.integers(-2, 4),
        "qualifier": st.sampled_from(["exact", "about", "less than"]),
    },
)


@functools.cache
def fixture_loaded() -> Project:
    return load_project(FIXTURE_PROJECT)


@settings(FUZZ, max_examples=200)
@given(x=SPEC, y=SPEC)
def test_the_statistics_engine_never_crashes(x: dict, y: dict) -> None:
    loaded = fixture_loaded()
    # the specs go through the same validation as a statistics file, then into a copy of the project
    items = LineList([{"id": "x", "label": "X", **x}, {"id": "y", "label": "Y", **y}])
    items.line, items.lines = 1, [2, 3]
    path = Path("sources/statistics/fuzz.yaml")
    problems = Problems()
    specs, locations = dict(loaded.statistics), dict(loaded.locations)
    for i, raw in enumerate(items):
        spec = validate(StatisticSpec, raw, str(path), problems, "statistics", i)
        if spec is not None and (spec.value is None) != (spec.op is None):
            specs[spec.id], locations[spec.id] = spec, Location(str(path), i + 2)
    project = replace(loaded, statistics=specs, locations=locations)
    for year in (None, *sorted(project.editions)):
        try:
            result = compute_statistics(project, year)
        except GtaError as exc:
            assert all(p.message for p in exc.problems)
            continue
        for stat in result.stats.values():  # whatever was computed can be shown in its own style
            assert stat.text()


# --- the formatter -----------------------------------------------------------------------------------------------

QUALIFIERS = list(_QUALIFIERS["en"])
LOCALES = ["en", "fr", "es", "pt", "ar", "zh", "en_GB", "fr-CA", "de"]
BAD_LOCALES = ["xx", "", "en_", "??"]
numbers = st.one_of(st.none(), st.floats(), st.integers(-(10**20), 10**20),
                    st.sampled_from([0.0, -0.0, 1e-320, -1e-320, 1e308, -1e308, 0.5, 2.5, 999_999.5, 999_950_000.0]))


@settings(max_examples=200, deadline=None)
@given(value=numbers, style=st.one_of(st.sampled_from(STYLES), st.text(max_size=6)),
       qualifier=st.one_of(st.sampled_from(QUALIFIERS), st.text(max_size=6)),
       decimals=st.one_of(st.none(), st.integers(-3, 12)),
       locale=st.sampled_from(LOCALES + BAD_LOCALES),
       per=st.one_of(st.none(), st.sampled_from(["day", "week", "month", "year", "hour"])),
       numbering=st.sampled_from([None, None, "latn", "arab", "nope"]))
def test_the_formatter_never_crashes(value, style, qualifier, decimals, locale, per, numbering) -> None:
    invalid = (style not in STYLES or qualifier not in QUALIFIERS or locale in BAD_LOCALES or per == "hour"
               or numbering == "nope")
    unshowable = (style in ("ratio", "about-ratio") and value is not None and not math.isnan(value)
                  and not (0 < value <= 1 and math.isfinite(1 / value))) or \
                 (style == "interval" and value is not None and math.isfinite(value))  # no interval given
    try:
        text = format_number(value, style, qualifier=qualifier, decimals=decimals, locale=locale, per=per,
                             numbering=numbering)
    except ValueError:
        assert invalid or unshowable, (value, style, qualifier, decimals, locale, per, numbering)
        return
    assert isinstance(text, str) and text
    assert not invalid, (value, style, qualifier, locale, per, numbering)


# --- chapters ---------------------------------------------------------------------------------------------------

# Pieces of Jinja and Markdown, so generated chapters reach the whitelist, the sandbox and the placeholders.
CHAPTER_PIECES = ["text ", "\n", "\n\n", "{{ ", " }}", "{% ", " %}", "{# ", " #}", 'stat("reports_2022")',
                  'stat("x", style="words")', 'stat("x", style="nope")', 'cite("r")', 'chart("c")', "recommendations()",
                  "cycler", ".__init__", ".__globals__", "[1]", "|upper", "(", ")", '"', "'", ",", "=", "*", "set x = 1",
                  "for i in range(3)", "endfor", "macro m()", "endmacro", "include 'x'", "raw", "endraw", "if x", "endif",
                  "GTAPH0001X", "GTAPH9999X", "&#71;TAPH", "<a href='", "'>", "</a>", "<!-- ", " -->", "[l](", "`",
                  "\r\n", "\ufeff", "\x00", "é"]
chapter_like = st.lists(st.sampled_from(CHAPTER_PIECES), max_size=40).map("".join)


@FUZZ
@given(body=st.one_of(chapter_like, st.text(max_size=200)))
def test_a_chapter_is_refused_with_its_line_or_rendered_never_crashes(body: str) -> None:
    from gta.chapters import Placeholders, chapter_environment, find_calls, render_chapter_html
    from gta.model import ChapterMeta
    from gta.sources import Chapter

    chapter = Chapter("c", Path("c.md"), ChapterMeta(title="C"), body, 4)
    try:
        find_calls(chapter)
    except GtaError as exc:
        assert exc.problems and all(p.path == "c.md" and (p.line is None or p.line >= 4) for p in exc.problems)
        return
    placeholders = Placeholders()

    def put(*args: object, **kwargs: object) -> str:
        return placeholders.add("<b>x</b>", block=bool(args) and args[0] == "c")

    functions = {name: put for name in ("stat", "chart", "table", "figref", "tabref", "cite", "prev", "recommendations")}
    try:
        html = render_chapter_html(chapter, chapter_environment(), functions, placeholders, lambda _url: False)
    except GtaError as exc:
        assert exc.problems and all(p.path == "c.md" for p in exc.problems)
        return
    assert placeholders.prefix not in html


@settings(max_examples=60, deadline=None)
@given(value=st.sampled_from([1e300, -1e300, 9.99e14, 1e15, 1.7976931348623157e308]),
       style=st.sampled_from([s for s in STYLES if s not in ("ratio", "about-ratio", "interval")]),
       locale=st.sampled_from(["en", "fr", "ar", "zh"]),
       numbering=st.sampled_from([None, "arab"]))
def test_absurd_magnitudes_are_shown_in_full_never_a_crash(value: float, style: str, locale: str,
                                                           numbering: str | None) -> None:
    # NOTE: loaders refuse magnitudes from 1e15 (tests/bad_inputs); a derived statistic may still be large
    text = format_number(value, style, locale=locale, numbering=numbering)
    assert text and "e+" not in text.lower() and "inf" not in text.lower()


# --- chart specs ------------------------------------------------------------------------------------------------

YEARS = st.one_of(st.integers(2017, 2025), st.sampled_from([-5, 0, 1900, 2100, 99999]))
# Valid specs of every shape; the fuzz changes a few keys of one, so examples reach the drawing code.
VALID_CHARTS = [
    {"type": "line", "dataset": "hotline", "series": ["reports", "files"]},
    {"type": "bar", "dataset": "hotline", "series": ["files"]},
    {"type": "grouped-bar", "dataset": "hotline", "series": ["reports", "files"], "years": [2021, 2022]},
    {"type": "stacked-bar", "dataset": "members", "series": ["total", "government"]},
    {"type": "small-multiples", "dataset": "hotline", "series": ["reports", "files"]},
    {"type": "slope", "dataset": "hotline", "series": ["reports"], "years": [2019, 2022]},
    {"type": "barh", "dataset": "hotline", "series": ["reports", "files"], "x": "series", "year": 2022},
    {"type": "bar", "statistics": ["reports_2022", "reports_2021"]},
    {"type": "dumbbell", "statistics": [{"id": "reports_2021", "row": "Hotline", "column": "2021"},
                                        {"id": "reports_2022", "row": "Hotline", "column": "2022"}]},
]
CHART_CHANGES = st.fixed_dictionaries(
    {"id": st.just("fuzz-chart"), "title": st.sampled_from(["Reports, {first}–{last}", "T", "x" * 300])},
    optional={
        "type": st.sampled_from(["line", "bar", "barh", "grouped-bar", "stacked-bar", "area", "small-multiples",
                                 "slope", "dumbbell", "pie"]),
        "dataset": st.sampled_from(["hotline", "members", "nope"]),
        "series": st.lists(st.sampled_from(["reports", "files", "total", "government", "hotline.reports", "nope"]),
                           max_size=3),
        "from": YEARS, "to": YEARS, "years": st.lists(YEARS, max_size=3), "year": YEARS,
        "x": st.sampled_from(["year", "series", "nope"]),
        "statistics": st.lists(st.sampled_from(["reports_2022", "reports_2021", "members_2024", "survey_share",
                                                "growth_2019_2022", "nope"]), max_size=3),
        "y": st.fixed_dictionaries({}, optional={"min": st.sampled_from([-1e300, -1, 0, 5, 1e300]),
                                                 "max": st.sampled_from([-1, 0, 1, 1e6, 1e300]),
                                                 "scale": st.sampled_from(["linear", "log", "cubic"])}),
        "number_format": st.sampled_from(["words", "full", "percent", "change", "plain", "nope"]),
        "decimals": st.integers(-14, 14), "sort": st.sampled_from(["none", "descending", "nope"]),
        "highlights": st.lists(st.one_of(YEARS, st.sampled_from(["Reports", "x"])), max_size=3),
        "annotations": st.lists(st.fixed_dictionaries({"x": st.one_of(YEARS, st.just("Reports")),
                                                       "text": st.sampled_from(["", "note", "n" * 200])}), max_size=2),
        "breaks": st.dictionaries(YEARS, st.sampled_from(["Break", ""]), max_size=2),
        "columns": st.integers(-2, 10), "share_y": st.booleans(), "legend": st.booleans(),
        "size": st.sampled_from(["short", "tall", "huge"]), "height_cm": st.sampled_from([2, 3.5, 25, 26]),
    },
)
CHART_SPEC = st.builds(lambda base, changes, keep: {**base, **{k: v for k, v in changes.items() if k in keep}},
                       st.sampled_from(VALID_CHARTS), CHART_CHANGES,
                       st.sets(st.sampled_from(["type", "dataset", "series", "from", "to", "years", "year", "x",
                                                "statistics", "y", "number_format", "decimals", "sort", "highlights",
                                                "annotations", "breaks", "columns", "share_y", "legend", "size",
                                                "height_cm"]), max_size=3).map(lambda keep: keep | {"id", "title"}))


@settings(FUZZ, max_examples=60)
@given(spec=CHART_SPEC)
def test_a_chart_spec_is_refused_with_its_line_or_drawn_never_crashes(spec: dict, tmp_path_factory) -> None:
    """Whatever a spec says, it passes validation and draws, or it is refused as a located error."""
    from gta.charts.spec import check_specs
    from gta.yamlio import LineDict
    from tests.helpers import render_charts

    loaded = fixture_loaded()
    raw = LineDict(spec)
    raw.line, raw.lines = 1, {k: i + 1 for i, k in enumerate(spec)}
    project = replace(loaded, figures={"fuzz-chart": (Path("figures/fuzz-chart.yaml"), raw)}, warnings=[])
    out = tmp_path_factory.mktemp("chart")
    try:
        specs, problems = check_specs(project)
        problems.raise_if_errors()
        project = replace(project, charts=specs)
        render_charts(project, 2025, out, ["fuzz-chart"], jobs=1, formats=("svg",), sizes=("print",), cache=False)
    except GtaError as exc:
        assert all(p.message and p.path for p in exc.problems)
        return
    assert (out / "fuzz-chart" / "fuzz-chart.svg").stat().st_size > 0
