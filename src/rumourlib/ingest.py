"""Files to documents: walk the inputs, decode bytes, split multi-record files.

One job: turn whatever a scraper left in a folder into ``Document`` records (one
per article candidate) and ``Reject`` records (one per input that cannot be an
article, with a reason a person understands). Every file, and every record of a
multi-record file, ends up as exactly one of the two. Nothing here judges the
content beyond "is this text at all"; cleaning is ``clean``'s job.

Document keys follow the ``rumour tag`` contract: the path relative to the INPUT
folder it was found under (the file name for a file given directly), with ``/``
separators, and ``PATH#N`` for the N-th record (from 1) of a JSON Lines, CSV or
JSON-array file.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from charset_normalizer import from_bytes

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv", ".tsv"}

# Field names a scraper export may use, compared after lower-casing and dropping
# everything but letters and digits. First match wins.
TEXT_FIELDS = ("text", "body", "content", "articletext", "articlebody", "fulltext", "story", "article",
               "maintext", "description")
TITLE_FIELDS = ("title", "headline", "heading", "name")
DATE_FIELDS = ("published", "publishedat", "datepublished", "publicationdate", "pubdate", "date", "published_at",
               "created", "createdat", "timestamp", "time")
URL_FIELDS = ("url", "link", "canonical", "canonicalurl", "sourceurl", "href", "permalink")
OUTLET_FIELDS = ("outlet", "site", "sitename", "publisher", "source", "domain")
HTML_FIELDS = ("html", "rawhtml", "pagehtml")

# Magic numbers of binary formats people save with the wrong extension.
MAGIC = (
    (b"\xff\xd8\xff", "JPEG image data"),
    (b"\x89PNG\r\n\x1a\n", "PNG image data"),
    (b"GIF87a", "GIF image data"),
    (b"GIF89a", "GIF image data"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\x7fELF", "executable program"),
    (b"RIFF", "audio or video data"),
    (b"\x00\x00\x00\x18ftyp", "video data"),
    (b"\x00\x00\x00\x20ftyp", "video data"),
    (b"OggS", "audio data"),
    (b"ID3", "MP3 audio data"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "old Microsoft Office document"),
)


@dataclass
class Document:
    """One article candidate, decoded to text but not yet cleaned."""

    doc: str                 # key in every output table (see module docstring)
    path: str                # the file it came from, relative like ``doc``
    fmt: str                 # txt, html, jsonl, json, csv
    text: str                # the text, or the whole page for fmt == "html"
    encoding: str = ""       # how the bytes were decoded
    record: int = 0          # record number within a multi-record file, 0 for a whole file
    meta: dict = field(default_factory=dict)  # title, url, date, outlet fields given by a record

    @property
    def is_html(self) -> bool:
        return self.fmt == "html" or self.meta.get("html", False) is True


@dataclass
class Reject:
    """An input that could not be read as an article, and why."""

    doc: str
    reason: str


class NotText(Exception):
    """The bytes are not text in any encoding we read."""


# --------------------------------------------------------------------------- decoding

def _looks_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from the NUL pattern of mostly-ASCII text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.6 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    return None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text and name the encoding used.

    Order: a byte-order mark; UTF-16 recognised by its NULs; strict UTF-8; UTF-8
    with a few broken bytes (kept, each replaced by U+FFFD) when the rest is clearly
    UTF-8; Windows-1252, the usual single-byte encoding of scraped Western pages;
    charset-normalizer's guess; Latin-1, which decodes anything.
    Raises ``NotText`` for binary data.
    """
    kind = _binary_kind(data)
    if kind:
        raise NotText(f"binary content ({kind}), not text")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    utf16 = _looks_utf16(data) if b"\x00" in data[:4000] else None
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        # Stray NULs in otherwise good text are dropped; a file made mostly of
        # control bytes is binary.
        controls = sum(1 for b in data[:8000] if b < 9 or 13 < b < 32)
        if controls > 0.10 * min(len(data), 8000):
            raise NotText("binary content (mostly control bytes), not text")
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        bad = data.decode("utf-8", errors="replace").count("\ufffd")
        good = len(_UTF8_MULTIBYTE.findall(data))
        if good >= 3 * bad or (good and bad <= 3):
            return data.decode("utf-8", errors="replace"), "utf-8 (with invalid bytes replaced)"
    controls = sum(1 for b in data[:8000] if b < 9 or 13 < b < 32)
    if controls > 0.05 * min(len(data), 8000):
        raise NotText("binary content (not text in any known encoding), not text")
    try:
        text = data.decode("cp1252")
        return text, "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return data.decode("latin-1"), "latin-1"


# --------------------------------------------------------------------------- walking

def _rel(path: Path, root: Path | None) -> str:
    if root is None:
        return path.name
    return path.relative_to(root).as_posix()


def iter_files(inputs: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, str]]:
    """Yield (file path, document key) for every file under the inputs, in sorted order.

    Folders are walked recursively without following symbolic links to folders,
    so a link loop cannot trap the walk. Raises ``FileNotFoundError`` for an input
    that does not exist.
    """
    for item in inputs:
        root = Path(item)
        if not root.exists():
            raise FileNotFoundError(f"no such file or folder: {item}")
        if root.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                for name in filenames:
                    found.append(Path(dirpath) / name)
            for path in sorted(found, key=lambda p: p.relative_to(root).as_posix()):
                yield path, _rel(path, root)
        else:
            yield root, _rel(root, None)


