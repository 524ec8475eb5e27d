"""Who is acting: a signed-in person (or the scheduler), through which channel, from where."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from khlang.declarations import Catalog

SYSTEM_PERSON = "khlang"


@dataclass(frozen=True)
class Actor:
    """The person behind a write; every record and audit row carries it."""

    person: str
    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    channel: str = "cli"  # console | api | cli | scheduler
    address: str | None = None
    on_behalf_of: str | None = None
    reason: str | None = None

    @property
    def acting_person(self) -> str:
        """The person the record is attributed to: the one an administrator records for, else the actor."""
        return self.on_behalf_of or self.person

    @property
    def is_system(self) -> bool:
        """True for the scheduler's system account."""
        return self.person == SYSTEM_PERSON

    def for_person(self, person: str, reason: str) -> Actor:
        """The same actor recording on behalf of `person`, with the reason kept in the record."""
        return replace(self, on_behalf_of=person, reason=reason)

    def provenance(self) -> dict:
        """What an event keeps about who recorded it (beyond the person it is attributed to)."""
        out: dict = {"recorded_by": self.username, "channel": self.channel}
        if self.on_behalf_of:
            out.update({"on_behalf_of": self.on_behalf_of, "recorded_for_by": self.person, "reason": self.reason})
        return out


SCHEDULER = Actor(person=SYSTEM_PERSON, username="khlang-scheduler", roles=frozenset({"scheduler"}),
                  channel="scheduler")


def declared_roles(catalog: Catalog, person_id: str) -> frozenset[str]:
    """The roles organisation.yaml gives a person: people[].roles, the committee, the secretary."""
    person = catalog.person(person_id)
    if person is None or not person.active:
        return frozenset()
    roles = set(person.roles)
    governance = catalog.organisation.governance
    if person_id in governance.committee:
        roles.add("committee")
    if governance.secretary == person_id:
        roles.add("secretary")
    return frozenset(roles)


def actor_for(catalog: Catalog, person: str, username: str, account_roles: tuple[str, ...] | list[str] = (),
              channel: str = "cli", address: str | None = None) -> Actor:
    """An Actor for a person of the organisation: their declared roles plus the account's own."""
    return Actor(person=person, username=username, roles=declared_roles(catalog, person) | frozenset(account_roles),
                 channel=channel, address=address)
