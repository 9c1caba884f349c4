"""Ingest: read reports from text, HTML, JSON Lines, RSS/Atom, folders and stdin into `Document`s (#2).

Every input yields either a Document or an `InputError` with a one-line reason; nothing stops the batch.
A folder's `index.jsonl` whose lines carry a `file` key (and no `text`) gives metadata for those files.

>>> items = list(read_inputs(["samples/"]))   # doctest: +SKIP
>>> items[0].source                           # doctest: +SKIP
"""

from __future__ import annotations

import codecs
import email.utils
import json
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import dateparser

from contested.errors import (
    BinaryInput,
    EmptyInput,
    EncodingError,
    InputError,
    InputTooLarge,
    MalformedRecord,
    MissingPath,
    NotAFile,
    NoTextFound,
)
from contested.model import INVISIBLE, Document

MAX_BYTES = 10 * 1024 * 1024
MIN_WORDS = 5
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
KNOWN = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES


@dataclass(frozen=True)
class Meta:
    """Metadata given on the command line; a field in the input wins over it."""

    source: str | None = None
    published: date | None = None
    url: str | None = None
    title: str | None = None
    language: str = "en"


@dataclass
class Failure:
    origin: str
    error: InputError


_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b")
FUTURE_DAYS = 2  # a report dated further ahead of the clock than time zones explain is a wrong date


def parse_date(value: Any, today: date | None = None) -> date | None:
    """A publication date read strictly: ISO 8601 ("2025-01-10", "2025-01-10T08:00:00Z"), RFC 822/1123 as feeds
    write it ("Fri, 10 Jan 2025 08:00:00 GMT"), or a written-out date with its month and year ("10 January 2025").

    Ambiguous or impossible values ("12/01/2025", "1", "9999-12-31T99:99", "yesterday") and dates far in the
    future raise ValueError naming the value.
    """
    if value in (None, ""):
        return None
    if isinstance(value, date):
        day = value if not isinstance(value, datetime) else value.date()
    else:
        day = _strict_date(str(value).strip())
    if day > (today or date.today()) + timedelta(days=FUTURE_DAYS):
        raise ValueError(f"the date {value!s} is in the future")
    return day


def _strict_date(text: str) -> date:
    try:
        return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    if _MONTH.search(text) and _YEAR.search(text):  # the month in words: no day-month order to guess
        parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
        if parsed is not None:
            return parsed.date()
    raise ValueError(f"cannot read the date {text!r}: use YYYY-MM-DD (ISO 8601), an RFC 822 date, or the month in "
                     "words with its year")


def decode(data: bytes, origin: str, max_bytes: int = MAX_BYTES) -> str:
    """Bytes to text, or the one-line reason they are not a usable report."""
    if len(data) > max_bytes:
        raise InputTooLarge(f"{origin}: {len(data):,} bytes is over the {max_bytes:,}-byte limit (--max-bytes)")
    if not data.strip():
        raise EmptyInput(f"{origin}: empty")
    encoding = _bom_encoding(data)
    if encoding is None and b"\x00" in data[:8192]:
        raise BinaryInput(f"{origin}: binary data, not text")
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        name = "UTF-8" if encoding is None else encoding.upper().removesuffix("-SIG")
        raise EncodingError(f"{origin}: not valid {name} (byte {exc.start}: {data[exc.start:exc.start + 1]!r})"
                            ) from exc
    if not text.strip():
        raise EmptyInput(f"{origin}: empty")
    return text


# UTF-32 first: its little-endian BOM begins with UTF-16's
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _bom_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 when the bytes open with its byte-order mark (their NUL bytes are not binary data)."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def clean_text(text: str) -> str:
    """Text without zero-width and direction-control characters.

    >>> clean_text("Pokr\u200bovsk")
    'Pokrovsk'
    """
    return INVISIBLE.sub("", text)


# What a reader of the page never sees: script fallbacks, hidden elements and templates
_HIDDEN = ("//noscript | //template | //*[@hidden] | //*[@aria-hidden='true'] | "
           "//*[contains(translate(@style, ' ', ''), 'display:none')] | "
           "//*[contains(translate(@style, ' ', ''), 'visibility:hidden')]")


def _visible_html(html: str) -> str:
    """The page without the parts a reader does not see (trafilatura keeps some of them)."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for element in tree.xpath(_HIDDEN):
        if element.getparent() is not None:
            element.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode")


def html_to_text(html: str, origin: str) -> tuple[str, str | None]:
    """Main text and title of an HTML page, by trafilatura."""
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    html = _visible_html(html)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text or len(text.split()) < MIN_WORDS:  # a menu or a cookie banner is not a report
        raise NoTextFound(f"{origin}: no article text found in the HTML")
    return text, (meta.title if meta else None)


def _document(text: str, meta: Meta, origin: str, fields: dict[str, Any] | None = None) -> Document:
    fields = fields or {}
    try:
        published = parse_date(fields.get("published")) or meta.published
    except ValueError as exc:
        raise MalformedRecord(f"{origin}: {exc}") from exc
    title = fields.get("title") or meta.title
    return Document(
        text=clean_text(text),
        source=fields.get("source") or meta.source,
        published=published,
        url=fields.get("url") or meta.url,
        title=clean_text(title) if title else None,
        language=fields.get("language") or meta.language,
        origin=origin,
        ref=str(fields["id"]) if isinstance(fields.get("id"), str | int) else None,
    )


def read_text(text: str, meta: Meta, origin: str = "pasted report") -> Document | Failure:
    """A report given as text (pasted into the desk), checked as a file's text is: empty is E101."""
    if not clean_text(text).strip():
        return Failure(origin, EmptyInput(f"{origin}: empty"))
    try:
        return _document(text, meta, origin)
    except InputError as exc:
        return Failure(origin, exc)


