// Compiles small Julia programs to IR, verifies it and runs it on the host
// through LLVM's ORC JIT (x86-64 target spec); the Thumb spec is checked on
// the IR alone.
#include "compiler/lower/lower.h"

#include "compiler/frontend/parser.h"
#include "device_runtime/image_format.h"

#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include <cmath>
#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

using namespace jlremote;
using namespace jlremote::lower;

namespace {

const JType Int64T{Int64Bit}, Int32T{Int32Bit}, Float64T{Float64Bit},
    Float32T{Float32Bit}, BoolT{BoolBit};

struct Entry {
  std::string Name;
  std::vector<JType> Args;
};

// One compiled program: the source, its diagnostics and the module.
struct Program {
  std::unique_ptr<frontend::Source> Src;
  std::unique_ptr<frontend::Diagnostics> Diags;
  std::unique_ptr<llvm::LLVMContext> Ctx;
  LoweredModule Lowered;
  std::vector<std::string> Symbols;

  std::string diagnostics() const { return Diags->renderAll(); }
  const Specialization *spec(const std::string &Symbol) const {
    for (const Specialization &S : Lowered.Specializations)
      if (S.Symbol == Symbol)
        return &S;
    return nullptr;
  }
  std::string ir() const {
    std::string S;
    llvm::raw_string_ostream OS(S);
    Lowered.Module->print(OS, nullptr);
    return S;
  }
};

Program compile(const std::string &Text, const std::vector<Entry> &Entries,
                uint8_t Arch = kArchX86_64,
                CheckBounds Bounds = CheckBounds::Auto) {
  Program P;
  P.Src = std::make_unique<frontend::Source>("test.jl", Text);
  P.Diags = std::make_unique<frontend::Diagnostics>(*P.Src);
  P.Ctx = std::make_unique<llvm::LLVMContext>();
  frontend::BlockPtr Tree = frontend::parseFile(*P.Src, *P.Diags);
  EXPECT_FALSE(P.Diags->hasErrors()) << P.Diags->renderAll();
  auto Target = compiler::targetForArch(Arch);
  EXPECT_TRUE(bool(Target));
  ModuleBuilder Builder(*Tree, *Target, *P.Ctx, *P.Diags);
  Builder.setCheckBounds(Bounds);
  for (const Entry &E : Entries) {
    auto Symbol = Builder.request(E.Name, E.Args);
    EXPECT_TRUE(bool(Symbol)) << llvm::toString(Symbol.takeError());
    P.Symbols.push_back(*Symbol);
  }
  P.Lowered = Builder.build();
  std::string Errors;
  llvm::raw_string_ostream OS(Errors);
  // The module must verify whenever no error was reported, and lowering
  // must not crash either way.
  if (!P.Diags->hasErrors())
    EXPECT_FALSE(llvm::verifyModule(*P.Lowered.Module, &OS))
        << Errors << P.ir();
  return P;
}

std::string readFile(const std::string &Path) {
  std::ifstream In(Path);
  std::stringstream SS;
  SS << In.rdbuf();
  return SS.str();
}

// What the program printed: each call's format number and value bytes.
struct PrintCall {
  uint32_t Format;
  std::vector<uint8_t> Bytes;
};
std::vector<PrintCall> Printed;

extern "C" void capturePrint(uint32_t Format, const void *Values, size_t Size) {
  auto *Bytes = static_cast<const uint8_t *>(Values);
  Printed.push_back({Format, std::vector<uint8_t>(Bytes, Bytes + Size)});
}

// Julia objects the program allocated (the runtime's jlremote_alloc),
// 8-byte aligned as on the device; freed with the next program.
std::vector<std::unique_ptr<uint64_t[]>> Objects;

extern "C" void *allocateObject(size_t Size) {
  Objects.push_back(std::make_unique<uint64_t[]>(Size / 8 + 1));
  return Objects.back().get();
}

// The runtime's exceptions (device_runtime/runtime_slots.h), as the device
// runtime implements them: an object {type, site, size, payload} on the heap, a
// chain of handlers in the compiled frames, __builtin_longjmp to the
// innermost one (unlinked first). Uncaught, the exception ends the call:
// here it jumps back to the test, which reads it in Uncaught.
struct JuliaHandler {
  void *Jump[5];
  JuliaHandler *Previous;
};
JuliaHandler *Handlers = nullptr;
const uint8_t *Current = nullptr; // jlremote_exception()
std::jmp_buf *Catcher = nullptr;
struct Thrown {
  uint32_t Type = 0, Site = 0;
  std::vector<uint8_t> Payload;
};
Thrown Uncaught;

extern "C" void *allocateObject(size_t Size);

extern "C" [[noreturn]] void rethrowException(const void *Exception) {
  Current = static_cast<const uint8_t *>(Exception);
  if (JuliaHandler *H = Handlers) {
    Handlers = H->Previous;
    __builtin_longjmp(H->Jump, 1);
  }
  uint32_t Header[3];
  std::memcpy(Header, Current, sizeof Header);
  Uncaught = {Header[0], Header[1],
              std::vector<uint8_t>(Current + 12, Current + 12 + Header[2])};
  std::longjmp(*Catcher, 1);
}

extern "C" [[noreturn]] void throwException(uint32_t Type, uint32_t Site,
                                            const void *Payload,
                                            uint32_t Size) {
  auto *Object = static_cast<uint8_t *>(allocateObject(12 + Size));
  uint32_t Header[3] = {Type, Site, Size};
  std::memcpy(Object, Header, sizeof Header);
  if (Size)
    std::memcpy(Object + 12, Payload, Size);
  rethrowException(Object);
}

extern "C" void tryEnter(JuliaHandler *H) {
  H->Previous = Handlers;
  Handlers = H;
}

extern "C" void tryLeave(JuliaHandler *H) {
  EXPECT_EQ(Handlers, H) << "a handler left out of order";
  Handlers = H->Previous;
}

extern "C" const void *currentException() { return Current; }

// Runs Body; the type of the exception that escaped it, or 0.
template <typename Fn> uint32_t errorOf(Fn Body) {
  std::jmp_buf Here;
  Catcher = &Here;
  Handlers = nullptr;
  Uncaught = {};
  if (setjmp(Here))
    return Uncaught.Type;
  Body();
  EXPECT_EQ(Handlers, nullptr) << "a handler left linked";
  return 0;
}

constexpr uint32_t typeId(ExceptionType T) { return uint32_t(T); }

template <typename T> T readAt(const std::vector<uint8_t> &Bytes, size_t At) {
  T V;
  EXPECT_LE(At + sizeof(T), Bytes.size());
  std::memcpy(&V, Bytes.data() + At, sizeof(T));
  return V;
}

// Runs a compiled program in-process.
class Jit {
public:
  explicit Jit(Program &P) {
    static bool Init = [] {
      llvm::InitializeNativeTarget();
      llvm::InitializeNativeTargetAsmPrinter();
      return true;
    }();
    (void)Init;
    auto J = llvm::orc::LLJITBuilder().create();
    if (!J) {
      ADD_FAILURE() << llvm::toString(J.takeError());
      return;
    }
    Engine = std::move(*J);
    // Device code prints through the runtime's jlremote_print: here it
    // lands in Printed.
    llvm::orc::MangleAndInterner Mangle(Engine->getExecutionSession(),
                                        Engine->getDataLayout());
    llvm::cantFail(Engine->getMainJITDylib().define(llvm::orc::absoluteSymbols(
        {{Mangle("jlremote_print"),
          {llvm::orc::ExecutorAddr::fromPtr(&capturePrint),
           llvm::JITSymbolFlags::Exported}},
         {Mangle("jlremote_alloc"),
          {llvm::orc::ExecutorAddr::fromPtr(&allocateObject),
           llvm::JITSymbolFlags::Exported}},
         {Mangle("jlremote_throw"),
          {llvm::orc::ExecutorAddr::fromPtr(&throwException),
           llvm::JITSymbolFlags::Exported}},
         {Mangle("jlremote_rethrow"),
          {llvm::orc::ExecutorAddr::fromPtr(&rethrowException),
           llvm::JITSymbolFlags::Exported}},
         {Mangle("jlremote_try_enter"),
          {llvm::orc::ExecutorAddr::fromPtr(&tryEnter),
           llvm::JITSymbolFlags::Exported}},
         {Mangle("jlremote_try_leave"),
          {llvm::orc::ExecutorAddr::fromPtr(&tryLeave),
           llvm::JITSymbolFlags::Exported}},
         {Mangle("jlremote_exception"),
          {llvm::orc::ExecutorAddr::fromPtr(&currentException),
           llvm::JITSymbolFlags::Exported}}})));
    Printed.clear();
    Objects.clear();
    P.Lowered.Module->setDataLayout(Engine->getDataLayout());
    llvm::Error E = Engine->addIRModule(llvm::orc::ThreadSafeModule(
        std::move(P.Lowered.Module), std::move(P.Ctx)));
    if (E)
      ADD_FAILURE() << llvm::toString(std::move(E));
  }

