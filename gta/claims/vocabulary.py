"""How prose names the quantities in the shipped datasets, built from dataset metadata.

Every dataset sidecar declares, per series, a label and ``aliases`` ("CyberTipline reports",
"reports to NCMEC"). This module turns them into matchers, plus two weaker signals the checker
needs when a sentence does not use an alias:

* *cues* — names that point to a dataset's publisher ("NCMEC", "Internet Watch Foundation",
  "Alliance"): the publisher, its abbreviation in parentheses, and proper nouns in aliases and
  labels (capitalised words; labels are sentence case, so their first word is skipped unless it
  is an acronym or CamelCase);
* *unit nouns* — the first word of each series' unit ("reports", "files", "organisations").

A one-word alias ("members", "countries", "webpages") is *weak*: it counts only when a cue for
its dataset is in the sentence or earlier in the paragraph, so "a survey in 54 countries" is not
read as a claim about member countries.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from ..sources import Sources

_NOT_CUES = {"The", "A", "An", "In", "Of", "And", "To", "For", "On", "From"}
# Words too common in this domain to tell two series of one dataset apart.
_NOT_LOCAL = {"child", "children", "sexual", "sexually", "abuse", "material", "materials", "exploitation", "online",
              "suspected", "reported", "reports", "report", "received", "total", "number", "annual", "year", "years",
              "from", "with", "uploads", "about", "that", "this", "these", "other", "types", "type", "basis", "all",
              "the", "and", "per", "represented", "pieces", "content", "member", "members"}


@dataclass(frozen=True)
class Phrase:
    """An alias or label, lower-case, and the series (``dataset.series``) it names."""

    text: str
    series: frozenset[str]
    weak: bool


@dataclass(frozen=True)
class Match:
    """Where a phrase, cue or unit noun occurs in a text."""

    start: int
    end: int
    series: frozenset[str]
    datasets: frozenset[str]
    weak: bool = False
    text: str = ""


@dataclass
class Vocabulary:
    """Matchers for the quantities, publisher cues and unit nouns of one project."""

    phrases: dict[str, Phrase]
    local_words: dict[str, frozenset[str]]  # a word only one series of its dataset uses ("assessed")
    cues: dict[str, tuple[frozenset[str], frozenset[str]]]  # cue -> (datasets, series it narrows to)
    units: dict[str, frozenset[str]]  # unit noun -> series
    labels: dict[str, str]  # series -> label
    publisher: dict[str, str]  # dataset -> publisher name
    dataset_unit: dict[str, str]  # dataset -> unit
    series_unit: dict[str, str]  # series -> unit
    _phrase_re: re.Pattern[str] = field(init=False, repr=False)
    _cue_re: re.Pattern[str] = field(init=False, repr=False)
    _unit_re: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._phrase_re = _alternation(self.phrases, flags=re.I)
        self._cue_re = _alternation(self.cues, flags=0)
        self._unit_re = _alternation(self.units, flags=re.I)
        self._local_re = _alternation(self.local_words, flags=re.I)

    def quantities(self, text: str) -> list[Match]:
        """Alias and label matches, longest first and non-overlapping."""
        out = []
        for m in self._phrase_re.finditer(text):
            phrase = self.phrases[_norm(m.group(0)).lower()]
            out.append(Match(m.start(), m.end(), phrase.series, _datasets(phrase.series), phrase.weak, m.group(0)))
        return out

    def local_matches(self, text: str) -> list[Match]:
        """Words that tell one series from its siblings: "confirmed" (IWF), "enticement" (NCMEC)."""
        out = []
        for m in self._local_re.finditer(text):
            series = self.local_words[m.group(0).lower()]
            out.append(Match(m.start(), m.end(), series, _datasets(series), weak=True, text=m.group(0)))
        return out

    def cue_matches(self, text: str) -> list[Match]:
        out = []
        for m in self._cue_re.finditer(text):
            datasets, series = self.cues[_norm(m.group(0))]
            out.append(Match(m.start(), m.end(), series, datasets, text=m.group(0)))
        return out

    def unit_matches(self, text: str) -> list[Match]:
        out = []
        for m in self._unit_re.finditer(text):
            series = self.units[_norm(m.group(0)).lower()]
            out.append(Match(m.start(), m.end(), series, _datasets(series), text=m.group(0)))
        return out

    def headline(self, series: frozenset[str], datasets: frozenset[str]) -> frozenset[str]:
        """Narrow unit-noun candidates to a cued dataset's one series in the dataset's own unit.

        "NCMEC received 36 million reports" names NCMEC's headline series (the CyberTipline
        total), not one of its breakdowns that are also counted in reports.
        """
        inside = frozenset(s for s in series if s.split(".")[0] in datasets) if datasets else series
        if not inside:
            return inside
        for ds in sorted({s.split(".")[0] for s in inside}):
            own = [s for s in inside if s.startswith(ds + ".") and self.series_unit[s] == self.dataset_unit[ds]]
            if len(own) == 1:
                return frozenset(own)
        return inside

    def generic(self, series: frozenset[str]) -> frozenset[str]:
        """With no publisher named, a unit noun ("reports") means the datasets counted in that unit."""
        return frozenset(s for s in series if self.dataset_unit[s.split(".")[0]] == self.series_unit[s].split()[0])

    def neighbours(self, series: str) -> list[str]:
        """Series from the same publisher: the quantities a figure is most often confused with."""
        pub = self.publisher[series.split(".")[0]]
        return sorted(s for s in self.labels if s != series and self.publisher[s.split(".")[0]] == pub)


_CACHE: dict[int, tuple[weakref.ref, Vocabulary]] = {}


def vocabulary(project: Sources) -> Vocabulary:
    """The project's vocabulary, built once per loaded project."""
    hit = _CACHE.get(id(project))
    if hit and hit[0]() is project:
        return hit[1]
    vocab = _build(project)
    _CACHE[id(project)] = (weakref.ref(project), vocab)
    return vocab


