"""Prefilter: which regular expressions can match a text, told cheaply before running them.

One job: rule out patterns cheaply before they are run. The claims engine tries some
thirty cue patterns (long alternations from ``data/rules/cues.csv``) on every sentence,
and most of them cannot match most sentences. Every match of a pattern opens with one
of a few literal strings ("linked w", "sack", "poised to "), read here from the parse
tree of the compiled pattern; one pass over the sentence finds which openings occur,
and so which patterns are worth running.

The boilerplate line rules use the other test here, ``needed_strings``: strings of
which every match of a pattern contains one ("newsletter", "getty"), so that a line
holding none of them is not searched.

Both tests err one way only: a pattern they rule out has no match in the text. A
pattern that can open with something other than a literal (a character class, ``\\w``)
is never ruled out. Case is folded on both sides, so case-insensitive patterns are
covered, and case-sensitive ones are merely let through more often.
"""
from __future__ import annotations

import functools
import re
from re import _constants as sre   # the parse tree of a pattern: no public API offers it
from re import _parser as sre_parse

# Openings are read up to this many characters: long enough to tell "the job" from "the"
# in most cues, short enough that optional words do not multiply them without end.
LONGEST_OPENING = 12
MOST_OPENINGS = 4096   # past this, a pattern's openings are read shorter (see _openings)


def _fold_table() -> dict[int, str]:
    """Characters that a case-insensitive ``re`` match equates with an ASCII letter but
    that ``str.lower`` does not turn into it (dotless ı, long ſ, the Kelvin sign K, İ)."""
    table = {}
    others = "".join(map(chr, range(0x80, 0x10000)))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for ch in re.findall(letter, others, re.IGNORECASE):
            table[ord(ch)] = letter
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower case as ``re.IGNORECASE`` compares it, one character for one character."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


def _folds_alike(ch: str) -> bool:
    """Whether every character ``re.IGNORECASE`` may equate with ``ch`` folds as ``ch`` does:
    so for ASCII and for characters without case; a non-ASCII letter (the Greek sigma has
    three forms) ends an opening instead, which only lets more through."""
    return ch.isascii() or ch.lower() == ch == ch.upper()


