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
