"""The person_name detector: Thai names with or without a title, Latin-script and romanised Thai names.

A titled name (นาย, นางสาว, Mr. …) is a name by its shape. An untitled Thai "given family" pair is a name when
pythainlp's name lists know its words, or the character model finds them name-like (khlang/harvest/names.py);
otherwise it only counts when the column name says names. Places are never people: organisation and place
words (airport, ท่าอากาศยาน, โรงเรียน, วัด, district …) and province names rule a value out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from khlang.harvest.pii import _PROVINCES, _TH, Evidence, detector

_TITLES = ("นางสาว", "เด็กชาย", "เด็กหญิง", "นาย", "นาง", "น.ส.", "ด.ช.", "ด.ญ.", "ดร.",
           "Mrs.", "Mr.", "Ms.", "Dr.", "Miss ", "Mrs ", "Mr ", "Ms ", "Dr ",
           "MRS.", "MR.", "MS.", "DR.", "MISS ", "MRS ", "MR ", "MS ")
_TH_WORD = re.compile(f"[{_TH}]{{2,}}")
_LATIN_WORD = re.compile(r"[A-Z][a-z]*(?:['-][A-Z]?[a-z]+)*|[A-Z]{2,}(?:['-][A-Z]+)*")
# Organisation and place words never belong to a person's name, titled or not.
_ORG_WORDS = re.compile(
    r"บริษัท|จำกัด|มหาชน|หจก|ห้างหุ้นส่วน|สหกรณ์|องค์การ|องค์กร|สำนักงาน|ธนาคาร|มูลนิธิ|สมาคม|กระทรวง|สหภาพ"
    r"|ท่าอากาศยาน|สนามบิน|สถานี|ท่าเรือ|โรงเรียน|โรงพยาบาล|มหาวิทยาลัย|วิทยาลัย|อุทยาน|พิพิธภัณฑ์|สนามกีฬา"
    r"|\b(?:Co|Ltd|Limited|Company|Inc|Corp|Corporation|Bank|Warehouse|Branch|Province|District|Road|Group"
    r"|Cooperative|Public|PCL|Office|Ministry|Union|Airport|Airfield|Airbase|International|Station|Terminal"
    r"|Port|Pier|University|College|School|Hospital|Clinic|Temple|Wat|Park|Market|Mall|Plaza|Hotel|Resort"
    r"|River|Lake|Mountain|Island|Beach|Bridge|City|Town|Village|Museum|Stadium|Cent(?:er|re)|Hall|Building"
    r"|Tower|Dam|Forest|Square|Street|Avenue|Regional|National|Municipality|Subdistrict|Region)\b",
    re.IGNORECASE)
# Administrative words never start a name word; place/commodity word starts are excluded only from
# untitled names (surnames like คลังทอง exist, so a titled 'นายสมชาย คลังทอง' is still a name).
_ADMIN_STARTS = ("จังหวัด", "อำเภอ", "ตำบล", "แขวง", "เขต", "สาขา", "หมู่บ้าน")
_PLACE_STARTS = _ADMIN_STARTS + ("คลัง", "โรงสี", "โรงงาน", "ตลาด", "ข้าว", "ยาง", "มันสำปะหลัง", "น้ำตาล",
                                 "ปาล์ม", "ปุ๋ย", "กาแฟ", "ถั่ว", "ลำไย", "เกรด", "ชั้น", "พันธุ์", "วัด", "เกาะ",
                                 "หาด", "แม่น้ำ", "สะพาน", "ศูนย์", "อาคาร", "เขื่อน", "ห้าง", "โรงแรม",
                                 "บ้าน", "ดอย", "ถนน", "ซอย")
# A given + family pair is a name by the lists or the model when its scores add up past this (names.py):
# on held-out names 0.76 of pairs pass, on pairs of dictionary words 0.008 (tests/test_pii.py measures it).
PAIR_SCORE = 0.5
WORD_FLOOR = -0.5
KNOWN = 3.0


@lru_cache(maxsize=1)
def _english_places() -> frozenset[str]:
    """Thai provinces in English (pythainlp's list), lower case: 'bangkok', 'chiang mai' …"""
    from pythainlp.corpus import provinces

    return frozenset(str(p["name_en"]).lower() for p in provinces(details=True)
                     if isinstance(p, dict) and p.get("name_en"))


def split_title(value: str) -> tuple[str, str]:
    """(title, the rest) of a name."""
    for title in _TITLES:
        if value.startswith(title):
            return value[: len(title)].rstrip(), value[len(title):].strip()
    return "", value


def _mask_person_name(value: str) -> str:
    title, rest = split_title(value)
    masked = " ".join(w[:1] + "***" for w in rest.split())
    if not title:
        return masked
    return f"{title}{' ' if value[len(title):len(title) + 1].isspace() else ''}{masked}"


def _thai_pair_is_name(words: list[str]) -> bool:
    """Given and family name by the name lists, or by the character model for names the lists do not have."""
    from khlang.harvest.names import model

    m = model()
    given, family = words[0], words[-1]
    g = KNOWN if given in m.given else m.given_score(given)
    f = KNOWN if family in m.family else m.family_score(family)
    return g + f > PAIR_SCORE and min(g, f) > WORD_FLOOR


def _thai_word_is_name(word: str) -> bool:
    from khlang.harvest.names import model

    m = model()
    return word in m.given or word in m.family or max(m.given_score(word), m.family_score(word)) > 0


def _untitled(words: list[str]) -> Evidence:
    if any(w.startswith(_PLACE_STARTS) or w in _PROVINCES for w in words):
        return Evidence.NONE
    thai = all(_TH_WORD.fullmatch(w) for w in words)
    if len(words) == 1:
        if thai:
            return Evidence.WEAK if _thai_word_is_name(words[0]) else Evidence.NONE
        return Evidence.NONE if words[0].lower() in _english_places() else Evidence.WEAK
    if len(words) > 3:
        return Evidence.NONE
    if thai and _thai_pair_is_name(words):
        return Evidence.STRONG
    if not thai and " ".join(words).lower() in _english_places():
        return Evidence.NONE
    return Evidence.WEAK


@detector("person_name", masker=_mask_person_name, priority=60,
          hints=("name", "names", "full name", "fullname", "first name", "firstname", "last name", "lastname",
                 "fname", "lname", "surname", "given name", "holder", "contact person", "person", "ชื่อ", "นามสกุล"),
          anti_hints=("commodity", "product", "item", "warehouse", "company", "province", "district", "file",
                      "branch", "org", "organisation", "organization", "bank", "brand", "table", "column", "host",
                      "user", "username", "schema", "dataset", "sheet", "field", "project", "dag", "task", "shop",
                      "store", "airport", "station", "place", "location", "city", "country", "school", "hospital",
                      "temple", "hotel", "port", "site", "venue", "building", "road", "street", "village", "park",
                      "route", "airline", "region", "สินค้า", "คลัง", "บริษัท", "จังหวัด", "สาขา", "ธนาคาร", "ไฟล์",
                      "อำเภอ", "ตำบล", "โครงการ", "ท่าอากาศยาน", "สนามบิน", "สถานที่", "โรงเรียน", "โรงพยาบาล",
                      "หมู่บ้าน", "ประเทศ"))
def _person_name(value: str) -> Evidence:
    if _ORG_WORDS.search(value):
        return Evidence.NONE
    title, rest = split_title(value)
    words = rest.split()
    if not words or not all(_TH_WORD.fullmatch(w) or _LATIN_WORD.fullmatch(w) for w in words):
        return Evidence.NONE
    if not title:
        return _untitled(words)
    if any(w.startswith(_ADMIN_STARTS) for w in words):
        return Evidence.NONE
    if 2 <= len(words) <= 4:
        return Evidence.STRONG
    return Evidence.WEAK if len(words) == 1 else Evidence.NONE
