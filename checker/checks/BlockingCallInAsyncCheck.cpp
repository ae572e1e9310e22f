//===--- BlockingCallInAsyncCheck.cpp - taskfit-blocking-call-in-async ----===//

#include "BlockingCallInAsyncCheck.h"
#include "../analysis/CallSummaries.h"
#include "../analysis/Contexts.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

void BlockingCallInAsyncCheck::registerMatchers(MatchFinder *Finder) {
  if (!table())
    return;
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(coroutineBodyStmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("coroutine"),
                     this);
}

void BlockingCallInAsyncCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Coroutine = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  TuAnalysis &A = analysis(*Result.Context);

  llvm::SmallVector<CallSite, 32> Sites;
  collectCallSites(getRunBody(*Coroutine), Sites);
  for (const CallSite &Site : Sites) {
    std::optional<WorkItem> Work = A.classifier().classify(Site.Call);
    if (!Work || Work->kind() != WorkKind::Blocking)
      continue;
    SourceLocation Loc = Site.Call->getExprLoc();
    if (!firstReportAt(Loc))
      continue;
    const Advice *Adv = table()->advice(*Work->Category, "async");
    diag(Loc, "%0 in coroutine %1 %2; %3")
        << describeWork(*Work, Site.Call) << describeFunction(*Coroutine)
        << (Adv ? Adv->Effect : "stalls its event loop")
        << (Adv ? Adv->Fix : "offload it to taskfit::io_pool()");
    if (Adv)
      noteRow(Loc, *Adv);
  }
}

} // namespace clang::tidy::taskfit
