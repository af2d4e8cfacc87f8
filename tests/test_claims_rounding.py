"""The claim checker shows numbers with the project's one rounding rule (half away from zero).

Python's round() and float format specs round half to even ("2.5" → "2"); a reviewer comparing
the checker's "computed" column with the report must see the same digits the report shows.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gta.claims.readings import _n, _pct
from gta.claims.review import _number
from gta.claims.verdict import exact_text, shown_value

CLAIMS = Path(__file__).resolve().parent.parent / "gta" / "claims"


@pytest.mark.parametrize("value, decimals, expected, bankers", [
    (2.5, 0, "3", "2"),
    (0.125, 2, "0.13", "0.12"),
    (99_206.5, 0, "99,207", "99,206"),
])
def test_derivation_numbers_round_half_away_from_zero(value, decimals, expected, bankers):
    assert f"{value:,.{decimals}f}" == bankers  # what the old code showed
    assert _n(value, decimals) == expected
    assert _n(-value, decimals) == "−" + expected


def test_percentages_round_half_away_from_zero():
    assert f"{0.25:.1f}" == "0.2"
    assert _pct(0.0025) == "+0.3%"
    assert _pct(-0.0025) == "−0.3%"
    assert _pct(0.0004) == "0.0%"  # a change that rounds to zero shows no sign


def test_exact_values_and_review_cells_use_the_same_rule():
    assert exact_text(2.125) == "2.125"
    assert exact_text(0.123456) == "0.1235"
    assert _number(2.5) == "2.5" and _number(0.12345678905) == "0.1234567891"
    assert shown_value("count", 36_210_368.5) == "36.2 million (36,210,369)"


def test_the_claim_checker_never_rounds_with_python_round_or_format_specs():
    offenders = []
    for path in sorted(CLAIMS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round":
                offenders.append(f"{path.name}:{node.lineno}: round()")
            if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
                # NOTE: every number goes through gta.formatting; no f-string format spec at all
                offenders.append(f"{path.name}:{node.lineno}: format spec {ast.unparse(node.format_spec)}")
    assert not offenders
