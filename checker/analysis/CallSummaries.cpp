//===--- CallSummaries.cpp - the calls a function body makes --------------===//

#include "CallSummaries.h"
#include "WorkKind.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::taskfit {

namespace {

class CallSiteVisitor : public RecursiveASTVisitor<CallSiteVisitor> {
public:
  explicit CallSiteVisitor(llvm::SmallVectorImpl<CallSite> &Out) : Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }

  // A lambda's body runs when (and where) the lambda is called; only its
  // capture initializers run here.
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (unsigned I = 0, N = L->capture_size(); I < N; ++I)
      if (L->isInitCapture(L->capture_begin() + I))
        TraverseStmt(L->capture_init_begin()[I]);
    return true;
  }
  // Local classes and functions are separate bodies too.
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseFunctionDecl(FunctionDecl *) { return true; }
  bool TraverseCXXMethodDecl(CXXMethodDecl *) { return true; }
  // Unevaluated operands never run.
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
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    if (E->isPotentiallyEvaluated())
      return RecursiveASTVisitor::TraverseCXXTypeidExpr(E);
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    add(CE);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    add(CE);
    return true;
  }

private:
  void add(const Expr *E) {
    if (const FunctionDecl *Callee = getCalleeDecl(E))
      Out.push_back({E, Callee});
  }

  llvm::SmallVectorImpl<CallSite> &Out;
};

} // namespace

const Stmt *getRunBody(const FunctionDecl &FD) {
  const Stmt *Body = FD.getBody();
  if (const auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    return Coro->getBody();
  return Body;
}

void collectCallSites(const Stmt *Body, llvm::SmallVectorImpl<CallSite> &Out) {
  if (!Body)
    return;
  CallSiteVisitor(Out).TraverseStmt(const_cast<Stmt *>(Body));
}

} // namespace clang::tidy::taskfit
