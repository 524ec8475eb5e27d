"""The lineage graph on dataset pages: inline SVG, links that work, every label escaped, in Chromium."""

from __future__ import annotations

import copy
import re

import pytest
from browser import Browser
from test_site import XSS, catalogue_model, page_files

from khlang.cli import main
from khlang.report.site import build_site


def lineage_model() -> dict:
    """The site test's model, with systems and declared lineage added as site_model adds them."""
    model = catalogue_model()
    graph = {
        "dataset": "rice_stock_monthly",
        "nodes": [
            {"id": "system:WMS", "kind": "system", "name": "WMS", "label": "ระบบบริหารคลังสินค้า", "label_en": "WMS"},
            {"id": "system:DW", "kind": "system", "name": "DW", "label": "คลังข้อมูลองค์การ", "label_en": ""},
            {"id": "dataset:stock_movements", "kind": "dataset", "name": "stock_movements",
             "label": "การเคลื่อนไหวสินค้า", "label_en": "Stock movements"},
            {"id": "dataset:rice_stock_monthly", "kind": "dataset", "name": "rice_stock_monthly",
             "label": "ยอดคงเหลือข้าวรายเดือน", "label_en": "Monthly rice stock"},
            {"id": "report:รายงานข้าว", "kind": "report", "name": "รายงานข้าว", "label": "รายงานข้าวต่อผู้บริหาร"},
            {"id": "agency:LNK-1", "kind": "agency", "name": "LNK-1", "label": "กรมการค้าภายใน", "label_en": "DIT"},
        ],
        "edges": [
            {"from": "system:WMS", "to": "dataset:stock_movements"},
            {"from": "dataset:stock_movements", "to": "dataset:rice_stock_monthly"},
            {"from": "system:DW", "to": "dataset:rice_stock_monthly"},
            {"from": "dataset:rice_stock_monthly", "to": "report:รายงานข้าว"},
            {"from": "dataset:rice_stock_monthly", "to": "agency:LNK-1"},
        ],
        "upstream": ["system:WMS", "system:DW", "dataset:stock_movements"],
        "downstream": ["report:รายงานข้าว", "agency:LNK-1"],
    }
    by_name = {ds["name"]: ds for ds in model["datasets"]}
    by_name["rice_stock_monthly"]["lineage"] = graph
    by_name["stock_movements"]["lineage"] = {
        "dataset": "stock_movements",
        "nodes": [graph["nodes"][0], graph["nodes"][2], graph["nodes"][3]],
        "edges": graph["edges"][:2], "upstream": ["system:WMS"], "downstream": ["dataset:rice_stock_monthly"],
    }
    model["systems"] = [
        {"code": "WMS", "name_th": "ระบบบริหารคลังสินค้า", "name_en": "Warehouse Management System",
         "capability": "รับฝากสินค้า", "owning_unit": "WHS", "owning_unit_name": "ฝ่ายคลังสินค้า",
         "datasets": [{"name": "stock_movements", "title_th": "การเคลื่อนไหวสินค้า", "kind": "transactional",
                       "classification": "internal"}],
         "technology": {"database": "postgres", "hosting": "vm"}, "security_controls": ["backup"],
         "go_live": "2562-10-01", "ea_state": "as_is", "findings": []},
    ]
    return model


def xss_lineage_model() -> dict:
    model = lineage_model()
    graph = next(ds for ds in model["datasets"] if ds["name"] == "rice_stock_monthly")["lineage"]
    for node in graph["nodes"]:
        if node["kind"] in ("report", "agency"):
            node["label"] = XSS
            node["label_en"] = '"><svg onload=alert(5)>'
    evil = {"id": f"report:{XSS}", "kind": "report", "name": XSS, "label": f'{XSS}" onmouseover="alert(6)'}
    graph["nodes"].append(evil)
    graph["edges"].append({"from": "dataset:rice_stock_monthly", "to": evil["id"]})
    graph["downstream"].append(evil["id"])
    model["systems"][0]["name_th"] = XSS
    model["systems"][0]["capability"] = XSS
    return model


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("lineage") / "site"
    build_site(lineage_model(), out)
    return out


def test_system_pages_are_written_and_rebuilds_are_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    paths = build_site(lineage_model(), a)
    build_site(lineage_model(), b)
    assert a / "systems" / "wms.html" in paths and len(paths) == 6
    assert page_files(a) == page_files(b)


