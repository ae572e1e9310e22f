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
std::optional<Reach> wrongWork(llvm::ArrayRef<Reach> Reaches, WorkKind Wrong) {
  const Reach *Best = nullptr;
  for (const Reach &R : Reaches) {
    if (R.Work.kind() != Wrong || R.Work.Category->Id == "sync-wait")
      continue;
    if (!Best || R.Depth < Best->Depth)
      Best = &R;
  }
  if (!Best)
    return std::nullopt;
  return *Best;
}

/// The work a finding names: the end of \p R's chain.
WorkItem workAtEnd(const Reach &R, TuAnalysis &A) {
  WorkItem Leaf = R.Work;
  if (R.Next)
    for (const ChainStep &Step : A.summaries().chainBelow(R))
      if (Step.Leaf)
        Leaf = *Step.Leaf;
  return Leaf;
}

/// How the finding names the pool: "taskfit::io_pool()" as written, else
/// "the CPU pool 'workers'", "the event loop 'io'" (the executor's text
/// when it is short).
std::string describePool(const RunContext &C, const Expr *Executor,
                         const CallExpr *Named, const ASTContext &Ctx) {
  bool IoPool = C.Pool == PoolKind::Io;
  if (Named)
    return IoPool ? "taskfit::io_pool()" : "taskfit::cpu_pool()";
  llvm::StringRef Text;
  if (Executor)
    Text = Lexer::getSourceText(
        CharSourceRange::getTokenRange(Executor->getSourceRange()),
        Ctx.getSourceManager(), Ctx.getLangOpts());
  return std::string(C.Where == RunsOn::Async ? "the event loop"
                     : IoPool                 ? "the I/O pool"
                                              : "the CPU pool") +
         (Text.empty() || Text.size() > 40 ? "" : " '" + Text.str() + "'");
}

/// Names the other pool in the taskfit::io_pool() / cpu_pool() call \p Named;
/// no fix when the pool is not named by such a call.
FixPlan swapPoolFix(const CallExpr *Named, bool IoPool) {
  FixPlan Plan;
  if (!Named) {
    Plan.WhyNot = "no automatic fix: the pool is not named by a "
                  "taskfit::io_pool() or taskfit::cpu_pool() call here";
    return Plan;
  }
  const auto *Ref =
      dyn_cast<DeclRefExpr>(Named->getCallee()->IgnoreParenImpCasts());
  SourceRange Name = Ref ? Ref->getNameInfo().getSourceRange() : SourceRange();
  if (Name.isValid() && !Name.getBegin().isMacroID())
    Plan.Hints.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Name), IoPool ? "cpu_pool" : "io_pool"));
  return Plan;
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
  std::optional<Reach> R = wrongWork(
      bodyReaches(C, A), IoPool ? WorkKind::CpuHeavy : WorkKind::Blocking);
  if (!R)
    return;
  SourceLocation Loc = C.Origin->getExprLoc();
  if (!firstReportAt(Loc))
    return;

  WorkItem Leaf = workAtEnd(*R, A);
  // An event loop is an I/O pool, and the AsyncIO row says why it does
  // not fit the work.
  const Advice *Adv = table()->advice(
      *kindCategory(Leaf.kind()),
      C.Where == RunsOn::Async ? RunsOn::Async : poolRunsOn(C.Pool));
  const Expr *Executor = A.contexts().executorOf(C.Origin, C.Api);
  const CallExpr *Named = namedPoolCall(Executor);
  std::string Where;
  if (C.OriginIn)
    Where = " in " + describeFunction(*C.OriginIn);
  std::string Via = via(*R);
  if (!R->Call && R->Work.isInFunction())
    Via.clear();

  FixPlan Plan = swapPoolFix(Named, IoPool);
  {
    DiagnosticBuilder Diag =
        diag(Loc, "%0%1 submitted to %2%3 %4; %5")
        << describeWork(Leaf) << Via
        << describePool(C, Executor, Named, A.astContext()) << Where
        << (Adv ? Adv->Effect : "runs on the wrong pool")
        << (Adv ? Adv->Fix : "submit it to the other pool");
    applyFix(Diag, Plan, Loc, A.astContext().getSourceManager());
  }
  noteReach(*C.Body, *R, A);
  noteWhyNot(Loc, Plan);
  if (Adv)
    noteRow(Loc, *Adv);
}

} // namespace clang::tidy::taskfit
