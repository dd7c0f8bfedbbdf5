"""Plots: one seaborn style for every figure, and saving figures deterministically.

Figures are saved to ``figures/`` as PNG and SVG under stable names. Text from
articles (outlet names, titles) may reach labels, so math-text parsing is off:
a "$" in a scraped name is drawn as a "$", never interpreted.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
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


STANCE_COLOURS = {"for": sns.color_palette(PALETTE)[2], "against": sns.color_palette(PALETTE)[3]}
CERTAINTY_MARKERS = {"fact": "s", "reported": "o", "speculative": "^"}


def shorten(text: str, width: int = 38) -> str:
    text = str(text)
    return text if len(text) <= width else text[:width - 1] + "…"


def _date_axis(ax, unit: str) -> None:
    ax.set_xlabel("week" if unit == "W" else "month")
    ax.figure.autofmt_xdate()


def lines(table: pd.DataFrame, title: str, ylabel: str, unit: str, labels: dict[str, str] | None = None,
          ax=None, zero_line: bool = False):
    """One line per column of ``table`` (index: period start), named through ``labels``."""
    labels = labels or {}
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.8))
    palette = sns.color_palette(PALETTE, max(len(table.columns), 1))
    for colour, column in zip(palette, table.columns):
        ax.plot(table.index, table[column], marker="o", markersize=4, color=colour,
                label=shorten(labels.get(column, column), 30))
    if zero_line:
        ax.axhline(0, color="0.5", linewidth=0.8)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    _date_axis(ax, unit)
    if len(table.columns):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
    ax.figure.tight_layout()
    return ax.figure


def centred_colormap(values: np.ndarray, cmap: str, center: float, vmin: float | None = None,
                     vmax: float | None = None) -> tuple[mpl.colors.Colormap, float, float]:
    """(colour map, vmin, vmax) for a heat map whose middle colour sits at ``center``.

    This is what ``seaborn.heatmap(center=...)`` does (the part of ``cmap`` that
    ``vmin``..``vmax`` covers once the range is made symmetric about ``center``), done
    here because seaborn does it with ``Colormap.set_bad``, which matplotlib deprecates."""
    vmin = float(np.nanmin(values)) if vmin is None else vmin
    vmax = float(np.nanmax(values)) if vmax is None else vmax
    base = mpl.colormaps[cmap]
    half = max(vmax - center, center - vmin)
    low, high = mpl.colors.Normalize(center - half, center + half)([vmin, vmax])
    extremes = {"bad": base(np.ma.masked_invalid([np.nan]))[0]}
    if base(-np.inf) != base(0):            # the map has a colour of its own below its range
        extremes["under"] = base(-np.inf)
    if base(np.inf) != base(base.N - 1):    # ... or above it
        extremes["over"] = base(np.inf)
    return mpl.colors.ListedColormap(base(np.linspace(low, high, 256))).with_extremes(**extremes), vmin, vmax


def heatmap(matrix: pd.DataFrame, title: str, xlabel: str = "", ylabel: str = "", cmap: str = "Blues",
            center: float | None = None, annotate: bool = True, fmt: str = "g", cbar_label: str = "",
            vmin: float | None = None, vmax: float | None = None, value_names: dict | None = None):
    """A labelled heat map of ``matrix``; long labels are shortened and x labels slanted.

    With ``value_names`` (e.g. {1: "for", -1: "against"}) cells are written in words and the
    colour bar is left out."""
    if value_names is not None:
        annotate = matrix.apply(lambda col: col.map(lambda v: "" if pd.isna(v) else value_names.get(v, str(v))))
        fmt = ""
    rows, cols = max(matrix.shape[0], 1), max(matrix.shape[1], 1)
    fig, ax = plt.subplots(figsize=(min(2.2 + 0.75 * cols, 16), min(1.6 + 0.42 * rows, 14)))
    if matrix.empty:
        ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        values = matrix.astype(float)
        if center is not None:
            cmap, vmin, vmax = centred_colormap(values.to_numpy(), cmap, center, vmin, vmax)
        sns.heatmap(values, ax=ax, cmap=cmap, annot=annotate, fmt=fmt,
                    linewidths=0.5, linecolor="white", vmin=vmin, vmax=vmax, cbar=value_names is None,
                    annot_kws={"fontsize": 8.5}, cbar_kws={"label": cbar_label} if cbar_label else None,
                    xticklabels=[shorten(c) for c in matrix.columns], yticklabels=[shorten(i) for i in matrix.index])
        ax.set_xticklabels(ax.get_xticklabels(), rotation=35, ha="right")
        ax.grid(False)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def story_timeline(rows: pd.DataFrame, stories: list[str], title: str, max_voices: int = 10):
    """Claims of ``stories`` (story labels) on a shared time axis, one panel per story and one
    line per voice in it, so every point is labelled by its source without labels colliding:
    colour is the stance, marker the certainty (a voice's strongest that day)."""
    data = rows.loc[rows["story_label"].isin(stories) & rows["date"].notna()]
    rank = {c: i for i, c in enumerate(CERTAINTY_MARKERS)}
    panels = []
    for story in stories:
        claims = data.loc[data["story_label"] == story]
        busiest = claims["speaker_label"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
        panels.append((story, sorted(busiest.index[:max_voices]), claims))
    heights = [max(len(voices), 1) + 1.2 for _, voices, _ in panels] or [1]
    fig, axes = plt.subplots(len(heights), 1, sharex=True, squeeze=False,
                             figsize=(10, 1.2 + 0.32 * sum(heights)), gridspec_kw={"height_ratios": heights})
    for ax, (story, voices, claims) in zip(axes[:, 0], panels):
        position = {voice: i for i, voice in enumerate(voices)}
        shown = claims.loc[claims["speaker_label"].isin(voices)]
        for (voice, date, stance), group in shown.groupby(["speaker_label", "date", "stance"], sort=True):
            certainty = min(group["certainty"], key=lambda c: rank.get(c, 9))
            nudge = -0.15 if stance == "for" else 0.15
            ax.scatter([date], [position[voice] + nudge], marker=CERTAINTY_MARKERS.get(certainty, "o"), s=55,
                       color=STANCE_COLOURS.get(stance, "0.4"), edgecolor="black", linewidth=0.5, zorder=3)
        ax.set_yticks(range(len(voices)), [shorten(v, 40) for v in voices], fontsize=8.5)
        ax.set_ylim(len(voices) - 0.4, -0.6)
        hidden = claims["speaker_label"].nunique() - len(voices)
        ax.set_title(shorten(story, 60) + (f"  (+{hidden} quieter voices)" if hidden > 0 else ""),
                     fontsize=10.5, loc="left")
        ax.grid(axis="y", visible=False)
    if data.empty:
        axes[0, 0].text(0.5, 0.5, "no dated claims", ha="center", va="center", transform=axes[0, 0].transAxes)
    else:
        first, last = data["date"].min(), data["date"].max()
        pad = max((last - first) * 0.04, pd.Timedelta(days=5))
        axes[0, 0].set_xlim(first - pad, last + pad)
    height = fig.get_figheight()
    fig.suptitle(title, fontweight="bold", fontsize=13, y=1 - 0.08 / height, va="top")
    axes[-1, 0].set_xlabel("date of publication")
    fig.autofmt_xdate()
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=STANCE_COLOURS[s], label=s) for s in STANCE_COLOURS]
    handles += [plt.Line2D([], [], marker=m, linestyle="", color="0.3", label=c) for c, m in CERTAINTY_MARKERS.items()]
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), frameon=False, fontsize=9,
               title="colour: stance · marker: certainty", title_fontsize=9, bbox_to_anchor=(0.5, 0.01))
    # room in inches, whatever the figure's height: the title above the panels
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.3 / height))
    return fig


