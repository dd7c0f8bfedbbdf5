"""Publishing outlet: which outlet put this page out, as a slug from ``data/gazetteer/outlets.csv``.

Evidence is read where a page speaks about itself, best first: its web address
(record URL, canonical link, a bare address in the footer), its declared site
name (``og:site_name``, JSON-LD publisher, a record's outlet field), its
masthead, its copyright and ownership lines, its own promotions and teasers
("Get TEAMtalk updates", "READ: ... F365 ..."), and the outlet's own voice in the
story ("TEAMtalk sources", "TEAMtalk understands", "F365 says:"). A report the
story cites ("TEAMtalk claim ...", "according to ESPN") is never the outlet.
An outlet the file does not know is still named, as the slug of the name the
page gives itself, and marked as unknown so a user can add it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .gazetteer import Outlets, load_outlets, slug

# Single-word aliases that are ordinary words: never matched in running text,
# only where a whole line, a site name or an address is the outlet's name.
COMMON_WORD_ALIASES = {
    "sport", "sports", "as", "record", "goal", "mail", "sky", "express", "mirror", "sun", "times", "independent",
    "standard", "echo", "metro", "star", "post", "daily", "news", "observer", "world", "football", "soccer",
    "ge", "marca", "today", "the",
}
# The outlet's own voice: "<name> sources", "<name> understands", "<name> says:".
OWN_VOICE = (
    r"{name} sources\b", r"{name} understands\b", r"{name} can (?:exclusively )?(?:reveal|confirm)\b",
    r"{name} says\s*:", r"{name}'s verdict\b", r"{name} exclusive\b", r"(?:our|the) {name} (?:app|channel|newsletter)",
    r"\b(?:get|join|follow|download|subscribe to|sign up (?:to|for)) {name}\b", r"{name} (?:favourite|ladder|mailbox)\b",
)
_CORPORATE = r"(?:Ltd|Limited|Newspapers?|Media|Group|Inc|LLC|plc|GmbH|S\.?p\.?A|S\.?L|SA|Publishing|Digital)"
_COPYRIGHT_AFTER = re.compile(
    r"©\s*(?:\d{4}\s*[-–]?\s*(?:\d{4})?\s*)?(?P<name>[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,4}?)"
    rf"(?=\s+{_CORPORATE}\b|\s*\d{{4}}|\s*[.,|·]|\s*$)")
_COPYRIGHT_BEFORE = re.compile(r"^(?P<name>[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,4})\s*©")
_PICTURE_CREDIT = re.compile(r"(?i)getty|imago|alamy|lapresse|shutterstock|reuters|photo|image|foto")
_MASTHEAD_SPLIT = re.compile(r"\s+(?:\||>|›|»|·|–|-)\s+")


@dataclass(frozen=True)
class FoundOutlet:
    slug: str
    rule: str
    evidence: str
    known: bool


@functools.lru_cache(maxsize=4)
def _names(folder: str | None = None) -> list[tuple[str, str]]:
    """(name, slug) for every outlet name usable in running text, longest first."""
    outlets = load_outlets(folder)
    names = []
    for outlet in outlets.by_slug.values():
        for name in outlet.names:
            if len(name) < 2 or (" " not in name and name.lower() in COMMON_WORD_ALIASES):
                continue
            names.append((name, outlet.slug))
    names.sort(key=lambda item: (-len(item[0]), item[0]))
    return names


@functools.lru_cache(maxsize=4)
def _name_patterns(folder: str | None = None) -> list[tuple[str, re.Pattern, str]]:
    """(name, pattern, slug) for every outlet name; case-sensitive on purpose: "TEAMtalk" and
    "F365" are names, "sport" is a word."""
    return [(name, re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])"), s) for name, s in _names(folder)]


@functools.lru_cache(maxsize=4)
def _own_voice_patterns(folder: str | None = None) -> tuple[list[re.Pattern], dict[str, str]]:
    """One compiled pattern per own-voice phrasing, with every outlet name as alternatives."""
    names = _names(folder)
    slug_of = {}
    for name, outlet_slug in names:
        slug_of.setdefault(name, outlet_slug)
    alternation = "(?P<name>" + "|".join(re.escape(name) for name, _ in names) + ")"
    return [re.compile(voice.format(name=alternation)) for voice in OWN_VOICE], slug_of


def outlets_named_in(line: str, folder: str | None = None) -> list[tuple[str, str]]:
    """(slug, name as written) for each known outlet named in a line, longest names first."""
    found, taken = [], []
    for name, pattern, outlet_slug in _name_patterns(folder):
        if name not in line:
            continue  # the pattern matches the name as written: without it, no match (and a plain test is fast)
        for m in pattern.finditer(line):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((outlet_slug, m.group(0)))
    return found


def _copyright_name(line: str) -> str:
    if "©" not in line or _PICTURE_CREDIT.search(line):
        return ""
    m = _COPYRIGHT_BEFORE.search(line) or _COPYRIGHT_AFTER.search(line)
    return m.group("name").strip(" .,") if m else ""


def _masthead_name(lines: list[str]) -> str:
    """The name in a page's first line when it reads as a masthead ("PitchSide Daily | Football")."""
    if not lines:
        return ""
    first = _MASTHEAD_SPLIT.split(lines[0].strip())[0].strip()
    words = first.split()
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return ""
    if len(words) == 1 and first.lower() in COMMON_WORD_ALIASES | {"home", "menu", "search", "trending"}:
        return ""
    return first


