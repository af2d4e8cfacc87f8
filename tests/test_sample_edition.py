"""The shipped 2025 sample edition uses the evidence base: survey estimates with their intervals, the
interval charts, case-study boxes drawn from evidence items, and the 'Evidence reviewed' annex.

Read from the plan of the shipped project (no build): what the edition shows, not how it is drawn.
"""

from __future__ import annotations

import re

import pytest

from gta.plan import prepare
from gta.plan.model import Placement

BOX = re.compile(r'<aside class="box box-([a-z-]+)">(.*?)</aside>', re.S)


@pytest.fixture(scope="module")
def plan(shipped_project):
    return prepare(shipped_project, 2025)


def _placements(plan) -> list[tuple[str, Placement]]:
    return [(ch.id, p) for ch in plan.chapters for p in ch.placements]


def test_the_edition_shows_at_least_three_estimates_with_their_intervals(plan) -> None:
    shown = {p.id for _, p in _placements(plan) if p.kind == "stat" and p.style == "interval"}
    compared = {sid for _, p in _placements(plan) if p.kind == "compare" for sid in (p.id, p.style)}
    with_interval = {sid for sid in shown | compared if plan.statistics[sid].stat.estimate is not None}
    assert len(with_interval) >= 3, with_interval
    assert any(p.kind == "compare" for _, p in _placements(plan)), "overlap is discussed with compare()"


def test_the_interval_charts_and_the_evidence_annex_are_placed(plan) -> None:
    charts = {p.id for _, p in _placements(plan) if p.kind == "chart"}
    assert {"online-harms-estimates", "solicitation-estimates-compared"} <= charts
    annex = [ch for ch in plan.chapters if any(p.kind == "evidence" for p in ch.placements)]
    assert len(annex) == 1 and annex[0].kind == "back" and annex[0].number is None
    assert plan.evidence_view is not None and plan.evidence_view["count"] >= 30


def test_chapters_cite_evidence_items(plan, shipped_project) -> None:
    items = {item.id for item in shipped_project.evidence.items}
    cited = {p.id for _, p in _placements(plan) if p.kind == "cite"} & items
    assert len(cited) >= 20, sorted(cited)
    assert {r.id for r in plan.references_cited} >= cited


def test_every_case_study_box_cites_an_evidence_item(plan, shipped_project) -> None:
    items = {item.id for item in shipped_project.evidence.items}
    boxes = 0
    for ch in plan.chapters:
        for kind, body in BOX.findall(ch.html):
            if kind in ("case-study", "in-focus"):
                assert '<p class="box-title">' in body, (ch.id, "a case study or panel has a title")
            if kind != "case-study":
                continue
            boxes += 1
            tokens = re.findall(rf"{re.escape(ch.token_prefix)}(\d+)X", body)
            cited = {ch.placements[int(i)].id for i in tokens if ch.placements[int(i)].kind == "cite"}
            assert cited & items, (ch.id, body[:80])
    assert boxes >= 4


def test_the_edition_stays_marked_as_sample_content(plan) -> None:
    assert plan.edition.sample and plan.edition.sample_notice
