//===--- FixIts.cpp - rewrites toward the taskfit runtime -----------------===//

#include "FixIts.h"
#include "Gil.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::taskfit {

namespace {

constexpr llvm::StringLiteral TaskfitHeader = "<taskfit/taskfit.hpp>";
constexpr llvm::StringLiteral TaskfitAsioHeader = "<taskfit/asio.hpp>";
constexpr llvm::StringLiteral TaskfitBoostAsioHeader =
    "<taskfit/boost_asio.hpp>";

/// The source text of \p R, or nothing if any part of it comes from a macro.
std::optional<std::string> textOf(SourceRange R, const ASTContext &Ctx) {
  if (R.isInvalid() || R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = CharSourceRange::getTokenRange(R);
  bool Invalid = false;
  StringRef Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts(), &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  return Text.str();
}

/// What the rewritten code must not contain inside an offloaded lambda.
class LambdaBlocker : public RecursiveASTVisitor<LambdaBlocker> {
public:
  explicit LambdaBlocker(const LangOptions &LO) : LO(LO) {}

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCoawaitExpr(CoawaitExpr *) { return block("it awaits"); }
  bool VisitCoyieldExpr(CoyieldExpr *) { return block("it yields"); }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) {
    return block("it awaits");
  }
  bool VisitCoreturnStmt(CoreturnStmt *) { return block("it returns"); }
  bool VisitReturnStmt(ReturnStmt *) {
    return block("a 'return' inside would return from the lambda");
  }
  bool VisitGotoStmt(GotoStmt *) { return block("it jumps out"); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) {
    return block("it jumps out");
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    // A bit-field binding cannot be captured by reference, and no binding
    // could be captured before C++20.
    if (const auto *B = dyn_cast<BindingDecl>(Ref->getDecl())) {
      const Expr *Binding = B->getBinding();
      const auto *Member = dyn_cast_or_null<MemberExpr>(
          Binding ? Binding->IgnoreImpCasts() : nullptr);
      const auto *Field =
          Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
      if (!LO.CPlusPlus20 || (Field && Field->isBitField()))
        return block("a lambda cannot capture the structured binding '" +
                     B->getName().str() + "'");
    }
    return true;
  }

  std::string Reason;

private:
  bool block(std::string Why) {
    Reason = std::move(Why);
    return false;
  }
  const LangOptions &LO;
};

std::string whyNotInLambda(const Stmt *S, const ASTContext &Ctx) {
  LambdaBlocker B(Ctx.getLangOpts());
  B.TraverseStmt(const_cast<Stmt *>(S));
  return B.Reason;
}

llvm::StringRef asioNamespace(CoroutineFlavor F) {
  return F == CoroutineFlavor::BoostAsio ? "boost::asio" : "asio";
}

/// `co_await <offloader>(POOL, ` for the coroutine's flavor.
std::string offloadPrefix(CoroutineFlavor F, WorkKind Kind) {
  std::string Pool =
      Kind == WorkKind::CpuHeavy ? "taskfit::cpu_pool()" : "taskfit::io_pool()";
  if (F == CoroutineFlavor::Taskfit)
    return "co_await taskfit::offload(" + Pool + ", ";
  return "co_await taskfit::asio_offload(" + Pool + ", ";
}

void addOffloadHeaders(CoroutineFlavor F, FixPlan &Plan) {
  // The flavor is known here; the header must not guess it from what was
  // included before it (include sorting may put it first).
  llvm::StringRef Header = F == CoroutineFlavor::Taskfit ? TaskfitHeader
                           : F == CoroutineFlavor::BoostAsio
                               ? TaskfitBoostAsioHeader
                               : TaskfitAsioHeader;
  Plan.Headers.push_back(Header.str());
}

/// Common refusals: wrong kind of context, macros, catch handlers.
bool canRewriteIn(const RunContext &C, FixPlan &Plan) {
  if (C.Kind != ContextKind::Coroutine)
    return false; // A plain callback cannot await; the advice says what to do.
  // Other coroutine types: their awaiters are unknown, so no rewrite (and
  // no note on every finding saying so; the docs do).
  return C.Flavor != CoroutineFlavor::Other;
}

std::optional<std::string> sleepDuration(const CallExpr *Call, FixStyle Style,
                                         const ASTContext &Ctx) {
  if (Call->getNumArgs() != 1)
    return std::nullopt;
  std::optional<std::string> Arg =
      textOf(Call->getArg(0)->getSourceRange(), Ctx);
  if (!Arg)
    return std::nullopt;
  switch (Style) {
  case FixStyle::SleepDuration:
    return *Arg;
  case FixStyle::SleepSeconds:
    return "std::chrono::seconds(" + *Arg + ")";
  case FixStyle::SleepMicroseconds:
    return "std::chrono::microseconds(" + *Arg + ")";
  default:
    return std::nullopt;
  }
}

bool isTimerSleep(FixStyle S) {
  return S == FixStyle::SleepDuration || S == FixStyle::SleepSeconds ||
         S == FixStyle::SleepMicroseconds || S == FixStyle::SleepUntil;
}

/// True if \p T is a std::chrono::time_point of steady_clock: the clock of
/// taskfit's event loop and of asio::steady_timer (a system_clock deadline
/// would not convert).
bool isSteadyTimePoint(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || tableName(Spec) != "::std::chrono::time_point" ||
      Spec->getTemplateArgs().size() < 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  const CXXRecordDecl *Clock =
      Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  return Clock && tableName(Clock) == "::std::chrono::steady_clock";
}

/// Why no call at \p Site can be awaited, whatever its work: an empty
/// string if one can.
std::string whyNotAwaitAt(const CallSite &Site) {
  if (Site.InHandler)
    return "no automatic fix: co_await is not allowed in a catch handler";
  if (Site.Role == CallRole::ScopeExit)
    return "no automatic fix: the destructor runs where the object's "
           "scope ends; end its work explicitly (join, close) and "
           "offload that";
  return "";
}

/// The awaited timer of \p Flavor that sleeps for (or, with \p Until, until)
/// \p Duration; adds the headers it needs to \p Plan.
std::string awaitedTimer(CoroutineFlavor Flavor, bool Until,
                         llvm::StringRef Duration, FixPlan &Plan) {
  if (Flavor == CoroutineFlavor::Taskfit) {
    Plan.Headers.push_back(TaskfitHeader.str());
    return std::string("co_await taskfit::") +
           (Until ? "sleep_until(" : "sleep_for(") + Duration.str() + ")";
  }
  std::string NS = asioNamespace(Flavor).str();
  std::string Dir =
      Flavor == CoroutineFlavor::BoostAsio ? "boost/asio" : "asio";
  Plan.Headers.push_back("<" + Dir + "/steady_timer.hpp>");
  Plan.Headers.push_back("<" + Dir + "/use_awaitable.hpp>");
  return "co_await " + NS + "::steady_timer(co_await " + NS +
         "::this_coro::executor, " + Duration.str() + ").async_wait(" + NS +
         "::use_awaitable)";
}

/// Rewrites a sleep statement into an awaited timer. False, with \p Plan
/// untouched, if the call at \p Site is not such a sleep or its duration
/// (a steady_clock deadline, for sleep_until) cannot be spelled.
bool planTimerFix(const RunContext &C, const CallSite &Site,
                  const WorkItem &Work, bool Direct, ASTContext &Ctx,
                  FixPlan &Plan) {
  const auto *Call = dyn_cast<CallExpr>(Site.Call);
  bool Until = Work.fixStyle() == FixStyle::SleepUntil;
  if (!Direct || !Call || Site.Role != CallRole::Statement ||
      !isTimerSleep(Work.fixStyle()) ||
      (Until && (Call->getNumArgs() != 1 ||
                 !isSteadyTimePoint(Call->getArg(0)->getType()))))
    return false;
  FixStyle Style = Until ? FixStyle::SleepDuration : Work.fixStyle();
  std::optional<std::string> D = sleepDuration(Call, Style, Ctx);
  if (!D)
    return false;
  std::string Replacement = awaitedTimer(C.Flavor, Until, *D, Plan);
  Plan.Hints.push_back(
      FixItHint::CreateReplacement(Site.Call->getSourceRange(), Replacement));
  return true;
}

/// True if the call at \p Site returns a reference to a class object, which
/// an offloaded lambda would return as a copy.
bool returnsObjectReference(const CallSite &Site) {
  return Site.Call->isGLValue() && Site.Call->getType()->isRecordType();
}

/// Why the variable \p Var that the call at \p Site initializes cannot take
/// the offloaded result: an empty string if it can.
std::string whyNotInitializeFromAwait(const VarDecl *Var,
                                      const CallSite &Site) {
  if (Var->getType()->isReferenceType())
    return "no automatic fix: '" + Var->getName().str() +
           "' is a reference, and the offloaded result is a copy";
  if (Var->isStaticLocal())
    return "no automatic fix: co_await is not allowed in the "
           "initializer of a static variable";
  if (returnsObjectReference(Site))
    return "no automatic fix: the call returns a reference";
  return "";
}

/// The text that offloads \p CallText where \p Site uses it (a statement, a
/// returned value, a variable's initializer) through \p Prefix, or
/// std::nullopt with the reason in \p Plan.WhyNot.
std::optional<std::string> offloadedCall(const CallSite &Site,
                                         llvm::StringRef Prefix,
                                         llvm::StringRef CallText,
                                         FixPlan &Plan) {
  switch (Site.Role) {
  case CallRole::Statement:
    return (Prefix + "[&] { " + CallText + "; })").str();
  case CallRole::Return:
    if (returnsObjectReference(Site)) {
      Plan.WhyNot = "no automatic fix: the call returns a reference";
      return std::nullopt;
    }
    return (Prefix + "[&] { return " + CallText + "; })").str();
  case CallRole::Initializer:
    Plan.WhyNot = whyNotInitializeFromAwait(Site.Initialized, Site);
    if (!Plan.WhyNot.empty())
      return std::nullopt;
    return (Prefix + "[&] { return " + CallText + "; })").str();
  case CallRole::ScopeExit: // Refused by whyNotAwaitAt.
  case CallRole::Nested:
    break;
  }
  Plan.WhyNot = "no automatic fix: the call is part of a larger "
                "expression; give it a statement of its own to offload it";
  return std::nullopt;
}

} // namespace

