"""Chart labels never collide: with each other, with tick labels and titles, or with a line they do not belong to.

Every chart of the shipped 2025 edition is drawn at print and at phone width, and the boxes of its
texts are measured after layout, as the Placer measures them when placing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gta.charts.draw import draw_chart
from gta.charts.outputs import CM, PHONE_WIDTH_CM, phone_height_cm
from gta.charts.spec import PRINT_WIDTH_CM
from gta.charts.style import house_style
from gta.load import load_project
from gta.plan import prepare

REPO = Path(__file__).resolve().parent.parent
SLACK = 0.5  # pixels: boxes that merely touch are not a collision


@pytest.fixture(scope="module")
def plan():
    return prepare(load_project(REPO), 2025)


def _texts(fig):
    """Every drawn text with its box: tick labels, panel titles, annotations (their text, not their leader)."""
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for t in [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.title, ax._left_title, ax._right_title, *ax.texts]:
            if t.get_visible() and t.get_text().strip():
                out.append((ax, t, Text.get_window_extent(t, renderer).padded(-SLACK)))
    return out


def _hits_line(box, ax) -> str | None:
    """The label of a plotted line (or rule) the box crosses, sampled along each segment."""
    for line in ax.lines:
        pts = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        for a, b in zip(pts, pts[1:], strict=False):
            if not (np.isfinite(a).all() and np.isfinite(b).all()):
                continue
            for t in np.linspace(0, 1, 60):
                x, y = a + (b - a) * t
                if box.x0 < x < box.x1 and box.y0 < y < box.y1:
                    return line.get_label() or "a line"
    return None


@pytest.mark.parametrize("width_cm", [PRINT_WIDTH_CM, PHONE_WIDTH_CM], ids=["print", "phone"])
def test_no_chart_label_collides(plan, width_cm: float) -> None:
    problems = []
    for fig_plan in plan.figures:
        if fig_plan.spec is None:
            continue
        height = fig_plan.print_height_cm if width_cm == PRINT_WIDTH_CM else \
            phone_height_cm(fig_plan.spec, fig_plan.data, fig_plan.print_height_cm)
        with house_style(1.0) as sizes:
            fig = draw_chart(fig_plan.spec, fig_plan.data, width_cm * CM, height * CM, sizes)
            fig.draw_without_rendering()
            texts = _texts(fig)
            for i, (_, a, box_a) in enumerate(texts):
                for _, b, box_b in texts[i + 1:]:
                    if box_a.overlaps(box_b):
                        problems.append(f"{fig_plan.id}: {a.get_text()!r} overlaps {b.get_text()!r}")
            for ax, t, box in texts:
                if t in ax.texts:  # value labels, break labels, annotations
                    crossed = _hits_line(box, ax)
                    if crossed is not None:
                        problems.append(f"{fig_plan.id}: {t.get_text()!r} crosses {crossed}")
    assert problems == [], "\n".join(problems)
