//===--- BusyWaitCheck.cpp - taskfit-busy-wait ----------------------------===//

#include "BusyWaitCheck.h"
#include "../analysis/Polling.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

namespace {

/// Longest condition quoted in a message; longer ones are "a condition".
constexpr size_t MaxQuotedTest = 48;

std::string quoteTest(const Expr *Test, const SourceManager &SM,
                      const LangOptions &LangOpts) {
  CharSourceRange Range =
      CharSourceRange::getTokenRange(Test->getSourceRange());
  StringRef Text = Lexer::getSourceText(Range, SM, LangOpts).trim();
  if (Text.empty() || Text.size() > MaxQuotedTest || Text.contains('\n'))
    return "a condition";
  return ("'" + Text + "'").str();
}

} // namespace

void BusyWaitCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void BusyWaitCheck::check(const MatchFinder::MatchResult &Result) {
  for (const BusyWait &Wait : analysis(*Result.Context).busyWaits())
    report(Wait, Result);
}

void BusyWaitCheck::report(const BusyWait &W,
                           const MatchFinder::MatchResult &Result) {
  const BusyWait *Wait = &W;
  const Stmt *Loop = W.Loop;
  if (Loop->getBeginLoc().isMacroID() || !firstReportAt(Loop->getBeginLoc()))
    return;
  const SourceManager &SM = *Result.SourceManager;
  const LangOptions &LangOpts = Result.Context->getLangOpts();
  bool Yields = Wait->Kind == PauseKind::Yield;
  const taskfit::Advice &Advice =
      findingAdvice(Wait->PollsForWork ? "busy-wait@work" : "busy-wait@state");
  if (Wait->PollsForWork)
    diag(Loop->getBeginLoc(),
         "loop polls %0 for work and %select{sleeps|yields}1 when there is "
         "none: %2")
        << quoteTest(Wait->Tests.front(), SM, LangOpts) << Yields
        << sayAdvice(Advice);
  else
    diag(Loop->getBeginLoc(),
         "loop polls %0 and %select{sleeps|yields}1 between checks: %2")
        << quoteTest(Wait->Tests.front(), SM, LangOpts) << Yields
        << sayAdvice(Advice);
  diag(Wait->Pause->getExprLoc(),
       "%select{sleeps|yields}0 here %select{between polls|when there is no "
       "work}1",
       DiagnosticIDs::Note)
      << Yields << Wait->PollsForWork;
  for (const Expr *Test : Wait->Tests)
    if (const Expr *Atomic = polledAtomic(Test)) {
      // No fix-it: waiting on the atomic only wakes up if every store to
      // it is followed by a notify, which is code elsewhere.
      diag(Test->getBeginLoc(),
           "'%0' is an atomic: '%0.wait(old)' blocks while it holds 'old', "
           "if every store to it is followed by '%0.notify_one()' or "
           "'%0.notify_all()'",
           DiagnosticIDs::Note)
          << Lexer::getSourceText(
                 CharSourceRange::getTokenRange(Atomic->getSourceRange()), SM,
                 LangOpts);
      break;
    }
  noteRow(Loop->getBeginLoc(), Advice);
}

} // namespace clang::tidy::taskfit
