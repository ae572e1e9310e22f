//===--- WorkOnWrongPoolCheck.h - taskfit-work-on-wrong-pool --------------===//
//
// The ThreadPoolExecutor and ProcessPoolExecutor rows: the I/O pool is for
// blocking calls, the CPU pool (one worker per core) for computation. Finds
// CPU-heavy work submitted to an I/O pool and blocking work submitted to a
// CPU pool.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_WORKONWRONGPOOLCHECK_H
#define TASKFIT_CHECKER_CHECKS_WORKONWRONGPOOLCHECK_H

#include "../TaskfitCheck.h"

namespace clang::tidy::taskfit {

/// For the user-facing documentation see:
/// docs/checks/taskfit-work-on-wrong-pool.md
class WorkOnWrongPoolCheck : public TaskfitCheck {
public:
  WorkOnWrongPoolCheck(StringRef Name, ClangTidyContext *Context)
      : TaskfitCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void report(const RunContext &C, TuAnalysis &A);
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_WORKONWRONGPOOLCHECK_H
