"""The monthly / quarterly backup and restore-test report (สงบข.-04, -05, สงพท.-06), kept as IT-audit evidence.

It says what was checked, when, by which run, with what result and why, from the store's history;
bilingual, B.E. dates beside C.E., self-contained HTML published atomically to reports/backup/<period>/.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from khlang.backup.declarations import BackupTarget
from khlang.backup.records import BackupSnapshot, BackupVerification, RestoreTest
from khlang.config import settings
from khlang.dates import BANGKOK, THAI_MONTHS, as_utc, utcnow
from khlang.errors import KhlangError
from khlang.report.labels import BACKUP_FINDINGS, BACKUP_PARTS, Label
from khlang.store import Store

TEMPLATES = Path(__file__).with_name("templates")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")

# The finding and part labels are the one vocabulary's (khlang.report.labels).
FINDINGS, PARTS = BACKUP_FINDINGS, BACKUP_PARTS
UI: dict[str, Label] = {
    "title": Label("รายงานผลการสำรองข้อมูลและการทดสอบกู้คืนข้อมูล", "Backup and restore-test report"),
    "procedures": Label("ตามขั้นตอน สงบข.-04 การสำรองข้อมูล, สงบข.-05 การทดสอบกู้คืนข้อมูล และ สงพท.-06 "
                        "การสำรองโปรแกรม", "Procedures: backup, restore test and monthly program backup"),
    "period": Label("รอบรายงาน", "Period"),
    "targets": Label("รายการที่สำรองข้อมูล", "Backed-up targets"),
    "system": Label("ระบบงาน", "System"),
    "part": Label("ประเภท", "Part"),
    "engine": Label("ชนิดฐานข้อมูล", "Engine"),
    "destination": Label("ที่จัดเก็บ", "Destination"),
    "frequency": Label("ความถี่", "Frequency"),
    "verifications": Label("การตรวจสอบไฟล์สำรอง", "Backup verifications"),
    "runs": Label("จำนวนครั้งที่ตรวจ", "Checks"),
    "passed": Label("ผ่าน", "Passed"),
    "failed": Label("ไม่ผ่าน", "Failed"),
    "last_check": Label("ตรวจล่าสุด", "Last checked"),
    "latest_backup": Label("ไฟล์สำรองล่าสุด", "Latest backup"),
    "size": Label("ขนาด (ไบต์)", "Size (bytes)"),
    "change": Label("เทียบค่ามัธยฐาน", "vs median"),
    "findings": Label("ข้อตรวจพบ", "Findings"),
    "no_findings": Label("ไม่มีข้อตรวจพบ", "No findings"),
    "finding": Label("ข้อตรวจพบ", "Finding"),
    "severity": Label("ระดับ", "Severity"),
    "first_seen": Label("พบครั้งแรก", "First seen"),
    "last_seen": Label("พบล่าสุด", "Last seen"),
    "times": Label("จำนวนครั้ง", "Times"),
    "detail": Label("รายละเอียด", "Detail"),
    "restore_tests": Label("การทดสอบกู้คืนข้อมูล", "Restore tests"),
    "no_restore_tests": Label("ไม่มีการทดสอบกู้คืนในรอบนี้", "No restore test in this period"),
    "when": Label("วันเวลา", "When"),
    "run": Label("รอบการทำงาน", "Run"),
    "backup_file": Label("ไฟล์สำรอง", "Backup file"),
    "result": Label("ผล", "Result"),
    "reason": Label("เหตุผล", "Reason"),
    "table": Label("ตาราง", "Table"),
    "rows": Label("จำนวนแถว", "Rows"),
    "expected": Label("ควรมี", "Expected"),
    "compared_with": Label("เทียบกับ", "Compared with"),
    "matches": Label("ตรงกัน", "Matches"),
    "ok": Label("ผ่าน", "OK"),
    "not_ok": Label("ไม่ผ่าน", "Not OK"),
    "size_history": Label("ขนาดไฟล์สำรองรายวัน", "Backup size by day"),
    "snapshots": Label("ไฟล์สำรองที่ Khlang จัดทำ", "Backups made by Khlang"),
    "no_snapshots": Label("ไม่มี", "None"),
    "log": Label("บันทึกการตรวจสอบทุกครั้ง", "Every verification run"),
    "generated": Label("สร้างเมื่อ", "Generated"),
    "never_checked": Label("ยังไม่เคยตรวจในรอบนี้", "Not checked in this period"),
    "source": Label("แหล่งข้อมูลต้นทาง", "Source"),
    "manifest": Label("บันทึกกำกับไฟล์", "Manifest"),
}


class PeriodError(KhlangError):
    """A report period that cannot be read."""

    exit_code = 2


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter in Bangkok time."""

    kind: str
    year: int
    number: int

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls("month", year, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls("quarter", year, quarter)

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2026-11', '2026Q4', or the same with a B.E. year ('2569-11', '2569Q4')."""
        from khlang.dates import ce_year

        raw = text.strip()
        m = _MONTH.match(raw)
        if m and 1 <= int(m.group(2)) <= 12:
            return cls.month(ce_year(int(m.group(1))), int(m.group(2)))
        m = _QUARTER.match(raw)
        if m:
            return cls.quarter(ce_year(int(m.group(1))), int(m.group(2)))
        raise PeriodError(f"period {text!r}: use YYYY-MM (e.g. 2026-11) or YYYYQn (e.g. 2026Q4), C.E. or B.E.")

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.number:02d}" if self.kind == "month" else f"{self.year}Q{self.number}"

    @property
    def first_month(self) -> int:
        return self.number if self.kind == "month" else 3 * (self.number - 1) + 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        months = 1 if self.kind == "month" else 3
        y, m = divmod(self.first_month - 1 + months, 12)
        return dt.date(self.year + y, m + 1, 1)

    def bounds_utc(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.start, dt.time(), BANGKOK).astimezone(dt.UTC)
        end = dt.datetime.combine(self.end, dt.time(), BANGKOK).astimezone(dt.UTC)
        return start, end

    def previous(self) -> Period:
        if self.kind == "month":
            return Period.month(self.year - (self.number == 1), 12 if self.number == 1 else self.number - 1)
        return Period.quarter(self.year - (self.number == 1), 4 if self.number == 1 else self.number - 1)

    @property
    def label(self) -> Label:
        be = self.year + 543
        if self.kind == "month":
            return Label(f"{THAI_MONTHS[self.number - 1]} {be}", f"{MONTHS_EN[self.number - 1]} {self.year}")
        # The Thai fiscal year runs October to September and is named by the B.E. year it ends in.
        fy_q = self.number + 1 if self.number < 4 else 1
        fy = be + (1 if self.number == 4 else 0)
        return Label(f"ไตรมาส {self.number}/{be} (ไตรมาส {fy_q} ปีงบประมาณ {fy})",
                     f"{self.year} Q{self.number} (fiscal year {fy - 543} Q{fy_q})")


