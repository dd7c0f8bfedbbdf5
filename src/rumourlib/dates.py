"""Publication dates: find the date a document states for itself, and parse it.

Only places where a page states its own date are read: record fields, HTML
metadata, the header lines above the story (date lines, bylines, "Published:"
labels), a date glued to the first line (`` date 2026-03-05 ...``), the footer
("First published 08/10/2025 14:20") and dated web addresses. The story text is
never searched, so "he departed in May 2024" cannot become a publication date.

Dates are returned as ``YYYY-MM-DD`` in the local time printed (no time-zone
conversion), or ``""`` when the document gives none. Locating the date in a line
is done with regular expressions; turning the located span into a date is left to
``dateparser``, which knows month names in the languages the corpus uses (the plain
"5 March 2026" and "March 5, 2026" are read directly, as dateparser reads them).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

EARLIEST_YEAR = 1990  # football news on the web starts here; earlier years are typos

_MONTHS = (
    # English
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    # Spanish
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    # Italian
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    # French
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
    # German
    "januar|jänner|februar|märz|maerz|juni|juli|oktober|dezember|"
    # Portuguese
    "janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19|20)\d{2}"
_ORD = r"(?:st|nd|rd|th|º|°)?"

# Each pattern locates one date span inside a short line.
DATE_SPANS = [
    re.compile(rf"\b{_YEAR}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?(?:\.\d+)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?\b"),
    re.compile(rf"\b{_DAY}[/.]{_DAY}[/.]{_YEAR}\b"),
    re.compile(rf"\b{_DAY}{_ORD}\s+(?:de\s+|of\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+{_DAY}{_ORD},?\s+{_YEAR}\b", re.I),
]
# Cheap tests before the searches above, which try every position of a line (most
# lines have no date): every span has a year 19xx or 20xx (digits have no other
# case), and every relative date has "ago", "yesterday" or "today" ("terday": under
# re.I the "s" also matches a long s, which lower() keeps).
_YEAR_STARTS = ("19", "20")
_RELATIVE_WORDS = ("ago", "terday", "today")
# dateparser takes about a millisecond a date. The two plain forms "5 March 2026" and
# "March 5, 2026" (single spaces; a month name below, in lower, title or upper case)
# are read here instead: dateparser, with the settings below, was checked to read
# every such date as the calendar does, and to read none when the month has no such
# day (tests/test_speed_clean_dates.py). "maerz" is not here: dateparser reads no date.
_MONTH_NAMES = (
    ("january", "jan", "enero", "gennaio", "janvier", "januar", "jänner", "janeiro"),
    ("february", "feb", "febrero", "febbraio", "février", "fevrier", "februar", "fevereiro"),
    ("march", "mar", "marzo", "mars", "märz", "março", "marco"),
    ("april", "apr", "abril", "aprile", "avril"),
    ("may", "mayo", "maggio", "mai", "maio"),
    ("june", "jun", "junio", "giugno", "juin", "juni", "junho"),
    ("july", "jul", "julio", "luglio", "juillet", "juli", "julho"),
    ("august", "aug", "agosto", "août", "aout"),
    ("september", "sep", "sept", "septiembre", "setiembre", "settembre", "septembre", "setembro"),
    ("october", "oct", "octubre", "ottobre", "octobre", "oktober", "outubro"),
    ("november", "nov", "noviembre", "novembre", "novembro"),
    ("december", "dec", "diciembre", "dicembre", "décembre", "dezember", "dezembro"),
)
_MONTH_NUMBER = {form: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names
                 for form in (name, name.title(), name.upper())}
_PLAIN_DAY = r"(0?[1-9]|[12][0-9]|3[01])"
_PLAIN_YEAR = r"((?:19|20)[0-9]{2})"
_PLAIN_DMY = re.compile(rf"{_PLAIN_DAY} ([^\W\d_]+) {_PLAIN_YEAR}")
_PLAIN_MDY = re.compile(rf"([^\W\d_]+) {_PLAIN_DAY}, {_PLAIN_YEAR}")
_ISO = re.compile(rf"^\s*({_YEAR})-([01]\d)-([0-3]\d)")
_NUMERIC = re.compile(rf"^({_DAY})[/.]({_DAY})[/.]({_YEAR})$")
_URL_DATE = re.compile(rf"/({_YEAR})/([01]?\d)/([0-3]?\d)/")
_URL_COMPACT = re.compile(rf"[/_-]({_YEAR})([01]\d)([0-3]\d)(?:[/_.-]|$)")
_RELATIVE = re.compile(r"(?i)\b(\d+|an?|one|two|three)\s+(minute|hour|day|week|month|year)s?\s+ago\b|\b(yesterday|today)\b")
_PUBLISHED_LABEL = re.compile(
    r"(?i)\b(published|first published|posted|publicado|pubblicato|publié|veröffentlicht|data di pubblicazione)\b")
_UPDATED_LABEL = re.compile(
    r"(?i)\b(updated|last updated|modified|actualizado|aggiornato|mis à jour|aktualisiert)\b")
_GLUED = re.compile(rf"^\s*date\s+({_YEAR}-[01]\d-[0-3]\d)\s+")


@dataclass(frozen=True)
class FoundDate:
    """A publication date with the rule that found it and the text it came from."""

    date: str
    rule: str
    evidence: str


def _valid(year: int, month: int, day: int, latest: dt.date | None) -> str:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return ""
    if year < EARLIEST_YEAR or (latest is not None and value > latest):
        return ""
    return value.isoformat()


@functools.lru_cache(maxsize=4096)
def _dateparser(span: str) -> dt.datetime | None:
    import dateparser  # here, not above: most dates are read without it, and the import takes 0.2 s

    try:
        return dateparser.parse(
            span,
            languages=["en", "es", "it", "fr", "de", "pt", "nl"],
            settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                      "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
        )
    except (ValueError, OverflowError, TypeError, RecursionError):
        return None   # a span dateparser cannot take is no date; it must not stop the article


def parse_date(span: str, latest: dt.date | None = None) -> str:
    """Parse one located date span (``2026-01-30T00:15:00+01:00``, ``07 Mar 2026``, ``08/10/2025``)."""
    span = span.strip()
    iso = _ISO.match(span)
    if iso:  # the local date as printed: never shift across a time zone
        return _valid(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), latest)
    numeric = _NUMERIC.match(span)
    if numeric:  # day first, as in Europe, unless that cannot be a date
        a, b, year = (int(x) for x in numeric.groups())
        return _valid(year, b, a, latest) or (_valid(year, a, b, latest) if b > 12 else "")
    text = re.sub(r"(?i)\b(\d{1,2})(st|nd|rd|th)\b", r"\1", span)
    plain = _plain_date(text)
    if plain:
        return _valid(*plain, latest)
    parsed = _dateparser(text)
    if parsed is None:
        return ""
    return _valid(parsed.year, parsed.month, parsed.day, latest)


def _plain_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a date in one of the plain forms, or None for dateparser to read."""
    dmy = _PLAIN_DMY.fullmatch(text)
    if dmy and dmy.group(2) in _MONTH_NUMBER:
        return int(dmy.group(3)), _MONTH_NUMBER[dmy.group(2)], int(dmy.group(1))
    mdy = _PLAIN_MDY.fullmatch(text)
    if mdy and mdy.group(1) in _MONTH_NUMBER:
        return int(mdy.group(3)), _MONTH_NUMBER[mdy.group(1)], int(mdy.group(2))
    return None


