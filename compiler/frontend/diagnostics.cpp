#include "compiler/frontend/diagnostics.h"

#include <algorithm>
#include <utility>

namespace jlremote::frontend {

void Diagnostics::add(Severity Level, SourceRange Range, std::string Message) {
  // Clamp so that a stage with a bad range still renders a valid position.
  Range.Begin = std::min(Range.Begin, Src.size());
  Range.End = std::clamp(Range.End, Range.Begin, Src.size());
  if (Level == Severity::Error)
    ++Errors;
  List.push_back({Level, Range, std::move(Message)});
}

void Diagnostics::error(SourceRange Range, std::string Message) {
  add(Severity::Error, Range, std::move(Message));
}
void Diagnostics::warning(SourceRange Range, std::string Message) {
  add(Severity::Warning, Range, std::move(Message));
}
void Diagnostics::note(SourceRange Range, std::string Message) {
  add(Severity::Note, Range, std::move(Message));
}

void Diagnostics::sortByPosition() {
  // Stable by construction (ties keep report order); std::stable_sort trips
  // a deprecation warning in this libstdc++.
  std::vector<size_t> Order(List.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  std::sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    return std::pair(List[A].Range.Begin, A) <
           std::pair(List[B].Range.Begin, B);
  });
  std::vector<Diagnostic> Sorted;
  Sorted.reserve(List.size());
  for (size_t I : Order)
    Sorted.push_back(std::move(List[I]));
  List = std::move(Sorted);
}

static const char *severityName(Severity Level) {
  switch (Level) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

std::string Diagnostics::render(const Diagnostic &D) const {
  LineColumn Start = Src.lineColumn(D.Range.Begin);
  std::string Out = Src.name() + ":" + std::to_string(Start.Line) + ":" +
                    std::to_string(Start.Column) + ": " +
                    severityName(D.Level) + ": " + D.Message + "\n";
  std::string_view Line = Src.lineText(Start.Line);
  Out.append(Line);
  Out += '\n';
  // Tabs are copied so the caret lines up however the terminal shows them.
  uint32_t LineStart = static_cast<uint32_t>(Line.data() - Src.text().data());
  for (uint32_t I = LineStart; I < D.Range.Begin; ++I) {
    unsigned char C = static_cast<unsigned char>(Src.text()[I]);
    if ((C & 0xC0) == 0x80)
      continue;
    Out += C == '\t' ? '\t' : ' ';
  }
  Out += '^';
  uint32_t LineEnd = LineStart + static_cast<uint32_t>(Line.size());
  uint32_t RangeEnd = std::min(D.Range.End, LineEnd);
  for (uint32_t I = D.Range.Begin + 1; I < RangeEnd; ++I)
    if ((static_cast<unsigned char>(Src.text()[I]) & 0xC0) != 0x80)
      Out += '~';
  Out += '\n';
  return Out;
}

std::string Diagnostics::renderAll() const {
  // In source order: lowering reports per specialisation, not per line.
  std::vector<std::pair<uint32_t, size_t>> Order; // position, report order
  for (size_t K = 0; K < List.size(); ++K)
    Order.push_back({List[K].Range.Begin, K});
  std::sort(Order.begin(), Order.end());
  std::string Out;
  for (const auto &[Begin, K] : Order)
    Out += render(List[K]);
  return Out;
}

} // namespace jlremote::frontend
