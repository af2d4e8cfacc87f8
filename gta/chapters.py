"""Turn a chapter's Markdown into safe HTML, with statistics, charts and tables inserted by name.

Chapters come from many hands (partners, translators, pull requests), so a chapter is data: its
Jinja2 syntax may hold text and calls of the builder's own functions (``stat``, ``chart``,
``table``, ``figref``, ``tabref``, ``cite``, ``prev``, ``recommendations``, ``evidence``,
``compare``) with quoted literal
arguments, and nothing else. :func:`find_calls` checks the syntax tree against that whitelist and
reports every other construct (attribute access, filters, ``set``, ``macro``, ``include``, loops)
at its chapter line, for ``gta validate`` and the build alike; the chapter is then rendered in a
sandbox with no globals, a second wall should the first ever miss something.

The functions return opaque placeholders; the Markdown is then rendered and its raw HTML reduced to
a safe list of tags. The edition plan keeps that HTML with its placeholders (each standing for a
placement); the HTML writer replaces them with trusted HTML (:func:`fill_placeholders`).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import jinja2
import nh3
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment
from markdown_it import MarkdownIt

from .boxes import BOX_CLASSES, enable_boxes
from .errors import GtaError, Problem, Problems, display_path
from .formatting import STYLES
from .sources import Chapter, did_you_mean

CHAPTER_FUNCTIONS = ("stat", "chart", "table", "figref", "tabref", "cite", "prev", "recommendations", "evidence",
                     "compare")
#: The parameters of each chapter function, in order: the first (when any) is the quoted name.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "stat": ("name", "style"), "prev": ("name", "style"), "chart": ("name",), "table": ("name",),
    "figref": ("name",), "tabref": ("name",), "cite": ("name",), "recommendations": (), "evidence": (),
    "compare": ("name", "second"),
}
SAFE_TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
             "h4", "hr", "i", "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
             "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "img", "figure", "figcaption", "aside"}
SAFE_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt", "width", "height"},
                   "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}, "span": {"lang"},
                   "ol": {"start"}}
_USAGE = ('chapters hold text and the builder\'s calls with quoted names, such as {{ stat("id") }}, '
          '{{ stat("id", style="words") }}, {{ chart("id") }} or {{ cite("id") }}')
# What each refused construct is called in a message.
_STATEMENTS = {nodes.For: "{% for %} loops", nodes.If: "{% if %} blocks", nodes.Assign: "{% set %}",
               nodes.AssignBlock: "{% set %}", nodes.Macro: "{% macro %}", nodes.CallBlock: "{% call %} blocks",
               nodes.FilterBlock: "{% filter %} blocks", nodes.With: "{% with %} blocks", nodes.Block: "{% block %}",
               nodes.Extends: "{% extends %}", nodes.Include: "{% include %}", nodes.Import: "{% import %}",
               nodes.FromImport: "{% from ... import %}", nodes.ScopedEvalContextModifier: "{% autoescape %}",
               nodes.EvalContextModifier: "{% autoescape %}", nodes.ExprStmt: "{% do %}",
               nodes.Continue: "{% continue %}", nodes.Break: "{% break %}"}
_EXPRESSIONS = {nodes.Getattr: "attribute access (.)", nodes.Getitem: "subscripts ([...])",
                nodes.Filter: "filters (|)", nodes.Test: "tests (is ...)", nodes.Const: "a bare literal value",
                nodes.CondExpr: "conditional expressions", nodes.Concat: "concatenation (~)"}


def chapter_environment() -> jinja2.Environment:
    """The sandbox chapters render in: no globals, filters or tests, nothing callable but what a render passes.

    Chapters are Markdown, not HTML: no autoescape there; safety comes from sanitising the output.
    """
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.globals.clear()
    env.filters.clear()
    env.tests.clear()
    return env


@dataclass
class Call:
    """A function call found in a chapter: what it names and on which line."""

    function: str
    name: str
    line: int
    kwargs: dict[str, Any] = field(default_factory=dict)


def find_calls(chapter: Chapter, env: jinja2.Environment | None = None) -> list[Call]:
    """Every chapter function call, in source order; any other construct is a located error.

    ``env`` is accepted for callers that pass one; the whitelist does not depend on it.
    """
    key = (str(chapter.path), chapter.body_line, chapter.body)
    if key not in _CALLS:
        if len(_CALLS) > 512:
            _CALLS.clear()
        _CALLS[key] = _checked(chapter)[1]
    return list(_CALLS[key])


#: The calls of each chapter text already checked (a live preview reloads every chapter of every
#: edition and language on each save; only the edited one is parsed again). A render re-checks anyway.
_CALLS: dict[tuple[str, int, str], list[Call]] = {}


def _checked(chapter: Chapter) -> tuple[nodes.Template, list[Call]]:
    """The chapter's syntax tree and its calls, once the tree holds nothing but text and builder calls."""
    tree = _parse(chapter)
    problems = Problems()
    calls: list[Call] = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            shown = node.body[0] if isinstance(node, nodes.Scope) and node.body else node  # NOTE: {% autoescape %}
            _refuse(chapter, shown, f"{_STATEMENTS.get(type(shown), 'this {% ... %} tag')} cannot be used in a chapter",
                    problems)
            continue
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            call = _check_call(chapter, child, problems)
            if call is not None:
                calls.append(call)
    problems.raise_if_errors()
    return tree, calls


