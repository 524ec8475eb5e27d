import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khlang.dates import as_utc, format_be, format_both, format_datetime_bangkok, parse_date


def test_buddhist_era_iso_is_converted():
    assert parse_date("2568-03-01") == dt.date(2025, 3, 1)


def test_thai_slash_form_in_either_era():
    assert parse_date("01/03/2568") == dt.date(2025, 3, 1)
    assert parse_date("01/03/2025") == dt.date(2025, 3, 1)


def test_yaml_date_object_with_be_year_is_converted():
    assert parse_date(dt.date(2568, 3, 1)) == dt.date(2025, 3, 1)


@pytest.mark.parametrize("bad", ["2025-02-30", "yesterday", "2568/03/01", ""])
def test_bad_dates_are_rejected_with_the_value(bad):
    with pytest.raises(ValueError, match="date"):
        parse_date(bad)


def test_format_be_and_both():
    day = dt.date(2026, 11, 25)
    assert format_be(day) == "25 พ.ย. 2569"
    assert format_be(day, long=True) == "25 พฤศจิกายน 2569"
    assert format_both(day) == "2026-11-25 (25 พ.ย. 2569)"


def test_utc_moment_is_shown_in_bangkok():
    moment = dt.datetime(2026, 11, 24, 20, 30, tzinfo=dt.UTC)
    assert format_datetime_bangkok(moment) == "2026-11-25 03:30 ICT (25 พ.ย. 2569)"
    assert as_utc(dt.datetime(2026, 1, 1)).tzinfo == dt.UTC


@given(st.dates(min_value=dt.date(1857, 1, 1), max_value=dt.date(2399, 12, 31)))
def test_be_round_trip(day):
    be = f"{day.year + 543:04d}-{day.month:02d}-{day.day:02d}"
    assert parse_date(be) == day
    assert parse_date(day.isoformat()) == day


def test_run_day_is_the_param_else_the_interval_end_in_bangkok():
    import datetime as _dt

    from khlang.dates import run_day

    late_utc = _dt.datetime(2026, 11, 30, 18, 30, tzinfo=_dt.UTC)  # 01:30 on 1 Dec in Bangkok
    assert run_day({"as_of": "2569-11-25"}, late_utc, None) == "2569-11-25"
    assert run_day({}, late_utc, None) == "2026-12-01"
    assert run_day(None, None, _dt.datetime(2026, 11, 30, 16, 59, tzinfo=_dt.UTC)) == "2026-11-30"
    assert run_day(None, None, None) is None
