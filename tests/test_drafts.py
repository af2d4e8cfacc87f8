"""A new edition starts honest: copied prose, unmoved "since the last edition" figures and stale data are flagged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.cli import main
from gta.editions import diff_editions, new_edition
from gta.load import load_project
from gta.plan import compute_edition
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory) -> Path:
    """A copy of the shipped project with a 2027 draft scaffolded from the 2025 edition."""
    project = tmp_path_factory.mktemp("draft") / "project"
    for name in ("sources", "figures"):
        shutil.copytree(REPO_ROOT / name, project / name)
    result = CliRunner().invoke(main, ["--project", str(project), "new-edition", "2027", "--from", "2025"])
    assert result.exit_code == 0, result.output
    assert "copied_from: 2025" in result.output
    return project


def test_every_copied_chapter_is_marked_and_warned_about_with_its_line(scaffolded: Path) -> None:
    project = load_project(scaffolded)
    data = compute_edition(project, 2027)
    warnings = [str(w).splitlines()[0] for w in data.draft_warnings]
    for chapter in project.editions[2027].meta.chapters:
        assert chapter in "".join(warnings)
        expected = (f"sources/editions/2027/chapters/{chapter}.md:2: warning: chapter '{chapter}' is copied from "
                    "edition 2025 and not yet revised")
        assert expected in [w.replace(str(scaffolded) + "/", "") for w in warnings]


def test_since_the_last_edition_figures_that_did_not_move_are_flagged(scaffolded: Path) -> None:
    data = compute_edition(load_project(scaffolded), 2027)
    text = "\n".join(str(w) for w in data.draft_warnings).replace(str(scaffolded) + "/", "")
    chapter = (scaffolded / "sources/editions/2027/chapters/key-findings.md").read_text(encoding="utf-8").splitlines()

    def line(sid: str) -> int:
        return next(i for i, text in enumerate(chapter, 1) if f'stat("{sid}"' in text)

    # "Since the last edition, whose data ran to 2022, reports rose by {{ ncmec_change_2022_2023 }}"
    assert (f"sources/editions/2027/chapters/key-findings.md:{line('ncmec_change_2022_2023')}: warning: "
            "'ncmec_change_2022_2023' (+12.9%) is the same in edition 2025, yet the text presents it as a change "
            "since the last edition") in text
    # "... {{ iwf_confirmed_growth_2022_2024 }} since the last edition's latest year" (+14%), and only that figure
    assert f"key-findings.md:{line('iwf_confirmed_growth_2022_2024')}: warning: 'iwf_confirmed_growth_2022_2024' (+14%)" \
        in text
    assert "'iwf_confirmed_2024'" not in text and "'iwf_confirmed_growth_2019_2024'" not in text
    assert ("sources/editions/2027/edition.yaml: warning: no dataset has data after 2024, the data cut-off of "
            "edition 2025") in text


def test_strict_fails_on_an_unrevised_draft_and_writes_nothing(scaffolded: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(scaffolded), "--strict", "build", "--edition", "2027",
                                       "--format", "html"])
    assert result.exit_code == 1
    assert "is copied from edition 2025 and not yet revised" in result.output
    assert not (scaffolded / "build" / "2027" / "report.html").exists()
    check = CliRunner().invoke(main, ["--project", str(scaffolded), "check", "--edition", "2027"])
    assert "edition 2027 (draft)" in check.output and "not yet revised" in check.output


def test_a_revised_chapter_is_no_longer_flagged(scaffolded: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(scaffolded, project)
    path = project / "sources/editions/2027/chapters/foreword.md"
    text = path.read_text().replace("copied_from: 2025  # delete this line once the text is rewritten\n", "")
    path.write_text(text.replace("---\n", "---\n", 1) + "\nA new paragraph for 2027.\n")
    warnings = [str(w) for w in compute_edition(load_project(project), 2027).draft_warnings]
    assert not any("'foreword'" in w for w in warnings)


def test_a_chapter_left_word_for_word_is_flagged_even_without_the_mark(scaffolded: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(scaffolded, project)
    path = project / "sources/editions/2027/chapters/alliance.md"
    path.write_text(path.read_text().replace("copied_from: 2025  # delete this line once the text is rewritten\n", ""))
    warnings = [str(w) for w in compute_edition(load_project(project), 2027).draft_warnings]
    assert any("chapter 'alliance' is word for word the text of edition 2025" in w for w in warnings)


def test_recommendations_keep_their_ids_so_diff_shows_only_real_changes(scaffolded: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(scaffolded, project)
    old = (scaffolded / "sources/editions/2025/recommendations.yaml").read_text()
    new = (project / "sources/editions/2027/recommendations.yaml").read_text()
    assert [ln for ln in old.splitlines() if "- id:" in ln] == [ln for ln in new.splitlines() if "- id:" in ln]
    assert not [c for c in diff_editions(load_project(project), 2025, 2027) if c.what == "recommendation"]
    path = project / "sources/editions/2027/recommendations.yaml"
    path.write_text(new.replace("title: Fund prevention as part of the national response",
                                "title: Fund prevention at scale", 1))
    changes = [c for c in diff_editions(load_project(project), 2025, 2027) if c.what == "recommendation"]
    assert [(c.kind, c.id, c.reason) for c in changes] == [("changed", "r25-fund-prevention", "revised: title")]
    result = CliRunner().invoke(main, ["--project", str(project), "diff", "2025", "2027"])
    assert "+ new in 2027   ~ changed from 2025 to 2027: old → new [why]   - dropped since 2025" in result.output
    assert ("~ r25-fund-prevention: Fund prevention as part of the national response → Fund prevention at scale  "
            "[revised: title]") in result.output


def test_a_recommendation_that_keeps_its_id_continues_the_earlier_one(fixture_project: Path) -> None:
    new_edition(fixture_project, 2026, 2025)
    path = fixture_project / "sources/editions/2026/recommendations.yaml"
    text = path.read_text().replace("    continuity: {relation: continues, previous: fx-educate}\n", "")
    path.write_text(text)
    data = compute_edition(load_project(fixture_project), 2026)
    rec = next(r for r in data.recommendations if r.id == "fx-educate")
    assert (rec.continuity.relation, rec.continuity.previous) == ("continues", ("fx-educate",))
