"""Recommendations: each mapped to framework capabilities, justified by statistics, traced across editions.

``sources/editions/<year>/recommendations.yaml`` lists an edition's recommendations. Loading checks
every capability reference against the frameworks, every piece of evidence against the edition's
statistics (and its data cut-off), and every continuity link against the previous edition's file,
and reports all problems at once with ``file:line`` and a "did you mean" hint.

The rest of the module turns recommendations into what the report and policy staff need: groups
(by audience, domain or capability), the recommendation × domain matrix, coverage of each framework
(which capabilities no recommendation addresses), the continuity table, and CSV/XLSX exports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from .errors import Problems, display_path
from .framework import Capability, Domain, Framework, capability
from .model import Confidence, Model, _check_id, read_validated, validate
from .sources import Location, did_you_mean
from .statistics import Statistic
from .yamlio import line_of

FILE_NAME = "recommendations.yaml"
AUDIENCES: dict[str, str] = {  # id -> heading, in the order the report shows them
    "governments": "Governments",
    "online-service-providers": "Online service providers",
    "law-enforcement": "Law enforcement",
    "civil-society": "Civil society",
    "all": "All responders",
}
RELATIONS: dict[str, str] = {  # relation -> how the continuity table reads from the earlier recommendation
    "continues": "continued by",
    "revises": "revised by",
    "replaces": "replaced by",
    "new": "new",
}
PRIORITIES: dict[str, str] = {"high": "High priority", "medium": "Medium priority", "low": "Lower priority",
                              "unranked": "Priority not stated"}
GROUPINGS = ("audience", "domain", "capability")
PRIMARY_FRAMEWORK = "mnr"


# --- file format ----------------------------------------------------------------------------


class ContinuitySpec(Model):
    """How a recommendation relates to the previous edition's."""

    relation: Literal["new", "continues", "revises", "replaces"]
    previous: str | list[str] | None = None  # id(s) of the previous edition's recommendation(s)
    note: str = ""


class RecommendationTranslation(Model):
    """A recommendation's words in another language (``translations: {fr: {title: ..., text: ...}}``)."""

    title: str = ""
    text: str = ""
    note: str = ""


class RecommendationSpec(Model):
    """One recommendation as written in the file."""

    id: str
    title: str  # a short title, shown as the heading
    text: str  # the recommendation itself
    audience: str | list[str]  # one or more of AUDIENCES; the first is the lead audience
    priority: Literal["high", "medium", "low", "unranked"]  # unranked: the source gave no priority
    capabilities: list[str] = Field(default_factory=list)  # "<framework>:<number or slug>", at least one
    evidence: list[str] = Field(default_factory=list)  # statistic ids, at least one
    continuity: ContinuitySpec | None = None  # absent means new; "new" alone is accepted too
    note: str = ""
    translations: dict[str, RecommendationTranslation] = Field(default_factory=dict)  # by language code

    _id = field_validator("id")(_check_id)

    @field_validator("translations")
    @classmethod
    def _languages(cls, value: dict[str, RecommendationTranslation]) -> dict[str, RecommendationTranslation]:
        from .i18n import TRANSLATIONS

        unknown = [code for code in value if code not in TRANSLATIONS]
        if unknown:
            raise ValueError(f"unknown language {unknown[0]!r} in translations; use {', '.join(TRANSLATIONS)}")
        return value

    @field_validator("continuity", mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"relation": value} if isinstance(value, str) else value


class SourceSpec(Model):
    """Where published recommendations were taken from."""

    reference: str  # an id in sources/references.yaml
    url: str
    confidence: Confidence | None = None
    note: str = ""


class MappingSpec(Model):
    """Who mapped the recommendations to capabilities (and chose their evidence), and how."""

    by: str
    note: str = ""


class FileSpec(Model):
    """The whole file."""

    edition: int
    status: Literal["published", "sample"]  # published wording, or sample text written by the builder team
    source: SourceSpec | None = None
    mapping: MappingSpec
    note: str = ""
    recommendations: list[Any] = Field(min_length=1)


# --- what the rest of the builder uses ------------------------------------------------------------


@dataclass(frozen=True)
class Continuity:
    relation: str  # new, continues, revises or replaces
    previous: tuple[str, ...] = ()  # ids in the previous edition
    previous_titles: tuple[str, ...] = ()  # their titles, as that edition's file gives them
    previous_year: int | None = None
    note: str = ""
    previous_recorded: bool = False  # whether the previous edition has a recommendations file


