// Scripts compiled for a device core: the top-level entry point, the print
// formats the host needs, diagnostics as one error, the board table.
#include "script.h"

#include "device_runtime/image_format.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

namespace jlremote::host {
namespace {

// A script in a temporary file, removed at the end of the test.
class ScriptFile {
public:
  explicit ScriptFile(llvm::StringRef Text) {
    int Fd;
    EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("script", "jl", Fd, Path));
    llvm::raw_fd_ostream OS(Fd, /*shouldClose=*/true);
    OS << Text;
  }
  ~ScriptFile() { llvm::sys::fs::remove(Path); }
  std::string path() const { return std::string(Path); }

private:
  llvm::SmallString<128> Path;
};

compiler::TargetSpec target(uint8_t Arch) {
  auto Spec = compiler::targetForArch(Arch);
  EXPECT_TRUE(bool(Spec));
  return *Spec;
}

TEST(Script, TopLevelStatementsAndPrintFormats) {
  ScriptFile F("f(x) = 2x\nprintln(\"f = \", f(21))\n");
  auto Script = compileScript(F.path(), target(kArchThumbV7M));
  ASSERT_TRUE(bool(Script)) << llvm::toString(Script.takeError());
  EXPECT_TRUE(Script->hasTopLevel());
  EXPECT_EQ(Script->Target.Arch, kArchThumbV7M);
  ASSERT_EQ(Script->Lowered.Formats.size(), 1u);
  // Whatever pieces the compiler chose, the literal text stays on the host.
  std::string Literal;
  for (const lower::PrintPiece &P : Script->Lowered.Formats[0].Pieces)
    if (P.TheKind == lower::PrintPiece::Literal)
      Literal += P.Text;
  EXPECT_EQ(Literal, "f = \n");
}

TEST(Script, MethodsOnlyHaveNothingToRun) {
  ScriptFile F("f(x) = 2x\n");
  auto Script = compileScript(F.path(), target(kArchX86_64));
  ASSERT_TRUE(bool(Script)) << llvm::toString(Script.takeError());
  EXPECT_FALSE(Script->hasTopLevel());
}

TEST(Script, ErrorsAreTheRenderedDiagnostics) {
  ScriptFile F("x = 1 +\n");
  auto Script = compileScript(F.path(), target(kArchThumbV6M));
  ASSERT_FALSE(bool(Script));
  std::string Text;
  llvm::handleAllErrors(Script.takeError(),
                        [&](const DiagnosticsError &D) { Text = D.text(); });
  // file:line:col, the source line, the caret.
  EXPECT_EQ(Text.rfind(F.path() + ":1:", 0), 0u) << Text;
  EXPECT_NE(Text.find("error: "), std::string::npos) << Text;
  EXPECT_NE(Text.find("\nx = 1 +\n"), std::string::npos) << Text;
  EXPECT_NE(Text.find('^'), std::string::npos) << Text;
}

TEST(Script, UnreadableFileIsAPlainError) {
  auto Script = compileScript("/nonexistent/x.jl", target(kArchThumbV7M));
  ASSERT_FALSE(bool(Script));
  EXPECT_EQ(llvm::toString(Script.takeError()),
            "cannot read /nonexistent/x.jl: No such file or directory");
}

TEST(Script, BoardsNameTheirCores) {
  EXPECT_EQ(*archForBoard("mps2-an385"), kArchThumbV7M);
  EXPECT_EQ(*archForBoard("microbit"), kArchThumbV6M);
  EXPECT_EQ(*archForBoard("posix"), kArchX86_64);
  auto Unknown = archForBoard("pdp11");
  ASSERT_FALSE(bool(Unknown));
  EXPECT_EQ(llvm::toString(Unknown.takeError()),
            "unknown board pdp11 (known: mps2-an385, mps2-an386, mps2-an500, "
            "mps2-an505, microbit, posix)");
}

} // namespace
} // namespace jlremote::host
