"""Is this page English prose? A detector for the translated editions' acceptance test.

English prose is held together by a small set of function words ("the", "of", "and", "to",
"is" ...): in running English text they are a third or more of the words. A translated page keeps
some English — organisations' names ("Internet Watch Foundation"), programme names, titles of
cited works in a derivation — but those are a small share of its words. So the detector counts
English function words against every word of the page, in any script: Latin words, Arabic words,
and Chinese characters (about 1.5 to a word). Words that are also common in French, Spanish or
Portuguese ("a", "as", "on", "no", "do", "de", "or", "an", "in", "me", "se") are left out of the
list, so a French or Portuguese page cannot score with its own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Function words of English that are not words of French, Spanish or Portuguese.
FUNCTION_WORDS = frozenset("""
the of and to is are was were be been being with for that this these those which from by it its
their they them than not but can could would should will shall has have had into about between
more most also only other such each how what who whom when where while because there here our we
you your his her she he any both after before over under through during without within against
does did done if so then out up all some many much every one two very just may might must
""".split())

LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ž]+")
ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_CHARS_PER_WORD = 1.5

#: A page is English prose when this share of its words are English function words (English
#: prose scores 0.3 to 0.45; a translated page with names and cited titles scores under 0.08) ...
THRESHOLD = 0.15
#: ... and it has at least this many of them (a page with a caption and a name is not prose).
MIN_FUNCTION_WORDS = 6


@dataclass(frozen=True)
class Score:
    words: float  # every word of the page, in any script
    function_words: int  # English function words among them
    top: tuple[str, ...]  # the commonest English function words found, for the failure message

    @property
    def share(self) -> float:
        return self.function_words / self.words if self.words else 0.0

    @property
    def english(self) -> bool:
        return self.function_words >= MIN_FUNCTION_WORDS and self.share >= THRESHOLD


def score(text: str) -> Score:
    """How English ``text`` reads."""
    latin = [w.lower() for w in LATIN_WORD.findall(text)]
    found = [w for w in latin if w in FUNCTION_WORDS]
    words = len(latin) + len(ARABIC_WORD.findall(text)) + len(CJK_CHAR.findall(text)) / CJK_CHARS_PER_WORD
    counts: dict[str, int] = {}
    for w in found:
        counts[w] = counts.get(w, 0) + 1
    top = tuple(sorted(counts, key=lambda w: (-counts[w], w))[:6])
    return Score(words, len(found), top)


def is_english(text: str) -> bool:
    return score(text).english
