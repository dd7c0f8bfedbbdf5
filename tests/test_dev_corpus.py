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


def test_seed_corpus_claims_and_mentions(shared, tmp_path):
    """Issue #3's targets on the seeds (claim F1 >= 0.80, attribution >= 0.65, mention MAE <= 0.3)."""
    metrics = score(shared, tmp_path, "seeds/articles")
    assert metrics["claim_f1"] >= 0.80 and metrics["attribution_f1"] >= 0.65
    assert metrics["mention_mae"] <= 0.3


def test_dev_corpus_claims_and_mentions(shared, tmp_path):
    """Issue #3's targets on the dev corpus: claim F1 >= 0.80, attribution >= 0.65, certainty
    accuracy >= 0.70, mention MAE <= 0.3."""
    metrics = score(shared, tmp_path, "corpus/dev/articles")
    assert metrics["claim_f1"] >= 0.80 and metrics["attribution_f1"] >= 0.65
    assert metrics["certainty_accuracy"] >= 0.70 and metrics["mention_mae"] <= 0.3
