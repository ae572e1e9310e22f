//===--- TaskCost.cpp - is a pool task provably cheap? --------------------===//

#include "TaskCost.h"
#include "Contexts.h"
#include "RunHereVisitor.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::taskfit {

namespace {

/// Counts the operations of one body and collects its calls; stops at the
/// first thing whose cost it cannot bound.
class OperationCounter : public RunHereVisitor<OperationCounter> {
  using Base = RunHereVisitor<OperationCounter>;

public:
  // Anything that repeats or leaves the straight line: its cost is not a
  // handful, or not known here.
  bool TraverseForStmt(ForStmt *) { return unknown(); }
  bool TraverseWhileStmt(WhileStmt *) { return unknown(); }
  bool TraverseDoStmt(DoStmt *) { return unknown(); }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *) { return unknown(); }
  bool TraverseGotoStmt(GotoStmt *) { return unknown(); }
  bool TraverseIndirectGotoStmt(IndirectGotoStmt *) { return unknown(); }
  bool TraverseCoawaitExpr(CoawaitExpr *) { return unknown(); }
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *) {
    return unknown();
  }
  bool TraverseCoyieldExpr(CoyieldExpr *) { return unknown(); }
  bool TraverseGCCAsmStmt(GCCAsmStmt *) { return unknown(); }
  bool TraverseMSAsmStmt(MSAsmStmt *) { return unknown(); }

  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() != BO_Comma)
      ++Operations;
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    switch (U->getOpcode()) {
    case UO_AddrOf:
    case UO_Plus:
    case UO_Extension:
      return true;
    default:
      ++Operations;
      return true;
    }
  }
  bool VisitAbstractConditionalOperator(AbstractConditionalOperator *) {
    ++Operations;
    return true;
  }
  bool VisitArraySubscriptExpr(ArraySubscriptExpr *) {
    ++Operations;
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    ++Operations;
    Calls.push_back(CE);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    ++Operations;
    if (!CE->getConstructor()->isTrivial())
      Calls.push_back(CE);
    return true;
  }
  bool VisitCXXNewExpr(CXXNewExpr *New) {
    // An array's size is the caller's to choose.
    if (New->isArray())
      return unknown();
    ++Operations;
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    if (Delete->isArrayForm() ||
        hasNonTrivialDestructor(Delete->getDestroyedType()))
      return unknown();
    ++Operations;
    return true;
  }
  bool VisitCXXThrowExpr(CXXThrowExpr *) {
    ++Operations;
    return true;
  }
  // Destructors run where no expression spells a call: a local object's or
  // a temporary's. Only trivial ones are known to cost nothing.
  bool VisitVarDecl(VarDecl *V) {
    if (V->hasLocalStorage() && hasNonTrivialDestructor(V->getType()))
      return unknown();
    return true;
  }
  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *) { return unknown(); }
  // Default arguments and member initializers run at the call, though they
  // are written at the declaration.
  bool VisitCXXDefaultArgExpr(CXXDefaultArgExpr *E) {
    return TraverseStmt(E->getExpr());
  }
  bool VisitCXXDefaultInitExpr(CXXDefaultInitExpr *E) {
    return TraverseStmt(E->getExpr());
  }

  /// Counts \p FD's run: its body and, for a constructor, its member and
  /// base initializers.
  bool count(const FunctionDecl &FD) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit() &&
            !TraverseStmt(const_cast<Expr *>(Init->getInit())))
          return false;
    return TraverseStmt(const_cast<Stmt *>(getRunBody(FD)));
  }

  unsigned Operations = 0;
  bool Unknown = false;
  llvm::SmallVector<const Expr *, 8> Calls;

private:
  bool unknown() {
    Unknown = true;
    return false;
  }
  static bool hasNonTrivialDestructor(QualType T) {
    const CXXRecordDecl *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
    return RD && RD->hasDefinition() && !RD->hasTrivialDestructor();
  }
};

/// Calls that end the program or throw cost nothing on the path that does
/// the task's work (the failure branch of an assert); compiler builtins
/// other than the memory functions are single instructions.
bool costsNothing(const FunctionDecl *FD) {
  if (FD->isNoReturn())
    return true;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD);
      Method && Method->isTrivial())
    return true;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
      Ctor && Ctor->isTrivial())
    return true;
  if (FD->getBuiltinID() && FD->getIdentifier()) {
    llvm::StringRef Name = FD->getName();
    return Name.starts_with("__builtin_") && !Name.contains("mem") &&
           !Name.contains("str");
  }
  return false;
}

} // namespace

