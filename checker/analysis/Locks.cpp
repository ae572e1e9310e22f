//===--- Locks.cpp - mutexes, the locks on them and what they guard -------===//

#include "Locks.h"
#include "RunHereVisitor.h"
#include "ThreadSpawns.h"
#include "WorkKind.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::taskfit {

namespace {

/// The typedef name a C type is spelled with (pthread_mutex_t is a typedef
/// of an anonymous union).
llvm::StringRef typedefName(QualType T) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    llvm::StringRef Name = TT->getDecl()->getName();
    if (Name.starts_with("pthread_"))
      return Name;
    T = TT->desugar();
  }
  return {};
}

/// A lock guard built without taking its mutex.
bool isDeferredTag(const Expr *Arg) {
  std::string Name = className(Arg->getType());
  return Name == "::std::defer_lock_t" || Name == "::std::try_to_lock_t" ||
         Name == "::boost::defer_lock_t" || Name == "::boost::try_to_lock_t";
}

MutexScope scopeOfVar(const VarDecl *V, const FunctionDecl &Fn) {
  if (V->hasGlobalStorage())
    return MutexScope::Global;
  if (!Fn.Encloses(V->getDeclContext()))
    return MutexScope::Captured;
  if (isa<ParmVarDecl>(V))
    return MutexScope::Parameter;
  // A local reference or pointer names an object that lives elsewhere.
  if (V->getType()->isReferenceType() || V->getType()->isPointerType())
    return MutexScope::Unknown;
  return MutexScope::Local;
}

const Expr *stripExpr(const Expr *E) {
  return E ? ignoreTemporaries(E)->IgnoreParenImpCasts() : nullptr;
}

/// The call a statement consists of, if it is one.
const CallExpr *statementCall(const Stmt *S) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  return E ? dyn_cast<CallExpr>(stripExpr(E)) : nullptr;
}

bool sameMutex(const MutexRef &A, const MutexRef &B) {
  return A.Decl && A.Decl == B.Decl && A.Root == B.Root;
}

/// `m.lock()` / `pthread_mutex_lock(&m)` and their unlocking pairs: the
/// mutex expression, or null.
const Expr *lockCallMutex(const CallExpr *CE, bool Unlock, bool &Shared) {
  if (!CE)
    return nullptr;
  Shared = false;
  if (std::optional<MemberCall> M = asMemberCall(CE);
      M && M->Object && isMutexType(M->Object->getType())) {
    if (M->Name == (Unlock ? "unlock" : "lock"))
      return M->Object;
    if (M->Name == (Unlock ? "unlock_shared" : "lock_shared")) {
      Shared = true;
      return M->Object;
    }
    return nullptr;
  }
  if (const FunctionDecl *FD = CE->getDirectCallee();
      FD && FD->getIdentifier() && CE->getNumArgs() == 1 &&
      FD->getName() == (Unlock ? "pthread_mutex_unlock" : "pthread_mutex_lock"))
    return CE->getArg(0);
  return nullptr;
}

class LockFinder : public RunHereVisitor<LockFinder> {
public:
  LockFinder(const FunctionDecl &Fn, llvm::SmallVectorImpl<LockRegion> &Out)
      : Fn(Fn), Out(Out) {}

  bool VisitCompoundStmt(CompoundStmt *S) {
    llvm::ArrayRef<Stmt *> Body(S->body_begin(), S->body_end());
    for (size_t I = 0; I < Body.size(); ++I) {
      LockRegion R;
      if (!acquisition(Body[I], R))
        continue;
      for (size_t J = I + 1; J < Body.size(); ++J) {
        if (releases(Body[J], R))
          break;
        // Released on a path inside it (`if (fast) lock.unlock();`, an
        // early unlock before the slow part): from there on the lock may
        // not be held, so the region ends here.
        if (releasesWithin(Body[J], R))
          break;
        R.Guarded.push_back(Body[J]);
      }
      Out.push_back(std::move(R));
    }
    return true;
  }

private:
  bool acquisition(const Stmt *S, LockRegion &R) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      const auto *V =
          DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl()) : nullptr;
      if (!V || !isLockGuardType(V->getType(), &R.SharedOwnership))
        return false;
      const auto *Construct =
          dyn_cast_or_null<CXXConstructExpr>(stripExpr(V->getInit()));
      if (!Construct)
        return false;
      const Expr *Mutex = nullptr;
      for (const Expr *Arg : Construct->arguments()) {
        if (isDeferredTag(Arg))
          return false;
        if (!Mutex && isMutexType(Arg->getType()))
          Mutex = Arg;
      }
      if (!Mutex)
        return false;
      R.Acquire = S;
      R.Guard = V;
      R.Mutex = resolveMutex(Mutex, Fn);
      return true;
    }
    if (const Expr *Mutex = lockCallMutex(statementCall(S), /*Unlock=*/false,
                                          R.SharedOwnership)) {
      R.Acquire = S;
      R.Mutex = resolveMutex(Mutex, Fn);
      return true;
    }
    return false;
  }

  bool releasesWithin(const Stmt *S, const LockRegion &R) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (releases(S, R))
      return true;
    for (const Stmt *Child : S->children())
      if (releasesWithin(Child, R))
        return true;
    return false;
  }

  bool releases(const Stmt *S, const LockRegion &R) {
    const CallExpr *CE = statementCall(S);
    if (!CE)
      return false;
    if (R.Guard) {
      std::optional<MemberCall> M = asMemberCall(CE);
      if (!M || M->Name != "unlock")
        return false;
      const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripExpr(M->Object));
      return Ref && Ref->getDecl() == R.Guard;
    }
    bool Shared = false;
    const Expr *Mutex = lockCallMutex(CE, /*Unlock=*/true, Shared);
    return Mutex && sameMutex(resolveMutex(Mutex, Fn), R.Mutex);
  }

  const FunctionDecl &Fn;
  llvm::SmallVectorImpl<LockRegion> &Out;
};

