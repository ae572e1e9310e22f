//===--- Contexts.cpp - where code runs: event loops, threads, pools ------===//

#include "Contexts.h"
#include "CallSummaries.h"
#include "LoopCost.h"
#include "UserCodeVisitor.h"
#include "WorkKind.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include <map>
#include <tuple>

namespace clang::tidy::taskfit {

namespace {

bool typeMatches(QualType T, llvm::ArrayRef<llvm::GlobPattern> Patterns,
                 unsigned Depth = 0) {
  if (T.isNull() || Depth > 3)
    return false;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = tableName(RD);
  for (const llvm::GlobPattern &P : Patterns)
    if (P.match(Name))
      return true;
  // strand<thread_pool::executor_type> runs where its inner executor runs.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          typeMatches(Arg.getAsType(), Patterns, Depth + 1))
        return true;
  return false;
}

const Expr *argAt(const Expr *Call, int Index) {
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call))
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  int N = static_cast<int>(Args.size());
  if (Index < 0)
    Index += N;
  if (Index < 0 || Index >= N)
    return nullptr;
  return Args[Index];
}

/// `threads.emplace_back(f, args...)` on a container of std::thread or
/// std::jthread constructs the thread in place from the arguments.
bool emplacesThread(const FunctionDecl *Api) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Api);
  if (!Method || !Method->getIdentifier() ||
      !Method->getName().starts_with("emplace"))
    return false;
  const auto *Spec =
      dyn_cast<ClassTemplateSpecializationDecl>(Method->getParent());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  const CXXRecordDecl *Element =
      Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  if (!Element)
    return false;
  std::string Name = tableName(Element);
  return Name == "::std::thread" || Name == "::std::jthread";
}

bool isAnnotatedAsync(const ParmVarDecl *P) {
  for (const auto *A : P->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == "taskfit::async")
      return true;
  return false;
}

class ContextFinder : public UserCodeVisitor<ContextFinder> {
public:
  ContextFinder(ContextIndex &Index, std::vector<RunContext> &Out)
      : UserCodeVisitor(Index.library()), Index(Index), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody())
      return true;
    if (isCoroutine(*FD)) {
      if (!isSyncGenerator(*FD))
        add(ContextKind::Coroutine, coroutineRunsOn(*FD), FD, nullptr, nullptr);
    } else if (getAnnotation(FD) == Annotation::Async)
      add(ContextKind::AnnotatedAsync, RunsOn::Async, FD, nullptr, nullptr);
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *L) {
    const CXXMethodDecl *Op = L->getCallOperator();
    if (Op && isCoroutine(*Op) && !isSyncGenerator(*Op))
      add(ContextKind::Coroutine, coroutineRunsOn(*Op), Op, nullptr, nullptr);
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    llvm::ArrayRef<const Expr *> Args(CE->getArgs(), CE->getNumArgs());
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(CE)) {
      // Only a member operator() can be an API (a framework's
      // `route(url)(handler)`); its object is not an argument.
      if (Op->getOperator() != OO_Call ||
          !isa_and_nonnull<CXXMethodDecl>(CE->getDirectCallee()) ||
          Args.empty())
        return true;
      Args = Args.drop_front();
    }
    handleApiCall(CE, CE->getDirectCallee(), Args);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    handleApiCall(CE, CE->getConstructor(),
                  llvm::ArrayRef(CE->getArgs(), CE->getNumArgs()));
    return true;
  }

  // A data member named in the table takes callables by assignment, into
  // it or into an element of it: `server.resource["^/$"]["GET"] = handler`,
  // `endpoint.on_message = handler`.
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_Assign)
      handleStore(B, B->getLHS(), B->getRHS());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      handleStore(Op, Op->getArg(0), Op->getArg(1));
    return true;
  }

  // An aggregate named in the table hands over the functions its listed
  // fields are initialized with: a CPython method table's
  // {"name", (PyCFunction)fn, METH_VARARGS, doc}.
  bool VisitInitListExpr(InitListExpr *Written) {
    // The traversal sees the list as written; its semantic form has the
    // initializers by field.
    const InitListExpr *IL =
        Written->isSemanticForm() ? Written : Written->getSemanticForm();
    if (!IL)
      IL = Written;
    const auto *RT = IL->getType()->getAs<RecordType>();
    if (!RT)
      return true;
    auto Candidates = Index.table().contextCandidates(tableName(RT->getDecl()));
    if (Candidates.empty())
      return true;
    const ContextEntry &Entry = *Candidates.front();
    for (unsigned I = 0; I < IL->getNumInits(); ++I)
      if (Entry.Args.empty() || llvm::is_contained(Entry.Args, int(I)))
        // Method tables cast the function to the table's pointer type.
        addCallables(IL->getInit(I)->IgnoreParenCasts(), Entry.Context, IL,
                     nullptr);
    return true;
  }

