"""catalog/backups.yaml: per system, what is backed up, where it lands, how often and for how long."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from khlang.config import Settings, settings
from khlang.declarations.loader import Catalog, Collector
from khlang.declarations.models import Name, Strict
from khlang.declarations.yamlsource import Loc, LocatedDocument
from khlang.errors import DeclarationError, Problem


def _known_engine(name: str) -> str:
    from khlang.backup.engines import engines

    if name not in engines():
        raise ValueError(f"unknown database engine {name!r} (known: {', '.join(sorted(engines()))})")
    return name


def _url_based(engine: str) -> bool:
    """Whether the engine's databases are reached by URL (a server) rather than a file path."""
    from khlang.backup.engines import get_engine

    return bool(get_engine(engine).url_schemes)


def suffix(engine: str) -> str:
    """The file suffix of an engine's backups ('programs' → .tar.gz)."""
    from khlang.backup.engines import get_engine

    return ".tar.gz" if engine == "programs" else get_engine(engine).suffix


Engine = Annotated[str, AfterValidator(_known_engine)]  # a registered engine of khlang.backup.engines
BackupFrequency = Literal["hourly", "daily", "weekly", "monthly", "quarterly"]

# The longest gap between two on-time backups of each frequency.
INTERVALS: dict[str, dt.timedelta] = {
    "hourly": dt.timedelta(hours=1),
    "daily": dt.timedelta(days=1),
    "weekly": dt.timedelta(days=7),
    "monthly": dt.timedelta(days=31),
    "quarterly": dt.timedelta(days=92),
}
_DURATION = re.compile(r"^\s*(\d+)\s*([hdwmy])\s*$")
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def parse_duration(text: str) -> tuple[int, str]:
    """'6h', '35d', '2w', '13m' (months), '1y' → (number, unit)."""
    m = _DURATION.match(text)
    if not m:
        raise ValueError("a duration is like '6h', '35d', '2w', '13m' or '1y'")
    return int(m.group(1)), m.group(2)


def subtract(moment: dt.datetime, duration: str) -> dt.datetime:
    """moment − duration; months and years are calendar months (the day clamps to the month's end)."""
    n, unit = parse_duration(duration)
    if unit in "hdw":
        return moment - dt.timedelta(hours=n) * {"h": 1, "d": 24, "w": 168}[unit]
    months = n * 12 if unit == "y" else n
    y, m = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + y, m + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last))


def span(duration: str) -> dt.timedelta:
    """A duration as a time span (months count 30 days, years 365): for comparisons only."""
    n, unit = parse_duration(duration)
    return dt.timedelta(hours=n) * {"h": 1, "d": 24, "w": 168, "m": 720, "y": 8760}[unit]


class _Schedule(Strict):
    """What both parts declare: where backups land, how often, how many and how long they are kept."""

    frequency: BackupFrequency = "daily"
    destination: str | None = None
    pattern: str | None = None
    grace: str | None = None
    keep: int = Field(3, ge=1)
    max_age: str | None = None
    size_tolerance: float = Field(0.3, gt=0)
    size_window: int = Field(7, ge=1)
    taken_by: Literal["khlang", "external"] = "external"
    manifest: Literal["required", "optional"] = "required"

    @field_validator("grace", "max_age")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is not None and ("/" in value or "\\" in value or value.startswith(".")):
            raise ValueError("a pattern matches file names in the destination folder (no '/', no leading '.')")
        return value


class DatabaseBackup(_Schedule):
    """The database of a system: a source of sources.yaml, or an engine with a path or URL."""

    source: Name | None = None
    engine: Engine | None = None
    path: str | None = None
    url: str | None = None
    keep: int = Field(7, ge=1)
    restore_test: Literal["monthly", "quarterly", "none"] = "monthly"
    restore_against_source: bool = True

    @model_validator(mode="after")
    def _location(self) -> DatabaseBackup:
        if self.source and (self.engine or self.path or self.url):
            raise ValueError("give either source (a source of sources.yaml) or engine with path/url, not both")
        if not self.source:
            if not self.engine:
                from khlang.backup.engines import engines

                raise ValueError(f"give source (a source of sources.yaml) or engine ({', '.join(sorted(engines()))})")
            if _url_based(self.engine) and not self.url:
                raise ValueError(f"a {self.engine} database needs url")
            if not _url_based(self.engine) and not self.path:
                raise ValueError(f"a {self.engine} database needs path")
        return self


