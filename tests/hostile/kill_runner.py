"""Kill `rumour tag` at every step that changes the output folder, and report what is left.

    python tests/hostile/kill_runner.py WORKDIR

Used by tests/test_faults.py. WORKDIR gets two corpora: the output folder first holds
the tables of corpus A; then a run over corpus B is killed with SIGKILL at its N-th
rename (every table written into the stage, the commit mark, every entry moved
into place, the set recorded, then the files of the snapshot a next run starts from),
for N = 1, 2, ... until a run gets through. After
each kill one JSON line reports which set the files in place belong to (before and
after ``tables.load_tables``, which finishes a marked commit) or, on even N, whether
the next run completes. Runs are forked from this process, which imported the
package once, so each costs a fraction of a second.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from pathlib import Path

from rumourlib import outdir, pipeline, tables

STORY = ("{who} insists he still feels the full backing of the owners after a third defeat in a row, and he said "
         "on Friday that he has no intention of walking away. Sources close to the club say Xabi Alonso remains "
         "the board's preferred successor should results not improve before the end of the season.")
FORMATS = ("csv", "parquet")


def make_corpora(work: Path) -> tuple[Path, Path]:
    a, b = work / "corpus-a", work / "corpus-b"
    for folder, who, n in ((a, "Arne Slot", 2), (b, "Ruben Amorim", 3)):
        folder.mkdir(parents=True)
        for i in range(n):
            (folder / f"{folder.name[-1]}{i}.txt").write_text(STORY.format(who=who) + f" Story {i}.")
        (folder / f"{folder.name[-1]}-empty.txt").write_text("")
    return a, b


def which_set(out: Path) -> str:
    """'a' or 'b' when every table and the manifest in ``out`` come from one run, else 'mixed: ...'."""
    seen = set()
    manifest = json.loads((out / "manifest.json").read_text())
    seen.add(manifest["inputs"][0][-1])
    for name in tables.TABLES:
        for suffix in (".csv", ".parquet"):
            path = out / f"{name}{suffix}"
            if not path.exists():
                return f"mixed: {path.name} missing"
            import pandas as pd
            df = pd.read_csv(path, dtype=str) if suffix == ".csv" else pd.read_parquet(path)
            seen |= {doc[0] for doc in df["doc"]}
    return seen.pop() if len(seen) == 1 else f"mixed: {sorted(seen)}"


def run_killed_at(n: int, corpus: Path, out: Path) -> bool:
    """Tag ``corpus`` into ``out`` in a child killed at its n-th rename; True if it was killed."""
    pid = os.fork()
    if pid == 0:
        count = [0]
        committed = [False]

        def counting(real):
            def wrapper(*args, **kwargs):
                count[0] += 1
                if count[0] == n:
                    if committed[0]:   # tell the parent the set was in place before this rename
                        (out.parent / f"committed-{n}").touch()
                    os.kill(os.getpid(), signal.SIGKILL)
                result = real(*args, **kwargs)
                committed[0] = committed[0] or Path(args[1]).name == outdir.CURRENT
                return result
            return wrapper

        os.replace, os.rename = counting(os.replace), counting(os.rename)
        try:
            pipeline.tag([corpus], out, formats=FORMATS, progress=False)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def main(work: Path) -> None:
    a, b = make_corpora(work)
    pristine = work / "pristine"
    pipeline.tag([a], pristine, formats=FORMATS, progress=False)
    assert which_set(pristine) == "a"
    n = 0
    while True:
        n += 1
        out = work / f"out-{n}"
        shutil.copytree(pristine, out, symlinks=True)
        killed = run_killed_at(n, b, out)
        report = {"n": n, "killed": killed, "marked": (out / outdir.STAGE / outdir.MARK).is_file(),
                  "committed": (work / f"committed-{n}").exists()}
        if not killed:
            report["set"] = which_set(out)
            report["left"] = sorted(p.name for p in out.iterdir() if p.name in (outdir.STAGE, outdir.TRASH))
            print(json.dumps(report), flush=True)
            break
        report["direct"] = which_set(out) if not report["marked"] else "swap in progress"
        if n % 2:
            tables.load_tables(out)                       # the loader finishes a marked commit
            report["after_load"] = which_set(out)
        else:
            pipeline.tag([b], out, formats=FORMATS, progress=False)   # the next run completes
            report["after_next_run"] = which_set(out)
        report["left"] = sorted(p.name for p in out.iterdir() if p.name in (outdir.STAGE, outdir.TRASH))
        print(json.dumps(report), flush=True)
        shutil.rmtree(out)
        if n > 200:
            raise SystemExit("never got through")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
