//===--- CallSummaries.cpp - what each function may reach -----------------===//

#include "CallSummaries.h"
#include "Contexts.h"
#include "RunHereVisitor.h"
#include <functional>

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/raw_ostream.h"

#define DEBUG_TYPE "taskfit-summaries"

namespace clang::tidy::taskfit {

namespace {

/// The expression as written, also through `T(x)` casts and `&f`: what a
/// callable argument or a statement's call is.
const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Next = ignoreTemporaries(E);
    if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = F->getSubExpr();
    else if (const auto *U = dyn_cast<UnaryOperator>(Next);
             U && U->getOpcode() == UO_AddrOf)
      Next = U->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

/// True if \p P is a bool parameter passed by value that its function's
/// body never writes: an `if` on it tells what the caller passed.
bool isGuardParameter(const ParmVarDecl *P) {
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
  if (!Fn || !Fn->getBody() || !P->getType()->isBooleanType())
    return false;
  std::function<bool(const Stmt *)> Writes = [&](const Stmt *S) {
    if (!S)
      return false;
    auto Names = [&](const Expr *E) {
      const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
      return Ref && Ref->getDecl() == P;
    };
    if (const auto *B = dyn_cast<BinaryOperator>(S);
        B && B->isAssignmentOp() && Names(B->getLHS()))
      return true;
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
        Names(U->getSubExpr()))
      return true;
    return llvm::any_of(S->children(), Writes);
  };
  return !Writes(Fn->getBody());
}

/// The guard parameter \p E tests (`wait`, `!wait`) and the value it
/// tests for.
std::optional<ParamGuard> parameterTest(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  bool Value = true;
  if (const auto *Not = dyn_cast<UnaryOperator>(E);
      Not && Not->getOpcode() == UO_LNot) {
    E = Not->getSubExpr()->IgnoreParenImpCasts();
    Value = false;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *P = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  if (!P || !isGuardParameter(P))
    return std::nullopt;
  return ParamGuard{P->getFunctionScopeIndex(), Value};
}

/// The guards an `if`'s condition puts on its branches: every parameter
/// test among the conjuncts of `a && b` holds in the then-branch; the
/// else-branch of a single test holds its negation.
void branchGuards(const Expr *Cond, llvm::SmallVectorImpl<ParamGuard> &Then,
                  std::optional<ParamGuard> &Else) {
  const Expr *Bare = Cond->IgnoreParenImpCasts();
  if (const auto *And = dyn_cast<BinaryOperator>(Bare);
      And && And->getOpcode() == BO_LAnd) {
    std::optional<ParamGuard> Ignored;
    branchGuards(And->getLHS(), Then, Ignored);
    branchGuards(And->getRHS(), Then, Ignored);
    return;
  }
  if (std::optional<ParamGuard> Test = parameterTest(Bare)) {
    Then.push_back(*Test);
    Else = ParamGuard{Test->Param, !Test->Value};
  }
}

/// The argument \p Call passes for parameter \p Index of \p Target; null
/// when the call does not call Target directly.
const Expr *argumentFor(const Expr *Call, const FunctionDecl *Target,
                        unsigned Index) {
  if (const auto *CE = dyn_cast<CallExpr>(Call)) {
    const FunctionDecl *Direct = CE->getDirectCallee();
    if (!Direct || Direct->getCanonicalDecl() != Target->getCanonicalDecl())
      return nullptr;
    const auto *Method = dyn_cast<CXXMethodDecl>(Direct);
    unsigned Offset =
        isa<CXXOperatorCallExpr>(CE) && Method && Method->isInstance();
    return Index + Offset < CE->getNumArgs() ? CE->getArg(Index + Offset)
                                             : nullptr;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call))
    if (Construct->getConstructor()->getCanonicalDecl() ==
            Target->getCanonicalDecl() &&
        Index < Construct->getNumArgs())
      return Construct->getArg(Index);
  return nullptr;
}

/// Collects call sites with their role in the statement around them.
class CallSiteVisitor : public RunHereVisitor<CallSiteVisitor> {
  using Base = RunHereVisitor<CallSiteVisitor>;

public:
  CallSiteVisitor(WorkClassifier &Classifier, ProgramIndex &Program,
                  const FunctionDecl *Caller,
                  llvm::SmallVectorImpl<CallSite> &Out)
      : Classifier(Classifier), Program(Program), Caller(Caller), Out(Out) {}

  bool TraverseCXXCatchStmt(CXXCatchStmt *S) {
    ++HandlerDepth;
    bool Result = Base::TraverseCXXCatchStmt(S);
    --HandlerDepth;
    return Result;
  }

  // Lazy initialization runs once: a guarded block, a static local's
  // initializer.
  bool TraverseIfStmt(IfStmt *S) {
    if (!isRunOnceGuard(S))
      return traverseGuardedIf(S);
    if (!WalkUpFromIfStmt(S) || !TraverseStmt(S->getCond()))
      return false;
    ++OnceDepth;
    bool Result = TraverseStmt(S->getThen());
    --OnceDepth;
    return Result && TraverseStmt(S->getElse());
  }
  // `if (wait) { ... }` on a bool parameter: the calls in each branch
  // remember which value the parameter had there.
  bool traverseGuardedIf(IfStmt *S) {
    llvm::SmallVector<ParamGuard, 2> Then;
    std::optional<ParamGuard> Else;
    if (!S->getInit() && !S->getConditionVariable() && S->getCond())
      branchGuards(S->getCond(), Then, Else);
    if (Then.empty())
      return Base::TraverseIfStmt(S);
    if (!WalkUpFromIfStmt(S) || !TraverseStmt(S->getCond()))
      return false;
    size_t Outer = Guards.size();
    Guards.append(Then.begin(), Then.end());
    bool Result = TraverseStmt(S->getThen());
    Guards.resize(Outer);
    if (Else)
      Guards.push_back(*Else);
    Result = Result && TraverseStmt(S->getElse());
    Guards.resize(Outer);
    return Result;
  }

