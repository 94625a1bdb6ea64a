// libFuzzer target: any input parses without crashing, every error is a
// diagnostic at a valid position, and the dump of whatever tree came out
// works.
#include "compiler/frontend/ast_dump.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/parser.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace jlremote::frontend;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  Source Src("fuzz.jl",
             std::string(reinterpret_cast<const char *>(Data), Size));
  Diagnostics Diags(Src);
  BlockPtr Tree = parseFile(Src, Diags);
  if (!Tree)
    std::abort();
  for (const Diagnostic &D : Diags.all()) {
    if (D.Range.Begin > D.Range.End || D.Range.End > Src.size() ||
        D.Message.empty())
      std::abort();
    LineColumn At = Src.lineColumn(D.Range.Begin);
    if (At.Line < 1 || At.Column < 1)
      std::abort();
    // Exactly three lines: header, source line, caret line.
    std::string Text = Diags.render(D);
    if (Text.rfind(Src.name() + ":", 0) != 0)
      std::abort();
  }
  (void)dumpAst(*Tree, &Src);
  return 0;
}
