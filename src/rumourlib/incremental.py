"""Incremental runs: keep the tables in place and change only the rows of changed files.

A re-run over a folder with a few new files used to read every cached result back,
sort every row again and rebuild every table, which cost most of a first run's
writing time. Instead every run leaves a *snapshot* next to its tables
(``OUT/.rumour-snapshot/``):

- ``index.json``: the fingerprint and tagger of the tables it describes, the day they
  were checked against, and for every input file its cache key, how many documents
  it gave, their keys and the dates its result was compared with;
- ``signatures.npy`` and ``shingles.bin``: what the duplicate finder needs of every
  article (shingles in an append-only file, addressed by offset from the index).

Beside the index, ``statuses.json`` holds every input file's status (size,
modification and change times, inode) with its cache key. A file whose status is
unchanged is not read again to find its key, as ``git`` and ``make`` trust a file's
times: reading and hashing 100,000 files took 3 s of a 15 s re-run, and the notebooks'
staleness check read them all too. A file changed less than ``STABLE_NS`` before the
run that read it is not trusted this way (a change within the same tick of the clock
would leave its times as they were); it is read again next time. Each entry vouches for
itself (a status and the key of the bytes that had it), so the file needs no tie to
the index: only the tagger that made the keys must be the current one.

The next run over the same output folder keeps the rows of every file whose cache
key is in the snapshot (same bytes, same tagger) and whose dates give the same
verdict today. Those rows are streamed from the Parquet tables in place, in their
sorted order; rows of removed or changed files are left out, and the rows of new and
changed files are merged in. Duplicate marks are worked out again over the whole
corpus from the snapshot's signatures, because a new article can be the original of
an old one. The tables are the same bytes as those of a run that starts from nothing
(``tests/test_incremental.py`` compares them).

The snapshot describes the tables in place only while its fingerprint is the one in
their manifest. The index is removed before anything it points to changes and
written last, so a run killed half-way leaves either a valid snapshot or none; with
none, or with anything unexpected in the old tables, a run takes the ordinary path.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from . import duplicates, scale, tables

FOLDER = ".rumour-snapshot"     # outdir leaves names starting with ".rumour" out of a committed set
INDEX = "index.json"
SIGNATURES = "signatures.npy"
SHINGLES = "shingles.bin"
STATUSES = "statuses.json"
VERSION = 1
READ_ROWS = 20_000              # rows of an old table read at a time (at most; see table_frames)
STABLE_NS = 2_000_000_000       # a file changed this close to a run's start is read again by the next run


class Stale(Exception):
    """The tables in place cannot be reused after all (the caller takes the ordinary path)."""


def folder_of(out: Path) -> Path:
    return out / FOLDER


def forget(out: Path) -> None:
    """Remove the snapshot's index, so that nothing trusts the rest of it."""
    try:
        (folder_of(out) / INDEX).unlink()
    except OSError:
        pass


