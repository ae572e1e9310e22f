//===--- Polling.cpp - loops that wait by polling -------------------------===//

#include "Polling.h"
#include "Locks.h"
#include "UserCodeVisitor.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include <functional>

namespace clang::tidy::taskfit {

namespace {

/// How deep reads are followed into the functions a test calls.
constexpr unsigned MaxFollowDepth = 3;

bool isPureOperator(OverloadedOperatorKind Op) {
  switch (Op) {
  case OO_EqualEqual:
  case OO_ExclaimEqual:
  case OO_Less:
  case OO_Greater:
  case OO_LessEqual:
  case OO_GreaterEqual:
  case OO_Spaceship:
  case OO_Plus:
  case OO_Minus:
  case OO_Star:
  case OO_Slash:
  case OO_Percent:
  case OO_Exclaim:
  case OO_AmpAmp:
  case OO_PipePipe:
    return true;
  default:
    return false;
  }
}

bool isReadOnly(const Stmt *S, WorkClassifier &Classifier, unsigned Depth);

/// True if \p E names a variable of a function the test calls (\p Depth >
/// 0) that holds its own value: writing it changes nothing outside that
/// call (`rc = rc && t->running();`, a range-for's iterator). Not a
/// reference, not a lambda's capture of an enclosing variable.
bool isCalleeLocal(const Expr *E, unsigned Depth) {
  if (Depth == 0)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && !Ref->refersToEnclosingVariableOrCapture() &&
         Var->hasLocalStorage() && !Var->getType()->isReferenceType();
}

/// The object a member call or member operator call works on.
const Expr *calledObject(const CallExpr *CE) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(CE))
    return Member->getImplicitObjectArgument();
  if (isa<CXXOperatorCallExpr>(CE) &&
      isa_and_nonnull<CXXMethodDecl>(CE->getCalleeDecl()) &&
      CE->getNumArgs() > 0)
    return CE->getArg(0);
  return nullptr;
}

/// A function whose body only reads (a getter, `bool done() { return
/// flag_; }`).
bool isReadOnlyFunction(const FunctionDecl *FD, WorkClassifier &Classifier,
                        unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (Depth >= MaxFollowDepth || !FD->hasBody(Def) ||
      Classifier.library().contains(Def))
    return false;
  return isReadOnly(Def->getBody(), Classifier, Depth + 1);
}

bool isReadOnlyCall(const CallExpr *CE, WorkClassifier &Classifier,
                    unsigned Depth) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD)
    return false;
  if (pauseKind(CE, Classifier))
    return false;
  // Work the table knows about (I/O, a blocking wait, a heavy call) is
  // work, even from a const member.
  if (std::optional<WorkItem> Work = Classifier.classify(CE);
      Work && Work->Category)
    return false;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD)) {
    // A const member of the library only reads; one of this code (a
    // lambda's call operator too) may still write through pointers or
    // mutable members: read its body while it can be followed.
    const FunctionDecl *Def = nullptr;
    if (Method->isInstance() && Method->isConst())
      return !Method->hasBody(Def) || Classifier.library().contains(Def) ||
             Depth >= MaxFollowDepth ||
             isReadOnlyFunction(Method, Classifier, Depth);
    if (Method->isStatic() && Method->getIdentifier() &&
        Method->getName() == "now")
      return true;
  }
  if (FD->isConstexpr())
    return true;
  // A library member changing a callee's own local object (`++it` on a
  // range-for's iterator, `names.push_back(n)`) is a write that stays in
  // the call.
  if (const Expr *Object = calledObject(CE); Object &&
                                             isCalleeLocal(Object, Depth) &&
                                             Classifier.library().contains(FD))
    return true;
  // A library container's non-const accessors hand out iterators and
  // references; they change nothing (`for (auto &t : threads_)` in a
  // non-const lambda calls the non-const begin()).
  if (isa<CXXMethodDecl>(FD) && FD->getIdentifier() &&
      Classifier.library().contains(FD) &&
      llvm::is_contained({"begin", "end", "rbegin", "rend", "data", "front",
                          "back", "find", "at"},
                         FD->getName()))
    return true;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(CE))
    if (!isa<CXXMethodDecl>(FD) && isPureOperator(Op->getOperator()))
      return true;
  if (FD->isInStdNamespace() && FD->getIdentifier() &&
      FD->getName().starts_with("atomic_load"))
    return true;
  return isReadOnlyFunction(FD, Classifier, Depth);
}

