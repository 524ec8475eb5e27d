"""What one console process serves: which store and catalogue, behind which proxy, linking to which Airflow."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from khlang.config import settings as khlang_settings


@dataclass(frozen=True)
class ConsoleSettings:
    """The console's configuration (environment variables win over the installation's defaults)."""

    store_url: str
    catalog_dir: Path
    expectations_dir: Path
    data_dir: Path
    var_dir: Path
    proxy_headers: bool = False
    trusted_proxies: str = "127.0.0.1"
    airflow_url: str | None = None
    reports_dir: Path | None = None  # the published reports (KHLANG_REPORTS_DIR): the reports page lists them

    @classmethod
    def from_env(cls, proxy_headers: bool = False) -> ConsoleSettings:
        """The installation's settings plus KHLANG_AIRFLOW_URL and KHLANG_TRUSTED_PROXIES."""
        base = khlang_settings()
        airflow = (os.environ.get("KHLANG_AIRFLOW_URL") or "").rstrip("/") or None
        return cls(store_url=base.store_url, catalog_dir=base.catalog_dir, expectations_dir=base.expectations_dir,
                   data_dir=base.data_dir, var_dir=base.var_dir, proxy_headers=proxy_headers,
                   trusted_proxies=os.environ.get("KHLANG_TRUSTED_PROXIES", "127.0.0.1"), airflow_url=airflow,
                   reports_dir=base.reports_dir)
