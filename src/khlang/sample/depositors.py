"""Depositors (farmers and traders who store goods with อคส.): the PII-bearing master, with planted defects."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from khlang.sample import ids, names
from khlang.sample._io import rng_for
from khlang.sample.master import Warehouses
from khlang.sample.provinces import BY_CODE, PROVINCES, UNUSED_CODES, districts

VALID_PHONE = re.compile(r"^(0[689]\d{8}|0[689]\d-\d{3}-\d{4}|02\d{7}|02-\d{3}-\d{4})$")
VALID_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
MOBILE_PREFIXES = ["081", "082", "083", "084", "085", "086", "087", "088", "089", "080",
                   "061", "062", "063", "064", "065", "090", "091", "092", "093", "094", "095",
                   "096", "097", "098", "099"]
COLUMNS = ["depositor_id", "title_th", "full_name_th", "national_id", "phone", "email", "address_th",
           "province_code", "bank_account", "registered_on"]
DEFECTS = ["depositors_invalid_national_id", "depositors_duplicate_national_id",
           "depositors_near_duplicate_name", "depositors_malformed_email", "depositors_malformed_phone",
           "depositors_unknown_province_code"]


def n_depositors(rows: int) -> int:
    """Depositor count grows mildly with the movement volume."""
    return min(10_000, 4_000 + rows // 1_000)


def n_defects(n_dep: int) -> int:
    """Rows per depositor defect (pairs, for the duplicate kinds)."""
    return max(5, n_dep // 250)


@dataclass
class Depositors:
    """Depositor master as columns, plus which rows carry which planted defect."""

    cols: dict[str, list[object]]
    planted: dict[str, list[int]]  # defect id -> row indices (both rows of each pair)
    clean: list[int]  # rows free of any planted defect and of any pair

    def registered_on(self, i: int) -> dt.date:
        """Registration date of row i, typed."""
        d = self.cols["registered_on"][i]
        assert isinstance(d, dt.date)
        return d

    def table(self) -> pa.Table:
        """Arrow table in the published column order."""
        types = {"registered_on": pa.date32()}
        return pa.table({c: pa.array(self.cols[c], types.get(c, pa.string())) for c in COLUMNS})


def _phone(rng: np.random.Generator) -> str:
    """A Thai phone number in one of the formats clerks actually type."""
    if rng.random() < 0.88:
        p = MOBILE_PREFIXES[int(rng.integers(len(MOBILE_PREFIXES)))]
        a, b = int(rng.integers(0, 1000)), int(rng.integers(0, 10000))
        return f"{p}-{a:03d}-{b:04d}" if rng.random() < 0.5 else f"{p}{a:03d}{b:04d}"
    a, b = int(rng.integers(0, 1000)), int(rng.integers(0, 10000))
    return f"02{a:03d}{b:04d}" if rng.random() < 0.6 else f"02-{a:03d}-{b:04d}"


def _address(rng: np.random.Generator, prov: str) -> str:
    """A Thai postal address in the province, in the Bangkok or the provincial form."""
    amphoe, tambon, postcode = districts(prov)[int(rng.integers(len(districts(prov))))]
    house = str(int(rng.integers(1, 400)))
    if rng.random() < 0.3:
        house += f"/{int(rng.integers(1, 20))}"
    if prov == "10":
        road = names.BANGKOK_ROADS[int(rng.integers(len(names.BANGKOK_ROADS)))]
        return (f"เลขที่ {house} ซ.{road} {int(rng.integers(1, 80))} ถ.{road} "
                f"แขวง{tambon} เขต{amphoe} กรุงเทพมหานคร {postcode}")
    return (f"เลขที่ {house} หมู่ {int(rng.integers(1, 16))} ต.{tambon} อ.{amphoe} "
            f"จ.{BY_CODE[prov][1]} {postcode}")


def _bad_email(good: str, j: int) -> str:
    """The usual ways an e-mail address gets mistyped."""
    local, domain = good.split("@")
    variants = [f"{local}.{domain}", f"{local}@@{domain}", f"{local}@{domain.split('.')[0]}",
                f"{local}@{domain.replace('.', ',', 1)}", f"{local} @{domain}"]
    return variants[j % len(variants)]


def _bad_phone(good: str, j: int) -> str:
    """The usual ways a phone number gets mistyped (never a valid format)."""
    d = good.replace("-", "")
    if d.startswith("02"):
        d = "08" + d[2:] + "1"
    variants = [f"{d[:3]}-{d[3:6]}-{d[6:9]}", d + "9", f"O{d[1:3]}-{d[3:6]}-{d[6:]}",
                f"{d[1:3]}-{d[3:6]}-{d[6:]}", d[:7]]
    return variants[j % len(variants)]


def _name_variant(title: str, given: str, surname: str, j: int) -> str:
    """Same person's name as another clerk typed it: spacing or a tone mark differs."""
    full = f"{given} {surname}"
    kinds = [f"{title} {given} {surname}", f"{title}{given}  {surname}"]
    for mark in names.TONE_MARKS:
        if mark in full:
            kinds.append(title + full.replace(mark, "", 1))
    return kinds[j % len(kinds)]


