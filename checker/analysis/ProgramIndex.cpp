//===--- ProgramIndex.cpp - what a call may run, from the whole TU --------===//

#include "ProgramIndex.h"
#include "CallSummaries.h"
#include "UserCodeVisitor.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::taskfit {

namespace {

const FieldDecl *memberField(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *Member = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  return Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
}

bool isStdMoveOrForward(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  return FD && FD->isInStdNamespace() && FD->getIdentifier() &&
         (FD->getName() == "move" || FD->getName() == "forward") &&
         CE->getNumArgs() == 1;
}

/// True if \p E stores no callable: a null pointer, an empty std::function
/// (`{}`, `nullptr`, default-constructed), a member left out of an
/// aggregate initializer.
bool storesNothing(const Expr *E, LibraryCode &Library) {
  E = ignoreTemporaries(E)->IgnoreParenCasts();
  if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(E))
    return storesNothing(Default->getExpr(), Library);
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr, ImplicitValueInitExpr,
          CXXScalarValueInitExpr>(E))
    return true;
  if (const auto *Int = dyn_cast<IntegerLiteral>(E))
    return Int->getValue().isZero();
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits() == 0 ||
           (List->getNumInits() == 1 &&
            storesNothing(List->getInit(0), Library));
  // std::function() and std::function(nullptr).
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Library.contains(Construct->getConstructor()))
    return Construct->getNumArgs() == 0 ||
           (Construct->getNumArgs() == 1 &&
            storesNothing(Construct->getArg(0), Library));
  return false;
}

/// The parameter \p E hands on, through std::move / std::forward and a
/// library wrapper's (std::function's) construction: `handler_ =
/// std::move(h)` stores what the callers pass as h.
const ParmVarDecl *handedOnParameter(const Expr *E, LibraryCode &Library) {
  for (unsigned Guard = 0; E && Guard < 8; ++Guard) {
    E = ignoreTemporaries(E)->IgnoreParenCasts();
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && isStdMoveOrForward(Call)) {
      E = Call->getArg(0);
      continue;
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1 &&
        Library.contains(Construct->getConstructor())) {
      E = Construct->getArg(0);
      continue;
    }
    break;
  }
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
}

class IndexBuilder : public UserCodeVisitor<IndexBuilder> {
public:
  /// A store of a function's parameter into a member: the callers' argument
  /// at Index is what is stored.
  struct ParamStore {
    const FunctionDecl *Function;
    unsigned Index;
    const FieldDecl *Field;
  };

  IndexBuilder(
      LibraryCode &Library,
      llvm::DenseMap<const FieldDecl *,
                     llvm::SmallVector<const FunctionDecl *, 2>> &Stores,
      llvm::DenseSet<const FieldDecl *> &Unknown,
      llvm::SmallVectorImpl<const CXXRecordDecl *> &Classes,
      llvm::DenseSet<const CXXRecordDecl *> &Created,
      llvm::DenseSet<const CXXRecordDecl *> &HasDerived)
      : UserCodeVisitor(Library), Stores(Stores), Unknown(Unknown),
        Classes(Classes), Created(Created), HasDerived(HasDerived) {}

