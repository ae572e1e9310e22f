//===--- WorkerLoops.h - io_contexts used as a private work queue ---------===//
//
// An io_context that one thread of the program's own runs, and that serves
// no I/O object, is a work queue with one worker, not an event loop: asio's
// logger_service example posts its file writes to such a private
// io_context "to pass the work to the background thread". Handlers posted
// to it are work already offloaded.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_WORKERLOOPS_H
#define TASKFIT_CHECKER_ANALYSIS_WORKERLOOPS_H

#include "../DecisionTable.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::taskfit {

class WorkerLoops {
public:
  /// The event-loop and thread types come from \p Table: its
  /// "worker_loops" section and its "thread" contexts.
  WorkerLoops(ASTContext &Ctx, const DecisionTable &Table)
      : Ctx(Ctx), Table(Table) {}

  /// True if \p Executor (the io_context argument of a post, or its
  /// get_executor()) names a variable or member io_context that is run
  /// only by threads this translation unit starts (`std::thread
  /// t([&] { ctx.run(); })`), and is otherwise only posted to, guarded by
  /// a work guard, stopped or restarted: no socket, timer or coroutine uses
  /// it.
  bool isPrivateWorkerLoop(const Expr *Executor);

private:
  struct Uses {
    bool RunByThread = false;
    /// Run elsewhere (main's `io.run()`), or used as an event loop: an I/O
    /// object or a coroutine is created on it, or it is handed on.
    bool LoopUse = false;
  };
  const Uses &usesOf(const ValueDecl *Loop);

  ASTContext &Ctx;
  const DecisionTable &Table;
  llvm::DenseMap<const ValueDecl *, Uses> Cache;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_WORKERLOOPS_H
