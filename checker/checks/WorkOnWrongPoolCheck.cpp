//===--- WorkOnWrongPoolCheck.cpp - taskfit-work-on-wrong-pool ------------===//

#include "WorkOnWrongPoolCheck.h"
#include "../analysis/ThreadSpawns.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

namespace {

/// The work of \p Wrong kind that running \p Body reaches, shortest chain
/// first. Waits are left out of blocking work: a CPU task waiting for its
/// own sub-tasks is how work is split on a pool.
const Reach *wrongWork(const FunctionDecl *Body, WorkKind Wrong,
                       TuAnalysis &A) {
  const Reach *Best = nullptr;
  for (const Reach &R : A.summaries().summary(Body).Reaches) {
    if (R.Work.kind() != Wrong || R.Work.Category->Id == "sync-wait")
      continue;
    if (!Best || R.Depth < Best->Depth)
      Best = &R;
  }
  return Best;
}

} // namespace

void WorkOnWrongPoolCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void WorkOnWrongPoolCheck::check(const MatchFinder::MatchResult &Result) {
  TuAnalysis &A = analysis(*Result.Context);
  for (const RunContext &C : A.contexts().all())
    if (isPoolSubmission(C))
      report(C, A);
}

void WorkOnWrongPoolCheck::report(const RunContext &C, TuAnalysis &A) {
  bool IoPool = C.Pool == PoolKind::Io;
  const Reach *R =
      wrongWork(C.Body, IoPool ? WorkKind::CpuHeavy : WorkKind::Blocking, A);
  if (!R)
    return;
  SourceLocation Loc = C.Origin->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  ASTContext &Ctx = A.astContext();
  const SourceManager &SM = Ctx.getSourceManager();

  // Word the finding by the work at the end of the chain.
  WorkItem Leaf = R->Work;
  if (R->Next)
    for (const ChainStep &Step : A.summaries().chainBelow(*R))
      if (Step.Leaf)
        Leaf = *Step.Leaf;
  // An event loop is an I/O pool, and the AsyncIO row says why it does
  // not fit the work.
  const Advice *Adv = table()->advice(
      *kindCategory(Leaf.kind()),
      C.Where == RunsOn::Async ? RunsOn::Async : poolRunsOn(C.Pool));

  const Expr *Executor = A.contexts().executorOf(C.Origin, C.Api);
  const CallExpr *Named = namedPoolCall(Executor);
  std::string Pool;
  if (Named) {
    Pool = IoPool ? "taskfit::io_pool()" : "taskfit::cpu_pool()";
  } else {
    llvm::StringRef Text;
    if (Executor)
      Text = Lexer::getSourceText(
          CharSourceRange::getTokenRange(Executor->getSourceRange()), SM,
          Ctx.getLangOpts());
    Pool = std::string(C.Where == RunsOn::Async ? "the event loop"
                       : IoPool                 ? "the I/O pool"
                                                : "the CPU pool") +
           (Text.empty() || Text.size() > 40 ? "" : " '" + Text.str() + "'");
  }
  std::string Where;
  if (C.OriginIn)
    Where = " in " + describeFunction(*C.OriginIn);

  FixPlan Plan;
  if (Named) {
    const auto *Ref =
        dyn_cast<DeclRefExpr>(Named->getCallee()->IgnoreParenImpCasts());
    SourceRange Name =
        Ref ? Ref->getNameInfo().getSourceRange() : SourceRange();
    if (Name.isValid() && !Name.getBegin().isMacroID())
      Plan.Hints.push_back(
          FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Name),
                                       IoPool ? "cpu_pool" : "io_pool"));
  } else {
    Plan.WhyNot = "no automatic fix: the pool is not named by a "
                  "taskfit::io_pool() or taskfit::cpu_pool() call here";
  }
  {
    std::string Via = via(*R);
    if (!R->Call && R->Work.isInFunction())
      Via.clear();
    DiagnosticBuilder Diag =
        diag(Loc, "%0%1 submitted to %2%3 %4; %5")
        << describeWork(Leaf) << Via << Pool << Where
        << (Adv ? Adv->Effect : "runs on the wrong pool")
        << (Adv ? Adv->Fix : "submit it to the other pool");
    applyFix(Diag, Plan, Loc, SM);
  }
  noteReach(*C.Body, *R, A);
  noteWhyNot(Loc, Plan);
  if (Adv)
    noteRow(Loc, *Adv);
}

} // namespace clang::tidy::taskfit
