//===--- ParallelForFix.cpp - a loop of tiny tasks as one parallel_for ----===//

#include "ParallelForFix.h"
#include "RunHereVisitor.h"
#include "WorkKind.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::taskfit {

namespace {

constexpr llvm::StringLiteral ParallelForHeader = "<taskfit/parallel_for.hpp>";

/// The source text of \p R, or nothing if it starts or ends in a macro.
std::optional<std::string> sourceText(SourceRange R, const ASTContext &Ctx) {
  if (R.isInvalid() || R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return std::nullopt;
  bool Invalid = false;
  llvm::StringRef Text =
      Lexer::getSourceText(CharSourceRange::getTokenRange(R),
                           Ctx.getSourceManager(), Ctx.getLangOpts(), &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  return Text.str();
}

/// A statement's expression, without cleanups, temporaries and a cast to
/// void: what an expression statement evaluates.
const Expr *statementExpr(const Stmt *S) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  if (!E)
    return nullptr;
  E = ignoreTemporaries(E);
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
      Cast && Cast->getType()->isVoidType())
    E = ignoreTemporaries(Cast->getSubExpr());
  return E;
}

/// The one statement of a loop body: the body, or the only statement in its
/// braces; null if there are more.
const Stmt *onlyStatement(const Stmt *Body) {
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Body))
    return Block->size() == 1 ? Block->body_front() : nullptr;
  return Body;
}

const VarDecl *refVar(const Expr *E) {
  const auto *Ref =
      E ? dyn_cast<DeclRefExpr>(ignoreTemporaries(E)->IgnoreParenImpCasts())
        : nullptr;
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// Statements that leave the loop or skip the rest of an iteration (lambda
/// bodies excluded: a return there leaves the task).
class ExitFinder : public RunHereVisitor<ExitFinder> {
public:
  bool VisitBreakStmt(BreakStmt *) { return found(); }
  bool VisitContinueStmt(ContinueStmt *) { return found(); }
  bool VisitReturnStmt(ReturnStmt *) { return found(); }
  bool VisitCoreturnStmt(CoreturnStmt *) { return found(); }
  bool VisitGotoStmt(GotoStmt *) { return found(); }
  bool VisitCXXThrowExpr(CXXThrowExpr *) { return found(); }
  bool Found = false;

private:
  bool found() {
    Found = true;
    return false;
  }
};

/// The references to one variable in a statement, lambda bodies included,
/// and whether any of them changes it or takes its address.
class VarUses : public RecursiveASTVisitor<VarUses> {
public:
  explicit VarUses(const VarDecl *Var) : Var(Var) {}
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() == Var)
      Refs.push_back(Ref);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if ((U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
        refVar(U->getSubExpr()) == Var)
      Changed = true;
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp() && refVar(B->getLHS()) == Var)
      Changed = true;
    return true;
  }
  const VarDecl *Var;
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
  bool Changed = false;
};

/// True if \p FD is, or is written in, a template or an instantiation of
/// one: text that compiles for one instantiation may not for another.
bool inTemplate(const FunctionDecl *FD) {
  for (const DeclContext *DC = FD; DC; DC = DC->getParent()) {
    if (const auto *F = dyn_cast<FunctionDecl>(DC);
        F && (F->isTemplated() || F->isTemplateInstantiation()))
      return true;
    if (const auto *RD = dyn_cast<CXXRecordDecl>(DC);
        RD && !RD->isLambda() &&
        (isa<ClassTemplateSpecializationDecl>(RD) || RD->isTemplated()))
      return true;
  }
  return false;
}

/// A range the range form of parallel_for takes: random-access and sized
/// (a C array, or a standard sequence with operator[]).
bool isRandomAccessRange(QualType T) {
  T = T.getNonReferenceType();
  if (T->isConstantArrayType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = tableName(RD);
  return llvm::is_contained({"::std::vector", "::std::array", "::std::deque",
                             "::std::basic_string", "::std::basic_string_view",
                             "::std::span"},
                            Name);
}

/// The location of the last token of a statement: its ';' or '}'.
SourceLocation lastTokenOf(const Stmt *S, const ASTContext &Ctx) {
  if (isa<DeclStmt, CompoundStmt>(S))
    return S->getEndLoc();
  if (const auto *For = dyn_cast<ForStmt>(S))
    return lastTokenOf(For->getBody(), Ctx);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(S))
    return lastTokenOf(Range->getBody(), Ctx);
  if (isa<Expr>(S)) {
    std::optional<Token> Next = Lexer::findNextToken(
        S->getEndLoc(), Ctx.getSourceManager(), Ctx.getLangOpts());
    if (Next && Next->is(tok::semi))
      return Next->getLocation();
  }
  return SourceLocation();
}