FixPlan planCallFix(const RunContext &C, const CallSite &Site,
                    const WorkItem &Work, bool Direct, ASTContext &Ctx) {
  FixPlan Plan;
  if (!canRewriteIn(C, Plan))
    return Plan;
  if (Direct && Work.Entry && Work.Entry->Fix == FixStyle::None)
    return Plan;
  std::optional<std::string> CallText =
      textOf(Site.Call->getSourceRange(), Ctx);
  if (!CallText)
    return Plan; // In a macro: never rewrite.
  Plan.WhyNot = whyNotAwaitAt(Site);
  if (!Plan.WhyNot.empty())
    return Plan;

  // A sleep statement becomes an awaited timer.
  if (planTimerFix(C, Site, Work, Direct, Ctx, Plan))
    return Plan;

  // Anything else is handed to a pool and awaited.
  if (isa<CXXConstructExpr>(Site.Call)) {
    Plan.WhyNot = "no automatic fix: the object is constructed in place; "
                  "move its construction into a function and offload that";
    return Plan;
  }
  if (std::string Why = whyNotInLambda(Site.Call, Ctx); !Why.empty()) {
    Plan.WhyNot = "no automatic fix: " + Why;
    return Plan;
  }
  std::optional<std::string> Replacement = offloadedCall(
      Site, offloadPrefix(C.Flavor, Work.kind()), *CallText, Plan);
  if (!Replacement)
    return Plan;
  Plan.Hints.push_back(
      FixItHint::CreateReplacement(Site.Call->getSourceRange(), *Replacement));
  addOffloadHeaders(C.Flavor, Plan);
  return Plan;
}

