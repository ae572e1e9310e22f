//===--- PoolSubmissions.h - tasks handed to pools, and the loops around --===//
//
// Finds every call that hands a callable to a pool (a context API whose
// context, per the decision table and its executor rules, is "pool",
// "io-pool" or "cpu-pool": taskfit's submit and post, asio::post to an
// asio::thread_pool, a user's pool) in the translation unit's own code, with
// what the callable runs, the pool's kind and the loops around the call, and
// how many tasks those loops hand over: one per element, per index, a
// constant number, a few per core, or no bound the compiler can see.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_POOLSUBMISSIONS_H
#define TASKFIT_CHECKER_ANALYSIS_POOLSUBMISSIONS_H

#include "Contexts.h"
#include "ThreadSpawns.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <vector>

namespace clang::tidy::taskfit {

/// One call that hands a callable to a pool.
struct PoolSubmission {
  /// The submit / post call.
  const CallExpr *Call = nullptr;
  const FunctionDecl *Api = nullptr;
  /// The pool: the executor argument, or the object whose member is called
  /// (a pointer, or a smart pointer, for `pool->submit(...)`).
  const Expr *Pool = nullptr;
  PoolKind Kind = PoolKind::Unknown;
  /// The argument that is the task, and the functions it may run (one,
  /// unless it is a function object with several call operators).
  const Expr *Task = nullptr;
  llvm::SmallVector<const FunctionDecl *, 1> Runs;
  /// The function (or lambda call operator) the call is written in.
  const FunctionDecl *Function = nullptr;
};

/// How many tasks the loops around a submission hand over.
struct SubmissionLoops {
  /// The loop whose bound counts the tasks: the innermost one that is not
  /// a small constant or a per-core count; null if every loop around is one
  /// of those (or there is none).
  const Stmt *Loop = nullptr;
  LoopBound Bound;
  /// Tasks per iteration of Loop: the product of the small constant loops
  /// between it and the call (1 when Loop is the innermost).
  uint64_t PerIteration = 1;
  /// True if Loop is the innermost loop around the call.
  bool Innermost = true;
};

/// Every pool submission in the translation unit's own code, template
/// instantiations included (a submission in a template appears once per
/// instantiation). Awaited hand-overs (taskfit::offload) and calls that
/// chunk a range themselves (thread_pool::map) are not submissions of one
/// task.
std::vector<PoolSubmission> findPoolSubmissions(ASTContext &Ctx,
                                                ContextIndex &Contexts);

/// The loops around \p S and the tasks they hand over. A loop of at most
/// \p MaxTasks constant iterations, or one per core, hands over a few tasks:
/// the loop around it counts instead.
SubmissionLoops submissionLoops(const PoolSubmission &S, uint64_t MaxTasks,
                                ASTContext &Ctx);

/// How a finding names the pool: "taskfit::cpu_pool()", "the pool 'pool'",
/// "the pool".
std::string describePool(const PoolSubmission &S, ASTContext &Ctx);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_POOLSUBMISSIONS_H