  bool TraverseVarDecl(VarDecl *V) {
    bool Once = V->isStaticLocal();
    OnceDepth += Once;
    bool Result = Base::TraverseVarDecl(V);
    OnceDepth -= Once;
    return Result;
  }

  // Statement positions: an expression there is a whole statement.
  bool VisitCompoundStmt(CompoundStmt *S) {
    for (Stmt *Child : S->body())
      markStatement(Child);
    return true;
  }
  bool VisitIfStmt(IfStmt *S) {
    markStatement(S->getThen());
    markStatement(S->getElse());
    return true;
  }
  bool VisitForStmt(ForStmt *S) {
    markStatement(S->getBody());
    return true;
  }
  bool VisitWhileStmt(WhileStmt *S) {
    markStatement(S->getBody());
    return true;
  }
  bool VisitDoStmt(DoStmt *S) {
    markStatement(S->getBody());
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    markStatement(S->getBody());
    return true;
  }
  bool VisitSwitchCase(SwitchCase *S) {
    markStatement(S->getSubStmt());
    return true;
  }
  bool VisitLabelStmt(LabelStmt *S) {
    markStatement(S->getSubStmt());
    return true;
  }
  bool VisitCoreturnStmt(CoreturnStmt *S) {
    if (const Expr *Operand = S->getOperand())
      Returned.insert(strip(Operand));
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    const Expr *Init = V->getInit();
    if (Init)
      Initializers[strip(Init)] = V;
    // A local object's destructor runs here too, when its scope ends
    // (std::jthread joins, a writer flushes).
    if (Init && V->hasLocalStorage() && !V->getType()->isReferenceType())
      if (const CXXRecordDecl *RD = V->getType()->getAsCXXRecordDecl())
        if (const CXXDestructorDecl *Dtor = RD->getDestructor();
            Dtor && !Dtor->isTrivial())
          addScopeExit(strip(Init), Dtor);
    return true;
  }
  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *E) {
    if (const CXXDestructorDecl *Dtor = E->getTemporary()->getDestructor())
      addScopeExit(E, Dtor);
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    llvm::SmallVector<const FunctionDecl *, 2> Targets = resolveCallee(CE);
    if (Targets.empty())
      return true;
    add(CE, Targets.front());
    if (Targets.size() > 1 && !Out.empty() && Out.back().Call == CE) {
      // add() may have appended inline-run callables after the site.
      for (CallSite &Site : llvm::reverse(Out))
        if (Site.Call == CE && Site.Callee == Targets.front()) {
          Site.MoreTargets.assign(Targets.begin() + 1, Targets.end());
          break;
        }
    }
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    add(CE, CE->getConstructor());
    return true;
  }

private:
  void markStatement(Stmt *S) {
    if (const auto *E = dyn_cast_or_null<Expr>(S))
      Statements.insert(strip(E));
  }

