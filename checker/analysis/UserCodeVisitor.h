//===--- UserCodeVisitor.h - a walk over the user's own code --------------===//
//
// The translation-unit walks of the analysis (contexts, thread starts,
// busy-waits, queues, the Python checks' functions) look only at the user's
// code: library code (LibraryCode.h) is skipped whole, which also keeps each
// walk proportional to the user's code rather than to the headers it
// includes. The walk knows the function, or lambda call operator, it is in.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_USERCODEVISITOR_H
#define TASKFIT_CHECKER_ANALYSIS_USERCODEVISITOR_H

#include "LibraryCode.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::taskfit {

template <typename Derived>
class UserCodeVisitor : public RecursiveASTVisitor<Derived> {
  using Base = RecursiveASTVisitor<Derived>;

public:
  explicit UserCodeVisitor(LibraryCode &Library) : Library(Library) {}

  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && Library.contains(D))
      return true;
    const FunctionDecl *Saved = Function;
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(D))
      Function = FD;
    bool Result = Base::TraverseDecl(D);
    Function = Saved;
    return Result;
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    const FunctionDecl *Saved = Function;
    Function = L->getCallOperator();
    bool Result = Base::TraverseLambdaExpr(L);
    Function = Saved;
    return Result;
  }

  /// Walks the whole translation unit.
  void walk(ASTContext &Ctx) {
    this->getDerived().TraverseDecl(Ctx.getTranslationUnitDecl());
  }

protected:
  /// The function (or lambda call operator) whose code the walk is in; null
  /// at namespace or class scope.
  const FunctionDecl *currentFunction() const { return Function; }

  LibraryCode &Library;

private:
  const FunctionDecl *Function = nullptr;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_USERCODEVISITOR_H
