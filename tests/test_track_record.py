"""Track record: resolving calls against outcomes (horizon edges, unresolved stories, relays counted once)."""
import pandas as pd
import pytest

from rumourlib import analysis, outcomes

WINDOWS = [("01-01", "02-01"), ("06-01", "09-01")]
WEIGHTS = {"fact": 1.0, "reported": 0.6, "speculative": 0.3}
PROBS = {"fact": 0.95, "reported": 0.75, "speculative": 0.55}
NAMES = {"marca": "Marca", "as": "AS", "teamtalk": "TEAMtalk", "corriere-dello-sport": "Corriere dello Sport"}


def facts(*rows):
    table = pd.DataFrame(rows, columns=["person", "club", "move", "date", "kind", "checked", "evidence"])
    table["date"] = pd.to_datetime(table["date"])
    table["checked"] = pd.to_datetime(table["checked"].replace("", None))
    return table


def claim_rows(*rows, duplicates=()):
    """rows: (doc, published, outlet, person, club, move, stance, certainty, source, via)."""
    arts = pd.DataFrame([{"doc": r[0], "published": r[1], "outlet": r[2],
                          "duplicate_of": "orig" if r[0] in duplicates else ""} for r in rows]).drop_duplicates("doc")
    cl = pd.DataFrame([dict(zip(["doc", "person", "club", "move", "stance", "certainty", "source", "via"], r[:1] + r[3:]))
                       for r in rows])
    cl = cl.assign(sentence="s", start=range(len(cl)))
    return analysis.claim_rows(cl, arts, NAMES)


def resolve(rows, outcome_table, horizon="window"):
    return analysis.resolve(analysis.calls(rows, WEIGHTS), outcome_table, horizon, WINDOWS, PROBS)


KLOPP_STAYS = ("jurgen-klopp", "red-bull", "join", "2024-10-09", "appointed", "2026-03-07", "")


@pytest.mark.parametrize("claimed,end", [
    ("2025-04-17", "2025-08-31"),   # spring: waits for the summer window
    ("2025-08-10", "2026-01-31"),   # during the summer window: the next one is January
    ("2025-12-10", "2026-01-31"),   # before the January window opens
    ("2026-01-01", "2026-08-31"),   # the day a window opens is not 'after' the claim
])
def test_horizon_is_the_close_of_the_next_window(claimed, end):
    assert analysis.horizon_end(pd.Timestamp(claimed), "window", WINDOWS) == pd.Timestamp(end)


def test_horizon_in_days():
    assert analysis.horizon_end(pd.Timestamp("2025-04-17"), 30, WINDOWS) == pd.Timestamp("2025-05-17")


@pytest.mark.parametrize("appointed,outcome,right", [
    ("2025-08-31", "happened", True),        # the last day of the horizon still counts
    ("2025-09-01", "did not happen", False),  # one day late is a miss
    ("2025-04-17", "happened", True),         # announced the day of the claim
    ("2025-04-16", "already happened", None),  # announced before it: not a prediction
])
def test_for_call_at_the_horizon_edges(appointed, outcome, right):
    rows = claim_rows(("a", "2025-04-17", "marca", "xabi-alonso", "real-madrid", "join", "for", "reported",
                       "outlet", ""))
    table = facts(("xabi-alonso", "real-madrid", "join", appointed, "appointed", "2026-03-07", ""))
    result = resolve(rows, table).iloc[0]
    assert result["outcome"] == outcome
    assert (pd.isna(result["right"]) if right is None else bool(result["right"]) is right)


def test_against_call_is_right_when_the_move_did_not_happen():
    rows = claim_rows(("a", "2025-04-17", "marca", "jurgen-klopp", "real-madrid", "join", "against", "reported",
                       "outlet", ""),
                      ("b", "2025-04-18", "as", "jurgen-klopp", "real-madrid", "join", "for", "speculative",
                       "outlet", ""))
    result = resolve(rows, facts(KLOPP_STAYS)).set_index("voice")
    assert bool(result.loc["Marca", "right"]) and not bool(result.loc["AS", "right"])
    assert result.loc["Marca", "p_move"] == pytest.approx(0.25)
    assert result.loc["AS", "brier"] == pytest.approx(0.55 ** 2)


def test_a_story_the_file_does_not_cover_stays_unresolved():
    rows = claim_rows(("a", "2025-04-17", "marca", "jurgen-klopp", "real-madrid", "join", "for", "reported",
                       "outlet", ""))
    short = facts(("jurgen-klopp", "red-bull", "join", "2024-10-09", "appointed", "2025-06-30", ""))
    assert resolve(rows, short).iloc[0]["outcome"] == "unresolved", "checked only to June: the window is not over"
    unchecked = facts(("jurgen-klopp", "red-bull", "join", "2024-10-09", "appointed", "", ""))
    assert resolve(rows, unchecked).iloc[0]["outcome"] == "unresolved"
    assert resolve(rows, facts()).iloc[0]["outcome"] == "unresolved"
    assert resolve(rows, facts(KLOPP_STAYS)).iloc[0]["outcome"] == "did not happen"


