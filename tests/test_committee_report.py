"""The committee report as a reader sees it in headless Chromium: Thai headings, the store's numbers,
inline SVG charts, nothing fetched, escaped text; its PDF; atomic rebuilds; past periods as they stood."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from browser import Browser
from governance_support import only_data_sources

from khlang.cli import main

REPO = Path(__file__).resolve().parents[1]
THAI_FONTS = {"Noto Sans Thai", "Loma", "Garuda"}
XSS = "<script>alert('x')</script> <img src=x onerror=alert(2)>"
TITLE = "รายงานต่อคณะกรรมการกำกับดูแลและการบริหารจัดการข้อมูลขนาดใหญ่"


def cli(*argv) -> dict | str:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    assert code == 0, f"khlang {' '.join(argv)}: {err.getvalue()}"
    return json.loads(out.getvalue()) if "--format" in argv else out.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory, sample_dir):
    """A store that went through a quarter: issues opened in Q3, analysed, partly fixed in Q4."""
    root = tmp_path_factory.mktemp("committee")
    home = root / "home"
    shutil.copytree(REPO / "catalog", home / "catalog")
    shutil.copytree(REPO / "expectations", home / "expectations")
    data = root / "data"
    shutil.copytree(sample_dir, data)
    with pytest.MonkeyPatch.context() as mp, only_data_sources():
        mp.setenv("KHLANG_HOME", str(home))
        mp.setenv("KHLANG_DATA_DIR", str(data))
        mp.setenv("KHLANG_VAR_DIR", str(home / "var"))
        for var in ("KHLANG_STORE_URL", "KHLANG_CATALOG_DIR", "KHLANG_REPORTS_DIR", "KHLANG_EXPECTATIONS_DIR",
                    "KHLANG_LINEAGE_DIR", "KHLANG_CHROMIUM"):
            mp.delenv(var, raising=False)
        from khlang.config import settings
        from khlang.quality.records import latest_results
        from khlang.quality.scores import compute, store_scores
        from khlang.store import open_store

        quality = cli("quality", "run", "--run-key", "q1", "--format", "json")
        store = open_store(settings().store_url)
        # two earlier measurements of the same data, so trends and the previous period have values
        scores = compute(latest_results(store))
        store_scores(store, "q-sep", scores, dt.datetime(2026, 9, 15, 3, tzinfo=dt.UTC))
        store_scores(store, "q-oct", scores, dt.datetime(2026, 10, 15, 3, tzinfo=dt.UTC))
        cli("catalog", "sync", "--run-key", "c1", "--as-of", "2569-09-20")
        from identity_support import token_for

        mp.setenv("KHLANG_TOKEN", token_for("khlang"))  # the scheduler's account, as the DAG would
        q3 = cli("issues", "sync", "--run-key", "i1", "--as-of", "2569-09-20", "--format", "json")
        cli("policy", "check", "--run-key", "p-q3", "--as-of", "2569-09-30")
        listed = cli("issues", "list", "--format", "json")
        nulls = next(r for r in listed if r["code"] == "expect_column_values_to_not_be_null:warehouse_code")
        dup = next(r for r in listed if r["code"] == "expect_column_values_to_be_unique:national_id")
        mp.setenv("KHLANG_TOKEN", token_for("p06"))  # the steward
        cli("issues", "rca", str(nulls["id"]), "--cause-category", "process",
            "--why", "รายการรับเข้าบางรายการไม่มีรหัสคลัง", "--why", "ระบบไม่บังคับกรอกรหัสคลัง",
            "--action", "เติมรหัสคลังที่ขาดจากใบรับสินค้า|p06|2569-10-15", "--on", "2569-09-25")
        cli("issues", "rca", str(dup["id"]), "--cause-category", "people",
            "--why", "เจ้าหน้าที่ลงทะเบียนผู้ฝากซ้ำโดยไม่ค้นหาก่อน", "--on", "2569-10-05")
        # the steward fixes the NULL warehouse codes in Q4
        import duckdb

        movements = data / "transactional" / "stock_movements.parquet"
        con = duckdb.connect()
        code = con.execute("SELECT min(warehouse_code) FROM read_parquet(?)",
                           [str(data / "master" / "warehouses.parquet")]).fetchone()[0]
        con.execute(f"COPY (SELECT * REPLACE (coalesce(warehouse_code, '{code}') AS warehouse_code) "
                    f"FROM read_parquet('{movements}')) TO '{root / 'fixed.parquet'}' (FORMAT parquet)")
        con.close()
        shutil.move(root / "fixed.parquet", movements)
        cli("quality", "run", "--dataset", "stock_movements", "--run-key", "q2")
        mp.setenv("KHLANG_TOKEN", token_for("khlang"))
        q4 = cli("issues", "sync", "--run-key", "i2", "--as-of", "2569-11-20", "--format", "json")
        mp.setenv("KHLANG_TOKEN", token_for("p08"))  # someone of FIN raises FIN's issue
        manual = cli("issues", "open", "--category", "cost_ineffective", "--severity", "high",
                     "--unit", "FIN", "--title", XSS, "--on", "2569-11-21", "--format", "json")
        mp.setenv("KHLANG_TOKEN", token_for("p06"))  # a member of WHS assesses WHS
        cli("policy", "assess", "pdpa_training", "--unit", "WHS", "--result", "compliant",
            "--evidence", "บันทึกการอบรม PDPA", "--on", "2569-11-01")
        compliance = cli("policy", "check", "--run-key", "p-q4", "--as-of", "2569-11-25", "--format", "json")
        report = cli("report", "build", "--period", "2569Q4", "--as-of", "2569-11-25", "--format", "json")
        past = cli("report", "build", "--period", "2026Q3", "--no-pdf", "--format", "json")
        from khlang.governance.views import issue_views

        now = issue_views(store)
        yield {"home": home, "quality": quality, "q3": q3, "q4": q4, "nulls": nulls, "dup": dup,
               "manual": manual["id"], "compliance": compliance, "report": report, "past": past, "issues": now,
               "store": store, "mp": mp}


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def page(built, browser):
    opened = browser.open(Path(built["report"]["out"]) / "index.html")
    yield opened
    opened.page.context.close()


def text(page, selector: str) -> str:
    return page.page.locator(selector).first.inner_text().strip()


def test_files_and_the_directors_summary(built):
    out = Path(built["report"]["out"])
    assert out == built["home"] / "reports" / "committee" / "2026Q4"
    assert sorted(p.name for p in out.iterdir()) == [".khlang-generated", "index.html", "index.pdf", "summary.json"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    unresolved = [i for i in built["issues"] if i.status in ("open", "rca_in_progress", "action_planned")]
    assert summary["open_issues"] == len(unresolved)
    assert summary["resolved_in_period"] == 1
    assert summary["compliance"] == built["compliance"]["overall"]["score"]
    assert summary["quality_overall"] == built["quality"]["scores"]["overall"]
    assert {m["code"] for m in summary["matters"]} >= {"high_open", "overdue_actions"}
    assert all(m["th"] and m["en"] for m in summary["matters"])
    # what the Director must decide is named, not counted: every issue escalated to the Director is one decision
    escalated = {f"#{i.id}" for i in unresolved if i.escalation_level >= 3}
    named = {d["ref"] for d in summary["decisions_required"] if d["kind"] == "issue_escalated"}
    assert escalated and named == escalated
    assert summary["decisions"] == len(summary["decisions_required"])
    assert all(d["deciders"] and d["th"] and d["en"] for d in summary["decisions_required"])


def test_the_page_loads_offline_with_thai_headings_and_fonts(page):
    assert page.blocked_requests == [] and page.errors == [] and page.dialogs == []
    assert page.page.title().startswith(TITLE)
    assert page.page.get_by_role("heading", name=re.compile(TITLE)).is_visible()
    assert "ไตรมาส 4/2569" in text(page, "#period") and "Q4 2026" in text(page, "#period")
    assert text(page, "#as-of") == "2026-11-25 (25 พ.ย. 2569)"
    for heading in ("สรุปสำหรับผู้อำนวยการ", "คุณภาพข้อมูล", "ประเด็นปัญหาตามประเภท", "การวิเคราะห์สาเหตุที่แท้จริง",
                    "รายการเกินกำหนดและการรายงานตามลำดับชั้น", "การปฏิบัติตามนโยบายข้อมูล รายนโยบาย",
                    "การเปลี่ยนแปลงจากรอบก่อน", "ผลการตรวจสอบความสอดคล้องและความมั่นคงปลอดภัย",
                    "เรื่องที่ต้องตัดสินใจ", "การเชื่อมโยงข้อมูลกับหน่วยงานภายนอก", "การสำรองข้อมูลและการทดสอบกู้คืน",
                    "การประเมินผลหลังการใช้งานระบบ", "สถาปัตยกรรมองค์กร"):
        assert page.page.locator("h2", has_text=heading).is_visible(), heading
    assert set(page.fonts_used("#title")) & THAI_FONTS
    assert set(page.fonts_used("#issues-by-category td")) & THAI_FONTS


def test_numbers_match_the_store(page, built):
    unresolved = [i for i in built["issues"] if i.status in ("open", "rca_in_progress", "action_planned")]
    assert text(page, "#card-open") == str(len(unresolved))
    assert text(page, "#card-quality") == f"{built['quality']['scores']['overall']:.2f}%"
    assert text(page, "#card-compliance") == f"{built['compliance']['overall']['score']:.2f}%"
    for category in ("non_conformance", "low_data_quality", "cost_ineffective"):
        row = page.page.locator(f"#issues-by-category tr[data-category={category}] td.count")
        assert row.inner_text() == str(sum(i.category == category for i in unresolved)), category
    stock = page.page.locator("#dataset-scores tr[data-dataset=stock_movements] td.overall").inner_text()
    from sqlalchemy import select

    from khlang.quality.records import QualityScore

    with built["store"].reading() as s:
        newest = s.scalars(select(QualityScore).where(QualityScore.dataset == "stock_movements",
                                                      QualityScore.dimension == "overall")
                           .order_by(QualityScore.computed_at.desc()).limit(1)).one()
    assert stock == f"{newest.score:.2f}%"
    measure = {m["id"]: m for m in built["compliance"]["measures"]}["policies_communicated"]
    assert page.page.locator("#measures-in_process tr[data-measure=policies_communicated] td.value").inner_text() \
        == f"{measure['value']:.2f}%"
    # how the measure is computed is said beside it
    assert "Policies communicated within 5 days of approval" in \
        page.page.locator("#measures-in_process tr[data-measure=policies_communicated]").inner_text()
    # the check results behind the row shares were recorded after 25 Nov (the scores were back-dated): none shown
    assert "16.67%" in text(page, "#dataset-scores tr[data-dataset=depositors]"), "uniqueness: 1 of 6 checks"
    assert "of rows" not in text(page, "#dataset-scores tr[data-dataset=depositors]")


def test_charts_are_inline_svg(page):
    for chart in ("#chart-dimensions", "#chart-issues", "#chart-causes", "#chart-policies"):
        svg = page.page.locator(f"svg{chart}")
        assert svg.is_visible(), chart
        box = svg.bounding_box()
        assert box["width"] > 300 and box["height"] > 60, (chart, box)
    bars = page.page.locator("#chart-issues rect.bar")
    assert bars.count() >= 3
    widths = [float(bars.nth(i).get_attribute("width")) for i in range(bars.count())]
    assert all(w > 0 for w in widths)
    assert page.visible_count("#dataset-scores svg.spark") >= 10, "a trend line per dataset"
    assert page.page.locator("#chart-causes rect.bar").count() == 2, "two root causes analysed"


def test_issues_root_causes_and_overdue_actions(page, built):
    nulls, dup = built["nulls"]["id"], built["dup"]["id"]
    rca = page.page.locator(f"#rca-table tr[data-issue='{nulls}']")
    assert "กระบวนการ" in rca.inner_text() and "ระบบไม่บังคับกรอกรหัสคลัง" in rca.inner_text()
    assert "บุคลากร" in page.page.locator(f"#rca-table tr[data-issue='{dup}']").inner_text()
    overdue = page.page.locator("#overdue-actions").inner_text()
    assert "เติมรหัสคลังที่ขาดจากใบรับสินค้า" in overdue and "41" in overdue  # due 15 Oct, 41 days by 25 Nov
    assert page.page.locator("#overdue-issues tr[data-issue]").count() >= 10
    assert "ผู้อำนวยการ (ผอก.)" in text(page, "#overdue-issues"), "30+ days overdue reaches the Director"
    # issues read as what they are about, in Thai and English, not as check codes
    assert "stock_movements.warehouse_code: ค่าต้องไม่ว่าง" in rca.inner_text()
    assert "Values are not empty" in rca.inner_text()
    for table in ("#rca-table", "#overdue-actions", "#overdue-issues", "#open-issues", "#changes-resolved-list"):
        shown = text(page, table)
        assert "expect_column_values" not in shown and "pii_in_public" not in shown, table
    # what changed in Q4: the fixed issue resolved, the hand-raised issue new
    assert text(page, "#changes-resolved") == "1" and text(page, "#changes-opened") == "1"
    assert f"#{nulls}" in text(page, "#changes-resolved-list")


def test_text_from_the_store_is_escaped(page, built):
    row = page.page.locator(f"#open-issues tr[data-issue='{built['manual']}']")
    assert XSS in row.inner_text(), "shown as text"
    assert page.page.locator("#open-issues img").count() == 0 and page.dialogs == []
    html = (Path(built["report"]["out"]) / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;" in html


def test_the_pdf_has_the_pages_and_thai_fonts(built):
    pdf = (Path(built["report"]["out"]) / "index.pdf").read_bytes()
    assert pdf[:5] == b"%PDF-" and len(pdf) > 50_000
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 3
    fonts = {f.split(b"+")[-1].decode() for f in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", pdf)}
    assert any(f.startswith(("NotoSansThai", "Loma", "Garuda")) for f in fonts), fonts


def test_a_past_period_shows_the_state_at_its_end(built, browser):
    q3 = Path(built["past"]["out"])
    assert q3.name == "2026Q3" and not (q3 / "index.pdf").exists()
    summary = json.loads((q3 / "summary.json").read_text(encoding="utf-8"))
    assert summary["open_issues"] == len(built["q3"]["opened"]), "everything opened on 20 Sep was still open"
    assert summary["resolved_in_period"] == 0 and summary["opened_in_period"] == len(built["q3"]["opened"])
    opened = browser.open(q3 / "index.html")
    try:
        assert "ไตรมาส 3/2569" in opened.page.locator("#period").inner_text()
        assert opened.page.locator("#as-of").inner_text() == "2026-09-30 (30 ก.ย. 2569)"
        assert opened.page.locator(f"#rca-table tr[data-issue='{built['dup']['id']}']").count() == 0, \
            "analysed in October, after the period"
        assert opened.page.locator(f"#rca-table tr[data-issue='{built['nulls']['id']}']").count() == 1
        assert opened.page.locator("#card-quality").inner_text() == f"{built['quality']['scores']['overall']:.2f}%"
        # on 30 Sep 2026 LNK-2569-005 was still in legal review: nothing for the Director to decide yet
        assert opened.page.locator("tr[data-decision='linkage_decision:LNK-2569-005']").count() == 0
        row = opened.page.locator("#linkage-table tr[data-linkage='LNK-2569-005']").inner_text()
        assert "วิเคราะห์ข้อมูลและกฎหมาย" in row and "2026-08-27" in row
        assert opened.page.locator("#linkage-table tr[data-linkage='LNK-2569-012']").count() == 0, "requested later"
        assert opened.blocked_requests == []
    finally:
        opened.page.context.close()


def test_a_failed_rebuild_keeps_the_previous_report(built, capsys):
    out = Path(built["report"]["out"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    built["mp"].setenv("KHLANG_CHROMIUM", "/bin/false")
    try:
        code = main(["report", "build", "--period", "2026Q4", "--as-of", "2569-11-25"])
    finally:
        built["mp"].delenv("KHLANG_CHROMIUM")
    err = capsys.readouterr().err
    assert code == 1 and "Chromium did not print a PDF" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["2026Q3", "2026Q4"], "no half-built directory left"


@pytest.mark.parametrize("argv, message", [
    (["--period", "2026Q5"], "--period '2026Q5'"),
    (["--period", "2026Q4", "--as-of", "2569-09-01"], "outside the period 2026Q4"),
    (["--period", "2026Q4", "--as-of", "31/02/2569"], "--as-of: not a valid date"),
])
def test_bad_report_input_is_refused(built, capsys, argv, message):
    out = Path(built["report"]["out"])
    before = (out / "index.html").read_bytes()
    code = main(["report", "build", "--no-pdf", *argv])
    err = capsys.readouterr().err
    assert code == 2 and message in err, err
    assert (out / "index.html").read_bytes() == before


def _pdf_text(pdf: Path, page: int | None = None) -> str:
    """The PDF's text in the order it was painted (-raw): a wrapped cell's lines stay together."""
    import subprocess

    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-raw", *pages, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _table_cells(html: str) -> list[tuple[str, str]]:
    """(table id, text) of every piece of text in every cell, as a reader sees it (no SVG titles, no hidden
    separators); a cell's Thai and English lines are separate pieces, as they are separate lines on paper."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.cells: list[tuple[str, str]] = []
            self.table, self.cell, self.svg, self.hidden = "", None, 0, 0

        def handle_starttag(self, tag, attrs):  # noqa: ANN001
            a = dict(attrs)
            if tag == "table":
                self.table = a.get("id") or "?"
            elif tag in ("td", "th"):
                self.cell = []
            elif tag == "svg":
                self.svg += 1
            elif tag == "span" and "sep" in (a.get("class") or "").split():
                self.hidden += 1

        def handle_endtag(self, tag):  # noqa: ANN001
            if tag in ("td", "th") and self.cell is not None:
                self.cells += [(self.table, piece) for piece in self.cell if piece.strip()]
                self.cell = None
            elif tag == "svg":
                self.svg -= 1
            elif tag == "span" and self.hidden:
                self.hidden -= 1

        def handle_data(self, data):  # noqa: ANN001
            if self.cell is not None and not self.svg and not self.hidden:
                self.cell.append(data)

    parser = Cells()
    parser.feed(html)
    return parser.cells


