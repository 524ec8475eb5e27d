"""The business glossary on the catalogue site (issue 13): a glossary page with each term's effective status (the
committee's approval in the store laid over glossary.yaml), the terms of a dataset and of its columns on the
dataset's page, and the terms in the site's search index, searched in headless Chromium."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from browser import Browser

from khlang.catalog.view import site_model
from khlang.declarations import load_catalog
from khlang.declarations.glossary import load_glossary
from khlang.governance.glossary import approve_term
from khlang.identity.actor import actor_for
from khlang.report.site import build_site
from khlang.store import open_store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The site of the bundled catalogue over a store where p05 (committee) approved น้ำหนักสุทธิ."""
    root = tmp_path_factory.mktemp("glossary-site")
    catalog = load_catalog(REPO / "catalog")
    store = open_store(f"sqlite:///{root / 'store.db'}")
    approve_term(catalog, store, load_glossary(catalog), actor_for(catalog, "p05", "user-p05", ()), "net_weight",
                 on=dt.date(2026, 11, 20))
    out = root / "site"
    build_site(site_model(catalog, store, dt.datetime(2026, 11, 25, 5, 0, tzinfo=dt.UTC)), out)
    store.close()
    return out


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_glossary_page_lists_every_term_with_its_effective_status(built, browser):
    page = browser.open(built / "glossary.html").page
    rows = page.locator("#glossary tbody tr")
    assert rows.count() == len(load_glossary(load_catalog(REPO / "catalog")))
    net = page.locator('tr[data-term="net_weight"]')
    assert net.get_attribute("data-status") == "approved"  # draft in glossary.yaml, approved in the store
    assert "คณะกรรมการอนุมัติแล้ว" in net.inner_text() and "2026-11-20 (20 พ.ย. 2569)" in net.inner_text()
    assert "น้ำหนักสุทธิ" in net.inner_text() and "Net weight" in net.inner_text()
    assert page.locator('tr[data-term="lot"]').get_attribute("data-status") == "draft"
    assert page.locator('tr[data-term="master_data"]').get_attribute("data-status") == "approved"
    assert "นางสาวพรทิพย์ ศรีสุข" in net.inner_text()  # the steward, p01
    # links to the dataset pages and their columns, which exist
    hrefs = [net.locator("a").nth(i).get_attribute("href") for i in range(net.locator("a").count())]
    assert "datasets/stock_movements.html#columns" in hrefs
    for href in hrefs:
        if href and href.startswith("datasets/"):
            assert (built / href.split("#")[0]).is_file(), href


def test_a_dataset_page_shows_the_terms_of_the_dataset_and_of_its_columns(built, browser):
    page = browser.open(built / "datasets" / "stock_movements.html").page
    section = page.locator("#glossary-terms")
    terms = {section.locator("dt").nth(i).get_attribute("data-term") for i in range(section.locator("dt").count())}
    assert {"net_weight", "warehouse_receipt", "stock_movement", "lot", "warehouse", "depositor"} <= terms
    assert "master_data" not in terms  # stock_movements is not master data
    assert "น้ำหนักสุทธิ" in section.inner_text() and "quantity_kg" in section.inner_text()
    cell = page.locator('tr[data-column="quantity_kg"]')
    badge = cell.locator('[data-column-term="net_weight"]')
    assert badge.inner_text() == "น้ำหนักสุทธิ · Net weight"
    assert badge.get_attribute("href").startswith("../glossary.html#term-")
    depositors = browser.open(built / "datasets" / "depositors.html").page
    assert depositors.locator('#glossary-terms dt[data-term="master_data"]').count() == 1
    assert "คณะกรรมการอนุมัติแล้ว" in depositors.locator('#glossary-terms dt[data-term="master_data"]').inner_text()


def test_the_search_finds_terms_and_the_datasets_they_describe(built, browser):
    opened = browser.open(built / "index.html")
    page = opened.page
    assert not page.locator("#glossary-matches").is_visible()  # no query: only the datasets
    page.fill("#q", "น้ำหนักสุทธิ")
    assert page.locator("#glossary-matches").is_visible()
    shown = {page.locator("#glossary-matches li").nth(i).get_attribute("data-term")
             for i in range(page.locator("#glossary-matches li").count())
             if page.locator("#glossary-matches li").nth(i).is_visible()}
    # the term itself, and the two whose definitions use it
    assert shown == {"net_weight", "warehouse_receipt", "closing_balance"}
    assert page.inner_text("#term-count") == "3"
    datasets = {r.get_attribute("data-slug") for r in page.locator("#datasets tbody tr").all() if r.is_visible()}
    assert {"stock_movements", "daily_stock_balances", "monthly_commodity_summary"} <= datasets
    assert "depositors" not in datasets
    page.fill("#q", "depositor")  # English, in a term's name and in column names
    assert page.locator('#glossary-matches li[data-term="depositor"]').is_visible()
    page.fill("#q", "ไม่มีคำนี้เลย")
    assert not page.locator("#glossary-matches").is_visible()


def test_the_index_links_the_glossary_and_every_page_is_self_contained(built):
    index = _text(built / "index.html")
    assert 'href="glossary.html#glossary"' in index and 'id="count-glossary">15<' in index
    glossary = _text(built / "glossary.html")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", glossary)
    assert "<script" not in glossary  # the page needs no script
