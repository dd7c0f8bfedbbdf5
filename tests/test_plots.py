"""Figures are readable: every one has a title, and no two pieces of text in it overlap."""
import itertools
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from rumourlib import analysis, gazetteer, outcomes, pipeline, plots  # noqa: E402


def texts(fig):
    """(text, centre, width, height, angle) of every piece of text that is drawn, with its
    width and height measured unrotated, so slanted tick labels are compared as they look."""
    renderer = fig.canvas.get_renderer()
    drawn = list(fig.texts) + ([fig._suptitle] if fig._suptitle else [])
    for legend in fig.legends:
        drawn += legend.get_texts() + [legend.get_title()]
    for ax in fig.axes:
        drawn += [ax.title, ax._left_title, ax._right_title] + list(ax.texts)
        if ax.axison:
            x0, x1 = sorted(ax.get_xlim())
            y0, y1 = sorted(ax.get_ylim())
            drawn += [ax.xaxis.label, ax.yaxis.label]
            drawn += [t.label1 for t in ax.xaxis.get_major_ticks() if x0 <= t.get_loc() <= x1]
            drawn += [t.label1 for t in ax.yaxis.get_major_ticks() if y0 <= t.get_loc() <= y1]
        if ax.get_legend():
            drawn += ax.get_legend().get_texts() + [ax.get_legend().get_title()]
    found, seen = [], set()
    for artist in drawn:
        if id(artist) in seen:
            continue
        seen.add(id(artist))
        if not (artist.get_visible() and artist.get_text().strip()):
            continue
        box = artist.get_window_extent(renderer)
        angle = artist.get_rotation()
        artist.set_rotation(0)
        flat = artist.get_window_extent(renderer)
        artist.set_rotation(angle)
        found.append((artist.get_text(), ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2), flat.width, flat.height,
                      math.radians(angle)))
    return found


def overlapping(fig):
    """Pairs of texts whose rectangles overlap (parallel ones compared in their own frame)."""
    pairs = []
    for (a, ca, wa, ha, ta), (b, cb, wb, hb, tb) in itertools.combinations(texts(fig), 2):
        dx, dy = cb[0] - ca[0], cb[1] - ca[1]
        if abs(ta - tb) < 1e-6:
            along = abs(dx * math.cos(ta) + dy * math.sin(ta))
            across = abs(-dx * math.sin(ta) + dy * math.cos(ta))
            # glyph boxes carry padding: touching by a few percent is not overlapping
            if along < 0.96 * (wa + wb) / 2 and across < 0.8 * (ha + hb) / 2:
                pairs.append((a, b))
        else:
            def half(w, h, t):
                return (abs(w * math.cos(t)) + abs(h * math.sin(t))) / 2, (abs(w * math.sin(t)) + abs(h * math.cos(t))) / 2
            (wxa, hya), (wxb, hyb) = half(wa, ha, ta), half(wb, hb, tb)
            if abs(dx) < 0.9 * (wxa + wxb) and abs(dy) < 0.8 * (hya + hyb):
                pairs.append((a, b))
    return pairs


@pytest.fixture(scope="module")
def figures(seed_tables):
    plots.use_style()
    names = gazetteer.display_names()
    weights = gazetteer.certainty_weights()
    rows = pipeline.claim_rows(seed_tables)
    mentions, articles = seed_tables["mentions"], seed_tables["articles"]
    per_manager = analysis.mentions_per_manager(mentions, articles).head(10)
    leaders = per_manager["manager"].tolist()
    club = analysis.busiest_post(rows)
    resolved = analysis.resolve(analysis.calls(rows, weights), outcomes.load(), "window", outcomes.transfer_windows(),
                                gazetteer.certainty_probabilities())
    made = {
        "mentions per manager": plots.bar(per_manager.assign(manager=analysis.name_of(per_manager["manager"], names)),
                                          "mentions", "manager", "Mentions", "mentions"),
        "by outlet": plots.heatmap(analysis.mentions_by_outlet(mentions, articles, leaders).rename(index=names),
                                   "By outlet", cbar_label="mentions"),
        "over time": plots.lines(analysis.mentions_over_time(mentions, articles, leaders[:6], "M"), "Over time",
                                 "mentions", "M", names),
        "story timeline": plots.story_timeline(rows, analysis.story_summary(rows)["story_label"].head(6).tolist(),
                                               "Stories"),
        "heat": plots.lines(analysis.heat_index(rows, club, weights, "M"), "Heat", "heat", "M", names, zero_line=True),
        "relays": plots.relay_graph(analysis.relay_edges(rows), names, "Relays"),
        "stances": plots.heatmap(analysis.stance_matrix(rows, weights), "Stances", cmap="RdYlGn", center=0,
                                 value_names={1: "for", -1: "against", 0: "mixed"}),
        "league": plots.league(analysis.league_table(resolved), "League"),
        "calibration": plots.calibration(analysis.calibration(resolved), "Calibration"),
        "lifecycles": plots.lifecycles(analysis.story_lifecycles(resolved), "Lifecycles"),
    }
    for fig in made.values():
        fig.canvas.draw()
    yield made
    plt.close("all")


NAMES = ["mentions per manager", "by outlet", "over time", "story timeline", "heat", "relays", "stances", "league",
         "calibration", "lifecycles"]


@pytest.mark.parametrize("name", NAMES)
def test_figure_has_a_title_and_no_overlapping_text(figures, name):
    fig = figures[name]
    titles = [ax.get_title() for ax in fig.axes] + [fig._suptitle.get_text() if fig._suptitle else ""]
    assert any(t.strip() for t in titles), "every figure says what it shows"
    assert overlapping(fig) == []


def test_the_overlap_check_can_fail():
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "Jürgen Klopp → Real Madrid")
    ax.text(0.52, 0.5, "Massimiliano Allegri")
    fig.canvas.draw()
    assert overlapping(fig)
    plt.close(fig)


@pytest.mark.parametrize("matrix, cmap, center, vmin, vmax", [
    ([[1.0, -1.0], [0.0, float("nan")]], "RdYlGn", 0, -1, 1),     # the stance matrix's settings
    ([[0.2, 0.9], [0.4, 0.5]], "RdYlGn", 0, None, None),          # the data all above the centre
    ([[3.0, -7.0], [1.5, 2.0]], "coolwarm", 1, None, None),
    ([[5.0, 6.0], [7.0, 9.0]], "viridis", 6, None, None),
])
def test_centred_heat_map_paints_the_cells_as_seaborns_centre_does(matrix, cmap, center, vmin, vmax):
    import warnings

    import pandas as pd
    import seaborn as sns

    frame = pd.DataFrame(matrix)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)   # seaborn's own centring, the reference
        _, ax = plt.subplots()
        sns.heatmap(frame, ax=ax, cmap=cmap, center=center, vmin=vmin, vmax=vmax, cbar=False)
    expected = ax.collections[0].get_facecolors()
    plt.close(ax.figure)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PendingDeprecationWarning)
        fig = plots.heatmap(frame, "centred", cmap=cmap, center=center, vmin=vmin, vmax=vmax, annotate=False)
    mesh = fig.axes[0].collections[0]
    assert (mesh.get_facecolors() == expected).all()
    plt.close(fig)
