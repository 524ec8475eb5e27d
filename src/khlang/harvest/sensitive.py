"""PDPA section 26 sensitive personal data (ข้อมูลส่วนบุคคลที่มีความอ่อนไหว), one detector per category.

Race, religion (and creed or philosophy), health, disability, criminal record, biometric, genetic data,
political opinion, trade-union membership and sexual behaviour. A value that names the category on its own
(a religion, a disease, a political party, a DNA sequence) is strong evidence; a value that only fits it
(yes/no, a blood group, an ICD-10 code, an ethnic group that is also a nationality, a long binary template)
counts only when the column name says the category, in Thai or English. Sensitive values are masked whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from khlang.harvest.pii import Evidence, detector

SENSITIVE_LABELS = ("race", "religion", "health", "disability", "criminal_record", "biometric", "genetic",
                    "political_opinion", "trade_union", "sexual_behaviour")
_YES_NO = frozenset({"y", "n", "yes", "no", "true", "false", "t", "f", "0", "1", "ใช่", "ไม่ใช่", "มี", "เป็น",
                     "ไม่เป็น", "member", "non-member", "สมาชิก", "ไม่เป็นสมาชิก"})


def _mask_whole(_value: str) -> str:
    return "***"


def _words(*groups: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern for any of the terms (Latin terms as whole words, Thai ones anywhere)."""
    terms = sorted({t for g in groups for t in g}, key=len, reverse=True)
    thai = [re.escape(t) for t in terms if re.search("[\u0e00-\u0e7f]", t)]
    latin = [re.escape(t) for t in terms if not re.search("[\u0e00-\u0e7f]", t)]
    parts = ([f"(?:{'|'.join(thai)})"] if thai else []) + ([rf"\b(?:{'|'.join(latin)})"] if latin else [])
    return re.compile("|".join(parts), re.IGNORECASE)


def _norm(value: str) -> str:
    return " ".join(value.lower().replace("ศาสนา", "").split())


def _yes_no(value: str) -> bool:
    return _norm(value) in _YES_NO


# --------------------------------------------------------------------------- religion
_RELIGIONS = frozenset({
    "พุทธ", "พุทธศาสนา", "อิสลาม", "คริสต์", "คริสเตียน", "คาทอลิก", "โรมันคาทอลิก", "โปรเตสแตนต์", "ฮินดู",
    "พราหมณ์", "พราหมณ์-ฮินดู", "ซิกข์", "ยิว", "ไม่นับถือ", "ไม่นับถือศาสนา", "ไม่มีศาสนา", "อื่นๆ",
    "buddhism", "buddhist", "islam", "muslim", "moslem", "christian", "christianity", "catholic",
    "roman catholic", "protestant", "hindu", "hinduism", "sikh", "sikhism", "jewish", "judaism", "atheist",
    "agnostic", "no religion", "taoism", "taoist", "confucianism",
})


@detector("religion", masker=_mask_whole, priority=72,
          hints=("religion", "religious", "faith", "belief", "creed", "ศาสนา", "ลัทธิ", "ความเชื่อ"))
def _religion(value: str) -> Evidence:
    return Evidence.STRONG if _norm(value) in _RELIGIONS - {"อื่นๆ"} else (
        Evidence.WEAK if _norm(value) in _RELIGIONS else Evidence.NONE)


# --------------------------------------------------------------------------- race / ethnicity
_ETHNIC = frozenset({
    "ไทย", "จีน", "ลาว", "เขมร", "มอญ", "พม่า", "มลายู", "มาเลย์", "กะเหรี่ยง", "ม้ง", "เมี่ยน", "อาข่า", "ลีซู",
    "ลาหู่", "ลัวะ", "ไทใหญ่", "ไทลื้อ", "ญวน", "เวียดนาม", "แขก", "ภูไท", "ผู้ไท", "กูย", "ส่วย", "โซ่", "ชอง",
    "มลาบรี", "มอแกน", "อูรักลาโว้ย", "thai", "chinese", "lao", "khmer", "mon", "burmese", "malay", "karen",
    "hmong", "mien", "akha", "lisu", "lahu", "lua", "shan", "vietnamese", "asian", "caucasian", "white", "black",
    "african", "hispanic", "latino", "arab", "indian", "mixed",
})
_RACE_WORDS = _words(("เชื้อชาติ", "ชาติพันธุ์", "เผ่าพันธุ์", "ethnic group", "ethnicity"))


@detector("race", masker=_mask_whole, priority=71,
          hints=("race", "racial", "ethnic", "ethnicity", "ethnic group", "tribe", "เชื้อชาติ", "ชาติพันธุ์",
                 "เผ่าพันธุ์", "ชนเผ่า"))
