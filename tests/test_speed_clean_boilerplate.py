"""The cheap tests in front of the line rules and date searches never skip a line that matches."""
import random
import re
import sys

import pytest

from rumourlib import boilerplate, dates


def test_ascii_case_twins_are_all_the_non_ascii_characters_matching_ascii_under_ignorecase():
    everything = "".join(map(chr, range(128, sys.maxunicode + 1)))
    twins = {}
    for code in range(128):
        for other in re.findall(re.escape(chr(code)), everything, re.I):
            twins[other] = chr(code).lower()
    assert twins == {chr(k): v for k, v in boilerplate._ASCII_CASE_TWINS.items()}


def test_characters_without_case_match_only_themselves():
    import _sre

    for code in range(128, sys.maxunicode + 1):
        c = chr(code)
        if c.lower() == c == c.upper():
            assert not _sre.unicode_iscased(code), hex(code)


def test_needed_strings():
    def needed(pattern):
        found = boilerplate._prefilter(re.compile(pattern))
        return found and (found[0], sorted(found[1].pattern.replace("\\", "").split("|")))

    assert needed(r"(?i)\b(sign up (to|for)\b|newsletter\b)") == (True, ["newsletter", "sign up "])
    assert needed(r"(?i)\b(©|getty|ſtar)") == (True, ["getty", "tar", "©"])   # a non-ASCII letter ends a run
    assert needed(r"(?i)\b(©|getty|ſ)") is None
    assert needed(r"(?i)(©|\(c\)\s*\d{4})") == (True, ["(c)", "©"])
    assert needed(r"Getty|IMAGO") == (False, ["Getty", "IMAGO"])
    assert needed(r"(?i)^getty") is None                     # anchored: tried at the start only
    assert needed(r"(?i)\b(a|)b") == (True, ["b"])
    assert needed(r"(?i)\b(?:a|)") is None
    assert needed(r"x*") is None
    assert needed(r"(?i)(?:ab){2,}c?d") == (True, ["ab"])
    assert needed(r"(?i)(?:ab)?c") == (True, ["c"])


@pytest.mark.parametrize("rule", boilerplate.load_rules(), ids=lambda rule: rule.name)
def test_rules_give_the_same_answer_with_and_without_the_cheap_test(rule):
    rnd = random.Random(rule.name)
    pieces = ["Sign up to our NEWSLETTER", "GETTY IMAGES", "Getty", "© 2025 Foo Ltd", "(C) 2024", "ſign up for",
              "İmago", "\u212aeep", "Photo: Alamy", "looks on during the match", "Read: more", "www.x.com",
              "pictured", "Advertisement", "£9.99/month", "Most read", "About | Privacy", "logo", "menu",
              " ", "  ", "word", "Ünïcödé", "ς", "Σ", "ß", "fi", "K", "s", "i", "ı", ".", ":", "-", "(", ")"]
    plan = boilerplate._plan((rule,))
    for _ in range(3000):
        line = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8))).strip()
        if rule.pattern.search(line):
            assert boilerplate._classify(line, plan) == (rule.action, rule.reason, rule.name), line


def test_relative_words_and_years():
    for line in ("3 days ago", "3 DAYS AGO", "YESTERDAY", "yeſterday", "Today", "an hour ago", "x"):
        assert bool(dates._RELATIVE.search(line)) <= dates._maybe_relative(line), line
    for line in ("5 March 2025", "March 5, 1999", "2025-01-02", "05/06/2019", "no date"):
        assert dates.find_span(line) == "" or any(y in line for y in dates._YEAR_STARTS)
