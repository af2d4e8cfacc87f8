"""Measure the claim checker against a corpus of sentences whose verdicts are known.

The corpus (tests/fixtures/claims/corpus.yaml) holds sentences from published pages and
constructed traps, each with the edition and data cut-off it is read against, its source, the
truth computed from the shipped datasets (``why``) and the verdict expected for each graded
figure. This module grades the checker on it and writes the table docs/claims.md shows, so the
numbers there are always the ones the corpus gives (``make claims-report`` regenerates them).

The rule that matters most: a "consistent" verdict for a figure that is not consistent (a false
consistent) is the error reviewers cannot catch, because they stop looking. It is counted on its
own and must stay at zero.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..formatting import format_number
from ..sources import Sources
from ..statistics import compute_statistics
from .check import check_text
from .model import VERDICTS, Claim

REPORT_BEGIN = "<!-- corpus-report:begin (make claims-report rewrites this section) -->"
REPORT_END = "<!-- corpus-report:end -->"
_SOURCE_KINDS = ("constructed", "government", "ngo", "news", "press release", "blog", "fact-check", "consultancy")


@dataclass(frozen=True)
class Expected:
    """One graded figure: its text (the ``nth`` claim whose text contains it) and its verdict."""

    text: str
    verdict: str
    nth: int = 1
    reading: str = ""  # must appear in the message or the readings (what a reviewer needs)
    message_excludes: str = ""  # must not appear in the message (a wrong explanation)


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    edition: int
    cutoff: int
    category: str
    source: str  # "constructed", or the URL of the page the sentence is quoted from
    source_kind: str
    why: str
    claims: tuple[Expected, ...]


@dataclass(frozen=True)
class Graded:
    case: Case
    expected: Expected
    claim: Claim | None

    @property
    def got(self) -> str:
        return self.claim.verdict if self.claim else "(not found)"

    @property
    def right(self) -> bool:
        return self.got == self.expected.verdict

    @property
    def explained(self) -> bool:
        """The message and readings name what the case says a reviewer needs, and nothing wrong."""
        if self.claim is None:
            return False
        shown = " ".join([self.claim.message, *(f"{r.description} {r.shown} {r.caveat}" for r in self.claim.readings)])
        if self.expected.reading and self.expected.reading not in shown:
            return False
        return not (self.expected.message_excludes and self.expected.message_excludes in self.claim.message)


def load_corpus(path: Path) -> list[Case]:
    """Read and validate the corpus; a malformed case raises ``ValueError`` naming it."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for item in raw["cases"]:
        cid = item.get("id", "?")
        for key in ("id", "text", "edition", "cutoff", "category", "source", "why", "claims"):
            if key not in item:
                raise ValueError(f"{path}: case {cid} has no '{key}'")
        src = item["source"]
        if src == "constructed":
            url, kind = "constructed", "constructed"
        elif isinstance(src, dict) and str(src.get("url", "")).startswith("http") and src.get("kind") in _SOURCE_KINDS:
            url, kind = src["url"], src["kind"]
        else:
            raise ValueError(f"{path}: case {cid}: source must be 'constructed' or {{kind, url}} (kinds: "
                             f"{', '.join(_SOURCE_KINDS)})")
        expected = []
        for c in item["claims"]:
            if c.get("verdict") not in VERDICTS:
                raise ValueError(f"{path}: case {cid}: verdict must be one of {', '.join(VERDICTS)}")
            expected.append(Expected(str(c["text"]), c["verdict"], int(c.get("nth", 1)), c.get("reading", ""),
                                     c.get("message_excludes", "")))
        cases.append(Case(cid, item["text"], int(item["edition"]), int(item["cutoff"]), item["category"], url, kind,
                          item["why"], tuple(expected)))
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate case ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    return cases


def grade(project: Sources, cases: list[Case]) -> list[Graded]:
    """Check every case's text against its cut-off and pair each expected figure with its claim."""
    stats_by_cutoff: dict[int, dict[str, Any]] = {}
    graded = []
    for case in cases:
        if case.cutoff not in stats_by_cutoff:
            stats_by_cutoff[case.cutoff] = compute_statistics(project, None, cutoff=case.cutoff).stats
        claims = check_text(case.text, project, edition=case.edition, cutoff=case.cutoff,
                            stats=stats_by_cutoff[case.cutoff], source=case.id)
        for expected in case.claims:
            found = [c for c in claims if expected.text in c.text]
            graded.append(Graded(case, expected, found[expected.nth - 1] if len(found) >= expected.nth else None))
    return graded


