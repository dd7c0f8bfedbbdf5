"""Tables: the column layout of every output table, and writing and reading them.

Articles, rejects, boilerplate, mentions and claims are written as CSV (the
``rumour tag`` contract) and/or Parquet (for the notebooks). Files are written to
a temporary name in the same folder and renamed into place, so a run that dies
leaves the previous complete table, never half of one; ``pipeline.tag`` writes
them into a stage that ``outdir`` commits as one set. Rows are sorted and
columns fixed, so the same input gives byte-identical files.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from . import outdir

ARTICLE_COLUMNS = [
    "doc", "published", "outlet", "language", "title", "n_words", "duplicate_of", "duplicate_kind",
    "duplicate_similarity", "fmt", "encoding", "url", "date_rule", "date_evidence", "outlet_rule",
    "outlet_evidence", "outlet_known", "language_score", "content_hash", "text",
]
REJECT_COLUMNS = ["doc", "reason"]
BOILERPLATE_COLUMNS = ["doc", "line", "reason", "rule", "text"]
MENTION_COLUMNS = ["doc", "entity", "kind", "explicit", "start", "end", "surface", "rule"]
CLAIM_COLUMNS = ["doc", "person", "club", "move", "stance", "certainty", "source", "via", "rule", "cue",
                 "sentence", "start", "end"]
TABLES = {
    "articles": ARTICLE_COLUMNS,
    "rejects": REJECT_COLUMNS,
    "boilerplate": BOILERPLATE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "claims": CLAIM_COLUMNS,
}
FORMATS = ("csv", "parquet")


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table with its fixed columns, sorted by document (and position) for stable output."""
    columns = TABLES[name]
    df = pd.DataFrame(rows, columns=columns)
    sort_by = [c for c in ("doc", "line", "start") if c in columns]
    if len(df):
        df = df.sort_values(sort_by, kind="stable").reset_index(drop=True)
    return df


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, write) -> None:
    """Call ``write(temporary path)``, then move the result onto ``path`` in one step."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; tables are ordinary files
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_table(df: pd.DataFrame, out_dir: Path, name: str, formats: tuple[str, ...]) -> list[Path]:
    written = []
    if "csv" in formats:
        path = out_dir / f"{name}.csv"
        atomic_write(path, lambda tmp: df.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8"))
        written.append(path)
    if "parquet" in formats:
        path = out_dir / f"{name}.parquet"
        atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd"))
        written.append(path)
    return written


def load_tables(folder: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read every table written by ``rumour tag`` in ``folder`` (Parquet preferred, else CSV).

    A commit that a killed run left half-way is finished first, and no commit can
    move the tables while they are read (``outdir.reading``): the tables read are
    always one run's complete set.
    """
    folder = Path(folder)
    tables = {}
    with outdir.reading(folder):
        for name, columns in TABLES.items():
            parquet, csv_path = folder / f"{name}.parquet", folder / f"{name}.csv"
            if parquet.is_file():
                tables[name] = pd.read_parquet(parquet)
            elif csv_path.is_file():
                tables[name] = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
            else:
                tables[name] = pd.DataFrame(columns=columns)
    return tables
