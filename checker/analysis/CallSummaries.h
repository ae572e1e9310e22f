//===--- CallSummaries.h - the calls a function body makes ----------------===//
//
// Collects the call sites of one function body in evaluation order, leaving
// out code that does not run there and then: bodies of lambdas and local
// classes defined in it (they run when called, maybe on another executor),
// and unevaluated operands (sizeof, decltype, noexcept, requires).
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_CALLSUMMARIES_H
#define TASKFIT_CHECKER_ANALYSIS_CALLSUMMARIES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::taskfit {

/// One call or construction in a body, with the function it names.
struct CallSite {
  const Expr *Call;
  const FunctionDecl *Callee;
};

/// The body that runs when \p FD is called: a coroutine's own statements
/// without the compiler's promise plumbing.
const Stmt *getRunBody(const FunctionDecl &FD);

/// Every call site in \p Body that runs as part of it.
void collectCallSites(const Stmt *Body, llvm::SmallVectorImpl<CallSite> &Out);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_CALLSUMMARIES_H
