"""Sentences: split an article's text into sentences, with their character offsets.

Headlines and sub-headings (lines with no full stop) are sentences of their own;
paragraphs never run into each other; a full stop after an abbreviation ("Mr.",
"St.", "vs.", an initial) or inside a number does not end a sentence; a closing
quotation mark after the stop stays with its sentence.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "v", "no", "prof", "gen", "lt", "sgt", "fr", "mt", "ft",
    "co", "inc", "ltd", "approx", "etc", "e.g", "i.e", "u.s", "u.k", "sig", "sra", "sr", "dott", "avv",
}
_BOUNDARY = re.compile(r"[.!?…]+['\"”’)\]]*(?=\s+['\"“‘(\[]?[A-ZÀ-Ý0-9¿¡])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


_PARAGRAPH = re.compile(r"[^\n]+")
_LAST_WORD = re.compile(r"[\w.]+$")
_TAIL = 32   # characters before a stop searched first for the word it ends


def _last_word(chunk: str, cursor: int, stop: int) -> str:
    """The run of word characters and dots that ends at ``stop`` (none: ""), not before ``cursor``.

    The same as searching ``chunk[cursor:stop]`` for ``[\\w.]+$``, but the search starts
    near the stop, so a long sentence is not scanned from its start at every full stop;
    only a run that fills the whole tail needs the longer search."""
    tail = max(cursor, stop - _TAIL)
    found = _LAST_WORD.search(chunk, tail, stop)
    if found and found.start() == tail and tail > cursor:
        found = _LAST_WORD.search(chunk, cursor, stop)
    return found.group(0) if found else ""


def split(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order, each with its offsets and paragraph number."""
    out: list[Sentence] = []
    for paragraph, para in enumerate(_PARAGRAPH.finditer(text)):
        begin = para.start()
        chunk = para.group(0)
        cursor = 0
        for m in _BOUNDARY.finditer(chunk):
            last_word = _last_word(chunk, cursor, m.start())
            if last_word:
                word = last_word.lower().rstrip(".")
                if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
            piece = chunk[cursor:m.end()]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                out.append(Sentence(begin + cursor + lead, begin + m.end(), stripped, paragraph))
            cursor = m.end()
        piece = chunk[cursor:]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            out.append(Sentence(begin + cursor + lead, begin + cursor + lead + len(stripped), stripped, paragraph))
    return out


# A clause ends before ", and", ", but", ", while", "; ", " when ", ", who" ... so that
# two claims in one sentence ("X denied contact with Madrid, and Y has been linked
# with the job") keep their own people, clubs and sources.
#
# Written for speed, with the same matches as the plain alternatives
# ",\s+(?=(?:and|but|...)\b)|,\s+(?=(?:has|have|...)\b)|;\s+|:\s+|\s+[–—]\s+|\s+-\s+|
# \s+(?=(?:when|...)\b)|\s+(?=(?:before|after|until) \w+ing\b)": every break begins with
# a comma, semicolon, colon or white space, so the pattern begins with that one character
# (the engine skips straight to the next one instead of trying every alternative at every
# position) and looks back to see which it was. After it, each alternative either ends
# with the run of white space or needs a character that is not white space (a word, a
# dash) right after the run, so only the whole run can lead to a match: it is taken
# without backtracking (``\s++``, ``\s*+``), and alternatives that start alike share it.
_AFTER_COMMA = ("and|but|while|whereas|although|though|who|which|whose|where|after|before|as|with|since|because|"
                "meaning|leaving|despite|has|have|had|is|was|are|were|will|would|could|can|may|might|remains?|"
                "insists?|says?|said|admits?|looks?|seems?|appears?")
_CLAUSE_BREAK = re.compile(
    rf"[,;:\s](?:(?<=,)\s++(?=(?:{_AFTER_COMMA})\b)|(?<=[;:])\s++|"
    r"(?<=\s)\s*+(?:[–—]\s+|-\s+|(?=(?:when|while|whereas|although|though|but|because)\b|"
    r"(?:before|after|until) \w+ing\b)))", re.I)


def clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """(start, end) offsets of the clauses of a sentence, in the article's coordinates."""
    return list(_clause_spans(sentence.text, sentence.start, sentence.end))


# The claims engine asks for the clauses of most sentences two or three times; they
# depend only on the sentence's text and offsets, so the latest ones are kept (a new
# list is returned each time, so a caller may change it). ``typed``: an offset of
# another type (1.0 for 1) gives its own entry, as it gives other values.
@functools.lru_cache(maxsize=4096, typed=True)
def _clause_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans = []
    cursor = 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > cursor:
            spans.append((start + cursor, start + m.start()))
        cursor = m.end()
    spans.append((start + cursor, end))
    return tuple(s for s in spans if s[1] > s[0])
