import json

import pytest

from rumourlib.ingest import Document, NotText, Reject, decode_bytes, iter_documents, iter_files

STORY = "Arne Slot insists he feels the trust of the Liverpool owners after the defeat. " * 3


def docs(path):
    return list(iter_documents([path]))


# ---- decoding -------------------------------------------------------------------------

@pytest.mark.parametrize("data,encoding", [
    ("Jürgen Klopp".encode("utf-8"), "utf-8"),
    ("Jürgen Klopp".encode("utf-8-sig"), "utf-8-sig"),
    ("Jürgen Klopp".encode("utf-16"), "utf-16"),
    ("Jürgen Klopp, Álvaro Arbeloa".encode("utf-16-le"), "utf-16-le"),
    ("Jürgen Klopp, Álvaro Arbeloa".encode("utf-16-be"), "utf-16-be"),
    ("José Mourinho – ‘I can say no to Pérez’".encode("cp1252"), "cp1252"),
])
def test_decode_known_encodings(data, encoding):
    text, used = decode_bytes(data)
    assert used == encoding
    assert "Klopp" in text or "Mourinho" in text
    assert "\ufffd" not in text


def test_invalid_utf8_in_good_text_keeps_the_text():
    data = ("Xabi Alonso ist zurück. " * 20).encode() + b"\xff\xfe broken \x80 " + ("Real Madrid é " * 20).encode()
    text, used = decode_bytes(data)
    assert used.startswith("utf-8") and "Xabi Alonso" in text and "Real Madrid é" in text


def test_binary_is_not_text():
    with pytest.raises(NotText, match="JPEG"):
        decode_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    with pytest.raises(NotText):
        decode_bytes(bytes(range(256)) * 40)


def test_stray_nul_bytes_are_dropped():
    text, _ = decode_bytes(b"Allegri stays at Milan.\x00 He said so." * 10)
    assert "\x00" not in text and "Allegri stays" in text


# ---- readers --------------------------------------------------------------------------

def test_txt_and_html_files(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.html").write_text(f"<html><body><p>{STORY}</p></body></html>")
    (tmp_path / "c.md").write_text(STORY)
    found = docs(tmp_path)
    assert [(d.doc, d.fmt) for d in found] == [("a.txt", "txt"), ("b.html", "html"), ("c.md", "txt")]


def test_jsonl_keeps_good_records_and_rejects_the_malformed_one(tmp_path):
    lines = [json.dumps({"url": "https://x.com/1", "title": "One", "published": "2025-01-01", "text": STORY}),
             "{not json",
             "",
             json.dumps({"headline": "Three", "body": STORY, "date": "02/01/2025"}),
             json.dumps({"title": "no text here"})]
    (tmp_path / "export.jsonl").write_text("\n".join(lines))
    found = docs(tmp_path)
    assert [d.doc for d in found] == ["export.jsonl#1", "export.jsonl#2", "export.jsonl#3", "export.jsonl#4"]
    assert isinstance(found[0], Document) and found[0].meta["url"] == "https://x.com/1"
    assert isinstance(found[1], Reject) and "malformed JSON on line 2" in found[1].reason
    assert isinstance(found[2], Document) and found[2].meta == {"title": "Three", "url": "", "date": "02/01/2025",
                                                               "outlet": ""}
    assert isinstance(found[3], Reject) and "no article text" in found[3].reason


def test_json_array_single_object_and_wrapped_list(tmp_path):
    (tmp_path / "array.json").write_text(json.dumps([{"text": STORY}, {"text": STORY, "title": "b"}]))
    (tmp_path / "one.json").write_text(json.dumps({"content": STORY}))
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [{"text": STORY}]}))
    (tmp_path / "scalar.json").write_text("42")
    found = {d.doc: d for d in docs(tmp_path)}
    assert set(found) == {"array.json#1", "array.json#2", "one.json", "wrapped.json#1", "scalar.json"}
    assert isinstance(found["scalar.json"], Reject)


def test_csv_multiline_ragged_and_missing_text(tmp_path):
    (tmp_path / "export.csv").write_text(
        'url,headline,date,body\n'
        'https://a.com/x,"Head, line",18/10/2025,"First paragraph.\n\nSecond ""quoted"" paragraph."\n'
        'https://a.com/y,Short row\n'
        'https://a.com/z,Extra,01/01/2025,Body text here,unexpected extra cell\n')
    (tmp_path / "notext.csv").write_text("url,title\nhttps://a.com,Title only\n")
    found = {d.doc: d for d in docs(tmp_path)}
    first = found["export.csv#1"]
    assert isinstance(first, Document) and first.meta["title"] == "Head, line"
    assert 'Second "quoted" paragraph.' in first.text and "\n\n" in first.text
    assert isinstance(found["export.csv#2"], Reject) and "record 2" in found["export.csv#2"].reason
    assert isinstance(found["export.csv#3"], Document)
    assert isinstance(found["notext.csv#1"], Reject) and "fields present: title, url" in found["notext.csv#1"].reason


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file (only whitespace)"),
    ("photo.txt", b"\xff\xd8\xff\xe0JFIF" + bytes(range(256)), "binary content (JPEG image data), not text"),
    ("empty.jsonl", b"\n\n", "empty file (only whitespace)"),
    ("header.csv", b"url,text\n", "CSV file with a header row but no records"),
])
def test_junk_files_are_rejects_with_reasons(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    [found] = docs(tmp_path)
    assert isinstance(found, Reject) and found.reason == reason and found.doc == name


def test_walk_is_recursive_sorted_and_keyed_relative(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(STORY)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b" / "c").mkdir()
    (tmp_path / "b" / "c" / "y.txt").write_text(STORY)
    assert [key for _, key in iter_files([tmp_path])] == ["a.txt", "b/c/y.txt", "b/z.txt"]
    assert [key for _, key in iter_files([tmp_path / "b" / "z.txt"])] == ["z.txt"]


def test_missing_input_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        list(iter_files([tmp_path / "nope"]))


def test_symlink_loop_does_not_trap_the_walk(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [key for _, key in iter_files([tmp_path])] == ["a.txt", "loop"]
    found = {d.doc: d for d in docs(tmp_path)}
    assert isinstance(found["loop"], Reject) and "link to a folder, not followed" in found["loop"].reason


def test_broken_symlink_is_a_reject(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    found = {d.doc: d for d in docs(tmp_path)}
    assert isinstance(found["gone.txt"], Reject) and "broken symbolic link" in found["gone.txt"].reason
