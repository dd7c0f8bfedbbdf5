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
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from . import __version__, claims, entities, ingest, outdir, paths, sentences, tables
from .clean import Article, clean_document
from .duplicates import content_hash, find_duplicates
from .ingest import Reject, iter_files, read_file

MANIFEST = "manifest.json"


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
    tagger's own code (so a code change re-tags even when the version number stays)."""
    files = sorted(Path(__file__).parent.glob("*.py"))
    for folder in (paths.RULES, paths.GAZETTEER):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return files


def fingerprint(inputs: list[str | os.PathLike]) -> str:
    """A hash of the input files, the tagger version and the knowledge files."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    for path in _knowledge_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
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


@outdir.writer("out_dir", default=lambda: paths.PROCESSED)   # one run per output folder, locked from the start
def tag(inputs: list[str | os.PathLike], out_dir: str | os.PathLike | None = None,
        formats: tuple[str, ...] = ("parquet",), progress: bool | None = None,
        latest: dt.date | None = None) -> Summary:
    """Read, clean and tag everything under ``inputs``; write the tables to ``out_dir``."""
    out = Path(out_dir) if out_dir else paths.PROCESSED
    out.mkdir(parents=True, exist_ok=True)
    latest = latest or (dt.date.today() + dt.timedelta(days=1))
    files = list(iter_files(inputs))
    show = sys.stderr.isatty() if progress is None else progress
    article_rows, reject_rows, boilerplate_rows, mention_rows, claim_rows = [], [], [], [], []
    n_documents = 0
    for path, key in tqdm(files, desc="tagging", unit="file", disable=not show, file=sys.stderr):
        for item in read_file(path, key):
            n_documents += 1
            if isinstance(item, Reject):
                reject_rows.append({"doc": item.doc, "reason": item.reason})
                continue
            try:
                result = clean_document(item, latest=latest)
            except Exception as err:  # one broken page must not stop a run over thousands
                result = Reject(item.doc, f"could not be cleaned ({type(err).__name__}: {err})"[:300])
            if isinstance(result, Reject):
                reject_rows.append({"doc": result.doc, "reason": result.reason})
                continue
            article_rows.append(_article_row(result))
            boilerplate_rows += [{"doc": result.doc, "line": d.line, "reason": d.reason, "rule": d.rule,
                                  "text": d.text} for d in result.boilerplate]
            article_mentions, article_claims = _tag_article(result)
            mention_rows += article_mentions
            claim_rows += article_claims
    marks = find_duplicates([(r["doc"], r["published"], r["text"]) for r in article_rows])
    for row in article_rows:
        mark = marks.get(row["doc"])
        if mark:
            row.update(duplicate_of=mark.duplicate_of, duplicate_kind=mark.kind,
                       duplicate_similarity=mark.similarity)
    frames = {
        "articles": tables.frame("articles", article_rows),
        "rejects": tables.frame("rejects", reject_rows),
        "boilerplate": tables.frame("boilerplate", boilerplate_rows),
        "mentions": tables.frame("mentions", mention_rows),
        "claims": tables.frame("claims", claim_rows),
    }
    summary = Summary(n_documents, len(article_rows), len(reject_rows), len(marks), out)
    manifest = {"tagger_version": __version__, "fingerprint": fingerprint(inputs),
                "inputs": [paths.relative_to_root(i) for i in inputs], "formats": list(formats),
                "documents": n_documents, "articles": len(article_rows), "rejects": len(reject_rows)}
    # ---- output: the tables and the manifest are written into a stage and committed as one set
    # (outdir.transaction): a run killed at any moment leaves the previous set or the new one.
    with outdir.transaction(out) as stage:
        for name, df in frames.items():
            tables.write_table(df, stage, name, formats)
        tables.atomic_write(stage / MANIFEST,
                            lambda tmp: Path(tmp).write_text(json.dumps(manifest, indent=2) + "\n"))
    # ---- end of output
    return summary


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
    return tables.load_tables(out)


def claim_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The claims of ``tables`` with dates, outlets and voices named from the gazetteer
    (``analysis.claim_rows`` with the project's names and journalists' outlets)."""
    from . import analysis, gazetteer

    return analysis.claim_rows(tables["claims"], tables["articles"], gazetteer.display_names(),
                               gazetteer.journalist_outlets())