def _parse(chapter: Chapter) -> nodes.Template:
    try:
        return chapter_environment().parse(chapter.body)
    except jinja2.TemplateSyntaxError as exc:
        raise GtaError(Problem(display_path(chapter.path), chapter.body_line + (exc.lineno or 1) - 1,
                               f"template error: {exc.message}",
                               "check the {{ ... }} and {% ... %} tags on this line")) from None
    except RecursionError:
        raise GtaError(Problem(display_path(chapter.path), None, "template error: expressions nested too deeply",
                               _USAGE)) from None


def _check_call(chapter: Chapter, node: nodes.Node, problems: Problems) -> Call | None:
    """The call ``node`` is, when it is a builder call with literal arguments; else record why not."""
    if not isinstance(node, nodes.Call):
        what = _EXPRESSIONS.get(type(node), "this expression")
        if isinstance(node, nodes.Name):
            what = f"the name '{node.name}'"
        _refuse(chapter, node, f"{what} cannot be used in a chapter", problems)
        return None
    if not isinstance(node.node, nodes.Name):
        _refuse(chapter, node, f"{_EXPRESSIONS.get(type(node.node), 'this expression')} cannot be used in a chapter",
                problems)
        return None
    function = node.node.name
    if function not in CHAPTER_FUNCTIONS:
        _refuse(chapter, node, f"'{function}' is not a chapter function", problems,
                did_you_mean(function, CHAPTER_FUNCTIONS) or f"chapter functions: {', '.join(CHAPTER_FUNCTIONS)}")
        return None
    params = SIGNATURES[function]
    shown = f'{function}("...")' if params else f"{function}()"
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        _refuse(chapter, node, f"{shown}: * and ** arguments cannot be used in a chapter", problems)
        return None
    values: dict[str, Any] = {}
    for i, arg in enumerate(node.args):
        if i >= len(params):
            _refuse(chapter, node, f"{function}() takes {_count(params)}, got {len(node.args)}", problems)
            return None
        values[params[i]] = arg
    for keyword in node.kwargs:
        if keyword.key not in params[1:] or keyword.key in values:
            allowed = ", ".join(f"{k}=" for k in params[1:]) or "none"
            _refuse(chapter, node, f"{function}() has no argument '{keyword.key}='", problems,
                    f"its keyword arguments: {allowed}")
            return None
        values[keyword.key] = keyword.value
    for key, value in values.items():
        if not (isinstance(value, nodes.Const) and isinstance(value.value, str)):
            what = "the name" if key == "name" else f"{key}="
            _refuse(chapter, node, f"{shown}: {what} must be quoted text, such as \"{'id' if key == 'name' else 'words'}\"",
                    problems)
            return None
    style = values.get("style")
    if style is not None and style.value not in STYLES:
        _refuse(chapter, node, f"{function}(): unknown style '{style.value}'", problems,
                did_you_mean(style.value, STYLES) or f"styles: {', '.join(STYLES)}")
        return None
    name = values["name"].value if "name" in values else ""
    kwargs = {k: v.value for k, v in values.items() if k != "name"}
    return Call(function, name, _line(chapter, node), kwargs)


def _count(params: tuple[str, ...]) -> str:
    return "no arguments" if not params else f"at most {len(params)} argument{'s' if len(params) > 1 else ''}"


def _line(chapter: Chapter, node: nodes.Node) -> int:
    return chapter.body_line + (node.lineno or 1) - 1


def _refuse(chapter: Chapter, node: nodes.Node, message: str, problems: Problems, hint: str = "") -> None:
    problems.add(chapter.path, _line(chapter, node), message, hint or _USAGE)


