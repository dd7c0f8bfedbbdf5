"""Findings: sentences computed from the tables, for a notebook's closing cell.

Every number and name in a finding comes from the data passed in. Names from
articles are escaped, so a scraped "<script>" shows as text in a notebook or the
report instead of running.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from . import analysis

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def escape(text) -> str:
    """Make untrusted text safe inside Markdown: no HTML, no Markdown syntax."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=True))


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def corpus_findings(tables: dict[str, pd.DataFrame]) -> str:
    """Markdown bullet points describing what was read (notebook 01)."""
    articles, rejects, boilerplate = tables["articles"], tables["rejects"], tables["boilerplate"]
    n_docs = len(articles) + len(rejects)
    lines = [f"- {plural(n_docs, 'document')} read: {plural(len(articles), 'article')} and "
             f"{plural(len(rejects), 'reject')}."]
    if len(rejects):
        reasons = analysis.rejects_by_reason(rejects)
        parts = ", ".join(f"{escape(r.reason)} ({r.documents})" for r in reasons.itertuples())
        lines.append(f"- Rejected because: {parts}.")
    if len(articles):
        dated = articles.loc[articles["published"].fillna("") != "", "published"]
        if len(dated):
            lines.append(f"- {len(dated)} of {len(articles)} articles carry a publication date, from "
                         f"{escape(dated.min())} to {escape(dated.max())}.")
        else:
            lines.append("- No article states a publication date.")
        outlets = analysis.count_by(articles, "outlet")
        known = outlets[outlets["outlet"] != analysis.UNKNOWN]
        if len(known):
            most = int(known["articles"].max())
            leaders = known.loc[known["articles"] == most, "outlet"].tolist()
            if len(leaders) == 1:
                lead = f"the most frequent is {escape(leaders[0])}"
            else:
                lead = "tied for most are " + ", ".join(escape(o) for o in leaders)
            lines.append(f"- {plural(len(known), 'outlet')} identified; {lead}, with {plural(most, 'article')}"
                         f"{'' if len(leaders) == 1 else ' each'}.")
        unknown = outlets.loc[outlets["outlet"] == analysis.UNKNOWN, "articles"].sum()
        if unknown:
            lines.append(f"- {plural(int(unknown), 'article')} name no publishing outlet.")
        languages = analysis.count_by(articles, "language")
        lines.append("- Languages: " + ", ".join(f"{escape(r.language)} ({r.articles})"
                                                 for r in languages.itertuples()) + ".")
        dups = analysis.duplicate_pairs(articles)
        if len(dups):
            lines.append(f"- {plural(len(dups), 'article')} repeat another one (syndicated or copied) and are "
                         "marked, not dropped.")
    if len(boilerplate):
        by_reason = analysis.boilerplate_by_reason(boilerplate)
        top = by_reason.iloc[0]
        lines.append(f"- {plural(len(boilerplate), 'line')} of boilerplate removed; the commonest kind is "
                     f"{escape(top['reason'])} ({plural(int(top['lines']), 'line')}).")
    return "\n".join(lines)


def day(value) -> str:
    """A date as "17 April 2025" ("undated" when missing)."""
    if value is None or pd.isna(value):
        return "undated"
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp.strftime('%B %Y')}"


def span(start, end) -> str:
    """A date range as "4–7 March 2026", "28 February – 3 March 2026" or one day."""
    if start is None or pd.isna(start):
        return "undated"
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start.normalize() == end.normalize():
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end.strftime('%B %Y')}"
    if start.year == end.year:
        return f"{start.day} {start.strftime('%B')} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def _listing(items: list[str], limit: int = 6) -> str:
    items = [escape(i) for i in items]
    if len(items) > limit:
        items = items[:limit] + [f"{len(items) - limit} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def mention_findings(per_manager: pd.DataFrame, candidates: pd.DataFrame, club: str, names: dict[str, str],
                     n_articles: int, pairs: pd.DataFrame) -> str:
    """Markdown bullets for notebook 02: who is mentioned most, who is discussed for the busiest post."""
    if per_manager.empty:
        return "- No manager is mentioned in this corpus."
    lines = [f"- {plural(len(per_manager), 'manager')} are mentioned across {plural(n_articles, 'article')}."]
    top = per_manager.head(3)
    described = [f"{escape(names.get(r.manager, r.manager))} ({plural(int(r.mentions), 'mention')} in "
                 f"{int(r.articles)} of {n_articles} articles)" for r in top.itertuples()]
    lines.append("- Most mentioned: " + "; ".join(described) + ".")
    total = int(per_manager["mentions"].sum())
    by_epithet = int(per_manager["by_epithet"].sum())
    lines.append(f"- {by_epithet} of {total} mentions ({by_epithet / total:.0%}) name the manager by an epithet or "
                 "pronoun (\"the German\", \"he\") rather than by name.")
    if club and len(candidates):
        leaders = candidates.head(2)
        who = " and ".join(f"{escape(names.get(r.person, r.person))} ({plural(int(r.articles), 'article')})"
                           for r in leaders.itertuples())
        lines.append(f"- The post discussed in the most articles is {escape(names.get(club, club))}'s; its most "
                     f"discussed candidates are {who}, out of {plural(len(candidates), 'name')} linked with it.")
    if len(pairs):
        first = pairs.iloc[0]
        lines.append(f"- Named together most often: {escape(names.get(first['first'], first['first']))} and "
                     f"{escape(names.get(first['second'], first['second']))} ({plural(int(first['articles']), 'article')}).")
    return "\n".join(lines)


