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

Hostile folders are expected. Only regular files are read: a named pipe, a device
or a link to a folder is a reject, and a symbolic link is followed only to a file
inside the folder it was found under (a link to ``/etc/passwd`` or ``/dev/zero``
is a reject, never read). A single-article file larger than any article can be is
rejected without being read; JSON Lines, JSON and CSV files of any size are read
record by record, so memory holds one record at a time, and a malformed record is
a reject of its own while the good records around it are kept. A file name that is
not valid UTF-8 is shown with ``\\xNN`` escapes in its document key.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
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

# Four bytes a character (UTF-32) times clean.MAX_DOCUMENT_CHARS, plus a margin: a
# single-article file larger than this is too large to be one article in any
# encoding, so it is rejected without being read.
MAX_ARTICLE_FILE_BYTES = 8_000_064
# One record (a JSON line, an element of a JSON array, a CSV field) longer than this
# is not an article either; it is skipped without being kept in memory.
MAX_RECORD_CHARS = 16_000_000
# Multi-record files up to this size are decoded in memory in one go; larger ones are
# decoded and parsed as a stream.
IN_MEMORY_BYTES = 8 * 1024 * 1024
_CHUNK = 1 << 20

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


class MissingInput(FileNotFoundError):
    """An INPUT named on the command line does not exist."""


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
                # A file cut off in the middle of a character, or a few broken units:
                # keep the text when the damage is small.
                text = data.decode(enc, errors="replace")
                if text.count("\ufffd") <= max(3, len(text) // 1000):
                    return text, f"{enc} (with invalid bytes replaced)"
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




def _codec(encoding: str) -> str:
    """The Python codec behind an encoding label from ``decode_bytes``."""
    return encoding.split(" (", 1)[0]


def sniff_encoding(head: bytes) -> str:
    """The encoding label of a large file, judged from its first bytes.

    Same rules as ``decode_bytes``; the head is cut after its last line break so
    that a character split by the cut does not count as a broken byte. Raises
    ``NotText`` for binary data.
    """
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom) and not _binary_kind(head):
            return enc
    utf16 = _looks_utf16(head) if b"\x00" in head[:4000] else None
    if utf16:
        return utf16
    cut = head.rfind(b"\n", len(head) // 2)
    return decode_bytes(head[:cut + 1] if cut > 0 else head)[1]


# --------------------------------------------------------------------------- walking

def display_name(name: str) -> str:
    """A file name as text that any table can hold: bytes that are not UTF-8 become ``\\xNN``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def _walk(root: Path) -> list[tuple[str, str]]:
    """Everything under ``root`` that is not a folder, plus links to folders and folders that
    cannot be listed (each becomes a reject), as (path, path relative to ``root`` with ``/``
    between names; "." for ``root`` itself). Iterative, so no depth of nesting can overflow
    the stack (os.walk recurses in Python 3.11), and links to folders are never entered.
    Relative paths are joined as strings: making and relating Path objects took a second
    of every run over 80,000 files."""
    found: list[tuple[str, str]] = []
    stack = [(str(root), "")]
    while stack:
        folder, relative = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            found.append((folder, relative or "."))
            continue
        prefix = relative + "/" if relative else ""
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            (stack if is_dir else found).append((entry.path, prefix + entry.name))
    return found


def iter_files(inputs: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, str]]:
    """Yield (file path, document key) for every file under the inputs, in sorted order.

    Folders are walked recursively without following symbolic links to folders,
    so a link loop cannot trap the walk; such a link, and a folder that cannot be
    listed, are yielded too, so that ``read_file`` reports them as rejects. Raises
    ``MissingInput`` (a ``FileNotFoundError``) for an input that does not exist.
    """
    for item in inputs:
        root = Path(item)
        try:
            if not root.exists():
                raise MissingInput(f"no such file or folder: {item}")
            is_dir = root.is_dir()
        except PermissionError:
            raise MissingInput(f"cannot read {item}: permission denied") from None
        if is_dir:
            for path, relative in sorted(_walk(root), key=lambda found: found[1]):
                if relative == ".":   # the folder itself, which could not be listed
                    yield root, display_name(root.name or str(root))
                else:
                    yield Path(path), display_name(relative)
        else:
            yield root, display_name(root.name)


def regular_file_bytes(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is (or links to) a regular file, else None; never blocks on a
    named pipe or reads a device. For code that hashes or caches input files by content."""
    found = regular_file(path)
    return None if found is None else found[0]


def regular_file(path: Path) -> tuple[bytes, os.stat_result] | None:
    """``regular_file_bytes`` with the file's status as it was when it was opened."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        return None
    with open(fd, "rb") as fh:
        try:
            return fh.read(), status
        except OSError:
            return None


def update_digest(digest, path: Path) -> None:
    """Feed a file's bytes to a hash (for fingerprints), reading only regular files, in chunks."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:
        digest.update(b"<unreadable>")
        return
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        digest.update(b"<not a regular file>")
        return
    with open(fd, "rb") as fh:
        try:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                digest.update(chunk)
        except OSError:
            digest.update(b"<unreadable>")


def _norm_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _clean_str(value: str) -> str:
    """Text from a record, safe to write: no NUL, no lone surrogate (JSON allows ``"\\ud800"``)."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    return _SURROGATES.sub("\ufffd", value)


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
            value = _clean_str(str(value)).strip()
            if value:
                return value
    return ""


def _field_list(record: dict) -> str:
    """The field names of a record for a reason: shortened, at most a dozen."""
    names = sorted(_clean_str(str(k)).replace("\n", " ")[:40] for k in record if k is not None)
    if not names:
        return "none"
    more = f" and {len(names) - 12} more" if len(names) > 12 else ""
    return ", ".join(names[:12]) + more


_HTML_MARKUP = re.compile(r"<(p|div|br|article|span|h[1-6]|a|section|body|html)\b[^>]*>", re.I)


def record_to_document(record, key: str, path_key: str, fmt: str, number: int, encoding: str) -> Document | Reject:
    """Turn one record (a dict from JSON or CSV) into a Document, or a Reject with the reason."""
    where = f"record {number}"
    if not isinstance(record, dict):
        return Reject(key, f"{where} is a JSON {type(record).__name__}, not an object with a text field")
    html_text = _pick(record, HTML_FIELDS)
    text = _pick(record, TEXT_FIELDS) or html_text
    if not text:
        return Reject(key, f"{where} has no article text (fields present: {_field_list(record)})")
    meta = {
        "title": _pick(record, TITLE_FIELDS),
        "url": _pick(record, URL_FIELDS),
        "date": _pick(record, DATE_FIELDS),
        "outlet": _pick(record, OUTLET_FIELDS),
    }
    if html_text and html_text == text or _HTML_MARKUP.search(text[:2000]):
        meta["html"] = True
    return Document(doc=key, path=path_key, fmt=fmt, text=text, encoding=encoding, record=number, meta=meta)


def _size(chars: int) -> str:
    return f"{chars / 1_000_000:.1f} MB"


def _lines(stream) -> Iterator[str | None]:
    """Lines of a text stream (line ends kept); ``None`` for a line over MAX_RECORD_CHARS, skipped unread."""
    while True:
        line = stream.readline(MAX_RECORD_CHARS)
        if not line:
            return
        if len(line) >= MAX_RECORD_CHARS and line[-1] not in "\r\n":
            while True:
                rest = stream.readline(MAX_RECORD_CHARS)
                if not rest or rest[-1] in "\r\n":
                    break
            yield None
            continue
        yield line.replace("\x00", "") if "\x00" in line else line


def _jsonl_documents(stream, key: str, encoding: str) -> Iterator[Document | Reject]:
    number = 0
    for lineno, line in enumerate(_lines(stream), start=1):
        if line is not None and not line.strip():
            continue
        number += 1
        doc_key = f"{key}#{number}"
        if line is None:
            yield Reject(doc_key, f"record {number} (line {lineno}) is too large to be an article "
                                  f"(over {_size(MAX_RECORD_CHARS)} of text)")
            continue
        try:
            record = json.loads(line, strict=False)
        except json.JSONDecodeError as err:
            yield Reject(doc_key, f"malformed JSON on line {lineno} (record {number}): {err.msg}")
            continue
        except RecursionError:
            yield Reject(doc_key, f"malformed JSON on line {lineno} (record {number}): nested too deeply")
            continue
        yield record_to_document(record, doc_key, key, "jsonl", number, encoding)
    if number == 0:
        yield Reject(key, "JSON Lines file with no records")


# ---- JSON: a scanner that finds where each value ends, so a huge array is read one element at a time

class _Malformed(Exception):
    """The JSON structure is broken here (brackets that do not match)."""


class _CutOff(Exception):
    """The file ends inside a JSON value."""


_WS = re.compile(r"[ \t\r\n\ufeff]*")
_SCALAR = re.compile(r"[^ \t\r\n\[\]{},:\"]*")
_STRUCT = re.compile(r"[\"\[\]{}]")
_IN_STRING = re.compile(r"[\"\\]")
_MAX_CHECKED_DEPTH = 2000   # deeper brackets are counted, not matched by kind


class _JsonScanner:
    """Reads JSON text from a stream and cuts it into top-level values and array elements.

    Only the structure is scanned here (strings, brackets); each value's text is then
    given to ``json.loads``. The buffer keeps the value being read and one chunk.
    """

    def __init__(self, stream):
        self.stream = stream
        self.buf = ""
        self.pos = 0          # scanning position in buf
        self.keep = 0         # buf[keep:] must stay in memory
        self.base = 0         # offset of buf[0] in the whole text
        self.eof = False
        self._line = 1        # line number at buf[_counted]
        self._counted = 0

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        if "\x00" in chunk:
            chunk = chunk.replace("\x00", "")
        cut = min(self.keep, len(self.buf))
        if cut:
            if self._counted < cut:
                self._line += self.buf.count("\n", self._counted, cut)
                self._counted = cut
            self.buf = self.buf[cut:]
            self.pos -= cut
            self.keep -= cut
            self._counted -= cut
            self.base += cut
        self.buf += chunk
        return True

    def line(self) -> int:
        """The line number of the current position."""
        if self._counted < self.pos:
            self._line += self.buf.count("\n", self._counted, self.pos)
            self._counted = self.pos
        return self._line

    def peek(self) -> str:
        """The next character that is not white space, or "" at the end of the text."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            self.keep = self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def advance(self) -> None:
        self.pos += 1
        self.keep = self.pos

    def value(self, limit: int = MAX_RECORD_CHARS) -> tuple[str | None, int]:
        """The text of the next value and its length; the text is None when longer than ``limit``."""
        self.peek()
        start = self.base + self.pos
        first = self.buf[self.pos] if self.pos < len(self.buf) else ""
        if first == "":
            raise _CutOff()
        if first in "]}:,":
            raise _Malformed(f"unexpected '{first}'")
        too_long = False
        if first not in "[{\"":
            while True:
                self.pos = _SCALAR.match(self.buf, self.pos).end()
                if self.pos < len(self.buf) or not self._fill():
                    break
            return self._take(start), self.base + self.pos - start
        stack = [first] if first != '"' else []
        deeper = 0
        in_string = first == '"'
        self.pos += 1
        while True:
            if not too_long and self.base + self.pos - start > limit:
                too_long = True
            if too_long:
                self.keep = min(self.pos, len(self.buf))
            if self.pos >= len(self.buf):
                if not self._fill():
                    raise _CutOff()
                continue
            if in_string:
                m = _IN_STRING.search(self.buf, self.pos)
                if m is None:
                    self.pos = len(self.buf)
                elif m.group() == "\\":
                    self.pos = m.end() + 1      # the escaped character, even if it is a quote
                else:
                    self.pos = m.end()
                    in_string = False
                    if not stack:
                        break
                continue
            m = _STRUCT.search(self.buf, self.pos)
            if m is None:
                self.pos = len(self.buf)
                continue
            char = m.group()
            self.pos = m.end()
            if char == '"':
                in_string = True
            elif char in "[{":
                if len(stack) < _MAX_CHECKED_DEPTH:
                    stack.append(char)
                else:
                    deeper += 1
            elif deeper:
                deeper -= 1
            else:
                opener = "[" if char == "]" else "{"
                if stack[-1] != opener:
                    raise _Malformed(f"'{char}' where '{']' if stack[-1] == '[' else '}'}' was expected")
                stack.pop()
                if not stack:
                    break
        length = self.base + self.pos - start
        if too_long or length > limit:
            self.keep = self.pos
            return None, length
        return self._take(start), length

    def _take(self, start: int) -> str:
        text = self.buf[start - self.base:self.pos]
        self.keep = self.pos
        return text


_LIST_KEYS = ("articles", "items", "data", "records", "results", "documents", "docs", "posts", "entries")


def _load_record(text: str):
    """json.loads for one record: raises ValueError with a short message when it is not JSON."""
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as err:
        raise ValueError(err.msg, err.lineno) from None
    except RecursionError:
        raise ValueError("nested too deeply", 1) from None


def _json_elements(scanner: _JsonScanner, key: str, encoding: str, number: int) -> Iterator[Document | Reject]:
    """The records of the JSON array at the scanner (its "[" next), numbered on from ``number``.

    Raises StopIteration-style return with the last number through ``_ArrayEnd``.
    """
    scanner.advance()
    while True:
        char = scanner.peek()
        if char == "]":
            scanner.advance()
            raise _ArrayEnd(number)
        if char == ",":            # an empty slot or a trailing comma: [{...},,{...}] or [{...},]
            scanner.advance()
            continue
        if char == "":
            raise _ArrayEnd(number)   # the array is not closed, but every record in it was read
        number += 1
        doc_key = f"{key}#{number}"
        line = scanner.line()
        try:
            text, length = scanner.value()
        except _CutOff:
            yield Reject(doc_key, f"record {number} (line {line}) is cut off: the file ends inside it")
            raise _ArrayEnd(number) from None
        except _Malformed as err:
            yield Reject(doc_key, f"malformed JSON at line {scanner.line()} (record {number}): {err}; "
                                  "the rest of the file is not read")
            raise _ArrayEnd(number, broken=True) from None
        if text is None:
            yield Reject(doc_key, f"record {number} (line {line}) is too large to be an article ({_size(length)})")
        else:
            try:
                record = _load_record(text)
            except ValueError as err:
                yield Reject(doc_key, f"malformed JSON at line {line + err.args[1] - 1} (record {number}): "
                                      f"{err.args[0]}")
            else:
                yield record_to_document(record, doc_key, key, "json", number, encoding)
        if scanner.peek() == ",":
            scanner.advance()


class _ArrayEnd(Exception):
    def __init__(self, number: int, broken: bool = False):
        super().__init__(number)
        self.number = number
        self.broken = broken


def _array_records(scanner: _JsonScanner, key: str, encoding: str, number: int):
    """Run ``_json_elements``; yield its items and return (last record number, whether the JSON broke)."""
    try:
        yield from _json_elements(scanner, key, encoding, number)
    except _ArrayEnd as end:
        return end.number, end.broken
    return number, False  # not reached: _json_elements always ends with _ArrayEnd


def _json_documents(stream, key: str, encoding: str) -> Iterator[Document | Reject]:
    """A .json file: an array of records, an object wrapping one ("articles": [...]), one
    record, or, when several objects follow each other, JSON Lines under another name."""
    scanner = _JsonScanner(stream)
    first = scanner.peek()
    if first == "":
        yield Reject(key, "empty file (no text after decoding)")
        return
    number = 0
    if first == "[":
        number, broken = yield from _array_records(scanner, key, encoding, 0)
        if broken:
            return
        if number == 0 and scanner.peek() == "":
            yield Reject(key, "JSON file with an empty list of records")
            return
    elif first == "{":
        # An object: members are scanned one by one, so that a wrapped list of any size
        # is read element by element.
        line = scanner.line()
        members: dict[str, str | None] = {}
        streamed = False
        try:
            scanner.advance()
            while True:
                char = scanner.peek()
                if char == "}":
                    scanner.advance()
                    break
                if char == ",":
                    scanner.advance()
                    continue
                name_text, _ = scanner.value(limit=10_000)
                name = _load_record(name_text) if name_text else None
                if scanner.peek() != ":":
                    raise _Malformed("a member name is not followed by ':'")
                scanner.advance()
                if not streamed and name in _LIST_KEYS and scanner.peek() == "[":
                    number, broken = yield from _array_records(scanner, key, encoding, 0)
                    streamed = True
                    if broken:
                        return
                    continue
                text, _ = scanner.value()
                if not streamed and isinstance(name, str):
                    members[name] = text
        except (_Malformed, _CutOff, ValueError) as err:
            if streamed:
                yield Reject(f"{key}#{number + 1}", f"malformed JSON after record {number}: "
                                                    f"{err or 'the file ends early'}; the rest is not read")
                return
            yield from _json_fallback(stream, key, encoding, line, err)
            return
        if not streamed:
            if scanner.peek() != "":       # more after the first object: JSON Lines in a .json file
                yield from _reread_as_jsonl(stream, key, encoding)
                return
            try:
                record = {name: (_load_record(text) if text is not None else "") for name, text in members.items()}
            except ValueError as err:
                yield Reject(key, f"malformed JSON at line {line + err.args[1] - 1}: {err.args[0]}")
                return
            yield record_to_document(record, key, key, "json", 0, encoding)
            return
        if number == 0:
            yield Reject(key, "JSON file with an empty list of records")
            return
    else:
        line = scanner.line()
        try:
            text, length = scanner.value()
            payload = _load_record(text) if text is not None else None
        except (_Malformed, _CutOff) as err:
            yield Reject(key, f"malformed JSON at line {line}: {err or 'the file ends early'}")
            return
        except ValueError as err:
            yield Reject(key, f"malformed JSON at line {line}: {err.args[0]}")
            return
        if scanner.peek() == "":
            yield Reject(key, f"JSON file holds a {type(payload).__name__ if text else 'value'}, not articles")
            return
        yield Reject(key, f"malformed JSON at line {scanner.line()}: more text after the first value")
        return
    # After a top-level array or wrapper: further arrays or objects (concatenated JSON)
    # are more records; anything else ends the reading with a reject naming the place.
    while True:
        char = scanner.peek()
        if char == "":
            return
        if char == "[":
            number, broken = yield from _array_records(scanner, key, encoding, number)
            if broken:
                return
            continue
        number += 1
        line = scanner.line()
        try:
            text, length = scanner.value()
            if text is None:
                yield Reject(f"{key}#{number}", f"record {number} (line {line}) is too large to be an article "
                                                f"({_size(length)})")
                continue
            record = _load_record(text)
        except (_Malformed, _CutOff, ValueError) as err:
            reason = err.args[0] if isinstance(err, ValueError) else (str(err) or "the file ends early")
            yield Reject(f"{key}#{number}", f"malformed JSON at line {line} (record {number}), after the end of "
                                            f"the list: {reason}; the rest of the file is not read")
            return
        yield record_to_document(record, f"{key}#{number}", key, "json", number, encoding)


def _reread_as_jsonl(stream, key: str, encoding: str) -> Iterator[Document | Reject]:
    stream.seek(0)
    yield from _jsonl_documents(stream, key, encoding)


def _json_fallback(stream, key: str, encoding: str, line: int, err: Exception) -> Iterator[Document | Reject]:
    """A .json file whose first object is broken: JSON Lines when it has several lines, else one reject."""
    stream.seek(0)
    lines = 0
    for text in _lines(stream):
        if text is None or text.strip():
            lines += 1
            if lines > 1:
                break
    if lines > 1:
        yield from _reread_as_jsonl(stream, key, encoding)
        return
    message = err.args[0] if isinstance(err, ValueError) else (str(err) or "the file ends early")
    yield Reject(key, f"malformed JSON at line {line}: {message}")


def _csv_documents(stream, key: str, encoding: str, delimiter: str) -> Iterator[Document | Reject]:
    csv.field_size_limit(MAX_RECORD_CHARS)
    lines = (line.replace("\x00", "") if "\x00" in line else line for line in stream)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Reject(key, "CSV file with no header row")
        return
    except csv.Error as err:
        yield Reject(key, f"unreadable CSV header: {err}")
        return
    header = [_clean_str(h).strip() for h in header]
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


# --------------------------------------------------------------------------- reading one file

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _link_problem(path: Path, key: str) -> str:
    """Why a symbolic link is not followed, or "" when it leads to a file inside its input folder."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:   # Python < 3.13 reports a loop this way
        return "symbolic link loop (it leads back to itself), not followed"
    except OSError as err:
        if err.errno == 40:  # ELOOP
            return "symbolic link loop (it leads back to itself), not followed"
        return "broken symbolic link (it points at nothing)"
    if target.is_dir():
        return "symbolic link to a folder, not followed (so a link loop cannot trap the walk)"
    # The input folder is the path with the key's parts taken off (the folder of a file given directly).
    root = path.parents[len(key.split("/")) - 1]
    if not target.is_relative_to(root.resolve()):
        return "symbolic link to a file outside the input folder, not followed"
    return ""


def _read_file(path: Path, key: str) -> Iterator[Document | Reject]:
    try:
        mode = os.lstat(path).st_mode
    except OSError as err:
        yield Reject(key, f"file could not be read ({err.strerror or err})")
        return
    if stat.S_ISLNK(mode):
        problem = _link_problem(path, key)
        if problem:
            yield Reject(key, problem)
            return
    elif stat.S_ISDIR(mode):
        try:
            os.listdir(path)
            yield Reject(key, "a folder that could not be walked")
        except PermissionError:
            yield Reject(key, "folder is not readable (permission denied), nothing in it was read")
        except OSError as err:
            yield Reject(key, f"folder could not be read ({err.strerror or err}), nothing in it was read")
        return
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)   # non-blocking, so that opening a named pipe cannot hang
    except PermissionError:
        yield Reject(key, "file is not readable (permission denied)")
        return
    except OSError as err:
        yield Reject(key, f"file could not be read ({err.strerror or err})")
        return
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        yield Reject(key, f"{_kind(info.st_mode)}, not a file: not read")
        return
    with open(fd, "rb") as fh:
        suffix = path.suffix.lower()
        multi = suffix in JSONL_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES
        if not multi and info.st_size > MAX_ARTICLE_FILE_BYTES:
            yield Reject(key, f"too large to be one article ({_size(info.st_size)}); split it into one file "
                              "or record per article")
            return
        try:
            if multi and info.st_size > IN_MEMORY_BYTES:
                head = fh.read(IN_MEMORY_BYTES)
                try:
                    encoding = sniff_encoding(head)
                except NotText as err:
                    yield Reject(key, str(err))
                    return
                fh.seek(0)
                stream = io.TextIOWrapper(fh, encoding=_codec(encoding), errors="replace", newline="")
                yield from _records(stream, suffix, key, encoding)
                return
            data = fh.read(MAX_ARTICLE_FILE_BYTES + 1 if not multi else -1)
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
    del data
    if not text.strip():
        yield Reject(key, "empty file (no text after decoding)")
        return
    if multi:
        yield from _records(io.StringIO(text, newline=""), suffix, key, encoding)
    elif suffix in HTML_SUFFIXES or re.match(r"\s*(<!doctype html|<html)", text[:500], re.I):
        yield Document(doc=key, path=key, fmt="html", text=text, encoding=encoding)
    else:
        yield Document(doc=key, path=key, fmt="txt", text=text, encoding=encoding)


def _records(stream, suffix: str, key: str, encoding: str) -> Iterator[Document | Reject]:
    if suffix in JSONL_SUFFIXES:
        yield from _jsonl_documents(stream, key, encoding)
    elif suffix in JSON_SUFFIXES:
        yield from _json_documents(stream, key, encoding)
    else:
        yield from _csv_documents(stream, key, encoding, "\t" if suffix == ".tsv" else ",")


def read_file(path: Path, key: str) -> Iterator[Document | Reject]:
    """Read one file: yield its Document(s) and/or Reject(s).

    ``path`` and ``key`` are a pair from ``iter_files``. Never raises for what is in
    the file: an error nobody foresaw becomes a reject of the file, or of the rest
    of it after the records already read.
    """
    last = 0
    seen = False
    try:
        for item in _read_file(path, key):
            seen = True
            tail = item.doc[len(key) + 1:] if item.doc.startswith(key + "#") else ""
            if tail.isdigit():
                last = max(last, int(tail))
            yield item
    except Exception as err:  # noqa: BLE001 - a hostile file must not stop a run over thousands
        what = f"{type(err).__name__}: {err}"[:200]
        if not seen:
            yield Reject(key, f"file could not be read ({what})")
        else:
            yield Reject(f"{key}#{last + 1}", f"the rest of the file after record {last} could not be read ({what})")


def iter_documents(inputs: Iterable[str | os.PathLike]) -> Iterator[Document | Reject]:
    """Yield a Document or Reject for everything under ``inputs``, in a stable order."""
    for path, key in iter_files(inputs):
        yield from read_file(path, key)
