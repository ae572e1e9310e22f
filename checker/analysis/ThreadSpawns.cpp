//===--- ThreadSpawns.cpp - where new threads are started -----------------===//

#include "ThreadSpawns.h"
#include "LoopCost.h"
#include "UserCodeVisitor.h"
#include "WorkKind.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::taskfit {

namespace {

/// The element class of a container type: T of vector<T>, list<T>, ...
const CXXRecordDecl *elementClass(QualType Container) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Container.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return nullptr;
  return Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
}

std::string spellingOf(const CXXRecordDecl *RD) {
  std::string Name = tableName(RD);
  return llvm::StringRef(Name).starts_with("::") ? Name.substr(2) : Name;
}

class SpawnFinder : public UserCodeVisitor<SpawnFinder> {
public:
  SpawnFinder(ContextIndex &Contexts, std::vector<ThreadSpawn> &Out)
      : UserCodeVisitor(Contexts.library()), Contexts(Contexts), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    if (!Ctor || Ctor->isCopyOrMoveConstructor() || CE->getNumArgs() == 0 ||
        !isThreadClass(Ctor->getParent(), Contexts.table()))
      return true;
    ThreadSpawn S;
    S.Site = CE;
    S.Spelling = spellingOf(Ctor->getParent());
    S.Jthread = tableName(Ctor->getParent()) == "::std::jthread";
    for (const Expr *Arg : CE->arguments())
      if (!isa<CXXDefaultArgExpr>(Arg))
        S.CallArgs.push_back(Arg);
    if (const auto *Temporary = dyn_cast<CXXTemporaryObjectExpr>(CE)) {
      S.TypeBegin = Temporary->getBeginLoc();
      S.LParen = Temporary->getParenOrBraceRange().getBegin();
    }
    if (auto It = PushedInto.find(CE); It != PushedInto.end()) {
      S.Insert = It->second;
      S.Container = S.Insert->getImplicitObjectArgument();
      if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(
              ignoreTemporaries(S.Insert->getArg(0))->IgnoreParenImpCasts())) {
        S.TypeBegin = Cast->getBeginLoc();
        S.LParen = Cast->getLParenLoc();
      }
    }
    add(std::move(S));
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(CE))
      return visitContainerCall(Member);
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee || isa<CXXOperatorCallExpr>(CE))
      return true;
    if (Contexts.contextOfCall(CE, Callee) != RunsOn::Thread)
      return true;
    std::string Name = tableName(Callee);
    ThreadSpawn S;
    S.Site = CE;
    unsigned First = 0;
    if (Name == "::std::async") {
      S.Spelling = "std::async";
      if (!startsThread(*CE, *Callee, First, S.DefaultPolicy))
        return true;
    } else if (Name == "::pthread_create") {
      S.Spelling = "pthread_create";
      First = 2;
    } else {
      S.Spelling = Name.substr(2);
    }
    for (unsigned I = First; I < CE->getNumArgs(); ++I)
      S.CallArgs.push_back(CE->getArg(I));
    add(std::move(S));
    return true;
  }

