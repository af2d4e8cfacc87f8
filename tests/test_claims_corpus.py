"""The claim checker against its corpus (tests/fixtures/claims/corpus.yaml), as docs/claims.md reports it.

The hard rule: no figure may come out "consistent" unless it is (a false consistent is the one
error reviewers cannot catch). The table in docs/claims.md is the one this corpus gives today:
`make claims-report` regenerates it, and a test fails when it is stale.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from gta.claims.evaluate import REPORT_BEGIN, REPORT_END, grade, load_corpus, report_markdown, summarise

CORPUS = Path(__file__).parent / "fixtures" / "claims" / "corpus.yaml"
DOC = Path(__file__).resolve().parent.parent / "docs" / "claims.md"
CLASSES = ("published-period", "open-bound", "multiple", "noun-binding", "list-years", "level-change", "subset",
           "explanation")  # the eight classes of issue 19


@pytest.fixture(scope="module")
def cases():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def graded(shipped_project, cases):
    return grade(shipped_project, cases)


def test_corpus_is_large_varied_and_sourced(cases):
    assert len(cases) >= 150
    categories = Counter(c.category for c in cases)
    for needed in ("consistent", "rounding", "years", "unit", "confusion", "break", "unsourced", *CLASSES):
        assert categories[needed] >= 3, needed
    real = [c for c in cases if c.source != "constructed"]
    assert len(real) >= 30 and all(c.source.startswith("http") for c in real)
    assert {c.source_kind for c in real} >= {"government", "ngo", "news", "press release"}
    assert all(c.why.strip() for c in cases)


def test_at_least_95_percent_right_and_no_false_consistent(graded):
    summary = summarise(graded)
    print("\n" + report_markdown(summary))
    assert not [(g.case.id, g.expected.text) for g in summary.false_consistent]
    assert summary.accuracy >= 0.95


def test_every_class_of_issue_19_is_judged_right(graded):
    wrong = [(g.case.id, g.expected.text, g.got) for g in graded if g.case.category in CLASSES and not g.right]
    assert not wrong


def test_explanations_name_what_a_reviewer_needs(graded):
    """The reading a reviewer needs is offered, and no wrong quantity is named ("videos per day")."""
    missing = [(g.case.id, g.expected.text, g.claim.message if g.claim else None) for g in graded
               if (g.expected.reading or g.expected.message_excludes) and g.right and not g.explained]
    assert not missing


def test_docs_claims_md_shows_the_corpus_as_it_is(graded):
    doc = DOC.read_text(encoding="utf-8")
    current = doc[doc.index(REPORT_BEGIN):doc.index(REPORT_END) + len(REPORT_END)]
    assert current == report_markdown(summarise(graded)), "run `make claims-report`"


def test_a_malformed_case_names_itself(tmp_path):
    bad = tmp_path / "corpus.yaml"
    bad.write_text("cases:\n  - {id: x1, text: 'a', edition: 2025, cutoff: 2024, category: real, why: w,\n"
                   "     source: {kind: news, url: 'not a url'}, claims: [{text: a, verdict: consistent}]}\n")
    with pytest.raises(ValueError, match="x1: source must be"):
        load_corpus(bad)
