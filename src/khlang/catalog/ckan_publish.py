"""Publish the catalogue to a GD Catalog through CKAN's action API (ckanapi), idempotently.

Each package is read first (package_show), then created or patched with only what differs; a second run
against the same CKAN sends no write at all. A dataset that is not public goes as private metadata without
any resource, and a resource it still has from an earlier public life is deleted from the CKAN.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import ckanapi
import requests

from khlang.catalog.ckan import export
from khlang.catalog.ckan_schema import DEFAULT_VARIANT
from khlang.declarations import Catalog
from khlang.errors import KhlangError

RESOURCE_KEYS = ("url", "format", "description")


class CkanError(KhlangError):
    """The CKAN could not be reached, refused the token, or rejected a package; nothing more is sent."""

    exit_code = 1


@dataclass
class Outcome:
    """What publishing did (or, in a dry run, would do) to one package."""

    name: str
    action: str  # created | updated | unchanged
    private: bool
    fields: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)


@dataclass
class Publication:
    """The outcome of one publish run."""

    url: str
    variant: str
    dry_run: bool
    outcomes: list[Outcome]
    calls: dict[str, int]

    def to_dict(self) -> dict:
        """JSON-ready."""
        return asdict(self)


def _norm(value: Any) -> Any:
    """A value as CKAN gives it back: multiple choices come back as a JSON list, numbers as text."""
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    if value in (None, "", []):
        return None
    return value if isinstance(value, bool) else str(value)


def _tags(tags: list | None) -> list[str]:
    return sorted(t["name"] if isinstance(t, dict) else str(t) for t in tags or [])


def changed_fields(wanted: dict, existing: dict, org_id: str) -> list[str]:
    """The package fields whose value on the CKAN differs from the export's."""
    out = []
    for key, value in wanted.items():
        if key == "resources":
            continue
        if key == "tags":
            differs = _tags(value) != _tags(existing.get("tags"))
        elif key == "owner_org":
            differs = existing.get("owner_org") not in (org_id, value)
        else:
            differs = _norm(value) != _norm(existing.get(key))
        if differs:
            out.append(key)
    return out


class Publisher:
    """One CKAN session: every call goes through `call`, which turns ckanapi's errors into one-line ones."""

    def __init__(self, url: str, token: str | None, dry_run: bool = False):
        self.url, self.dry_run = url.rstrip("/"), dry_run
        self.ckan = ckanapi.RemoteCKAN(self.url, apikey=token, user_agent="khlang-gd-catalog/1")
        self.calls: dict[str, int] = {}

    def call(self, action: str, subject: str, **data: Any) -> Any:
        """One action; a write in a dry run is counted, not sent."""
        self.calls[action] = self.calls.get(action, 0) + 1
        if self.dry_run and not action.endswith("_show"):
            return {"id": data.get("id") or data.get("name") or "(dry run)"}
        try:
            return self.ckan.call_action(action, data)
        except ckanapi.NotFound:
            raise
        except ckanapi.NotAuthorized as exc:
            raise CkanError(f"CKAN at {self.url} refused {action} for {subject}: not authorised "
                            f"(check KHLANG_CKAN_API_TOKEN and the organisation membership): {_short(exc)}") from None
        except ckanapi.ValidationError as exc:
            raise CkanError(f"CKAN at {self.url} rejected {subject} ({action}): {_validation(exc)}") from None
        except (ckanapi.CKANAPIError, ckanapi.SearchError) as exc:
            raise CkanError(f"CKAN at {self.url} failed {action} for {subject}: {_short(exc)}") from None
        except requests.RequestException as exc:
            raise CkanError(f"cannot reach CKAN at {self.url}: {type(exc).__name__}: {_short(exc)}") from None

    def organisation_id(self, org: str) -> str:
        """The id of the organisation the packages belong to; it must exist already."""
        try:
            return self.call("organization_show", org, id=org)["id"]
        except ckanapi.NotFound:
            raise CkanError(f"organisation {org!r} does not exist on CKAN at {self.url} "
                            "(create it there, or fix ckan_owner_org in catalog/organisation.yaml)") from None

    def existing(self, name: str) -> dict | None:
        """The package as the CKAN has it, or None."""
        try:
            return self.call("package_show", name, id=name)
        except ckanapi.NotFound:
            return None


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:300] + ("…" if len(text) > 300 else "")


def _validation(exc: ckanapi.ValidationError) -> str:
    errors = exc.error_dict if isinstance(exc.error_dict, dict) else {}
    parts = [f"{k}: {v}" for k, v in errors.items() if k != "__type"]
    return "; ".join(parts)[:500] or _short(exc)


def _sync_resources(pub: Publisher, pkg: dict, existing: dict) -> list[str]:
    """Create or patch the export's resources; withdraw any resource of a package that is now private."""
    done, have = [], {r.get("name"): r for r in existing.get("resources") or []}
    if pkg["private"]:
        for res in existing.get("resources") or []:
            pub.call("resource_delete", pkg["name"], id=res["id"])
            done.append(f"deleted {res.get('name')}")
        return done
    for res in pkg["resources"]:
        old = have.get(res["name"])
        if old is None:
            pub.call("resource_create", pkg["name"], package_id=existing["id"], **res)
            done.append(f"created {res['name']}")
        elif [k for k in RESOURCE_KEYS if _norm(res.get(k)) != _norm(old.get(k))]:
            pub.call("resource_patch", pkg["name"], id=old["id"], **res)
            done.append(f"updated {res['name']}")
    return done


def publish_package(pub: Publisher, pkg: dict, org_id: str) -> Outcome:
    """Create the package if the CKAN lacks it, else patch only what changed."""
    existing = pub.existing(pkg["name"])
    if existing is None:
        pub.call("package_create", pkg["name"], **pkg)
        return Outcome(pkg["name"], "created", pkg["private"], sorted(k for k in pkg if k != "resources"),
                       [f"created {r['name']}" for r in pkg["resources"]])
    fields = changed_fields(pkg, existing, org_id)
    resources = _sync_resources(pub, pkg, existing)  # first: a package turning private loses its data first
    if fields:
        pub.call("package_patch", pkg["name"], id=existing["id"], **{k: pkg[k] for k in fields})
    return Outcome(pkg["name"], "updated" if fields or resources else "unchanged", pkg["private"], fields, resources)


def publish(catalog: Catalog, url: str, token: str | None, variant: str = DEFAULT_VARIANT,
            dry_run: bool = False) -> Publication:
    """Every package of the catalogue onto the CKAN at `url`; refuses before any call if one is incomplete."""
    result = export(catalog, variant)
    if result.problems:
        lines = [f"{name}: {p}" for name, problems in result.problems.items() for p in problems]
        raise CkanError("not published: packages the GD Catalog would refuse (fix the declarations):\n  "
                        + "\n  ".join(lines))
    if not token and not dry_run:
        raise CkanError("KHLANG_CKAN_API_TOKEN is not set: CKAN needs an API token to create packages")
    pub = Publisher(url, token, dry_run)
    org_id = pub.organisation_id(catalog.organisation.ckan_owner_org or "")
    outcomes = [publish_package(pub, pkg, org_id) for pkg in result.packages]
    return Publication(pub.url, variant, dry_run, outcomes, pub.calls)
