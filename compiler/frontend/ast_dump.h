// A stable, S-expression dump of the syntax tree, close to Julia's
// `Meta.show_sexpr`, for golden tests and debugging. Blocks put each
// statement on its own line.
#ifndef JLREMOTE_COMPILER_FRONTEND_AST_DUMP_H
#define JLREMOTE_COMPILER_FRONTEND_AST_DUMP_H

#include "compiler/frontend/ast.h"
#include "compiler/frontend/source.h"

#include <string>

namespace jlremote::frontend {

/// Without Src the dump has no positions; with it, every node is followed by
/// `@line:col-line:col` (its range, the end column exclusive).
std::string dumpAst(const Node &Root, const Source *Src = nullptr);

} // namespace jlremote::frontend

#endif