def domain_label(url: str) -> str:
    """The distinctive part of a web address: ``https://www.worldsoccertalk.com/x`` -> ``worldsoccertalk``."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", (url or "").strip().lower()).split("/")[0].split(":")[0]
    parts = [p for p in host.removeprefix("www.").split(".") if p]
    if len(parts) < 2:
        return ""
    # Drop the public suffix: one label (".com"), or two for "co.uk"-style suffixes.
    cut = 2 if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in {"co", "com", "org", "net", "ac", "gov"} else 1
    return parts[-cut - 1]


def name_spelling_domain(label: str, text: str) -> str:
    """A capitalised name in ``text`` whose letters spell the domain label ("World Soccer Talk")."""
    for m in re.finditer(r"\b[A-Z][\w'&]*(?:\s+[A-Z0-9][\w'&]*){0,4}", text):
        words = m.group(0).split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                if re.sub(r"[^a-z0-9]", "", "".join(words[i:j]).lower()) == label:
                    return " ".join(words[i:j])
    return ""


def find_outlet(*, urls: list[str] = (), site_names: list[tuple[str, str]] = (), header: list[str] = (),
                footer: list[str] = (), promos: list[str] = (), body: str = "", first_lines: list[str] = (),
                page_text: str = "", folder: str | None = None) -> FoundOutlet | None:
    """Decide the publishing outlet from the evidence a page gives about itself."""
    outlets: Outlets = load_outlets(folder)
    for url in urls:
        outlet = outlets.lookup_url(url)
        if outlet:
            return FoundOutlet(outlet.slug, "web-address", url, True)
    for rule, name in site_names:
        outlet = outlets.lookup_name(name) or outlets.lookup_url(name)
        if outlet:
            return FoundOutlet(outlet.slug, rule, name, True)
    masthead = _masthead_name(list(first_lines))
    if masthead:
        outlet = outlets.lookup_name(masthead)
        if outlet:
            return FoundOutlet(outlet.slug, "masthead", first_lines[0], True)
    for zone, lines in (("masthead", header), ("footer", footer), ("own-promotion", promos)):
        for line in lines:
            for outlet_slug, _ in outlets_named_in(line, folder)[:1]:
                return FoundOutlet(outlet_slug, zone, line, True)
    voices, slug_of = _own_voice_patterns(folder)
    hits = [m for m in (voice.search(body) for voice in voices) if m]
    if hits:
        first = min(hits, key=lambda m: m.start())
        return FoundOutlet(slug_of[first.group("name")], "own-voice", first.group(0), True)
    # Unknown outlets: the name the page gives itself, best evidence first.
    for rule, name in site_names:
        if slug(name):
            return FoundOutlet(slug(name), f"{rule} (not in outlets.csv)", name, False)
    labels = [(url, domain_label(url)) for url in urls if domain_label(url)]
    for url, label in labels:
        name = name_spelling_domain(label, page_text or body)
        if name:
            return FoundOutlet(slug(name), "web-address (not in outlets.csv)", url, False)
    for line in list(footer) + list(header):
        name = _copyright_name(line)
        if name and slug(name):
            return FoundOutlet(slug(name), "copyright line (not in outlets.csv)", line, False)
    if masthead:
        repeated = any(masthead.lower() in line.lower() for line in list(footer) + list(promos))
        followed_by_menu = len(first_lines) > 1 and len(_MASTHEAD_SPLIT.split(first_lines[1])) >= 3
        if repeated or followed_by_menu:
            return FoundOutlet(slug(masthead), "masthead (not in outlets.csv)", first_lines[0], False)
    for url, label in labels:
        return FoundOutlet(slug(label), "web-address (not in outlets.csv)", url, False)
    return None
