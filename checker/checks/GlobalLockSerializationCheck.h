//===--- GlobalLockSerializationCheck.h - taskfit-global-lock-serialization
//===//
//
// The GIL row: one big lock around the work of several threads makes them
// take turns. Finds thread and pool tasks (and the functions they call) that
// hold a mutex shared by the tasks around CPU-heavy work.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_GLOBALLOCKSERIALIZATIONCHECK_H
#define TASKFIT_CHECKER_CHECKS_GLOBALLOCKSERIALIZATIONCHECK_H

#include "../TaskfitCheck.h"
#include "../analysis/Locks.h"

namespace clang::tidy::taskfit {

/// For the user-facing documentation see:
/// docs/checks/taskfit-global-lock-serialization.md
class GlobalLockSerializationCheck : public TaskfitCheck {
public:
  GlobalLockSerializationCheck(StringRef Name, ClangTidyContext *Context)
      : TaskfitCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void report(const RunContext &C, llvm::ArrayRef<TaskFunction> Chain,
              const TaskFunction &F, const LockRegion &R, const CallSite *Site,
              const Reach *Work, const HeavyLoop *Loop, TuAnalysis &A);
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_GLOBALLOCKSERIALIZATIONCHECK_H