def _race(value: str) -> Evidence:
    if _RACE_WORDS.search(value) and len(value) <= 40:
        return Evidence.STRONG  # "เชื้อชาติไทย", "ethnicity: Karen"
    text = _norm(value).removeprefix("ชาว").strip()
    return Evidence.WEAK if text in _ETHNIC else Evidence.NONE  # "ไทย" is also a nationality: needs the name


# --------------------------------------------------------------------------- health
_DISEASES = _words(
    ("เบาหวาน", "ความดันโลหิต", "ความดันสูง", "มะเร็ง", "หอบหืด", "วัณโรค", "เอชไอวี", "เอดส์", "ตับอักเสบ",
     "ซึมเศร้า", "จิตเภท", "ไบโพลาร์", "ลมชัก", "อัมพาต", "อัมพฤกษ์", "ไตวาย", "ไตเรื้อรัง", "หัวใจ", "หลอดเลือดสมอง",
     "ไขมันในเลือด", "ภูมิแพ้", "แพ้ยา", "ไมเกรน", "โควิด", "สมองเสื่อม", "กระดูกพรุน", "ต้อกระจก", "ต้อหิน",
     "ธาลัสซีเมีย", "ตั้งครรภ์", "ผ่าตัด", "โรคประจำตัว", "ไทรอยด์", "เก๊าท์", "รูมาตอยด์", "พาร์กินสัน",
     "ออทิซึม", "สมาธิสั้น"),
    ("diabetes", "diabetic", "hypertension", "asthma", "cancer", "tumour", "tumor", "tuberculosis", "hiv",
     "aids", "hepatitis", "depression", "schizophrenia", "bipolar", "epilepsy", "stroke", "dementia",
     "alzheimer", "covid", "pregnan", "allerg", "migraine", "thalassemia", "heart disease", "kidney disease",
     "renal failure", "copd", "thyroid", "gout", "arthritis", "parkinson", "adhd", "chronic"),
)
_ICD10 = re.compile(r"[A-TV-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?", re.IGNORECASE)
_BLOOD = re.compile(r"(?:A|B|AB|O)(?:\s?(?:\+|-|Rh\+|Rh-|บวก|ลบ))?", re.IGNORECASE)


@detector("health", masker=_mask_whole, priority=73,
          hints=("health", "medical", "diagnosis", "diagnoses", "disease", "illness", "icd", "icd10",
                 "symptom", "medication", "allergy", "blood type", "blood group", "bloodgroup",
                 "สุขภาพ", "โรค", "การวินิจฉัย", "วินิจฉัย", "อาการ", "การรักษา", "ประวัติการรักษา", "ยาที่ใช้",
                 "แพ้ยา", "หมู่เลือด", "กรุ๊ปเลือด"))
def _health(value: str) -> Evidence:
    if _DISEASES.search(value):
        return Evidence.STRONG
    if _ICD10.fullmatch(value) or _BLOOD.fullmatch(value):
        return Evidence.WEAK
    return Evidence.NONE


# --------------------------------------------------------------------------- disability
_DISABILITY = _words(("พิการ", "ทุพพลภาพ", "ออทิสติก", "ตาบอด", "หูหนวก", "หูตึง", "บกพร่องทาง", "วีลแชร์",
                      "รถเข็นคนพิการ"),
                     ("disabilit", "disabled", "impairment", "impaired", "wheelchair", "blind", "deaf",
                      "autism", "autistic", "handicap", "paraplegi", "amputee"))


@detector("disability", masker=_mask_whole, priority=74,
          hints=("disability", "disabilities", "disabled", "handicap", "impairment", "special needs",
                 "ความพิการ", "ผู้พิการ", "คนพิการ", "ทุพพลภาพ", "บัตรคนพิการ"))
def _disability(value: str) -> Evidence:
    if _DISABILITY.search(value):
        return Evidence.STRONG
    return Evidence.WEAK if _yes_no(value) else Evidence.NONE


# --------------------------------------------------------------------------- criminal record
_CRIMINAL = _words(("ต้องโทษ", "จำคุก", "คดีอาญา", "คดียาเสพติด", "ความผิดฐาน", "พ้นโทษ", "รอลงอาญา",
                    "ประวัติอาชญากรรม", "ถูกพิพากษา", "ศาลพิพากษา", "ลักทรัพย์", "ฉ้อโกง", "ยักยอก"),
                   ("convicted", "conviction", "imprisonment", "imprisoned", "criminal", "felony", "sentenced",
                    "probation", "parole", "misdemeanou?r", "offence", "offense"))


@detector("criminal_record", masker=_mask_whole, priority=75,
          hints=("criminal", "crime", "conviction", "convictions", "offence", "offense", "police record",
                 "prison", "ประวัติอาชญากรรม", "อาชญากรรม", "ต้องโทษ", "คดี", "ประวัติการกระทำผิด", "ทะเบียนประวัติ"))
