//===--- ParallelForFix.h - a loop of tiny tasks as one parallel_for ------===//
//
// Plans the fix-it of taskfit-tiny-tasks: a loop whose body only hands one
// task per iteration to a taskfit::thread_pool becomes one
// taskfit::parallel_for over the same pool, which hands the pool chunks of
// the range instead:
//
//   for (std::size_t i = A; i < B; ++i) pool.submit([&, i] { body; });
//     -> taskfit::parallel_for(pool, A, B, [&](std::size_t i) { body; });
//   for (auto &x : v) pool.post([&x] { body; });
//     -> taskfit::parallel_for(pool, v, [&](auto &x) { body; });
//
// Futures collected only to be waited for go with the loop (parallel_for
// returns when every call has, and rethrows the first exception). A fix is
// offered only where the result compiles and keeps the body's meaning;
// otherwise the plan says why not.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_PARALLELFORFIX_H
#define TASKFIT_CHECKER_ANALYSIS_PARALLELFORFIX_H

#include "FixIts.h"
#include "PoolSubmissions.h"

namespace clang::tidy::taskfit {

/// A fix that replaces \p Loop, the innermost loop around \p S, with a
/// taskfit::parallel_for over S's pool.
FixPlan planParallelForFix(const PoolSubmission &S, const Stmt *Loop,
                           ASTContext &Ctx);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_PARALLELFORFIX_H
