//===--- WorkKind.cpp - what work a single call does ----------------------===//

#include "WorkKind.h"
#include "LoopCost.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::taskfit {

namespace {

constexpr llvm::StringLiteral AnnotationPrefix = "taskfit::";

/// Appends the table spelling of one declaration context, or nothing for
/// contexts that table names skip.
void appendContextName(const DeclContext *DC, std::string &Out) {
  if (!DC || DC->isTranslationUnit())
    return;
  appendContextName(DC->getParent(), Out);
  if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
    if (NS->isInline() || NS->isAnonymousNamespace())
      return;
    Out += "::";
    Out += NS->getName();
  } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
    Out += "::";
    Out += RD->getIdentifier() ? RD->getName() : "(anonymous)";
  } else if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
    Out += "::";
    Out += FD->getNameAsString();
  }
  // extern "C" blocks, enums and other transparent contexts add nothing.
}

/// True if \p V is zero, or a class holding just a zero (a duration).
bool isZeroValue(const APValue &V) {
  if (V.isInt())
    return V.getInt().isZero();
  if (V.isFloat())
    return V.getFloat().isZero();
  if (V.isStruct() && V.getStructNumBases() == 0 && V.getStructNumFields() == 1)
    return isZeroValue(V.getStructField(0));
  return false;
}

/// True if \p E is a duration the compiler can see is zero: 0, 0s,
/// seconds(0), duration::zero(), a constexpr zero, and conversions of those.
bool isZeroDuration(const Expr *E, const ASTContext &Ctx) {
  E = ignoreTemporaries(E);
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return false;
  Expr::EvalResult Result;
  if (E->isPRValue() && E->EvaluateAsRValue(Result, Ctx))
    return isZeroValue(Result.Val);
  // Not a constant as a whole (a non-constexpr conversion): look through
  // single-argument conversions to the value being converted.
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    return isZeroDuration(Cast->getSubExpr(), Ctx);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 1 &&
           isZeroDuration(Construct->getArg(0), Ctx);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (FD && FD->getIdentifier() && FD->getName() == "zero")
      return true;
    if (FD && FD->getIdentifier() && FD->getName().ends_with("_cast") &&
        Call->getNumArgs() == 1)
      return isZeroDuration(Call->getArg(0), Ctx);
  }
  return false;
}

} // namespace

const Expr *receiverOf(const Expr *Call, const FunctionEntry &Entry) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return Member->getImplicitObjectArgument();
  const auto *CE = dyn_cast<CallExpr>(Call);
  if (!CE)
    return nullptr;
  // An overloaded operator that is a member takes its object as argument 0.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(CE))
    if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
      return Op->getNumArgs() > 0 ? Op->getArg(0) : nullptr;
  int N = static_cast<int>(CE->getNumArgs());
  int Index = Entry.ReceiverArg < 0 ? N + Entry.ReceiverArg : Entry.ReceiverArg;
  if (Index < 0 || Index >= N)
    return nullptr;
  return CE->getArg(Index);
}

namespace {

bool classMatches(const CXXRecordDecl *RD,
                  llvm::ArrayRef<llvm::GlobPattern> Patterns, int Depth = 0) {
  if (!RD || Depth > 16)
    return false;
  std::string Name = tableName(RD);
  for (const llvm::GlobPattern &P : Patterns)
    if (P.match(Name))
      return true;
  if (!RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &Base : RD->getDefinition()->bases())
    if (classMatches(Base.getType()->getAsCXXRecordDecl(), Patterns, Depth + 1))
      return true;
  return false;
}

bool receiverMatches(const Expr *Call, const FunctionEntry &Entry) {
  if (Entry.ReceiverTypePatterns.empty() && Entry.ReceiverObjects.empty())
    return true;
  const Expr *Receiver = receiverOf(Call, Entry);
  if (!Receiver)
    return false;
  Receiver = ignoreTemporaries(Receiver);
  if (!Entry.ReceiverObjects.empty()) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Receiver);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var)
      return false;
    std::string Name = tableName(Var);
    if (!llvm::is_contained(Entry.ReceiverObjects, Name))
      return false;
  }
  if (!Entry.ReceiverTypePatterns.empty()) {
    QualType T = Receiver->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    T = T.getNonReferenceType();
    if (!classMatches(T->getAsCXXRecordDecl(), Entry.ReceiverTypePatterns))
      return false;
  }
  return true;
}

