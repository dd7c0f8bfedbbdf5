"""Outcomes: read and check ``data/outcomes.csv``, what actually happened, with dates.

Each row is one fact: a person joined or left a post, or stayed (a contract extension),
on the day it was made official. The file is taken as complete for a person up to the
latest ``checked`` date on their rows, so "he did not join" is known only that far.
``check`` validates the file against the gazetteer; the resolution of claims against
it is pure pandas in ``rumourlib.analysis``.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from . import paths
from .gazetteer import read_rows

COLUMNS = ["person", "club", "move", "date", "kind", "checked", "evidence"]
KINDS = {"join": {"appointed", "interim_appointed"},
         "leave": {"sacked", "resigned", "departed"},
         "stay": {"contract_extended", "confirmed"}}
DEFAULT = paths.DATA / "outcomes.csv"


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check(path: Path | None = None, gazetteer: Path | None = None) -> list[str]:
    """Problems in the outcomes file, one line each ([] when it is usable)."""
    path = Path(path or DEFAULT)
    if not path.is_file():
        return [f"{path}: no such file"]
    rows = read_rows(path.stem, path.parent)
    header = list(rows[0].keys()) if rows else []
    missing = [c for c in COLUMNS if rows and c not in header]
    if missing:
        return [f"{path.name}: missing columns {', '.join(missing)}"]
    coaches = {r["slug"] for r in read_rows("coaches", gazetteer)} | {r["slug"] for r in read_rows("people", gazetteer)}
    clubs = {r["slug"] for r in read_rows("clubs", gazetteer)}
    problems, seen = [], set()
    for number, row in enumerate(rows, start=2):
        where = f"{path.name} line {number}"
        if row["person"] not in coaches:
            problems.append(f"{where}: person '{row['person']}' is not in coaches.csv or people.csv")
        if row["club"] not in clubs:
            problems.append(f"{where}: club '{row['club']}' is not in clubs.csv")
        if row["move"] not in KINDS:
            problems.append(f"{where}: move '{row['move']}' is not one of {', '.join(KINDS)}")
        elif row["kind"] not in KINDS[row["move"]]:
            problems.append(f"{where}: kind '{row['kind']}' does not fit move '{row['move']}' "
                            f"({', '.join(sorted(KINDS[row['move']]))})")
        day = _date(row["date"])
        if day is None:
            problems.append(f"{where}: date '{row['date']}' is not YYYY-MM-DD")
        if row["checked"]:
            checked = _date(row["checked"])
            if checked is None:
                problems.append(f"{where}: checked '{row['checked']}' is not YYYY-MM-DD")
            elif day and checked < day:
                problems.append(f"{where}: checked {row['checked']} is before the move's date {row['date']}")
        key = (row["person"], row["club"], row["move"], row["date"])
        if key in seen:
            problems.append(f"{where}: the same fact is listed twice")
        seen.add(key)
    return problems


def load(path: Path | str | None = None) -> pd.DataFrame:
    """The outcomes as a table with ``date`` and ``checked`` as Timestamps (empty table if absent)."""
    path = Path(path or DEFAULT)
    rows = read_rows(path.stem, path.parent) if path.is_file() else []
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["date"] = pd.to_datetime(table["date"], errors="coerce")
    table["checked"] = pd.to_datetime(table["checked"].replace("", None), errors="coerce")
    return table


def transfer_windows(folder: Path | None = None) -> list[tuple[str, str]]:
    """(opens, closes) as "MM-DD" for each transfer window, from ``data/rules/transfer_windows.csv``."""
    return [(r["opens"], r["closes"]) for r in read_rows("transfer_windows", folder or paths.RULES)]
