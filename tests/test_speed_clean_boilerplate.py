"""The cheap tests in front of the line rules and date searches never skip a line that matches."""
import random

import pytest

from rumourlib import boilerplate, dates


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
