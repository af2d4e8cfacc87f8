"""The evidence library: the research an edition weighs, each item tagged to framework capabilities.

``sources/evidence/*.yaml`` list items (reports, briefings, surveys, meta-analyses, national
threat assessments, transparency reports, case studies, news), each with its publishers, date,
address, a short summary in our own words, the quote it was checked against and the capabilities
it informs (``mnr:2``, ``gsr:increased-transparency``; see :mod:`gta.framework`).

:func:`load_evidence` reads and checks every file, collecting located problems. Everything else
here is pure: grouping (:func:`group_evidence`), the evidence × capability view
(:func:`evidence_matrix`) and the capabilities without evidence since a date
(:func:`capabilities_without_evidence`), all returning plain frozen dataclasses for a plan to use.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from .errors import GtaError, Problems, display_path
from .framework import Capability, Framework, capability
from .model import Confidence, Model, _check_id, validate
from .sources import Location, did_you_mean, project_path
from .yamlio import line_of, load_yaml

FOLDER = Path("sources") / "evidence"
KINDS: dict[str, str] = {  # kind -> label (singular); the order is the order of --by kind
    "report": "Report", "briefing": "Briefing", "survey": "Survey", "meta-analysis": "Meta-analysis",
    "national threat assessment": "National threat assessment", "transparency report": "Transparency report",
    "case study": "Case study", "news": "News",
}
QUALITIES: dict[str, str] = {  # what kind of source it is, for a reader weighing it
    "peer-reviewed": "Peer-reviewed", "official statistics": "Official statistics", "government": "Government",
    "intergovernmental": "Intergovernmental", "NGO": "Non-governmental organisation", "industry": "Industry",
    "academic": "Academic (not peer-reviewed)", "media": "Media",
}
GROUPINGS = ("capability", "kind", "year")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MAX_QUOTE = 400  # a quote is a short extract for checking, never a copied passage
MAX_SUMMARY = 900


# --- file format -------------------------------------------------------------------------------

class EvidenceSpec(Model):
    """One item as written in ``sources/evidence/*.yaml``."""

    id: str
    kind: str  # one of KINDS
    publishers: list[str] = Field(min_length=1)
    title: str = Field(min_length=1)
    date: str | int  # publication date: YYYY, YYYY-MM or YYYY-MM-DD
    url: str
    accessed: str  # the day the page was checked, YYYY-MM-DD
    summary: str = Field(min_length=1)  # in our own words, sober, never graphic
    quote: str = Field(min_length=1)  # the words on the page that the entry was checked against
    capabilities: list[str] = Field(min_length=1)  # framework capability references
    regions: list[str] = Field(min_length=1)  # countries or regions ("Global" for worldwide)
    quality: str  # one of QUALITIES
    confidence: Confidence  # in our reading of the page: high = the publisher's own page
    note: str = ""
    statistics: list[str] = Field(default_factory=list)  # statistics this item is the source of

    _id = field_validator("id")(_check_id)


# --- what the rest of the builder uses -----------------------------------------------------------

@dataclass(frozen=True)
class EvidenceItem:
    """A checked item; ``capabilities`` are canonical references (``mnr:12``), in the order written."""

    id: str
    kind: str
    publishers: tuple[str, ...]
    title: str
    date: str
    url: str
    accessed: str
    summary: str
    quote: str
    capabilities: tuple[str, ...]
    regions: tuple[str, ...]
    quality: str
    confidence: str
    note: str = ""
    statistics: tuple[str, ...] = ()
    location: Location | None = None

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def quality_label(self) -> str:
        return QUALITIES[self.quality]


@dataclass(frozen=True)
class EvidenceLibrary:
    """Every valid item, newest first (then by id), and the warnings found while loading."""

    items: tuple[EvidenceItem, ...]
    warnings: tuple[Any, ...] = ()

    def __len__(self) -> int:
        return len(self.items)

    def get(self, item_id: str) -> EvidenceItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.items]


@dataclass(frozen=True)
class EvidenceGroup:
    """Items under one heading: a capability, a kind or a year."""

    key: str  # "mnr:2", "survey" or "2024"
    heading: str  # "MNR 2 · Research, Analysis and Monitoring", "Survey", "2024"
    items: tuple[EvidenceItem, ...]
    capability: Capability | None = None
    framework: str = ""  # short name, for capability groups
    partial: bool = False  # the capability's framework is known only in part


@dataclass(frozen=True)
class CapabilityCoverage:
    """How much evidence informs one capability, in all and since a date."""

    ref: str
    label: str  # "MNR 12" or "GSR (partial)"
    name: str
    domain: str
    framework: str
    partial: bool
    items: tuple[str, ...]  # ids of every item tagged to it
    recent: tuple[str, ...]  # ids of the items dated on or after ``since`` (all items when there is none)

    @property
    def covered(self) -> bool:
        return bool(self.recent)


@dataclass(frozen=True)
class EvidenceMatrix:
    """Items × capabilities: ``cells[i][j]`` is True when item i informs capability j."""

    items: tuple[EvidenceItem, ...]
    capabilities: tuple[CapabilityCoverage, ...]
    cells: tuple[tuple[bool, ...], ...]
    since: str | None = None

    @property
    def gaps(self) -> tuple[CapabilityCoverage, ...]:
        """Capabilities with no evidence (since ``since``, when given)."""
        return tuple(c for c in self.capabilities if not c.covered)


# --- loading -------------------------------------------------------------------------------------

def load_evidence(root: Path, frameworks: Mapping[str, Framework], *, statistics: Collection[str] | None = None,
                  problems: Problems | None = None) -> EvidenceLibrary:
    """Read every ``sources/evidence/*.yaml`` and check it; a project without the folder has no evidence.

    ``statistics`` are the statistic ids an item may name (unchecked when None). With ``problems``
    given, problems are added to it and the valid items returned; otherwise a :class:`GtaError`
    lists every error.
    """
    own = problems is None
    problems = Problems() if problems is None else problems
    before = len(problems.items)
    items: list[EvidenceItem] = []
    seen_ids: dict[str, Location] = {}
    seen_urls: dict[str, Location] = {}
    for path in sorted((Path(root) / FOLDER).glob("*.yaml")):
        items += _load_file(path, frameworks, statistics, seen_ids, seen_urls, problems)
    if own:
        problems.raise_if_errors()
    warnings = tuple(p for p in problems.items[before:] if p.severity == "warning")
    return EvidenceLibrary(_newest_first(tuple(items)), warnings)


def _load_file(path: Path, frameworks: Mapping[str, Framework], statistics: Collection[str] | None,
               seen_ids: dict[str, Location], seen_urls: dict[str, Location], problems: Problems) -> list[EvidenceItem]:
    try:
        raw = load_yaml(path)
    except GtaError as exc:
        problems.extend(exc.problems)
        return []
    entries = raw.get("evidence") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        problems.add(path, line_of(raw), "expected an 'evidence:' list", "see sources/README.md, 'Evidence'")
        return []
    shown = display_path(path)
    found = []
    for i, entry in enumerate(entries):
        spec = validate(EvidenceSpec, entry, shown, problems, "evidence", i)
        if spec is None:
            continue
        check = _Check(path, entry, problems)
        loc = Location(project_path(path), line_of(entries, i))
        ok = check.choice(spec.kind, "kind", KINDS) & check.choice(spec.quality, "quality", QUALITIES)
        date = check.date(str(spec.date), "date")
        accessed = check.date(spec.accessed, "accessed", full=True)
        if date and accessed and _sort_date(date) > _sort_date(accessed):
            check.add("date", f"date {date} is after the day the page was accessed ({accessed})",
                      "an item cannot be read before it was published; check both dates")
            ok = False
        ok &= check.url(spec.url)
        ok &= check.length(spec.quote, "quote", MAX_QUOTE, "keep the quote to the few words that support the entry")
        ok &= check.length(spec.summary, "summary", MAX_SUMMARY, "summarise in a few sentences of your own")
        refs = check.capabilities(spec.capabilities, frameworks)
        ok &= refs is not None
        if statistics is not None:
            for j, sid in enumerate(spec.statistics):
                if sid not in statistics:
                    check.add(("statistics", j), f"unknown statistic '{sid}'",
                              did_you_mean(sid, sorted(statistics)) or "declare it under sources/statistics/")
                    ok = False
        ok &= _unique(spec.id, seen_ids, loc, "id", problems, path)
        ok &= _unique(_url_key(spec.url), seen_urls, loc, "url", problems, path, shown_value=spec.url)
        if not (ok and date and accessed):
            continue
        found.append(EvidenceItem(
            id=spec.id, kind=spec.kind, publishers=tuple(spec.publishers), title=spec.title, date=date, url=spec.url,
            accessed=accessed, summary=" ".join(spec.summary.split()), quote=spec.quote,
            capabilities=tuple(refs or ()), regions=tuple(spec.regions), quality=spec.quality,
            confidence=spec.confidence, note=" ".join(spec.note.split()), statistics=tuple(spec.statistics),
            location=loc))
    return found


class _Check:
    """The checks of one entry, each adding a problem at the line of the field it concerns."""

    def __init__(self, path: Path, entry: Any, problems: Problems):
        self.path, self.entry, self.problems = path, entry, problems

    def add(self, field: str | tuple[Any, ...], message: str, hint: str = "", severity: str = "error") -> None:
        loc = field if isinstance(field, tuple) else (field,)
        self.problems.add(self.path, line_of(self.entry, *loc), message, hint, severity)

    def choice(self, value: str, field: str, allowed: Mapping[str, str]) -> bool:
        if value in allowed:
            return True
        self.add(field, f"unknown {field} '{value}'",
                 did_you_mean(value, allowed) or f"use one of: {', '.join(allowed)}")
        return False

    def date(self, value: str, field: str, *, full: bool = False) -> str | None:
        """The date as written when it is a real calendar date; None (and a problem) otherwise."""
        m = DATE.match(value.strip())
        form = "YYYY-MM-DD" if full else "YYYY, YYYY-MM or YYYY-MM-DD"
        if not m or (full and m.group(3) is None):
            self.add(field, f"'{field}' must be a date written {form}, got {value!r}",
                     "e.g. 2026-11-30" if full else "e.g. 2024, 2024-07 or 2024-07-15")
            return None
        year, month, day = (int(g) if g else None for g in m.groups())
        if not 1900 <= year <= 2100 or (month is not None and not 1 <= month <= 12) or \
                (day is not None and month is not None and not 1 <= day <= calendar.monthrange(year, month)[1]):
            self.add(field, f"'{field}' is not a calendar date: {value!r}", "check the month and the day")
            return None
        return value.strip()

    def url(self, value: str) -> bool:
        if re.match(r"^https?://[^\s/]+\.[^\s/]+", value) and not re.search(r"\s", value):
            return True
        self.add("url", f"url {value!r} is not a web address", "give the page's full address, starting https://")
        return False

    def length(self, value: str, field: str, limit: int, hint: str) -> bool:
        if len(value) <= limit:
            return True
        self.add(field, f"the {field} is {len(value)} characters long (at most {limit})", hint)
        return False

    def capabilities(self, refs: list[str], frameworks: Mapping[str, Framework]) -> list[str] | None:
        """Canonical references (``mnr:csea-hotline`` → ``mnr:12``), or None when any is unknown."""
        out: list[str] = []
        ok = True
        for j, ref in enumerate(refs):
            try:
                _, _, cap = capability(frameworks, ref.strip())
            except KeyError:
                self.add(("capabilities", j), f"unknown capability '{ref}'", _suggest(ref, frameworks))
                ok = False
                continue
            if cap.ref in out:
                self.add(("capabilities", j), f"capability '{ref}' is listed twice (as {cap.ref})",
                         "list each capability once", severity="warning")
                continue
            out.append(cap.ref)
        return out if ok else None


def _suggest(ref: str, frameworks: Mapping[str, Framework]) -> str:
    """A "did you mean" for a mistyped capability: by reference first, then by name."""
    refs = {f"{fw.id}:{key}": cap.ref for fw in frameworks.values() for key, cap in fw.keys().items()}
    hint = did_you_mean(ref.strip(), sorted(refs))
    if hint:
        return hint
    names = {cap.name.lower(): cap for fw in frameworks.values() for cap in fw.capabilities}
    close = difflib.get_close_matches(ref.split(":")[-1].strip().lower(), list(names), n=1, cutoff=0.6)
    if close:
        cap = names[close[0]]
        return f"did you mean '{cap.ref}' ({cap.name})?"
    known = ", ".join(f"{fw.id}:<{fw.numbers_text() or 'slug'}>" for fw in frameworks.values())
    return f"cite a capability as <framework>:<number or slug>, e.g. {known}"


def _unique(value: str, seen: dict[str, Location], loc: Location, what: str, problems: Problems, path: Path,
            shown_value: str | None = None) -> bool:
    if value in seen:
        problems.add(path, loc.line, f"duplicate evidence {what} '{shown_value or value}'",
                     f"first at {seen[value]}; keep one entry per item")
        return False
    seen[value] = loc
    return True


def _url_key(url: str) -> str:
    """URLs that differ only in scheme, case of the host, 'www.' or a final '/' are the same page."""
    m = re.match(r"^https?://(?:www\.)?([^/]+)(.*)$", url.strip())
    if not m:
        return url.strip()
    return m.group(1).lower() + m.group(2).rstrip("/")


def _sort_date(date: str) -> tuple[int, int, int]:
    """A sortable (year, month, day); unknown month or day count as 0, before any known one."""
    parts = [int(p) for p in date.split("-")] + [0, 0]
    return parts[0], parts[1], parts[2]


# --- pure views --------------------------------------------------------------------------------------

def for_edition(library: EvidenceLibrary, year: int) -> EvidenceLibrary:
    """The items an edition of ``year`` can cite: those dated in or before that year."""
    return EvidenceLibrary(tuple(i for i in library.items if i.year <= year), library.warnings)


def group_evidence(library: EvidenceLibrary, frameworks: Mapping[str, Framework], by: str) -> list[EvidenceGroup]:
    """Items grouped by capability (framework order; an item under each capability it informs),
    by kind (the order of :data:`KINDS`) or by year (newest first); empty groups are left out."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(GROUPINGS)}")
    items = _newest_first(library.items)
    if by == "kind":
        return [EvidenceGroup(k, label, members) for k, label in KINDS.items()
                if (members := tuple(i for i in items if i.kind == k))]
    if by == "year":
        years = sorted({i.year for i in items}, reverse=True)
        return [EvidenceGroup(str(y), str(y), tuple(i for i in items if i.year == y)) for y in years]
    groups = []
    for fw in frameworks.values():
        for cap in fw.capabilities:
            members = tuple(i for i in items if cap.ref in i.capabilities)
            if members:
                groups.append(EvidenceGroup(cap.ref, f"{capability_label(fw, cap)} · {cap.name}", members, cap,
                                            fw.short_name, not fw.complete))
    return groups


def evidence_matrix(library: EvidenceLibrary, frameworks: Mapping[str, Framework],
                    since: int | str | None = None) -> EvidenceMatrix:
    """Every item against every capability of every framework, with coverage counted since ``since``.

    ``since`` is a year or a date (``2023``, ``"2023-10"``); an item counts as recent when its date
    is certainly on or after it (an item dated "2023" is not certainly after "2023-10").
    """
    start = _sort_date(str(since)) if since is not None else None
    items = _newest_first(library.items)
    columns: list[CapabilityCoverage] = []
    for fw in frameworks.values():
        for cap in fw.capabilities:
            tagged = tuple(i for i in items if cap.ref in i.capabilities)
            recent = tagged if start is None else tuple(i for i in tagged if _sort_date(i.date) >= start)
            columns.append(CapabilityCoverage(cap.ref, capability_label(fw, cap), cap.name,
                                              fw.domain(cap.domain).name, fw.short_name, not fw.complete,
                                              tuple(i.id for i in tagged), tuple(i.id for i in recent)))
    cells = tuple(tuple(c.ref in i.capabilities for c in columns) for i in items)
    return EvidenceMatrix(items, tuple(columns), cells, None if since is None else str(since))


def capabilities_without_evidence(library: EvidenceLibrary, frameworks: Mapping[str, Framework],
                                  since: int | str | None = None) -> list[CapabilityCoverage]:
    """The capabilities no item informs (dated on or after ``since``, when given), in framework order."""
    return list(evidence_matrix(library, frameworks, since).gaps)


def capability_label(fw: Framework, cap: Capability) -> str:
    """"MNR 12" for a numbered capability; "GSR (partial)" where the framework is known only in part."""
    if cap.number is not None:
        return f"{fw.short_name} {cap.number}"
    return f"{fw.short_name}" + ("" if fw.complete else " (partial)")


def _newest_first(items: tuple[EvidenceItem, ...]) -> tuple[EvidenceItem, ...]:
    return tuple(sorted(items, key=lambda i: (tuple(-x for x in _sort_date(i.date)), i.id)))