  /// The functions a call may run: its callee; through a local variable
  /// that holds a function, a function pointer, a lambda or a std::function
  /// made from one of those, what it holds; through a data member holding
  /// a function pointer or std::function, what the translation unit stores
  /// there; for a virtual call, the overriders the class hierarchy and the
  /// classes created allow. Several targets: the call may run any.
  llvm::SmallVector<const FunctionDecl *, 2> resolveCallee(const CallExpr *CE) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(CE)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      if (Method && Method->isVirtual()) {
        const Expr *Object = Member->getImplicitObjectArgument();
        // The final overrider is known for a final class or method, or an
        // object whose dynamic type is its static type.
        if (const CXXMethodDecl *Devirtualized =
                Method->getDevirtualizedMethod(Object, /*IsAppleKext=*/false))
          return {Devirtualized};
        QualType Static = Object->getType();
        if (Static->isPointerType())
          Static = Static->getPointeeType();
        llvm::SmallVector<const FunctionDecl *, 2> Overriders =
            Program.overriders(Method, Static->getAsCXXRecordDecl());
        if (!Overriders.empty())
          return Overriders;
        Unfollowed.insert(CE);
        return {Method};
      }
    }
    if (const FunctionDecl *Direct = CE->getDirectCallee()) {
      // `f(args)` on a local std::function / lambda variable, or on a
      // std::function data member.
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(CE);
          Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
          !isLambdaCallOperator(Direct)) {
        if (const FieldDecl *Field = calledMember(Op->getArg(0)))
          return storedTargets(Field, CE, Direct);
        llvm::SmallVector<const FunctionDecl *, 1> Targets;
        resolveCallables(Op->getArg(0), Targets);
        if (Targets.size() == 1 && Targets.front() != Direct)
          return {Targets.front()};
      }
      return {Direct};
    }
    // `settings->on_url(p, at, len)`: a function pointer member.
    if (const FieldDecl *Field = calledMember(CE->getCallee()))
      return storedTargets(Field, CE, nullptr);
    llvm::SmallVector<const FunctionDecl *, 1> Targets;
    resolveCallables(CE->getCallee(), Targets);
    if (Targets.size() == 1)
      return {Targets.front()};
    return {};
  }

  /// The data member a callee expression reads, through `*` and casts.
  static const FieldDecl *calledMember(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Deref = dyn_cast<UnaryOperator>(E);
        Deref && Deref->getOpcode() == UO_Deref)
      E = Deref->getSubExpr()->IgnoreParenImpCasts();
    const auto *Member = dyn_cast<MemberExpr>(E);
    return Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
  }

  /// What the translation unit stores into \p Field; if nothing, the call
  /// stays \p Fallback's (std::function::operator()), or none.
  llvm::SmallVector<const FunctionDecl *, 2>
  storedTargets(const FieldDecl *Field, const CallExpr *CE,
                const FunctionDecl *Fallback) {
    llvm::ArrayRef<const FunctionDecl *> Stored = Program.storedIn(Field);
    if (!Stored.empty())
      return {Stored.begin(), Stored.end()};
    if (Fallback)
      return {Fallback};
    return {};
  }

  static bool isLambdaCallOperator(const FunctionDecl *FD) {
    const auto *Method = dyn_cast<CXXMethodDecl>(FD);
    return Method && Method->getParent()->isLambda();
  }

  /// True if \p E is written inside `assert(...)`: a check that release
  /// builds (NDEBUG) compile away, not work the program does.
  bool inAssertion(const Expr *E) const {
    if (!Caller || !E->getBeginLoc().isMacroID())
      return false;
    const ASTContext &Ctx = Caller->getASTContext();
    SourceLocation Loc = E->getBeginLoc();
    for (unsigned Depth = 0; Loc.isMacroID() && Depth < 16; ++Depth) {
      if (Lexer::getImmediateMacroName(Loc, Ctx.getSourceManager(),
                                       Ctx.getLangOpts()) == "assert")
        return true;
      Loc = Ctx.getSourceManager().getImmediateMacroCallerLoc(Loc);
    }
    return false;
  }

  void addScopeExit(const Expr *Where, const CXXDestructorDecl *Dtor) {
    CallSite Site;
    Site.Call = Where;
    Site.Callee = Dtor;
    Site.Role = CallRole::ScopeExit;
    Site.InHandler = HandlerDepth > 0;
    Site.Caller = Caller;
    Out.push_back(Site);
  }

  void add(const Expr *E, const FunctionDecl *Callee) {
    if (!Callee || inAssertion(E))
      return;
    CallSite Site;
    Site.Call = E;
    Site.Callee = Callee;
    Site.InHandler = HandlerDepth > 0;
    Site.Followable = !Unfollowed.count(E);
    Site.Caller = Caller;
    Site.RunsOnce = OnceDepth > 0;
    Site.Guards.assign(Guards.begin(), Guards.end());
    if (Statements.count(E)) {
      Site.Role = CallRole::Statement;
    } else if (auto It = Initializers.find(E); It != Initializers.end()) {
      Site.Role = CallRole::Initializer;
      Site.Initialized = It->second;
    } else if (Returned.count(E)) {
      Site.Role = CallRole::Return;
    }
    Out.push_back(Site);

    // std::for_each(..., [&](auto &x) { ... }) runs the lambda right here.
    if (const auto *CE = dyn_cast<CallExpr>(E);
        CE && Classifier.invokesCallables(Callee)) {
      for (const Expr *Arg : CE->arguments()) {
        llvm::SmallVector<const FunctionDecl *, 1> Targets;
        resolveCallables(Arg, Targets);
        for (const FunctionDecl *T : Targets) {
          // Offloading the algorithm call offloads the lambda: the site
          // keeps the call's own role.
          CallSite Inline = Site;
          Inline.Callee = T;
          Inline.Followable = true;
          Inline.RunsOnce |= tableName(Callee) == "::std::call_once";
          Out.push_back(Inline);
        }
      }
    }
  }

  WorkClassifier &Classifier;
  ProgramIndex &Program;
  const FunctionDecl *Caller;
  llvm::SmallVectorImpl<CallSite> &Out;
  llvm::DenseSet<const Expr *> Statements;
  llvm::DenseSet<const Expr *> Returned;
  llvm::DenseMap<const Expr *, const VarDecl *> Initializers;
  llvm::DenseSet<const Expr *> Unfollowed;
  unsigned HandlerDepth = 0;
  unsigned OnceDepth = 0;
  llvm::SmallVector<ParamGuard, 2> Guards;
};

/// True if \p Arg is one of \p Fn's parameters made smaller by a constant:
/// `n - 1`, `n - 2`, `--n`.
bool isShrinkingArgument(const Expr *Arg, const FunctionDecl &Fn) {
  Arg = Arg->IgnoreParenImpCasts();
  auto IsParam = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
    return Param && Param->getDeclContext() == &Fn &&
           Param->getType()->isIntegerType();
  };
  if (const auto *B = dyn_cast<BinaryOperator>(Arg)) {
    Expr::EvalResult R;
    return B->getOpcode() == BO_Sub && IsParam(B->getLHS()) &&
           !B->getRHS()->isValueDependent() &&
           B->getRHS()->EvaluateAsInt(R, Fn.getASTContext()) &&
           R.Val.getInt().isStrictlyPositive();
  }
  if (const auto *U = dyn_cast<UnaryOperator>(Arg))
    return U->isDecrementOp() && IsParam(U->getSubExpr());
  return false;
}

