"""The ``rumour`` command: ``rumour tag INPUT ... --out DIR --format csv``.

Errors a user can cause (a missing input, an unwritable folder, a full disk,
another run writing to the same folder) end with one line on standard error and a
non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, paths, tables


def _formats(value: str) -> tuple[str, ...]:
    items = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    if items == ("both",):
        return tables.FORMATS
    bad = [v for v in items if v not in tables.FORMATS]
    if bad or not items:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(bad) or value!r}: use csv, parquet or csv,parquet")
    return items


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("--jobs must be 1 or more")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rumour", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"rumourlib {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    tag = sub.add_parser("tag", help="read a folder of scraped articles and write the tables")
    tag.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (read recursively)")
    tag.add_argument("--out", default=str(paths.PROCESSED),
                     help="output folder (default: data/processed)")
    tag.add_argument("--format", default="parquet", type=_formats,
                     help="csv, parquet, or both as csv,parquet (default: parquet)")
    tag.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="show a progress bar (default: only on a terminal)")
    tag.add_argument("--jobs", type=_jobs, default=0, metavar="N",
                     help="worker processes on this machine (default: one per core)")
    tag.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local processes (default) or a dask.distributed cluster (with --scheduler)")
    tag.add_argument("--scheduler", metavar="ADDRESS",
                     help="the dask scheduler's address for --engine dask, e.g. tcp://10.0.0.5:8786")
    tag.add_argument("--no-cache", dest="cache", action="store_false",
                     help="re-tag every file (default: keep the rows of unchanged files from the tables in OUT, "
                          "or their results cached in OUT/.cache)")
    gaz = sub.add_parser("gazetteer", help="check the knowledge files, or suggest names a corpus needs")
    gaz_sub = gaz.add_subparsers(dest="action", required=True)
    gaz_sub.add_parser("check", help="validate data/gazetteer and data/rules")
    suggest = gaz_sub.add_parser("suggest", help="list person-like names near coaching words that no file knows")
    suggest.add_argument("corpus", nargs="+", help="files or folders of articles")
    suggest.add_argument("--limit", type=int, default=40)
    outcomes = sub.add_parser("outcomes", help="check data/outcomes.csv (what actually happened) against the gazetteer")
    outcomes_sub = outcomes.add_subparsers(dest="action", required=True)
    outcomes_check = outcomes_sub.add_parser("check", help="validate the outcomes file")
    outcomes_check.add_argument("--file", default=None, help="an outcomes file (default data/outcomes.csv)")
    notebooks = sub.add_parser("notebooks", help="execute the numbered notebooks")
    notebooks.add_argument("--in-place", action="store_true",
                           help="refresh the committed notebooks' outputs on the seed corpus")
    report = sub.add_parser("report", help="run the notebooks on a corpus and write reports/report.html")
    report.add_argument("--corpus", default="data/raw", help="the folder the tables were made from")
    report.add_argument("--processed", default=str(paths.PROCESSED), help="the folder holding the tables")
    report.add_argument("--out", default=str(paths.REPORTS / "report.html"), help="the HTML file to write")
    synth = sub.add_parser("synth", help="write a deterministic synthetic corpus (benchmarks, scale tests)")
    synth.add_argument("--docs", type=int, default=1000, help="number of documents (default: 1000)")
    synth.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same files")
    synth.add_argument("--out", required=True, help="folder to write into (created)")
    return parser


def _synth(args) -> int:
    from . import synth

    if args.docs < 0:
        print("rumour synth: --docs must be 0 or more", file=sys.stderr)
        return 2
    try:
        made = synth.generate(args.docs, args.seed, args.out)
    except OSError as err:
        print(f"rumour synth: cannot write to {args.out}: {err.strerror or err}", file=sys.stderr)
        return 2
    print(f"rumour synth: {made.documents} documents ({made.words} words) in {made.files} files -> {args.out}",
          file=sys.stderr)
    return 0


def _report(args) -> int:
    from . import report

    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"rumour report: no such corpus folder: {args.corpus}", file=sys.stderr)
        return 2
    executed = report.run_notebooks(corpus=str(corpus.resolve()), processed=str(Path(args.processed).resolve()))
    out = report.build_report(executed, corpus_label=paths.relative_to_root(corpus), out=Path(args.out))
    print(f"rumour report: wrote {paths.relative_to_root(out)} ({len(executed)} notebooks)", file=sys.stderr)
    return 0


def _gazetteer(args) -> int:
    from . import curation

    if args.action == "check":
        report = curation.check()
        for line in report.errors:
            print(f"error: {line}")
        for line in report.warnings:
            print(f"warning: {line}")
        counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
        print(f"rumour gazetteer check: {counts}; {len(report.errors)} errors, {len(report.warnings)} warnings",
              file=sys.stderr)
        return 0 if report.ok else 1
    from .clean import clean_document
    from .ingest import Document, iter_documents

    try:
        texts = [a.text for d in iter_documents(args.corpus) if isinstance(d, Document)
                 for a in [clean_document(d)] if hasattr(a, "text")]
    except FileNotFoundError as err:
        print(f"rumour gazetteer suggest: {err.args[0] if err.args else err}", file=sys.stderr)
        return 2
    rows = curation.suggest(texts, limit=args.limit)
    print("name\tcount\texample")
    for name, n, example in rows:
        print(f"{name}\t{n}\t{example}")
    print(f"rumour gazetteer suggest: {len(rows)} names not in the gazetteer near coaching words "
          f"in {len(texts)} articles", file=sys.stderr)
    return 0


def _fail(message: str, status: int = 2) -> int:
    """One line on standard error (a newline in a path is shown as \\n), and the exit status."""
    line = message.replace("\r", "\\r").replace("\n", "\\n")
    print(f"rumour tag: {line}", file=sys.stderr)
    return status


def _write_error(out: str, err: OSError) -> str:
    """What went wrong when the tables could not be written, in one sentence."""
    import errno

    reason = err.strerror or str(err) or type(err).__name__
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write the tables to {out}: the disk is full ({reason})"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(err, PermissionError):
        where = f" ({err.filename})" if err.filename else ""
        return f"cannot write to {out}: permission denied{where}"
    return f"cannot write the tables to {out}: {reason}"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "tag":
        from .ingest import MissingInput
        from .outdir import Busy
        from .pipeline import tag

        try:
            if args.engine == "dask" and not args.scheduler:
                return _fail("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
            summary = tag(args.inputs, args.out, formats=args.format, progress=args.progress,
                          jobs=args.jobs or None, engine=args.engine, scheduler=args.scheduler,
                          use_cache=args.cache)
        except (MissingInput, Busy) as err:
            return _fail(str(err))
        except OSError as err:
            return _fail(_write_error(args.out, err))
        except KeyboardInterrupt:
            return _fail(f"interrupted; the tables in {args.out} are those of the last complete run", 130)
        print(f"rumour tag: {summary.line()}", file=sys.stderr)
        return 0
    if args.command == "gazetteer":
        return _gazetteer(args)
    if args.command == "outcomes":
        from . import outcomes

        problems = outcomes.check(Path(args.file) if args.file else None)
        for line in problems:
            print(f"error: {line}")
        table = outcomes.load(args.file) if not problems else None
        summary = (f"{len(table)} facts about {table['person'].nunique()} people" if table is not None
                   else f"{len(problems)} errors")
        print(f"rumour outcomes check: {summary}", file=sys.stderr)
        return 0 if not problems else 1
    if args.command == "notebooks":
        from . import report

        if not args.in_place:
            print("rumour notebooks: use --in-place (or `rumour report` to run them on another corpus)",
                  file=sys.stderr)
            return 2
        done = report.run_notebooks(in_place=True)
        print(f"rumour notebooks: re-ran {len(done)} notebooks in place", file=sys.stderr)
        return 0
    if args.command == "report":
        return _report(args)
    if args.command == "synth":
        return _synth(args)
    return 1


if __name__ == "__main__":
    sys.exit(main())
