"""The EA's five views, gap analysis, stored checks, issues, committee section and book (สงพท.-10)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from khlang.cli import main
from khlang.declarations import load_catalog
from khlang.ea.gaps import GAP_RULES, ea_findings, gap_analysis, roadmap
from khlang.ea.views import Architecture, five_views, system_security
from khlang.quality.security import load_access_register, run_security

REPO = Path(__file__).resolve().parents[1]
DAY = dt.date(2026, 12, 2)


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    dst = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", dst)
    return dst


def arch(directory: Path, day: dt.date = DAY) -> Architecture:
    return Architecture.load(load_catalog(directory), day)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- declarations ------------------------------------------------------------------------------------------

def test_bundled_declarations_have_every_view():
    a = arch(REPO / "catalog")
    assert [f.code for f in a.ea.functions] == ["STORAGE", "RENTAL", "TRADING", "QUALITY", "FINANCE", "MANAGEMENT"]
    assert {i.code for i in a.ea.interfaces} == {"IF-01", "IF-02", "IF-03", "IF-04", "IF-05"}
    assert set(a.ea.sites) == {"HQ", "GDCC", "DR"} and len(a.ea.servers) == 6
    assert a.ea.lines["IF-05"] > a.ea.lines["IF-04"] > 0


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    ("units: [WHS]\n    services:\n      - {code: STORAGE.DEPOSIT",
     "units: [XYZ]\n    services:\n      - {code: STORAGE.DEPOSIT", "functions[0].units[0]", "unknown unit 'XYZ'"),
    ("systems: [WMS, LEGACY_WMS]", "systems: [WMS, CRM]", "functions[0].services[0].systems[1]",
     "unknown system 'CRM'"),
    ("replaces: IF-04", "replaces: IF-99", "interfaces[4].replaces", "not an element of ea.yaml"),
    ("site: GDCC, role: analytics", "site: MARS, role: analytics", "servers[4].site", "unknown site 'MARS'"),
    ("method: etl", "method: carrier_pigeon", "interfaces[1].method", "Input should be"),
    ("{code: IF-03,", "{code: IF-02,", "interfaces[2].code", "duplicate EA element code 'IF-02'"),
])
def test_bad_declarations_name_file_line_and_field(catalog_dir, capsys, monkeypatch, old, new, field, message):
    path = catalog_dir / "ea.yaml"
    edit(path, old, new)
    first = new.split("\n")[0]
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if first in text)
    monkeypatch.setenv("KHLANG_CATALOG_DIR", str(catalog_dir))
    assert main(["ea", "views"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and field in err and message in err and "Traceback" not in err
    assert re.search(rf"{re.escape(str(path))}:(\d+)", err).group(1) in {str(line), str(line + 1), str(line + 2)}


def test_catalog_validate_checks_ea_yaml(catalog_dir):
    from khlang.declarations.everything import validate_everything
    from khlang.errors import DeclarationError

    counts = validate_everything(catalog_dir, REPO / "expectations")
    assert counts["ea.yaml"] == 6 + 9 + 5 + 6  # functions, services, interfaces, servers
    edit(catalog_dir / "ea.yaml", "systems: [WMS, LEGACY_WMS]", "systems: [WMS, CRM]")
    with pytest.raises(DeclarationError, match="unknown system 'CRM'"):
        validate_everything(catalog_dir, REPO / "expectations")


def test_a_to_be_system_replacing_an_unknown_system_is_refused(catalog_dir):
    from khlang.declarations.systems import load_systems
    from khlang.errors import DeclarationError

    edit(catalog_dir / "systems.yaml", "    ea_state: to_be\n    project: โครงการพัฒนา",
         "    ea_state: to_be\n    replaces: NOPE\n    project: โครงการพัฒนา")
    with pytest.raises(DeclarationError, match="unknown system 'NOPE'"):
        load_systems(load_catalog(catalog_dir))


# --- the five views ----------------------------------------------------------------------------------------

def test_business_view_is_a_capability_map():
    v = five_views(arch(REPO / "catalog"))["business"]
    storage = next(f for f in v["as_is"] if f["code"] == "STORAGE")
    assert [u["code"] for u in storage["units"]] == ["WHS"]
    deposit = next(s for s in storage["services"] if s["code"] == "STORAGE.DEPOSIT")
    assert [(s["code"], s["ea_state"]) for s in deposit["systems"]] == [("WMS", "as_is"), ("LEGACY_WMS", "retiring")]
    auction = next(s for f in v["as_is"] for s in f["services"] if s["code"] == "TRADING.AUCTION")
    assert auction["unsupported"] is True  # auctions run with no system today
    planned = {s["code"]: s for f in v["to_be"] for s in f["services"]}
    assert planned["STORAGE.ONLINE"]["replaces"] == "STORAGE.DEPOSIT"
    assert planned["STORAGE.ONLINE"]["target_date"] == "2027-09-30"  # 2570-09-30 B.E.
    assert {f["code"] for f in v["as_is"]} >= {"STORAGE", "RENTAL", "TRADING", "QUALITY", "FINANCE"}


def test_data_view_from_the_catalogue():
    v = five_views(arch(REPO / "catalog"))["data"]
    master = {d["name"]: d["system"] for d in v["as_is"]["master"]}
    assert master == {"counterparties": "WMS", "depositors": "WMS", "warehouses": "WMS",
                      "legacy_warehouse_master": "LEGACY_WMS", "depositors_export": "LEGACY_WMS"}
    assert {d["name"] for d in v["as_is"]["reference"]} == {"provinces", "commodities", "grades", "units"}
    flows = {(f["from"], f["to"], f["via"]) for f in v["as_is"]["flows"]}
    assert ("stock_movements", "daily_stock_balances", "lineage") in flows
    assert ("depositors_export", "depositors_export", "IF-04") in flows
    assert v["as_is"]["linkages"] and all(d for link in v["as_is"]["linkages"] for d in link["datasets"])
    assert "LNK-2566-001" in {link["id"] for link in v["as_is"]["linkages"]}
    assert {(m["name"], m["to_system"]) for m in v["to_be"]["moves"]} == {
        ("legacy_warehouse_master", "WMS"), ("depositors_export", "WMS")}


def test_application_view_has_declared_and_derived_interfaces():
    v = five_views(arch(REPO / "catalog"))["application"]
    assert {s["code"] for s in v["as_is"]["systems"]} == {"WMS", "REF", "DW", "LEGACY_WMS", "ERP"}
    assert {s["code"] for s in v["to_be"]["systems"]} == {"EDEPOSIT", "TRADING"}
    assert [(i["code"], i["from"], i["to"]) for i in v["to_be"]["interfaces"]] == [("IF-05", "EDEPOSIT", "WMS")]
    assert ("WMS", "ERP") in {(i["from"], i["to"]) for i in v["as_is"]["interfaces"]}
    # DW derives from REF's code lists, but no interface REF → DW is declared
    assert {"from": "REF", "to": "DW", "declared": False} in v["as_is"]["derived"]
    assert {"from": "WMS", "to": "DW", "declared": True} in v["as_is"]["derived"]


def test_technology_view_support_end_dates_and_dr():
    v = five_views(arch(REPO / "catalog"))["technology"]
    servers = {s["code"]: s for s in v["as_is"]["servers"]}
    assert servers["SRV-LEG-01"]["support_ended"] and not servers["SRV-WMS-01"]["support_ended"]
    systems = {s["code"]: s for s in v["as_is"]["systems"]}
    assert systems["WMS"]["database"] == "postgres" and systems["WMS"]["database_version"] == "15"
    assert systems["WMS"]["servers"] == ["SRV-WMS-01"] and systems["WMS"]["dr"] is True
    assert systems["LEGACY_WMS"]["dr"] is False
    assert [s["code"] for s in v["to_be"]["servers"]] == ["GDCC-APP-01"]


def test_security_view_and_the_security_check_never_disagree(catalog_dir):
    """WMS declares encryption at rest, yet the security check flags depositors as kept unencrypted: the EA's
    security view of WMS carries exactly the security check's failing results on the data WMS holds."""
    a = arch(catalog_dir)
    catalog = a.catalog
    failing = {(r.type, r.dataset) for r in run_security(catalog, load_access_register(catalog), DAY)
               if not r.success}
    assert ("unencrypted_secret", "depositors") in failing
    for code in a.systems:
        view = system_security(a, code)
        shown = {(f["code"], f["dataset"]) for f in view["findings"] if f["source"] == "security"}
        held = set(a.inventory.datasets_of(code))
        assert shown == {(t, d) for t, d in failing if d in held}, code
    wms = system_security(a, "WMS")
    assert "encryption_at_rest" in wms["controls"] and wms["classification"] == "confidential"
    assert ("WMS", "control_contradicted") in {(f.subject, f.finding) for f in ea_findings(a)}
    # once the source is encrypted, both the security check and the EA view drop the finding
    edit(catalog_dir / "sources.yaml", "  - name: wms_master\n", "  - name: wms_master\n    encrypted: true\n")
    a = arch(catalog_dir)
    assert not [f for f in system_security(a, "WMS")["findings"] if f["code"] == "unencrypted_secret"]
    assert ("WMS", "control_contradicted") not in {(f.subject, f.finding) for f in ea_findings(a)}


