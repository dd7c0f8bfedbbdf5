"""Entities: find the coaches, clubs, outlets, journalists and other people an article names.

One job: from an article's text to ``Mention`` rows (entity, kind, offsets, surface
text, explicit or not, and the rule that matched). Names come from the gazetteer
files under ``data/gazetteer/``; nothing about a particular person is in this code.

How a name is matched:

- every surface form in the gazetteer (full names, spellings, surnames, first names
  a man is known by, club aliases, nicknames and grounds) is indexed by its tokens,
  accents folded but case kept, because case carries meaning ("Slot" the coach,
  "slot" the noun; "AS" the newspaper, "as" the word);
- the text is scanned token by token and the longest form wins, possessives
  ("Arbeloa's") included;
- a surname counts for the person whose full name the article gives; a surname shared
  by several people, or listed in ``data/rules/surnames_needing_full_name.txt``,
  needs that full name; ambiguous club forms ("Real", "Milan", "Inter") go to a club
  the article names in full, else to the default in ``ambiguous_clubs.csv``;
- epithets ("the German", "the 58-year-old", "the former Liverpool boss") are
  resolved to the nearest compatible coach named in the two sentences before, with
  ``explicit = False``.
"""
from __future__ import annotations

import bisect
import functools
import operator
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from . import paths
from .gazetteer import load_outlets, read_rows, read_words, split_multi
from .outlets import COMMON_WORD_ALIASES

# Forms that name one entity outright, and forms that need the article's help.
FULL_FORMS = {"full", "variant", "name", "alias", "nickname", "ground"}
PARTICLES = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "ten", "le", "la", "al", "el", "dos",
             "das", "du", "do", "mac", "st"}
PEOPLE_KINDS = {"player": "player", "president": "executive", "owner": "executive", "executive": "executive",
                "official": "executive", "agent": "agent", "pundit": "pundit"}

_TOKEN = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_GAP = re.compile(r"\s{1,3}(?:&\s{1,3})?")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")   # text split around the tokens, tokens kept
_POSSESSIVE = re.compile(r"['’]s?$")
_POSSESSIVE_ENDS = ("'", "’", "s", "\n")   # _POSSESSIVE cannot match a string ending otherwise
_FOLD = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "ß": "ss", "œ": "oe", "ł": "l", "Ł": "L",
                       "đ": "d", "Đ": "D", "ı": "i", "’": "'"})


def fold(text: str) -> str:
    """Accent-fold, keep case: "Jürgen" -> "Jurgen"."""
    if text.isascii():   # nothing to fold (same result, much faster)
        return text
    return _fold_cached(text)


@functools.lru_cache(maxsize=1 << 16)
def _fold_cached(text: str) -> str:
    text = text.translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def form_key(form: str) -> str:
    return " ".join([fold(t) for t in _TOKEN.findall(form)])   # the texts of tokens(form)


@dataclass(frozen=True)
class Entity:
    slug: str
    kind: str                    # coach, club, outlet, journalist, player, executive, agent, pundit
    name: str
    nationality: str = ""
    birth_year: int | None = None
    clubs: tuple[str, ...] = ()  # for coaches: clubs managed; for journalists: their outlet
    role: str = ""


@dataclass(frozen=True)
class Mention:
    entity: str
    kind: str
    start: int
    end: int
    surface: str
    explicit: bool
    rule: str


