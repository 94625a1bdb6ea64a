#!/usr/bin/env python3
"""Checks a resident bootstrapper on an emulated board, without the host daemon.

Starts QEMU with the board's UART on a TCP socket and speaks just enough of
proto/README.md (frames, hand-coded protobuf: tests/wire.py) to exercise the
resident stage:
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
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from wire import (ACK, DATA, HEADER_SIZE, START, SYNC, TO_DEVICE,  # noqa: E402
                  Link, LinkError, delimited, field, from_device, image_crc,
                  make_image, read_delimited, reloc, to_device)

# ---- what each board's resident must say -----------------------------------
BOARDS = {
    # board: (QEMU machine, DeviceHello.arch, DeviceHello.board, core clock,
    #         RAM the resident may advertise)
    "mps2-an385": ("mps2-an385", 2, 1, 25_000_000, (0x20000000, 0x20400000)),
    "microbit": ("microbit", 1, 2, 16_000_000, (0x20000000, 0x20004000)),
}
RESIDENT_BUDGET = 2048


def payload(kind, body=b""):
    """ToDevice{kind: body} as one DATA frame carries it."""
    return delimited(to_device(kind, body))


# Thumb entry points have bit 0 set.
thumb_image = partial(make_image, entry=1)


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


class Device(Link):
    """The host end of the link, strict: each answer must come next."""

    def __init__(self, sock):
        super().__init__(sock)
        self.tx_seq = 0
        self.device_messages = 0  # acknowledged since the last SYNC

    def expect_ack(self, seq):
        got = self.frame()
        check(got is not None, f"no ACK for seq {seq}")
        check(got[:2] == (ACK, seq), f"expected ACK {seq}, got {got}")

    def sync(self, seq=0x5A):
        self.send_frame(SYNC, seq)
        self.expect_ack(seq)
        self.tx_seq = 0
        self.device_messages = 0

    def request(self, message, seq=None):
        """Sends one message and waits for its ACK; returns the seq used."""
        seq = self.tx_seq if seq is None else seq
        self.send_frame(DATA | START, seq, message)
        self.expect_ack(seq)
        self.tx_seq = (seq + 1) & 0xFF
        return seq

    def reply(self, drop_first=False):
        """The device's next message, acknowledged. With drop_first the first
        copy is not acknowledged, and the device must send it again."""
        first = self.frame()
        check(first is not None, "no message from the device")
        kind, seq, data = first
        check(kind == DATA | START, f"expected a DATA frame, got kind {kind:#x}")
        if drop_first:
            again = self.frame(timeout=1.0)
            check(again == first, f"not repeated after a dropped ACK: {again}")
        check(seq == self.device_messages & 0xFF,
              f"device seq {seq}, want {self.device_messages & 0xFF}")
        self.send_frame(ACK, seq)
        self.device_messages += 1
        message = read_delimited(data)
        check(message is not None, f"message length beyond its frame: {data.hex()}")
        return from_device(message)

    def silent(self, seconds=0.3):
        got = self.frame(timeout=seconds)
        check(got is None, f"unexpected frame {got}")

    def error(self, message, code, value=0, expected=0):
        self.request(message)
        kind, fields = self.reply()
        check(kind == "error", f"expected DeviceError, got {kind} {fields}")
        got = (fields.get("code", 0), fields.get("value", 0), fields.get("expected", 0))
        check(got == (code, value, expected),
              f"expected DeviceError{{{code}, {value:#x}, {expected:#x}}}, "
              f"got {{{got[0]}, {got[1]:#x}, {got[2]:#x}}}")


def hello(dev, protocol=1):
    dev.request(payload("hello", field(1, protocol)))
    kind, fields = dev.reply()
    check(kind == "hello", f"expected DeviceHello, got {kind}")
    return fields


def write(address, data):
    return payload("write_memory", field(1, address) + field(2, data))


def start(address, length):
    return payload("start_runtime", field(1, address) + field(2, length))


def load(dev, address, image):
    """Writes `image` as its block: header and code at `address`, the
    relocations after the bss (imageBlockSize)."""
    code_end = HEADER_SIZE + struct.unpack_from("<H", image, 4)[0]
    bss = struct.unpack_from("<H", image, 6)[0]
    for start_, data in ((address, image[:code_end]),
                         (address + code_end + bss, image[code_end:])):
        for offset in range(0, len(data), 240):
            dev.request(write(start_ + offset, data[offset:offset + 240]))


def probe(dev, board):
    _, arch, board_id, clock, (ram_low, ram_high) = BOARDS[board]
    steps = []

    def step(name):
        steps.append(name)
        print(f"  {name}", flush=True)

    step("SYNC is acknowledged")
    dev.sync()

    step("HostHello: DeviceHello repeated until acknowledged")
    hello_seq = dev.request(payload("hello", field(1, 1)))
    kind, info = dev.reply(drop_first=True)
    check(kind == "hello", f"expected DeviceHello, got {kind}")
    ram_start, ram_end = info.get("ram_start", 0), info.get("ram_end", 0)
    for name, want in (("protocol", 1), ("stage", 1), ("arch", arch), ("board", board_id)):
        check(info.get(name) == want, f"DeviceHello {name}: {info.get(name)}, want {want}")
    check(info.get("runtime_version", 0) == 0,
          "runtime_version must be 0 in the resident stage")
    check(ram_low <= ram_start < ram_end <= ram_high and ram_start % 16 == 0,
          f"RAM [{ram_start:#x}, {ram_end:#x}) outside the board's")
    resident_size = info.get("resident_size", 0)
    check(64 <= resident_size <= RESIDENT_BUDGET, f"resident_size {resident_size}")
    print(f"    RAM [{ram_start:#x}, {ram_end:#x}), resident {resident_size} bytes")

    step("a repeated DATA frame is acknowledged, not delivered again")
    dev.send_frame(DATA | START, hello_seq, payload("hello", field(1, 1)))
    dev.expect_ack(hello_seq)
    dev.silent()

    step("malformed: length beyond the frame -> BAD_MESSAGE")
    dev.error(b"\x09" + to_device("hello", field(1, 1)), 2)
    step("malformed: truncated varint -> BAD_MESSAGE")
    dev.error(payload("hello", b"\x08\x80"), 2)
    step("Call in the resident stage -> NOT_IN_STAGE")
    dev.error(payload("call", field(1, 3)), 11, TO_DEVICE["call"], 1)

    step("WriteMemory outside RAM -> BAD_ADDRESS")
    dev.error(write(ram_start - 4, b"abcd"), 12, ram_start - 4, 4)
    dev.error(write(ram_end - 4, b"abcdefgh"), 12, ram_end - 4, 8)
    step("StartRuntime at a misaligned address -> BAD_ADDRESS")
    dev.error(start(ram_start + 4, 32), 12, ram_start + 4, 32)

    good = thumb_image(DUMP_CODE, arch=arch, relocs=[reloc(DUMP_WORD_OFFSET // 4)],
                       bss=32)
    step("image with a corrupted byte -> IMAGE_CRC")
    bad = bytearray(good)
    bad[20] ^= 0x01
    load(dev, ram_start, bytes(bad))
    dev.error(start(ram_start, len(bad)), 7, image_crc(bad), image_crc(good))
    step("image with a stub relocation -> IMAGE_RELOC (the resident has no slots)")
    stub_word = (len(DUMP_CODE) + 3) // 4
    stubbed = thumb_image(DUMP_CODE, arch=arch, relocs=[reloc(stub_word, 0)], bss=32)
    load(dev, ram_start, stubbed)
    dev.error(start(ram_start, len(stubbed)), 8, 0, 0)
    step("x86-64 image -> IMAGE_ARCH")
    foreign = thumb_image(DUMP_CODE, arch=6)
    load(dev, ram_start, foreign)
    dev.error(start(ram_start, len(foreign)), 5, 6, arch)

    step("a good image runs with the services table")
    address = ram_start + 64
    load(dev, address, good)
    start_seq = dev.request(start(address, len(good)))
    table = dict(zip(SERVICES_FIELDS,
                     struct.unpack(SERVICES_FORMAT, dev.raw(SERVICES_SIZE))))
    word = struct.unpack("<I", dev.raw(4))[0]
    code_base = address + HEADER_SIZE
    check(word == code_base + DUMP_WORD_OFFSET,
          f"relocated word {word:#x}, want {code_base + DUMP_WORD_OFFSET:#x}")
    # The heap starts after code and bss: the relocations are spent.
    block = HEADER_SIZE + len(DUMP_CODE) + 32
    want = {
        "Arch": arch, "Board": board_id, "LastRxSeq": start_seq,
        "NextTxSeq": dev.device_messages & 0xFF, "CoreClockHz": clock,
        "HeapStart": (address + block + 15) & ~15, "HeapEnd": ram_end,
        "ResidentSize": resident_size, "RuntimeSize": len(good),
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
    check(hello(dev, protocol=2).get("protocol") == 1, "DeviceHello must carry protocol 1")
    dev.error(write(ram_start, b"x"), 1, 1, 2)
    dev.error(payload("call"), 1, 1, 2)
    check(hello(dev).get("protocol") == 1, "DeviceHello after the mismatch")
    dev.request(write(ram_start, b"x"))
    dev.silent()

    step("SYNC resets sequence numbers: seq 0 is delivered again")
    dev.sync(seq=0x11)
    hello(dev)

    step("an image that faults resets the device into the resident stage")
    crash = thumb_image(bytes.fromhex("00de00bf"), arch=arch)  # udf #0; nop
    load(dev, ram_start, crash)
    dev.request(start(ram_start, len(crash)))
    time.sleep(0.2)
    dev.sync()
    check(hello(dev).get("stage") == 1, "DeviceHello after the fault: not the resident stage")
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
    except (Failure, LinkError) as failure:
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
