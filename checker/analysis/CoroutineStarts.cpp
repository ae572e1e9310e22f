//===--- CoroutineStarts.cpp - where a coroutine's first steps run --------===//

#include "CoroutineStarts.h"
#include "Contexts.h"
#include "LoopCost.h"
#include "RunHereVisitor.h"
#include "WorkKind.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::taskfit {

namespace {

/// \p E without what only moves its value along: parentheses, casts,
/// temporaries, a copy or move construction, std::move.
const Expr *carried(const Expr *E) {
  while (E) {
    const Expr *Next = ignoreTemporaries(E)->IgnoreParenImpCasts();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next);
        Construct && Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      Next = Construct->getArg(0);
    else if (const auto *Call = dyn_cast<CallExpr>(Next);
             Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
             Call->getDirectCallee()->isInStdNamespace() &&
             Call->getDirectCallee()->getIdentifier() &&
             Call->getDirectCallee()->getName() == "move")
      Next = Call->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

/// The coroutine whose call \p E is (after carried()), if it is one.
const FunctionDecl *coroutineCalled(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(E ? carried(E) : nullptr);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const FunctionDecl *Def = nullptr;
  if (!Callee || !Callee->hasBody(Def) || !isCoroutine(*Def))
    return nullptr;
  return Def;
}

/// The calls of coroutines in one body, and how each coroutine is started.
class StartFinder : public RunHereVisitor<StartFinder> {
public:
  StartFinder(
      WorkClassifier &Classifier,
      llvm::DenseMap<const CallExpr *, std::pair<int, const Stmt *>> &Uses)
      : Classifier(Classifier), Uses(Uses) {}

  bool VisitCallExpr(CallExpr *Call) {
    // Visited before its children: the callee's name is not a naming.
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts()))
      Callees.insert(Ref);
    if (coroutineCalled(Call))
      Uses.try_emplace(Call, 2 /*Other*/, nullptr);
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Classifier.startsCoroutine(Callee))
      return true;
    // The coroutine the starter is given: its only argument, or the object
    // of a member call.
    const Expr *Given = nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      Given = Member->getNumArgs() == 0 ? Member->getImplicitObjectArgument()
                                        : nullptr;
    else if (Call->getNumArgs() == 1)
      Given = Call->getArg(0);
    if (coroutineCalled(Given))
      Uses[cast<CallExpr>(carried(Given))] = {0 /*Synchronous*/, nullptr};
    return true;
  }

  /// A coroutine named other than as the callee of a call (its address
  /// taken, bound, stored in a std::function) may be started anywhere.
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *Fn = dyn_cast<FunctionDecl>(Ref->getDecl());
    const FunctionDecl *Def = nullptr;
    if (Fn && Fn->hasBody(Def) && isCoroutine(*Def) && !Callees.contains(Ref))
      Named.push_back(Def);
    return true;
  }
  /// The coroutines named other than by a call.
  llvm::SmallVector<const FunctionDecl *, 2> Named;

  bool VisitCoawaitExpr(CoawaitExpr *Await) {
    for (const Expr *Operand : {Await->getOperand(), Await->getCommonExpr()})
      if (coroutineCalled(Operand))
        Uses[cast<CallExpr>(carried(Operand))] = {1 /*Awaited*/, Await};
    return true;
  }

private:
  WorkClassifier &Classifier;
  llvm::DenseMap<const CallExpr *, std::pair<int, const Stmt *>> &Uses;
  llvm::DenseSet<const DeclRefExpr *> Callees;
};

/// The suspension points in a statement, nested lambdas' aside.
class AwaitFinder : public RunHereVisitor<AwaitFinder> {
public:
  explicit AwaitFinder(llvm::SmallVectorImpl<const Stmt *> &Out) : Out(Out) {}
  bool VisitCoawaitExpr(CoawaitExpr *E) {
    Out.push_back(E);
    return true;
  }
  bool VisitCoyieldExpr(CoyieldExpr *E) {
    Out.push_back(E);
    return true;
  }

private:
  llvm::SmallVectorImpl<const Stmt *> &Out;
};

/// Adds \p S and everything under it to \p Out.
void addAll(const Stmt *S, llvm::DenseSet<const Stmt *> &Out) {
  if (!S)
    return;
  Out.insert(S);
  for (const Stmt *Child : S->children())
    addAll(Child, Out);
}

} // namespace

