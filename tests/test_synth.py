"""The synthetic corpus generator: deterministic, in every input format, and taggable."""
import hashlib

from rumourlib import cli, pipeline, synth, tables


def _digest(folder):
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path):
    a = synth.generate(120, 7, tmp_path / "a")
    synth.generate(120, 7, tmp_path / "b")
    synth.generate(120, 8, tmp_path / "c")
    assert a.documents == 120 and a.words > 120 * 150
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")
    suffixes = {p.suffix for p in (tmp_path / "a").rglob("*") if p.is_file()}
    assert suffixes == {".txt", ".html", ".jsonl", ".csv"}


def test_the_tagger_reads_every_document_and_finds_claims(tmp_path):
    assert cli.main(["synth", "--docs", "60", "--seed", "3", "--out", str(tmp_path / "corpus")]) == 0
    summary = pipeline.tag([tmp_path / "corpus"], tmp_path / "out", formats=("csv",), progress=False)
    assert summary.documents == 60 and summary.articles == 60
    out = tables.load_tables(tmp_path / "out")
    claims, mentions = out["claims"], out["mentions"]
    assert out["articles"]["published"].str.len().eq(10).all()
    assert claims["doc"].nunique() > 50
    assert set(claims["move"]) == {"join", "leave"} and "against" in set(claims["stance"])
    assert len(out["boilerplate"]) > 60
    assert (mentions["explicit"].astype(str) == "False").any()   # epithets resolved to a coach
