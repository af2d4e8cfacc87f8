"""Noun phrases that narrow a quantity: "reports of grooming on gaming platforms", "AI-generated reports".

A sentence that names a part of a quantity the datasets do not break down ("reports of grooming"
is a part of NCMEC's reports) makes a claim the data cannot check: comparing its figure with the
whole would call a subset's figure wrong, or worse, call the whole's figure right for the subset.
The checker reads such a figure as unsourced and names the whole the data do hold.

What does *not* narrow: words that describe the whole ("suspected child sexual exploitation",
"child sexual abuse material", "online"), the publisher and its cues ("to NCMEC", "on the
CyberTipline"), words of the quantity's own aliases ("confirmed", "from the public"), years and
time ("in 2023", "a day"), and figures.
"""

from __future__ import annotations

import re

from .vocabulary import Match, Vocabulary

# Words that describe every report, file or member a dataset counts, so they never narrow it.
_WHOLE = set("""
child children childhood minor minors kid kids young youth sexual sexually abuse abused abusive exploitation
exploitative exploited material materials csam csem imagery image images video videos photos pictures content
suspected apparent alleged possible potential online offline internet web digital harm harms crime crimes
incident incidents case cases activity activities nature kind kinds type types form forms
new annual total overall all every each global worldwide international national separate individual unique
more additional further such other same its their our this that these those the a an any some
""".split())
# Words that open a phrase which may narrow the noun before it ("reports *of* grooming").
_OPENER = re.compile(r"^\s*(?:of|about|involving|concerning|regarding|referring\s+to|related\s+to|relating\s+to|"
                     r"linked\s+to|tied\s+to|connected\s+to|on|in\s+which|that\s+(?:involved?|showed?|depicted?)|"
                     r"depicting|featuring|showing|with|where|from|via|through)\s+", re.I)
# Words that end the phrase: prepositions, articles that start another phrase, verbs, time words.
_END = set("""
in on at to for by and or but while whereas which that who with from since during between than up down per a an each
every is are was were be been has have had made came come sent received reported submitted rose fell grew jumped
increased decreased dropped declined reached totalled totaled alone day days week weeks month months year years
annually daily weekly monthly yearly globally worldwide respectively being alone
""".split())
_CONNECT = set("of the its their this these those such".split())
_PRE_STOP = _END | _CONNECT | set("""
increase increases rise rises growth fall falls drop drops decline declines change changes jump jumps surge
rising falling more fewer less times fold percent per cent
""".split())
_WORD = re.compile(r"[A-Za-z][\w'’-]*|\S")


def narrowing(text: str, quantity: Match, figure_end: int, vocab: Vocabulary, cue_words: set[str]) -> str:
    """The narrowing phrase around ``quantity`` (the noun a figure counts), or "" when there is none.

    ``text`` is the masked sentence, ``quantity`` the alias or unit noun the figure was read as,
    ``figure_end`` where the figure ends; ``cue_words`` are the words of the publisher cues in the
    sentence.
    """
    own = _own_words(quantity, vocab) | {w.lower() for w in cue_words}
    # the words right before the noun that modify it ("36.2 million grooming reports"), back to
    # the first word that is not a modifier ("an 87% increase in CSAM reports": only "CSAM")
    for word in reversed(re.findall(r"[A-Za-z][\w'’-]*", text[figure_end:quantity.start])):
        low = word.lower()
        if low in _PRE_STOP or low in _OPENER_WORDS or low in vocab.units or _ends_phrase(word):
            break
        if _narrows(word, own):
            return f"{word} {quantity.text}"
    m = _OPENER.match(text[quantity.end:])
    if not m:
        return ""
    rest = text[quantity.end + m.end():]
    for i, token in enumerate(_WORD.finditer(rest)):
        word = token.group(0)
        if i >= 5 or not word[0].isalpha() or _ends_phrase(word):
            break
        if _narrows(word, own):
            return f"{quantity.text}{text[quantity.end:quantity.end + m.end() + token.end()]}"
    return ""


_OPENER_WORDS = set("of about involving concerning regarding referring related relating linked tied connected on "
                    "which depicting featuring showing with where from via through".split())


def _ends_phrase(word: str) -> bool:
    low = word.lower()
    if low in _END:
        return True
    # a plain past participle ends the noun phrase ("reported to"); "AI-generated" does not
    return "-" not in low and low.endswith("ed") and low not in _WHOLE


def _own_words(quantity: Match, vocab: Vocabulary) -> set[str]:
    """Lower-case words of the labels and aliases of the series the quantity names."""
    words: set[str] = set()
    for s in quantity.series:
        for phrase, p in vocab.phrases.items():
            if s in p.series:
                words |= set(phrase.split())
        words |= {w.lower() for w in re.findall(r"[A-Za-z][\w-]*", vocab.labels.get(s, ""))}
    return words


def _narrows(word: str, own: set[str]) -> bool:
    w = word.lower().strip("'’")
    if w in _WHOLE or w in _CONNECT or w in own:
        return False
    return not (w.endswith("s") and (w[:-1] in _WHOLE or w[:-1] in own))
