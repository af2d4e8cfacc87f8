"""Editions side by side: data cut-offs, diff, scaffolding the next edition."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.cli import main
from gta.editions import diff_editions, new_edition
from gta.errors import GtaError
from gta.load import load_project
from gta.plan import compute_edition
from gta.statistics import compute_statistics
from tests.conftest import REPO_ROOT


def _input_years(stat) -> list[int]:
    return [int(i.ref.rsplit(" ", 1)[-1]) for i in stat.inputs if i.kind == "row"]


@pytest.mark.parametrize("year", [2019, 2021, 2023, 2025])
def test_each_edition_uses_no_data_after_its_cut_off(shipped_project, year: int) -> None:
    edition = shipped_project.editions[year].meta
    stats = compute_statistics(shipped_project, year).stats
    for sid, stat in stats.items():
        for i in stat.inputs:
            if i.kind != "row":
                continue
            dataset = shipped_project.datasets[i.ref.split(".", 1)[0]]
            limit = edition.year if dataset.meta.cutoff == "publication" else edition.data_cutoff
            assert int(i.ref.rsplit(" ", 1)[-1]) <= limit, (year, sid, i.ref)


def test_the_2021_edition_never_sees_2022_data(shipped_project) -> None:
    result = compute_statistics(shipped_project, 2021)
    assert result.stats["ncmec_reports_latest"].as_of == "2020"
    assert "ncmec_reports_2022" in result.unavailable
    assert "2022 is after this edition's data cut-off (2020)" in result.unavailable["ncmec_reports_2022"].message
    assert all(y <= 2020 for s in result.stats.values() for y in _input_years(s)
               if not s.inputs or not s.inputs[0].ref.startswith("membership."))


def test_the_2021_charts_stop_at_the_cut_off(tmp_path: Path) -> None:
    from tests.helpers import render_charts

    project = load_project(REPO_ROOT)
    out = render_charts(project, 2021, tmp_path, ["ncmec-reports"], formats=("svg",), sizes=("print",), jobs=1)
    csv = out["ncmec-reports"].files["csv"].read_text().splitlines()
    years = [int(line.split(",")[0]) for line in csv[1:] if line[:4].isdigit()]
    assert years and max(years) == 2020


def test_diff_lists_new_changed_and_dropped_with_reasons(shipped_project) -> None:
    changes = {(c.what, c.id): c for c in diff_editions(shipped_project, 2023, 2025)}
    # 2023 is locked: its statistics are the ones it published, so what it did not show is new in 2025
    assert changes[("statistic", "ncmec_reports_latest")].kind == "new"
    assert changes[("statistic", "ncmec_reports_2023")].kind == "new"
    assert ("statistic", "ncmec_reports_2022") not in changes  # same value in both editions: no change
    assert changes[("recommendation", "r25-fund-prevention")].reason.startswith("continues")
    kinds = {c.kind for c in changes.values()}
    assert kinds <= {"new", "changed", "dropped"}


def test_diff_reports_revised_data_when_a_value_changes_for_the_same_year(fixture_project: Path) -> None:
    csv = fixture_project / "sources/datasets/hotline.csv"
    project_before = load_project(fixture_project)
    before = compute_statistics(project_before, 2025).stats["reports_2021"]
    csv.write_text(csv.read_text().replace("2021,2400", "2021,2450"))
    from gta.editions import _stat_change

    after = compute_statistics(load_project(fixture_project), 2025).stats["reports_2021"]
    change = _stat_change("reports_2021", before, after)
    assert change is not None and change.reason == "revised data for 2021"
    assert (change.old, change.new) == ("2,400", "2,450")


def test_diff_cli_prints_the_changes(fixture_project: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "diff", "2024", "2025"])
    assert result.exit_code == 0, result.output
    assert "~ reports_latest: 2,400 → 1,200  [newer year (2021 → 2023)]" in result.output
    assert "+ growth_2019_2022" in result.output


def test_new_edition_scaffolds_the_next_one(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for name in ("sources", "figures"):
        shutil.copytree(REPO_ROOT / name, project / name)
    result = CliRunner().invoke(main, ["--project", str(project), "new-edition", "2027", "--from", "2025"])
    assert result.exit_code == 0, result.output
    text = (project / "sources/editions/2027/edition.yaml").read_text()
    assert "year: 2027" in text and "data_cutoff: 2026" in text and "previous: 2025" in text
    assert "title: Global Threat Assessment 2027" in text
    loaded = load_project(project)
    assert 2027 in loaded.editions and loaded.editions[2027].meta.previous == 2025
    changes = diff_editions(loaded, 2025, 2027)
    # recommendations keep their ids and continue themselves: nothing to list until someone revises one
    assert not [c for c in changes if c.what == "recommendation"]
    assert not [c for c in changes if c.kind == "dropped"]
    recs = compute_edition(loaded, 2027).recommendations
    assert recs and all(r.continuity.relation == "continues" and r.continuity.previous == (r.id,) for r in recs)


def test_new_edition_refuses_to_overwrite(fixture_project: Path) -> None:
    with pytest.raises(GtaError, match="already exists"):
        new_edition(fixture_project, 2025, 2024)
    with pytest.raises(GtaError, match="no edition 2020"):
        new_edition(fixture_project, 2030, 2020)
