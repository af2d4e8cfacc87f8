"""The prose a reader sees: Markdown and Jinja syntax masked out, split into sentences.

Masking replaces syntax with spaces (newlines kept) instead of deleting it, so every offset
and line number found in the masked text is also right in the original file. Everything inside
Jinja ``{{ ... }}`` / ``{% ... %}`` is masked: those are bound statistics and template calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bindings import BIND_PATTERN


@dataclass(frozen=True)
class Binding:
    """An explicit binding ``[typed text]{stat=id}``: the typed text's span and the statistic."""

    start: int
    end: int
    stat_id: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of prose: its span in the original text and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int
    has_bound: bool  # contains a masked Jinja expression (a bound statistic or template call)
    prefix: str = ""  # for a table cell: its row label and column header, read before the cell


@dataclass(frozen=True)
class Prose:
    """Original text, its masked twin (same length), sentences and explicit bindings."""

    original: str
    masked: str
    sentences: tuple[Sentence, ...]
    bindings: tuple[Binding, ...]
    jinja: tuple[tuple[int, int, str], ...]  # (start, end, expression) of every Jinja span

    def line_of(self, offset: int) -> int:
        return self.original.count("\n", 0, offset) + 1


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# Whole spans that carry no prose: code, comments, scripts, footnote markers, citations, URLs.
_WHOLE = [
    re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M),  # fenced code
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I),
    re.compile(r"<sup\b[^>]*>.*?</sup\s*>", re.S | re.I),  # superscript footnote numbers
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\[\^[^\]\s]+\]:?"),  # footnote markers and definitions' labels
    re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]"),  # bracket citations [12], [3, 4]
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # link targets ](url "title")
    re.compile(r"\]\[[^\]\n]*\]"),  # reference links ][ref]
    re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]+\S.*$", re.M),  # reference definitions
    re.compile(r"<[A-Za-z/!][^>\n]*>"),  # HTML tags
    re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+"),  # URLs and e-mail
    re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"),  # HTML entities
    re.compile(r"[®™©]"),  # "CyberTipline®" is the CyberTipline
    re.compile(r"\{[#.:][^{}\n]*\}"),  # attribute lists {#id .class}
    re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M),  # rules
    re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M),  # table rules
    re.compile(r"\*+|(?<!\w)_+|_+(?!\w)"),  # emphasis markers
    re.compile(r"^[ \t]*>+", re.M),  # blockquote markers
]
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]", re.M)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|[0-9]{1,3}[.)])[ \t]+", re.M)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)

# Words whose final period does not end a sentence.
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "fig", "figs", "no", "nos", "p", "pp", "c", "ca", "approx", "dr", "mr", "mrs", "ms",
    "st", "u.s", "u.k", "u.n", "inc", "ltd", "co", "cf", "al", "ed", "eds", "vol", "para", "art", "sec", "est",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mn", "bn", "n.b",
}
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9£$€])|[.!?]+[\"'”’)\]]*(?=\s*$)")


