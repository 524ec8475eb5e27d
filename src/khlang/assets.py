"""Airflow Assets that link Khlang's DAGs (data-aware scheduling); imports only the Airflow SDK."""

from airflow.sdk import Asset

CATALOG_SNAPSHOT = Asset(name="khlang_catalog_snapshot", uri="khlang://catalog/snapshot")
QUALITY_RESULTS = Asset(name="khlang_quality_results", uri="khlang://quality/results")
