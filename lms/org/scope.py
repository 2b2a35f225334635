"""What part of the organisation a person's role reaches: the whole nation, some provinces, some centres.

A :class:`Scope` is plain data. ``lms.people.roles`` computes one for a user and a capability; the
querysets in ``lms.org.models`` and ``lms.people.models`` turn it into a filter. Every list, detail
view and export goes through those querysets, so a scoping rule lives in one place.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    national: bool = False
    province_ids: frozenset = field(default_factory=frozenset)
    centre_ids: frozenset = field(default_factory=frozenset)

    @property
    def is_empty(self):
        return not (self.national or self.province_ids or self.centre_ids)

    def __or__(self, other):
        return Scope(
            national=self.national or other.national,
            province_ids=self.province_ids | other.province_ids,
            centre_ids=self.centre_ids | other.centre_ids,
        )

    def covers_centre(self, centre):
        """True if a record of ``centre`` (a Centre) falls inside this scope."""
        return self.national or centre.pk in self.centre_ids or centre.province_id in self.province_ids

    def covers_province(self, province_id):
        return self.national or province_id in self.province_ids


NOWHERE = Scope()
EVERYWHERE = Scope(national=True)
