"""Words the builder shows that are data values, marked here so that Babel extracts them.

``N_`` marks a message without translating it: the code translates the value where it shows it.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    return message


# Confidence levels of statistics and dataset rows (register, tables, evidence lists).
CONFIDENCE = (N_("high"), N_("medium"), N_("low"))
