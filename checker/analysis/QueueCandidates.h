//===--- QueueCandidates.h - hand-rolled blocking queues ------------------===//
//
// Finds the queues a program builds for itself: items kept in a std::queue,
// deque, list or priority_queue, guarded by a mutex, with a condition
// variable that wakes the consumers, where one function pushes and
// notifies and another waits and takes. The parts are a class's members
// (a queue class, or a thread pool when the class also owns its threads)
// or variables at namespace scope used by free functions. What the queue
// looks like (closable, general-purpose) is found here too; which of them
// are worth a finding is the check's choice (taskfit-hand-rolled-queue).
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_QUEUECANDIDATES_H
#define TASKFIT_CHECKER_ANALYSIS_QUEUECANDIDATES_H

#include "LibraryCode.h"
#include "Locks.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <vector>

namespace clang::tidy::taskfit {

/// How many worker threads a class owns beside its queue.
enum class Workers { None, One, Many };

/// One queue made of a container, a mutex and a condition variable.
struct HandRolledQueue {
  /// The class whose members the parts are; null for a queue made of
  /// namespace-scope variables.
  const CXXRecordDecl *Class = nullptr;
  const ValueDecl *Container = nullptr;
  /// For a global queue: the global mutex the consumer locks, else the
  /// first global mutex of the translation unit.
  const ValueDecl *Mutex = nullptr;
  const ValueDecl *Cv = nullptr;
  /// The function that adds an item and notifies (the call of notify_*),
  /// and the one that waits (the call of wait*) and takes an item.
  const FunctionDecl *Producer = nullptr;
  const Expr *Notify = nullptr;
  const FunctionDecl *Consumer = nullptr;
  const Expr *Wait = nullptr;
  /// The worker threads the class also owns: several make a thread pool,
  /// one a worker thread with its queue.
  Workers Threads = Workers::None;
  /// A function sets a flag the consumer reads and wakes every waiter: the
  /// queue can be closed without leaving consumers hanging.
  bool Closable = false;
  /// A class template over its items, or a queue of type-erased tasks
  /// (std::function, coroutine handles): a general-purpose building block
  /// rather than one application's message queue.
  bool Generic = false;

  /// Where a finding about the queue goes: the class, or the container.
  SourceLocation location() const {
    return Class ? Class->getLocation() : Container->getLocation();
  }
};

/// The lock regions of a function's body (TuAnalysis::lockRegions).
using LockRegionsOf =
    llvm::function_ref<llvm::ArrayRef<LockRegion>(const FunctionDecl &)>;

/// Every hand-rolled queue in the user's own code (library code skipped),
/// in one walk: the classes' queues in the order of the walk, then the
/// global ones.
std::vector<HandRolledQueue> findHandRolledQueues(ASTContext &Ctx,
                                                  LibraryCode &Library,
                                                  LockRegionsOf LockRegions);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_QUEUECANDIDATES_H