def _squeeze(text: str) -> str:
    return "".join(text.split())


def test_the_pdf_loses_no_cell_of_any_table(built):
    out = Path(built["report"]["out"])
    cells = [(t, c) for t, c in _table_cells((out / "index.html").read_text(encoding="utf-8")) if c.strip()]
    pdf = _squeeze(_pdf_text(out / "index.pdf"))
    missing = [(t, c) for t, c in cells if _squeeze(c) not in pdf]
    assert len(cells) > 100 and not missing, missing[:10]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count("กำหนดวิเคราะห์สาเหตุ") <= pdf.count("กำหนดวิเคราะห์สาเหตุ")


def test_every_pdf_page_has_its_number_and_the_classification(built):
    import subprocess

    pdf = Path(built["report"]["out"]) / "index.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert pages >= 3 and len(sizes) == pages
    assert any(float(w) > float(h) for w, h in sizes), "wide tables print on landscape pages"
    for n in range(1, pages + 1):
        text = _pdf_text(pdf, n)
        assert f"หน้า {n}/{pages}" in text and f"Page {n} of {pages}" in text, n
        assert "ชั้นความลับ: ใช้ภายใน" in text, n
    last = _pdf_text(pdf, pages)
    assert "การรับทราบของผู้อำนวยการ" in _pdf_text(pdf) and "ลงชื่อ ผู้อำนวยการองค์การคลังสินค้า" in last


def test_chart_labels_lie_inside_their_charts(page):
    boxes = page.page.evaluate("""() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
        const vb = svg.viewBox.baseVal;
        return [...svg.querySelectorAll('text')].map(t => {
            const b = t.getBBox();
            return {chart: svg.id, text: t.textContent, x: b.x, y: b.y, right: b.x + b.width,
                    bottom: b.y + b.height, width: vb.width, height: vb.height};
        });
    })""")
    assert len(boxes) > 20
    outside = [b for b in boxes if b["x"] < 0 or b["y"] < 0 or b["right"] > b["width"] or b["bottom"] > b["height"]]
    assert not outside, outside[:5]
    labels = {b["text"] for b in boxes}
    # whole: "not conforming to the data policy", never cut to "conforming"
    assert any(text.startswith("ไม่เป็นไปตามนโยบายข้อมูล") for text in labels), labels
