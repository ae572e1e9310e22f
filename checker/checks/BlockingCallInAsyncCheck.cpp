//===--- BlockingCallInAsyncCheck.cpp - taskfit-blocking-call-in-async ----===//

#include "BlockingCallInAsyncCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

void BlockingCallInAsyncCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void BlockingCallInAsyncCheck::check(const MatchFinder::MatchResult &Result) {
  TuAnalysis &A = analysis(*Result.Context);
  for (const RunContext &C : A.contexts().all())
    if (C.Where == RunsOn::Async)
      reportWorkIn(C, WorkKind::Blocking, A);
}

} // namespace clang::tidy::taskfit
