//===--- CpuBoundInAsyncCheck.h - taskfit-cpu-bound-in-async --------------===//
//
// The AsyncIO row: an event loop does not fit CPU-heavy work. Finds
// CPU-heavy calls and loops, direct or reached through callees, in async
// contexts.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_CPUBOUNDINASYNCCHECK_H
#define TASKFIT_CHECKER_CHECKS_CPUBOUNDINASYNCCHECK_H

#include "../TaskfitCheck.h"

namespace clang::tidy::taskfit {

/// For the user-facing documentation see:
/// docs/checks/taskfit-cpu-bound-in-async.md
class CpuBoundInAsyncCheck : public TaskfitCheck {
public:
  CpuBoundInAsyncCheck(StringRef Name, ClangTidyContext *Context)
      : TaskfitCheck(Name, Context), WrongPoolEnabled(Context->isCheckEnabled(
                                         "taskfit-work-on-wrong-pool")) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// Whether taskfit-work-on-wrong-pool runs too: it reports CPU-heavy
  /// work posted to an event loop, at the post.
  const bool WrongPoolEnabled;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_CPUBOUNDINASYNCCHECK_H
