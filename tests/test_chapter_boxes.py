"""Boxed panels in chapters: `::: case-study Title` ... `:::` and `::: in-focus Title` ... `:::`."""

from __future__ import annotations

from pathlib import Path

from gta.load import load_project
from gta.plan import prepare

BOX_CHAPTER = """---
title: Introduction
kind: front
---
The hotline received {{ stat("reports_2022") }} reports in 2022.

::: case-study A <b>hotline</b> & its partners
It passed on {{ stat("reports_2022") }} reports.

- one
:::

::: in-focus
No title here.
:::

::: warning Not a box
stays text
:::
"""


def _intro_html(project: Path) -> str:
    (project / "sources/editions/2025/chapters/intro.md").write_text(BOX_CHAPTER, encoding="utf-8")
    plan = prepare(load_project(project), 2025)
    return next(ch.html for ch in plan.chapters if ch.id == "intro")


def test_a_case_study_becomes_a_titled_aside_with_its_markdown_and_calls(fixture_project: Path) -> None:
    html = _intro_html(fixture_project)
    assert '<aside class="box box-case-study">' in html
    # the title is plain text: markup in it is escaped, never rendered
    assert '<p class="box-title">A &lt;b&gt;hotline&lt;/b&gt; &amp; its partners</p>' in html
    body = html.split('<aside class="box box-case-study">', 1)[1].split("</aside>", 1)[0]
    assert "<li>one</li>" in body and "GTAPH" in body  # Markdown and chapter calls work inside a box


def test_an_in_focus_panel_may_have_no_title_and_unknown_containers_stay_text(fixture_project: Path) -> None:
    html = _intro_html(fixture_project)
    assert '<aside class="box box-in-focus"><p class="box-kind">In focus</p>\n<p>No title here.</p>' in html
    assert '<p class="box-title">' not in html.split('box-in-focus', 1)[1].split("</aside>", 1)[0]
    assert "::: warning Not a box" in html and "box-warning" not in html