def test_relays_and_copies_count_once():
    rows = claim_rows(
        ("a", "2026-03-05", "teamtalk", "massimiliano-allegri", "real-madrid", "join", "for", "reported",
         "corriere-dello-sport", "marca"),
        ("b", "2026-03-06", "as", "massimiliano-allegri", "real-madrid", "join", "for", "reported",
         "corriere-dello-sport", ""),
        ("c", "2026-03-06", "marca", "massimiliano-allegri", "real-madrid", "join", "for", "reported",
         "outlet", ""),
        ("d", "2026-03-06", "as", "massimiliano-allegri", "real-madrid", "join", "for", "reported",
         "outlet", ""), duplicates=("d",))
    calls = analysis.calls(rows, WEIGHTS)
    assert sorted(calls["voice"]) == ["Corriere dello Sport", "Marca"]
    origin = calls.set_index("voice").loc["Corriere dello Sport"]
    assert origin["date"] == pd.Timestamp("2026-03-05"), "a call is dated by the voice's first claim"


def test_facts_are_not_predictions():
    rows = claim_rows(("a", "2025-05-26", "marca", "xabi-alonso", "real-madrid", "join", "for", "fact", "outlet", ""))
    assert analysis.calls(rows, WEIGHTS).empty


def test_league_table_intervals_and_order():
    rows = claim_rows(
        ("a", "2025-04-17", "marca", "xabi-alonso", "real-madrid", "join", "for", "reported", "outlet", ""),
        ("b", "2025-04-17", "as", "jurgen-klopp", "real-madrid", "join", "for", "reported", "outlet", ""))
    table = facts(("xabi-alonso", "real-madrid", "join", "2025-05-25", "appointed", "2026-03-07", ""), KLOPP_STAYS)
    league = analysis.league_table(resolve(rows, table))
    assert league["voice"].tolist() == ["Marca", "AS"]
    marca = league.iloc[0]
    assert marca["hit_rate"] == 1 and marca["low"] == pytest.approx(0.21, abs=0.01) and marca["high"] == 1
    assert marca["lead_days"] == 38


def test_wilson_interval_matches_the_formula():
    low, high = analysis.wilson_interval(5, 10)
    assert (round(low, 3), round(high, 3)) == (0.237, 0.763)
    assert all(pd.isna(v) for v in analysis.wilson_interval(0, 0))


def test_lifecycle_marks_when_the_balance_turned():
    rows = claim_rows(
        ("a", "2025-04-10", "marca", "xabi-alonso", "real-madrid", "join", "against", "reported", "outlet", ""),
        ("b", "2025-04-12", "as", "xabi-alonso", "real-madrid", "join", "for", "reported", "outlet", ""),
        ("c", "2025-04-14", "teamtalk", "xabi-alonso", "real-madrid", "join", "for", "reported", "outlet", ""))
    table = facts(("xabi-alonso", "real-madrid", "join", "2025-05-25", "appointed", "2026-03-07", ""))
    life = analysis.story_lifecycles(resolve(rows, table, horizon=60)).iloc[0]
    assert life["turned"] == pd.Timestamp("2025-04-14"), "1 against, 1 for is level; the third voice tips it"
    assert life["first_report"] == pd.Timestamp("2025-04-12") and life["lived_days"] == 45


def test_outcomes_check_finds_bad_rows(tmp_path):
    path = tmp_path / "outcomes.csv"
    path.write_text("person,club,move,date,kind,checked,evidence\n"
                    "xabi-alonso,real-madrid,join,2025-05-25,appointed,2026-03-07,ok\n"
                    "xabi-alonso,real-madrid,join,2025-05-25,appointed,2026-03-07,ok again\n"
                    "nobody-at-all,real-madrid,leave,2025-02-30,appointed,2024-01-01,bad\n")
    problems = outcomes.check(path)
    assert any("listed twice" in p for p in problems)
    assert any("nobody-at-all" in p for p in problems)
    assert any("2025-02-30" in p for p in problems)
    assert any("does not fit move 'leave'" in p for p in problems)


def test_the_committed_outcomes_file_is_valid():
    assert outcomes.check() == []
    assert len(outcomes.load()) > 0


def test_the_april_2025_real_madrid_story_on_the_seeds(seed_tables):
    from rumourlib import gazetteer

    rows = analysis.claim_rows(seed_tables["claims"], seed_tables["articles"], gazetteer.display_names(),
                               gazetteer.journalist_outlets())
    resolved = analysis.resolve(analysis.calls(rows, WEIGHTS), outcomes.load(), "window", WINDOWS, PROBS)
    april = resolved.loc[(resolved["club"] == "real-madrid") & (resolved["move"] == "join")
                         & (resolved["date"].dt.strftime("%Y-%m") == "2025-04")]
    klopp, alonso = april.loc[april["person"] == "jurgen-klopp"], april.loc[april["person"] == "xabi-alonso"]
    assert len(klopp) >= 2 and (klopp["outcome"] == "did not happen").all() and not klopp["right"].any()
    assert len(alonso) >= 1 and (alonso["outcome"] == "happened").all() and alonso["right"].all()
    assert "Fabrizio Romano" in set(alonso["voice"])