private:
  void handleStore(const Expr *Store, const Expr *Target, const Expr *Value) {
    // Through element access: `m[key]`, `m.at(key)`, `v[i]`.
    const Expr *E = Target->IgnoreParenImpCasts();
    for (unsigned Guard = 0; Guard < 4; ++Guard) {
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
          Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() > 0) {
        E = Op->getArg(0)->IgnoreParenImpCasts();
        continue;
      }
      if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
          Call && Call->getMethodDecl() &&
          Call->getMethodDecl()->getIdentifier() &&
          Call->getMethodDecl()->getName() == "at") {
        E = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
        continue;
      }
      break;
    }
    const auto *Member = dyn_cast<MemberExpr>(E);
    const auto *Field =
        Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
    if (!Field)
      return;
    auto Candidates = Index.table().contextCandidates(tableName(Field));
    if (!Candidates.empty())
      addCallables(Value, Candidates.front()->Context, Store, nullptr,
                   Candidates.front()->Per);
  }

  void handleApiCall(const Expr *Call, const FunctionDecl *Api,
                     llvm::ArrayRef<const Expr *> Args) {
    if (!Api)
      return;
    // Parameters annotated taskfit::async take callbacks run on a loop.
    for (unsigned I = 0; I < Api->getNumParams() && I < Args.size(); ++I)
      if (isAnnotatedAsync(Api->getParamDecl(I)))
        addCallables(Args[I], RunsOn::Async, Call, Api);

    if (emplacesThread(Api)) {
      if (!Args.empty())
        addCallables(Args.front(), RunsOn::Thread, Call, Api);
      return;
    }
    std::optional<RunsOn> Where = Index.contextOfCall(Call, Api);
    if (!Where)
      return;
    const ContextEntry *Entry =
        Index.table().contextCandidates(tableName(Api)).front();
    if (Entry->Args.empty()) {
      for (const Expr *Arg : Args)
        addCallables(Arg, *Where, Call, Api, Entry->Per);
      return;
    }
    for (int I : Entry->Args) {
      int N = static_cast<int>(Args.size());
      int Index = I < 0 ? I + N : I;
      if (Index >= 0 && Index < N)
        addCallables(Args[Index], *Where, Call, Api, Entry->Per);
    }
  }

  /// True if \p Coroutine is a synchronous generator: it only yields (no
  /// co_await in its body) and its type is iterated, not awaited, so it runs
  /// whenever the code that iterates it asks for the next value, on that
  /// code's thread (std::generator, cppcoro's and concurrencpp's
  /// generator). Not a context of its own.
  static bool isSyncGenerator(const FunctionDecl &Coroutine) {
    const auto *Body = dyn_cast<CoroutineBodyStmt>(Coroutine.getBody());
    if (!Body)
      return false;
    bool Yields = false, Awaits = false;
    forEachRunStmt(Body->getBody(), [&](const Stmt *S) {
      Yields |= isa<CoyieldExpr>(S);
      Awaits |= isa<CoawaitExpr, DependentCoawaitExpr>(S);
    });
    if (!Yields || Awaits)
      return false;
    const CXXRecordDecl *RD = Coroutine.getReturnType()->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return false;
    // Iterated (it has begin()), never awaited.
    ASTContext &Ctx = Coroutine.getASTContext();
    return !RD->lookup(&Ctx.Idents.get("begin")).empty() &&
           RD->lookup(&Ctx.Idents.get("await_ready")).empty() &&
           RD->lookup(Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait))
               .empty();
  }

  /// Where \p Coroutine runs: an event loop, unless the table's
  /// "coroutine_types" say otherwise of its return type.
  RunsOn coroutineRunsOn(const FunctionDecl &Coroutine) const {
    QualType T = Coroutine.getReturnType();
    const NamedDecl *Type = T->getAsCXXRecordDecl();
    // `result<int>`, through typedefs and alias templates: the class
    // template it specializes.
    if (const auto *Spec =
            dyn_cast_or_null<ClassTemplateSpecializationDecl>(Type))
      Type = Spec->getSpecializedTemplate();
    else if (const auto *Dependent = T->getAs<TemplateSpecializationType>())
      if (const TemplateDecl *Template =
              Dependent->getTemplateName().getAsTemplateDecl())
        Type = Template;
    if (!Type)
      return RunsOn::Async;
    return Index.table()
        .coroutineContext(tableName(Type))
        .value_or(RunsOn::Async);
  }

  void addCallables(const Expr *Arg, RunsOn Where, const Expr *Call,
                    const FunctionDecl *Api, RunsPer Per = RunsPer::Unknown) {
    // A handler made by a context API itself (asio::bind_executor(pool, h))
    // runs where that API says: its own visit registers it.
    if (const auto *Inner =
            dyn_cast<CallExpr>(ignoreTemporaries(Arg)->IgnoreParenImpCasts());
        Inner && Inner->getDirectCallee() && Inner != Call &&
        !Index.table()
             .contextCandidates(tableName(Inner->getDirectCallee()))
             .empty())
      return;
    llvm::SmallVector<const FunctionDecl *, 2> Targets;
    resolveCallables(Arg, Targets);
    for (const FunctionDecl *T : Targets)
      add(ContextKind::Handler, Where, T, Call, Api, Per);
  }

  void add(ContextKind Kind, RunsOn Where, const FunctionDecl *Body,
           const Expr *Origin, const FunctionDecl *Api,
           RunsPer Per = RunsPer::Unknown) {
    // "io-pool" and "cpu-pool" are pools of a known kind.
    PoolKind Pool = PoolKind::Unknown;
    if (Where == RunsOn::IoPool || Where == RunsOn::CpuPool) {
      Pool = Where == RunsOn::IoPool ? PoolKind::Io : PoolKind::Cpu;
      Where = RunsOn::Pool;
    }
    // A pool's kind, or an event loop's when work is posted to it.
    if ((Where == RunsOn::Pool || Where == RunsOn::Async) && Origin && Api &&
        Pool == PoolKind::Unknown)
      Pool = Index.poolOfCall(Origin, Api);
    const FunctionDecl *Def = nullptr;
    bool Elsewhere = !Body->hasBody(Def);
    if (Elsewhere) {
      // Handed over here, defined in another file of the project.
      ExternalCalls *External = Index.external();
      if (!External || External->mode() == ExternalMode::Off ||
          !External->isExternal(Body) || returnsCoroutineType(*Body))
        return;
      Def = Body->getCanonicalDecl();
    } else if (Library.contains(Def)) {
      return;
    }
    // Posted to a private worker queue: already off every event loop.
    if (Where == RunsOn::Async && Origin && Api &&
        Index.postsToWorkerLoop(Origin, Api))
      return;
    // A coroutine handed to co_spawn is already a coroutine context.
    if (Kind == ContextKind::Handler && Where == RunsOn::Async &&
        isCoroutine(*Def))
      return;
    // One function bound to Python twice is two bindings, each with its own
    // options (a fix-it goes to each); one body handed to two pools of
    // different kinds is two contexts.
    auto [It, New] = Seen.try_emplace(
        {Def, Where, Pool, Where == RunsOn::Python ? Origin : nullptr},
        Out.size());
    if (!New) {
      // `std::thread a(work), b(work);`: one context, started twice.
      if (Origin && Out[It->second].Origin != Origin)
        ++Out[It->second].Origins;
      return;
    }
    RunContext C;
    C.Kind = Kind;
    C.Where = Where;
    C.Body = Def;
    C.Origin = Origin;
    C.OriginIn = Origin ? currentFunction() : nullptr;
    C.Api = Api;
    C.Flavor = isCoroutine(*Def) ? coroutineFlavor(*Def)
                                 : CoroutineFlavor::NotCoroutine;
    C.Pool = Pool;
    C.Elsewhere = Elsewhere;
    C.Per = Per;
    Out.push_back(std::move(C));
  }

  ContextIndex &Index;
  std::vector<RunContext> &Out;
  /// Each context's index in Out, by body, context, pool kind and (for
  /// Python bindings) the binding call.
  std::map<std::tuple<const FunctionDecl *, RunsOn, PoolKind, const Expr *>,
           size_t>
      Seen;
};

} // namespace

