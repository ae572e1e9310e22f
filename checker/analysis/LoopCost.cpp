//===--- LoopCost.cpp - loops that keep a thread busy ---------------------===//

#include "LoopCost.h"
#include "WorkKind.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::taskfit {

namespace {

bool isLoop(const Stmt *S) {
  return isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

/// Children that run as part of \p S: not lambda bodies, not unevaluated
/// operands, not local class or function definitions.
template <typename Fn> void forEachRunChild(const Stmt *S, Fn &&F) {
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : L->capture_inits())
      if (Init)
        F(Init);
    return;
  }
  if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr,
          ConceptSpecializationExpr>(S))
    return;
  if (const auto *Typeid = dyn_cast<CXXTypeidExpr>(S);
      Typeid && !Typeid->isPotentiallyEvaluated())
    return;
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    // The user-written parts, not the desugared begin/end variables.
    if (Range->getInit())
      F(Range->getInit());
    F(Range->getRangeInit());
    F(Range->getBody());
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        if (const Expr *Init = V->getInit())
          F(Init);
    return;
  }
  if (const auto *Coawait = dyn_cast<CoawaitExpr>(S)) {
    F(Coawait->getOperand());
    return;
  }
  for (const Stmt *Child : S->children())
    if (Child)
      F(Child);
}

struct Subtree {
  /// Depth of the deepest await-free loop nest inside (0 = no loop).
  unsigned NestDepth = 0;
  /// Iterations of that nest, if all constant.
  std::optional<uint64_t> Iterations = 1;
  bool Suspends = false;
  /// Contains a call the table or an annotation classifies (blocking or
  /// heavy): the call is reported as what it is, not the loop around it.
  bool ClassifiedWork = false;
};

class LoopFinder {
public:
  LoopFinder(WorkClassifier &Classifier, const LoopCostOptions &Options,
             const ASTContext &Ctx, llvm::SmallVectorImpl<HeavyLoop> &Out)
      : Classifier(Classifier), Options(Options), Ctx(Ctx), Out(Out) {}

  Subtree visit(const Stmt *S) {
    Subtree Result;
    if (isa<CoawaitExpr, CoyieldExpr, DependentCoawaitExpr>(S))
      Result.Suspends = true;
    if (isa<CallExpr, CXXConstructExpr>(S) &&
        Classifier.classify(cast<Expr>(S)))
      Result.ClassifiedWork = true;

    bool IsHandler = isa<CXXCatchStmt>(S);
    HandlerDepth += IsHandler;
    size_t FirstCandidate = Out.size();
    unsigned InnerDepth = 0;
    std::optional<uint64_t> InnerIterations = 1;
    forEachRunChild(S, [&](const Stmt *Child) {
      Subtree C = visit(Child);
      Result.Suspends |= C.Suspends;
      Result.ClassifiedWork |= C.ClassifiedWork;
      if (C.NestDepth > InnerDepth) {
        InnerDepth = C.NestDepth;
        InnerIterations = C.Iterations;
      }
    });

    HandlerDepth -= IsHandler;
    // A loop a macro makes (asio's stackless `reenter`/`yield`, a FOREACH)
    // is plumbing, not a loop the user wrote: it neither counts nor is
    // reported.
    if (!isLoop(S) || S->getBeginLoc().isMacroID()) {
      Result.NestDepth = InnerDepth;
      Result.Iterations = InnerIterations;
      return Result;
    }
    if (Result.Suspends || Result.ClassifiedWork) {
      // Not heavy itself: whatever heavy loops are inside were recorded.
      return Result;
    }
    Result.NestDepth = InnerDepth + 1;
    std::optional<uint64_t> Trips = constantTripCount(S, Ctx);
    if (Trips && InnerIterations &&
        (*InnerIterations == 0 || *Trips <= UINT64_MAX / *InnerIterations))
      Result.Iterations = *Trips * *InnerIterations;
    else
      Result.Iterations = std::nullopt;

    bool DeepEnough = Result.NestDepth >= Options.MinNestDepth &&
                      !(Result.Iterations &&
                        *Result.Iterations < Options.MinTripCount);
    bool LongEnough =
        Result.Iterations && *Result.Iterations >= Options.MinTripCount;
    if (DeepEnough || LongEnough) {
      // The outermost heavy loop stands for the loops inside it.
      Out.truncate(FirstCandidate);
      Out.push_back({S, Result.NestDepth, Result.Iterations, HandlerDepth > 0});
    }
    return Result;
  }

private:
  WorkClassifier &Classifier;
  const LoopCostOptions &Options;
  const ASTContext &Ctx;
  llvm::SmallVectorImpl<HeavyLoop> &Out;
  unsigned HandlerDepth = 0;
};

