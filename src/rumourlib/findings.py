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