@dataclass
class Names:
    """What a chapter may name, and what the edition's cut-off makes unavailable."""

    stats: set[str]
    unavailable: dict[str, Problem]
    charts: set[str]
    tables: set[str]
    references: set[str]  # reference and evidence ids a chapter may cite
    previous_stats: set[str]
    estimates: set[str] = field(default_factory=set)  # statistics with a confidence interval


def check_calls(chapter: Chapter, calls: list[Call], names: Names, problems: Problems) -> None:
    """Record a located problem for every unknown or unavailable name a chapter uses."""
    path = chapter.path
    kinds: dict[str, tuple[set[str], str]] = {
        "stat": (names.stats, "statistic"), "chart": (names.charts, "chart"), "figref": (names.charts, "chart"),
        "table": (names.tables, "table"), "tabref": (names.tables, "table"), "cite": (names.references, "reference"),
        "prev": (names.previous_stats, "statistic of the previous edition"),
    }
    for call in calls:
        if call.function in ("recommendations", "evidence"):
            continue
        if call.function == "compare":
            _check_compare(chapter, call, names, problems)
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


def _check_compare(chapter: Chapter, call: Call, names: Names, problems: Problems) -> None:
    """compare("a", "b") names two statistics that carry a confidence interval."""
    ids = [call.name, call.kwargs.get("second", "")]
    if not all(ids):
        problems.add(chapter.path, call.line, "compare() names two survey estimates",
                     'write compare("first_estimate", "second_estimate")')
        return
    for sid in ids:
        if sid not in names.stats:
            problems.add(chapter.path, call.line, f"unknown statistic '{sid}'",
                         did_you_mean(sid, names.stats) or "declare the statistic first")
        elif sid not in names.estimates:
            problems.add(chapter.path, call.line, f"statistic '{sid}' has no confidence interval to compare",
                         "compare() is for survey estimates (statistics with an 'estimate:' block)")


class Placeholders:
    """Opaque tokens that survive Markdown, swapped for trusted HTML at the end.

    A token is ``<prefix><n>X``, where the prefix carries a nonce derived from the chapter's text
    and chosen so that it occurs nowhere in that text, raw or with its character references decoded:
    prose that happens to look like a token ("GTAPH0001X") stays prose, at any number of calls.
    """

    def __init__(self) -> None:
        self.items: list[tuple[Any, bool, Call | None]] = []  # (what fills the token, block, the call)
        self.prefix = "GTAPH"
        self.call: Call | None = None  # the chapter call being rendered, for located errors

    def begin(self, text: str) -> None:
        """Choose a prefix that ``text`` (a chapter body) cannot contain."""
        plain = html.unescape(text)
        for attempt in range(1000):
            nonce = hashlib.sha256(f"{attempt}\0{text}".encode()).hexdigest()[:16]
            prefix = f"GTAPH{nonce}N"
            if prefix not in text and prefix not in plain:
                self.prefix = prefix
                return
        raise AssertionError("no placeholder prefix is free")  # NOTE: unreachable: a text holds few 22-letter words

    def add(self, item: Any, block: bool = False) -> str:
        """A token for ``item``: trusted HTML, or anything the caller later renders (the plan's placements)."""
        self.items.append((item, block, self.call))
        token = f"{self.prefix}{len(self.items) - 1}X"
        return f"\n\n{token}\n\n" if block else token

    def fill(self, text: str, chapter: Chapter | None = None, render: Callable[[Any], str] = str) -> str:
        """Swap every token in ``text`` (sanitised HTML) for ``render(item)``; a token out of place is a located error."""
        self.check(text, chapter)
        return fill_placeholders(text, self.prefix, [item for item, _, _ in self.items],
                                 [block for _, block, _ in self.items], render)

    def check(self, text: str, chapter: Chapter | None = None) -> str:
        """``text`` when every token is in it once, in the text; else a located error naming the call."""
        pattern = re.compile(rf"{re.escape(self.prefix)}(\d+)X")
        found = Counter(int(m.group(1)) for m in pattern.finditer(text))
        misplaced = _in_attributes(text, self.prefix)
        problems = Problems()
        path = chapter.path if chapter is not None else "chapter"
        for i, (_, _, call) in enumerate(self.items):
            if i in misplaced:
                problems.add(path, call.line if call else None, f"{_shown(call)} is inside a link address or an "
                             "HTML attribute", "place the call in the text, outside links and HTML tags")
            elif found[i] != 1:
                problems.add(path, call.line if call else None, f"{_shown(call)} is inside an HTML comment or "
                             "a tag the report removes", "place the call in the text, outside HTML comments and tags")
        if any(n > 1 or i >= len(self.items) for i, n in found.items()) or text.count(self.prefix) != found.total():
            problems.add(path, None, "the chapter's text collides with the builder's internal markers",
                         "report this as a bug in the builder, with the chapter attached")
        problems.raise_if_errors()
        return text