def read_prose(text: str, *, front_matter: bool = False) -> Prose:
    """Mask ``text`` and split it into sentences; ``front_matter`` skips a leading YAML block."""
    chars = list(text)
    jinja: list[tuple[int, int, str]] = []
    bindings: list[Binding] = []

    def mask(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    if front_matter and (m := _FRONT_MATTER.match(text)):
        mask(m.start(), m.end())
    for m in _JINJA.finditer(text):
        jinja.append((m.start(), m.end(), m.group(0)))
        mask(m.start(), m.end())
    for m in BIND_PATTERN.finditer(text):
        bindings.append(Binding(m.start("text"), m.end("text"), m.group("id")))
        mask(m.start(), m.start("text"))
        mask(m.end("text"), m.end())
    current = "".join(chars)
    for pattern in _WHOLE:
        for m in pattern.finditer(current):
            mask(m.start(), m.end())
        current = "".join(chars)
    block_starts: set[int] = set()
    for pattern in (_HEADING, _LIST_ITEM):
        for m in pattern.finditer(current):
            block_starts.add(m.start())
            mask(m.start(), m.end())
    # Table cells are separate statements, read with their row label and column header.
    prefixes = _table_prefixes(text)
    for i, ch in enumerate(current):
        if ch == "|":
            chars[i] = " "
            block_starts.add(i)
    masked = "".join(chars)
    # NOTE: for finding sentence ends only, a Jinja expression reads as a capitalised word, so
    # "… in 2023. {{ stat(...) }} reports …" still splits after "2023.".
    view = list(masked)
    for start, end, _ in jinja:
        for i in range(start, end):
            if view[i] != "\n":
                view[i] = "X"
    sentences = [_with_prefix(x, prefixes) for x in _sentences(text, masked, "".join(view), block_starts, jinja)]
    return Prose(text, masked, tuple(sentences), tuple(bindings), tuple(jinja))


def _sentences(original: str, masked: str, view: str, block_starts: set[int],
               jinja: list[tuple[int, int, str]]) -> list[Sentence]:
    """Split into blocks (blank lines, headings, list items, table cells), then sentences."""
    cuts = {0, len(masked)} | block_starts
    for m in re.finditer(r"\n[ \t]*\n", masked):
        cuts.add(m.start())
    heading_lines = {m.start() for m in _HEADING.finditer(original)}
    for start in heading_lines:  # a heading ends at its line end
        end = original.find("\n", start)
        cuts.add(len(original) if end < 0 else end)
    edges = sorted(cuts)
    result: list[Sentence] = []
    paragraph = 0
    for a, b in zip(edges, edges[1:], strict=False):
        block = view[a:b]
        if not masked[a:b].strip():
            continue
        paragraph += 1
        pos = a
        for m in _SENTENCE_END.finditer(block):
            end = a + m.end()
            if _is_abbreviation(masked, a + m.start()):
                continue
            _add(result, masked, pos, end, paragraph, jinja)
            pos = end
        _add(result, masked, pos, b, paragraph, jinja)
    return result


_TABLE = re.compile(r"^[ \t]*\|?.*\|.*\n[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*\n"
                    r"(?:[ \t]*\|?.*\|.*(?:\n|$))*", re.M)


def _table_prefixes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, prefix) for each data cell of each Markdown table: "2023 Reports" for a cell."""
    out = []
    for table in _TABLE.finditer(text):
        lines = table.group(0).split("\n")
        header = [c.strip() for c in _cells(lines[0])]
        pos = table.start() + len(lines[0]) + 1 + len(lines[1]) + 1
        for line in lines[2:]:
            cells = _cell_spans(line)
            if cells:
                label = line[cells[0][0]:cells[0][1]].strip()
                for j, (a, b) in enumerate(cells[1:], start=1):
                    head = header[j] if j < len(header) else ""
                    out.append((pos + a, pos + b, f"{label} {head} "))
            pos += len(line) + 1
    return out


def _cells(line: str) -> list[str]:
    return [line[a:b] for a, b in _cell_spans(line)]


def _cell_spans(line: str) -> list[tuple[int, int]]:
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    if not bars:
        return []
    edges = ([-1] if line.strip()[:1] != "|" else []) + bars + ([len(line)] if line.strip()[-1:] != "|" else [])
    return [(a + 1, b) for a, b in zip(edges, edges[1:], strict=False) if line[a + 1:b].strip()]


def _with_prefix(sentence: Sentence, prefixes: list[tuple[int, int, str]]) -> Sentence:
    for a, b, prefix in prefixes:
        if a <= sentence.start < b:
            return Sentence(sentence.start, sentence.end, sentence.paragraph, sentence.has_bound, prefix)
    return sentence


def _is_abbreviation(masked: str, dot: int) -> bool:
    if masked[dot] != ".":
        return False
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", masked[max(0, dot - 12):dot])
    if not m:
        return False
    word = m.group(1)
    return word.lower().rstrip(".") in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _add(result: list[Sentence], masked: str, start: int, end: int, paragraph: int,
         jinja: list[tuple[int, int, str]]) -> None:
    bound = any(start <= js < end for js, _, _ in jinja)
    while start < end and masked[start].isspace():
        start += 1
    while end > start and masked[end - 1].isspace():
        end -= 1
    if start < end:
        result.append(Sentence(start, end, paragraph, bound))


def sentence_text(prose: Prose, sentence: Sentence) -> str:
    """The sentence as written, on one line (same length as its span, so offsets still hold)."""
    return re.sub(r"[\n\t]", " ", prose.original[sentence.start:sentence.end])
