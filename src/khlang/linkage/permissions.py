"""The linkage rules added to khlang.identity's one permission table (loaded with the register, so every caller of
`authorize`/`allowed` about a linkage sees them).

The procedure gives the data and legal analysis to the unit that owns the linkage as well as to the legal
officer: a person of the linkage's `owner_unit` may record it.
"""

from __future__ import annotations

from khlang.identity.permissions import CONDITIONS, Rule, Subject, add_rules


@CONDITIONS.register("member_of_owning_unit")
def _member_of_owning_unit(s: Subject, _arg: str | None) -> bool:
    """The person works in the unit that owns the linkage."""
    unit = getattr(s.linkage, "owner_unit", None)
    person = s.catalog.person(s.person)
    return unit is not None and person is not None and person.unit == unit


add_rules([Rule(("linkage.analysis.legal",), "allow", "member_of_owning_unit")])