_STRING_FIELDS = ("text", "title", "source", "url", "language", "published", "id")


def _record_problem(record: dict[str, Any]) -> str | None:
    """What makes a JSON Lines record unusable, checked at the boundary: a field of the wrong type, or text that
    cannot be stored (a lone surrogate such as "\\ud800")."""
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str) and not (name == "id" and isinstance(value, int)):
            return f"`{name}` must be a string, not {type(value).__name__}"
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"`{name}` holds a lone surrogate (an invalid \\u escape), so it cannot be stored"
    return None


def _read_jsonl(text: str, origin: str, meta: Meta) -> Iterator[Document | Failure]:
    for n, line in enumerate(text.splitlines(), start=1):
        where = f"{origin}:{n}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, MalformedRecord(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            yield Failure(where, MalformedRecord(f"{where}: a record needs a non-empty string `text`"))
            continue
        problem = _record_problem(record)
        if problem:
            yield Failure(where, MalformedRecord(f"{where}: {problem}"))
            continue
        try:
            yield _document(record["text"], meta, where, record)
        except InputError as exc:
            yield Failure(where, exc)


def _read_feed(data: bytes, origin: str, meta: Meta) -> Iterator[Document | Failure]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        yield Failure(origin, NoTextFound(f"{origin}: no feed entries (RSS/Atom) found"))
        return
    source = meta.source or feed.feed.get("title")
    for n, entry in enumerate(feed.entries, start=1):
        where = f"{origin}#{n}"
        content = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary")
        if not content:
            yield Failure(where, NoTextFound(f"{where}: entry has no text"))
            continue
        try:
            text = html_to_text(content, where)[0] if "<" in content else content
        except NoTextFound:
            text = content
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        fields = {"source": source, "url": entry.get("link"), "title": entry.get("title"),
                  "published": date(*published[:3]) if published else None}
        yield _document(text, meta, where, fields)


def _sidecar(folder: Path) -> dict[str, dict[str, Any]]:
    """`index.jsonl` beside the reports: per-file source, published, url (as in the sample corpus)."""
    index = folder / "index.jsonl"
    out: dict[str, dict[str, Any]] = {}
    if not index.is_file():
        return out
    for line in index.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("file"), str) and "text" not in record:
            out[record["file"]] = record
    return out


def read_path(path: Path, meta: Meta, max_bytes: int = MAX_BYTES,
              fields: dict[str, Any] | None = None) -> Iterator[Document | Failure]:
    """Documents (or failures) from one file, by its suffix."""
    origin = str(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise NotAFile(f"{origin}: not a regular file (a FIFO, device or socket): skipped")
        size = st.st_size
        if size > max_bytes:
            raise InputTooLarge(f"{origin}: {size:,} bytes is over the {max_bytes:,}-byte limit (--max-bytes)")
        data = path.read_bytes()
        suffix = path.suffix.lower()
        if suffix in FEED_SUFFIXES:
            decode(data, origin, max_bytes)
            yield from _read_feed(data, origin, meta)
            return
        text = decode(data, origin, max_bytes)
        problem = _record_problem(fields) if fields else None
        if problem:  # the folder's index.jsonl entry for this file
            raise MalformedRecord(f"{origin}: index.jsonl entry: {problem}")
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(text, origin, meta)
        elif suffix in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
            body, title = html_to_text(text, origin)
            yield _document(body, replace(meta, title=meta.title or title), origin, fields)
        else:
            yield _document(text, meta, origin, fields)
    except InputError as exc:
        yield Failure(origin, exc)
    except OSError as exc:
        yield Failure(origin, MissingPath(f"{origin}: cannot read ({exc.strerror})"))


def read_inputs(paths: Iterable[str], meta: Meta | None = None, max_bytes: int = MAX_BYTES
                ) -> Iterator[Document | Failure]:
    """Documents from files, folders (recursively, in name order) and `-` (stdin)."""
    meta = meta or Meta()
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)  # bounded: the limit is checked before all is read
            try:
                text = decode(data, "<stdin>", max_bytes)
            except InputError as exc:
                yield Failure("<stdin>", exc)
                continue
            if text.lstrip().startswith("{"):
                yield from _read_jsonl(text, "<stdin>", meta)
            else:
                yield _document(text, meta, "<stdin>")
            continue
        path = Path(raw)
        if path.is_dir():
            sidecars: dict[Path, dict[str, dict[str, Any]]] = {}  # one read of each folder's index.jsonl
            root = path.resolve()
            for file in sorted(p for p in path.rglob("*") if not p.is_dir()):
                side = sidecars.setdefault(file.parent, _sidecar(file.parent))
                if file.suffix.lower() not in KNOWN or file.name == "index.jsonl" and side:
                    continue
                if file.is_symlink() and not file.resolve().is_relative_to(root):
                    yield Failure(str(file), NotAFile(f"{file}: a link that leads out of {path}: skipped"))
                    continue
                yield from read_path(file, meta, max_bytes, side.get(file.name))
        elif path.exists():
            yield from read_path(path, meta, max_bytes, _sidecar(path.parent).get(path.name))
        else:
            yield Failure(raw, MissingPath(f"{raw}: no such file or folder"))
