"""Build a folder of hostile inputs for ``rumour tag``, and say what should become of each.

    python tests/hostile/make_fixtures.py DIR [--big] [--tiny N]

Everything is generated (nothing large is committed). ``build`` returns, for every
document key the folder should produce, an ``Expect``: an article, a reject (with
words its reason must contain) or either. The small set takes a second; ``--big``
adds the 50 MB single-line file, the 200,000-line files and a JSON array larger
than the in-memory limit; ``--tiny N`` adds a folder of N tiny files.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

STORY = ("Arne Slot insists he still feels the full backing of the Liverpool owners after a third defeat in "
         "a row, and the Dutchman said on Friday that he has no intention of walking away. Sources close to "
         "the club say Xabi Alonso remains the board's preferred successor should results not improve before "
         "the end of the season, although no approach has yet been made to his representatives.")
# Markup and script that must stay inert text wherever it lands.
SCRIPT = "<script>alert('x')</script>"
ONERROR = '<img src=x onerror="alert(1)">'
JS_LINK = '<a href="javascript:alert(2)">click</a>'
CSS = "<style>body{background:url(//evil.example/x.png)}</style>"
HOSTILE = f"{SCRIPT} {ONERROR} {JS_LINK} {CSS}"


@dataclass(frozen=True)
class Expect:
    kind: str                  # "article", "reject" or "either"
    reason: str = ""           # words a reject's reason contains
    published: str | None = None   # for an article: its date ("" for none); None: not checked


ARTICLE = Expect("article")
EITHER = Expect("either")


def reject(reason: str) -> Expect:
    return Expect("reject", reason)


def _dated(line: str) -> str:
    return f"{line}\n\n{STORY}\n\n{STORY}"


def small(folder: Path) -> dict[str, Expect]:
    """The hostile set that every test run builds (well under a megabyte)."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, Expect] = {}

    def put(name: str, data: bytes | str, outcome: Expect) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = outcome

    rng = random.Random(6)
    # ---- bytes that are not text, or not text yet
    put("empty.txt", b"", reject("empty file"))
    put("blank.md", b" \n\t\n", reject("empty file"))
    put("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(rng.randrange(256) for _ in range(3000)),
        reject("binary content (JPEG"))
    put("noise.html", bytes(rng.randrange(256) for _ in range(5000)), reject("binary content"))
    put("zip-as.json", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(500)), reject("binary content"))
    put("nul-bytes.txt", STORY.replace(" ", " \x00", 5).encode(), ARTICLE)
    put("invalid-utf8.txt", (STORY + " Jürgen ").encode() + b"\xff\xfe\x80 broken " + STORY.encode(), ARTICLE)
    put("utf16-bom.txt", STORY.encode("utf-16"), ARTICLE)
    put("utf16le-nobom.txt", STORY.encode("utf-16-le"), ARTICLE)
    put("utf16be-nobom.txt", STORY.encode("utf-16-be"), ARTICLE)
    put("utf16-cut.txt", STORY.encode("utf-16") + b"\x41", ARTICLE)   # an odd byte at the end
    # ---- web pages
    put("nested-10000.html", "<html><body>" + "<div>" * 10_000 + f"<p>{STORY}</p>" + "</div>" * 10_000
        + "</body></html>", ARTICLE)
    put("nested-unclosed.html", "<html><body>" + "<div><span><b>" * 10_000 + STORY, EITHER)
    put("scripts-only.html", "<html><head><script>var a=1;</script></head><body>"
        + "<script>document.write('x')</script>" * 50 + "</body></html>", reject("no article text"))
    put("unclosed-scripts.html", "<html><body>" + "<script>x" * 20_000, reject("no article text"))
    put("cookie-wall.html", "<html><body><h1>Before you continue</h1><p>We use cookies and data to deliver our "
        "services, measure audience engagement and show personalised content and advertising. Select Accept "
        "all or Reject all. Manage options for your privacy and our partners.</p><button>Accept all</button>"
        "</body></html>", reject("cookie-consent wall"))
    put("deep-jsonld.html", '<html><head><script type="application/ld+json">' + "[" * 50_000
        + f"</script></head><body><article><p>{STORY}</p><p>{STORY}</p></article></body></html>", ARTICLE)
    # ---- multi-record files: good records kept, each bad one a reject of its own
    lines = [json.dumps({"title": "One", "text": STORY}), "{not json", "",
             json.dumps({"title": "Three", "body": STORY}), json.dumps({"title": "no text here"}),
             json.dumps([1, 2]), "[" * 100_000, json.dumps({"text": STORY + " \ud800 lone surrogate"})]
    put("export.jsonl", "\n".join(lines) + "\n", EITHER)
    expect.pop("export.jsonl")
    expect.update({"export.jsonl#1": ARTICLE, "export.jsonl#2": reject("malformed JSON on line 2"),
                   "export.jsonl#3": ARTICLE, "export.jsonl#4": reject("no article text (fields present: title)"),
                   "export.jsonl#5": reject("JSON list"), "export.jsonl#6": reject("nested too deeply"),
                   "export.jsonl#7": ARTICLE})
    put("array.json", "[" + ",".join([json.dumps({"text": STORY}), '{"text": tru}', json.dumps({"text": STORY}),
                                      "42"]) + "]", EITHER)
    expect.pop("array.json")
    expect.update({"array.json#1": ARTICLE, "array.json#2": reject("malformed JSON at line 1 (record 2)"),
                   "array.json#3": ARTICLE, "array.json#4": reject("JSON int")})
    put("cut-off.json", "[" + json.dumps({"text": STORY}) + ', {"text": "the file ends he', EITHER)
    expect.pop("cut-off.json")
    expect.update({"cut-off.json#1": ARTICLE, "cut-off.json#2": reject("cut off")})
    put("ragged.csv", "url,title,text\nhttps://a.example/1,One," + json.dumps(STORY) + "\nhttps://a.example/2,Short\n"
        + "https://a.example/3,Long," + json.dumps(STORY) + ",extra,cells\n", EITHER)
    expect.pop("ragged.csv")
    expect.update({"ragged.csv#1": ARTICLE, "ragged.csv#2": reject("no article text"), "ragged.csv#3": ARTICLE})
    put("no-text-column.csv", "url,title\nhttps://a.example/1,One\nhttps://a.example/2,Two\n", EITHER)
    expect.pop("no-text-column.csv")
    expect.update({"no-text-column.csv#1": reject("fields present: title, url"),
                   "no-text-column.csv#2": reject("fields present: title, url")})
    put("newlines-nuls.csv", 'title,text\n"Multi\nline","' + STORY.replace(". ", ".\n\n", 2) + '"\nNul\x00title,"'
        + STORY.replace("the", "th\x00e", 3) + '"\n', EITHER)
    expect.pop("newlines-nuls.csv")
    expect.update({"newlines-nuls.csv#1": ARTICLE, "newlines-nuls.csv#2": ARTICLE})
    # ---- names
    put("with space.txt", STORY, ARTICLE)
    put("näme ñ 日本.txt", STORY, ARTICLE)
    put("new\nline.txt", STORY, ARTICLE)
    put("<script>alert(1)<:script>.txt", STORY, ARTICLE)
    raw_name = os.path.join(os.fsencode(folder), b"caf\xe9-latin1.txt")
    with open(raw_name, "wb") as fh:
        fh.write(STORY.encode())
    expect["caf\\xe9-latin1.txt"] = ARTICLE
    # ---- links, pipes and folders
    loop = folder / "loop"
    loop.symlink_to(folder, target_is_directory=True)
    expect["loop"] = reject("link to a folder")
    (folder / "ping").symlink_to("pong")
    (folder / "pong").symlink_to("ping")
    expect["ping"] = reject("loop")
    expect["pong"] = reject("loop")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    expect["gone.txt"] = reject("broken symbolic link")
    (folder / "zero.txt").symlink_to("/dev/zero")
    expect["zero.txt"] = reject("not followed")
    (folder / "inside.txt").symlink_to("with space.txt")
    expect["inside.txt"] = ARTICLE
    outside = folder.parent / f"{folder.name}-outside-secret.txt"
    outside.write_text("SECRET " + STORY)
    (folder / "outside.txt").symlink_to(outside)
    expect["outside.txt"] = reject("outside the input folder")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
        expect["pipe.txt"] = reject("named pipe")
    deep = folder / "deep"
    deep.mkdir()
    for _ in range(300):            # test_hostile_inputs walks it with a lowered recursion limit
        deep = deep / "d"
        os.mkdir(deep)
    (deep / "story.txt").write_text(STORY)
    expect["deep/" + "d/" * 300 + "story.txt"] = ARTICLE
    # ---- dates the document states that cannot be its date, and scripts the tagger does not read
    put("dates/impossible.txt", _dated("Published: 30/02/2025"), Expect("article", published=""))
    put("dates/future.txt", _dated("Published: 12 March 2099"), Expect("article", published=""))
    put("dates/before-1990.txt", _dated("Published: 1 June 1985"), Expect("article", published=""))
    put("dates/good.txt", _dated("Published: 1 June 2025"), Expect("article", published="2025-06-01"))
    put("scripts/chinese.txt", "阿尔内·斯洛特坚称，在连续第三场失利后，他仍然感受到利物浦老板们的全力支持。" * 8, EITHER)
    put("scripts/arabic.txt", "أصر المدرب على أنه لا يزال يشعر بالدعم الكامل من مالكي النادي بعد الهزيمة الثالثة " * 8,
        EITHER)
    put("scripts/thai.txt", "อาร์เน สล็อต ยืนยันว่าเขายังได้รับการสนับสนุนจากเจ้าของสโมสรลิเวอร์พูล " * 8, EITHER)
    # ---- markup and script inside the data: kept as text, never run
    put("markup/title.html", f"<html><head><title>{SCRIPT}</title></head><body><h1>Slot {SCRIPT.replace('<', '&lt;')}"
        f"</h1><p>{STORY}</p><p>{STORY}</p></body></html>", ARTICLE)
    put("markup/records.jsonl", json.dumps({"title": HOSTILE, "outlet": ONERROR, "url": "javascript:alert(3)",
                                            "text": STORY + " " + HOSTILE + " " + STORY}) + "\n", EITHER)
    expect.pop("markup/records.jsonl")
    expect["markup/records.jsonl#1"] = ARTICLE
    put("markup/body.txt", f"{STORY}\n\n{HOSTILE}\n\n{STORY}", ARTICLE)
    put("repetitive.txt", "Arne Slot " * 3000, reject("repetitive text"))
    names = ["Mr. Arne Slot", "'Pep Guardiola'", "Xabi Alonso -", "“Ruben Amorim”", "St. Mikel Arteta", "Chelsea",
             "Dr. Carlo Ancelotti", "(Jose Mourinho)", "Liverpool", "vs. Real Madrid"]
    words = STORY.replace(".", "").replace(",", "").split()
    put("name-dense-line.txt", " ".join(rng.choice(names) if rng.random() < 0.4 else rng.choice(words)
                                        for _ in range(8000)), ARTICLE)   # one line of some 60,000 characters
    put("mark-runs.txt", STORY + " " + "".join(rng.choice(".!?…") for _ in range(50_000)) + " " + STORY, ARTICLE)
    return expect


