"""Scale: run the per-file work on several cores or a dask cluster, remember it, write in chunks.

``pipeline.tag`` hands this module one task per input file. Three things keep a run
over hundreds of thousands of articles fast and flat in memory, while the tables stay
byte-identical to a run in one process:

- **Engines.** ``run_ordered`` yields the results of ``pipeline.tag_file`` in file order,
  computed in this process (``jobs=1``), in a pool of local processes (``jobs=N``) or on
  a ``dask.distributed`` cluster (``engine="dask"``). Output order never depends on which
  worker finished first.
- **Cache.** ``TagCache`` keeps each file's result under the output folder
  (``.cache/tags-v1.sqlite``), keyed by a hash of the tagger (code, rules, gazetteer, version),
  the file's key and its bytes. A re-run re-tags only new or changed files. Date
  checks against "tomorrow" are recorded per file, so a cached result is reused on a
  later day only when no date in that file falls between the two days.
- **Chunks.** ``RunStore`` holds a table's rows until a limit, then sorts them and spills
  them to a temporary run file; ``merged`` streams all runs back in the tables' sort
  order (a stable k-way merge, so ties keep their input order as ``tables.frame``'s
  stable sort does). Bodies of all articles are never in memory at once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import itertools
import json
import os
import pickle
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

ENGINES = ("local", "dask")
CACHE_FILE = "tags-v1.sqlite"   # a new layout gets a new name, so an old file is simply not read
SERIAL_BELOW = 24          # fewer files than this to tag: no pool (starting one costs more)
CHUNK = 8                  # files per task sent to a local worker
DASK_BATCH = 64            # files per dask task
DASK_WINDOW = 8            # dask tasks in flight per worker thread


# --------------------------------------------------------------------------- dates

class RecordingDate(dt.date):
    """A date that remembers every date it was compared with.

    ``pipeline.tag_file`` passes one as ``latest`` ("no publication date after
    tomorrow"): the dates it was compared with are the only ones for which the day
    of the run could change the result. (A comparison ``date > recording`` calls the
    subclass's reflected method first, so every comparison is seen.)"""

    def __new__(cls, year: int, month: int, day: int):
        self = super().__new__(cls, year, month, day)
        self.seen = set()
        return self

    def _note(self, other) -> None:
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            self.seen.add(other.isoformat())

    def __lt__(self, other):
        self._note(other)
        return super().__lt__(other)

    def __le__(self, other):
        self._note(other)
        return super().__le__(other)

    def __gt__(self, other):
        self._note(other)
        return super().__gt__(other)

    def __ge__(self, other):
        self._note(other)
        return super().__ge__(other)


def same_verdicts(dates: Iterable[str], then: dt.date, now: dt.date) -> bool:
    """True when every date compares with ``now`` as it compared with ``then``."""
    then, now = dt.date(then.year, then.month, then.day), dt.date(now.year, now.month, now.day)
    if then == now:
        return True
    low, high = sorted((then, now))
    return not any(low <= dt.date.fromisoformat(d) <= high for d in dates)


# --------------------------------------------------------------------------- engines

def _call_batch(func: Callable, batch: list[tuple]) -> list:
    return [func(*args) for args in batch]


def run_ordered(func: Callable, tasks: list[tuple], *, engine: str = "local", jobs: int = 1,
                scheduler: str | None = None, warm: Callable | None = None) -> Iterator:
    """``func(*task)`` for every task, yielded in task order.

    ``func`` must be a module-level function of the package (it is pickled to workers)."""
    if engine == "dask":
        yield from _run_dask(func, tasks, scheduler)
        return
    if jobs <= 1 or len(tasks) < SERIAL_BELOW:
        for task in tasks:
            yield func(*task)
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork" and warm is not None:
        warm()   # load the gazetteer, rules and models once; the workers inherit them
    context = multiprocessing.get_context(method)
    import gc

    gc.freeze()   # forked workers then leave the parent's objects alone (no copy-on-write by the collector)
    try:
        with context.Pool(processes=jobs) as pool:
            calls = ((func, task) for task in tasks)
            yield from pool.imap(_star, calls, chunksize=CHUNK)
    finally:
        gc.unfreeze()


def _star(call: tuple):
    func, args = call
    return func(*args)


def _run_dask(func: Callable, tasks: list[tuple], scheduler: str | None) -> Iterator:
    try:
        from distributed import Client
    except ImportError as err:  # pragma: no cover - dask is a dependency
        raise RuntimeError("--engine dask needs the dask and distributed packages") from err
    if not scheduler:
        raise ValueError("--engine dask needs --scheduler ADDRESS (for example tcp://10.0.0.5:8786)")
    batches = [tasks[i:i + DASK_BATCH] for i in range(0, len(tasks), DASK_BATCH)]
    with Client(scheduler, set_as_default=False) as client:
        threads = max(1, sum(client.nthreads().values()))
        window = max(2, DASK_WINDOW * threads)
        pending = {}
        submitted = 0
        for index in range(len(batches)):
            while submitted < len(batches) and submitted < index + window:
                pending[submitted] = client.submit(_call_batch, func, batches[submitted], pure=False)
                submitted += 1
            future = pending.pop(index)
            yield from future.result()
            future.release()


# --------------------------------------------------------------------------- cache

def file_key(tagger: str, key: str, data: bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(tagger.encode())
    digest.update(b"\0")
    digest.update(key.encode())
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def encode_result(result) -> tuple[bytes, bytes]:
    """A file's result as (compressed JSON, array bytes) for the cache."""
    arrays = []
    prints = []
    for doc, published, digest, signature, shingles in result.prints:
        arrays += [signature.astype("<u8").tobytes(), shingles.astype("<u8").tobytes()]
        prints.append([doc, published, digest, len(shingles)])
    meta = {"key": result.key, "documents": result.documents, "rows": result.rows, "prints": prints,
            "dates": sorted(result.dates)}
    return zlib.compress(json.dumps(meta, ensure_ascii=False).encode(), 3), zlib.compress(b"".join(arrays), 1)


def decode_result(payload: bytes, arrays: bytes):
    from .pipeline import FileResult

    meta = json.loads(zlib.decompress(payload))
    raw = zlib.decompress(arrays)
    prints, offset = [], 0
    for doc, published, digest, n in meta["prints"]:
        signature = np.frombuffer(raw, dtype="<u8", count=64, offset=offset).astype(np.uint64)
        offset += 64 * 8
        shingles = np.frombuffer(raw, dtype="<u8", count=n, offset=offset).astype(np.uint64)
        offset += n * 8
        prints.append((doc, published, digest, signature, shingles))
    rows = {name: [tuple(r) for r in table] for name, table in meta["rows"].items()}
    return FileResult(meta["key"], meta["documents"], rows, prints, frozenset(meta["dates"]))


class TagCache:
    """Per-file results in one SQLite file, written only by the process that runs ``tag``.

    A broken or unwritable cache never stops a run: it only means re-tagging."""

    def __init__(self, folder: Path | None):
        self.db = None
        self.hits = self.misses = 0
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(folder / CACHE_FILE)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # ``used`` is no longer written (close prunes by key); the column stays so that
            # files written by earlier versions are read as they are
            self.db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, latest TEXT, dates TEXT, "
                            "payload BLOB, arrays BLOB, used INTEGER)")
            self.db.commit()
        except (OSError, sqlite3.Error):
            self.db = None

    def valid(self, key: str | None, latest: dt.date) -> bool:
        """Is there a result for ``key`` that holds for a run on this day?"""
        if self.db is None or key is None:
            return False
        try:
            row = self.db.execute("SELECT latest, dates FROM results WHERE key = ?", (key,)).fetchone()
            ok = row is not None and same_verdicts(json.loads(row[1]), dt.date.fromisoformat(row[0]), latest)
        except (sqlite3.Error, ValueError, TypeError):
            ok = False
        if ok:
            self.hits += 1
        else:
            self.misses += 1
        return ok

    def load(self, key: str):
        row = self.db.execute("SELECT payload, arrays FROM results WHERE key = ?", (key,)).fetchone()
        return decode_result(*row)

    def put(self, key: str | None, result, latest: dt.date) -> None:
        if self.db is None or key is None:
            return
        payload, arrays = encode_result(result)
        try:
            self.db.execute("INSERT OR REPLACE INTO results (key, latest, dates, payload, arrays) "
                            "VALUES (?, ?, ?, ?, ?)",
                            (key, latest.isoformat(), json.dumps(sorted(result.dates)), payload, arrays))
        except sqlite3.Error:
            pass

    def commit(self) -> None:
        if self.db is not None:
            try:
                self.db.commit()
            except sqlite3.Error:
                pass

    def close(self, keep: Iterable[str | None] | None = None) -> None:
        """Commit; with ``keep`` (the keys of every file of this run), drop every other entry
        (files removed or changed since). Entries are not marked one by one as used: on a
        re-run that keeps most rows from the tables in place, that rewrote every page."""
        if self.db is None:
            return
        try:
            if keep is not None:
                wanted = set(keep)
                gone = [(key,) for (key,) in self.db.execute("SELECT key FROM results") if key not in wanted]
                self.db.executemany("DELETE FROM results WHERE key = ?", gone)
            self.db.commit()
        except sqlite3.Error:
            pass
        self.db.close()
        self.db = None


# --------------------------------------------------------------------------- chunks

class RunStore:
    """The rows of one table, sorted by ``key_of`` in the end, with at most ``limit`` in memory."""

    def __init__(self, folder: Path, name: str, key_of: Callable, limit: int, block: int = 2000):
        self.folder, self.name, self.key_of, self.limit = folder, name, key_of, limit
        self.block = block   # rows read back at a time from each run file while merging
        self.buffer: list[tuple] = []
        self.runs: list[Path] = []
        self.count = 0

    def add(self, rows: list[tuple]) -> None:
        self.buffer += rows
        self.count += len(rows)
        if len(self.buffer) >= self.limit:
            self._spill()

    def _spill(self) -> None:
        self.buffer.sort(key=self.key_of)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.name}-{len(self.runs):05d}.run"
        with open(path, "wb") as fh:
            for i in range(0, len(self.buffer), self.block):
                pickle.dump(self.buffer[i:i + self.block], fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.runs.append(path)
        self.buffer = []

    @staticmethod
    def _read(path: Path) -> Iterator[tuple]:
        with open(path, "rb") as fh:
            while True:
                try:
                    block = pickle.load(fh)
                except EOFError:
                    return
                yield from block

    def merged(self) -> Iterator[tuple]:
        """Every row, in key order; rows with equal keys in the order they were added."""
        self.buffer.sort(key=self.key_of)
        if not self.runs:
            return iter(self.buffer)
        sources = [self._read(p) for p in self.runs] + [iter(self.buffer)]
        return heapq.merge(*sources, key=self.key_of)

    def close(self) -> None:
        for path in self.runs:
            try:
                path.unlink()
            except OSError:
                pass
        self.runs, self.buffer = [], []


def chunked(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while True:
        block = list(itertools.islice(iterator, size))
        if not block:
            return
        yield block


class ShingleStore:
    """Shingle arrays of articles, appended to a file and read back by document.

    A run's own store lives in its work folder and goes with it (``close``); the
    snapshot's store (``where`` given, ``keep=True``) is an existing file that new
    articles are appended to, and stays (see ``incremental``)."""

    def __init__(self, path: Path, where: dict[str, tuple[int, int]] | None = None, keep: bool = False):
        self.path = path
        self.fh = None
        self.where: dict[str, tuple[int, int]] = dict(where or {})
        self.keep = keep
        self.offset = 0
        self.unflushed = False  # appended bytes may still sit in the file object's buffer
        if where is not None:
            self.fh = open(path, "r+b")
            self.offset = self.fh.seek(0, os.SEEK_END)

    def add(self, doc: str, shingles: np.ndarray) -> None:
        if self.fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fh = open(self.path, "w+b")
        data = shingles.astype("<u8").tobytes()
        self.fh.write(data)
        self.where[doc] = (self.offset, len(shingles))
        self.offset += len(data)
        self.unflushed = True

    def get(self, doc: str) -> np.ndarray:
        offset, count = self.where[doc]
        if self.unflushed:
            self.fh.flush()
            self.unflushed = False
        # one positioned read (no seek, no buffer); a memory map would count the whole file
        # in the process's resident memory once duplicate matching had read it
        data = os.pread(self.fh.fileno(), count * 8, offset)
        return np.frombuffer(data, dtype="<u8").astype(np.uint64)

    def size(self) -> int:
        return self.offset

    def rewrite(self, target: Path, docs: list[str]) -> None:
        """Copy the shingles of ``docs`` (in that order) to a new file at ``target`` and use it."""
        tmp = target.with_name(target.name + ".tmp")
        where = {}
        offset = 0
        with open(tmp, "wb") as fh:
            for doc in docs:
                data = self.get(doc).astype("<u8").tobytes()
                fh.write(data)
                where[doc] = (offset, len(data) // 8)
                offset += len(data)
        old, keep = self.path, self.keep
        self.keep = True
        self.close()
        os.replace(tmp, target)
        if not keep and old != target:
            try:
                os.unlink(old)
            except OSError:
                pass
        self.path, self.where, self.offset, self.keep = target, where, offset, True
        self.fh = open(target, "r+b")
        self.fh.seek(offset)   # appends go after the copied shingles (reads use pread and never move it)

    def move(self, target: Path) -> None:
        """Rename the file to ``target`` and keep it from now on."""
        if self.fh is not None:
            self.fh.flush()
            os.replace(self.path, target)
        else:   # no article at all: an empty file
            target.write_bytes(b"")
        self.path, self.keep = target, True

    def close(self) -> None:
        if self.fh is None:
            return
        self.fh.close()
        self.fh = None
        if not self.keep:
            try:
                os.unlink(self.path)
            except OSError:
                pass
