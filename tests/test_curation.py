import csv
import shutil

from rumourlib import cli, curation, paths


def test_shipped_knowledge_files_pass_the_check():
    report = curation.check()
    assert report.ok, report.errors
    assert report.counts["coaches"] >= 300 and report.counts["outlets"] >= 100
    assert report.counts["journalists"] >= 100 and report.counts["clubs"] >= 300


def _copy(tmp_path):
    folder = tmp_path / "gazetteer"
    shutil.copytree(paths.GAZETTEER, folder)
    return folder


def _append(path, row):
    with open(path, encoding="utf-8", newline="") as fh:
        fields = next(csv.reader(fh))
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=fields, lineterminator="\n").writerow(row)


def test_check_finds_duplicates_broken_references_and_shared_names(tmp_path):
    folder = _copy(tmp_path)
    _append(folder / "coaches.csv", {"slug": "jurgen-klopp", "name": "Jurgen Klopp Two", "surname": "Klopp"})
    _append(folder / "journalists.csv", {"slug": "ann-reporter", "name": "Ann Reporter", "outlet": "no-such-outlet"})
    _append(folder / "clubs.csv", {"slug": "spurs-two", "name": "Spurs Two", "kind": "club", "aliases": "Spurs"})
    report = curation.check(folder, paths.RULES)
    text = "\n".join(report.errors)
    assert "slug jurgen-klopp appears 2 times" in text
    assert "ann-reporter writes for no-such-outlet" in text
    assert "'Spurs' belongs to spurs-two, tottenham-hotspur" in text


def test_cli_check_exit_status(capsys):
    assert cli.main(["gazetteer", "check"]) == 0
    assert "0 errors" in capsys.readouterr().err


def test_suggest_lists_unknown_names_near_coaching_words():
    texts = ["Harbour Town have appointed Jonas Whitfield as manager after sacking Peter Brannigan.",
             "Manager Jonas Whitfield said he was delighted. Jurgen Klopp was not mentioned as a coach."]
    names = {name: n for name, n, _ in curation.suggest(texts)}
    assert names.get("Jonas Whitfield") == 2 and names.get("Peter Brannigan") == 1
    assert "Jurgen Klopp" not in names
