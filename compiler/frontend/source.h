// A source file held in memory, with the mapping from byte offsets to the
// line and column numbers that diagnostics print.
#ifndef JLREMOTE_COMPILER_FRONTEND_SOURCE_H
#define JLREMOTE_COMPILER_FRONTEND_SOURCE_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jlremote::frontend {

/// A half-open byte range [Begin, End) in one source buffer.
struct SourceRange {
  uint32_t Begin = 0;
  uint32_t End = 0;
};

/// 1-based line and column. Columns count Unicode code points, as Julia does
/// (`θ` is one column although it is two bytes).
struct LineColumn {
  uint32_t Line = 1;
  uint32_t Column = 1;
};

class Source {
public:
  Source(std::string Name, std::string Text);

  const std::string &name() const { return Name; }
  std::string_view text() const { return Text; }
  uint32_t size() const { return static_cast<uint32_t>(Text.size()); }

  /// Offsets past the end map to the position just after the last byte.
  LineColumn lineColumn(uint32_t Offset) const;
  /// The text of a 1-based line, without its line terminator.
  std::string_view lineText(uint32_t Line) const;

private:
  std::string Name;
  std::string Text;
  std::vector<uint32_t> LineStarts;
};

/// Number of code points in a UTF-8 string (continuation bytes not counted).
uint32_t countCodePoints(std::string_view Utf8);

} // namespace jlremote::frontend

#endif
