#include "compiler/frontend/source.h"

#include <algorithm>

namespace jlremote::frontend {

Source::Source(std::string Name, std::string Text)
    : Name(std::move(Name)), Text(std::move(Text)) {
  LineStarts.push_back(0);
  for (uint32_t I = 0; I < this->Text.size(); ++I)
    if (this->Text[I] == '\n')
      LineStarts.push_back(I + 1);
}

uint32_t countCodePoints(std::string_view Utf8) {
  return static_cast<uint32_t>(
      std::count_if(Utf8.begin(), Utf8.end(), [](char C) {
        return (static_cast<unsigned char>(C) & 0xC0) != 0x80;
      }));
}

LineColumn Source::lineColumn(uint32_t Offset) const {
  Offset = std::min(Offset, size());
  auto It = std::upper_bound(LineStarts.begin(), LineStarts.end(), Offset);
  uint32_t Line = static_cast<uint32_t>(It - LineStarts.begin());
  uint32_t Start = LineStarts[Line - 1];
  std::string_view Before(Text.data() + Start, Offset - Start);
  return {Line, countCodePoints(Before) + 1};
}

std::string_view Source::lineText(uint32_t Line) const {
  if (Line == 0 || Line > LineStarts.size())
    return {};
  uint32_t Start = LineStarts[Line - 1];
  uint32_t End = Line < LineStarts.size() ? LineStarts[Line] - 1 : size();
  if (End > Start && Text[End - 1] == '\r')
    --End;
  return std::string_view(Text).substr(Start, End - Start);
}

} // namespace jlremote::frontend
