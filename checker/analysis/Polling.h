//===--- Polling.h - loops that wait by polling ---------------------------===//
//
// A busy-wait is a loop whose only job is to wait: each iteration tests a
// condition (the loop condition, or an `if (...) break;`) and sleeps or
// yields; nothing else it does has an effect. A loop that does real work
// each round and sleeps to pace itself, retries an operation (a connect, a
// read) with a back-off, or counts a bounded number of spins is not one:
// those have side effects beyond the test and the pause.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_POLLING_H
#define TASKFIT_CHECKER_ANALYSIS_POLLING_H

#include "WorkKind.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::taskfit {

/// How a waiting loop gives the CPU away between two tests.
enum class PauseKind { Sleep, Yield };

/// \p Call's pause, if it is a sleep (the table's "sleep" category) or a
/// yield (std::this_thread::yield, sched_yield).
std::optional<PauseKind> pauseKind(const Expr *Call,
                                   WorkClassifier &Classifier);

/// True if evaluating \p E has no effect but reading: variables, atomics'
/// loads, const member functions (empty(), size(), wait_for(0s)), pure
/// operators, constexpr functions, and functions of this translation unit
/// whose bodies are such reads.
bool isPollExpr(const Expr *E, WorkClassifier &Classifier);

struct BusyWait {
  const Stmt *Loop = nullptr;
  /// The first sleep or yield in the loop body.
  const Expr *Pause = nullptr;
  PauseKind Kind = PauseKind::Sleep;
  /// The exit tests: the loop condition and the conditions of `if`s that
  /// leave the loop; for a polling worker, the readiness test.
  llvm::SmallVector<const Expr *, 2> Tests;
  /// A worker that polls for work, does it when there is some, and pauses
  /// only when there is none (`if (auto job = q.try_pop()) run(*job); else
  /// sleep_for(1ms);`): still a busy-wait while the queue is empty.
  bool PollsForWork = false;
};

/// True if \p E tests whether work is ready: it only reads (`q.empty()`,
/// `!pending`), or it is a non-blocking take from a queue (`try_pop`,
/// `try_dequeue`, `try_receive`), which has an effect only when there is
/// an item. Locks tried (`try_lock`) and table-known I/O are not.
bool isReadinessTest(const Expr *E, WorkClassifier &Classifier);

/// \p Loop (a while, do or for statement) as a busy-wait, if it is one.
std::optional<BusyWait> findBusyWait(const Stmt *Loop,
                                     WorkClassifier &Classifier);

/// Every busy-wait in the translation unit's own code (system headers and
/// template instantiations skipped; templates are seen as written), in one
/// walk over it.
void findBusyWaits(ASTContext &Ctx, WorkClassifier &Classifier,
                   llvm::SmallVectorImpl<BusyWait> &Out);

/// The std::atomic (or std::atomic_flag) object a test reads, if any: the
/// one that `wait` / `notify_one` could replace the polling of.
const Expr *polledAtomic(const Expr *Test);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_POLLING_H
