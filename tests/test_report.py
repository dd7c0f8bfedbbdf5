"""The HTML report from the committed notebooks: offline, no scripts, contents, corpus and date."""
import re
from pathlib import Path

import nbformat

from rumourlib import report


def test_report_is_offline_and_scriptless(tmp_path):
    out = report.build_report(report.notebook_paths(), corpus_label="data/raw", out=tmp_path / "r.html",
                              generated="2026-01-01")
    page = out.read_text()
    assert "<script" not in page.lower()
    assert not re.search(r'(src|href)="(https?:)?//', page), "nothing is fetched from the network"
    assert "require.js" not in page and "mathjax" not in page.lower()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert 'class="report-toc"' in page and "What is in the corpus?" in page
    assert "data/raw" in page and "2026-01-01" in page
    assert re.search(r'<img[^>]+src="data:image/png;base64,', page)
    assert "tables = pipeline.load_corpus" not in page  # code is hidden


def test_scraped_markup_shows_as_text(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# Injection check"))
    from rumourlib.findings import escape

    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/markdown": "- outlet " + escape("<script>alert(1)</script><img src=x onerror=alert(2)>"),
        "text/plain": "x"})]
    nb.cells.append(cell)
    path = tmp_path / "01_x.ipynb"
    nbformat.write(nb, path)
    page = report.build_report([path], corpus_label="<b>corpus</b>", out=tmp_path / "r.html").read_text()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>corpus</b>" not in page
    assert "&lt;script&gt;" in page


def test_notebooks_run_on_a_kernel_reached_over_private_unix_sockets(tmp_path, capfd):
    """Not TCP on localhost, where any local user could connect and read code and outputs."""
    notebook = tmp_path / "01_probe.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import ipykernel.kernelapp as k\n"
                                              "print(k.IPKernelApp.instance().transport)"))
    nbformat.write(nb, notebook)
    report.run_in_place(notebook)
    printed = nbformat.read(notebook, as_version=4).cells[0].outputs[0]["text"]
    assert printed.strip() == "ipc"
    assert "without encryption" not in capfd.readouterr().err
    with report.local_kernel_config() as config:
        folder = Path(config.KernelManager.ip).parent
        assert folder.is_dir() and oct(folder.stat().st_mode & 0o777) == "0o700"
    assert not folder.exists()   # the socket folder goes with the run