class Snapshot:
    """What the tables in an output folder were made from (see the module docstring)."""

    def __init__(self, out: Path, index: dict, signatures: np.ndarray):
        self.folder = folder_of(out)
        self.latest = dt.date.fromisoformat(index["latest"])
        self.files = {key: (documents, docs, dates) for key, documents, docs, dates in index["files"]
                      if key is not None}
        self.all_docs = [doc for _key, _n, docs, _dates in index["files"] for doc in docs]
        self.prints = index["prints"]              # [doc, published, content hash, offset, count]
        self.signatures = signatures
        self.statuses = file_statuses(out, index["tagger"])   # {absolute path: [*status_fields, cache key]}

    @classmethod
    def open(cls, out: Path, tagger: str) -> "Snapshot | None":
        """The snapshot of ``out`` if it describes the Parquet tables in place, else None."""
        folder = folder_of(out)
        try:
            index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
            manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
            if (index.get("version") != VERSION or index.get("tagger") != tagger
                    or index.get("fingerprint") != manifest.get("fingerprint")
                    or "parquet" not in manifest.get("formats", [])
                    or not all((out / f"{name}.parquet").is_file() for name in tables.TABLES)):
                return None
            signatures = np.load(folder / SIGNATURES, allow_pickle=False)
            if signatures.shape != (len(index["prints"]), duplicates.NUM_PERM):
                return None
            snapshot = cls(out, index, signatures)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if len(set(snapshot.all_docs)) != len(snapshot.all_docs):
            return None   # two files gave the same document key: rows cannot be told apart by file
        return snapshot

    def keeps(self, key: str | None, latest) -> bool:
        """Are the rows of the file with cache key ``key`` in the tables in place still its rows today?"""
        entry = self.files.get(key) if key is not None else None
        return entry is not None and scale.same_verdicts(entry[2], self.latest, latest)

    def entry(self, key: str) -> tuple[int, list[str], list[str]]:
        return self.files[key]

    def release(self) -> None:
        """Let go of the per-article lists and signatures once a run has copied what it keeps."""
        self.prints, self.signatures, self.all_docs, self.files, self.statuses = [], None, [], {}, {}

    def shingle_store(self) -> scale.ShingleStore:
        """The snapshot's shingle file, open for appending the new articles' shingles."""
        where = {doc: (offset, count) for doc, _published, _digest, offset, count in self.prints}
        return scale.ShingleStore(self.folder / SHINGLES, where=where, keep=True)


def status_fields(status: os.stat_result) -> list[int]:
    """What tells a file changed: size, modification and change times, inode and device."""
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev]


def stable(status: os.stat_result, run_start_ns: int) -> bool:
    """Whether the file had been left alone long enough before the run for its times to tell
    any later change (see ``STABLE_NS``)."""
    return max(status.st_mtime_ns, status.st_ctime_ns) < run_start_ns - STABLE_NS


def unchanged_key(entry: list | None, path: Path) -> str | None:
    """The cache key in a status ``entry`` when the file at ``path`` still has that status."""
    if not isinstance(entry, list):   # none, or not what ``write`` records (a list of another length fails below)
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or status_fields(status) != entry[:-1]:
        return None
    return entry[-1]


def file_statuses(out: Path, tagger: str) -> dict:
    """The file statuses the last run into ``out`` recorded, when the tagger ``tagger`` made
    their cache keys, else {}."""
    try:
        recorded = json.loads((folder_of(out) / STATUSES).read_text(encoding="utf-8"))
        if recorded.get("version") == VERSION and recorded.get("tagger") == tagger \
                and isinstance(recorded.get("files"), dict):
            return recorded["files"]
    except (OSError, ValueError, AttributeError):
        pass
    return {}


