//===--- TinyTasksCheck.cpp - taskfit-tiny-tasks --------------------------===//

#include "TinyTasksCheck.h"
#include "../analysis/ParallelForFix.h"
#include "../analysis/PoolSubmissions.h"
#include "../analysis/TaskCost.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

namespace {

/// True if \p Loop waits for \p Submit's future right away
/// (`pool.submit(f).get()`): in a coroutine that wait is
/// taskfit-blocking-call-in-async's finding, on the same line.
bool waitsAtOnce(const Stmt *Loop, const CallExpr *Submit) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const CallExpr *Submit;
    bool Found = false;
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
      const CXXMethodDecl *M = Call->getMethodDecl();
      if (M && M->getIdentifier() &&
          (M->getName() == "get" || M->getName() == "wait") &&
          ignoreTemporaries(Call->getImplicitObjectArgument()) == Submit)
        Found = true;
      return !Found;
    }
  } F;
  F.Submit = Submit;
  F.TraverseStmt(const_cast<Stmt *>(Loop));
  return F.Found;
}

} // namespace

TinyTasksCheck::TinyTasksCheck(StringRef Name, ClangTidyContext *Context)
    : TaskfitCheck(Name, Context) {
  readCountOption("MaxOperations", 1, MaxOperations);
  readCountOption("MaxHelperDepth", 0, MaxHelperDepth);
  readCountOption("MaxTasks", 1, MaxTasks);
}

void TinyTasksCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  TaskfitCheck::storeOptions(Opts);
  Options.store(Opts, "MaxOperations", MaxOperations);
  Options.store(Opts, "MaxHelperDepth", MaxHelperDepth);
  Options.store(Opts, "MaxTasks", MaxTasks);
}

void TinyTasksCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void TinyTasksCheck::check(const MatchFinder::MatchResult &Result) {
  TuAnalysis &A = analysis(*Result.Context);
  // Counts past these bounds mean "no limit" in practice.
  TaskCostOptions Limits;
  Limits.MaxOperations =
      static_cast<unsigned>(std::min<uint64_t>(MaxOperations, 1u << 20));
  Limits.MaxHelperDepth =
      static_cast<unsigned>(std::min<uint64_t>(MaxHelperDepth, 64));
  TaskCost Cost(A.summaries(), Limits);
  for (const PoolSubmission &S : A.poolSubmissions()) {
    SubmissionLoops Loops = submissionLoops(S, MaxTasks, *Result.Context);
    if (!Loops.Loop)
      continue;
    // Every function the task may run must be provably cheap.
    std::optional<unsigned> Operations = 0;
    for (const FunctionDecl *Runs : S.Runs) {
      std::optional<unsigned> Own = Cost.operations(Runs);
      if (!Own) {
        Operations.reset();
        break;
      }
      Operations = std::max(*Operations, *Own);
    }
    if (Operations)
      report(S, Loops, *Operations, A);
  }
}

void TinyTasksCheck::report(const PoolSubmission &S,
                            const SubmissionLoops &Loops, unsigned Operations,
                            TuAnalysis &A) {
  ASTContext &Ctx = A.astContext();
  bool InAsync = A.contexts().isContextBody(S.Function, RunsOn::Async);
  if (InAsync && waitsAtOnce(Loops.Loop, S.Call))
    return;
  SourceLocation Loc = S.Call->getExprLoc();
  if (!firstReportAt(Loc))
    return;

  std::string Per;
  const LoopBound &Bound = Loops.Bound;
  switch (Bound.Kind) {
  case LoopBound::PerElement:
    Per = "element of '" + Bound.Name + "'";
    break;
  case LoopBound::Count:
    Per = "index up to '" + Bound.Name + "'";
    break;
  default:
    Per = "iteration of a loop of " + std::to_string(Bound.Trips);
    break;
  }
  std::string Tasks = Loops.PerIteration == 1
                          ? "one task"
                          : std::to_string(Loops.PerIteration) + " tasks";

  // The table words the cost: its tiny-task advice for this kind of pool.
  static const WorkCategory TinyTask{"tiny-task", WorkKind::None, ""};
  const Advice *Adv = table()->advice(TinyTask, poolRunsOn(S.Kind));
  if (!Adv)
    Adv = table()->advice(TinyTask, RunsOn::Pool);

  FixPlan Plan;
  if (InAsync)
    Plan.WhyNot = "no automatic fix: taskfit::parallel_for would block the "
                  "event loop of " +
                  describeFunction(*S.Function) + " until the loop is done";
  else if (!Loops.Innermost)
    Plan.WhyNot = "no automatic fix: the tasks are handed over from an inner "
                  "loop";
  else
    Plan = planParallelForFix(S, Loops.Loop, Ctx);
  {
    DiagnosticBuilder Diag =
        diag(Loc, "%0 hands %1 %2 per %3, each about %4 operation%s4: %5; %6")
        << describeFunction(*S.Function) << describePool(S, Ctx) << Tasks << Per
        << Operations
        << (Adv ? Adv->Effect : "tiny tasks cost less than handing them over")
        << (Adv ? Adv->Fix : "hand the pool chunks of the loop instead");
    applyFix(Diag, Plan, Loc, Ctx.getSourceManager());
  }
  noteWhyNot(Loc, Plan);
  if (Adv)
    noteRow(Loc, *Adv);
}

} // namespace clang::tidy::taskfit
