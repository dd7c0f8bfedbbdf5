"""Faults: a run killed at any moment, two runs at once, a full disk, an unwritable folder.

Whatever happens, the output folder holds one complete set of tables (the last run's
or the one before), a run that could not finish says why in one line on standard
error with a non-zero exit, and the next run completes.
"""
from __future__ import annotations

import errno
import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from rumourlib import cli, outdir, tables

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "hostile"))
import make_fixtures as fixtures  # noqa: E402  (tests/hostile/make_fixtures.py)

STORY = ("Arne Slot insists he still feels the full backing of the Liverpool owners after a third defeat in a row, "
         "and the Dutchman said on Friday that he has no intention of walking away. Sources close to the club say "
         "Xabi Alonso remains the board's preferred successor should results not improve.")


def corpus(folder: Path, n: int, prefix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{prefix}{i}.txt").write_text(f"{STORY} Story {prefix}{i}.")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every table and the manifest in ``folder``, byte for byte."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name in (outdir.STAGE, outdir.TRASH) or p.name.endswith(".tmp"))


@pytest.fixture()
def previous(tmp_path):
    """An output folder holding the complete tables of an earlier run, and a new corpus."""
    out = tmp_path / "out"
    assert cli.main(["tag", str(corpus(tmp_path / "old", 2, "old")), "--out", str(out), "--format", "csv,parquet"]) == 0
    return out, snapshot(out), corpus(tmp_path / "new", 3, "new")


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.endswith("\n"), repr(err)
    assert "Traceback" not in err
    return err


# ---- killed at any moment ------------------------------------------------------------------------