def build_depositors(seed: int, rows: int, wh: Warehouses) -> Depositors:
    """Draw unique people, then plant the depositor defects on disjoint rows."""
    rng = rng_for(seed, 2)
    n = n_depositors(rows)
    m = n_defects(n)
    surnames = names.surnames()
    home = wh.true_province
    all_codes = [p[0] for p in PROVINCES]
    cols: dict[str, list[object]] = {c: [] for c in COLUMNS}
    parts: list[tuple[str, str, str]] = []
    seen_keys: set[str] = set()
    seen_ids: set[str] = set()
    start = dt.date(2005, 1, 1)
    while len(parts) < n:
        male = rng.random() < 0.55
        pool = names.MALE_GIVEN if male else names.FEMALE_GIVEN
        given, g_ro = pool[int(rng.integers(len(pool)))]
        surname, s_ro = surnames[int(rng.integers(len(surnames)))]
        key = names.normalise_name(given + surname)
        if key in seen_keys:
            continue
        seen_keys.add(key)
        title = "นาย" if male else ("นาง" if rng.random() < 0.6 else "นางสาว")
        prov = home[int(rng.integers(len(home)))] if rng.random() < 0.75 else \
            all_codes[int(rng.integers(len(all_codes)))]
        while True:
            # 1 = born after 2527 B.E., 3 = registered at the 2527 census; 2, 4-8 are rarer cases
            first = "13"[int(rng.integers(2))] if rng.random() < 0.95 else "245678"[int(rng.integers(6))]
            first12 = (f"{first}{prov}{int(rng.integers(1, 16)):02d}"
                       f"{int(rng.integers(0, 10**5)):05d}{int(rng.integers(0, 100)):02d}")
            nid = ids.with_check(first12)
            if nid not in seen_ids:
                seen_ids.add(nid)
                break
        i = len(parts)
        parts.append((title, given, surname))
        local = f"{g_ro}.{s_ro}" if rng.random() < 0.5 else f"{g_ro}{s_ro[:3]}{int(rng.integers(1, 100))}"
        domain = names.EMAIL_DOMAINS[int(rng.integers(len(names.EMAIL_DOMAINS)))]
        cols["depositor_id"].append(f"D{i + 1:06d}")
        cols["title_th"].append(title)
        cols["full_name_th"].append(f"{title}{given} {surname}")
        cols["national_id"].append(nid)
        cols["phone"].append(_phone(rng))
        cols["email"].append(f"{local}@{domain}")
        cols["address_th"].append(_address(rng, prov))
        cols["province_code"].append(prov)
        cols["bank_account"].append(
            f"{int(rng.integers(0, 1000)):03d}-{int(rng.integers(0, 10))}-"
            f"{int(rng.integers(0, 10**5)):05d}-{int(rng.integers(0, 10))}")
        cols["registered_on"].append(start + dt.timedelta(days=int(rng.integers(0, 7485))))

    order = [int(i) for i in rng.permutation(n)]
    take: dict[str, list[int]] = {}
    for key in ["invalid", "dup_src", "dup_copy", "near_src", "near_copy", "email", "phone", "province"]:
        take[key], order = order[:m], order[m:]
    take["dup_src"], take["dup_copy"] = _ordered_pairs(take["dup_src"], take["dup_copy"])
    take["near_src"], take["near_copy"] = _ordered_pairs(take["near_src"], take["near_copy"])

    for j, i in enumerate(take["invalid"]):
        cols["national_id"][i] = ids.with_wrong_check(str(cols["national_id"][i])[:12], 1 + j % 9)
    same_person = ["title_th", "phone", "email", "address_th", "province_code", "bank_account"]
    for j, (s, c) in enumerate(zip(take["dup_src"], take["dup_copy"], strict=True)):
        for col in [*same_person, "full_name_th", "national_id"]:
            cols[col][c] = cols[col][s]
        cols["registered_on"][c] = cols["registered_on"][s] + dt.timedelta(days=1 + j % 90)  # type: ignore[operator]
    for j, (s, c) in enumerate(zip(take["near_src"], take["near_copy"], strict=True)):
        for col in same_person:
            cols[col][c] = cols[col][s]
        cols["full_name_th"][c] = _name_variant(*parts[s], j)
        cols["registered_on"][c] = cols["registered_on"][s] + dt.timedelta(days=1 + j % 90)  # type: ignore[operator]
    for j, i in enumerate(take["email"]):
        cols["email"][i] = _bad_email(str(cols["email"][i]), j)
    for j, i in enumerate(take["phone"]):
        cols["phone"][i] = _bad_phone(str(cols["phone"][i]), j)
    for j, i in enumerate(take["province"]):
        cols["province_code"][i] = UNUSED_CODES[j % len(UNUSED_CODES)]

    planted = {
        "depositors_invalid_national_id": sorted(take["invalid"]),
        "depositors_duplicate_national_id": sorted(take["dup_src"] + take["dup_copy"]),
        "depositors_near_duplicate_name": sorted(take["near_src"] + take["near_copy"]),
        "depositors_malformed_email": sorted(take["email"]),
        "depositors_malformed_phone": sorted(take["phone"]),
        "depositors_unknown_province_code": sorted(take["province"]),
    }
    dirty = {i for v in planted.values() for i in v}
    _self_check(cols, planted)
    return Depositors(cols=cols, planted=planted, clean=[i for i in range(n) if i not in dirty])


