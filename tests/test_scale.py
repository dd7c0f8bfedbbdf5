"""Engines, cache and chunked writing give the same tables as one process writing once."""
import datetime as dt
import shutil

import pandas as pd
import pytest

from rumourlib import pipeline, scale, synth, tables

NAMES = [f"{name}.{fmt}" for name in tables.TABLES for fmt in ("csv", "parquet")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    synth.generate(70, 11, folder)
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("one-process")
    pipeline.tag([corpus], out, formats=("csv", "parquet"), progress=False, jobs=1, use_cache=False)
    return out


def assert_same_bytes(a, b, names=NAMES):
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_enough_files_for_a_pool(corpus):
    assert sum(1 for p in corpus.rglob("*") if p.is_file()) >= scale.SERIAL_BELOW


def test_jobs_two_gives_the_tables_of_jobs_one(corpus, reference, tmp_path):
    pipeline.tag([corpus], tmp_path, formats=("csv", "parquet"), progress=False, jobs=2, use_cache=False)
    assert_same_bytes(reference, tmp_path)


def test_dask_engine_gives_the_tables_of_one_process(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=True, dashboard_address=None, n_workers=2,
                                  threads_per_worker=1) as cluster:
        pipeline.tag([corpus], tmp_path, formats=("csv", "parquet"), progress=False, engine="dask",
                     scheduler=cluster.scheduler_address, use_cache=False)
    assert_same_bytes(reference, tmp_path)


def test_a_rerun_retags_only_new_and_changed_files(corpus, reference, tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    out = tmp_path / "out"
    pipeline.tag([folder], out, formats=("csv", "parquet"), progress=False, jobs=1)
    assert_same_bytes(reference, out)
    synth.generate(3, 99, folder / "new")
    changed = sorted(folder.glob("txt/*/*.txt"))[0]
    changed.write_text(changed.read_text() + "\nJose Mourinho has been linked with Benfica.\n")
    calls = []
    real = pipeline.tag_file
    monkeypatch.setattr(pipeline, "tag_file", lambda *a: calls.append(a[1]) or real(*a))
    pipeline.tag([folder], out, formats=("csv", "parquet"), progress=False, jobs=1)
    new_files = {p.relative_to(folder).as_posix() for p in (folder / "new").rglob("*") if p.is_file()}
    assert sorted(calls) == sorted(new_files | {changed.relative_to(folder).as_posix()})
    fresh = tmp_path / "fresh"
    pipeline.tag([folder], fresh, formats=("csv", "parquet"), progress=False, jobs=1, use_cache=False)
    assert_same_bytes(fresh, out)


def test_chunked_writing_gives_the_same_csv_and_the_same_frames(corpus, reference, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "SPILL_ROWS", {name: 37 for name in tables.TABLES})
    pipeline.tag([corpus], tmp_path, formats=("csv", "parquet"), progress=False, jobs=1, use_cache=False,
                 chunk_rows=50)
    assert_same_bytes(reference, tmp_path, [f"{name}.csv" for name in tables.TABLES])
    ours, theirs = tables.load_tables(tmp_path), tables.load_tables(reference)
    for name in ("articles", "boilerplate", "mentions", "claims"):
        pd.testing.assert_frame_equal(ours[name], theirs[name])


def test_a_cached_result_is_not_reused_when_the_day_changes_a_date(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    story = ("Real Madrid have held talks with Jurgen Klopp, according to Marca, and the German is keen on a "
             "return to the touchline next season after a year away from the dugout in Salzburg. ") * 3
    (folder / "a.txt").write_text(f"Klopp talks\nPublished 12/05/2026 10:00\n\n{story}\n")
    out = tmp_path / "out"
    early, late = dt.date(2026, 5, 1), dt.date(2026, 6, 1)
    pipeline.tag([folder], out, formats=("csv",), progress=False, latest=early, jobs=1)
    assert tables.load_tables(out)["articles"]["published"].tolist() == [""]
    pipeline.tag([folder], out, formats=("csv",), progress=False, latest=late, jobs=1)
    assert tables.load_tables(out)["articles"]["published"].tolist() == ["2026-05-12"]
    # an unrelated later day reuses the result
    cache = scale.TagCache(out / ".cache")
    assert len(cache.db.execute("SELECT key FROM results").fetchall()) == 1
    cache.close()


def test_recording_date_sees_every_comparison():
    latest = scale.RecordingDate(2026, 5, 1)
    assert dt.date(2026, 5, 2) > latest and not dt.date(2026, 4, 2) > latest
    assert latest.seen == {"2026-05-02", "2026-04-02"}
    assert scale.same_verdicts(latest.seen, latest, dt.date(2026, 5, 1))
    assert not scale.same_verdicts(latest.seen, latest, dt.date(2026, 5, 3))
    assert scale.same_verdicts(latest.seen, latest, dt.date(2026, 4, 20))


def test_cli_dask_without_a_scheduler_is_one_line_and_non_zero(tmp_path, capsys):
    from rumourlib import cli

    assert cli.main(["tag", str(tmp_path), "--out", str(tmp_path / "o"), "--engine", "dask"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("rumour tag: --engine dask needs --scheduler") and "\n" not in err


def test_cli_rejects_zero_jobs(tmp_path):
    from rumourlib import cli

    with pytest.raises(SystemExit):
        cli.main(["tag", str(tmp_path), "--jobs", "0"])
