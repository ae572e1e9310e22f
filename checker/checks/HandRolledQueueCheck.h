//===--- HandRolledQueueCheck.h - taskfit-hand-rolled-queue ---------------===//
//
// The Thread-safe Queue row: a class that moves items between threads with
// its own queue, mutex and condition variable re-implements
// taskfit::channel<T>, usually without closing, bounds or wake-up care.
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
  void checkClass(const CXXRecordDecl *RD);
  /// A queue made of free variables: a std::queue, a std::mutex and a
  /// std::condition_variable at namespace scope, used by functions.
  void checkGlobals(const class QueueCandidates &Finder, TuAnalysis &A);
  void noteParts(SourceLocation Loc, const ValueDecl *Container,
                 const ValueDecl *Mutex, const ValueDecl *Cv,
                 const FunctionDecl *Producer, const Expr *Notify,
                 const FunctionDecl *Consumer, const Expr *Wait,
                 const Advice &Advice);

  /// Also report complete, general-purpose queue and pool types declared
  /// in headers (a library's own building blocks).
  const bool ReportLibraryTypes;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_HANDROLLEDQUEUECHECK_H