  /// After the walk: what the calls of the functions that store their
  /// parameters pass there (a setter's callers, a constructor's), through
  /// chains of such functions.
  void storeArguments() {
    while (!Pending.empty()) {
      ParamStore P = Pending.pop_back_val();
      for (const Expr *Call : CallsOf.lookup(P.Function)) {
        // The caller's arguments, as the callee's parameters number them:
        // std::make_shared<T>(args) forwards them to T's constructor.
        llvm::ArrayRef<const Expr *> Args;
        if (const auto *CE = dyn_cast<CallExpr>(Call)) {
          Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
          if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(CE);
              Op && isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
            Args = Args.drop_front();
        } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call)) {
          Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
        }
        if (P.Index >= Args.size())
          continue;
        store(P.Field, Args[P.Index]);
      }
    }
  }

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (!RD->isThisDeclarationADefinition() || RD->isLambda() ||
        RD->isDependentType())
      return true;
    Classes.push_back(RD->getCanonicalDecl());
    RD->forallBases([&](const CXXRecordDecl *Base) {
      HasDerived.insert(Base->getCanonicalDecl());
      return true;
    });
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    if (const CXXConstructorDecl *Ctor = CE->getConstructor()) {
      Created.insert(Ctor->getParent()->getCanonicalDecl());
      CallsOf[Ctor->getCanonicalDecl()].push_back(CE);
    }
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (FD)
      CallsOf[FD->getCanonicalDecl()].push_back(CE);
    // std::make_unique<T>, std::make_shared<T>, std::allocate_shared<T>
    // create a T inside the library.
    if (FD && FD->isInStdNamespace() && FD->getIdentifier() &&
        llvm::is_contained({"make_unique", "make_shared", "allocate_shared",
                            "make_unique_for_overwrite"},
                           FD->getName()))
      if (const TemplateArgumentList *Args =
              FD->getTemplateSpecializationArgs();
          Args && Args->size() > 0 &&
          Args->get(0).getKind() == TemplateArgument::Type)
        if (const CXXRecordDecl *RD =
                Args->get(0).getAsType()->getAsCXXRecordDecl()) {
          Created.insert(RD->getCanonicalDecl());
          // The arguments go to the constructor of T that takes them.
          if (const CXXRecordDecl *Def = RD->getDefinition();
              Def && FD->getName() != "allocate_shared")
            for (const CXXConstructorDecl *Ctor : Def->ctors())
              if (!Ctor->isCopyOrMoveConstructor() &&
                  CE->getNumArgs() >= Ctor->getMinRequiredArguments() &&
                  CE->getNumArgs() <= Ctor->getNumParams())
                CallsOf[Ctor->getCanonicalDecl()].push_back(CE);
        }
    return true;
  }

  // `settings.on_url = on_url;`, `this->handler_ = [this] {...};`
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_Assign)
      store(memberField(B->getLHS()), B->getRHS());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      store(memberField(Op->getArg(0)), Op->getArg(1));
    return true;
  }
  bool VisitCXXConstructorDecl(CXXConstructorDecl *Ctor) {
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isMemberInitializer() && Init->isWritten())
        store(Init->getMember(), Init->getInit());
    return true;
  }
  bool VisitFieldDecl(FieldDecl *F) {
    if (F->hasInClassInitializer())
      store(F, F->getInClassInitializer());
    return true;
  }
  // `static http_parser_settings settings = {on_begin, on_url, ...};`, and
  // designated initializers.
  bool VisitInitListExpr(InitListExpr *Written) {
    const InitListExpr *IL =
        Written->isSemanticForm() ? Written : Written->getSemanticForm();
    if (!IL)
      IL = Written;
    const auto *RT = IL->getType()->getAs<RecordType>();
    if (!RT || !RT->getDecl()->getDefinition())
      return true;
    unsigned I = 0;
    for (const FieldDecl *F : RT->getDecl()->getDefinition()->fields()) {
      if (I >= IL->getNumInits())
        break;
      store(F, IL->getInit(I++));
    }
    return true;
  }

