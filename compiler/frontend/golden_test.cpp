// Every testdata/*.jl parses to exactly its checked-in testdata/*.ast (the
// dump, then any diagnostics). JLREMOTE_UPDATE_GOLDEN=1 rewrites the .ast
// files instead; review the diff before committing.
#include "compiler/frontend/ast_dump.h"
#include "compiler/frontend/parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace jlremote::frontend {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path &Path) {
  std::ifstream In(Path, std::ios::binary);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

std::vector<fs::path> goldenPrograms() {
  std::vector<fs::path> Paths;
  for (const auto &Entry : fs::directory_iterator(JLREMOTE_FRONTEND_TESTDATA))
    if (Entry.path().extension() == ".jl")
      Paths.push_back(Entry.path());
  std::sort(Paths.begin(), Paths.end());
  return Paths;
}

TEST(GoldenTest, ProgramsParseToTheirCheckedInDumps) {
  std::vector<fs::path> Programs = goldenPrograms();
  ASSERT_GE(Programs.size(), 8u) << "testdata went missing";
  bool Update = std::getenv("JLREMOTE_UPDATE_GOLDEN") != nullptr &&
                std::string(std::getenv("JLREMOTE_UPDATE_GOLDEN")) == "1";
  for (const fs::path &Program : Programs) {
    SCOPED_TRACE(Program.filename().string());
    Source Src(Program.filename().string(), readFile(Program));
    Diagnostics Diags(Src);
    BlockPtr Tree = parseFile(Src, Diags);
    std::string Actual = dumpAst(*Tree);
    if (!Diags.all().empty())
      Actual += "--- diagnostics\n" + Diags.renderAll();
    fs::path Expected = fs::path(Program).replace_extension(".ast");
    if (Update) {
      std::ofstream(Expected, std::ios::binary) << Actual;
      continue;
    }
    ASSERT_TRUE(fs::exists(Expected))
        << Expected << " is missing; run with JLREMOTE_UPDATE_GOLDEN=1";
    EXPECT_EQ(readFile(Expected), Actual);
  }
}

} // namespace
} // namespace jlremote::frontend
