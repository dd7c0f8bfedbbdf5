"""Plots: one seaborn style for every figure, and saving figures deterministically.

Figures are saved to ``figures/`` as PNG and SVG under stable names. Text from
articles (outlet names, titles) may reach labels, so math-text parsing is off:
a "$" in a scraped name is drawn as a "$", never interpreted.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from . import paths

PALETTE = "colorblind"


def use_style() -> None:
    """The house style: white grid, colour-blind palette, fixed fonts and hashes."""
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook")
    plt.rcParams.update({
        "figure.dpi": 100,
        "savefig.dpi": 120,
        "figure.autolayout": False,
        "svg.hashsalt": "rumourlib",      # stable ids inside SVG files
        "svg.fonttype": "path",
        "text.parse_math": False,         # "$" in scraped text is literal
        "axes.titleweight": "bold",
        "axes.titlesize": 13,
    })


def save(fig, name: str, folder: Path | None = None) -> list[Path]:
    """Write ``fig`` as ``<name>.png`` and ``<name>.svg`` with no timestamps in them."""
    folder = folder or paths.FIGURES
    folder.mkdir(parents=True, exist_ok=True)
    out = [folder / f"{name}.png", folder / f"{name}.svg"]
    fig.savefig(out[0], metadata={"Software": None}, bbox_inches="tight")
    fig.savefig(out[1], metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    return out


def bar(df: pd.DataFrame, value: str, label: str, title: str, xlabel: str, top: int = 20, ax=None):
    """A horizontal bar chart of the ``top`` rows, largest first."""
    data = df.head(top)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(2.2, 0.4 * len(data) + 1.2)))
    sns.barplot(data=data, x=value, y=label, ax=ax, color=sns.color_palette(PALETTE)[0], orient="h")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    if len(data):
        ax.bar_label(ax.containers[0], padding=3)
    ax.figure.tight_layout()
    return ax.figure


def timeline(df: pd.DataFrame, title: str, ylabel: str, unit: str, ax=None):
    """Counts per period as bars on a date axis."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.2))
    width = 5 if unit == "W" else 25
    ax.bar(df["period"], df["articles"], width=width, color=sns.color_palette(PALETTE)[0], align="edge")
    ax.set_title(title)
    ax.set_xlabel("week of publication" if unit == "W" else "month of publication")
    ax.set_ylabel(ylabel)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.figure.autofmt_xdate()
    ax.figure.tight_layout()
    return ax.figure