private:
  /// vec.emplace_back(callable, args...) constructs a thread in the
  /// library's code; vec.push_back(std::thread(...)) constructs it here.
  bool visitContainerCall(const CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return true;
    llvm::StringRef Name = Method->getName();
    bool Emplace = Name == "emplace_back" || Name == "emplace_front";
    if (!Emplace && Name != "push_back" && Name != "push_front")
      return true;
    const Expr *Object = Call->getImplicitObjectArgument();
    const CXXRecordDecl *Element = elementClass(Object->getType());
    if (!isThreadClass(Element, Contexts.table()) || Call->getNumArgs() == 0)
      return true;
    const Expr *Arg = ignoreTemporaries(Call->getArg(0))->IgnoreParenImpCasts();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Arg))
      Arg = ignoreTemporaries(Cast->getSubExpr())->IgnoreParenImpCasts();
    const auto *Construct = dyn_cast<CXXConstructExpr>(Arg);
    if (Call->getNumArgs() == 1 && Construct &&
        !Construct->getConstructor()->isCopyOrMoveConstructor()) {
      PushedInto[Construct] = Call;
      return true;
    }
    // emplace_back(std::move(t)) or push_back(std::move(t)) moves a thread
    // started elsewhere.
    if (!Emplace || (Call->getNumArgs() == 1 &&
                     elementClass(Object->getType()) ==
                         Call->getArg(0)->getType()->getAsCXXRecordDecl()))
      return true;
    ThreadSpawn S;
    S.Site = Call;
    S.Spelling = spellingOf(Element);
    S.Jthread = tableName(Element) == "::std::jthread";
    S.Container = Object;
    S.Insert = Call;
    for (const Expr *Arg : Call->arguments())
      S.CallArgs.push_back(Arg);
    add(std::move(S));
    return true;
  }

  /// std::async starts a thread with the async policy; with the default
  /// policy (async | deferred) the library picks, and both libstdc++ and
  /// libc++ start one, but the code did not ask for it: \p ByDefault.
  bool startsThread(const CallExpr &Call, const FunctionDecl &Callee,
                    unsigned &First, bool &ByDefault) {
    ByDefault = true;
    if (Callee.getNumParams() == 0 || Call.getNumArgs() == 0)
      return false;
    QualType P0 = Callee.getParamDecl(0)->getType();
    const auto *Enum = P0->getAs<EnumType>();
    if (!Enum || Enum->getDecl()->getName() != "launch")
      return true;
    First = 1;
    Expr::EvalResult R;
    const Expr *Policy = Call.getArg(0);
    if (Policy->isValueDependent() ||
        !Policy->EvaluateAsInt(R, Callee.getASTContext()))
      return true;
    uint64_t Bits = R.Val.getInt().getZExtValue();
    bool Async = Bits & 1, Deferred = Bits & 2;
    ByDefault = Deferred;
    return Async;
  }

  void add(ThreadSpawn S) {
    if (!currentFunction() || S.CallArgs.empty())
      return;
    S.Function = currentFunction();
    Out.push_back(std::move(S));
  }

  ContextIndex &Contexts;
  std::vector<ThreadSpawn> &Out;
  llvm::DenseMap<const Expr *, const CXXMemberCallExpr *> PushedInto;
};

/// How a finding names a range or count: "'files'", "'req.items'".
std::string nameOf(const Expr *E, ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl()->getNameAsString();
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = CharSourceRange::getTokenRange(E->getSourceRange());
  std::string Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts()).str();
  if (Text.empty() || Text.size() > 40)
    return "the range";
  return Text;
}

bool isCall(const Expr *E, llvm::ArrayRef<llvm::StringRef> Names) {
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return false;
  std::string Name = tableName(Callee);
  return llvm::is_contained(Names, Name);
}

LoopBound boundOf(const Expr *E, ASTContext &Ctx, unsigned Depth = 0);

/// True if a loop bound of \p X is small: a constant or the number of
/// cores.
bool isSmall(const LoopBound &X) {
  return X.Kind == LoopBound::Constant || X.Kind == LoopBound::Cores;
}

/// True if \p E asks for the number of cores: hardware_concurrency(),
/// get_nprocs() or sysconf(_SC_NPROCESSORS_ONLN).
bool isCoreCount(const Expr *E) {
  if (isCall(E, {"::std::thread::hardware_concurrency",
                 "::std::jthread::hardware_concurrency", "::get_nprocs",
                 "::boost::thread::hardware_concurrency",
                 "::boost::thread::physical_concurrency"}))
    return true;
  if (isCall(E, {"::sysconf"}) && cast<CallExpr>(E)->getNumArgs() == 1)
    if (const auto *Ref = dyn_cast<DeclRefExpr>(
            cast<CallExpr>(E)->getArg(0)->IgnoreParenImpCasts());
        Ref && Ref->getDecl()->getName().contains("NPROCESSORS"))
      return true;
  return false;
}