@dataclass(frozen=True)
class Recommendation:
    """A validated recommendation; ``capabilities`` are canonical refs such as ``mnr:12``."""

    id: str
    edition: int
    number: int  # position in the file, from 1: the report shows "R1", "R2", ...
    title: str
    text: str
    audiences: tuple[str, ...]
    priority: str
    capabilities: tuple[str, ...]
    evidence: tuple[str, ...]
    continuity: Continuity
    location: Location
    status: str = "sample"
    mapped_by: str = ""
    mapping_note: str = ""
    source_url: str = ""
    note: str = ""
    # {lang: {"title", "text", "note"}}: the recommendation's words in other languages
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        return f"R{self.number}"

    @property
    def audience(self) -> str:
        """The lead audience, used to group the chapter by audience."""
        return self.audiences[0]


# --- loading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationFile:
    """An edition's recommendations file as read: its header and each entry with its raw form (for lines)."""

    path: Path
    raw: Any
    head: FileSpec
    entries: tuple[tuple[RecommendationSpec, Any, int | None], ...]  # (spec, raw item, line)

    @property
    def titles(self) -> dict[str, str]:
        """Ids and titles, as another edition's continuity check needs them."""
        return {spec.id: spec.title for spec, _, _ in self.entries}


def read_recommendation_file(path: Path, problems: Problems) -> RecommendationFile | None:
    """Read and validate the shape of one recommendations file (cross-checks come later, in
    :func:`resolve_recommendations`); ``None`` when it cannot be read."""
    read = read_validated(path, FileSpec, problems)
    if read is None:
        return None
    raw, head = read
    shown = display_path(path)
    entries = []
    seen: dict[str, int | None] = {}
    items = raw["recommendations"]
    for i, item in enumerate(items):
        spec = validate(RecommendationSpec, item, shown, problems, "recommendations", i)
        if spec is None:
            continue
        line = line_of(items, i)
        if spec.id in seen:
            problems.add(path, line, f"duplicate recommendation id '{spec.id}'",
                         f"first used on line {seen[spec.id]}; ids must be unique in an edition")
            continue
        seen[spec.id] = line
        entries.append((spec, item, line))
    return RecommendationFile(path, raw, head, tuple(entries))


def resolve_recommendations(file: RecommendationFile, *, edition: int, frameworks: Mapping[str, Framework],
                            stats: Mapping[str, Statistic] | None, known_stat_ids: set[str],
                            previous_year: int | None = None, previous: Mapping[str, str] | None = None,
                            references: set[str] | None = None, cutoff: int | None = None,
                            problems: Problems) -> list[Recommendation]:
    """Cross-check one file against the frameworks, the edition's statistics and the previous edition.

    ``known_stat_ids`` are all statistics the edition declares; ``stats`` those available under its
    data cut-off (``None`` skips that check). ``previous`` maps the previous edition's ids to titles.
    """
    path, raw, head = file.path, file.raw, file.head
    if head.edition != edition:
        problems.add(path, line_of(raw, "edition"), f"file says edition {head.edition}, but it is in the {edition} folder",
                     f"set 'edition: {edition}' or move the file")
    if head.source and references is not None and head.source.reference not in references:
        problems.add(path, line_of(raw, "source", "reference"), f"unknown reference '{head.source.reference}'",
                     did_you_mean(head.source.reference, sorted(references)) or "add it to sources/references.yaml")
    check = _Checker(path, frameworks, stats, known_stat_ids, previous_year, previous, cutoff, edition, problems)
    shown = display_path(path)
    recs: list[Recommendation] = []
    for number, (spec, item, line) in enumerate(file.entries, start=1):
        recs.append(Recommendation(
            id=spec.id, edition=edition, number=number, title=spec.title, text=spec.text,
            audiences=check.audiences(spec, item), priority=spec.priority, capabilities=check.capabilities(spec, item),
            evidence=check.evidence(spec, item), continuity=check.continuity(spec, item),
            location=Location(shown, line), status=head.status, mapped_by=head.mapping.by,
            mapping_note=head.mapping.note, source_url=head.source.url if head.source else "", note=spec.note,
            translations={k: v.model_dump() for k, v in spec.translations.items()}))
    return recs