def report_model(store: Store, targets: list[BackupTarget], period: Period, organisation: dict) -> dict:
    """Everything the report shows for the period, from the store."""
    start, end = period.bounds_utc()
    with store.reading() as session:
        verifications = session.scalars(
            select(BackupVerification).options(selectinload(BackupVerification.findings))
            .where(BackupVerification.checked_at >= start, BackupVerification.checked_at < end)
            .order_by(BackupVerification.checked_at, BackupVerification.id)).all()
        tests = session.scalars(
            select(RestoreTest).options(selectinload(RestoreTest.tables))
            .where(RestoreTest.tested_at >= start, RestoreTest.tested_at < end)
            .order_by(RestoreTest.tested_at, RestoreTest.id)).all()
        snaps = session.scalars(
            select(BackupSnapshot).where(BackupSnapshot.taken_at >= start, BackupSnapshot.taken_at < end)
            .order_by(BackupSnapshot.taken_at, BackupSnapshot.id)).all()
    by_target: dict[tuple[str, str], list[BackupVerification]] = defaultdict(list)
    for v in verifications:
        by_target[(v.system, v.part)].append(v)
    declared = {(t.system, t.part): t for t in targets}
    rows = []
    for key in sorted(set(declared) | set(by_target)):
        runs = by_target.get(key, [])
        target = declared.get(key)
        last = runs[-1] if runs else None
        rows.append({
            "system": key[0], "part": key[1], "engine": target.engine if target else (last.engine if last else ""),
            "frequency": target.frequency if target else "", "destination": str(target.destination) if target else
            (last.destination if last else ""), "runs": len(runs), "passed": sum(1 for r in runs if r.ok),
            "failed": sum(1 for r in runs if not r.ok), "last": _verification_view(last) if last else None,
            "sizes": _size_history(runs),
        })
    return {
        "organisation": organisation,
        "period": {"slug": period.slug, "kind": period.kind, "label": period.label,
                   "start": period.start.isoformat(), "end": (period.end - dt.timedelta(days=1)).isoformat()},
        "generated_at": utcnow().isoformat(),
        "targets": rows,
        "findings": _grouped_findings(verifications),
        "verifications": [_verification_view(v) for v in verifications],
        "restore_tests": [_test_view(t) for t in tests],
        "snapshots": [{"system": s.system, "part": s.part, "file": Path(s.file).name, "size": s.size,
                       "sha256": s.sha256, "taken_at": as_utc(s.taken_at).isoformat(), "run_key": s.run_key or "",
                       "pruned": len(s.pruned or [])} for s in snaps],
        "totals": {
            "verifications": len(verifications), "failed": sum(1 for v in verifications if not v.ok),
            "restore_tests": len(tests), "restore_failed": sum(1 for t in tests if not t.ok),
            "snapshots": len(snaps),
        },
    }


