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

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from .errors import GtaError, Problems, display_path
from .framework import Capability, Domain, Framework, capability
from .model import Confidence, Model, _check_id, validate
from .sources import Location, did_you_mean
from .statistics import Statistic
from .yamlio import line_of, load_yaml

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


def load_recommendations(root: Path, edition: int, frameworks: Mapping[str, Framework],
                         stats: Mapping[str, Statistic] | None, known_stat_ids: set[str], *,
                         problems: Problems | None = None) -> list[Recommendation]:
    """Read ``sources/editions/<edition>/recommendations.yaml`` (none → ``[]``) and validate it.

    ``known_stat_ids`` are all statistics the edition declares; ``stats`` are those available
    under its data cut-off (``None`` skips that check, e.g. for an edition without edition.yaml).
    Continuity is checked against the previous edition named in ``edition.yaml``. With
    ``problems`` given, problems are added to it; otherwise a :class:`GtaError` lists every error.
    """
    path = root / "sources" / "editions" / str(edition) / FILE_NAME
    if not path.exists():
        return []
    own = problems is None
    problems = Problems() if problems is None else problems
    edition_yaml = _peek(root / "sources" / "editions" / str(edition) / "edition.yaml")
    previous_year = edition_yaml.get("previous") if isinstance(edition_yaml.get("previous"), int) else None
    previous: dict[str, str] | None = None
    if previous_year is not None:
        previous = _peek_recommendations(root / "sources" / "editions" / str(previous_year) / FILE_NAME)
    references = _peek(root / "sources" / "references.yaml").get("references") or []
    recs = read_recommendations(
        path, edition=edition, frameworks=frameworks, stats=stats, known_stat_ids=known_stat_ids,
        previous_year=previous_year, previous=previous,
        references={r.get("id") for r in references if isinstance(r, dict)} or None,
        cutoff=edition_yaml.get("data_cutoff"), problems=problems)
    if own:
        problems.raise_if_errors()
    return recs


