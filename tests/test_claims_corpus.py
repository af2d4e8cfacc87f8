"""The claim checker against a corpus of sentences with known verdicts (tests/fixtures/claims/corpus.yaml).

Prints precision and recall per verdict (visible with ``pytest -s`` or ``-rA``). The hard rule:
no figure expected to be inconsistent may come out consistent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from gta.claims import VERDICTS, check_text
from gta.statistics import compute_statistics

CORPUS = Path(__file__).parent / "fixtures" / "claims" / "corpus.yaml"


def _load_cases() -> list[dict]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def results(shipped_project):
    """(case, expected, claim or None) for every graded figure of the corpus."""
    stats_by_cutoff: dict[int, dict] = {}
    graded = []
    for case in _load_cases():
        cutoff = case["cutoff"]
        if cutoff not in stats_by_cutoff:
            stats_by_cutoff[cutoff] = compute_statistics(shipped_project, None, cutoff=cutoff).stats
        claims = check_text(case["text"], shipped_project, edition=case["edition"], cutoff=cutoff,
                            stats=stats_by_cutoff[cutoff], source=case["id"])
        for expected in case["claims"]:
            found = next((c for c in claims if expected["text"] in c.text), None)
            graded.append((case, expected, found))
    return graded


def test_corpus_is_large_and_varied():
    cases = _load_cases()
    assert len(cases) >= 60
    assert len({c["id"] for c in cases}) == len(cases)
    categories = Counter(c["category"] for c in cases)
    for needed in ("consistent", "rounding", "years", "unit", "confusion", "break", "unsourced"):
        assert categories[needed] >= 3, needed


def test_precision_and_recall_per_verdict(results):
    tp: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    actual: Counter[str] = Counter()
    for _, expected, claim in results:
        got = claim.verdict if claim else "(not found)"
        actual[expected["verdict"]] += 1
        predicted[got] += 1
        if got == expected["verdict"]:
            tp[got] += 1
    lines = [f"claim-checker corpus: {len(results)} figures in {len({c['id'] for c, _, _ in results})} sentences",
             f"{'verdict':14}{'precision':>10}{'recall':>8}{'expected':>10}{'predicted':>11}"]
    for v in VERDICTS:
        p = tp[v] / predicted[v] if predicted[v] else float("nan")
        r = tp[v] / actual[v] if actual[v] else float("nan")
        lines.append(f"{v:14}{p:10.2f}{r:8.2f}{actual[v]:10d}{predicted[v]:11d}")
    accuracy = sum(tp.values()) / len(results)
    lines.append(f"accuracy {accuracy:.3f}")
    misses = [f"  {c['id']}: '{e['text']}' expected {e['verdict']}, got {cl.verdict if cl else 'nothing'}"
              f"{' — ' + cl.message if cl else ''}" for c, e, cl in results if not cl or cl.verdict != e["verdict"]]
    print("\n" + "\n".join(lines + (["misses:", *misses] if misses else [])))
    assert accuracy >= 0.9


def test_no_inconsistent_figure_is_called_consistent(results):
    wrong = [(c["id"], e["text"]) for c, e, cl in results
             if e["verdict"] == "inconsistent" and (cl is None or cl.verdict == "consistent")]
    assert not wrong


def test_inconsistent_figures_offer_the_expected_reading(results):
    """The reading a reviewer needs (the right years, the neighbouring quantity) is shown."""
    missing = []
    for case, expected, claim in results:
        if expected["verdict"] != "inconsistent" or "reading" not in expected or claim is None:
            continue
        shown = " ".join([claim.message, *(f"{r.description} {r.shown} {r.caveat}" for r in claim.readings)])
        if expected["reading"] not in shown:
            missing.append((case["id"], expected["reading"], shown[:200]))
    assert not missing