def big(folder: Path) -> dict[str, Expect]:
    """Large files: a 50 MB single line, 200,000 lines, and a JSON array read as a stream."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, Expect] = {}
    with open(folder / "single-line-50mb.txt", "wb") as fh:
        piece = (STORY.replace(". ", ", ") + " ").encode() * 200
        written = 0
        while written < 50_000_000:
            fh.write(piece)
            written += len(piece)
    expect["single-line-50mb.txt"] = reject("too large to be one article")
    with open(folder / "lines-200000.txt", "w", encoding="utf-8") as fh:
        fh.writelines(f"{i}\n" for i in range(200_000))     # 1.3 million characters: read, split, cleaned
    expect["lines-200000.txt"] = reject("no article text")
    good = {25_000, 100_000, 199_999}
    with open(folder / "lines-200000.jsonl", "w", encoding="utf-8") as fh:
        for i in range(1, 200_001):
            fh.write(json.dumps({"title": f"t{i}", "text": STORY}) if i in good else
                     ("{broken" if i == 150_000 else json.dumps({"title": f"t{i}"})))
            fh.write("\n")
    for i in range(1, 200_001):
        expect[f"lines-200000.jsonl#{i}"] = (ARTICLE if i in good else
                                             reject("malformed JSON on line 150000") if i == 150_000 else
                                             reject("no article text"))
    padding = "p" * 2000
    count = 5000   # about 10 MB: more than ingest.IN_MEMORY_BYTES, so read as a stream
    with open(folder / "array-10mb.json", "w", encoding="utf-8") as fh:
        fh.write("[\n")
        for i in range(1, count + 1):
            record = (json.dumps({"text": STORY}) if i in (1, count) else
                      '{"text": nope}' if i == 2500 else json.dumps({"title": f"t{i}", "padding": padding}))
            fh.write(record + (",\n" if i < count else "\n"))
        fh.write("]\n")
    for i in range(1, count + 1):
        expect[f"array-10mb.json#{i}"] = (ARTICLE if i in (1, count) else
                                          reject("malformed JSON at line 2501 (record 2500)") if i == 2500 else
                                          reject("no article text"))
    return expect


def tiny(folder: Path, n: int) -> dict[str, Expect]:
    """A folder of ``n`` tiny files, each too short to be an article."""
    folder.mkdir(parents=True, exist_ok=True)
    expect = {}
    for i in range(n):
        name = f"t{i:06d}.txt"
        with open(folder / name, "w") as fh:
            fh.write(f"tiny {i}")
        expect[name] = reject("no article text")
    return expect


def without_root_powers(argv: list[str]) -> list[str] | None:
    """``argv`` so that file permissions bind it: as it is for a normal user; for root, run
    without the capabilities that let root ignore them (util-linux setpriv); None if impossible."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *argv] if setpriv else None


def build(folder: Path, with_big: bool = False, tiny_files: int = 0) -> dict[str, Expect]:
    expect = small(folder)
    if with_big:
        expect.update({f"big/{k}": v for k, v in big(folder / "big").items()})
    if tiny_files:
        expect.update({f"tiny/{k}": v for k, v in tiny(folder / "tiny", tiny_files).items()})
    return expect


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    n = int(args[args.index("--tiny") + 1]) if "--tiny" in args else 0
    made = build(Path(args[0]), with_big="--big" in args, tiny_files=n)
    print(f"{len(made)} documents expected in {args[0]}")
