"""fitdecode's reader, with each data message's bytes read in one piece.

fitdecode reads a data message field by field: for every field of every point it
builds a ``struct.Struct`` from a format string and reads a few bytes through its
blocking-read helper. That was two fifths of the time to read a FIT file.
:class:`FastFitReader` reads the message's bytes at once and unpacks each field with a
``Struct`` made once per message definition, then hands the same raw values to
fitdecode, which does everything else as usual (field names, scales, components,
sub-fields, compressed times, developer fields, checks). The frames are the same as
fitdecode's own reader gives (a unit test compares them on many generated files).

It overrides one private method of ``fitdecode.FitReader`` (0.11). Should a later
fitdecode change that method's shape, the unit test comparing the two readers fails.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import fitdecode
from fitdecode import types as fit_types

_BYTE = fit_types.BASE_TYPE_BYTE.identifier
#: How a field's unpacked tuple becomes fitdecode's raw value (as in fitdecode 0.11).
_AS_BYTES, _AS_TUPLE, _AS_ONE = 0, 1, 2

#: Per field: unpack, offset in the message, how to shape it, the base type's parse.
_Field = tuple[Callable[[Any, int], tuple[Any, ...]], int, int, Callable[[Any], Any]]
_Plan = tuple[int, list[_Field]]


def _plan(def_mesg: Any) -> _Plan | None:
    """Return the message's size and its fields' unpackers; None to leave it to fitdecode."""
    fields: list[_Field] = []
    offset = 0
    for field_def in def_mesg.all_field_defs:
        base = field_def.base_type
        # The same format fitdecode builds for the field (a size that is not a whole
        # number of values is cut down the same way).
        unpacker = struct.Struct(f"{def_mesg.endian}{int(field_def.size / base.size)}{base.fmt}")
        if unpacker.size <= 0:
            return None  # fitdecode refuses such a field; let it say so
        items = len(unpacker.unpack(bytes(unpacker.size)))
        shape = _AS_BYTES if base.identifier == _BYTE else _AS_TUPLE if items > 1 else _AS_ONE
        fields.append((unpacker.unpack_from, offset, shape, base.parse))
        offset += unpacker.size
    return offset, fields


class FastFitReader(fitdecode.FitReader):  # type: ignore[misc]
    """A ``fitdecode.FitReader`` that reads each data message's bytes in one piece."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keyed by id() with the definition kept alongside, so an id reused after a
        # definition is replaced can never pick up the old plan.
        self._plans: dict[int, tuple[Any, _Plan | None]] = {}

    def _read_data_message_raw_values(self, def_mesg: Any) -> tuple[list[Any], list[Any]]:
        entry = self._plans.get(id(def_mesg))
        if entry is None or entry[0] is not def_mesg:
            entry = (def_mesg, _plan(def_mesg))
            self._plans[id(def_mesg)] = entry
        plan = entry[1]
        if plan is None:
            result: tuple[list[Any], list[Any]] = super()._read_data_message_raw_values(def_mesg)
            return result
        size, fields = plan
        if not size:
            return [], []
        chunk = self._read_bytes(size)
        raw_values: list[Any] = []
        for unpack_from, offset, shape, parse in fields:
            raw = unpack_from(chunk, offset)
            if shape == _AS_ONE:
                raw_values.append(parse(raw[0]))
            elif shape == _AS_TUPLE:
                raw_values.append(tuple(parse(v) for v in raw))
            else:
                raw_values.append(parse(raw))
        return [chunk], raw_values
