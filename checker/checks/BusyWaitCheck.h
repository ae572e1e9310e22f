//===--- BusyWaitCheck.h - taskfit-busy-wait ------------------------------===//
//
// The Thread-safe Queue row: workers hand each other data and signals by
// blocking on a queue, a condition variable or an atomic, not by polling a
// flag and sleeping in between.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_BUSYWAITCHECK_H
#define TASKFIT_CHECKER_CHECKS_BUSYWAITCHECK_H

#include "../TaskfitCheck.h"
#include "../analysis/Polling.h"

namespace clang::tidy::taskfit {

/// For the user-facing documentation see:
/// docs/checks/taskfit-busy-wait.md
class BusyWaitCheck : public TaskfitCheck {
public:
  BusyWaitCheck(StringRef Name, ClangTidyContext *Context)
      : TaskfitCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void report(const BusyWait &Wait,
              const ast_matchers::MatchFinder::MatchResult &Result);
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_BUSYWAITCHECK_H