def story_findings(summary: pd.DataFrame, first: pd.DataFrame, heat: pd.DataFrame, club: str,
                   edges: pd.DataFrame, names: dict[str, str]) -> str:
    """Markdown bullets for notebook 03: the biggest stories, who broke them, who is hottest, who relays whom."""
    if summary.empty:
        return "- No claim about a move was found in this corpus."
    lines = [f"- {plural(len(summary), 'story', 'stories')} (a person, a club, a move) carry claims."]
    for story in summary.head(3).to_dict("records"):
        opened = first.loc[first["story_label"] == story["story_label"]]
        broke = (f"; first reported on {day(opened['date'].iloc[0])} by {escape(opened['speaker_label'].iloc[0])}"
                 if len(opened) else "")
        lines.append(f"- **{escape(story['story_label'])}**: {plural(int(story['claims']), 'claim')} in "
                     f"{plural(int(story['articles']), 'article')} from {plural(int(story['voices']), 'voice')} "
                     f"({int(story['for'])} for, {int(story['against'])} against){broke}.")
    if club and not heat.empty:
        last = heat.iloc[-1]
        leader = last.idxmax()
        lines.append(f"- For the {escape(names.get(club, club))} post, the hottest candidate in the last period "
                     f"({day(heat.index[-1])} onwards) is {escape(names.get(leader, leader))} (heat {last[leader]:g}); "
                     f"over the whole corpus it is {escape(names.get(heat.sum().idxmax(), heat.sum().idxmax()))}.")
    relayed = edges.loc[edges["via"] != ""] if len(edges) else edges
    if len(relayed):
        chains = [f"{escape(names.get(e.source, e.source))} → {escape(names.get(e.via, e.via))} → "
                  f"{escape(names.get(e.outlet, e.outlet))}" for e in relayed.head(3).itertuples()]
        lines.append("- Relayed claims: " + "; ".join(chains) + ".")
    if len(edges):
        cited = edges.groupby("source")["claims"].sum().sort_values(ascending=False, kind="stable")
        lines.append(f"- {plural(edges['source'].nunique(), 'named source')} reach readers through another "
                     f"outlet; the most cited is {escape(names.get(cited.index[0], cited.index[0]))} "
                     f"({plural(int(cited.iloc[0]), 'claim')}).")
    return "\n".join(lines)


def disagreement_findings(disputes: pd.DataFrame, window_days: int, limit: int = 5) -> str:
    """Markdown bullets for notebook 04: each disputed story, when, and on whose word each side stands."""
    if disputes.empty:
        return f"- No story has voices taking opposite stances within {window_days} days of each other."
    lines = [f"- {plural(len(disputes), 'story episode')} with voices on both sides within {window_days} days:"]
    for row in disputes.head(limit).to_dict("records"):
        lines.append(f"  - **{escape(row['story_label'])}** ({span(row['start'], row['end'])}): for, "
                     f"{_listing(row['for'].split('; '))}; against, {_listing(row['against'].split('; '))}.")
    if len(disputes) > limit:
        lines.append(f"- {len(disputes) - limit} more in the table above.")
    return "\n".join(lines)


def track_record_findings(posts: pd.DataFrame, league: pd.DataFrame, resolved: pd.DataFrame,
                          names: dict[str, str], horizon, limit: int = 8) -> str:
    """Markdown bullets for notebook 05: which rumoured appointments came true, on whose word."""
    done = resolved.loc[resolved["right"].notna()]
    lines = [f"- {plural(len(resolved), 'independent call')}; {len(done)} resolved against the outcomes file "
             f"(horizon: {'the next transfer window' if horizon == 'window' else plural(int(horizon), 'day')}), "
             f"{int((resolved['outcome'] == 'unresolved').sum())} still open or beyond what the file covers, "
             f"{int((resolved['outcome'] == 'already happened').sum())} about moves already made."]
    voices = posts["voices_for"].map(len) + posts["voices_against"].map(len)
    size = voices.groupby([posts["club"], posts["month"]]).sum().reset_index(name="size")
    # the busiest posts, shown month by month; the table above the findings has them all
    shown = size.sort_values(["size", "month", "club"], ascending=[False, True, True], kind="stable").head(limit)
    shown = shown.sort_values(["month", "size", "club"], ascending=[True, False, True], kind="stable")
    for club, month in zip(shown["club"], shown["month"]):
        group = posts.loc[(posts["club"] == club) & (posts["month"] == month)]
        lines.append(f"- **{escape(names.get(club, club))}, {pd.Timestamp(month).strftime('%B %Y')}**:")
        for row in group.to_dict("records"):
            said = (f"{len(row['voices_for'])} for ({_listing(row['voices_for'])})" if row["voices_for"] else "none for")
            if row["voices_against"]:
                said += f", {len(row['voices_against'])} against ({_listing(row['voices_against'])})"
            if row["outcome"] == "happened":
                result = f"he was appointed on {day(row['outcome_date'])}"
            else:
                result = "he did not join within the horizon"
            verdict = (f"Right: {_listing(row['right'])}" if row["right"] else "Nobody was right") + \
                (f"; wrong: {_listing(row['wrong'])}" if row["wrong"] else "")
            lines.append(f"  - {escape(names.get(row['person'], row['person']))}: {said}; {result}. {verdict}.")
    if len(size) > limit:
        lines.append(f"- The {limit} posts most discussed are listed; the table above has all of them.")
    scored = league.loc[league["resolved"] >= 2]
    if len(scored):
        best = scored.iloc[0]
        lines.append(f"- Best record among voices with at least two resolved calls: {escape(best['voice'])}, "
                     f"{int(best['right'])} of {int(best['resolved'])} right (95% interval {best['low']:.0%}–"
                     f"{best['high']:.0%}).")
    elif len(league):
        lines.append("- No voice has two resolved calls yet: every hit rate here rests on a single call, so the "
                     "intervals are wide.")
    return "\n".join(lines)
