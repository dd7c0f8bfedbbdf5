"""Committed notebooks carry fresh outputs, run in order (nbval passes vacuously otherwise)."""
import nbformat
import pytest

from rumourlib import report

NOTEBOOKS = report.notebook_paths()


def test_there_are_numbered_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "01_corpus.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_ran_top_to_bottom_with_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "re-run top to bottom"
    for cell in code:
        if "parameters" in cell.metadata.get("tags", []):
            continue
        assert cell.outputs, f"a code cell without outputs: {cell.source[:60]!r}"
        assert not any(o.get("output_type") == "error" for o in cell.outputs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_has_a_parameters_cell_and_imports_the_package(path):
    nb = nbformat.read(path, as_version=4)
    sources = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells)
    assert "sys.path" not in sources and "filterwarnings" not in sources and "../data" not in sources
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
