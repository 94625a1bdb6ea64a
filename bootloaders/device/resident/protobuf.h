// The few protobuf pieces the resident needs, written out by hand (nanopb is
// too large to be resident): varints and length-delimited fields. Every read
// is bounds-checked; a reader that ran off its end stays Bad.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote::protobuf {

constexpr uint32_t kWireVarint = 0;
constexpr uint32_t kWireLength = 2;

struct Reader {
  const uint8_t *Next;
  const uint8_t *End;
  uint32_t Bad; // nonzero once a read ran off the end (a word: cheaper to test)

  size_t remaining() const { return size_t(End - Next); }

  // A varint of at most 32 bits (5 bytes).
  uint32_t varint() {
    uint32_t Value = 0;
    for (unsigned Shift = 0; Shift < 35; Shift += 7) {
      if (Next == End)
        break;
      const uint8_t Byte = *Next++;
      Value |= uint32_t(Byte & 0x7F) << Shift;
      if (!(Byte & 0x80))
        return Value;
    }
    Bad = 1;
    return 0;
  }
};

// The fields of the resident's requests (HostHello, WriteMemory,
// StartRuntime): varint fields 1 and 2, and bytes field 2 (WriteMemory.data).
// Other varint and bytes fields are skipped, as protobuf wants; the
// fixed-size wire types, which no request uses, are refused.
struct Fields {
  uint32_t Varint[3]; // by field number; [0] unused
  const uint8_t *Bytes;
  uint32_t BytesSize;
};

// Parses the rest of `reader` into `fields`; false if it is malformed.
[[nodiscard]] inline bool parseFields(Reader &reader, Fields &fields) {
  fields.Varint[1] = fields.Varint[2] = 0;
  fields.Bytes = nullptr;
  fields.BytesSize = 0;
  while (reader.remaining() && !reader.Bad) {
    const uint32_t Key = reader.varint();
    const uint32_t Number = Key >> 3;
    const uint32_t Value = reader.varint();
    if (Number == 0)
      return false; // no field has number 0 (found by protobuf_fuzz)
    if ((Key & 7) == kWireVarint) {
      if (Number < 3)
        fields.Varint[Number] = Value;
    } else if ((Key & 7) == kWireLength && Value <= reader.remaining()) {
      if (Number == 2) {
        fields.Bytes = reader.Next;
        fields.BytesSize = Value;
      }
      reader.Next += Value;
    } else {
      return false;
    }
  }
  return !reader.Bad;
}

// Writes varints forward from `Next`; the caller sizes the buffer.
struct Writer {
  uint8_t *Next;

  void varint(uint32_t value) {
    while (value >= 0x80) {
      *Next++ = uint8_t(value | 0x80);
      value >>= 7;
    }
    *Next++ = uint8_t(value);
  }
  // A varint field numbered below 16 (a one-byte key); zero is the default
  // and is left out, as protobuf does.
  void field(uint32_t number, uint32_t value) {
    if (value) {
      *Next++ = uint8_t(number << 3 | kWireVarint);
      varint(value);
    }
  }
};

} // namespace jlremote::protobuf
