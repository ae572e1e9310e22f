//===--- BlockingCallInAsyncCheck.h - taskfit-blocking-call-in-async ------===//
//
// The AsyncIO row: an event loop fits many concurrent I/O tasks, never a
// blocking call. Finds blocking calls in async contexts.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_BLOCKINGCALLINASYNCCHECK_H
#define TASKFIT_CHECKER_CHECKS_BLOCKINGCALLINASYNCCHECK_H

#include "../TaskfitCheck.h"

namespace clang::tidy::taskfit {

/// Flags blocking calls (sleep, file, network, DNS, process, synchronous
/// waits, console, blocking asio operations) made in coroutine bodies.
///
/// For the user-facing documentation see:
/// docs/checks/taskfit-blocking-call-in-async.md
class BlockingCallInAsyncCheck : public TaskfitCheck {
public:
  BlockingCallInAsyncCheck(StringRef Name, ClangTidyContext *Context)
      : TaskfitCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_BLOCKINGCALLINASYNCCHECK_H
