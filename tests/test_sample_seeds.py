"""The demo's console decisions: every seed module is found and run, and a name is registered once."""

from __future__ import annotations

import pytest

from khlang.registry import DuplicateEntry
from khlang.sample import seeds


def test_record_all_runs_every_registered_seed_in_name_order():
    calls = []
    seeds.load()
    with seeds.SEEDS.only():
        seeds.SEEDS.add("zz_second", lambda catalog, store: calls.append("zz") or {"made": 1})
        seeds.SEEDS.add("aa_first", lambda catalog, store: calls.append("aa") or {"made": 2})
        done = seeds.record_all(object(), object())
    assert calls == ["aa", "zz"]
    assert done == {"aa_first": {"made": 2}, "zz_second": {"made": 1}}


def test_a_seed_name_registers_once():
    with seeds.SEEDS.only():
        seeds.SEEDS.add("once", lambda catalog, store: {})
        with pytest.raises(DuplicateEntry):
            seeds.SEEDS.add("once", lambda catalog, store: {})
