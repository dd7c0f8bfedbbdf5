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


def load_tables(folder: str | os.PathLike, skip: dict[str, tuple[str, ...]] | None = None) -> dict[str, pd.DataFrame]:
    """Read every table written by ``rumour tag`` in ``folder`` (Parquet preferred, else CSV).

    ``skip`` names columns not to read, per table (``{"articles": ("text",)}`` keeps a
    corpus of 100,000 bodies out of memory). A commit that a killed run left half-way is
    finished first, and no commit can move the tables while they are read
    (``outdir.reading``): the tables read are always one run's complete set.
    """
    folder = Path(folder)
    skip = skip or {}
    tables = {}
    with outdir.reading(folder):
        for name, columns in TABLES.items():
            wanted = [c for c in columns if c not in skip.get(name, ())]
            parquet, csv_path = folder / f"{name}.parquet", folder / f"{name}.csv"
            if parquet.is_file():
                tables[name] = pd.read_parquet(parquet, columns=wanted)
            elif csv_path.is_file():
                tables[name] = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8",
                                           usecols=lambda c: c not in skip.get(name, ()))
            else:
                tables[name] = pd.DataFrame(columns=wanted)
    return tables


# --------------------------------------------------------------------------- chunked writing
# For corpora whose tables do not fit in memory at once: rows arrive already sorted,
# a chunk at a time, and are appended to the CSV file and to one Parquet file (one row
# group per chunk), each written under a temporary name and renamed at the end. The
# CSV bytes are those ``write_table`` gives for the whole table.

COLUMN_DTYPES = {
    "n_words": "int64", "duplicate_similarity": "float64", "outlet_known": "bool", "language_score": "float64",
    "line": "int64", "explicit": "bool", "start": "int64", "end": "int64",
}
SORT_COLUMNS = {name: [c for c in ("doc", "line", "start") if c in columns] for name, columns in TABLES.items()}


def frame_chunk(name: str, rows: list[tuple], untyped: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows (tuples in the table's column order, already sorted) as a typed DataFrame.

    ``untyped`` names columns left as pandas infers them: a column that is empty in the
    whole table (``duplicate_similarity`` when nothing is a duplicate) stays as
    ``frame`` would make it."""
    return typed_chunk(name, pd.DataFrame.from_records(rows, columns=TABLES[name]), untyped)


def typed_chunk(name: str, df: pd.DataFrame, untyped: tuple[str, ...] = ()) -> pd.DataFrame:
    """``df`` with the fixed column types of table ``name`` (see ``frame_chunk``)."""
    return df.astype({c: t for c, t in COLUMN_DTYPES.items() if c in df.columns and c not in untyped})


def write_table_chunks(chunks, out_dir: Path, name: str, formats: tuple[str, ...]) -> list[Path]:
    """Write a table from an iterable of sorted DataFrame chunks (see ``frame_chunk``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    targets, temps, handles = [], [], {}
    writer = schema = None
    try:
        for fmt in ("csv", "parquet"):
            if fmt in formats:
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.{fmt}.", suffix=".tmp", dir=out_dir)
                os.close(fd)
                targets.append(out_dir / f"{name}.{fmt}")
                temps.append(tmp)
                handles[fmt] = tmp
        csv_file = open(handles["csv"], "w", encoding="utf-8", newline="") if "csv" in handles else None
        try:
            first = True
            for df in chunks:
                if csv_file is not None:
                    df.to_csv(csv_file, header=first, index=False, lineterminator="\n")
                if "parquet" in handles:
                    if writer is None:
                        schema = pa.Schema.from_pandas(df, preserve_index=False)
                        writer = pq.ParquetWriter(handles["parquet"], schema, compression="zstd")
                    # one contiguous array per column: where pages end inside a row group follows
                    # the array pieces, so pieces (a chunk glued from frames) would change the bytes
                    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False).combine_chunks()
                    writer.write_table(table)
                first = False
            if first and csv_file is not None:   # no rows at all: the header alone
                pd.DataFrame(columns=TABLES[name]).to_csv(csv_file, index=False, lineterminator="\n")
        finally:
            if csv_file is not None:
                csv_file.close()
            if writer is not None:
                writer.close()
        if "parquet" in handles and writer is None:
            pd.DataFrame(columns=TABLES[name]).to_parquet(handles["parquet"], index=False, engine="pyarrow",
                                                          compression="zstd")
        for tmp, target in zip(temps, targets):
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, target)
        temps = []
        return targets
    finally:
        for tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