def fill_placeholders(text: str, prefix: str, items: list[Any], blocks: list[bool], render: Callable[[Any], str]) -> str:
    """Swap each token of ``text`` for ``render(item)``; a block replaces the paragraph around it."""
    pattern = re.compile(rf"(<p>)?{re.escape(prefix)}(\d+)X(</p>)?")

    def swap(m: re.Match[str]) -> str:
        i = int(m.group(2))
        content = render(items[i])
        if blocks[i]:
            return content
        return (m.group(1) or "") + content + (m.group(3) or "")
    return pattern.sub(swap, text)


def _shown(call: Call | None) -> str:
    if call is None:
        return "a builder call"
    return f'{call.function}("{call.name}")' if call.name else f"{call.function}()"


class _Attributes(HTMLParser):
    """Which tokens sit inside attribute values, where HTML cannot be put."""

    def __init__(self, prefix: str) -> None:
        super().__init__(convert_charrefs=True)
        self.pattern = re.compile(rf"{re.escape(prefix)}(\d+)X")
        self.found: set[int] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for _, value in attrs:
            self.found.update(int(m.group(1)) for m in self.pattern.finditer(value or ""))


def _in_attributes(text: str, prefix: str) -> set[int]:
    parser = _Attributes(prefix)
    parser.feed(text)
    parser.close()
    return parser.found


def render_chapter_html(chapter: Chapter, env: jinja2.Environment, functions: dict[str, Callable[..., str]],
                        placeholders: Placeholders, allowed_image: Callable[[str], bool]) -> str:
    """Chapter Markdown → safe HTML with placeholders filled (the functions return HTML)."""
    text = render_chapter_markdown(chapter, env, functions, placeholders, allowed_image)
    return placeholders.fill(text, chapter)


def render_chapter_markdown(chapter: Chapter, env: jinja2.Environment, functions: dict[str, Callable[..., str]],
                            placeholders: Placeholders, allowed_image: Callable[[str], bool]) -> str:
    """Chapter Markdown → safe HTML with one token per call, every token checked in place.

    The chapter is checked against the whitelist again (a render never trusts an earlier check)
    and rendered in ``env``, which must be the sandbox of :func:`chapter_environment`. Errors
    point at the chapter line.
    """
    if not isinstance(env, SandboxedEnvironment):
        raise TypeError("chapters render only in the sandbox of gta.chapters.chapter_environment()")
    tree, calls = _checked(chapter)
    placeholders.begin(chapter.body)
    template = env.from_string(tree)  # NOTE: compiled from the very tree just checked
    markdown = template.render(**_in_order(calls, functions, placeholders, chapter))
    raw_html = _markdown().render(markdown)
    _refuse_external(raw_html, chapter, allowed_image)
    safe = nh3.clean(raw_html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer", allowed_classes=BOX_CLASSES)
    return placeholders.check(safe, chapter)


def _in_order(calls: list[Call], functions: dict[str, Callable[..., str]], placeholders: Placeholders,
              chapter: Chapter) -> dict[str, Callable[..., str]]:
    """The chapter functions, each telling ``placeholders`` which call it serves, with located errors.

    The whitelisted syntax has no loops or conditions, so the template calls the functions exactly
    once each, in source order: the n-th call made is ``calls[n]``.
    """
    pending = iter(calls)

    def wrap(name: str, fn: Callable[..., str]) -> Callable[..., str]:
        def call(*args: Any, **kwargs: Any) -> str:
            current = next(pending, None)
            placeholders.call = current
            try:
                return fn(*args, **kwargs)
            except (ValueError, LookupError) as exc:
                reason = exc.args[0] if isinstance(exc, ValueError) and exc.args else f"'{args[0] if args else ''}' is unknown"
                raise GtaError(Problem(display_path(chapter.path), current.line if current else None,
                                       f"{_shown(current)} cannot be shown: {reason}",
                                       "choose another style, or another statistic")) from None
        return call

    return {name: wrap(name, fn) for name, fn in functions.items() if name in CHAPTER_FUNCTIONS}


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
