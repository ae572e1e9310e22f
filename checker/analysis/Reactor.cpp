//===--- Reactor.cpp - I/O that waits for readiness instead of blocking ---===//

#include "Reactor.h"
#include "LoopCost.h"
#include "UserCodeVisitor.h"
#include "WorkKind.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::taskfit {

namespace {

/// "non_blocking", "NonBlocking" and "nonblocking" alike: lower case, no
/// underscores.
std::string normalized(llvm::StringRef Name) {
  std::string Out;
  for (char C : Name)
    if (C != '_')
      Out += static_cast<char>(std::tolower(static_cast<unsigned char>(C)));
  return Out;
}

llvm::StringRef calleeName(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  return FD && FD->getIdentifier() ? FD->getName() : llvm::StringRef();
}

/// The code as written, macros unexpanded (`SOCK_STREAM | SOCK_NONBLOCK`).
llvm::StringRef writtenText(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = SM.getExpansionRange(E->getSourceRange());
  return Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
}

/// An enumerator or constant that asks for non-blocking mode:
/// `blocking_t::no` (an enum about blocking, a negative enumerator) or any
/// `...nonblock...` name.
bool namesNonBlockingMode(const Decl *D) {
  const auto *Named = dyn_cast_or_null<NamedDecl>(D);
  if (!Named || !Named->getIdentifier())
    return false;
  std::string Name = normalized(Named->getName());
  if (llvm::StringRef(Name).contains("nonblock"))
    return true;
  const auto *Enumerator = dyn_cast<EnumConstantDecl>(Named);
  if (!Enumerator)
    return false;
  const auto *Enum = dyn_cast<EnumDecl>(Enumerator->getDeclContext());
  return Enum && Enum->getIdentifier() &&
         llvm::StringRef(normalized(Enum->getName())).contains("block") &&
         llvm::is_contained({"no", "off", "false", "disabled", "disable"},
                            Name);
}

/// True if \p E spells a non-blocking request: a `...NONBLOCK` flag as
/// written, or an enumerator / constant that names non-blocking mode,
/// anywhere inside it (an options struct's initializer too).
bool asksNonBlocking(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return false;
  if (writtenText(E, Ctx).contains("NONBLOCK"))
    return true;
  struct Finder : RecursiveASTVisitor<Finder> {
    bool Found = false;
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      Found |= namesNonBlockingMode(Ref->getDecl());
      return !Found;
    }
  } F;
  F.TraverseStmt(const_cast<Expr *>(E));
  return F.Found;
}

/// `false`, or an enumerator for "no" / "non-blocking": the argument of a
/// `blocking(...)` setter that turns blocking off.
bool isOffArgument(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(E))
    return !B->getValue();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return namesNonBlockingMode(Ref->getDecl());
  return false;
}

bool isTrueOrAbsent(const CallExpr *CE) {
  for (const Expr *Arg : CE->arguments())
    if (const auto *B =
            dyn_cast<CXXBoolLiteralExpr>(Arg->IgnoreParenImpCasts()))
      return B->getValue();
  return true;
}

/// The object of a member call, or the first argument of a free function:
/// the descriptor a configuration call is about.
const Expr *subjectOf(const CallExpr *CE) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(CE))
    return Member->getImplicitObjectArgument();
  return CE->getNumArgs() > 0 ? CE->getArg(0) : nullptr;
}

/// Finds the descriptors the user's code makes non-blocking or registers
/// for readiness.
class ConfigurationFinder : public UserCodeVisitor<ConfigurationFinder> {
public:
  ConfigurationFinder(LibraryCode &Library, ASTContext &Ctx,
                      llvm::DenseSet<const ValueDecl *> &Out)
      : UserCodeVisitor(Library), Ctx(Ctx), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitCallExpr(CallExpr *CE) {
    llvm::StringRef Name = calleeName(CE);
    if (Name.empty())
      return true;
    std::string Norm = normalized(Name);
    const Expr *Subject = subjectOf(CE);
    if (!markSystemCall(CE, Name) && !markModeSetter(CE, Norm, Subject))
      markReadinessRegistration(CE, Name, Norm, Subject);
    return true;
  }

