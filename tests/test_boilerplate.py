from rumourlib import boilerplate, dates, textfix
from rumourlib.ingest import iter_documents


def split_seed(seeds, name):
    [doc] = [d for d in iter_documents([seeds]) if d.doc == name]
    _, text = dates.split_glued_date(textfix.repair(doc.text))
    return boilerplate.split_page(text)


def test_seed_004_furniture_is_gone_title_and_body_stay(seeds):
    split = split_seed(seeds, "004_83b890dd1fb5a2ea.txt")
    body = split.body
    assert split.title.startswith("Massimiliano Allegri's AC Milan future in doubt")
    assert body.startswith(split.title)
    # the story, its sub-heading and its last paragraph stay
    assert "According to Antonio Vitiello in Corriere dello Sport" in body
    assert "AC Milan may need key reinforcements to convince Allegri" in body
    assert "If they fail to land proven additions, Allegri could ultimately decide to leave the club." in body
    # captions, credits, ads, offers, editors' picks and footers go
    for gone in ("looks on during the Serie A match", "Getty Images", "consoles Alexis Saelemaekers",
                 "Advertisement", "Browse Offers", "Price:", "EDITORS' PICKS", "Raphinha", "Lionel Messi",
                 "Kaká gets real", "World Soccer Talk ©", "Better Collective", "By Daniel Villar Pardo",
                 "Follow us on Google", "Trending topics", "Watch every MLS"):
        assert gone not in body, gone
    reasons = {d.reason for d in split.dropped}
    assert {"image caption", "advert", "offer", "related", "footer", "byline"} <= reasons


def test_seed_000_teaser_and_related_blurbs_go(seeds):
    split = split_seed(seeds, "000_91895f1b5609fb8d.txt")
    assert "Klopp stance on Liverpool return lifts Real hopes" in split.body  # a sub-heading stays
    assert "TEAMtalk Facebook channel" not in split.body
    assert "More Real Madrid news" not in split.body and "Micky van de Ven" not in split.body
    assert split.body.endswith("is starting to look numbered.")


def test_seed_002_read_teasers_go(seeds):
    split = split_seed(seeds, "002_d15bafb9e49eb6d9.txt")
    assert "READ:" not in split.body and "MAILBOX:" not in split.body
    assert "Fabrizio Romano told his YouTube channel" in split.body


PAGE = """SITE NAME
Home | News | Transfers | Shop

Manager under pressure as board weighs up a change of coach

The chairman says he will not be rushed into a decision.

By Jane Writer | 3 Mar 2026 10:00

The manager has lost four games in a row and the board are said to be considering their options.

READ: Ten things we learned from the weekend

He signed up for a difficult job, and his supporters say he deserves time to follow through on his plan.

Advertisement

The club's statement said the manager retains the full backing of the board for now, the chairman added.

MOST READ
Some other headline
Another headline

Comments (12)
© 2026 Site Name Ltd. All rights reserved."""


def test_generic_page_rules():
    split = boilerplate.split_page(PAGE)
    assert split.title == "Manager under pressure as board weighs up a change of coach"
    assert "The chairman says he will not be rushed" in split.body          # standfirst stays
    assert "signed up for a difficult job" in split.body                    # "sign up" in prose stays
    assert "retains the full backing" in split.body
    for gone in ("SITE NAME", "Home | News", "By Jane Writer", "READ:", "Advertisement", "MOST READ",
                 "Some other headline", "Comments (12)", "©"):
        assert gone not in split.body, gone
    assert "By Jane Writer | 3 Mar 2026 10:00" in split.header
    assert any("©" in line for line in split.footer)


def test_rules_file_loads_and_every_rule_has_a_reason():
    rules = boilerplate.load_rules()
    assert len(rules) >= 15
    assert all(r.reason and r.action in boilerplate.ACTIONS for r in rules)
