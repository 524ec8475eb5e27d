"""The EA inventory (สงพท.-10): every check, the CLI, and the system pages of the catalogue site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from browser import Browser

from khlang.cli import main
from khlang.declarations import load_catalog
from khlang.declarations.systems import load_systems
from khlang.ea.checks import EA_RULES, REQUIRED_CONTROLS, Inventory, check_inventory

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    dst = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", dst)
    return dst


def edit_yaml(path: Path, change) -> None:  # noqa: ANN001
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def findings(catalog_dir: Path) -> set[tuple[str, str, str]]:
    catalog = load_catalog(catalog_dir)
    return {(f.subject, f.finding, f.severity) for f in check_inventory(Inventory(catalog, load_systems(catalog)))}


def system(data: dict, code: str) -> dict:
    return next(s for s in data["systems"] if s["code"] == code)


def test_bundled_inventory():
    assert findings(REPO / "catalog") == {("TRADING", "to_be_without_project", "medium")}


def test_dataset_naming_an_unknown_system(catalog_dir):
    path = catalog_dir / "datasets" / "master.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    object: depositors.parquet\n", "    object: depositors.parquet\n    source_system: CRM\n", 1),
        encoding="utf-8")
    assert ("depositors", "unknown_system", "high") in findings(catalog_dir)


def test_source_system_unknown_through_the_source(catalog_dir):
    path = catalog_dir / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("system: REF", "system: CODES", 1), encoding="utf-8")
    got = findings(catalog_dir)
    assert {("provinces", "unknown_system", "high"), ("units", "unknown_system", "high")} <= got


def test_dataset_without_any_system(catalog_dir):
    path = catalog_dir / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    system: LEGACY_WMS\n", "", 2), encoding="utf-8")
    edit_yaml(catalog_dir / "systems.yaml", lambda d: system(d, "LEGACY_WMS").update(datasets=[]))
    got = findings(catalog_dir)
    assert {("legacy_warehouse_master", "no_system", "medium"), ("depositors_export", "no_system", "medium")} <= got


def test_inventory_and_catalogue_disagree(catalog_dir):
    def move(d):  # noqa: ANN001, ANN202
        system(d, "WMS")["datasets"].remove("depositors")
        system(d, "ERP")["datasets"] = ["depositors"]
    edit_yaml(catalog_dir / "systems.yaml", move)
    assert ("depositors", "system_mismatch", "medium") in findings(catalog_dir)


@pytest.mark.parametrize("classification", ["secret", "top_secret"])
def test_secret_data_needs_the_controls(catalog_dir, classification):
    path = catalog_dir / "datasets" / "master.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("classification: confidential",
                                                             f"classification: {classification}", 1),
                    encoding="utf-8")
    edit_yaml(catalog_dir / "systems.yaml",
              lambda d: system(d, "WMS").update(security_controls=["encryption_in_transit", "backup"]))
    catalog = load_catalog(catalog_dir)
    found = [f for f in check_inventory(Inventory(catalog, load_systems(catalog)))
             if f.finding == "secret_without_controls"]
    assert [(f.subject, f.severity) for f in found] == [("WMS", "high")]
    for control in REQUIRED_CONTROLS[classification]:
        assert control in found[0].detail
    edit_yaml(catalog_dir / "systems.yaml",
              lambda d: system(d, "WMS").update(security_controls=list(REQUIRED_CONTROLS[classification])))
    assert not [f for f in findings(catalog_dir) if f[1] == "secret_without_controls"]


def test_confidential_data_needs_no_extra_controls(catalog_dir):
    edit_yaml(catalog_dir / "systems.yaml", lambda d: system(d, "WMS").update(security_controls=[]))
    assert not [f for f in findings(catalog_dir) if f[1] == "secret_without_controls"]


def test_to_be_with_a_project_is_fine(catalog_dir):
    edit_yaml(catalog_dir / "systems.yaml", lambda d: system(d, "TRADING").update(project="โครงการระบบซื้อขาย 2570"))
    assert findings(catalog_dir) == set()
    assert set(EA_RULES) == {"unknown_system", "no_system", "system_mismatch", "secret_without_controls",
                             "to_be_without_project"}


def test_ea_cli(capsys, khlang_env):
    assert main(["ea", "check", "--format", "json", "--as-of", "2569-12-02"]) == 0
    rows = json.loads(capsys.readouterr().out)
    # the inventory's own finding, then the gap analysis's (tests/test_ea_views.py)
    assert {"subject": "TRADING", "finding": "to_be_without_project", "severity": "medium",
            "detail": "To-Be system TRADING (ระบบซื้อขายสินค้าเกษตร) has no project to deliver it"} in rows
    assert {(r["subject"], r["finding"]) for r in rows} == {
        ("TRADING", "to_be_without_project"), ("TRADING.ONLINE", "element_without_project"),
        ("LEGACY_WMS", "retiring_holds_master"), ("WMS", "control_contradicted"),
        ("SRV-ERP-01", "support_ended"), ("SRV-LEG-01", "support_ended"), ("SRV-REF-01", "support_ended")}
    assert main(["ea", "list", "--format", "json"]) == 0
    systems = {s["code"]: s for s in json.loads(capsys.readouterr().out)}
    assert set(systems) == {"WMS", "REF", "DW", "LEGACY_WMS", "ERP", "EDEPOSIT", "TRADING"}
    wms = systems["WMS"]
    assert [d["name"] for d in wms["datasets"]] == ["counterparties", "depositors", "stock_movements", "warehouses"]
    assert wms["go_live"] == "2019-10-01" and wms["technology"]["database"] == "postgres"
    assert wms["business_owner"]["name"] == "นางสาวพรทิพย์ ศรีสุข"
    assert main(["ea", "list", "--state", "to_be"]) == 0
    out = capsys.readouterr().out
    assert "EDEPOSIT" in out and "TRADING" in out and "WMS " not in out


def test_bad_systems_file_exits_2(capsys, khlang_env):
    path = khlang_env / "catalog" / "systems.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("hosting: vm, platform: VMware", "hosting: basement, platform: VMware", 1),
                    encoding="utf-8")
    assert main(["ea", "check"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and "systems[0].technology.hosting" in err


def test_system_pages_on_the_catalogue_site(capsys, khlang_env):
    assert main(["catalog", "site"]) == 0
    capsys.readouterr()
    site = khlang_env / "reports" / "catalog"
    assert sorted(p.name for p in (site / "systems").iterdir()) == [
        "dw.html", "edeposit.html", "erp.html", "legacy_wms.html", "ref.html", "trading.html", "wms.html"]
    with Browser() as browser:
        opened = browser.open(site / "systems" / "wms.html")
        page = opened.page
        assert opened.errors == [] and opened.blocked_requests == []
        assert "ระบบบริหารคลังสินค้า" in page.inner_text(".page-head")
        assert page.inner_text("#go-live") == "2019-10-01 (1 ต.ค. 2562)"
        assert page.locator("#datasets-held tbody tr").count() == 4
        assert page.locator('[data-control="access_review"]').inner_text() == "ทบทวนสิทธิ์การเข้าถึง · Access review"
        # the EA page and the security check agree: depositors is kept unencrypted, whatever WMS declares
        bare = page.locator('#findings tr[data-finding="security:unencrypted_secret"]')
        assert bare.count() == 1 and "depositors" in bare.inner_text()
        assert page.locator('#findings tr[data-finding="ea:control_contradicted"]').count() == 1
        assert "ไม่พบประเด็น" not in page.inner_text("#findings")
        assert page.locator("#ea-business li[data-service]").count() == 4
        assert page.locator('#ea-interfaces li[data-interface="IF-05"]').count() == 1
        assert "SRV-WMS-01" in page.inner_text("#ea-servers")
        page.click('#datasets-held a[href="../datasets/depositors.html"]')
        assert page.url.endswith("/datasets/depositors.html")
        page.click("#source-system a")
        assert page.url.endswith("/systems/wms.html")
        index = browser.open(site / "index.html").page
        assert index.locator("#systems tbody tr").count() == 7
        # its own To-Be without a project, and the To-Be service it supports (TRADING.ONLINE) without one
        assert index.inner_text('#systems tr[data-system="TRADING"]').split()[-1] == "2"
        trading = browser.open(site / "systems" / "trading.html").page
        assert "ระบบเป้าหมายไม่มีโครงการรองรับ" in trading.inner_text("#findings")