class _Checker:
    """Cross-checks of one recommendation against frameworks, statistics and the previous edition."""

    def __init__(self, path: Path, frameworks: Mapping[str, Framework], stats: Mapping[str, Statistic] | None,
                 known: set[str], previous_year: int | None, previous: Mapping[str, str] | None,
                 cutoff: int | None, edition: int, problems: Problems):
        self.path, self.frameworks, self.stats, self.known = path, frameworks, stats, known
        self.previous_year, self.previous, self.cutoff, self.edition = previous_year, previous, cutoff, edition
        self.problems = problems

    def _add(self, line: int | None, message: str, hint: str = "", severity: str = "error") -> None:
        self.problems.add(self.path, line, message, hint, severity)

    def audiences(self, spec: RecommendationSpec, item: Any) -> tuple[str, ...]:
        given = [spec.audience] if isinstance(spec.audience, str) else list(spec.audience)
        line = line_of(item, "audience")
        result = []
        for a in given:
            if a in AUDIENCES:
                result.append(a)
            else:
                self._add(line, f"recommendation '{spec.id}': unknown audience '{a}'",
                          did_you_mean(a, AUDIENCES) or f"audiences: {', '.join(AUDIENCES)}")
        if not given:
            self._add(line, f"recommendation '{spec.id}' is addressed to no one", f"audiences: {', '.join(AUDIENCES)}")
        if "all" in result and len(result) > 1:
            self._add(line, f"recommendation '{spec.id}': audience 'all' cannot be combined with others",
                      "use 'all' alone, or list the audiences")
        return tuple(dict.fromkeys(result)) or ("all",)

    def capabilities(self, spec: RecommendationSpec, item: Any) -> tuple[str, ...]:
        if not spec.capabilities:
            self._add(line_of(item, "capabilities"), f"recommendation '{spec.id}' is mapped to no capability",
                      "add 'capabilities: [mnr:<number>, ...]' naming at least one framework capability")
            return ()
        refs: list[str] = []
        for j, ref in enumerate(spec.capabilities):
            line = line_of(item, "capabilities", j)
            resolved = self._resolve(spec.id, str(ref), line)
            if resolved is None:
                continue
            if resolved in refs:
                self._add(line, f"recommendation '{spec.id}' lists capability '{resolved}' twice", "list it once")
                continue
            refs.append(resolved)
        return tuple(refs)

    def _resolve(self, rid: str, ref: str, line: int | None) -> str | None:
        prefix, sep, key = ref.partition(":")
        names = ", ".join(self.frameworks) or "none loaded"
        if not sep:
            self._add(line, f"recommendation '{rid}': capability '{ref}' has no framework prefix",
                      f"write '<framework>:<number or slug>', e.g. 'mnr:{ref}'; frameworks: {names}")
            return None
        if prefix not in self.frameworks:
            self._add(line, f"recommendation '{rid}': unknown framework '{prefix}' in capability '{ref}'",
                      did_you_mean(prefix, self.frameworks) or f"frameworks: {names}")
            return None
        try:
            return capability(self.frameworks, ref)[2].ref
        except KeyError:
            fw = self.frameworks[prefix]
            suggestion = None if key.isdigit() else fw.suggest(key)
            hint = f"did you mean '{suggestion}'?" if suggestion else ""
            if fw.numbers_text():
                hint = f"{hint} ({fw.short_name} capabilities are numbered {fw.numbers_text()})".strip()
            self._add(line, f"recommendation '{rid}': unknown capability '{ref}'",
                      hint or f"{fw.short_name} capabilities: {', '.join(c.ref for c in fw.capabilities)}")
            return None

    def evidence(self, spec: RecommendationSpec, item: Any) -> tuple[str, ...]:
        if not spec.evidence:
            self._add(line_of(item, "evidence"), f"recommendation '{spec.id}' cites no evidence",
                      "add 'evidence: [<statistic id>, ...]' naming the statistics that justify it")
            return ()
        ids: list[str] = []
        for j, sid in enumerate(spec.evidence):
            line = line_of(item, "evidence", j)
            if sid not in self.known:
                self._add(line, f"recommendation '{spec.id}': unknown statistic '{sid}'",
                          did_you_mean(sid, sorted(self.known)) or "declare it in sources/statistics/*.yaml")
            elif self.stats is not None and sid not in self.stats:
                when = f" ({self.cutoff})" if self.cutoff else ""
                self._add(line, f"recommendation '{spec.id}': statistic '{sid}' is not available under the "
                          f"{self.edition} edition's data cut-off{when}",
                          "cite a statistic whose data fall within the cut-off")
            elif sid in ids:
                self._add(line, f"recommendation '{spec.id}' cites statistic '{sid}' twice", "cite it once")
            else:
                ids.append(sid)
        return tuple(ids)

    def continuity(self, spec: RecommendationSpec, item: Any) -> Continuity:
        c = spec.continuity
        recorded = self.previous is not None
        kept = self.previous is not None and spec.id in self.previous
        if c is None:
            if kept:  # NOTE: a recommendation that keeps its id across editions continues the earlier one
                assert self.previous is not None
                return Continuity("continues", (spec.id,), (self.previous[spec.id],), self.previous_year,
                                  previous_recorded=True)
            return Continuity("new", previous_year=self.previous_year, previous_recorded=recorded)
        line = line_of(item, "continuity")
        given = [c.previous] if isinstance(c.previous, str) else list(c.previous or [])
        if c.relation == "new":
            if given:
                self._add(line, f"recommendation '{spec.id}' is marked new but names earlier recommendations",
                          "use 'continues', 'revises' or 'replaces', or remove 'previous'")
            elif kept:
                self._add(line, f"recommendation '{spec.id}' is marked new but has the id of a recommendation of "
                          f"the {self.previous_year} edition",
                          f"an id kept across editions continues the earlier recommendation: write 'continuity: "
                          f"{{relation: continues, previous: {spec.id}}}', or give this one a new id", "warning")
            return Continuity("new", previous_year=self.previous_year, note=c.note, previous_recorded=recorded)
        if not given:
            self._add(line, f"recommendation '{spec.id}' {c.relation} an earlier recommendation but does not name it",
                      "add 'previous: <id of the previous edition's recommendation>'")
            return Continuity(c.relation, previous_year=self.previous_year, note=c.note)
        if self.previous_year is None or self.previous is None:
            where = f"edition {self.previous_year} has no {FILE_NAME}" if self.previous_year else \
                f"edition {self.edition} names no previous edition"
            self._add(line, f"recommendation '{spec.id}' {c.relation} '{given[0]}', but {where}",
                      "use 'relation: new', or set 'previous:' in edition.yaml")
            return Continuity(c.relation, tuple(given), previous_year=self.previous_year, note=c.note)
        found = []
        for pid in given:
            if pid in self.previous:
                found.append(pid)
            else:
                self._add(line_of(item, "continuity", "previous"),
                          f"recommendation '{spec.id}' {c.relation} '{pid}', which is not a recommendation of "
                          f"the {self.previous_year} edition",
                          did_you_mean(pid, list(self.previous)) or f"{self.previous_year} ids: {', '.join(self.previous)}")
        return Continuity(c.relation, tuple(found), tuple(self.previous[p] for p in found), self.previous_year, c.note,
                          previous_recorded=True)


