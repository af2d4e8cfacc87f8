"""Turn a chapter's Markdown into safe HTML, with statistics, charts and tables inserted by name.

A chapter is a Jinja2 template whose functions (``stat``, ``chart``, ``table``, ``figref``,
``cite``, ``prev``) return opaque placeholders; the Markdown is then rendered, its raw HTML
reduced to a safe list of tags, and only then are the placeholders replaced by trusted HTML
built here. Names are checked up front from the template's syntax tree, so every unknown name
is reported at its chapter line with a "did you mean".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import jinja2
import nh3
from jinja2 import nodes
from markdown_it import MarkdownIt

from .boxes import BOX_CLASSES, enable_boxes
from .errors import GtaError, Problem, Problems, display_path
from .sources import Chapter, did_you_mean

CHAPTER_FUNCTIONS = ("stat", "chart", "table", "figref", "tabref", "cite", "prev", "recommendations")
SAFE_TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
             "h4", "hr", "i", "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
             "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "img", "figure", "figcaption", "aside"}
SAFE_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "width", "height"},
                   "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}, "span": {"lang"},
                   "ol": {"start"}}
_PLACEHOLDER = re.compile(r"(<p>)?GTAPH(\d{4})X(</p>)?")


@dataclass
class Call:
    """A function call found in a chapter: what it names and on which line."""

    function: str
    name: str
    line: int
    kwargs: dict[str, Any] = field(default_factory=dict)


def chapter_environment() -> jinja2.Environment:
    """Chapters are Markdown, not HTML: no autoescape there; safety comes from sanitising the output."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)


def find_calls(chapter: Chapter, env: jinja2.Environment) -> list[Call]:
    """Every chapter function call with a literal first argument, in source order."""
    try:
        tree = env.parse(chapter.body)
    except jinja2.TemplateSyntaxError as exc:
        raise GtaError(Problem(display_path(chapter.path), chapter.body_line + (exc.lineno or 1) - 1,
                               f"template error: {exc.message}",
                               "check the {{ ... }} and {% ... %} tags on this line")) from None
    calls = []
    for node in tree.find_all(nodes.Call):
        if isinstance(node.node, nodes.Name) and node.node.name in CHAPTER_FUNCTIONS:
            first = node.args[0].value if node.args and isinstance(node.args[0], nodes.Const) else ""
            kwargs = {k.key: k.value.value for k in node.kwargs if isinstance(k.value, nodes.Const)}
            calls.append(Call(node.node.name, str(first), chapter.body_line + node.lineno - 1, kwargs))
    return calls


@dataclass
class Names:
    """What a chapter may name, and what the edition's cut-off makes unavailable."""

    stats: set[str]
    unavailable: dict[str, Problem]
    charts: set[str]
    tables: set[str]
    references: set[str]
    previous_stats: set[str]


def check_calls(chapter: Chapter, calls: list[Call], names: Names, problems: Problems) -> None:
    """Record a located problem for every unknown or unavailable name a chapter uses."""
    path = chapter.path
    kinds: dict[str, tuple[set[str], str]] = {
        "stat": (names.stats, "statistic"), "chart": (names.charts, "chart"), "figref": (names.charts, "chart"),
        "table": (names.tables, "table"), "tabref": (names.tables, "table"), "cite": (names.references, "reference"),
        "prev": (names.previous_stats, "statistic of the previous edition"),
    }
    for call in calls:
        if call.function == "recommendations":
            continue
        known, what = kinds[call.function]
        if not call.name:
            problems.add(path, call.line, f"{call.function}() needs a quoted name", f'write {call.function}("name")')
        elif call.function == "stat" and call.name in names.unavailable:
            cause = names.unavailable[call.name]
            problems.add(path, call.line, f"statistic '{call.name}' is not available in this edition: "
                         f"{cause.message.split(': ', 1)[-1]}", "use a statistic within the edition's data cut-off")
        elif call.name not in known:
            problems.add(path, call.line, f"unknown {what} '{call.name}'",
                         did_you_mean(call.name, known) or f"declare the {what} first")