def test_the_security_view_reads_stored_results_when_given():
    catalog = load_catalog(REPO / "catalog")
    results = run_security(catalog, load_access_register(catalog), DAY)
    only = [r for r in results if r.type == "unencrypted_secret"]
    a = Architecture.load(catalog, DAY, only)
    assert {f["code"] for f in system_security(a, "WMS")["findings"] if f["source"] == "security"} == {
        "unencrypted_secret"}


# --- gap analysis ------------------------------------------------------------------------------------------

def test_gap_analysis_lists_every_to_be_with_what_it_replaces():
    a = arch(REPO / "catalog")
    gaps = {g.code: g for g in gap_analysis(a)}
    assert set(gaps) == {"EDEPOSIT", "TRADING", "STORAGE.ONLINE", "TRADING.ONLINE", "IF-05", "GDCC-APP-01"}
    assert (gaps["IF-05"].replaces, gaps["IF-05"].project, gaps["IF-05"].target_date, gaps["IF-05"].status) == (
        "IF-04", "โครงการพัฒนาบริการดิจิทัล อคส. ปี 2570", "2027-09-30", "planned")
    assert gaps["IF-05"].replaces_name == "ย้ายข้อมูลคลังและผู้ฝากจากระบบเดิม"
    assert gaps["TRADING.ONLINE"].status == "no_project" and gaps["TRADING"].status == "no_project"
    road = roadmap(a)
    assert road[-1]["project"] == ""  # the elements with no project come last
    assert {e["code"] for e in road[0]["elements"]} == {"EDEPOSIT", "STORAGE.ONLINE", "IF-05"}