# --- grouping, matrix, coverage, continuity ------------------------------------------------------


def cap_label(fw: Framework, cap: Capability) -> str:
    """"MNR 12" for a numbered capability; the framework's short name otherwise."""
    return f"{fw.short_name} {cap.number}" if cap.number is not None else fw.short_name


def _caps(rec: Recommendation, frameworks: Mapping[str, Framework]) -> list[tuple[Framework, Domain, Capability]]:
    return [capability(frameworks, ref) for ref in rec.capabilities]


def primary_domain(rec: Recommendation, framework: Framework, frameworks: Mapping[str, Framework]) -> Domain | None:
    """The domain of the first capability the recommendation maps in ``framework``."""
    for fw, domain, _ in _caps(rec, frameworks):
        if fw.id == framework.id:
            return domain
    return None


def group_recommendations(recs: Sequence[Recommendation], frameworks: Mapping[str, Framework], by: str,
                          framework: str = PRIMARY_FRAMEWORK) -> list[tuple[str, str, list[Recommendation]]]:
    """``(key, heading, recommendations)`` groups in reading order; empty groups are left out.

    By audience, each recommendation sits under its lead audience; by domain, under the domain of
    its first capability in ``framework``, so each appears once. By capability it is an index:
    a recommendation appears under every capability it maps to.
    """
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(GROUPINGS)}")
    fw = frameworks[framework]
    groups: list[tuple[str, str, list[Recommendation]]] = []
    if by == "audience":
        for key, heading in AUDIENCES.items():
            groups.append((key, heading, [r for r in recs if r.audience == key]))
    elif by == "domain":
        for d in fw.domains:
            groups.append((d.slug, d.name, [r for r in recs if (pd := primary_domain(r, fw, frameworks)) and pd.slug == d.slug]))
        groups.append(("other", f"Not mapped to the {fw.short_name}",
                       [r for r in recs if primary_domain(r, fw, frameworks) is None]))
    else:
        for f in frameworks.values():
            for c in f.capabilities:
                groups.append((c.ref, f"{cap_label(f, c)} {c.name}", [r for r in recs if c.ref in r.capabilities]))
    return [g for g in groups if g[2]]