  // A descriptor created non-blocking: `int fd = socket(AF_INET,
  // SOCK_STREAM | SOCK_NONBLOCK, 0)`, `fd = accept4(..., SOCK_NONBLOCK)`,
  // `m_socket(make_socket(options{tcp, blocking_t::no}))`.
  bool VisitVarDecl(VarDecl *V) {
    if (const Expr *Init = V->getInit(); Init && createsNonBlocking(Init))
      Out.insert(V);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp() && createsNonBlocking(B->getRHS()))
      mark(B->getLHS());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        createsNonBlocking(Op->getArg(1)))
      mark(Op->getArg(0));
    return true;
  }
  // `for (auto &fd : m_fds) fcntl(fd, F_SETFL, ... | O_NONBLOCK)`: what is
  // done to the loop variable is done to the range's elements.
  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) {
    if (const VarDecl *Var = For->getLoopVariable();
        Var && Var->getType()->isReferenceType())
      if (const ValueDecl *Range = descriptorRoot(For->getRangeInit()))
        Elements[Var] = Range;
    return true;
  }
  bool VisitCXXConstructorDecl(CXXConstructorDecl *Ctor) {
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isMemberInitializer() && Init->isWritten() &&
          createsNonBlocking(Init->getInit()))
        Out.insert(Init->getMember());
    return true;
  }

private:
  /// fcntl(), ioctl() or pipe2() named \p Name: marks the descriptor they
  /// make non-blocking. False if \p CE is none of them.
  bool markSystemCall(const CallExpr *CE, llvm::StringRef Name) {
    if (Name == "fcntl" && CE->getNumArgs() >= 3) {
      // fcntl(fd, F_SETFL, flags | O_NONBLOCK), also with the flags
      // computed first: `flags |= O_NONBLOCK; fcntl(fd, F_SETFL, flags)`.
      if (writtenText(CE->getArg(1), Ctx).contains("F_SETFL") &&
          (asksNonBlocking(CE->getArg(2), Ctx) ||
           functionMentions("O_NONBLOCK")))
        mark(CE->getArg(0));
      return true;
    }
    if (Name == "ioctl" && CE->getNumArgs() >= 2) {
      if (writtenText(CE->getArg(1), Ctx).contains("FIONBIO"))
        mark(CE->getArg(0));
      return true;
    }
    if (Name == "pipe2" && CE->getNumArgs() >= 2) {
      if (asksNonBlocking(CE->getArg(1), Ctx))
        mark(CE->getArg(0));
      return true;
    }
    return false;
  }

  /// A setter of the blocking mode (normalized name \p Norm): marks its
  /// \p Subject when it turns blocking off. False if \p CE is no such
  /// setter.
  bool markModeSetter(const CallExpr *CE, llvm::StringRef Norm,
                      const Expr *Subject) {
    // non_blocking(true), native_non_blocking(true), set_nonblocking(fd),
    // setNonBlocking(fd), make_socket_non_blocking(fd).
    if (Norm.contains("nonblock")) {
      if (Subject && isTrueOrAbsent(CE))
        mark(Subject);
      return true;
    }
    // blocking(false), set_blocking(fd, false), blocking(blocking_t::no).
    if (Norm == "blocking" || Norm == "setblocking") {
      if (Subject && llvm::any_of(CE->arguments(), isOffArgument))
        mark(Subject);
      return true;
    }
    return false;
  }

  /// A registration for readiness: epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), a
  /// scheduler's poll(socket, op), asio's s.async_wait(wait_read, h).
  void markReadinessRegistration(const CallExpr *CE, llvm::StringRef Name,
                                 llvm::StringRef Norm, const Expr *Subject) {
    if (Norm.contains("poll")) {
      for (const Expr *Arg : CE->arguments())
        mark(Arg);
      return;
    }
    if (Name == "async_wait" && isa<CXXMemberCallExpr>(CE))
      for (const Expr *Arg : CE->arguments()) {
        llvm::StringRef Text = writtenText(Arg, Ctx);
        if (Text.contains("wait_read") || Text.contains("wait_write")) {
          mark(Subject);
          break;
        }
      }
  }

  /// A call that makes a new descriptor, asking for non-blocking mode, or
  /// a call to a factory of this code that returns one (`wakeup_fd_(
  /// create_eventfd())`, whose body returns `eventfd(0, EFD_NONBLOCK)`).
  bool createsNonBlocking(const Expr *E, bool FollowFactory = true) {
    E = ignoreTemporaries(E);
    const Expr *Bare = E->IgnoreParenImpCasts();
    if (!isa<CallExpr, CXXConstructExpr>(Bare))
      return false;
    if (asksNonBlocking(E, Ctx))
      return true;
    const auto *Call = dyn_cast<CallExpr>(Bare);
    return FollowFactory && Call && returnsNonBlocking(Call->getDirectCallee());
  }

  /// True if every return of \p FD's body returns a descriptor created
  /// non-blocking there: the call itself, or a local it initialized.
  bool returnsNonBlocking(const FunctionDecl *FD) {
    const FunctionDecl *Def = nullptr;
    if (!FD || !FD->hasBody(Def) || Library.contains(Def))
      return false;
    bool Any = false, All = true;
    forEachRunStmt(Def->getBody(), [&](const Stmt *S) {
      const auto *Return = dyn_cast<ReturnStmt>(S);
      if (!Return || !Return->getRetValue())
        return;
      const Expr *Value = Return->getRetValue()->IgnoreParenImpCasts();
      const auto *Ref = dyn_cast<DeclRefExpr>(Value);
      const auto *Local = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      bool Made = Local && Local->hasLocalStorage() && Local->getInit()
                      ? createsNonBlocking(Local->getInit(), false)
                      : createsNonBlocking(Value, false);
      Any = true;
      All = All && Made;
    });
    return Any && All;
  }

  bool functionMentions(llvm::StringRef Word) {
    const FunctionDecl *FD = currentFunction();
    return FD && FD->getBody() &&
           Lexer::getSourceText(
               CharSourceRange::getTokenRange(FD->getBody()->getSourceRange()),
               Ctx.getSourceManager(), Ctx.getLangOpts())
               .contains(Word);
  }

  void mark(const Expr *E) {
    const ValueDecl *Root = descriptorRoot(E);
    if (!Root)
      return;
    Out.insert(Root);
    if (const ValueDecl *Range = Elements.lookup(Root))
      Out.insert(Range);
  }

  ASTContext &Ctx;
  llvm::DenseSet<const ValueDecl *> &Out;
  /// Range-for loop variables bound to the elements of a descriptor array.
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> Elements;
};

