"""The committee report: one self-contained bilingual HTML page per period, and the same as a PDF.

reports/committee/<period>/index.html (inline CSS and SVG charts, system Thai fonts, nothing fetched),
index.pdf printed from it by the system's headless Chromium, and summary.json (the Director's summary)
are published together, atomically: readers see the previous build or the new one, never half of it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from khlang.errors import KhlangError
from khlang.report import committee_labels as CL
from khlang.report.committee_charts import bar_chart, sparkline
from khlang.report.labels import CLASSIFICATIONS
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
    return {**model, "charts": {"dimensions": dim_chart, "issues": issue_chart, "causes": cause_chart,
                                "policies": policy_chart},
            "classification_label": _css_text(classification),
            "print_header": _css_text(f"{model['organisation'].get('abbreviation') or ''} {CL.UI['title'].th}"
                                      f" · {model['period'].get('label_th', '')}".strip()),
            "datasets": datasets, "measures": measures,
            "org_spark": sparkline([p["score"] for p in q["overall"]["trend"]], width=220, height=44, low=0, high=100),
            "severity_order": SEVERITY_ORDER}
