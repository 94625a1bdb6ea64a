#!/usr/bin/env python3
"""Checks a resident bootstrapper on an emulated board, without the host daemon.

Starts QEMU with the board's UART on a TCP socket and speaks just enough of
proto/README.md (frames, hand-coded protobuf) to exercise the resident stage:
SYNC, Hello (dropping the device's first DATA frame to see it repeated),
duplicate and malformed requests, writes outside RAM, refused images (bad CRC,
wrong arch), the protocol-version mismatch, and a good image that dumps the
services table it is given. Python 3 standard library only.

    resident_probe.py --qemu qemu-system-arm --board mps2-an385 \
        --kernel build/device/resident-mps2-an385.elf
"""

import argparse
import socket
import struct
import subprocess
import sys
import time
import zlib

# ---- what each board's resident must say -----------------------------------
BOARDS = {
    # board: (QEMU machine, DeviceHello.arch, DeviceHello.board, core clock,
    #         RAM the resident may advertise)
    "mps2-an385": ("mps2-an385", 2, 1, 25_000_000, (0x20000000, 0x20400000)),
    "microbit": ("microbit", 1, 2, 16_000_000, (0x20000000, 0x20004000)),
}
RESIDENT_BUDGET = 2048

# ---- frames (proto/frame.h) --------------------------------------------------
FLAG, ESCAPE = 0x7E, 0x7D
DATA, ACK, SYNC, START = 0, 1, 2, 0x80


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


# ---- protobuf, by hand -------------------------------------------------------
def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def to_device(field, body):
    """varint(length) ToDevice{field: body}, as one frame carries it."""
    message = field_bytes(field, body)
    return varint(len(message)) + message


def read_varint(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def parse_fields(data):
    """{field number: value} of a message made of varint and bytes fields."""
    fields, pos = {}, 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        if key & 7 == 0:
            fields[key >> 3], pos = read_varint(data, pos)
        elif key & 7 == 2:
            size, pos = read_varint(data, pos)
            fields[key >> 3] = data[pos:pos + size]
            pos += size
        else:
            raise ValueError(f"wire type {key & 7} in {data.hex()}")
    return fields


def parse_from_device(payload):
    """(FromDevice field number, {submessage fields}) of one DATA payload."""
    length, pos = read_varint(payload, 0)
    if length != len(payload) - pos:
        raise ValueError(f"message length {length}, frame has {len(payload) - pos}")
    outer = parse_fields(payload[pos:])
    if len(outer) != 1:
        raise ValueError(f"FromDevice with fields {sorted(outer)}")
    (number, body), = outer.items()
    return number, parse_fields(body)


HELLO, WRITE_MEMORY, START_RUNTIME, CALL = 1, 2, 3, 5  # ToDevice fields
DEVICE_HELLO, DEVICE_ERROR = 1, 4                       # FromDevice fields


# ---- images (device_runtime/image_format.h) ----------------------------------
def make_image(arch, code, relocs=(), bss=0, entry=1):
    header = struct.pack("<2sBBHHHHI", b"JL", 2, arch, len(code), bss,
                         len(relocs), entry, 0)
    tail = b"".join(struct.pack("<I", r) for r in relocs)
    crc = zlib.crc32(header + code + tail)
    return header[:12] + struct.pack("<I", crc) + code + tail


def image_crc(image):
    return zlib.crc32(image[:12] + bytes(4) + image[16:])


# Thumb (v6-M, so every board runs it): the runtime entry, given
# r0 = const ResidentServices *, sends the 60-byte table and then the word at
# `word` (relocated to its own address) raw through services->WriteByte, and
# returns to the resident.
#   0: push {r4, r5, r6, lr}      16: dump: push {lr}
#   2: ldr r5, [r0, #28]          18: 1: ldrb r1, [r4]
#   4: movs r4, r0                1a: movs r0, #0
#   6: movs r6, #60               1c: blx r5
#   8: bl dump                    1e: adds r4, #1
#   c: adr r4, word               20: subs r6, #1
#   e: movs r6, #4                22: bne 1b
#  10: bl dump                    24: pop {pc}
#  14: pop {r4, r5, r6, pc}       26: nop; 28: word: .word 0x28
DUMP_CODE = bytes.fromhex(
    "70b5c56904003c2600f005f806a4042600f001f870bd00b521780020a847"
    "0134013ef9d100bdc04628000000")
DUMP_WORD_OFFSET = 0x28
SERVICES_SIZE = 60
SERVICES_FORMAT = "<IBBBBIIII" + "I" * 6 + "III"  # resident_services.h
SERVICES_FIELDS = (
    "AbiVersion Arch Board LastRxSeq NextTxSeq CoreClockHz HeapStart HeapEnd "
    "ResidentSize ReadByte WriteByte Millis LoadImage SyncCode Restart "
    "RuntimeSize RamStart RamEnd").split()


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)


