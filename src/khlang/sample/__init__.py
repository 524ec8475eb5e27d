"""A deterministic, realistic small อคส. (stock, depositors, legacy systems) with planted defects and ground truth."""

from khlang.sample.generate import generate
from khlang.sample.truth import GroundTruth

__all__ = ["GroundTruth", "generate"]