/// The argument of \p Origin that hands over \p Body, if one does.
std::optional<unsigned> callableArg(const Expr *Origin,
                                    const FunctionDecl *Body) {
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *CE = dyn_cast<CallExpr>(Origin))
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Origin))
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  for (unsigned I = 0; I < Args.size(); ++I) {
    llvm::SmallVector<const FunctionDecl *, 2> Targets;
    resolveCallables(Args[I], Targets);
    for (const FunctionDecl *T : Targets)
      if (T->getCanonicalDecl() == Body->getCanonicalDecl())
        return I;
  }
  return std::nullopt;
}

const Expr *originArg(const Expr *Origin, unsigned I) {
  if (const auto *CE = dyn_cast<CallExpr>(Origin))
    return I < CE->getNumArgs() ? CE->getArg(I) : nullptr;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Origin))
    return I < Construct->getNumArgs() ? Construct->getArg(I) : nullptr;
  return nullptr;
}

/// What an argument handed to a task refers to: `x`, `&x`, `std::ref(x)`
/// give x; `this` gives \p IsThis. Null for anything else (an element
/// `v[i]`, a call's result), which may differ per task.
const VarDecl *argumentObject(const Expr *Arg, bool &IsThis) {
  IsThis = false;
  const Expr *E = stripExpr(Arg);
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && CE->getNumArgs() == 1 && FD->getIdentifier() &&
        (FD->getName() == "ref" || FD->getName() == "cref") &&
        FD->isInStdNamespace())
      E = stripExpr(CE->getArg(0));
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_AddrOf)
    E = stripExpr(U->getSubExpr());
  if (isa<CXXThisExpr>(E)) {
    IsThis = true;
    return nullptr;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

/// True if the lambda whose call operator is \p Body captures \p Var by
/// copy: each task then works on its own copy.
bool capturedByCopy(const FunctionDecl *Body, const VarDecl *Var) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Body);
  if (!Method || !Method->getParent()->isLambda())
    return false;
  for (const LambdaCapture &Capture : Method->getParent()->captures())
    if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
      return Capture.getCaptureKind() == LCK_ByCopy;
  return false;
}

bool isLambdaBody(const FunctionDecl *FD) {
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  return Method && Method->getParent()->isLambda();
}

bool declaredWithin(const VarDecl *V, const Stmt *S, const SourceManager &SM) {
  SourceLocation Loc = SM.getExpansionLoc(V->getLocation());
  return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(S->getBeginLoc()),
                                      Loc) &&
         SM.isBeforeInTranslationUnit(Loc, SM.getExpansionLoc(S->getEndLoc()));
}

} // namespace

std::string className(QualType T) {
  if (T.isNull())
    return {};
  T = T.getNonReferenceType();
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    if (const TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl())
      return tableName(TD);
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl()) {
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      return tableName(Spec->getSpecializedTemplate());
    return tableName(RD);
  }
  return {};
}

bool isMutexType(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (typedefName(T) == "pthread_mutex_t")
    return true;
  return llvm::StringSwitch<bool>(className(T))
      .Cases("::std::mutex", "::std::recursive_mutex", "::std::timed_mutex",
             "::std::recursive_timed_mutex", "::std::shared_mutex",
             "::std::shared_timed_mutex", true)
      .Cases("::boost::mutex", "::boost::recursive_mutex",
             "::boost::timed_mutex", "::boost::shared_mutex", true)
      .Default(false);
}

