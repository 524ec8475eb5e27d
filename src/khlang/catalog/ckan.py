"""Export to the Thai Government Data Catalog (GD Catalog: CKAN with the DGA metadata schema)."""

from __future__ import annotations

import re

from khlang.declarations import Catalog, Dataset

# Declarations use short English codes; the GD Catalog shows the Thai labels below.
FREQUENCY_UNIT_TH = {
    "realtime": "ตามเวลาจริง", "hourly": "ชั่วโมง", "daily": "วัน", "weekly": "สัปดาห์", "monthly": "เดือน",
    "quarterly": "ไตรมาส", "half_yearly": "ครึ่งปี", "yearly": "ปี", "on_demand": "อื่นๆ",
    "none": "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล",
}
CLASSIFICATION_TH = {
    "public": "เปิดเผย", "internal": "ชั้นเผยแพร่ภายในองค์กร", "confidential": "ลับ",
    "secret": "ลับมาก", "top_secret": "ลับที่สุด",
}
DATA_CATEGORY_TH = {
    "personal": "ข้อมูลส่วนบุคคล", "security": "ข้อมูลความมั่นคง", "official_secret": "ข้อมูลความลับทางราชการ",
    "public": "ข้อมูลสาธารณะ", "internal": "ข้อมูลภายในองค์กร",
}
DATA_TYPE_TH = {
    "record": "ข้อมูลระเบียน", "statistics": "ข้อมูลสถิติ", "geospatial": "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
    "multimedia": "ข้อมูลหลากหลายประเภท", "other": "ข้อมูลประเภทอื่นๆ",
}
GEO_COVERAGE_TH = {
    "none": "ไม่มี", "world": "โลก", "country": "ประเทศ", "region": "ภาค", "province": "จังหวัด",
    "district": "อำเภอ", "subdistrict": "ตำบล", "village": "หมู่บ้าน", "coordinates": "พิกัด", "other": "อื่นๆ",
}
FORMAT_BY_SOURCE = {"parquet": "Parquet", "csv": "CSV", "files": None, "duckdb": "Database",
                    "sqlite": "Database", "postgres": "Database", "mysql": "Database"}
FREQUENCY_INTERVAL_DEFAULT = 1


def gd_fields(catalog: Catalog, dataset: Dataset) -> dict:
    """The GD Catalog fields of a dataset: declared values first, then what the catalogue already says."""
    gd = dataset.gd_catalog.model_dump()
    steward = catalog.person(dataset.steward) or catalog.person(dataset.digital_owner)
    source = catalog.sources.get(dataset.source)
    derived = {
        "title": dataset.title_th,
        "notes": dataset.description,
        "owner_org": catalog.organisation.ckan_owner_org,
        "maintainer": steward.name if steward else None,
        "maintainer_email": steward.email if steward else None,
        "tags": list(dataset.tags) or None,
        "update_frequency_unit": dataset.update_frequency,
        "data_format": _format(dataset, source.type if source else None),
        "data_classification": dataset.classification,
        "reference_data": dataset.kind == "reference",
    }
    for key, value in derived.items():
        if gd.get(key) in (None, "", []):
            gd[key] = value
    return gd


def _format(dataset: Dataset, source_type: str | None) -> str | None:
    if source_type == "files":
        suffix = dataset.object.rsplit(".", 1)[-1].lower()
        return {"parquet": "Parquet", "csv": "CSV", "tsv": "CSV"}.get(suffix)
    return FORMAT_BY_SOURCE.get(source_type or "")


def _label(mapping: dict[str, str], value: object) -> object:
    return mapping.get(value, value) if isinstance(value, str) else value


def slug(name: str) -> str:
    """A CKAN package name: lowercase letters, digits, - and _, 2 to 100 characters."""
    out = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")
    return (out or "dataset")[:100].ljust(2, "_")


def package(catalog: Catalog, dataset: Dataset) -> dict:
    """One CKAN package dict, ready for package_create on an agency's GD Catalog."""
    gd = gd_fields(catalog, dataset)
    return {
        "name": slug(f"{catalog.organisation.ckan_owner_org or 'org'}-{dataset.name}"),
        "title": gd["title"],
        "owner_org": gd["owner_org"],
        "private": dataset.classification != "public",
        "maintainer": gd["maintainer"],
        "maintainer_email": gd["maintainer_email"],
        "notes": gd["notes"],
        "tags": [{"name": t} for t in (gd["tags"] or [])],
        "license_id": gd["license_id"],
        "data_type": _label(DATA_TYPE_TH, gd["data_type"]),
        "objective": gd["objective"],
        "update_frequency_unit": _label(FREQUENCY_UNIT_TH, gd["update_frequency_unit"]),
        "update_frequency_interval": gd["update_frequency_interval"] or FREQUENCY_INTERVAL_DEFAULT,
        "geo_coverage": _label(GEO_COVERAGE_TH, gd["geo_coverage"]),
        "data_source": gd["data_source"],
        "data_format": gd["data_format"],
        "data_category": _label(DATA_CATEGORY_TH, gd["data_category"]),
        "data_classification": _label(CLASSIFICATION_TH, gd["data_classification"]),
        "reference_data": "ใช่" if gd["reference_data"] else "ไม่ใช่",
        "resources": [{
            "name": dataset.object,
            "format": gd["data_format"] or "",
            "description": f"{dataset.title_en or dataset.title_th} ({dataset.kind})",
            "url": "",
        }],
    }


def export(catalog: Catalog) -> tuple[list[dict], dict[str, list[str]]]:
    """Every dataset as a CKAN package, and the mandatory fields each still lacks."""
    from khlang.catalog.gaps import GD_MANDATORY

    packages, missing = [], {}
    for dataset in catalog.by_kind():
        gd = gd_fields(catalog, dataset)
        lacking = [f for f in GD_MANDATORY if gd.get(f) in (None, "", [])]
        if lacking:
            missing[dataset.name] = lacking
        packages.append(package(catalog, dataset))
    return packages, missing