def read_recommendations(path: Path, *, edition: int, frameworks: Mapping[str, Framework],
                         stats: Mapping[str, Statistic] | None, known_stat_ids: set[str],
                         previous_year: int | None = None, previous: Mapping[str, str] | None = None,
                         references: set[str] | None = None, cutoff: int | None = None,
                         problems: Problems) -> list[Recommendation]:
    """Validate one recommendations file; ``previous`` maps the previous edition's ids to titles."""
    try:
        raw = load_yaml(path)
    except GtaError as exc:
        problems.extend(exc.problems)
        return []
    shown = display_path(path)
    head = validate(FileSpec, raw, shown, problems)
    if head is None:
        return []
    if head.edition != edition:
        problems.add(path, line_of(raw, "edition"), f"file says edition {head.edition}, but it is in the {edition} folder",
                     f"set 'edition: {edition}' or move the file")
    if head.source and references is not None and head.source.reference not in references:
        problems.add(path, line_of(raw, "source", "reference"), f"unknown reference '{head.source.reference}'",
                     did_you_mean(head.source.reference, sorted(references)) or "add it to sources/references.yaml")
    check = _Checker(path, frameworks, stats, known_stat_ids, previous_year, previous, cutoff, edition, problems)
    items = raw["recommendations"]
    recs: list[Recommendation] = []
    first_line: dict[str, int | None] = {}
    for i, item in enumerate(items):
        spec = validate(RecommendationSpec, item, shown, problems, "recommendations", i)
        if spec is None:
            continue
        line = line_of(items, i)
        if spec.id in first_line:
            problems.add(path, line, f"duplicate recommendation id '{spec.id}'",
                         f"first used on line {first_line[spec.id]}; ids must be unique in an edition")
            continue
        first_line[spec.id] = line
        audiences = check.audiences(spec, item)
        caps = check.capabilities(spec, item)
        evidence = check.evidence(spec, item)
        continuity = check.continuity(spec, item)
        recs.append(Recommendation(
            id=spec.id, edition=edition, number=i + 1, title=spec.title, text=spec.text, audiences=audiences,
            priority=spec.priority, capabilities=caps, evidence=evidence, continuity=continuity,
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

    def _add(self, line: int | None, message: str, hint: str = "") -> None:
        self.problems.add(self.path, line, message, hint)

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
        if c is None:
            return Continuity("new", previous_year=self.previous_year, previous_recorded=recorded)
        line = line_of(item, "continuity")
        given = [c.previous] if isinstance(c.previous, str) else list(c.previous or [])
        if c.relation == "new":
            if given:
                self._add(line, f"recommendation '{spec.id}' is marked new but names earlier recommendations",
                          "use 'continues', 'revises' or 'replaces', or remove 'previous'")
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


def _peek(path: Path) -> dict[str, Any]:
    """A YAML mapping read only for a few keys; its own loader reports any problem in it."""
    if not path.exists():
        return {}
    try:
        data = load_yaml(path)
    except GtaError:
        return {}
    return data if isinstance(data, dict) else {}


def _peek_recommendations(path: Path) -> dict[str, str] | None:
    """The ids and titles of another edition's recommendations, or ``None`` when it has no file."""
    if not path.exists():
        return None
    items = _peek(path).get("recommendations") or []
    return {str(r["id"]): str(r.get("title", "")) for r in items if isinstance(r, dict) and "id" in r}


# --- grouping, matrix, coverage, continuity ------------------------------------------------------


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
                groups.append((c.ref, f"{_cap_label(f, c)} {c.name}", [r for r in recs if c.ref in r.capabilities]))
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


# --- report context ------------------------------------------------------------------------------------


def recommendations_context(recs: Sequence[Recommendation], frameworks: Mapping[str, Framework], edition: Any,
                            previous_recs: Sequence[Recommendation] | None, stats: Mapping[str, Statistic], by: str,
                            text: Callable[[Statistic], str], *, framework: str = PRIMARY_FRAMEWORK) -> dict[str, Any]:
    """Everything ``templates/partials/recommendations.html.j2`` shows (its header documents the keys).

    ``by`` is "audience" or "domain": the chapter shows each recommendation once (grouping by
    capability, where one can appear several times, is for the command line).
    """
    if by not in ("audience", "domain"):
        raise ValueError(f"the chapter groups by 'audience' or 'domain', not {by!r}")
    year, title, _ = _edition_info(edition)
    fw = frameworks[framework]
    prev = list(previous_recs or [])
    rec_ctx = {r.id: _rec_context(r, frameworks, stats, text) for r in recs}
    status = {r.status for r in recs}
    rows, dropped, new = continuity_rows(recs, prev)
    prev_year = next((r.continuity.previous_year for r in recs if r.continuity.previous_year), None)
    recorded = bool(prev) or any(r.continuity.previous_recorded for r in recs)
    return {
        "edition": {"year": year, "title": title},
        "by": by,
        "by_label": "audience" if by == "audience" else f"{fw.short_name} domain",
        "count": len(recs),
        "sample": "sample" in status,
        "mapping_note": _mapping_note(recs[0] if recs else None),
        "framework": _fw_context(fw),
        "groups": [{"id": key, "title": heading, "recommendations": [rec_ctx[r.id] for r in members]}
                   for key, heading, members in group_recommendations(recs, frameworks, by, framework)],
        "recommendations": list(rec_ctx.values()),
        "matrix": _matrix_context(recs, fw),
        "capability_table": _capability_table(recs, fw),
        "coverage": [_coverage_context(coverage(recs, f)) for f in frameworks.values()],
        "continuity": None if prev_year is None else {
            "previous_year": prev_year,
            "recorded": recorded,
            "rows": [{"previous_id": row.previous_id, "previous_title": row.previous_title,
                      "previous_text": next((p.text for p in prev if p.id == row.previous_id), ""),
                      "previous_label": _prev_label(row.previous_id, prev),
                      "relation": row.relation, "relation_label": RELATIONS[row.relation],
                      "id": row.id, "title": row.title, "label": rec_ctx[row.id]["label"]} for row in rows],
            "not_carried": [{"id": pid, "title": ptitle, "label": _prev_label(pid, prev)} for pid, ptitle in dropped],
            "previous_known": bool(prev),
            "new": [{"id": r.id, "title": r.title, "label": r.label} for r in new],
        },
        "heatmap": None,
    }


def _rec_context(r: Recommendation, frameworks: Mapping[str, Framework], stats: Mapping[str, Statistic],
                 text: Callable[[Statistic], str]) -> dict[str, Any]:
    badges = []
    for fw, domain, cap in _caps(r, frameworks):
        badges.append({"ref": cap.ref, "framework": fw.short_name, "framework_id": fw.id, "complete": fw.complete,
                       "number": cap.number, "short": _cap_label(fw, cap), "name": cap.name, "domain": domain.name,
                       "title": f"{fw.name}, capability {cap.id}: {cap.name} ({domain.name})"
                       if cap.number is not None else f"{fw.name} (partial): {cap.name}"})
    evidence = []
    for sid in r.evidence:
        st = stats.get(sid)
        evidence.append({"id": sid, "label": st.label if st else sid, "text": text(st) if st else "not available",
                         "confidence": st.confidence if st else "", "caveats": list(st.caveats) if st else [],
                         "as_of": st.as_of if st else ""})
    c = r.continuity
    return {
        "id": r.id, "anchor": f"rec-{r.id}", "label": r.label, "title": r.title, "text": r.text,
        "audiences": [{"id": a, "label": AUDIENCES[a]} for a in r.audiences],
        "audience_text": _join([AUDIENCES[a].lower() for a in r.audiences]),
        "priority": r.priority, "priority_label": PRIORITIES[r.priority],
        "badges": badges, "evidence": evidence, "note": r.note,
        "continuity": {"relation": c.relation, "year": c.previous_year, "note": c.note,
                       "previous": [{"id": p, "title": t} for p, t in zip(c.previous, c.previous_titles, strict=False)],
                       "text": _continuity_text(c)},
    }


def _continuity_text(c: Continuity) -> str:
    if c.relation == "new" or not c.previous:
        return "New in this edition" if c.previous_recorded else ""
    verb = {"continues": "Continues", "revises": "Revises", "replaces": "Replaces"}[c.relation]
    names = _join([f"“{t}”" if t else p for p, t in zip(c.previous, c.previous_titles, strict=False)])
    return f"{verb} {names} ({c.previous_year})"


def _matrix_context(recs: Sequence[Recommendation], fw: Framework) -> dict[str, Any]:
    _, cols, values = recommendation_matrix(recs, fw)
    totals = [sum(1 for row in values if row[j] > 0) for j in range(len(cols))]
    return {
        "caption": f"Recommendations mapped to the {len(fw.domains)} domains of the {fw.name} "
                   f"(number of {fw.short_name} capabilities each recommendation addresses in each domain)",
        "framework": _fw_context(fw),
        "cols": [{"id": d.slug, "label": d.name, "n_capabilities": len(d.capabilities), "total": t,
                  "total_text": _count(t, "recommendation")} for d, t in zip(fw.domains, totals, strict=True)],
        "rows": [{"id": r.id, "anchor": f"rec-{r.id}", "label": r.label, "title": r.title,
                  "cells": [{"value": int(v), "level": min(int(v), 3),
                             "text": _count(int(v), "capability") if v else "none"} for v in row],
                  "total": len(r.capabilities)} for r, row in zip(recs, values, strict=True)],
        "max": int(max((max(row) for row in values), default=0)),
    }


def _capability_table(recs: Sequence[Recommendation], fw: Framework) -> dict[str, Any]:
    return {
        "caption": f"{fw.name}: which recommendations address each capability",
        "framework": _fw_context(fw),
        "recs": [{"id": r.id, "anchor": f"rec-{r.id}", "label": r.label, "title": r.title} for r in recs],
        "domains": [{"name": d.name, "slug": d.slug, "rows": [
            {"ref": c.ref, "short": _cap_label(fw, c), "number": c.number, "name": c.name,
             "marks": [c.ref in r.capabilities for r in recs],
             "count": sum(c.ref in r.capabilities for r in recs)} for c in d.capabilities]} for d in fw.domains],
    }


def _coverage_context(cov: Coverage) -> dict[str, Any]:
    fw = cov.framework
    return {
        "framework": _fw_context(fw),
        "complete": fw.complete,
        "note": fw.completeness_note,
        "summary": cov.summary,
        "n_addressed": len(cov.addressed),
        "n_total": len(fw.capabilities),
        "addressed": [{"ref": c.ref, "short": _cap_label(fw, c), "name": c.name, "by": list(cov.addressed[c.ref])}
                      for c in fw.capabilities if c.ref in cov.addressed],
        "unaddressed": [{"ref": c.ref, "short": _cap_label(fw, c), "name": c.name, "domain": fw.domain(c.domain).name,
                         "description": c.description} for c in cov.unaddressed],
        "domains": [{"name": d.name, "n_total": len(d.capabilities),
                     "n_addressed": sum(c.ref in cov.addressed for c in d.capabilities)} for d in fw.domains],
    }


def _fw_context(fw: Framework) -> dict[str, Any]:
    return {"id": fw.id, "name": fw.name, "short_name": fw.short_name, "complete": fw.complete,
            "completeness_note": fw.completeness_note, "n_domains": len(fw.domains),
            "n_capabilities": len(fw.capabilities)}


def _mapping_note(rec: Recommendation | None) -> str:
    """The file's own note on the mapping, or who made it."""
    if rec is None:
        return ""
    return rec.mapping_note or f"Mapped to capabilities by {rec.mapped_by}."


def _prev_label(pid: str, prev: Sequence[Recommendation]) -> str:
    return next((p.label for p in prev if p.id == pid), "")


def _cap_label(fw: Framework, cap: Capability) -> str:
    return f"{fw.short_name} {cap.number}" if cap.number is not None else fw.short_name


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _join(items: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _edition_info(edition: Any) -> tuple[int, str, datetime]:
    """(year, title, publication datetime) from an Edition, an EditionSource or a bare year."""
    meta = getattr(edition, "meta", edition)
    if isinstance(meta, int):
        return meta, f"Global Threat Assessment {meta}", datetime(meta, 1, 1)
    parts = [int(x) for x in re.findall(r"\d+", str(meta.published))[:3]] + [1, 1]
    return meta.year, meta.title, datetime(parts[0], parts[1], parts[2])


# --- heatmap ------------------------------------------------------------------------------------------


def heatmap_args(recs: Sequence[Recommendation], framework: Framework, edition_title: str) -> dict[str, Any]:
    """Keyword arguments for ``gta.charts.render_heatmap`` (all but ``out_dir``), with a data-generated alt text."""
    rows, cols, values = recommendation_matrix(recs, framework)
    reach = [sum(1 for row in values if row[j] > 0) for j in range(len(cols))]
    parts = [f"Heatmap of {_count(len(rows), 'recommendation')} against the {len(cols)} {framework.short_name} domains"]
    top = max(reach, default=0)
    if top:
        most = [cols[j] for j in range(len(cols)) if reach[j] == top]
        each = " each" if len(most) > 1 else ""
        verb = "are" if len(most) > 1 else "is"
        parts.append(f"{_join(most)} {verb}{each} addressed by {_count(top, 'recommendation')}")
    none = [cols[j] for j in range(len(cols)) if reach[j] == 0]
    if none:
        parts.append(f"{_join(none)} by none")
    elif cols and min(reach) < top:
        least = min(reach)
        parts.append(f"{_join([cols[j] for j in range(len(cols)) if reach[j] == least])} by the fewest ({least})")
    mapped_by = recs[0].mapped_by if recs else ""
    notes = ["Each cell counts the capabilities a recommendation addresses in that domain"
             + (f"; the mapping to capabilities is by {mapped_by}." if mapped_by else ".")]
    if not framework.complete:
        notes.append(framework.completeness_note.strip())
    return {
        "matrix": values, "row_labels": rows, "col_labels": cols,
        "chart_id": f"recommendations-{framework.id}-heatmap",
        "title": f"Recommendations mapped to the {framework.name}",
        "subtitle": f"Number of {framework.short_name} capabilities each recommendation addresses, by domain",
        "source_line": f"Source: {edition_title}, recommendations; {framework.name}, {framework.publisher}.",
        "notes": tuple(notes),
        "alt": "; ".join(parts) + ".",
        "citation": f"{edition_title}: recommendations mapped to the {framework.name}.",
    }


# --- exports --------------------------------------------------------------------------------------------

EXPORT_COLUMNS = ["edition", "label", "id", "title", "text", "audiences", "priority", "capabilities",
                  "capability_names", "domains", "evidence", "continuity", "previous", "status", "mapped_by"]


def export_rows(recs: Sequence[Recommendation], frameworks: Mapping[str, Framework]) -> list[list[Any]]:
    rows = []
    for r in recs:
        caps = _caps(r, frameworks)
        rows.append([
            r.edition, r.label, r.id, r.title, r.text, "; ".join(r.audiences), r.priority, "; ".join(r.capabilities),
            "; ".join(f"{_cap_label(fw, c)} {c.name}" + ("" if fw.complete else " (partial framework)")
                      for fw, _, c in caps),
            "; ".join(dict.fromkeys(f"{fw.short_name}: {d.name}" for fw, d, _ in caps)),
            "; ".join(r.evidence), r.continuity.relation,
            "; ".join(f"{r.continuity.previous_year}:{p}" for p in r.continuity.previous), r.status, r.mapped_by,
        ])
    return rows


def write_recommendation_exports(recs: Sequence[Recommendation], frameworks: Mapping[str, Framework], out_dir: Path,
                                 edition: Any, *, created: datetime | None = None) -> list[Path]:
    """``recommendations.csv`` and ``recommendations.xlsx`` in ``out_dir``; the same inputs give the same bytes.

    ``edition`` is an Edition (its publication date stamps the workbook) or a year. Text that a
    spreadsheet would read as a formula stays text (see :mod:`gta.exports`).
    """
    from .exports import Column, write_csv, write_xlsx

    year, title, published = _edition_info(edition)
    rows = export_rows(recs, frameworks)
    mapping = [[r.id, fw.id, c.ref, c.number, c.name, d.name, "yes" if fw.complete else "no (partial framework)"]
               for r in recs for fw, d, c in _caps(r, frameworks)]
    cov = []
    for fw in frameworks.values():
        result = coverage(recs, fw)
        for c in fw.capabilities:
            by = result.addressed.get(c.ref, ())
            cov.append([fw.id, c.ref, c.number, c.name, fw.domain(c.domain).name, len(by), "; ".join(by)])
    about: list[list[Any]] = [["edition", year], ["recommendations", len(recs)],
                              ["status", ", ".join(sorted({r.status for r in recs}))],
                              ["mapping", _mapping_note(recs[0]) if recs else ""]]
    about += [[f"framework {fw.short_name}", f"{fw.name}: " + ("complete" if fw.complete else fw.completeness_note.strip())]
              for fw in frameworks.values()]
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = write_csv(out_dir / "recommendations.csv", EXPORT_COLUMNS, rows)
    wide = {"title", "text", "capability_names", "domains", "evidence"}
    columns = [Column(c, "year" if c == "edition" else "wrap" if c in wide else "text") for c in EXPORT_COLUMNS]
    xlsx_path = write_xlsx(out_dir / "recommendations.xlsx", {
        "Recommendations": (columns, rows),
        "Mapping": ([Column("recommendation"), Column("framework"), Column("capability"), Column("number", "integer"),
                     Column("name", "wrap"), Column("domain"), Column("framework complete")], mapping),
        "Coverage": ([Column("framework"), Column("capability"), Column("number", "integer"), Column("name", "wrap"),
                      Column("domain"), Column("recommendations", "integer"), Column("ids")], cov),
        "About": ([Column("item"), Column("value", "wrap")], about),
    }, created=created or published, title=f"{title}: recommendations")
    return [csv_path, xlsx_path]