class ProgramsBackup(_Schedule):
    """The programs of a system (สงพท.-06): a folder backed up whole as .tar.gz."""

    path: str
    exclude: list[str] = []
    frequency: BackupFrequency = "monthly"


class SystemBackups(Strict):
    """One system of systems.yaml and what of it is backed up."""

    system: str
    database: DatabaseBackup | None = None
    programs: ProgramsBackup | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _something(self) -> SystemBackups:
        if self.database is None and self.programs is None:
            raise ValueError("declare database, programs or both")
        return self


@dataclass
class BackupTarget:
    """One thing that is backed up (a system's database or its programs), with paths resolved."""

    system: str
    part: str
    engine: str
    destination: Path
    pattern: str
    frequency: str
    grace: dt.timedelta
    keep: int
    max_age: str | None
    size_tolerance: float
    size_window: int
    taken_by: str
    manifest: str = "required"
    source_path: Path | None = None
    source_url: str | None = None
    source_label: str = ""
    not_configured: str | None = None
    restore_test: str = "none"
    restore_against_source: bool = False
    exclude: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """'LEGACY_WMS/database': how people and the store name a target."""
        return f"{self.system}/{self.part}"

    @property
    def interval(self) -> dt.timedelta:
        """The longest gap between two on-time backups."""
        return INTERVALS[self.frequency]


def load_backups(catalog: Catalog, path: Path | None = None, cfg: Settings | None = None) -> list[BackupTarget]:
    """Read and validate catalog/backups.yaml; every problem is reported as file:line: field: message."""
    from khlang.declarations.systems import load_systems

    cfg = cfg or settings()
    path = Path(path or catalog.file("backups.yaml"))
    systems = load_systems(catalog)
    col = Collector()
    doc = col.document(path)
    if doc is None:
        col.raise_if_any()
    assert doc is not None  # a file that did not parse left a problem, raised above
    targets: list[BackupTarget] = []
    seen: dict[str, int | None] = {}
    for decl, loc in col.items(doc, "backups", SystemBackups):
        if decl.system in seen:
            col.add(doc, (*loc, "system"), f"system {decl.system!r} already declared at line {seen[decl.system]}")
            continue
        seen[decl.system] = doc.line_of(loc)
        if decl.system not in systems:
            col.add(doc, (*loc, "system"), f"unknown system {decl.system!r} (declare it in systems.yaml)")
            continue
        if decl.database is not None:
            target = _database_target(col, doc, (*loc, "database"), catalog, decl.system, decl.database, cfg)
            if target is not None:
                targets.append(target)
        if decl.programs is not None:
            target = _programs_target(col, doc, (*loc, "programs"), decl.system, decl.programs, cfg)
            if target is not None:
                targets.append(target)
    col.raise_if_any()
    return targets


def select(targets: list[BackupTarget], system: str | None = None, part: str | None = None) -> list[BackupTarget]:
    """The targets of one system and/or part; an unknown system is a user error."""
    if system is not None and not any(t.system == system for t in targets):
        known = ", ".join(sorted({t.system for t in targets})) or "none"
        raise DeclarationError([Problem("catalog/backups.yaml", None, "system",
                                        f"no backups declared for system {system!r} (declared: {known})")])
    return [t for t in targets if (system is None or t.system == system) and (part is None or t.part == part)]


def expand(text: str) -> tuple[str, list[str]]:
    """${VAR} from the environment; returns the text and the names that are not set."""
    missing: list[str] = []

    def one(m: re.Match) -> str:
        value = os.environ.get(m.group(1))
        if value is None or value == "":
            missing.append(m.group(1))
            return ""
        return value

    return _ENV.sub(one, text), missing


