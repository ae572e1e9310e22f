//===--- ThreadPerTaskCheck.h - taskfit-thread-per-task -------------------===//
//
// The Threading and pool rows: threads fit a few long-lived workers; work
// that comes in units (per file, per request, per connection) belongs on a
// pool, which bounds and reuses its threads. Finds threads started once per
// iteration of a loop that is not bounded by a small constant or by the
// number of cores.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_THREADPERTASKCHECK_H
#define TASKFIT_CHECKER_CHECKS_THREADPERTASKCHECK_H

#include "../TaskfitCheck.h"

namespace clang::tidy::taskfit {

struct ThreadSpawn;
struct ThreadStart;
struct LoopBound;

/// For the user-facing documentation see:
/// docs/checks/taskfit-thread-per-task.md
class ThreadPerTaskCheck : public TaskfitCheck {
public:
  ThreadPerTaskCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void report(const ThreadSpawn &S, const Stmt *Loop, TuAnalysis &A);
  /// Calls in loops of \p FD to functions that start a thread on every
  /// call (here or in another file).
  void checkCallsInLoops(const FunctionDecl *FD, TuAnalysis &A);
  void reportCall(const CallSite &Site, const ThreadStart &Start,
                  const Stmt *Loop, TuAnalysis &A);
  /// A thread started on every run of \p C, a context that runs once per
  /// request, message or connection (the table's "per").
  void reportInContext(const RunContext &C, const ThreadStart &Start,
                       TuAnalysis &A);
  /// True if a loop that runs \p Bound times, starting threads that run
  /// \p Targets, builds a pool rather than a thread per task.
  bool startsAPool(const LoopBound &Bound,
                   llvm::ArrayRef<const FunctionDecl *> Targets,
                   TuAnalysis &A) const;

  /// A loop of at most this many iterations is a pool of its own.
  uint64_t MaxThreads = 64;
  /// std::async with the default policy counts as starting a thread.
  bool DefaultAsyncSpawns;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_THREADPERTASKCHECK_H