class Device:
    """The host end of the link: frames over the QEMU socket."""

    def __init__(self, sock):
        self.sock = sock
        self.pending = bytearray()
        self.tx_seq = 0
        self.device_messages = 0  # acknowledged since the last SYNC

    def raw(self, count, timeout=2.0):
        deadline = time.monotonic() + timeout
        while len(self.pending) < count:
            self.fill(deadline)
        out = bytes(self.pending[:count])
        del self.pending[:count]
        return out

    def fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout
        self.sock.settimeout(left)
        chunk = self.sock.recv(4096)
        if not chunk:
            raise Failure("QEMU closed the connection")
        self.pending += chunk

    def frame(self, timeout=2.0):
        """The next valid frame as (kind, seq, payload); None on timeout."""
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
                body, escaped = bytearray(), False
                for byte in stuffed:
                    if byte == ESCAPE:
                        escaped = True
                        continue
                    body.append(byte ^ 0x20 if escaped else byte)
                    escaped = False
                crc = struct.unpack("<I", body[-4:])[0]
                check(zlib.crc32(body[:-4]) == crc, f"bad frame CRC: {stuffed.hex()}")
                return body[0], body[1], bytes(body[2:-4])
        except socket.timeout:
            return None

    def send(self, kind, seq, payload=b""):
        self.sock.sendall(encode_frame(kind, seq, payload))

    def expect_ack(self, seq):
        got = self.frame()
        check(got is not None, f"no ACK for seq {seq}")
        check(got[:2] == (ACK, seq), f"expected ACK {seq}, got {got}")

    def sync(self, seq=0x5A):
        self.send(SYNC, seq)
        self.expect_ack(seq)
        self.tx_seq = 0
        self.device_messages = 0

    def request(self, message, seq=None):
        """Sends one message and waits for its ACK; returns the seq used."""
        seq = self.tx_seq if seq is None else seq
        self.send(DATA | START, seq, message)
        self.expect_ack(seq)
        self.tx_seq = (seq + 1) & 0xFF
        return seq

    def reply(self, drop_first=False):
        """The device's next message, acknowledged. With drop_first the first
        copy is not acknowledged, and the device must send it again."""
        first = self.frame()
        check(first is not None, "no message from the device")
        kind, seq, payload = first
        check(kind == DATA | START, f"expected a DATA frame, got kind {kind:#x}")
        if drop_first:
            again = self.frame(timeout=1.0)
            check(again == first, f"not repeated after a dropped ACK: {again}")
        check(seq == self.device_messages & 0xFF,
              f"device seq {seq}, want {self.device_messages & 0xFF}")
        self.send(ACK, seq)
        self.device_messages += 1
        return parse_from_device(payload)

    def silent(self, seconds=0.3):
        got = self.frame(timeout=seconds)
        check(got is None, f"unexpected frame {got}")

    def error(self, message, code, value=0, expected=0):
        self.request(message)
        number, fields = self.reply()
        check(number == DEVICE_ERROR, f"expected DeviceError, got field {number} {fields}")
        got = (fields.get(1, 0), fields.get(2, 0), fields.get(3, 0))
        check(got == (code, value, expected),
              f"expected DeviceError{{{code}, {value:#x}, {expected:#x}}}, "
              f"got {{{got[0]}, {got[1]:#x}, {got[2]:#x}}}")


