"""A recording CKAN action API for the publish tests: checks every write against the encoded GD Catalog schema.

It answers the actions `khlang catalog publish` uses (organization_show, package_show, package_create,
package_patch, resource_create, resource_patch, resource_delete) in CKAN's own JSON envelope, so ckanapi
raises the same exceptions as against a real CKAN; it refuses what CKAN and the DGA schema refuse (name
pattern, unknown organisation, mandatory fields, choice values), keeps packages in memory and records calls.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from khlang.catalog.ckan_schema import load_schema, validate_package

SERVER_KEYS = {"id", "organization", "num_resources", "metadata_modified", "state", "type"}
WRITES = {"package_create", "package_patch", "resource_create", "resource_patch", "resource_delete"}


class Refused(Exception):
    """An error answer in CKAN's envelope."""

    def __init__(self, status: int, kind: str, detail: dict | str):
        super().__init__(kind)
        self.status, self.kind, self.detail = status, kind, detail


class RecordingCkan:
    """The in-memory CKAN and what it was asked."""

    def __init__(self, variant: str = "thai_gdc", token: str = "secret-token", org: str = "pwo"):
        self.schema, self.token = load_schema(variant), token
        self.orgs = {org: {"id": str(uuid.uuid4()), "name": org}}
        self.packages: dict[str, dict] = {}
        self.calls: list[tuple[str, dict]] = []
        self.violations: list[str] = []  # things a GD Catalog must never receive, even if CKAN would take them
        self.lock = threading.Lock()

    # -- plumbing -----------------------------------------------------------------------------------------
    def handle(self, action: str, data: dict, authorised: bool) -> Any:
        """One action: the result, or Refused."""
        with self.lock:
            self.calls.append((action, copy.deepcopy(data)))
            if action in WRITES and not authorised:
                raise Refused(403, "Authorization Error", "Access denied: not authorised")
            method = getattr(self, action, None)
            if method is None:
                raise Refused(400, "Bad request", f"Action name not known: {action}")
            return method(data, authorised)

    def writes(self) -> list[tuple[str, dict]]:
        """The calls that change something."""
        return [(a, d) for a, d in self.calls if a in WRITES]

    # -- actions --------------------------------------------------------------------------------------------
    def organization_show(self, data: dict, _auth: bool) -> dict:
        org = self._org(data.get("id"))
        if org is None:
            raise Refused(404, "Not Found Error", "Not found")
        return dict(org, package_count=sum(1 for p in self.packages.values() if p["owner_org"] == org["id"]))

    def package_show(self, data: dict, authorised: bool) -> dict:
        pkg = self._package(data.get("id"))
        if pkg["private"] and not authorised:
            raise Refused(403, "Authorization Error", "Access denied: User not authorized to read package")
        return copy.deepcopy(pkg)

    def package_create(self, data: dict, _auth: bool) -> dict:
        name = data.get("name") or ""
        if name in self.packages:
            raise Refused(409, "Validation Error", {"name": ["That URL is already in use."]})
        self._check(data)
        pkg = self._store(dict(data, id=str(uuid.uuid4())))
        return copy.deepcopy(pkg)

    def package_patch(self, data: dict, _auth: bool) -> dict:
        pkg = self._package(data.get("id"))
        merged = dict(self._client_view(pkg), **{k: v for k, v in data.items() if k != "id"})
        self._check(merged)
        stored = self._store(dict(merged, id=pkg["id"]))
        return copy.deepcopy(stored)

    def resource_create(self, data: dict, _auth: bool) -> dict:
        pkg = self._package(data.get("package_id"))
        res = {k: v for k, v in data.items() if k != "package_id"}
        self._check(dict(self._client_view(pkg), resources=[*self._client_view(pkg)["resources"], res]))
        stored = dict(res, id=str(uuid.uuid4()), package_id=pkg["id"])
        pkg["resources"].append(stored)
        self._note_private_data(pkg)
        return copy.deepcopy(stored)

    def resource_patch(self, data: dict, _auth: bool) -> dict:
        pkg, res = self._resource(data.get("id"))
        res.update({k: v for k, v in data.items() if k != "id"})
        self._check(self._client_view(pkg))
        self._note_private_data(pkg)
        return copy.deepcopy(res)

    def resource_delete(self, data: dict, _auth: bool) -> None:
        pkg, res = self._resource(data.get("id"))
        pkg["resources"].remove(res)

    # -- CKAN's rules ---------------------------------------------------------------------------------------
    def _check(self, data: dict) -> None:
        if not self._org(data.get("owner_org")):
            raise Refused(409, "Validation Error", {"owner_org": ["Organization does not exist"]})
        problems = validate_package(data, self.schema)
        if problems:
            errors: dict[str, list[str]] = {}
            for problem in problems:
                key, _sep, message = problem.partition(": ")
                errors.setdefault(key, []).append(message)
            raise Refused(409, "Validation Error", errors)

    def _store(self, data: dict) -> dict:
        org = self._org(data["owner_org"])
        assert org is not None
        pkg = copy.deepcopy(data)
        pkg["owner_org"], pkg["organization"] = org["id"], dict(org)
        pkg["private"] = bool(pkg.get("private", False))
        pkg["resources"] = [dict(r, id=r.get("id") or str(uuid.uuid4()), package_id=pkg["id"])
                            for r in pkg.get("resources") or []]
        pkg["num_resources"] = len(pkg["resources"])
        # CKAN gives numbers back as text and keeps every extra field a string.
        for key, value in list(pkg.items()):
            if isinstance(value, int) and not isinstance(value, bool):
                pkg[key] = str(value)
        self.packages[pkg["name"]] = pkg
        self._note_private_data(pkg)
        return pkg

    def _note_private_data(self, pkg: dict) -> None:
        for res in pkg["resources"]:
            if pkg["private"] and (res.get("url") or res.get("upload")):
                self.violations.append(f"{pkg['name']}: data address {res.get('url')!r} of a private dataset")

    def _client_view(self, pkg: dict) -> dict:
        view = {k: copy.deepcopy(v) for k, v in pkg.items() if k not in SERVER_KEYS}
        view["owner_org"] = pkg["organization"]["name"]
        view["resources"] = [{k: v for k, v in r.items() if k != "package_id"} for r in pkg["resources"]]
        return view

    def _org(self, ref: object) -> dict | None:
        return next((o for o in self.orgs.values() if ref in (o["id"], o["name"])), None)

    def _package(self, ref: object) -> dict:
        for pkg in self.packages.values():
            if ref in (pkg["id"], pkg["name"]):
                return pkg
        raise Refused(404, "Not Found Error", "Not found")

    def _resource(self, ref: object) -> tuple[dict, dict]:
        for pkg in self.packages.values():
            for res in pkg["resources"]:
                if res["id"] == ref:
                    return pkg, res
        raise Refused(404, "Not Found Error", "Not found")


def _handler(ckan: RecordingCkan) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            match = re.fullmatch(r"/api/(?:3/)?action/(\w+)(\?.*)?", self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b"{}"
            authorised = self.headers.get("Authorization") == ckan.token
            try:
                if match is None:
                    raise Refused(404, "Not Found Error", "no such path")
                result = ckan.handle(match.group(1), json.loads(body or b"{}"), authorised)
                status, payload = 200, {"success": True, "result": result}
            except Refused as exc:
                detail = exc.detail if isinstance(exc.detail, dict) else {"message": exc.detail}
                status, payload = exc.status, {"success": False, "error": {"__type": exc.kind, **detail}}
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class Running:
    """The recording CKAN served on a free port of 127.0.0.1 until stopped."""

    def __init__(self, ckan: RecordingCkan):
        self.ckan = ckan
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(ckan))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Shut the server down and free its port (once)."""
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()
            self.thread.join()