def test_lineage_svg_upstream_left_downstream_right(built, browser):
    opened = browser.open(built / "datasets" / "rice_stock_monthly.html")
    page = opened.page
    assert opened.errors == [] and opened.blocked_requests == []
    svg = page.locator("#lineage svg")
    assert svg.count() == 1 and svg.get_attribute("role") == "img"
    assert page.locator("#lineage svg g.node").count() == 6
    assert page.locator("#lineage svg path.edge").count() == 5

    def x_of(node_id: str) -> float:
        return page.locator(f'#lineage g[data-node="{node_id}"] rect').bounding_box()["x"]

    assert (x_of("system:WMS") < x_of("dataset:stock_movements") < x_of("dataset:rice_stock_monthly")
            < x_of("agency:LNK-1"))
    assert page.locator('#lineage g.node-focus').get_attribute("data-node") == "dataset:rice_stock_monthly"
    assert "ระบบบริหารคลังสินค้า" in page.inner_text("#lineage-upstream")
    assert "กรมการค้าภายใน" in page.inner_text("#lineage-downstream")
    assert "รายงานข้าวต่อผู้บริหาร" in page.inner_text("#lineage-downstream")


def test_lineage_nodes_link_to_dataset_and_system_pages(built, browser):
    page = browser.open(built / "datasets" / "rice_stock_monthly.html").page
    page.click('#lineage svg g[data-node="dataset:stock_movements"] a')
    assert page.url.endswith("/datasets/stock_movements.html")
    page.click('#lineage svg g[data-node="system:WMS"] a')
    assert page.url.endswith("/systems/wms.html")
    assert page.locator('a[href="../datasets/stock_movements.html"]').count() == 1
    # reports and agencies have no page of their own
    back = browser.open(built / "datasets" / "rice_stock_monthly.html").page
    assert back.locator('#lineage g[data-node="agency:LNK-1"] a').count() == 0


def test_no_lineage_declared(built, browser):
    page = browser.open(built / "datasets" / "depositors.html").page
    assert "ยังไม่ได้ประกาศเส้นทางข้อมูล" in page.inner_text("#lineage")
    assert page.locator("#lineage svg").count() == 0


def test_lineage_labels_are_escaped(tmp_path, browser):
    out = tmp_path / "site"
    build_site(xss_lineage_model(), out)
    for page_path in (out / "datasets" / "rice_stock_monthly.html", out / "systems" / "wms.html"):
        text = page_path.read_text(encoding="utf-8")
        assert XSS not in text and "<svg onload" not in text and 'onmouseover="alert' not in text
        assert text.count("<script") == 0
        assert not re.search(r"<[^>]+\son\w+=", text), "an event-handler attribute reached the page"
    opened = browser.open(out / "datasets" / "rice_stock_monthly.html")
    opened.page.hover('#lineage g.node-report >> nth=0')
    opened.page.wait_for_timeout(100)
    assert opened.dialogs == [] and opened.errors == []
    assert XSS in opened.page.inner_text("#lineage-downstream")
    system = browser.open(out / "systems" / "wms.html")
    assert system.dialogs == [] and XSS in system.page.inner_text(".page-head")


def test_the_real_catalogue_site_draws_declared_lineage(capsys, khlang_env, browser):
    assert main(["catalog", "site"]) == 0
    capsys.readouterr()
    site = khlang_env / "reports" / "catalog"
    page = browser.open(site / "datasets" / "monthly_commodity_summary.html").page
    ids = set(page.locator("#lineage g.node").evaluate_all("els => els.map(e => e.dataset.node)"))
    assert {"system:DW", "dataset:stock_movements", "dataset:commodities", "dataset:units",
            "agency:LNK-2567-004", "agency:LNK-2566-001"} <= ids
    page.click('#lineage g[data-node="dataset:units"] a')
    assert page.url.endswith("/datasets/units.html")
    assert "ยอดคงเหลือสินค้ารายวัน" not in page.inner_text("#lineage")  # units feeds only the monthly summary
    assert "สรุปรับ-จ่ายสินค้ารายเดือน" in page.inner_text("#lineage-downstream")


def test_model_without_systems_still_builds(tmp_path):
    model = copy.deepcopy(lineage_model())
    del model["systems"]
    paths = build_site(model, tmp_path / "site")
    assert not (tmp_path / "site" / "systems").exists() and len(paths) == 5
