//===--- Reactor.h - I/O that waits for readiness instead of blocking -----===//
//
// A read, write, accept or connect blocks only on a descriptor in blocking
// mode. Event loops are built from the other kind, the reactor style: the
// descriptor is made non-blocking (SOCK_NONBLOCK, O_NONBLOCK through fcntl,
// open or accept4, asio's non_blocking(true), a library's "non-blocking"
// creation flag), registered for readiness (epoll, a scheduler's poll,
// asio's async_wait), and the call is made once readiness was awaited, with
// EAGAIN / EWOULDBLOCK / would_block handled. Such a call returns at once.
//
// The evidence is gathered two ways: per descriptor (the variable or data
// member it is reached from, made non-blocking or registered for readiness
// anywhere in the translation unit: in the function, a constructor, another
// member function), and per function (it handles would-block results or
// awaits readiness, so the I/O it makes, directly or through helpers, is
// non-blocking I/O).
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_REACTOR_H
#define TASKFIT_CHECKER_ANALYSIS_REACTOR_H

#include "LibraryCode.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>

namespace clang::tidy::taskfit {

/// The variable or data member a descriptor expression is reached from:
/// `fd`, `this->fd_`, `conn->fd`, `m_socket.native_handle()`, `*sock`;
/// null if there is none.
const ValueDecl *descriptorRoot(const Expr *E);

class ReactorEvidence {
public:
  ReactorEvidence(ASTContext &Ctx, LibraryCode &Library)
      : Ctx(Ctx), Library(Library) {}

  /// True if the translation unit makes the descriptor reached from \p Root
  /// non-blocking, or registers it for readiness.
  bool isNonBlocking(const ValueDecl *Root);

  /// True if \p FD's body expects its I/O to return would-block: it tests
  /// for EAGAIN / EWOULDBLOCK / EINPROGRESS, asio's would_block or a status's
  /// try_again(), or it awaits readiness (`co_await poll(...)`,
  /// `async_wait(wait_read)`).
  bool expectsWouldBlock(const FunctionDecl *FD);

private:
  void collect();

  ASTContext &Ctx;
  LibraryCode &Library;
  std::optional<llvm::DenseSet<const ValueDecl *>> NonBlocking;
  llvm::DenseMap<const FunctionDecl *, bool> Expects;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_REACTOR_H