CoroutineStarts::CoroutineStarts(
    llvm::ArrayRef<const FunctionDecl *> Functions, WorkClassifier &Classifier,
    std::function<bool(const FunctionDecl *)> IsAsync)
    : Classifier(Classifier), IsAsync(std::move(IsAsync)) {
  for (const FunctionDecl *Fn : Functions)
    recordStarts(Fn);
}

void CoroutineStarts::recordStarts(const FunctionDecl *Fn) {
  if (!Fn->getBody())
    return;
  llvm::DenseMap<const CallExpr *, std::pair<int, const Stmt *>> Uses;
  StartFinder Finder(Classifier, Uses);
  Finder.TraverseStmt(const_cast<Stmt *>(Fn->getBody()));
  for (const FunctionDecl *Coro : Finder.Named)
    Starts[Coro].push_back(Start{Start::Other, Fn, nullptr});
  for (const auto &[Call, Use] : Uses) {
    Start S;
    S.How = static_cast<Start::Kind>(Use.first);
    S.In = Fn;
    S.Await = Use.second;
    Starts[coroutineCalled(Call)].push_back(S);
  }
}

bool CoroutineStarts::startedOnStarter(const FunctionDecl *Coro) {
  State &St = States[Coro];
  if (St == State::Starter || St == State::Loop)
    return St == State::Starter;
  if (St == State::Visiting)
    return false; // Awaited by itself before suspending: not decided here.
  St = State::Visiting;
  auto It = Starts.find(Coro);
  bool OnStarter = It != Starts.end() && !It->second.empty();
  if (OnStarter)
    for (const Start &S : It->second) {
      bool Here = false;
      if (S.How == Start::Synchronous)
        Here = !IsAsync(S.In);
      else if (S.How == Start::Awaited)
        Here =
            startedOnStarter(S.In) && (prefixOf(S.In).Runs.contains(S.Await) ||
                                       prefixOf(S.In).FirstAwait == S.Await);
      if (!Here) {
        OnStarter = false;
        break;
      }
    }
  States[Coro] = OnStarter ? State::Starter : State::Loop;
  return OnStarter;
}

const CoroutineStarts::Prefix &
CoroutineStarts::prefixOf(const FunctionDecl *Coro) {
  auto It = Prefixes.find(Coro);
  if (It != Prefixes.end())
    return It->second;
  Prefix P;
  const auto *Body = dyn_cast_or_null<CoroutineBodyStmt>(Coro->getBody());
  const Stmt *Block = Body ? Body->getBody() : nullptr;
  // Down the blocks that hold the first suspension: what comes before it
  // runs first; a local declared in a block the suspension is in lives on
  // past it.
  while (const auto *Compound = dyn_cast_or_null<CompoundStmt>(Block)) {
    Block = nullptr;
    const Stmt *Suspending = nullptr;
    for (const Stmt *Child : Compound->body())
      if (containsSuspension(Child)) {
        Suspending = Child;
        break;
      }
    for (const Stmt *Child : Compound->body()) {
      if (Child == Suspending)
        break;
      addAll(Child, P.Runs);
      if (!Suspending || !isa<DeclStmt>(Child))
        addAll(Child, P.ScopeEnds);
    }
    Block = Suspending;
  }
  if (isa_and_nonnull<Expr, DeclStmt, ReturnStmt, CoreturnStmt>(Block)) {
    llvm::SmallVector<const Stmt *, 1> Awaits;
    AwaitFinder(Awaits).TraverseStmt(const_cast<Stmt *>(Block));
    if (Awaits.size() == 1)
      P.FirstAwait = Awaits.front();
  }
  return Prefixes.try_emplace(Coro, std::move(P)).first->second;
}

bool CoroutineStarts::runsOnStarter(const FunctionDecl *Coro, const Stmt *S,
                                    bool UntilScopeEnd) {
  if (!Coro || !S || !isCoroutine(*Coro) || !startedOnStarter(Coro))
    return false;
  const Prefix &P = prefixOf(Coro);
  return UntilScopeEnd ? P.ScopeEnds.contains(S) : P.Runs.contains(S);
}

} // namespace clang::tidy::taskfit
