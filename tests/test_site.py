"""The catalogue site: files, search and filters in a real browser, escaping, atomic publishing."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import Browser

from khlang.report import publish, render, site
from khlang.report.labels import GD_CATALOG_FIELDS
from khlang.report.site import build_site, retention_label, slugify

XSS = "<script>alert(1)</script>"
THAI_FONTS = {"Noto Sans Thai", "TH Sarabun New", "Loma", "Garuda"}


def person(pid: str, name: str, unit: str) -> dict:
    return {"id": pid, "name": name, "unit": unit, "email": f"{pid}@pwo.example"}


def catalogue_model() -> dict:
    """The model exactly as the model builder hands it over."""
    somsri = person("p01", "สมศรี ใจดี", "ฝ่ายคลังสินค้า")
    wichai = person("p02", "วิชัย รักข้อมูล", "สำนักเทคโนโลยีดิจิทัล")
    malee = person("p03", "มาลี ดูแลดี", "กองบริหารคลังสินค้า")
    full_gd = {
        "title": "ทะเบียนคลังสินค้า", "owner_org": "องค์การคลังสินค้า", "maintainer": "วิชัย รักข้อมูล",
        "maintainer_email": "p02@pwo.example", "tags": ["คลังสินค้า", "warehouse"], "notes": "รายชื่อคลังสินค้า",
        "objective": "บริหารคลังสินค้า", "update_frequency_unit": "monthly", "geo_coverage": "ประเทศ",
        "data_source": "WMS", "data_format": ["Parquet"], "data_category": "ข้อมูลสาธารณะ",
        "license_id": "Open Data Common", "data_type": "ข้อมูลระเบียน",
    }
    return {
        "generated_at": "2026-11-25T05:14:00+00:00",
        "organisation": {"name_th": "องค์การคลังสินค้า", "name_en": "Public Warehouse Organization",
                         "abbreviation": "อคส."},
        "snapshot": {"id": 3, "taken_at": "2026-11-25T05:10:00+00:00"},
        "datasets": [
            {
                "name": "depositors", "title_th": "ทะเบียนผู้ฝากสินค้า", "title_en": "Depositors", "kind": "master",
                "description": "ผู้ฝากสินค้าทุกรายที่ทำสัญญาฝากกับองค์การ", "source": "sample_files",
                "source_system": "WMS", "object": "master/depositors.parquet", "classification": "confidential",
                "business_owner": somsri, "digital_owner": wichai, "steward": malee,
                "lifecycle": {"stage": "active", "created_on": "2015-01-01", "retention": "10y",
                              "retain_until": "2035-01-01", "destroy_method": "ลบทำลายแบบถาวร (secure erase)"},
                "update_frequency": "daily", "tags": ["ผู้ฝาก", "pdpa"],
                "personal_data": {"contains_pii": True, "categories": ["national_id", "phone"],
                                  "lawful_basis": "contract"},
                "row_count": 5000,
                "columns": [
                    {"name": "depositor_id", "type": "VARCHAR", "description": "รหัสผู้ฝาก", "null_count": 0,
                     "distinct_count": 5000, "pii": None, "pii_declared": False},
                    {"name": "national_id", "type": "VARCHAR", "description": "เลขประจำตัวประชาชน", "null_count": 0,
                     "distinct_count": 4990, "pii": "national_id", "pii_declared": True},
                    {"name": "mobile", "type": "VARCHAR", "description": None, "null_count": 12,
                     "distinct_count": 4800, "pii": "phone", "pii_declared": False},
                ],
                "drift": [{"change": "column_added", "column": "mobile", "detail": "new since snapshot 2"}],
                "gaps": [
                    {"code": "undocumented_column", "detail": "mobile", "severity": "low"},
                    {"code": "undeclared_pii", "detail": "mobile looks like phone numbers", "severity": "high"},
                ],
                "gd_catalog": {"title": "ทะเบียนผู้ฝากสินค้า", "owner_org": "องค์การคลังสินค้า", "maintainer": None},
            },
            {
                "name": "warehouses", "title_th": "ทะเบียนคลังสินค้า", "title_en": "Warehouses", "kind": "reference",
                "description": "คลังสินค้าและไซโลทั่วประเทศ", "source": "sample_files", "source_system": "WMS",
                "object": "reference/warehouses.csv", "classification": "internal",
                "business_owner": malee, "digital_owner": wichai, "steward": None,
                "lifecycle": {"stage": "active", "created_on": "2010-10-01", "retention": "permanent",
                              "retain_until": None, "destroy_method": None},
                "update_frequency": "monthly", "tags": ["คลัง"],
                "personal_data": {"contains_pii": False, "categories": [], "lawful_basis": None},
                "row_count": 412,
                "columns": [
                    {"name": "warehouse_code", "type": "VARCHAR", "description": "รหัสคลัง", "null_count": 0,
                     "distinct_count": 412, "pii": None, "pii_declared": False},
                    {"name": "province", "type": "VARCHAR", "description": "จังหวัด", "null_count": 0,
                     "distinct_count": 60, "pii": None, "pii_declared": False},
                ],
                "drift": [], "gaps": [], "gd_catalog": full_gd,
            },
            {
                "name": "stock_movements", "title_th": "การเคลื่อนไหวสินค้า", "title_en": "Stock movements",
                "kind": "transactional", "description": "รับเข้าและจ่ายออกข้าวเปลือก ยางพารา มันสำปะหลัง",
                "source": "sample_files", "source_system": "ERP", "object": "tx/stock_movements.parquet",
                "classification": "internal", "business_owner": None, "digital_owner": wichai, "steward": None,
                "lifecycle": {"stage": "active", "created_on": "2020-01-01", "retention": "5y",
                              "retain_until": "2025-01-01", "destroy_method": "ส่งมอบหอจดหมายเหตุ"},
                "update_frequency": "daily", "tags": [],
                "personal_data": {"contains_pii": False, "categories": [], "lawful_basis": None},
                "row_count": 1234567,
                "columns": [
                    {"name": "movement_id", "type": "BIGINT", "description": "เลขที่รายการ", "null_count": 0,
                     "distinct_count": 1234567, "pii": None, "pii_declared": False},
                    {"name": "commodity_code", "type": "VARCHAR", "description": "รหัสสินค้า", "null_count": 3,
                     "distinct_count": 40, "pii": None, "pii_declared": False},
                ],
                "drift": [{"change": "row_count_jump", "column": None, "detail": "+38% since snapshot 2"}],
                "gaps": [
                    {"code": "no_business_owner", "detail": "", "severity": "high"},
                    {"code": "past_retention", "detail": "retain until 2025-01-01", "severity": "medium"},
                ],
                "gd_catalog": None,
            },
            {
                "name": "rice_stock_monthly", "title_th": "ยอดคงเหลือข้าวรายเดือน", "title_en": "Monthly rice stock",
                "kind": "warehouse", "description": "สรุปยอดคงเหลือข้าวตามคลัง", "source": "warehouse_db",
                "source_system": "DW", "object": "mart.rice_stock_monthly", "classification": "public",
                "business_owner": somsri, "digital_owner": None, "steward": None,
                "lifecycle": {"stage": "active", "created_on": "2565-10-01", "retention": "10y",
                              "retain_until": "2032-10-01", "destroy_method": None},
                "update_frequency": "monthly", "tags": ["ข้าว"],
                "personal_data": {"contains_pii": False, "categories": [], "lawful_basis": None},
                "row_count": None, "columns": [], "drift": [],
                "gaps": [{"code": "no_digital_owner", "detail": "", "severity": "medium"}],
                "gd_catalog": {},
            },
        ],
        "undeclared": [{"name": "tmp_export_2026", "source": "sample_files", "row_count": 12}],
    }


def xss_model() -> dict:
    """Every free-text field carries markup that must be shown, never run."""
    model = catalogue_model()
    ds = model["datasets"][0]
    ds["description"] = f"{XSS} and </script><script>alert(2)</script> and <img src=x onerror=alert(3)>"
    ds["title_en"] = XSS
    ds["tags"].append(XSS)
    ds["columns"].append({"name": f'{XSS}" onmouseover="alert(4)', "type": "<b>VARCHAR</b>",
                          "description": XSS, "null_count": 0, "distinct_count": 1, "pii": XSS, "pii_declared": False})
    ds["business_owner"] = dict(ds["business_owner"], name=XSS)
    ds["gaps"].append({"code": XSS, "detail": XSS, "severity": XSS})
    ds["drift"].append({"change": XSS, "column": XSS, "detail": XSS})
    ds["gd_catalog"]["objective"] = XSS
    ds["lifecycle"]["destroy_method"] = XSS
    model["undeclared"].append({"name": XSS, "source": XSS, "row_count": 1})
    model["organisation"]["name_en"] = XSS
    return model


def page_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public") / "site"
    build_site(catalogue_model(), out)
    return out


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


# --- files -------------------------------------------------------------------------------

def test_writes_index_and_one_page_per_dataset(tmp_path):
    out = tmp_path / "site"
    paths = build_site(catalogue_model(), out)
    assert out / "index.html" in paths
    for name in ("depositors", "warehouses", "stock_movements", "rice_stock_monthly"):
        assert out / "datasets" / f"{name}.html" in paths
    assert all(p.is_file() for p in paths)
    assert len(paths) == 5


def test_rebuild_is_byte_identical(tmp_path):
    build_site(catalogue_model(), tmp_path / "a")
    build_site(catalogue_model(), tmp_path / "b")
    assert page_files(tmp_path / "a") == page_files(tmp_path / "b")


def test_rebuild_drops_pages_of_removed_datasets(tmp_path):
    out = tmp_path / "site"
    build_site(catalogue_model(), out)
    model = catalogue_model()
    del model["datasets"][0]
    paths = build_site(model, out)
    assert not (out / "datasets" / "depositors.html").exists()
    assert sorted(p.name for p in (out / "datasets").iterdir()) == sorted(
        p.name for p in paths if p.parent.name == "datasets")


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "data", "poster", "formaction") and value:
                self.refs.append(value)


def test_pages_reference_nothing_outside_the_site(built):
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        parser = _Refs()
        parser.feed(text)
        for ref in parser.refs:
            assert not re.match(r"\s*(https?:)?//", ref, re.I), f"{page.name}: external reference {ref}"
            assert not ref.startswith("javascript:"), f"{page.name}: {ref}"
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text, re.I), page.name
        assert "<link" not in text


def test_refuses_to_replace_a_directory_it_did_not_generate(tmp_path):
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    with pytest.raises(publish.PublishError):
        build_site(catalogue_model(), precious)
    assert (precious / "thesis.docx").read_text() == "years of work"


# --- atomic publishing -------------------------------------------------------------------

def test_failure_midway_leaves_previous_site_and_no_temp_dirs(tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_site(catalogue_model(), out)
    before = page_files(out)

    real_write = site._write_page
    calls = []

    def failing_write(path, html):
        calls.append(path)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_write(path, html)

    monkeypatch.setattr(site, "_write_page", failing_write)
    changed = catalogue_model()
    changed["datasets"][1]["title_th"] = "ชื่อใหม่"
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(changed, out)

    assert len(calls) == 3
    assert page_files(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_failure_at_the_swap_restores_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_site(catalogue_model(), out)
    before = page_files(out)
    real_rename = publish.os.rename

    def rename(src, dst):
        if ".new-" in Path(src).name:
            raise OSError("rename failed")
        return real_rename(src, dst)

    monkeypatch.setattr(publish.os, "rename", rename)
    with pytest.raises(OSError, match="rename failed"):
        build_site(catalogue_model(), out)
    assert page_files(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_first_build_failure_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(site, "_write_page", lambda path, html: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        build_site(catalogue_model(), tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


# --- escaping ----------------------------------------------------------------------------

def test_json_in_script_cannot_close_the_script():
    text = str(render.json_script({"d": "</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"d": "</script><!-- & \u2028"}


def test_xss_payloads_are_escaped_in_the_html(tmp_path):
    out = tmp_path / "site"
    build_site(xss_model(), out)
    for page in (out / "index.html", out / "datasets" / "depositors.html"):
        text = page.read_text(encoding="utf-8")
        assert XSS not in text
        assert "<img src=x" not in text
        assert 'onmouseover="alert' not in text
        assert text.count("<script") == (2 if page.name == "index.html" else 0)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "datasets" / "depositors.html").read_text()


def test_xss_payloads_show_as_text_and_never_run(tmp_path, browser):
    out = tmp_path / "site"
    build_site(xss_model(), out)
    index = browser.open(out / "index.html")
    dataset = browser.open(out / "datasets" / "depositors.html")
    for opened in (index, dataset):
        assert opened.dialogs == []
        assert opened.errors == []
        assert opened.page.evaluate("document.querySelectorAll('img').length") == 0
    assert dataset.page.locator("script").count() == 0
    assert index.page.locator("script").count() == 2

    index.page.fill("#q", "alert")
    index.page.hover("#datasets tbody tr", timeout=2000)
    assert index.visible_count("#datasets tbody tr") == 1
    dataset.page.hover(f'tr[data-column="{XSS}\\" onmouseover=\\"alert(4)"]', timeout=2000)
    for opened in (index, dataset):
        opened.page.wait_for_timeout(200)
        assert opened.dialogs == []
    assert XSS in dataset.page.inner_text("#description")
    assert dataset.page.get_by_text(XSS, exact=True).count() >= 5


# --- in the browser: index ---------------------------------------------------------------

def test_index_lists_datasets_with_thai_text(built, browser):
    index = browser.open(built / "index.html")
    page = index.page
    assert "แคตตาล็อกข้อมูล · Data catalogue" in page.title()
    assert "องค์การคลังสินค้า" in page.title()
    assert index.visible_count("#datasets tbody tr") == 4
    row = page.locator('#datasets tbody tr[data-slug="depositors"]')
    text = row.inner_text()
    for expected in ("ทะเบียนผู้ฝากสินค้า", "Depositors", "ข้อมูลหลัก", "ลับ", "สมศรี ใจดี", "วิชัย รักข้อมูล",
                     "5,000", "PII", "2"):
        assert expected in text
    assert "1,234,567" in page.locator('tr[data-slug="stock_movements"]').inner_text()
    assert "ยังไม่ได้กำหนด" in page.locator('tr[data-slug="stock_movements"]').inner_text()
    assert "เปิดเผย" in page.locator('tr[data-slug="rice_stock_monthly"]').inner_text()
    page.click('a[href="datasets/warehouses.html"]')
    assert page.url.endswith("/datasets/warehouses.html")
    assert index.blocked_requests == [] and index.errors == []


def test_index_summary_and_bangkok_time(built, browser):
    page = browser.open(built / "index.html").page
    assert page.inner_text("#generated-at") == "2026-11-25 12:14 ICT (25 พ.ย. 2569)"
    assert page.inner_text("#count-datasets") == "4"
    for kind, count in {"master": "1", "reference": "1", "transactional": "1", "warehouse": "1"}.items():
        assert page.inner_text(f"#count-kind-{kind}") == count
    assert page.inner_text("#count-gaps") == "5"
    assert page.inner_text("#count-undeclared") == "1"
    cards = page.inner_text(".cards")
    for label in ("ข้อมูลหลัก", "ข้อมูลอ้างอิง", "ข้อมูลธุรกรรม", "คลังข้อมูล"):
        assert label in cards
    assert "tmp_export_2026" in page.inner_text("#undeclared")


def test_thai_text_is_drawn_with_a_thai_font(built, browser):
    opened = browser.open(built / "index.html")
    fonts = opened.fonts_used('tr[data-slug="depositors"] td:nth-child(2)')
    assert THAI_FONTS & set(fonts), fonts


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ผู้ฝาก", {"depositors"}),                            # Thai word in a title and a tag
        ("commodity_code", {"stock_movements"}),             # a column name
        ("วิชัย", {"depositors", "warehouses", "stock_movements"}),  # an owner
        ("ข้าว", {"stock_movements", "rice_stock_monthly"}),   # Thai in descriptions
        ("STOCK", {"stock_movements", "rice_stock_monthly"}),  # case-insensitive
        ("ข้าว monthly", {"rice_stock_monthly"}),               # every word must match
        ("province", {"warehouses"}),
        ("ไม่มีอะไรตรงเลย", set()),
    ],
)
def test_search_box_filters_rows_live(built, browser, query, expected):
    opened = browser.open(built / "index.html")
    page = opened.page
    page.fill("#q", query)
    visible = {page.locator("#datasets tbody tr").nth(i).get_attribute("data-slug")
               for i in range(4) if page.locator("#datasets tbody tr").nth(i).is_visible()}
    assert visible == expected
    assert opened.visible_count("#datasets tbody tr") == len(expected)
    assert page.inner_text("#shown-count") == str(len(expected))
    assert page.locator("#no-match").is_visible() == (not expected)
    page.fill("#q", "")
    assert opened.visible_count("#datasets tbody tr") == 4


def test_kind_and_classification_filters(built, browser):
    opened = browser.open(built / "index.html")
    page = opened.page
    page.click('[data-kind-filter="reference"]')
    assert opened.visible_count("#datasets tbody tr") == 1
    assert page.locator('tr[data-slug="warehouses"]').is_visible()
    assert page.get_attribute('[data-kind-filter="reference"]', "aria-pressed") == "true"
    page.click('[data-kind-filter=""]')
    assert opened.visible_count("#datasets tbody tr") == 4
    page.select_option("#classification", "internal")
    assert opened.visible_count("#datasets tbody tr") == 2
    page.click('[data-kind-filter="transactional"]')
    assert opened.visible_count("#datasets tbody tr") == 1
    page.fill("#q", "ผู้ฝาก")
    assert opened.visible_count("#datasets tbody tr") == 0
    assert page.locator("#no-match").is_visible()


# --- in the browser: a dataset page ------------------------------------------------------

def test_dataset_page_shows_owners_security_and_lifecycle(built, browser):
    opened = browser.open(built / "datasets" / "depositors.html")
    page = opened.page
    assert "สมศรี ใจดี" in page.inner_text("#owner-business_owner")
    assert "เจ้าของข้อมูลด้านธุรกิจ" in page.inner_text("#owner-business_owner")
    assert "วิชัย รักข้อมูล" in page.inner_text("#owner-digital_owner")
    assert "ผู้ดูแลข้อมูล" in page.inner_text("#owner-steward")
    security = page.inner_text("#security")
    for expected in ("ลับ", "Confidential", "เลขประจำตัวประชาชน", "การปฏิบัติตามสัญญา", "mobile"):
        assert expected in security
    lifecycle = page.inner_text("#lifecycle")
    for expected in ("วงจรชีวิตข้อมูล", "1 ม.ค. 2558", "ใช้งาน", "10 ปี", "1 ม.ค. 2578", "secure erase"):
        assert expected in lifecycle
    assert "2569" in page.inner_text("footer")
    assert opened.blocked_requests == [] and opened.errors == []


def test_buddhist_era_input_date_is_converted_not_doubled(built, browser):
    page = browser.open(built / "datasets" / "rice_stock_monthly.html").page
    assert "2022-10-01 (1 ต.ค. 2565)" in page.inner_text("#lifecycle")
    assert "ยังไม่ได้เก็บข้อมูล" in page.inner_text("#row-count")


def test_dataset_page_highlights_pii_columns(built, browser):
    page = browser.open(built / "datasets" / "depositors.html").page
    declared = page.locator('tr[data-column="national_id"] td.pii').first
    undeclared = page.locator('tr[data-column="mobile"] td.pii-undeclared').first
    assert "เลขประจำตัวประชาชน" in declared.inner_text()
    assert "หมายเลขโทรศัพท์" in undeclared.inner_text()
    plain = page.locator('tr[data-column="depositor_id"] td').nth(5)
    background = "el => getComputedStyle(el).backgroundColor"
    assert declared.evaluate(background) not in ("rgba(0, 0, 0, 0)", plain.evaluate(background))
    assert undeclared.evaluate(background) != declared.evaluate(background)
    depositor_pii = 'tr[data-column="depositor_id"] td.pii, tr[data-column="depositor_id"] td.pii-undeclared'
    assert page.locator(depositor_pii).count() == 0
    assert "ไม่มีคำอธิบาย" in page.inner_text('tr[data-column="mobile"]')
    assert "12 (0.2%)" in page.inner_text('tr[data-column="mobile"]')


def test_dataset_page_shows_gaps_drift_and_back_link(built, browser):
    page = browser.open(built / "datasets" / "depositors.html").page
    gaps = page.locator("#gaps tbody tr")
    assert gaps.count() == 2
    assert gaps.first.get_attribute("data-gap") == "undeclared_pii"  # worst first
    assert "พบข้อมูลส่วนบุคคลที่ไม่ได้ประกาศ" in gaps.first.inner_text()
    assert "สูง" in gaps.first.inner_text()
    assert "เพิ่มคอลัมน์" in page.inner_text("#drift")
    page.click("a.back >> nth=0")
    assert page.url.endswith("/index.html")


def test_gd_catalog_lists_all_fourteen_fields_and_flags_missing(built, browser):
    page = browser.open(built / "datasets" / "depositors.html").page
    rows = page.locator("#gd-catalog tbody tr[data-field]")
    assert rows.count() == 14 == len(GD_CATALOG_FIELDS)
    assert page.locator("#gd-catalog tr.missing").count() == 12
    assert "ชื่อชุดข้อมูล" in page.inner_text('#gd-catalog tr[data-field="title"]')
    assert "ยังไม่มี" in page.inner_text('#gd-catalog tr[data-field="maintainer"]')
    assert "2/14" in page.inner_text("#gd-catalog h2")
    complete = browser.open(built / "datasets" / "warehouses.html").page
    assert complete.locator("#gd-catalog tr.missing").count() == 0
    assert "คลังสินค้า, warehouse" in complete.inner_text('#gd-catalog tr[data-field="tags"]')
    empty = browser.open(built / "datasets" / "stock_movements.html").page
    assert empty.locator("#gd-catalog tr.missing").count() == 14


def test_missing_owner_and_past_retention_are_flagged(built, browser):
    page = browser.open(built / "datasets" / "stock_movements.html").page
    owner = page.locator("#owner-business_owner")
    assert "ยังไม่ได้กำหนด" in owner.inner_text()
    assert "missing" in owner.get_attribute("class")
    assert "เกินระยะเวลาการเก็บรักษา" in page.inner_text("#lifecycle")


# --- no harvest yet, slugs, small helpers ------------------------------------------------

def test_site_before_any_harvest(tmp_path, browser):
    model = catalogue_model()
    model["snapshot"] = None
    model["undeclared"] = []
    for ds in model["datasets"]:
        ds.update(row_count=None, columns=[], drift=[])
    build_site(model, tmp_path / "site")
    page = browser.open(tmp_path / "site" / "index.html").page
    assert "ยังไม่มีการเก็บข้อมูลจากแหล่งข้อมูล" in page.inner_text(".page-head")
    assert page.inner_text('tr[data-slug="depositors"] td.num >> nth=0') == "—"


def test_empty_catalogue_builds(tmp_path):
    model = {"generated_at": "2026-11-25T05:14:00+00:00", "organisation": catalogue_model()["organisation"],
             "snapshot": None, "datasets": [], "undeclared": []}
    assert build_site(model, tmp_path / "site") == [tmp_path / "site" / "index.html"]


def test_slugs_are_safe_and_distinct(tmp_path):
    assert slugify("depositors") == "depositors"
    assert slugify("Stock Movements") == "stock-movements"
    assert "/" not in slugify("../../etc/passwd") and ".." not in slugify("../../etc/passwd")
    assert re.fullmatch(r"dataset-[0-9a-f]{10}", slugify("ทะเบียน"))
    model = catalogue_model()
    twin = copy.deepcopy(model["datasets"][1])
    twin["name"] = "Warehouses"
    model["datasets"].append(twin)
    evil = copy.deepcopy(model["datasets"][1])
    evil["name"] = "../../escape"
    model["datasets"].append(evil)
    paths = build_site(model, tmp_path / "site")
    pages = [p for p in paths if p.parent.name == "datasets"]
    assert len(pages) == len(set(pages)) == 6
    assert all(p.parent == tmp_path / "site" / "datasets" for p in pages)


def test_retention_label():
    assert retention_label("10y") == "10 ปี · 10 years"
    assert retention_label("1y") == "1 ปี · 1 year"
    assert retention_label("18m") == "18 เดือน · 18 months"
    assert retention_label("permanent") == "ถาวร · Permanent"
    assert retention_label("until the contract ends") == "until the contract ends"
    assert retention_label(None) == ""


# --- quality, issues, scan time, cards and reports (issue 10) -----------------------------------------------

def test_every_check_type_khlang_runs_has_a_thai_and_english_label():
    from khlang.quality.consistency import CONSISTENCY_TYPES
    from khlang.quality.expectations import EXPECTATIONS
    from khlang.quality.security import SECURITY_RULES
    from khlang.quality.service import UNREADABLE
    from khlang.report import labels

    codes = {*EXPECTATIONS, *CONSISTENCY_TYPES, *SECURITY_RULES, UNREADABLE}
    assert codes - set(labels.CHECK_TYPES) == set()
    assert {"expectation", "consistency", "security"} <= set(labels.CHECK_KINDS)
    for table in (labels.CHECK_TYPES, labels.CHECK_KINDS, labels.REPORT_KINDS):
        assert all(lab.th and lab.en and lab.th != lab.en for lab in table.values())


def _with_issues_and_no_gaps() -> dict:
    """warehouses has no catalogue gap, but two open issues and a failing check."""
    model = catalogue_model()
    ds = model["datasets"][1]
    ds["quality"] = {"checked_at": "2026-11-25T04:00:00+00:00",
                     "scores": {"overall": {"score": 62.5, "checks": 8}, "validity": {"score": 50.0, "checks": 4},
                                "completeness": {"score": 75.0, "checks": 4}},
                     "failing": [{"check": "expect_column_values_to_match_regex:province", "kind": "expectation",
                                  "type": "expect_column_values_to_match_regex", "column": "province",
                                  "dimension": "validity", "severity": "medium", "element_count": 412,
                                  "unexpected_count": 7, "error": None}]}
    ds["issues"] = [
        {"id": 41, "title": "warehouses.province: pattern", "severity": "critical", "status": "open",
         "due": "2026-11-20", "overdue_days": 5},
        {"id": 42, "title": "ที่ตั้งคลังไม่ครบ", "severity": "medium", "status": "rca_in_progress",
         "due": "2026-12-10", "overdue_days": 0},
    ]
    ds["scanned_at"] = "2026-11-25T03:30:00+00:00"
    model["datasets"][0]["quality"] = {"checked_at": "2026-11-25T04:00:00+00:00",
                                       "scores": {"overall": {"score": 100.0, "checks": 3}}, "failing": []}
    return model


def test_a_page_with_open_issues_never_says_no_gaps(tmp_path, browser):
    build_site(_with_issues_and_no_gaps(), tmp_path / "site")
    page = browser.open(tmp_path / "site" / "datasets" / "warehouses.html").page
    text = page.inner_text("body")
    assert "No gaps found" not in text and "ไม่พบช่องว่าง" not in text and "No problems" not in text
    assert "health-problems" in page.get_attribute("#health", "class")
    assert "2 ประเด็นปัญหาที่ยังไม่ปิด" in page.inner_text("#health")
    assert page.locator("#gaps-but").is_visible()
    assert page.inner_text("#quality-score") == "62.5%"
    assert page.inner_text("#checked-at") == "2026-11-25 11:00 ICT (25 พ.ย. 2569)"
    assert "2026-11-25 10:30 ICT (25 พ.ย. 2569)" in page.inner_text("#last-scan")
    failing = page.locator('#failing tr[data-check="expect_column_values_to_match_regex:province"]').inner_text()
    for expected in ("ค่าต้องตรงตามรูปแบบ", "Values match the pattern", "ความถูกต้องตามรูปแบบ", "ปานกลาง", "7 / 412"):
        assert expected in failing
    critical = page.locator("#issue-41")
    assert "วิกฤต" in critical.inner_text() and "เปิด รอรับเรื่อง" in critical.inner_text()
    assert "2026-11-20 (20 พ.ย. 2569)" in critical.inner_text() and "เกินกำหนด 5 วัน" in critical.inner_text()
    assert "overdue" in critical.get_attribute("class")
    assert "กำลังวิเคราะห์สาเหตุ" in page.inner_text("#issue-42")
    # rice_stock_monthly was never checked: not "every check passed"
    unknown = browser.open(tmp_path / "site" / "datasets" / "rice_stock_monthly.html").page
    assert "health-problems" in unknown.get_attribute("#health", "class")  # it has a gap
    assert "ยังไม่มีผลการตรวจคุณภาพ" in unknown.inner_text("#failing")
    # a dataset with gaps but nothing else still is a page with problems
    depositors = browser.open(tmp_path / "site" / "datasets" / "depositors.html").page
    assert "health-problems" in depositors.get_attribute("#health", "class")
    assert "ผ่านการตรวจทุกรายการ" in depositors.inner_text("#failing")


def test_no_problems_only_when_checked_and_nothing_is_open(tmp_path, browser):
    model = _with_issues_and_no_gaps()
    model["datasets"][1]["issues"] = []
    model["datasets"][1]["quality"]["failing"] = []
    clear = copy.deepcopy(model)
    build_site(clear, tmp_path / "clear")
    page = browser.open(tmp_path / "clear" / "datasets" / "warehouses.html").page
    assert "health-clear" in page.get_attribute("#health", "class")
    assert "ไม่มีประเด็นปัญหาที่ยังเปิดอยู่" in page.inner_text("#issues")
    model["datasets"][1]["quality"] = None
    build_site(model, tmp_path / "unknown")
    page = browser.open(tmp_path / "unknown" / "datasets" / "warehouses.html").page
    assert "health-unknown" in page.get_attribute("#health", "class")
    assert "No problems" not in page.inner_text("body")


def _card_targets(index: Path) -> list[tuple[str, Path, str]]:
    from urllib.parse import urlsplit

    parser = _Cards()
    parser.feed(index.read_text(encoding="utf-8"))
    out = []
    for card_id, href in parser.cards:
        parts = urlsplit(href)
        out.append((card_id, (index.parent / (parts.path or index.name)).resolve(), parts.fragment))
    return out


class _Cards(HTMLParser):
    """The summary cards of the home page: (id, href) of each, or (id, None) when it is not a link."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[tuple[str, str | None]] = []
        self.ids: set[str] = set()
        self._in_cards = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if "cards" in (a.get("class") or "").split():
            self._in_cards = 1
        elif self._in_cards == 1 and tag in ("a", "div") and "card" in (a.get("class") or "").split():
            self.cards.append((a.get("id") or "", a.get("href") if tag == "a" else None))

    def handle_endtag(self, tag):
        if tag == "section":
            self._in_cards = 0


