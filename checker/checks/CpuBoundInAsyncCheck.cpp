//===--- CpuBoundInAsyncCheck.cpp - taskfit-cpu-bound-in-async ------------===//

#include "CpuBoundInAsyncCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

void CpuBoundInAsyncCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void CpuBoundInAsyncCheck::check(const MatchFinder::MatchResult &Result) {
  TuAnalysis &A = analysis(*Result.Context);
  for (const RunContext &C : A.contexts().all())
    // Work posted to an event loop is reported where it is posted, by
    // taskfit-work-on-wrong-pool, when that check runs: one finding each.
    if (C.Where == RunsOn::Async && !(isPoolSubmission(C) && WrongPoolEnabled))
      reportWorkIn(C, WorkKind::CpuHeavy, A);
}

} // namespace clang::tidy::taskfit
