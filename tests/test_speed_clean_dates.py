"""Dates in the plain forms are read without dateparser, and exactly as dateparser reads them."""
import datetime as dt

import pytest

from rumourlib import dates


def _by_dateparser(text, latest=None):
    parsed = dates._dateparser.__wrapped__(text)
    return "" if parsed is None else dates._valid(parsed.year, parsed.month, parsed.day, latest)


@pytest.mark.parametrize("form", sorted(dates._MONTH_NUMBER))
def test_every_month_name_as_dateparser_reads_it(form):
    for day in ("1", "09", "28", "29", "30", "31"):
        for text in (f"{day} {form} 2024", f"{form} {day}, 2025"):
            assert dates._plain_date(text) is not None
            assert dates.parse_date(text) == _by_dateparser(text), text


def test_years_and_the_latest_date():
    for year in range(1900, 2100, 7):
        for text in (f"29 February {year}", f"Feb 29, {year}", f"31 Dec {year}"):
            assert dates.parse_date(text) == _by_dateparser(text), text
    latest = dt.date(2025, 3, 5)
    for text in ("5 March 2025", "6 March 2025", "March 6, 2025"):
        assert dates.parse_date(text, latest) == _by_dateparser(text, latest)


def test_other_forms_go_to_dateparser():
    for text in ("5 Maerz 2025", "5  March 2025", "5 March, 2025", "March 5 2025", "5 mArCh 2025", "32 March 2025",
                 "5 March 1899", "5 Sept. 2025", "٥ March 2025"):
        assert dates._plain_date(text) is None, text