def _criminal(value: str) -> Evidence:
    if _CRIMINAL.search(value):
        return Evidence.STRONG
    return Evidence.WEAK if _yes_no(value) else Evidence.NONE


# --------------------------------------------------------------------------- biometric
_BLOB = re.compile(r"[A-Za-z0-9+/=\s]{64,}|(?:0x)?[0-9a-fA-F]{64,}|\[\s*-?[0-9.]+(?:\s*,\s*-?[0-9.eE-]+){15,}\s*\]")


@detector("biometric", masker=_mask_whole, priority=76,
          hints=("biometric", "biometrics", "fingerprint", "finger print", "face template", "face encoding",
                 "face embedding", "faceid", "iris", "retina", "voiceprint", "palm vein", "minutiae",
                 "ชีวมิติ", "ลายนิ้วมือ", "ใบหน้า", "ม่านตา", "เสียงพูด", "ลายมือ"))
def _biometric(value: str) -> Evidence:
    """Templates are opaque: a long encoded blob or a face-embedding vector, only with the column name."""
    if len(value) >= 64 and (_BLOB.fullmatch(value) or sum(not c.isprintable() for c in value) > len(value) // 4):
        return Evidence.WEAK
    return Evidence.NONE


# --------------------------------------------------------------------------- genetic
_DNA = re.compile(r"[ACGTN]{20,}", re.IGNORECASE)
_GENOTYPE = re.compile(r"rs[0-9]{3,}(?:\s*[:=]?\s*[ACGT]{1,2})?|[ACGT]{2}|[ACGT]/[ACGT]", re.IGNORECASE)


@detector("genetic", masker=_mask_whole, priority=77,
          hints=("genetic", "genetics", "dna", "genome", "genomic", "genotype", "gene", "snp", "allele",
                 "พันธุกรรม", "ดีเอ็นเอ", "จีโนม", "ยีน"))
def _genetic(value: str) -> Evidence:
    if _DNA.fullmatch(value.replace(" ", "")):
        return Evidence.STRONG
    return Evidence.WEAK if _GENOTYPE.fullmatch(value) else Evidence.NONE


# --------------------------------------------------------------------------- political opinion
_PARTY_TH = re.compile(r"^พรรค[\u0e00-\u0e7f]{2,}")
_POLITICS = _words(("เสรีนิยม", "อนุรักษ์นิยม", "สังคมนิยม", "ฝ่ายซ้าย", "ฝ่ายขวา", "เสื้อแดง", "เสื้อเหลือง"),
                   ("liberal", "conservative", "socialist", "communist", "democrat", "republican", "party"))


@detector("political_opinion", masker=_mask_whole, priority=78,
          hints=("political", "politics", "party", "party affiliation", "vote", "voted", "ideology",
                 "การเมือง", "พรรคการเมือง", "พรรค", "อุดมการณ์", "ความคิดเห็นทางการเมือง"))
def _political(value: str) -> Evidence:
    if _PARTY_TH.match(value):
        return Evidence.STRONG  # พรรคเพื่อไทย, พรรคประชาชน …
    return Evidence.WEAK if _POLITICS.search(value) else Evidence.NONE


# --------------------------------------------------------------------------- trade union
_UNION = _words(("สหภาพแรงงาน", "สหภาพพนักงาน", "สหภาพรัฐวิสาหกิจ", "สหพันธ์แรงงาน", "สภาองค์การลูกจ้าง"),
                ("trade union", "labour union", "labor union", "workers' union", "union member"))


@detector("trade_union", masker=_mask_whole, priority=79,
          hints=("union", "trade union", "labour union", "labor union", "union member", "union membership",
                 "สหภาพแรงงาน", "สหภาพ", "สมาชิกสหภาพ"))
def _trade_union(value: str) -> Evidence:
    if _UNION.search(value):
        return Evidence.STRONG
    return Evidence.WEAK if _yes_no(value) else Evidence.NONE


# --------------------------------------------------------------------------- sexual behaviour
_SEXUAL = _words(("รักต่างเพศ", "รักร่วมเพศ", "รักเพศเดียวกัน", "รักสองเพศ", "ไบเซ็กชวล", "เกย์", "เลสเบี้ยน",
                  "ไม่ฝักใฝ่ทางเพศ", "เพศวิถี"),
                 ("heterosexual", "homosexual", "bisexual", "gay", "lesbian", "asexual", "pansexual", "queer",
                  "lgbt"))


@detector("sexual_behaviour", masker=_mask_whole, priority=80,
          hints=("sexual", "sexuality", "sexual orientation", "orientation", "sex life", "sexual behaviour",
                 "sexual behavior", "รสนิยมทางเพศ", "พฤติกรรมทางเพศ", "เพศวิถี"))
def _sexual(value: str) -> Evidence:
    return Evidence.STRONG if _SEXUAL.search(value) else Evidence.NONE