FixPlan planLoopFix(const RunContext &C, const HeavyLoop &Loop,
                    ASTContext &Ctx) {
  FixPlan Plan;
  if (!canRewriteIn(C, Plan))
    return Plan;
  // A loop whose body is a block ends at its '}': it can be wrapped whole.
  const Stmt *Body = nullptr;
  if (const auto *For = dyn_cast<ForStmt>(Loop.Loop))
    Body = For->getBody();
  else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop.Loop))
    Body = Range->getBody();
  else if (const auto *While = dyn_cast<WhileStmt>(Loop.Loop))
    Body = While->getBody();
  if (!isa_and_nonnull<CompoundStmt>(Body))
    return Plan;
  std::optional<std::string> LoopText =
      textOf(Loop.Loop->getSourceRange(), Ctx);
  if (!LoopText)
    return Plan;
  if (Loop.InHandler) {
    Plan.WhyNot =
        "no automatic fix: co_await is not allowed in a catch handler";
    return Plan;
  }
  if (std::string Why = whyNotInLambda(Loop.Loop, Ctx); !Why.empty()) {
    Plan.WhyNot = "no automatic fix: " + Why;
    return Plan;
  }
  // Keep the loop where it was: its first line at its old column, the
  // closing of the lambda under it.
  const SourceManager &SM = Ctx.getSourceManager();
  std::string Indent(SM.getExpansionColumnNumber(Loop.Loop->getBeginLoc()) - 1,
                     ' ');
  std::string Replacement = offloadPrefix(C.Flavor, WorkKind::CpuHeavy) +
                            "[&] {\n" + Indent + *LoopText + "\n" + Indent +
                            "});";
  Plan.Hints.push_back(
      FixItHint::CreateReplacement(Loop.Loop->getSourceRange(), Replacement));
  addOffloadHeaders(C.Flavor, Plan);
  return Plan;
}

