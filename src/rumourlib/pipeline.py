"""The one way through: inputs -> documents -> articles -> tables on disk.

``tag`` runs the stages in order and writes the tables; ``load_corpus`` is what a
notebook calls: it re-tags a corpus only when its files, the rules or the
gazetteer changed since the tables in the output folder were written.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from . import __version__, claims, duplicates, entities, incremental, ingest, outdir, paths, scale, sentences, tables
from .clean import Article, clean_document
from .duplicates import content_hash, find_duplicates_from
from .ingest import Reject, iter_files, read_file

MANIFEST = "manifest.json"
# Modules downstream of the tables: changing them cannot change what ``tag`` writes.
READERS_OF_TABLES = frozenset({"analysis", "plots", "findings", "report", "outcomes", "curation", "synth"})


@dataclass
class Summary:
    documents: int
    articles: int
    rejects: int
    duplicates: int
    out_dir: Path

    def line(self) -> str:
        return (f"{self.documents} documents: {self.articles} articles, {self.rejects} rejected, "
                f"{self.duplicates} marked as duplicates -> {paths.relative_to_root(self.out_dir)}")


def _knowledge_files() -> list[Path]:
    """The files whose change makes stored tables stale: the rules, the gazetteer and the
    tagger's own code (so a code change re-tags even when the version number stays).
    The modules that only read the tables (analysis, plots, findings, the report,
    outcomes) are left out, so working on a notebook never re-tags a corpus."""
    files = sorted(p for p in Path(__file__).parent.glob("*.py") if p.stem not in READERS_OF_TABLES)
    for folder in (paths.RULES, paths.GAZETTEER):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return files


def _tagger_digest() -> "hashlib.blake2b":
    """A hash of the tagger version and the knowledge files: its hex digest names the tagger
    (the cache's key), and fed the input files it becomes ``fingerprint``."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    for path in _knowledge_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest


def fingerprint(inputs: list[str | os.PathLike], out: str | os.PathLike | None = None) -> str:
    """A hash of the input files, the tagger version and the knowledge files: what the
    manifest of tables made from ``inputs`` records. Files whose status the snapshot in
    ``out`` recorded, and which still have it, are not read again."""
    digest = _tagger_digest()
    tagger = digest.hexdigest()
    statuses = incremental.file_statuses(Path(out), tagger) if out is not None else {}
    for path, key, cache_key, _entry in _keyed_files(inputs, tagger, statuses):
        _add_to_fingerprint(digest, path, key, cache_key)
    return digest.hexdigest()


def _keyed_files(inputs, tagger: str, statuses: dict) -> Iterator[tuple[Path, str, str | None, tuple | None]]:
    """(path, document key, cache key, status entry) for every input file, in order.

    The cache key hashes the file's bytes (None for what is not a regular file); a file
    whose status ``statuses`` holds unchanged gets the key recorded there, unread. The
    status entry, (absolute path, [*status, cache key]), is what the next run may trust
    (None for a file changed too recently, see ``incremental.STABLE_NS``)."""
    run_start = time.time_ns()
    for path, key in iter_files(inputs):
        where = os.path.abspath(path)
        cache_key = incremental.unchanged_key(statuses.get(where), path)
        if cache_key is not None:
            yield path, key, cache_key, (where, statuses[where])
            continue
        found = ingest.regular_file(path)   # never a named pipe or a device
        if found is None:
            yield path, key, None, None
            continue
        data, status = found
        cache_key = scale.file_key(tagger, key, data)
        entry = [*incremental.status_fields(status), cache_key] if incremental.stable(status, run_start) else None
        yield path, key, cache_key, (where, entry) if entry else None


def _add_to_fingerprint(digest, path: Path, key: str, cache_key: str | None) -> None:
    digest.update(key.encode())
    if cache_key is None:
        ingest.update_digest(digest, path)   # the marker for what is not a regular file, unread
    else:
        digest.update(cache_key.encode())    # a hash of the file's bytes (and of the tagger)


def _article_row(article: Article) -> dict:
    return {
        "doc": article.doc, "published": article.published, "outlet": article.outlet,
        "language": article.language, "title": article.title, "n_words": article.n_words,
        "duplicate_of": "", "duplicate_kind": "", "duplicate_similarity": None, "fmt": article.fmt,
        "encoding": article.encoding, "url": article.url, "date_rule": article.date_rule,
        "date_evidence": article.date_evidence, "outlet_rule": article.outlet_rule,
        "outlet_evidence": article.outlet_evidence, "outlet_known": article.outlet_known,
        "language_score": article.language_score, "content_hash": content_hash(article.text),
        "text": article.text,
    }


def _tag_article(article: Article) -> tuple[list[dict], list[dict]]:
    """Mentions and claims of one clean article, as table rows."""
    sents = sentences.split(article.text)
    found = entities.find_mentions(article.text, published=article.published,
                                   sentence_starts=[s.start for s in sents])
    mention_rows = [{"doc": article.doc, "entity": m.entity, "kind": m.kind, "explicit": m.explicit,
                     "start": m.start, "end": m.end, "surface": m.surface, "rule": m.rule} for m in found]
    found_claims = claims.claims_for_article(article.doc, article.text, sents, found, outlet=article.outlet,
                                            language=article.language, published=article.published)
    claim_rows = [{"doc": c.doc, "person": c.person, "club": c.club, "move": c.move, "stance": c.stance,
                   "certainty": c.certainty, "source": c.source, "via": c.via, "rule": c.rule, "cue": c.cue,
                   "sentence": c.sentence, "start": c.start, "end": c.end} for c in found_claims]
    return mention_rows, claim_rows


@dataclass
class FileResult:
    """Everything one input file gives: rows of each table (tuples in the tables' column
    order; articles without their duplicate columns filled), what the duplicate finder
    needs of each article, and the dates that were compared with ``latest``."""

    key: str
    documents: int
    rows: dict[str, list[tuple]]
    prints: list[tuple]          # (doc, published, content hash, signature, shingle hashes)
    dates: frozenset = frozenset()


def tag_file(path: str, key: str, latest: dt.date) -> FileResult:
    """Read, clean and tag one input file (the unit of work of every engine)."""
    recorder = scale.RecordingDate(latest.year, latest.month, latest.day)
    rows: dict[str, list[tuple]] = {name: [] for name in tables.TABLES}
    prints = []
    n_documents = 0
    for item in read_file(Path(path), key):
        n_documents += 1
        if isinstance(item, Reject):
            rows["rejects"].append((item.doc, item.reason))
            continue
        try:
            result = clean_document(item, latest=recorder)
        except Exception as err:  # one broken page must not stop a run over thousands
            result = Reject(item.doc, f"could not be cleaned ({type(err).__name__}: {err})"[:300])
        if isinstance(result, Reject):
            rows["rejects"].append((result.doc, result.reason))
            continue
        row = _article_row(result)
        rows["articles"].append(tuple(row[c] for c in tables.ARTICLE_COLUMNS))
        rows["boilerplate"] += [(result.doc, d.line, d.reason, d.rule, d.text) for d in result.boilerplate]
        article_mentions, article_claims = _tag_article(result)
        rows["mentions"] += [tuple(r[c] for c in tables.MENTION_COLUMNS) for r in article_mentions]
        rows["claims"] += [tuple(r[c] for c in tables.CLAIM_COLUMNS) for r in article_claims]
        hashes = duplicates.shingle_array(result.text)
        prints.append((result.doc, result.published, row["content_hash"], duplicates.signature_array(hashes), hashes))
    return FileResult(key, n_documents, rows, prints, frozenset(recorder.seen))


def warm() -> None:
    """Load the gazetteer, the rules and the language model, by tagging a short text once
    (before local worker processes are forked, so that they share them)."""
    from .ingest import Document

    text = ("Real Madrid have held talks with Jurgen Klopp, according to Marca. The German has played down "
            "talk of a move and insists he is happy in his current role, with no plans to return yet.")
    article = clean_document(Document(doc="warm", path="warm", fmt="txt", text=text))
    if isinstance(article, Article):
        _tag_article(article)


_ARTICLE_DUP = [tables.ARTICLE_COLUMNS.index(c) for c in ("duplicate_of", "duplicate_kind", "duplicate_similarity")]
_KEY_COLUMNS = {name: [tables.TABLES[name].index(c) for c in cols] for name, cols in tables.SORT_COLUMNS.items()}
# Rows of a table held in memory before they are sorted and spilled to a run file.
SPILL_ROWS = {"articles": 2_000, "rejects": 25_000, "boilerplate": 25_000, "mentions": 25_000, "claims": 25_000}
CHUNK_ROWS = 20_000   # a table with more rows than this is written chunk by chunk ...
WRITE_ROWS = {"articles": 2_000}   # ... of this many rows (default: CHUNK_ROWS); articles carry their text


def _key_function(name: str):
    positions = _KEY_COLUMNS[name]
    if len(positions) == 1:
        first = positions[0]
        return lambda row: row[first]
    a, b = positions
    return lambda row: (row[a], row[b])


@outdir.writer("out_dir", default=lambda: paths.PROCESSED)   # one run per output folder, locked from the start
def tag(inputs: list[str | os.PathLike], out_dir: str | os.PathLike | None = None,
        formats: tuple[str, ...] = ("parquet",), progress: bool | None = None,
        latest: dt.date | None = None, *, jobs: int | None = None, engine: str = "local",
        scheduler: str | None = None, use_cache: bool = True, cache_dir: str | os.PathLike | None = None,
        chunk_rows: int = CHUNK_ROWS) -> Summary:
    """Read, clean and tag everything under ``inputs``; write the tables to ``out_dir``.

    ``jobs`` local processes (default: one per core) or a dask cluster
    (``engine="dask"``, ``scheduler`` its address) do the per-file work; the tables are
    the same bytes whichever runs it. Results are cached per file in ``cache_dir``
    (default ``out_dir/.cache``) unless ``use_cache`` is false; then, too, the rows of
    files unchanged since the last run into ``out_dir`` are kept from its tables
    (``incremental``). Tables with more than ``chunk_rows`` rows are written chunk by chunk.
    """
    out = Path(out_dir) if out_dir else paths.PROCESSED
    out.mkdir(parents=True, exist_ok=True)
    latest = latest or (dt.date.today() + dt.timedelta(days=1))
    if engine not in scale.ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use {' or '.join(scale.ENGINES)}")
    jobs = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    show = sys.stderr.isatty() if progress is None else progress
    tagger = _tagger_digest()   # read the rules and the gazetteer once, for both tries below
    run = dict(inputs=inputs, out=out, formats=formats, show=show, latest=latest, jobs=jobs, engine=engine,
               scheduler=scheduler, use_cache=use_cache, cache_dir=cache_dir, chunk_rows=chunk_rows,
               tagger_digest=tagger)
    snapshot = None
    if use_cache:
        outdir.settle(out)   # the tables in place are one complete set before any of them is reused
        snapshot = incremental.Snapshot.open(out, tagger.hexdigest())
    else:
        incremental.forget(out)   # the tables about to be written are not the ones it describes
    if snapshot is not None:
        try:
            return _tag_run(**run, snapshot=snapshot)
        except incremental.Stale:
            incremental.forget(out)   # and take the ordinary path below
    return _tag_run(**run, snapshot=None)


KEPT, CACHED, TAGGED = "kept", "cached", "tagged"   # where a file's rows come from in a run


def _tag_run(*, inputs, out: Path, formats, show: bool, latest: dt.date, jobs: int, engine: str, scheduler,
             use_cache: bool, cache_dir, chunk_rows: int, tagger_digest: "hashlib.blake2b",
             snapshot: "incremental.Snapshot | None") -> Summary:
    """``tag``'s work; with a ``snapshot``, the rows of unchanged files are kept from the tables in place."""
    # What the tagger is, and which files it has already seen (by content).
    whole = tagger_digest.copy()              # fed every input below: the manifest's ``fingerprint``
    tagger = tagger_digest.hexdigest()
    cache = scale.TagCache(Path(cache_dir) if cache_dir else out / ".cache") if use_cache else scale.TagCache(None)
    plan: list[tuple[str | None, str]] = []
    todo: list[tuple[str, str, dt.date]] = []
    statuses: dict[str, list] = {}            # what the next run may trust of each file's status
    for path, key, cache_key, entry in _keyed_files(inputs, tagger, snapshot.statuses if snapshot else {}):
        _add_to_fingerprint(whole, path, key, cache_key)
        if entry is not None:
            statuses[entry[0]] = entry[1]
        if snapshot is not None and snapshot.keeps(cache_key, latest):
            plan.append((cache_key, KEPT))
        elif cache.valid(cache_key, latest):
            plan.append((cache_key, CACHED))
        else:
            plan.append((cache_key, TAGGED))
            todo.append((str(path), key, latest))

    work = out / f".work-{os.getpid()}"
    stores = {name: scale.RunStore(work, name, _key_function(name), SPILL_ROWS[name],
                                   block=100 if name == "articles" else 2000) for name in tables.TABLES}
    # Shingles of the new articles: appended to the snapshot's file, or kept in the work folder
    shingles = snapshot.shingle_store() if snapshot is not None else scale.ShingleStore(work / "shingles.bin")
    prints: list[tuple] = []            # (doc, published, content hash) of every new article
    signatures = bytearray()            # their MinHash signatures, 64 x 8 bytes each
    files_seen: list[list] = []         # [cache key, documents, docs, dates] of every file, for the next snapshot
    kept_docs: set[str] = set()         # documents whose rows stay as they are in the tables in place
    new_docs: list[str] = []            # documents of the files read (from the cache or tagged) this run
    n_documents = tagged = 0
    try:
        results = scale.run_ordered(tag_file, todo, engine=engine, jobs=jobs, scheduler=scheduler, warm=warm)
        for cache_key, source in tqdm(plan, desc="tagging", unit="file", disable=not show, file=sys.stderr):
            if source == KEPT:
                documents, docs, dates = snapshot.entry(cache_key)
                n_documents += documents
                kept_docs.update(docs)
                files_seen.append([cache_key, documents, docs, dates])
                continue
            if source == CACHED:
                result = cache.load(cache_key)
            else:
                result = next(results)
                cache.put(cache_key, result, latest)
                tagged += 1
                if tagged % 500 == 0:
                    cache.commit()   # a run that is stopped keeps what it has tagged so far
            n_documents += result.documents
            for name, rows in result.rows.items():
                if rows:
                    stores[name].add(rows)
            docs = [row[0] for row in result.rows["articles"]] + [row[0] for row in result.rows["rejects"]]
            new_docs += docs
            files_seen.append([cache_key, result.documents, docs, sorted(result.dates)])
            for doc, published, digest, signature, hashes in result.prints:
                prints.append((doc, published, digest))
                signatures += signature.astype("<u8").tobytes()
                shingles.add(doc, hashes)
        results.close()   # ends the worker pool now: its processes would otherwise live through the writing
        new_signatures = np.frombuffer(bytes(signatures), dtype="<u8").astype(np.uint64).reshape(-1, duplicates.NUM_PERM)
        del signatures
        dropped: set[str] = set()
        if snapshot is not None:
            if not kept_docs.isdisjoint(new_docs):
                raise incremental.Stale("a new file gives a document key that an unchanged file gives too")
            keep = np.fromiter((p[0] in kept_docs for p in snapshot.prints), dtype=bool, count=len(snapshot.prints))
            prints = [tuple(p[:3]) for p, k in zip(snapshot.prints, keep) if k] + prints
            new_signatures = np.concatenate([snapshot.signatures[keep], new_signatures])
            dropped = set(snapshot.all_docs) - kept_docs
            snapshot.release()   # before the old tables are read back, not after
        cache.close(keep=[key for key, _source in plan])
        marks = find_duplicates_from(prints, new_signatures, shingles.get)
        counts = {}
        fingerprint = whole.hexdigest()
        # ---- output: the tables and the manifest are written into a stage and committed as one set
        # (outdir.transaction): a run killed at any moment leaves the previous set or the new one.
        with outdir.transaction(out) as stage:
            for name in tables.TABLES:
                untyped = ("duplicate_similarity",) if name == "articles" and not marks else ()
                if snapshot is None:
                    rows = stores[name].merged()
                    if name == "articles":
                        rows = (_with_mark(row, marks.get(row[0])) for row in rows)
                    # with no duplicate at all, the similarity column is empty (as one frame would have it)
                    _write(name, rows, stores[name].count, stage, formats, chunk_rows, untyped)
                    counts[name] = stores[name].count
                else:
                    frames = incremental.table_frames(out, name, dropped, stores[name].merged(),
                                                      WRITE_ROWS.get(name, chunk_rows))
                    if name == "articles":
                        frames = (_with_marks(frame, marks) for frame in frames)
                    counts[name] = _write_frames(name, frames, stage, formats, chunk_rows, untyped)
                    _release_arrow_memory()
                stores[name].close()
            manifest = {"tagger_version": __version__, "fingerprint": fingerprint,
                        "inputs": [paths.relative_to_root(i) for i in inputs], "formats": list(formats),
                        "documents": n_documents, "articles": counts["articles"], "rejects": counts["rejects"]}
            tables.atomic_write(stage / MANIFEST,
                                lambda tmp: Path(tmp).write_text(json.dumps(manifest, indent=2) + "\n"))
        # ---- end of output
        if use_cache and "parquet" in formats:   # the next run can keep rows from these tables
            incremental.write(out, fingerprint=fingerprint, tagger=tagger, latest=latest, files=files_seen,
                              prints=prints, signatures=new_signatures, shingles=shingles, statuses=statuses)
        else:
            incremental.forget(out)
    finally:
        for store in stores.values():
            store.close()
        shingles.close()
        cache.close()
        shutil.rmtree(work, ignore_errors=True)
    return Summary(n_documents, counts["articles"], counts["rejects"], len(marks), out)


def _with_marks(frame: pd.DataFrame, marks: dict) -> pd.DataFrame:
    """Articles with their duplicate columns set from ``marks`` (as ``_with_mark`` sets a row's)."""
    found = [marks.get(doc) for doc in frame["doc"]]
    frame = frame.copy()
    frame["duplicate_of"] = [m.duplicate_of if m else "" for m in found]
    frame["duplicate_kind"] = [m.kind if m else "" for m in found]
    frame["duplicate_similarity"] = pd.Series([m.similarity if m else None for m in found], dtype=object)
    return frame


def _write_frames(name: str, frames, out: Path, formats: tuple[str, ...], chunk_rows: int,
                  untyped: tuple[str, ...] = ()) -> int:
    """``_write`` for a table that comes as sorted frames; returns its number of rows."""
    frames = iter(frames)
    head: list[pd.DataFrame] = []
    count = 0
    for frame in frames:
        head.append(frame)
        count += len(frame)
        if count > chunk_rows:
            break
    if count <= chunk_rows:   # one frame, built from the rows' Python values as a first run builds it
        rows = [row for frame in head for row in _python_values(frame).itertuples(index=False, name=None)]
        _write(name, rows, count, out, formats, chunk_rows, untyped)
        return count
    size = min(chunk_rows, WRITE_ROWS.get(name, chunk_rows))
    written = 0

    def chunks():
        nonlocal written
        for number, chunk in enumerate(incremental.rechunked(itertools.chain(head, frames), size)):
            written += len(chunk)
            if number == 0:   # its column types become the file's schema: infer them from the values, as before
                chunk = pd.DataFrame.from_records(list(_python_values(chunk).itertuples(index=False, name=None)),
                                                  columns=tables.TABLES[name])
            yield tables.typed_chunk(name, chunk, untyped)

    tables.write_table_chunks(chunks(), out, name, formats)
    return written


def _release_arrow_memory() -> None:
    """Hand the memory pyarrow freed while reading an old table back to the system (its
    allocator keeps it otherwise, and the next table's would come on top)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def _python_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None, as the rows of a first run hold them (Parquet reads them back as NaN)."""
    return frame.astype(object).where(frame.notna(), None)


def _with_mark(row: tuple, mark) -> tuple:
    if mark is None:
        return row
    row = list(row)
    row[_ARTICLE_DUP[0]], row[_ARTICLE_DUP[1]], row[_ARTICLE_DUP[2]] = mark.duplicate_of, mark.kind, mark.similarity
    return tuple(row)


def _write(name: str, rows, count: int, out: Path, formats: tuple[str, ...], chunk_rows: int,
           untyped: tuple[str, ...] = ()) -> None:
    columns = tables.TABLES[name]
    if count <= chunk_rows:   # small enough for one frame: exactly the single-process bytes of before
        df = tables.frame(name, [dict(zip(columns, row)) for row in rows])
        tables.write_table(df, out, name, formats)
        return
    size = min(chunk_rows, WRITE_ROWS.get(name, chunk_rows))
    chunks = (tables.frame_chunk(name, block, untyped) for block in scale.chunked(rows, size))
    tables.write_table_chunks(chunks, out, name, formats)


def load_corpus(corpus: str | os.PathLike | None = None,
                processed: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Tables for ``corpus`` (default ``data/raw``), tagging it first if the stored ones are stale."""
    corpus = Path(corpus) if corpus else paths.RAW
    if not corpus.is_absolute():
        corpus = paths.PROJECT_ROOT / corpus
    out = Path(processed) if processed else paths.PROCESSED
    manifest_path = out / MANIFEST
    current = fingerprint([corpus], out)
    stored = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    if stored.get("fingerprint") != current or "parquet" not in stored.get("formats", []):
        tag([corpus], out, formats=("parquet",), progress=False)
    return tables.load_tables(out, skip={"articles": ("text",)})   # the notebooks never need the bodies


def claim_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The claims of ``tables`` with dates, outlets and voices named from the gazetteer
    (``analysis.claim_rows`` with the project's names and journalists' outlets)."""
    from . import analysis, gazetteer

    return analysis.claim_rows(tables["claims"], tables["articles"], gazetteer.display_names(),
                               gazetteer.journalist_outlets())
