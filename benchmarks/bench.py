"""Benchmarks for ``rumour tag`` (run with ``make bench``; not part of ``make test``).

What it prints, on a corpus made by ``rumour synth`` (deterministic for a seed):

- the whole pipeline (read, clean, duplicates, mentions, claims, write) as a child
  process: documents/s and words/s (the median of several runs, nothing else running) and
  peak memory (of the process and its workers, sampled in one more run), with ``--jobs 1``
  and ``--jobs N``;
- the same documents through a blank spaCy English pipeline with a sentencizer and an
  EntityRuler holding the gazetteer's names (entity matching only: texts already in
  memory, no files parsed, no claims), and the ratio of the two;
- an incremental re-run: a few new files added to a tagged folder, the second run timed
  against the first (also on the ``--scale`` corpus, with one new document per thousand);
- where the time goes: one in-process run, each pipeline stage timed by a clock around its calls.

Options: ``--docs``, ``--runs``, ``--jobs``, ``--scale N`` (one extra run over N
documents for peak memory, and a re-run after new ones), ``--new``, ``--skip-spacy``. Everything generated goes to a temporary
folder (or ``--work``), removed afterwards unless ``--keep``.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

RUMOUR = [sys.executable, "-m", "rumourlib.cli"]


# --------------------------------------------------------------------------- measuring

def machine_line() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    memory = psutil.virtual_memory().total / 2**30
    return (f"machine: {os.cpu_count()} cores, {model or 'unknown CPU'}, {memory:.0f} GiB, "
            f"Python {platform.python_version()} on {platform.system()} {platform.release()}")


def run_timed(argv: list[str]) -> float:
    """Run a command and return its wall time, with nothing else running beside it."""
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    _check(argv, proc.returncode, proc.stderr)
    return wall


def _check(argv: list[str], returncode: int, stderr: bytes) -> None:
    if returncode != 0:
        raise SystemExit(f"bench: {' '.join(argv)} failed ({returncode}): "
                         f"{stderr.decode(errors='replace').strip()[-500:]}")


def run_measured(argv: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak memory in MiB of it and its children, summed).

    Memory is the proportional set size (PSS) where the system reports it, so a page shared
    by forked workers is counted once; sampled every 50 ms, after 5 s every 500 ms. Reading
    the memory maps of every process costs CPU that the workers then lack (on two cores it
    slowed ``--jobs 2`` by about a tenth), so throughput comes from ``run_timed`` runs."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    parent = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            members = [parent] + parent.children(recursive=True)
        except psutil.NoSuchProcess:
            members = []
        for member in members:
            try:   # proportional set size: pages a forked worker shares with its parent count once
                total += member.memory_full_info().pss
            except (psutil.NoSuchProcess, psutil.AccessDenied, AttributeError):
                try:
                    total += member.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
        peak = max(peak, total)
        # often at first (short runs), then rarely: reading the memory maps costs CPU too
        time.sleep(0.05 if time.perf_counter() - start < 5 else 0.5)
    wall = time.perf_counter() - start
    _check(argv, proc.returncode, proc.stderr.read())
    return wall, peak / 2**20


def median_runs(argv: list[str], runs: int, before=None) -> tuple[float, float, list[float]]:
    """The median wall time of ``runs`` unobserved runs, and the peak memory of one more, sampled."""
    walls = []
    for _ in range(runs):
        if before:
            before()
        walls.append(run_timed(argv))
    if before:
        before()
    _wall, peak = run_measured(argv)
    return statistics.median(walls), peak, walls


def corpus_counts(out: Path) -> tuple[int, int]:
    """(documents, words) of a tagged folder, from its tables."""
    from rumourlib import tables

    loaded = tables.load_tables(out)
    docs = len(loaded["articles"]) + len(loaded["rejects"])
    return docs, int(loaded["articles"]["n_words"].astype(int).sum())


# --------------------------------------------------------------------------- spaCy

def spacy_baseline(texts: list[str], runs: int) -> tuple[float, int, int] | None:
    """Median documents/s of a blank English spaCy pipeline with sentencizer and EntityRuler."""
    try:
        import spacy
    except ImportError:
        return None
    from rumourlib import entities

    index = entities.load_index()
    patterns = []
    for form, candidates in sorted(index.forms.items()):
        kind = index.entities[candidates[0][0]].kind
        patterns.append({"label": kind.upper(), "pattern": form})
    best = []
    found = 0
    for _ in range(runs):
        start = time.perf_counter()
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        ruler = nlp.add_pipe("entity_ruler")
        ruler.add_patterns(patterns)
        found = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=256))
        best.append(time.perf_counter() - start)
    return len(texts) / statistics.median(best), len(patterns), found


# --------------------------------------------------------------------------- where the time goes

# (stage, module, function, where the pipeline looks it up). Top-level stages do not nest;
# the indented ones are parts of "clean". Each is timed by wrapping the function with a
# clock, not by a profiler, whose overhead per Python call would inflate the rule engines.
STAGES = (
    ("read (ingest: walk, decode, records)", "ingest", "read_file", "pipeline"),
    ("clean (text repair, HTML, boilerplate, dates, outlet, language)", "clean", "clean_document", "pipeline"),
    ("    text repair (ftfy, entities, spaces)", "textfix", "repair", "textfix"),
    ("    HTML page (trafilatura, head)", "htmlpage", "read_page", "htmlpage"),
    ("    boilerplate lines", "boilerplate", "split_page", "boilerplate"),
    ("    date", "dates", "choose_date", "dates"),
    ("    outlet", "outlets", "find_outlet", "outlets"),
    ("    language (py3langid)", "language", "detect", "language"),
    ("sentences", "sentences", "split", "sentences"),
    ("mentions (entities)", "entities", "find_mentions", "entities"),
    ("claims", "claims", "claims_for_article", "claims"),
    ("duplicates: shingles and signatures", "duplicates", "shingle_array", "duplicates"),
    ("duplicates: shingles and signatures", "duplicates", "signature_array", "duplicates"),
    ("duplicates: matching", "duplicates", "find_duplicates_from", "pipeline"),
    ("write the tables (sort, merge, CSV, Parquet)", "pipeline", "_write", "pipeline"),
)


def time_stages(corpus: Path, work: Path) -> tuple[float, list[tuple[str, float]]]:
    """Wall time of one in-process ``pipeline.tag`` run, and its time by stage (in file order)."""
    import functools
    import importlib
    import inspect

    from rumourlib import pipeline

    spent: dict[str, float] = {}
    restore = []

    def clocked(name, function):
        def timed_items(items):   # a generator's work happens as it is iterated
            while True:
                start = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
                yield item

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                result = function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
            return timed_items(result) if inspect.isgenerator(result) else result
        return wrapper

    for name, module, function, holder in STAGES:
        where = importlib.import_module(f"rumourlib.{holder}")
        original = getattr(importlib.import_module(f"rumourlib.{module}"), function, None)
        if original is None or getattr(where, function, None) is not original:
            continue   # renamed, or imported under another name: left out rather than mistimed
        restore.append((where, function, original))
        setattr(where, function, clocked(name, original))
    try:
        start = time.perf_counter()
        pipeline.tag([corpus], work / "timed", formats=("parquet",), progress=False, jobs=1, use_cache=False)
        wall = time.perf_counter() - start
    finally:
        for where, function, original in restore:
            setattr(where, function, original)
    top = sum(seconds for name, seconds in spent.items() if not name.startswith(" "))
    order = [name for name, *_ in STAGES]
    rows = [(name, spent[name]) for name in dict.fromkeys(order) if name in spent]
    rows.append(("everything else (start-up, walking, hashing, cache, bookkeeping)", max(0.0, wall - top)))
    return wall, rows


# --------------------------------------------------------------------------- main

def incremental_rerun(corpus: Path, work: Path, new: int, seed: int, jobs: int, peaks: bool = False):
    """Tag a copy of ``corpus`` (cache on, as a user's first run), add ``new`` generated
    documents, tag again into the same folder; the two runs' (wall, peak) or walls."""
    copy, out = work / "corpus", work / "out"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(corpus, copy)
    argv = RUMOUR + ["tag", str(copy), "--out", str(out), "--format", "parquet", "--jobs", str(jobs)]
    run = run_measured if peaks else run_timed
    first = run(argv)
    subprocess.run(RUMOUR + ["synth", "--docs", str(new), "--seed", str(seed + 1), "--out", str(copy / "new")],
                   check=True, stderr=subprocess.DEVNULL)
    return first, run(argv)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scale", type=int, default=0, help="also tag N documents once (peak memory) and again after new ones")
    parser.add_argument("--new", type=int, default=20, help="documents added before the incremental re-run")
    parser.add_argument("--skip-spacy", action="store_true")
    parser.add_argument("--work", help="folder for generated corpora and tables (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="rumour-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(machine_line())
    print(f"load before the run: {os.getloadavg()[0]:.2f} (other processes share these cores)")
    try:
        corpus = work / "corpus"
        if not corpus.is_dir():
            subprocess.run(RUMOUR + ["synth", "--docs", str(args.docs), "--seed", str(args.seed), "--out",
                                     str(corpus)], check=True, stderr=subprocess.DEVNULL)
        out = work / "out"
        results = {}
        for jobs in sorted({1, args.jobs}):
            def fresh(out=out):
                shutil.rmtree(out, ignore_errors=True)
            argv = RUMOUR + ["tag", str(corpus), "--out", str(out), "--format", "parquet", "--jobs", str(jobs),
                             "--no-cache"]
            results[jobs] = median_runs(argv, args.runs, before=fresh)
        docs, words = corpus_counts(out)
        print(f"corpus: {docs} documents, {words} words (rumour synth --seed {args.seed}); "
              f"median of {args.runs} runs, wall time of the whole `rumour tag` process")
        for jobs, (wall, peak, walls) in results.items():
            runs = ", ".join(f"{w:.1f}" for w in walls)
            print(f"  rumour tag --jobs {jobs}: {docs / wall:8.1f} docs/s {words / wall:10.0f} words/s  "
                  f"peak {peak:6.0f} MiB  (runs: {runs} s)")
        if args.jobs > 1:
            print(f"  --jobs {args.jobs} speed-up over --jobs 1: {results[1][0] / results[args.jobs][0]:.2f}x")

        if not args.skip_spacy:
            from rumourlib import tables

            texts = list(tables.load_tables(out)["articles"]["text"])
            base = spacy_baseline(texts, args.runs)
            if base is None:
                print("  spaCy: not installed (pip install -e '.[bench]')")
            else:
                rate, n_patterns, n_ents = base
                one = docs / results[1][0]
                print(f"  spaCy blank('en') + sentencizer + EntityRuler ({n_patterns} gazetteer forms, "
                      f"{n_ents} entities): {rate:8.1f} docs/s on the clean texts, one process")
                print(f"  ratio rumour tag --jobs 1 / spaCy: {one / rate:.3f}"
                      + (f"; --jobs {args.jobs} / spaCy: {docs / results[args.jobs][0] / rate:.3f}"
                         if args.jobs > 1 else ""))

        # Incremental: a tagged folder, then a few new files and a second run.
        first, second = incremental_rerun(corpus, work / "inc", args.new, args.seed, args.jobs)
        print(f"  incremental: first run {first:.1f} s, re-run with {args.new} new documents {second:.1f} s "
              f"({second / first:.3f} of the first)")

        if args.scale:
            big = work / f"corpus-{args.scale}"
            if not big.is_dir():
                subprocess.run(RUMOUR + ["synth", "--docs", str(args.scale), "--seed", str(args.seed), "--out",
                                         str(big)], check=True, stderr=subprocess.DEVNULL)
            new = max(args.new, args.scale // 1000)
            (wall, peak), (second, second_peak) = incremental_rerun(big, work / "big", new, args.seed, args.jobs,
                                                                    peaks=True)
            print(f"  scale: {args.scale} documents with --jobs {args.jobs}: {wall:.0f} s "
                  f"({args.scale / wall:.1f} docs/s), peak {peak:.0f} MiB (all processes)")
            print(f"  scale, incremental: re-run with {new} new documents {second:.1f} s ({second / wall:.3f} of the "
                  f"first), peak {second_peak:.0f} MiB")

        wall, stages = time_stages(corpus, work)
        print(f"where the time goes (one in-process run with --jobs 1, {wall:.1f} s; stages timed by a clock "
              f"around each call, no profiler):")
        for name, seconds in stages:
            print(f"  {seconds:7.2f} s  {100 * seconds / wall:5.1f}%  {name}")
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
