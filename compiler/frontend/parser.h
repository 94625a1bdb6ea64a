// Recursive-descent parser for the Julia subset, with Julia's operator
// precedence and newline rules. Syntax errors and constructs outside the
// subset are reported to Diagnostics; parsing resumes at the next statement,
// so one run reports several errors. Never throws, always terminates.
#ifndef JLREMOTE_COMPILER_FRONTEND_PARSER_H
#define JLREMOTE_COMPILER_FRONTEND_PARSER_H

#include "compiler/frontend/ast.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/source.h"

namespace jlremote::frontend {

/// Parses a whole file into its top-level block. The tree is complete even
/// with errors (ErrorNode marks what could not be parsed); callers check
/// Diags.hasErrors() before lowering.
BlockPtr parseFile(const Source &Src, Diagnostics &Diags);

} // namespace jlremote::frontend

#endif