bool isConditionVariableType(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (typedefName(T) == "pthread_cond_t")
    return true;
  return llvm::StringSwitch<bool>(className(T))
      .Cases("::std::condition_variable", "::std::condition_variable_any", true)
      .Cases("::boost::condition_variable", "::boost::condition_variable_any",
             true)
      .Default(false);
}

bool isLockGuardType(QualType T, bool *Shared) {
  std::string Name = className(T);
  if (Shared)
    *Shared = Name == "::std::shared_lock" || Name == "::boost::shared_lock";
  return llvm::StringSwitch<bool>(Name)
      .Cases("::std::lock_guard", "::std::unique_lock", "::std::scoped_lock",
             "::std::shared_lock", true)
      .Cases("::boost::lock_guard", "::boost::unique_lock",
             "::boost::shared_lock", true)
      .Default(false);
}

MutexRef resolveMutex(const Expr *E, const FunctionDecl &Fn) {
  MutexRef Ref;
  Ref.Expression = E;
  E = stripExpr(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
    E = stripExpr(U->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V)
      return Ref;
    Ref.Decl = V;
    Ref.Root = V;
    Ref.Scope = scopeOfVar(V, Fn);
    return Ref;
  }
  const auto *ME = dyn_cast<MemberExpr>(E);
  if (!ME)
    return Ref;
  Ref.Decl = ME->getMemberDecl();
  if (const auto *Static = dyn_cast<VarDecl>(Ref.Decl)) {
    Ref.Root = Static;
    Ref.Scope = MutexScope::Global;
    return Ref;
  }
  // Down the member chain to the object it starts from.
  const Expr *Base = stripExpr(ME->getBase());
  while (const auto *Inner = dyn_cast<MemberExpr>(Base)) {
    if (const auto *Static = dyn_cast<VarDecl>(Inner->getMemberDecl())) {
      Ref.Root = Static;
      Ref.Scope = MutexScope::Global;
      return Ref;
    }
    Base = stripExpr(Inner->getBase());
  }
  if (isa<CXXThisExpr>(Base)) {
    Ref.Scope = MutexScope::ThisMember;
    return Ref;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(Base);
      U && U->getOpcode() == UO_Deref)
    Base = stripExpr(U->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl())) {
      Ref.Root = V;
      Ref.Scope = scopeOfVar(V, Fn);
    }
  return Ref;
}

void findLockRegions(const FunctionDecl &Fn,
                     llvm::SmallVectorImpl<LockRegion> &Out) {
  if (Stmt *Body = Fn.getBody())
    LockFinder(Fn, Out).TraverseStmt(Body);
}

std::optional<MemberCall> asMemberCall(const Expr *Call) {
  const auto *CE = dyn_cast_or_null<CallExpr>(Call);
  if (!CE)
    return std::nullopt;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(CE)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return std::nullopt;
    return MemberCall{Member->getImplicitObjectArgument(), Method->getName()};
  }
  const Expr *Callee = CE->getCallee()->IgnoreParenImpCasts();
  if (const auto *Dep = dyn_cast<CXXDependentScopeMemberExpr>(Callee)) {
    const IdentifierInfo *Id = Dep->getMember().getAsIdentifierInfo();
    if (!Id || Dep->isImplicitAccess())
      return std::nullopt;
    return MemberCall{Dep->getBase(), Id->getName()};
  }
  if (const auto *Unresolved = dyn_cast<UnresolvedMemberExpr>(Callee)) {
    const IdentifierInfo *Id =
        Unresolved->getMemberName().getAsIdentifierInfo();
    if (!Id || Unresolved->isImplicitAccess())
      return std::nullopt;
    return MemberCall{Unresolved->getBase(), Id->getName()};
  }
  return std::nullopt;
}