def hello(dev, protocol=1):
    dev.request(to_device(HELLO, field_varint(1, protocol)))
    number, fields = dev.reply()
    check(number == DEVICE_HELLO, f"expected DeviceHello, got {number}")
    return fields


def write(dev, address, data):
    return to_device(WRITE_MEMORY, field_varint(1, address) + field_bytes(2, data))


def start(address, length):
    return to_device(START_RUNTIME, field_varint(1, address) + field_varint(2, length))


def load(dev, address, image):
    """Writes `image` as its block: header and code at `address`, the
    relocations after the bss (imageBlockSize)."""
    code_end = 16 + struct.unpack_from("<H", image, 4)[0]
    bss = struct.unpack_from("<H", image, 6)[0]
    for start_, data in ((address, image[:code_end]),
                         (address + code_end + bss, image[code_end:])):
        for offset in range(0, len(data), 240):
            dev.request(write(dev, start_ + offset, data[offset:offset + 240]))


def probe(dev, board):
    _, arch, board_id, clock, (ram_low, ram_high) = BOARDS[board]
    steps = []

    def step(name):
        steps.append(name)
        print(f"  {name}", flush=True)

    step("SYNC is acknowledged")
    dev.sync()

    step("HostHello: DeviceHello repeated until acknowledged")
    hello_seq = dev.request(to_device(HELLO, field_varint(1, 1)))
    number, info = dev.reply(drop_first=True)
    check(number == DEVICE_HELLO, f"expected DeviceHello, got {number}")
    ram_start, ram_end = info.get(5, 0), info.get(6, 0)
    for field, want in ((1, 1), (2, 1), (3, arch), (4, board_id)):
        check(info.get(field) == want, f"DeviceHello field {field}: {info.get(field)}, want {want}")
    check(info.get(8, 0) == 0, "runtime_version must be 0 in the resident stage")
    check(ram_low <= ram_start < ram_end <= ram_high and ram_start % 16 == 0,
          f"RAM [{ram_start:#x}, {ram_end:#x}) outside the board's")
    check(64 <= info.get(7, 0) <= RESIDENT_BUDGET, f"resident_size {info.get(7)}")
    print(f"    RAM [{ram_start:#x}, {ram_end:#x}), resident {info[7]} bytes")

    step("a repeated DATA frame is acknowledged, not delivered again")
    dev.send(DATA | START, hello_seq, to_device(HELLO, field_varint(1, 1)))
    dev.expect_ack(hello_seq)
    dev.silent()

    step("malformed: length beyond the frame -> BAD_MESSAGE")
    dev.error(b"\x09" + field_bytes(HELLO, field_varint(1, 1)), 2)
    step("malformed: truncated varint -> BAD_MESSAGE")
    dev.error(to_device(HELLO, b"\x08\x80"), 2)
    step("Call in the resident stage -> NOT_IN_STAGE")
    dev.error(to_device(CALL, field_varint(1, 3)), 11, CALL, 1)

    step("WriteMemory outside RAM -> BAD_ADDRESS")
    dev.error(write(dev, ram_start - 4, b"abcd"), 12, ram_start - 4, 4)
    dev.error(write(dev, ram_end - 4, b"abcdefgh"), 12, ram_end - 4, 8)
    step("StartRuntime at a misaligned address -> BAD_ADDRESS")
    dev.error(start(ram_start + 4, 32), 12, ram_start + 4, 32)

    good = make_image(arch, DUMP_CODE, relocs=[DUMP_WORD_OFFSET // 4 | 0xFFFF << 16],
                      bss=32)
    step("image with a corrupted byte -> IMAGE_CRC")
    bad = bytearray(good)
    bad[20] ^= 0x01
    load(dev, ram_start, bytes(bad))
    dev.error(start(ram_start, len(bad)), 7, image_crc(bad), image_crc(good))
    step("image with a stub relocation -> IMAGE_RELOC (the resident has no slots)")
    stub_word = (len(DUMP_CODE) + 3) // 4
    stubbed = make_image(arch, DUMP_CODE, relocs=[stub_word], bss=32)
    load(dev, ram_start, stubbed)
    dev.error(start(ram_start, len(stubbed)), 8, 0, 0)
    step("x86-64 image -> IMAGE_ARCH")
    foreign = make_image(6, DUMP_CODE)
    load(dev, ram_start, foreign)
    dev.error(start(ram_start, len(foreign)), 5, 6, arch)

    step("a good image runs with the services table")
    address = ram_start + 64
    load(dev, address, good)
    start_seq = dev.request(start(address, len(good)))
    table = dict(zip(SERVICES_FIELDS,
                     struct.unpack(SERVICES_FORMAT, dev.raw(SERVICES_SIZE))))
    word = struct.unpack("<I", dev.raw(4))[0]
    code_base = address + 16
    check(word == code_base + DUMP_WORD_OFFSET,
          f"relocated word {word:#x}, want {code_base + DUMP_WORD_OFFSET:#x}")
    # The heap starts after code and bss: the relocations are spent.
    block = 16 + len(DUMP_CODE) + 32
    want = {
        "Arch": arch, "Board": board_id, "LastRxSeq": start_seq,
        "NextTxSeq": dev.device_messages & 0xFF, "CoreClockHz": clock,
        "HeapStart": (address + block + 15) & ~15, "HeapEnd": ram_end,
        "ResidentSize": info[7], "RuntimeSize": len(good),
        "RamStart": ram_start, "RamEnd": ram_end,
    }
    for name, value in want.items():
        check(table[name] == value, f"services {name} = {table[name]:#x}, want {value:#x}")
    for name in ("ReadByte", "WriteByte", "Millis", "LoadImage", "SyncCode", "Restart"):
        check(table[name] & 1 and table[name] < RESIDENT_BUDGET,
              f"services {name} = {table[name]:#x}: not a Thumb address in the resident")
    print(f"    heap [{table['HeapStart']:#x}, {table['HeapEnd']:#x})")
    step("the resident answers again after the image returned")
    hello(dev)

    step("HostHello with protocol 2: DeviceHello, then PROTOCOL_MISMATCH")
    check(hello(dev, protocol=2).get(1) == 1, "DeviceHello must carry protocol 1")
    dev.error(write(dev, ram_start, b"x"), 1, 1, 2)
    dev.error(to_device(CALL, b""), 1, 1, 2)
    check(hello(dev).get(1) == 1, "DeviceHello after the mismatch")
    dev.request(write(dev, ram_start, b"x"))
    dev.silent()

    step("SYNC resets sequence numbers: seq 0 is delivered again")
    dev.sync(seq=0x11)
    hello(dev)

    step("an image that faults resets the device into the resident stage")
    crash = make_image(arch, bytes.fromhex("00de00bf"))  # udf #0; nop
    load(dev, ram_start, crash)
    dev.request(start(ram_start, len(crash)))
    time.sleep(0.2)
    dev.sync()
    check(hello(dev).get(2) == 1, "DeviceHello after the fault: not the resident stage")
    return steps


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qemu", default="qemu-system-arm")
    parser.add_argument("--board", choices=sorted(BOARDS), required=True)
    parser.add_argument("--kernel", required=True, help="resident-<board>.elf")
    args = parser.parse_args()

    port = free_port()
    qemu = subprocess.Popen(
        [args.qemu, "-M", BOARDS[args.board][0], "-nographic", "-monitor", "none",
         "-serial", f"tcp:127.0.0.1:{port},server=on,wait=on",
         "-kernel", args.kernel],
        stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=1)
                break
            except OSError:
                if qemu.poll() is not None or time.monotonic() > deadline:
                    print("QEMU did not open its serial port", file=sys.stderr)
                    return 1
                time.sleep(0.1)
        with sock:
            dev = Device(sock)
            print(f"resident probe: {args.board}")
            probe(dev, args.board)
        print("resident probe: all checks passed")
        return 0
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        qemu.terminate()
        try:
            qemu.wait(timeout=5)
        except subprocess.TimeoutExpired:
            qemu.kill()


if __name__ == "__main__":
    sys.exit(main())
