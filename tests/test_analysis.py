import pandas as pd

from rumourlib import analysis, findings


def frame(**columns):
    return pd.DataFrame(columns)


ARTICLES = frame(doc=["a", "b", "c", "d"], published=["2025-01-05", "2025-03-02", "", "2025-03-20"],
                 outlet=["teamtalk", "", "teamtalk", "football365"], language=["en", "en", "es", "en"],
                 n_words=[100, 200, 300, 400], duplicate_of=["", "", "", "a"], duplicate_kind=["", "", "", "near"],
                 duplicate_similarity=[None, None, None, 0.8], date_rule=["x", "y", "", "x"],
                 outlet_rule=["u", "", "u", "v"])
REJECTS = frame(doc=["e", "f"], reason=["empty file", "no article text (3 words left after removing boilerplate)"])
BOILER = frame(doc=["a", "a", "b"], line=[0, 5, 1], reason=["teaser", "teaser", "footer"], rule=["r", "r", "f"],
               text=["READ: x", "READ: y", "© z"])
TABLES = {"articles": ARTICLES, "rejects": REJECTS, "boilerplate": BOILER}


def test_overview_counts():
    overview = dict(analysis.corpus_overview(TABLES).values)
    assert overview["documents read"] == "6" and overview["articles"] == "4" and overview["rejected"] == "2"
    assert overview["articles with a publication date"] == "3" and overview["marked as duplicates"] == "1"
    assert overview["first publication date"] == "2025-01-05"


def test_rejects_grouped_by_reason_category():
    assert analysis.rejects_by_reason(REJECTS).to_dict("list") == {
        "reason": ["empty file", "no article text"], "documents": [1, 1]}


def test_count_by_marks_unknown_and_orders():
    assert analysis.count_by(ARTICLES, "outlet").to_dict("list") == {
        "outlet": ["teamtalk", "(unknown)", "football365"], "articles": [2, 1, 1]}


def test_articles_over_time_fills_gaps():
    monthly = analysis.articles_over_time(ARTICLES, "M")
    assert monthly["articles"].tolist() == [1, 0, 2]
    assert analysis.time_unit(ARTICLES["published"]) == "W"


def test_boilerplate_by_reason():
    assert analysis.boilerplate_by_reason(BOILER).to_dict("list") == {
        "reason": ["teaser", "footer"], "lines": [2, 1], "articles": [1, 1]}


def test_findings_are_computed_and_escaped():
    text = findings.corpus_findings(TABLES)
    assert "6 documents read: 4 articles and 2 rejects." in text
    assert "3 of 4 articles carry a publication date, from 2025-01-05 to 2025-03-20." in text
    assert "the most frequent is teamtalk, with 2 articles" in text
    hostile = dict(TABLES, articles=ARTICLES.assign(outlet="<script>x</script>"))
    assert "<script>" not in findings.corpus_findings(hostile)
