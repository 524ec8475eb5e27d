"""Airflow's `[core] hostname_callable` for the CeleryExecutor test: each worker names itself.

The two Celery workers of tests/test_celery_executor.py run on one machine, so the FQDN Airflow records for
every task instance would be the same; each worker's environment sets KHLANG_TEST_WORKER instead, and the
task instance's `hostname` column then says which worker ran it.
"""

from __future__ import annotations

import os
import socket


def hostname() -> str:
    return os.environ.get("KHLANG_TEST_WORKER") or socket.getfqdn()