/// The range whose size \p E is (`v.size()`, `std::size(v)`,
/// `std::distance(b, e)`'s first argument), or null.
const Expr *sizedRange(const Expr *E) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = Member->getMethodDecl();
        M && M->getIdentifier() &&
        (M->getName() == "size" || M->getName() == "length"))
      return Member->getImplicitObjectArgument();
  if (isCall(E, {"::std::size", "::std::ssize", "::std::ranges::size",
                 "::std::ranges::ssize", "::std::distance"}))
    return cast<CallExpr>(E)->getArg(0);
  return nullptr;
}

/// The bound of min(), max() or clamp() \p Call: min(n, cores) is at most
/// the cores; max(a, b) needs all small; clamp(x, lo, hi) a small hi. \p B
/// is the count to return if no argument decides.
LoopBound minMaxBound(const CallExpr *Call, LoopBound B, ASTContext &Ctx,
                      unsigned Depth) {
  bool Min = isCall(Call, {"::std::min"});
  bool Clamp = isCall(Call, {"::std::clamp"});
  LoopBound Worst;
  bool AllSmall = true;
  for (const Expr *Arg : Call->arguments()) {
    LoopBound A = boundOf(Arg, Ctx, Depth + 1);
    if (Min && isSmall(A))
      return A;
    if (!isSmall(A)) {
      AllSmall = false;
      Worst = A;
    }
  }
  if ((AllSmall && !Clamp) ||
      (Clamp && Call->getNumArgs() == 3 &&
       isSmall(boundOf(Call->getArg(2), Ctx, Depth + 1)))) {
    B.Kind = LoopBound::Cores;
    return B;
  }
  return AllSmall ? B : Worst;
}

/// The bound of an expression made of \p L and \p R (a + b, c ? a : b): as
/// small as the cores if both are small, else the one that is not. \p B is
/// the count the caller started from.
LoopBound bothBound(const Expr *L, const Expr *R, LoopBound B, ASTContext &Ctx,
                    unsigned Depth) {
  LoopBound LB = boundOf(L, Ctx, Depth + 1);
  LoopBound RB = boundOf(R, Ctx, Depth + 1);
  if (isSmall(LB) && isSmall(RB)) {
    B.Kind = LoopBound::Cores;
    return B;
  }
  return isSmall(LB) ? RB : LB;
}

/// The bound of a counted loop: a constant, the number of cores (also
/// through min() with it, arithmetic on it and variables initialized from
/// it), a container's size, or another count.
LoopBound boundOf(const Expr *E, ASTContext &Ctx, unsigned Depth) {
  LoopBound B;
  B.Kind = LoopBound::Count;
  if (!E || Depth > 6)
    return B;
  E = ignoreTemporaries(E)->IgnoreParenImpCasts();
  B.Name = nameOf(E, Ctx);
  Expr::EvalResult R;
  if (!E->isValueDependent() && E->getType()->isIntegralOrEnumerationType() &&
      E->EvaluateAsInt(R, Ctx)) {
    B.Kind = LoopBound::Constant;
    B.Trips = R.Val.getInt().isNegative() ? 0 : R.Val.getInt().getZExtValue();
    return B;
  }
  if (isCoreCount(E)) {
    B.Kind = LoopBound::Cores;
    return B;
  }
  // The size of a container: once per element.
  if (const Expr *Range = sizedRange(E)) {
    B.Kind = LoopBound::PerElement;
    B.Range = Range;
    B.Name = nameOf(Range, Ctx);
    return B;
  }
  if (isCall(E, {"::std::min", "::std::max", "::std::clamp"}))
    return minMaxBound(cast<CallExpr>(E), B, Ctx, Depth);
  if (const auto *Bin = dyn_cast<BinaryOperator>(E))
    return bothBound(Bin->getLHS(), Bin->getRHS(), B, Ctx, Depth);
  if (const auto *Cond = dyn_cast<ConditionalOperator>(E))
    return bothBound(Cond->getTrueExpr(), Cond->getFalseExpr(), B, Ctx, Depth);
  // A variable: what it was initialized with.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->getInit() && !isa<ParmVarDecl>(Var)) {
      LoopBound Init = boundOf(Var->getInit(), Ctx, Depth + 1);
      if (Init.Kind == LoopBound::Count)
        Init.Name = B.Name;
      return Init;
    }
  return B;
}

