// Print sites on the host. The compiler numbers every `print`, `println`,
// `@show` and interpolated string of a program (lower::LoweredModule::
// Formats); the device sends only the site's number and its values' bytes
// (runtime slot jlremote_print). PrintSites turns the pair into the text
// Julia writes: literal pieces as they are, values through host::printValue
// or host::showValue (host_daemon/julia_print.h) in the order they were
// sent.
//
// Throw sites (lower::LoweredModule::Throws) are formatted the same way:
// an exception carries its site and the values of the site's Message (its
// payload). `message` is what `showerror` writes (after `ERROR: ` when it is
// uncaught), `shown` what `show`/`print` write; a caught exception printed
// by Julia code is a print piece (Exception, ExceptionMessage) whose value is
// {UInt32 site, UInt32 size, payload}.
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
  /// Every type in `Formats` and `Throws` must be concrete: a site that
  /// could not be printed is refused before the program runs.
  static llvm::Expected<PrintSites>
  create(const std::vector<lower::PrintFormat> &Formats,
         const std::vector<lower::ThrowSite> &Throws, PrintTarget Target);

  /// The text print site `Format` writes for `Values`. An unknown site, or
  /// bytes that do not match its values, is an error naming the site and
  /// the sizes.
  llvm::Expected<std::string> format(uint32_t Format,
                                     llvm::ArrayRef<uint8_t> Values) const;

  /// showerror's text for an exception from throw site `Site` with
  /// `Payload`, e.g. "BoundsError: attempt to access 3-element
  /// Vector{Float64} at index [4]". Errors as for format().
  llvm::Expected<std::string> message(uint32_t Site,
                                      llvm::ArrayRef<uint8_t> Payload) const;
  /// show's text for the same (what print, println and string write): the
  /// site's Shown, or `TypeName(...)` when the compiler could not describe
  /// it faithfully (the exception holds what the device cannot send).
  llvm::Expected<std::string> shown(uint32_t Site,
                                    llvm::ArrayRef<uint8_t> Payload) const;

private:
  struct Piece {
    lower::PrintPiece::Kind Kind;
    std::string Text;              // Literal
    std::optional<JuliaType> Type; // Print, Show
  };
  using Pieces = std::vector<Piece>;
  struct Throw {
    std::string TypeName;
    Pieces Message, Shown;
  };
  PrintSites(std::vector<Pieces> Sites, std::vector<Throw> Throws,
             PrintTarget Target)
      : Sites(std::move(Sites)), Throws(std::move(Throws)), Target(Target) {}

  static llvm::Expected<Pieces> convert(const lower::PrintFormat &Format);
  // Appends what `Format` writes for the values at the front of `Rest` to
  // Out, consuming them.
  llvm::Error render(const Pieces &Format, llvm::ArrayRef<uint8_t> &Rest,
                     std::string &Out) const;
  llvm::Error renderException(lower::PrintPiece::Kind Kind,
                              llvm::ArrayRef<uint8_t> &Rest,
                              std::string &Out) const;
  // `Kind` Exception: show's text, ExceptionMessage: showerror's.
  llvm::Expected<std::string> throwText(lower::PrintPiece::Kind Kind,
                                        uint32_t Site,
                                        llvm::ArrayRef<uint8_t> Payload) const;

  std::vector<Pieces> Sites;
  std::vector<Throw> Throws;
  PrintTarget Target;
};

} // namespace jlremote::host