bool isThreadClass(const CXXRecordDecl *RD, const DecisionTable &Table) {
  if (!RD || !RD->getIdentifier())
    return false;
  auto Candidates =
      Table.contextCandidates(tableName(RD) + "::" + RD->getName().str());
  return !Candidates.empty() && Candidates.front()->Context == RunsOn::Thread;
}

bool isCoroutine(const FunctionDecl &FD) {
  return isa_and_nonnull<CoroutineBodyStmt>(FD.getBody());
}

bool returnsCoroutineType(const FunctionDecl &FD) {
  const CXXRecordDecl *RD = FD.getReturnType()->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() &&
         !RD->lookup(&FD.getASTContext().Idents.get("promise_type")).empty();
}

CoroutineFlavor coroutineFlavor(const FunctionDecl &FD) {
  if (!isCoroutine(FD))
    return CoroutineFlavor::NotCoroutine;
  const CXXRecordDecl *RD = FD.getReturnType()->getAsCXXRecordDecl();
  if (!RD)
    return CoroutineFlavor::Other;
  std::string Name = tableName(RD);
  if (Name == "::taskfit::task")
    return CoroutineFlavor::Taskfit;
  if (Name == "::asio::awaitable")
    return CoroutineFlavor::Asio;
  if (Name == "::boost::asio::awaitable")
    return CoroutineFlavor::BoostAsio;
  return CoroutineFlavor::Other;
}