def test_gap_findings(catalog_dir):
    found = {(f.subject, f.finding) for f in ea_findings(arch(catalog_dir))}
    assert ("TRADING.ONLINE", "element_without_project") in found
    assert ("LEGACY_WMS", "retiring_holds_master") in found
    assert ("SRV-LEG-01", "support_ended") in found and ("SRV-WMS-01", "support_ended") not in found
    assert ("TRADING", "to_be_without_project") in found  # the inventory's own checks are still there
    assert not [f for f in found if f[1] == "target_date_passed"]
    # a year after the target dates, what is still To-Be is late
    late = {(f.subject, f.finding) for f in ea_findings(arch(catalog_dir, dt.date(2028, 1, 1)))}
    assert {("IF-05", "target_date_passed"), ("EDEPOSIT", "target_date_passed")} <= late
    # dropping IF-05's project is a finding with where it is declared
    edit(catalog_dir / "ea.yaml", "method: api, frequency: real_time,\n     state: to_be, replaces: IF-04, "
         "project: โครงการพัฒนาบริการดิจิทัล อคส. ปี 2570,", "method: api, frequency: real_time,\n     state: to_be, "
         "replaces: IF-04,")
    [f] = [f for f in ea_findings(arch(catalog_dir)) if f.subject == "IF-05"]
    assert f.finding == "element_without_project" and "ea.yaml:" in f.detail
    # the legacy data moved: the retiring system holds no master data any more
    sources = catalog_dir / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("system: LEGACY_WMS", "system: WMS"),
                       encoding="utf-8")
    edit(catalog_dir / "systems.yaml", "datasets: [warehouses, depositors, counterparties, stock_movements]",
         "datasets: [warehouses, depositors, counterparties, stock_movements, legacy_warehouse_master, "
         "depositors_export]")
    edit(catalog_dir / "systems.yaml", "datasets: [legacy_warehouse_master, depositors_export]", "datasets: []")
    assert "retiring_holds_master" not in {f.finding for f in ea_findings(arch(catalog_dir))}


def test_every_gap_code_is_registered():
    from khlang.governance.findings import FINDING_TYPES

    for code in GAP_RULES:
        assert f"ea:{code}" in FINDING_TYPES


# --- kept in the store, opened as issues, shown to the committee ------------------------------------------

