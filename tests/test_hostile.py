"""Hostile or careless content never runs a script, fetches from the network or reads outside the project."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.build import build_edition
from gta.cli import main
from gta.errors import GtaError

TRENDS = "sources/editions/2025/chapters/trends.md"


def _append(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.write_text(path.read_text() + text)


def test_a_script_in_a_csv_note_or_title_is_escaped(fixture_project: Path) -> None:
    csv = fixture_project / "sources/datasets/hotline.csv"
    csv.write_text(csv.read_text().replace("first year", "<script>alert(1)</script>"))
    spec = fixture_project / "figures/fixture-reports.yaml"
    spec.write_text(spec.read_text().replace('title: "Hotline reports', 'title: "<img src=x onerror=alert(1)> Hotline reports'))
    out = build_edition(fixture_project, 2025, formats=("html",)).out_dir
    for page in (out / "report.html", out / "charts" / "index.html"):
        html = page.read_text()
        assert "<img src=x" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        assert "&lt;img src=x onerror=alert(1)&gt;" in html or "img src=x" not in html
    assert "<script>alert(1)</script>" not in (out / "report.html").read_text()


def test_raw_html_in_a_chapter_is_reduced_to_safe_tags(fixture_project: Path) -> None:
    _append(fixture_project, TRENDS, '\n\n<p onclick="steal()">Click</p><script>steal()</script>'
                                     '<form action="/x"><input name="q"></form><style>body{display:none}</style>'
                                     '<a href="javascript:steal()">x</a>\n')
    html = (build_edition(fixture_project, 2025, formats=("html",)).out_dir / "report.html").read_text()
    body = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    assert "steal()" not in body.replace(">Click<", "")
    assert "<form" not in body and "<style" not in body and "onclick" not in body and "javascript:" not in body
    assert "Click" in body


@pytest.mark.parametrize("src", ["file:///etc/passwd", "http://example.org/x.png", "https://example.org/x.png",
                                 "../../../etc/passwd", "//example.org/x.png"])
def test_an_image_from_outside_the_project_is_refused_by_name(fixture_project: Path, src: str) -> None:
    _append(fixture_project, TRENDS, f'\n\n<img src="{src}" alt="x">\n')
    with pytest.raises(GtaError) as exc:
        build_edition(fixture_project, 2025, formats=("html",))
    message = str(exc.value)
    assert src in message and "trends.md:" in message


def test_a_markdown_image_is_refused_too(fixture_project: Path) -> None:
    _append(fixture_project, TRENDS, "\n\n![chart](http://example.org/tracker.png)\n")
    with pytest.raises(GtaError, match="http://example.org/tracker.png"):
        build_edition(fixture_project, 2025, formats=("html",))


def test_weasyprint_never_fetches_from_the_network_or_outside_the_project(tmp_path: Path) -> None:
    from gta.pdf import make_url_fetcher

    inside = tmp_path / "ok.css"
    inside.write_text("p {}")
    fetch = make_url_fetcher([tmp_path])
    assert fetch.fetch(inside.as_uri()) is not None
    for url in ("http://example.org/a.png", "https://example.org/a.css", "file:///etc/passwd",
                (tmp_path / ".." / "escape.css").as_uri()):
        with pytest.raises(ValueError, match="refused"):
            fetch.fetch(url)


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "UPPER", "x" * 81, ""])
def test_ids_that_become_file_names_are_validated(fixture_project: Path, bad_id: str) -> None:
    spec = fixture_project / "figures/fixture-files.yaml"
    spec.write_text(spec.read_text().replace("id: fixture-files", f"id: {bad_id!r}"))
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "validate"])
    assert result.exit_code == 1, result.output
    assert "fixture-files.yaml" in result.output and "Traceback" not in result.output
    assert not (fixture_project / "escape").exists()


def test_yaml_is_loaded_safely(fixture_project: Path) -> None:
    path = fixture_project / "sources/references.yaml"
    path.write_text("references: !!python/object/apply:os.system ['echo pwned > pwned.txt']\n")
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "validate"])
    assert result.exit_code == 1
    assert "references.yaml:1" in result.output
    assert not (fixture_project / "pwned.txt").exists() and not Path("pwned.txt").exists()


def test_exported_cells_can_never_be_formulas(fixture_project: Path) -> None:
    from openpyxl import load_workbook

    stats = fixture_project / "sources/statistics/core.yaml"
    stats.write_text(stats.read_text().replace("label: Hotline reports in 2022", "label: \"=HYPERLINK('http://x','y')\""))
    out = build_edition(fixture_project, 2025, formats=("html",)).out_dir
    assert "'=HYPERLINK" in (out / "statistics.csv").read_text()
    sheet = load_workbook(out / "statistics.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert any(c.value.startswith("=HYPERLINK") for c in risky)  # shown as typed, without an apostrophe
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)  # text, never a formula


def test_a_build_killed_midway_leaves_the_last_good_build_complete(fixture_project: Path) -> None:
    build_edition(fixture_project, 2025, formats=("html", "pdf"))
    out = fixture_project / "build" / "2025"
    good = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _append(fixture_project, TRENDS, "\n\nA new paragraph that forces a rebuild.\n")
    child = subprocess.Popen([sys.executable, "-m", "gta", "--project", str(fixture_project), "build"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.parent.glob(".2025.staging-*")):
        time.sleep(0.02)  # wait until the build is writing its staging copy
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.wait()
    now = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert now == good
    # the next build cleans up the killed one's staging folder and succeeds
    build_edition(fixture_project, 2025, formats=("html",))
    assert not list(out.parent.glob(".2025.staging-*"))


# --- chapters are data (issue 14) ------------------------------------------------------------------------------

def _chapter(body: str, path: Path = Path("chapters/trends.md")):
    from gta.model import ChapterMeta
    from gta.sources import Chapter

    return Chapter("trends", path, ChapterMeta(title="Trends"), body, 4)


def _render(body: str, functions: dict | None = None) -> str:
    from gta.chapters import Placeholders, chapter_environment, render_chapter_html

    placeholders = Placeholders()

    def cite(rid: str) -> str:
        return placeholders.add(f"<sup>{rid}</sup>")

    def chart(cid: str) -> str:
        return placeholders.add(f"<figure>{cid}</figure>", block=True)

    return render_chapter_html(_chapter(body), chapter_environment(), functions or {"cite": cite, "chart": chart},
                               placeholders, lambda _url: False)


@pytest.mark.parametrize("body, message", [
    ('{{ cycler.__init__.__globals__.os.popen("id").read() }}', "attribute access (.) cannot be used"),
    ("{{ config }}", "the name 'config' cannot be used"),
    ("{{ lipsum() }}", "'lipsum' is not a chapter function"),
    ('{{ cite("a") ~ cite("b") }}', "concatenation (~) cannot be used"),
    ('{{ cite("a") if true }}', "conditional expressions cannot be used"),
    ('{{ cite(*names) }}', "* and ** arguments cannot be used"),
    ('{{ cite(rid="a") }}', "cite() has no argument 'rid='"),
    ('{{ cite("a", "b") }}', "cite() takes at most 1 argument, got 2"),
    ('{{ recommendations("x") }}', "recommendations() takes no arguments, got 1"),
    ('{{ stat("x", style=1) }}', 'stat("..."): style= must be quoted text'),
    ('{% autoescape false %}x{% endautoescape %}', "{% autoescape %} cannot be used"),
    ('{% with x = 1 %}{% endwith %}', "{% with %} blocks cannot be used"),
    ('{% filter upper %}x{% endfilter %}', "{% filter %} blocks cannot be used"),
    ('{% if true %}x{% endif %}', "{% if %} blocks cannot be used"),
    ('{% extends "base.html" %}', "{% extends %} cannot be used"),
    ('{% from "x" import y %}', "{% from ... import %} cannot be used"),
    ("{{ " + "(" * 400 + "1" + ")" * 400 + " }}", "template error"),
])
def test_anything_but_text_and_builder_calls_is_refused_at_its_line(body: str, message: str) -> None:
    from gta.chapters import find_calls

    with pytest.raises(GtaError) as exc:
        find_calls(_chapter("Some prose.\n\n" + body + "\n"))
    problem = exc.value.problems[0]
    assert message in problem.message, problem
    assert problem.line in (6, None) and problem.path.endswith("trends.md")
    assert problem.hint


def test_builder_calls_with_literal_arguments_are_found_in_order() -> None:
    from gta.chapters import find_calls

    body = 'A {{ stat("a") }} b {{ stat("b", "rise") }}\n{{ prev("c", style="words") }} {% raw %}{{ x.y }}{% endraw %}\n' \
           '{# a comment #}{{ chart("d") }}{{ recommendations() }}'
    calls = find_calls(_chapter(body))
    assert [(c.function, c.name, c.line, c.kwargs) for c in calls] == [
        ("stat", "a", 4, {}), ("stat", "b", 4, {"style": "rise"}), ("prev", "c", 5, {"style": "words"}),
        ("chart", "d", 6, {}), ("recommendations", "", 6, {})]


def test_the_sandbox_is_a_second_wall_when_the_whitelist_is_bypassed(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    """Were the syntax check ever to miss something, the sandbox has no globals and no unsafe attributes."""
    import jinja2

    import gta.chapters

    def unchecked(chapter):  # noqa: ANN001, ANN202 - the first wall, removed
        return gta.chapters.chapter_environment().parse(chapter.body), []

    monkeypatch.setattr(gta.chapters, "_checked", unchecked)
    marker = tmp_path / "pwned"
    for body in (f'{{{{ cycler.__init__.__globals__.os.popen("touch {marker}").read() }}}}',
                 f'{{{{ cite.__globals__["os"].system("touch {marker}") }}}}',
                 "{{ ''.__class__.__mro__[1].__subclasses__() }}"):
        with pytest.raises(jinja2.exceptions.TemplateError):  # UndefinedError or SecurityError
            _render(body)
    assert not marker.exists()


def test_chapters_render_only_in_the_sandbox() -> None:
    import jinja2

    from gta.chapters import Placeholders, render_chapter_html

    with pytest.raises(TypeError, match="sandbox"):
        render_chapter_html(_chapter("text"), jinja2.Environment(), {}, Placeholders(), lambda _url: False)


def test_prose_that_looks_like_a_placeholder_stays_prose_at_any_number_of_calls() -> None:
    body = "GTAPH0000X GTAPH9999X GTAPH12345X &#71;TAPH0001X\n\n" + " ".join(['{{ cite("r") }}'] * 10_001) + \
        '\n\n{{ chart("c") }}\n'
    html = _render(body)
    assert html.count("<sup>r</sup>") == 10_001 and html.count("<figure>c</figure>") == 1
    assert "GTAPH0000X GTAPH9999X GTAPH12345X GTAPH0001X" in html
    assert "GTAPH" not in html.replace("GTAPH0000X GTAPH9999X GTAPH12345X GTAPH0001X", "")


@pytest.mark.parametrize("body", ['[a link]({{ cite("r") }})', '<a href="#x" title="{{ cite("r") }}">x</a>'])
def test_a_call_inside_a_link_address_or_attribute_is_a_located_error(body: str) -> None:
    with pytest.raises(GtaError) as exc:
        _render("Prose.\n\n" + body + "\n")
    assert str(exc.value.problems[0]).startswith('chapters/trends.md:6: cite("r") is inside a link address')


def test_a_call_the_report_would_drop_is_a_located_error() -> None:
    with pytest.raises(GtaError, match=r'trends.md:5: chart\("c"\) is inside an HTML comment'):
        _render('Prose.\n<!-- {{ chart("c") }} -->\n')


def test_a_value_a_style_cannot_show_is_a_located_error() -> None:
    def stat(sid: str, style: str | None = None) -> str:
        raise ValueError("a '1 in N' ratio needs a share above 0 and at most 1, got 42.0")

    with pytest.raises(GtaError) as exc:
        _render('Prose.\n\nPer day: {{ stat("per_day", style="ratio") }}.\n', {"stat": stat})
    assert str(exc.value.problems[0]).startswith(
        "chapters/trends.md:6: stat(\"per_day\") cannot be shown: a '1 in N' ratio needs a share above 0")


# --- inputs resolve inside the project ------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["sources/editions/2025/chapters/fr/trends.md", "figures/fixture-files.yaml",
                                 "sources/editions/2025/recommendations.yaml", "sources/frameworks/mnr.yaml"])
def test_any_input_that_links_outside_is_refused_by_name_before_anything_is_read(fixture_project: Path,
                                                                                  tmp_path: Path, rel: str) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    (fixture_project / rel).unlink()
    (fixture_project / rel).symlink_to(outside)
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "validate"])
    assert result.exit_code == 1, result.output
    assert f"{rel}: is a link to a file outside the project" in result.output.replace(str(fixture_project) + "/", "")


def test_links_that_stay_inside_the_project_are_fine(fixture_project: Path) -> None:
    chapters = fixture_project / "sources/editions/2025/chapters"
    (fixture_project / "drafts").mkdir()
    (chapters / "intro.md").rename(fixture_project / "drafts" / "intro.md")
    (chapters / "intro.md").symlink_to(fixture_project / "drafts" / "intro.md")
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "validate"])
    assert result.exit_code == 0, result.output


# --- bounded memory -------------------------------------------------------------------------------------------

def test_unknown_keys_are_reported_and_never_carried_on() -> None:
    from gta.charts.spec import ChartSpec
    from gta.errors import Problems
    from gta.model import validate
    from gta.yamlio import parse_yaml

    text = ("id: c\ntype: line\ntitle: T\ndataset: d\nseries: [s]\n"
            "x_extra:\n  a: &a [" + ", ".join(["lol"] * 300) + "]\n  b: [" + ", ".join(["*a"] * 300) + "]\n")
    problems = Problems()
    spec = validate(ChartSpec, parse_yaml(text, "figures/c.yaml"), "figures/c.yaml", problems)
    assert [str(p) for p in problems.items] == [
        "figures/c.yaml:7: warning: unknown key 'x_extra'\n  hint: known keys: " + ", ".join(sorted(ChartSpec.model_fields))]
    assert spec is not None and not spec.model_extra
    assert len(spec.model_dump_json()) < 2_000  # what the chart's cache key hashes: 90,000 values never expanded


def test_aliases_that_would_expand_beyond_the_bound_are_refused_at_their_line() -> None:
    from gta.yamlio import MAX_EXPANDED_VALUES, parse_yaml

    text = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * (MAX_EXPANDED_VALUES // 1000)) + "]\n"
    with pytest.raises(GtaError, match=r"f.yaml:2: invalid YAML: aliases \(\*name\) expand this document"):
        parse_yaml(text, "f.yaml")
    with pytest.raises(GtaError, match="an alias refers to the collection that contains it"):
        parse_yaml("a: &a [1, *a]\n", "f.yaml")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_where_a_chapter_belongs_is_named_not_waited_on(fixture_project: Path) -> None:
    chapter = fixture_project / TRENDS
    chapter.unlink()
    os.mkfifo(chapter)
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "validate"])
    assert result.exit_code == 1
    assert "trends.md: expected a file, found a pipe, socket or device" in result.output


def test_a_link_outside_reached_through_a_linked_folder_inside_is_refused(fixture_project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("secret")
    shared = fixture_project / "shared"
    (fixture_project / "sources/datasets").rename(shared)
    (fixture_project / "sources/datasets").symlink_to(shared)  # a folder linked inside the project: fine ...
    (shared / "hotline.csv").unlink()
    (shared / "hotline.csv").symlink_to(outside)  # ... but what it holds must stay inside too
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "validate"])
    assert result.exit_code == 1, result.output
    assert "hotline.csv: is a link to a file outside the project" in result.output
