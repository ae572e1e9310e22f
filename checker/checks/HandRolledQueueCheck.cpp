//===--- HandRolledQueueCheck.cpp - taskfit-hand-rolled-queue -------------===//

#include "HandRolledQueueCheck.h"
#include "../Options.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

HandRolledQueueCheck::HandRolledQueueCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : TaskfitCheck(Name, Context),
      ReportLibraryTypes(getBoolOption(*this, Options, getID(),
                                       "ReportLibraryTypes", false)) {}

void HandRolledQueueCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  TaskfitCheck::storeOptions(Opts);
  storeBoolOption(Options, Opts, "ReportLibraryTypes", ReportLibraryTypes);
}

void HandRolledQueueCheck::registerMatchers(MatchFinder *Finder) {
  // The queues are found in one walk over the user's code (QueueCandidates):
  // a matcher on every class would also visit all of the system headers'.
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void HandRolledQueueCheck::check(const MatchFinder::MatchResult &Result) {
  for (const HandRolledQueue &Q : analysis(*Result.Context).handRolledQueues())
    if (!isLibraryBuildingBlock(Q) && firstReportAt(Q.location()))
      report(Q);
}

bool HandRolledQueueCheck::isLibraryBuildingBlock(
    const HandRolledQueue &Q) const {
  // A library's own building block: a complete (closable), general-purpose
  // queue or pool type in a header. The project ships it; recommending
  // taskfit::channel<T> to it helps nobody.
  if (ReportLibraryTypes || !Q.Class || !Q.Closable || !Q.Generic)
    return false;
  const SourceManager &SM = Q.Class->getASTContext().getSourceManager();
  return !SM.isInMainFile(SM.getExpansionLoc(Q.Class->getLocation()));
}

void HandRolledQueueCheck::report(const HandRolledQueue &Q) {
  std::string Container = className(Q.Container->getType()).substr(2);
  const Advice &Advice =
      findingAdvice(Q.Threads != Workers::None ? "hand-rolled-queue@pool"
                                               : "hand-rolled-queue@queue");
  if (Q.Class)
    diag(Q.location(), "class '%0' hand-rolls a %select{blocking queue|worker "
                       "thread and its queue|thread pool}2 from a '%1', a "
                       "mutex and a condition variable; %3")
        << Q.Class->getName() << Container << static_cast<int>(Q.Threads)
        << sayAdvice(Advice);
  else
    diag(Q.location(),
         "global '%0' with a mutex and a condition variable hand-rolls a "
         "blocking queue from a '%1'; %2")
        << Q.Container->getName() << Container << sayAdvice(Advice);
  noteParts(Q, Advice);
}

void HandRolledQueueCheck::noteParts(const HandRolledQueue &Q,
                                     const Advice &Advice) {
  diag(Q.Container->getLocation(), "items are kept in '%0'",
       DiagnosticIDs::Note)
      << Q.Container->getName();
  diag(Q.Mutex->getLocation(), "'%0' guards them", DiagnosticIDs::Note)
      << Q.Mutex->getName();
  diag(Q.Cv->getLocation(), "'%0' wakes the consumers", DiagnosticIDs::Note)
      << Q.Cv->getName();
  diag(Q.Notify->getExprLoc(), "%0 adds an item and notifies here",
       DiagnosticIDs::Note)
      << describeFunction(*Q.Producer);
  diag(Q.Wait->getExprLoc(), "%0 waits for an item here", DiagnosticIDs::Note)
      << describeFunction(*Q.Consumer);
  noteRow(Q.location(), Advice);
}

} // namespace clang::tidy::taskfit
