//===--- Contexts.h - where code runs: event loops, threads, Python -------===//
//
// Decides which function bodies are async contexts (they run on an event
// loop) and how findings name them.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_CONTEXTS_H
#define TASKFIT_CHECKER_ANALYSIS_CONTEXTS_H

#include "clang/AST/Decl.h"
#include <string>

namespace clang::tidy::taskfit {

/// True if \p FD's body is a C++20 coroutine (it uses co_await, co_yield or
/// co_return).
bool isCoroutine(const FunctionDecl &FD);

/// How a finding names a function: "'load'", "'Session::run'", or
/// "'lambda in main'".
std::string describeFunction(const FunctionDecl &FD);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_CONTEXTS_H