def write(out: Path, *, fingerprint: str, tagger: str, latest, files: list, prints: list,
          signatures: np.ndarray, shingles: scale.ShingleStore, statuses: dict) -> None:
    """Record the snapshot of the tables just committed in ``out``.

    ``files`` holds [cache key, documents, docs, dates] per input file, ``prints``
    [doc, published, content hash] per article (rows of ``signatures``), ``shingles``
    the store whose file holds every article's shingles, and ``statuses`` the status
    entries of the files whose status can be trusted next time. A snapshot that cannot
    be written is only a slower next run."""
    folder = folder_of(out)
    try:
        folder.mkdir(exist_ok=True)
        forget(out)
        live = sum(shingles.where[doc][1] for doc, *_ in prints) * 8
        target = folder / SHINGLES
        if shingles.size() > 2 * live + (1 << 20):   # mostly shingles of files since removed or changed
            shingles.rewrite(target, [doc for doc, *_ in prints])
        elif shingles.path != target:
            shingles.move(target)
        entries = [[doc, published, digest, *shingles.where[doc]] for doc, published, digest in prints]
        matrix = np.ascontiguousarray(signatures, dtype="<u8")
        tables.atomic_write(folder / SIGNATURES, lambda tmp: _save_array(tmp, matrix))
        # ASCII escapes carry the paths of files whose names are not UTF-8 (a lone surrogate
        # for each undecodable byte) through JSON and back
        recorded = json.dumps({"version": VERSION, "tagger": tagger, "files": statuses}, separators=(",", ":"))
        tables.atomic_write(folder / STATUSES, lambda tmp: Path(tmp).write_text(recorded, encoding="utf-8"))
        index = {"version": VERSION, "fingerprint": fingerprint, "tagger": tagger, "latest": latest.isoformat(),
                 "files": files, "prints": entries}
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        # the snapshot is valid once this is in place
        tables.atomic_write(folder / INDEX, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    except (OSError, ValueError):
        forget(out)


def _save_array(path: str, array: np.ndarray) -> None:
    with open(path, "wb") as fh:   # through a handle: np.save would add ".npy" to a bare name
        np.save(fh, array, allow_pickle=False)


# --------------------------------------------------------------------------- merging rows

def _old_frames(path: Path, name: str, dropped: set[str], rows: int) -> Iterator[pd.DataFrame]:
    """The rows of an old table in their order, a block at a time, without the dropped documents."""
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(path)
        if source.schema_arrow.names != tables.TABLES[name]:
            raise Stale(f"{path.name} has other columns")
        for batch in source.iter_batches(batch_size=rows):
            frame = batch.to_pandas()
            if dropped:
                frame = frame[~frame["doc"].isin(dropped)]
            if len(frame):
                yield frame.reset_index(drop=True)
    except (OSError, ValueError) as err:   # pyarrow's errors derive from these
        raise Stale(f"{path.name} could not be read: {err}") from err


def merged_frames(old: Iterable[pd.DataFrame], new_rows: Iterable[tuple], columns: list[str],
                  rows: int = READ_ROWS) -> Iterator[pd.DataFrame]:
    """Old sorted frames and new sorted rows (tuples) as one sorted stream of frames.

    Old and new rows never share a document (the caller checks), and the rows of one
    document stay in their order, so ordering by document alone interleaves them
    exactly as one sort of all rows would."""
    doc_at = columns.index("doc")
    pending = iter(new_rows)
    waiting = next(pending, None)
    for frame in old:
        last = frame["doc"].iat[-1]
        taken = []
        while waiting is not None and waiting[doc_at] < last:
            taken.append(waiting)
            waiting = next(pending, None)
        if taken:
            both = pd.concat([frame, pd.DataFrame.from_records(taken, columns=columns)], ignore_index=True)
            order = np.argsort(both["doc"].to_numpy(dtype=object), kind="stable")
            frame = both.take(order).reset_index(drop=True)
        yield frame
    rest = [] if waiting is None else [waiting]
    for row in pending:
        rest.append(row)
        if len(rest) >= rows:
            yield pd.DataFrame.from_records(rest, columns=columns)
            rest = []
    if rest:
        yield pd.DataFrame.from_records(rest, columns=columns)


def rechunked(frames: Iterable[pd.DataFrame], size: int) -> Iterator[pd.DataFrame]:
    """The same rows in frames of exactly ``size`` rows (the last may be shorter)."""
    held: list[pd.DataFrame] = []
    count = 0
    for frame in frames:
        held.append(frame)
        count += len(frame)
        while count >= size:
            whole = pd.concat(held, ignore_index=True) if len(held) > 1 else held[0]
            yield whole.iloc[:size].reset_index(drop=True)
            rest = whole.iloc[size:]
            held, count = ([rest] if len(rest) else []), len(rest)
    if count:
        yield pd.concat(held, ignore_index=True) if len(held) > 1 else held[0].reset_index(drop=True)


def table_frames(out: Path, name: str, dropped: set[str], new_rows: Iterable[tuple],
                 rows: int = READ_ROWS) -> Iterator[pd.DataFrame]:
    """Every row of table ``name`` after this run: the old table's kept rows and the new rows,
    in frames of about ``rows`` rows (fewer for the articles, which carry their text)."""
    rows = min(rows, READ_ROWS)
    return merged_frames(_old_frames(out / f"{name}.parquet", name, dropped, rows), new_rows, tables.TABLES[name], rows)
