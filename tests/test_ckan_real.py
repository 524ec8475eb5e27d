"""Publishing to a real CKAN, when one is given (KHLANG_TEST_CKAN_URL, KHLANG_TEST_CKAN_TOKEN): run twice, the second
run writes nothing. The README says how such a CKAN was run on this machine; CI has none and skips this file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from khlang.catalog.ckan_publish import publish
from khlang.declarations import load_catalog

URL = os.environ.get("KHLANG_TEST_CKAN_URL")
pytestmark = pytest.mark.skipif(not URL, reason="no real CKAN given (KHLANG_TEST_CKAN_URL)")
REPO = Path(__file__).resolve().parent.parent


def test_publishing_twice_to_a_real_ckan_changes_nothing_the_second_time():
    catalog = load_catalog(REPO / "catalog")
    token = os.environ.get("KHLANG_TEST_CKAN_TOKEN")
    variant = os.environ.get("KHLANG_TEST_CKAN_SCHEMA", "thai_gdc")
    first = publish(catalog, URL, token, variant)
    assert len(first.outcomes) == 12
    second = publish(catalog, URL, token, variant)
    assert [o.action for o in second.outcomes] == ["unchanged"] * 12
    assert set(second.calls) == {"organization_show", "package_show"}