/// True if the tokens from \p Range's begin to its end include a macro
/// expansion or a preprocessor directive: a fix-it that rewrites them as
/// text would lose or break them. (The analysis does without clang-tidy's
/// utils::lexer; this is the same walk, token by token.)
bool hasExpansionsOrDirectives(SourceRange Range, const SourceManager &SM,
                               const LangOptions &LangOpts) {
  for (SourceLocation Loc = Range.getBegin(); Loc <= Range.getEnd();) {
    if (Loc.isMacroID())
      return true;
    std::optional<Token> Next = Lexer::findNextToken(Loc, SM, LangOpts);
    if (!Next || Next->is(tok::hash))
      return true;
    Loc = Next->getLocation();
  }
  return false;
}

/// The whole statement \p S as a character range: from its first token to
/// its last, or its whole lines when nothing else is written on them.
std::optional<CharSourceRange>
statementRange(const Stmt *S, const ASTContext &Ctx, bool WholeLines) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Begin = S->getBeginLoc(), Last = lastTokenOf(S, Ctx);
  if (Begin.isInvalid() || Last.isInvalid() || Begin.isMacroID() ||
      Last.isMacroID() ||
      hasExpansionsOrDirectives({Begin, Last}, SM, Ctx.getLangOpts()))
    return std::nullopt;
  SourceLocation End =
      Lexer::getLocForEndOfToken(Last, 0, SM, Ctx.getLangOpts());
  if (!WholeLines)
    return CharSourceRange::getCharRange(Begin, End);
  FileID File = SM.getFileID(Begin);
  llvm::StringRef Buffer = SM.getBufferData(File);
  unsigned From = SM.getFileOffset(Begin), To = SM.getFileOffset(End);
  unsigned LineStart = From;
  while (LineStart > 0 &&
         (Buffer[LineStart - 1] == ' ' || Buffer[LineStart - 1] == '\t'))
    --LineStart;
  unsigned LineEnd = To;
  while (LineEnd < Buffer.size() &&
         (Buffer[LineEnd] == ' ' || Buffer[LineEnd] == '\t'))
    ++LineEnd;
  if (LineStart == 0 || Buffer[LineStart - 1] != '\n' ||
      (LineEnd < Buffer.size() && Buffer[LineEnd] != '\n'))
    return CharSourceRange::getCharRange(Begin, End);
  // From the end of the line before to the end of this one: a removal
  // that ends where the next line's indentation starts would take one of
  // its spaces too (clang's edit merging joins a removal with the space
  // after it).
  --LineStart;
  SourceLocation FileStart = SM.getLocForStartOfFile(File);
  return CharSourceRange::getCharRange(FileStart.getLocWithOffset(LineStart),
                                       FileStart.getLocWithOffset(LineEnd));
}

/// \p Text with up to \p Columns leading spaces taken off every line after
/// the first, if every such line that is not blank has them: the task's
/// body moves out of the loop, one level of indentation up.
std::string dedent(llvm::StringRef Text, unsigned Columns) {
  if (Columns == 0)
    return Text.str();
  llvm::SmallVector<llvm::StringRef, 8> Lines;
  Text.split(Lines, '\n');
  std::string Prefix(Columns, ' ');
  for (size_t I = 1; I < Lines.size(); ++I)
    if (!Lines[I].trim().empty() && !Lines[I].starts_with(Prefix))
      return Text.str();
  std::string Out = Lines.front().str();
  for (size_t I = 1; I < Lines.size(); ++I) {
    Out += '\n';
    Out += Lines[I].trim().empty() ? Lines[I].str()
                                   : Lines[I].drop_front(Columns).str();
  }
  return Out;
}

/// parallel_for's first argument: the pool whose submit / post is called,
/// dereferenced for `pool->submit`.
std::optional<std::string> poolArgument(const PoolSubmission &S,
                                        const ASTContext &Ctx) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(S.Call);
  const auto *Member =
      Call ? dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens()) : nullptr;
  if (!Member || !S.Pool || S.Pool->isImplicitCXXThis())
    return std::nullopt;
  std::optional<std::string> Text = sourceText(S.Pool->getSourceRange(), Ctx);
  if (!Text)
    return std::nullopt;
  // The object of `->` (a pointer or a smart pointer) is a postfix
  // expression: `*` applies to all of it.
  return Member->isArrow() ? "*" + *Text : *Text;
}