std::optional<unsigned> TaskCost::operations(const FunctionDecl *FD) {
  return cost(FD, 0);
}

bool TaskCost::isCheapByTable(const FunctionDecl *FD) {
  auto [It, New] = CheapByTable.try_emplace(FD, false);
  if (!New)
    return It->second;
  // The latest entry that speaks of the call's own cost decides; one with
  // receiver or argument constraints decides per call, so it never proves
  // a call cheap.
  for (const FunctionEntry *Entry :
       Summaries.classifier().table().candidates(tableName(FD))) {
    if (Entry->InvokesCallables && Entry->Work.empty() && !Entry->Cheap)
      continue;
    It->second = Entry->Cheap && Entry->ReceiverTypes.empty() &&
                 Entry->ReceiverObjects.empty() && Entry->MinArgs == 0;
    break;
  }
  return It->second;
}

std::optional<unsigned> TaskCost::calleeCost(const CallSite &Site,
                                             unsigned Depth) {
  // The table or an annotation says the call does work.
  if (Site.Role != CallRole::ScopeExit &&
      Site.Callee == getCalleeDecl(Site.Call) &&
      Summaries.classifier().classify(Site.Call))
    return std::nullopt;
  if (!Site.Followable)
    return std::nullopt;
  // A virtual call may run any of its overriders: each must be cheap.
  unsigned Most = 0;
  llvm::SmallVector<const FunctionDecl *, 2> Targets{Site.Callee};
  Targets.append(Site.MoreTargets.begin(), Site.MoreTargets.end());
  for (const FunctionDecl *Target : Targets) {
    if (costsNothing(Target) || isCheapByTable(Target))
      continue;
    // Listed in the table but not as cheap ("none" is not free), or not
    // followed (library code, no body, a coroutine): unknown work.
    if (!Summaries.classifier().table().candidates(tableName(Target)).empty() ||
        !Summaries.isFollowed(Target))
      return std::nullopt;
    std::optional<unsigned> Inner = cost(Target, Depth + 1);
    if (!Inner)
      return std::nullopt;
    Most = std::max(Most, *Inner);
  }
  return Most;
}

std::optional<unsigned> TaskCost::cost(const FunctionDecl *FD, unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || Depth > Options.MaxHelperDepth ||
      Summaries.classifier().library().contains(Def) || isCoroutine(*Def) ||
      Def->isTemplated())
    return std::nullopt;
  if (auto It = Cache.find({Def, Depth}); It != Cache.end())
    return It->second;
  // Recursion: how deep it goes is not known here.
  if (!Active.insert(Def).second)
    return std::nullopt;

  std::optional<unsigned> Result;
  OperationCounter Counter;
  if (Counter.count(*Def) && !Counter.Unknown &&
      Counter.Operations <= Options.MaxOperations) {
    // The summaries resolved the body's calls (through local callables,
    // function-pointer members, virtual overriders); a call they could not
    // resolve, or one outside the body (a constructor's initializers), is
    // taken as written.
    llvm::DenseMap<const Expr *, const CallSite *> Sites;
    for (const CallSite &Site : Summaries.facts(Def).Calls)
      Sites.try_emplace(Site.Call, &Site);
    unsigned Total = Counter.Operations;
    bool Cheap = true;
    for (const Expr *Call : Counter.Calls) {
      CallSite Written;
      const CallSite *Site = Sites.lookup(Call);
      if (!Site) {
        Written.Call = Call;
        Written.Callee = getCalleeDecl(Call);
        Written.Caller = Def;
        Site = &Written;
      }
      std::optional<unsigned> Inner =
          Site->Callee ? calleeCost(*Site, Depth) : std::nullopt;
      if (!Inner || (Total += *Inner) > Options.MaxOperations) {
        Cheap = false;
        break;
      }
    }
    if (Cheap)
      Result = Total;
  }
  Active.erase(Def);
  Cache[{Def, Depth}] = Result;
  return Result;
}

} // namespace clang::tidy::taskfit