namespace {

/// Finds the namespace aliases of one library's namespace in the user's code.
class AliasFinder : public RecursiveASTVisitor<AliasFinder> {
public:
  AliasFinder(llvm::StringRef Library,
              llvm::SmallVectorImpl<const NamespaceAliasDecl *> &Out)
      : Library(Library), Out(Out) {}
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && isInSystemHeader(D))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitNamespaceAliasDecl(NamespaceAliasDecl *A) {
    const NamespaceDecl *NS = A->getNamespace();
    if (NS && NS->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
        NS->getName() == Library)
      Out.push_back(A);
    return true;
  }

private:
  llvm::StringRef Library;
  llvm::SmallVectorImpl<const NamespaceAliasDecl *> &Out;
};

} // namespace

std::string namespaceSpelling(llvm::StringRef Library, SourceLocation Loc,
                              ASTContext &Ctx) {
  llvm::SmallVector<const NamespaceAliasDecl *, 2> Aliases;
  AliasFinder(Library, Aliases).TraverseDecl(Ctx.getTranslationUnitDecl());
  const SourceManager &SM = Ctx.getSourceManager();
  const NamespaceAliasDecl *Best = nullptr;
  for (const NamespaceAliasDecl *A : Aliases) {
    if (!SM.isBeforeInTranslationUnit(A->getLocation(), Loc))
      continue;
    const auto *Scope = dyn_cast<Decl>(A->getDeclContext());
    if (Scope && !isa<TranslationUnitDecl>(Scope)) {
      SourceRange R = Scope->getSourceRange();
      if (SM.isBeforeInTranslationUnit(Loc, R.getBegin()) ||
          SM.isBeforeInTranslationUnit(R.getEnd(), Loc))
        continue;
    }
    Best = A;
  }
  return Best ? Best->getName().str() : Library.str();
}

