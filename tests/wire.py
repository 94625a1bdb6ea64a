"""The jlremote wire, written from the specs alone, for test clients.

The Python test clients (bootloaders/tools/resident_probe.py,
device_runtime/posix/device_smoke.py) check devices against the contracts, not
against the host's C++ code, so they encode everything by hand from
proto/jlremote.proto, proto/frame.h and device_runtime/image_format.h. This
module is that one hand-written copy. Python 3 standard library only.
"""

import socket
import struct
import time
import zlib

# ---- protobuf (proto/jlremote.proto) -----------------------------------------
TO_DEVICE = dict(hello=1, write_memory=2, start_runtime=3, load_image=4,
                 call=5, info=6, reset=7)
# FromDevice: field number -> (name, names of the submessage's fields in
# field-number order, starting at 1).
FROM_DEVICE = {
    1: ("hello", ["protocol", "stage", "arch", "board", "ram_start", "ram_end",
                  "resident_size", "runtime_version"]),
    2: ("load_request", ["slot"]),
    3: ("call_result", ["gp0", "gp1", "fp0", "images_loaded"]),
    4: ("error", ["code", "value", "expected", "slot"]),
    5: ("info", ["arch", "board", "core_clock_hz", "ram_start", "ram_end",
                 "heap_size", "heap_free", "slot_count", "slots_loaded",
                 "runtime_version", "protocol", "resident_size",
                 "runtime_size", "stack_headroom", "heap_high_water",
                 "collections", "collection_nanos", "collected_bytes",
                 "images_loaded", "images_evicted", "images_fetched_again",
                 "link_bytes_received", "link_bytes_sent"]),
}


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def read_varint(data, pos):
    """(value, position after it) of the varint at data[pos]."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def field(number, value):
    """A varint field for an int, a length-delimited one for bytes."""
    if isinstance(value, (bytes, bytearray)):
        return varint(number << 3 | 2) + varint(len(value)) + bytes(value)
    return varint(number << 3) + varint(value)


def packed(number, values):
    """A packed repeated varint field; nothing when empty, as proto3 sends."""
    values = list(values)
    return field(number, b"".join(varint(v) for v in values)) if values else b""


def parse(data):
    """{field number: [values]} of a message of varint and bytes fields."""
    fields, pos = {}, 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        if key & 7 == 0:
            value, pos = read_varint(data, pos)
        elif key & 7 == 2:
            size, pos = read_varint(data, pos)
            value, pos = bytes(data[pos:pos + size]), pos + size
        else:
            raise ValueError(f"wire type {key & 7} in {bytes(data).hex()}")
        fields.setdefault(key >> 3, []).append(value)
    return fields


def delimited(message):
    """varint(length) message: how a message starts its first DATA frame."""
    return varint(len(message)) + message


def read_delimited(data):
    """The message `data` (length-prefixed) holds; None while it is short.
    Bytes past the message are an error: each message starts a frame."""
    length, pos = read_varint(data, 0)
    if len(data) - pos > length:
        raise ValueError(f"message length {length}, frames hold {len(data) - pos}")
    return bytes(data[pos:]) if len(data) - pos == length else None


def to_device(kind, body=b""):
    """ToDevice{kind: body}, kind as named in TO_DEVICE."""
    return field(TO_DEVICE[kind], body)


def from_device(message):
    """(name, {field name: value}) of a FromDevice message. Exactly one
    submessage, each of its fields at most once (none is repeated)."""
    outer = parse(message)
    if len(outer) != 1 or len(next(iter(outer.values()))) != 1:
        raise ValueError(f"FromDevice with fields {outer}")
    (number, [body]), = outer.items()
    name, names = FROM_DEVICE[number]
    inner = {}
    for key, values in parse(body).items():
        if len(values) != 1:
            raise ValueError(f"{name} field {key} sent {len(values)} times")
        inner[names[key - 1]] = values[0]
    return name, inner


# ---- frames (proto/frame.h) --------------------------------------------------
FLAG, ESCAPE = 0x7E, 0x7D
DATA, ACK, SYNC, START = 0, 1, 2, 0x80


class LinkError(Exception):
    """The other end broke the framing: a bad CRC or a closed connection."""


def encode_frame(kind, seq, payload=b""):
    body = bytes([kind, seq]) + payload
    body += struct.pack("<I", zlib.crc32(body))
    out = bytearray([FLAG])
    for byte in body:
        if byte in (FLAG, ESCAPE):
            out += bytes([ESCAPE, byte ^ 0x20])
        else:
            out.append(byte)
    out.append(FLAG)
    return bytes(out)


def decode_frame(stuffed):
    """(kind, seq, payload) of the bytes between two flags."""
    body, escaped = bytearray(), False
    for byte in stuffed:
        if byte == ESCAPE:
            escaped = True
            continue
        body.append(byte ^ 0x20 if escaped else byte)
        escaped = False
    if len(body) < 6 or zlib.crc32(body[:-4]) != struct.unpack("<I", body[-4:])[0]:
        raise LinkError(f"bad frame: {bytes(stuffed).hex()}")
    return body[0], body[1], bytes(body[2:-4])


class Link:
    """Frames over a socket (or anything with settimeout, recv and sendall).

    Frames are taken from the received bytes one at a time, so a test can
    also read what a device writes raw between them (raw)."""

    def __init__(self, sock):
        self.sock = sock
        self.pending = bytearray()

    def fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout
        self.sock.settimeout(left)
        chunk = self.sock.recv(4096)
        if not chunk:
            raise LinkError("the device closed the link")
        self.pending += chunk

    def raw(self, count, timeout=2.0):
        """The next `count` bytes, framed or not; socket.timeout if late."""
        deadline = time.monotonic() + timeout
        while len(self.pending) < count:
            self.fill(deadline)
        out = bytes(self.pending[:count])
        del self.pending[:count]
        return out

    def frame(self, timeout=2.0):
        """The next frame as (kind, seq, payload); None on timeout."""
        deadline = time.monotonic() + timeout
        try:
            while True:
                start = self.pending.find(FLAG)
                end = self.pending.find(FLAG, start + 1) if start >= 0 else -1
                if end < 0:
                    self.fill(deadline)
                    continue
                stuffed = bytes(self.pending[start + 1:end])
                if not stuffed:  # idle fill, or the flag that opens the next frame
                    del self.pending[:end]
                    continue
                del self.pending[:end + 1]
                return decode_frame(stuffed)
        except socket.timeout:
            return None

    def send_frame(self, kind, seq, payload=b""):
        self.sock.sendall(encode_frame(kind, seq, payload))


# ---- images (device_runtime/image_format.h) ----------------------------------
FORMAT_VERSION = 2
HEADER_SIZE = 16
CRC_OFFSET = 12
RELOC_BASE = 0xFFFF
ARCH_X86_64 = 6


def reloc(word, target=RELOC_BASE):
    """Patch the word at `word` (in words from the code base): with the code
    base added (RELOC_BASE), or with the import stub of slot `target`."""
    return word | target << 16


def image_crc(image):
    """The CRC the header must carry: the whole image, CRC field zero."""
    return zlib.crc32(image[:CRC_OFFSET] + bytes(4) + image[HEADER_SIZE:])


def make_image(code, *, arch, relocs=(), bss=0, entry=0, magic=b"JL",
               version=FORMAT_VERSION):
    """An image with a correct CRC; magic and version only to make bad ones."""
    header = magic + struct.pack("<BBHHHHI", version, arch, len(code), bss,
                                 len(relocs), entry, 0)
    image = header + bytes(code) + b"".join(struct.pack("<I", r) for r in relocs)
    return (image[:CRC_OFFSET] + struct.pack("<I", image_crc(image))
            + image[HEADER_SIZE:])
