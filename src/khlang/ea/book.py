"""The EA book (สงพท.-10 §7.1): one self-contained document, HTML and PDF, Thai first.

A cover (the version: title, status, who endorsed it and when, the returns with their comments, the plan —
when the version's record is given), then one chapter per view with its As-Is and To-Be, the gap analysis,
the roadmap and the findings. Rendered with the one Jinja2 environment and printed by the same headless
Chromium as the committee report; the folder is published whole (readers see the old book or the new one).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from khlang.ea.gaps import ea_findings, gap_analysis, roadmap
from khlang.ea.views import VIEWS, Architecture, five_views
from khlang.report.committee import _css_text
from khlang.report.labels import CLASSIFICATIONS, EA_BOOK


def default_version(as_of: dt.date) -> str:
    """EA<B.E. year> of the day, e.g. EA2570 for a day in 2027."""
    return f"EA{as_of.year + 543}"


def book_model(arch: Architecture, version: str, record: dict | None = None) -> dict:
    """What the book shows, as plain data; `record` is the EA version's store record when there is one
    (title, status, endorsed_by, endorsed_on, returns [{on, by, comments}], plan [{activity, starts_on, ends_on}])."""
    org = arch.catalog.organisation
    return {
        "version": version, "as_of": arch.as_of.isoformat(),
        "organisation": {"name_th": org.name_th, "name_en": org.name_en, "abbreviation": org.abbreviation or ""},
        "record": _record(record) if record else None,
        "views": five_views(arch), "view_order": list(VIEWS),
        "gaps": [g.to_dict() for g in gap_analysis(arch)], "roadmap": roadmap(arch),
        "findings": [f.to_dict() for f in ea_findings(arch)],
        # the print styles' running header and the document's classification (committee_style.css.j2)
        "print": {"print_header": _css_text(f"{EA_BOOK['title'].th} {version} · {org.name_th}"),
                  "classification_label": _css_text(f"{CLASSIFICATIONS['internal'].th} · "
                                                    f"{CLASSIFICATIONS['internal'].en}")},
    }


def _record(record: dict) -> dict:
    """The version's record with every optional part present (the template is strict); reads the store's record
    (khlang.ea.process.version_record: title_th/title_en, status code, plan of {activity, start, end})."""
    from khlang.report.labels import EA_VERSION_STATUSES, label

    title = record.get("title") or " · ".join(t for t in (record.get("title_th"), record.get("title_en")) if t)
    status = record.get("status") or ""
    return {"title": title, "status": label(EA_VERSION_STATUSES, status).both if status in EA_VERSION_STATUSES
            else status,
            "endorsed_by": record.get("endorsed_by") or "", "endorsed_on": record.get("endorsed_on"),
            "returns": [{"on": r.get("on") or r.get("returned_on"), "by": r.get("by") or "",
                         "comments": r.get("comments") or r.get("comment") or ""} for r in record.get("returns") or []],
            "plan": [{"activity": p.get("activity") or p.get("name") or "",
                      "starts_on": p.get("starts_on") or p.get("start"),
                      "ends_on": p.get("ends_on") or p.get("end") or p.get("due_on")}
                     for p in record.get("plan") or []]}


def current_version(as_of: dt.date) -> str:
    """The version a book is printed for when none is named: the newest endorsed one on record by `as_of`, else
    the newest opened, else EA<B.E. year>."""
    from khlang.commands._common import open_configured_store
    from khlang.ea.process import version_record, versions

    store = open_configured_store()
    opened = [v.code for v in versions(store) if v.opened_on <= as_of]
    endorsed = [c for c in opened if version_record(store, c, as_of)["endorsed_on"]]
    return (endorsed or opened or [default_version(as_of)])[-1]


def stored_record(version: str, as_of: dt.date | None = None) -> dict | None:
    """The EA version's record in the configured store (สงพท.-10's process), None when no such version is open."""
    from khlang.commands._common import open_configured_store
    from khlang.ea.process import version_record
    from khlang.governance.people import NotFound

    try:
        return version_record(open_configured_store(), version, as_of)
    except NotFound:
        return None


def render_book(model: dict) -> str:
    """The book's HTML."""
    from khlang.report.render import environment

    return environment().get_template("ea_book.html.j2").render(b=model)


def build_book(arch: Architecture, out_dir: Path, version: str, record: dict | None = None,
               pdf: bool = True) -> list[Path]:
    """Write out_dir/index.html (and index.pdf), replacing the folder whole; returns the files written."""
    from khlang.report.committee import print_pdf
    from khlang.report.publish import publish_directory

    html = render_book(book_model(arch, version, record))

    def write(root: Path) -> list[Path]:
        page = root / "index.html"
        page.write_text(html, encoding="utf-8")
        written = [page]
        if pdf:
            written.append(print_pdf(page, root / "index.pdf"))
        return written

    return publish_directory(Path(out_dir), write)