def relay_graph(edges: pd.DataFrame, labels: dict[str, str], title: str, top: int = 25):
    """Who relayed whom, as three columns: original source -> relaying outlet -> publishing outlet.

    Arrow width grows with the number of claims carried; an edge with no relay goes straight
    from the source to the outlet that printed it."""
    edges = edges.head(top)
    fig, ax = plt.subplots(figsize=(11, 1.5 + 0.45 * max(len(edges), 3)))
    ax.set_axis_off()
    ax.set_title(title, pad=30)
    if edges.empty:
        ax.text(0.5, 0.5, "no claim was relayed from one voice to another", ha="center", va="center",
                transform=ax.transAxes)
        return fig
    columns = {0: sorted(edges["source"].unique()), 1: sorted(v for v in edges["via"].unique() if v),
               2: sorted(edges["outlet"].unique())}
    xs = {0: 0.0, 1: 0.5, 2: 1.0}
    position = {}
    for col, nodes in columns.items():
        for i, node in enumerate(nodes):
            position[(col, node)] = (xs[col], 1 - (i + 1) / (len(nodes) + 1))
    widest = max(edges["claims"].max(), 1)
    for edge in edges.itertuples():
        hops = [(0, edge.source)] + ([(1, edge.via)] if edge.via else []) + [(2, edge.outlet)]
        for a, b in zip(hops, hops[1:]):
            # a claim printed without a relay is dashed and bowed, so it never seems to enter a relay's box
            direct = not edge.via
            ax.annotate("", xy=position[b], xytext=position[a], zorder=1,
                        arrowprops={"arrowstyle": "-|>", "color": "0.6" if direct else "0.3",
                                    "lw": 0.8 + 2.2 * edge.claims / widest, "linestyle": "--" if direct else "-",
                                    "shrinkA": 14, "shrinkB": 14,
                                    "connectionstyle": f"arc3,rad={-0.15 if direct else 0.05}"})
    for (col, node), (x, y) in position.items():
        ax.text(x, y, shorten(labels.get(node, node), 30), ha="center", va="center", fontsize=9, zorder=3,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": ("#e8f0fa", "#fdf1dc", "#e9f5e9")[col],
                      "edgecolor": "0.6"})
    for col, heading in enumerate(("original source", "relayed by", "published in")):
        ax.annotate(heading, (xs[col], 1), xycoords=("data", "axes fraction"), xytext=(0, 8),
                    textcoords="offset points", ha="center", va="bottom", fontsize=10, fontweight="bold")
    ax.annotate("width: claims carried · solid: through a relaying outlet · dashed: printed directly",
                (0.5, 0), xycoords="axes fraction", xytext=(0, -4), textcoords="offset points",
                ha="center", va="top", fontsize=8.5, color="0.35")
    ax.set_xlim(-0.2, 1.2)
    ax.set_ylim(0, 1)
    fig.tight_layout()
    return fig