  template <typename Fn> Fn *get(const std::string &Symbol) {
    if (!Engine)
      return nullptr;
    auto Addr = Engine->lookup(Symbol);
    if (!Addr) {
      ADD_FAILURE() << llvm::toString(Addr.takeError());
      return nullptr;
    }
    return Addr->toPtr<Fn *>();
  }

private:
  std::unique_ptr<llvm::orc::LLJIT> Engine;
};

// Compiles `Source` (no diagnostics expected) and runs its top-level
// statements in the JIT; what they print lands in Printed.
void runTopLevel(const std::string &Source) {
  Program P = compile(Source, {});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *Top = J.get<void()>("julia_toplevel");
  ASSERT_TRUE(Top);
  Top();
}

TEST(Lower, HarmonicSumFromTheBlog) {
  Program P = compile(
      readFile(std::string(JLREMOTE_FRONTEND_TESTDATA) + "/blog_test1.jl"),
      {{"test1", {Int64T}}});
  ASSERT_EQ(P.Symbols[0], "julia_test1_Int64");
  ASSERT_EQ(P.spec("julia_test1_Int64")->ReturnType, Float64T);
  Jit J(P);
  auto *Test1 = J.get<double(int64_t)>("julia_test1_Int64");
  ASSERT_TRUE(Test1);
  EXPECT_EQ(Test1(100), 5.187377517639621);
  EXPECT_EQ(Test1(0), 0.0);
}

TEST(Lower, RecursiveFibonacciAndBackedges) {
  Program P = compile("fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)\n"
                      "twice(x) = fib(x) + fib(x)\n",
                      {{"twice", {Int64T}}, {"fib", {Int32T}}});
  const Specialization *Twice = P.spec("julia_twice_Int64");
  ASSERT_TRUE(Twice);
  EXPECT_EQ(Twice->Callees, std::vector<std::string>{"julia_fib_Int64"});
  EXPECT_EQ(P.spec("julia_fib_Int64")->Callees,
            std::vector<std::string>{"julia_fib_Int64"});
  // fib(::Int32): `n - 1` is Int64, so the ternary joins Int32 and Int64.
  EXPECT_NE(P.diagnostics().find("error: the value of this `?:` is "
                                 "Union{Int32, Int64}: type-unstable code is "
                                 "not supported yet"),
            std::string::npos)
      << P.diagnostics();
}

TEST(Lower, RecursiveFibonacciRuns) {
  Program P = compile("fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)\n",
                      {{"fib", {Int64T}}});
  Jit J(P);
  auto *Fib = J.get<int64_t(int64_t)>("julia_fib_Int64");
  ASSERT_TRUE(Fib);
  EXPECT_EQ(Fib(20), 6765);
  EXPECT_EQ(Fib(1), 1);
}

TEST(Lower, PromotionAndArithmetic) {
  Program P = compile("add(x, y) = x + y\n"
                      "quot(a, b) = a / b\n"
                      "idiv(a, b) = a ÷ b\n"
                      "irem(a, b) = a % b\n"
                      "imod(a, b) = mod(a, b)\n"
                      "ipow(a, b) = a ^ b\n"
                      "sq(x) = x^2\n"
                      "f32(x) = x * 1.5f0 + 1\n",
                      {{"add", {Int64T, Float64T}},
                       {"add", {Float32T, Int64T}},
                       {"add", {Int32T, Int64T}},
                       {"quot", {Int64T, Int64T}},
                       {"idiv", {Int64T, Int64T}},
                       {"irem", {Int64T, Int64T}},
                       {"imod", {Int64T, Int64T}},
                       {"ipow", {Int64T, Int64T}},
                       {"sq", {Float64T}},
                       {"f32", {Float32T}}});
  ASSERT_EQ(P.diagnostics(), "");
  EXPECT_EQ(P.spec("julia_add_Int64_Float64")->ReturnType, Float64T);
  EXPECT_EQ(P.spec("julia_add_Float32_Int64")->ReturnType, Float32T);
  EXPECT_EQ(P.spec("julia_add_Int32_Int64")->ReturnType, Int64T);
  EXPECT_EQ(P.spec("julia_quot_Int64_Int64")->ReturnType, Float64T);
  Jit J(P);
  EXPECT_EQ(J.get<double(int64_t, double)>("julia_add_Int64_Float64")(2, 0.5),
            2.5);
  EXPECT_EQ(J.get<float(float, int64_t)>("julia_add_Float32_Int64")(0.25f, 3),
            3.25f);
  EXPECT_EQ(J.get<int64_t(int32_t, int64_t)>("julia_add_Int32_Int64")(
                -1, int64_t(1) << 40),
            (int64_t(1) << 40) - 1);
  EXPECT_EQ(J.get<double(int64_t, int64_t)>("julia_quot_Int64_Int64")(1, 4),
            0.25);
  auto *Div = J.get<int64_t(int64_t, int64_t)>("julia_idiv_Int64_Int64");
  EXPECT_EQ(Div(7, 2), 3);
  EXPECT_EQ(Div(-7, 2), -3);
  auto *Rem = J.get<int64_t(int64_t, int64_t)>("julia_irem_Int64_Int64");
  EXPECT_EQ(Rem(-7, 2), -1);
  EXPECT_EQ(Rem(std::numeric_limits<int64_t>::min(), -1), 0);
  auto *Mod = J.get<int64_t(int64_t, int64_t)>("julia_imod_Int64_Int64");
  EXPECT_EQ(Mod(-7, 2), 1);
  EXPECT_EQ(Mod(7, -2), -1);
  auto *Pow = J.get<int64_t(int64_t, int64_t)>("julia_ipow_Int64_Int64");
  EXPECT_EQ(Pow(2, 10), 1024);
  EXPECT_EQ(Pow(3, 0), 1);
  EXPECT_EQ(Pow(2, 64), 0); // wraps
  EXPECT_EQ(J.get<double(double)>("julia_sq_Float64")(1.5), 2.25);
  EXPECT_EQ(J.get<float(float)>("julia_f32_Float32")(2.0f), 4.0f);
}

TEST(Lower, ChainedAndExactComparisons) {
  Program P = compile("inr(x) = 1 < x <= 10\n"
                      "mixed(x) = (x < 0x01) + (x == 0x00) * 10 + "
                      "(x < 0xffffffffffffffff) * 100\n"
                      "eq(a, b) = a == b\n"
                      "lt(a, b) = a < b\n"
                      "both(a, b) = a > 0 && b > 0 || !(a != b)\n",
                      {{"inr", {Float64T}},
                       {"inr", {Int64T}},
                       {"mixed", {Int64T}},
                       {"eq", {Int64T, Float64T}},
                       {"lt", {Float64T, Int64T}},
                       {"both", {Int64T, Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *InF = J.get<bool(double)>("julia_inr_Float64");
  EXPECT_FALSE(InF(1.0));
  EXPECT_TRUE(InF(1.5));
  EXPECT_TRUE(InF(10.0));
  EXPECT_FALSE(InF(10.5));
  // Signed with unsigned compares the values, as Julia does.
  auto *Mixed = J.get<int64_t(int64_t)>("julia_mixed_Int64");
  EXPECT_EQ(Mixed(-1), 101);
  EXPECT_EQ(Mixed(0), 111);
  EXPECT_EQ(Mixed(1), 100);
  auto *InI = J.get<bool(int64_t)>("julia_inr_Int64");
  EXPECT_TRUE(InI(2));
  EXPECT_FALSE(InI(11));
  // Exact, as Julia: 2^53 + 1 is not 2.0^53, although it rounds to it.
  auto *Eq = J.get<bool(int64_t, double)>("julia_eq_Int64_Float64");
  EXPECT_FALSE(Eq((int64_t(1) << 53) + 1, 9007199254740992.0));
  EXPECT_TRUE(Eq(int64_t(1) << 53, 9007199254740992.0));
  EXPECT_FALSE(
      Eq(std::numeric_limits<int64_t>::max(), 9.223372036854775807e18));
  auto *Lt = J.get<bool(double, int64_t)>("julia_lt_Float64_Int64");
  EXPECT_TRUE(Lt(9007199254740992.0, (int64_t(1) << 53) + 1));
  EXPECT_FALSE(Lt(9007199254740992.0, int64_t(1) << 53));
  EXPECT_TRUE(Lt(1.5, 2));
  auto *Both = J.get<bool(int64_t, int64_t)>("julia_both_Int64_Int64");
  EXPECT_TRUE(Both(1, 2));
  EXPECT_TRUE(Both(-3, -3));
  EXPECT_FALSE(Both(-3, 2));
}

TEST(Lower, ForRangesWithSteps) {
  Program P = compile("function rev(n)\n"
                      "    t = 0\n"
                      "    for i in reverse(1:n)\n"
                      "        t = t * 10 + i\n"
                      "    end\n"
                      "    t\n"
                      "end\n"
                      "function s(a, st, b)\n"
                      "    t = 0\n"
                      "    for i in a:st:b\n"
                      "        t += i\n"
                      "    end\n"
                      "    t\n"
                      "end\n"
                      "function count(a, b)\n"
                      "    n = 0\n"
                      "    for i = a:b, j in 1:2\n"
                      "        n += j\n"
                      "    end\n"
                      "    return n\n"
                      "end\n",
                      {{"rev", {Int64T}},
                       {"s", {Int64T, Int64T, Int64T}},
                       {"count", {Int64T, Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *S =
      J.get<int64_t(int64_t, int64_t, int64_t)>("julia_s_Int64_Int64_Int64");
  EXPECT_EQ(S(1, 3, 10), 22);
  EXPECT_EQ(S(1, 3, 9), 12);
  EXPECT_EQ(S(10, -3, 1), 22);
  EXPECT_EQ(S(1, 2, 10), 25);
  EXPECT_EQ(S(5, 1, 1), 0);
  auto *Rev = J.get<int64_t(int64_t)>("julia_rev_Int64");
  EXPECT_EQ(Rev(4), 4321);
  EXPECT_EQ(Rev(0), 0);
  auto *Count = J.get<int64_t(int64_t, int64_t)>("julia_count_Int64_Int64");
  EXPECT_EQ(Count(1, 4), 12);
  EXPECT_EQ(Count(3, 2), 0);
  // A range ending at typemax terminates (no overflow of the counter).
  int64_t Max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(Count(Max - 2, Max), 9);
}

TEST(Lower, WhileWithBreakAndContinue) {
  Program P = compile("function w(n)\n"
                      "    i = 0\n"
                      "    s = 0\n"
                      "    while true\n"
                      "        i += 1\n"
                      "        if i > n\n"
                      "            break\n"
                      "        elseif i % 2 == 0\n"
                      "            continue\n"
                      "        end\n"
                      "        s += i\n"
                      "    end\n"
                      "    s\n"
                      "end\n",
                      {{"w", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *W = J.get<int64_t(int64_t)>("julia_w_Int64");
  EXPECT_EQ(W(10), 25);
  EXPECT_EQ(W(0), 0);
}

TEST(Lower, DispatchPicksTheMostSpecificMethod) {
  Program P = compile("area(x) = 0\n"
                      "area(x::Real) = 1\n"
                      "area(x::Integer) = 2\n"
                      "area(x::Int64) = 3\n"
                      "both(x, y::Float64) = area(x) * 10 + area(y)\n",
                      {{"area", {Int64T}},
                       {"area", {Int32T}},
                       {"area", {Float64T}},
                       {"area", {BoolT}},
                       {"both", {Int32T, Float64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  EXPECT_EQ(J.get<int64_t(int64_t)>("julia_area_Int64")(0), 3);
  EXPECT_EQ(J.get<int64_t(int32_t)>("julia_area_Int32")(0), 2);
  EXPECT_EQ(J.get<int64_t(double)>("julia_area_Float64")(0), 1);
  EXPECT_EQ(J.get<int64_t(bool)>("julia_area_Bool")(true), 2);
  EXPECT_EQ(J.get<int64_t(int32_t, double)>("julia_both_Int32_Float64")(1, 1),
            21);
}

TEST(Lower, IntegerOverflowWraps) {
  Program P =
      compile("inc(x) = x + 1\n"
              "sqr(x) = x * x\n"
              "neg(x) = -x\n",
              {{"inc", {Int64T}}, {"sqr", {Int32T}}, {"neg", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  EXPECT_EQ(J.get<int64_t(int64_t)>("julia_inc_Int64")(
                std::numeric_limits<int64_t>::max()),
            std::numeric_limits<int64_t>::min());
  EXPECT_EQ(J.get<int32_t(int32_t)>("julia_sqr_Int32")(65536), 0);
  EXPECT_EQ(J.get<int64_t(int64_t)>("julia_neg_Int64")(
                std::numeric_limits<int64_t>::min()),
            std::numeric_limits<int64_t>::min());
}

TEST(Lower, ConversionsAndMath) {
  Program P = compile("ti(x) = unsafe_trunc(Int, floor(x))\n"
                      "fl(x) = floor(Int, x) + round(Int32, x)\n"
                      "exact(x) = Int32(x)\n"
                      "widen(x) = Float64(x) + Float32(x)\n"
                      "m(x, y) = min(x, y) + max(x, y) * 100 + abs(x) * 10000\n"
                      "r(x) = round(x) + ceil(x) * 10 + trunc(x) * 100\n"
                      "rt(x) = sqrt(x)\n",
                      {{"ti", {Float64T}},
                       {"fl", {Float64T}},
                       {"exact", {Float64T}},
                       {"widen", {Int32T}},
                       {"m", {Int64T, Int64T}},
                       {"r", {Float64T}},
                       {"rt", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  EXPECT_EQ(P.spec("julia_widen_Int32")->ReturnType, Float64T);
  Jit J(P);
  auto *Ti = J.get<int64_t(double)>("julia_ti_Float64");
  EXPECT_EQ(Ti(3.7), 3);
  EXPECT_EQ(Ti(-3.7), -4);
  EXPECT_EQ(J.get<int64_t(double)>("julia_fl_Float64")(-2.5), -3 + -2);
  EXPECT_EQ(J.get<int32_t(double)>("julia_exact_Float64")(-12.0), -12);
  EXPECT_EQ(J.get<double(int32_t)>("julia_widen_Int32")(3), 6.0);
  EXPECT_EQ(J.get<int64_t(int64_t, int64_t)>("julia_m_Int64_Int64")(-3, 5),
            30497);
  EXPECT_EQ(J.get<double(double)>("julia_r_Float64")(2.5), 2.0 + 30 + 200);
  EXPECT_EQ(J.get<double(int64_t)>("julia_rt_Int64")(2), std::sqrt(2.0));
}

TEST(Lower, ThumbTargetUsesInt32) {
  Program P = compile("f(x) = x + 1\n"
                      "big() = 3000000000\n",
                      {{"f", {Int32T}}, {"big", {}}}, kArchThumbV7M);
  ASSERT_EQ(P.diagnostics(), "");
  EXPECT_EQ(P.spec("julia_f_Int32")->ReturnType, Int32T);
  EXPECT_EQ(P.spec("julia_big")->ReturnType, Int64T);
  llvm::Function *F = P.Lowered.Module->getFunction("julia_f_Int32");
  ASSERT_TRUE(F);
  EXPECT_TRUE(F->getReturnType()->isIntegerTy(32));
  EXPECT_TRUE(F->getArg(0)->getType()->isIntegerTy(32));
  EXPECT_EQ(P.Lowered.Module->getTargetTriple(),
            compiler::targetForArch(kArchThumbV7M)->Triple);
  EXPECT_NE(P.ir().find("add i32 %x1, 1, !dbg"), std::string::npos) << P.ir();
  // The device back end accepts the module.
  auto Object = compiler::emitObject(*P.Lowered.Module,
                                     *compiler::targetForArch(kArchThumbV7M),
                                     compiler::OptLevel::O2);
  EXPECT_TRUE(bool(Object)) << llvm::toString(Object.takeError());
}

// Julia honours both macros: a @noinline function keeps its own image (and
// its own frame in an error's location).
TEST(Lower, InlineMacrosReachLLVM) {
  Program P =
      compile("@noinline kept(x) = x + 1\n"
              "@inline function merged(x)\n    x * 2\nend\n"
              "plain(x) = x - 1\n",
              {{"kept", {Int64T}}, {"merged", {Int64T}}, {"plain", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  llvm::Module &M = *P.Lowered.Module;
  EXPECT_TRUE(M.getFunction("julia_kept_Int64")
                  ->hasFnAttribute(llvm::Attribute::NoInline));
  EXPECT_TRUE(M.getFunction("julia_merged_Int64")
                  ->hasFnAttribute(llvm::Attribute::AlwaysInline));
  llvm::Function *Plain = M.getFunction("julia_plain_Int64");
  EXPECT_FALSE(Plain->hasFnAttribute(llvm::Attribute::NoInline));
  EXPECT_FALSE(Plain->hasFnAttribute(llvm::Attribute::AlwaysInline));
}

TEST(Lower, InstructionsCarrySourcePositions) {
  Program P = compile("\n"
                      "function f(x)\n"
                      "    y = x * 2.0\n"
                      "    return y\n"
                      "end\n",
                      {{"f", {Float64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  llvm::Function *F = P.Lowered.Module->getFunction("julia_f_Float64");
  ASSERT_TRUE(F && F->getSubprogram());
  EXPECT_EQ(F->getSubprogram()->getLine(), 2u);
  EXPECT_EQ(F->getSubprogram()->getFile()->getFilename(), "test.jl");
  bool SawMul = false;
  for (llvm::Instruction &Inst : llvm::instructions(*F))
    if (Inst.getOpcode() == llvm::Instruction::FMul) {
      SawMul = true;
      ASSERT_TRUE(Inst.getDebugLoc());
      EXPECT_EQ(Inst.getDebugLoc().getLine(), 3u);
      EXPECT_EQ(Inst.getDebugLoc().getCol(), 9u); // the `x * 2.0` call
    }
  EXPECT_TRUE(SawMul);
}

TEST(Lower, TypeInstabilityNamesTheVariable) {
  Program P = compile("function g(n)\n"
                      "    s = 0\n"
                      "    for i in 1:n\n"
                      "        s += 0.5\n"
                      "    end\n"
                      "    s\n"
                      "end\n",
                      {{"g", {Int32T}}});
  EXPECT_EQ(P.diagnostics(),
            "test.jl:2:5: error: variable `s` is Union{Float64, Int64}: "
            "type-unstable code is not supported yet\n"
            "    s = 0\n"
            "    ^\n");
}

TEST(Lower, NoMethodAndAmbiguity) {
  Program P = compile("f(x::Float64) = x\n"
                      "g(n) = f(n)\n"
                      "a(x::Int64, y) = 1\n"
                      "a(x, y::Int64) = 2\n"
                      "b(n) = a(n, n)\n",
                      {{"g", {Int64T}}, {"b", {Int64T}}});
  EXPECT_EQ(P.diagnostics(), "test.jl:2:8: error: no method matching "
                             "f(::Int64)\n"
                             "g(n) = f(n)\n"
                             "       ^~~~\n"
                             "test.jl:5:8: error: a(::Int64, ::Int64) is "
                             "ambiguous\n"
                             "b(n) = a(n, n)\n"
                             "       ^~~~~~~\n");
}

TEST(Lower, UnsupportedConstructs) {
  Program P = compile("struct P\n    x\nend\n"
                      "v(x) = \"text\"\n"
                      "t(x) = try x catch; end\n",
                      {{"v", {Int64T}}, {"t", {Int64T}}});
  std::vector<std::string> Messages;
  for (const frontend::Diagnostic &D : P.Diags->all())
    Messages.push_back(D.Message);
  EXPECT_EQ(Messages,
            (std::vector<std::string>{
                "field `x` of `P` has no type: fields of type Any are not "
                "supported yet",
                "strings outside `print`, `println` and `@assert` messages "
                "are not supported yet",
                // `try x catch; end` is x or nothing, as in Julia.
                "the value of this `try` is Union{Int64, Nothing}: "
                "type-unstable code is not supported yet"}));
}

TEST(Lower, StructsTuplesAndFields) {
  Program P = compile("struct Point{T<:Real}\n    x::T\n    y::T\nend\n"
                      "norm2(p::Point) = p.x * p.x + p.y * p.y\n"
                      "swap(p::Point{T}) where {T} = Point{T}(p.y, p.x)\n"
                      "function f(a, b)\n"
                      "    p = swap(Point(a, b))\n"
                      "    q, r = (p.x, norm2(p))\n"
                      "    return q + r\n"
                      "end\n"
                      "g(n) = Point(n, 2).y\n",
                      {{"f", {Float64T, Float64T}}, {"g", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  const TypeNode *Ret = P.spec("julia_swap_Point{Float64}")->ReturnType.node();
  ASSERT_TRUE(Ret);
  EXPECT_EQ(typeName(typeOf(Ret)), "Point{Float64}");
  EXPECT_EQ(Ret->Fields, (std::vector<JType>{Float64T, Float64T}));
  EXPECT_EQ(Ret->FieldNames, (std::vector<std::string>{"x", "y"}));
  Jit J(P);
  auto *F = J.get<double(double, double)>("julia_f_Float64_Float64");
  auto *G = J.get<int64_t(int64_t)>("julia_g_Int64");
  ASSERT_TRUE(F && G);
  EXPECT_EQ(F(3.0, 4.0), 4.0 + 25.0);
  EXPECT_EQ(G(7), 2);
}

TEST(Lower, TypesAsValuesAndTypeVariablesAsFunctions) {
  Program P = compile("function scaled(::Type{T}, n) where {T}\n"
                      "    s = zero(T)\n"
                      "    for k in 1:n\n"
                      "        s += iseven(k) ? T(0.1) : -one(T)\n"
                      "    end\n"
                      "    return s\n"
                      "end\n"
                      "f64(n) = scaled(Float64, n)\n"
                      "f32(n) = scaled(Float32, n)\n",
                      {{"f64", {Int64T}}, {"f32", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  EXPECT_EQ(P.spec("julia_f32_Int64")->Callees,
            std::vector<std::string>{"julia_scaled_Type{Float32}_Int64"});
  Jit J(P);
  auto *F64 = J.get<double(int64_t)>("julia_f64_Int64");
  auto *F32 = J.get<float(int64_t)>("julia_f32_Int64");
  ASSERT_TRUE(F64 && F32);
  double S64 = 0;
  float S32 = 0;
  for (int K = 1; K <= 5; ++K) {
    S64 += K % 2 == 0 ? 0.1 : -1.0;
    S32 += K % 2 == 0 ? 0.1f : -1.0f;
  }
  EXPECT_EQ(F64(5), S64);
  EXPECT_EQ(F32(5), S32);
}

TEST(Lower, RangesAsValues) {
  Program P =
      compile("function f(n)\n"
              "    r = 1:3:n\n"
              "    s = 0\n"
              "    for i in r\n"
              "        s += i\n"
              "    end\n"
              "    return s * 1000 + length(r) * 10 + length(5:3)\n"
              "end\n"
              "g(n) = last(1:3:n)\n"
              "h(a, b) = a:b\n",
              {{"f", {Int64T}}, {"g", {Int64T}}, {"h", {Int64T, Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *F = J.get<int64_t(int64_t)>("julia_f_Int64");
  auto *G = J.get<int64_t(int64_t)>("julia_g_Int64");
  struct Range64 {
    int64_t Start, Stop;
  };
  auto *H = J.get<Range64(int64_t, int64_t)>("julia_h_Int64_Int64");
  ASSERT_TRUE(F && G && H);
  EXPECT_EQ(F(10), (1 + 4 + 7 + 10) * 1000 + 4 * 10 + 0);
  EXPECT_EQ(F(0), 0 * 1000 + 0 * 10 + 0);
  EXPECT_EQ(G(9), 7);
  // An empty UnitRange stores start - 1 as its stop, as Julia's does.
  EXPECT_EQ(H(5, 3).Stop, 4);
  EXPECT_EQ(H(3, 5).Stop, 5);
}

TEST(Lower, ForOverTheElementsOfAVector) {
  Program P = compile("function f(n)\n"
                      "    v = fill(0.5, n)\n"
                      "    v[1] = 2.0\n"
                      "    s = 0.0\n"
                      "    for x in v\n"
                      "        s += x\n"
                      "    end\n"
                      "    return s\n"
                      "end\n",
                      {{"f", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *F = J.get<double(int64_t)>("julia_f_Int64");
  ASSERT_TRUE(F);
  EXPECT_EQ(F(4), 2.0 + 3 * 0.5);
  EXPECT_EQ(F(1), 2.0);
}

TEST(Lower, PrintedVectorsCarryTheirLength) {
  ASSERT_NO_FATAL_FAILURE(
      runTopLevel("v = Float32[1, 2.5]\n"
                  "println(\"v = \", v, \" and \", (true, v))\n"));
  ASSERT_EQ(Printed.size(), 1u);
  // v: count, 2 floats; the tuple: a Bool byte, then v again.
  const std::vector<uint8_t> &Bytes = Printed[0].Bytes;
  ASSERT_EQ(Bytes.size(), 12u + 1u + 12u);
  EXPECT_EQ(readAt<uint32_t>(Bytes, 0), 2u);
  EXPECT_EQ(readAt<float>(Bytes, 4), 1.0f);
  EXPECT_EQ(readAt<float>(Bytes, 8), 2.5f);
  EXPECT_EQ(Bytes[12], 1u);
  EXPECT_EQ(readAt<uint32_t>(Bytes, 13), 2u);
  EXPECT_EQ(readAt<float>(Bytes, 21), 2.5f);
}

TEST(Lower, ParametricMutableStructWithOuterConstructor) {
  Program P = compile(
      readFile(std::string(JLREMOTE_FRONTEND_TESTDATA) + "/pid.jl"), {});
  ASSERT_EQ(P.diagnostics(), "");
  ASSERT_TRUE(P.spec("julia_simulate_Int64"));
  Jit J(P);
  auto *Simulate = J.get<double(int64_t)>("julia_simulate_Int64");
  ASSERT_TRUE(Simulate);
  // The same loop in C++, operation for operation.
  double Kp = 2.0, Ki = 0.5, Kd = 0.01, Integral = 0, Previous = 0, Y = 0;
  for (int K = 0; K < 1000; ++K) {
    double E = 1.0 - Y;
    Integral += E * 0.01;
    double Derivative = (E - Previous) / 0.01;
    Previous = E;
    double U = Kp * E + Ki * Integral + Kd * Derivative;
    U = U > 10.0 ? 10.0 : U < -10.0 ? -10.0 : U;
    Y = 0.9 * Y + 0.1 * U;
  }
  Printed.clear();
  EXPECT_EQ(Simulate(1000), Y);
  // println("final y = $y, integral = $(c.integral)"): two Float64s.
  ASSERT_EQ(Printed.size(), 1u);
  ASSERT_EQ(Printed[0].Bytes.size(), 16u);
  EXPECT_EQ(readAt<double>(Printed[0].Bytes, 0), Y);
  EXPECT_EQ(readAt<double>(Printed[0].Bytes, 8), Integral);
  const PrintFormat &Fmt = P.Lowered.Formats.at(Printed[0].Format);
  ASSERT_EQ(Fmt.Pieces.size(), 5u);
  EXPECT_EQ(Fmt.Pieces[0].Text, "final y = ");
  EXPECT_EQ(Fmt.Pieces[1].TheKind, PrintPiece::Print);
  EXPECT_EQ(Fmt.Pieces[1].Type, Float64T);
  EXPECT_EQ(Fmt.Pieces[2].Text, ", integral = ");
  EXPECT_EQ(Fmt.Pieces[4].Text, "\n");
}

TEST(Lower, QuadraticRootsTupleAndShow) {
  Program P = compile(
      readFile(std::string(JLREMOTE_FRONTEND_TESTDATA) + "/quadratic.jl"), {});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *Top = J.get<void()>("julia_toplevel");
  ASSERT_TRUE(Top);
  Top();
  // @show r₁ r₂, then println with both: roots of x² - 3x + 2.
  ASSERT_EQ(Printed.size(), 3u);
  EXPECT_EQ(readAt<float>(Printed[0].Bytes, 0), 1.0f);
  EXPECT_EQ(readAt<float>(Printed[1].Bytes, 0), 2.0f);
  const PrintFormat &Show = P.Lowered.Formats.at(Printed[0].Format);
  EXPECT_EQ(Show.Pieces[0].Text, "r₁ = ");
  EXPECT_EQ(Show.Pieces[1].TheKind, PrintPiece::Show);
  EXPECT_EQ(Show.Pieces[1].Type, Float32T);
  EXPECT_EQ(Printed[2].Bytes.size(), 8u);
}

TEST(Lower, PointersVectorsAndBaseMethods) {
  std::string Program5 =
      readFile(std::string(JLREMOTE_FRONTEND_TESTDATA) + "/blog_test5.jl");
  Program P = compile(Program5 + "function run5()\n"
                                 "    v = [1.0, 2.0, 3.0]\n"
                                 "    test5(pointer(v), length(v))\n"
                                 "    w = zeros(Int, 4)\n"
                                 "    for i in 1:length(w)\n"
                                 "        w[i] = i * i\n"
                                 "    end\n"
                                 "    return v[1] + v[2] + v[3] + w[4]\n"
                                 "end\n"
                                 "oob(n) = fill(1.5, 3)[n]\n",
                      {{"run5", {}}, {"oob", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  EXPECT_NE(P.ir().find("jlremote_throw"), std::string::npos); // bounds
  Jit J(P);
  auto *Run5 = J.get<double()>("julia_run5");
  auto *Test5 =
      J.get<void(double *, int64_t)>("julia_test5_Ptr{Float64}_Int64");
  ASSERT_TRUE(Run5 && Test5);
  EXPECT_EQ(Run5(), 1.0 + 4.0 + 9.0 + 16.0);
  double Data[2] = {3.0, -0.5};
  Test5(Data, 2);
  EXPECT_EQ(Data[0], 9.0);
  EXPECT_EQ(Data[1], 0.25);
  auto *Oob = J.get<double(int64_t)>("julia_oob_Int64");
  ASSERT_TRUE(Oob);
  EXPECT_EQ(errorOf([&] { Oob(3); }), 0u);
  EXPECT_EQ(errorOf([&] { Oob(4); }), typeId(ExceptionType::BoundsError));
  EXPECT_EQ(errorOf([&] { Oob(0); }), typeId(ExceptionType::BoundsError));
}

TEST(Lower, PushThroughAnAliasGrowsTheSameVector) {
  // `w = v` names one object: its length and elements change for both,
  // also when push! moves the elements to a larger block.
  Program P = compile(
      "function f(n)\n"
      "    v = [1.0, 2.0, 3.0]\n"
      "    w = v\n"
      "    push!(w, 4.0)\n"
      "    for k in 1:n\n"
      "        push!(w, Float64(k))\n"
      "    end\n"
      "    return length(v) * 1000.0 + v[end] + v[4]\n"
      "end\n"
      "function g()\n"
      "    v = Int[]\n"
      "    for k in 1:100\n"
      "        push!(v, k)\n"
      "    end\n"
      "    s = 0\n"
      "    for x in v\n"
      "        s += x\n"
      "    end\n"
      "    u = copy(v)\n"
      "    append!(u, u)\n"
      "    resize!(v, 2)\n"
      "    return s * 1000000 + length(u) * 1000 + u[200] +\n"
      "           length(v) + pop!(v)\n"
      "end\n"
      "empty_pop() = pop!(Float64[])\n"
      "negative(n) = length(resize!([1, 2], n))\n",
      {{"f", {Int64T}}, {"g", {}}, {"empty_pop", {}}, {"negative", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *F = J.get<double(int64_t)>("julia_f_Int64");
  auto *G = J.get<int64_t()>("julia_g");
  auto *EmptyPop = J.get<double()>("julia_empty_pop");
  auto *Negative = J.get<int64_t(int64_t)>("julia_negative_Int64");
  ASSERT_TRUE(F && G && EmptyPop && Negative);
  EXPECT_EQ(F(0), 4000.0 + 4.0 + 4.0);
  EXPECT_EQ(F(50), 54000.0 + 50.0 + 4.0); // past several doublings
  EXPECT_EQ(G(), int64_t(5050) * 1000000 + 200 * 1000 + 100 + 2 + 2);
  // pop! of an empty vector: ArgumentError ("array must be non-empty").
  EXPECT_EQ(errorOf([&] { EmptyPop(); }), typeId(ExceptionType::ArgumentError));
  EXPECT_EQ(errorOf([&] { Negative(-1); }),
            typeId(ExceptionType::ArgumentError));
  EXPECT_EQ(Negative(5), 5);
}

// Julia's --check-bounds: yes checks under @inbounds too, no checks nothing.
TEST(Lower, CheckBoundsOverridesInbounds) {
  const std::string Text = "checked(i) = ones(3)[i]\n"
                           "unchecked(i) = @inbounds ones(3)[i]\n";
  auto BoundsChecks = [&](CheckBounds Mode) {
    Program P = compile(Text, {{"checked", {Int64T}}, {"unchecked", {Int64T}}},
                        kArchX86_64, Mode);
    EXPECT_EQ(P.diagnostics(), "");
    const std::string IR = P.ir();
    const std::string BoundsThrow = "@jlremote_throw(i32 2,";
    size_t Count = 0;
    for (size_t At = IR.find(BoundsThrow); At != std::string::npos;
         At = IR.find(BoundsThrow, At + 1))
      ++Count;
    return Count;
  };
  EXPECT_EQ(BoundsChecks(CheckBounds::Auto), 1u);
  EXPECT_EQ(BoundsChecks(CheckBounds::Yes), 2u);
  EXPECT_EQ(BoundsChecks(CheckBounds::No), 0u);
}

TEST(Lower, MatricesAreColumnMajorWithBoundsChecks) {
  Program P = compile(
      "function f(i, j)\n"
      "    A = zeros(Int, 2, 3)\n"
      "    for c in 1:3, r in 1:2\n"
      "        A[r, c] = 10r + c\n"
      "    end\n"
      "    m, n = size(A)\n"
      "    return A[i, j] * 100 + A[end] + m * n + size(A, 3)\n"
      "end\n"
      "linear(k) = fill(2.5, 2, 2)[k]\n"
      "unchecked(i) = @inbounds ones(2, 2)[i, 1]\n",
      {{"f", {Int64T, Int64T}}, {"linear", {Int64T}}, {"unchecked", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  // Under @inbounds no bounds check (BoundsError = 2) is left.
  std::string IR = P.ir();
  size_t At = IR.find("define double @julia_unchecked_Int64");
  ASSERT_NE(At, std::string::npos);
  std::string Unchecked = IR.substr(At, IR.find("\n}", At) - At);
  EXPECT_EQ(Unchecked.find("@jlremote_throw(i32 2"), std::string::npos)
      << Unchecked;
  Jit J(P);
  auto *F = J.get<int64_t(int64_t, int64_t)>("julia_f_Int64_Int64");
  auto *Linear = J.get<double(int64_t)>("julia_linear_Int64");
  ASSERT_TRUE(F && Linear);
  EXPECT_EQ(F(2, 3), 23 * 100 + 23 + 6 + 1);
  EXPECT_EQ(F(1, 2), 12 * 100 + 23 + 6 + 1);
  EXPECT_EQ(errorOf([&] { F(3, 1); }), typeId(ExceptionType::BoundsError));
  EXPECT_EQ(errorOf([&] { F(1, 4); }), typeId(ExceptionType::BoundsError));
  EXPECT_EQ(errorOf([&] { F(0, 1); }), typeId(ExceptionType::BoundsError));
  EXPECT_EQ(Linear(4), 2.5);
  EXPECT_EQ(errorOf([&] { Linear(5); }), typeId(ExceptionType::BoundsError));
}

TEST(Lower, PrintedMatricesCarryRowsAndColumns) {
  ASSERT_NO_FATAL_FAILURE(runTopLevel("A = Float32[1, 2, 3, 4]\n"
                                      "M = fill(1.5f0, 2, 3)\n"
                                      "M[2, 1] = 4f0\n"
                                      "println(M)\n"));
  ASSERT_EQ(Printed.size(), 1u);
  const std::vector<uint8_t> &Bytes = Printed[0].Bytes;
  ASSERT_EQ(Bytes.size(), 8u + 6 * 4u);
  EXPECT_EQ(readAt<uint32_t>(Bytes, 0), 2u);
  EXPECT_EQ(readAt<uint32_t>(Bytes, 4), 3u);
  EXPECT_EQ(readAt<float>(Bytes, 8), 1.5f);
  EXPECT_EQ(readAt<float>(Bytes, 12), 4.0f); // column-major: A[2, 1]
}

// Isbits structs and tuples lie in the data block with their LLVM layout
// (x86-64: {i1, i32, double} is 16 bytes, the Int32 at 4, the Float64 at 8).
TEST(Lower, ArraysOfStructsAreStoredInline) {
  Program P =
      compile("struct Flag\n"
              "    on::Bool\n"
              "    n::Int32\n"
              "    x::Float64\n"
              "end\n"
              "function flags()\n"
              "    v = [Flag(true, Int32(7), 1.5), Flag(false, 3, 2.5)]\n"
              "    push!(v, Flag(true, -9, 3.5))\n"
              "    return pointer(v)\n"
              "end\n"
              "function sums()\n"
              "    v = Flag[]\n"
              "    for k in 1:5\n"
              "        push!(v, Flag(iseven(k), k, k / 2))\n"
              "    end\n"
              "    v[2] = Flag(true, 100, 0.0)\n"
              "    s = 0.0\n"
              "    for f in v\n"
              "        s += f.on ? f.n + f.x : 0.0\n"
              "    end\n"
              "    return s * 1000 + length(v)\n"
              "end\n"
              "tuples() = pointer(Tuple{Float64, Int}[(1, 2), (3, 4)])\n",
              {{"flags", {}}, {"sums", {}}, {"tuples", {}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *Flags = J.get<const uint8_t *()>("julia_flags");
  auto *Sums = J.get<double()>("julia_sums");
  auto *Tuples = J.get<const uint8_t *()>("julia_tuples");
  ASSERT_TRUE(Flags && Sums && Tuples);
  const uint8_t *Data = Flags();
  const std::vector<uint8_t> Bytes(Data, Data + 3 * 16);
  EXPECT_EQ(Bytes[0] & 1, 1);
  EXPECT_EQ(readAt<int32_t>(Bytes, 4), 7);
  EXPECT_EQ(readAt<double>(Bytes, 8), 1.5);
  EXPECT_EQ(Bytes[16] & 1, 0);
  EXPECT_EQ(readAt<int32_t>(Bytes, 20), 3);
  EXPECT_EQ(readAt<double>(Bytes, 24), 2.5);
  EXPECT_EQ(readAt<int32_t>(Bytes, 36), -9); // pushed past the capacity
  EXPECT_EQ(readAt<double>(Bytes, 40), 3.5);
  // k = 2 replaced by (true, 100, 0.0); k = 4: 4 + 2.0.
  EXPECT_EQ(Sums(), (100.0 + 6.0) * 1000 + 5);
  const uint8_t *T = Tuples();
  const std::vector<uint8_t> TB(T, T + 32);
  EXPECT_EQ(readAt<double>(TB, 0), 1.0);
  EXPECT_EQ(readAt<int64_t>(TB, 8), 2);
  EXPECT_EQ(readAt<double>(TB, 16), 3.0);
  EXPECT_EQ(readAt<int64_t>(TB, 24), 4);
}

// The wire form has no padding: each element's fields are packed, a Bool
// as one byte.
TEST(Lower, PrintedArraysOfStructsArePacked) {
  ASSERT_NO_FATAL_FAILURE(
      runTopLevel("struct Flag\n"
                  "    on::Bool\n"
                  "    n::Int32\n"
                  "    x::Float64\n"
                  "end\n"
                  "v = [Flag(true, Int32(7), 1.5), Flag(false, 3, 2.5)]\n"
                  "println(v)\n"
                  "M = fill((Int8(1), 0.5), 2, 1)\n"
                  "M[2, 1] = (Int8(-2), 0.25)\n"
                  "show(M)\n"));
  ASSERT_EQ(Printed.size(), 2u);
  const std::vector<uint8_t> &V = Printed[0].Bytes;
  ASSERT_EQ(V.size(), 4u + 2 * 13u);
  EXPECT_EQ(readAt<uint32_t>(V, 0), 2u);
  EXPECT_EQ(V[4], 1u);
  EXPECT_EQ(readAt<int32_t>(V, 5), 7);
  EXPECT_EQ(readAt<double>(V, 9), 1.5);
  EXPECT_EQ(V[17], 0u);
  EXPECT_EQ(readAt<int32_t>(V, 18), 3);
  EXPECT_EQ(readAt<double>(V, 22), 2.5);
  const std::vector<uint8_t> &M = Printed[1].Bytes;
  ASSERT_EQ(M.size(), 8u + 2 * 9u);
  EXPECT_EQ(readAt<uint32_t>(M, 0), 2u);
  EXPECT_EQ(readAt<uint32_t>(M, 4), 1u);
  EXPECT_EQ(int8_t(M[8]), 1);
  EXPECT_EQ(readAt<double>(M, 9), 0.5);
  EXPECT_EQ(int8_t(M[17]), -2);
  EXPECT_EQ(readAt<double>(M, 18), 0.25);
}

// `global` in a top-level loop names the top level's variable (also in the
// loops inside, and past a loop-local of the same name around it); `local`
// makes a new one even when an enclosing scope has the name.
TEST(Lower, GlobalAndLocalDeclarationsInTopLevelLoops) {
  ASSERT_NO_FATAL_FAILURE(runTopLevel("s = 0\n"
                                      "k = 5\n"
                                      "for i in 1:3\n"
                                      "    global s += i\n"
                                      "    local k = i * 10\n"
                                      "    global last = k\n"
                                      "    for j in 1:2\n"
                                      "        s += j\n"
                                      "    end\n"
                                      "end\n"
                                      "n = 0\n"
                                      "while n < 1\n"
                                      "    local n = 100\n"
                                      "    for r in 1:2\n"
                                      "        global n = n + r\n"
                                      "    end\n"
                                      "    global m = n\n"
                                      "end\n"
                                      "println((s, k, last, n, m))\n"));
  ASSERT_EQ(Printed.size(), 1u);
  const std::vector<uint8_t> &Bytes = Printed[0].Bytes;
  ASSERT_EQ(Bytes.size(), 5 * 8u);
  EXPECT_EQ(readAt<int64_t>(Bytes, 0), 6 + 3 * 3);
  EXPECT_EQ(readAt<int64_t>(Bytes, 8), 5);
  EXPECT_EQ(readAt<int64_t>(Bytes, 16), 30);
  EXPECT_EQ(readAt<int64_t>(Bytes, 24), 0 + 1 + 2); // the top level's n
  EXPECT_EQ(readAt<int64_t>(Bytes, 32), 100);       // the while's own n
}

TEST(Lower, ArrayLiteralAndDeclarationDiagnostics) {
  Program P = compile("struct P\n"
                      "    x::Int\n"
                      "end\n"
                      "mutable struct M\n"
                      "    x::Int\n"
                      "end\n"
                      "f(n) = (global g = n)\n"
                      "a = [(1, 2), (1.0, 2.0)]\n"
                      "b = [P(1), 2]\n"
                      "c = [M(1)]\n"
                      "local d = 1\n"
                      "f(1)\n",
                      {});
  const std::string D = P.diagnostics();
  EXPECT_NE(D.find("array literal of Tuple{Int64, Int64} and "
                   "Tuple{Float64, Float64}: its element type would be their "
                   "typejoin"),
            std::string::npos)
      << D;
  EXPECT_NE(D.find("array literal of P and Int64"), std::string::npos) << D;
  EXPECT_NE(D.find("array literals of M are not supported yet"),
            std::string::npos)
      << D;
  EXPECT_NE(D.find("`local` declarations at top level outside a loop"),
            std::string::npos)
      << D;
  EXPECT_NE(D.find("`global` declarations inside functions"), std::string::npos)
      << D;
}

TEST(Lower, NullableReferencesNarrowLikeJuliaInference) {
  Program P = compile("mutable struct Node\n"
                      "    value::Int\n"
                      "    next::Union{Node, Nothing}\n"
                      "end\n"
                      "function total(n)\n"
                      "    head = nothing\n"
                      "    for k in 1:n\n"
                      "        head = Node(k, head)\n"
                      "    end\n"
                      "    s = 0\n"
                      "    x = head\n"
                      "    while x !== nothing\n"
                      "        s += x.value\n"
                      "        x = x.next\n"
                      "    end\n"
                      "    return s\n"
                      "end\n"
                      "function depth(t::Node)\n"
                      "    nx = t.next\n"
                      "    if nx === nothing\n"
                      "        return 1\n"
                      "    end\n"
                      "    return 1 + depth(nx)\n"
                      "end\n"
                      "function f(n)\n"
                      "    a = Node(1, nothing)\n"
                      "    for k in 2:n\n"
                      "        a = Node(k, a)\n"
                      "    end\n"
                      "    nx = a.next\n"
                      "    second = isnothing(nx) ? 0 : nx.value\n"
                      "    return depth(a) * 100 + second\n"
                      "end\n",
                      {{"total", {Int64T}}, {"f", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *Total = J.get<int64_t(int64_t)>("julia_total_Int64");
  auto *F = J.get<int64_t(int64_t)>("julia_f_Int64");
  ASSERT_TRUE(Total && F);
  EXPECT_EQ(Total(0), 0);
  EXPECT_EQ(Total(10), 55);
  EXPECT_EQ(F(1), 100);
  EXPECT_EQ(F(5), 500 + 4);
}

TEST(Lower, UnionMisuseNamesTheVariable) {
  Program P = compile("mutable struct Node\n"
                      "    next::Union{Node, Nothing}\n"
                      "end\n"
                      "size1(t::Node) = 1\n"
                      "function f()\n"
                      "    x = Node(nothing).next\n"
                      "    return size1(x)\n"
                      "end\n"
                      "function g()\n"
                      "    x = Node(nothing).next\n"
                      "    return x.next === nothing\n"
                      "end\n"
                      "struct Loop\n"
                      "    inner::Loop\n"
                      "end\n"
                      "k() = length(Vector{Loop}(undef, 0))\n",
                      {{"f", {}}, {"g", {}}, {"k", {}}});
  EXPECT_NE(P.diagnostics().find(
                "test.jl:7:12: error: `x` is Union{Node, Nothing}: calling "
                "`size1` on it needs dynamic dispatch, which is not supported "
                "yet (test it against `nothing` first)"),
            std::string::npos)
      << P.diagnostics();
  EXPECT_NE(P.diagnostics().find("error: `x` is Union{Node, Nothing}: "
                                 "reading its field `next` needs dynamic "
                                 "dispatch"),
            std::string::npos)
      << P.diagnostics();
  EXPECT_NE(P.diagnostics().find("error: struct `Loop` contains itself by "
                                 "value: not supported yet"),
            std::string::npos)
      << P.diagnostics();
}

TEST(Lower, TopLevelStatementsBecomeAFunction) {
  Program P = compile("sq(x) = x * x\n"
                      "y = sq(3)\n",
                      {});
  ASSERT_EQ(P.diagnostics(), "");
  const Specialization *Top = P.spec("julia_toplevel");
  ASSERT_TRUE(Top);
  EXPECT_EQ(Top->Callees, std::vector<std::string>{"julia_sq_Int64"});
  EXPECT_TRUE(P.Lowered.Module->getFunction("julia_toplevel")
                  ->getReturnType()
                  ->isVoidTy());
}

TEST(Lower, SymbolsAreUnique) {
  Program P = compile("f_Int64() = 1\n"
                      "f(x) = 2\n"
                      "g(x) = f_Int64() + f(x)\n",
                      {{"g", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  EXPECT_EQ(P.spec("julia_g_Int64")->Callees,
            (std::vector<std::string>{"julia_f_Int64", "julia_f_Int64#2"}));
  Jit J(P);
  EXPECT_EQ(J.get<int64_t(int64_t)>("julia_g_Int64")(0), 3);
}

} // namespace

namespace {

TEST(Lower, LoopVariablesAreLocalToTheLoop) {
  Program P = compile("function sc(n)\n"
                      "    i = 100\n"
                      "    total = 0\n"
                      "    for i in 1:n\n"
                      "        total += i\n"
                      "        i = 50\n"
                      "    end\n"
                      "    i + total\n"
                      "end\n"
                      "same(b, x) = (b == x) + (true < x) * 10 + b * 100\n",
                      {{"sc", {Int64T}}, {"same", {BoolT, Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  // Assigning the loop variable neither changes the iteration nor the
  // outer `i`.
  EXPECT_EQ(J.get<int64_t(int64_t)>("julia_sc_Int64")(4), 110);
  auto *Same = J.get<int64_t(bool, int64_t)>("julia_same_Bool_Int64");
  EXPECT_EQ(Same(true, 1), 101);
  EXPECT_EQ(Same(true, 2), 110);
  EXPECT_EQ(Same(false, 0), 1);
}

TEST(Lower, IfValuesWithEarlyReturns) {
  Program P = compile("function sgn(x)\n"
                      "    if x < 0\n"
                      "        return -1\n"
                      "    elseif x == 0\n"
                      "        0\n"
                      "    else\n"
                      "        1\n"
                      "    end\n"
                      "end\n"
                      "function first(n)\n"
                      "    for i in 1:n\n"
                      "        i * i > 50 && return i\n"
                      "    end\n"
                      "    return -1\n"
                      "end\n",
                      {{"sgn", {Float64T}}, {"first", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *Sgn = J.get<int64_t(double)>("julia_sgn_Float64");
  EXPECT_EQ(Sgn(-2.5), -1);
  EXPECT_EQ(Sgn(0.0), 0);
  EXPECT_EQ(Sgn(3.0), 1);
  auto *First = J.get<int64_t(int64_t)>("julia_first_Int64");
  EXPECT_EQ(First(100), 8);
  EXPECT_EQ(First(5), -1);
}

TEST(Lower, ALoopLocalIsUndefinedAfterTheLoop) {
  Program P = compile("function after()\n"
                      "    for i in 1:3\n"
                      "        t = i\n"
                      "    end\n"
                      "    return t\n"
                      "end\n",
                      {{"after", {}}});
  ASSERT_EQ(P.Diags->errorCount(), 1u) << P.diagnostics();
  EXPECT_EQ(P.Diags->all()[0].Message,
            "`t` is not defined or not supported yet");
  Program Q = compile("function g(x)\n"
                      "    y = y + x\n"
                      "end\n",
                      {{"g", {Int64T}}});
  ASSERT_EQ(Q.Diags->errorCount(), 1u) << Q.diagnostics();
  EXPECT_EQ(Q.Diags->all()[0].Message,
            "`y` is used before it is assigned (UndefVarError)");
}

// Every program of the frontend's golden tests lowers without crashing,
// each function specialised on Float64 and on Int arguments; whatever has no
// error verifies (checked in compile()).
TEST(Lower, FrontendProgramsNeverCrash) {
  for (const char *Name :
       {"blog_test1", "blog_test2", "blog_test3", "blog_test4", "blog_test5",
        "blog_test6", "errors", "pid", "quadratic", "syntax_tour"}) {
    std::string Text =
        readFile(std::string(JLREMOTE_FRONTEND_TESTDATA) + "/" + Name + ".jl");
    frontend::Source Src("probe.jl", Text);
    frontend::Diagnostics Diags(Src);
    frontend::BlockPtr Tree = frontend::parseFile(Src, Diags);
    if (Diags.hasErrors())
      continue; // the parser's own error tests
    for (JType ArgT : {Float64T, Int64T}) {
      std::vector<Entry> Entries;
      for (const frontend::NodePtr &N : Tree->Stmts)
        if (auto *F = frontend::dynCast<frontend::Function>(N.get()))
          if (auto *Id = frontend::dynCast<frontend::Identifier>(F->Name.get()))
            Entries.push_back(
                {Id->Name, std::vector<JType>(F->Params.size(), ArgT)});
      auto Target = compiler::targetForArch(kArchX86_64);
      llvm::LLVMContext Ctx;
      frontend::Diagnostics LowerDiags(Src);
      ModuleBuilder Builder(*Tree, *Target, Ctx, LowerDiags);
      for (const Entry &E : Entries)
        // Methods on user types have no Float64/Int specialisation.
        llvm::consumeError(Builder.request(E.Name, E.Args).takeError());
      LoweredModule M = Builder.build();
      if (!LowerDiags.hasErrors())
        EXPECT_FALSE(llvm::verifyModule(*M.Module, &llvm::errs())) << Name;
      for (const frontend::Diagnostic &D : LowerDiags.all())
        EXPECT_LE(D.Range.End, Src.size()) << Name;
    }
  }
}

} // namespace

namespace {

// Golden IR: each testdata/NAME.jl names its entry points in a
// `# lower: f(Int) g(Float64, Int32)` line (and optionally `# arch:
// thumbv7m`); its IR must equal NAME.ll. JLREMOTE_UPDATE_GOLDEN=1 rewrites
// the .ll files. The verifier runs in compile().
TEST(LowerGolden, ProgramsMatchTheirIR) {
  namespace fs = std::filesystem;
  const bool Update = std::getenv("JLREMOTE_UPDATE_GOLDEN") != nullptr;
  unsigned Count = 0;
  for (const fs::directory_entry &DE :
       fs::directory_iterator(JLREMOTE_LOWER_TESTDATA)) {
    if (DE.path().extension() != ".jl")
      continue;
    ++Count;
    SCOPED_TRACE(DE.path().string());
    std::string Text = readFile(DE.path().string());
    std::smatch M;
    uint8_t Arch = kArchX86_64;
    if (std::regex_search(Text, M, std::regex("# arch: (\\w+)")))
      Arch = M[1] == "thumbv7m" ? kArchThumbV7M : kArchX86_64;
    JType Int = Arch == kArchX86_64 ? Int64T : Int32T;
    std::map<std::string, JType> Names = {
        {"Int", Int},
        {"Int32", Int32T},
        {"Int64", Int64T},
        {"Float32", Float32T},
        {"Float64", Float64T},
        {"Bool", BoolT},
        {"Vector{Float64}",
         typeOf(TypeNode::get(TypeNode::Kind::Vector, "", {Float64T}, {}))},
        {"Matrix{Float64}",
         typeOf(TypeNode::get(TypeNode::Kind::Matrix, "", {Float64T}, {}))}};
    ASSERT_TRUE(std::regex_search(Text, M, std::regex("# lower: ([^\n]*)")));
    std::string Line = M[1];
    std::vector<Entry> Entries;
    std::regex Call("(\\w+)\\(([^)]*)\\)");
    for (auto It = std::sregex_iterator(Line.begin(), Line.end(), Call);
         It != std::sregex_iterator(); ++It) {
      Entry E{(*It)[1], {}};
      std::string Args = (*It)[2];
      std::regex Word("[\\w{}]+");
      for (auto A = std::sregex_iterator(Args.begin(), Args.end(), Word);
           A != std::sregex_iterator(); ++A) {
        ASSERT_TRUE(Names.count(A->str())) << A->str();
        E.Args.push_back(Names[A->str()]);
      }
      Entries.push_back(E);
    }
    // Compiled as test.jl: the IR does not depend on the checkout's path.
    Program P = compile(Text, Entries, Arch);
    ASSERT_EQ(P.diagnostics(), "");
    std::string IR = P.ir();
    fs::path Golden = fs::path(DE.path()).replace_extension(".ll");
    if (Update) {
      std::ofstream(Golden) << IR;
      continue;
    }
    EXPECT_EQ(IR, readFile(Golden.string()))
        << "JLREMOTE_UPDATE_GOLDEN=1 regenerates " << Golden;
  }
  EXPECT_GE(Count, 3u);
}

} // namespace

// A throw site's text for its payload, as the host writes it (enough of
// Julia's printing for these tests: integers, Float64, Bool and structs of
// them, which print and show alike).
std::string valueText(const JType &T, const std::vector<uint8_t> &Bytes,
                      size_t &At) {
  if (const TypeNode *N = T.node()) {
    std::string S = N->Name + "(";
    for (size_t K = 0; K < N->Fields.size(); ++K)
      S += (K ? ", " : "") + valueText(N->Fields[K], Bytes, At);
    return S + ")";
  }
  if (T == Int64T || T == Int32T) {
    int64_t V =
        T == Int64T ? readAt<int64_t>(Bytes, At) : readAt<int32_t>(Bytes, At);
    At += T == Int64T ? 8 : 4;
    return std::to_string(V);
  }
  if (T == BoolT)
    return Bytes.at(At++) ? "true" : "false";
  EXPECT_EQ(T, Float64T) << typeName(T);
  double V = readAt<double>(Bytes, At);
  At += 8;
  // Julia's shortest form: 3.5, -1.0, 1.0e100.
  char Buf[32];
  for (int Digits = 1; Digits <= 17; ++Digits) {
    std::snprintf(Buf, sizeof Buf, "%.*g", Digits, V);
    if (std::strtod(Buf, nullptr) == V)
      break;
  }
  std::string S = Buf;
  size_t E = S.find('e');
  std::string Mantissa = S.substr(0, E);
  if (Mantissa.find('.') == std::string::npos)
    Mantissa += ".0";
  if (E == std::string::npos)
    return Mantissa;
  int Exp = std::atoi(S.c_str() + E + 1);
  return Mantissa + "e" + std::to_string(Exp);
}

std::string siteText(const PrintFormat &F, const std::vector<uint8_t> &Bytes) {
  std::string S;
  size_t At = 0;
  for (const PrintPiece &P : F.Pieces)
    S += P.TheKind == PrintPiece::Literal ? P.Text
                                          : valueText(P.Type, Bytes, At);
  EXPECT_EQ(At, Bytes.size()) << "payload bytes left over";
  return S;
}

const char *ExceptionTypes =
    "abstract type AppError <: Exception end\n"
    "struct MyError <: AppError\n    code::Int\nend\n"
    "struct Other <: Exception\n    x::Float64\n    ok::Bool\nend\n";

TEST(LowerExceptions, EveryKindCaughtByType) {
  Program P = compile(
      std::string(ExceptionTypes) +
          "function raise(k)\n"
          "    v = [1.0, 2.0, 3.0]\n"
          "    if k == 1\n        error(\"boom\")\n"
          "    elseif k == 2\n        v[k + 2]\n"
          "    elseif k == 3\n        div(k, 0)\n"
          "    elseif k == 4\n        Int(v[1] + 2.5)\n"
          "    elseif k == 5\n        Base.checked_add(typemax(Int), 1)\n"
          "    elseif k == 6\n        sqrt(-v[1])\n"
          "    elseif k == 7\n        throw(ArgumentError(\"bad\"))\n"
          "    elseif k == 8\n        @assert k < 0\n"
          "    elseif k == 9\n        throw(OutOfMemoryError())\n"
          "    elseif k == 10\n        throw(MyError(42))\n"
          "    elseif k == 11\n        throw(Other(0.5, true))\n"
          "    elseif k == 12\n        throw(DomainError(k, \"k = $k\"))\n"
          "    elseif k == 13\n        throw(OverflowError(\"too big\"))\n"
          "    end\n"
          "    return 0\n"
          "end\n"
          "function kind(k)\n"
          "    try\n        raise(k)\n"
          "    catch e\n"
          "        if e isa MyError\n            return 100 + e.code\n"
          "        elseif e isa AppError\n            return -1\n"
          "        elseif e isa Other && e.ok\n"
          "            return 200 + Int(2 * e.x)\n"
          "        end\n"
          "        e isa ErrorException && return 1\n"
          "        e isa BoundsError && return 2\n"
          "        e isa DivideError && return 3\n"
          "        e isa InexactError && return 4\n"
          "        e isa OverflowError && return 5\n"
          "        e isa DomainError && return 6\n"
          "        e isa ArgumentError && return 7\n"
          "        e isa AssertionError && return 8\n"
          "        e isa OutOfMemoryError && return 9\n"
          "        return -2\n"
          "    end\n"
          "end\n",
      {{"kind", {Int64T}}, {"raise", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  const std::vector<ThrowSite> Throws = P.Lowered.Throws;
  ASSERT_FALSE(Throws.empty());
  EXPECT_EQ(Throws[0].TypeId, typeId(ExceptionType::OutOfMemoryError));
  Jit J(P);
  auto *Kind = J.get<int64_t(int64_t)>("julia_kind_Int64");
  auto *Raise = J.get<int64_t(int64_t)>("julia_raise_Int64");
  ASSERT_TRUE(Kind && Raise);
  std::vector<int64_t> Got;
  for (int64_t K = 0; K <= 13; ++K)
    Got.push_back(errorOf([&] { Got.push_back(Kind(K)); }) ? -99 : Got.back());
  // Each kind, caught: the `isa` chain saw its type id.
  std::vector<int64_t> Want{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 142, 201, 6, 5};
  ASSERT_EQ(Got.size(), 2 * Want.size());
  for (size_t K = 0; K < Want.size(); ++K)
    EXPECT_EQ(Got[2 * K], Want[K]) << "kind " << K;
  // Uncaught: the site's Message over the payload is Julia's showerror.
  std::vector<std::pair<uint32_t, std::string>> Messages{
      {1, "boom"},
      {2, "BoundsError: attempt to access 3-element Vector{Float64} at "
          "index [4]"},
      {3, "DivideError: integer division error"},
      {4, "InexactError: Int64(3.5)"},
      {5, "OverflowError: 9223372036854775807 + 1 overflowed for type Int64"},
      {6, "DomainError with -1.0:\nsqrt was called with a negative real "
          "argument but will only return a complex result if called with a "
          "complex argument. Try sqrt(Complex(x))."},
      {7, "ArgumentError: bad"},
      {8, "AssertionError: k < 0"},
      {9, "OutOfMemoryError()"},
      {10, "MyError(42)"},
      {12, "DomainError with 12:\nk = 12"},
      {13, "OverflowError: too big"}};
  for (auto &[K, Text] : Messages) {
    ASSERT_NE(errorOf([&] { Raise(K); }), 0u) << K;
    ASSERT_LT(Uncaught.Site, Throws.size());
    const ThrowSite &Site = Throws[Uncaught.Site];
    EXPECT_EQ(Site.TypeId, Uncaught.Type);
    EXPECT_EQ(siteText(Site.Message, Uncaught.Payload), Text) << K;
  }
  // show(e): what print writes, where it is faithful.
  auto ShownOf = [&](int64_t K) {
    errorOf([&] { Raise(K); });
    return siteText(Throws[Uncaught.Site].Shown, Uncaught.Payload);
  };
  EXPECT_EQ(ShownOf(1), "ErrorException(\"boom\")");
  EXPECT_EQ(ShownOf(3), "DivideError()");
  EXPECT_EQ(ShownOf(4), "InexactError(:Int64, Int64, 3.5)");
  EXPECT_EQ(ShownOf(7), "ArgumentError(\"bad\")");
  EXPECT_EQ(ShownOf(8), "AssertionError(\"k < 0\")");
  EXPECT_EQ(ShownOf(10), "MyError(42)");
  EXPECT_EQ(ShownOf(12), "DomainError(12, \"k = 12\")");
  EXPECT_TRUE(Throws[0].Shown.Pieces.size() == 1);
  errorOf([&] { Raise(2); });
  EXPECT_TRUE(Throws[Uncaught.Site].Shown.Pieces.empty()); // holds the array
}

TEST(LowerExceptions, ConversionAndMatrixMessages) {
  Program P = compile("big(x) = floor(Int, x)\n"
                      "narrow(x) = Int8(x)\n"
                      "sign(x) = UInt64(x)\n"
                      "cell(i, j) = zeros(2, 3)[i, j]\n"
                      "power(p) = 2^p\n"
                      "arraysize(d) = size(zeros(2, 2), d)\n",
                      {{"big", {Float64T}},
                       {"narrow", {Int64T}},
                       {"sign", {Int64T}},
                       {"cell", {Int64T, Int64T}},
                       {"power", {Int64T}},
                       {"arraysize", {Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  const std::vector<ThrowSite> Throws = P.Lowered.Throws;
  Jit J(P);
  auto Message = [&](auto Body) {
    EXPECT_NE(errorOf(Body), 0u);
    return siteText(Throws.at(Uncaught.Site).Message, Uncaught.Payload);
  };
  auto *Big = J.get<int64_t(double)>("julia_big_Float64");
  auto *Narrow = J.get<int8_t(int64_t)>("julia_narrow_Int64");
  auto *Sign = J.get<uint64_t(int64_t)>("julia_sign_Int64");
  auto *Cell = J.get<double(int64_t, int64_t)>("julia_cell_Int64_Int64");
  auto *Power = J.get<int64_t(int64_t)>("julia_power_Int64");
  auto *ArraySize = J.get<int64_t(int64_t)>("julia_arraysize_Int64");
  ASSERT_TRUE(Big && Narrow && Sign && Cell && Power && ArraySize);
  EXPECT_EQ(Message([&] { Big(1e100); }),
            "InexactError: trunc(Int64, 1.0e100)");
  EXPECT_EQ(Message([&] { Narrow(300); }), "InexactError: trunc(Int8, 300)");
  EXPECT_EQ(Message([&] { Sign(-1); }),
            "InexactError: check_top_bit(UInt64, -1)");
  EXPECT_EQ(Message([&] { Cell(3, 1); }),
            "BoundsError: attempt to access 2×3 Matrix{Float64} at index "
            "[3, 1]");
  EXPECT_EQ(Message([&] { Power(-1); }),
            "DomainError with -1:\nCannot raise an integer x to a negative "
            "power -1.\nMake x or -1 a float by adding a zero decimal "
            "(e.g., 2.0^-1 or 2^-1.0 instead of 2^-1) or write 1/x^1, "
            "float(x)^-1, x^float(-1) or (x//1)^-1.");
  EXPECT_EQ(Message([&] { ArraySize(0); }),
            "arraysize: dimension out of range");
  EXPECT_EQ(Power(10), 1024);
  EXPECT_EQ(Narrow(-128), -128);
}

TEST(LowerExceptions, FinallyRunsOnEveryPath) {
  Program P = compile(
      "function digits(log)\n    s = 0\n"
      "    for x in log\n        s = 100s + x\n    end\n    s\nend\n"
      "function nested(k)\n"
      "    log = Int[]\n"
      "    try\n"
      "        try\n"
      "            push!(log, 1)\n"
      "            k == 1 && error(\"inner\")\n"
      "            push!(log, 2)\n"
      "        finally\n"
      "            push!(log, 3)\n"
      "        end\n"
      "        push!(log, 4)\n"
      "    catch e\n"
      "        push!(log, 5)\n"
      "    end\n"
      "    digits(log)\n"
      "end\n"
      "function loops(n)\n"
      "    log = Int[]\n"
      "    for i in 1:n\n"
      "        try\n"
      "            i == 2 && continue\n"
      "            i == 4 && break\n"
      "            push!(log, i)\n"
      "        finally\n"
      "            push!(log, 10i)\n"
      "        end\n"
      "    end\n"
      "    digits(log)\n"
      "end\n"
      "function leave(p::Ptr{Int64}, x)\n"
      "    try\n"
      "        try\n"
      "            x > 0 && return 2x\n"
      "        finally\n"
      "            unsafe_store!(p, unsafe_load(p) + 1)\n"
      "        end\n"
      "    finally\n"
      "        unsafe_store!(p, unsafe_load(p) * 10)\n"
      "    end\n"
      "    return -1\n"
      "end\n"
      "function assigned(k)\n"
      "    x = 1\n"
      "    try\n"
      "        x = 2\n"
      "        k > 0 && error(\"e\")\n"
      "        x = 3\n"
      "    catch\n"
      "        x = 10x\n"
      "    end\n"
      "    x\n"
      "end\n"
      "safe_div(a, b) = try\n    a ÷ b\ncatch\n    0\nend\n",
      {{"nested", {Int64T}},
       {"loops", {Int64T}},
       {"leave",
        {typeOf(TypeNode::get(TypeNode::Kind::Ptr, "", {Int64T}, {})), Int64T}},
       {"assigned", {Int64T}},
       {"safe_div", {Int64T, Int64T}}});
  ASSERT_EQ(P.diagnostics(), "");
  Jit J(P);
  auto *Nested = J.get<int64_t(int64_t)>("julia_nested_Int64");
  auto *Loops = J.get<int64_t(int64_t)>("julia_loops_Int64");
  auto *Leave =
      J.get<int64_t(int64_t *, int64_t)>("julia_leave_Ptr{Int64}_Int64");
  auto *Assigned = J.get<int64_t(int64_t)>("julia_assigned_Int64");
  auto *SafeDiv =
      J.get<int64_t(int64_t, int64_t)>("julia_safe_div_Int64_Int64");
  ASSERT_TRUE(Nested && Loops && Leave && Assigned && SafeDiv);
  int64_t R = 0;
  EXPECT_EQ(errorOf([&] { R = Nested(0); }), 0u);
  EXPECT_EQ(R, 1020304);
  EXPECT_EQ(errorOf([&] { R = Nested(1); }), 0u);
  EXPECT_EQ(R, 10305); // the inner finally ran before the outer catch
  EXPECT_EQ(errorOf([&] { R = Loops(5); }), 0u);
  EXPECT_EQ(R, 11020033040); // 1 10 20 3 30 40
  int64_t Cell = 0;
  EXPECT_EQ(errorOf([&] { R = Leave(&Cell, 4); }), 0u);
  EXPECT_EQ(R, 8);
  EXPECT_EQ(Cell, 10); // both finally bodies, inner first
  Cell = 0;
  EXPECT_EQ(errorOf([&] { R = Leave(&Cell, -4); }), 0u);
  EXPECT_EQ(R, -1);
  EXPECT_EQ(Cell, 10);
  EXPECT_EQ(Assigned(0), 3);
  EXPECT_EQ(Assigned(1), 20); // the catch sees the try's last assignment
  EXPECT_EQ(SafeDiv(7, 2), 3);
  EXPECT_EQ(SafeDiv(7, 0), 0);
}

TEST(LowerExceptions, RethrowAndUncaughtThroughFinally) {
  Program P = compile(
      std::string(ExceptionTypes) +
          "function inner(k)\n"
          "    try\n"
          "        k == 1 && throw(MyError(k))\n"
          "        error(\"other \", k)\n"
          "    catch e\n"
          "        e isa MyError || rethrow()\n"
          "        return e.code\n"
          "    end\n"
          "end\n"
          "function outer(k)\n"
          "    try\n        return inner(k)\n"
          "    catch e2\n"
          "        return e2 isa ErrorException ? -1 : -2\n"
          "    end\n"
          "end\n"
          "function through(p::Ptr{Int64})\n"
          "    try\n        throw(e_of(3))\n"
          "    finally\n        unsafe_store!(p, 5)\n    end\n"
          "end\n"
          "e_of(x) = MyError(x)\n",
      {{"outer", {Int64T}},
       {"inner", {Int64T}},
       {"through",
        {typeOf(TypeNode::get(TypeNode::Kind::Ptr, "", {Int64T}, {}))}}});
  ASSERT_EQ(P.diagnostics(), "");
  const std::vector<ThrowSite> Throws = P.Lowered.Throws;
  Jit J(P);
  auto *Outer = J.get<int64_t(int64_t)>("julia_outer_Int64");
  auto *Inner = J.get<int64_t(int64_t)>("julia_inner_Int64");
  auto *Through = J.get<void(int64_t *)>("julia_through_Ptr{Int64}");
  ASSERT_TRUE(Outer && Inner && Through);
  EXPECT_EQ(Outer(1), 1);
  EXPECT_EQ(Outer(0), -1);
  // rethrow() sends the same object on: its site is the first throw's.
  EXPECT_EQ(errorOf([&] { Inner(2); }), typeId(ExceptionType::ErrorException));
  EXPECT_EQ(siteText(Throws.at(Uncaught.Site).Message, Uncaught.Payload),
            "other 2");
  int64_t Cell = 0;
  EXPECT_EQ(errorOf([&] { Through(&Cell); }),
            typeId(ExceptionType::FirstUserException));
  EXPECT_EQ(Cell, 5);
  EXPECT_EQ(siteText(Throws.at(Uncaught.Site).Message, Uncaught.Payload),
            "MyError(3)");
}

TEST(LowerExceptions, PrintedExceptionsHaveACallOfTheirOwn) {
  Program P = compile(std::string(ExceptionTypes) +
                          "try\n"
                          "    throw(MyError(7))\n"
                          "catch e\n"
                          "    println(\"caught \", e, \"!\")\n"
                          "    showerror(stdout, e)\n"
                          "end\n",
                      {});
  ASSERT_EQ(P.diagnostics(), "");
  std::vector<PrintFormat> Formats = P.Lowered.Formats;
  Jit J(P);
  auto *Top = J.get<void()>("julia_toplevel");
  ASSERT_TRUE(Top);
  EXPECT_EQ(errorOf([&] { Top(); }), 0u);
  ASSERT_EQ(Printed.size(), 2u);
  // {site, size, payload}: MyError's Int64 field.
  for (const PrintCall &C : Printed) {
    ASSERT_EQ(C.Bytes.size(), 16u);
    EXPECT_EQ(readAt<uint32_t>(C.Bytes, 4), 8u);
    EXPECT_EQ(readAt<int64_t>(C.Bytes, 8), 7);
  }
  const PrintFormat &Line = Formats.at(Printed[0].Format);
  ASSERT_EQ(Line.Pieces.size(), 3u);
  EXPECT_EQ(Line.Pieces[0].Text, "caught ");
  EXPECT_EQ(Line.Pieces[1].TheKind, PrintPiece::Exception);
  EXPECT_EQ(Line.Pieces[2].Text, "!\n");
  const PrintFormat &Error = Formats.at(Printed[1].Format);
  ASSERT_EQ(Error.Pieces.size(), 1u);
  EXPECT_EQ(Error.Pieces[0].TheKind, PrintPiece::ExceptionMessage);
}

TEST(LowerExceptions, TryCompilesForThumb) {
  Program P = compile(
      std::string(ExceptionTypes) +
          "function f(v, i)\n"
          "    try\n        return v[i]\n"
          "    catch e\n"
          "        e isa BoundsError && return -1.0\n"
          "        rethrow()\n"
          "    finally\n        println(\"done\")\n    end\n"
          "end\n",
      {{"f",
        {typeOf(TypeNode::get(TypeNode::Kind::Vector, "", {Float64T}, {})),
         Int32T}}},
      kArchThumbV7M);
  ASSERT_EQ(P.diagnostics(), "");
  auto Target = compiler::targetForArch(kArchThumbV7M);
  ASSERT_TRUE(bool(Target));
  auto Obj =
      compiler::emitObject(*P.Lowered.Module, *Target, compiler::OptLevel::O2);
  ASSERT_TRUE(bool(Obj)) << llvm::toString(Obj.takeError());
}

// The e2e programs of exceptions lower cleanly for both word sizes (their
// output is checked end to end on the devices).
TEST(LowerExceptions, EndToEndProgramsLower) {
  namespace fs = std::filesystem;
  size_t Count = 0;
  for (const fs::directory_entry &E :
       fs::directory_iterator(JLREMOTE_E2E_EXCEPTIONS)) {
    if (E.path().extension() != ".jl")
      continue;
    ++Count;
    for (uint8_t Arch : {kArchX86_64, kArchThumbV7M}) {
      Program P = compile(readFile(E.path().string()), {}, Arch);
      EXPECT_EQ(P.diagnostics(), "") << E.path();
    }
  }
  EXPECT_GT(Count, 20u);
}
