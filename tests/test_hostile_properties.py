"""Properties (hypothesis): arbitrary bytes and text never raise out of the readers or the
tagger, and every document the readers yield ends in exactly one of articles and rejects.

Example counts are modest and the runs derandomized, so `make test` stays quick and
gives the same result every time.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rumourlib import dates, ingest, pipeline, tables
from rumourlib.clean import Article, clean_document
from rumourlib.ingest import Document, NotText, Reject

SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".csv", ".tsv", ".bin", ""]

# Any character, lone surrogates included (JSON can carry them, and file names can hold them).
any_text = st.text(st.characters(exclude_categories=()), max_size=300)
# Pieces of news, markup and syntax, so that generated text reaches the tagger's rules and
# not only the "too short" reject.
PIECES = ["Arne Slot", "Xabi Alonso", "Pep Guardiola", "Liverpool", "Real Madrid", "Chelsea", "manager", "coach",
          "said", "told", "according to", "is set to replace", "has been sacked", "denied", "will stay at",
          "sources", '"', "'", "“", "”", ".", ",", ";", " - ", "\n", "\n\n", "Published: 1 June 2025",
          "30/02/2025", "2099-01-01", "<p>", "</p>", "<script>alert(1)</script>", "<a href='javascript:x'>",
          "{", "}", "[", "]", "Mr.", "St.", "é", "日本", "\u200b", "\x00", "&amp;", "&#0;", "http://x.example/2025/06/01/"]
news_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=120).map(" ".join)


def _ok_text(value: str) -> bool:
    """Text that any table can hold (UTF-8 encodable: no lone surrogate)."""
    value.encode("utf-8")
    return True


@settings(max_examples=300, **SETTINGS)
@given(st.binary(max_size=3000))
def test_decoding_arbitrary_bytes_gives_text_or_not_text(data):
    try:
        text, encoding = ingest.decode_bytes(data)
    except NotText as err:
        assert "binary content" in str(err)
        return
    assert isinstance(text, str) and encoding and _ok_text(text)


def _read(name: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(ingest.read_file(path, name))


def _check_items(items: list, key: str) -> None:
    assert items, "a file yielded nothing: it would be lost"
    docs = [item.doc for item in items]
    assert len(docs) == len(set(docs)), docs
    for item in items:
        assert isinstance(item, (Document, Reject))
        assert item.doc == key or (item.doc.startswith(key + "#") and item.doc[len(key) + 1:].isdigit())
        if isinstance(item, Reject):
            assert item.reason and _ok_text(item.reason)
        else:
            assert _ok_text(item.text) and all(_ok_text(str(v)) for v in item.meta.values())


@settings(max_examples=200, **SETTINGS)
@given(st.sampled_from(SUFFIXES), st.binary(max_size=2000))
def test_reading_arbitrary_bytes_never_raises(suffix, data):
    _check_items(_read(f"f{suffix}", data), f"f{suffix}")


@settings(max_examples=150, **SETTINGS)
@given(st.sampled_from(SUFFIXES), any_text, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252"]))
def test_reading_arbitrary_text_never_raises(suffix, text, encoding):
    _check_items(_read(f"f{suffix}", text.encode(encoding, "replace")), f"f{suffix}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["text", "title", "date", "x"]) | any_text,
                                                                 inner, max_size=4),
    max_leaves=12)
records = st.dictionaries(st.sampled_from(["text", "body", "title", "published", "outlet", "url", "x"]),
                          news_text | json_values, max_size=5)
garbage = st.text(st.characters(exclude_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), min_size=1,
                  max_size=40).filter(lambda s: s.strip())


@settings(max_examples=150, **SETTINGS)
@given(st.lists(st.one_of(records.map(json.dumps), json_values.map(json.dumps), garbage), max_size=12))
def test_json_lines_every_line_is_one_document(lines):
    items = _read("f.jsonl", ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
    _check_items(items, "f.jsonl")
    content = [line for line in lines if line.strip()]
    if content:
        assert [item.doc for item in items] == [f"f.jsonl#{n}" for n in range(1, len(content) + 1)]


@settings(max_examples=150, **SETTINGS)
@given(st.lists(st.one_of(records, json_values), min_size=1, max_size=10), st.integers(1, 9))
def test_json_arrays_give_one_document_per_element_whatever_the_chunk_size(values, chunk):
    text = json.dumps(values, indent=1)
    whole = list(ingest._json_documents(io.StringIO(text), "a.json", "utf-8"))
    saved = ingest._CHUNK
    ingest._CHUNK = chunk        # the stream is cut every few characters: escapes and strings split anywhere
    try:
        streamed = list(ingest._json_documents(io.StringIO(text), "a.json", "utf-8"))
    finally:
        ingest._CHUNK = saved
    assert [i.doc for i in whole] == [f"a.json#{n}" for n in range(1, len(values) + 1)]
    assert [(i.doc, getattr(i, "text", None), getattr(i, "reason", None)) for i in streamed] == \
           [(i.doc, getattr(i, "text", None), getattr(i, "reason", None)) for i in whole]


@settings(max_examples=150, **SETTINGS)
@given(st.lists(records, min_size=1, max_size=6), st.data())
def test_a_damaged_json_array_keeps_every_record_before_the_damage(values, data):
    text = json.dumps(values)
    cut = data.draw(st.integers(1, len(text) - 1))
    damage = data.draw(st.sampled_from(["", "x", "}", "]", ",", '"', "\\", "{", "["]))
    items = list(ingest._json_documents(io.StringIO(text[:cut] + damage), "a.json", "utf-8"))
    _check_items(items, "a.json")
    whole = json.dumps(values[0])
    if cut > len(whole) + 1:   # the first record was complete before the cut
        assert items[0].doc == "a.json#1"


@settings(max_examples=120, **SETTINGS)
@given(st.lists(st.lists(news_text | any_text, max_size=5), max_size=8))
def test_csv_rows_are_records_or_rejects(rows):
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["title", "text", "date"])
    writer.writerows(rows)
    items = _read("f.csv", buf.getvalue().encode("utf-8", "surrogatepass"))
    _check_items(items, "f.csv")


@settings(max_examples=150, **SETTINGS)
@given(st.one_of(news_text, any_text), st.sampled_from(["txt", "html"]))
def test_cleaning_arbitrary_text_never_raises(text, fmt):
    if fmt == "html":
        text = f"<html><head><title>{text[:40]}</title></head><body><p>{text}</p></body></html>"
    result = clean_document(Document("d", "d", fmt, text))
    assert isinstance(result, (Article, Reject)) and result.doc == "d"
    if isinstance(result, Article):
        assert _ok_text(result.text) and _ok_text(result.title)
        assert result.published == "" or "1990-01-01" <= result.published <= dt.date.today().isoformat() + "Z"


@settings(max_examples=200, **SETTINGS)
@given(any_text | news_text)
def test_dates_are_real_between_1990_and_tomorrow_or_none(text):
    latest = dt.date(2026, 1, 1)
    for line in text.splitlines() or [text]:
        found = dates.parse_date(dates.find_span(line) or line, latest)
        assert found == "" or "1990-01-01" <= found <= "2026-01-01"
    chosen = dates.choose_date(meta=[("record:date", text)], header=text.splitlines()[:5], footer=[],
                               urls=[text], latest=latest)
    assert chosen is None or "1990-01-01" <= chosen.date <= "2026-01-01"


files = st.lists(st.tuples(st.sampled_from(SUFFIXES),
                           st.one_of(st.binary(max_size=600), news_text.map(str.encode),
                                     st.lists(records, max_size=4).map(lambda r: json.dumps(r).encode()))),
                 min_size=1, max_size=6)


@settings(max_examples=25, **SETTINGS)
@given(files)
def test_tagging_accounts_for_every_document_the_readers_yield(specs):
    """count(articles) + count(rejects) == documents yielded; each once; every file named."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        names = []
        for n, (suffix, data) in enumerate(specs):
            names.append(f"doc {n}{suffix}")
            (corpus / names[-1]).write_bytes(data)
        yielded = [item.doc for item in ingest.iter_documents([corpus])]
        summary = pipeline.tag([corpus], out, formats=("csv",), progress=False)
        got = tables.load_tables(out)
        articles, rejects = list(got["articles"]["doc"]), list(got["rejects"]["doc"])
        assert summary.documents == len(yielded) == len(articles) + len(rejects)
        assert sorted(articles + rejects) == sorted(yielded)
        assert not set(articles) & set(rejects)
        for name in names:
            assert any(doc == name or doc.startswith(name + "#") for doc in yielded), name


@pytest.mark.parametrize("name", ["caf\udce9.txt", "tab\tand\nnewline.txt", "<b>bold<:b>.html", " lead.txt"])
def test_odd_file_names_reach_the_tables(tmp_path, name):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = os.path.join(os.fsencode(corpus), os.fsencode(name))
    with open(path, "wb") as fh:
        fh.write(b"x")
    pipeline.tag([corpus], tmp_path / "out", formats=("csv", "parquet"), progress=False)
    docs = list(tables.load_tables(tmp_path / "out")["rejects"]["doc"])
    assert docs == [ingest.display_name(name)]
