// Diagnostics are collected, not thrown: every stage reports what it finds
// and keeps going, so one run shows several errors. Rendered like Julia and
// clang: `file.jl:LINE:COL: error: MESSAGE`, the source line, a caret line.
#ifndef JLREMOTE_COMPILER_FRONTEND_DIAGNOSTICS_H
#define JLREMOTE_COMPILER_FRONTEND_DIAGNOSTICS_H

#include "compiler/frontend/source.h"

#include <string>
#include <vector>

namespace jlremote::frontend {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity Level;
  SourceRange Range;
  std::string Message;
};

class Diagnostics {
public:
  explicit Diagnostics(const Source &Src) : Src(Src) {}

  void error(SourceRange Range, std::string Message);
  void warning(SourceRange Range, std::string Message);
  void note(SourceRange Range, std::string Message);

  const std::vector<Diagnostic> &all() const { return List; }
  unsigned errorCount() const { return Errors; }
  bool hasErrors() const { return Errors != 0; }
  const Source &source() const { return Src; }

  /// Orders diagnostics by position (stable), e.g. after the lexer reported
  /// its errors for a whole file ahead of the parser's.
  void sortByPosition();

  /// One diagnostic: header line, source line, caret line (each ending in
  /// '\n'). The caret sits under the range's first character and `~` marks
  /// the rest of the range on that line.
  std::string render(const Diagnostic &D) const;
  /// All diagnostics in the order they were reported.
  std::string renderAll() const;

private:
  void add(Severity Level, SourceRange Range, std::string Message);

  const Source &Src;
  std::vector<Diagnostic> List;
  unsigned Errors = 0;
};

} // namespace jlremote::frontend

#endif