def recommendation_matrix(recs: Sequence[Recommendation], framework: Framework, *, level: str = "domain",
                          frameworks: Mapping[str, Framework] | None = None) -> tuple[list[str], list[str], list[list[float]]]:
    """Rows are recommendations; columns are the framework's domains (or capabilities, ``level="capability"``).

    A domain cell counts the recommendation's capabilities in that domain; a capability cell is 1 or 0.
    """
    frameworks = frameworks or {framework.id: framework}
    rows = [f"{r.label} {r.title}" for r in recs]
    if level == "domain":
        cols = [d.name for d in framework.domains]
        values = [[float(sum(1 for c in d.capabilities if c.ref in r.capabilities)) for d in framework.domains]
                  for r in recs]
    elif level == "capability":
        caps = framework.capabilities
        cols = [f"{c.number} {c.name}" if c.number is not None else c.name for c in caps]
        values = [[1.0 if c.ref in r.capabilities else 0.0 for c in caps] for r in recs]
    else:
        raise ValueError(f"unknown matrix level {level!r}; use 'domain' or 'capability'")
    return rows, cols, values


@dataclass(frozen=True)
class Coverage:
    """Which capabilities of one framework the recommendations address."""

    framework: Framework
    addressed: dict[str, tuple[str, ...]]  # capability ref -> recommendation ids, for addressed ones
    unaddressed: tuple[Capability, ...]

    @property
    def summary(self) -> str:
        fw = self.framework
        n, total = len(self.addressed), len(fw.capabilities)
        if fw.complete:
            return f"{n} of the {total} {fw.short_name} capabilities are addressed by at least one recommendation."
        return f"{n} of the {total} {fw.short_name} capabilities recorded here are addressed by a recommendation."


def coverage(recs: Sequence[Recommendation], framework: Framework) -> Coverage:
    addressed = {c.ref: tuple(r.id for r in recs if c.ref in r.capabilities) for c in framework.capabilities}
    return Coverage(framework, {k: v for k, v in addressed.items() if v},
                    tuple(c for c in framework.capabilities if not addressed[c.ref]))


@dataclass(frozen=True)
class ContinuityRow:
    previous_id: str
    previous_title: str
    relation: str
    id: str
    title: str


def continuity_rows(recs: Sequence[Recommendation], previous_recs: Sequence[Recommendation] = ()
                    ) -> tuple[list[ContinuityRow], list[tuple[str, str]], list[Recommendation]]:
    """(rows linking earlier to current recommendations, earlier ones not carried forward, new ones).

    Rows follow the previous edition's order, then the current one's; without ``previous_recs``
    titles come from what loading recorded, and nothing can be said about what was dropped.
    """
    titles = {p.id: p.title for p in previous_recs}
    order = {p.id: i for i, p in enumerate(previous_recs)}
    rows: list[ContinuityRow] = []
    for r in recs:
        c = r.continuity
        for pid, ptitle in zip(c.previous, c.previous_titles or [""] * len(c.previous), strict=True):
            rows.append(ContinuityRow(pid, titles.get(pid, ptitle), c.relation, r.id, r.title))
    rows.sort(key=lambda row: order.get(row.previous_id, len(order)))
    carried = {row.previous_id for row in rows}
    dropped = [(p.id, p.title) for p in previous_recs if p.id not in carried]
    return rows, dropped, [r for r in recs if r.continuity.relation == "new"]


