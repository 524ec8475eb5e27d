"""Khlang's own codes for GD Catalog choice fields, mapped to each schema variant's values: the one mapping table.

A declaration may write the schema's value itself (`ประเทศ`) or a Khlang code (`country`). A code maps to one
value for every variant, to `(value, other_text)` when the schema's way is อื่นๆ plus an `*_other` field, or to
a dict per variant when the variants differ; a variant missing from that dict has no value for the code, and
the export refuses it there.
"""

from __future__ import annotations

Mapped = str | tuple[str, str]
Entry = Mapped | dict[str, Mapped]
OTHER = "อื่นๆ"

VOCABULARY: dict[str, dict[str, Entry]] = {
    "data_type": {
        "record": "ข้อมูลระเบียน", "statistics": "ข้อมูลสถิติ", "geospatial": "ข้อมูลภูมิสารสนเทศเชิงพื้นที่",
        "multimedia": "ข้อมูลหลากหลายประเภท", "other": "ข้อมูลประเภทอื่นๆ",
    },
    "objective": {
        "national_strategy": "ยุทธศาสตร์ชาติ", "economic_social_plan": "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ",
        "national_security_plan": "แผนความมั่นคงแห่งชาติ", "master_plan": "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
        "reform_plan": "แผนปฏิรูปประเทศ", "level3_plan": "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)",
        "government_policy": "นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี", "cabinet_resolution": "มติคณะรัฐมนตรี",
        "public_service": "เพื่อการให้บริการประชาชน", "law": "กฎหมายที่เกี่ยวข้อง", "mission": "พันธกิจหน่วยงาน",
        "international_index": "ดัชนี/ตัวชี้วัดระดับนานาชาติ", "unknown": "ไม่ทราบ",
    },
    "update_frequency_unit": {
        "realtime": "ตามเวลาจริง", "minutely": "นาที", "hourly": "ชั่วโมง", "daily": "วัน", "working_daily": "วันทำการ",
        "weekly": "สัปดาห์", "monthly": "เดือน", "quarterly": "ไตรมาส", "half_yearly": "ครึ่งปี", "yearly": "ปี",
        "on_demand": (OTHER, "ตามความต้องการใช้งาน (on demand)"),
        "none": "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล", "unknown": "ไม่ทราบ",
    },
    "geo_coverage": {
        "none": "ไม่มี", "world": "โลก", "continent": "ทวีป/กลุ่มประเทศในทวีป", "economic_group": "กลุ่มประเทศทางเศรษฐกิจ",
        "country": "ประเทศ", "region": "ภาค", "province": "จังหวัด", "district": "อำเภอ", "subdistrict": "ตำบล",
        "village": "หมู่บ้าน", "municipality": "เทศบาล/อบต.", "coordinates": "พิกัด", "unknown": "ไม่ทราบ",
    },
    "data_format": {
        "database": "Database", "csv": "CSV", "tsv": "CSV", "xml": "XML", "image": "Image", "video": "Video",
        "audio": "Audio", "text": "Text", "json": "JSON", "html": "HTML", "doc": "DOC/DOCX", "docx": "DOC/DOCX",
        "xls": "XLS", "xlsx": "XLS", "pdf": "PDF", "rdf": "RDF", "nosql": "NoSQL", "shapefile": "Shapefile",
        "geotiff": "GeoTiff", "gml": "GML", "parquet": (OTHER, "Parquet"), "unknown": "ไม่ทราบ",
    },
    "data_category": {
        "public": "ข้อมูลสาธารณะ", "personal": "ข้อมูลส่วนบุคคล", "security": "ข้อมูลความมั่นคง",
        "official_secret": "ข้อมูลความลับทางราชการ",
        # Only the newer schema has an internal-use category; the classic one has no value for it.
        "internal": {"tgdcschema": "ข้อมูลใช้ภายใน"},
    },
    "data_classification": {
        "public": "เปิดเผย", "internal": "ชั้นเผยแพร่ภายในองค์กร", "confidential": "ลับ", "secret": "ลับมาก",
        "top_secret": "ลับที่สุด",
    },
    "license_id": {
        "odc": "Open Data Common", "cc-by": "Creative Commons Attributions",
        "cc-by-sa": "Creative Commons Attribution Share-Alike",
        "cc-by-nc": {"thai_gdc": "Creative Commons Non-Commercial (Any)",
                     "tgdcschema": "Creative Commons Attribution Non-Commercial"},
        "not_specified": {"thai_gdc": "License not specified"},
        "internal_use": (OTHER, "สงวนสิทธิ์ ใช้ภายในองค์กรเท่านั้น (all rights reserved, internal use only)"),
    },
    "data_language": {
        "th": "ไทย", "en": "อังกฤษ", "zh": "จีน", "ms": "มลายู", "my": "พม่า", "lo": "ลาว", "km": "เขมร",
        "ja": "ญี่ปุ่น", "ko": "เกาหลี", "fr": "ฝรั่งเศส", "de": "เยอรมัน", "ar": "อารบิก",
    },
}


def mapped(field: str, code: str, variant: str) -> Mapped | None:
    """The value (or value and other-text) a Khlang code stands for in one variant; None when it has none."""
    entry = VOCABULARY.get(field, {}).get(code)
    if isinstance(entry, dict):
        return entry.get(variant)
    return entry


def codes(field: str) -> list[str]:
    """The Khlang codes of one field, for error messages."""
    return sorted(VOCABULARY.get(field, {}))