def test_every_home_card_links_to_what_it_counts(tmp_path, browser):
    build_site(_with_issues_and_no_gaps(), tmp_path / "site")
    index = tmp_path / "site" / "index.html"
    targets = _card_targets(index)
    assert len(targets) == 8  # datasets, four kinds, gaps, issues, undeclared
    for card_id, path, fragment in targets:
        assert path.is_file(), card_id
        ids = _Cards()
        ids.feed(path.read_text(encoding="utf-8"))
        assert fragment in ids.ids, f"{card_id}: #{fragment} is not on {path.name}"
    opened = browser.open(index)
    page = opened.page
    assert page.locator("#all-gaps tbody tr").count() == int(page.inner_text("#count-gaps")) == 5
    assert page.locator("#all-issues tbody tr").count() == int(page.inner_text("#count-issues")) == 2
    assert page.locator("#undeclared tbody tr").count() == int(page.inner_text("#count-undeclared"))
    for kind in ("master", "reference", "transactional", "warehouse"):
        page = browser.open(index).page
        count = int(page.inner_text(f"#count-kind-{kind}"))
        page.click(f"#card-kind-{kind}")
        page.wait_for_load_state("load")
        assert f"kind={kind}" in page.url
        assert page.locator("#datasets tbody tr >> visible=true").count() == count
        assert page.get_attribute(f'[data-kind-filter="{kind}"]', "aria-pressed") == "true"
        assert {page.locator("#datasets tbody tr >> visible=true").nth(i).get_attribute("data-kind")
                for i in range(count)} == {kind}
    page = browser.open(index).page
    page.click("#card-issues")
    assert page.url.endswith("#all-issues")
    page.click('#all-issues a[href="datasets/warehouses.html#issue-41"]')
    assert page.url.endswith("/datasets/warehouses.html#issue-41")
    assert opened.errors == [] and opened.blocked_requests == []


