"""The claim checker: every figure in the prose, interpreted as a claim and checked against the data.

Numbers bound to statistics (``{{ stat("...") }}``) are right by construction; this package
finds the ones typed by hand — in chapters, press releases, partners' drafts — reads each as a
claim about a dataset (quantity, years, operation) and says whether the data support it. See
docs/claims.md for how a sentence is read and what the checker cannot do.
"""

from __future__ import annotations

from .bindings import BIND_PATTERN, strip_bindings
from .check import check_edition, check_file, check_text
from .model import KINDS, VERDICTS, Claim, Reading
from .review import summary_counts, write_review

__all__ = ["BIND_PATTERN", "KINDS", "VERDICTS", "Claim", "Reading", "check_edition", "check_file", "check_text",
           "strip_bindings", "summary_counts", "write_review"]
