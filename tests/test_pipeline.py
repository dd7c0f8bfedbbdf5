import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from rumourlib import cli, paths, pipeline, tables

SEED_EXPECTED = {
    # doc: (published, outlet) from the seeds' hand annotation
    "000_91895f1b5609fb8d.txt": ("2026-03-05", "teamtalk"),
    "001_171b7aa6a443ec4b.txt": ("2026-03-07", ""),
    "002_d15bafb9e49eb6d9.txt": ("2026-02-04", "football365"),
    "003_19b6e019563f8885.txt": ("2025-04-17", ""),
    "004_83b890dd1fb5a2ea.txt": ("2026-03-04", "world-soccer-talk"),
}


def test_seed_corpus_totals(seed_tables):
    articles = seed_tables["articles"]
    assert len(articles) == 5 and len(seed_tables["rejects"]) == 0
    got = {r.doc: (r.published, r.outlet) for r in articles.itertuples()}
    assert got == SEED_EXPECTED
    assert set(articles["language"]) == {"en"}
    assert articles["duplicate_of"].eq("").all()
    assert (articles["n_words"] > 200).all()
    assert len(seed_tables["boilerplate"]) > 40


def test_contract_columns(seed_tables):
    assert {"doc", "published", "outlet", "language"} <= set(seed_tables["articles"].columns)
    assert {"doc", "person", "club", "move", "stance", "certainty", "source", "via"} <= set(seed_tables["claims"].columns)
    assert {"doc", "entity", "kind", "explicit"} <= set(seed_tables["mentions"].columns)
    assert list(seed_tables["rejects"].columns) == ["doc", "reason"]


def test_same_input_gives_byte_identical_tables(tmp_path, seeds):
    for run in ("a", "b"):
        pipeline.tag([seeds], tmp_path / run, formats=("csv", "parquet"), progress=False)
    names = sorted(p.name for p in (tmp_path / "a").iterdir() if p.is_file())   # not the .cache folder
    assert "articles.parquet" in names and "articles.csv" in names
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_every_document_is_an_article_or_a_reject(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = "Allegri has played down talk of a move to Real Madrid, insisting he is happy at Milan. " * 4
    (corpus / "good.txt").write_text(story)
    (corpus / "empty.txt").write_text("")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (corpus / "menu.html").write_text("<html><body><nav>Home | News</nav></body></html>")
    (corpus / "records.jsonl").write_text(json.dumps({"text": story}) + "\n{broken\n" + json.dumps({"x": 1}) + "\n")
    (corpus / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(200))
    pipeline.tag([corpus], tmp_path / "out", formats=("csv",), progress=False)
    out = tables.load_tables(tmp_path / "out")
    arts, rejects = set(out["articles"]["doc"]), set(out["rejects"]["doc"])
    expected = {"good.txt", "empty.txt", "image.txt", "menu.html", "records.jsonl#1", "records.jsonl#2",
                "records.jsonl#3", ".DS_Store"}
    assert arts | rejects == expected and not arts & rejects
    assert arts == {"good.txt", "records.jsonl#1"}
    assert all(out["rejects"]["reason"].str.len() > 5)


def test_cli_writes_csv_and_is_quiet_without_a_terminal(tmp_path, seeds):
    proc = subprocess.run([sys.executable, "-m", "rumourlib.cli", "tag", str(seeds), "--out", str(tmp_path),
                           "--format", "csv"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.strip().startswith("rumour tag: 5 documents: 5 articles")
    assert "tagging" not in proc.stderr  # no progress bar when stderr is not a terminal
    assert len(pd.read_csv(tmp_path / "articles.csv")) == 5


def test_cli_missing_input_is_one_line_and_non_zero(tmp_path, capsys):
    assert cli.main(["tag", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or folder" in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_cli_unwritable_output_is_one_line(tmp_path, seeds, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert cli.main(["tag", str(seeds), "--out", str(locked / "sub")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_cli_output_that_is_a_file_is_one_line(tmp_path, seeds, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cli.main(["tag", str(seeds), "--out", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("rumour tag: cannot write")


def test_load_corpus_retags_only_when_inputs_change(tmp_path, seeds):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for path in sorted(seeds.iterdir())[:2]:
        (corpus / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    first = pipeline.load_corpus(corpus, out)
    assert len(first["articles"]) == 2
    stamp = (out / "articles.parquet").stat().st_mtime_ns
    pipeline.load_corpus(corpus, out)
    assert (out / "articles.parquet").stat().st_mtime_ns == stamp
    (corpus / "extra.txt").write_text("Klopp is closing in on Real Madrid, according to reports in Spain. " * 5)
    assert len(pipeline.load_corpus(corpus, out)["articles"]) == 3


def test_stored_tables_go_stale_with_the_tagger_not_with_the_notebook_modules():
    from rumourlib import pipeline

    names = {p.name for p in pipeline._knowledge_files()}
    assert {"claims.py", "entities.py", "clean.py", "cues.csv", "coaches.csv"} <= names
    assert not names & {"analysis.py", "plots.py", "findings.py", "report.py"}


def test_notebooks_load_the_tables_without_the_article_bodies(seed_tables, tmp_path):
    from rumourlib import pipeline, tables

    loaded = pipeline.load_corpus(paths.RAW, tmp_path / "processed")
    assert "text" not in loaded["articles"].columns and len(loaded["articles"]) == 5
    assert "text" in tables.load_tables(tmp_path / "processed")["articles"].columns