namespace {

/// True if \p Object is a local or parameter of a function the task calls
/// (not of the task's body \p Body, nor captured from around it): the
/// object that call picked (a graph node from a search result, a
/// container's element), one per call, not one the tasks share.
bool pickedByCallee(const VarDecl *Object, const FunctionDecl *Body) {
  if (!Object->hasLocalStorage())
    return false;
  for (const DeclContext *DC = Body; DC; DC = DC->getParent())
    if (DC == Object->getDeclContext())
      return false;
  return true;
}

/// The variable \p V, a parameter of the task function at \p At, stands
/// for: the variable each call above it passed (`bump(totals)` for
/// `void bump(Acc &a)`), up to the task's body; null when a call passed
/// something else (a call's result, an element). \p V itself otherwise.
const VarDecl *passedDown(const VarDecl *V,
                          llvm::ArrayRef<TaskFunction> Functions, int At) {
  while (V && At > 0) {
    const auto *Param = dyn_cast<ParmVarDecl>(V);
    const TaskFunction &F = Functions[At];
    if (!Param || Param->getDeclContext() != F.Fn || !F.Call)
      return V;
    llvm::ArrayRef<const Expr *> Args;
    if (const auto *Call = dyn_cast<CallExpr>(F.Call))
      Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(F.Call))
      Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
    if (isa<CXXOperatorCallExpr>(F.Call) && isa<CXXMethodDecl>(F.Fn) &&
        !Args.empty())
      Args = Args.drop_front(); // the object
    unsigned Index = Param->getFunctionScopeIndex();
    const auto *Ref = Index < Args.size()
                          ? dyn_cast<DeclRefExpr>(stripExpr(Args[Index]))
                          : nullptr;
    V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    At = F.Caller;
  }
  return V;
}

} // namespace

void collectTaskFunctions(const RunContext &C, CallSummaries &Summaries,
                          llvm::SmallVectorImpl<TaskFunction> &Out,
                          unsigned MaxDepth) {
  llvm::DenseSet<const FunctionDecl *> Seen;
  llvm::SmallVector<unsigned, 8> Depth;
  Out.push_back({C.Body, nullptr, -1, true});
  Depth.push_back(0);
  Seen.insert(C.Body);
  for (size_t I = 0; I < Out.size(); ++I) {
    if (Depth[I] >= MaxDepth)
      continue;
    TaskFunction Caller = Out[I];
    for (const CallSite &Site : Summaries.facts(Caller.Fn).Calls) {
      if (Site.Role == CallRole::ScopeExit || !Site.Followable ||
          !Summaries.isFollowed(Site.Callee))
        continue;
      const FunctionDecl *Def = nullptr;
      if (!Site.Callee->hasBody(Def) || !Seen.insert(Def).second)
        continue;
      TaskFunction Callee{Def,
                          Site.Call,
                          static_cast<int>(I),
                          Caller.SameThis,
                          Caller.ThisObject,
                          Caller.ThisThroughPointer};
      if (const auto *Method = dyn_cast<CXXMethodDecl>(Def);
          Method && Method->isInstance()) {
        const auto *Member = dyn_cast<CXXMemberCallExpr>(Site.Call);
        const Expr *Object =
            Member ? stripExpr(Member->getImplicitObjectArgument()) : nullptr;
        if (!Object || !isa<CXXThisExpr>(Object)) {
          // A member called on another object: `this` is that object now.
          Callee.SameThis = false;
          Callee.ThisObject = nullptr;
          Callee.ThisThroughPointer = false;
          if (Object) {
            // `*p`, `sp->` (smart pointers' operator-> and operator*).
            if (const auto *Deref = dyn_cast<UnaryOperator>(Object);
                Deref && Deref->getOpcode() == UO_Deref)
              Object = stripExpr(Deref->getSubExpr());
            if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Object);
                Op && Op->getNumArgs() == 1 &&
                (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star))
              Object = stripExpr(Op->getArg(0));
            if (const auto *Ref = dyn_cast<DeclRefExpr>(Object)) {
              // A parameter stands for what the calls above passed; an
              // object a callee picked is one per call: not known.
              Callee.ThisObject = passedDown(dyn_cast<VarDecl>(Ref->getDecl()),
                                             Out, static_cast<int>(I));
              if (Callee.ThisObject &&
                  pickedByCallee(Callee.ThisObject, C.Body))
                Callee.ThisObject = nullptr;
              QualType T = Ref->getType();
              Callee.ThisThroughPointer = T->isPointerType() ||
                                          className(T) == "::std::shared_ptr" ||
                                          className(T) == "::std::unique_ptr";
            }
          }
        }
      }
      Out.push_back(Callee);
      Depth.push_back(Depth[I] + 1);
    }
  }
}

