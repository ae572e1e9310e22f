//===--- HandRolledQueueCheck.h - taskfit-hand-rolled-queue ---------------===//
//
// The Thread-safe Queue row: a class that moves items between threads with
// its own queue, mutex and condition variable re-implements
// taskfit::channel<T>, usually without closing, bounds or wake-up care.
// The queues are found by analysis/QueueCandidates; this check words them.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_HANDROLLEDQUEUECHECK_H
#define TASKFIT_CHECKER_CHECKS_HANDROLLEDQUEUECHECK_H

#include "../TaskfitCheck.h"

namespace clang::tidy::taskfit {

/// For the user-facing documentation see:
/// docs/checks/taskfit-hand-rolled-queue.md
class HandRolledQueueCheck : public TaskfitCheck {
public:
  HandRolledQueueCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// A complete, general-purpose queue or pool class in a header, left
  /// alone unless ReportLibraryTypes.
  bool isLibraryBuildingBlock(const HandRolledQueue &Q) const;
  void report(const HandRolledQueue &Q);
  /// One note per part: the container, mutex, condition variable, where
  /// the producer notifies and the consumer waits; then the table row.
  void noteParts(const HandRolledQueue &Q, const Advice &Advice);

  /// Also report complete, general-purpose queue and pool types declared
  /// in headers (a library's own building blocks).
  const bool ReportLibraryTypes;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_HANDROLLEDQUEUECHECK_H
