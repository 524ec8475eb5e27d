"""The JSON API fuzzed by schemathesis against its own OpenAPI spec (in-process ASGI).

Every generated request is sent with no token, an owner's token and an outsider's token; none may
answer 500 or show a stack trace, and a refused call (4xx) must write nothing: the audit log and the
issue history have as many rows after it as before.
"""

from __future__ import annotations

import console_support as cs
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select


@pytest.fixture(scope="module")
def inst(tmp_path_factory, sample_dir):
    with pytest.MonkeyPatch.context() as mp:
        installation = cs.light(tmp_path_factory.mktemp("fuzz"), sample_dir, mp)
        cs.raise_issue(installation, "porntip", "ทดสอบ fuzz", dataset="depositors")
        yield installation


@pytest.fixture(scope="module")
def app(inst):
    from khlang.console import ConsoleSettings, create_app

    application = create_app(ConsoleSettings.from_env())
    yield application
    application.state.console.store.close()


def written(app) -> tuple[int, int]:
    """Rows of the audit log and of issue events: what any write adds to."""
    from khlang.governance.records import IssueEvent
    from khlang.identity.records import AuditEntry

    with app.state.console.store.reading() as session:
        return (session.scalar(select(func.count(AuditEntry.id))), session.scalar(select(func.count(IssueEvent.id))))


def check_case(case, app, inst) -> None:
    """One generated request as nobody, an owner and an outsider."""
    for username in (None, "porntip", "sombat"):
        headers = {"Authorization": f"Bearer {inst.tokens[username]}"} if username else {}
        before = written(app)
        response = case.call(headers=headers)
        where = (case.method, case.formatted_path, username, response.status_code, response.text[:500])
        assert response.status_code < 500, where
        assert "Traceback" not in response.text and 'File "' not in response.text, where
        if response.status_code >= 400:
            assert written(app) == before, where
        if username is None:
            assert response.status_code in (401, 422), where


def test_no_500_no_stack_trace_no_write_on_refusal(app, inst):
    """Every operation of the spec (schemathesis' own generator, driven by hypothesis)."""
    api = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 10, [op.label for op in operations]
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            check_case(case, app, inst)

        run()
