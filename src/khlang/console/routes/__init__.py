"""One router per area of the console; the order here is the order of the OpenAPI page."""

from __future__ import annotations

from khlang.console.routes import (
           api,
           audit,
           auth,
           datasets,
           ea,
           evidence,
           glossary,
           governance,
           issues,
           linkages,
           policies,
           reports,
           work,
)

ROUTERS = [auth.router, work.router, datasets.router, issues.router, linkages.router, policies.router,
           glossary.router, governance.router, ea.router, reports.router, audit.router, evidence.router,
           api.router, ea.api, governance.api_router]
