"""How a statistic was derived, as a message that any language can show with its own numbers.

A :class:`Derivation` is an English message with ``%(name)s`` placeholders and typed parts:
numbers (formatted by the one formatter, rounded half up), years (in the edition's digits), and
labels (looked up in the catalogue). The English text is what the register's CSV and the command
line show; a translated edition renders the same derivation in its language
("291 273 ÷ 366 = 795,8 par jour").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .formatting import format_number
from .i18n.localisation import ENGLISH, Localisation


class _Part:
    """A part of a derivation; ``str()`` gives its English form (used in error messages)."""

    def render(self, loc: Localisation) -> str:  # pragma: no cover - every part defines it
        raise NotImplementedError

    def __str__(self) -> str:
        return self.render(ENGLISH)


@dataclass(frozen=True)
class Num(_Part):
    """A number shown with a fixed number of decimals; ``percent`` shows a fraction as a percentage."""

    value: float
    decimals: int = 0
    signed: bool = False
    percent: bool = False

    def render(self, loc: Localisation) -> str:
        v = abs(self.value) if self.signed else self.value
        text = loc.number(v, "percent" if self.percent else "full", decimals=self.decimals)
        if self.value < 0 and not self.signed:
            text = text.replace("-", "−", 1)
        if not self.signed:
            return text
        return ("+" if self.value > 0 else "−" if self.value < 0 else "") + text


@dataclass(frozen=True)
class Styled(_Part):
    """A value as the statistic's own style shows it ("8.2 a day", "12.5% (95% CI 10.5–14.7%)")."""

    value: float
    style: str
    qualifier: str = "exact"
    decimals: int | None = None
    per: str | None = None
    interval: tuple[float, float] | None = None
    level: float | None = None

    def render(self, loc: Localisation) -> str:
        extra = {"interval": self.interval, "level": self.level} if self.interval is not None else {}
        return format_number(self.value, self.style, qualifier=self.qualifier, decimals=self.decimals,
                             locale=loc.code, per=self.per, numbering=loc.numbering, **extra)


@dataclass(frozen=True)
class Year(_Part):
    value: int

    def render(self, loc: Localisation) -> str:
        return loc.integer(self.value)


@dataclass(frozen=True)
class Label(_Part):
    """A name the catalogue translates: a series label (context "series"), a statistic label, ..."""

    text: str
    context: str

    def render(self, loc: Localisation) -> str:
        return loc.pgettext(self.context, self.text)


@dataclass(frozen=True)
class Text(_Part):
    """Words shown as written: a publisher and the title of a cited work."""

    text: str

    def render(self, loc: Localisation) -> str:
        return self.text


@dataclass(frozen=True)
class Seq(_Part):
    """Several parts joined: the terms of a sum, the items of a ranking."""

    items: tuple[Any, ...]
    separator: str | None = None  # None: the language's own ("; ", "\u202f; " in French, "；" in Chinese)

    def render(self, loc: Localisation) -> str:
        return (loc.separator if self.separator is None else self.separator).join(d.render(loc) for d in self.items)


@dataclass(frozen=True)
class Derivation:
    """An English message (a catalogue msgid) and its parts."""

    message: str
    parts: tuple[tuple[str, Any], ...] = ()

    def render(self, loc: Localisation = ENGLISH) -> str:
        values = {name: part.render(loc) for name, part in self.parts}
        return loc.gettext(self.message) % values if values else loc.gettext(self.message)

    def __str__(self) -> str:
        return self.render(ENGLISH)


def derive(message: str, **parts: Any) -> Derivation:
    """``derive(N_("%(a)s + %(b)s"), a=Num(1), b=Num(2))``; parts keep their names' order."""
    return Derivation(message, tuple(parts.items()))