/// True if \p S calls accept() (outside nested lambdas): a server loop.
bool acceptsConnections(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->getIdentifier() &&
        (Callee->getName() == "accept" || Callee->getName() == "accept4"))
      return true;
  for (const Stmt *Child : S->children())
    if (acceptsConnections(Child))
      return true;
  return false;
}

/// The limit an accept loop holds its open connections under: the `max`
/// of an `if (count >= max) { close(fd); continue; }` in \p Body (`count >
/// max`, `max <= count` too) that turns a connection away and goes on
/// accepting, outside the loops nested in it. Null if there is none (an
/// `if (served >= n) break;` ends the loop: no cap on open connections).
const Expr *connectionCap(const Stmt *Body, const ASTContext &Ctx) {
  if (!Body ||
      isa<LambdaExpr, ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(Body))
    return nullptr;
  if (const auto *If = dyn_cast<IfStmt>(Body);
      If && If->getCond() && continuesLoop(If->getThen())) {
    const Expr *Cond = If->getCond()->IgnoreParenImpCasts();
    const Expr *LHS = nullptr, *RHS = nullptr;
    BinaryOperatorKind Op = BO_Comma;
    if (const auto *Bin = dyn_cast<BinaryOperator>(Cond)) {
      LHS = Bin->getLHS();
      RHS = Bin->getRHS();
      Op = Bin->getOpcode();
    } else if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(Cond);
               Call && Call->getNumArgs() == 2) {
      LHS = Call->getArg(0);
      RHS = Call->getArg(1);
      Op = BinaryOperator::getOverloadedOpcode(Call->getOperator());
    }
    // `count >= max`, `count > max` or `max <= count`: a count held under a
    // limit that is a name or a constant above one. What is counted is no
    // constant (`if (fd < 0) continue;` is no cap), and a strict `a < b`
    // reads as often as a rate check (`elapsed < min_gap`) as a cap.
    auto Capped = [&](const Expr *Count, const Expr *Limit) -> const Expr * {
      if (!Count->isValueDependent() && Count->isEvaluatable(Ctx))
        return nullptr;
      const Expr *Bare = Limit->IgnoreParenImpCasts();
      if (isa<DeclRefExpr, MemberExpr>(Bare))
        return Limit;
      if (std::optional<llvm::APSInt> N =
              Bare->isValueDependent() ? std::nullopt
                                       : Bare->getIntegerConstantExpr(Ctx);
          N && *N > 1)
        return Limit;
      return nullptr;
    };
    if (Op == BO_GE || Op == BO_GT)
      if (const Expr *Cap = Capped(LHS, RHS))
        return Cap;
    if (Op == BO_LE)
      if (const Expr *Cap = Capped(RHS, LHS))
        return Cap;
  }
  for (const Stmt *Child : Body->children())
    if (const Expr *Cap = connectionCap(Child, Ctx))
      return Cap;
  return nullptr;
}

const VarDecl *loopVar(const ForStmt *For) {
  const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
  if (Init && Init->isSingleDecl())
    return dyn_cast<VarDecl>(Init->getSingleDecl());
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(For->getInit());
      Assign && Assign->getOpcode() == BO_Assign)
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
      return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

const VarDecl *refVar(const Expr *E) {
  const auto *Ref =
      dyn_cast<DeclRefExpr>(ignoreTemporaries(E)->IgnoreParenImpCasts());
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

} // namespace

namespace {

/// The range \p E indexes with \p Var (`items[i]`, `argv[i]`), looking
/// through the expression but not into lambda bodies.
const Expr *indexedBy(const Stmt *E, const VarDecl *Var) {
  if (!E)
    return nullptr;
  // A lambda's body indexes its own slots (`partial[i]` of worker i); only
  // its captures are handed over here.
  if (const auto *L = dyn_cast<LambdaExpr>(E)) {
    for (const Expr *Init : L->capture_inits())
      if (const Expr *Found = indexedBy(Init, Var))
        return Found;
    return nullptr;
  }
  const Expr *Base = nullptr, *Index = nullptr;
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    Base = Subscript->getBase();
    Index = Subscript->getIdx();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
             Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
    Base = Op->getArg(0);
    Index = Op->getArg(1);
  }
  if (Index && refVar(Index) == Var)
    return Base;
  for (const Stmt *Child : E->children())
    if (const Expr *Found = indexedBy(Child, Var))
      return Found;
  return nullptr;
}

} // namespace

