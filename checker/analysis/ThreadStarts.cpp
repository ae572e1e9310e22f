//===--- ThreadStarts.cpp - functions that start a thread on every call --===//

#include "ThreadStarts.h"
#include "LoopCost.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::taskfit {

namespace {

/// Deeper chains only cost time (the same bound as the GIL's).
constexpr unsigned MaxDepth = 24;

/// True if \p E reads the object's or the program's state: a member of
/// `this`, a global or a static variable. A thread started under such a
/// test is started once (`if (!worker_.joinable())`), not on every call.
bool readsState(const Stmt *E) {
  if (!E)
    return false;
  if (const auto *Member = dyn_cast<MemberExpr>(E);
      Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->hasGlobalStorage())
      return true;
  for (const Stmt *Child : E->children())
    if (readsState(Child))
      return true;
  return false;
}

bool isLoop(const Stmt *S) {
  return isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

/// True if \p If tests state (a run-once guard, a member or a global) and
/// its then-branch leaves the function: what follows runs only in some
/// calls (`if (started_) return;`).
bool isEarlyExitOnState(const Stmt *S) {
  const auto *If = dyn_cast<IfStmt>(S);
  if (!If || !(isRunOnceGuard(If) || readsState(If->getCond())))
    return false;
  const Stmt *Then = If->getThen();
  if (const auto *Block = dyn_cast<CompoundStmt>(Then); Block && Block->size())
    Then = Block->body_back();
  return isa_and_nonnull<ReturnStmt, CXXThrowExpr>(Then);
}

/// Collects the statements of a body that run inside its loops (bodies,
/// conditions and increments; not a for loop's init), and those guarded by
/// a test of state (run-once guards included).
void collectShape(const Stmt *S, bool InLoop, bool Guarded,
                  llvm::DenseSet<const Stmt *> &Loops,
                  llvm::DenseSet<const Stmt *> &Guards) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (InLoop)
    Loops.insert(S);
  if (Guarded)
    Guards.insert(S);
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    bool Guard = Guarded || isRunOnceGuard(If) || readsState(If->getCond());
    collectShape(If->getInit(), InLoop, Guarded, Loops, Guards);
    collectShape(If->getCond(), InLoop, Guarded, Loops, Guards);
    collectShape(If->getThen(), InLoop, Guard, Loops, Guards);
    collectShape(If->getElse(), InLoop, Guard, Loops, Guards);
    return;
  }
  if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
    bool After = Guarded;
    for (const Stmt *Child : Block->body()) {
      collectShape(Child, InLoop, After, Loops, Guards);
      After = After || isEarlyExitOnState(Child);
    }
    return;
  }
  const Stmt *Init = nullptr;
  if (const auto *For = dyn_cast<ForStmt>(S))
    Init = For->getInit();
  else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S))
    Init = Range->getRangeInit();
  for (const Stmt *Child : S->children())
    collectShape(Child, InLoop || (isLoop(S) && Child != Init), Guarded, Loops,
                 Guards);
}

/// The variable a thread made at \p E is kept in, if it is assigned at
/// once: `t_ = std::thread(...)`, `t_ = new std::thread(...)`,
/// `t_.reset(new std::thread(...))`, `t_ = std::make_unique<std::thread>(...)`.
const Expr *assignedTo(const Stmt *E, const ParentMap &Parents) {
  const Stmt *Child = E;
  for (const Stmt *P = Parents.getParent(Child); P;
       Child = P, P = Parents.getParent(P)) {
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
            CXXFunctionalCastExpr, ExprWithCleanups, ParenExpr,
            CXXConstructExpr, CXXNewExpr>(P))
      continue;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P))
      return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2
                 ? Op->getArg(0)
                 : nullptr;
    if (const auto *Bin = dyn_cast<BinaryOperator>(P))
      return Bin->getOpcode() == BO_Assign ? Bin->getLHS() : nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(P)) {
      const CXXMethodDecl *M = Member->getMethodDecl();
      return M && M->getIdentifier() &&
                     llvm::is_contained({"reset", "emplace"}, M->getName())
                 ? Member->getImplicitObjectArgument()
                 : nullptr;
    }
    // std::make_unique<std::thread>(...) and its like: the thread is made
    // inside; what the call's result goes into is the variable.
    if (isa<CallExpr>(P))
      continue;
    return nullptr;
  }
  return nullptr;
}

/// True if the thread \p S starts is kept in one member or global variable:
/// the object's (or the program's) one background thread.
bool storedInOneVariable(const ThreadSpawn &S) {
  const Stmt *Body = S.Function ? S.Function->getBody() : nullptr;
  if (!Body || S.Container)
    return false;
  // pthread_create(&tid_, ...) keeps the thread's id in its first argument.
  if (const auto *Call = dyn_cast<CallExpr>(S.Site);
      Call && !isa<CXXMemberCallExpr>(Call) && Call->getNumArgs() > 0 &&
      S.Spelling == "pthread_create")
    return readsState(Call->getArg(0)->IgnoreParenImpCasts());
  ParentMap Parents(const_cast<Stmt *>(Body));
  const Expr *Target = assignedTo(S.Site, Parents);
  return Target && readsState(Target->IgnoreParenImpCasts());
}

} // namespace

std::string describeStartStep(const FunctionDecl &Fn, const ThreadStart &S) {
  if (S.Spawn)
    return describeFunction(Fn) + " starts a " + S.Spawn->Spelling;
  return describeFunction(Fn) + " calls " + describeFunction(*S.Callee);
}

