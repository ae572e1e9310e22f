//===--- Contexts.h - where code runs: event loops, threads, pools --------===//
//
// Finds, once per translation unit, the function bodies that run in a
// context the decision table cares about: coroutines and asio completion
// handlers run on an event loop ("async"); callables handed to std::thread
// run on a new thread ("thread"); callables handed to a pool run there.
// Context APIs come from the table's "contexts" section and from
// [[clang::annotate("taskfit::async")]] on functions and parameters.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_CONTEXTS_H
#define TASKFIT_CHECKER_ANALYSIS_CONTEXTS_H

#include "../DecisionTable.h"
#include "ExternalCalls.h"
#include "LibraryCode.h"
#include "WorkerLoops.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::taskfit {

enum class ContextKind {
  /// A C++20 coroutine body.
  Coroutine,
  /// A callable handed to a context API (asio async_*, post, std::thread).
  Handler,
  /// A function annotated taskfit::async.
  AnnotatedAsync,
};

/// What kind of coroutine a body is: it decides which fix-its compile.
enum class CoroutineFlavor { NotCoroutine, Taskfit, Asio, BoostAsio, Other };

struct RunContext {
  ContextKind Kind;
  /// Async, Thread, Pool or Python: a pool's kind is in Pool, never an
  /// IoPool or CpuPool here.
  RunsOn Where = RunsOn::Async;
  /// The function whose body runs in the context.
  const FunctionDecl *Body = nullptr;
  /// The call that hands the callable over (handlers only), or the
  /// aggregate initializer that does (a PyMethodDef entry).
  const Expr *Origin = nullptr;
  /// The function (or lambda call operator) Origin is written in; null
  /// for an Origin outside functions (a method table's initializer).
  const FunctionDecl *OriginIn = nullptr;
  /// The callee of Origin.
  const FunctionDecl *Api = nullptr;
  /// How many calls hand this body over to this kind of context (Origin is
  /// the first).
  unsigned Origins = 1;
  CoroutineFlavor Flavor = CoroutineFlavor::NotCoroutine;
  /// For Where == RunsOn::Pool: what the pool is for, from the executor the
  /// callable was handed to (taskfit::io_pool(), a table "pool" field).
  PoolKind Pool = PoolKind::Unknown;
  /// Body is defined in another file of the project (whole-project
  /// analysis): what it reaches is the project's answer (ExternalCalls),
  /// and it has no statements here.
  bool Elsewhere = false;
  /// What one run of Body stands for, from the table ("per": a request
  /// handler runs once per request).
  RunsPer Per = RunsPer::Unknown;
};

/// What kind of pool \p Executor names: a call of taskfit::io_pool() or
/// taskfit::cpu_pool(), or a reference initialized from one (also through
/// get_executor()). Unknown otherwise.
PoolKind executorPoolKind(const Expr *Executor);

/// The taskfit::io_pool() / cpu_pool() call that \p Executor is, if it is
/// one as written (the place a fix-it can swap the pool).
const CallExpr *namedPoolCall(const Expr *Executor);

/// True if \p C is work handed to a pool of a known kind: a task submitted
/// to an I/O or CPU pool, or a callable posted to an event loop (an
/// io_context is an I/O pool, whatever number of threads run it).
inline bool isPoolSubmission(const RunContext &C) {
  return C.Origin && C.Pool != PoolKind::Unknown &&
         (C.Where == RunsOn::Pool || C.Where == RunsOn::Async);
}

/// True if constructing \p RD hands a callable to a new thread, per the
/// table's "thread" contexts (std::thread, std::jthread, a user's thread
/// class).
bool isThreadClass(const CXXRecordDecl *RD, const DecisionTable &Table);

/// True if \p FD's body is a C++20 coroutine (it uses co_await, co_yield or
/// co_return).
bool isCoroutine(const FunctionDecl &FD);

/// True if \p FD returns a coroutine type (one with a promise_type member,
/// such as asio::awaitable or taskfit::task): defined in another file, it
/// is a coroutine there, judged as one by that file.
bool returnsCoroutineType(const FunctionDecl &FD);

/// The coroutine's return type decides its flavor: taskfit::task<T>,
/// asio::awaitable<T>, boost::asio::awaitable<T>, or another type.
CoroutineFlavor coroutineFlavor(const FunctionDecl &FD);

/// How a finding names a function: "'load'", "'Session::run'", or
/// "lambda in 'main'".
std::string describeFunction(const FunctionDecl &FD);

/// The argument (or aggregate field) of C.Origin that hands C.Body over, or
/// null if there is none.
const Expr *handedOverAt(const RunContext &C);

/// A Python binding's name as Python sees it ("'hash_file'"), when the
/// binding call or method table entry spells it.
std::optional<std::string> pythonName(const RunContext &C);

/// How a finding names a context: "coroutine 'load'", "completion handler
/// lambda in 'start'", "async function 'on_tick'".
std::string describeContext(const RunContext &C);

class ContextIndex {
public:
  /// \p External: with whole-project analysis, a Python binding of a
  /// function defined in another file is a context too (its body is that
  /// declaration; ExternalCalls.h says what it reaches).
  ContextIndex(ASTContext &Ctx, const DecisionTable &Table,
               LibraryCode &Library, ExternalCalls *External = nullptr)
      : Ctx(Ctx), Table(Table), Library(Library), External(External),
        Workers(Ctx, Table) {}

  /// Every context whose body is outside system headers, found in one walk
  /// over the translation unit's own code on first use.
  llvm::ArrayRef<RunContext> all();

  /// True if \p FD's body is itself a context of kind \p Where (a
  /// framework's request handler reached from its connection's read
  /// handler): work under it is reported there.
  bool isContextBody(const FunctionDecl *FD, RunsOn Where);

  /// Calls to functions defined in other files, or null.
  ExternalCalls *external() const { return External; }

  /// The context a callable handed to \p Call (a call of \p Api) runs in,
  /// per the table's executor rules; std::nullopt if \p Api is no context
  /// API.
  std::optional<RunsOn> contextOfCall(const Expr *Call,
                                      const FunctionDecl *Api);

  /// The kind of pool a callable handed to \p Call runs on: the executor
  /// argument's type (an executor rule's "pool") or value (io_pool()), the
  /// object a pool's member is called on, else the entry's own "pool".
  PoolKind poolOfCall(const Expr *Call, const FunctionDecl *Api);

  /// The expression naming the executor of \p Call: its executor argument,
  /// or the object whose member is called; null if there is none.
  const Expr *executorOf(const Expr *Call, const FunctionDecl *Api);

  /// True if \p Call (a call of \p Api) posts to an io_context that only
  /// a thread of the program's own runs, as a work queue (WorkerLoops.h):
  /// what it posts is already off every event loop.
  bool postsToWorkerLoop(const Expr *Call, const FunctionDecl *Api);

  const DecisionTable &table() const { return Table; }
  LibraryCode &library() const { return Library; }

private:
  void collect();

  ASTContext &Ctx;
  const DecisionTable &Table;
  LibraryCode &Library;
  ExternalCalls *External;
  WorkerLoops Workers;
  std::optional<std::vector<RunContext>> Contexts;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_CONTEXTS_H