/// Records tree recursion in \p Facts: two or more calls of \p Fn itself,
/// each on a shrinking count. Recursion over a structure (a tree's left and
/// right children) is linear in its size and is not this.
void findTreeRecursion(const FunctionDecl *Fn, BodyFacts &Facts) {
  if (!Fn)
    return;
  const FunctionDecl *Self = Fn->getCanonicalDecl();
  for (const CallSite &Site : Facts.Calls) {
    const auto *Call = dyn_cast<CallExpr>(Site.Call);
    if (!Call || Site.Callee->getCanonicalDecl() != Self ||
        Site.Role == CallRole::ScopeExit ||
        !llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
          return isShrinkingArgument(Arg, *Fn);
        }))
      continue;
    if (!Facts.TreeRecursion)
      Facts.TreeRecursion = Call;
    ++Facts.RecursiveCalls;
  }
  if (Facts.RecursiveCalls < 2) {
    Facts.TreeRecursion = nullptr;
    Facts.RecursiveCalls = 0;
  }
}

/// True if \p RD (or a base) declares an operator(), a template one
/// included: objects of it are callables.
bool hasCallOperator(const CXXRecordDecl *RD, unsigned Depth = 0) {
  if (!RD || !(RD = RD->getDefinition()) || Depth > 4)
    return false;
  for (const Decl *D : RD->decls()) {
    if (const auto *T = dyn_cast<FunctionTemplateDecl>(D))
      D = T->getTemplatedDecl();
    if (const auto *M = dyn_cast<CXXMethodDecl>(D);
        M && M->getOverloadedOperator() == OO_Call)
      return true;
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (hasCallOperator(Base.getType()->getAsCXXRecordDecl(), Depth + 1))
      return true;
  return false;
}

} // namespace

void resolveCallables(const Expr *E,
                      llvm::SmallVectorImpl<const FunctionDecl *> &Out,
                      unsigned Depth) {
  if (!E || Depth > 4)
    return;
  E = strip(E);
  if (const auto *L = dyn_cast<LambdaExpr>(E)) {
    Out.push_back(L->getCallOperator());
    return;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl())) {
      Out.push_back(FD);
      return;
    }
    // A local variable initialized with a callable, never a parameter (its
    // value comes from the caller).
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->isLocalVarDecl() && Var->getInit())
      return resolveCallables(Var->getInit(), Out, Depth + 1);
    return;
  }
  // std::function<...>(callable), or a converting construction of one.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getNumArgs() == 1)
      return resolveCallables(Construct->getArg(0), Out, Depth + 1);
    if (Construct->getNumArgs() == 0)
      if (const CXXRecordDecl *RD = Construct->getConstructor()->getParent())
        for (const CXXMethodDecl *M : RD->methods())
          if (M->getOverloadedOperator() == OO_Call)
            Out.push_back(M);
    return;
  }
  if (E->getType().isNull() || E->isTypeDependent())
    return;
  // A binder: a call that takes callables and returns a callable object
  // (std::bind, std::bind_front, boost::bind, beast::bind_front_handler,
  // std::mem_fn, a strand's wrap) runs what it was given.
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && !isa<CXXOperatorCallExpr>(Call) &&
      hasCallOperator(E->getType()->getAsCXXRecordDecl())) {
    size_t Before = Out.size();
    for (const Expr *Arg : Call->arguments())
      resolveCallables(Arg, Out, Depth + 1);
    if (Out.size() > Before)
      return;
  }
  // A function object of a user class: its call operators.
  if (const CXXRecordDecl *RD = E->getType()->getAsCXXRecordDecl();
      RD && RD->hasDefinition() && !RD->isLambda()) {
    for (const CXXMethodDecl *M : RD->getDefinition()->methods())
      if (M->getOverloadedOperator() == OO_Call)
        Out.push_back(M);
  }
}

WorkItem loopWork(const HeavyLoop &Loop, const WorkCategory *Computation) {
  WorkItem W;
  W.Category = Computation;
  W.Loop = Loop.Loop;
  W.LoopDepth = Loop.NestDepth;
  return W;
}

llvm::SmallVector<WorkItem, 2> ownWork(const BodyFacts &Facts,
                                       const FunctionDecl *Fn,
                                       const WorkCategory *Computation) {
  llvm::SmallVector<WorkItem, 2> Out;
  if (!Computation)
    return Out;
  for (const HeavyLoop &Loop : Facts.HeavyLoops)
    Out.push_back(loopWork(Loop, Computation));
  if (Facts.TreeRecursion) {
    WorkItem W;
    W.Category = Computation;
    W.Callee = Fn;
    W.Call = Facts.TreeRecursion;
    W.RecursiveCalls = Facts.RecursiveCalls;
    Out.push_back(W);
  }
  return Out;
}

const Stmt *getRunBody(const FunctionDecl &FD) {
  const Stmt *Body = FD.getBody();
  if (const auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    return Coro->getBody();
  return Body;
}

BodyFacts scanBody(const Stmt *Body, const FunctionDecl *Caller,
                   WorkClassifier &Classifier, ProgramIndex &Program,
                   const LoopCostOptions &LoopOptions) {
  BodyFacts Facts;
  if (!Body)
    return Facts;
  CallSiteVisitor Visitor(Classifier, Program, Caller, Facts.Calls);
  // A constructor's member and base initializers run before its body
  // (`fd_guard(path) : fd(::open(path, O_RDONLY)) {}`): part of a scan of
  // the whole body, not of a statement in it.
  if (const auto *Ctor = dyn_cast_or_null<CXXConstructorDecl>(Caller);
      Ctor && Body == getRunBody(*Ctor))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->getInit())
        Visitor.TraverseStmt(Init->getInit());
  Visitor.TraverseStmt(const_cast<Stmt *>(Body));
  findHeavyLoops(Body, Classifier, LoopOptions, Facts.HeavyLoops);
  findTreeRecursion(Caller, Facts);
  return Facts;
}