def test_report_links_exist_only_for_reports_produced(tmp_path, browser):
    from khlang.catalog.view import produced_reports

    reports = tmp_path / "reports"
    for rel in ("committee/2026Q3", "committee/2026Q4", "backup/2026-11", "linkage"):
        (reports / rel).mkdir(parents=True)
        (reports / rel / "index.html").write_text(f"<title>{rel}</title>", encoding="utf-8")
    (reports / "committee" / ".2026Q4.new-abc").mkdir()  # a build under way is not a report
    (reports / "committee" / ".2026Q4.new-abc" / "index.html").write_text("x", encoding="utf-8")
    (reports / "pir" / "ERP").mkdir(parents=True)  # a folder without its page is not a report
    model = catalogue_model()
    model["reports"] = produced_reports(reports)
    assert [r["code"] for r in model["reports"]["committee"]] == ["2026Q4", "2026Q3"]
    build_site(model, reports / "catalog")
    index = reports / "catalog" / "index.html"
    page = browser.open(index).page
    links = page.locator("a[data-report]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["../committee/2026Q4/index.html", "../committee/2026Q3/index.html",
                     "../linkage/index.html", "../backup/2026-11/index.html"]
    assert all((index.parent / h).resolve().is_file() for h in hrefs)
    assert "ไตรมาส 4/2569" in page.inner_text("#reports-committee")
    assert "พฤศจิกายน 2569" in page.inner_text("#reports-backup")
    assert "ยังไม่ได้จัดทำ" in page.inner_text("#reports-pir")
    assert page.locator('[data-report-missing="pir"]').count() == 1
    page.click('a[href="../committee/2026Q3/index.html"]')
    assert page.url.endswith("/committee/2026Q3/index.html")
    # a site published elsewhere links back to the same files
    elsewhere = tmp_path / "share" / "catalogue"
    build_site(model, elsewhere)
    text = (elsewhere / "index.html").read_text(encoding="utf-8")
    assert 'href="../../reports/committee/2026Q4/index.html"' in text
    # a model without report discovery has no report section (the tests' plain model)
    build_site(catalogue_model(), tmp_path / "plain")
    assert 'id="reports"' not in (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def governed(tmp_path_factory, sample_dir):
    """The sample (with its planted defects) through quality, catalogue sync, issues sync and the committee and
    linkage reports, then the site built as the DAGs build it."""
    import contextlib
    import io
    import shutil

    from khlang.cli import main

    home = tmp_path_factory.mktemp("governed")
    repo = Path(__file__).resolve().parents[1]
    shutil.copytree(repo / "catalog", home / "catalog")
    shutil.copytree(repo / "expectations", home / "expectations")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in {"KHLANG_HOME": str(home), "KHLANG_DATA_DIR": str(sample_dir),
                           "KHLANG_VAR_DIR": str(home / "var"), "KHLANG_REPORTS_DIR": str(home / "reports"),
                           "OPENLINEAGE_DISABLED": "true"}.items():
            mp.setenv(key, value)
        for var in ("KHLANG_STORE_URL", "KHLANG_CATALOG_DIR", "KHLANG_EXPECTATIONS_DIR", "KHLANG_LINEAGE_DIR"):
            mp.delenv(var, raising=False)
        for argv in (["quality", "run", "--run-key", "q1"], ["catalog", "sync", "--run-key", "c1"]):
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(argv) == 0, argv
        from khlang.catalog import tasks as catalog_tasks
        from khlang.governance.service import build_report, sync
        from khlang.linkage import tasks as linkage_tasks

        sync("i1")  # as the khlang_issues DAG runs it
        build_report(pdf=False)
        linkage_tasks.report("l1")
        index = Path(catalog_tasks.site())
        from khlang.config import settings
        from khlang.store import open_store

        yield {"home": home, "index": index, "store": open_store(settings().store_url)}


def test_dataset_page_shows_score_failing_checks_open_issues_and_scan(governed, browser):
    from khlang.catalog.view import latest_snapshot, next_due
    from khlang.dates import format_both, format_datetime_bangkok
    from khlang.governance.views import issue_views
    from khlang.governance.vocabulary import UNRESOLVED
    from khlang.quality.records import latest_results
    from khlang.quality.scores import compute
    from khlang.report.labels import CHECK_TYPES

    store = governed["store"]
    results = [r for r in latest_results(store) if r.dataset == "depositors"]
    failing = {r.check: r for r in results if not r.success}
    issues = [v for v in issue_views(store, dataset="depositors") if v.status in UNRESOLVED]
    assert failing and issues and any(v.severity == "critical" for v in issues)  # the planted defects
    page = browser.open(governed["index"].parent / "datasets" / "depositors.html").page
    score = compute(results)["depositors"]["overall"]["score"]
    assert page.inner_text("#quality-score") == f"{score:.1f}%"
    rows = page.locator("#failing tbody tr")
    assert {rows.nth(i).get_attribute("data-check") for i in range(rows.count())} == set(failing)
    for check, r in failing.items():
        text = page.locator(f'#failing tr[data-check="{check}"]').inner_text()
        assert CHECK_TYPES[r.type].th in text and CHECK_TYPES[r.type].en in text
    shown = page.locator("#issues tbody tr")
    assert {int(shown.nth(i).get_attribute("data-issue")) for i in range(shown.count())} == {v.id for v in issues}
    for v in issues:
        row = page.inner_text(f"#issue-{v.id}")
        assert v.title in row and format_both(next_due(v)) in row
    critical = next(v for v in issues if v.severity == "critical")
    assert "วิกฤต · Critical" in page.inner_text(f"#issue-{critical.id}")
    taken = latest_snapshot(store)["taken_at"]
    assert page.inner_text("#last-scan") == format_datetime_bangkok(taken)
    assert "ICT" in page.inner_text("#last-scan") and str(taken.year + 543) in page.inner_text("#last-scan")
    assert "health-problems" in page.get_attribute("#health", "class")


def test_no_site_page_says_no_gaps_while_its_dataset_has_open_issues(governed):
    from khlang.governance.views import issue_views
    from khlang.governance.vocabulary import UNRESOLVED
    from khlang.quality.records import latest_results

    store = governed["store"]
    open_by = {}
    for v in issue_views(store):
        if v.status in UNRESOLVED and v.dataset:
            open_by[v.dataset] = open_by.get(v.dataset, 0) + 1
    failing = {r.dataset for r in latest_results(store) if not r.success}
    pages = sorted((governed["index"].parent / "datasets").glob("*.html"))
    with_problems = [p for p in pages if p.stem in open_by or p.stem in failing]
    assert len(with_problems) >= 5
    for page in with_problems:
        text = page.read_text(encoding="utf-8")
        assert "No gaps found" not in text and "ไม่พบช่องว่าง" not in text, page.name
        assert "No problems" not in text and "No open issues" not in text, page.name
        assert "health-problems" in text
        if page.stem in open_by:
            assert text.count('data-issue="') == open_by[page.stem], page.name
    index = governed["index"].read_text(encoding="utf-8")
    assert f'id="count-issues">{sum(1 for v in issue_views(store) if v.status in UNRESOLVED)}<' in index


def test_the_sites_report_links_resolve(governed, browser):
    index = governed["index"]
    opened = browser.open(index)
    page = opened.page
    links = page.locator("a[data-report]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "../linkage/index.html" in hrefs and any(h.startswith("../committee/") for h in hrefs)
    for href in hrefs:
        assert (index.parent / href).resolve().is_file(), href
    assert page.locator('[data-report-missing="backup"]').count() == 1  # not produced in this installation
    assert page.locator('[data-report-missing="pir"]').count() == 1
    committee = next(h for h in hrefs if h.startswith("../committee/"))
    page.click(f'a[href="{committee}"]')
    assert "รายงาน" in page.title()
    for card_id, path, fragment in _card_targets(index):
        assert path.is_file() and f'id="{fragment}"' in path.read_text(encoding="utf-8"), card_id