LoopBound spawnBound(const ThreadSpawn &S, const Stmt *Loop, ASTContext &Ctx) {
  LoopBound B = loopBound(Loop, Ctx);
  const auto *For = dyn_cast<ForStmt>(Loop);
  const VarDecl *Var = For ? loopVar(For) : nullptr;
  if (B.Kind != LoopBound::Count || !Var)
    return B;
  for (const Expr *Arg : S.CallArgs)
    if (const Expr *Range = indexedBy(Arg, Var)) {
      B.Kind = LoopBound::PerElement;
      B.Range = Range;
      B.Name = nameOf(Range, Ctx);
      return B;
    }
  return B;
}

bool isThreadContainer(QualType T, ContextIndex &Contexts) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (const auto *Array = T->getAsArrayTypeUnsafe())
    return isThreadClass(Array->getElementType()->getAsCXXRecordDecl(),
                         Contexts.table());
  return isThreadClass(elementClass(T), Contexts.table());
}

bool growsThreadContainer(const Stmt *Loop, ContextIndex &Contexts) {
  const Expr *Cond = loopCondition(Loop);
  if (!Cond)
    return false;
  llvm::SmallVector<const Expr *, 2> Sides;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Bin = dyn_cast<BinaryOperator>(Cond);
      Bin && Bin->isComparisonOp())
    Sides = {Bin->getLHS(), Bin->getRHS()};
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond);
           Op && Op->getNumArgs() == 2 && Op->isComparisonOp())
    Sides = {Op->getArg(0), Op->getArg(1)};
  return llvm::any_of(Sides, [&](const Expr *Side) {
    const auto *Size = dyn_cast<CXXMemberCallExpr>(Side->IgnoreParenImpCasts());
    const CXXMethodDecl *M = Size ? Size->getMethodDecl() : nullptr;
    return M && M->getIdentifier() && M->getName() == "size" &&
           isThreadContainer(Size->getImplicitObjectArgument()->getType(),
                             Contexts);
  });
}

bool runsEventLoop(const FunctionDecl *Body, CallSummaries &Summaries) {
  if (!Body || !Body->hasBody())
    return false;
  for (const CallSite &Site : Summaries.facts(Body).Calls) {
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Site.Callee);
    if (!Method || !Method->getIdentifier() ||
        !llvm::is_contained(
            {"run", "run_one", "run_for", "run_until", "poll", "poll_one"},
            Method->getName()))
      continue;
    std::string Class = tableName(Method->getParent());
    if (Class == "::asio::io_context" || Class == "::boost::asio::io_context")
      return true;
  }
  return false;
}

const Stmt *enclosingLoop(const Stmt *E, const FunctionDecl *Within) {
  Stmt *Body = Within ? Within->getBody() : nullptr;
  if (!E || !Body)
    return nullptr;
  // The parents of this one body: the whole translation unit's parent map
  // would cost more than every check together.
  ParentMap Parents(Body);
  const Stmt *Child = E;
  bool InSwitch = false;
  for (const Stmt *S = Parents.getParent(E); S; S = Parents.getParent(S)) {
    if (isa<LambdaExpr>(S))
      return nullptr;
    if (isa<SwitchStmt>(S))
      InSwitch = true;
    // `std::thread t(...); ...; break;` leaves the loop after starting one
    // thread: it does not start one per iteration.
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      bool After = false;
      for (const Stmt *Sibling : Block->body()) {
        if (After && (isa<ReturnStmt, GotoStmt, CXXThrowExpr>(Sibling) ||
                      (isa<BreakStmt>(Sibling) && !InSwitch)))
          return nullptr;
        After = After || Sibling == Child;
      }
    }
    if ((isa<ForStmt>(S) && cast<ForStmt>(S)->getBody() == Child) ||
        (isa<WhileStmt>(S) && cast<WhileStmt>(S)->getBody() == Child) ||
        (isa<DoStmt>(S) && cast<DoStmt>(S)->getBody() == Child) ||
        (isa<CXXForRangeStmt>(S) &&
         cast<CXXForRangeStmt>(S)->getBody() == Child))
      return S;
    Child = S;
  }
  return nullptr;
}

