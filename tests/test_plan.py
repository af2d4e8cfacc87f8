"""The edition plan: what an edition shows, checked once, and the same in every output."""

from __future__ import annotations

import re
import shutil
import zipfile
from html import unescape
from pathlib import Path

import pytest

from gta.build import build_edition
from gta.errors import GtaError
from gta.load import load_project
from gta.plan import compute_edition, prepare
from gta.writers.charts import pack_arguments

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shipped_plan(shipped_project):
    return prepare(shipped_project, 2025)


def test_the_2025_figures_are_numbered_in_reading_order_and_the_heatmap_is_additional(shipped_plan) -> None:
    figures = shipped_plan.report_figures
    assert [f.number for f in figures] == list(range(1, len(figures) + 1))
    calls = [c.id for ch in shipped_plan.chapters for c in ch.placements if c.kind == "chart"]
    assert [f.id for f in figures] == calls
    extra = [f for f in shipped_plan.figures if f.additional]
    assert [f.id for f in extra] == ["recommendations-mnr-heatmap"]
    assert shipped_plan.figures == figures + extra, "additional figures come after the report's, unnumbered"


def test_the_2025_pack_holds_the_reports_figures_in_order_then_the_additional_ones(shipped_plan, tmp_path: Path) -> None:
    from gta.charts import output_for

    outputs = {f.id: output_for(f.meta, tmp_path / f.id, {}, False) for f in shipped_plan.figures}
    ordered, _, citation, options = pack_arguments(shipped_plan, tmp_path, outputs)
    tables = options["tables"]
    assert [(o.id, o.title) for o in ordered] == [(f.id, f.meta.title) for f in shipped_plan.figures]
    assert [o.id for o in ordered][:len(shipped_plan.report_figures)] == [f.id for f in shipped_plan.report_figures]
    assert citation.title == shipped_plan.edition.title
    assert [t.id for t in tables] == [t.id for t in shipped_plan.tables]


def test_every_register_row_is_shown_or_an_input_of_one_that_is(shipped_plan) -> None:
    stats = shipped_plan.statistics
    placed = {p.id for ch in shipped_plan.chapters for p in ch.placements if p.kind == "stat"}
    shown_elsewhere = set(shipped_plan.headline) | {sid for r in shipped_plan.recommendations for sid in r.evidence}
    shown_elsewhere |= {i.id for f in shipped_plan.figures if f.spec is not None for i in f.spec.statistics}
    for sid, row in stats.items():
        if row.role == "shown":
            assert sid in placed | shown_elsewhere or row.chapters, sid
        else:
            assert row.role == "input" and row.input_of, sid
            assert all(stats[parent].role in ("shown", "input") for parent in row.input_of), sid
    all_stats = set(compute_edition(load_project(REPO), 2025).stats)
    assert len(stats) < len(all_stats), "the register holds what the edition shows, not every statistic"


