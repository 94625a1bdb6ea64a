// libFuzzer target, built for the host: the resident's hand-written protobuf
// reader on any bytes. It must never read outside its input, and what it
// accepts must agree with libprotobuf reading the same bytes as a
// WriteMemory (field 1 varint, field 2 bytes).
#include "protobuf.h"

#include "jlremote.pb.h"

#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  // An exact copy, so that ASan sees a read one past the end.
  std::vector<uint8_t> Input(Data, Data + Size);
  jlremote::protobuf::Reader Reader{Input.data(), Input.data() + Size, 0};
  jlremote::protobuf::Fields Fields;
  if (!jlremote::protobuf::parseFields(Reader, Fields))
    return 0;
  if (Fields.Bytes && (Fields.Bytes < Input.data() ||
                       Fields.Bytes + Fields.BytesSize > Input.data() + Size))
    abort();
  jlremote::WriteMemory Reference;
  if (!Reference.ParseFromArray(Input.data(), int(Size)))
    abort(); // the resident took what protobuf calls malformed
  // Where both read the same field with the same wire type, they agree.
  // (protobuf keeps the low 32 bits of a longer varint; the resident reads
  // at most 5 bytes, so it refuses those rather than truncating.)
  if (Fields.Varint[1] != Reference.address())
    abort();
  if (Fields.Bytes &&
      (Reference.data().size() != Fields.BytesSize ||
       memcmp(Reference.data().data(), Fields.Bytes, Fields.BytesSize) != 0))
    abort();
  return 0;
}
