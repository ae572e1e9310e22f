//===--- TuAnalysis.cpp - every fact of one translation unit, found once --===//

#include "TuAnalysis.h"
#include "UserCodeVisitor.h"

namespace clang::tidy::taskfit {

namespace {

/// The function definitions and lambdas of the user's code (library code is
/// skipped whole), template instantiations included.
class UserFunctionFinder : public UserCodeVisitor<UserFunctionFinder> {
public:
  UserFunctionFinder(LibraryCode &Library,
                     std::vector<const FunctionDecl *> &Out)
      : UserCodeVisitor(Library), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody())
      Out.push_back(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    if (const CXXMethodDecl *Op = L->getCallOperator())
      Out.push_back(Op);
    return true;
  }

private:
  std::vector<const FunctionDecl *> &Out;
};

} // namespace

TuAnalysis::TuAnalysis(ASTContext &Ctx, const DecisionTable &Table,
                       LoopCostOptions LoopOptions, ProjectView View)
    : Ctx(Ctx), Table(Table), LoopOptions(LoopOptions),
      Library(Ctx.getSourceManager(), Table),
      Classifier(Table, Ctx, Library, LoopOptions.MinTripCount),
      Program(Ctx, Library), External(Ctx, Library, View),
      Summaries(Classifier, Program, LoopOptions, External),
      Contexts(Ctx, Table, Library, &External), Gil(Summaries) {}

TuAnalysis::~TuAnalysis() = default;

llvm::ArrayRef<ThreadSpawn> TuAnalysis::threadSpawns() {
  if (!Spawns)
    Spawns = findThreadSpawns(Ctx, Contexts);
  return *Spawns;
}

ThreadStarts &TuAnalysis::threadStarts() {
  if (!Starts)
    Starts.emplace(Summaries, threadSpawns());
  return *Starts;
}

CoroutineStarts &TuAnalysis::coroutineStarts() {
  if (!CoroStarts) {
    llvm::DenseSet<const FunctionDecl *> AsyncBodies;
    for (const RunContext &C : Contexts.all())
      if (C.Where == RunsOn::Async && C.Body)
        AsyncBodies.insert(C.Body);
    CoroStarts.emplace(
        userFunctions(), Classifier,
        [AsyncBodies = std::move(AsyncBodies)](const FunctionDecl *Fn) {
          return isCoroutine(*Fn) || AsyncBodies.contains(Fn);
        });
  }
  return *CoroStarts;
}

llvm::ArrayRef<BusyWait> TuAnalysis::busyWaits() {
  if (!Waits) {
    Waits.emplace();
    findBusyWaits(Ctx, Classifier, *Waits);
  }
  return *Waits;
}

llvm::ArrayRef<PoolSubmission> TuAnalysis::poolSubmissions() {
  if (!Submissions)
    Submissions = findPoolSubmissions(Ctx, Contexts);
  return *Submissions;
}

llvm::ArrayRef<HandRolledQueue> TuAnalysis::handRolledQueues() {
  if (!Queues)
    Queues = findHandRolledQueues(Ctx, Library, [this](const FunctionDecl &Fn) {
      return lockRegions(Fn);
    });
  return *Queues;
}

llvm::ArrayRef<LockRegion> TuAnalysis::lockRegions(const FunctionDecl &Fn) {
  std::unique_ptr<llvm::SmallVector<LockRegion, 2>> &Regions = Locks[&Fn];
  if (!Regions) {
    Regions = std::make_unique<llvm::SmallVector<LockRegion, 2>>();
    findLockRegions(Fn, *Regions);
  }
  return *Regions;
}

llvm::ArrayRef<const FunctionDecl *> TuAnalysis::userFunctions() {
  if (!Functions) {
    Functions.emplace();
    UserFunctionFinder(Library, *Functions).walk(Ctx);
  }
  return *Functions;
}

const RunContext *
TuAnalysis::bindingUnderReleasedGil(const FunctionDecl *Body) {
  if (!ReleasedBindings) {
    ReleasedBindings.emplace();
    for (const RunContext &C : Contexts.all())
      if (C.Where == RunsOn::Python && releasingCallGuard(C))
        ReleasedBindings->try_emplace(C.Body, &C);
  }
  return ReleasedBindings->lookup(Body);
}

} // namespace clang::tidy::taskfit