/// True if running \p S has no effect but reading (nested lambdas are
/// values, not code that runs).
bool isReadOnly(const Stmt *S, WorkClassifier &Classifier, unsigned Depth) {
  if (!S)
    return true;
  if (isa<LambdaExpr, CXXThrowExpr>(S))
    return true;
  if (isa<CXXNewExpr, CXXDeleteExpr, CoawaitExpr, CoyieldExpr, StmtExpr,
          GCCAsmStmt, MSAsmStmt>(S))
    return false;
  if (const auto *B = dyn_cast<BinaryOperator>(S);
      B && B->isAssignmentOp() && !isCalleeLocal(B->getLHS(), Depth))
    return false;
  if (const auto *U = dyn_cast<UnaryOperator>(S);
      U && U->isIncrementDecrementOp() &&
      !isCalleeLocal(U->getSubExpr(), Depth))
    return false;
  if (const auto *CE = dyn_cast<CallExpr>(S);
      CE && !isReadOnlyCall(CE, Classifier, Depth))
    return false;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (!Ctor->isTrivial() && !Ctor->isCopyOrMoveConstructor() &&
        !Ctor->isConstexpr() && !isLockGuardType(Construct->getType()))
      return false;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        if (!isReadOnly(V->getInit(), Classifier, Depth))
          return false;
    return true;
  }
  for (const Stmt *Child : S->children())
    if (!isReadOnly(Child, Classifier, Depth))
      return false;
  return true;
}

/// True if \p S always leaves the loop it is in (it ends in break, return,
/// throw or goto).
bool leavesLoop(const Stmt *S) {
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    return !CS->body_empty() && leavesLoop(CS->body_back());
  if (const auto *E = dyn_cast_or_null<Expr>(S))
    return isa<CXXThrowExpr>(E->IgnoreParenImpCasts());
  return isa_and_nonnull<BreakStmt, ReturnStmt, GotoStmt>(S);
}

bool isConstant(const Expr *Cond, const ASTContext &Ctx) {
  bool Value = false;
  return !Cond->isValueDependent() &&
         Cond->EvaluateAsBooleanCondition(Value, Ctx);
}

class WaitLoopScan {
public:
  WaitLoopScan(BusyWait &Out, WorkClassifier &Classifier)
      : Out(Out), Classifier(Classifier) {}

  /// True if \p S only tests, pauses, or leaves the loop.
  bool onlyWaits(const Stmt *S) {
    if (!S || isa<NullStmt, ContinueStmt>(S))
      return true;
    if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
      for (const Stmt *Child : CS->body())
        if (!onlyWaits(Child))
          return false;
      return true;
    }
    if (leavesLoop(S))
      return true;
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (If->getInit() && !onlyWaits(If->getInit()))
        return false;
      if (const DeclStmt *Var = If->getConditionVariableDeclStmt();
          Var && !isPollExpr(cast<VarDecl>(Var->getSingleDecl())->getInit(),
                             Classifier))
        return false;
      if (!isPollExpr(If->getCond(), Classifier))
        return false;
      // What a branch that leaves does, it does once, after the wait.
      bool Leaves = false;
      for (const Stmt *Branch : {If->getThen(), If->getElse()}) {
        if (leavesLoop(Branch))
          Leaves = true;
        else if (!onlyWaits(Branch))
          return false;
      }
      if (Leaves)
        addTest(If->getCond());
      return true;
    }
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (const auto *CE =
              dyn_cast<CallExpr>(ignoreTemporaries(E)->IgnoreParenImpCasts()))
        if (std::optional<PauseKind> Kind = pauseKind(CE, Classifier)) {
          if (!Out.Pause) {
            Out.Pause = CE;
            Out.Kind = *Kind;
          }
          return true;
        }
      return isPollExpr(E, Classifier);
    }
    if (isa<DeclStmt>(S))
      return isReadOnly(S, Classifier, 0);
    return false;
  }

  void addTest(const Expr *Cond) {
    if (Cond && !isConstant(Cond, Classifier.astContext()))
      Out.Tests.push_back(Cond);
  }

private:
  BusyWait &Out;
  WorkClassifier &Classifier;
};

