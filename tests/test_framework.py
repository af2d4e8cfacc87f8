"""Frameworks as data: the shipped MNR and partial GSR, references to capabilities, and bad framework files."""

from __future__ import annotations

from pathlib import Path

import pytest

from gta.errors import GtaError
from gta.framework import capability, load_frameworks

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def frameworks():
    return load_frameworks(ROOT)


def test_mnr_has_six_domains_and_twenty_one_numbered_capabilities(frameworks) -> None:
    mnr = frameworks["mnr"]
    assert mnr.complete and mnr.short_name == "MNR"
    assert [d.name for d in mnr.domains] == ["Policy and Governance", "Criminal Justice", "Victim", "Societal",
                                             "Industry", "Media and Communications"]
    assert [len(d.capabilities) for d in mnr.domains] == [3, 4, 4, 4, 4, 2]
    assert [c.number for c in mnr.capabilities] == list(range(1, 22))
    assert mnr.numbers_text() == "1–21"


def test_mnr_keeps_every_source_quote_confidence_and_note(frameworks) -> None:
    mnr = frameworks["mnr"]
    sources = {s.id: s for s in mnr.sources}
    assert set(sources) == {"wp_site_2017", "inhope", "humandignity", "framing_the_future"}
    assert sources["inhope"].url == "https://inhope.org/EN/articles/what-is-the-model-national-response"
    assert sources["inhope"].quote.startswith("The Model outlines 21 key capabilities")
    caps = {c.number: c for c in mnr.capabilities}
    assert caps[14].description == "" and "left empty" in caps[14].note  # unknown, never guessed
    assert caps[21].confidence == "medium" and "Luxembourg Guidelines" in caps[21].note
    assert caps[10].note == "source spells 'arrangments'"
    assert {f.label for f in mnr.facts} >= {"Agreed", "Document date", "Revised", "Maturity model"}


def test_gsr_is_marked_incomplete_with_its_three_known_capabilities(frameworks) -> None:
    gsr = frameworks["gsr"]
    assert gsr.complete is False
    assert "Only three" in gsr.completeness_note
    assert [c.ref for c in gsr.capabilities] == ["gsr:threat-analysis-and-monitoring",
                                                 "gsr:long-term-victim-trauma-analysis", "gsr:increased-transparency"]
    assert all(c.dated == "2021-05-31" for c in gsr.capabilities)
    assert gsr.sources[0].url == "https://www.weprotect.org/response/"


def test_complete_frameworks_come_first(frameworks) -> None:
    assert list(frameworks) == ["mnr", "gsr"]


@pytest.mark.parametrize("ref", ["mnr:12", "mnr:csea-hotline"])
def test_a_capability_resolves_by_number_or_slug(frameworks, ref: str) -> None:
    fw, domain, cap = capability(frameworks, ref)
    assert (fw.id, domain.name, cap.ref, cap.name) == ("mnr", "Societal", "mnr:12", "CSEA Hotline")


def test_a_framework_resolves_its_own_keys_with_or_without_prefix(frameworks) -> None:
    mnr = frameworks["mnr"]
    assert mnr.capability("7")[2].name == "Access to Image Databases"
    assert mnr.capability("mnr:7")[2].slug == "access-to-image-databases"
    with pytest.raises(KeyError):
        mnr.capability("gsr:7")


@pytest.mark.parametrize("ref", ["mnr:22", "nmr:12", "12", "gsr:transparency"])
def test_unknown_references_raise_key_error(frameworks, ref: str) -> None:
    with pytest.raises(KeyError):
        capability(frameworks, ref)


def test_suggestions_for_mistyped_slugs(frameworks) -> None:
    assert frameworks["mnr"].suggest("child-helplines") == "mnr:11"
    assert frameworks["gsr"].suggest("increased-transparancy") == "gsr:increased-transparency"


