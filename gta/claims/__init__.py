"""The claim checker: every figure in the prose, interpreted as a claim and checked against the data.

Numbers bound to statistics (``{{ stat("...") }}``) are right by construction; this package
finds the ones typed by hand — in chapters, press releases, partners' drafts — reads each as a
claim about a dataset (quantity, years, operation) and says whether the data support it, and
checks the words typed around the bound ones ("rose", "about", "the highest", "mainly"). See
docs/claims.md for how a sentence is read and what the checker cannot do.
"""

from __future__ import annotations

from .bindings import BIND_PATTERN, strip_bindings
from .bound import check_bound_text, check_bound_words
from .check import check_edition, check_file, check_text
from .model import KINDS, VERDICTS, Claim, Reading
from .review import summary_counts, write_review

__all__ = ["BIND_PATTERN", "KINDS", "VERDICTS", "Claim", "Reading", "check_bound_text", "check_bound_words",
           "check_edition", "check_file", "check_text", "strip_bindings", "summary_counts", "write_review"]
