"""Boxes in chapter Markdown: case studies, "in focus" panels, key-finding call-outs and pull quotes.

A box is a Markdown container, never raw HTML::

    ::: case-study When the IWF began to search for material itself
    Text in Markdown, with {{ stat("...") }} calls like any paragraph.
    :::

    ::: pull-quote NCMEC, 2024
    The words quoted.
    :::

The word after ``:::`` is the kind; the rest of the line is the box's title (a case study or an
"in focus" panel) or the quote's attribution. The kind's label ("Case study") is a message of the
edition's language, filled in by the plan (:func:`label_boxes`); the sanitiser keeps only the
classes named here (:data:`BOX_CLASSES`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt

from .i18n.messages import N_

#: kind -> the label readers see above the box (None: no label)
BOX_KINDS: dict[str, str | None] = {
    "case-study": N_("Case study"),
    "in-focus": N_("In focus"),
    "key-finding": N_("Key finding"),
    "pull-quote": None,
}
#: classes the sanitiser keeps, by tag
BOX_CLASSES: dict[str, set[str]] = {
    "aside": {"box", *(f"box-{k}" for k in BOX_KINDS)},
    "p": {"box-kind", "box-title"},
    "figure": {"pull-quote"},
}
_LABEL = re.compile(r'<p class="box-kind">([a-z-]+)</p>')


def enable_boxes(md: MarkdownIt) -> MarkdownIt:
    """Teach ``md`` the ``::: kind`` containers (mdit-py-plugins' container plugin)."""
    from mdit_py_plugins.container import container_plugin

    for kind in BOX_KINDS:
        md.use(container_plugin, kind, render=_renderer(kind))
    return md


def _renderer(kind: str) -> Callable[..., str]:
    def render(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        rest = html.escape(_opening(tokens, idx).info.strip()[len(kind):].strip())
        if kind == "pull-quote":
            if token.nesting == 1:
                return '<figure class="pull-quote"><blockquote>\n'
            return "</blockquote>" + (f"<figcaption>{rest}</figcaption>" if rest else "") + "</figure>\n"
        if token.nesting != 1:
            return "</aside>\n"
        label = f'<p class="box-kind">{kind}</p>' if BOX_KINDS[kind] else ""
        title = f'<p class="box-title">{rest}</p>' if rest else ""
        return f'<aside class="box box-{kind}">{label}{title}\n'

    return render


def _opening(tokens: list[Any], idx: int) -> Any:
    """The token that opens the container ``tokens[idx]`` closes (itself when it opens one)."""
    if tokens[idx].nesting == 1:
        return tokens[idx]
    depth = 0
    for j in range(idx, -1, -1):
        if tokens[j].type == tokens[idx].type.replace("_close", "_open"):
            depth -= 1
            if depth == 0:
                return tokens[j]
        elif tokens[j].type == tokens[idx].type:
            depth += 1
    return tokens[idx]


def label_boxes(text: str, gettext: Callable[[str], str]) -> str:
    """Each box's kind, written as its label in the edition's language ("Case study", "Étude de cas")."""
    def label(m: re.Match[str]) -> str:
        message = BOX_KINDS.get(m.group(1))
        return f'<p class="box-kind">{html.escape(gettext(message))}</p>' if message else ""

    return _LABEL.sub(label, text)