FixPlan planGilReleaseFix(const RunContext &C, ASTContext &Ctx) {
  FixPlan Plan;
  const auto *Call = dyn_cast_or_null<CallExpr>(C.Origin);
  llvm::StringRef Library = bindingLibrary(C.Api);
  if (!Call || Library.empty() || Call->getNumArgs() == 0)
    return Plan;
  const Expr *Last = nullptr;
  for (const Expr *Arg : Call->arguments())
    if (!isa<CXXDefaultArgExpr>(Arg))
      Last = Arg;
  if (!Last || Last->getEndLoc().isMacroID() ||
      Call->getExprLoc().isMacroID()) {
    Plan.WhyNot = "no automatic fix: the binding is written in a macro";
    return Plan;
  }
  SourceLocation After = Lexer::getLocForEndOfToken(
      Last->getEndLoc(), 0, Ctx.getSourceManager(), Ctx.getLangOpts());
  if (After.isInvalid())
    return Plan;
  std::string NS = namespaceSpelling(Library, Call->getBeginLoc(), Ctx);
  // A binding takes one call_guard: add the release to the one it has.
  for (const Expr *Arg : Call->arguments()) {
    const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        Arg->getType()->getAsCXXRecordDecl());
    if (!Spec || tableName(Spec) != "::" + Library.str() + "::call_guard")
      continue;
    const auto *Temp = dyn_cast<CXXTemporaryObjectExpr>(ignoreTemporaries(Arg));
    auto Loc = Temp ? Temp->getTypeSourceInfo()
                          ->getTypeLoc()
                          .getAsAdjusted<TemplateSpecializationTypeLoc>()
                    : TemplateSpecializationTypeLoc();
    if (!Loc || Loc.getRAngleLoc().isMacroID()) {
      Plan.WhyNot = "no automatic fix: add " + NS +
                    "::gil_scoped_release to the binding's call_guard";
      return Plan;
    }
    Plan.Hints.push_back(FixItHint::CreateInsertion(
        Loc.getRAngleLoc(),
        (Loc.getNumArgs() ? ", " : "") + NS + "::gil_scoped_release"));
    return Plan;
  }
  Plan.Hints.push_back(FixItHint::CreateInsertion(
      After, ", " + NS + "::call_guard<" + NS + "::gil_scoped_release>()"));
  return Plan;
}

} // namespace clang::tidy::taskfit

namespace clang::tidy::taskfit {

namespace {

/// Every reference to \p Var in \p Body, lambda bodies included.
class RefCollector : public RecursiveASTVisitor<RefCollector> {
public:
  RefCollector(const VarDecl *Var) : Var(Var) {}
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() == Var)
      Refs.push_back(Ref);
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    Loops.push_back(S);
    return true;
  }
  // `var.f(...)`: the member call whose object is a reference to Var.
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const auto *Member =
        dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens());
    if (!Member)
      return true;
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Member->getBase()->IgnoreParenImpCasts());
        Ref && Ref->getDecl() == Var)
      CallsOn[Ref] = Call;
    return true;
  }
  /// The member call whose object \p Ref is, if any.
  const CXXMemberCallExpr *memberCallOn(const DeclRefExpr *Ref) const {
    return CallsOn.lookup(Ref);
  }

  const VarDecl *Var;
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
  llvm::SmallVector<const CXXForRangeStmt *, 4> Loops;
  llvm::DenseMap<const DeclRefExpr *, const CXXMemberCallExpr *> CallsOn;
};

const DeclRefExpr *refTo(const Expr *E) {
  return E ? dyn_cast<DeclRefExpr>(ignoreTemporaries(E)->IgnoreParenImpCasts())
           : nullptr;
}

