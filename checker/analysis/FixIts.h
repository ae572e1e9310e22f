//===--- FixIts.h - rewrites toward the taskfit runtime -------------------===//
//
// Plans the fix-its for work found in a coroutine: a blocking sleep becomes
// an awaited timer, other blocking calls (and calls that reach blocking or
// CPU-heavy work) are offloaded to the right pool and awaited, and a heavy
// loop is offloaded whole. A fix is offered only where the result compiles;
// otherwise the plan says why not.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_FIXITS_H
#define TASKFIT_CHECKER_ANALYSIS_FIXITS_H

#include "CallSummaries.h"
#include "Contexts.h"
#include "LoopCost.h"
#include "ThreadSpawns.h"
#include "clang/Basic/Diagnostic.h"
#include <string>

namespace clang::tidy::taskfit {

struct FixPlan {
  llvm::SmallVector<FixItHint, 1> Hints;
  /// Headers the rewritten code needs, spelled with their brackets.
  llvm::SmallVector<std::string, 2> Headers;
  /// Why there is no fix, when that is worth a note (empty otherwise).
  std::string WhyNot;
};

/// A fix for \p Site in the coroutine \p C: \p Work is what the call does
/// (Direct) or reaches through its callee (not Direct).
FixPlan planCallFix(const RunContext &C, const CallSite &Site,
                    const WorkItem &Work, bool Direct, ASTContext &Ctx);

/// A fix that offloads a whole heavy loop written in the coroutine \p C.
FixPlan planLoopFix(const RunContext &C, const HeavyLoop &Loop,
                    ASTContext &Ctx);

/// How the code at \p Loc names the namespace \p Library ("pybind11"): the
/// last alias of it declared before Loc in a scope around Loc
/// (`namespace py = pybind11;`), else the namespace itself.
std::string namespaceSpelling(llvm::StringRef Library, SourceLocation Loc,
                              ASTContext &Ctx);

/// A fix that releases the GIL for the whole call of a pybind11 / nanobind
/// binding \p C: `py::call_guard<py::gil_scoped_release>()` added to its
/// def() call, spelled with the namespace alias the file uses.
FixPlan planGilReleaseFix(const RunContext &C, ASTContext &Ctx);

/// A fix for threads started in a loop into a container that only exists to
/// join them later in the same function: the container holds futures of
/// \p Pool ("io_pool" / "cpu_pool") tasks instead, and each join becomes
/// get(). Offered only when every use of the container and of the join
/// loops' variables is one the rewrite covers.
FixPlan planThreadPoolFix(const ThreadSpawn &S, llvm::StringRef Pool,
                          ASTContext &Ctx);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_FIXITS_H