def redact(url: str) -> str:
    """A URL without its password, safe to print, store and report."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown without its credentials part
        return url.split("@")[-1]


def _inside(base: Path, raw: str) -> Path | None:
    """base/raw resolved; None when a relative path leaves base (.., symlinks). Absolute paths stand."""
    path = Path(raw)
    if path.is_absolute():
        return path
    base = base.resolve()
    resolved = (base / path).resolve()
    return resolved if resolved.is_relative_to(base) else None


def _schedule(col: Collector, doc: LocatedDocument, loc: Loc, system: str, part: str, engine: str,
              decl: DatabaseBackup | ProgramsBackup, cfg: Settings) -> dict | None:
    ok = True
    raw_dest = decl.destination or f"backups/{system}/{part}"
    dest_text, missing = expand(raw_dest)
    if missing:
        col.add(doc, (*loc, "destination"), f"environment variable {missing[0]} is not set")
        ok = False
    destination = _inside(cfg.var_dir, dest_text) if dest_text else None
    if ok and destination is None:
        col.add(doc, (*loc, "destination"), f"{raw_dest!r} leaves the var folder {cfg.var_dir} (use an absolute path)")
        ok = False
    interval = INTERVALS[decl.frequency]
    if decl.max_age is not None and span(decl.max_age) < interval * decl.keep:
        col.add(doc, (*loc, "max_age"),
                f"{decl.max_age} cannot hold keep: {decl.keep} {decl.frequency} backups; make it at least "
                f"{(interval * decl.keep).days} days")
        ok = False
    if not ok:
        return None
    return {
        "system": system, "part": part, "engine": engine, "destination": destination,
        "pattern": decl.pattern or f"*{suffix(engine)}", "frequency": decl.frequency,
        "grace": span(decl.grace) if decl.grace else interval / 4, "keep": decl.keep, "max_age": decl.max_age,
        "size_tolerance": decl.size_tolerance, "size_window": decl.size_window, "taken_by": decl.taken_by,
        "manifest": decl.manifest,
    }


def _database_target(col: Collector, doc: LocatedDocument, loc: Loc, catalog: Catalog, system: str,
                     decl: DatabaseBackup, cfg: Settings) -> BackupTarget | None:
    engine, raw_path, raw_url = decl.engine, decl.path, decl.url
    if decl.source:
        src = catalog.sources.get(decl.source)
        if src is None:
            col.add(doc, (*loc, "source"), f"unknown source {decl.source!r} (declare it in sources.yaml)")
            return None
        from khlang.backup.engines import engines
        from khlang.sources import plugin

        copied_by = plugin(src.type).backup_engine
        if copied_by is None or copied_by not in engines():
            col.add(doc, (*loc, "source"), f"source {decl.source!r} is {src.type}; a database backup needs "
                                           "a sqlite, duckdb or postgres source, or a mysql one")
            return None
        engine, raw_path, raw_url = copied_by, src.path, src.url
    base = _schedule(col, doc, loc, system, "database", engine, decl, cfg)  # type: ignore[arg-type]
    if base is None:
        return None
    target = BackupTarget(**base, restore_test=decl.restore_test, restore_against_source=decl.restore_against_source)
    if _url_based(engine):  # type: ignore[arg-type]
        url, missing = expand(raw_url or "")
        if missing:
            target.not_configured = f"environment variable {', '.join(missing)} is not set"
            target.source_label = raw_url or ""
        else:
            target.source_url = url
            target.source_label = redact(url)
        return target
    text, missing = expand(raw_path or "")
    if missing:
        target.not_configured = f"environment variable {', '.join(missing)} is not set"
        target.source_label = raw_path or ""
        return target
    resolved = _inside(cfg.data_dir, text)
    if resolved is None:
        col.add(doc, (*loc, "source" if decl.source else "path"), f"{text!r} leaves the data folder {cfg.data_dir}")
        return None
    target.source_path = resolved
    target.source_label = text
    return target


def _programs_target(col: Collector, doc: LocatedDocument, loc: Loc, system: str, decl: ProgramsBackup,
                     cfg: Settings) -> BackupTarget | None:
    base = _schedule(col, doc, loc, system, "programs", "programs", decl, cfg)
    if base is None:
        return None
    target = BackupTarget(**base, exclude=tuple(decl.exclude))
    text, missing = expand(decl.path)
    if missing:
        target.not_configured = f"environment variable {', '.join(missing)} is not set"
        target.source_label = decl.path
        return target
    resolved = _inside(cfg.data_dir, text)
    if resolved is None:
        col.add(doc, (*loc, "path"), f"{text!r} leaves the data folder {cfg.data_dir}")
        return None
    target.source_path = resolved
    target.source_label = text
    return target