/// The rewrite of one join loop `for (auto &t : threads) t.join();`:
/// join() becomes get(), joinable() valid(). False if the loop variable is
/// used any other way.
bool rewriteJoinLoop(const CXXForRangeStmt *Loop, ASTContext &Ctx,
                     FixPlan &Plan) {
  const VarDecl *Var = Loop->getLoopVariable();
  if (!Var || !Var->getType()->isReferenceType() || !Var->getTypeSourceInfo() ||
      !Var->getTypeSourceInfo()->getType()->getContainedAutoType())
    return false;
  RefCollector Uses(Var);
  Uses.TraverseStmt(const_cast<Stmt *>(Loop->getBody()));
  if (Uses.Refs.empty())
    return false;
  for (const DeclRefExpr *Ref : Uses.Refs) {
    const CXXMemberCallExpr *Call = Uses.memberCallOn(Ref);
    const auto *Member =
        Call ? dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens())
             : nullptr;
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    if (!Member || !Method || !Method->getIdentifier() ||
        Member->getMemberLoc().isMacroID())
      return false;
    llvm::StringRef Name = Method->getName();
    if (Name != "join" && Name != "joinable")
      return false;
    Plan.Hints.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Member->getMemberLoc()),
        Name == "join" ? "get" : "valid"));
  }
  return true;
}

/// The type the futures hold: what the thread's callable returns.
std::optional<std::string> resultType(const ThreadSpawn &S, ASTContext &Ctx) {
  llvm::SmallVector<const FunctionDecl *, 2> Targets;
  resolveCallables(S.CallArgs.front(), Targets);
  if (Targets.size() != 1 || Targets.front()->isTemplated())
    return std::nullopt;
  const FunctionDecl *Target = Targets.front();
  // A jthread passes its stop_token first; a pool task has none.
  if (S.Jthread && Target->getNumParams() > 0)
    if (const CXXRecordDecl *RD = Target->getParamDecl(0)
                                      ->getType()
                                      .getNonReferenceType()
                                      ->getAsCXXRecordDecl();
        RD && RD->getName() == "stop_token")
      return std::nullopt;
  QualType Result = Target->getReturnType();
  if (const AutoType *Auto = Result->getContainedAutoType())
    Result = Auto->getDeducedType();
  if (Result.isNull() || Result->isDependentType())
    return std::nullopt;
  if (const CXXRecordDecl *RD = Result->getAsCXXRecordDecl();
      RD && (RD->isLambda() || !RD->getIdentifier() ||
             RD->getParentFunctionOrMethod()))
    return std::nullopt;
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  Policy.SuppressUnwrittenScope = true;
  return Result.getAsString(Policy);
}

/// The written `std::vector<std::thread>` of \p Container, if it is declared
/// empty (no initial threads) with an element type outside a macro; a null
/// type location otherwise.
TemplateSpecializationTypeLoc emptyContainerType(const VarDecl *Container) {
  if (const Expr *Init = Container->getInit())
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
        !Construct || Construct->getNumArgs() != 0)
      return {};
  TypeLoc TL = Container->getTypeSourceInfo()
                   ? Container->getTypeSourceInfo()->getTypeLoc()
                   : TypeLoc();
  if (auto Elaborated = TL.getAs<ElaboratedTypeLoc>())
    TL = Elaborated.getNamedTypeLoc();
  auto Spec = TL.getAs<TemplateSpecializationTypeLoc>();
  if (!Spec || Spec.getNumArgs() == 0 ||
      Spec.getArgLoc(0).getSourceRange().getBegin().isMacroID())
    return {};
  return Spec;
}

/// Rewrites every join loop over \p Container among \p Refs' loops and adds
/// the container references they use to \p JoinLoopRefs. False if a loop
/// does more than join, or (with the reason in \p Plan.WhyNot) if there is
/// no such loop.
bool rewriteJoinLoops(
    const VarDecl *Container, const RefCollector &Refs, ASTContext &Ctx,
    FixPlan &Plan, llvm::SmallPtrSetImpl<const DeclRefExpr *> &JoinLoopRefs) {
  bool Joined = false;
  for (const CXXForRangeStmt *Loop : Refs.Loops) {
    const DeclRefExpr *Range = refTo(Loop->getRangeInit());
    if (!Range || Range->getDecl() != Container)
      continue;
    if (!rewriteJoinLoop(Loop, Ctx, Plan))
      return false;
    JoinLoopRefs.insert(Range);
    Joined = true;
  }
  if (!Joined)
    Plan.WhyNot = "no automatic fix: the threads are not joined in a loop "
                  "over the container in this function";
  return Joined;
}