def test_a_run_killed_at_any_step_leaves_one_complete_set(tmp_path):
    proc = subprocess.run([sys.executable, str(HERE / "hostile" / "kill_runner.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    reports = [json.loads(line) for line in proc.stdout.splitlines()]
    *killed, last = reports
    assert len(killed) >= 10 and all(r["killed"] for r in killed)
    assert not last["killed"] and last["set"] == "b" and last["left"] == []
    for r in killed:
        if r["committed"]:   # killed after the commit, while recording the snapshot for the next run
            assert r["direct"] == "b" and r.get("after_load", r.get("after_next_run")) == "b", r
        elif r["marked"]:    # killed while moving the new set into place: finished by the next reader or run
            assert r.get("after_load", r.get("after_next_run")) == "b", r
        else:              # killed before the new set was complete: the old set, untouched
            assert r["direct"] == "a", r
            assert r.get("after_load", "a") == "a", r
        if "after_next_run" in r:
            assert r["after_next_run"] == "b" and r["left"] == [], r
    assert any(r["marked"] for r in killed) and any(not r["marked"] for r in killed)
    assert any(r["committed"] for r in killed)


def test_an_exception_inside_the_transaction_keeps_the_old_set(previous):
    out, before, _ = previous
    with pytest.raises(RuntimeError):
        with outdir.transaction(out) as stage:
            (stage / "articles.csv").write_text("doc\nhalf")
            raise RuntimeError("died half-way")
    assert snapshot(out) == before and leftovers(out) == []


def test_folders_in_the_set_are_swapped_whole_and_stale_entries_removed(tmp_path):
    out = tmp_path / "out"
    with outdir.transaction(out) as stage:   # a partitioned dataset, as a faster writer may make
        (stage / "articles").mkdir()
        (stage / "articles" / "part-00000.parquet").write_bytes(b"old 0")
        (stage / "articles" / "part-00001.parquet").write_bytes(b"old 1")
        (stage / "claims.parquet").write_bytes(b"old claims")
    (out / "notes.txt").write_text("the user's own file")
    with outdir.transaction(out) as stage:
        (stage / "articles").mkdir()
        (stage / "articles" / "part-00000.parquet").write_bytes(b"new 0")
    assert sorted(p.name for p in (out / "articles").iterdir()) == ["part-00000.parquet"]
    assert (out / "articles" / "part-00000.parquet").read_bytes() == b"new 0"
    assert not (out / "claims.parquet").exists()               # the previous run's, not written this time
    assert (out / "notes.txt").read_text() == "the user's own file"
    assert outdir.current_set(out) == ["articles"] and leftovers(out) == []


# ---- two runs at once ----------------------------------------------------------------------------

HOLDER = textwrap.dedent("""
    import sys
    from rumourlib import pipeline, tables
    real = tables.write_table
    def held(*args, **kwargs):          # stop in the middle of writing until told to go on
        if not held.done:
            held.done = True
            print("writing", flush=True)
            sys.stdin.readline()
        return real(*args, **kwargs)
    held.done = False
    tables.write_table = held
    pipeline.tag([sys.argv[1]], sys.argv[2], formats=("csv", "parquet"), progress=False)
    print("finished", flush=True)
""")


def test_a_second_run_on_the_same_folder_stops_with_one_line(previous, tmp_path, capsys):
    out, before, new = previous
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(new), str(out)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "writing"
        status = cli.main(["tag", str(corpus(tmp_path / "third", 1, "third")), "--out", str(out), "--format", "csv"])
        err = one_line(capsys.readouterr().err)
        assert status != 0 and f"another run is writing to {out}" in err
        assert snapshot(out) == before                          # the first run has not committed yet
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "finished"
    finally:
        holder.stdin.close()
        holder.wait(timeout=120)
    assert holder.returncode == 0
    got = tables.load_tables(out)
    assert set(got["articles"]["doc"]) == {"new0.txt", "new1.txt", "new2.txt"}
    assert set(pd.read_csv(out / "articles.csv")["doc"]) == {"new0.txt", "new1.txt", "new2.txt"}
    assert cli.main(["tag", str(new), "--out", str(out), "--format", "csv"]) == 0   # free again


# ---- disk full, unwritable, interrupted -----------------------------------------------------------

def fail_on_third_table(monkeypatch, error: BaseException) -> None:
    real, calls = tables.write_table, []

    def failing(*args, **kwargs):
        calls.append(args[2])
        if len(calls) == 3:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(tables, "write_table", failing)


@pytest.mark.parametrize("error,words,status", [
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full (No space left on device)", 2),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), "the disk is full", 2),
    (PermissionError(errno.EACCES, "Permission denied"), "permission denied", 2),
    (OSError(errno.EIO, "Input/output error"), "Input/output error", 2),
    (KeyboardInterrupt(), "interrupted", 130),
], ids=["ENOSPC", "EDQUOT", "EACCES", "EIO", "interrupt"])
def test_a_failed_write_is_one_line_and_keeps_the_old_tables(previous, monkeypatch, capsys, error, words, status):
    out, before, new = previous
    fail_on_third_table(monkeypatch, error)
    assert cli.main(["tag", str(new), "--out", str(out), "--format", "csv,parquet"]) == status
    err = one_line(capsys.readouterr().err)
    assert err.startswith("rumour tag: ") and words in err
    assert snapshot(out) == before and leftovers(out) == []
    monkeypatch.undo()
    assert cli.main(["tag", str(new), "--out", str(out), "--format", "csv"]) == 0       # the next run completes


def test_disk_full_while_marking_the_commit(previous, monkeypatch, capsys):
    out, before, new = previous

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outdir, "_write_json", full)
    assert cli.main(["tag", str(new), "--out", str(out), "--format", "csv,parquet"]) == 2
    assert "the disk is full" in one_line(capsys.readouterr().err)
    assert snapshot(out) == before and leftovers(out) == []


def test_a_path_with_a_newline_still_gives_one_line(tmp_path, capsys):
    blocker = tmp_path / "file\nname"
    blocker.write_text("x")
    assert cli.main(["tag", str(corpus(tmp_path / "c", 1, "c")), "--out", str(blocker / "sub")]) == 2
    assert "file\\nname" in one_line(capsys.readouterr().err)


def as_unprivileged(argv: list[str]) -> list[str]:
    unprivileged = fixtures.without_root_powers(argv)
    if unprivileged is None:
        pytest.skip("running as root without setpriv: file permissions cannot bind")
    return unprivileged


@pytest.mark.parametrize("where", ["new sub-folder", "existing folder"])
def test_an_unwritable_output_folder_is_one_line_and_non_zero(previous, where):
    out, before, new = previous
    target = out / "sub" if where == "new sub-folder" else out
    os.chmod(out, 0o555)
    try:
        proc = subprocess.run(as_unprivileged([sys.executable, "-m", "rumourlib.cli", "tag", str(new), "--out",
                                               str(target), "--format", "csv"]), capture_output=True, text=True)
    finally:
        os.chmod(out, 0o755)
    assert proc.returncode == 2
    assert one_line(proc.stderr).startswith(f"rumour tag: cannot write to {target}: permission denied")
    assert snapshot(out) == before


REAL_DISK_FULL = textwrap.dedent("""
    import json, subprocess, sys
    from pathlib import Path
    from rumourlib import cli
    disk, small, large = (Path(a) for a in sys.argv[1:4])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(disk)], check=True)
    out = disk / "out"
    first = cli.main(["tag", str(small), "--out", str(out), "--format", "csv"])
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    second = cli.main(["tag", str(large), "--out", str(out), "--format", "csv"])
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    print(json.dumps({"first": first, "second": second, "same": before == after,
                      "left": sorted(p.name for p in out.iterdir() if p.name.startswith(".rumour-stage"))}))
""")


def test_a_real_full_disk(tmp_path):
    """A 96 KB tmpfs in a private mount namespace (root only): the second, larger run does not fit."""
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or not unshare or subprocess.run([unshare, "-m", "true"]).returncode != 0:
        pytest.skip("needs root and unshare to mount a small tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    large = corpus(tmp_path / "large", 1, "large")
    words = STORY.replace(".", "").replace(",", "").split()
    rng = random.Random(5)   # varied text (a repeated one would be rejected as filler) of about 150 KB
    (large / "long.txt").write_text(". ".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(2000)))
    proc = subprocess.run([unshare, "-m", sys.executable, "-c", REAL_DISK_FULL, str(disk),
                           str(corpus(tmp_path / "small", 1, "small")), str(large)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"first": 0, "second": 2, "same": True, "left": []}
    err = proc.stderr.strip().splitlines()
    assert err[-1].startswith("rumour tag: cannot write the tables to") and "the disk is full" in err[-1]
