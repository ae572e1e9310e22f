//===--- CoroutineStarts.h - where a coroutine's first steps run ----------===//
//
// A lazy coroutine runs where it is started until it first suspends. Handed
// to a synchronous starter (a table function with "starts_coroutine", such
// as async_simple's syncAwait(lazy) or cppcoro::sync_wait) by code that runs
// on no event loop (main, a test body), it starts on that thread, and so
// does a coroutine it awaits before it first suspends. The statements of
// that stretch stall no event loop: a blocking call or a heavy loop there
// is the starter's to pay, as in a plain function. After the first
// suspension the coroutine resumes wherever the awaited operation completes
// (an I/O thread), and is judged as any coroutine.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_COROUTINESTARTS_H
#define TASKFIT_CHECKER_ANALYSIS_COROUTINESTARTS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <functional>

namespace clang::tidy::taskfit {

class WorkClassifier;

class CoroutineStarts {
public:
  /// \p Functions: the user's function definitions; \p IsAsync: true for a
  /// function whose body runs on an event loop (a coroutine, a handler).
  CoroutineStarts(llvm::ArrayRef<const FunctionDecl *> Functions,
                  WorkClassifier &Classifier,
                  std::function<bool(const FunctionDecl *)> IsAsync);

  /// True if \p S, a statement of coroutine \p Coro's body, runs on the
  /// thread that started \p Coro, where no event loop runs: \p Coro is only
  /// ever started synchronously, and \p S runs before its first suspension.
  /// \p UntilScopeEnd: \p S stands for a local's destructor, which runs
  /// when the local's scope ends, so that scope must end before the
  /// suspension too.
  bool runsOnStarter(const FunctionDecl *Coro, const Stmt *S,
                     bool UntilScopeEnd);

private:
  /// One call of a coroutine: how the coroutine it makes is started.
  struct Start {
    enum Kind { Synchronous, Awaited, Other } How = Other;
    /// The function the call is written in.
    const FunctionDecl *In = nullptr;
    /// For Awaited: the co_await.
    const Stmt *Await = nullptr;
  };
  /// The statements of a coroutine's body before its first suspension.
  struct Prefix {
    llvm::DenseSet<const Stmt *> Runs;
    /// Those whose enclosing scopes also end before it.
    llvm::DenseSet<const Stmt *> ScopeEnds;
    /// The co_await that suspends first, when one statement (not a loop
    /// or a branch) holds it alone: the coroutine it awaits starts there.
    const Stmt *FirstAwait = nullptr;
  };
  enum class State { Unknown, Visiting, Starter, Loop };

  void recordStarts(const FunctionDecl *Fn);
  bool startedOnStarter(const FunctionDecl *Coro);
  const Prefix &prefixOf(const FunctionDecl *Coro);

  WorkClassifier &Classifier;
  std::function<bool(const FunctionDecl *)> IsAsync;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<Start, 1>> Starts;
  llvm::DenseMap<const FunctionDecl *, State> States;
  llvm::DenseMap<const FunctionDecl *, Prefix> Prefixes;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_COROUTINESTARTS_H