/// True if the container's uses in \p Refs, besides its join loops, are
/// only the one insertion of spawn \p S and questions about its size.
bool onlySpawnedAndJoined(
    const ThreadSpawn &S, const RefCollector &Refs,
    const llvm::SmallPtrSetImpl<const DeclRefExpr *> &JoinLoopRefs) {
  unsigned Spawns = 0;
  for (const DeclRefExpr *Ref : Refs.Refs) {
    if (JoinLoopRefs.contains(Ref))
      continue;
    const CXXMemberCallExpr *Call = Refs.memberCallOn(Ref);
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    llvm::StringRef Name =
        Method && Method->getIdentifier() ? Method->getName() : "";
    if (Name == "reserve" || Name == "size" || Name == "empty")
      continue;
    if (Call && Call == S.Insert && ++Spawns == 1)
      continue;
    return false;
  }
  return true;
}

/// Rewrites the thread's construction into \p Pool's submit, with the same
/// callable and arguments. False if its text is in a macro.
bool rewriteSpawnAsSubmit(const ThreadSpawn &S, llvm::StringRef Pool,
                          ASTContext &Ctx, FixPlan &Plan) {
  std::string Submit = "taskfit::" + Pool.str() + "().submit";
  const Expr *First = S.CallArgs.front(), *Last = S.CallArgs.back();
  if (S.Site == S.Insert) {
    if (First->getBeginLoc().isMacroID() || Last->getEndLoc().isMacroID())
      return false;
    Plan.Hints.push_back(
        FixItHint::CreateInsertion(First->getBeginLoc(), Submit + "("));
    Plan.Hints.push_back(FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(Last->getEndLoc(), 0, Ctx.getSourceManager(),
                                   Ctx.getLangOpts()),
        ")"));
    return true;
  }
  const SourceManager &SM = Ctx.getSourceManager();
  if (S.TypeBegin.isInvalid() || S.LParen.isInvalid() ||
      S.TypeBegin.isMacroID() || S.LParen.isMacroID() ||
      *SM.getCharacterData(S.LParen) != '(')
    return false;
  Plan.Hints.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getCharRange(S.TypeBegin, S.LParen), Submit));
  return true;
}

} // namespace

FixPlan planThreadPoolFix(const ThreadSpawn &S, llvm::StringRef Pool,
                          ASTContext &Ctx) {
  FixPlan Plan;
  const DeclRefExpr *ContainerRef = refTo(S.Container);
  const auto *Container =
      ContainerRef ? dyn_cast<VarDecl>(ContainerRef->getDecl()) : nullptr;
  if (!Container || !Container->isLocalVarDecl() || !S.Function ||
      !S.Function->getBody())
    return Plan;
  Plan.WhyNot = "no automatic fix: the threads are used other than joined "
                "in this function";
  TemplateSpecializationTypeLoc Spec = emptyContainerType(Container);
  if (!Spec)
    return Plan;
  std::optional<std::string> Result = resultType(S, Ctx);
  if (!Result) {
    Plan.WhyNot = "no automatic fix: the type the task returns is not known "
                  "here";
    return Plan;
  }

  RefCollector Refs(Container);
  Refs.TraverseStmt(S.Function->getBody());
  llvm::SmallPtrSet<const DeclRefExpr *, 4> JoinLoopRefs;
  if (!rewriteJoinLoops(Container, Refs, Ctx, Plan, JoinLoopRefs) ||
      !onlySpawnedAndJoined(S, Refs, JoinLoopRefs) ||
      !rewriteSpawnAsSubmit(S, Pool, Ctx, Plan)) {
    Plan.Hints.clear();
    return Plan;
  }
  Plan.Hints.push_back(FixItHint::CreateReplacement(
      Spec.getArgLoc(0).getSourceRange(), "std::future<" + *Result + ">"));
  Plan.Headers.push_back(TaskfitHeader.str());
  Plan.WhyNot.clear();
  return Plan;
}

} // namespace clang::tidy::taskfit
