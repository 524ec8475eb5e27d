"""The committee report: one self-contained bilingual HTML page per period, and the same as a PDF.

reports/committee/<period>/index.html (inline CSS and SVG charts, system Thai fonts, nothing fetched),
index.pdf printed from it by the system's headless Chromium, and summary.json (the Director's summary)
are published together, atomically: readers see the previous build or the new one, never half of it.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from khlang.errors import KhlangError
from khlang.report import committee_labels as CL
from khlang.report import labels as L
from khlang.report.committee_charts import bar_chart, sparkline
from khlang.report.labels import CLASSIFICATIONS, Label
from khlang.report.publish import publish_directory
from khlang.report.render import environment

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]
SEVERITY_ORDER = ("critical", "high", "medium", "low")


class PdfError(KhlangError):
    """The PDF could not be printed (no Chromium, or Chromium failed); the previous report is kept."""


def build_committee_report(model: dict, out_dir: Path, pdf: bool = True) -> list[Path]:
    """Render the model to out_dir (index.html, summary.json and index.pdf), replacing it whole."""
    env = environment()
    env.globals.update(CL=CL)
    html = env.get_template("committee.html.j2").render(r=report_view(model))

    def write(root: Path) -> list[Path]:
        page = root / "index.html"
        page.write_text(html, encoding="utf-8")
        summary = root / "summary.json"
        summary.write_text(json.dumps(director_summary(model), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written = [page, summary]
        if pdf:
            written.append(print_pdf(page, root / "index.pdf"))
        return written

    return publish_directory(Path(out_dir), write)


def director_summary(model: dict) -> dict:
    """The summary for the Director as data: headline numbers and the matters to decide or know."""
    return {"period": model["period"], "generated_at": model["generated_at"], **model["director"],
            "matters": [{**m, "th": CL.MATTERS[m["code"]].th, "en": CL.MATTERS[m["code"]].en}
                        for m in model["director"]["matters"]],
            "decisions_required": [
                {"kind": g["kind"], "ref": d["ref"], "th": f"{g['label'].th}: {d['subject_th']}",
                 "en": f"{g['label'].en}: {d['subject_en']}", "due_on": d["due_on"], "days_late": d["days_late"],
                 "deciders": [{"role": x["role"], "person": (x["person"] or {}).get("id"),
                               "name": (x["person"] or {}).get("name")} for x in d["deciders"]]}
                for g in decision_groups(model) for d in g["entries"]],
            "open_issues_by_category": {c["code"]: c["count"] for c in model["issues"]["by_category"]},
            "quality_run": model["quality"]["run_key"], "compliance_run": model["compliance"]["run_key"]}


def chromium() -> str:
    """The Chromium that prints PDFs (KHLANG_CHROMIUM, else chromium on PATH, else /usr/bin/chromium)."""
    path = os.environ.get("KHLANG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        raise PdfError(f"{path}: Chromium not found, so no PDF can be printed. Install it with "
                       "`apt-get install -y chromium fonts-thai-tlwg` (scripts/system-deps.sh does), "
                       "or build without the PDF: --no-pdf")
    return path


def print_pdf(page: Path, pdf: Path, timeout: int = 180) -> Path:
    """Print a local HTML page to PDF with headless Chromium (A4, the page's print styles)."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="khlang-chromium-") as profile:
        cmd = [exe, *CHROMIUM_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", page.resolve().as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not print {page.name} within {timeout} s") from None
    if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
        tail = "\n".join((done.stderr or "").strip().splitlines()[-5:])
        raise PdfError(f"Chromium did not print a PDF (exit {done.returncode}): {tail}")
    return pdf


def _css_text(text: str) -> str:
    """Text safe inside a CSS string of the print styles (no quotes, backslashes or markup)."""
    return "".join(ch for ch in text if ch not in '"\\<>&\'\n')


def _score_css(score: float | None, good: float = 95.0, fair: float = 80.0) -> str:
    if score is None:
        return "none"
    return "good" if score >= good else ("fair" if score >= fair else "poor")


def report_view(model: dict) -> dict:
    """The model with labels resolved and chart geometry added: what the template draws."""
    q, issues, rc, comp = model["quality"], model["issues"], model["root_causes"], model["compliance"]
    dims = [{"code": "overall", "score": q["overall"]["score"]}] + q["dimensions"]
    dim_chart = bar_chart([{"label_th": CL.DIMENSIONS.get(d["code"], CL.Label(d["code"], d["code"])).th,
                            "label_en": CL.DIMENSIONS.get(d["code"], CL.Label(d["code"], d["code"])).en,
                            "value": d["score"] or 0, "css": _score_css(d["score"]),
                            "value_label": f"{d['score']:.2f}%" if d["score"] is not None else "—"}
                           for d in dims], maximum=100, unit="%", target=95)
    issue_chart = bar_chart([{"label_th": CL.CATEGORIES[c["code"]].th, "label_en": CL.CATEGORIES[c["code"]].en,
                              "segments": [(c["by_severity"].get(s, 0), f"sev-{s}") for s in SEVERITY_ORDER]}
                             for c in issues["by_category"]])
    cause_chart = bar_chart([{"label_th": CL.CAUSES[c["code"]].th, "label_en": CL.CAUSES[c["code"]].en,
                              "value": c["count"], "css": "cause"} for c in rc["by_category"]])
    policy_chart = bar_chart([{"label_th": p["title_th"], "label_en": p["title_en"] or "",
                               "value": p["score"] or 0, "css": _score_css(p["score"], 90, 70),
                               "value_label": f"{p['score']:.2f}%" if p["score"] is not None else "—"}
                              for p in comp["policies"] if p["in_force"]],
                             maximum=100, unit="%", target=90)
    datasets = [{**d, "spark": sparkline([p["score"] for p in d["trend"]], low=0, high=100),
                 "css": _score_css(d["overall"])} for d in q["datasets"]]
    measures = []
    for m in comp["measures"]:
        low, high = (0, 100) if m["percent"] else (None, None)
        measures.append({**m, "spark": sparkline([p["value"] for p in m["trend"]], low=low, high=high)})
    level = os.environ.get("KHLANG_REPORT_CLASSIFICATION", "internal")
    cls = CLASSIFICATIONS.get(level, CL.Label(level, level))
    classification = f"{CL.UI['classification'].th}: {cls.th} · {CL.UI['classification'].en}: {cls.en}"
    descriptions = model.get("check_descriptions", {})
    issues_view = {**issues, **{key: [_issue_view(i, model) for i in issues[key]]
                                for key in ("open", "overdue_issues", "overdue_actions")}}
    rc_view = {**rc, "analyses": [_issue_view(a, model) for a in rc["analyses"]]}
    changes = {**model["changes"], **{key: [_issue_view(i, model) for i in model["changes"][key]]
                                      for key in ("opened", "reopened", "resolved", "closed")}}
    findings = {kind: {**cell, "failed": [
                    {**f, "label": _check(f["check"], f.get("type"), f.get("column"), descriptions)}
                    for f in cell["failed"]]}
                for kind, cell in model["findings"].items()}
    return {**model, "charts": {"dimensions": dim_chart, "issues": issue_chart, "causes": cause_chart,
                                "policies": policy_chart},
            "issues": issues_view, "root_causes": rc_view, "changes": changes, "findings": findings,
            "decision_groups": decision_groups(model),
            "classification_label": _css_text(classification),
            "print_header": _css_text(f"{model['organisation'].get('abbreviation') or ''} {CL.UI['title'].th}"
                                      f" · {model['period'].get('label_th', '')}".strip()),
            "datasets": datasets, "measures": measures,
            "org_spark": sparkline([p["score"] for p in q["overall"]["trend"]], width=220, height=44, low=0, high=100),
            "severity_order": SEVERITY_ORDER}


def _check(check: str, type_: str | None, column: str | None, descriptions: dict) -> Label:
    """A check's label; a declared consistency check reads as its description (one run per compared column,
    `legacy_warehouses_match_master.capacity`, reads as the check's description and the column)."""
    d = descriptions.get(check)
    if d is None and "." in check:
        base, _dot, part = check.partition(".")
        if base in descriptions:
            lab = L.check_label(base, type_, None, descriptions[base].get("th"), descriptions[base].get("en"))
            return Label(f"{lab.th}: {part}", f"{lab.en}: {part}")
    d = d or {}
    return L.check_label(check, type_, column, d.get("th"), d.get("en"))


_OUTCOME = re.compile(r"^\S+ \((\w+)\): (.*)$")
_COUNTS = re.compile(r"(\d[\d,]*) of (\d[\d,]*) \(([\d.]+)%\)\s*$")


def _issue_view(i: dict, model: dict) -> dict:
    """An issue with what it is about in Thai and English: the check, gap or rule it came from (its title and
    detail as stored stay for hand-raised issues)."""
    where = i["dataset"] or ""
    if i.get("column") and i.get("origin_kind") != "gap":
        where = f"{where}.{i['column']}"
    th, en = i["title"], ""
    detail_th, detail_en = "", i["detail"]
    kind = i.get("origin_kind")
    if i["source"] == "check":
        lab = _check(i["code"], None, None, model.get("check_descriptions", {}))
        tail = f": {i['column']}" if i.get("column") else None
        if tail and lab.th.endswith(tail) and lab.en.endswith(tail):  # the column is already in `where`
            lab = Label(lab.th.removesuffix(tail), lab.en.removesuffix(tail))
        th, en = f"{where}: {lab.th}", f"{where}: {lab.en}"
        dim = L.label(CL.DIMENSIONS, i.get("dimension"))
        m = _COUNTS.search(i["detail"] or "")
        if m:
            bad, total, pct = m.groups()
            detail_th = f"{dim.th}: ไม่ผ่าน {bad} จาก {total} รายการ ({pct}%)"
            detail_en = f"{dim.en}: {bad} of {total} failed ({pct}%)"
        else:
            detail_th, detail_en = dim.th, f"{dim.en}: {i['detail']}"
    elif kind == "gap":
        lab = L.label(L.GAPS, i["code"])
        th, en = f"{where}: {lab.th}", f"{where}: {lab.en}"
        detail_th, detail_en = (f"คอลัมน์ {i['column']}" if i.get("column") else ""), i["detail"]
    elif i["source"] == "policy":
        rule = model.get("rules", {}).get(i["code"]) or {}
        if rule:
            th = f"{where}: {rule['title_th']}" if where else rule["title_th"]
            en = f"{where}: {rule.get('title_en') or i['code']}" if where else (rule.get("title_en") or i["code"])
        m = _OUTCOME.match(i["detail"] or "")
        if m and m.group(1) in CL.COMPLIANCE:
            status = CL.COMPLIANCE[m.group(1)]
            detail_th, detail_en = status.th, f"{status.en}: {m.group(2)}"
    return {**i, "label_th": th, "label_en": en, "detail_th": detail_th, "detail_en": detail_en}


def decision_groups(model: dict) -> list[dict]:
    """The decisions kind by kind (they come in the decision sources' order), each with its labels resolved."""
    groups = []
    for kind, items in itertools.groupby(model["decisions"], key=lambda d: d["kind"]):
        rows = []
        for d in items:
            if d.get("issue"):  # an escalated issue reads as what it is about
                iv = _issue_view(d["issue"], model)
                d = {**d, "subject_th": f"#{d['issue']['id']} {iv['label_th']}",
                     "subject_en": f"#{d['issue']['id']} {iv['label_en'] or iv['label_th']}"}
            deciders = [{**x, "role_label": L.label(L.DECIDER_ROLES, x["role"])} for x in d["deciders"]]
            detail = [Label(d["detail_th"], d["detail_en"])] if d["detail_th"] or d["detail_en"] else []
            if kind == "backup_unverified":
                detail = [L.label(L.BACKUP_STATES, d["state"])] + [L.label(L.BACKUP_FINDINGS, c)
                                                                   for c in d["findings"] if c != d["state"]]
                if d.get("not_configured"):
                    detail.append(Label("การเชื่อมต่อฐานข้อมูลยังไม่ได้ตั้งค่า จึงไม่ได้ตรวจสอบสิ่งใด",
                                        f"not configured: {d['not_configured']}; nothing checked"))
            rows.append({**d, "deciders": deciders, "detail": detail})
        groups.append({"kind": kind, "label": L.label(L.DECISION_KINDS, kind), "ask": L.label(L.DECISION_ASKS, kind),
                       "entries": rows})
    return groups
