"""Sentences: split an article's text into sentences, with their character offsets.

Headlines and sub-headings (lines with no full stop) are sentences of their own;
paragraphs never run into each other; a full stop after an abbreviation ("Mr.",
"St.", "vs.", an initial) or inside a number does not end a sentence; a closing
quotation mark after the stop stays with its sentence.
"""
from __future__ import annotations

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


def split(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order, each with its offsets and paragraph number."""
    out: list[Sentence] = []
    paragraph = 0
    for para in re.finditer(r"[^\n]+", text):
        begin = para.start()
        chunk = para.group(0)
        cursor = 0
        for m in _BOUNDARY.finditer(chunk):
            before = chunk[cursor:m.start()]
            last_word = re.search(r"([\w.]+)$", before)
            if last_word:
                word = last_word.group(1).lower().rstrip(".")
                if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
            piece = chunk[cursor:m.end()]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append(Sentence(begin + cursor + lead, begin + m.end(), piece.strip(), paragraph))
            cursor = m.end()
        piece = chunk[cursor:]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Sentence(begin + cursor + lead, begin + cursor + lead + len(piece.strip()), piece.strip(),
                                paragraph))
        paragraph += 1
    return out


# A clause ends before ", and", ", but", ", while", "; ", " when ", ", who" ... so that
# two claims in one sentence ("X denied contact with Madrid, and Y has been linked
# with the job") keep their own people, clubs and sources.
_CLAUSE_BREAK = re.compile(
    r"(?:,\s+(?=(?:and|but|while|whereas|although|though|who|which|whose|where|after|before|as|with|since|"
    r"because|meaning|leaving|despite)\b)|"
    r",\s+(?=(?:has|have|had|is|was|are|were|will|would|could|can|may|might|remains?|insists?|says?|said|admits?|"
    r"looks?|seems?|appears?)\b)|;\s+|:\s+|\s+[–—]\s+|\s+-\s+|"
    r"\s+(?=(?:when|while|whereas|although|though|but|because)\b)|\s+(?=(?:before|after|until) \w+ing\b))", re.I)


def clauses(sentence: Sentence) -> list[tuple[int, int]]:
    """(start, end) offsets of the clauses of a sentence, in the article's coordinates."""
    spans = []
    cursor = 0
    for m in _CLAUSE_BREAK.finditer(sentence.text):
        if m.start() > cursor:
            spans.append((sentence.start + cursor, sentence.start + m.start()))
        cursor = m.end()
    spans.append((sentence.start + cursor, sentence.end))
    return [s for s in spans if s[1] > s[0]]