SourceLocation startStepLoc(const ThreadStart &S) {
  return S.Spawn ? S.Spawn->Site->getExprLoc() : S.Call->getExprLoc();
}

ThreadStarts::ThreadStarts(CallSummaries &Summaries,
                           llvm::ArrayRef<ThreadSpawn> Spawns)
    : Summaries(Summaries) {
  for (const ThreadSpawn &S : Spawns)
    if (S.Function)
      SpawnsIn[S.Function->getCanonicalDecl()].push_back(&S);
}

const ThreadStarts::Shape &ThreadStarts::shapeOf(const FunctionDecl *FD) {
  auto &Slot = Shapes[FD];
  if (!Slot) {
    Slot = std::make_unique<Shape>();
    collectShape(FD->getBody(), false, false, Slot->InLoop, Slot->Guarded);
  }
  return *Slot;
}

bool ThreadStarts::inLoop(const Expr *E, const FunctionDecl *FD) {
  return FD && FD->getBody() && shapeOf(FD).InLoop.count(E);
}

bool ThreadStarts::startsEveryCall(const ThreadSpawn &S) {
  if (S.DefaultPolicy || !S.Function || !S.Function->getBody() ||
      isa<CXXConstructorDecl>(S.Function))
    return false;
  const Shape &Sh = shapeOf(S.Function);
  if (Sh.InLoop.count(S.Site) || Sh.Guarded.count(S.Site) ||
      storedInOneVariable(S))
    return false;
  // A thread that runs an event loop is a pool's loop thread.
  llvm::SmallVector<const FunctionDecl *, 2> Targets;
  if (!S.CallArgs.empty())
    resolveCallables(S.CallArgs.front(), Targets);
  return llvm::none_of(Targets, [&](const FunctionDecl *T) {
    return runsEventLoop(T, Summaries);
  });
}

bool ThreadStarts::runsEveryCall(const CallSite &Site) {
  if (!Site.Callee || !Site.Followable || Site.RunsOnce ||
      Site.Role == CallRole::ScopeExit || !Site.Caller ||
      !Site.Caller->getBody())
    return false;
  const Shape &Sh = shapeOf(Site.Caller);
  return !Sh.InLoop.count(Site.Call) && !Sh.Guarded.count(Site.Call);
}

std::optional<ThreadStart> ThreadStarts::ofCall(const CallSite &Site) {
  return ofCall(Site, 0);
}

std::optional<ThreadStart> ThreadStarts::ofCall(const CallSite &Site,
                                                unsigned Depth) {
  if (!Site.Callee || !Site.Followable || !Site.MoreTargets.empty())
    return std::nullopt;
  if (const ExternalWork *E =
          Summaries.external().factOf(Site.Callee, WorkKind::ThreadStart)) {
    ThreadStart S;
    S.Call = Site.Call;
    S.Callee = Site.Callee;
    S.Elsewhere = E;
    S.Depth = 1;
    S.Pending = E->StandIn;
    return S;
  }
  const FunctionDecl *Def = nullptr;
  if (Depth >= MaxDepth || !Site.Callee->hasBody(Def) ||
      !Summaries.isFollowed(Def))
    return std::nullopt;
  std::optional<ThreadStart> Below = of(Def, Depth + 1);
  if (!Below)
    return std::nullopt;
  ThreadStart S;
  S.Call = Site.Call;
  S.Callee = Site.Callee;
  S.Next = Def;
  S.Depth = Below->Depth + 1;
  S.Pending = Below->Pending;
  return S;
}

std::optional<ThreadStart> ThreadStarts::of(const FunctionDecl *FD) {
  return of(FD, 0);
}

std::optional<ThreadStart> ThreadStarts::of(const FunctionDecl *FD,
                                            unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def))
    return std::nullopt;
  if (auto It = Starts.find(Def); It != Starts.end())
    return It->second;
  Starts[Def] = std::nullopt; // recursion ends here
  std::optional<ThreadStart> Best;
  for (const ThreadSpawn *S : SpawnsIn.lookup(Def->getCanonicalDecl()))
    if (startsEveryCall(*S)) {
      Best.emplace();
      Best->Spawn = S;
      break;
    }
  if (!Best)
    for (const CallSite &Site : Summaries.facts(Def).Calls) {
      if (Site.Caller != Def || !runsEveryCall(Site))
        continue;
      std::optional<ThreadStart> S = ofCall(Site, Depth);
      // Known starts first, then the shortest chain.
      if (S && (!Best || (S->isKnown() && !Best->isKnown()) ||
                (S->isKnown() == Best->isKnown() && S->Depth < Best->Depth)))
        Best = S;
    }
  Starts[Def] = Best;
  return Best;
}

llvm::SmallVector<std::pair<const FunctionDecl *, ThreadStart>, 4>
ThreadStarts::chainBelow(const ThreadStart &S) {
  return stepsBelow(S, [&](const ThreadStart &Step) {
    return std::pair(Step.Next, Step.Next ? of(Step.Next) : std::nullopt);
  });
}

std::vector<CallElsewhere>
ThreadStarts::callsElsewhere(const FunctionDecl *FD) {
  return Summaries.callsElsewhere(
      FD, WorkKind::ThreadStart,
      [&](const CallSite &Site) { return runsEveryCall(Site); });
}

} // namespace clang::tidy::taskfit
