"""Thai personal and company name material, with romanisations for believable e-mail addresses."""

from __future__ import annotations

import unicodedata

MALE_GIVEN: list[tuple[str, str]] = [
    ("สมชาย", "somchai"), ("สมศักดิ์", "somsak"), ("สมพงษ์", "somphong"), ("สมบัติ", "sombat"),
    ("ประเสริฐ", "prasert"), ("วิชัย", "wichai"), ("สุรชัย", "surachai"), ("ชัยวัฒน์", "chaiwat"),
    ("อนุชา", "anucha"), ("ธนากร", "thanakorn"), ("บุญมี", "bunmi"), ("บุญชัย", "bunchai"),
    ("สุเทพ", "suthep"), ("มานพ", "manop"), ("วีระ", "weera"), ("สมหมาย", "sommai"),
    ("ทองใบ", "thongbai"), ("สำราญ", "samran"), ("เกียรติศักดิ์", "kiattisak"), ("ณรงค์", "narong"),
    ("ไพโรจน์", "phairot"), ("สุวิทย์", "suwit"), ("อำนาจ", "amnat"), ("ประสิทธิ์", "prasit"),
    ("พิชัย", "phichai"), ("สมนึก", "somnuek"), ("จักรพันธ์", "jakkaphan"), ("ธีรวัฒน์", "theerawat"),
    ("วิทยา", "witthaya"), ("กิตติ", "kitti"), ("เฉลิม", "chalerm"), ("สุริยา", "suriya"),
    ("อุดม", "udom"), ("บุญส่ง", "bunsong"), ("ชาญชัย", "chanchai"), ("ปรีชา", "pricha"),
    ("สุชาติ", "suchat"), ("ทวีศักดิ์", "thawisak"), ("เสถียร", "sathian"), ("ไพศาล", "phaisan"),
    ("อภิชาติ", "aphichat"), ("ศักดิ์ชัย", "sakchai"), ("นิพนธ์", "niphon"), ("บรรจง", "banchong"),
    ("สมเกียรติ", "somkiat"), ("ยุทธนา", "yutthana"), ("วัชระ", "watchara"), ("พงศกร", "phongsakorn"),
    ("ชูชาติ", "chuchat"), ("คำปั่น", "khampan"),
]

FEMALE_GIVEN: list[tuple[str, str]] = [
    ("สมหญิง", "somying"), ("มาลี", "mali"), ("สุนีย์", "sunee"), ("วันเพ็ญ", "wanphen"),
    ("ประภา", "prapha"), ("นงลักษณ์", "nongluck"), ("สุภาพร", "supaporn"), ("กาญจนา", "kanchana"),
    ("รัตนา", "rattana"), ("จันทร์เพ็ญ", "janphen"), ("อรุณี", "arunee"), ("พรทิพย์", "porntip"),
    ("ศิริพร", "siriporn"), ("บุญเรือน", "bunruean"), ("ทองม้วน", "thongmuan"), ("สมใจ", "somjai"),
    ("ละเอียด", "laiat"), ("ดวงใจ", "duangjai"), ("วิไลวรรณ", "wilaiwan"), ("ปราณี", "pranee"),
    ("อัมพร", "amporn"), ("เพ็ญศรี", "pensri"), ("สุดารัตน์", "sudarat"), ("นภาพร", "napaporn"),
    ("จิราพร", "jiraporn"), ("ลำดวน", "lamduan"), ("บังอร", "bungon"), ("ยุพิน", "yupin"),
    ("สายสุนีย์", "saisunee"), ("อำไพ", "amphai"), ("ปัทมา", "pattama"), ("ณัฐธิดา", "natthida"),
    ("กนกวรรณ", "kanokwan"), ("พิมพ์ใจ", "pimjai"), ("ชุติมา", "chutima"), ("เยาวลักษณ์", "yaowalak"),
    ("อรทัย", "orathai"), ("ศรีสุดา", "srisuda"), ("ทิพวรรณ", "thippawan"), ("มยุรี", "mayuree"),
    ("รุ่งนภา", "rungnapa"), ("วรรณา", "wanna"), ("สมพร", "somporn"), ("ลัดดา", "ladda"),
    ("อุไร", "urai"), ("บุษบา", "butsaba"), ("จำปี", "jampee"), ("สุพัตรา", "supattra"),
    ("เบญจวรรณ", "benjawan"), ("ธิดารัตน์", "thidarat"),
]