/// The body of the lambda parallel_for calls: the task lambda's own body,
/// or a call of the named function with the submit's other arguments.
std::optional<std::string>
taskBody(const PoolSubmission &S, const ASTContext &Ctx, std::string &WhyNot) {
  const Expr *Task = ignoreTemporaries(S.Task);
  llvm::ArrayRef<const Expr *> Args(S.Call->getArgs(), S.Call->getNumArgs());
  auto TaskAt = llvm::find(Args, S.Task);
  llvm::ArrayRef<const Expr *> Rest =
      TaskAt == Args.end() ? llvm::ArrayRef<const Expr *>()
                           : Args.drop_front(TaskAt - Args.begin() + 1);
  if (const auto *L = dyn_cast<LambdaExpr>(Task)) {
    const CXXMethodDecl *Op = L->getCallOperator();
    if (!Rest.empty() || Op->getNumParams() > 0 || L->isGenericLambda()) {
      WhyNot = "no automatic fix: the task's lambda takes parameters";
      return std::nullopt;
    }
    if (L->isMutable()) {
      WhyNot = "no automatic fix: the task's lambda is mutable (each task "
               "changes its own copies)";
      return std::nullopt;
    }
    for (const LambdaCapture &Capture : L->captures())
      if (Capture.getCaptureKind() == LCK_StarThis ||
          (Capture.capturesVariable() && L->isInitCapture(&Capture))) {
        WhyNot = "no automatic fix: the task's lambda makes its own "
                 "captures (an init-capture or '*this')";
        return std::nullopt;
      }
    std::optional<std::string> Body =
        sourceText(L->getBody()->getSourceRange(), Ctx);
    if (!Body)
      WhyNot = "no automatic fix: the task is written with a macro";
    return Body;
  }
  const Expr *Named = Task;
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(Named);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    Named = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(Named);
  const auto *Fn = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
  if (!Fn || isa<CXXMethodDecl>(Fn)) {
    WhyNot = "no automatic fix: the task is neither a lambda nor a named "
             "function";
    return std::nullopt;
  }
  std::optional<std::string> Call = sourceText(Ref->getSourceRange(), Ctx);
  if (!Call) {
    WhyNot = "no automatic fix: the task is written with a macro";
    return std::nullopt;
  }
  *Call += "(";
  for (const Expr *Arg : Rest) {
    std::optional<std::string> Text = sourceText(Arg->getSourceRange(), Ctx);
    if (!Text) {
      WhyNot = "no automatic fix: the task's arguments are written with a "
               "macro";
      return std::nullopt;
    }
    *Call += (Arg == Rest.front() ? "" : ", ") + *Text;
  }
  return "{ " + *Call + "); }";
}

/// True if \p S declares \p Futures empty: `std::vector<std::future<T>> f;`.
bool declaresEmpty(const Stmt *S, const VarDecl *Futures) {
  const auto *Decl = dyn_cast<DeclStmt>(S);
  if (!Decl || !Decl->isSingleDecl() || Decl->getSingleDecl() != Futures)
    return false;
  const auto *Init = dyn_cast_or_null<CXXConstructExpr>(
      Futures->getInit() ? ignoreTemporaries(Futures->getInit()) : nullptr);
  return !Futures->getInit() || (Init && Init->getNumArgs() == 0);
}

/// True if \p S is `futures.reserve(n);` or `futures.clear();`.
bool reservesOrClears(const Stmt *S, const VarDecl *Futures) {
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(statementExpr(S));
  const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
  return M && M->getIdentifier() &&
         (M->getName() == "reserve" || M->getName() == "clear") &&
         refVar(Call->getImplicitObjectArgument()) == Futures;
}

/// True if \p S is a loop that only waits for each future:
/// `for (auto &f : futures) f.get();` (or wait()).
bool onlyWaitsForEach(const Stmt *S, const VarDecl *Futures) {
  const auto *Wait = dyn_cast<CXXForRangeStmt>(S);
  if (!Wait || Wait->getInit() || refVar(Wait->getRangeInit()) != Futures)
    return false;
  const auto *Get = dyn_cast_or_null<CXXMemberCallExpr>(
      statementExpr(onlyStatement(Wait->getBody())));
  const CXXMethodDecl *M = Get ? Get->getMethodDecl() : nullptr;
  if (!M || !M->getIdentifier() ||
      (M->getName() != "get" && M->getName() != "wait") ||
      refVar(Get->getImplicitObjectArgument()) != Wait->getLoopVariable())
    return false;
  VarUses Element(Wait->getLoopVariable());
  Element.TraverseStmt(const_cast<Stmt *>(Wait->getBody()));
  return Element.Refs.size() == 1;
}

