// Print sites on the host. The compiler numbers every `print`, `println`,
// `@show` and interpolated string of a program (lower::LoweredModule::
// Formats); the device sends only the site's number and its values' bytes
// (runtime slot jlremote_print). PrintSites turns the pair into the text
// Julia writes: literal pieces as they are, values through host::printValue
// or host::showValue (host_daemon/julia_print.h) in the order they were
// sent.
#pragma once

#include "julia_print.h"

#include "compiler/lower/lower.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jlremote::host {

/// The printing view of a concrete lowered type. A Union, `Union{}` or a
/// type whose problem was reported is an error naming it.
llvm::Expected<JuliaType> juliaTypeOf(const lower::JType &T);

class PrintSites {
public:
  /// Every type in `Formats` must be concrete: a site that could not be
  /// printed is refused before the program runs.
  static llvm::Expected<PrintSites>
  create(const std::vector<lower::PrintFormat> &Formats, PrintTarget Target);

  /// The text print site `Format` writes for `Values`. An unknown site, or
  /// bytes that do not match its values, is an error naming the site and
  /// the sizes.
  llvm::Expected<std::string> format(uint32_t Format,
                                     llvm::ArrayRef<uint8_t> Values) const;

private:
  struct Piece {
    lower::PrintPiece::Kind Kind;
    std::string Text;              // Literal
    std::optional<JuliaType> Type; // Print, Show
  };
  PrintSites(std::vector<std::vector<Piece>> Sites, PrintTarget Target)
      : Sites(std::move(Sites)), Target(Target) {}

  std::vector<std::vector<Piece>> Sites;
  PrintTarget Target;
};

} // namespace jlremote::host