def find_span(line: str) -> str:
    """The first date-like span in a line, or ``""``."""
    if not any(year in line for year in _YEAR_STARTS):
        return ""
    best = None
    for pattern in DATE_SPANS:
        m = pattern.search(line)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best.group(0) if best else ""


def date_in_line(line: str, latest: dt.date | None = None) -> str:
    span = find_span(line)
    return parse_date(span, latest) if span else ""


def is_dateline(line: str) -> bool:
    """True for a short line that is mostly a date or time stamp (a page's date line)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90:
        return False
    if _maybe_relative(stripped) and _RELATIVE.search(stripped) and len(stripped.split()) <= 6:
        return True
    span = find_span(stripped)
    if not span:
        return False
    rest = stripped.replace(span, " ")
    rest = re.sub(r"(?i)\b([01]?\d|2[0-3])[:.h][0-5]\d\b|\b(am|pm|gmt|bst|cet|cest|utc|h|ore|uhr)\b", " ", rest)
    rest = re.sub(r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
                  r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|"
                  r"venerdì|sabato|domenica)\b", " ", rest)
    words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", rest)
    return len(words) <= 8


def _maybe_relative(line: str) -> bool:
    """False when ``_RELATIVE`` cannot match ``line``."""
    lowered = line.lower()
    return any(word in lowered for word in _RELATIVE_WORDS)


def date_from_url(url: str, latest: dt.date | None = None) -> str:
    for pattern in (_URL_DATE, _URL_COMPACT):
        m = pattern.search(url or "")
        if m:
            found = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)), latest)
            if found:
                return found
    return ""


def split_glued_date(text: str) -> tuple[str, str]:
    """Split a `` date 2026-03-05 `` prefix glued to the first line; return (date text, rest)."""
    m = _GLUED.match(text)
    if not m:
        return "", text
    return m.group(1), text[m.end():]


def choose_date(*, glued: str = "", meta: list[tuple[str, str]] = (), header: list[str] = (),
                footer: list[str] = (), urls: list[str] = (), latest: dt.date | None = None) -> FoundDate | None:
    """Pick the publication date from the places a document states it, best first.

    ``meta`` holds (rule name, value) pairs from record fields or HTML metadata, in
    order of trust. ``header`` and ``footer`` are the lines above and below the story.
    A line labelled "published" beats an unlabelled one, which beats "updated".
    """
    if glued:
        found = parse_date(glued, latest)
        if found:
            return FoundDate(found, "glued-date-prefix", glued)
    for rule, value in meta:
        found = parse_date(find_span(value) or value, latest) if value else ""
        if found:
            return FoundDate(found, rule, value)
    # Rank the remaining candidates: a "published" label beats a bare date line,
    # the header beats the footer, both beat a dated web address, and an
    # "updated" date is used only when nothing else is there.
    candidates: list[tuple[int, int, FoundDate]] = []
    for zone, base, lines in (("header", 0, header), ("footer", 2, footer)):
        for order, line in enumerate(lines):
            if _maybe_relative(line) and _RELATIVE.search(line) and not find_span(line):
                continue
            published = _PUBLISHED_LABEL.search(line)
            if published:
                # "First published 08/10/2025 14:20 | Updated 08/10/2025 17:55": the part
                # after the label, before any "updated" label, holds the date we want.
                part = line[published.end():]
                cut = _UPDATED_LABEL.search(part)
                found = date_in_line(part[:cut.start()] if cut else part, latest)
                if found:
                    candidates.append((base, order, FoundDate(found, f"{zone}-published-label", line)))
                    continue
            span = find_span(line)
            found = parse_date(span, latest) if span else ""
            if not found:
                continue
            updated = _UPDATED_LABEL.search(line)
            if updated and updated.start() < line.find(span):
                candidates.append((5 + base // 2, order, FoundDate(found, f"{zone}-updated-line", line)))
            else:
                candidates.append((base + 1, order, FoundDate(found, f"{zone}-date-line", line)))
    for order, url in enumerate(urls):
        found = date_from_url(url, latest)
        if found:
            candidates.append((4, order, FoundDate(found, "url-date", url)))
    if not candidates:
        return None
    return min(candidates, key=lambda item: (item[0], item[1]))[2]