/// The statements of a function's blocks, other than the submitting loop,
/// that use the futures as the fix allows.
struct LoopCompanions : RecursiveASTVisitor<LoopCompanions> {
  LoopCompanions(const VarDecl *Futures, const Stmt *Loop)
      : Futures(Futures), Loop(Loop) {}
  bool VisitCompoundStmt(CompoundStmt *Block) {
    for (const Stmt *S : Block->body())
      if (S != Loop &&
          (declaresEmpty(S, Futures) || reservesOrClears(S, Futures) ||
           onlyWaitsForEach(S, Futures)))
        Statements.push_back(S);
    return true;
  }

  const VarDecl *Futures;
  const Stmt *Loop;
  llvm::SmallVector<const Stmt *, 4> Statements;
};

/// How many times \p S refers to \p Var.
size_t usesIn(const Stmt *S, const VarDecl *Var) {
  VarUses Uses(Var);
  Uses.TraverseStmt(const_cast<Stmt *>(S));
  return Uses.Refs.size();
}

/// The futures collected by `futures.push_back(pool.submit(...))` in the
/// loop, if they are only waited for: the statements that go with the loop
/// (the container's declaration, reserve() calls, loops that only get() or
/// wait() each future). False if the futures are used any other way.
bool futuresOnlyWaited(const VarDecl *Futures, const Stmt *Loop,
                       const FunctionDecl &Function,
                       llvm::SmallVectorImpl<const Stmt *> &GoWith) {
  if (!Futures || !Futures->isLocalVarDecl() || Futures->isStaticLocal() ||
      Futures->getDeclContext() != &Function || !Function.getBody())
    return false;
  LoopCompanions Collect(Futures, Loop);
  Collect.TraverseStmt(Function.getBody());
  size_t Covered = usesIn(Loop, Futures);
  for (const Stmt *S : Collect.Statements) {
    Covered += usesIn(S, Futures);
    GoWith.push_back(S);
  }
  return Covered == usesIn(Function.getBody(), Futures);
}

/// Why taskfit::parallel_for cannot replace submissions to this pool at
/// all, or null.
const char *cannotParallelFor(const PoolSubmission &S, ASTContext &Ctx) {
  const auto *Method = dyn_cast<CXXMethodDecl>(S.Api);
  if (!Method || tableName(Method->getParent()) != "::taskfit::thread_pool")
    return "taskfit::parallel_for runs on a taskfit::thread_pool, and this "
           "pool is not one";
  if (!Ctx.getLangOpts().CPlusPlus20)
    return "taskfit::parallel_for needs C++20";
  if (inTemplate(S.Function))
    return "the loop is in a template";
  return nullptr;
}

/// Reads a loop body that only hands over one task: the submission, its
/// future dropped, or the future collected only to be waited for (GoWith:
/// the statements that go with the loop). Why not, or null.
const char *readLoopBody(const PoolSubmission &S, const Stmt *Loop,
                         const Stmt *Body, const Stmt *&Only,
                         llvm::SmallVectorImpl<const Stmt *> &GoWith) {
  ExitFinder Exits;
  Exits.TraverseStmt(const_cast<Stmt *>(Body));
  if (Exits.Found)
    return "the loop can end or skip ahead early (break, continue, return, "
           "throw or goto)";
  Only = onlyStatement(Body);
  if (!Only)
    return "the loop body does more than hand over one task";
  const Expr *Written = statementExpr(Only);
  if (Written == S.Call)
    return nullptr;
  const auto *Push = dyn_cast_or_null<CXXMemberCallExpr>(Written);
  const CXXMethodDecl *M = Push ? Push->getMethodDecl() : nullptr;
  if (!M || !M->getIdentifier() ||
      (M->getName() != "push_back" && M->getName() != "emplace_back") ||
      Push->getNumArgs() != 1 || ignoreTemporaries(Push->getArg(0)) != S.Call)
    return "the loop body does more than hand over one task";
  if (!futuresOnlyWaited(refVar(Push->getImplicitObjectArgument()), Loop,
                         *S.Function, GoWith))
    return "the tasks' futures are used, not only waited for";
  return nullptr;
}

