"""Text repair: mojibake, HTML entities, quotes and whitespace, keeping paragraph breaks.

Input is text already decoded from bytes (see ``ingest``); output is text that the
later stages can match rules against: straight quotes, single spaces, ``\\n`` line
ends, at most one blank line between paragraphs.
"""
from __future__ import annotations

import html
import re
import unicodedata

import ftfy

# ftfy's defaults also straighten curly quotes ("uncurl_quotes"), which is what the
# rule files expect; HTML entities are unescaped by us, everywhere, below.
_FTFY_CONFIG = ftfy.TextFixerConfig(unescape_html=False, normalization="NFC")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_BLANKS = re.compile(r"\n{3,}")
# A run of more than 20 sentence marks ("!!!!...", "?!?!...") is decoration or junk; it is
# cut to three, because the sentence splitter's pattern takes time quadratic in such a run
# (20,000 marks took 5 s, a megabyte would take hours).
_MARK_RUN = re.compile(r"[.!?…]{21,}")
# ftfy changes nothing in ASCII text without control characters other than tab and
# line end:
# mojibake, ligatures, wide forms, curly quotes, C1 controls, surrogates and odd line
# breaks are all non-ASCII, and NFC leaves ASCII alone. Only these ASCII characters
# can make it act (control characters, carriage returns, terminal escapes).
_ASCII_FTFY_ACTS_ON = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_entities(text: str) -> str:
    """Unescape HTML entities, twice at most (scrapers sometimes double-escape: &amp;#039;)."""
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def _fix_text(text: str) -> str:
    """``ftfy.fix_text(text)`` with our config, without calling ftfy on the lines it would leave alone.

    fix_text fixes each line (with its "\\n") on its own, so passing it only the runs
    of lines that are not plain ASCII gives the same text; most lines are plain
    ASCII, and ftfy takes tens of microseconds a line to find nothing to fix.
    """
    if text.isascii() and not _ASCII_FTFY_ACTS_ON.search(text):
        return text
    pieces: list[str] = []
    todo: list[str] = []   # consecutive lines for ftfy, each with its "\n"
    lines = text.split("\n")
    last = len(lines) - 1
    for i, line in enumerate(lines):
        segment = line + "\n" if i < last else line
        if line.isascii() and not _ASCII_FTFY_ACTS_ON.search(line):
            if todo:
                pieces.append(ftfy.fix_text("".join(todo), config=_FTFY_CONFIG))
                todo = []
            pieces.append(segment)
        else:
            todo.append(segment)
    if todo:
        pieces.append(ftfy.fix_text("".join(todo), config=_FTFY_CONFIG))
    return "".join(pieces)


def repair(text: str) -> str:
    """Return ``text`` with mojibake fixed, entities unescaped and whitespace normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unescape_entities(text)
    text = _fix_text(text)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = _MANY_BLANKS.sub("\n\n", text)
    text = _MARK_RUN.sub(lambda m: m.group(0)[:3], text)
    return text.strip()
