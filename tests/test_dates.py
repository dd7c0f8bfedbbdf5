import csv
import datetime as dt
from pathlib import Path

import pytest

from rumourlib import dates

CASES = list(csv.DictReader(open(Path(__file__).parent / "cases" / "dates.csv", encoding="utf-8")))


@pytest.mark.parametrize("case", CASES, ids=[c["line"] for c in CASES])
def test_date_in_line(case):
    assert dates.date_in_line(case["line"]) == case["expected"], case["note"]


def test_future_dates_are_refused():
    assert dates.parse_date("2031-01-01", latest=dt.date(2026, 11, 21)) == ""
    assert dates.parse_date("2026-11-20", latest=dt.date(2026, 11, 21)) == "2026-11-20"


def test_glued_prefix_is_split_off():
    found, rest = dates.split_glued_date(" date 2026-03-05 Pressure at Real Madrid continues")
    assert found == "2026-03-05" and rest == "Pressure at Real Madrid continues"
    assert dates.split_glued_date("Pressure at Real Madrid continues")[0] == ""


def test_published_label_beats_updated_and_url():
    found = dates.choose_date(
        header=["Last updated 2 days ago"],
        footer=["https://www.example.co.uk/sport/2025/10/09/story", "First published 08/10/2025 14:20 | Updated 09/10/2025 17:55"],
    )
    assert (found.date, found.rule) == ("2025-10-08", "footer-published-label")


def test_updated_date_only_when_nothing_else():
    found = dates.choose_date(header=["Updated 14:02, 20 May 2024"])
    assert found.date == "2024-05-20" and "updated" in found.rule
    found = dates.choose_date(header=["Updated 14:02, 20 May 2024", "By A Writer | 19 May 2024"])
    assert found.date == "2024-05-19"


def test_metadata_comes_before_header_lines():
    found = dates.choose_date(meta=[("meta:article:published_time", "2025-05-12T10:41:00+01:00")],
                              header=["By Owen Marsh | 13 May 2025 10:41"])
    assert (found.date, found.rule) == ("2025-05-12", "meta:article:published_time")


def test_no_stated_date_gives_none():
    assert dates.choose_date() is None
    assert dates.choose_date(header=["Share this article"]) is None


def test_is_dateline_rejects_story_sentences():
    assert dates.is_dateline("Tuesday 17 February 2026 11:02")
    assert not dates.is_dateline("The German departed Anfield in May 2024, overseeing eight major honours.")