class Placeholders:
    """Opaque tokens that survive Markdown, swapped for trusted HTML at the end.

    An item is anything the caller can later turn into HTML: the plan keeps placements, and the
    HTML writer fills the tokens with ``render`` (:func:`fill_placeholders`).
    """

    def __init__(self) -> None:
        self.items: list[tuple[Any, bool]] = []

    def add(self, item: Any, block: bool = False) -> str:
        self.items.append((item, block))
        token = f"GTAPH{len(self.items) - 1:04d}X"
        return f"\n\n{token}\n\n" if block else token

    def fill(self, text: str, render: Callable[[Any], str] = str) -> str:
        return fill_placeholders(text, [item for item, _ in self.items], [block for _, block in self.items], render)


def fill_placeholders(text: str, items: list[Any], blocks: list[bool], render: Callable[[Any], str]) -> str:
    """Swap each token in ``text`` for ``render(item)``; a block replaces the paragraph around it."""
    def swap(m: re.Match[str]) -> str:
        i = int(m.group(2))
        content = render(items[i])
        if blocks[i]:
            return content
        return (m.group(1) or "") + content + (m.group(3) or "")
    return _PLACEHOLDER.sub(swap, text)


def render_chapter_html(chapter: Chapter, env: jinja2.Environment, functions: dict[str, Callable[..., str]],
                        placeholders: Placeholders, allowed_image: Callable[[str], bool]) -> str:
    """Chapter Markdown → safe HTML with placeholders filled. Errors point at the chapter line."""
    return placeholders.fill(render_chapter_markdown(chapter, env, functions, allowed_image))


def render_chapter_markdown(chapter: Chapter, env: jinja2.Environment, functions: dict[str, Callable[..., str]],
                            allowed_image: Callable[[str], bool]) -> str:
    """Chapter Markdown → safe HTML, with the calls' tokens left in place. Errors point at the chapter line."""
    try:
        template = env.from_string(chapter.body)
        markdown = template.render(**functions)
    except jinja2.TemplateSyntaxError as exc:
        raise GtaError(Problem(display_path(chapter.path), chapter.body_line + (exc.lineno or 1) - 1,
                               f"template error: {exc.message}", "check the {{ ... }} tags on this line")) from None
    except jinja2.UndefinedError as exc:
        line = _template_line(exc)
        raise GtaError(Problem(display_path(chapter.path), chapter.body_line + line - 1 if line else None,
                               f"template error: {exc.message}",
                               f"chapters may call only {', '.join(CHAPTER_FUNCTIONS)}")) from None
    raw_html = _markdown().render(markdown)
    _refuse_external(raw_html, chapter, allowed_image)
    safe = nh3.clean(raw_html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer", allowed_classes=BOX_CLASSES)
    return safe


def _template_line(exc: Exception) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": True}).enable(["table", "replacements", "smartquotes"])
    return enable_boxes(md)


class _Sources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "srcset", "data", "poster", "background") and value:
                self.found.append((tag, value))
            if tag == "link" and name == "href" and value:
                self.found.append((tag, value))
            if name == "style" and value and "url(" in value:
                self.found.append((tag, value))


def _refuse_external(raw_html: str, chapter: Chapter, allowed_image: Callable[[str], bool]) -> None:
    """Refuse, with an error naming it, any resource a chapter would make the report fetch."""
    parser = _Sources()
    parser.feed(raw_html)
    for tag, url in parser.found:
        if not allowed_image(url):
            line = _line_of_text(chapter, url)
            raise GtaError(Problem(display_path(chapter.path), line,
                                   f"<{tag}> loads {url!r}, which is outside the project",
                                   "reports never fetch from the network or read files outside the project; "
                                   "figures come from chart specs in figures/, never from links in a chapter"))


def _line_of_text(chapter: Chapter, needle: str) -> int | None:
    for i, line in enumerate(chapter.body.splitlines()):
        if needle in line or html.unescape(needle) in line:
            return chapter.body_line + i
    return None