struct CallSummaries::Node {
  const FunctionDecl *Function = nullptr;
  std::optional<BodyFacts> Facts;
  Summary Sum;
  /// Followed calls, with the function(s) each may run: work is reached
  /// through a call only if every one of its targets reaches it.
  struct Edge {
    const Expr *Call;
    llvm::SmallVector<Node *, 1> Targets;
    /// The call runs once and is cached: CPU-heavy work below it is not
    /// the caller's per-call work.
    bool RunsOnce = false;
    /// The guards on the caller's parameters the call is under.
    llvm::SmallVector<ParamGuard, 0> Guards;
  };
  llvm::SmallVector<Edge, 4> Edges;
  enum { Unvisited, OnStack, Done } State = Unvisited;
  unsigned Index = 0;
  unsigned LowLink = 0;
};

/// Moves the reaches whose work is known here before the stand-ins for
/// work in other files, keeping the order within each (a stable partition
/// by hand: libstdc++'s std::stable_partition uses the deprecated
/// get_temporary_buffer).
static void knownWorkFirst(llvm::SmallVectorImpl<Reach> &Reaches) {
  llvm::SmallVector<Reach, 2> Ordered;
  for (bool StandIns : {false, true})
    for (const Reach &R : Reaches)
      if (isStandIn(R.Work) == StandIns)
        Ordered.push_back(R);
  Reaches.assign(Ordered.begin(), Ordered.end());
}

CallSummaries::CallSummaries(WorkClassifier &Classifier, ProgramIndex &Program,
                             LoopCostOptions LoopOptions,
                             ExternalCalls &External)
    : Classifier(Classifier), Program(Program), LoopOptions(LoopOptions),
      External(External),
      Reactor(Classifier.astContext(), Classifier.library()) {}

CallSummaries::~CallSummaries() = default;

/// The declaration with the body, for a call's callee.
static const FunctionDecl *definitionOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (FD->hasBody(Def))
    return Def;
  return nullptr;
}

CallSummaries::Node &CallSummaries::node(const FunctionDecl *FD) {
  auto &Slot = Nodes[FD];
  if (!Slot) {
    Slot = std::make_unique<Node>();
    Slot->Function = FD;
  }
  return *Slot;
}

const BodyFacts &CallSummaries::facts(const FunctionDecl *FD) {
  const FunctionDecl *Def = definitionOf(FD);
  Node &N = node(Def ? Def : FD);
  if (!N.Facts)
    N.Facts = scanBody(Def ? getRunBody(*Def) : nullptr, Def, Classifier,
                       Program, LoopOptions);
  return *N.Facts;
}

bool CallSummaries::isFollowed(const FunctionDecl *FD) {
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def || Classifier.library().contains(Def) || isCoroutine(*Def))
    return false;
  return !Classifier.isMarkedNonBlocking(FD) &&
         !Classifier.isMarkedNonBlocking(Def);
}

bool CallSummaries::mergeReach(Summary &Into, const Reach &R) {
  assert(R.Work.Category && "a reach ends in work of some category");
  // Work in another file stands in only for a kind not reached here: the
  // finding is then settled by the whole project, and a kind reached here
  // reads the same as in a single-file run.
  WorkKind Kind = R.Work.kind();
  if (isStandIn(R.Work)) {
    if (llvm::any_of(Into.Reaches, [&](const Reach &Old) {
          return !isStandIn(Old.Work) && Old.Work.kind() == Kind;
        }))
      return false;
  } else {
    llvm::erase_if(Into.Reaches, [&](const Reach &Old) {
      return isStandIn(Old.Work) && Old.Work.kind() == Kind;
    });
  }
  for (Reach &Old : Into.Reaches) {
    if (Old.Work.Category != R.Work.Category ||
        Old.Work.ReactorCapable != R.Work.ReactorCapable)
      continue;
    // An unconditional witness first, then the shortest.
    auto Rank = [](const Reach &X) {
      return std::make_pair(X.Requires.size(), X.Depth);
    };
    if (Rank(R) >= Rank(Old))
      return false;
    Old = R;
    return true;
  }
  Into.Reaches.push_back(R);
  return true;
}

bool CallSummaries::decidedByTable(const CallSite &Site, SiteOutcome &Out) {
  // The table or an annotation decides: the call is the work.
  std::optional<WorkItem> Work = Site.Role == CallRole::ScopeExit
                                     ? Classifier.classifyImplicit(Site.Callee)
                                     : Classifier.classify(Site.Call);
  if (Work && Work->Entry && Work->Entry->Reactor) {
    // I/O on a descriptor the code made non-blocking, or in a function
    // that handles would-block results, returns at once.
    const Expr *Descriptor = receiverOf(Site.Call, *Work->Entry);
    if (Reactor.isNonBlocking(descriptorRoot(Descriptor)) ||
        Reactor.expectsWouldBlock(Site.Caller))
      return true;
    Work->ReactorCapable = true;
  }
  if (Work && Site.RunsOnce && Work->kind() == WorkKind::CpuHeavy)
    return true;
  if (Work) {
    Out.Work = Work;
    return true;
  }
  // Listed in the table (as not blocking here) and not running callables
  // inline: a leaf, whatever its body does. So is an API the table lists as
  // handing callables to a context (`loop->runInLoop(f)`, a pool's
  // `run(task)`): what it runs is judged there, and its own body is the
  // library's hand-over (queueing, waking the loop), not the caller's work.
  std::string Name = tableName(Site.Callee);
  return (!Classifier.table().candidates(Name).empty() &&
          !Classifier.invokesCallables(Site.Callee)) ||
         !Classifier.table().contextCandidates(Name).empty();
}

