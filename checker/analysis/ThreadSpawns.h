//===--- ThreadSpawns.h - where new threads are started -------------------===//
//
// Finds the expressions that start a new thread (constructions of the
// table's "thread" context types such as std::thread and std::jthread, also
// through emplace into a container of them, pthread_create, std::async with
// the async launch policy), the loop each one runs in, and how many times
// that loop can run: a constant, the number of cores, the elements of a
// range, or unbounded.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_THREADSPAWNS_H
#define TASKFIT_CHECKER_ANALYSIS_THREADSPAWNS_H

#include "CallSummaries.h"
#include "Contexts.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::taskfit {

/// One expression that starts a thread.
struct ThreadSpawn {
  /// The construction, pthread_create / std::async call, or the emplace call
  /// on a container of threads.
  const Expr *Site = nullptr;
  /// How a finding names what is created: "std::thread", "pthread_create".
  std::string Spelling;
  /// The callable the thread runs, and the arguments passed to it (the
  /// callable is the first).
  llvm::SmallVector<const Expr *, 4> CallArgs;
  /// For emplace / push_back into a container of threads: the container,
  /// and the emplace / push_back call.
  const Expr *Container = nullptr;
  const CXXMemberCallExpr *Insert = nullptr;
  /// For a construction written `T(args...)`: where T starts and the
  /// opening parenthesis (for a fix-it that replaces T).
  SourceLocation TypeBegin, LParen;
  /// True for std::jthread, whose callable may take a std::stop_token.
  bool Jthread = false;
  /// A std::async whose launch policy lets the library choose (the default,
  /// async | deferred, or one the compiler cannot evaluate): it starts a
  /// thread in libstdc++ and libc++, but the code did not ask for one.
  bool DefaultPolicy = false;
  /// The function the spawn is written in (a lambda's call operator too).
  const FunctionDecl *Function = nullptr;
};

/// How many times a loop can run.
struct LoopBound {
  enum BoundKind {
    /// A compile-time count: Count.
    Constant,
    /// The number of cores (hardware_concurrency(), or min() with it).
    Cores,
    /// An integer count that is no container's size (a worker count the
    /// caller picks).
    Count,
    /// Once per element of the range named Name.
    PerElement,
    /// Once per accepted connection: with no bound, or under the cap on
    /// open connections named Name (`if (clients >= max_) continue;`).
    PerConnection,
    /// No bound the compiler can see.
    Unbounded,
  } Kind = Unbounded;
  uint64_t Trips = 0;
  std::string Name;
  /// For PerElement: the range or container.
  const Expr *Range = nullptr;
};

/// How many threads \p S starts in \p Loop: the loop's bound, except that a
/// loop counting to some integer whose threads are handed `items[i]` (the
/// loop variable indexing a range) starts one per element of `items`.
LoopBound spawnBound(const ThreadSpawn &S, const Stmt *Loop, ASTContext &Ctx);

/// True if \p T is a container (or array) of threads: a loop over it that
/// starts threads fills a pool sized earlier, one thread per slot.
bool isThreadContainer(QualType T, ContextIndex &Contexts);

/// True if \p Loop runs until a container of threads reaches a size
/// (`while (workers_.size() < n) add_worker();`): it fills a pool.
bool growsThreadContainer(const Stmt *Loop, ContextIndex &Contexts);

/// True if \p Body runs an event loop: it calls run(), run_one(),
/// run_for(), run_until(), poll() or poll_one() on an asio / Boost.Asio
/// io_context. A thread that does is one of a pool's long-lived loop
/// threads (`for (auto &ctx : contexts) threads.emplace_back([&] {
/// ctx->run(); })`), not a task.
bool runsEventLoop(const FunctionDecl *Body, CallSummaries &Summaries);

/// The innermost loop (for, while, do, range-for) whose body contains \p E
/// (an expression, or a loop for the loop around it), within \p Within, the
/// innermost function (or lambda call operator) \p E is written in: lambdas
/// and local classes are boundaries. Null if there is none.
const Stmt *enclosingLoop(const Stmt *E, const FunctionDecl *Within);

/// How many times \p Loop can run.
LoopBound loopBound(const Stmt *Loop, ASTContext &Ctx);

/// Every thread start in the translation unit's own code (not in system
/// headers; template patterns, not their instantiations), std::async calls
/// with a launch policy that may start a thread included (DefaultPolicy
/// says which did not ask for one). TuAnalysis::threadSpawns() keeps them.
std::vector<ThreadSpawn> findThreadSpawns(ASTContext &Ctx,
                                          ContextIndex &Contexts);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_THREADSPAWNS_H
