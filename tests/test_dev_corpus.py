"""The dev corpus in ../shared, scored with ../shared/tools/score.py (skipped when absent)."""
import json
import subprocess
import sys

from rumourlib import pipeline


def score(shared, tmp_path, corpus):
    out = tmp_path / "tagged"
    pipeline.tag([shared / corpus], out, formats=("csv",), progress=False)
    proc = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), str(shared / corpus),
                           "--tagged", str(out), "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)["metrics"]


def test_dev_corpus_documents_dates_outlets(shared, tmp_path):
    metrics = score(shared, tmp_path, "corpus/dev/articles")
    assert metrics["missing_docs"] == 0
    assert metrics["rejects_found"] == metrics["rejects_expected"] == 3
    assert metrics["date_accuracy"] >= 0.95
    assert metrics["outlet_accuracy"] >= 0.90


def test_seed_corpus_documents_dates_outlets(shared, tmp_path):
    metrics = score(shared, tmp_path, "seeds/articles")
    assert metrics["missing_docs"] == 0 and metrics["date_accuracy"] == 1.0 and metrics["outlet_accuracy"] >= 0.8
