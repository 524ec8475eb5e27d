"""Khlang's custom expectation for Great Expectations' own engines (the reference we agree with).

Importing this module registers `expect_column_values_to_be_valid_thai_national_id` with GX, with
the same rule as the DuckDB engine: 13 ASCII digits, first digit 1-8, mod-11 check digit.
"""

from __future__ import annotations

import re

from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    column_condition_partial,
)

_SHAPE = re.compile(r"[1-8][0-9]{12}")


def valid_thai_national_id(value: object) -> bool:
    """The rule shared with the DuckDB engine."""
    text = str(value)
    if not _SHAPE.fullmatch(text):
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(text[:12]))
    return (11 - total % 11) % 10 == int(text[12])


class ColumnValuesValidThaiNationalId(ColumnMapMetricProvider):
    """Row-wise: is the value a valid Thai national ID?"""

    condition_metric_name = "column_values.valid_thai_national_id"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, **kwargs):  # noqa: ANN001, ANN003, ANN206, N805
        return column.map(valid_thai_national_id)


class ExpectColumnValuesToBeValidThaiNationalId(ColumnMapExpectation):
    """Expect column values to be valid Thai national ID numbers (เลขประจำตัวประชาชน)."""

    map_metric = "column_values.valid_thai_national_id"
    success_keys = ("mostly",)
    args_keys = ("column",)