namespace {

/// The object whose mutex the tasks lock, as far as it is known.
struct LockedObject {
  /// The variable holding the mutex or the object it is a member of; null
  /// when it is not a variable.
  const VarDecl *Object = nullptr;
  /// The same object for every task: a global mutex, or `this` of a
  /// lambda's creator.
  bool Invariant = false;
  /// The object of a member function the task calls into.
  bool ViaObject = false;
};

/// The object that the task argument \p Arg hands over (a variable, or
/// `this`, which is invariant); std::nullopt if it may differ per task.
std::optional<LockedObject> argumentLockedObject(const Expr *Arg) {
  if (!Arg)
    return std::nullopt;
  LockedObject L;
  L.Object = argumentObject(Arg, L.Invariant);
  if (!L.Object && !L.Invariant)
    return std::nullopt;
  return L;
}

/// For a member mutex: the object the task's function \p F runs on.
/// std::nullopt if each task has its own.
std::optional<LockedObject>
memberMutexObject(const RunContext &C, const TaskFunction &F, ASTContext &Ctx) {
  if (!F.SameThis) {
    // A member mutex of an object the task calls into: shared if that
    // object is (a global, a variable captured by reference or through a
    // pointer, declared outside the loop that starts the tasks).
    if (!F.ThisObject)
      return std::nullopt;
    if (!F.ThisThroughPointer && capturedByCopy(C.Body, F.ThisObject))
      return std::nullopt;
    // An object the task makes itself is its own.
    if (C.Body->getBody() &&
        declaredWithin(F.ThisObject, C.Body->getBody(), Ctx.getSourceManager()))
      return std::nullopt;
    LockedObject L;
    L.Object = F.ThisObject;
    L.ViaObject = true;
    return L;
  }
  if (isLambdaBody(C.Body)) {
    LockedObject L;
    L.Invariant = true;
    return L;
  }
  // std::thread(&Worker::run, obj): the object follows the callable.
  std::optional<unsigned> Callable =
      C.Origin ? callableArg(C.Origin, C.Body) : std::nullopt;
  return argumentLockedObject(Callable ? originArg(C.Origin, *Callable + 1)
                                       : nullptr);
}

/// For a mutex the task's entry function takes as a parameter: the
/// argument the task was started with. std::nullopt if unknown or per task.
std::optional<LockedObject> parameterMutexObject(const RunContext &C,
                                                 const TaskFunction &F,
                                                 const MutexRef &M) {
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(M.Root);
  if (!Param || F.Fn != C.Body || !C.Origin)
    return std::nullopt;
  std::optional<unsigned> Callable = callableArg(C.Origin, C.Body);
  unsigned Shift = isa<CXXMethodDecl>(C.Body) &&
                           cast<CXXMethodDecl>(C.Body)->isInstance() &&
                           !isLambdaBody(C.Body)
                       ? 2
                       : 1;
  return argumentLockedObject(
      Callable ? originArg(C.Origin,
                           *Callable + Shift + Param->getFunctionScopeIndex())
               : nullptr);
}

/// The object every task uses: true for `this` of a lambda's creator; a
/// variable, whose declaration inside the loop makes one per task.
/// std::nullopt if each task has its own mutex.
std::optional<LockedObject> lockedObject(const RunContext &C,
                                         const TaskFunction &F,
                                         const MutexRef &M, ASTContext &Ctx) {
  switch (M.Scope) {
  case MutexScope::Global: {
    LockedObject L;
    L.Invariant = true;
    return L;
  }
  case MutexScope::Local:
  case MutexScope::Unknown:
    return std::nullopt;
  case MutexScope::Captured: {
    LockedObject L;
    L.Object = M.Root;
    return L;
  }
  case MutexScope::ThisMember:
    return memberMutexObject(C, F, Ctx);
  case MutexScope::Parameter:
    return parameterMutexObject(C, F, M);
  }
  llvm_unreachable("unknown mutex scope");
}

} // namespace

LockSharing tasksSharing(const RunContext &C, const TaskFunction &F,
                         const MutexRef &M, ASTContext &Ctx) {
  std::optional<LockedObject> L = lockedObject(C, F, M, Ctx);
  if (!L)
    return LockSharing::NotShared;
  const Stmt *Loop = enclosingLoop(C.Origin, C.OriginIn);
  // Started from several places: the same object for all of them only if
  // it cannot differ between the starts (only the first start is known).
  if (!Loop)
    return C.Origins >= 2 && (L->Invariant || L->ViaObject ||
                              M.Scope == MutexScope::Captured)
               ? LockSharing::SeveralTasks
               : LockSharing::OneTask;
  if (L->Invariant)
    return LockSharing::SeveralTasks;
  if (L->Object && L->Object->hasGlobalStorage())
    return LockSharing::SeveralTasks;
  return L->Object && !declaredWithin(L->Object, Loop, Ctx.getSourceManager())
             ? LockSharing::SeveralTasks
             : LockSharing::OneTask;
}

const FieldDecl *thisMember(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(stripExpr(E));
  if (!ME || !isa<CXXThisExpr>(stripExpr(ME->getBase())))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

} // namespace clang::tidy::taskfit
