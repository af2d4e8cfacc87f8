"""The review pack: HTML safe against hostile text, spreadsheets safe against formula injection, XLSX deterministic."""

from __future__ import annotations

import csv
from dataclasses import replace

from openpyxl import load_workbook

from gta.claims import Claim, Reading, summary_counts, write_review


def _claim(**kw) -> Claim:
    base = dict(source="chapters/x.md", line=3, sentence="NCMEC received 36.3 million reports in 2023.",
                text="36.3 million", start=15, end=27, kind="count", qualifier="exact", value=36_300_000.0,
                quantity="ncmec_cybertipline.reports", years=(2023,), verdict="inconsistent", computed=36_210_368.0,
                readings=(Reading("NCMEC CyberTipline reports, 2023", 36_210_368.0, "36,210,368 (x.csv:27)",
                                  ("ncmec-cy2023",), shown="36.2 million"),),
                message="NCMEC CyberTipline reports, 2023 gives 36.2 million", computed_text="36.2 million", at=15)
    base.update(kw)
    return Claim(**base)


def test_writes_html_csv_and_xlsx(tmp_path):
    claims = [_claim(), _claim(verdict="consistent", line=9)]
    paths = write_review(claims, tmp_path / "review", title="Review", pages={("chapters/x.md", 15): 7})
    assert [p.name for p in paths] == ["index.html", "review.csv", "review.xlsx"]
    html = paths[0].read_text()
    assert "<mark>36.3 million</mark>" in html and "PDF page 7" in html and "ncmec-cy2023" in html
    rows = list(csv.DictReader(paths[1].open(encoding="utf-8-sig", newline="")))
    assert [r["verdict"] for r in rows] == ["inconsistent", "consistent"]
    assert rows[0]["page"] == "7" and rows[0]["computed"] == "36210368"
    assert summary_counts(claims) == {"inconsistent": 1, "ambiguous": 0, "unsourced": 0, "consistent": 1}


def test_html_escapes_text_and_allows_no_script(tmp_path):
    evil = '<script>alert(1)</script> "quoted" & <b>bold</b>'
    claim = _claim(sentence=f"NCMEC received 36.3 million {evil}", message=evil,
                   readings=(Reading(evil, 1.0, evil, (evil,), shown=evil),))
    html = write_review([claim], tmp_path, title=evil)[0].read_text()
    assert "<script>" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_spreadsheet_cells_cannot_run_formulas(tmp_path):
    claim = _claim(text="=HYPERLINK(\"http://x\")", sentence="+1 then -2", message="@SUM(A1)", quantity="\tq")
    _, csv_path, xlsx_path = write_review([claim], tmp_path, title="=evil()")
    row = next(csv.DictReader(csv_path.open(encoding="utf-8-sig", newline="")))
    assert row["text"] == "'=HYPERLINK(\"http://x\")" and row["sentence"] == "'+1 then -2"
    assert row["message"] == "'@SUM(A1)" and row["quantity"] == "'\tq"
    ws = load_workbook(xlsx_path)["Claims"]
    header = [c.value for c in ws[1]]
    values = dict(zip(header, [c.value for c in ws[2]], strict=True))
    # text stays text, flagged as Excel does for a typed "'=...": no apostrophe shows
    assert values["text"] == "=HYPERLINK(\"http://x\")" and values["message"] == "@SUM(A1)"
    for name in ("text", "message", "sentence", "quantity"):
        cell = ws.cell(2, header.index(name) + 1)
        assert cell.data_type == "s" and cell.quotePrefix
    assert values["computed"] == 36_210_368.0  # numbers stay numbers


def test_xlsx_is_deterministic(tmp_path):
    claims = [_claim(), replace(_claim(), verdict="unsourced", computed=None, readings=())]
    a = write_review(claims, tmp_path / "a", title="Review")[2].read_bytes()
    b = write_review(claims, tmp_path / "b", title="Review")[2].read_bytes()
    assert a == b
    props = load_workbook(tmp_path / "a" / "review.xlsx").properties
    assert props.created.year == 2000 and props.modified.year == 2000


def test_rewriting_leaves_no_temporary_files(tmp_path):
    write_review([_claim()], tmp_path, title="Review")
    write_review([_claim()], tmp_path, title="Review")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "review.csv", "review.xlsx"]
