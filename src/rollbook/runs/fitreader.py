"""fitdecode's reader, reading each data message's bytes in one piece and, on request,
decoding only the fields the caller reads.

fitdecode reads a data message field by field: for every field of every point it
builds a ``struct.Struct`` from a format string and reads a few bytes through its
blocking-read helper. That was two fifths of the time to read a FIT file.
:class:`FastFitReader` reads the message's bytes at once and unpacks each field with a
``Struct`` made once per message definition, then hands the same raw values to
fitdecode, which does everything else as usual (field names, scales, components,
sub-fields, compressed times, developer fields, checks). The frames are the same as
fitdecode's own reader gives (a unit test compares them on many generated files).

``keep`` (message name -> field names) goes further: every data message still has all
its bytes read, but fitdecode is handed only the fields named there, so the others
(heart rate, cadence, power and the like on every point, and whole messages such as
device or lap records) are never decoded. What fitdecode needs for its own work is
always kept: every message's ``timestamp`` (compressed times count on from it), the
fields a kept field's sub-fields and components refer to, and the developer-field
messages. The kept fields come out exactly as fitdecode gives them (a unit test
compares them).

It overrides private methods of ``fitdecode.FitReader`` (0.11). Should a later
fitdecode change their shape, the unit tests comparing the two readers fail.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable, Collection, Mapping
from typing import Any

import fitdecode
from fitdecode import profile
from fitdecode import types as fit_types
from fitdecode.records import FitDefinitionMessage

_BYTE = fit_types.BASE_TYPE_BYTE.identifier
#: How a field's unpacked tuple becomes fitdecode's raw value (as in fitdecode 0.11).
_AS_BYTES, _AS_TUPLE, _AS_ONE = 0, 1, 2
#: Messages fitdecode reads itself to learn developer fields: always decoded whole.
_WHOLE = frozenset({profile.MESG_NUM_DEVELOPER_DATA_ID, profile.MESG_NUM_FIELD_DESCRIPTION})

#: Per field: unpack, offset in the message, how to shape it, the base type's parse.
_Field = tuple[Callable[[Any, int], tuple[Any, ...]], int, int, Callable[[Any], Any]]
_Plan = tuple[int, list[_Field]]


def _plan(def_mesg: Any, kept: Collection[int] | None = None) -> _Plan | None:
    """Return the message's size and the unpackers of its fields (those at the ``kept``
    positions, else all); None to leave the message to fitdecode."""
    fields: list[_Field] = []
    offset = 0
    for at, field_def in enumerate(def_mesg.all_field_defs):
        base = field_def.base_type
        # The same format fitdecode builds for the field (a size that is not a whole
        # number of values is cut down the same way).
        unpacker = struct.Struct(f"{def_mesg.endian}{int(field_def.size / base.size)}{base.fmt}")
        if unpacker.size <= 0:
            return None  # fitdecode refuses such a field; let it say so
        if kept is None or at in kept:
            items = len(unpacker.unpack(bytes(unpacker.size)))
            shape = _AS_BYTES if base.identifier == _BYTE else _AS_TUPLE if items > 1 else _AS_ONE
            fields.append((unpacker.unpack_from, offset, shape, base.parse))
        offset += unpacker.size
    return offset, fields


def _kept_positions(def_mesg: Any, names: Collection[str]) -> list[int]:
    """Positions of the fields to decode: those named, the timestamp, and what they refer to."""
    defs = list(def_mesg.all_field_defs)
    mesg_type = def_mesg.mesg_type
    kept: set[int] = set()
    for at, field_def in enumerate(defs):
        # fitdecode counts compressed times on from any message's timestamp, known or not.
        if field_def.def_num == profile.FIELD_NUM_TIMESTAMP and not field_def.is_dev:
            kept.add(at)
            continue
        field = field_def.field
        if field is None:
            continue
        targets = [field] if field_def.is_dev else [field, *(field.subfields or ())]
        if not field_def.is_dev and mesg_type is not None:
            targets += [mesg_type.fields[c.def_num] for c in field.components or ()]
        if any(t.name in names for t in targets):
            kept.add(at)
    # Sub-fields (of a kept field or of its components) are chosen by another field's
    # raw value: keep those fields too, until nothing more is needed.
    while True:
        refs: set[int] = set()
        for at in kept:
            field = defs[at].field
            if defs[at].is_dev or field is None:
                continue  # e.g. the timestamp of a message the FIT profile does not know
            related = [field] + [mesg_type.fields[c.def_num] for c in field.components or ()]
            for one in related:
                for sub in one.subfields or ():
                    refs.update(r.def_num for r in sub.ref_fields)
        more = {
            at for at, d in enumerate(defs) if not d.is_dev and d.def_num in refs and at not in kept
        }
        if not more:
            return sorted(kept)
        kept |= more


class FastFitReader(fitdecode.FitReader):  # type: ignore[misc]
    """A ``fitdecode.FitReader`` that reads each data message's bytes in one piece.

    ``keep``: message name -> the field names to decode (messages not named: only their
    timestamp). None (the default) decodes every field, as fitdecode does.
    """

    def __init__(
        self, *args: Any, keep: Mapping[str, Collection[str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._keep = keep
        # Keyed by id() with the definition kept alongside, so an id reused after a
        # definition is replaced can never pick up the old plan.
        self._plans: dict[int, tuple[Any, _Plan | None]] = {}
        # In memory, one read always gives every byte there is (no waiting loop needed).
        self._in_memory = isinstance(self._fd, io.BytesIO)

    def _read_bytes(self, size: int) -> bytes:
        if not self._in_memory or self.check_crc is not fitdecode.CrcCheck.DISABLED:
            chunk: bytes = super()._read_bytes(size)
            return chunk
        if size <= 0:
            raise ValueError("size")
        chunk = self._fd.read(size)
        if len(chunk) != size:
            raise fitdecode.FitEOFError(size, len(chunk), self._read_offset)
        self._chunk_size += size
        self._read_offset += size
        self._read_size += size
        return chunk

    def _read_definition_message(self, header_chunk: bytes, record_header: Any) -> Any:
        def_mesg = super()._read_definition_message(header_chunk, record_header)
        if self._keep is None or def_mesg.global_mesg_num in _WHOLE:
            return def_mesg
        names = self._keep.get(def_mesg.name, ())
        kept = _kept_positions(def_mesg, names)
        plan = _plan(def_mesg, kept)
        if plan is None:
            return def_mesg  # fitdecode reads (and refuses) it whole
        defs = list(def_mesg.all_field_defs)
        trimmed = FitDefinitionMessage(
            def_mesg.is_developer_data,
            def_mesg.local_mesg_num,
            def_mesg.time_offset,
            def_mesg.mesg_type,
            def_mesg.global_mesg_num,
            def_mesg.endian,
            [defs[at] for at in kept if not defs[at].is_dev],
            [defs[at] for at in kept if defs[at].is_dev],
            def_mesg.chunk,
        )
        # The data messages that follow are decoded by the trimmed definition; the
        # frame handed out is the file's own.
        self._local_mesg_defs[record_header.local_mesg_num] = trimmed
        self._plans[id(trimmed)] = (trimmed, plan)
        return def_mesg

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