@dataclass
class Index:
    """Every surface form of every entity, keyed by folded tokens."""

    entities: dict[str, Entity] = field(default_factory=dict)
    forms: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    max_tokens: int = 1
    needs_full_name: frozenset = frozenset()
    epithets: dict[str, str] = field(default_factory=dict)          # "German" -> "German"
    ambiguous_default: dict[str, str] = field(default_factory=dict)  # "Real" -> "real-madrid"
    place_after: dict[str, re.Pattern] = field(default_factory=dict)  # "Milan" after "in" is the city
    _lookup: _Lookup | None = field(default=None, repr=False, compare=False)   # built by _scan

    def add(self, form: str, slug: str, how: str) -> None:
        self._lookup = None
        key = form_key(form)
        if not key:
            return
        variants = {key}
        first = key.split(" ")[0]
        if first.lower() in PARTICLES:  # "ten Hag" and "Ten Hag"
            variants.add(first.lower() + key[len(first):])
            variants.add(first.capitalize() + key[len(first):])
        for k in variants:
            if (slug, how) not in self.forms[k]:
                self.forms[k].append((slug, how))
            self.max_tokens = max(self.max_tokens, k.count(" ") + 1)


def _year(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


def load_index(folder: str | None = None) -> Index:
    """The index of the gazetteer files (``folder`` for tests), built once per folder:
    ``load_index()``, ``load_index(None)`` and the project's own folder are one index."""
    from pathlib import Path

    wanted = Path(folder) if folder else paths.GAZETTEER
    return _build_index("" if wanted == paths.GAZETTEER else str(wanted))


@functools.lru_cache(maxsize=2)
def _build_index(folder: str) -> Index:
    from pathlib import Path

    base = Path(folder) if folder else paths.GAZETTEER
    index = Index()
    for row in read_rows("coaches", base):
        slug = row["slug"]
        index.entities[slug] = Entity(slug, "coach", row["name"], row.get("nationality", ""),
                                      _year(row.get("birth_year", "")), tuple(split_multi(row.get("clubs"))),
                                      row.get("role", ""))
        index.add(row["name"], slug, "full")
        for form in split_multi(row.get("variants")):
            index.add(form, slug, "variant")
        if row.get("surname"):
            index.add(row["surname"], slug, "surname")
        for form in split_multi(row.get("known_as")):
            index.add(form, slug, "known_as")
    for row in read_rows("clubs", base):
        slug = row["slug"]
        index.entities[slug] = Entity(slug, "club", row["name"], row.get("country", ""), role=row.get("kind", ""))
        index.add(row["name"], slug, "full")
        for column, how in (("aliases", "alias"), ("nicknames", "nickname"), ("grounds", "ground"),
                            ("ambiguous", "ambiguous")):
            for form in split_multi(row.get(column)):
                index.add(form, slug, how)
    for row in read_rows("people", base):
        slug = row["slug"]
        if slug in index.entities:
            continue
        kind = PEOPLE_KINDS.get(row.get("kind", ""), "player")
        index.entities[slug] = Entity(slug, kind, row["name"], row.get("nationality", ""),
                                      clubs=tuple(split_multi(row.get("affiliation"))), role=row.get("kind", ""))
        index.add(row["name"], slug, "full")
        for form in split_multi(row.get("variants")):
            index.add(form, slug, "surname" if " " not in form.strip() else "variant")
    for row in read_rows("journalists", base):
        slug = row["slug"]
        if slug in index.entities:
            continue
        index.entities[slug] = Entity(slug, "journalist", row["name"], clubs=tuple(split_multi(row.get("outlet"))))
        index.add(row["name"], slug, "full")
        for form in split_multi(row.get("variants")):
            index.add(form, slug, "surname" if " " not in form.strip() else "variant")
    outlets = load_outlets(str(base) if folder else None)
    for outlet in outlets.by_slug.values():
        if outlet.slug in index.entities:
            continue
        index.entities[outlet.slug] = Entity(outlet.slug, "outlet", outlet.name, role=outlet.kind)
        for name in outlet.names:
            common = " " not in name and name.lower() in COMMON_WORD_ALIASES
            index.add(name, outlet.slug, "common" if common else "name")
            if name[:1].islower():   # "kicker" writes itself in lower case; a sentence may not
                index.add(name[:1].upper() + name[1:], outlet.slug, "common" if common else "name")
    index.needs_full_name = frozenset(
        fold(word) for word in read_words(paths.RULES / "surnames_needing_full_name.txt"))
    from .gazetteer import slug as make_slug

    for row in read_rows("demonyms", base):
        for epithet in split_multi(row.get("epithets")):
            index.epithets[epithet] = row["nationality"]
        team = make_slug(row.get("country", ""))
        if team in index.entities:   # "the German national team" is Germany
            for noun in ("national team", "national side", "national squad"):
                index.add(f"{row['nationality']} {noun}", team, "alias")
    for row in read_rows("ambiguous_clubs", base):
        index.ambiguous_default[form_key(row["form"])] = row["club"]
        words = split_multi(row.get("place_after"))
        if words:
            index.place_after[form_key(row["form"])] = re.compile(
                r"(?i)\b(" + "|".join(re.escape(w) for w in words) + r")\s+$")
    return index


# --------------------------------------------------------------------------- matching

@dataclass
class _Match:
    start: int
    end: int
    surface: str
    key: str
    candidates: list[tuple[str, str]]


class _Lookup:
    """What ``_scan`` needs to pass over most tokens at once, derived from the keys of
    ``Index.forms`` (rebuilt when the keys change).

    The key of a window of n > 1 tokens is the key of its first n - 1 tokens, a space,
    and the last token (or its possessive-stripped form), so if it is a form, the first
    n - 1 tokens' key is one of ``prefixes`` (the parts of keys before one of their
    spaces): a window is extended only while that holds, and the windows left out
    could not match. A token that is no such prefix can match only on its own, and
    whether it does depends on the token alone. A plan, remembered per
    token text seen: its folded form, whether it is a prefix, and its match on its own
    (key and how many characters the possessive takes off), or None when the token
    starts no match at all (most tokens)."""

    MAX_PLANS = 1 << 16   # distinct token texts remembered before starting afresh (a few MB)

    def __init__(self, forms: dict) -> None:
        self.size = len(forms)
        self.forms = forms
        self.prefixes = {key[:at] for key in forms for at, char in enumerate(key) if char == " "}
        # (plans, starters): plans by token text, and the token texts whose plan is not
        # None. One attribute, replaced rather than emptied, so that a scan in another
        # thread (dask workers run tasks in threads) keeps a consistent pair.
        self.memo: tuple[dict[str, tuple[str, bool, tuple[str, int] | None] | None], set[str]] = ({}, set())
        self.readings: dict[str, _Reading] = {}   # by key, filled by _resolve

    def learn(self, words: set[str]) -> tuple[dict, set[str]]:
        """(plans, starters) with a plan for every token text in ``words``."""
        plans, starters = self.memo
        if len(plans) > self.MAX_PLANS:
            plans, starters = self.memo = ({}, set())
        for word in [w for w in words if w not in plans]:
            plan = None
            # The tokens the scan looks at: capitalised, a number, or a particle ("ten Hag").
            if word[0].isupper() or word[0].isdigit() or word.lower() in PARTICLES:
                folded = fold(word)
                alone = _alone(folded, self.forms)
                if alone or folded in self.prefixes:
                    plan = (folded, folded in self.prefixes, alone)
                    starters.add(word)
            plans[word] = plan
        return plans, starters


def _alone(folded: str, forms: dict) -> tuple[str, int] | None:
    """The key one folded token matches by itself, and the characters cut off its end."""
    if folded in forms:
        return folded, 0
    stripped = _POSSESSIVE.sub("", folded)
    if stripped != folded and stripped in forms:
        return stripped, len(folded) - len(stripped)
    return None


def _lookup_of(index: Index) -> _Lookup:
    lookup = index._lookup
    if lookup is None or lookup.forms is not index.forms or lookup.size != len(index.forms):
        lookup = index._lookup = _Lookup(index.forms)
    return lookup


def _scan(text: str, index: Index) -> list[_Match]:
    """Longest forms from left to right: at each token that may start a name (capitalised,
    a number or a particle), the longest window of up to ``max_tokens`` tokens separated
    by spaces only whose folded key (or the key with the last token possessive-stripped)
    is a form; after a match the scan goes on after the key's tokens."""
    lookup = _lookup_of(index)
    # [gap, token, gap, token, ..., gap]: token k is parts[2k + 1], starting at
    # bounds[2k] and ending at bounds[2k + 1]; the gap after it is parts[2k + 2].
    parts = _TOKEN_SPLIT.split(text)
    words = parts[1::2]
    distinct = set(words)
    plans, starters = lookup.learn(distinct)
    here = starters.intersection(distinct)
    if not here:
        return []
    prefixes, forms = lookup.prefixes, index.forms
    bounds = list(accumulate(map(len, parts)))
    found: list[_Match] = []
    resume = 0     # tokens before this one are inside the last match
    for i in [k for k, w in enumerate(words) if w in here]:
        if i < resume:
            continue
        folded, extendable, alone = plans[words[i]]
        start = bounds[2 * i]
        matched = None
        if extendable:
            # Longest window first; the words must be separated by spaces only.
            keys = [folded]          # keys[n - 1]: the key of the first n tokens
            window = [folded]
            top = min(index.max_tokens, len(words) - i)
            n = 1
            while n < top and keys[-1] in prefixes:
                gap = parts[2 * (i + n)]
                if gap != " " and not _GAP.fullmatch(gap):
                    break
                window.append(fold(words[i + n]))
                keys.append(keys[-1] + " " + window[-1])
                n += 1
            for n in range(len(keys), 1, -1):
                end = bounds[2 * (i + n) - 1]
                if keys[n - 1] in forms:
                    matched = _Match(start, end, text[start:end], keys[n - 1], forms[keys[n - 1]])
                    break
                last = window[n - 1]
                if not last.endswith(_POSSESSIVE_ENDS):
                    continue
                stripped = _POSSESSIVE.sub("", last)
                if stripped != last:
                    key = keys[n - 2] + " " + stripped
                    if key in forms:
                        end -= len(last) - len(stripped)
                        matched = _Match(start, end, text[start:end], key, forms[key])
                        break
        if matched is None and alone:
            key, cut = alone
            end = bounds[2 * i + 1] - cut
            matched = _Match(start, end, text[start:end], key, forms[key])
        if matched:
            found.append(matched)
            resume = i + max(1, matched.key.count(" ") + 1)
    return found


@dataclass(frozen=True)
class _Reading:
    """What a key's candidates say whatever the article: the entities it names outright
    (sorted) and how the first is named, those it names by surname or known-as name, the
    clubs it may stand for, and the outlets whose name is also a word."""

    direct: tuple[str, ...]
    direct_how: str
    partial: tuple[str, ...]
    clubs: tuple[str, ...]
    common: tuple[str, ...]


def _reading(candidates: list[tuple[str, str]]) -> _Reading:
    direct = sorted({slug for slug, how in candidates if how in FULL_FORMS})
    direct_how = next((h for s, h in candidates if s == direct[0] and h in FULL_FORMS), "") if direct else ""
    return _Reading(tuple(direct), direct_how,
                    tuple(sorted({slug for slug, how in candidates if how in ("surname", "known_as")})),
                    tuple(sorted({slug for slug, how in candidates if how == "ambiguous"})),
                    tuple(slug for slug, how in candidates if how == "common"))


def _resolve(matches: list[_Match], index: Index, text: str) -> list[Mention]:
    # Each key's reading is worked out once per index (the candidates of a key change only
    # through Index.add, which drops the lookup).
    readings = _lookup_of(index).readings
    read = []
    for m in matches:
        reading = readings.get(m.key)
        if reading is None:
            reading = readings[m.key] = _reading(m.candidates)
        read.append(reading)
    # Entities the article names in full (or by an unambiguous alias).
    named = {r.direct[0] for r in read if len(r.direct) == 1}
    mentions = []
    for m, reading in zip(matches, read):
        slug, rule = _choose(m, reading, index, named, text)
        if slug:
            entity = index.entities[slug]
            mentions.append(Mention(slug, entity.kind, m.start, m.end, m.surface, True, rule))
    return mentions


def _choose(m: _Match, reading: _Reading, index: Index, named: set[str], text: str) -> tuple[str, str]:
    direct = reading.direct
    if len(direct) == 1:
        return direct[0], f"{index.entities[direct[0]].kind}-{reading.direct_how}"
    if len(direct) > 1:
        known = [s for s in direct if s in named]
        return (known[0], "named-in-article") if len(known) == 1 else ("", "")
    partial = reading.partial
    if partial:
        known = [s for s in partial if s in named]
        if len(known) == 1:
            return known[0], "surname-of-named"
        if len(known) > 1 or len(partial) > 1 or m.key in index.needs_full_name:
            return "", ""
        return partial[0], "surname-unique"
    clubs = reading.clubs
    place = index.place_after.get(m.key)
    if clubs and place is not None and place.search(text[max(0, m.start - 20):m.start]):
        return "", ""   # "the upheaval in Madrid": the city
    if clubs:
        known = [s for s in clubs if s in named]
        if len(known) == 1:
            return known[0], "club-named-in-article"
        default = index.ambiguous_default.get(m.key)
        if default and not known:
            return default, "club-default"
        return "", ""
    common = reading.common
    if common and _cited_outlet_context(text, m.start, m.end):
        return common[0], "outlet-cited"
    return "", ""


_CITED_BEFORE = re.compile(r"(?i)(according to|as per|daily|newspaper|outlet|paper|broadcaster|reported by|"
                           r"relayed by|told|picked up by|via|from|in|per)\s+(the\s+)?$")
_CITED_AFTER = re.compile(r"^\s*(report|reports|reported|claim|claims|claimed|say|says|said|understand|"
                          r"understands|revealed|reveals|state|states|stated|suggest|suggests|add|added|"
                          r"insist|insists|went|have|has|then)\b")


def _cited_outlet_context(text: str, start: int, end: int) -> bool:
    """A one-word outlet name that is also a word ("Sport", "AS") counts only where cited."""
    return bool(_CITED_BEFORE.search(text[max(0, start - 40):start]) or _CITED_AFTER.match(text[end:end + 30]))


# --------------------------------------------------------------------------- epithets

_EPITHET_NOUN_STOP = {
    "press", "media", "club", "clubs", "side", "sides", "giants", "league", "champions", "champion", "national",
    "team", "teams", "outlet", "newspaper", "daily", "journalist", "journalists", "report", "reports", "football",
    "federation", "fa", "capital", "top", "game", "market", "window", "title", "cup", "players", "player", "star",
    "striker", "midfielder", "defender", "goalkeeper", "winger", "forward", "international", "government",
    "public", "fans", "supporters", "broadcaster", "publication", "television", "tv", "radio", "site", "website",
    "paper", "outfit", "giant", "record", "way", "style", "language", "heavyweights", "top-flight", "season",
    "cup-winners", "job", "post", "squad", "network", "agency", "market's", "first", "second",
}
_COACH_NOUNS = r"(?:head coach|coach|manager|boss|tactician|chief|gaffer|trainer|supremo)"
_NEXT_WORD = re.compile(r"\s+([\w'’-]+)")
_CAPITAL = re.compile(r"[A-Z]")


@functools.lru_cache(maxsize=2)
def _epithet_pattern(folder: str | None = None) -> re.Pattern:
    index = load_index(folder)
    demonyms = "|".join(sorted((re.escape(e) for e in index.epithets), key=len, reverse=True)) or "(?!x)x"
    # "[Tt](?<!\w[Tt])he" is "\b[Tt]he" (no word character before the T) written to begin
    # with a character class, which lets the engine skip straight to the next T or t.
    return re.compile(
        r"[Tt](?<!\w[Tt])he\s+(?:(?P<former>former|ex-|ex)\s*|(?:new|current|interim|caretaker|incoming|permanent)\s+)?(?:"
        rf"(?P<age>\d{{2}})-year-old(?:\s+{_COACH_NOUNS})?|"
        rf"(?P<demonym>{demonyms})(?:\s+(?P<dnoun>{_COACH_NOUNS}))?|"
        rf"(?P<clubname>(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’.-]*)\s+(?P<cnoun>{_COACH_NOUNS})"
        r")(?![\w-])")


_START = operator.attrgetter("start")
_START_END = operator.attrgetter("start", "end")


def epithet_mentions(text: str, named: list[Mention], published_year: int | None, index: Index,
                     sentence_starts: list[int], folder: str | None = None) -> list[Mention]:
    """Epithets resolved to the nearest compatible coach named in the two sentences before."""
    coaches = sorted((m for m in named if m.kind == "coach"), key=_START)
    coach_starts = [m.start for m in coaches]
    clubs = sorted((m for m in named if m.kind == "club"), key=_START)
    club_starts = [m.start for m in clubs]
    found = []
    for m in _epithet_pattern(folder).finditer(text):
        after = text[m.end():m.end() + 30]
        next_word = _NEXT_WORD.match(after)
        if next_word and _CAPITAL.match(next_word.group(1)) and not m.group("cnoun"):
            continue  # "the German Jurgen Klopp": a title before a name, not an epithet
        if m.group("demonym") and not m.group("dnoun") and next_word and \
                next_word.group(1).lower() in _EPITHET_NOUN_STOP:
            continue  # "the Italian press"
        if m.group("clubname"):
            inside = clubs[bisect.bisect_left(club_starts, m.start("clubname")):
                           bisect.bisect_left(club_starts, m.end("clubname"))]
            club = next((c.entity for c in inside if c.end <= m.end("clubname")), "")
            if not club or (next_word and _CAPITAL.match(next_word.group(1))):
                continue  # "the Milan boss Massimiliano Allegri" is a title; unknown club: not ours
        else:
            club = ""
        # Candidates: coaches named before the epithet, within this and the two sentences before.
        sentence = max(bisect.bisect_right(sentence_starts, m.start()) - 1, 0)
        window_start = sentence_starts[max(0, sentence - 2)] if sentence_starts else 0
        before = coaches[bisect.bisect_left(coach_starts, window_start):bisect.bisect_left(coach_starts, m.start())]
        for candidate in reversed(before):
            entity = index.entities[candidate.entity]
            if _compatible(entity, m, club, published_year, index):
                found.append(Mention(candidate.entity, "coach", m.start(), m.end(), m.group(0), False,
                                     "epithet-" + ("age" if m.group("age") else
                                                   "nationality" if m.group("demonym") else "club-role")))
                break
    return found


def _compatible(entity: Entity, m: re.Match, club: str, year: int | None, index: Index) -> bool:
    if m.group("age"):
        if entity.birth_year is None or year is None:
            return True
        return int(m.group("age")) in (year - entity.birth_year, year - entity.birth_year - 1)
    if m.group("demonym"):
        return index.epithets.get(m.group("demonym")) == entity.nationality
    if club:
        return club in entity.clubs or not entity.clubs
    return False


# --------------------------------------------------------------------------- public

def find_mentions(text: str, *, published: str = "", sentence_starts: list[int] | None = None,
                  folder: str | None = None) -> list[Mention]:
    """All mentions in an article's text, explicit names first resolved, then epithets."""
    index = load_index(folder)
    explicit = _resolve(_scan(text, index), index, text)
    year = int(published[:4]) if published[:4].isdigit() else None
    starts = sentence_starts if sentence_starts is not None else [0]
    implicit = epithet_mentions(text, explicit, year, index, starts, folder)
    return sorted(explicit + implicit, key=_START_END)