def write_report(period: Period, out: Path | None = None, pdf: bool = True) -> Path:
    """Build the period's report from the configured store and publish it; returns index.html.

    Beside the page, the memos the procedures send up (memo-backup.pdf สงบข.-04, memo-restore.pdf สงบข.-05,
    memo-programs.pdf สงพท.-06, listed in memos.json) unless `pdf` is False; all published together.
    """
    from khlang.backup.declarations import load_backups
    from khlang.declarations import load_catalog
    from khlang.report.memo import write_memos
    from khlang.report.publish import publish_directory
    from khlang.store import open_store

    cfg = settings()
    catalog = load_catalog(cfg.catalog_dir)
    org = {"name_th": catalog.organisation.name_th, "name_en": catalog.organisation.name_en,
           "abbreviation": catalog.organisation.abbreviation or ""}
    store = open_store(cfg.store_url)
    model = report_model(store, load_backups(catalog), period, org)
    html = environment().get_template("backup_report.html.j2").render(r=model)
    out_dir = out or cfg.reports_dir / "backup" / period.slug

    def write(root: Path) -> list[Path]:
        page = root / "index.html"
        page.write_text(html, encoding="utf-8")
        return [page, *(write_memos(catalog, store, memos(model), root, previous=out_dir) if pdf else [])]

    publish_directory(out_dir, write)
    return out_dir / "index.html"