class BusyWaitFinder : public UserCodeVisitor<BusyWaitFinder> {
public:
  BusyWaitFinder(WorkClassifier &Classifier,
                 llvm::SmallVectorImpl<BusyWait> &Out)
      : UserCodeVisitor(Classifier.library()), Classifier(Classifier),
        Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool visitLoop(const Stmt *Loop) {
    if (std::optional<BusyWait> Wait = findBusyWait(Loop, Classifier))
      Out.push_back(std::move(*Wait));
    return true;
  }
  bool VisitWhileStmt(WhileStmt *S) { return visitLoop(S); }
  bool VisitDoStmt(DoStmt *S) { return visitLoop(S); }
  bool VisitForStmt(ForStmt *S) { return visitLoop(S); }

private:
  WorkClassifier &Classifier;
  llvm::SmallVectorImpl<BusyWait> &Out;
};

} // namespace

void findBusyWaits(ASTContext &Ctx, WorkClassifier &Classifier,
                   llvm::SmallVectorImpl<BusyWait> &Out) {
  BusyWaitFinder(Classifier, Out).walk(Ctx);
}

std::optional<PauseKind> pauseKind(const Expr *Call,
                                   WorkClassifier &Classifier) {
  const FunctionDecl *FD = getCalleeDecl(Call);
  if (!FD)
    return std::nullopt;
  std::string Name = tableName(FD);
  if (Name == "::std::this_thread::yield" || Name == "::sched_yield" ||
      Name == "::pthread_yield" || Name == "::boost::this_thread::yield")
    return PauseKind::Yield;
  if (std::optional<WorkItem> Work = Classifier.classify(Call);
      Work && Work->Category && Work->Category->Id == "sleep")
    return PauseKind::Sleep;
  return std::nullopt;
}

bool isPollExpr(const Expr *E, WorkClassifier &Classifier) {
  return isReadOnly(E, Classifier, 0);
}

namespace {

/// The pause statement \p S is, if it is one: `sleep_for(1ms);`.
const CallExpr *asPause(const Stmt *S, WorkClassifier &Classifier,
                        PauseKind &Kind) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  const auto *CE =
      E ? dyn_cast<CallExpr>(ignoreTemporaries(E)->IgnoreParenImpCasts())
        : nullptr;
  if (!CE)
    return nullptr;
  std::optional<PauseKind> P = pauseKind(CE, Classifier);
  if (!P)
    return nullptr;
  Kind = *P;
  return CE;
}

/// A branch that only pauses (and maybe continues): `{ sleep_for(1ms);
/// continue; }`.
const CallExpr *pauseOnlyBranch(const Stmt *S, WorkClassifier &Classifier,
                                PauseKind &Kind) {
  if (!S)
    return nullptr;
  if (const CallExpr *Pause = asPause(S, Classifier, Kind))
    return Pause;
  const auto *CS = dyn_cast<CompoundStmt>(S);
  if (!CS || CS->body_empty() || CS->size() > 2)
    return nullptr;
  const CallExpr *Pause = asPause(CS->body_front(), Classifier, Kind);
  if (Pause && (CS->size() == 1 || isa<ContinueStmt>(CS->body_back())))
    return Pause;
  return nullptr;
}

bool endsInContinue(const Stmt *S) {
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    return !CS->body_empty() && isa<ContinueStmt>(CS->body_back());
  return isa_and_nonnull<ContinueStmt>(S);
}

/// The readiness test of an `if`: its condition, or the initializer of its
/// condition variable (`if (auto job = q.try_pop())`).
const Expr *readinessTest(const IfStmt *If, WorkClassifier &Classifier) {
  const Expr *Test = If->getCond();
  if (const VarDecl *Var = If->getConditionVariable())
    Test = Var->getInit();
  if (If->getInit() || !Test || !isReadinessTest(Test, Classifier))
    return nullptr;
  return Test;
}