def test_a_statistic_added_for_a_later_edition_does_not_reach_this_ones_register(tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    shutil.copytree(REPO / "sources", project_dir / "sources")
    shutil.copytree(REPO / "figures", project_dir / "figures")
    before = prepare(load_project(project_dir), 2025)
    extra = project_dir / "sources" / "statistics" / "later.yaml"
    extra.write_text("statistics:\n  - {id: later_total, label: A later total, op: value, "
                     "series: ncmec_cybertipline.reports, year: 2024}\n", encoding="utf-8")
    after = prepare(load_project(project_dir), 2025)
    assert set(after.statistics) == set(before.statistics)
    assert [r.id for r in after.references] == [r.id for r in before.references]


def test_the_fixture_build_shows_the_same_figures_in_the_report_and_the_pack(fixture_project: Path) -> None:
    out = build_edition(fixture_project, 2025, formats=("html",)).out_dir
    report = (out / "report.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="#fig-([^"]+)"><span class="toc-num">(\d+)</span> ([^<]+)</a></li>', report)
    gallery = (out / "charts" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="chart" id="([^"]+)"[^>]*>.*?<h2>([^<]+)</h2>', gallery, re.S)
    cards = [(cid, unescape(t)) for cid, t in cards]
    # The report's figures in their order, then the additional figure (the heatmap), in the pack only.
    assert cards[:len(listed)] == [(cid, unescape(t)) for cid, _, t in listed]
    assert [cid for cid, _ in cards[len(listed):]] == ["recommendations-mnr-heatmap"]
    assert [n for _, n, _ in listed] == [str(i) for i in range(1, len(listed) + 1)]
    with zipfile.ZipFile(out / "charts" / "gta2025-charts-en.zip") as zf:
        stems = [name.split("/")[1] for name in zf.namelist() if name.endswith(".csv")]
    assert stems == [f"gta2025-fig{int(n):02d}-{cid}.csv" for cid, n, _ in listed] + \
        ["gta2025-other-recommendations-mnr-heatmap.csv"]
    assert sorted(p.name for p in (out / "charts").iterdir() if p.is_dir() and p.name != "thumbs") == \
        sorted(cid for cid, _ in cards)


# --- evidence and estimates in chapters --------------------------------------------------------------


@pytest.fixture()
def evidence_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for folder in ("sources", "figures"):
        shutil.copytree(REPO / folder, root / folder)
    chapter = root / "sources" / "editions" / "2025" / "chapters" / "evidence.md"
    chapter.write_text('---\ntitle: Evidence reviewed\nkind: back\n---\n'
                       'Solicitation was {{ stat("lancet2025_online_solicitation") }}; '
                       '{{ compare("lancet2025_online_solicitation", "lancet2025_sexual_extortion") }}'
                       '{{ cite("lancet-ocsea-2025") }}{{ cite("ncmec-financial-sextortion-data-2024") }}\n\n{{ evidence() }}\n',
                       encoding="utf-8")
    # Only this chapter and one numbered chapter: the shipped chapters cite and compare much else.
    edition = root / "sources" / "editions" / "2025" / "edition.yaml"
    edition.write_text(re.sub(r"(?m)^chapters: .*$", "chapters: [alliance, evidence]",
                              edition.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def test_chapters_cite_evidence_items_and_place_the_annex(evidence_project: Path) -> None:
    plan = prepare(load_project(evidence_project), 2025)
    cited = [r.id for r in plan.references_cited]
    assert cited[-2:] == ["lancet-ocsea-2025", "ncmec-financial-sextortion-data-2024"]
    assert plan.references_cited[-1].url.startswith("http")  # an evidence item cited like a reference
    view = plan.evidence_view
    assert view is not None and view["count"] >= 25
    assert all(g["entries"] for g in view["groups"])
    firsts = [e["id"] for g in view["groups"] for e in g["entries"] if e["first"]]
    assert len(firsts) == len(set(firsts)) == view["count"], "each item is described once"
    assert view["since"] and {r["ref"] for r in view["gaps"]} <= {r["ref"] for r in view["coverage"]}


def test_compare_says_when_intervals_overlap_and_registers_both_estimates(evidence_project: Path) -> None:
    plan = prepare(load_project(evidence_project), 2025)
    assert plan.statistics["lancet2025_sexual_extortion"].role == "shown"
    from gta.writers.html import render_html

    html = render_html(plan, evidence_project)
    text = unescape(re.search(r'<span class="comparison">([^<]+)</span>', html).group(1))
    assert "12.5% (95% CI 10.5–14.7%)" in text and "3.5% (95% CI 1.9–6.4%)" in text
    assert "higher" in text and "do not show a difference" not in text  # these intervals do not overlap


def test_compare_of_a_statistic_without_an_interval_is_a_located_error(evidence_project: Path) -> None:
    chapter = evidence_project / "sources" / "editions" / "2025" / "chapters" / "evidence.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("lancet2025_sexual_extortion", "ncmec_reports_2023"),
                       encoding="utf-8")
    with pytest.raises(GtaError) as exc:
        prepare(load_project(evidence_project), 2025)
    assert any("evidence.md:5" in str(p) and "no confidence interval" in p.message for p in exc.value.problems)


def test_a_translated_register_shows_derivations_in_its_language(fixture_project: Path) -> None:
    from gta.register import register_rows

    plan = prepare(load_project(fixture_project), 2025, "fr")
    rows = {r["id"]: r for r in register_rows(plan)}
    nnbsp = "\u202f"
    assert rows["per_day_2022"]["derivation"].startswith(f"3{nnbsp}000 ÷ 365 = 8,2 par jour — ")
    assert rows["growth_2019_2022"]["derivation"].startswith(f"(3{nnbsp}000 − 1{nnbsp}000) ÷ 1{nnbsp}000 = +200,0")
    english = {r["id"]: r for r in register_rows(prepare(load_project(fixture_project), 2025))}
    assert english["per_day_2022"]["derivation"] == "3,000 ÷ 365 = 8.2 a day — Hotline reports, 2022"