bool CallSummaries::isReactorStyleCall(const CallSite &Site) {
  // The caller handles would-block results (as for helpers in this file,
  // isNonBlockingThrough), or hands over a descriptor this file made
  // non-blocking (`sockets::write(wakeup_fd_, ...)`).
  return Reactor.expectsWouldBlock(Site.Caller) ||
         (Site.Call && llvm::any_of(Site.Call->children(), [&](const Stmt *S) {
            const auto *Arg = dyn_cast_or_null<Expr>(S);
            return Arg && Reactor.isNonBlocking(descriptorRoot(Arg));
          }));
}

CallSummaries::SiteOutcome CallSummaries::outcome(const CallSite &Site) {
  SiteOutcome Out;
  bool Direct = Site.Role == CallRole::ScopeExit ||
                Site.Callee == getCalleeDecl(Site.Call);
  if (Direct && decidedByTable(Site, Out))
    return Out;
  // Work in other files of the project (ExternalCalls.h): a function
  // defined elsewhere, or a virtual call whose overriders this file cannot
  // follow (every overrider in the project must reach the work). Work over
  // there is known only by its kind: behind a reactor-style call, its
  // blocking work is taken as that call's non-blocking I/O.
  auto AddExternal = [&](llvm::ArrayRef<WorkItem> Items) {
    bool ReactorStyle = !Items.empty() && isReactorStyleCall(Site);
    for (WorkItem W : Items)
      if (!(Site.RunsOnce && W.kind() == WorkKind::CpuHeavy) &&
          !(ReactorStyle && W.kind() == WorkKind::Blocking)) {
        W.Call = Site.Call;
        Out.External.push_back(W);
      }
  };
  const auto *Virtual = dyn_cast_or_null<CXXMemberCallExpr>(Site.Call);
  const CXXMethodDecl *Method = Virtual ? Virtual->getMethodDecl() : nullptr;
  if (Method && !Method->isVirtual())
    Method = nullptr;
  if (!Site.Followable) {
    if (Method)
      AddExternal(External.virtualWorkOf(Method));
    return Out;
  }
  if (Site.MoreTargets.empty() && External.isExternal(Site.Callee)) {
    AddExternal(External.workOf(Site.Callee));
    return Out;
  }
  Out.Follow.push_back(Site.Callee);
  Out.Follow.append(Site.MoreTargets.begin(), Site.MoreTargets.end());
  for (const FunctionDecl *&Target : Out.Follow) {
    if (!isFollowed(Target)) {
      // One target that cannot be followed: nothing is known of them all
      // here; the project may know them all.
      Out.Follow.clear();
      if (Method)
        AddExternal(External.virtualWorkOf(Method));
      break;
    }
    Target = definitionOf(Target);
  }
  return Out;
}

llvm::SmallVector<Reach, 2> CallSummaries::commonReaches(
    llvm::ArrayRef<std::pair<const FunctionDecl *, const Summary *>> Targets) {
  llvm::SmallVector<Reach, 2> Out;
  if (Targets.empty())
    return Out;
  // A call whose targets all block blocks, whichever way each one does (a
  // disk store's file I/O, a remote store's network I/O): targets are
  // matched by kind of work, the same category preferred.
  auto Prefer = [](const Reach &A, const Reach &B, const Reach &First) {
    bool SameA = A.Work.Category == First.Work.Category &&
                 A.Work.ReactorCapable == First.Work.ReactorCapable;
    bool SameB = B.Work.Category == First.Work.Category &&
                 B.Work.ReactorCapable == First.Work.ReactorCapable;
    if (SameA != SameB)
      return SameA;
    return A.Depth < B.Depth;
  };
  for (const Reach &First : Targets.front().second->Reaches) {
    llvm::SmallVector<std::pair<const FunctionDecl *, const Reach *>, 2>
        Matches{{Targets.front().first, &First}};
    for (auto [Target, Sum] : Targets.drop_front()) {
      const Reach *Match = nullptr;
      for (const Reach &R : Sum->Reaches)
        if (R.Work.kind() == First.Work.kind() &&
            (!Match || Prefer(R, *Match, First)))
          Match = &R;
      if (!Match)
        break;
      Matches.push_back({Target, Match});
    }
    if (Matches.size() != Targets.size())
      continue;
    // Reactor-style I/O may be excused at the call site (the caller
    // handles would-block); it witnesses the call only if every target's
    // work is of that style.
    bool AllReactor = llvm::all_of(
        Matches, [](const auto &M) { return M.second->Work.ReactorCapable; });
    const Reach *Best = nullptr;
    const FunctionDecl *Via = nullptr;
    for (auto [Target, R] : Matches)
      if ((AllReactor || !R->Work.ReactorCapable) &&
          (!Best || R->Depth < Best->Depth)) {
        Best = R;
        Via = Target;
      }
    // The caller's step: through the target with the shortest chain.
    Reach Common = *Best;
    Common.Next = Via;
    Out.push_back(Common);
  }
  return Out;
}

llvm::SmallVector<Reach, 2> CallSummaries::reachesOf(const CallSite &Site) {
  llvm::SmallVector<Reach, 2> Out;
  SiteOutcome O = outcome(Site);
  if (O.Work) {
    Out.push_back({*O.Work, Site.Call, nullptr, 1});
    return Out;
  }
  for (const WorkItem &W : O.External)
    Out.push_back({W, Site.Call, nullptr, 1});
  llvm::SmallVector<std::pair<const FunctionDecl *, const Summary *>, 2>
      Targets;
  for (const FunctionDecl *Target : O.Follow)
    Targets.push_back({Target, &summary(Target)});
  llvm::append_range(Out, throughCall(Targets, Site.Call, Site.Caller,
                                      Site.RunsOnce, Site.Guards));
  // Work known here first: checks that take the first reach report it.
  knownWorkFirst(Out);
  return Out;
}