std::string describeFunction(const FunctionDecl &FD) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&FD);
  if (Method && Method->getParent()->isLambda()) {
    // Name a lambda by the function it is written in.
    const DeclContext *DC = Method->getParent()->getDeclContext();
    while (DC && !isa<FunctionDecl>(DC) && !DC->isFileContext())
      DC = DC->getParent();
    if (const auto *Enclosing = dyn_cast_or_null<FunctionDecl>(DC))
      return "lambda in " + describeFunction(*Enclosing);
    return "lambda";
  }
  std::string Name;
  if (Method)
    Name = Method->getParent()->getNameAsString() + "::";
  Name += FD.getNameAsString();
  return "'" + Name + "'";
}

const Expr *handedOverAt(const RunContext &C) {
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(C.Origin))
    Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
  else if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(C.Origin))
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  else if (const auto *List = dyn_cast_or_null<InitListExpr>(C.Origin))
    Args = llvm::ArrayRef(List->getInits(), List->getNumInits());
  for (const Expr *Arg : Args) {
    llvm::SmallVector<const FunctionDecl *, 2> Targets;
    resolveCallables(Arg->IgnoreParenCasts(), Targets);
    for (const FunctionDecl *T : Targets) {
      const FunctionDecl *Def = nullptr;
      // A body defined here, or the declaration of one defined in another
      // file (whole-project analysis).
      if ((T->hasBody(Def) && Def == C.Body) ||
          (!Def && T->getCanonicalDecl() == C.Body))
        return Arg;
    }
  }
  return nullptr;
}

std::optional<std::string> pythonName(const RunContext &C) {
  // m.def("name", f, ...) and {"name", (PyCFunction)f, ...} name it first.
  const Expr *First = nullptr;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(C.Origin);
      Call && Call->getNumArgs() > 0)
    First = Call->getArg(0);
  else if (const auto *List = dyn_cast_or_null<InitListExpr>(C.Origin);
           List && List->getNumInits() > 0)
    First = List->getInit(0);
  if (const auto *Literal = dyn_cast_or_null<StringLiteral>(
          First ? First->IgnoreParenImpCasts() : nullptr);
      Literal && Literal->getCharByteWidth() == 1)
    return "'" + Literal->getString().str() + "'";
  return std::nullopt;
}

std::string describeContext(const RunContext &C) {
  std::string Function = describeFunction(*C.Body);
  switch (C.Kind) {
  case ContextKind::Coroutine:
    return "coroutine " + Function;
  case ContextKind::AnnotatedAsync:
    return "async function " + Function;
  case ContextKind::Handler:
    break;
  }
  switch (C.Where) {
  case RunsOn::Async:
    return "completion handler " + Function;
  case RunsOn::Thread:
    return "thread function " + Function;
  case RunsOn::Python:
    return "Python binding " + pythonName(C).value_or(Function);
  case RunsOn::Pool:
  case RunsOn::IoPool:
  case RunsOn::CpuPool:
    break;
  }
  return "pool task " + Function;
}