constexpr llvm::StringLiteral WouldBlockMacros[] = {"EAGAIN", "EWOULDBLOCK",
                                                    "EINPROGRESS"};

/// Looks for the shape of non-blocking I/O in one body: would-block
/// results tested, or readiness awaited.
class WouldBlockFinder : public RecursiveASTVisitor<WouldBlockFinder> {
public:
  WouldBlockFinder(const ASTContext &Ctx, LibraryCode &Library,
                   unsigned Depth = 0)
      : Ctx(Ctx), Library(Library), Depth(Depth) {}

  bool Found = false;

  bool VisitIntegerLiteral(IntegerLiteral *L) {
    SourceLocation Loc = L->getBeginLoc();
    if (!Loc.isMacroID())
      return true;
    llvm::StringRef Macro = Lexer::getImmediateMacroName(
        Loc, Ctx.getSourceManager(), Ctx.getLangOpts());
    Found |= llvm::is_contained(WouldBlockMacros, Macro);
    return !Found;
  }
  // asio::error::would_block, std::errc::operation_would_block,
  // resource_unavailable_try_again, asio::error::in_progress.
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *Named = Ref->getDecl();
    if (!Named->getIdentifier())
      return true;
    std::string Name = normalized(Named->getName());
    Found |= llvm::StringRef(Name).contains("wouldblock") ||
             llvm::StringRef(Name).contains("tryagain") ||
             Name == "inprogress" || Name == "operationinprogress";
    return !Found;
  }
  // status.try_again(), is_would_block(ec), isEAGAIN(); also a predicate
  // of the code whose own body tests for would-block (`if (!isEAGAIN())`
  // where `isEAGAIN()` compares errno with EWOULDBLOCK and EAGAIN).
  bool VisitCallExpr(CallExpr *CE) {
    std::string Name = normalized(calleeName(CE));
    llvm::StringRef N(Name);
    Found |= N.contains("wouldblock") || N.contains("tryagain") ||
             N.contains("eagain");
    if (!Found && Depth == 0)
      if (const FunctionDecl *Callee = CE->getDirectCallee();
          Callee && Callee->getReturnType()->isBooleanType()) {
        const FunctionDecl *Def = nullptr;
        if (Callee->hasBody(Def) && !Library.contains(Def)) {
          WouldBlockFinder Inner(Ctx, Library, Depth + 1);
          Inner.TraverseStmt(Def->getBody());
          Found = Inner.Found;
        }
      }
    return !Found;
  }
  // co_await poll(op), co_await socket.async_wait(wait_read, use_awaitable).
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    const Expr *Operand = ignoreTemporaries(E->getOperand());
    if (const auto *CE = dyn_cast_or_null<CallExpr>(
            Operand ? Operand->IgnoreParenImpCasts() : nullptr)) {
      std::string Name = normalized(calleeName(CE));
      llvm::StringRef N(Name);
      bool Readiness = N.contains("poll") || N.contains("readable") ||
                       N.contains("writable") || N.contains("waitread") ||
                       N.contains("waitwrite");
      if (N == "asyncwait")
        for (const Expr *Arg : CE->arguments()) {
          llvm::StringRef Text = writtenText(Arg, Ctx);
          Readiness |=
              Text.contains("wait_read") || Text.contains("wait_write");
        }
      Found |= Readiness;
    }
    return !Found;
  }
  // Lambdas run elsewhere: their would-block tests are theirs.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }

private:
  const ASTContext &Ctx;
  LibraryCode &Library;
  /// 1 inside a predicate the function calls: not followed further.
  unsigned Depth;
};

} // namespace

/// What a getter called on `this` returns when its body is one return of a
/// member of the object (`return m_fds[1];`), else null.
static const Expr *returnedMember(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!Method || !Object || !isa<CXXThisExpr>(Object->IgnoreParenImpCasts()) ||
      !Method->hasBody())
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Method->getBody());
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  return Return ? Return->getRetValue() : nullptr;
}

const ValueDecl *descriptorRoot(const Expr *E) {
  for (unsigned Guard = 0; E && Guard < 8; ++Guard) {
    E = ignoreTemporaries(E)->IgnoreParenCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(Ref->getDecl());
    if (const auto *Member = dyn_cast<MemberExpr>(E))
      return dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf)) {
      E = U->getSubExpr();
      continue;
    }
    // One element of a descriptor array: `m_fds[1]`.
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Subscript->getBase();
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
      E = Op->getArg(0);
      continue;
    }
    // A getter on the socket object: native_handle(), fd(), get(),
    // lowest_layer(), socket(); one of the class's own that returns a
    // member (`write_fd()` returning `m_fds[1]`) names that member.
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
        Call && Call->getNumArgs() == 0) {
      if (const Expr *Returned = returnedMember(Call)) {
        E = Returned;
        continue;
      }
      E = Call->getImplicitObjectArgument();
      continue;
    }
    // `*ptr` and `ptr->` on smart pointers.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && (Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
        Op->getNumArgs() == 1) {
      E = Op->getArg(0);
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

void ReactorEvidence::collect() {
  NonBlocking.emplace();
  ConfigurationFinder(Library, Ctx, *NonBlocking).walk(Ctx);
}

bool ReactorEvidence::isNonBlocking(const ValueDecl *Root) {
  if (!Root)
    return false;
  if (!NonBlocking)
    collect();
  return NonBlocking->contains(Root);
}

bool ReactorEvidence::expectsWouldBlock(const FunctionDecl *FD) {
  if (!FD)
    return false;
  auto [It, New] = Expects.try_emplace(FD, false);
  if (!New)
    return It->second;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || Library.contains(Def))
    return false;
  WouldBlockFinder Finder(Ctx, Library);
  Finder.TraverseStmt(Def->getBody());
  It->second = Finder.Found;
  return Finder.Found;
}

} // namespace clang::tidy::taskfit