def league(table: pd.DataFrame, title: str, top: int = 20):
    """Hit rate per voice with its 95% interval, best first; the label carries the sample size."""
    data = table.head(top)
    fig, ax = plt.subplots(figsize=(8.5, 1.4 + 0.38 * max(len(data), 1)))
    if data.empty:
        ax.text(0.5, 0.5, "no resolved call yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        y = range(len(data))
        ax.hlines(list(y), data["low"], data["high"], color="0.55", linewidth=2.5)
        ax.scatter(data["hit_rate"], list(y), color=sns.color_palette(PALETTE)[0], zorder=3, s=45)
        ax.set_yticks(list(y), [f"{shorten(v, 36)} ({int(r)}/{int(n)})"
                                for v, r, n in zip(data["voice"], data["right"], data["resolved"])], fontsize=9)
        ax.set_ylim(len(data) - 0.5, -0.5)
        ax.set_xlim(-0.02, 1.02)
        ax.set_xlabel("share of resolved calls that were right (line: 95% interval)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def calibration(table: pd.DataFrame, title: str):
    """Stated probability against observed rate per certainty, with intervals and the diagonal."""
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="0.6", linewidth=1, label="perfectly calibrated")
    for row in table.to_dict("records"):
        ax.vlines(row["stated"], row["low"], row["high"], color="0.55", linewidth=2.5)
        ax.scatter([row["stated"]], [row["observed"]], s=40 + 12 * min(row["calls"], 20), zorder=3,
                   marker=CERTAINTY_MARKERS.get(row["certainty"], "o"), color=sns.color_palette(PALETTE)[0])
        ax.annotate(f"{row['certainty']} ({row['right']}/{row['calls']})", (row["stated"], row["observed"]),
                    xytext=(8, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("stated probability of being right (data/rules/certainty.csv)")
    ax.set_ylabel("observed share right")
    ax.set_title(title)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


OUTCOME_COLOURS = {"happened": sns.color_palette(PALETTE)[2], "did not happen": sns.color_palette(PALETTE)[3],
                   "unresolved": "0.6", "already happened": "0.8"}


def lifecycles(table: pd.DataFrame, title: str, top: int = 15):
    """Each story episode from its first report to its outcome (or last claim); a diamond marks
    the day the balance of independent voices turned towards what happened."""
    data = table.loc[table["outcome"].isin(["happened", "did not happen"])].head(top)
    fig, ax = plt.subplots(figsize=(10, 1.5 + 0.42 * max(len(data), 1)))
    if data.empty:
        ax.text(0.5, 0.5, "no story has resolved yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title)
        return fig
    for i, row in enumerate(data.to_dict("records")):
        end = row["outcome_date"] if pd.notna(row["outcome_date"]) else row["first_report"] + pd.Timedelta(
            days=max(row["lived_days"], 1))
        colour = OUTCOME_COLOURS[row["outcome"]]
        ax.plot([row["first_report"], end], [i, i], color=colour, linewidth=5, solid_capstyle="butt")
        ax.scatter([row["first_report"]], [i], color="black", s=18, zorder=3)
        if row["outcome"] == "happened":
            ax.scatter([end], [i], color=colour, marker="|", s=200, zorder=3)
        if pd.notna(row["turned"]):
            ax.scatter([row["turned"]], [i], marker="D", color="white", edgecolor="black", s=40, zorder=4)
    ax.set_yticks(range(len(data)), [shorten(f"{s} ({pd.Timestamp(d):%b %Y})", 46)
                                     for s, d in zip(data["story_label"], data["first_report"])], fontsize=9)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_title(title)
    ax.set_xlabel("date")
    handles = [plt.Line2D([], [], color=OUTCOME_COLOURS[k], linewidth=5, label=k) for k in ("happened", "did not happen")]
    handles.append(plt.Line2D([], [], marker="D", linestyle="", markerfacecolor="white", markeredgecolor="black",
                              label="balance of voices turned"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