@dataclass(frozen=True)
class Summary:
    sentences: int
    figures: int
    right: int
    rows: tuple[tuple[str, int, int, int], ...]  # verdict, expected, predicted, true positives
    false_consistent: tuple[Graded, ...]
    misses: tuple[Graded, ...]
    by_source: dict[str, tuple[int, int, int]]  # source kind -> (sentences, figures, right)
    by_category: dict[str, tuple[int, int]]  # category -> (figures, right)

    @property
    def accuracy(self) -> float:
        return self.right / self.figures if self.figures else 0.0


def summarise(graded: list[Graded]) -> Summary:
    expected = Counter(g.expected.verdict for g in graded)
    predicted = Counter(g.got for g in graded)
    tp = Counter(g.got for g in graded if g.right)
    rows = tuple((v, expected[v], predicted[v], tp[v]) for v in VERDICTS)
    false_consistent = tuple(g for g in graded if g.got == "consistent" and g.expected.verdict != "consistent")
    by_source: dict[str, tuple[int, int, int]] = {}
    for kind in sorted({g.case.source_kind for g in graded}):
        mine = [g for g in graded if g.case.source_kind == kind]
        by_source[kind] = (len({g.case.id for g in mine}), len(mine), sum(g.right for g in mine))
    by_category = {cat: (len(mine), sum(g.right for g in mine))
                   for cat in sorted({g.case.category for g in graded})
                   for mine in [[g for g in graded if g.case.category == cat]]}
    return Summary(len({g.case.id for g in graded}), len(graded), sum(g.right for g in graded), rows,
                   false_consistent, tuple(g for g in graded if not g.right), by_source, by_category)


def report_markdown(s: Summary) -> str:
    """The corpus section of docs/claims.md: totals, precision and recall per verdict, misses."""
    lines = [
        REPORT_BEGIN,
        f"Corpus: **{s.sentences} sentences**, {s.figures} graded figures. Right: **{s.right} of {s.figures} "
        f"({_pct(s.accuracy)})**. False \"consistent\": **{len(s.false_consistent)}**.",
        "",
        "| verdict | expected | predicted | right | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for verdict, exp, pred, tp in s.rows:
        lines.append(f"| {verdict} | {exp} | {pred} | {tp} | {_ratio(tp, pred)} | {_ratio(tp, exp)} |")
    lines += ["", "| source | sentences | figures | right |", "|---|---:|---:|---:|"]
    for kind, (n, f, r) in s.by_source.items():
        lines.append(f"| {kind} | {n} | {f} | {r} ({_pct(r / f)}) |")
    lines += ["", "| category | figures | right |", "|---|---:|---:|"]
    for cat, (f, r) in s.by_category.items():
        lines.append(f"| {cat} | {f} | {r} |")
    if s.false_consistent:
        lines += ["", "False \"consistent\" (must be none):", ""]
        lines += [f"- `{g.case.id}` '{g.expected.text}': expected {g.expected.verdict}" for g in s.false_consistent]
    if s.misses:
        lines += ["", "Figures the checker gets wrong (expected → got), each a known limit:", ""]
        lines += [f"- `{g.case.id}` '{g.expected.text}': {g.expected.verdict} → {g.got}" +
                  (f" — {g.claim.message}" if g.claim else "") for g in s.misses]
    lines.append(REPORT_END)
    return "\n".join(lines)


def update_document(doc: Path, section: str) -> bool:
    """Replace the corpus section of ``doc``; True when the file changed."""
    text = doc.read_text(encoding="utf-8")
    start, end = text.find(REPORT_BEGIN), text.find(REPORT_END)
    if start < 0 or end < start:
        raise ValueError(f"{doc}: no corpus section (add the lines {REPORT_BEGIN!r} and {REPORT_END!r})")
    new = text[:start] + section + text[end + len(REPORT_END):]
    if new == text:
        return False
    doc.write_text(new, encoding="utf-8")
    return True


def _ratio(a: int, b: int) -> str:
    return format_number(a / b, "plain", decimals=2) if b else "–"


def _pct(x: float) -> str:
    return format_number(x, "percent", decimals=1)
