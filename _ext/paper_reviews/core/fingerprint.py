"""A cheap, stable digest of everything a bibliography entry says, to notice that it changed."""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import ref

if TYPE_CHECKING:
    from pybtex.database import Entry

#: Fingerprints by entry (pybtex entries are not hashable: by id, for the entry's life),
#: since each build asks for every entry's several times.
_FINGERPRINTS: dict[int, tuple[ref[Entry], str]] = {}


def entry_fingerprint(entry: Entry | None) -> str:
    """The entry's type, fields and names as one string ("" for no entry)."""
    if entry is None:
        return ""
    key = id(entry)
    known = _FINGERPRINTS.get(key)
    if known is not None and known[0]() is entry:
        return known[1]
    persons = tuple((role, tuple(str(p) for p in people)) for role, people in entry.persons.items())
    fingerprint = repr((entry.type, tuple(entry.fields.items()), persons))

    def forget(_: object) -> None:
        _FINGERPRINTS.pop(key, None)

    _FINGERPRINTS[key] = (ref(entry, forget), fingerprint)
    return fingerprint


def forget_fingerprint(entry: Entry) -> None:
    """Drop the kept fingerprint of an entry whose fields were changed in place."""
    _FINGERPRINTS.pop(id(entry), None)
