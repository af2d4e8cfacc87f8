"""`make claims-report`: grade the claim checker on its corpus and rewrite the table in docs/claims.md.

    python -m tests.claims_report          # rewrite the section, print the misses
    python -m tests.claims_report --check  # exit 1 if docs/claims.md is out of date

The corpus is tests/fixtures/claims/corpus.yaml; the section sits between the corpus-report
markers of docs/claims.md, so everything else in the document is left as written.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "fixtures" / "claims" / "corpus.yaml"
DOC = REPO / "docs" / "claims.md"


def section() -> str:
    from gta.claims.evaluate import grade, load_corpus, report_markdown, summarise
    from gta.load import load_project

    return report_markdown(summarise(grade(load_project(REPO), load_corpus(CORPUS))))


def main(argv: list[str]) -> int:
    from gta.claims.evaluate import REPORT_BEGIN, REPORT_END, update_document

    text = section()
    if "--check" in argv:
        doc = DOC.read_text(encoding="utf-8")
        current = doc[doc.find(REPORT_BEGIN):doc.find(REPORT_END) + len(REPORT_END)]
        if current != text:
            print("docs/claims.md is out of date: run `make claims-report`")
            return 1
        return 0
    changed = update_document(DOC, text)
    print(text.replace(REPORT_BEGIN, "").replace(REPORT_END, "").strip())
    print(f"\n{'updated' if changed else 'unchanged'}: {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