def _ordered_pairs(a: list[int], b: list[int]) -> tuple[list[int], list[int]]:
    """Pair rows so that the re-registration (copy) always has the later depositor_id."""
    pairs = [(min(x, y), max(x, y)) for x, y in zip(a, b, strict=True)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _self_check(cols: dict[str, list[object]], planted: dict[str, list[int]]) -> None:
    """Fail loudly if a random draw produced a defect that was not planted."""
    bad_phone = {i for i, p in enumerate(cols["phone"]) if not VALID_PHONE.match(str(p))}
    bad_email = {i for i, e in enumerate(cols["email"]) if not VALID_EMAIL.match(str(e))}
    bad_prov = {i for i, p in enumerate(cols["province_code"]) if p not in BY_CODE}
    bad_id = {i for i, s in enumerate(cols["national_id"]) if not ids._is_valid_id(str(s))}
    assert bad_phone == set(planted["depositors_malformed_phone"])
    assert bad_email == set(planted["depositors_malformed_email"])
    assert bad_prov == set(planted["depositors_unknown_province_code"])
    assert bad_id == set(planted["depositors_invalid_national_id"])
    nid_count: dict[object, int] = {}
    for s in cols["national_id"]:
        nid_count[s] = nid_count.get(s, 0) + 1
    dup = {i for i, s in enumerate(cols["national_id"]) if nid_count[s] > 1}
    assert dup == set(planted["depositors_duplicate_national_id"])
