"""Mentions, stories, disagreement: the analysis behind notebooks 02-04, on tables built here."""
import pandas as pd
import pytest

from rumourlib import analysis, findings

NAMES = {"jurgen-klopp": "Jürgen Klopp", "real-madrid": "Real Madrid", "marca": "Marca", "as": "AS",
         "corriere-dello-sport": "Corriere dello Sport", "antonio-vitiello": "Antonio Vitiello",
         "massimiliano-allegri": "Massimiliano Allegri", "teamtalk": "TEAMtalk"}
WEIGHTS = {"fact": 1.0, "reported": 0.6, "speculative": 0.3}


def articles(*rows):
    return pd.DataFrame([{"doc": d, "published": p, "outlet": o, "duplicate_of": ""} for d, p, o in rows])


def claims(*rows):
    cols = ["doc", "person", "club", "move", "stance", "certainty", "source", "via"]
    df = pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)
    return df.assign(sentence=[f"sentence {i}" for i in range(len(df))], start=range(len(df)))


def test_mentions_per_manager_counts_names_epithets_and_share():
    arts = articles(("a", "2026-03-01", "marca"), ("b", "2026-03-02", "as"), ("c", "", ""))
    mentions = pd.DataFrame({"doc": ["a", "a", "b", "a", "c"], "entity": ["k", "k", "k", "z", "real-madrid"],
                             "kind": ["coach", "coach", "coach", "coach", "club"],
                             "explicit": [True, False, True, True, True]})
    table = analysis.mentions_per_manager(mentions, arts).set_index("manager")
    assert table.loc["k", "mentions"] == 3 and table.loc["k", "by_epithet"] == 1 and table.loc["k", "articles"] == 2
    assert table.loc["k", "per_article"] == 1.5 and table.loc["k", "share_of_articles"] == pytest.approx(0.667)
    assert "real-madrid" not in table.index, "a club is not a manager"
    assert list(table.index) == ["k", "z"]


def test_co_mentions_counts_each_article_once_per_pair():
    mentions = pd.DataFrame({"doc": ["a", "a", "a", "b", "b", "c"], "entity": ["x", "y", "x", "x", "y", "x"],
                             "kind": ["coach"] * 6})
    pairs = analysis.co_mentions(mentions)
    assert pairs.to_dict("records") == [{"first": "x", "second": "y", "articles": 2}]


def test_claim_rows_name_the_voice():
    arts = articles(("a", "2026-03-05", "teamtalk"), ("b", "2026-03-07", ""))
    rows = analysis.claim_rows(claims(
        ("a", "massimiliano-allegri", "real-madrid", "join", "for", "reported", "corriere-dello-sport", "marca"),
        ("a", "massimiliano-allegri", "real-madrid", "join", "against", "fact", "massimiliano-allegri", ""),
        ("a", "massimiliano-allegri", "real-madrid", "join", "for", "reported", "antonio-vitiello", ""),
        ("a", "massimiliano-allegri", "real-madrid", "join", "for", "reported", "outlet", ""),
        ("b", "massimiliano-allegri", "real-madrid", "join", "for", "reported", "outlet", ""),
        ("b", "massimiliano-allegri", "real-madrid", "join", "for", "reported", "unnamed", "")),
        arts, NAMES, {"antonio-vitiello": "corriere-dello-sport"})
    assert rows["speaker_label"].tolist() == [
        "Corriere dello Sport via Marca", "Massimiliano Allegri (himself)", "Antonio Vitiello (Corriere dello Sport)",
        "TEAMtalk", "article b (no outlet)", "unnamed reports"]
    assert rows["speaker"].tolist()[3:5] == ["teamtalk", "article:b"]
    assert set(rows["story_label"]) == {"Massimiliano Allegri → Real Madrid"}


def test_episodes_split_where_claims_are_further_apart_than_the_window():
    arts = articles(("a", "2026-02-04", "x"), ("b", "2026-02-10", "y"), ("c", "2026-03-20", "z"), ("d", "", "w"))
    rows = analysis.claim_rows(claims(*[(d, "jurgen-klopp", "real-madrid", "join", "for", "reported", "outlet", "")
                                        for d in "abcd"]), arts, NAMES)
    ep = analysis.episodes(rows, window_days=14)
    assert ep[0] == ep[1] != ep[2]
    assert ep[3].endswith("#d"), "an undated claim is an episode of its own article"
    assert len(set(analysis.episodes(rows, window_days=60)[:3])) == 1


def test_disagreement_needs_opposite_sides_within_the_window():
    arts = articles(("a", "2026-02-04", "teamtalk"), ("b", "2026-02-06", "marca"), ("c", "2026-05-01", "as"))
    rows = analysis.claim_rows(claims(
        ("a", "jurgen-klopp", "real-madrid", "join", "for", "reported", "unnamed", ""),
        ("b", "jurgen-klopp", "real-madrid", "join", "against", "reported", "outlet", ""),
        ("c", "jurgen-klopp", "real-madrid", "join", "against", "fact", "outlet", "")), arts, NAMES)
    disputes = analysis.disagreements(rows, WEIGHTS, window_days=14)
    assert len(disputes) == 1
    assert disputes.loc[0, "for"] == "unnamed reports" and disputes.loc[0, "against"] == "Marca"
    assert disputes.loc[0, "evidence_for"] == "unnamed reports: sentence 0"
    assert analysis.disagreements(rows, WEIGHTS, window_days=1).empty, "two days apart is outside a 1-day window"