def _starts(items: list, room: int) -> set[str]:
    """The literal strings (folded, at most ``room`` long) a parsed sequence can open with.

    A string shorter than ``room`` means the literal run ends there (the pattern goes on
    with a class, a group we cannot read, or ends). ``""`` means: no literal opening."""
    if room == 0 or not items:
        return {""}
    (op, arg), rest = items[0], items[1:]
    if op is sre.LITERAL and _folds_alike(chr(arg)):
        return {fold(chr(arg)) + tail for tail in _starts(rest, room - 1)}
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _starts(rest, room)   # takes no characters; ignoring what it asks only lets more through
    if op is sre.SUBPATTERN:
        return _starts(list(arg[-1]) + rest, room)
    if op is sre.BRANCH:
        return set().union(*(_starts(list(alternative) + rest, room) for alternative in arg[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        least, most, body = arg
        if most == 0:
            return _starts(rest, room)
        body = list(body)
        if "" in _starts(body, room):
            return {""}   # the repeated part may open with anything, or with nothing
        again = [] if most == 1 else [(op, (max(least - 1, 0), most if most == sre.MAXREPEAT else most - 1, body))]
        found = _starts(body + again + rest, room)
        return found | _starts(rest, room) if least == 0 else found
    return {""}


def _openings(pattern: re.Pattern) -> frozenset[str] | None:
    """Every literal string a match of ``pattern`` opens with; None when one can open otherwise."""
    tree = list(sre_parse.parse(pattern.pattern, pattern.flags))
    for room in (LONGEST_OPENING, 6, 3):
        found = _starts(tree, room)
        if len(found) <= MOST_OPENINGS:
            break
    if "" in found:
        return None
    return frozenset(found)


def _alternation(strings: list[str]) -> str:
    """A regular expression for a set of strings, shaped as a trie: at each character the
    engine picks one branch instead of trying every string, and the longest wins."""
    trie: dict = {}
    for text in strings:
        node = trie
        for ch in text:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        parts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(trie)


class Prefilter:
    """Where the patterns of a list may match a text: ``starts(text)``, by pattern index."""

    def __init__(self, patterns: list[re.Pattern]):
        openings = [_openings(p) for p in patterns]
        self.always = frozenset(i for i, found in enumerate(openings) if found is None)
        owners: dict[str, set[int]] = {}
        for i, found in enumerate(openings):
            for opening in found or ():
                owners.setdefault(opening, set()).add(i)
        # A match of the scan is the longest opening at its place; the shorter openings
        # there are its prefixes, so each opening answers for its prefixes' patterns too.
        self._reach = {opening: frozenset().union(*(owners.get(opening[:n], ()) for n in range(1, len(opening) + 1)))
                       for opening in owners}
        self._scan = re.compile(f"(?=({_alternation(sorted(owners))}))") if owners else None

    def starts(self, text: str) -> dict[int, list[int]]:
        """Where in ``text`` each pattern's matches can begin, in order, for the patterns not
        in ``always`` (those can begin anywhere); a pattern absent from it cannot match."""
        where: dict[int, list[int]] = {}
        if self._scan is not None:
            for found in self._scan.finditer(fold(text)):   # fold keeps every character's place
                for i in self._reach[found.group(1)]:
                    where.setdefault(i, []).append(found.start())
        return where


# --------------------------------------------------------------------------- needed strings

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


def _needed(items, ignorecase: bool) -> frozenset[str] | None:
    """Strings of which every match of the parsed sequence ``items`` contains one, or None."""
    options: list[frozenset[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            options.append(frozenset({"".join(run)}))
            run.clear()

    for op, arg in items:
        # A case-insensitive non-ASCII letter could match letters that fold() does not
        # bring to it; a character without case ("©") matches only itself.
        if op is sre.LITERAL and (not ignorecase or _folds_alike(chr(arg))):
            run.append(chr(arg).lower() if ignorecase else chr(arg))
            continue
        end_run()
        if op is sre.SUBPATTERN and not arg[1] and not arg[2]:   # a group that sets no flags
            found = _needed(arg[3], ignorecase)
        elif op is sre.ATOMIC_GROUP:
            found = _needed(arg, ignorecase)
        elif op in _REPEATS and arg[0] >= 1:
            found = _needed(arg[2], ignorecase)
        elif op is sre.BRANCH:
            found = frozenset()
            for branch in arg[1]:
                one = _needed(branch, ignorecase)
                if one is None:
                    found = None
                    break
                found |= one
        else:
            found = None
        if found:
            options.append(found)
    end_run()
    # The option whose shortest string is longest rules out the most texts.
    return max(options, key=lambda strings: min(map(len, strings)), default=None)


def needed_strings(pattern: re.Pattern) -> tuple[bool, re.Pattern] | None:
    """(whether to search ``fold(text)``, a pattern for the strings of which every match of
    ``pattern`` contains one), or None when there are none or the pattern is anchored at
    the start (it is tried at the start only, and fast already)."""
    return _needed_strings_of(pattern.pattern, pattern.flags)   # a str hashes faster than a Pattern


@functools.lru_cache(maxsize=256)
def _needed_strings_of(source: str, flags: int) -> tuple[bool, re.Pattern] | None:
    try:
        parsed = sre_parse.parse(source, flags)
    except Exception:  # an internal parser that changed: no shortcut, every text is searched
        return None
    if parsed.data and parsed.data[0] in ((sre.AT, sre.AT_BEGINNING), (sre.AT, sre.AT_BEGINNING_STRING)):
        return None
    ignorecase = bool(parsed.state.flags & re.IGNORECASE)
    needed = _needed(parsed.data, ignorecase)
    if not needed:
        return None
    return ignorecase, re.compile("|".join(re.escape(s) for s in sorted(needed)))