def _norm_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def _pick(record: dict, candidates: tuple[str, ...]) -> str:
    keys = {_norm_key(k): k for k in record if k is not None}
    for cand in candidates:
        key = keys.get(_norm_key(cand))
        if key is not None:
            value = record[key]
            if isinstance(value, dict):  # e.g. {"publisher": {"name": ...}}
                value = value.get("name") or value.get("@id") or ""
            if value is None:
                continue
            value = str(value).strip()
            if value:
                return value
    return ""


_HTML_MARKUP = re.compile(r"<(p|div|br|article|span|h[1-6]|a|section|body|html)\b[^>]*>", re.I)


def record_to_document(record, key: str, path_key: str, fmt: str, number: int, encoding: str) -> Document | Reject:
    """Turn one record (a dict from JSON or CSV) into a Document, or a Reject with the reason."""
    where = f"record {number}"
    if not isinstance(record, dict):
        return Reject(key, f"{where} is a JSON {type(record).__name__}, not an object with a text field")
    html_text = _pick(record, HTML_FIELDS)
    text = _pick(record, TEXT_FIELDS) or html_text
    if not text:
        present = ", ".join(sorted(str(k) for k in record if k is not None)) or "none"
        return Reject(key, f"{where} has no article text (fields present: {present})")
    meta = {
        "title": _pick(record, TITLE_FIELDS),
        "url": _pick(record, URL_FIELDS),
        "date": _pick(record, DATE_FIELDS),
        "outlet": _pick(record, OUTLET_FIELDS),
    }
    if html_text and html_text == text or _HTML_MARKUP.search(text[:2000]):
        meta["html"] = True
    return Document(doc=key, path=path_key, fmt=fmt, text=text, encoding=encoding, record=number, meta=meta)


def _jsonl_documents(text: str, key: str, encoding: str) -> Iterator[Document | Reject]:
    number = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        number += 1
        doc_key = f"{key}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Reject(doc_key, f"malformed JSON on line {lineno} (record {number}): {err.msg}")
            continue
        yield record_to_document(record, doc_key, key, "jsonl", number, encoding)
    if number == 0:
        yield Reject(key, "JSON Lines file with no records")


_LIST_KEYS = ("articles", "items", "data", "records", "results", "documents", "docs", "posts", "entries")


def _json_documents(text: str, key: str, encoding: str) -> Iterator[Document | Reject]:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as err:
        # A .json file may really be JSON Lines.
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1 and lines[0].lstrip().startswith("{"):
            yield from _jsonl_documents(text, key, encoding)
            return
        yield Reject(key, f"malformed JSON at line {err.lineno}: {err.msg}")
        return
    if isinstance(payload, dict):
        for name in _LIST_KEYS:
            if isinstance(payload.get(name), list):
                payload = payload[name]
                break
    if isinstance(payload, dict):
        yield record_to_document(payload, key, key, "json", 0, encoding)
        return
    if not isinstance(payload, list):
        yield Reject(key, f"JSON file holds a {type(payload).__name__}, not articles")
        return
    if not payload:
        yield Reject(key, "JSON file with an empty list of records")
        return
    for number, record in enumerate(payload, start=1):
        yield record_to_document(record, f"{key}#{number}", key, "json", number, encoding)


def _csv_documents(text: str, key: str, encoding: str, delimiter: str) -> Iterator[Document | Reject]:
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Reject(key, "CSV file with no header row")
        return
    except csv.Error as err:
        yield Reject(key, f"unreadable CSV header: {err}")
        return
    header = [h.strip() for h in header]
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            number += 1
            yield Reject(f"{key}#{number}", f"record {number} is not valid CSV: {err}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        record = dict(zip(header, row))
        yield record_to_document(record, f"{key}#{number}", key, "csv", number, encoding)
    if number == 0:
        yield Reject(key, "CSV file with a header row but no records")


def read_file(path: Path, key: str) -> Iterator[Document | Reject]:
    """Read one file: yield its Document(s) and/or Reject(s)."""
    if path.is_symlink() and not path.exists():
        yield Reject(key, "broken symbolic link (it points at nothing)")
        return
    try:
        data = path.read_bytes()
    except PermissionError:
        yield Reject(key, "file is not readable (permission denied)")
        return
    except OSError as err:
        yield Reject(key, f"file could not be read ({err.strerror or err})")
        return
    if not data.strip():
        yield Reject(key, "empty file" if not data else "empty file (only whitespace)")
        return
    try:
        text, encoding = decode_bytes(data)
    except NotText as err:
        yield Reject(key, str(err))
        return
    if not text.strip():
        yield Reject(key, "empty file (no text after decoding)")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_documents(text, key, encoding)
    elif suffix in JSON_SUFFIXES:
        yield from _json_documents(text, key, encoding)
    elif suffix in CSV_SUFFIXES:
        yield from _csv_documents(text, key, encoding, "\t" if suffix == ".tsv" else ",")
    elif suffix in HTML_SUFFIXES or re.match(r"\s*(<!doctype html|<html)", text[:500], re.I):
        yield Document(doc=key, path=key, fmt="html", text=text, encoding=encoding)
    else:
        yield Document(doc=key, path=key, fmt="txt", text=text, encoding=encoding)


def iter_documents(inputs: Iterable[str | os.PathLike]) -> Iterator[Document | Reject]:
    """Yield a Document or Reject for everything under ``inputs``, in a stable order."""
    for path, key in iter_files(inputs):
        yield from read_file(path, key)
