"""The Airflow 3 plugin: a link to the governance console in Airflow's menu (external_views).

Registered through the `airflow.plugins` entry point; it imports nothing but Airflow's plugin base.
Airflow does not authenticate plugin apps, so the console is linked, not mounted: it keeps its own
sign-in. The console's address comes from KHLANG_CONSOLE_URL (default http://127.0.0.1:8765/).
"""

from __future__ import annotations

import os

from airflow.plugins_manager import AirflowPlugin


def console_url() -> str:
    """Where people open the console."""
    return os.environ.get("KHLANG_CONSOLE_URL", "http://127.0.0.1:8765/")


class KhlangConsolePlugin(AirflowPlugin):
    """ระบบกำกับดูแลข้อมูล · the Khlang governance console, one click from Airflow."""

    name = "khlang_console"
    external_views = [{"name": "Khlang ระบบกำกับดูแลข้อมูล · Governance console", "href": console_url(),
                       "destination": "nav", "category": "browse"}]
