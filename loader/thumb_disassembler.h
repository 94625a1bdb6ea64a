// Test support: LLVM's own Thumb disassembler, to check the bits the loader
// writes against an independent decoder.
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/MC/MCAsmInfo.h"
#include "llvm/MC/MCContext.h"
#include "llvm/MC/MCDisassembler/MCDisassembler.h"
#include "llvm/MC/MCInst.h"
#include "llvm/MC/MCInstPrinter.h"
#include "llvm/MC/MCInstrInfo.h"
#include "llvm/MC/MCRegisterInfo.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/MCTargetOptions.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>
#include <string>

namespace jlremote::loader {

class ThumbDisassembler {
public:
  explicit ThumbDisassembler(llvm::StringRef Cpu)
      : TheTriple("thumbv7m-none-eabi") {
    LLVMInitializeARMTargetInfo();
    LLVMInitializeARMTargetMC();
    LLVMInitializeARMDisassembler();
    std::string Error;
    const llvm::Target *T =
        llvm::TargetRegistry::lookupTarget(TheTriple.str(), Error);
    Registers.reset(T->createMCRegInfo(TheTriple.str()));
    llvm::MCTargetOptions Options;
    AsmInfo.reset(T->createMCAsmInfo(*Registers, TheTriple.str(), Options));
    Subtarget.reset(T->createMCSubtargetInfo(TheTriple.str(), Cpu, ""));
    Instructions.reset(T->createMCInstrInfo());
    Context = std::make_unique<llvm::MCContext>(
        TheTriple, AsmInfo.get(), Registers.get(), Subtarget.get());
    Disassembler.reset(T->createMCDisassembler(*Subtarget, *Context));
    Printer.reset(T->createMCInstPrinter(TheTriple, 0, *AsmInfo, *Instructions,
                                         *Registers));
  }

  // The instructions in `Bytes`, "; "-separated, single spaces.
  std::string operator()(llvm::ArrayRef<uint8_t> Bytes) const {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    for (uint64_t Offset = 0; Offset < Bytes.size();) {
      llvm::MCInst Inst;
      uint64_t Size;
      if (Disassembler->getInstruction(Inst, Size, Bytes.slice(Offset), Offset,
                                       llvm::nulls()) !=
          llvm::MCDisassembler::Success)
        return "<invalid at " + std::to_string(Offset) + ">";
      if (Offset)
        OS << "; ";
      std::string One;
      llvm::raw_string_ostream InstOS(One);
      Printer->printInst(&Inst, Offset, "", *Subtarget, InstOS);
      for (char &C : One)
        if (C == '\t')
          C = ' ';
      OS << llvm::StringRef(One).trim();
      Offset += Size;
    }
    return Text;
  }

private:
  llvm::Triple TheTriple;
  std::unique_ptr<llvm::MCRegisterInfo> Registers;
  std::unique_ptr<llvm::MCAsmInfo> AsmInfo;
  std::unique_ptr<llvm::MCSubtargetInfo> Subtarget;
  std::unique_ptr<llvm::MCInstrInfo> Instructions;
  std::unique_ptr<llvm::MCContext> Context;
  std::unique_ptr<llvm::MCDisassembler> Disassembler;
  std::unique_ptr<llvm::MCInstPrinter> Printer;
};

} // namespace jlremote::loader
