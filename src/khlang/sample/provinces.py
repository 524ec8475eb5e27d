"""The 77 Thai provinces with their official codes, so every module uses the real ones."""

from __future__ import annotations

# (province_code, name_th, name_en, region) — codes are the Ministry of Interior codes
# that also open every Thai national ID's registrar digits; regions follow the
# six-region geographic system of the National Research Council (2520 B.E.).
PROVINCES: list[tuple[str, str, str, str]] = [
    ("10", "กรุงเทพมหานคร", "Bangkok", "Central"),
    ("11", "สมุทรปราการ", "Samut Prakan", "Central"),
    ("12", "นนทบุรี", "Nonthaburi", "Central"),
    ("13", "ปทุมธานี", "Pathum Thani", "Central"),
    ("14", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", "Central"),
    ("15", "อ่างทอง", "Ang Thong", "Central"),
    ("16", "ลพบุรี", "Lop Buri", "Central"),
    ("17", "สิงห์บุรี", "Sing Buri", "Central"),
    ("18", "ชัยนาท", "Chai Nat", "Central"),
    ("19", "สระบุรี", "Saraburi", "Central"),
    ("20", "ชลบุรี", "Chon Buri", "East"),
    ("21", "ระยอง", "Rayong", "East"),
    ("22", "จันทบุรี", "Chanthaburi", "East"),
    ("23", "ตราด", "Trat", "East"),
    ("24", "ฉะเชิงเทรา", "Chachoengsao", "East"),
    ("25", "ปราจีนบุรี", "Prachin Buri", "East"),
    ("26", "นครนายก", "Nakhon Nayok", "Central"),
    ("27", "สระแก้ว", "Sa Kaeo", "East"),
    ("30", "นครราชสีมา", "Nakhon Ratchasima", "Northeast"),
    ("31", "บุรีรัมย์", "Buri Ram", "Northeast"),
    ("32", "สุรินทร์", "Surin", "Northeast"),
    ("33", "ศรีสะเกษ", "Si Sa Ket", "Northeast"),
    ("34", "อุบลราชธานี", "Ubon Ratchathani", "Northeast"),
    ("35", "ยโสธร", "Yasothon", "Northeast"),
    ("36", "ชัยภูมิ", "Chaiyaphum", "Northeast"),
    ("37", "อำนาจเจริญ", "Amnat Charoen", "Northeast"),
    ("38", "บึงกาฬ", "Bueng Kan", "Northeast"),
    ("39", "หนองบัวลำภู", "Nong Bua Lam Phu", "Northeast"),
    ("40", "ขอนแก่น", "Khon Kaen", "Northeast"),
    ("41", "อุดรธานี", "Udon Thani", "Northeast"),
    ("42", "เลย", "Loei", "Northeast"),
    ("43", "หนองคาย", "Nong Khai", "Northeast"),
    ("44", "มหาสารคาม", "Maha Sarakham", "Northeast"),
    ("45", "ร้อยเอ็ด", "Roi Et", "Northeast"),
    ("46", "กาฬสินธุ์", "Kalasin", "Northeast"),
    ("47", "สกลนคร", "Sakon Nakhon", "Northeast"),
    ("48", "นครพนม", "Nakhon Phanom", "Northeast"),
    ("49", "มุกดาหาร", "Mukdahan", "Northeast"),
    ("50", "เชียงใหม่", "Chiang Mai", "North"),
    ("51", "ลำพูน", "Lamphun", "North"),
    ("52", "ลำปาง", "Lampang", "North"),
    ("53", "อุตรดิตถ์", "Uttaradit", "North"),
    ("54", "แพร่", "Phrae", "North"),
    ("55", "น่าน", "Nan", "North"),
    ("56", "พะเยา", "Phayao", "North"),
    ("57", "เชียงราย", "Chiang Rai", "North"),
    ("58", "แม่ฮ่องสอน", "Mae Hong Son", "North"),
    ("60", "นครสวรรค์", "Nakhon Sawan", "Central"),
    ("61", "อุทัยธานี", "Uthai Thani", "Central"),
    ("62", "กำแพงเพชร", "Kamphaeng Phet", "Central"),
    ("63", "ตาก", "Tak", "West"),
    ("64", "สุโขทัย", "Sukhothai", "Central"),
    ("65", "พิษณุโลก", "Phitsanulok", "Central"),
    ("66", "พิจิตร", "Phichit", "Central"),
    ("67", "เพชรบูรณ์", "Phetchabun", "Central"),
    ("70", "ราชบุรี", "Ratchaburi", "West"),
    ("71", "กาญจนบุรี", "Kanchanaburi", "West"),
    ("72", "สุพรรณบุรี", "Suphan Buri", "Central"),
    ("73", "นครปฐม", "Nakhon Pathom", "Central"),
    ("74", "สมุทรสาคร", "Samut Sakhon", "Central"),
    ("75", "สมุทรสงคราม", "Samut Songkhram", "Central"),
    ("76", "เพชรบุรี", "Phetchaburi", "West"),
    ("77", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", "West"),
    ("80", "นครศรีธรรมราช", "Nakhon Si Thammarat", "South"),
    ("81", "กระบี่", "Krabi", "South"),
    ("82", "พังงา", "Phang Nga", "South"),
    ("83", "ภูเก็ต", "Phuket", "South"),
    ("84", "สุราษฎร์ธานี", "Surat Thani", "South"),
    ("85", "ระนอง", "Ranong", "South"),
    ("86", "ชุมพร", "Chumphon", "South"),
    ("90", "สงขลา", "Songkhla", "South"),
    ("91", "สตูล", "Satun", "South"),
    ("92", "ตรัง", "Trang", "South"),
    ("93", "พัทลุง", "Phatthalung", "South"),
    ("94", "ปัตตานี", "Pattani", "South"),
    ("95", "ยะลา", "Yala", "South"),
    ("96", "นราธิวาส", "Narathiwat", "South"),
]

PROVINCE_CODES: frozenset[str] = frozenset(p[0] for p in PROVINCES)
BY_CODE: dict[str, tuple[str, str, str, str]] = {p[0]: p for p in PROVINCES}

# Well-formed two-digit codes that belong to no province: used to plant bad references.
UNUSED_CODES: tuple[str, ...] = ("28", "29", "59", "68", "69", "78", "87", "97", "99", "00")

# Short Thai names used in branch names ('คลังสินค้า อคส. สาขาอยุธยา 1').
SHORT_TH: dict[str, str] = {"14": "อยุธยา", "10": "กรุงเทพฯ"}

# Approximate coordinates (lat, lon) of provincial seats where อคส. has warehouses.
CAPITAL_COORDS: dict[str, tuple[float, float]] = {
    "10": (13.75, 100.50), "14": (14.35, 100.57), "15": (14.59, 100.45),
    "16": (14.80, 100.65), "17": (14.89, 100.40), "18": (15.19, 100.13),
    "19": (14.53, 100.91), "21": (12.68, 101.28), "22": (12.61, 102.10),
    "24": (13.69, 101.07), "25": (14.05, 101.37), "30": (14.97, 102.10),
    "31": (14.99, 103.10), "32": (14.88, 103.49), "33": (15.12, 104.32),
    "34": (15.24, 104.85), "35": (15.79, 104.15), "40": (16.43, 102.83),
    "41": (17.41, 102.79), "44": (16.18, 103.30), "45": (16.05, 103.65),
    "46": (16.43, 103.51), "50": (18.79, 98.98), "57": (19.91, 99.83),
    "60": (15.70, 100.14), "61": (15.38, 100.02), "62": (16.48, 99.52),
    "64": (17.01, 99.82), "65": (16.82, 100.26), "66": (16.44, 100.35),
    "67": (16.42, 101.16), "70": (13.54, 99.82), "71": (14.00, 99.55),
    "72": (14.47, 100.12), "73": (13.82, 100.06), "80": (8.43, 99.96),
    "84": (9.14, 99.33), "90": (7.19, 100.59), "92": (7.56, 99.61),
}

# Districts used in addresses: province_code -> [(amphoe/khet, tambon/khwaeng, postcode)].
DISTRICTS: dict[str, list[tuple[str, str, str]]] = {
    "10": [("จตุจักร", "จตุจักร", "10900"), ("ห้วยขวาง", "ห้วยขวาง", "10310"),
           ("บางกะปิ", "คลองจั่น", "10240"), ("ลาดพร้าว", "ลาดพร้าว", "10230"),
           ("ดุสิต", "ดุสิต", "10300")],
    "11": [("เมืองสมุทรปราการ", "ปากน้ำ", "10270")],
    "14": [("พระนครศรีอยุธยา", "ประตูชัย", "13000"), ("บางปะอิน", "บ้านเลน", "13160"),
           ("วังน้อย", "ลำตาเสา", "13170"), ("เสนา", "เสนา", "13110"),
           ("ท่าเรือ", "ท่าเรือ", "13130"), ("ผักไห่", "ผักไห่", "13120")],
    "18": [("เมืองชัยนาท", "ในเมือง", "17000"), ("สรรคบุรี", "แพรกศรีราชา", "17140"),
           ("หันคา", "หันคา", "17130")],
    "30": [("เมืองนครราชสีมา", "ในเมือง", "30000"), ("ปากช่อง", "ปากช่อง", "30130"),
           ("สีคิ้ว", "สีคิ้ว", "30140"), ("พิมาย", "ในเมือง", "30110")],
    "31": [("เมืองบุรีรัมย์", "ในเมือง", "31000"), ("นางรอง", "นางรอง", "31110")],
    "32": [("เมืองสุรินทร์", "ในเมือง", "32000"), ("ท่าตูม", "ท่าตูม", "32120"),
           ("รัตนบุรี", "รัตนบุรี", "32130")],
    "34": [("เมืองอุบลราชธานี", "ในเมือง", "34000"), ("วารินชำราบ", "วารินชำราบ", "34190"),
           ("เดชอุดม", "เมืองเดช", "34160")],
    "40": [("เมืองขอนแก่น", "ในเมือง", "40000"), ("บ้านไผ่", "ในเมือง", "40110"),
           ("ชุมแพ", "ชุมแพ", "40130")],
    "45": [("เมืองร้อยเอ็ด", "ในเมือง", "45000"), ("สุวรรณภูมิ", "สระคู", "45130"),
           ("เกษตรวิสัย", "เกษตรวิสัย", "45150")],
    "50": [("เมืองเชียงใหม่", "ศรีภูมิ", "50200"), ("หางดง", "หางดง", "50230")],
    "57": [("เมืองเชียงราย", "เวียง", "57000"), ("พาน", "เมืองพาน", "57120")],
    "60": [("เมืองนครสวรรค์", "ปากน้ำโพ", "60000"), ("ตาคลี", "ตาคลี", "60140"),
           ("ชุมแสง", "ชุมแสง", "60120")],
    "65": [("เมืองพิษณุโลก", "ในเมือง", "65000"), ("บางระกำ", "บางระกำ", "65140"),
           ("วังทอง", "วังทอง", "65130")],
    "72": [("เมืองสุพรรณบุรี", "ท่าพี่เลี้ยง", "72000"), ("อู่ทอง", "อู่ทอง", "72160"),
           ("สองพี่น้อง", "สองพี่น้อง", "72110"), ("ศรีประจันต์", "ศรีประจันต์", "72140")],
    "84": [("เมืองสุราษฎร์ธานี", "ตลาด", "84000"), ("พุนพิน", "ท่าข้าม", "84130")],
    "90": [("เมืองสงขลา", "บ่อยาง", "90000"), ("หาดใหญ่", "หาดใหญ่", "90110")],
}


def postcode_prefix(code: str) -> str:
    """Postal zones are offset from province codes in the inner central region."""
    n = int(code)
    if n <= 11:
        return "10"
    if n <= 19:
        return f"{n - 1:02d}"
    return code


def districts(code: str) -> list[tuple[str, str, str]]:
    """Known districts of a province, or its capital district when none are listed."""
    if code in DISTRICTS:
        return DISTRICTS[code]
    return [(f"เมือง{BY_CODE[code][1]}", "ในเมือง", f"{postcode_prefix(code)}000")]
