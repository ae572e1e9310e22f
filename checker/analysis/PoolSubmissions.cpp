//===--- PoolSubmissions.cpp - tasks handed to pools, and the loops around ===//

#include "PoolSubmissions.h"
#include "CallSummaries.h"
#include "UserCodeVisitor.h"
#include "WorkKind.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::taskfit {

namespace {

/// Pool APIs that are not "run this one task": an awaited hand-over (the
/// coroutine waits for each, so a loop of them is sequential) and a map
/// that cuts its range into chunks itself.
bool handsOverOneTask(const FunctionDecl *Api) {
  std::string Name = tableName(Api);
  return Name != "::taskfit::offload" && Name != "::taskfit::asio_offload" &&
         Name != "::taskfit::thread_pool::map";
}

class SubmissionFinder : public UserCodeVisitor<SubmissionFinder> {
public:
  SubmissionFinder(ContextIndex &Contexts, std::vector<PoolSubmission> &Out)
      : UserCodeVisitor(Contexts.library()), Contexts(Contexts), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *Api = CE->getDirectCallee();
    if (!Api || !currentFunction())
      return true;
    llvm::ArrayRef<const Expr *> Args(CE->getArgs(), CE->getNumArgs());
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(CE)) {
      // A member operator() can be an API; its object is no argument.
      if (Op->getOperator() != OO_Call || !isa<CXXMethodDecl>(Api) ||
          Args.empty())
        return true;
      Args = Args.drop_front();
    }
    std::optional<RunsOn> Where = Contexts.contextOfCall(CE, Api);
    if (!Where ||
        (*Where != RunsOn::Pool && *Where != RunsOn::IoPool &&
         *Where != RunsOn::CpuPool) ||
        !handsOverOneTask(Api))
      return true;
    const ContextEntry *Entry =
        Contexts.table().contextCandidates(tableName(Api)).front();
    PoolSubmission S;
    S.Call = CE;
    S.Api = Api;
    S.Function = currentFunction();
    S.Pool = Contexts.executorOf(CE, Api);
    // `ptr->submit(...)` on a smart pointer: the pool is what ptr points to.
    if (const auto *Arrow = dyn_cast_or_null<CXXOperatorCallExpr>(
            S.Pool ? S.Pool->IgnoreParenImpCasts() : nullptr);
        Arrow && Arrow->getOperator() == OO_Arrow && Arrow->getNumArgs() == 1)
      S.Pool = Arrow->getArg(0);
    S.Kind = *Where == RunsOn::IoPool    ? PoolKind::Io
             : *Where == RunsOn::CpuPool ? PoolKind::Cpu
                                         : Contexts.poolOfCall(CE, Api);
    // The task is the first callable argument: `submit(f, args...)` runs f
    // with the others.
    for (int I = 0, N = static_cast<int>(Args.size()); I < N; ++I) {
      bool Listed =
          Entry->Args.empty() || llvm::any_of(Entry->Args, [&](int A) {
            return (A < 0 ? A + N : A) == I;
          });
      if (!Listed || Args[I] == S.Pool)
        continue;
      resolveCallables(Args[I], S.Runs);
      if (!S.Runs.empty()) {
        S.Task = Args[I];
        break;
      }
    }
    if (!S.Task)
      return true;
    Out.push_back(std::move(S));
    return true;
  }

private:
  ContextIndex &Contexts;
  std::vector<PoolSubmission> &Out;
};

} // namespace

std::vector<PoolSubmission> findPoolSubmissions(ASTContext &Ctx,
                                                ContextIndex &Contexts) {
  std::vector<PoolSubmission> Out;
  SubmissionFinder(Contexts, Out).walk(Ctx);
  return Out;
}

SubmissionLoops submissionLoops(const PoolSubmission &S, uint64_t MaxTasks,
                                ASTContext &Ctx) {
  uint64_t PerIteration = 1;
  const Stmt *Innermost = enclosingLoop(S.Call, S.Function);
  for (const Stmt *Loop = Innermost; Loop;
       Loop = enclosingLoop(Loop, S.Function)) {
    LoopBound Bound = loopBound(Loop, Ctx);
    // A range-for over an array runs once per element, however many the
    // array's type says there are.
    if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(Loop);
        RangeFor && Bound.Kind == LoopBound::Constant &&
        Bound.Trips > MaxTasks && RangeFor->getRangeInit()) {
      Bound.Kind = LoopBound::PerElement;
      Bound.Range = RangeFor->getRangeInit();
      Bound.Name =
          Lexer::getSourceText(
              CharSourceRange::getTokenRange(Bound.Range->getSourceRange()),
              Ctx.getSourceManager(), Ctx.getLangOpts())
              .str();
    }
    switch (Bound.Kind) {
    case LoopBound::Cores:
      // A few tasks per core: the workers of a pool of the loop's own.
      return {};
    case LoopBound::Unbounded:
    case LoopBound::PerConnection:
      // A dispatcher handing over work as it arrives: no range to chunk.
      return {};
    case LoopBound::Constant:
      if (Bound.Trips == 0)
        return {};
      if (Bound.Trips <= MaxTasks && PerIteration * Bound.Trips <= MaxTasks) {
        PerIteration *= Bound.Trips;
        continue;
      }
      [[fallthrough]];
    case LoopBound::Count:
    case LoopBound::PerElement:
      return {Loop, std::move(Bound), PerIteration, Loop == Innermost};
    }
  }
  return {};
}

std::string describePool(const PoolSubmission &S, ASTContext &Ctx) {
  if (const CallExpr *Named = namedPoolCall(S.Pool))
    return tableName(Named->getDirectCallee()) == "::taskfit::io_pool"
               ? "taskfit::io_pool()"
               : "taskfit::cpu_pool()";
  llvm::StringRef Text;
  if (S.Pool)
    Text = Lexer::getSourceText(
        CharSourceRange::getTokenRange(S.Pool->getSourceRange()),
        Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Text.empty() || Text.size() > 40 || Text.contains('\n'))
    return "the pool";
  return "the pool '" + Text.str() + "'";
}

} // namespace clang::tidy::taskfit