def test_a_voice_that_mentions_then_denies_counts_as_against_and_a_tie_is_no_side():
    arts = articles(("a", "2026-02-04", "teamtalk"))
    rows = analysis.claim_rows(claims(
        ("a", "jurgen-klopp", "real-madrid", "join", "for", "speculative", "fabrizio-romano", ""),
        ("a", "jurgen-klopp", "real-madrid", "join", "against", "reported", "fabrizio-romano", ""),
        ("a", "jurgen-klopp", "real-madrid", "join", "for", "reported", "unnamed", "")), arts, NAMES)
    disputes = analysis.disagreements(rows, WEIGHTS)
    assert disputes.loc[0, "against"] == "fabrizio-romano" and disputes.loc[0, "for"] == "unnamed reports"
    tied = analysis.claim_rows(claims(
        ("a", "jurgen-klopp", "real-madrid", "join", "for", "reported", "as", ""),
        ("a", "jurgen-klopp", "real-madrid", "join", "against", "reported", "as", "")), arts, NAMES)
    assert analysis.disagreements(tied, WEIGHTS).empty, "one voice cancelling itself out is not a dispute"
    assert analysis.stance_matrix(tied, WEIGHTS).iloc[0, 0] == 0


def test_heat_index_weighs_certainty_and_sign():
    arts = articles(("a", "2026-03-02", "x"), ("b", "2026-03-03", "y"), ("c", "2026-04-01", "z"))
    rows = analysis.claim_rows(claims(
        ("a", "jurgen-klopp", "real-madrid", "join", "for", "fact", "outlet", ""),
        ("b", "jurgen-klopp", "real-madrid", "join", "against", "speculative", "outlet", ""),
        ("c", "jurgen-klopp", "real-madrid", "join", "for", "reported", "outlet", ""),
        ("c", "jurgen-klopp", "liverpool", "join", "for", "fact", "outlet", "")), arts, NAMES)
    heat = analysis.heat_index(rows, "real-madrid", WEIGHTS, "M")
    assert heat["jurgen-klopp"].tolist() == [0.7, 0.6]
    assert analysis.busiest_post(rows) == "real-madrid"


def test_relay_edges_leave_out_the_outlets_own_voice_and_the_person_himself():
    arts = articles(("a", "2026-03-05", "teamtalk"))
    rows = analysis.claim_rows(claims(
        ("a", "massimiliano-allegri", "real-madrid", "join", "for", "reported", "corriere-dello-sport", "marca"),
        ("a", "massimiliano-allegri", "real-madrid", "join", "for", "reported", "outlet", ""),
        ("a", "massimiliano-allegri", "real-madrid", "join", "against", "reported", "massimiliano-allegri", ""),
        ("a", "massimiliano-allegri", "real-madrid", "join", "for", "reported", "unnamed", "")), arts, NAMES)
    edges = analysis.relay_edges(rows)
    assert edges.to_dict("records") == [{"source": "corriere-dello-sport", "via": "marca", "outlet": "teamtalk",
                                         "claims": 1}]


def test_first_report_is_the_earliest_dated_for_claim():
    arts = articles(("a", "2026-03-05", "teamtalk"), ("b", "2026-03-01", "marca"), ("c", "2026-02-01", "as"))
    rows = analysis.claim_rows(claims(
        ("a", "jurgen-klopp", "real-madrid", "join", "for", "reported", "outlet", ""),
        ("b", "jurgen-klopp", "real-madrid", "join", "for", "reported", "outlet", ""),
        ("c", "jurgen-klopp", "real-madrid", "join", "against", "reported", "outlet", "")), arts, NAMES)
    first = analysis.first_reports(rows)
    assert first["speaker_label"].tolist() == ["Marca"]


def test_source_agreement_counts_shared_stories():
    arts = articles(("a", "2026-03-05", "teamtalk"))
    rows = analysis.claim_rows(claims(
        ("a", "jurgen-klopp", "real-madrid", "join", "for", "reported", "marca", ""),
        ("a", "jurgen-klopp", "real-madrid", "join", "for", "reported", "as", ""),
        ("a", "jurgen-klopp", "liverpool", "join", "for", "reported", "marca", ""),
        ("a", "jurgen-klopp", "liverpool", "join", "against", "reported", "as", "")), arts, NAMES)
    pairs = analysis.source_agreement(rows, WEIGHTS)
    assert pairs.to_dict("records") == [{"first": "AS", "second": "Marca", "shared_stories": 2, "agree": 1,
                                         "disagree": 1, "agreement": 0.5}]


@pytest.mark.parametrize("start,end,expected", [
    ("2026-03-04", "2026-03-07", "4–7 March 2026"),
    ("2026-02-28", "2026-03-03", "28 February – 3 March 2026"),
    ("2025-12-30", "2026-01-02", "30 December 2025 – 2 January 2026"),
    ("2026-02-04", "2026-02-04", "4 February 2026"),
])
def test_date_spans_read_like_prose(start, end, expected):
    assert findings.span(pd.Timestamp(start), pd.Timestamp(end)) == expected


def test_disagreement_findings_escape_scraped_names():
    disputes = pd.DataFrame([{"story_label": "<script>x</script> → Real Madrid", "start": pd.Timestamp("2026-03-04"),
                              "end": pd.Timestamp("2026-03-07"), "for": "<img src=x onerror=alert(1)>",
                              "against": "A; B"}])
    text = findings.disagreement_findings(disputes, 14)
    assert "<script>" not in text and "<img" not in text and "&lt;img" in text
    assert "against, A and B" in text