llvm::SmallVector<Reach, 2> CallSummaries::throughCall(
    llvm::ArrayRef<std::pair<const FunctionDecl *, const Summary *>> Targets,
    const Expr *Call, const FunctionDecl *Caller, bool RunsOnce,
    llvm::ArrayRef<ParamGuard> Guards) {
  llvm::SmallVector<Reach, 2> Out;
  const FunctionDecl *Only = Targets.size() == 1 ? Targets[0].first : nullptr;
  for (const Reach &R : commonReaches(Targets)) {
    if (isNonBlockingThrough(R, Caller) ||
        (RunsOnce && R.Work.kind() == WorkKind::CpuHeavy))
      continue;
    std::optional<llvm::SmallVector<ParamGuard, 0>> Requires =
        requiresThrough(R, Call, Only);
    if (!Requires)
      continue;
    Requires->append(Guards.begin(), Guards.end());
    Out.push_back({R.Work, Call, R.Next, R.Depth + 1, std::move(*Requires)});
  }
  return Out;
}

bool CallSummaries::isNonBlockingThrough(const Reach &R,
                                         const FunctionDecl *Caller) {
  return R.Work.ReactorCapable && Reactor.expectsWouldBlock(Caller);
}

std::optional<llvm::SmallVector<ParamGuard, 0>>
CallSummaries::requiresThrough(const Reach &R, const Expr *Call,
                               const FunctionDecl *Target) {
  llvm::SmallVector<ParamGuard, 0> Out;
  for (ParamGuard G : R.Requires) {
    // Through several targets, or a call this cannot map: the guard may
    // hold.
    const Expr *Arg = Target ? argumentFor(Call, Target, G.Param) : nullptr;
    if (!Arg)
      continue;
    if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(Arg))
      Arg = Default->getExpr();
    bool Value = false;
    if (!Arg->isValueDependent() &&
        Arg->EvaluateAsBooleanCondition(Value, Classifier.astContext())) {
      if (Value != G.Value)
        return std::nullopt;
      continue;
    }
    // `stop(wait)`, `stop(!wait)`: the caller's own parameter passed on.
    if (std::optional<ParamGuard> Passed = parameterTest(Arg))
      Out.push_back({Passed->Param, Passed->Value == G.Value});
  }
  return Out;
}

const Summary &CallSummaries::summary(const FunctionDecl *FD) {
  static const Summary Empty;
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def || !isFollowed(Def))
    return Empty;
  Node &N = node(Def);
  if (N.State != Node::Done)
    computeFrom(Def);
  return N.Sum;
}

void CallSummaries::addLocalReaches(Node &N) {
  // Nodes live behind unique_ptrs: the reference survives node() below.
  const BodyFacts &F = facts(N.Function);
  for (const CallSite &Site : F.Calls) {
    SiteOutcome O = outcome(Site);
    for (const WorkItem &W : O.External)
      mergeReach(N.Sum, {W, Site.Call, nullptr, 1, Site.Guards});
    if (O.Work) {
      mergeReach(N.Sum, {*O.Work, Site.Call, nullptr, 1, Site.Guards});
    } else if (!O.Follow.empty()) {
      Node::Edge E{Site.Call, {}, Site.RunsOnce, Site.Guards};
      for (const FunctionDecl *Target : O.Follow)
        E.Targets.push_back(&node(Target));
      N.Edges.push_back(std::move(E));
    }
  }
  for (const WorkItem &W : ownWork(F, N.Function, Classifier.loopCategory()))
    mergeReach(N.Sum, {W, nullptr, nullptr, 0});
}

bool CallSummaries::mergeCalleeReaches(Node &M) {
  bool Changed = false;
  for (const Node::Edge &E : M.Edges) {
    llvm::SmallVector<std::pair<const FunctionDecl *, const Summary *>, 2>
        Targets;
    for (Node *T : E.Targets)
      Targets.push_back({T->Function, &T->Sum});
    for (const Reach &R :
         throughCall(Targets, E.Call, M.Function, E.RunsOnce, E.Guards))
      Changed |= mergeReach(M.Sum, R);
  }
  return Changed;
}

void CallSummaries::settleScc(llvm::ArrayRef<Node *> Members) {
  // Monotone: summaries only grow (or get shorter witnesses), and the
  // reaches common to a call's targets grow with them.
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (Node *M : Members)
      Changed |= mergeCalleeReaches(*M);
  }
  for (Node *M : Members) {
    knownWorkFirst(M->Sum.Reaches);
    M->State = Node::Done;
  }
  LLVM_DEBUG({
    for (Node *M : Members) {
      llvm::dbgs() << "taskfit: summary of " << describeFunction(*M->Function);
      if (Members.size() > 1)
        llvm::dbgs() << " (recursion of " << Members.size() << " functions)";
      llvm::dbgs() << "\n";
      M->Sum.print(llvm::dbgs());
    }
  });
}

