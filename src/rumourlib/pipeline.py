"""The one way through: inputs -> documents -> articles -> tables on disk.

``tag`` runs the stages in order and writes the tables; ``load_corpus`` is what a
notebook calls: it re-tags a corpus only when its files, the rules or the
gazetteer changed since the tables in the output folder were written.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from . import __version__, claims, duplicates, entities, ingest, outdir, paths, scale, sentences, tables
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


def fingerprint(inputs: list[str | os.PathLike]) -> str:
    """A hash of the input files, the tagger version and the knowledge files."""
    digest = _tagger_digest()
    for path, key in iter_files(inputs):
        digest.update(key.encode())
        ingest.update_digest(digest, path)   # regular files only: a named pipe or /dev/zero cannot hang it
    return digest.hexdigest()


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
    (default ``out_dir/.cache``) unless ``use_cache`` is false. Tables with more than
    ``chunk_rows`` rows are written chunk by chunk.
    """
    out = Path(out_dir) if out_dir else paths.PROCESSED
    out.mkdir(parents=True, exist_ok=True)
    latest = latest or (dt.date.today() + dt.timedelta(days=1))
    if engine not in scale.ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use {' or '.join(scale.ENGINES)}")
    jobs = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    files = list(iter_files(inputs))
    show = sys.stderr.isatty() if progress is None else progress

    # What the tagger is, and which files it has already seen (by content).
    whole = _tagger_digest()                  # fed every input below: the manifest's ``fingerprint``
    tagger = whole.copy().hexdigest()
    cache = scale.TagCache(Path(cache_dir) if cache_dir else out / ".cache") if use_cache else scale.TagCache(None)
    plan: list[tuple[str | None, bool]] = []
    todo: list[tuple[str, str, dt.date]] = []
    for path, key in files:
        whole.update(key.encode())
        data = ingest.regular_file_bytes(path)   # never a named pipe or a device
        if data is None:
            ingest.update_digest(whole, path)    # the marker fingerprint() records for it
            cache_key = None
        else:
            whole.update(data)
            cache_key = scale.file_key(tagger, key, data)
        hit = cache.valid(cache_key, latest)
        plan.append((cache_key, hit))
        if not hit:
            todo.append((str(path), key, latest))

    work = out / f".work-{os.getpid()}"
    stores = {name: scale.RunStore(work, name, _key_function(name), SPILL_ROWS[name],
                                   block=100 if name == "articles" else 2000) for name in tables.TABLES}
    shingles = scale.ShingleStore(work / "shingles.bin")
    prints: list[tuple] = []            # (doc, published, content hash) of every article
    signatures = bytearray()            # their MinHash signatures, 64 x 8 bytes each
    n_documents = cached = 0
    try:
        results = scale.run_ordered(tag_file, todo, engine=engine, jobs=jobs, scheduler=scheduler, warm=warm)
        for cache_key, hit in tqdm(plan, desc="tagging", unit="file", disable=not show, file=sys.stderr):
            if hit:
                result = cache.load(cache_key)
            else:
                result = next(results)
                cache.put(cache_key, result, latest)
                cached += 1
                if cached % 500 == 0:
                    cache.commit()   # a run that is stopped keeps what it has tagged so far
            n_documents += result.documents
            for name, rows in result.rows.items():
                if rows:
                    stores[name].add(rows)
            for doc, published, digest, signature, hashes in result.prints:
                prints.append((doc, published, digest))
                signatures += signature.astype("<u8").tobytes()
                shingles.add(doc, hashes)
        cache.close()
        matrix = np.frombuffer(bytes(signatures), dtype="<u8").astype(np.uint64).reshape(-1, duplicates.NUM_PERM)
        del signatures
        marks = find_duplicates_from(prints, matrix, shingles.get)
        n_articles, n_rejects = stores["articles"].count, stores["rejects"].count
        summary = Summary(n_documents, n_articles, n_rejects, len(marks), out)
        manifest = {"tagger_version": __version__, "fingerprint": whole.hexdigest(),
                    "inputs": [paths.relative_to_root(i) for i in inputs], "formats": list(formats),
                    "documents": n_documents, "articles": n_articles, "rejects": n_rejects}
        # ---- output: the tables and the manifest are written into a stage and committed as one set
        # (outdir.transaction): a run killed at any moment leaves the previous set or the new one.
        with outdir.transaction(out) as stage:
            for name in tables.TABLES:
                rows = stores[name].merged()
                if name == "articles":
                    rows = (_with_mark(row, marks.get(row[0])) for row in rows)
                # with no duplicate at all, the similarity column is empty (as one frame would have it)
                untyped = ("duplicate_similarity",) if name == "articles" and not marks else ()
                _write(name, rows, stores[name].count, stage, formats, chunk_rows, untyped)
                stores[name].close()
            tables.atomic_write(stage / MANIFEST,
                                lambda tmp: Path(tmp).write_text(json.dumps(manifest, indent=2) + "\n"))
        # ---- end of output
    finally:
        for store in stores.values():
            store.close()
        shingles.close()
        cache.close(prune=False)
        shutil.rmtree(work, ignore_errors=True)
    return summary


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
    current = fingerprint([corpus])
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
