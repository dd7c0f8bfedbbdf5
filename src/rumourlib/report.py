"""Report: run the numbered notebooks on a corpus and export them as one offline HTML file.

``run_notebooks`` executes ``notebooks/NN_*.ipynb`` in order, either in place
(refreshing the committed outputs on the seed corpus) or into ``reports/`` with
the corpus passed as a papermill parameter. ``build_report`` merges the executed
notebooks into one HTML page: code hidden, figures embedded, a table of contents,
the corpus and the date it was generated, and no script from anywhere.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
import tempfile
import uuid
from pathlib import Path

import nbformat

from . import paths

TEMPLATE_DIR = Path(__file__).parent / "templates"


def notebook_paths(folder: Path | None = None) -> list[Path]:
    folder = folder or paths.NOTEBOOKS
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def kernel_name() -> str:
    """The project's kernel when installed (``make install`` does it), else the default one."""
    from jupyter_client.kernelspec import KernelSpecManager

    return "rumourlib" if "rumourlib" in KernelSpecManager().find_kernel_specs() else "python3"


@contextlib.contextmanager
def local_kernel_config():
    """Configuration that has the kernel talk to this process over Unix sockets in a private
    folder: the default, TCP on localhost, is plain text any local user could connect to
    (ipykernel warns of it at every start)."""
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="rumour-kernel-") as folder:
        yield Config({"KernelManager": {"transport": "ipc", "ip": str(Path(folder) / "kernel")}})


def run_in_place(notebook: Path, timeout: int = 1800) -> None:
    """Execute a notebook top to bottom with its own default parameters and save it."""
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    with local_kernel_config() as config:
        client = NotebookClient(nb, kernel_name=kernel_name(), timeout=timeout, record_timing=False,
                                resources={"metadata": {"path": str(notebook.parent)}}, config=config)
        client.execute()
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, notebook)


def run_with_parameters(notebook: Path, output: Path, parameters: dict, timeout: int = 1800) -> None:
    import papermill

    output.parent.mkdir(parents=True, exist_ok=True)
    with local_kernel_config() as config:
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters, kernel_name=kernel_name(),
                                   cwd=str(notebook.parent), progress_bar=False, execution_timeout=timeout,
                                   report_mode=True, config=config)


def run_notebooks(corpus: str | None = None, processed: str | None = None, in_place: bool = False,
                  out_dir: Path | None = None) -> list[Path]:
    """Execute every numbered notebook; return the executed files in order."""
    executed = []
    for notebook in notebook_paths():
        if in_place:
            run_in_place(notebook)
            executed.append(notebook)
        else:
            target = (out_dir or paths.REPORTS / "executed") / notebook.name
            run_with_parameters(notebook, target, {"corpus": corpus or "data/raw", "processed": processed})
            executed.append(target)
    return executed


def merge(notebooks: list[Path], corpus_label: str, generated: str) -> nbformat.NotebookNode:
    """One notebook holding a cover cell and every cell of ``notebooks`` in order, with fresh ids."""
    merged = nbformat.v4.new_notebook()
    cover = (f"# Manager rumours: who coaches whom, according to whom\n\n"
             f"<p class=\"report-meta\">Corpus: <code>{html.escape(corpus_label)}</code> &middot; "
             f"generated {html.escape(generated)} &middot; {len(notebooks)} notebooks</p>\n\n"
             "<!-- TOC -->")
    merged.cells.append(nbformat.v4.new_markdown_cell(cover))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            cell["id"] = uuid.uuid5(uuid.NAMESPACE_URL, f"{path.name}:{len(merged.cells)}").hex[:12]
            merged.cells.append(cell)
        if not merged.metadata:
            merged.metadata = nb.metadata
    return merged


_HEADING = re.compile(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def table_of_contents(body: str) -> str:
    """A list linking every h1/h2 heading of the exported page (headings carry their own numbers)."""
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        text = re.sub(r"<[^>]+>", "", inner).replace("¶", "").strip()
        if not text or text.startswith("Manager rumours"):
            continue
        indent = "" if level == "1" else "style=\"margin-left:1.5em\""
        items.append(f'<li {indent}><a href="#{anchor}">{text}</a></li>')
    return '<nav class="report-toc"><strong>Contents</strong><ul>' + "".join(items) + "</ul></nav>"


def export_html(nb: nbformat.NotebookNode) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="rumour_report", extra_template_basedirs=[str(TEMPLATE_DIR)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def build_report(executed: list[Path], corpus_label: str, out: Path | None = None,
                 generated: str | None = None) -> Path:
    """Write the merged, code-free, offline HTML report and return its path."""
    out = out or paths.REPORTS / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    generated = generated or dt.date.today().isoformat()
    body = export_html(merge(executed, corpus_label, generated))
    body = body.replace("&lt;!-- TOC --&gt;", "").replace("<!-- TOC -->", table_of_contents(body), 1)
    out.write_text(body, encoding="utf-8")
    return out