void CallSummaries::computeFrom(const FunctionDecl *Root) {
  // Tarjan's algorithm, iterative so deep call chains cannot overflow the
  // stack. Each SCC's members reach what any member reaches; within an SCC
  // (recursion) the summaries are iterated to a fixpoint, which terminates
  // because a summary holds at most one reach per category and a reach is
  // only replaced by a strictly shorter one.
  struct Frame {
    Node *N;
    unsigned NextEdge;
    unsigned NextTarget;
  };
  llvm::SmallVector<Frame, 16> CallStack;
  llvm::SmallVector<Node *, 16> SccStack;
  unsigned Counter = 0;

  auto Push = [&](Node &N) {
    N.Index = N.LowLink = Counter++;
    N.State = Node::OnStack;
    SccStack.push_back(&N);
    CallStack.push_back({&N, 0, 0});
    addLocalReaches(N);
  };

  Push(node(Root));
  while (!CallStack.empty()) {
    Frame &Top = CallStack.back();
    Node &N = *Top.N;
    // Edges' targets, in order: (edge, target) pairs flattened.
    if (Top.NextEdge < N.Edges.size()) {
      Node::Edge &E = N.Edges[Top.NextEdge];
      Node &W = *E.Targets[Top.NextTarget];
      if (++Top.NextTarget == E.Targets.size()) {
        Top.NextTarget = 0;
        ++Top.NextEdge;
      }
      if (W.State == Node::Unvisited)
        Push(W);
      else if (W.State == Node::OnStack)
        N.LowLink = std::min(N.LowLink, W.Index);
      continue;
    }
    CallStack.pop_back();
    if (!CallStack.empty()) {
      Node &Parent = *CallStack.back().N;
      Parent.LowLink = std::min(Parent.LowLink, N.LowLink);
    }
    if (N.LowLink != N.Index)
      continue;

    // N is the root of an SCC: pop it and settle its summaries.
    llvm::SmallVector<Node *, 4> Members;
    while (true) {
      Node *M = SccStack.pop_back_val();
      Members.push_back(M);
      if (M == &N)
        break;
    }
    settleScc(Members);
  }
}

llvm::SmallVector<ChainStep, 4> CallSummaries::chainBelow(const Reach &R) {
  llvm::SmallVector<ChainStep, 4> Steps;
  const FunctionDecl *Fn = R.Next;
  const WorkCategory *Category = R.Work.Category;
  // Depth strictly decreases along witnesses; the bound is a safety net.
  for (unsigned Guard = 0; Fn && Guard < 64; ++Guard) {
    const Reach *Step = nullptr;
    for (const Reach &Candidate : summary(Fn).Reaches)
      if (Candidate.Work.Category == Category &&
          Candidate.Work.ReactorCapable == R.Work.ReactorCapable)
        Step = &Candidate;
    if (!Step)
      break;
    Steps.push_back({Fn, Step->Call, Step->Next, std::nullopt});
    if (!Step->Next) {
      // The end: a call that is the work, or a loop in Fn.
      Steps.back().Leaf = Step->Work;
      break;
    }
    Fn = Step->Next;
  }
  assert((!R.Next || (!Steps.empty() && Steps.back().Leaf)) &&
         "a chain ends in work");
  return Steps;
}

void Summary::print(llvm::raw_ostream &OS) const {
  if (Reaches.empty())
    OS << "  reaches no work\n";
  for (const Reach &R : Reaches) {
    const WorkItem &W = R.Work;
    OS << "  " << workKindName(W.kind()) << " " << W.Category->Id;
    if (W.RecursiveCalls)
      OS << " (tree recursion, " << W.RecursiveCalls << " calls per frame)";
    else if (W.Loop)
      OS << " (loop nest of depth " << W.LoopDepth << ")";
    else if (W.Callee)
      OS << " '" << W.Callee->getQualifiedNameAsString() << "'";
    if (R.Next)
      OS << " via " << describeFunction(*R.Next);
    OS << ", " << R.Depth << (R.Depth == 1 ? " call" : " calls") << " deep";
    if (W.ReactorCapable)
      OS << ", reactor-capable";
    OS << "\n";
  }
}

#if !defined(NDEBUG) || defined(LLVM_ENABLE_DUMP)
LLVM_DUMP_METHOD void Summary::dump() const { print(llvm::dbgs()); }
#endif

namespace {

struct ElsewhereWalk {
  static constexpr size_t MaxWalked = 64;
  CallSummaries &Summaries;
  WorkKind Fact;
  llvm::function_ref<bool(const CallSite &)> Follow;
  llvm::DenseSet<const FunctionDecl *> Seen;
  CallElsewhere Chain;
  std::vector<CallElsewhere> Out;

  void walk(const FunctionDecl *FD) {
    const FunctionDecl *Def = nullptr;
    // Deep and wide enough for real code: each function is walked once per
    // root, and a root's walk stops after MaxWalked functions (a TU's
    // summary stays linear in its size).
    if (!FD || !FD->hasBody(Def) || isInSystemHeader(Def) ||
        Chain.Steps.size() >= 24 || Seen.size() >= MaxWalked ||
        !Seen.insert(Def).second)
      return;
    for (const CallSite &Site : Summaries.facts(Def).Calls) {
      if (!Site.Callee || !Site.Followable || !Follow(Site))
        continue;
      Chain.Steps.push_back({Def, Site.Call});
      if (const ExternalWork *E =
              Summaries.external().factOf(Site.Callee, Fact)) {
        Chain.Callee = E;
        Chain.Target = Site.Callee;
        Out.push_back(Chain);
      } else {
        walk(Site.Callee);
      }
      Chain.Steps.pop_back();
    }
  }
};

} // namespace

std::vector<CallElsewhere> CallSummaries::callsElsewhere(
    const FunctionDecl *FD, WorkKind Fact,
    llvm::function_ref<bool(const CallSite &)> Follow) {
  ElsewhereWalk Walk{*this, Fact, Follow, {}, {}, {}};
  Walk.walk(FD);
  return std::move(Walk.Out);
}

} // namespace clang::tidy::taskfit
