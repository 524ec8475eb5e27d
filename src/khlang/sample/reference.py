"""Reference data (commodities, grades, units, provinces) that the master and movement data point to."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from khlang.sample import ids
from khlang.sample.provinces import PROVINCES


@dataclass(frozen=True)
class Commodity:
    """One traded commodity with the parameters its movements are drawn from."""

    code: str
    name_th: str
    name_en: str
    default_unit: str
    product_no: str  # 5-digit item number inside the อคส. GS1 company prefix
    typical_kg: float  # median truckload
    units: tuple[tuple[str, float], ...]  # (unit_code, probability)


COMMODITIES: list[Commodity] = [
    Commodity("RICE_HOM", "ข้าวหอมมะลิไทย", "Thai Hom Mali rice", "KG", "10011", 8000,
              (("KG", 0.3), ("BAG100", 0.4), ("BAG50", 0.2), ("TON", 0.1))),
    Commodity("RICE_WHITE", "ข้าวขาว", "White rice", "KG", "10027", 9000,
              (("KG", 0.3), ("BAG100", 0.4), ("BAG50", 0.2), ("TON", 0.1))),
    Commodity("RICE_GLUT", "ข้าวเหนียว", "Glutinous rice", "KG", "10035", 6000,
              (("KG", 0.4), ("BAG100", 0.3), ("BAG50", 0.3))),
    Commodity("RICE_PATHUM", "ข้าวหอมปทุมธานี", "Pathum Thani fragrant rice", "KG", "10043", 7000,
              (("KG", 0.4), ("BAG100", 0.4), ("TON", 0.2))),
    Commodity("PADDY", "ข้าวเปลือกเจ้า", "Paddy (white rice)", "TON", "20016", 15000,
              (("TON", 0.5), ("KWIAN", 0.3), ("KG", 0.2))),
    Commodity("PADDY_HOM", "ข้าวเปลือกหอมมะลิ", "Hom Mali paddy", "TON", "20024", 14000,
              (("TON", 0.5), ("KWIAN", 0.3), ("KG", 0.2))),
    Commodity("RUBBER_RSS3", "ยางแผ่นรมควันชั้น 3", "Ribbed smoked sheet rubber No. 3", "KG",
              "30015", 5000, (("KG", 0.7), ("TON", 0.3))),
    Commodity("RUBBER_STR20", "ยางแท่ง STR 20", "Block rubber STR 20", "KG", "30023", 10000,
              (("KG", 0.6), ("TON", 0.4))),
    Commodity("CASSAVA_CHIP", "มันเส้น", "Cassava chips", "TON", "40014", 20000,
              (("TON", 0.7), ("KG", 0.3))),
    Commodity("CASSAVA_STARCH", "แป้งมันสำปะหลัง", "Tapioca starch", "TON", "40022", 12000,
              (("TON", 0.6), ("BAG50", 0.2), ("KG", 0.2))),
    Commodity("MAIZE", "ข้าวโพดเลี้ยงสัตว์", "Feed maize", "TON", "50013", 20000,
              (("TON", 0.7), ("KG", 0.3))),
]
COMMODITY_CODES: list[str] = [c.code for c in COMMODITIES]

# Grade codes are unique across commodities, so a grade of another commodity is a
# well-formed code that is nevertheless wrong for the row's commodity.
GRADES: list[tuple[str, str, str]] = [
    ("RICE_HOM", "HM100A", "ข้าวหอมมะลิไทย 100% ชั้น 1"),
    ("RICE_HOM", "HM100B", "ข้าวหอมมะลิไทย 100% ชั้น 2"),
    ("RICE_HOM", "HM92", "ข้าวหอมมะลิ 92%"),
    ("RICE_WHITE", "W100A", "ข้าวขาว 100% ชั้น 1"),
    ("RICE_WHITE", "W5", "ข้าวขาว 5%"),
    ("RICE_WHITE", "W15", "ข้าวขาว 15%"),
    ("RICE_WHITE", "W25", "ข้าวขาว 25%"),
    ("RICE_GLUT", "G100", "ข้าวเหนียวขาว 100%"),
    ("RICE_GLUT", "G10", "ข้าวเหนียวขาว 10%"),
    ("RICE_PATHUM", "PT100", "ข้าวหอมปทุมธานี 100%"),
    ("RICE_PATHUM", "PT5", "ข้าวหอมปทุมธานี 5%"),
    ("PADDY", "PD15", "ข้าวเปลือกเจ้า ความชื้นไม่เกิน 15%"),
    ("PADDY", "PD25", "ข้าวเปลือกเจ้า ความชื้นไม่เกิน 25%"),
    ("PADDY_HOM", "PH15", "ข้าวเปลือกหอมมะลิ ความชื้นไม่เกิน 15%"),
    ("PADDY_HOM", "PH25", "ข้าวเปลือกหอมมะลิ ความชื้นไม่เกิน 25%"),
    ("RUBBER_RSS3", "RSS3", "ยางแผ่นรมควันชั้น 3"),
    ("RUBBER_RSS3", "RSS3-OFF", "ยางแผ่นรมควันชั้น 3 ตกเกรด"),
    ("RUBBER_STR20", "STR20", "ยางแท่ง STR 20"),
    ("RUBBER_STR20", "STR20CV", "ยางแท่ง STR 20 CV"),
    ("CASSAVA_CHIP", "CHIP70", "มันเส้นสะอาด แป้งไม่ต่ำกว่า 70%"),
    ("CASSAVA_CHIP", "CHIP65", "มันเส้น แป้งไม่ต่ำกว่า 65%"),
    ("CASSAVA_STARCH", "STA-P", "แป้งมันสำปะหลัง ชั้นพิเศษ"),
    ("CASSAVA_STARCH", "STA-1", "แป้งมันสำปะหลัง ชั้นหนึ่ง"),
    ("MAIZE", "MZ14", "ข้าวโพดเลี้ยงสัตว์ ความชื้นไม่เกิน 14.5%"),
    ("MAIZE", "MZ30", "ข้าวโพดเลี้ยงสัตว์ ความชื้นไม่เกิน 30%"),
]

# (unit_code, name_th, name_en, kg_factor, rounding granularity in kg)
UNITS: list[tuple[str, str, str, float, int]] = [
    ("KG", "กิโลกรัม", "kilogram", 1.0, 1),
    ("TON", "ตัน", "metric tonne", 1000.0, 10),
    ("BAG50", "กระสอบ 50 กก.", "50 kg bag", 50.0, 50),
    ("BAG100", "กระสอบ 100 กก.", "100 kg bag", 100.0, 100),
    ("KWIAN", "เกวียน", "kwian (traditional paddy cart load)", 1000.0, 10),
]
UNIT_CODES: list[str] = [u[0] for u in UNITS]

GS1_THAILAND = "885"
PWO_COMPANY = "1234"  # fictional company number under the Thai GS1 prefix


def barcode(c: Commodity) -> str:
    """EAN-13 of a commodity, chosen so it cannot pass as a Thai national ID."""
    for salt in range(10):
        first12 = GS1_THAILAND + PWO_COMPANY + c.product_no[:4] + str((int(c.product_no[4]) + salt) % 10)
        code = ids.ean13(first12)
        if not ids._is_valid_id(code):
            return code
    raise AssertionError(f"no barcode for {c.code}")  # pragma: no cover


def _write_csv(path: Path, header: list[str], rows: list[tuple[object, ...]]) -> int:
    """UTF-8 CSV with a fixed line ending, so bytes do not depend on the platform."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return len(rows)


def write_reference(root: Path) -> dict[str, int]:
    """Write reference/*.csv and return the row count of each dataset."""
    ref = root / "reference"
    return {
        "provinces": _write_csv(ref / "provinces.csv", ["province_code", "name_th", "name_en", "region"],
                                [tuple(p) for p in PROVINCES]),
        "commodities": _write_csv(ref / "commodities.csv",
                                  ["commodity_code", "name_th", "name_en", "default_unit", "barcode"],
                                  [(c.code, c.name_th, c.name_en, c.default_unit, barcode(c))
                                   for c in COMMODITIES]),
        "grades": _write_csv(ref / "grades.csv", ["commodity_code", "grade_code", "name_th"], list(GRADES)),
        "units": _write_csv(ref / "units.csv", ["unit_code", "name_th", "name_en", "kg_factor"],
                            [(u[0], u[1], u[2], u[3]) for u in UNITS]),
    }