/// What each iteration stands for: the parallel_for lambda's parameter
/// ("int i", "auto &item"), the bounds it runs over ("0, n", "items").
struct LoopHead {
  std::string Param, Bounds;
  const VarDecl *LoopVar = nullptr;
};

bool isIndexType(QualType T) {
  return !T.isNull() && T->isBuiltinType() && T->isIntegerType();
}

/// True if \p For's increment adds one to \p LoopVar.
bool stepsByOne(const ForStmt *For, const VarDecl *LoopVar, ASTContext &Ctx) {
  const Expr *Inc =
      For->getInc() ? For->getInc()->IgnoreParenImpCasts() : nullptr;
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(Inc))
    return U->isIncrementOp() && LoopVar && refVar(U->getSubExpr()) == LoopVar;
  if (const auto *B = dyn_cast_or_null<CompoundAssignOperator>(Inc)) {
    Expr::EvalResult One;
    return B->getOpcode() == BO_AddAssign && LoopVar &&
           refVar(B->getLHS()) == LoopVar &&
           B->getRHS()->EvaluateAsInt(One, Ctx) && One.Val.getInt() == 1;
  }
  return false;
}

/// Reads `for (T i = first; i < last; ++i)`. Why not, or null.
const char *readIndexLoop(const ForStmt *For, ASTContext &Ctx, LoopHead &Out) {
  const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
  const VarDecl *LoopVar = Init && Init->isSingleDecl()
                               ? dyn_cast<VarDecl>(Init->getSingleDecl())
                               : nullptr;
  Out.LoopVar = LoopVar;
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr);
  bool StepsByOne = stepsByOne(For, LoopVar, Ctx);
  const Expr *First = LoopVar && LoopVar->getInit()
                          ? LoopVar->getInit()->IgnoreImpCasts()
                          : nullptr;
  if (!LoopVar || LoopVar->getInitStyle() != VarDecl::CInit || !First ||
      !isIndexType(LoopVar->getType()) || !isIndexType(First->getType()) ||
      !Cond || (Cond->getOpcode() != BO_LT && Cond->getOpcode() != BO_NE) ||
      refVar(Cond->getLHS()) != LoopVar || !StepsByOne)
    return "the loop is not an index loop 'for (T i = first; i < last; ++i)'";
  const Expr *BoundExpr = Cond->getRHS()->IgnoreImpCasts();
  if (!isIndexType(BoundExpr->getType()))
    return "the loop's bound is not an integer";
  VarUses InBound(LoopVar);
  InBound.TraverseStmt(const_cast<Expr *>(BoundExpr));
  if (!InBound.Refs.empty())
    return "the loop's bound changes with the index";
  // The index keeps the type it was declared with.
  const TypeSourceInfo *TSI = LoopVar->getTypeSourceInfo();
  std::optional<std::string> Type =
      TSI ? sourceText(TSI->getTypeLoc().getSourceRange(), Ctx) : std::nullopt;
  if (Type && TSI->getType()->getContainedAutoType()) {
    PrintingPolicy Policy(Ctx.getLangOpts());
    Type = LoopVar->getType().getUnqualifiedType().getAsString(Policy);
  }
  std::optional<std::string> FirstText =
      sourceText(First->getSourceRange(), Ctx);
  std::optional<std::string> LastText =
      sourceText(BoundExpr->getSourceRange(), Ctx);
  if (!Type || !FirstText || !LastText)
    return "the loop is written with a macro";
  Out.Param = *Type + " " + LoopVar->getName().str();
  Out.Bounds = *FirstText + ", " + *LastText;
  return nullptr;
}

/// Reads `for (auto &item : items)` over a sized random-access range. Why
/// not, or null.
const char *readRangeLoop(const CXXForRangeStmt *RangeFor, ASTContext &Ctx,
                          LoopHead &Out) {
  const VarDecl *LoopVar = RangeFor->getLoopVariable();
  Out.LoopVar = LoopVar;
  if (RangeFor->getInit() || !LoopVar || isa<DecompositionDecl>(LoopVar))
    return "the range-for loop's variable cannot be a lambda parameter (a "
           "structured binding, or an init-statement)";
  const Expr *Range = RangeFor->getRangeInit();
  if (!Range || !isRandomAccessRange(Range->getType()))
    return "the range is not known to be sized and random-access (a vector, "
           "an array, a deque, a string, a span)";
  std::optional<std::string> Decl =
      sourceText({LoopVar->getBeginLoc(), LoopVar->getLocation()}, Ctx);
  std::optional<std::string> RangeText =
      sourceText(Range->getSourceRange(), Ctx);
  if (!Decl || !RangeText)
    return "the loop is written with a macro";
  Out.Param = *Decl;
  Out.Bounds = *RangeText;
  return nullptr;
}

