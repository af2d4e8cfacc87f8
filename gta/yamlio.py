"""Safe YAML and text reading that remembers where every value came from.

``yaml.safe_load`` forgets line numbers and silently keeps the last of two duplicate keys;
both would make errors unlocatable or hide mistakes. This loader returns ordinary dicts and
lists (subclasses carrying ``line`` and per-key ``lines``) and rejects duplicate keys.

Source files come from many hands, so text is read as written on any system (a byte-order
mark and Windows line ends are accepted) and YAML aliases may not expand a small file into a
huge document (a "billion laughs" spec would otherwise make the build allocate gigabytes).
"""

from __future__ import annotations

import copy
import stat
from pathlib import Path
from typing import Any

import yaml

from .errors import GtaError, Problem, display_path


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict[Any, int]


class LineList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    lines: list[int]


#: The most values a document may hold once its aliases are expanded (the largest shipped file has ~2,500).
MAX_EXPANDED_VALUES = 100_000


class _Loader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) that records marks, refuses duplicate keys and bounds aliases."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            self._aliases.append(self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def compose_document(self) -> yaml.Node:
        self._aliases: list[yaml.Mark] = []
        node = super().compose_document()
        if self._aliases:
            _check_expansion(node, self._aliases[0])
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # NOTE: SafeLoader's constructors for explicit tags ("!!int abc", "!!int", "!!timestamp x", "!!bool maybe")
        # raise ValueError, IndexError, KeyError or AttributeError; report them as located YAML errors instead.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            shown = f" {node.value!r}" if isinstance(node, yaml.ScalarNode) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read{shown} as {node.tag.rsplit(':', 1)[-1]}", node.start_mark
            ) from None


def _check_expansion(root: yaml.Node, first_alias: yaml.Mark) -> None:
    """Refuse a document whose aliases expand it beyond :data:`MAX_EXPANDED_VALUES` values, or into itself.

    Aliases share one node, so the composed graph stays small while anything that walks it as a
    tree (validation, hashing, serialising unknown keys) would visit every expanded copy.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise yaml.composer.ComposerError(None, None, "an alias refers to the collection that contains it",
                                              first_alias)
        open_nodes.add(key)
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(child) for child in node.value)
        else:
            total = 1
        open_nodes.discard(key)
        if total > MAX_EXPANDED_VALUES:
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*name) expand this document to more than {MAX_EXPANDED_VALUES:,} values",
                first_alias)
        sizes[key] = total
        return total

    size(root)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    # NOTE: keys brought in by a merge key ("<<: *anchor") may be overridden by the mapping's own
    # keys, as YAML intends; only a key written twice in the mapping itself is a duplicate.
    own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    merged = len(node.value) - own  # flatten_mapping puts the merged pairs first
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    own_keys: set[Any] = set()
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value, not a list or mapping", key_node.start_mark
            ) from None
        if i >= merged:
            if key in own_keys:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first on line {result.lines[key]})", key_node.start_mark
                )
            own_keys.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# NOTE: dates stay strings: editions and references are compared and shown as written.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path) -> str:
    """Read a UTF-8 text file as lines ending in "\\n", whatever the editor that saved it.

    A byte-order mark (Windows Notepad, Excel) is dropped and Windows ("\\r\\n") or old Mac
    ("\\r") line ends become "\\n", so front matter, CSV headers and line numbers read the same
    on every system. Other encodings are refused with the line of the first bad byte.
    """
    try:
        kind = path.stat().st_mode
        if stat.S_ISDIR(kind):
            raise GtaError(Problem(display_path(path), None, "expected a file, found a folder",
                                   "move the folder away, or replace it with the file"))
        if not stat.S_ISREG(kind):  # NOTE: reading a named pipe would wait forever
            raise GtaError(Problem(display_path(path), None, "expected a file, found a pipe, socket or device",
                                   "replace it with an ordinary file"))
        data = path.read_bytes()
    except OSError as exc:
        raise GtaError(Problem(display_path(path), None, f"cannot read the file: {exc.strerror or exc}",
                               "check that the file exists and that you may read it")) from None
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GtaError(Problem(display_path(path), line, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                               "re-save the file with UTF-8 encoding")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


_CACHE: dict[tuple[str, str], tuple[Any, Any]] = {}


def load_yaml(path: Path, *, allow_empty: bool = False) -> Any:
    """Load one YAML document safely, with line numbers, or raise a located :class:`GtaError`.

    A long-lived process (``gta serve``) loads the same files again and again; parsing is the
    slowest part of a rebuild, so parsed documents are kept per file content and a copy returned.
    """
    text = read_text(path)
    key = (str(path), text)
    hit = _CACHE.get(key[0])
    if hit is not None and hit[0] == text:
        return copy.deepcopy(hit[1])
    data = parse_yaml(text, path, allow_empty=allow_empty)
    _CACHE[key[0]] = (text, data)
    return copy.deepcopy(data)


def parse_yaml(text: str, path: Path | str, *, allow_empty: bool = False) -> Any:
    """Parse YAML text already read from ``path`` (used for chapter front matter too)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"invalid YAML: {exc.problem}" if exc.problem else "invalid YAML"
        context = exc.context_mark if exc.context else None
        if context and mark and context.line != mark.line:
            if exc.context == "while scanning a simple key":
                mark = context  # "key value" without a colon: the key's line, not the next one
            else:  # e.g. a '{' never closed: say where it opened
                message += f" ({exc.context} that starts on line {context.line + 1})"
        line = mark.line + 1 if mark else None
        if "duplicate key" in str(exc.problem):
            hint = "keys must be unique within a mapping"
        elif "alias" in str(exc.problem):
            hint = "write the values out instead of repeating them through nested aliases"
        else:
            hint = "check indentation, colons and quotes around this line"
        raise GtaError(Problem(display_path(path), line, message, hint)) from None
    except yaml.YAMLError as exc:
        raise GtaError(Problem(display_path(path), None, f"invalid YAML: {exc}", "check the file's syntax")) from None
    except RecursionError:
        raise GtaError(Problem(display_path(path), None, "invalid YAML: nested too deeply",
                               "flatten the structure; source files need only a few levels")) from None
    if data is None and not allow_empty:
        raise GtaError(Problem(display_path(path), 1, "file is empty", "add content or delete the file"))
    return data


def line_of(node: Any, *loc: Any) -> int | None:
    """The line of the value at ``loc`` (keys and indices) inside a loaded document, best effort."""
    line = getattr(node, "line", None)
    for key in loc:
        if isinstance(node, LineDict) and key in node:
            line = node.lines.get(key, line)
            node = node[key]
        elif isinstance(node, LineList) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lines[key]
            node = node[key]
        else:
            break
        line = getattr(node, "line", None) or line
    return line