# Thai surnames are mostly compounds of auspicious morphemes: 'ทอง'+'ดี', 'ศรี'+'สุข', ...
SURNAME_HEADS: list[tuple[str, str]] = [
    ("ทอง", "thong"), ("ศรี", "sri"), ("แก้ว", "kaew"), ("บุญ", "bun"), ("แสง", "saeng"),
    ("จันทร์", "chan"), ("สุข", "suk"), ("ชัย", "chai"), ("เพชร", "phet"), ("คำ", "kham"),
    ("วงศ์", "wong"), ("ดวง", "duang"), ("พรหม", "phrom"), ("นาค", "nak"), ("อินทร์", "in"),
    ("รุ่ง", "rung"), ("มณี", "manee"), ("เงิน", "ngoen"),
]
SURNAME_TAILS: list[tuple[str, str]] = [
    ("ดี", "dee"), ("สุข", "suk"), ("มา", "ma"), ("ทอง", "thong"), ("แก้ว", "kaew"),
    ("เจริญ", "charoen"), ("ประเสริฐ", "prasert"), ("สวัสดิ์", "sawat"), ("วงศ์", "wong"),
    ("ศรี", "sri"), ("มงคล", "mongkhon"), ("รัตน์", "rat"), ("ใส", "sai"), ("งาม", "ngam"),
    ("เรือง", "rueang"), ("นวล", "nuan"), ("คำ", "kham"), ("ทิพย์", "thip"), ("สม", "som"),
]
EXTRA_SURNAMES: list[tuple[str, str]] = [
    ("ใจดี", "jaidee"), ("มีสุข", "meesuk"), ("รักษ์ไทย", "rakthai"), ("ปัญญาดี", "panyadee"),
    ("พึ่งบุญ", "phuengbun"), ("ยิ้มแย้ม", "yimyaem"), ("กลิ่นหอม", "klinhom"), ("ชุ่มชื่น", "chumchuen"),
    ("เกิดผล", "koetphon"), ("อ่อนศรี", "onsri"), ("สมบูรณ์", "somboon"), ("มั่นคง", "mankhong"),
    ("คงเจริญ", "khongcharoen"), ("พรมแดง", "phromdaeng"), ("สิทธิชัย", "sitthichai"),
    ("บุญญาศิริ", "bunyasiri"), ("ธนาเจริญ", "thanacharoen"), ("เจริญผล", "charoenphon"),
]


def surnames() -> list[tuple[str, str]]:
    """All surnames: compounds of distinct morphemes plus common stand-alone ones."""
    out = [(h + t, hr + tr) for h, hr in SURNAME_HEADS for t, tr in SURNAME_TAILS if h != t]
    seen: set[str] = set()
    uniq = []
    for th, ro in out + EXTRA_SURNAMES:
        if th not in seen:
            seen.add(th)
            uniq.append((th, ro))
    return uniq


TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"  # mai ek, tho, tri, chattawa, thanthakhat


def normalise_name(name: str) -> str:
    """Key under which spacing and tone-mark typos of one person's name coincide."""
    name = unicodedata.normalize("NFC", name)
    return "".join(ch for ch in name if not ch.isspace() and ch not in TONE_MARKS)


EMAIL_DOMAINS = ["gmail.com", "gmail.com", "gmail.com", "hotmail.com", "yahoo.co.th", "outlook.co.th"]

# Company name material: (thai, roman) words composed into 'บริษัท <w1><w2> จำกัด'.
COMPANY_WORDS_1: list[tuple[str, str]] = [
    ("ข้าว", "khao"), ("สยาม", "siam"), ("ไทย", "thai"), ("รุ่งเรือง", "rungrueang"),
    ("เจริญ", "charoen"), ("ศรี", "sri"), ("เกษตร", "kaset"), ("อุดม", "udom"),
    ("มั่นคง", "mankhong"), ("ทอง", "thong"), ("สหกรณ์", "sahakorn"), ("พืชผล", "phuechphon"),
    ("ยางพารา", "yangpara"), ("ธัญญา", "thanya"), ("แสงทอง", "saengthong"), ("รวมไทย", "ruamthai"),
    ("บูรพา", "burapha"), ("อีสาน", "isan"), ("ล้านนา", "lanna"), ("ทักษิณ", "thaksin"),
]
COMPANY_WORDS_2: list[tuple[str, str]] = [
    ("ค้าข้าว", "rice"), ("ไรซ์", "rice"), ("อะโกร", "agro"), ("เทรดดิ้ง", "trading"),
    ("ฟู้ดส์", "foods"), ("พืชไร่", "crops"), ("ยางไทย", "rubber"), ("ผลิตภัณฑ์", "products"),
    ("อินเตอร์", "inter"), ("ซัพพลาย", "supply"), ("โรงสี", "mill"), ("ส่งออก", "export"),
    ("กรุ๊ป", "group"), ("โลจิสติกส์", "logistics"), ("เอ็กซ์ปอร์ต", "export"),
    ("เมล็ดพันธุ์", "seeds"), ("คอมโมดิตี้", "commodity"), ("เอเชีย", "asia"),
]
COMPANY_FORMS: list[tuple[str, str, str]] = [
    # (prefix, suffix, juristic-type digit in the tax id)
    ("บริษัท ", " จำกัด", "5"), ("บริษัท ", " จำกัด", "5"), ("บริษัท ", " จำกัด", "5"),
    ("บริษัท ", " จำกัด (มหาชน)", "7"), ("ห้างหุ้นส่วนจำกัด ", "", "3"),
]
CORPORATE_MAILBOXES = ["sales", "info", "contact", "purchasing", "account", "export"]

BANGKOK_ROADS = ["พหลโยธิน", "รัชดาภิเษก", "ลาดพร้าว", "วิภาวดีรังสิต", "รามอินทรา", "งามวงศ์วาน"]
