"""The output folder: one writer at a time, and a set of tables that changes all at once.

A run writes every table (files, or folders such as a partitioned Parquet dataset)
into a staging folder inside the output folder, then commits::

    with outdir.transaction(out) as stage:
        write_everything_into(stage)

Commit means: write a list of the staged entries into the stage (the mark that the
stage is complete), then move each entry into place, then record the list as the
folder's current set. A run killed before the mark leaves the previous tables
untouched (its stage is removed by the next run); a run killed after the mark is
finished ("rolled forward") by the next run, or by ``settle`` which the loader calls,
so readers always see one complete set. Entries of the previous set that the new
set lacks (a format not written this time) are removed, so stale tables never mix
with new ones; nothing else in the folder is touched.

Two locks, both ``flock`` on files in the output folder: ``.rumour.lock`` is held
by a writer for its whole run (a second writer fails at once with ``Busy``), and
``.rumour-swap.lock`` is held exclusively while entries move and shared by readers
while they read. Locks are released by the kernel when a process dies. The
``writer`` decorator takes the first lock when a function that writes an output
folder starts, so a second run stops before doing any work; ``transaction`` inside
it then uses the lock already held.
"""
from __future__ import annotations

import contextlib
import errno
import functools
import inspect
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # not POSIX: no locking, the rest still works
    fcntl = None

WRITE_LOCK = ".rumour.lock"
SWAP_LOCK = ".rumour-swap.lock"
STAGE = ".rumour-stage"
TRASH = ".rumour-trash"
CURRENT = ".rumour-set.json"      # the entries of the set in place
MARK = ".rumour-commit.json"      # inside the stage: the stage is complete
COMMIT_LAST = ("manifest.json",)  # moved after the tables, so a manifest in place means its tables are too


class Busy(RuntimeError):
    """Another run holds the output folder."""


_held = threading.local()   # output folders whose write lock this thread holds


def _held_folders() -> set[str]:
    if not hasattr(_held, "folders"):
        _held.folders = set()
    return _held.folders


def _is_machinery(name: str) -> bool:
    return name.startswith(".rumour")


@contextlib.contextmanager
def _flock(path: Path, exclusive: bool, wait: bool, create: bool = True) -> Iterator[bool]:
    """Hold a lock on ``path``; yields False (and holds nothing) when it cannot be opened."""
    if fcntl is None:
        yield False
        return
    try:
        fd = os.open(path, (os.O_RDWR | os.O_CREAT) if create else os.O_RDONLY, 0o666)
    except OSError:
        if create:
            raise
        yield False
        return
    try:
        op = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(fd, op)
        except BlockingIOError:
            raise Busy(f"another run is writing to {path.parent}") from None
        yield True
    finally:
        os.close(fd)   # closing the descriptor releases the lock


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    """Flush the staged files to disk, so the mark never stands for data still in memory."""
    for root, _dirs, files in os.walk(path):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(root))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def current_set(out: Path) -> list[str]:
    """The entries of the set now in place (empty when the folder has none on record)."""
    try:
        return list(json.loads((out / CURRENT).read_text(encoding="utf-8"))["entries"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _write_json(path: Path, payload: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, indent=1, sort_keys=True)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _roll_forward(out: Path) -> bool:
    """Finish a commit whose stage is marked complete; return True if there was one.

    Every step can be repeated after a kill: an entry still in the stage has not
    moved yet (the one in place is old, and goes to the trash first); an entry no
    longer in the stage is in place already. Call with the swap lock held.
    """
    stage, trash = out / STAGE, out / TRASH
    if trash.exists():
        shutil.rmtree(trash)        # only ever old, replaced entries
    mark = stage / MARK
    if not mark.is_file():
        return False
    plan = json.loads(mark.read_text(encoding="utf-8"))
    trash.mkdir()
    for name in plan["entries"]:
        source, target = stage / name, out / name
        if not os.path.lexists(source):
            continue
        if os.path.lexists(target):
            if source.is_dir() or target.is_dir():
                os.rename(target, trash / name)
            # a file onto a file: os.replace below swaps it in one step
        os.replace(source, target)
    for name in plan["drop"]:
        if os.path.lexists(out / name):
            os.rename(out / name, trash / name)
    _fsync_dir(out)
    os.replace(mark, out / CURRENT)   # the commit is done from here on
    _fsync_dir(out)
    shutil.rmtree(stage)
    shutil.rmtree(trash)
    return True


def settle(out: str | os.PathLike) -> None:
    """Finish a commit that a killed run left marked complete (for readers; cheap when none).

    Does nothing in a folder that was never written through ``transaction``.
    """
    out = Path(out)
    if not (out / STAGE / MARK).is_file() or not (out / SWAP_LOCK).exists():
        return
    try:
        with _flock(out / SWAP_LOCK, exclusive=True, wait=True, create=False) as held:
            if held:
                _roll_forward(out)
    except OSError:
        pass   # a read-only folder: read what is there


@contextlib.contextmanager
def reading(out: str | os.PathLike) -> Iterator[Path]:
    """Read the tables of ``out`` while no commit moves them (settling a killed one first)."""
    out = Path(out)
    settle(out)
    with _flock(out / SWAP_LOCK, exclusive=False, wait=True, create=False):
        yield out


@contextlib.contextmanager
def write_lock(out: str | os.PathLike) -> Iterator[Path]:
    """Hold the write lock of ``out`` (creating the folder); re-entrant within a thread."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    key = os.path.realpath(out)
    if key in _held_folders():
        yield out
        return
    with _flock(out / WRITE_LOCK, exclusive=True, wait=False):
        _held_folders().add(key)
        try:
            yield out
        finally:
            _held_folders().discard(key)


def writer(parameter: str, default: Callable[[], os.PathLike]):
    """Decorate a function that writes an output folder: hold its write lock for the whole call.

    ``parameter`` names the argument holding the folder; when it is empty,
    ``default()`` gives the folder, as the function itself would choose it.
    """
    def decorate(func):
        signature = inspect.signature(func)
        if parameter not in signature.parameters:
            raise TypeError(f"{func.__name__} has no parameter {parameter!r}")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            folder = bound.arguments.get(parameter) or default()
            with write_lock(folder):
                return func(*args, **kwargs)
        return wrapper
    return decorate


@contextlib.contextmanager
def transaction(out: str | os.PathLike) -> Iterator[Path]:
    """Lock ``out`` for writing and yield an empty staging folder; commit it on success.

    Raises ``Busy`` when another run holds the folder. On an exception the stage is
    removed and the tables in place are untouched.
    """
    out = Path(out)
    with write_lock(out):
        with _flock(out / SWAP_LOCK, exclusive=True, wait=True):
            _roll_forward(out)                 # a commit a killed run left half-way
            stage = out / STAGE
            if os.path.lexists(stage):
                _remove(stage)                 # a run killed before it marked its stage
            stage.mkdir()
        try:
            yield stage
            entries = sorted((p.name for p in stage.iterdir() if not _is_machinery(p.name)),
                             key=lambda name: (name in COMMIT_LAST, name))
            previous = current_set(out)
            plan = {"entries": entries, "drop": [n for n in previous if n not in entries]}
            _fsync_tree(stage)
            with _flock(out / SWAP_LOCK, exclusive=True, wait=True):
                _write_json(stage / MARK, plan)    # the stage is complete from here on
                _fsync_dir(stage)
                _roll_forward(out)
        except BaseException:
            if not (stage / MARK).is_file():
                shutil.rmtree(stage, ignore_errors=True)
            raise


def is_disk_full(err: BaseException) -> bool:
    return isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT)
