//===--- WorkerLoops.cpp - io_contexts used as a private work queue -------===//

#include "WorkerLoops.h"
#include "Contexts.h"
#include "WorkKind.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::taskfit {

namespace {

/// An io_context, or another of the table's event-loop types.
bool isEventLoopType(QualType T, const DecisionTable &Table) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && Table.isEventLoopType(tableName(RD));
}

const Expr *skipImplicit(const Expr *E) {
  return E->IgnoreParenImpCasts()->IgnoreImplicitAsWritten();
}

/// The variable or member an executor expression names: `ctx`, `*ctx_`,
/// `ctx_.get_executor()`. Parameters are not followed: their other uses
/// are the caller's.
const ValueDecl *namedLoop(const Expr *E, const DecisionTable &Table) {
  if (!E)
    return nullptr;
  E = skipImplicit(E);
  if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
    E = skipImplicit(Temp->getSubExpr());
  if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
    E = skipImplicit(Bind->getSubExpr());
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1)
    E = skipImplicit(Construct->getArg(0));
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = Call->getMethodDecl();
        M && M->getIdentifier() && M->getName() == "get_executor")
      return namedLoop(Call->getImplicitObjectArgument(), Table);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && !isa<ParmVarDecl>(Var) && !Var->getType()->isReferenceType() &&
        isEventLoopType(Var->getType(), Table))
      return Var;
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
        Field && !Field->getType()->isReferenceType() &&
        isEventLoopType(Field->getType(), Table))
      return Field;
  return nullptr;
}

/// The first parent of \p N that is not an implicit wrapper.
DynTypedNode parentOf(ASTContext &Ctx, DynTypedNode N) {
  while (true) {
    DynTypedNodeList Parents = Ctx.getParents(N);
    if (Parents.empty())
      return DynTypedNode();
    N = Parents[0];
    if (const auto *E = N.get<Expr>();
        E && isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                 CXXBindTemporaryExpr, ExprWithCleanups>(E))
      continue;
    return N;
  }
}

/// std::thread, std::jthread (the table's "thread" contexts) or another of
/// its worker thread types (boost::thread).
bool isThreadType(QualType T, const DecisionTable &Table) {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD &&
         (isThreadClass(RD, Table) || Table.isWorkerThreadType(tableName(RD)));
}

/// True if the callee of \p Call only hands work to an executor or keeps it
/// alive: post, dispatch, defer, make_work_guard.
bool isPostOrGuard(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(FD->getName())
      .Cases("post", "dispatch", "defer", "make_work_guard", true)
      .Default(false);
}

class UseFinder : public RecursiveASTVisitor<UseFinder> {
public:
  UseFinder(ASTContext &Ctx, const DecisionTable &Table, const ValueDecl *Loop,
            bool &RunByThread, bool &LoopUse)
      : Ctx(Ctx), Table(Table), Loop(Loop), RunByThread(RunByThread),
        LoopUse(LoopUse) {}

  bool TraverseLambdaExpr(LambdaExpr *L) {
    Lambdas.push_back(L);
    bool Continue = RecursiveASTVisitor::TraverseLambdaExpr(L);
    Lambdas.pop_back();
    return Continue;
  }
  // Visited before its arguments: the lambda is known to start a thread
  // when its body is walked.
  bool VisitCXXConstructExpr(CXXConstructExpr *C) {
    if (isThreadType(C->getType(), Table) && C->getNumArgs() >= 1)
      if (const auto *L = dyn_cast<LambdaExpr>(
              C->getArg(0)->IgnoreImplicit()->IgnoreParens()))
        ThreadLambdas.insert(L);
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl() == Loop)
      classify(E);
    return !LoopUse;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (E->getMemberDecl() == Loop)
      classify(E);
    return !LoopUse;
  }

private:
  /// Sorts one use of the io_context \p E names.
  void classify(const Expr *E) {

    DynTypedNode P = parentOf(Ctx, DynTypedNode::create(*E));
    // A lambda's capture: its uses inside are sorted one by one.
    if (P.get<LambdaExpr>())
      return;
    // ctx.method(...)
    if (P.get<MemberExpr>()) {
      const auto *Call = parentOf(Ctx, P).get<CXXMemberCallExpr>();
      const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
      llvm::StringRef Name =
          M && M->getIdentifier() ? M->getName() : llvm::StringRef();
      if (llvm::is_contained(
              {"run", "run_one", "run_for", "run_until", "poll", "poll_one"},
              Name)) {
        // Run by a thread this code starts for it (`std::thread([this] {
        // ctx_.run(); })`), or by someone else: an event loop.
        bool OwnThread =
            !Lambdas.empty() && ThreadLambdas.contains(Lambdas.back());
        (OwnThread ? RunByThread : LoopUse) = true;
        return;
      }
      if (llvm::is_contained({"stop", "stopped", "restart", "reset"}, Name))
        return;
      if (Name == "get_executor") {
        handedOn(Call);
        return;
      }
      LoopUse = true;
      return;
    }
    handedOn(E);
  }

  /// \p E (the io_context or its executor) is an argument: only a post or
  /// a work guard keeps it a worker queue.
  void handedOn(const Expr *E) {
    DynTypedNode P = parentOf(Ctx, DynTypedNode::create(*E));
    if (const auto *Call = P.get<CallExpr>(); Call && isPostOrGuard(Call))
      return;
    if (const auto *Construct = P.get<CXXConstructExpr>()) {
      const CXXRecordDecl *RD = Construct->getType()->getAsCXXRecordDecl();
      if (RD && RD->getName() == "executor_work_guard")
        return;
    }
    LoopUse = true;
  }

  ASTContext &Ctx;
  const DecisionTable &Table;
  const ValueDecl *Loop;
  llvm::SmallVector<const LambdaExpr *, 4> Lambdas;
  llvm::SmallPtrSet<const LambdaExpr *, 4> ThreadLambdas;
  bool &RunByThread;
  bool &LoopUse;
};

} // namespace

const WorkerLoops::Uses &WorkerLoops::usesOf(const ValueDecl *Loop) {
  auto [It, New] = Cache.try_emplace(Loop);
  if (New) {
    Uses U;
    UseFinder(Ctx, Table, Loop, U.RunByThread, U.LoopUse)
        .TraverseDecl(Ctx.getTranslationUnitDecl());
    It = Cache.find(Loop);
    It->second = U;
  }
  return It->second;
}

bool WorkerLoops::isPrivateWorkerLoop(const Expr *Executor) {
  const ValueDecl *Loop = namedLoop(Executor, Table);
  if (!Loop)
    return false;
  const Uses &U = usesOf(Loop);
  return U.RunByThread && !U.LoopUse;
}

} // namespace clang::tidy::taskfit
