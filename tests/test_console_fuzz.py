"""The JSON API fuzzed by schemathesis against its own OpenAPI spec (in-process ASGI).

Every generated request is sent with no token, an owner's token and an outsider's token; none may
answer 500 or show a stack trace, and a refused call (4xx) must write nothing: the audit log and the
issue history have as many rows after it as before.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy import func, select

import console_support as cs


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


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


def written(app) -> tuple[int, int]:
    """Rows of the audit log and of issue events: what any write adds to."""
    from khlang.governance.records import IssueEvent
    from khlang.identity.records import AuditEntry

    with app.state.console.store.reading() as session:
        return (session.scalar(select(func.count(AuditEntry.id))), session.scalar(select(func.count(IssueEvent.id))))


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
def test_no_500_no_stack_trace_no_write_on_refusal(case, app, inst):
    for username in (None, "porntip", "sombat"):
        headers = {"Authorization": f"Bearer {inst.tokens[username]}"} if username else {}
        before = written(app)
        response = case.call(headers=headers)
        assert response.status_code < 500, (case.method, case.formatted_path, response.status_code, response.text)
        assert "Traceback" not in response.text and 'File "' not in response.text
        if response.status_code >= 400:
            assert written(app) == before, (case.method, case.formatted_path, response.status_code, response.text)
        if username is None:
            assert response.status_code in (401, 404, 422), (case.method, case.formatted_path, response.status_code)