def _build(project: Sources) -> Vocabulary:
    phrases: dict[str, set[str]] = {}
    cue_series: dict[str, set[str]] = {}
    cue_datasets: dict[str, set[str]] = {}
    units: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    publisher: dict[str, str] = {}
    dataset_unit: dict[str, str] = {}
    series_unit: dict[str, str] = {}
    for ds in project.datasets.values():
        meta = ds.meta
        name, _, rest = meta.publisher.partition(" (")
        publisher[meta.id] = name.strip()
        dataset_unit[meta.id] = meta.unit
        whole = {f"{meta.id}.{s}" for s in meta.series}
        dataset_cues = {name.strip(), name.strip().replace(" & ", " and ")}  # "Missing and Exploited" too
        abbr = rest.rstrip(")").strip()
        if re.fullmatch(r"[A-Z][A-Za-z]{1,7}", abbr) and sum(c.isupper() for c in abbr) >= 2:
            dataset_cues.add(abbr)
        dataset_cues |= {t for t in _tokens(meta.title) if _acronym_or_camel(t)}
        for cue in {_norm(c) for c in dataset_cues}:
            cue_datasets.setdefault(cue, set()).add(meta.id)
            cue_series.setdefault(cue, set()).update(whole)
        for sid, info in meta.series.items():
            full = f"{meta.id}.{sid}"
            labels[full] = info.label
            series_unit[full] = info.unit
            for text in [info.label, *info.aliases]:
                for variant in _variants(text):
                    phrases.setdefault(_norm(variant).lower(), set()).add(full)
            proper = {t for a in info.aliases for t in _tokens(a) if t[0].isupper()}
            label_tokens = _tokens(info.label)
            proper |= {t for i, t in enumerate(label_tokens) if _acronym_or_camel(t) or (i > 0 and t[0].isupper())}
            for cue in proper - _NOT_CUES:
                cue_datasets.setdefault(cue, set()).add(meta.id)
                cue_series.setdefault(cue, set()).add(full)
            head = info.unit.split()[0]
            for variant in _variants(head):
                units.setdefault(_norm(variant).lower(), set()).add(full)
    local_words = _local_words(project, set(units) | {c.lower() for c in cue_datasets})
    # A cue found in many series' labels ("NCMEC") names the dataset, not one series.
    cues = {}
    for cue, ds_ids in cue_datasets.items():
        series = cue_series[cue]
        if len(series) > 3:
            series = {s for s in labels if s.split(".")[0] in ds_ids}
        cues[cue] = (frozenset(ds_ids), frozenset(series))
    return Vocabulary(
        phrases={p: Phrase(p, frozenset(s), len(p.split()) == 1) for p, s in phrases.items()},
        local_words=local_words,
        cues=cues, units={u: frozenset(s) for u, s in units.items()}, labels=labels, publisher=publisher,
        dataset_unit=dataset_unit, series_unit=series_unit,
    )


def _local_words(project: Sources, exclude: set[str]) -> dict[str, frozenset[str]]:
    """Per dataset with several series, words (4+ letters) found in one series' aliases only."""
    out: dict[str, frozenset[str]] = {}
    for ds in project.datasets.values():
        if len(ds.meta.series) < 2:
            continue
        seen: dict[str, set[str]] = {}
        for sid, info in ds.meta.series.items():
            for text in [info.label, *info.aliases]:
                for word in re.findall(r"[a-z]{4,}", text.lower()):
                    seen.setdefault(word, set()).add(f"{ds.id}.{sid}")
        for word, series in seen.items():
            if len(series) == 1 and word not in _NOT_LOCAL and word not in exclude:
                out[word] = frozenset(series) | out.get(word, frozenset())
    return out


def _tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z-]*", text)


def _acronym_or_camel(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,}s?", token) or re.search(r"[a-z][A-Z]", token))


def _variants(text: str) -> set[str]:
    """The phrase with each word toggled singular/plural, and -isation/-ization."""
    text = " ".join(text.split())
    out = {text}
    words = text.split(" ")
    for i, w in enumerate(words):
        alt = None
        if w.lower().endswith("ies") and len(w) > 4:
            alt = w[:-3] + "y"
        elif w.lower().endswith("s") and len(w) > 3 and not w.lower().endswith("ss"):
            alt = w[:-1]
        elif w.isalpha() and w.islower() and len(w) > 3 and i == len(words) - 1 and not w.endswith(("ed", "ing")):
            alt = w[:-1] + "ies" if w.endswith("y") else w + "s"
        if alt:
            out.add(" ".join([*words[:i], alt, *words[i + 1:]]))
    out |= {v.replace("isation", "ization") for v in out}
    return out


def _norm(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text.strip())


def _alternation(keys: dict[str, object], flags: int) -> re.Pattern[str]:
    if not keys:
        return re.compile(r"(?!x)x")
    parts = []
    for k in sorted(keys, key=lambda s: (-len(s), s)):
        parts.append(r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", k)))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags)


def _datasets(series: frozenset[str]) -> frozenset[str]:
    return frozenset(s.split(".")[0] for s in series)