std::optional<int64_t> evaluateInt(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->getType()->isIntegralOrEnumerationType() ||
      !E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

const VarDecl *refVar(const Expr *E) {
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts()
                                                         : nullptr))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

std::optional<uint64_t> forTripCount(const ForStmt *For,
                                     const ASTContext &Ctx) {
  // for (T i = A; i < B; ++i / i++ / i += C)
  const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
  if (!Init || !Init->isSingleDecl())
    return std::nullopt;
  const auto *Var = dyn_cast<VarDecl>(Init->getSingleDecl());
  if (!Var || !Var->getInit())
    return std::nullopt;
  std::optional<int64_t> Start = evaluateInt(Var->getInit(), Ctx);

  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Start || !Cond)
    return std::nullopt;
  std::optional<int64_t> Bound;
  BinaryOperatorKind Op = Cond->getOpcode();
  if (refVar(Cond->getLHS()) == Var) {
    Bound = evaluateInt(Cond->getRHS(), Ctx);
  } else if (refVar(Cond->getRHS()) == Var) {
    Bound = evaluateInt(Cond->getLHS(), Ctx);
    Op = BinaryOperator::reverseComparisonOp(Op);
  }
  if (!Bound)
    return std::nullopt;

  int64_t Step = 0;
  const Expr *Inc = For->getInc() ? For->getInc()->IgnoreParenImpCasts() : nullptr;
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(Inc)) {
    if (refVar(U->getSubExpr()) != Var)
      return std::nullopt;
    Step = U->isIncrementOp() ? 1 : U->isDecrementOp() ? -1 : 0;
  } else if (const auto *C = dyn_cast_or_null<CompoundAssignOperator>(Inc)) {
    if (refVar(C->getLHS()) != Var)
      return std::nullopt;
    std::optional<int64_t> By = evaluateInt(C->getRHS(), Ctx);
    if (!By)
      return std::nullopt;
    Step = C->getOpcode() == BO_AddAssign   ? *By
           : C->getOpcode() == BO_SubAssign ? -*By
                                            : 0;
  }
  if (Step == 0)
    return std::nullopt;

  // Distance to the bound, in the direction of the step.
  __int128 Distance;
  if (Step > 0 && (Op == BO_LT || Op == BO_NE))
    Distance = static_cast<__int128>(*Bound) - *Start;
  else if (Step > 0 && Op == BO_LE)
    Distance = static_cast<__int128>(*Bound) - *Start + 1;
  else if (Step < 0 && (Op == BO_GT || Op == BO_NE))
    Distance = static_cast<__int128>(*Start) - *Bound;
  else if (Step < 0 && Op == BO_GE)
    Distance = static_cast<__int128>(*Start) - *Bound + 1;
  else
    return std::nullopt;
  if (Distance <= 0)
    return 0;
  __int128 Abs = Step > 0 ? Step : -static_cast<__int128>(Step);
  __int128 Trips = (Distance + Abs - 1) / Abs;
  if (Trips > static_cast<__int128>(UINT64_MAX))
    return std::nullopt;
  return static_cast<uint64_t>(Trips);
}

std::optional<uint64_t> rangeTripCount(const CXXForRangeStmt *Range,
                                       const ASTContext &Ctx) {
  const Expr *Init = Range->getRangeInit();
  if (!Init)
    return std::nullopt;
  QualType T = Init->getType().getNonReferenceType();
  if (const auto *Array = Ctx.getAsConstantArrayType(T))
    return Array->getSize().getZExtValue();
  // std::array<T, N>
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl())) {
    if (Spec->getName() == "array" && Spec->isInStdNamespace() &&
        Spec->getTemplateArgs().size() == 2 &&
        Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
      return Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue();
  }
  return std::nullopt;
}

} // namespace

std::optional<uint64_t> constantTripCount(const Stmt *Loop,
                                          const ASTContext &Ctx) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return forTripCount(For, Ctx);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return rangeTripCount(Range, Ctx);
  return std::nullopt;
}

bool containsSuspension(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CoawaitExpr, CoyieldExpr, DependentCoawaitExpr>(S))
    return true;
  bool Found = false;
  forEachRunChild(S, [&](const Stmt *Child) {
    Found = Found || containsSuspension(Child);
  });
  return Found;
}

void findHeavyLoops(const Stmt *Body, WorkClassifier &Classifier,
                    const LoopCostOptions &Options,
                    llvm::SmallVectorImpl<HeavyLoop> &Out) {
  if (!Body)
    return;
  const ASTContext &Ctx = Classifier.astContext();
  LoopFinder(Classifier, Options, Ctx, Out).visit(Body);
}

} // namespace clang::tidy::taskfit