def memos(model: dict) -> list:
    """The period's three memos: database backups (สงบข.-04), restore tests (สงบข.-05), program backups (สงพท.-06)."""
    from khlang.report.labels import FREQUENCIES, SEVERITIES, label
    from khlang.report.memo import Memo, MemoTable, moment_text, period_text

    period = model["period"]
    when = period_text(dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"]))
    kind_th = "ประจำเดือน" if period["kind"] == "month" else "ประจำ"
    generated = dt.datetime.fromisoformat(model["generated_at"])

    def part(name: str) -> tuple[list[dict], list[dict]]:
        return ([t for t in model["targets"] if t["part"] == name],
                [f for f in model["findings"] if f["part"] == name])

    def targets_tables(rows: list[dict], caption: str) -> tuple[MemoTable, MemoTable]:
        counts = MemoTable.of(caption, [UI["system"].th, UI["frequency"].th, "ตรวจ (ครั้ง)", UI["passed"].th,
                                        UI["failed"].th, UI["size"].th, UI["change"].th],
                              [[t["system"], label(FREQUENCIES, t["frequency"]).th if t["frequency"] else "", t["runs"],
                                t["passed"], t["failed"], t["last"]["latest_size"] if t["last"] else None,
                                _change_text(t["last"]["change"] if t["last"] else None)] for t in rows],
                              numeric=(2, 3, 4, 5, 6))
        files = MemoTable.of(f"{UI['latest_backup'].th}และ{UI['destination'].th}",
                             [UI["system"].th, UI["latest_backup"].th, UI["destination"].th],
                             [[t["system"], t["last"]["latest_file"] if t["last"] else "", t["destination"]]
                              for t in rows])
        return counts, files

    def findings_table(rows: list[dict]) -> MemoTable:
        return MemoTable.of(UI["findings"].th, [UI["severity"].th, UI["system"].th, UI["finding"].th, "ครั้ง",
                                                UI["last_seen"].th, UI["detail"].th],
                            [[label(SEVERITIES, f["severity"]).th, f["system"], label(FINDINGS, f["code"]).th,
                              f["times"], moment_text(f["last"]), f["detail"]] for f in rows], numeric=(3,))

    def summary(form: str, what: str, rows: list[dict], found: list[dict]) -> tuple[str, ...]:
        runs = sum(t["runs"] for t in rows)
        failed = sum(t["failed"] for t in rows)
        first = (f"ตามขั้นตอนการปฏิบัติงาน {form} {what} ในรอบ{period['label'].th} ({when}) "
                 f"มีรายการที่สำรองข้อมูล {len(rows):,} รายการ ตรวจสอบไฟล์สำรองรวม {runs:,} ครั้ง "
                 f"ผ่าน {runs - failed:,} ครั้ง ไม่ผ่าน {failed:,} ครั้ง")
        second = (f"พบข้อตรวจพบ {len(found):,} เรื่อง ตามตารางข้อตรวจพบ ซึ่งได้บันทึกไว้เป็นหลักฐานการตรวจสอบ"
                  "ด้านเทคโนโลยีสารสนเทศ (IT Audit) และจะดำเนินการสำรองข้อมูลใหม่สำหรับรายการที่ไม่สมบูรณ์"
                  if found else "ไม่พบข้อตรวจพบ ไฟล์สำรองข้อมูลครบถ้วนและขนาดอยู่ในเกณฑ์ที่กำหนด")
        return first, second

    db_rows, db_found = part("database")
    prog_rows, prog_found = part("programs")
    tests = model["restore_tests"]
    failed_tests = [t for t in tests if not t["ok"]]
    restore_paras = (
        f"ตามขั้นตอนการปฏิบัติงาน สงบข.-05 การทดสอบกู้คืนข้อมูล (Recovery File Backup) ในรอบ{period['label'].th} "
        f"({when}) ได้นำไฟล์สำรองข้อมูลมากู้คืนบนเครื่องทดสอบและตรวจสอบฐานข้อมูลและโครงสร้าง รวม {len(tests):,} ครั้ง "
        f"ใช้งานได้ {len(tests) - len(failed_tests):,} ครั้ง ไม่สมบูรณ์หรือใช้งานไม่ได้ {len(failed_tests):,} ครั้ง",
        ("รายการที่ไม่สมบูรณ์จะดำเนินการกู้คืนใหม่ตามขั้นตอน และได้บันทึกผลไว้เป็นหลักฐานการตรวจสอบด้านเทคโนโลยีสารสนเทศ"
         if failed_tests else "ทุกรายการกู้คืนได้ครบถ้วนและตรงกับต้นฉบับ")
        if tests else "ไม่มีการทดสอบกู้คืนข้อมูลในรอบนี้",
    )
    restore_tables = (
        MemoTable.of(UI["restore_tests"].th, [UI["when"].th, UI["system"].th, UI["result"].th, UI["reason"].th],
                     [[moment_text(t["tested_at"]), f"{t['system']} ({t['engine']})",
                       UI["ok"].th if t["ok"] else UI["not_ok"].th, t["reason"]] for t in tests]),
        MemoTable.of(f"{UI['backup_file'].th}ที่ทดสอบ", [UI["when"].th, UI["backup_file"].th, UI["size"].th],
                     [[moment_text(t["tested_at"]), t["file"], t["size"]] for t in tests], numeric=(2,)),
        MemoTable.of(f"{UI['table'].th}ที่ตรวจสอบหลังกู้คืน", [UI["system"].th, UI["table"].th, UI["rows"].th,
                                                        UI["expected"].th, UI["matches"].th],
                     [[t["system"], x["name"], x["rows"], x["expected_rows"],
                       "" if x["matches"] is None else (UI["ok"].th if x["matches"] else UI["not_ok"].th)]
                      for t in tests for x in t["tables"]], numeric=(2, 3)),
    )
    subject_tail = f"{kind_th}{period['label'].th}"
    return [
        Memo("backup", period["slug"], f"รายงานผลการสำรองข้อมูล {subject_tail}", period["label"].th,
             summary("สงบข.-04 การสำรองข้อมูล", "ได้สำรองข้อมูลและตรวจสอบขนาดของไฟล์สำรองข้อมูล", db_rows, db_found),
             (*targets_tables(db_rows, f"{UI['verifications'].th} ({PARTS['database'].th})"), findings_table(db_found)),
             generated),
        Memo("restore", period["slug"], f"รายงานผลการทดสอบกู้คืนข้อมูล {subject_tail}", period["label"].th,
             restore_paras, restore_tables, generated),
        Memo("programs", period["slug"], f"รายงานผลการสำรองโปรแกรมของระบบงาน {subject_tail}", period["label"].th,
             summary("สงพท.-06 การสำรองโปรแกรม", "ได้สำรองโปรแกรมของทุกระบบงานและตรวจสอบไฟล์หลังการสำรอง",
                     prog_rows, prog_found),
             (*targets_tables(prog_rows, f"{UI['verifications'].th} ({PARTS['programs'].th})"),
              findings_table(prog_found)), generated),
    ]


def _change_text(change: float | None) -> str:
    return "" if change is None else f"{change * 100:+.0f}%"


def environment() -> jinja2.Environment:
    """Khlang's report environment (autoescape, filters, labels), with this package's templates first."""
    from khlang.report.render import environment as base

    env = base()
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES), env.loader])  # type: ignore[list-item]
    env.globals.update(BUI=UI, FINDINGS=FINDINGS, PARTS=PARTS)
    return env


