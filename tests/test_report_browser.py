"""The report in a real browser: scraped markup shows as text and never runs; every figure is there.

Needs Debian's ``chromium`` (``.ci/run`` installs it); skips with a message where no browser exists.
"""
import base64
import re
import shutil
import subprocess

import nbformat
import pytest

from rumourlib import report

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(not BROWSER, reason="no Chromium on this machine (apt-get install chromium)")

# Each payload, if it ever ran, would mark the page's <body>; the dumped DOM shows whether it did.
MARK = "data-pwned"
PAYLOADS = [
    f"<script>document.body.setAttribute('{MARK}','script')</script>",
    f"<img src=x onerror=\"document.body.setAttribute('{MARK}','onerror')\">",
    f"<a href=\"javascript:document.body.setAttribute('{MARK}','link')\">click</a>",
    "<style>body{display:none}</style>",
]


def dump_dom(page) -> str:
    result = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    return result.stdout


def test_the_browser_would_run_an_unescaped_payload(tmp_path):
    """The control: without escaping, the same payload does run, so the checks below can fail."""
    page = tmp_path / "control.html"
    page.write_text(f"<html><body><p>{PAYLOADS[1]}</p></body></html>")
    assert MARK in dump_dom(page)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    patch = pytest.MonkeyPatch()
    patch.setenv("RUMOUR_FIGURES", str(root / "figures"))   # the kernels inherit it; figures/ stays as committed
    corpus = root / "corpus"
    corpus.mkdir()
    body = " ".join(PAYLOADS)
    (corpus / "evil <img src=x onerror=alert(1)>.txt").write_text(
        f"Klopp closing in on Real Madrid {PAYLOADS[0]}\n"
        "Published: 5 March 2026\n\n"
        f"Jurgen Klopp is closing in on a deal to become Real Madrid's head coach, according to reports. {body}\n\n"
        f"Fabrizio Romano said: \"Real Madrid will not approach Klopp.\" {PAYLOADS[1]}\n", encoding="utf-8")
    (corpus / "page.html").write_text(
        f"<html><head><title>Allegri {PAYLOADS[0]}</title>"
        f"<meta property=\"og:site_name\" content=\"Evil {PAYLOADS[1]}\">"
        "<meta property=\"article:published_time\" content=\"2026-03-06\"></head><body><article>"
        f"<h1>Allegri plays down exit talk {PAYLOADS[2]}</h1>"
        "<p>Massimiliano Allegri has played down talk of a move to Real Madrid. "
        "According to Marca, Real Madrid have made contact with Allegri over the summer.</p>"
        f"<p>{PAYLOADS[3]} Corriere dello Sport claim Allegri is the favourite.</p></article></body></html>",
        encoding="utf-8")
    executed = report.run_notebooks(corpus=str(corpus), processed=str(root / "processed"),
                                    out_dir=root / "executed")
    patch.undo()
    assert (root / "figures" / "04_stance_matrix.png").is_file()
    return report.build_report(executed, corpus_label=str(corpus), out=root / "report.html", generated="2026-11-21")


def test_scraped_markup_never_runs_in_the_report(hostile_report):
    dom = dump_dom(hostile_report)
    assert MARK not in dom, "a payload from the corpus ran in the browser"
    page = hostile_report.read_text()
    assert "<script>document" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;" in page, "the payload is shown as text"


def test_every_figure_of_every_notebook_is_embedded(hostile_report):
    page = hostile_report.read_text()
    images = re.findall(r'<img[^>]+src="data:image/png;base64,([^"]+)"', page)
    expected = 0
    for notebook in sorted((hostile_report.parent / "executed").glob("*.ipynb")):
        nb = nbformat.read(notebook, as_version=4)
        expected += sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert expected >= 9 and len(images) == expected
    for data in images:
        png = base64.b64decode(data)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") > 100
    for title in ("What is in the corpus?", "How often is each manager mentioned?",
                  "How does each story evolve over time?", "Where do sources disagree"):
        assert title in page
