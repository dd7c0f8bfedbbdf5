"""Analysis: pure pandas functions from the tagged tables to the tables the notebooks show.

Nothing here reads files, draws or prints; every function takes DataFrames (as
written by ``rumour tag``) and returns a DataFrame or a number, so each one can be
tested on a small table built in a test.
"""
from __future__ import annotations

import pandas as pd

UNKNOWN = "(unknown)"


def _blank(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.strip() == ""


def corpus_overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per measure: documents read, articles, rejects, duplicates, dates, outlets, languages."""
    articles, rejects = tables["articles"], tables["rejects"]
    n_articles = len(articles)
    dated = int((~_blank(articles["published"])).sum()) if n_articles else 0
    with_outlet = int((~_blank(articles["outlet"])).sum()) if n_articles else 0
    duplicates = int((~_blank(articles["duplicate_of"])).sum()) if n_articles else 0
    published = articles.loc[~_blank(articles["published"]), "published"] if n_articles else pd.Series(dtype=str)
    rows = [
        ("documents read", n_articles + len(rejects)),
        ("articles", n_articles),
        ("rejected", len(rejects)),
        ("marked as duplicates", duplicates),
        ("articles with a publication date", dated),
        ("articles with a known outlet", with_outlet),
        ("distinct outlets", articles.loc[~_blank(articles["outlet"]), "outlet"].nunique() if n_articles else 0),
        ("languages", articles.loc[~_blank(articles["language"]), "language"].nunique() if n_articles else 0),
        ("first publication date", published.min() if len(published) else ""),
        ("last publication date", published.max() if len(published) else ""),
        ("words in articles (after boilerplate removal)", int(articles["n_words"].astype(int).sum()) if n_articles else 0),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"]).astype({"value": str})


def reason_category(reason: str) -> str:
    """The reason without its particulars: "no article text (3 words left ...)" -> "no article text"."""
    return str(reason).split(" (")[0].split(":")[0].strip()


def rejects_by_reason(rejects: pd.DataFrame) -> pd.DataFrame:
    """How many documents were rejected for each kind of reason."""
    if rejects.empty:
        return pd.DataFrame({"reason": pd.Series(dtype=str), "documents": pd.Series(dtype=int)})
    counts = rejects["reason"].map(reason_category).value_counts().rename_axis("reason").reset_index(name="documents")
    return counts.sort_values(["documents", "reason"], ascending=[False, True], kind="stable").reset_index(drop=True)


def count_by(articles: pd.DataFrame, column: str, label: str | None = None) -> pd.DataFrame:
    """Articles per value of ``column`` (blank shown as "(unknown)"), most first, ties by name."""
    values = articles[column].fillna("").astype(str).str.strip().replace("", UNKNOWN)
    counts = values.value_counts().rename_axis(label or column).reset_index(name="articles")
    return counts.sort_values(["articles", label or column], ascending=[False, True], kind="stable").reset_index(drop=True)


def time_unit(published: pd.Series) -> str:
    """"W" (weeks) for a corpus spanning under six months, else "M" (months)."""
    dates = pd.to_datetime(published[~_blank(published)], errors="coerce").dropna()
    if dates.empty:
        return "M"
    return "W" if (dates.max() - dates.min()).days < 183 else "M"


def articles_over_time(articles: pd.DataFrame, unit: str | None = None) -> pd.DataFrame:
    """Articles per week or month of publication, with empty periods filled with 0."""
    dates = pd.to_datetime(articles.loc[~_blank(articles["published"]), "published"], errors="coerce").dropna()
    unit = unit or time_unit(articles["published"])
    if dates.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "articles": pd.Series(dtype=int)})
    periods = dates.dt.to_period(unit)
    counts = periods.value_counts().sort_index()
    full = pd.period_range(counts.index.min(), counts.index.max(), freq=unit)
    counts = counts.reindex(full, fill_value=0)
    return pd.DataFrame({"period": counts.index.to_timestamp(), "articles": counts.to_numpy()})


def boilerplate_by_reason(boilerplate: pd.DataFrame) -> pd.DataFrame:
    """Lines removed per reason, and in how many articles."""
    if boilerplate.empty:
        return pd.DataFrame({"reason": pd.Series(dtype=str), "lines": pd.Series(dtype=int),
                             "articles": pd.Series(dtype=int)})
    grouped = boilerplate.groupby("reason").agg(lines=("text", "size"), articles=("doc", "nunique")).reset_index()
    return grouped.sort_values(["lines", "reason"], ascending=[False, True], kind="stable").reset_index(drop=True)


def boilerplate_examples(boilerplate: pd.DataFrame, per_reason: int = 2, width: int = 90) -> pd.DataFrame:
    """A few removed lines for each reason, shortened, so a reader can judge the rules."""
    if boilerplate.empty:
        return pd.DataFrame(columns=["reason", "rule", "doc", "text"])
    rows = boilerplate.sort_values(["reason", "doc", "line"], kind="stable").groupby("reason").head(per_reason)
    rows = rows.assign(text=rows["text"].astype(str).map(lambda t: t if len(t) <= width else t[:width - 1] + "…"))
    return rows[["reason", "rule", "doc", "text"]].reset_index(drop=True)


def duplicate_pairs(articles: pd.DataFrame) -> pd.DataFrame:
    """Each article marked as a duplicate, with the article it repeats and how closely."""
    marked = articles.loc[~_blank(articles["duplicate_of"])]
    return marked[["doc", "duplicate_of", "duplicate_kind", "duplicate_similarity"]].reset_index(drop=True)


def provenance(articles: pd.DataFrame, field: str) -> pd.DataFrame:
    """Which rule decided ``field`` ("date" or "outlet") for how many articles."""
    column = f"{field}_rule"
    rules = articles[column].fillna("").astype(str).replace("", "(none found)")
    counts = rules.value_counts().rename_axis("rule").reset_index(name="articles")
    return counts.sort_values(["articles", "rule"], ascending=[False, True], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- names and dates

CERTAINTY_ORDER = ("fact", "reported", "speculative")
STANCE_SIGN = {"for": 1, "against": -1}


def name_of(slugs: pd.Series, names: dict[str, str]) -> pd.Series:
    """Display names for a column of slugs; a slug the gazetteer lacks is shown as itself."""
    return slugs.fillna("").astype(str).map(lambda s: names.get(s, s))


def published_dates(articles: pd.DataFrame) -> pd.Series:
    """Each article's publication date as a Timestamp (NaT when unknown), indexed like ``articles``."""
    return pd.to_datetime(articles["published"].fillna("").astype(str).replace("", None), errors="coerce")


def originals(articles: pd.DataFrame) -> pd.DataFrame:
    """Rows of articles, or of claims carrying their article's mark, that do not repeat another
    article (syndicated copies and re-posts left out)."""
    return articles.loc[_blank(articles["duplicate_of"])]


# --------------------------------------------------------------------------- mentions (notebook 02)

def coach_mentions(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Mentions of coaches, each with its article's date, outlet and duplicate mark."""
    keep = [c for c in ("doc", "entity", "explicit", "surface", "rule") if c in mentions.columns]
    coach = mentions.loc[mentions["kind"] == "coach", keep]
    info = articles[["doc", "outlet", "duplicate_of"]].assign(date=published_dates(articles))
    merged = coach.merge(info, on="doc", how="left")
    merged["explicit"] = merged["explicit"].astype(str).str.lower().isin(["true", "1"])
    return merged.rename(columns={"entity": "manager"})


def mentions_per_manager(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per manager: mentions in all, by name and by epithet or pronoun, articles naming him,
    mentions per such article and the share of all articles that mention him."""
    coach = coach_mentions(mentions, articles)
    columns = ["manager", "mentions", "by_name", "by_epithet", "articles", "per_article", "share_of_articles"]
    if coach.empty:
        return pd.DataFrame(columns=columns)
    grouped = coach.groupby("manager").agg(mentions=("doc", "size"), by_name=("explicit", "sum"),
                                           articles=("doc", "nunique")).reset_index()
    grouped["by_epithet"] = grouped["mentions"] - grouped["by_name"]
    grouped["per_article"] = (grouped["mentions"] / grouped["articles"]).round(2)
    grouped["share_of_articles"] = (grouped["articles"] / max(len(articles), 1)).round(3)
    grouped = grouped.sort_values(["mentions", "articles", "manager"], ascending=[False, False, True], kind="stable")
    return grouped[columns].reset_index(drop=True)


def top_managers(per_manager: pd.DataFrame, n: int = 10) -> list[str]:
    return per_manager["manager"].head(n).tolist()


def mentions_by_outlet(mentions: pd.DataFrame, articles: pd.DataFrame, managers: list[str],
                       top_outlets: int = 12) -> pd.DataFrame:
    """Mentions of each of ``managers`` (rows) in each of the busiest outlets (columns)."""
    coach = coach_mentions(mentions, articles)
    coach = coach.loc[coach["manager"].isin(managers)]
    coach = coach.assign(outlet=coach["outlet"].fillna("").astype(str).replace("", UNKNOWN))
    busiest = coach["outlet"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    keep = busiest.index[:top_outlets].tolist()
    table = pd.crosstab(coach.loc[coach["outlet"].isin(keep), "manager"],
                        coach.loc[coach["outlet"].isin(keep), "outlet"])
    return table.reindex(index=[m for m in managers if m in table.index], columns=keep, fill_value=0)


def _every_period(table: pd.DataFrame, unit: str, columns: list[str]) -> pd.DataFrame:
    """``table`` (rows: periods) with every period from the first to the last, empty ones 0,
    the given columns in order, and period starts as the index."""
    full = pd.period_range(table.index.min(), table.index.max(), freq=unit)
    table = table.reindex(index=full, columns=columns, fill_value=0)
    table.index = table.index.to_timestamp()
    table.index.name = "period"
    return table


def mentions_over_time(mentions: pd.DataFrame, articles: pd.DataFrame, managers: list[str],
                       unit: str) -> pd.DataFrame:
    """Mentions per period (rows) of each of ``managers`` (columns); undated articles left out."""
    coach = coach_mentions(mentions, articles)
    coach = coach.loc[coach["manager"].isin(managers) & coach["date"].notna()]
    if coach.empty:
        return pd.DataFrame(columns=managers)
    periods = coach["date"].dt.to_period(unit)
    table = pd.crosstab(periods, coach["manager"])
    return _every_period(table, unit, [m for m in managers if m in table.columns])


def co_mentions(mentions: pd.DataFrame, kind: str = "coach") -> pd.DataFrame:
    """Pairs of entities of ``kind`` named in the same article, with how many articles do so."""
    present = mentions.loc[mentions["kind"] == kind, ["doc", "entity"]].drop_duplicates()
    pairs = present.merge(present, on="doc")
    pairs = pairs.loc[pairs["entity_x"] < pairs["entity_y"]]
    columns = ["first", "second", "articles"]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    counted = pairs.groupby(["entity_x", "entity_y"]).size().reset_index(name="articles")
    counted.columns = columns
    return counted.sort_values(["articles", "first", "second"], ascending=[False, True, True],
                               kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- claims and stories (03, 04)

def claim_rows(claims: pd.DataFrame, articles: pd.DataFrame, names: dict[str, str],
               journalist_outlet: dict[str, str] | None = None) -> pd.DataFrame:
    """Claims with their article's date and outlet, and who says so in words.

    ``speaker`` is the source as one voice: the article's own outlet when the claim is in
    the outlet's voice, "unnamed reports" for unnamed ones, else the named source.
    ``voice`` names it, with a journalist's outlet ("Antonio Vitiello (Corriere dello
    Sport)"); ``speaker_label`` adds the relaying outlet ("Corriere dello Sport via
    Marca"); ``story`` is "person|club|move"."""
    journalist_outlet = journalist_outlet or {}
    info = articles[["doc", "outlet", "duplicate_of"]].assign(date=published_dates(articles))
    rows = claims.merge(info, on="doc", how="left")
    outlet = rows["outlet"].fillna("").astype(str)
    source = rows["source"].fillna("").astype(str)
    via = rows["via"].fillna("").astype(str)
    # the outlet's own voice is the outlet; an article whose outlet is unknown is a voice of its own
    own_voice = outlet.where(outlet != "", "article:" + rows["doc"].astype(str))
    speaker = source.where(source != "outlet", own_voice)
    rows["speaker"] = speaker.where(source != "unnamed", "unnamed")

    def label(row) -> str:
        if row.speaker == "unnamed":
            return "unnamed reports"
        if row.speaker.startswith("article:"):
            doc = row.doc if len(row.doc) <= 14 else row.doc[:13] + "…"
            return f"article {doc} (no outlet)"
        text = names.get(row.speaker, row.speaker)
        if row.speaker == row.person:
            text += " (himself)"
        elif row.speaker in journalist_outlet:
            text += f" ({names.get(journalist_outlet[row.speaker], journalist_outlet[row.speaker])})"
        return text

    rows["via"] = via
    rows["voice"] = [label(r) for r in rows.itertuples()] if len(rows) else pd.Series(dtype=str)
    relayed = via.map(lambda v: f" via {names.get(v, v)}" if v else "")
    rows["speaker_label"] = rows["voice"] + relayed
    rows["story"] = rows["person"] + "|" + rows["club"] + "|" + rows["move"]
    arrow = rows["move"].map({"join": "→", "leave": "leaves"}).fillna("?")
    rows["story_label"] = (name_of(rows["person"], names) + " " + arrow + " " + name_of(rows["club"], names))
    return rows


def certainty_weight(rows: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Signed weight of each claim: + for, - against, scaled by its certainty."""
    return rows["stance"].map(STANCE_SIGN).fillna(0) * rows["certainty"].map(weights).fillna(0)


def _side(score: pd.Series) -> pd.Series:
    """The stance a net certainty-weighted score amounts to: "for", "against" or "" (a tie)."""
    return score.map(lambda v: "for" if v > 0 else ("against" if v < 0 else ""))


def _with_sides(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(is_for=(rows["stance"] == "for").astype(int), is_against=(rows["stance"] == "against").astype(int))


def story_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per story: claims, articles, distinct voices, for and against, first and last date."""
    columns = ["story", "story_label", "claims", "articles", "voices", "for", "against", "first", "last"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    grouped = _with_sides(rows).groupby(["story", "story_label"]).agg(
        claims=("doc", "size"), articles=("doc", "nunique"), voices=("speaker", "nunique"),
        **{"for": ("is_for", "sum"), "against": ("is_against", "sum")},
        first=("date", "min"), last=("date", "max")).reset_index()
    grouped = grouped.sort_values(["articles", "claims", "story"], ascending=[False, False, True], kind="stable")
    return grouped[columns].reset_index(drop=True)


def candidates_for(rows: pd.DataFrame, club: str) -> pd.DataFrame:
    """Who is discussed for the post at ``club``: join claims per person, in how many articles."""
    joins = rows.loc[(rows["club"] == club) & (rows["move"] == "join")]
    columns = ["person", "articles", "claims", "for", "against"]
    if joins.empty:
        return pd.DataFrame(columns=columns)
    grouped = _with_sides(joins).groupby("person").agg(articles=("doc", "nunique"), claims=("doc", "size"),
                                                       **{"for": ("is_for", "sum"), "against": ("is_against", "sum")})
    grouped = grouped.reset_index().sort_values(["articles", "claims", "person"], ascending=[False, False, True],
                                                kind="stable")
    return grouped[columns].reset_index(drop=True)


def busiest_post(rows: pd.DataFrame) -> str:
    """The club whose post has join claims in the most articles ("" when there are none)."""
    joins = rows.loc[rows["move"] == "join"]
    if joins.empty:
        return ""
    per_club = joins.groupby("club")["doc"].nunique().reset_index(name="articles")
    per_club = per_club.sort_values(["articles", "club"], ascending=[False, True], kind="stable")
    return str(per_club["club"].iloc[0])


def heat_index(rows: pd.DataFrame, club: str, weights: dict[str, float], unit: str,
               top: int = 6) -> pd.DataFrame:
    """Per period (rows), each leading candidate's heat for the post at ``club`` (columns):
    the sum over dated join claims of +weight (for) or -weight (against), weight by certainty."""
    joins = rows.loc[(rows["club"] == club) & (rows["move"] == "join") & rows["date"].notna()]
    leaders = candidates_for(joins, club)["person"].head(top).tolist()
    joins = joins.loc[joins["person"].isin(leaders)]
    if joins.empty:
        return pd.DataFrame(columns=leaders)
    signed = joins.assign(heat=certainty_weight(joins, weights), period=joins["date"].dt.to_period(unit))
    table = signed.pivot_table(index="period", columns="person", values="heat", aggfunc="sum", fill_value=0)
    return _every_period(table, unit, leaders).astype(float).round(2)


def first_reports(rows: pd.DataFrame) -> pd.DataFrame:
    """For each story, the earliest dated 'for' claim: when, where and on whose word."""
    dated = rows.loc[(rows["stance"] == "for") & rows["date"].notna()]
    columns = ["story_label", "date", "speaker_label", "outlet", "doc", "sentence"]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    ordered = dated.sort_values(["story", "date", "doc", "start"], kind="stable")
    first = ordered.groupby("story", sort=True).head(1)
    first = first.sort_values(["date", "story"], kind="stable")
    return first[columns].reset_index(drop=True)


def relay_edges(rows: pd.DataFrame) -> pd.DataFrame:
    """Who relayed whom: each (source, via, outlet) chain where an outlet printed a claim
    another outlet or journalist made, with the number of claims carried along it."""
    named = rows.loc[~rows["source"].isin(["outlet", "unnamed"]) & (rows["speaker"] != rows["outlet"])
                     & (rows["speaker"] != rows["person"]) & (rows["speaker"] != rows["club"])]
    columns = ["source", "via", "outlet", "claims"]
    if named.empty:
        return pd.DataFrame(columns=columns)
    named = named.assign(outlet=named["outlet"].fillna("").astype(str).replace("", UNKNOWN))
    edges = named.groupby(["speaker", "via", "outlet"]).size().reset_index(name="claims")
    edges.columns = columns
    return edges.sort_values(["claims", "source", "via", "outlet"], ascending=[False, True, True, True],
                             kind="stable").reset_index(drop=True)



def episodes(rows: pd.DataFrame, window_days: int) -> pd.Series:
    """An episode key per claim: claims of one story more than ``window_days`` apart
    start a new episode; undated claims form one episode per article."""
    if rows.empty:
        return pd.Series("", index=rows.index, dtype=object)
    dated = rows.loc[rows["date"].notna(), ["story", "date", "doc"]].sort_values(["story", "date", "doc"],
                                                                                 kind="stable")
    gap = dated["date"].diff().dt.days.gt(window_days)
    starts = dated["story"].ne(dated["story"].shift()) | gap
    number = starts.astype(int).groupby(dated["story"]).cumsum() - 1
    episode = pd.Series("", index=rows.index, dtype=object)
    episode.loc[dated.index] = dated["story"] + "#" + number.astype(str)
    undated = rows["date"].isna()
    episode.loc[undated] = rows.loc[undated, "story"] + "#" + rows.loc[undated, "doc"].astype(str)
    return episode


def disagreements(rows: pd.DataFrame, weights: dict[str, float], window_days: int = 14) -> pd.DataFrame:
    """Stories where different voices took opposite stances within ``window_days`` of each other.

    One row per disputed episode: the voices for and against (by their net stance over
    the episode) and, side by side, the strongest sentence of each side."""
    columns = ["story", "story_label", "start", "end", "articles", "for", "against",
               "evidence_for", "evidence_against"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(episode=episodes(rows, window_days), score=certainty_weight(rows, weights))
    net = rows.groupby(["episode", "speaker_label"], sort=True)["score"].sum().reset_index()
    net["side"] = _side(net["score"])
    sides = net.loc[net["side"] != ""]
    both = sides.groupby("episode")["side"].nunique()
    disputed = both.index[both == 2]
    if not len(disputed):
        return pd.DataFrame(columns=columns)
    sides = sides.loc[sides["episode"].isin(disputed)]
    voices = sides.groupby(["episode", "side"])["speaker_label"].agg(lambda v: "; ".join(sorted(v))).unstack()
    # the strongest sentence a voice of each side said on that side
    claims = rows.loc[rows["episode"].isin(disputed)].merge(sides[["episode", "speaker_label", "side"]],
                                                            on=["episode", "speaker_label"])
    claims = claims.loc[claims["stance"] == claims["side"]]
    claims = claims.assign(strength=claims["score"].abs()).sort_values(
        ["episode", "side", "strength", "date", "doc", "start"], ascending=[True, True, False, True, True, True],
        kind="stable")
    strongest = claims.drop_duplicates(["episode", "side"]).set_index(["episode", "side"])
    evidence = (strongest["speaker_label"] + ": " + strongest["sentence"].astype(str)).unstack()
    spans = rows.loc[rows["episode"].isin(disputed)].groupby("episode").agg(
        story=("story", "first"), story_label=("story_label", "first"), start=("date", "min"), end=("date", "max"),
        articles=("doc", "nunique"))
    table = spans.join(voices).join(evidence.add_prefix("evidence_")).reset_index(drop=True)
    return table[columns].sort_values(["articles", "start", "story"], ascending=[False, True, True],
                                      kind="stable", na_position="last").reset_index(drop=True)


def stance_matrix(rows: pd.DataFrame, weights: dict[str, float], top_sources: int = 15,
                  top_stories: int = 12) -> pd.DataFrame:
    """Voices (rows) by stories (columns): +1 for, -1 against, 0 mixed, blank when silent."""
    if rows.empty:
        return pd.DataFrame()
    stories = story_summary(rows)["story_label"].head(top_stories).tolist()
    kept = rows.loc[rows["story_label"].isin(stories)]
    loudest = kept.groupby("speaker_label")["story"].nunique().reset_index(name="stories")
    loudest = loudest.sort_values(["stories", "speaker_label"], ascending=[False, True], kind="stable")
    voices = loudest["speaker_label"].head(top_sources).tolist()
    kept = kept.loc[kept["speaker_label"].isin(voices)]
    net = kept.assign(score=certainty_weight(kept, weights)).groupby(["speaker_label", "story_label"])["score"].sum()
    matrix = net.map(lambda s: 1 if s > 0 else (-1 if s < 0 else 0)).unstack()
    return matrix.reindex(index=voices, columns=[s for s in stories if s in matrix.columns])


def source_agreement(rows: pd.DataFrame, weights: dict[str, float], top_sources: int = 40,
                     min_shared: int = 1) -> pd.DataFrame:
    """Pairs among the ``top_sources`` most active voices that took sides on the same stories:
    how often their net stances agreed."""
    columns = ["first", "second", "shared_stories", "agree", "disagree", "agreement"]
    matrix = stance_matrix(rows, weights, top_sources=top_sources, top_stories=len(rows) or 1)
    if matrix.empty:
        return pd.DataFrame(columns=columns)
    pro = (matrix > 0).astype(int).to_numpy()
    con = (matrix < 0).astype(int).to_numpy()
    agree = pro @ pro.T + con @ con.T
    disagree = pro @ con.T + con @ pro.T
    voices = list(matrix.index)
    found = [(voices[i], voices[j], int(agree[i, j] + disagree[i, j]), int(agree[i, j]), int(disagree[i, j]),
              round(agree[i, j] / (agree[i, j] + disagree[i, j]), 2))
             for i in range(len(voices)) for j in range(i + 1, len(voices))
             if agree[i, j] + disagree[i, j] >= min_shared]
    table = pd.DataFrame(found, columns=columns)
    return table.sort_values(["shared_stories", "agreement", "first", "second"], ascending=[False, False, True, True],
                             kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- track record (notebook 05)

def horizon_end(date: pd.Timestamp, horizon, windows: list[tuple[str, str]]) -> pd.Timestamp:
    """The last day a claim made on ``date`` can come true.

    ``horizon`` is a number of days, or "window": the close of the first transfer window
    that opens after the claim (a claim in April waits for the summer window, one made
    during a window waits for the next one). ``windows`` holds ("MM-DD" opens, "MM-DD" closes)."""
    if pd.isna(date):
        return pd.NaT
    if horizon != "window":
        return date + pd.Timedelta(days=int(horizon))
    closes = []
    for opens_md, closes_md in windows:
        for year in (date.year, date.year + 1):
            opens = pd.Timestamp(f"{year}-{opens_md}")
            if opens > date:
                close = pd.Timestamp(f"{year}-{closes_md}")
                closes.append(close if close > opens else close + pd.DateOffset(years=1))
    return min(closes) - pd.Timedelta(days=1) if closes else pd.NaT


def wilson_interval(hits, n, z: float = 1.96):
    """The Wilson score interval of a proportion (95% by default); NaN where n is 0.
    Works on numbers or on arrays of them."""
    import numpy as np

    hits, n = np.asarray(hits, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = hits / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def calls(rows: pd.DataFrame, weights: dict[str, float], window_days: int = 14) -> pd.DataFrame:
    """Independent predictions: one per voice, story and episode, from rumours (not facts).

    Claims in syndicated or copied articles are left out (the original already counts),
    and a relayed claim belongs to its origin ("Corriere dello Sport via Marca" and
    "Corriere dello Sport" are one voice), so ten outlets repeating one paper are one
    call. A call's stance is the voice's net certainty-weighted stance in the episode,
    its date the voice's first claim on that side, its certainty the strongest it used."""
    columns = ["speaker", "voice", "story", "story_label", "person", "club", "move", "episode", "stance",
               "certainty", "date", "doc", "sentence"]
    kept = originals(rows)
    rumours = kept.loc[(kept["certainty"] != "fact") & kept["date"].notna()]
    if rumours.empty:
        return pd.DataFrame(columns=columns)
    rank = {c: i for i, c in enumerate(CERTAINTY_ORDER)}
    rumours = rumours.assign(episode=episodes(rumours, window_days), score=certainty_weight(rumours, weights),
                             rank=rumours["certainty"].map(rank).fillna(9))
    rumours = rumours.assign(call=_side(rumours.groupby(["speaker", "episode"])["score"].transform("sum")))
    side = rumours.loc[rumours["stance"] == rumours["call"]]
    strongest = side.groupby(["speaker", "episode"])["rank"].transform("min")
    side = side.assign(certainty=strongest.map({i: c for c, i in rank.items()}))
    first = side.sort_values(["speaker", "episode", "date", "doc", "start"], kind="stable").drop_duplicates(
        ["speaker", "episode"])
    table = first.assign(stance=first["call"])[columns]
    return table.sort_values(["date", "story", "voice"], kind="stable").reset_index(drop=True)


def resolve(call_table: pd.DataFrame, outcomes: pd.DataFrame, horizon="window",
            windows: list[tuple[str, str]] | None = None, probabilities: dict[str, float] | None = None) -> pd.DataFrame:
    """Each call with its outcome: ``happened`` (the move was made official between the call
    and the end of its horizon), ``did not happen`` (it was not, and the outcomes file covers
    the person past the horizon), ``already happened`` (made official in the year before the
    call; not a prediction) or ``unresolved``. ``right`` is True/False for the first two, else
    NA. ``p_move`` is the stated probability that the move happens (``probabilities`` by
    certainty; 1 - p for an 'against' call) and ``brier`` its squared error."""
    windows = windows or [("01-01", "02-01"), ("06-01", "09-01")]
    probabilities = probabilities or {}
    result = call_table.reset_index(drop=True).copy()
    ends = {d: horizon_end(d, horizon, windows) for d in result["date"].dropna().unique()}
    result["horizon_end"] = pd.to_datetime(result["date"].map(ends))
    day = result["date"].dt.normalize()
    facts = outcomes[["person", "club", "move", "date"]].rename(columns={"date": "official"})
    pairs = result[["person", "club", "move", "horizon_end"]].assign(day=day).reset_index().merge(
        facts, on=["person", "club", "move"])
    inside = pairs.loc[(pairs["official"] >= pairs["day"]) & (pairs["official"] <= pairs["horizon_end"])]
    before = pairs.loc[(pairs["official"] < pairs["day"]) & (pairs["official"] >= pairs["day"] - pd.Timedelta(days=365))]
    made = inside.groupby("index")["official"].min().reindex(result.index)
    earlier = before.groupby("index")["official"].max().reindex(result.index)
    covered = result["person"].map(outcomes.groupby("person")["checked"].max()) if len(outcomes) else \
        pd.Series(pd.NaT, index=result.index)
    covered = pd.to_datetime(covered)
    status = pd.Series("unresolved", index=result.index, dtype=object)
    status[covered.notna() & (covered >= result["horizon_end"])] = "did not happen"
    status[earlier.notna()] = "already happened"
    status[made.notna()] = "happened"
    result["outcome"] = status
    result["outcome_date"] = pd.to_datetime(made.where(made.notna(), earlier.where(status == "already happened")))
    resolved = result["outcome"].isin(["happened", "did not happen"])
    happened = result["outcome"] == "happened"
    right = (result["stance"] == "for") == happened
    result["right"] = right.astype("boolean").where(resolved, pd.NA)
    stated = result["certainty"].map(probabilities).astype(float)
    result["p_move"] = stated.where(result["stance"] == "for", 1 - stated)
    result["brier"] = ((result["p_move"] - happened.astype(float)) ** 2).where(resolved)
    result["lead_days"] = (result["outcome_date"] - result["date"]).dt.days.where(resolved & right & happened)
    return result


def league_table(resolved: pd.DataFrame, min_resolved: int = 1) -> pd.DataFrame:
    """Per voice: calls made, resolved, right, hit rate with a 95% Wilson interval, mean Brier
    score and median lead time of its right 'for' calls; best first, small samples shown."""
    columns = ["voice", "calls", "resolved", "right", "hit_rate", "low", "high", "brier", "lead_days"]
    if resolved.empty:
        return pd.DataFrame(columns=columns)
    scored = resolved.assign(done=resolved["right"].notna().astype(int),
                             hit=resolved["right"].fillna(False).astype(bool).astype(int))
    table = scored.groupby("voice").agg(calls=("voice", "size"), resolved=("done", "sum"), right=("hit", "sum"),
                                        brier=("brier", "mean"), lead_days=("lead_days", "median")).reset_index()
    low, high = wilson_interval(table["right"], table["resolved"])
    table["hit_rate"] = (table["right"] / table["resolved"].where(table["resolved"] > 0)).round(2)
    table["low"], table["high"] = low.round(2), high.round(2)
    table["brier"] = table["brier"].round(3)
    table = table.loc[table["resolved"] >= min_resolved, columns]
    return table.sort_values(["hit_rate", "resolved", "brier", "voice"], ascending=[False, False, True, True],
                             kind="stable", na_position="last").reset_index(drop=True)


def calibration(resolved: pd.DataFrame) -> pd.DataFrame:
    """Per certainty: the probability a call states that it is right, how often such calls
    were right, and the 95% interval of that rate."""
    done = resolved.loc[resolved["right"].notna()]
    columns = ["certainty", "stated", "calls", "right", "observed", "low", "high"]
    found = []
    for certainty in CERTAINTY_ORDER:
        group = done.loc[done["certainty"] == certainty]
        if group.empty:
            continue
        stated = group["p_move"].where(group["stance"] == "for", 1 - group["p_move"]).mean()
        hits = int(group["right"].astype(bool).sum())
        low, high = wilson_interval(hits, len(group))
        found.append({"certainty": certainty, "stated": round(stated, 2), "calls": len(group), "right": hits,
                      "observed": round(hits / len(group), 2), "low": round(low, 2), "high": round(high, 2)})
    return pd.DataFrame(found, columns=columns)


def story_lifecycles(resolved: pd.DataFrame) -> pd.DataFrame:
    """Per resolved story episode: first report, the day the balance of independent voices
    turned towards what happened (and stayed), the outcome and how many days the rumour lived."""
    columns = ["story_label", "episode", "first_report", "first_voice", "voices", "outcome", "outcome_date",
               "turned", "lived_days"]
    done = resolved.loc[resolved["outcome"].isin(["happened", "did not happen"])]
    if done.empty:
        return pd.DataFrame(columns=columns)
    done = done.sort_values(["episode", "date", "voice"], kind="stable")
    target = done["outcome"].map({"happened": 1, "did not happen": -1})
    # one call per voice and episode, so the balance after each call is a running sum of sides
    balance = done["stance"].map({"for": 1, "against": -1}).groupby(done["episode"]).cumsum()
    wrong_side = ~((balance * target) > 0)
    position = done.groupby("episode").cumcount()
    last_wrong = position.where(wrong_side).groupby(done["episode"]).transform("max").fillna(-1)
    turn = done.loc[position == last_wrong + 1, ["episode", "date"]].set_index("episode")["date"]
    opener = done.loc[done["stance"] == "for"].drop_duplicates("episode").set_index("episode")
    any_first = done.drop_duplicates("episode").set_index("episode")
    table = done.groupby("episode").agg(story_label=("story_label", "first"), voices=("voice", "nunique"),
                                        outcome=("outcome", "first"), outcome_date=("outcome_date", "first"),
                                        start=("date", "min"), last=("date", "max"))
    table["first_report"] = opener["date"].reindex(table.index).fillna(any_first["date"])
    table["first_voice"] = opener["voice"].reindex(table.index).fillna(any_first["voice"])
    table["turned"] = turn.reindex(table.index)
    end = table["outcome_date"].where(table["outcome"] == "happened", table["last"])
    table["lived_days"] = (end - table["start"]).dt.days
    table = table.reset_index()[columns]
    return table.sort_values(["first_report", "story_label"], kind="stable").reset_index(drop=True)


def resolved_posts(resolved: pd.DataFrame) -> pd.DataFrame:
    """Per club and month in which its post was rumoured, each candidate whose join story
    resolved: who said he would come, who said he would not, and what happened."""
    columns = ["club", "month", "person", "story_label", "outcome", "outcome_date", "voices_for", "voices_against",
               "right", "wrong"]
    joins = resolved.loc[(resolved["move"] == "join") & resolved["right"].notna()]
    if joins.empty:
        return pd.DataFrame(columns=columns)
    keys = ["club", "month", "person"]
    joins = joins.assign(month=joins["date"].dt.to_period("M").dt.to_timestamp(),
                         verdict=joins["right"].astype(bool).map({True: "right", False: "wrong"}))
    table = joins.groupby(keys).agg(story_label=("story_label", "first"), outcome=("outcome", "first"),
                                    outcome_date=("outcome_date", "first"))

    def voices(column: str, value: str) -> pd.Series:
        chosen = joins.loc[joins[column] == value].sort_values("voice", kind="stable")
        return chosen.groupby(keys)["voice"].agg(list).reindex(table.index).map(
            lambda v: v if isinstance(v, list) else [])

    table["voices_for"], table["voices_against"] = voices("stance", "for"), voices("stance", "against")
    table["right"], table["wrong"] = voices("verdict", "right"), voices("verdict", "wrong")
    table = table.reset_index()[columns]
    return table.sort_values(["month", "club", "outcome", "person"], ascending=[True, True, False, True],
                             kind="stable").reset_index(drop=True)