private:
  void store(const FieldDecl *F, const Expr *Value) {
    // Template patterns are seen through their instantiations.
    if (!F || !Value || Value->isTypeDependent() || Value->isValueDependent() ||
        F->getDeclContext()->isDependentContext())
      return;
    F = F->getCanonicalDecl();
    if (storesNothing(Value, Library))
      return;
    // A setter's or constructor's parameter: what its callers pass.
    if (const ParmVarDecl *P = handedOnParameter(Value, Library)) {
      const auto *Fn = dyn_cast<FunctionDecl>(P->getDeclContext());
      if (!Fn) {
        Unknown.insert(F);
        return;
      }
      Fn = Fn->getCanonicalDecl();
      // Once per parameter and member: chains of setters may be cycles.
      if (Queued.insert({Fn, P->getFunctionScopeIndex(), F}).second)
        Pending.push_back({Fn, P->getFunctionScopeIndex(), F});
      return;
    }
    // `cb_(other.cb_)`: the member's own callables, copied.
    if (const FieldDecl *From = memberField(Value);
        From && From->getCanonicalDecl() == F)
      return;
    llvm::SmallVector<const FunctionDecl *, 2> Targets;
    resolveCallables(Value, Targets);
    if (Targets.empty()) {
      // A callable from elsewhere (a factory's result, another member):
      // what runs through the member is not known.
      Unknown.insert(F);
      return;
    }
    auto &Into = Stores[F];
    for (const FunctionDecl *T : Targets)
      if (!llvm::is_contained(Into, T))
        Into.push_back(T);
  }

  llvm::DenseMap<const FieldDecl *, llvm::SmallVector<const FunctionDecl *, 2>>
      &Stores;
  llvm::DenseSet<const FieldDecl *> &Unknown;
  llvm::SmallVector<ParamStore, 4> Pending;
  llvm::DenseSet<std::tuple<const FunctionDecl *, unsigned, const FieldDecl *>>
      Queued;
  /// The calls of each function (by canonical declaration) in the user's
  /// code, for the parameters stored into members.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const Expr *, 2>>
      CallsOf;
  llvm::SmallVectorImpl<const CXXRecordDecl *> &Classes;
  llvm::DenseSet<const CXXRecordDecl *> &Created;
  llvm::DenseSet<const CXXRecordDecl *> &HasDerived;
};

} // namespace

void ProgramIndex::collect() {
  Collected = true;
  IndexBuilder Builder(Library, Stores, Unknown, Classes, Created, HasDerived);
  Builder.walk(Ctx);
  Builder.storeArguments();
}

llvm::ArrayRef<const FunctionDecl *>
ProgramIndex::storedIn(const FieldDecl *Field) {
  if (!Collected)
    collect();
  auto It = Stores.find(Field->getCanonicalDecl());
  if (It == Stores.end() || Unknown.contains(Field->getCanonicalDecl()))
    return {};
  return It->second;
}

bool ProgramIndex::derivesFrom(const CXXRecordDecl *RD,
                               const CXXRecordDecl *Base) {
  return RD->getCanonicalDecl() == Base->getCanonicalDecl() ||
         RD->isDerivedFrom(Base);
}

llvm::SmallVector<const FunctionDecl *, 2>
ProgramIndex::overriders(const CXXMethodDecl *Method,
                         const CXXRecordDecl *Static) {
  if (!Collected)
    collect();
  llvm::SmallVector<const FunctionDecl *, 2> Out;
  if (!Static || !(Static = Static->getDefinition()))
    return Out;
  // No subclass in sight: the static type is the dynamic type.
  if (!HasDerived.contains(Static->getCanonicalDecl()) &&
      !Static->isAbstract()) {
    if (const CXXMethodDecl *M =
            Method->getCorrespondingMethodInClass(Static, /*MayBeBase=*/true);
        M && !M->isPureVirtual())
      Out.push_back(M);
    return Out;
  }
  // Otherwise: the classes of that family the translation unit creates.
  for (const CXXRecordDecl *Canonical : Classes) {
    if (!Created.contains(Canonical))
      continue;
    const CXXRecordDecl *RD = Canonical->getDefinition();
    if (!RD || RD->isAbstract() || !derivesFrom(RD, Static))
      continue;
    const CXXMethodDecl *M =
        Method->getCorrespondingMethodInClass(RD, /*MayBeBase=*/true);
    if (M && !M->isPureVirtual() && !llvm::is_contained(Out, M))
      Out.push_back(M);
  }
  return Out;
}

} // namespace clang::tidy::taskfit
