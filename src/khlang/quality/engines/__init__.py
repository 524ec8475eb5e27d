"""Quality engines: each renders the engine-neutral plan (khlang.quality.plan) and runs it.

`duckdb` (default) runs over the DuckDB relations of every source; `postgresql` and `mysql` push the
suite down into the source database (only counts come back). Other engines (spark) register themselves
in ENGINES from their own module, imported here.
"""

from khlang.quality.engines import duckdb as _duckdb  # noqa: E402,F401 - registers "duckdb"
from khlang.quality.engines import servers as _servers  # noqa: E402,F401 - registers postgresql, mysql
from khlang.quality.engines import spark as _spark  # noqa: E402,F401 - registers spark (PySpark imported on use)
from khlang.quality.engines.base import (
    DEFAULT_ENGINE,
    ENGINES,
    Engine,
    EngineRefused,
    Target,
    choose,
    default_engine,
    engine,
    neutral_kind,
)

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "EngineRefused", "Target", "choose", "default_engine", "engine",
           "neutral_kind"]
