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

class IndexBuilder : public UserCodeVisitor<IndexBuilder> {
public:
  IndexBuilder(LibraryCode &Library,
               llvm::DenseMap<const FieldDecl *,
                              llvm::SmallVector<const FunctionDecl *, 2>> &Stores,
               llvm::SmallVectorImpl<const CXXRecordDecl *> &Classes,
               llvm::DenseSet<const CXXRecordDecl *> &Created,
               llvm::DenseSet<const CXXRecordDecl *> &HasDerived)
      : UserCodeVisitor(Library), Stores(Stores), Classes(Classes),
        Created(Created), HasDerived(HasDerived) {}

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
    if (const CXXConstructorDecl *Ctor = CE->getConstructor())
      Created.insert(Ctor->getParent()->getCanonicalDecl());
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    // std::make_unique<T>, std::make_shared<T>, std::allocate_shared<T>
    // create a T inside the library.
    const FunctionDecl *FD = CE->getDirectCallee();
    if (FD && FD->isInStdNamespace() && FD->getIdentifier() &&
        llvm::is_contained({"make_unique", "make_shared", "allocate_shared",
                            "make_unique_for_overwrite"},
                           FD->getName()))
      if (const TemplateArgumentList *Args =
              FD->getTemplateSpecializationArgs();
          Args && Args->size() > 0 &&
          Args->get(0).getKind() == TemplateArgument::Type)
        if (const CXXRecordDecl *RD =
                Args->get(0).getAsType()->getAsCXXRecordDecl())
          Created.insert(RD->getCanonicalDecl());
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
    llvm::SmallVector<const FunctionDecl *, 2> Targets;
    resolveCallables(Value, Targets);
    if (Targets.empty())
      return;
    auto &Into = Stores[F->getCanonicalDecl()];
    for (const FunctionDecl *T : Targets)
      if (!llvm::is_contained(Into, T))
        Into.push_back(T);
  }

  llvm::DenseMap<const FieldDecl *, llvm::SmallVector<const FunctionDecl *, 2>>
      &Stores;
  llvm::SmallVectorImpl<const CXXRecordDecl *> &Classes;
  llvm::DenseSet<const CXXRecordDecl *> &Created;
  llvm::DenseSet<const CXXRecordDecl *> &HasDerived;
};

} // namespace

void ProgramIndex::collect() {
  Collected = true;
  IndexBuilder(Library, Stores, Classes, Created, HasDerived).walk(Ctx);
}

llvm::ArrayRef<const FunctionDecl *>
ProgramIndex::storedIn(const FieldDecl *Field) {
  if (!Collected)
    collect();
  auto It = Stores.find(Field->getCanonicalDecl());
  if (It == Stores.end())
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
