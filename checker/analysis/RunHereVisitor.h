//===--- RunHereVisitor.h - a walk over the code that runs here -----------===//
//
// The statements that run when a body runs, and only those: a lambda's body
// runs when (and where) the lambda is called, so only its capture
// initializers run here; local classes and functions are bodies of their
// own; default member initializers run in the constructors that use them;
// unevaluated operands (sizeof, decltype, noexcept, requires, a
// non-polymorphic typeid) never run. Every per-body scan of the analysis
// (call sites, GIL regions, lock regions) walks the same code this way.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_RUNHEREVISITOR_H
#define TASKFIT_CHECKER_ANALYSIS_RUNHEREVISITOR_H

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::taskfit {

template <typename Derived>
class RunHereVisitor : public RecursiveASTVisitor<Derived> {
  using Base = RecursiveASTVisitor<Derived>;

public:
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (Expr *Init : L->capture_inits())
      if (Init)
        this->getDerived().TraverseStmt(Init);
    return true;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseFunctionDecl(FunctionDecl *) { return true; }
  bool TraverseCXXMethodDecl(CXXMethodDecl *) { return true; }

  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  bool TraverseConceptSpecializationExpr(ConceptSpecializationExpr *) {
    return true;
  }
  // A default member initializer (`int fd = ::open(path, O_RDONLY);` in
  // the class) runs in every constructor, or aggregate initialization, that
  // does not initialize the member itself.
  bool TraverseCXXDefaultInitExpr(CXXDefaultInitExpr *E) {
    return this->getDerived().TraverseStmt(E->getExpr());
  }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    if (E->isPotentiallyEvaluated())
      return Base::TraverseCXXTypeidExpr(E);
    return true;
  }
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_RUNHEREVISITOR_H
