"""The console's FastAPI app: one router per area, security headers, error pages, the OpenAPI page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from khlang.console import errors, templating
from khlang.console.security import CSRF_FIELD, SecurityHeaders
from khlang.console.settings import ConsoleSettings
from khlang.declarations import Catalog, load_catalog
from khlang.store import Store, open_store

log = logging.getLogger("khlang.console")


@dataclass
class Console:
    """What every route reads: the store, the validated catalogue, the templates."""

    settings: ConsoleSettings
    store: Store
    catalog: Catalog
    env: jinja2.Environment
    css: str
    cache: dict[str, Any] = field(default_factory=dict)

    def render(self, template: str, request: Request, **context: Any) -> str:
        """A page with what the layout needs: the person, their menu, the form token."""
        actor = context.pop("actor", None) or getattr(request.state, "actor", None)
        from khlang.console.menu import menu

        base = {"actor": actor, "person": self.catalog.person(actor.person) if actor else None,
                "menu": menu(self, actor) if actor else [], "csrf_field": CSRF_FIELD,
                "csrf": getattr(request.state, "csrf", "") if actor else "", "path": request.url.path,
                "organisation": self.catalog.organisation, "airflow_url": self.settings.airflow_url,
                "name_of": self.name_of}
        return templating.render_page(self.env, template, {**base, **context})

    def cached(self, key: str, paths: list[Any], load: Any) -> Any:
        """A declaration file read once and again only when it changes (its mtime and size are the key)."""
        stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (str(p), 0, 0)
                      for p in paths)
        hit = self.cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = load()
        self.cache[key] = (stamp, value)
        return value

    def register(self) -> Any:
        """The linkage register (linkages.yaml), validated."""
        from khlang.linkage.register import load_register, register_path

        return self.cached("register", [register_path(self.catalog)], lambda: load_register(self.catalog))

    def policies(self) -> Any:
        """The policies (policies.yaml, usage.yaml), validated, without the store's decisions."""
        from khlang.governance.policies import POLICIES_FILE, USAGE_FILE, load_policies

        files = [self.catalog.file(POLICIES_FILE), self.catalog.file(USAGE_FILE)]
        return self.cached("policies", files, lambda: load_policies(self.catalog))

    def glossary(self) -> Any:
        """The business glossary (glossary.yaml), validated, without the committee's approvals of the store."""
        from khlang.declarations.glossary import glossary_path, load_glossary

        return self.cached("glossary", [glossary_path(self.catalog)], lambda: load_glossary(self.catalog))

    def name_of(self, person_id: object) -> str:
        """A person's name for a page (the id itself for the system account or an unknown id)."""
        person = self.catalog.person(str(person_id)) if person_id else None
        return person.name if person is not None else str(person_id or "")

    def page(self, template: str, request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
        """render() as a response (with `saved` set when a form just redirected back here)."""
        context.setdefault("saved", request.query_params.get("saved") == "1")
        return HTMLResponse(self.render(template, request, **context), status_code=status_code)


def create_app(settings: ConsoleSettings | None = None) -> Any:
    """The console app over one store and catalogue (wrapped for proxy headers when asked)."""
    settings = settings or ConsoleSettings.from_env()
    catalog = load_catalog(settings.catalog_dir)
    store = open_store(settings.store_url)
    console = Console(settings, store, catalog, templating.environment(), templating.stylesheet())
    app = FastAPI(title="Khlang governance console API", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="ระบบกำกับดูแลข้อมูล · The governance console's JSON API. "
                              "Authenticate with `Authorization: Bearer TOKEN` (`khlang users token USERNAME`).")
    app.state.console = console
    errors.install(app)
    _static_routes(app, console)
    from khlang.console.routes import ROUTERS

    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(SecurityHeaders)
    if settings.proxy_headers:
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        # uvicorn types the app with its own scope TypedDicts, Starlette with MutableMapping: both are ASGI.
        proxied = ProxyHeadersMiddleware(app, trusted_hosts=settings.trusted_proxies)  # type: ignore[arg-type]
        return _Wrapped(proxied, app)
    return app


class _Wrapped:
    """The app behind uvicorn's proxy-headers middleware, still exposing .state and .openapi for tests."""

    def __init__(self, outer: Any, app: FastAPI) -> None:
        self._outer, self.app = outer, app
        self.state = app.state

    async def __call__(self, scope, receive, send):  # noqa: ANN001, ANN204
        await self._outer(scope, receive, send)

    def openapi(self) -> dict:
        return self.app.openapi()


def _static_routes(app: FastAPI, console: Console) -> None:
    """The stylesheet, the docs page's starter script, the health check, and the OpenAPI page."""

    @app.get("/static/console.css", include_in_schema=False)
    def _css() -> Response:
        return Response(console.css, media_type="text/css; charset=utf-8",
                        headers={"cache-control": "public, max-age=3600"})

    @app.get("/static/docs.js", include_in_schema=False)
    def _docs_js() -> Response:
        body = (templating.STATIC / "docs.js").read_text(encoding="utf-8")
        return Response(body, media_type="text/javascript; charset=utf-8")

    @app.get("/healthz", include_in_schema=False)
    def _health() -> PlainTextResponse:
        with console.store.reading() as session:
            from sqlalchemy import text

            session.execute(text("SELECT 1"))
        return PlainTextResponse("ok")

    @app.get("/api/docs", include_in_schema=False)
    def _docs() -> HTMLResponse:
        html = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Khlang API</title>'
                '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">'
                '</head><body><div id="swagger-ui"></div>'
                '<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>'
                '<script src="/static/docs.js"></script></body></html>')
        return HTMLResponse(html)