std::optional<RunsOn> ContextIndex::contextOfCall(const Expr *Call,
                                                  const FunctionDecl *Api) {
  auto Candidates = Table.contextCandidates(tableName(Api));
  if (Candidates.empty())
    return std::nullopt;
  const ContextEntry &Entry = *Candidates.front();
  if (Entry.ExecutorArg)
    if (const Expr *Executor = argAt(Call, *Entry.ExecutorArg))
      for (const ExecutorRule &Rule : Entry.Executors)
        if (typeMatches(Executor->getType(), Rule.TypePatterns))
          return Rule.Context;
  return Entry.Context;
}

PoolKind executorPoolKind(const Expr *Executor) {
  if (const CallExpr *Named = namedPoolCall(Executor))
    return tableName(Named->getDirectCallee()) == "::taskfit::io_pool"
               ? PoolKind::Io
               : PoolKind::Cpu;
  if (!Executor)
    return PoolKind::Unknown;
  const Expr *E = ignoreTemporaries(Executor)->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(E);
      Deref && Deref->getOpcode() == UO_Deref)
    E = Deref->getSubExpr()->IgnoreParenImpCasts();
  // pool.get_executor() runs work where pool does.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = Member->getMethodDecl();
        M && M->getIdentifier() && M->getName() == "get_executor")
      return executorPoolKind(Member->getImplicitObjectArgument());
  // A reference (which cannot be reseated) bound to a named pool.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->getType()->isReferenceType() && Var->getInit() &&
        !isa<ParmVarDecl>(Var))
      return executorPoolKind(Var->getInit());
  return PoolKind::Unknown;
}

const CallExpr *namedPoolCall(const Expr *Executor) {
  if (!Executor)
    return nullptr;
  const auto *Call =
      dyn_cast<CallExpr>(ignoreTemporaries(Executor)->IgnoreParenImpCasts());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || Call->getNumArgs() != 0)
    return nullptr;
  std::string Name = tableName(Callee);
  return Name == "::taskfit::io_pool" || Name == "::taskfit::cpu_pool"
             ? Call
             : nullptr;
}

const Expr *ContextIndex::executorOf(const Expr *Call,
                                     const FunctionDecl *Api) {
  auto Candidates = Table.contextCandidates(tableName(Api));
  if (!Candidates.empty() && Candidates.front()->ExecutorArg)
    if (const Expr *Executor = argAt(Call, *Candidates.front()->ExecutorArg))
      return Executor;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return Member->getImplicitObjectArgument();
  return nullptr;
}

bool ContextIndex::postsToWorkerLoop(const Expr *Call,
                                     const FunctionDecl *Api) {
  if (!Api->getIdentifier() ||
      !llvm::is_contained({"post", "dispatch", "defer"}, Api->getName()))
    return false;
  return Workers.isPrivateWorkerLoop(executorOf(Call, Api));
}

PoolKind ContextIndex::poolOfCall(const Expr *Call, const FunctionDecl *Api) {
  auto Candidates = Table.contextCandidates(tableName(Api));
  if (Candidates.empty())
    return PoolKind::Unknown;
  const ContextEntry &Entry = *Candidates.front();
  const Expr *Executor = executorOf(Call, Api);
  if (Executor) {
    for (const ExecutorRule &Rule : Entry.Executors)
      if (typeMatches(Executor->getType(), Rule.TypePatterns))
        if (Rule.Pool != PoolKind::Unknown)
          return Rule.Pool;
    if (PoolKind Kind = executorPoolKind(Executor); Kind != PoolKind::Unknown)
      return Kind;
  }
  return Entry.Pool;
}

bool ContextIndex::isContextBody(const FunctionDecl *FD, RunsOn Where) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def))
    return false;
  return llvm::any_of(all(), [&](const RunContext &C) {
    return C.Body == Def && C.Where == Where;
  });
}

llvm::ArrayRef<RunContext> ContextIndex::all() {
  if (!Contexts)
    collect();
  return *Contexts;
}

void ContextIndex::collect() {
  Contexts.emplace();
  ContextFinder(*this, *Contexts).walk(Ctx);
}

} // namespace clang::tidy::taskfit
