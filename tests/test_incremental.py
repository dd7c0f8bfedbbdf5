"""Incremental runs keep the rows of unchanged files from the tables in place, and give the
bytes of a run that starts from nothing: after new, changed and removed files, when a new
article is the original of an old one, when a date changes its verdict, and when the
snapshot or the old tables cannot be trusted (then the ordinary path runs)."""
import datetime as dt
import json
import os
import shutil

import pytest

from rumourlib import incremental, pipeline, synth, tables

NAMES = [f"{name}.{fmt}" for name in tables.TABLES for fmt in ("csv", "parquet")]
STORY = ("Real Madrid have held talks with Jurgen Klopp, according to Marca, and the German is keen on a return "
         "to the touchline next season after a year away from the dugout. Xabi Alonso is under pressure. ")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    synth.generate(60, 5, folder)
    return folder


@pytest.fixture()
def corpus(generated, tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(generated, folder)
    return folder


class Spy:
    """Which files a run tagged, and whether it kept rows from the tables in place."""

    def __init__(self, monkeypatch):
        self.tagged, self.merged = [], 0
        real_tag, real_frames = pipeline.tag_file, incremental.table_frames

        def tag_file(*args):
            self.tagged.append(args[1])
            return real_tag(*args)

        def table_frames(*args):
            self.merged += 1
            return real_frames(*args)

        monkeypatch.setattr(pipeline, "tag_file", tag_file)
        monkeypatch.setattr(incremental, "table_frames", table_frames)


def tag(folder, out, **options):
    options = {"formats": ("csv", "parquet"), "progress": False, "jobs": 1, **options}
    return pipeline.tag([folder], out, **options)


def assert_same_as_fresh(folder, out, tmp_path, **options):
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    tag(folder, fresh, use_cache=False, **options)
    for name in NAMES:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert json.loads((out / "manifest.json").read_text()) == json.loads((fresh / "manifest.json").read_text())


@pytest.mark.parametrize("small", [False, True], ids=["one-frame tables", "chunked tables"])
def test_new_changed_and_removed_files_give_the_tables_of_a_fresh_run(corpus, tmp_path, monkeypatch, small):
    options = {}
    if small:   # tables written chunk by chunk, old tables read back in several blocks, rows spilled to runs
        options["chunk_rows"] = 40
        monkeypatch.setattr(incremental, "READ_ROWS", 25)
        monkeypatch.setattr(pipeline, "SPILL_ROWS", {name: 30 for name in tables.TABLES})
    out = tmp_path / "out"
    tag(corpus, out, **options)
    synth.generate(4, 77, corpus / "new")
    changed = sorted(corpus.glob("txt/*/*.txt"))[1]
    changed.write_text(changed.read_text() + "\nJose Mourinho has been linked with Benfica.\n")
    removed = sorted(corpus.glob("html/*/*.html"))[0]
    removed.unlink()
    spy = Spy(monkeypatch)
    summary = tag(corpus, out, **options)
    new = {p.relative_to(corpus).as_posix() for p in (corpus / "new").rglob("*") if p.is_file()}
    assert sorted(spy.tagged) == sorted(new | {changed.relative_to(corpus).as_posix()})
    assert spy.merged == len(tables.TABLES)                      # every table kept rows from the old one
    assert summary.documents == 60 + 4 - 1
    assert_same_as_fresh(corpus, out, tmp_path, **options)


def test_a_rerun_with_nothing_new_tags_nothing_and_changes_no_byte(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    tag(corpus, out)
    before = {name: (out / name).read_bytes() for name in NAMES}
    spy = Spy(monkeypatch)
    tag(corpus, out)
    assert spy.tagged == [] and spy.merged == len(tables.TABLES)
    assert {name: (out / name).read_bytes() for name in NAMES} == before


def write_story(path, date: str, extra: str = "") -> None:
    path.write_text(f"Klopp talks\nBy Sport desk | {date}\n\n{STORY * 3}{extra}\n")


def stories(tmp_path, *dated: tuple[str, str, str]):
    """A corpus of (file name, date, extra sentence) stories, and an output folder."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, date, extra in dated:
        write_story(folder / name, date, extra)
    return folder, tmp_path / "out"


def test_a_new_older_copy_becomes_the_original_of_an_old_article(tmp_path, monkeypatch):
    folder, out = stories(tmp_path, ("b.txt", "9 March 2026", ""), ("c.txt", "10 March 2026", "Arne Slot is safe."))
    tag(folder, out)
    first = tables.load_tables(out)["articles"].set_index("doc")
    assert first.loc["b.txt", "duplicate_of"] in ("", None)
    write_story(folder / "z.txt", "2 March 2026")               # sorts last, published first
    spy = Spy(monkeypatch)
    tag(folder, out)
    assert spy.tagged == ["z.txt"] and spy.merged == len(tables.TABLES)
    after = tables.load_tables(out)["articles"].set_index("doc")
    assert after.loc["b.txt", "duplicate_of"] == "z.txt" and after.loc["b.txt", "duplicate_kind"] == "exact"
    assert after.loc["c.txt", "duplicate_of"] == "z.txt"
    assert_same_as_fresh(folder, out, tmp_path)


def test_a_day_that_changes_a_date_verdict_retags_that_file(tmp_path, monkeypatch):
    folder, out = stories(tmp_path, ("a.txt", "12 May 2026", ""), ("b.txt", "1 March 2026", "Arne Slot is safe."))
    early, late = dt.date(2026, 5, 1), dt.date(2026, 6, 1)
    tag(folder, out, latest=early)
    spy = Spy(monkeypatch)
    tag(folder, out, latest=late)
    assert spy.tagged == ["a.txt"] and spy.merged == len(tables.TABLES)
    assert tables.load_tables(out)["articles"]["published"].tolist() == ["2026-05-12", "2026-03-01"]
    assert_same_as_fresh(folder, out, tmp_path, latest=late)


@pytest.mark.parametrize("damage", ["index", "signatures", "table", "manifest"])
def test_a_damaged_snapshot_or_table_means_the_ordinary_path(corpus, tmp_path, monkeypatch, damage):
    out = tmp_path / "out"
    tag(corpus, out)
    synth.generate(2, 78, corpus / "new")
    snapshot = out / incremental.FOLDER
    target = {"index": snapshot / incremental.INDEX, "signatures": snapshot / incremental.SIGNATURES,
              "table": out / "mentions.parquet", "manifest": out / "manifest.json"}[damage]
    target.write_bytes(target.read_bytes()[: len(target.read_bytes()) // 2])
    spy = Spy(monkeypatch)
    tag(corpus, out)
    assert (spy.merged == 0) == (damage != "table")   # a damaged table is found only when it is read
    assert_same_as_fresh(corpus, out, tmp_path)
    spy.merged = 0
    tag(corpus, out)                                   # and the snapshot is whole again
    assert spy.merged == len(tables.TABLES)


def test_a_new_file_giving_an_old_document_key_means_the_ordinary_path(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [{"title": "Klopp talks", "text": STORY * 3, "date": "2026-03-0%d" % i} for i in (1, 2)]
    (folder / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "out"
    tag(folder, out)
    docs = tables.load_tables(out)["articles"]["doc"].tolist()
    (folder / docs[0]).write_text(f"Other talks\n\n{STORY * 2}Arne Slot is safe.\n")   # a file named like a record
    spy = Spy(monkeypatch)
    tag(folder, out)
    assert spy.merged == 0   # found before any table was written
    assert_same_as_fresh(folder, out, tmp_path)


def test_a_run_without_the_cache_or_without_parquet_leaves_no_snapshot(corpus, tmp_path):
    out = tmp_path / "out"
    tag(corpus, out)
    assert (out / incremental.FOLDER / incremental.INDEX).is_file()
    tag(corpus, out, use_cache=False)
    assert not (out / incremental.FOLDER / incremental.INDEX).exists()
    tag(corpus, out)
    tag(corpus, out, formats=("csv",))
    assert not (out / incremental.FOLDER / incremental.INDEX).exists()


def test_a_chunk_glued_from_pieces_is_written_as_the_same_bytes(tmp_path):
    """Parquet pages end where the arrays handed to the writer end, so a chunk that an
    incremental run glues from blocks read back from Parquet must be written as one piece.
    (Three megabytes of text in one row group: pages of one megabyte each.)"""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [(f"d{i:04d}", i, "word " * 200 + str(i)) for i in range(3000)]
    whole = pd.DataFrame.from_records(rows, columns=["doc", "line", "text"])
    pq.write_table(pa.Table.from_pandas(whole, preserve_index=False), tmp_path / "old.parquet")
    blocks = [batch.to_pandas() for batch in pq.ParquetFile(tmp_path / "old.parquet").iter_batches(batch_size=700)]
    glued = pd.concat(blocks, ignore_index=True)
    assert pa.Table.from_pandas(glued, preserve_index=False).column("text").num_chunks > 1
    for label, frame in (("whole", whole), ("glued", glued)):
        (tmp_path / label).mkdir()
        tables.write_table_chunks([frame], tmp_path / label, "boilerplate", ("parquet",))
    assert (tmp_path / "whole" / "boilerplate.parquet").read_bytes() == (tmp_path / "glued" / "boilerplate.parquet").read_bytes()


# --------------------------------------------------------------------------- file statuses

class ReadSpy:
    """Which input files a run (or a fingerprint) read to hash them."""

    def __init__(self, monkeypatch):
        self.read = []
        real = pipeline.ingest.regular_file

        def regular_file(path):
            self.read.append(path.name)
            return real(path)

        monkeypatch.setattr(pipeline.ingest, "regular_file", regular_file)


def test_a_rerun_reads_only_files_whose_status_changed(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "STABLE_NS", 0)   # the files were written a moment ago
    out = tmp_path / "out"
    tag(corpus, out)
    grown = sorted(corpus.glob("txt/*/*.txt"))[0]
    grown.write_text(grown.read_text() + "\nJose Mourinho has been linked with Benfica.\n")
    # The same size and modification time, other bytes: only the change time tells.
    same_size = sorted(corpus.glob("txt/*/*.txt"))[1]
    before, text = same_size.stat(), same_size.read_text()
    same_size.write_text(text.replace("Klopp", "Kloop") if "Klopp" in text else text.swapcase())
    os.utime(same_size, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert same_size.stat().st_size == before.st_size and same_size.stat().st_mtime_ns == before.st_mtime_ns
    synth.generate(2, 91, corpus / "new")
    spy, reads = Spy(monkeypatch), ReadSpy(monkeypatch)
    tag(corpus, out)
    new = sorted(p.name for p in (corpus / "new").rglob("*") if p.is_file())
    assert sorted(reads.read) == sorted([grown.name, same_size.name] + new)
    assert sorted(key.rsplit("/", 1)[-1] for key in spy.tagged) == sorted([grown.name, same_size.name] + new)
    assert_same_as_fresh(corpus, out, tmp_path)
    # The notebooks' staleness check reads nothing either, and agrees with the manifest.
    reads.read.clear()
    manifest = json.loads((out / "manifest.json").read_text())
    assert pipeline.fingerprint([corpus], out) == manifest["fingerprint"] == pipeline.fingerprint([corpus])
    assert len(reads.read) == len(list(pipeline.iter_files([corpus])))   # only the call without ``out`` read


def test_files_changed_just_before_a_run_are_read_again_by_the_next(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "STABLE_NS", 10**15)   # "just before": within the last 11 days
    out = tmp_path / "out"
    tag(corpus, out)
    reads = ReadSpy(monkeypatch)
    tag(corpus, out)
    assert len(reads.read) == len(list(pipeline.iter_files([corpus])))


def test_a_file_whose_name_is_not_utf8_is_trusted_by_its_status_too(tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "STABLE_NS", 0)
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "plain.txt").write_text(STORY)
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_text(STORY.replace("Klopp", "Jurgen Klopp"))
    tag(corpus, out)
    reads = ReadSpy(monkeypatch)
    tag(corpus, out)
    assert reads.read == []
