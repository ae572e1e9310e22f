//===--- ThreadStarts.h - functions that start a thread on every call ----===//
//
// A loop that calls `start_job(job)` starts a thread per iteration when
// start_job starts one every time it runs: a std::thread made and detached
// there, or emplaced into a list of threads. This analysis says which
// functions do, directly or through the functions they call, and where;
// for functions defined in another file the project summary answers
// (ExternalCalls.h, fact WorkKind::ThreadStart).
//
// A thread start counts only if it happens on every call: not inside a
// loop of its own function (the thread-per-task check judges that loop
// where it is), not behind a run-once guard or a test of the object's or
// the program's state (`if (!worker_.joinable())`, `if (started_) return;`,
// lazy starts), not stored into one member or global thread (`t_ =
// std::thread(...)`, `t_.reset(new std::thread(...))`, `pthread_create(&tid_,
// ...)`: an object's one background thread),
// not in a constructor (one thread per object), and not a thread that runs
// an event loop (a pool's loop thread).
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_THREADSTARTS_H
#define TASKFIT_CHECKER_ANALYSIS_THREADSTARTS_H

#include "CallSummaries.h"
#include "ThreadSpawns.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>

namespace clang::tidy::taskfit {

/// Where running a function starts a thread: a thread start in its body,
/// or a call that leads to one.
struct ThreadStart {
  /// The thread start in this very function.
  const ThreadSpawn *Spawn = nullptr;
  /// Else the call that leads to it, and the callee that continues the
  /// chain (null when the callee is defined in another file: Elsewhere).
  const Expr *Call = nullptr;
  const FunctionDecl *Callee = nullptr;
  const FunctionDecl *Next = nullptr;
  const ExternalWork *Elsewhere = nullptr;
  /// Calls from the function to the thread start (0: in the function).
  unsigned Depth = 0;
  /// The chain ends at a stand-in for another file's answer (the map step).
  bool Pending = false;

  bool isKnown() const { return !Pending; }
  /// For a start Elsewhere: the work item that names it.
  WorkItem elsewhereWork() const {
    return externalItem(*Elsewhere, Callee, Call);
  }
};

/// One step of a chain to a thread start, worded for a note: "'f' starts
/// a std::thread", "'f' calls 'g'".
std::string describeStartStep(const FunctionDecl &Fn, const ThreadStart &S);

/// Where the step is: the thread start, or the call.
SourceLocation startStepLoc(const ThreadStart &S);

class ThreadStarts {
public:
  ThreadStarts(CallSummaries &Summaries, llvm::ArrayRef<ThreadSpawn> Spawns);

  /// How running \p FD starts a thread every time, if it does: a start
  /// known in this TU first, else the shortest chain to a function defined
  /// elsewhere that may (cached; recursion ends).
  std::optional<ThreadStart> of(const FunctionDecl *FD);

  /// The start a call at \p Site makes every time it runs, if any: its
  /// callee's (defined here) or the project's answer (defined elsewhere).
  std::optional<ThreadStart> ofCall(const CallSite &Site);

  /// The steps below \p S through its callees, down to the thread start or
  /// to the call into another file: (function, its start) pairs.
  llvm::SmallVector<std::pair<const FunctionDecl *, ThreadStart>, 4>
  chainBelow(const ThreadStart &S);

  /// Every call into another file that running \p FD makes on each call
  /// (outside loops and run-once guards), directly or through its callees.
  std::vector<CallElsewhere> callsElsewhere(const FunctionDecl *FD);

  /// True if \p E is inside a loop of \p FD's body (lambdas apart).
  bool inLoop(const Expr *E, const FunctionDecl *FD);

private:
  std::optional<ThreadStart> of(const FunctionDecl *FD, unsigned Depth);
  std::optional<ThreadStart> ofCall(const CallSite &Site, unsigned Depth);
  /// True if \p S starts a thread each time its function runs.
  bool startsEveryCall(const ThreadSpawn &S);
  /// True if the call \p Site runs each time its caller does.
  bool runsEveryCall(const CallSite &Site);

  CallSummaries &Summaries;
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallVector<const ThreadSpawn *, 1>>
      SpawnsIn;
  llvm::DenseMap<const FunctionDecl *, std::optional<ThreadStart>> Starts;
  /// Per function: the statements inside its loops, and those guarded by
  /// a condition on state (run-once guards, member or global tests).
  struct Shape {
    llvm::DenseSet<const Stmt *> InLoop, Guarded;
  };
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Shape>> Shapes;
  const Shape &shapeOf(const FunctionDecl *FD);
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_THREADSTARTS_H
