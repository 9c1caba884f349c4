"""What the parser reads: Markdown markup and citation markers blanked, every offset kept (#7).

Reports arrive as Markdown or as text with endnote markers ("...on January 13 and 14.[50]"). The parser
must not see them (a sentence ending in "]" does not end like a sentence, "**Click**" is not a word), yet
every offset must still point into the original document. So markup is replaced by spaces of the same
length: the prepared text has the document's length and its words at the same offsets.

Block structure comes from a real Markdown parser (markdown-it-py): headings, tables, code, rules, HTML
blocks and paragraphs with no plain text outside emphasis, links and images ("**Russian Main Effort**",
"[![](map.png)](url)") are marked as not prose.

>>> prepare("**Russians advanced.** They took [Terny](https://x.org).[62]").text
'  Russians advanced.   They took  Terny                .    '
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Each pattern's named group "m" (or the whole match) is blanked; order matters: images before links.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"(?P<open>\[)(?P<label>[^\[\]\n]*)(?P<close>\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\))")
_CITATION = re.compile(r"\[\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\]")
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+(?=\S)|(?<=\S)_+(?!\w)")
_LINE_MARKERS = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]+|>+[ \t]?|(?:[-+*]|\d{1,3}[.)])[ \t]+)", re.MULTILINE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!|])")
_NON_PROSE_BLOCKS = {"heading_open", "table_open", "fence", "code_block", "html_block", "hr"}


@dataclass(frozen=True)
class Prepared:
    """The text the parser reads (same length as the document) and the stretches that are not prose."""

    text: str
    non_prose: tuple[tuple[int, int], ...] = ()
    asides: tuple[tuple[int, int], ...] = ()  # parentheses blanked for the parser, read apart (see mask_asides)

    def is_non_prose(self, start: int, end: int) -> bool:
        """Does the stretch [start, end), blank space aside, overlap a heading, image line or other non-prose block?"""
        stretch = self.text[start:end]
        if not stretch.strip():
            return True  # nothing left to read
        start += len(stretch) - len(stretch.lstrip())
        end -= len(stretch) - len(stretch.rstrip())
        starts, reach = self._index
        k = bisect_left(starts, end)  # the ranges that start before the stretch ends ...
        return k > 0 and reach[k - 1] > start  # ... and one of them still runs when it starts

    @cached_property
    def _index(self) -> tuple[list[int], list[int]]:
        """Range starts and the furthest end so far: an overlap test in log time, so cost stays linear."""
        starts, reach, furthest = [], [], -1
        for s, e in self.non_prose:  # sorted by start
            furthest = max(furthest, e)
            starts.append(s)
            reach.append(furthest)
        return starts, reach


_PARENTHESIS = re.compile(r"\(([^()\n]{1,240})\)")


def mask_asides(prepared: Prepared, is_aside: Callable[[str], bool]) -> Prepared:
    """Blank the parentheses that `is_aside` calls asides, so the parser reads the sentence around them.

    A small parser loses the thread of "Russian forces, including elements of the 144th Division (20th
    Combined Arms Army [CAA], Moscow Military District [MMD]), seized Terny (northeast of Lyman)"; without
    the asides it reads "Russian forces ... seized Terny". The asides are kept by offset for the locator rules.

    >>> mask_asides(Prepared("They took Terny (northeast of Lyman)."), lambda s: "of" in s).text
    'They took Terny                     .'
    """
    chars = list(prepared.text)
    asides = []
    for m in _PARENTHESIS.finditer(prepared.text):
        if is_aside(m.group(1)):
            _blank(chars, m.start(), m.end())
            asides.append((m.start(), m.end()))
    return replace(prepared, text="".join(chars), asides=tuple(asides))


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _only_decorated(inline: Token) -> bool:
    """An inline run whose words all sit inside emphasis, links or images: a heading, caption or menu."""
    depth = 0
    seen_text = False
    for child in inline.children or []:
        if child.type.endswith("_open"):
            depth += 1
        elif child.type.endswith("_close"):
            depth -= 1
        elif child.type == "image":
            continue
        elif child.type in ("text", "code_inline") and child.content.strip():
            if depth == 0:
                return False
            seen_text = True
    return seen_text or not any(c.type == "text" and c.content.strip() for c in inline.children or [])


_URL = re.compile(r"\S*(?:://|\.\w{2,10}/|\sdot\s\w{2,10}/)\S*")


def _references(inline: Token) -> bool:
    """A paragraph that is mostly addresses: an endnote ("[11] https://t.me/...; https://...")."""
    content = inline.content
    addresses = sum(len(m.group(0)) for m in _URL.finditer(content))
    return addresses > 0.5 * len(content.replace(" ", ""))


def _title_item(tokens: list[Token], i: int) -> bool:
    """A list item with no sentence in it: a table of contents, a menu ("* Russian Air Campaign")."""
    inline = tokens[i + 1] if i + 1 < len(tokens) else None
    return (i > 0 and tokens[i - 1].type == "list_item_open" and inline is not None
            and not inline.content.rstrip(" *_)]”\"'’").endswith((".", "!", "?")))


def _non_prose_blocks(text: str) -> list[tuple[int, int]]:
    """Character ranges of the blocks that are not running prose, from the Markdown block structure."""
    starts = _line_starts(text)
    starts.append(len(text))
    tokens = _markdown().parse(text)
    ranges: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        if tok.map is None:
            continue
        first, last = tok.map
        span = (starts[first], starts[min(last, len(starts) - 1)])
        paragraph = tok.type == "paragraph_open" and i + 1 < len(tokens)
        aside = paragraph and (_only_decorated(tokens[i + 1]) or _references(tokens[i + 1]) or _title_item(tokens, i))
        if tok.type in _NON_PROSE_BLOCKS or aside:
            ranges.append(span)
    return ranges


def prepare(text: str) -> Prepared:
    """Blank Markdown markup and citation markers with spaces; mark the blocks that are not prose.

    >>> prepare("Russian forces attacked near Terny.[64][65]").text
    'Russian forces attacked near Terny.        '
    """
    chars = list(text)
    non_prose: list[tuple[int, int]] = []
    front = _FRONT_MATTER.match(text)
    if front:
        _blank(chars, 0, front.end())
        non_prose.append((0, front.end()))
    for pattern in (_IMAGE, _CITATION, _HTML_TAG):
        for m in pattern.finditer("".join(chars)):
            _blank(chars, m.start(), m.end())
    current = "".join(chars)
    while True:  # links may nest once an image inside them is blanked: "[![](map.png)](url)"
        found = list(_LINK.finditer(current))
        if not found:
            break
        for m in found:
            _blank(chars, m.start("open"), m.end("open"))
            _blank(chars, m.start("close"), m.end("close"))
        current = "".join(chars)
    for pattern in (_EMPHASIS, _LINE_MARKERS, _ESCAPE):
        for m in pattern.finditer(current):
            _blank(chars, m.start(), m.end())
        current = "".join(chars)
    if any(c in text for c in "#*[|`<-=") or front:
        non_prose.extend(_non_prose_blocks(text))
    return Prepared(current, tuple(sorted(non_prose)))
