"""gettext catalogues: extracted with Babel into ``locales/gta.pot``, translated in ``.po`` files,
compiled in memory at build time (no compiled ``.mo`` file is ever committed).

Three kinds of message share one catalogue, told apart by their context (``msgctxt``):

- no context: the report's own words, from the templates and the builder's code (``_()``,
  ``{% trans %}``);
- ``statistic``: statistic labels (shown under the key figures and in the register);
- ``series``: dataset series labels (table headers, chart labels);
- ``table``: table titles and notes;
- ``recommendations``: audience, priority and relation labels of the recommendations chapter.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GtaError, Problem, display_path
from . import SOURCE_LANGUAGE

CODE_ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "gta"


def locales_dir(root: Path) -> Path:
    """The project's own catalogues, or the builder's for a project that has none (like templates)."""
    own = root / "locales"
    return own if own.is_dir() else CODE_ROOT / "locales"


def po_path(root: Path, lang: str) -> Path:
    return locales_dir(root) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(root: Path, lang: str) -> Any | None:
    """The language's ``.po`` file as a Babel catalogue; ``None`` when the language has none yet."""
    from babel.messages.pofile import PoFileError, read_po

    path = po_path(root, lang)
    if not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            return read_po(fh, locale=lang, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        raise GtaError(Problem(display_path(path), line, f"cannot read the catalogue: {exc}",
                               "check the quotes and msgid/msgstr pairs around this line")) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise GtaError(Problem(display_path(path), None, f"cannot read the catalogue: {exc}",
                               "save the file as UTF-8; see docs/translations.md")) from None


def translations_for(root: Path, lang: str) -> gettext.NullTranslations:
    """gettext translations for ``lang``, compiled in memory; English (and a missing file) translate nothing.

    Fuzzy entries are not used: a string marked fuzzy shows in English until a translator confirms it.
    """
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    catalog = load_catalog(root, lang)
    if catalog is None:
        return gettext.NullTranslations()
    check_catalog(catalog, po_path(root, lang))
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def check_catalog(catalog: Any, path: Path) -> None:
    """Refuse a translation whose placeholders differ from the English (``%(n)s`` lost or misspelt)."""
    problems = []
    for message in catalog:
        # NOTE: Babel flags any "%" followed by a letter as a format ("95% confidence"); words from the
        # sources (a context) are never %-formatted, so only the English's own placeholders count there.
        if message.context and "%(" not in str(message.id):
            message.flags.discard("python-format")
    for message, errors in catalog.check():
        if message.fuzzy:
            continue  # NOTE: fuzzy entries are never used (see translations_for), so they cannot break a build
        for err in errors:
            problems.append(Problem(display_path(path), message.lineno, f"msgid {_short(message.id)!r}: {err}",
                                    "keep every %(name)s placeholder of the English text, spelt the same"))
    if problems:
        raise GtaError(problems)


def _short(msgid: Any) -> str:
    text = msgid[0] if isinstance(msgid, tuple | list) else msgid
    return text if len(text) <= 60 else text[:57] + "..."


# --- status ---------------------------------------------------------------------------------


@dataclass
class MessageStatus:
    """How much of the template catalogue one language has translated."""

    total: int = 0
    translated: int = 0
    missing: list[tuple[str | None, str]] = field(default_factory=list)  # (context, msgid) not translated
    fuzzy: list[tuple[str | None, str]] = field(default_factory=list)  # translated but marked for review
    obsolete: list[str] = field(default_factory=list)  # translated, but no longer used by the English
    lines: dict[tuple[str | None, str], int] = field(default_factory=dict)  # (context, msgid) -> its line in the .po

    def line(self, key: tuple[str | None, str]) -> int | None:
        """The ``.po`` line of a missing or fuzzy message; None when the catalogue lacks it (run --update)."""
        return self.lines.get(key)


def message_status(template: Any, catalog: Any | None, contexts: Iterable[str | None] = (None,),
                   where: Callable[[Any], bool] | None = None) -> MessageStatus:
    """Compare a language's catalogue with the template, for the messages whose context is in ``contexts``
    (and, given ``where``, that it accepts: a template message, with its source locations)."""
    wanted = set(contexts)
    status = MessageStatus()
    for msg in template:
        if not msg.id or msg.context not in wanted or (where is not None and not where(msg)):
            continue
        status.total += 1
        key = (msg.context, msg.id if isinstance(msg.id, str) else msg.id[0])
        found = catalog.get(msg.id, context=msg.context) if catalog is not None else None
        if found is not None and found.lineno:
            status.lines[key] = found.lineno
        if found is None or not _translated(found):
            status.missing.append(key)
        elif found.fuzzy:
            status.fuzzy.append(key)
        else:
            status.translated += 1
    if catalog is not None:
        status.obsolete = sorted(str(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog
                                 if m.id and m.context in wanted and template.get(m.id, context=m.context) is None
                                 and _translated(m))
    return status


def _translated(msg: Any) -> bool:
    strings = msg.string if isinstance(msg.string, tuple | list) else (msg.string,)
    return bool(strings) and all(s for s in strings)