/// Explicit arguments: a member operator's object and defaulted arguments
/// are not written by the user.
unsigned countExplicitArgs(const Expr *Call) {
  llvm::ArrayRef<const Expr *> Args;
  unsigned Skip = 0;
  if (const auto *CE = dyn_cast<CallExpr>(Call)) {
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(CE))
      if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
        Skip = 1;
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call)) {
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  }
  unsigned N = 0;
  for (const Expr *A : Args.drop_front(std::min<size_t>(Skip, Args.size())))
    if (!isa<CXXDefaultArgExpr>(A))
      ++N;
  return N;
}

const Expr *getExplicitArg(const Expr *Call, unsigned Index) {
  if (const auto *CE = dyn_cast<CallExpr>(Call)) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(CE))
      if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
        ++Index;
    return Index < CE->getNumArgs() ? CE->getArg(Index) : nullptr;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call))
    return Index < Construct->getNumArgs() ? Construct->getArg(Index) : nullptr;
  return nullptr;
}

} // namespace

const Expr *ignoreTemporaries(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExprWithCleanups>(Next))
      Next = C->getSubExpr();
    // Before C++17 a temporary passed or returned by value is copied by an
    // elidable constructor the source does not spell (`sort(v.begin(), ...)`
    // in -std=c++11).
    else if (const auto *Copy = dyn_cast<CXXConstructExpr>(Next);
             Copy && Copy->isElidable() && Copy->getNumArgs() == 1)
      Next = Copy->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

std::pair<const Expr *, const Expr *> assignmentSides(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *B = dyn_cast<BinaryOperator>(E);
      B && B->getOpcode() == BO_Assign)
    return {B->getLHS(), B->getRHS()};
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
    return {Op->getArg(0), Op->getArg(1)};
  return {nullptr, nullptr};
}

bool isInSystemHeader(const Decl *D) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
}

const FunctionDecl *getCalleeDecl(const Expr *Call) {
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    return CE->getDirectCallee();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call))
    return Construct->getConstructor();
  return nullptr;
}

std::string tableName(const NamedDecl *D) {
  std::string Out;
  appendContextName(D->getDeclContext(), Out);
  Out += "::";
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
    Out += Ctor->getParent()->getName();
  else if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(D))
    Out += ("~" + Dtor->getParent()->getName()).str();
  else if (D->getIdentifier())
    Out += D->getName();
  else
    Out += D->getNameAsString();
  return Out;
}

Annotation getAnnotation(const FunctionDecl *FD, llvm::StringRef *CategoryOut) {
  if (!FD)
    return Annotation::None;
  for (const FunctionDecl *Redecl : FD->redecls()) {
    for (const auto *A : Redecl->specific_attrs<AnnotateAttr>()) {
      llvm::StringRef Text = A->getAnnotation();
      if (!Text.consume_front(AnnotationPrefix))
        continue;
      auto [What, Category] = Text.split(':');
      if (CategoryOut)
        *CategoryOut = Category;
      if (What == "blocking")
        return Annotation::Blocking;
      if (What == "cpu_heavy")
        return Annotation::CpuHeavy;
      if (What == "nonblocking")
        return Annotation::NonBlocking;
      if (What == "async")
        return Annotation::Async;
    }
  }
  return Annotation::None;
}

llvm::ArrayRef<const FunctionEntry *>
WorkClassifier::candidatesFor(const FunctionDecl *FD) {
  auto It = CandidateCache.find(FD);
  if (It != CandidateCache.end())
    return It->second;
  auto Candidates = Table.candidates(tableName(FD));
  return CandidateCache.try_emplace(FD, Candidates.begin(), Candidates.end())
      .first->second;
}

std::optional<WorkItem>
WorkClassifier::classifyImplicit(const FunctionDecl *Callee) {
  if (std::optional<WorkItem> Annotated = classifyByAnnotation(Callee))
    return Annotated->Category ? Annotated : std::nullopt;
  for (const FunctionEntry *Entry : candidatesFor(Callee)) {
    if (Entry->MinArgs || Entry->ZeroTimeoutArg || Entry->NonBlockingFlagArg ||
        !Entry->ReceiverTypes.empty() || !Entry->ReceiverObjects.empty())
      continue; // Needs a call's arguments to decide.
    if (Entry->InvokesCallables && Entry->Work.empty())
      continue;
    const WorkCategory *C =
        Entry->Work.empty() ? nullptr : Table.category(Entry->Work);
    if (!C)
      return std::nullopt;
    return WorkItem{C, Entry, Callee, nullptr};
  }
  return std::nullopt;
}

