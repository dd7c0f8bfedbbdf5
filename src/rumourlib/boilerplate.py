"""Boilerplate: split a page's lines into the story and the furniture around it.

Keeps the headline, standfirst, sub-headings and body; drops mastheads and
navigation, bylines and date lines, image captions and credits, adverts and offer
blocks, "READ:" teasers, related-story and editors'-picks blocks, newsletter and
social prompts and footers. Every dropped line is kept with the reason and the
rule that dropped it, so a user can see what was removed and why.

The line rules live in ``data/rules/boilerplate.csv`` (regular expressions a user
can read and extend); the rules that need the page's shape (where the headline
is, which lines repeat, which line names the byline's author) are below.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from . import dates, paths
from .prefilter import fold, needed_strings

# How a rule in the CSV acts: drop the line, drop the rest of its block (up to a
# blank line), or drop everything from the line to the end of the page.
ACTIONS = {"line", "block", "rest"}

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*$")
_NAV_MARKS = re.compile(r"[|>›»]")
_NAV_SEPARATORS = re.compile(r"\s(\||>|›|»|·|/)\s")
_BYLINE = re.compile(
    r"^(?:[Bb]y|[Dd]i|[Pp]or|[Pp]ar|[Vv]on|[Dd]oor)\s+(?P<name>[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:[A-ZÀ-Ý][\w'’.-]+|de|da|del|van|von|der|di|la|le)){0,4})"
    r"(?:\s*(?:[,|·•–-].*)?)$")
_AGENCY_BYLINE = re.compile(r"(?i)^(redacción|redazione|rédaction|sport wire|press association|pa media|reuters|afp|"
                            r"efe|ansa|dpa)\b.{0,60}$")


@dataclass(frozen=True)
class Rule:
    name: str
    action: str
    reason: str
    pattern: re.Pattern


@dataclass(frozen=True)
class Dropped:
    """A line removed from the page."""

    line: int       # line number in the repaired page text, from 0
    reason: str     # what kind of furniture it is ("teaser", "image caption", ...)
    rule: str       # which rule dropped it
    text: str


@dataclass
class Split:
    """The result of splitting one page."""

    body: str                    # headline + story, paragraphs separated by blank lines
    title: str                   # the headline, or "" when the page has none
    dropped: list[Dropped]
    header: list[str]            # dropped lines above the story, bylines and date lines (for dates)
    footer: list[str]            # dropped lines below the story
    masthead: list[str]          # dropped lines above the headline that are not bylines, dates or captions


@functools.lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> tuple[Rule, ...]:
    """Read the line rules from ``data/rules/boilerplate.csv`` (or ``path``)."""
    file = Path(path) if path else paths.RULES / "boilerplate.csv"
    rules = []
    with open(file, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["action"] not in ACTIONS:
                raise ValueError(f"{file}: rule {row['rule']!r} has unknown action {row['action']!r}")
            rules.append(Rule(row["rule"], row["action"], row["reason"], re.compile(row["pattern"])))
    return tuple(rules)


# Most lines match no rule, and a case-insensitive rule is tried at every position of
# the line, which made the rules most of the time of splitting a page: each rule is
# fronted by a search for the strings one of which its every match contains
# (``prefilter.needed_strings``), run on the line folded as re.IGNORECASE compares it.


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_nav_line(line: str) -> bool:
    """A breadcrumb or menu: several short items between separators."""
    # Without a separator there is one part: the split is skipped (most lines).
    parts = [p for p in re.split(r"\s(?:\||>|›|»)\s", line) if p.strip()] if _NAV_MARKS.search(line) else []
    if len(parts) >= 3 and all(len(words(p)) <= 4 for p in parts):
        return True
    return bool(re.fullmatch(r"[A-Z0-9][A-Z0-9 &'’.-]{2,40}", line.strip())) and len(words(line)) <= 5


def is_body_paragraph(line: str) -> bool:
    """A line that reads as story prose: long enough and ends like a sentence."""
    return len(words(line)) >= 15 and bool(_SENTENCE_END.search(line.strip()))


def is_title_like(line: str) -> bool:
    """A headline or standfirst candidate: several words, mixed case, not a menu."""
    n = len(words(line))
    return 4 <= n <= 60 and any(c.islower() for c in line) and not is_nav_line(line)


def byline_name(line: str) -> str:
    m = _BYLINE.match(line.strip())
    if not m or len(words(line)) > 14:
        return ""
    return m.group("name")


def classify_line(line: str, rules: tuple[Rule, ...]) -> tuple[str, str, str] | None:
    """(action, reason, rule) for a line some rule drops, else None."""
    return _classify(line, _plan(rules))


def _plan(rules: tuple[Rule, ...]) -> list[tuple]:
    """For each rule in order: its search, the search for its needed strings (or None),
    whether that one reads the folded line, and what a match means."""
    plan = []
    for rule in rules:
        cheap = needed_strings(rule.pattern)
        needed, folded = (cheap[1].search, cheap[0]) if cheap else (None, False)
        plan.append((rule.pattern.search, needed, folded, (rule.action, rule.reason, rule.name)))
    return plan


def _classify(line: str, plan: list[tuple]) -> tuple[str, str, str] | None:
    stripped = line.strip()
    folded = fold(stripped)
    for search, needed, on_folded, hit in plan:
        if needed is not None and needed(folded if on_folded else stripped) is None:
            continue   # none of the strings every match contains
        if search(stripped):
            return hit
    if byline_name(stripped) or _AGENCY_BYLINE.match(stripped):
        return "line", "byline", "byline"
    if dates.is_dateline(stripped):
        return "line", "date line", "date-line"
    if is_nav_line(stripped) and not is_body_paragraph(stripped):
        return "line", "navigation", "nav-separators"
    return None


def split_page(text: str, *, title_hint: str = "", rules: tuple[Rule, ...] | None = None) -> Split:
    """Split repaired page text into story and boilerplate.

    ``title_hint`` is a headline known from metadata (an HTML ``h1``, a record's
    title field); it is put first when the text does not already start with it.
    """
    rules = load_rules() if rules is None else rules
    lines = text.split("\n")
    n = len(lines)
    label: list[tuple[str, str] | None] = [None] * n   # (reason, rule) for dropped lines

    def drop(i: int, reason: str, rule: str) -> None:
        if label[i] is None and lines[i].strip():
            label[i] = (reason, rule)

    # 1. Line rules; "block" and "rest" rules extend over following lines. Every
    # line is classified on its own first, so a marker inside a block still counts.
    plan = _plan(rules)
    hits = [_classify(line, plan) if line.strip() else None for line in lines]
    rest_from = next((i for i, hit in enumerate(hits) if hit and hit[0] == "rest"), n)
    for i, hit in enumerate(hits):
        if hit is None:
            continue
        action, reason, rule = hit
        drop(i, reason, rule)
        if action == "block":
            j = i + 1
            while j < n and lines[j].strip() and not (hits[j] and hits[j][0] == "rest"):
                drop(j, reason, rule)
                j += 1

    # 2. The author's name on a line of its own next to "By <name>".
    names = {byline_name(line) for line in lines if byline_name(line)}
    for i, line in enumerate(lines):
        if line.strip() in names:
            drop(i, "byline", "author-name")

    # 3. Lines that repeat verbatim are teaser titles, offer names or captions.
    seen: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        seen.setdefault(line.strip(), []).append(i)
    for key, where in seen.items():
        if len(where) < 2 or len(words(key)) < 3:   # words counted for repeated lines only
            continue
        if is_body_paragraph(key):
            # Prose said twice (a pull quote, a scraper's double): keep the first.
            for i in where[1:]:
                drop(i, "repeated paragraph", "repeated-paragraph")
        else:
            for i in where:
                drop(i, "repeated teaser or caption", "repeated-line")

    # 4. Image alt text: a short unpunctuated line right above a caption.
    for i in range(n - 1):
        j = next((k for k in range(i + 1, n) if lines[k].strip()), None)
        if j is None or label[i] is not None or not label[j] or label[j][0] != "image caption":
            continue
        line = lines[i].strip()
        if line and len(words(line)) <= 14 and not _SENTENCE_END.search(line):
            drop(i, "image caption", "alt-text")

    # 5. Header: everything above the headline. The story starts at the first
    # prose paragraph; walking up from it over dropped lines, the title-like lines
    # met (standfirst, headline) are kept and whatever is above them is masthead.
    start = next((i for i in range(min(rest_from, n)) if label[i] is None and is_body_paragraph(lines[i])), None)
    top = start if start is not None else 0
    if start is not None:
        kept_titles = 0
        i = start - 1
        while i >= 0:
            line = lines[i].strip()
            if label[i] is not None and label[i][0] == "navigation":
                break  # a menu or breadcrumb: the headline is below it
            if not line or label[i] is not None:
                i -= 1
                continue
            if is_title_like(line) and kept_titles < 3:
                kept_titles += 1
                top = i
                i -= 1
                continue
            break
        for i in range(top):
            drop(i, "masthead or navigation", "above-headline")

    # 6. Tail: a related-stories or comments marker ends the story.
    for i in range(rest_from, n):
        if i > top:
            drop(i, "related stories or footer", "after-end-marker")

    kept = [lines[i].strip() for i in range(n) if label[i] is None and lines[i].strip()]
    title = ""
    if title_hint:
        title = re.sub(r"\s+", " ", title_hint).strip()
        if not kept or _norm(kept[0]) != _norm(title):
            kept.insert(0, title)
    elif kept and not is_body_paragraph(kept[0]) and is_title_like(kept[0]):
        title = kept[0]
    dropped = [Dropped(i, label[i][0], label[i][1], lines[i].strip()) for i in range(n) if label[i] is not None]
    header = [d.text for d in dropped if d.line < top]
    body_end = max((i for i in range(n) if label[i] is None and lines[i].strip()), default=top)
    # Byline and date lines belong to the page's header wherever the layout put
    # them (often under a standfirst); a footer's lines stay the footer's.
    header += [d.text for d in dropped if d.line >= top and d.line <= body_end and d.reason in
               ("byline", "date line")]
    footer = [d.text for d in dropped if d.line > body_end]
    masthead = [d.text for d in dropped if d.line < top and d.reason not in ("byline", "date line", "image caption")]
    return Split(body="\n\n".join(kept), title=title, dropped=dropped, header=header, footer=footer,
                 masthead=masthead)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