/// A worker loop whose only pause is taken when the readiness test fails:
///   if (ready) { work; continue; }  pause;
///   if (ready) work; else pause;
///   if (!ready) { pause; continue; }  work;
std::optional<BusyWait> findPollingWorker(const Stmt *Loop, const Stmt *Body,
                                          WorkClassifier &Classifier) {
  llvm::ArrayRef<Stmt *> Stmts;
  Stmt *Single = const_cast<Stmt *>(Body);
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Body))
    Stmts = llvm::ArrayRef(CS->body_begin(), CS->body_end());
  else if (Body)
    Stmts = llvm::ArrayRef(&Single, 1);
  BusyWait Wait;
  Wait.Loop = Loop;
  Wait.PollsForWork = true;
  for (size_t I = 0; I < Stmts.size(); ++I) {
    const auto *If = dyn_cast<IfStmt>(Stmts[I]);
    if (!If)
      continue;
    const Expr *Test = readinessTest(If, Classifier);
    if (!Test)
      continue;
    PauseKind Kind;
    const CallExpr *Pause = nullptr;
    if (If->getElse()) {
      // if (ready) work; else pause;
      Pause = pauseOnlyBranch(If->getElse(), Classifier, Kind);
    } else if ((Pause = pauseOnlyBranch(If->getThen(), Classifier, Kind))) {
      // if (!ready) { pause; continue; }  work;
      if (!endsInContinue(If->getThen()) && I + 1 != Stmts.size())
        Pause = nullptr;
    } else if (endsInContinue(If->getThen()) && I + 1 < Stmts.size()) {
      // if (ready) { work; continue; }  pause;
      Pause = asPause(Stmts[I + 1], Classifier, Kind);
    }
    if (!Pause)
      continue;
    // Any other pause in the loop makes it paced work, not a poll.
    unsigned Pauses = 0;
    std::function<void(const Stmt *)> Count = [&](const Stmt *S) {
      if (!S || isa<LambdaExpr>(S))
        return;
      if (const auto *CE = dyn_cast<CallExpr>(S);
          CE && pauseKind(CE, Classifier))
        ++Pauses;
      for (const Stmt *Child : S->children())
        Count(Child);
    };
    Count(Body);
    if (Pauses != 1)
      return std::nullopt;
    Wait.Pause = Pause;
    Wait.Kind = Kind;
    Wait.Tests.push_back(Test);
    return Wait;
  }
  return std::nullopt;
}

} // namespace

bool isReadinessTest(const Expr *E, WorkClassifier &Classifier) {
  if (isPollExpr(E, Classifier))
    return true;
  // A non-blocking take from a queue, with only reads around it.
  bool Take = false, OtherEffect = false;
  std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S || OtherEffect)
      return;
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      llvm::StringRef Name =
          FD && FD->getIdentifier() ? FD->getName() : llvm::StringRef();
      std::string Lower = Name.lower();
      llvm::StringRef L(Lower);
      if (L.starts_with("try") &&
          (L.contains("pop") || L.contains("dequeue") ||
           L.contains("receive") || L.contains("recv") || L.contains("take") ||
           L.contains("get") || L.contains("consume") || L.contains("next")) &&
          !Classifier.classify(CE)) {
        Take = true;
        // Its arguments (the slot it fills) are not effects of the test.
        return;
      }
      if (!isPollExpr(CE, Classifier)) {
        OtherEffect = true;
        return;
      }
      return;
    }
    for (const Stmt *Child : S->children())
      Visit(Child);
  };
  Visit(E);
  return Take && !OtherEffect;
}

std::optional<BusyWait> findBusyWait(const Stmt *Loop,
                                     WorkClassifier &Classifier) {
  BusyWait Wait;
  Wait.Loop = Loop;
  WaitLoopScan Scan(Wait, Classifier);
  const Expr *Cond = nullptr;
  const Stmt *Body = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
    if (While->getConditionVariable())
      return std::nullopt;
    Cond = While->getCond();
    Body = While->getBody();
  } else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
    Cond = Do->getCond();
    Body = Do->getBody();
  } else if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    // A counted loop (`for (int i = 0; i < n; ++i)`) is bounded spinning.
    if (For->getConditionVariable() || !isPollExpr(For->getInc(), Classifier))
      return std::nullopt;
    Cond = For->getCond();
    Body = For->getBody();
  } else {
    return std::nullopt;
  }
  if (Cond && !isPollExpr(Cond, Classifier))
    return std::nullopt;
  Scan.addTest(Cond);
  if (Scan.onlyWaits(Body) && Wait.Pause && !Wait.Tests.empty())
    return Wait;
  return findPollingWorker(Loop, Body, Classifier);
}

const Expr *polledAtomic(const Expr *Test) {
  if (!Test)
    return nullptr;
  const Expr *E = Test->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Object = Member->getImplicitObjectArgument();
    std::string Name = Object ? className(Object->getType()) : "";
    if (Name == "::std::atomic" || Name == "::std::atomic_flag" ||
        Name == "::std::__atomic_base") {
      const Expr *O = Object->IgnoreParenImpCasts();
      if (isa<DeclRefExpr, MemberExpr>(O))
        return O;
    }
  }
  for (const Stmt *Child : E->children())
    if (const auto *ChildExpr = dyn_cast_or_null<Expr>(Child))
      if (const Expr *D = polledAtomic(ChildExpr))
        return D;
  return nullptr;
}

} // namespace clang::tidy::taskfit