std::optional<WorkItem>
WorkClassifier::classifyByAnnotation(const FunctionDecl *Callee) {
  llvm::StringRef AnnotatedCategory;
  switch (getAnnotation(Callee, &AnnotatedCategory)) {
  case Annotation::Blocking:
  case Annotation::CpuHeavy: {
    bool Blocking = getAnnotation(Callee) == Annotation::Blocking;
    const WorkCategory *C = Table.category(AnnotatedCategory);
    if (!C || C->Kind != (Blocking ? WorkKind::Blocking : WorkKind::CpuHeavy))
      C = Table.category(Blocking ? "call" : "computation");
    return WorkItem{C, nullptr, Callee, nullptr};
  }
  case Annotation::NonBlocking:
    // Decided: no work (a null category).
    return WorkItem{nullptr, nullptr, Callee, nullptr};
  case Annotation::Async:
  case Annotation::None:
    break;
  }
  return std::nullopt;
}

std::optional<WorkItem> WorkClassifier::classify(const Expr *Call) {
  const FunctionDecl *Callee = getCalleeDecl(Call);
  if (!Callee)
    return std::nullopt;
  if (std::optional<WorkItem> Annotated = classifyByAnnotation(Callee)) {
    if (!Annotated->Category)
      return std::nullopt;
    Annotated->Call = Call;
    return Annotated;
  }

  for (const FunctionEntry *Entry : candidatesFor(Callee)) {
    if (Entry->InvokesCallables && Entry->Work.empty() &&
        Entry->ReceiverTypes.empty() && Entry->ReceiverObjects.empty())
      continue; // Says nothing about the call's own work.
    if (countExplicitArgs(Call) < Entry->MinArgs)
      continue;
    if (!receiverMatches(Call, *Entry))
      continue;
    if (Entry->Work.empty())
      return std::nullopt; // Explicitly not blocking.
    if (Entry->ZeroTimeoutArg) {
      const Expr *Timeout = getExplicitArg(Call, *Entry->ZeroTimeoutArg);
      if (Timeout && isZeroDuration(Timeout, Ctx))
        return std::nullopt; // A poll, not a wait.
    }
    if (Entry->NonBlockingFlagArg) {
      const Expr *Flags = getExplicitArg(Call, *Entry->NonBlockingFlagArg);
      Expr::EvalResult Value;
      if (Flags && !Flags->isValueDependent() &&
          Flags->EvaluateAsInt(Value, Ctx) &&
          (Value.Val.getInt().getZExtValue() & Entry->NonBlockingFlagMask))
        return std::nullopt; // WNOHANG, MSG_DONTWAIT: returns at once.
    }
    const WorkCategory *C = Table.category(Entry->Work);
    if (!C)
      return std::nullopt;
    if (C->Kind == WorkKind::CpuHeavy && isCheapRange(Call))
      return std::nullopt;
    return WorkItem{C, Entry, Callee, Call};
  }
  return std::nullopt;
}

bool WorkClassifier::isCheapRange(const Expr *Call) const {
  const auto *CE = dyn_cast<CallExpr>(Call);
  std::optional<uint64_t> N = CE ? constantRangeSize(CE, Ctx) : std::nullopt;
  if (!N)
    return false;
  uint64_t Ops = *N * std::max<uint64_t>(1, llvm::Log2_64_Ceil(*N));
  return Ops < CheapBelow;
}

const WorkCategory *WorkClassifier::loopCategory() const {
  return Table.category("computation");
}

bool WorkClassifier::isMarkedNonBlocking(const FunctionDecl *FD) {
  if (getAnnotation(FD) == Annotation::NonBlocking)
    return true;
  for (const FunctionEntry *Entry : candidatesFor(FD))
    if (Entry->Work.empty() && !Entry->InvokesCallables &&
        Entry->ReceiverObjects.empty() && Entry->ReceiverTypes.empty())
      return true;
  return false;
}

bool WorkClassifier::invokesCallables(const FunctionDecl *FD) {
  return llvm::any_of(candidatesFor(FD), [](const FunctionEntry *Entry) {
    return Entry->InvokesCallables;
  });
}

bool WorkClassifier::startsCoroutine(const FunctionDecl *FD) {
  return llvm::any_of(candidatesFor(FD), [](const FunctionEntry *Entry) {
    return Entry->StartsCoroutine;
  });
}

} // namespace clang::tidy::taskfit
