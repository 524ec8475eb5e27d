"""Declarations: the only place YAML is read."""

from khlang.declarations.loader import Catalog, Collector, Origin, load_catalog
from khlang.declarations.models import CLASSIFICATION_ORDER, Dataset, Source

__all__ = ["CLASSIFICATION_ORDER", "Catalog", "Collector", "Dataset", "Origin", "Source", "load_catalog"]
