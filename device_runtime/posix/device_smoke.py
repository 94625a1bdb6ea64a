#!/usr/bin/env python3
"""End-to-end check of jlremote-device-posix with a host written from the
specs alone (proto/frame.h, proto/jlremote.proto, image_format.h): frames and
protobuf are encoded by hand (tests/wire.py), images are hand-assembled x86-64.

usage: device_smoke.py path/to/jlremote-device-posix
"""
import os
import select
import socket
import struct
import subprocess
import sys
import time
import tty
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from wire import (ACK, ARCH_X86_64, DATA, START, SYNC, Link,  # noqa: E402
                  delimited, field, from_device, make_image, packed,
                  read_delimited, reloc, to_device)

# ---- the host's side of the link ---------------------------------------------


class Host(Link):
    """A forgiving host: acknowledges every DATA frame, drops repeats, joins
    a message's frames, and sends each of its own until acknowledged."""

    def __init__(self, sock):
        super().__init__(sock)
        self.frames = []
        self.seq = 0
        self.last_rx = None
        self.rx = bytearray()       # bytes of the message being received
        self.messages = []          # complete messages from the device

    def _pump(self, timeout):
        got = self.frame(timeout)
        if got is None:
            return
        kind, seq, payload = got
        if kind & 3 == DATA:
            self.send_frame(ACK, seq)
            if seq != self.last_rx:
                self.last_rx = seq
                self._data(kind, payload)
        else:
            self.frames.append((kind, seq))

    def _data(self, kind, payload):
        if kind & START:
            self.rx = bytearray()
        self.rx += payload
        message = read_delimited(self.rx)
        if message is not None:
            self.messages.append(message)
            self.rx = bytearray()

    def _await_ack(self, seq, deadline):
        while time.monotonic() < deadline:
            for f in self.frames:
                if f == (ACK, seq):
                    self.frames.remove(f)
                    return True
            self._pump(0.05)
        return False

    def sync(self):
        self.frames, self.last_rx, self.seq = [], None, 0
        for _ in range(20):
            self.send_frame(SYNC, 0x5A)
            if self._await_ack(0x5A, time.monotonic() + 0.3):
                # What came before the ACK (the hello the runtime sends
                # unasked, seq 0) is the old session: the next seq 0 is new.
                self.messages, self.last_rx = [], None
                return
        raise AssertionError("no ACK for SYNC")

    def send(self, message):
        data = delimited(message)
        for n, i in enumerate(range(0, len(data), 256)):
            kind = DATA | (START if n == 0 else 0)
            for _ in range(50):
                self.send_frame(kind, self.seq, data[i:i + 256])
                if self._await_ack(self.seq, time.monotonic() + 0.3):
                    break
            else:
                raise AssertionError("no ACK for frame %d" % self.seq)
            self.seq = (self.seq + 1) & 0xFF

    def receive(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        while not self.messages:
            if time.monotonic() > deadline:
                raise AssertionError("no message from the device")
            self._pump(0.05)
        return from_device(self.messages.pop(0))

    def request(self, kind, body=b""):
        self.send(to_device(kind, body))
        return self.receive()

    def expect_silence(self, seconds=0.3):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._pump(0.05)
        assert not self.messages, self.messages


# ---- images ----------------------------------------------------------------


image = partial(make_image, arch=ARCH_X86_64)


def load_image(slot, img, exports=()):
    body = field(1, slot)
    for s, off in exports:
        body += field(2, field(1, s) + field(2, off))
    return to_device("load_image", body + field(3, img))


def call(slot, gp=(), fp=(), stack=()):
    return to_device("call", field(1, slot) + packed(2, gp) + packed(3, fp) +
                     packed(4, stack))


ADD = bytes.fromhex("8d0437c3")            # lea eax,[rdi+rsi]; ret
TRIPLE = bytes.fromhex("8d047fc3")         # lea eax,[rdi+rdi*2]; ret
ZERO = bytes.fromhex("31c0c3") + bytes(13)  # xor eax,eax; ret
# f(x) = g(x) + 1 with g in another slot, called through the stub the device
# writes at the start of the bss (byte 24: a stub relocation for that slot).
CALLER = bytes.fromhex(
    "4883ec08"          # sub rsp,8
    "e80f000000"        # call 24            (the stub)
    "83c001"            # add eax,1
    "4883c408"          # add rsp,8
    "c3" "cccccccccccccc")
STACK7 = bytes.fromhex("488b442408c3")     # mov rax,[rsp+8]; ret (7th arg)
ADDSD = bytes.fromhex("f20f58c1c3")        # addsd xmm0,xmm1; ret
TWO = bytes.fromhex("8d4701c3") + bytes(12) + bytes.fromhex("8d47ffc3")


# A slot for images: those below 41 are the runtime's own on x86-64
# (device_runtime/runtime_slots.h: jlremote_print, then the C library's math
# functions), filled when it starts.
F = 64


def expect(got, kind, **fields):
    assert got[0] == kind, "expected %s, got %s" % (kind, got)
    for k, v in fields.items():
        assert got[1].get(k, 0) == v, "%s.%s = %s, expected %s" % (
            kind, k, got[1].get(k, 0), v)
    return got[1]


def session(host):
    host.sync()
    r, nxt = host.request, host.receive
    expect(r("hello", field(1, 1)), "hello", protocol=1, stage=2, arch=6,
           board=100, runtime_version=1)
    return r, nxt


def run_checks(host):
    r, nxt = session(host)
    info0 = expect(r("info"), "info", arch=6, board=100, slot_count=512,
                   slots_loaded=0, runtime_version=1, protocol=1)
    assert info0["heap_size"] > 1000000 and info0["heap_free"] > 1000000, info0

    # Load on demand, then call directly.
    host.send(call(F, gp=[40, 2]))
    expect(nxt(), "load_request", slot=F)
    host.send(load_image(F, image(ADD)))
    expect(nxt(), "call_result", gp0=42, images_loaded=1)
    expect(r("call", field(1, F) + packed(2, [5, 6])), "call_result", gp0=11,
           images_loaded=0)

    # A call from one image into another goes through the resolver.
    host.send(call(F + 1, gp=[7]))
    expect(nxt(), "load_request", slot=F + 1)
    host.send(load_image(F + 1,
                         image(CALLER, relocs=[reloc(3, F + 2)], bss=16)))
    expect(nxt(), "load_request", slot=F + 2)
    host.send(load_image(F + 2, image(TRIPLE)))
    expect(nxt(), "call_result", gp0=22, images_loaded=2)

    # Stack words and float registers.
    host.send(call(F + 3, gp=[1, 2, 3, 4, 5, 6], stack=[77]))
    expect(nxt(), "load_request", slot=F + 3)
    host.send(load_image(F + 3, image(STACK7)))
    expect(nxt(), "call_result", gp0=77)
    bits = lambda x: struct.unpack("<Q", struct.pack("<d", x))[0]
    host.send(call(F + 4, fp=[bits(1.5), bits(2.25)]))
    expect(nxt(), "load_request", slot=F + 4)
    host.send(load_image(F + 4, image(ADDSD)))
    expect(nxt(), "call_result", fp0=bits(3.75))

    # Exports: one image fills two slots.
    host.send(call(F + 5, gp=[10]))
    expect(nxt(), "load_request", slot=F + 5)
    host.send(load_image(F + 5, image(TWO), exports=[(F + 6, 16)]))
    expect(nxt(), "call_result", gp0=11)
    expect(r("call", field(1, F + 6) + packed(2, [10])), "call_result", gp0=9,
           images_loaded=0)

    # A refused image ends the call; slots and heap are as they were.
    before = expect(r("info"), "info")
    host.send(call(F + 7, gp=[1, 2]))
    expect(nxt(), "load_request", slot=F + 7)
    bad = bytearray(image(ADD))
    bad[17] ^= 0xFF
    host.send(load_image(F + 7, bytes(bad)))
    err = expect(nxt(), "error", code=7, slot=F + 7)
    assert err["expected"] == struct.unpack("<I", bad[12:16])[0], err
    for img, code, value, expected in [
            (image(ADD, arch=2), 5, 2, 6),
            (image(ADD, magic=b"XL"), 3, 0x4C58, 0x4C4A),
            (image(ADD, version=9), 4, 9, 2),
            (image(ZERO, relocs=[reloc(0, 5)], bss=16), 8, 0, 0),
            (image(ZERO, relocs=[reloc(2, 600)], bss=16), 8, 0, 600)]:
        host.send(call(F + 7, gp=[1, 2]))
        expect(nxt(), "load_request", slot=F + 7)
        host.send(load_image(F + 7, img))
        expect(nxt(), "error", code=code, value=value, expected=expected,
               slot=F + 7)
    host.send(call(F + 7, gp=[1, 2]))
    expect(nxt(), "load_request", slot=F + 7)
    host.send(load_image(F + 7, image(ADD), exports=[(700, 0)]))
    expect(nxt(), "error", code=10, value=700, expected=512, slot=F + 7)
    after = expect(r("info"), "info")
    assert (after["slots_loaded"], after["heap_free"]) == (
        before["slots_loaded"], before["heap_free"]), (before, after)
    host.send(call(F + 7, gp=[1, 2]))
    expect(nxt(), "load_request", slot=F + 7)
    host.send(load_image(F + 7, image(ADD)))
    expect(nxt(), "call_result", gp0=3, images_loaded=1)

    # Requests outside their stage or order.
    expect(r("write_memory", field(1, 0)), "error", code=11, value=2,
           expected=2)
    expect(r("start_runtime"), "error", code=11, value=3, expected=2)
    expect(r("load_image", field(1, F) + field(3, image(ADD))), "error",
           code=2, value=4)
    expect(r("call", field(1, 512)), "error", code=10, value=512,
           expected=512)
    expect(r("call", field(1, F) + packed(2, range(7))), "error", code=2)

    # Images with a 64 KB bss: the 1 MiB heap holds about 15 of them. Past
    # that a load evicts the idle ones (no stack word points into them), and
    # a call to an evicted slot fetches its image again.
    def call_zero(slot):
        host.send(call(slot))
        expect(nxt(), "load_request", slot=slot)
        host.send(load_image(slot, image(ZERO, bss=65535)))
        expect(nxt(), "call_result", gp0=0, images_loaded=1)
    for slot in range(100, 130):
        call_zero(slot)
    full = expect(r("info"), "info")
    assert full["slots_loaded"] < before["slots_loaded"] + 30, full
    call_zero(100)
    full = expect(r("info"), "info")

    # SYNC in the middle of a call abandons it.
    host.send(call(F + 17))
    expect(nxt(), "load_request", slot=F + 17)
    r, nxt = session(host)
    expect(r("info"), "info", slots_loaded=full["slots_loaded"])

    # Another protocol: refused until the host speaks ours.
    expect(r("hello", field(1, 2)), "hello", protocol=1)
    expect(r("info"), "error", code=1, value=1, expected=2)
    expect(r("hello", field(1, 1)), "hello", protocol=1)

    # Reset drops every image.
    host.send(to_device("reset"))
    host.expect_silence()
    expect(r("info"), "info", slots_loaded=0, heap_free=info0["heap_free"])
    expect(r("call", field(1, F) + packed(2, [1, 1])), "load_request", slot=F)
    host.send(load_image(F, image(ADD)))
    expect(nxt(), "call_result", gp0=2)


def main():
    device = sys.argv[1]
    proc = subprocess.Popen([device, "--tcp", "0"], stdout=subprocess.PIPE)
    try:
        line = proc.stdout.readline().decode()
        assert line.startswith("tcp 127.0.0.1:"), line
        port = int(line.split(":")[1])
        with socket.create_connection(("127.0.0.1", port)) as s:
            host = Host(s)
            run_checks(host)
            slots = expect(host.request("info"), "info")["slots_loaded"]
            assert slots == 1
        # A new connection finds a fresh device.
        with socket.create_connection(("127.0.0.1", port)) as s:
            host = Host(s)
            r, _ = session(host)
            expect(r("info"), "info", slots_loaded=0)
    finally:
        proc.kill()
        proc.wait()

    proc = subprocess.Popen([device, "--pty"], stdout=subprocess.PIPE)
    try:
        line = proc.stdout.readline().decode().split()
        assert line[0] == "pty", line
        fd = os.open(line[1], os.O_RDWR | os.O_NOCTTY)
        tty.setraw(fd)
        host = Host(PtySocket(fd))
        r, nxt = session(host)
        expect(r("info"), "info", slot_count=512)
        host.send(call(F, gp=[20, 22]))
        expect(nxt(), "load_request", slot=F)
        host.send(load_image(F, image(ADD)))
        expect(nxt(), "call_result", gp0=42, images_loaded=1)
        os.close(fd)
    finally:
        proc.kill()
        proc.wait()
    print("posix device: all checks passed")


class PtySocket:
    """The few socket methods Host uses, over a pty file descriptor."""

    def __init__(self, fd):
        self.fd, self.timeout = fd, None

    def settimeout(self, t):
        self.timeout = t

    def recv(self, n):
        if not select.select([self.fd], [], [], self.timeout)[0]:
            raise socket.timeout()
        return os.read(self.fd, n)

    def sendall(self, data):
        while data:
            data = data[os.write(self.fd, data):]


if __name__ == "__main__":
    main()
