//===--- TinyTasksCheck.h - taskfit-tiny-tasks ----------------------------===//
//
// The Multiprocessing and ProcessPoolExecutor rows: a pool does not fit
// cheap, tiny tasks, because handing a task over (a queue push, a wake-up,
// often a future) costs more than the task. Finds loops that hand a pool one
// provably cheap task per element (per index, per pixel) instead of chunks
// of the range, and rewrites them to taskfit::parallel_for.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_TINYTASKSCHECK_H
#define TASKFIT_CHECKER_CHECKS_TINYTASKSCHECK_H

#include "../TaskfitCheck.h"

namespace clang::tidy::taskfit {

struct PoolSubmission;
struct SubmissionLoops;

/// For the user-facing documentation see:
/// docs/checks/taskfit-tiny-tasks.md
class TinyTasksCheck : public TaskfitCheck {
public:
  TinyTasksCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void report(const PoolSubmission &S, const SubmissionLoops &Loops,
              unsigned Operations, TuAnalysis &A);

  /// A task of at most this many operations is tiny.
  uint64_t MaxOperations = 32;
  /// Helpers are followed this many calls deep.
  uint64_t MaxHelperDepth = 3;
  /// A loop of at most this many constant iterations hands over a few
  /// tasks, not one per element.
  uint64_t MaxTasks = 64;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_TINYTASKSCHECK_H