def test_any_framework_of_domains_and_capabilities_loads(tmp_path: Path) -> None:
    _write(tmp_path, "toy", """
id: toy
name: Toy Framework
short_name: TOY
publisher: Test
complete: true
sources: [{id: s, url: https://example.invalid}]
domains:
  - slug: first
    name: First
    capabilities:
      - {name: Alpha Beta, confidence: high}
      - {name: Gamma, confidence: low, source: s}
""")
    fw = load_frameworks(tmp_path)["toy"]
    assert [c.ref for c in fw.capabilities] == ["toy:alpha-beta", "toy:gamma"]
    assert fw.numbers_text() == ""


BAD = [
    ("duplicate capability number", "mnr", """
id: mnr
name: M
short_name: M
publisher: P
complete: true
sources: [{id: s, url: u}]
domains:
  - slug: d
    name: D
    capabilities:
      - {number: 1, name: A, confidence: high}
      - {number: 1, name: B, confidence: high}
""", "{number: 1, name: B", "capability 'mnr:1' is declared twice"),
    ("incomplete without a note", "gsr", """
id: gsr
name: G
short_name: G
publisher: P
complete: false
sources: [{id: s, url: u}]
domains:
  - slug: d
    name: D
    capabilities:
      - {name: A, confidence: high}
""", "complete: false", "an incomplete framework needs a 'completeness_note'"),
    ("id differs from file name", "other", """
id: mnr
name: M
short_name: M
publisher: P
complete: true
sources: [{id: s, url: u}]
domains:
  - slug: d
    name: D
    capabilities:
      - {number: 1, name: A, confidence: high}
""", "id: mnr", "framework id 'mnr' differs from the file name"),
    ("unknown source", "mnr", """
id: mnr
name: M
short_name: M
publisher: P
complete: true
sources: [{id: inhope, url: u}]
domains:
  - slug: d
    name: D
    capabilities:
      - {number: 1, name: A, confidence: high, source: inhop}
""", "source: inhop}", "unknown source 'inhop'"),
    ("bad confidence", "mnr", """
id: mnr
name: M
short_name: M
publisher: P
complete: true
sources: [{id: s, url: u}]
domains:
  - slug: d
    name: D
    capabilities:
      - {number: 1, name: A, confidence: certain}
""", "confidence: certain", "'domains.0.capabilities.0.confidence'"),
]


@pytest.mark.parametrize(("case", "stem", "text", "marker", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_framework_files_give_located_errors(tmp_path: Path, case: str, stem: str, text: str, marker: str,
                                                 message: str) -> None:
    _write(tmp_path, stem, text)
    with pytest.raises(GtaError) as exc:
        load_frameworks(tmp_path)
    problems = exc.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    line = next(i for i, t in enumerate(text.lstrip("\n").splitlines(), start=1) if marker in t)
    assert problems[0].path.endswith(f"{stem}.yaml") and problems[0].line == line
    assert message in problems[0].message


def _write(root: Path, stem: str, text: str) -> None:
    folder = root / "sources" / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.yaml").write_text(text.lstrip("\n"))


# --- our own translations of a framework's names are marked (issue 18) ----------------------------------

class _Catalogue:
    """A French catalogue that translates one capability name (context "framework")."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return {"Leadership": "Direction", "Model National Response": "Réponse nationale modèle"}.get(message, message) \
            if context == "framework" else message


def test_a_translation_of_the_mnr_names_is_marked_unofficial(frameworks) -> None:
    import gettext

    from gta.i18n.localisation import ENGLISH, localisation
    from gta.recommendations_view import unofficial_translation_note

    mnr = frameworks["mnr"]
    assert mnr.published_languages == ("en",)
    note = unofficial_translation_note(mnr, localisation("fr", _Catalogue(), None))
    assert "Réponse nationale modèle" in note and "anglais" in note and "GTA" in note
    assert unofficial_translation_note(mnr, ENGLISH) == ""  # the publisher's own names
    # a catalogue that translates none of the names shows them as published: nothing to mark
    assert unofficial_translation_note(mnr, localisation("fr", gettext.NullTranslations(), None)) == ""