/// The loop variable must reach the task only as the new lambda's
/// parameter: not through the pool, and (an index) unchanged by the task.
/// Why not, or null.
const char *loopVariableEscapes(const PoolSubmission &S, const VarDecl *LoopVar,
                                bool IsIndex) {
  VarUses InPool(LoopVar);
  if (S.Pool)
    InPool.TraverseStmt(const_cast<Expr *>(S.Pool));
  if (!InPool.Refs.empty())
    return "the pool changes with the loop variable";
  // An element may change through its reference; an index must stay what
  // the iteration was given.
  VarUses InCall(LoopVar);
  InCall.TraverseStmt(const_cast<CallExpr *>(S.Call));
  if (IsIndex && InCall.Changed)
    return "the task changes the loop index or takes its address";
  return nullptr;
}

/// How far the task's body moves left: from the loop body's indentation to
/// the loop's.
unsigned bodyIndent(const Stmt *Loop, const Stmt *Only,
                    const SourceManager &SM) {
  unsigned LoopColumn = SM.getSpellingColumnNumber(Loop->getBeginLoc());
  unsigned BodyColumn = SM.getSpellingColumnNumber(Only->getBeginLoc());
  if (SM.getSpellingLineNumber(Only->getBeginLoc()) !=
          SM.getSpellingLineNumber(Loop->getBeginLoc()) &&
      BodyColumn > LoopColumn)
    return BodyColumn - LoopColumn;
  return 0;
}

} // namespace

FixPlan planParallelForFix(const PoolSubmission &S, const Stmt *Loop,
                           ASTContext &Ctx) {
  FixPlan Plan;
  auto No = [&](const char *Why) {
    Plan.Hints.clear();
    Plan.WhyNot = std::string("no automatic fix: ") + Why;
    return Plan;
  };
  if (const char *Why = cannotParallelFor(S, Ctx))
    return No(Why);
  const auto *For = dyn_cast<ForStmt>(Loop);
  const auto *RangeFor = dyn_cast<CXXForRangeStmt>(Loop);
  const Stmt *Body = For        ? For->getBody()
                     : RangeFor ? RangeFor->getBody()
                                : nullptr;
  if (!Body)
    return No("only a for loop or a range-for loop becomes a parallel_for");
  const Stmt *Only = nullptr;
  llvm::SmallVector<const Stmt *, 4> GoWith;
  if (const char *Why = readLoopBody(S, Loop, Body, Only, GoWith))
    return No(Why);
  LoopHead Head;
  if (const char *Why = For ? readIndexLoop(For, Ctx, Head)
                            : readRangeLoop(RangeFor, Ctx, Head))
    return No(Why);
  if (const char *Why = loopVariableEscapes(S, Head.LoopVar, For != nullptr))
    return No(Why);

  std::optional<std::string> Pool = poolArgument(S, Ctx);
  if (!Pool)
    return No("the pool is not named where the task is submitted");
  std::string WhyNot;
  std::optional<std::string> TaskBody = taskBody(S, Ctx, WhyNot);
  if (!TaskBody) {
    Plan.WhyNot = WhyNot;
    return Plan;
  }
  std::optional<CharSourceRange> Replaced =
      statementRange(Loop, Ctx, /*WholeLines=*/false);
  if (!Replaced)
    return No("the loop is written with a macro or holds a preprocessor "
              "directive");
  unsigned Indent = bodyIndent(Loop, Only, Ctx.getSourceManager());
  std::string Replacement = "taskfit::parallel_for(" + *Pool + ", " +
                            Head.Bounds + ", [&](" + Head.Param + ") " +
                            dedent(*TaskBody, Indent) + ");";
  Plan.Hints.push_back(FixItHint::CreateReplacement(*Replaced, Replacement));
  for (const Stmt *Gone : GoWith) {
    std::optional<CharSourceRange> Range =
        statementRange(Gone, Ctx, /*WholeLines=*/true);
    if (!Range)
      return No("the futures' declaration or wait is written with a macro");
    Plan.Hints.push_back(FixItHint::CreateRemoval(*Range));
  }
  Plan.Headers.push_back(ParallelForHeader.str());
  return Plan;
}

} // namespace clang::tidy::taskfit
