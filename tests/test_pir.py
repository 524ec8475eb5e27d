"""Post-Implementation Reviews: scheduling across month ends and B.E. dates, surveys, scores, store, CLI, report."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from khlang.cli import main
from khlang.dates import format_be, parse_date
from khlang.pir.schedule import add_months, due_date, overdue_after, status_on
from khlang.pir.scoring import level, score
from khlang.pir.survey import SurveyError, likert, read_survey

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "pir" / "DW_survey.csv"
D = dt.date


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def units():
    from khlang.declarations import load_catalog

    return load_catalog(REPO / "catalog").units


# ---------------------------------------------------------------- schedule


@pytest.mark.parametrize(("go_live", "due"), [
    (D(2026, 5, 1), D(2026, 11, 1)),
    (D(2026, 8, 31), D(2027, 2, 28)),
    (D(2027, 8, 31), D(2028, 2, 29)),   # leap year
    (D(2026, 3, 31), D(2026, 9, 30)),
    (D(2026, 7, 31), D(2027, 1, 31)),   # across the year end
    (D(2026, 12, 31), D(2027, 6, 30)),
])
def test_due_is_six_calendar_months_clamped_to_month_end(go_live, due):
    assert due_date(go_live) == due


def test_buddhist_era_go_live_and_display():
    go_live = parse_date("31/08/2569")
    assert go_live == D(2026, 8, 31)
    assert due_date(go_live) == D(2027, 2, 28) and format_be(due_date(go_live)) == "28 ก.พ. 2570"
    assert due_date(parse_date("2570-08-31")) == D(2028, 2, 29)


def test_status_across_month_ends():
    go_live = D(2026, 8, 31)
    assert overdue_after(due_date(go_live)) == D(2027, 3, 28)
    on = lambda day, **kw: status_on("DW", go_live, day, **kw).status  # noqa: E731
    assert on(D(2027, 2, 27)) == "not_due"
    assert on(D(2027, 2, 28)) == "due"
    assert on(parse_date("28/03/2570")) == "due"
    assert on(D(2027, 3, 29)) == "overdue"
    assert on(D(2028, 2, 28)) == "overdue"
    assert on(D(2028, 2, 29)) == "lapsed", "never opened within twelve months of falling due"
    assert on(D(2028, 2, 29), opened=True) == "overdue"
    assert on(D(2027, 2, 1), recorded=True) == "recorded"
    assert status_on("X", None, D(2027, 1, 1)).status == "not_scheduled"


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)), st.integers(min_value=-30, max_value=30))
def test_add_months_properties(day, months):
    out = add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + dt.timedelta(days=1)).day == 1)


# ---------------------------------------------------------------- surveys


def test_likert_answers():
    assert [likert(v) for v in ("5", " 4 ", "๓", "๕", "2.0", "มากที่สุด", "น้อย", "5 (มากที่สุด)", "1 - น้อยที่สุด",
                                "3 ปานกลาง", "มาก (4)", "")] == [5, 4, 3, 5, 2, 5, 2, 5, 1, 3, 4, None]
    for bad in ("6", "0", "๖", "4.5", "ดีมาก", "5 - น้อย", "มาก (5)", "yes"):
        with pytest.raises(ValueError):
            likert(bad)


def test_the_bundled_example_survey(units):
    survey = read_survey(EXAMPLE, units)
    assert len(survey.questions) == 6 and survey.questions[0] == "1. ระบบใช้งานง่าย"
    assert len(survey.responses) == 19
    assert survey.invited == {"DTD": 6, "WHS": 10, "STR": 4, "FIN": 5, "DBA": 3}
    by_name = {r.respondent: r for r in survey.responses}
    assert by_name["ชัยวัฒน์ ปัญญาดี"].answers == [5, 4, 4, 5, 4, 5] and by_name["ชัยวัฒน์ ปัญญาดี"].line == 11
    assert by_name["กิตติพร มีสุข"].answers == [4, 4, 3, 5, 4, 4]
    assert by_name["ประยุทธ พานิช"].answers == [5, 4, 4, 5, 4, 5]
    assert by_name["มาลี รักไทย"].answers[4] is None
    assert by_name["พรทิพย์ ศรีสุข"].unit == "WHS" and by_name["ณัฐพล ศรีสวัสดิ์"].unit == "DBA"
    assert by_name["ปวีณา ทองคำ"].unit == "DTD"
    assert by_name["สุนันทา แก้วมณี"].answered_on == D(2026, 11, 3)
    assert by_name["สุนันทา แก้วมณี"].comment == "อยากให้เพิ่มรายงานรายจังหวัด"


def test_a_windows_thai_survey_reads_the_same(units, tmp_path):
    path = tmp_path / "cp874.csv"
    path.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("cp874"))
    a, b = read_survey(EXAMPLE, units), read_survey(path, units)
    assert b.encoding == "cp874" and a.questions == b.questions
    assert [(r.unit, r.answers) for r in a.responses] == [(r.unit, r.answers) for r in b.responses]


SURVEY_WITH_ERRORS = textwrap.dedent("""\
    หน่วยงาน,ผู้ตอบ,ใช้งานง่าย,ข้อมูลถูกต้อง
    WHS,ก,5,4
    WHS,ข,6,4
    ฝ่ายปลอม,ค,4,4
    WHS,ก,4,4
    DTD,ง,4
    DTD,จ,ดีมาก,๕
    DTD,ฉ,,
    "DTD","ช ""เล่น""
    สองบรรทัด",4,5
    DTD,ซ,5 - น้อย,4
    """)


def test_survey_errors_name_file_line_and_column(units, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(SURVEY_WITH_ERRORS, encoding="utf-8")
    with pytest.raises(SurveyError) as info:
        read_survey(path, units)
    lines = [str(p) for p in info.value.problems]
    assert lines == [
        f"{path}:3: column 3 (ใช้งานง่าย): '6' is not an answer on the 1–5 scale (1–5, ๑–๕, น้อยที่สุด … มากที่สุด)",
        f"{path}:4: column 1 (หน่วยงาน): unknown unit 'ฝ่ายปลอม' "
        "(known: AUD, DBA, DTD, DTO, EXE, FIN, LEG, STR, TRD, WHS)",
        f"{path}:5: column 2 (ผู้ตอบ): 'ก' of WHS already answered on line 2",
        f"{path}:6: (line): 3 fields, the header has 4",
        f"{path}:7: column 3 (ใช้งานง่าย): 'ดีมาก' is not an answer on the 1–5 scale (1–5, ๑–๕, น้อยที่สุด … มากที่สุด)",
        f"{path}:8: (line): no question is answered",
        f"{path}:11: column 3 (ใช้งานง่าย): '5 - น้อย' says 5 but น้อย is 2",
    ]


def test_survey_header_and_invited_problems(units, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("ผู้ตอบ,ใช้งานง่าย\nก,5\n", encoding="utf-8")
    with pytest.raises(SurveyError, match=r"s\.csv:1: header: no unit column"):
        read_survey(path, units)
    path.write_text("# invited: WHS=1, XYZ=3, DTD=two\nหน่วยงาน,ใช้งานง่าย\nWHS,5\nWHS,4\nFIN,3\n", encoding="utf-8")
    with pytest.raises(SurveyError) as info:
        read_survey(path, units)
    text = str(info.value)
    assert f"{path}:1: invited: unknown unit 'XYZ'" in text
    assert f"{path}:1: invited: 'DTD=two': write UNIT=NUMBER" in text
    path.write_text("# invited: WHS=1\nหน่วยงาน,ใช้งานง่าย\nWHS,5\nWHS,4\nFIN,3\n", encoding="utf-8")
    with pytest.raises(SurveyError) as info:
        read_survey(path, units)
    assert [p.message for p in info.value.problems] == [
        "unit FIN answered (1) but is not in the invited list", "unit WHS: 2 responses but 1 invited"]
    survey = read_survey(path, units, invited={"WHS": 5, "FIN": 2})
    assert survey.invited == {"WHS": 5, "FIN": 2}, "--invited wins over the file's note"


# ---------------------------------------------------------------- scoring


def test_scores_by_hand():
    responses = [{"unit": "WHS", "answers": [5, 4]}, {"unit": "WHS", "answers": [4, None]},
                 {"unit": "DTD", "answers": [3, 2]}]
    s = score(["q1", "q2"], responses, {"WHS": 4, "DTD": 2, "FIN": 3})
    q1, q2 = s["questions"]
    assert (q1["n"], q1["mean"], q1["distribution"]) == (3, 4.0, {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1})
    assert (q2["n"], q2["mean"], q2["satisfied_share"]) == (2, 3.0, 0.5)
    assert s["overall"]["mean"] == 3.6 and s["overall"]["level"] == "high" and s["overall"]["n"] == 5
    assert s["responses"] == 3 and s["invited"] == 9 and s["response_rate"] == round(3 / 9, 4)
    units = {u["unit"]: u for u in s["units"]}
    assert units["WHS"]["response_rate"] == 0.5 and units["WHS"]["mean"] == round(13 / 3, 4)
    assert units["FIN"] == {"unit": "FIN", "responses": 0, "invited": 3, "response_rate": 0.0, "mean": None,
                            "level": None}
    assert score(["q"], [{"unit": "WHS", "answers": [4]}], None)["response_rate"] is None


def test_levels_follow_the_five_bands():
    assert [level(x) for x in (5.0, 4.21, 4.2, 3.41, 3.4, 2.61, 2.6, 1.81, 1.8, 1.0)] == [
        "very_high", "very_high", "high", "high", "moderate", "moderate", "low", "low", "very_low", "very_low"]


# ---------------------------------------------------------------- the store


def test_open_and_remind_once_per_run(store_url, khlang_env):
    from khlang.declarations import load_catalog
    from khlang.declarations.systems import load_systems
    from khlang.pir.records import PirEvent, PirReview
    from khlang.pir.reviews import open_due, record_survey, remind_overdue
    from khlang.store import open_store

    catalog = load_catalog(khlang_env / "catalog")
    systems = load_systems(catalog)
    store = open_store(store_url)
    assert open_due(systems, store, D(2026, 10, 31), "r0") == []
    assert open_due(systems, store, D(2026, 11, 1), "r1") == ["DW"], "lapsed systems are not opened"
    assert open_due(systems, store, D(2026, 11, 1), "r1") == []
    assert remind_overdue(systems, store, D(2026, 12, 1), "r2") == [], "still within its month"
    assert remind_overdue(systems, store, D(2026, 12, 2), "r3") == ["DW"]
    assert remind_overdue(systems, store, D(2026, 12, 2), "r3") == []
    assert remind_overdue(systems, store, D(2027, 1, 1), "r4") == ["DW"]
    record_survey(systems["DW"], store, read_survey(EXAMPLE, catalog.units), D(2027, 1, 5))
    assert remind_overdue(systems, store, D(2027, 2, 1), "r5") == []
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(PirReview)) == 1
        kinds = [e.kind for e in s.scalars(select(PirEvent).order_by(PirEvent.id)).all()]
    assert kinds == ["opened", "reminder", "reminder", "survey_recorded"]


# ---------------------------------------------------------------- the command line


def test_pir_due_lists_every_system_with_buddhist_era_dates(capsys, khlang_env):
    code, out, _ = run(capsys, "pir", "due", "--as-of", "2569-11-25", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-11-25" and data["as_of_be"] == "2026-11-25 (25 พ.ย. 2569)"
    by = {s["system"]: s for s in data["systems"]}
    assert by["DW"]["status"] == "due" and by["DW"]["due_on"] == "2026-11-01"
    assert by["DW"]["due_on_be"] == "2026-11-01 (1 พ.ย. 2569)"
    assert by["LEGACY_WMS"]["status"] == "lapsed" and by["EDEPOSIT"]["status"] == "not_scheduled"
    assert data["systems"][0]["system"] == "DW", "due ones first"
    code, out, _ = run(capsys, "pir", "due", "--as-of", "25/04/2569")
    assert code == 0 and "not_due" in out and "1 พ.ย. 2569" in out


def test_pir_due_at_month_end_from_a_buddhist_era_go_live(capsys, khlang_env):
    path = khlang_env / "catalog" / "systems.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("go_live: 2026-05-01", "go_live: 31/08/2569"),
                    encoding="utf-8")
    statuses = {}
    for as_of in ("2570-02-27", "28/02/2570", "2027-03-28", "2570-03-29"):
        code, out, _ = run(capsys, "pir", "due", "--as-of", as_of, "--format", "json")
        dw = next(s for s in json.loads(out)["systems"] if s["system"] == "DW")
        statuses[as_of] = dw["status"]
        assert dw["due_on_be"] == "2027-02-28 (28 ก.พ. 2570)"
    assert statuses == {"2570-02-27": "not_due", "28/02/2570": "due", "2027-03-28": "due", "2570-03-29": "overdue"}


def test_record_score_and_rerecord(capsys, khlang_env, tmp_path):
    code, out, err = run(capsys, "pir", "record", "DW", "--survey", str(EXAMPLE), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["responses"] == 19 and data["response_rate"] == round(19 / 28, 4)
    units = {u["unit"]: u for u in data["score"]["units"]}
    assert units["DBA"]["response_rate"] == 1.0 and units["FIN"]["response_rate"] == 0.4
    q5 = data["score"]["questions"][4]
    assert q5["n"] == 18 and q5["distribution"] == {"1": 0, "2": 0, "3": 3, "4": 9, "5": 6}
    assert q5["mean"] == round((3 * 3 + 4 * 9 + 5 * 6) / 18, 4)
    total = sum(q["mean"] * q["n"] for q in data["score"]["questions"]) / data["score"]["overall"]["n"]
    assert data["overall_mean"] == round(total, 4) and data["score"]["overall"]["n"] == 113

    code, out, _ = run(capsys, "pir", "due", "--as-of", "2569-11-25", "--format", "json")
    dw = next(s for s in json.loads(out)["systems"] if s["system"] == "DW")
    assert dw["status"] == "recorded" and dw["overall_mean"] == data["overall_mean"]

    code, out, _ = run(capsys, "pir", "record", "DW", "--survey", str(EXAMPLE), "--format", "json")
    assert json.loads(out)["already_recorded"] is True
    corrected = tmp_path / "DW_survey_v2.csv"
    corrected.write_text(EXAMPLE.read_text(encoding="utf-8") + "08/11/2569 09:00:00,FIN,ใหม่,5,5,5,5,5,5,\n",
                         encoding="utf-8")
    code, out, _ = run(capsys, "pir", "record", "DW", "--survey", str(corrected), "--invited",
                       "DTD=6,WHS=10,STR=4,FIN=5,DBA=3", "--format", "json")
    assert code == 0 and json.loads(out)["responses"] == 20

    from khlang.pir.records import PirSurvey
    from khlang.store import open_store

    with open_store(f"sqlite:///{khlang_env / 'var' / 'khlang.db'}").reading() as s:
        surveys = s.scalars(select(PirSurvey).order_by(PirSurvey.id)).all()
    assert [(x.file_name, x.superseded) for x in surveys] == [("DW_survey.csv", True), ("DW_survey_v2.csv", False)]


def test_bad_survey_exits_2_and_records_nothing(capsys, khlang_env, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(SURVEY_WITH_ERRORS, encoding="utf-8")
    code, out, err = run(capsys, "pir", "record", "DW", "--survey", str(path))
    assert code == 2 and out == ""
    assert f"{path}:3: column 3 (ใช้งานง่าย): '6' is not an answer" in err and f"{path}:11:" in err
    assert not (khlang_env / "var" / "khlang.db").exists()
    code, _out, err = run(capsys, "pir", "record", "NOPE", "--survey", str(EXAMPLE))
    assert code == 2 and "unknown system 'NOPE'" in err
    code, _out, err = run(capsys, "pir", "record", "EDEPOSIT", "--survey", str(EXAMPLE))
    assert code == 2 and "no go_live date" in err
    code, _out, err = run(capsys, "pir", "record", "DW", "--survey", str(EXAMPLE), "--invited", "WHS=lots")
    assert code == 2 and "--invited: invited: 'WHS=lots': write UNIT=NUMBER" in err
    assert not (khlang_env / "var" / "khlang.db").exists()


def test_pir_report_is_escaped_and_names_no_respondent(capsys, khlang_env, tmp_path):
    survey = tmp_path / "s.csv"
    survey.write_text("หน่วยงาน,ผู้ตอบ,ใช้งานง่าย (ease),ข้อเสนอแนะ\n"
                      "WHS,นายลับ เฉพาะ,5,<script>alert('x')</script> ดีมาก\n"
                      "DTD,นางสาวซ่อน ชื่อ,3,\n", encoding="utf-8")
    assert run(capsys, "pir", "record", "DW", "--survey", str(survey), "--invited", "WHS=2,DTD=2")[0] == 0
    code, out, _ = run(capsys, "pir", "report", "DW", "--as-of", "2569-11-25")
    page = khlang_env / "reports" / "pir" / "DW" / "index.html"
    assert code == 0 and str(page) in out
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; ดีมาก" in html
    assert "นายลับ" not in html and "นางสาวซ่อน" not in html
    assert "คลังข้อมูลองค์การ" in html and "2026-11-01 (1 พ.ย. 2569)" in html and "บันทึกผลแล้ว" in html
    assert "4.00" in html and "50.0%" in html and "http" not in html

    from browser import Browser

    with Browser() as browser:
        opened = browser.open(page)
        assert opened.dialogs == [] and opened.blocked_requests == [] and opened.errors == []