def test_checks_are_kept_in_the_store_and_open_issues(khlang_env, capsys):
    from khlang.config import settings
    from khlang.ea.gaps_records import latest_ea_check
    from khlang.governance.sync import sync_issues
    from khlang.governance.views import issue_views
    from khlang.store import open_store

    assert main(["ea", "check", "--as-of", "2569-12-02", "--record", "ea-1", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert main(["ea", "check", "--as-of", "2569-12-02", "--record", "ea-1"]) == 0  # a re-run replaces it
    store = open_store(settings().store_url)
    stored = latest_ea_check(store)
    assert stored["run_key"] == "ea-1" and stored["as_of"] == "2026-12-02"
    assert stored["finding_count"] == len(rows) == len(stored["findings"])
    assert {g["code"] for g in stored["gaps"]} >= {"IF-05", "TRADING.ONLINE"}
    assert latest_ea_check(store, dt.date(2026, 12, 1)) is None

    catalog = load_catalog(settings().catalog_dir)
    sync_issues(catalog, store, "i1", DAY)
    ea = {v.title.split(":")[0]: v for v in issue_views(store) if v.source == "ea"}
    assert {"TRADING.ONLINE", "LEGACY_WMS", "WMS", "SRV-LEG-01"} <= set(ea)
    legacy = ea["LEGACY_WMS"]
    assert legacy.category == "non_conformance" and legacy.severity == "high"
    assert {a["person"] for a in legacy.assignees} >= {"p01"}  # the system's business owner (p09 left)

    from khlang.governance.operations import Context, ea_section

    section = ea_section(Context(catalog, store, None, DAY, []))  # type: ignore[arg-type]
    assert section["last_check"] == {"run_key": "ea-1", "as_of": "2026-12-02", "finding_count": len(rows)}
    assert {g["code"] for g in section["gaps"]} == {g["code"] for g in stored["gaps"]}
    trading = next(s for s in section["systems"] if s["code"] == "TRADING")
    assert {f["code"] for f in trading["findings"]} == {"to_be_without_project", "element_without_project"}


# --- the EA book ------------------------------------------------------------------------------------------

def test_the_book_html_and_pdf(khlang_env, capsys, tmp_path):
    out = tmp_path / "book"
    assert main(["ea", "book", "--version", "EA2570", "--out", str(out), "--as-of", "2569-12-02"]) == 0
    assert {p.name for p in out.iterdir()} >= {"index.html", "index.pdf"}
    assert (out / "index.pdf").read_bytes()[:5] == b"%PDF-"
    assert len(re.findall(rb"/Type\s*/Page[^s]", (out / "index.pdf").read_bytes())) >= 5
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="th">' in html and "สถาปัตยกรรมองค์กร" in html and "EA2570" in html
    for view in ("business", "data", "application", "technology", "security"):
        assert f'id="view-{view}"' in html
    assert html.index("สถาปัตยกรรมด้านธุรกิจ") < html.index("Business architecture")  # Thai first
    assert 'data-element="IF-05"' in html and 'id="roadmap"' in html
    assert 'data-finding="security:unencrypted_secret"' in html  # the security chapter shows the check's finding
    assert 'id="endorsement"' not in html  # no version record given


def test_the_book_prints_the_versions_record(tmp_path):
    from khlang.ea.book import build_book

    record = {"title": "สถาปัตยกรรมองค์กร อคส. ฉบับปี 2570", "status": "endorsed", "endorsed_by": "นายสุรเชษฐ์ วัฒนากุล",
              "endorsed_on": "2570-01-15",
              "returns": [{"on": "2569-12-20", "by": "ผอก.", "comments": "ให้เพิ่มแผนย้ายข้อมูลผู้ฝาก"}],
              "plan": [{"activity": "รวบรวมข้อมูลสถาปัตยกรรมปัจจุบัน", "starts_on": "2569-10-01",
                        "ends_on": "2569-10-31"}]}
    [page] = build_book(arch(REPO / "catalog"), tmp_path / "b", "EA2570", record, pdf=False)
    html = page.read_text(encoding="utf-8")
    assert "สถาปัตยกรรมองค์กร อคส. ฉบับปี 2570" in html and "นายสุรเชษฐ์ วัฒนากุล" in html
    assert "15 ม.ค. 2570" in html and "ให้เพิ่มแผนย้ายข้อมูลผู้ฝาก" in html and "รวบรวมข้อมูลสถาปัตยกรรมปัจจุบัน" in html


def test_views_cli(khlang_env, capsys):
    assert main(["ea", "views", "--view", "security", "--as-of", "2569-12-02"]) == 0
    view = json.loads(capsys.readouterr().out)
    wms = next(s for s in view["as_is"]["systems"] if s["code"] == "WMS")
    assert {"unencrypted_secret", "control_contradicted"} <= {f["code"] for f in wms["findings"]}
    assert main(["ea", "gaps", "--format", "json"]) == 0
    assert {g["code"] for g in json.loads(capsys.readouterr().out)} >= {"IF-05"}
    assert yaml.safe_load((khlang_env / "catalog" / "ea.yaml").read_text(encoding="utf-8"))["functions"]


def test_the_catalogue_site_links_the_book(khlang_env, capsys):
    assert main(["ea", "book", "--version", "EA2570", "--no-pdf", "--as-of", "2569-12-02"]) == 0
    [written] = capsys.readouterr().out.split()
    assert Path(written) == khlang_env / "reports" / "ea" / "EA2570" / "index.html"
    assert main(["catalog", "site"]) == 0
    index = (khlang_env / "reports" / "catalog" / "index.html").read_text(encoding="utf-8")
    assert 'href="../ea/EA2570/index.html"' in index and "สมุดสถาปัตยกรรมองค์กร" in index
