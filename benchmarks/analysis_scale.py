"""How long the notebooks' analysis takes on a large claims table (run: python benchmarks/analysis_scale.py).

Builds a random but fixed table of CLAIMS claims in DOCS articles (seeded), then times
each function the notebooks call on it: voices, stories, episodes, disagreements, the
stance matrix, source agreement, calls, their resolution, the league table, lifecycles and
posts. Not a test: it prints seconds per step, so a change that makes a step quadratic
shows at once.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from rumourlib import analysis


def synthetic(docs: int, claims: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    persons = [f"person-{i}" for i in range(800)]
    clubs = [f"club-{i}" for i in range(300)]
    outlets = [f"outlet-{i}" for i in range(400)]
    sources = ["outlet", "unnamed"] * 5 + [f"source-{i}" for i in range(2000)]
    names = [f"d{i:07d}" for i in range(docs)]
    published = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 800, docs), unit="D")
    articles = pd.DataFrame({"doc": names, "published": published.strftime("%Y-%m-%d"),
                             "outlet": rng.choice(outlets, docs),
                             "duplicate_of": np.where(rng.random(docs) < 0.05, "copy", "")})
    table = pd.DataFrame({
        "doc": rng.choice(names, claims), "person": rng.choice(persons, claims), "club": rng.choice(clubs, claims),
        "move": rng.choice(["join", "leave"], claims), "stance": rng.choice(["for", "against"], claims, p=[.8, .2]),
        "certainty": rng.choice(["fact", "reported", "speculative"], claims), "source": rng.choice(sources, claims),
        "via": "", "sentence": "a sentence", "start": rng.integers(0, 5000, claims)})
    facts = pd.DataFrame({"person": rng.choice(persons, 600), "club": rng.choice(clubs, 600),
                          "move": rng.choice(["join", "leave"], 600),
                          "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 900, 600), unit="D"),
                          "kind": "appointed", "checked": pd.Timestamp("2026-06-01"), "evidence": ""})
    return articles, table, facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=300_000)
    args = parser.parse_args()
    articles, table, facts = synthetic(args.docs, args.claims)
    weights = {"fact": 1.0, "reported": 0.6, "speculative": 0.3}
    probabilities = {"fact": 0.95, "reported": 0.75, "speculative": 0.55}
    windows = [("01-01", "02-01"), ("06-01", "09-01")]
    print(f"{args.claims:,} claims in {args.docs:,} articles")
    total = 0.0

    def timed(step: str, work):
        nonlocal total
        start = time.perf_counter()
        result = work()
        spent = time.perf_counter() - start
        total += spent
        print(f"  {step:<22} {spent:6.2f} s")
        return result

    rows = timed("claim_rows", lambda: analysis.claim_rows(table, articles, {}, {}))
    timed("story_summary", lambda: analysis.story_summary(rows))
    timed("episodes", lambda: analysis.episodes(rows, 14))
    timed("disagreements", lambda: analysis.disagreements(rows, weights, 14))
    timed("stance_matrix", lambda: analysis.stance_matrix(rows, weights))
    timed("source_agreement", lambda: analysis.source_agreement(rows, weights))
    calls = timed("calls", lambda: analysis.calls(rows, weights))
    resolved = timed("resolve", lambda: analysis.resolve(calls, facts, "window", windows, probabilities))
    timed("league_table", lambda: analysis.league_table(resolved))
    timed("story_lifecycles", lambda: analysis.story_lifecycles(resolved))
    timed("resolved_posts", lambda: analysis.resolved_posts(resolved))
    print(f"  {'total':<22} {total:6.2f} s")


if __name__ == "__main__":
    main()