def _verification_view(v: BackupVerification) -> dict:
    return {
        "run_key": v.run_key, "checked_at": as_utc(v.checked_at).isoformat(), "system": v.system, "part": v.part,
        "ok": v.ok, "backups_found": v.backups_found, "latest_file": v.latest_file or "",
        "latest_created_at": as_utc(v.latest_created_at).isoformat() if v.latest_created_at else None,
        "latest_size": v.latest_size, "median_size": v.median_size,
        "change": (v.latest_size / v.median_size - 1) if v.latest_size is not None and v.median_size else None,
        "findings": [{"code": f.code, "severity": f.severity, "detail": f.detail} for f in v.findings],
    }


def _size_history(runs: list[BackupVerification]) -> list[dict]:
    """The last verification of each Bangkok day: the recorded change in backup size."""
    by_day: dict[dt.date, BackupVerification] = {}
    for v in runs:
        if v.latest_size is not None:
            by_day[as_utc(v.checked_at).astimezone(BANGKOK).date()] = v
    out = []
    for day in sorted(by_day):
        v = by_day[day]
        change = (v.latest_size / v.median_size - 1) if v.latest_size is not None and v.median_size else None
        out.append({"day": day.isoformat(), "file": v.latest_file or "", "size": v.latest_size, "change": change})
    return out


def _grouped_findings(verifications: Sequence[BackupVerification]) -> list[dict]:
    groups: dict[tuple[str, str, str], dict] = {}
    for v in verifications:
        for f in v.findings:
            key = (v.system, v.part, f.code)
            g = groups.get(key)
            at = as_utc(v.checked_at).isoformat()
            if g is None:
                groups[key] = {"system": v.system, "part": v.part, "code": f.code, "severity": f.severity,
                               "first": at, "last": at, "times": 1, "detail": f.detail, "run_key": v.run_key}
            else:
                g.update(last=at, detail=f.detail, run_key=v.run_key)
                g["times"] += 1
    rank = {"high": 0, "medium": 1, "low": 2}
    return sorted(groups.values(), key=lambda g: (rank.get(g["severity"], 3), g["system"], g["part"], g["code"]))


def _test_view(t: RestoreTest) -> dict:
    return {
        "run_key": t.run_key, "tested_at": as_utc(t.tested_at).isoformat(), "system": t.system or "",
        "part": t.part or "", "engine": t.engine, "file": Path(t.backup_file).name, "size": t.backup_size,
        "sha256": t.backup_sha256 or "", "against": t.against or "", "ok": t.ok, "reason": t.reason,
        "duration_s": t.duration_s,
        "tables": [{"name": x.name, "rows": x.rows, "expected_rows": x.expected_rows,
                    "expected_from": x.expected_from or "", "matches": x.matches} for x in t.tables],
    }