namespace {

/// The two sides of a for loop's condition `i < n`, `it != v.end()` (an
/// operator call, or a C++20 rewritten comparison); nulls if it is no
/// comparison.
std::pair<const Expr *, const Expr *> comparedSides(const ForStmt *For) {
  const Expr *Cond =
      For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr;
  if (const auto *Bin = dyn_cast_or_null<BinaryOperator>(Cond);
      Bin && Bin->isComparisonOp())
    return {Bin->getLHS(), Bin->getRHS()};
  if (const auto *Rewritten =
          dyn_cast_or_null<CXXRewrittenBinaryOperator>(Cond))
    return {Rewritten->getLHS(), Rewritten->getRHS()};
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Cond);
      Op && Op->getNumArgs() == 2 && Op->isComparisonOp())
    return {Op->getArg(0), Op->getArg(1)};
  return {nullptr, nullptr};
}

/// The container whose end \p Bound is (`v.end()`, `v.cend()`), or null.
const Expr *endedRange(const Expr *Bound) {
  if (const auto *End = dyn_cast<CXXMemberCallExpr>(
          ignoreTemporaries(Bound)->IgnoreParenImpCasts()))
    if (const CXXMethodDecl *M = End->getMethodDecl();
        M && M->getIdentifier() &&
        (M->getName() == "end" || M->getName() == "cend"))
      return End->getImplicitObjectArgument();
  return nullptr;
}

/// The bound that \p For's condition compares its loop variable with: once
/// per element up to a container's end(), or what boundOf says of the
/// other side. std::nullopt if the condition does not compare the variable.
std::optional<LoopBound> conditionBound(const ForStmt *For, ASTContext &Ctx) {
  auto [LHS, RHS] = comparedSides(For);
  const VarDecl *Var = loopVar(For);
  if (!LHS || !Var)
    return std::nullopt;
  const Expr *Bound = refVar(LHS) == Var   ? RHS
                      : refVar(RHS) == Var ? LHS
                                           : nullptr;
  if (!Bound)
    return std::nullopt;
  // for (auto it = v.begin(); it != v.end(); ++it)
  if (const Expr *Range = endedRange(Bound)) {
    LoopBound B;
    B.Kind = LoopBound::PerElement;
    B.Range = Range;
    B.Name = nameOf(Range, Ctx);
    return B;
  }
  return boundOf(Bound, Ctx);
}

} // namespace

LoopBound loopBound(const Stmt *Loop, ASTContext &Ctx) {
  LoopBound B;
  if (std::optional<uint64_t> Trips = constantTripCount(Loop, Ctx)) {
    B.Kind = LoopBound::Constant;
    B.Trips = *Trips;
    return B;
  }
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
    B.Kind = LoopBound::PerElement;
    B.Range = Range->getRangeInit();
    B.Name = nameOf(B.Range, Ctx);
    return B;
  }
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    if (std::optional<LoopBound> FromCondition = conditionBound(For, Ctx))
      return *FromCondition;
  if (!acceptsConnections(loopBody(Loop)))
    return B;
  B.Kind = LoopBound::PerConnection;
  if (const Expr *Cap = connectionCap(loopBody(Loop), Ctx))
    B.Name = nameOf(Cap, Ctx);
  return B;
}

std::vector<ThreadSpawn> findThreadSpawns(ASTContext &Ctx,
                                          ContextIndex &Contexts) {
  std::vector<ThreadSpawn> Out;
  SpawnFinder(Contexts, Out).walk(Ctx);
  return Out;
}

} // namespace clang::tidy::taskfit
