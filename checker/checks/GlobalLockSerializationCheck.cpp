//===--- GlobalLockSerializationCheck.cpp - taskfit-global-lock-serialization //

#include "GlobalLockSerializationCheck.h"
#include "../analysis/ThreadSpawns.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

namespace {

/// What serializes: one mutex object, named by its declaration and the
/// variable it is reached from.
using MutexKey = std::pair<const ValueDecl *, const VarDecl *>;

/// Locks that can make tasks wait for each other: exclusive, on a mutex the
/// tasks may share.
bool mayBeShared(const LockRegion &R, const TaskFunction &F) {
  if (R.SharedOwnership || !R.Mutex.Decl)
    return false;
  switch (R.Mutex.Scope) {
  case MutexScope::Global:
  case MutexScope::Captured:
  case MutexScope::Parameter:
    return true;
  case MutexScope::ThisMember:
    return F.SameThis || F.ThisObject;
  case MutexScope::Local:
  case MutexScope::Unknown:
    return false;
  }
  return false;
}

/// The mutex object: a member mutex of an object a task called into is
/// that object's.
MutexKey mutexKey(const LockRegion &R, const TaskFunction &F) {
  if (R.Mutex.Scope == MutexScope::ThisMember && !F.SameThis)
    return {R.Mutex.Decl, F.ThisObject};
  return {R.Mutex.Decl, R.Mutex.Root};
}

const char *scopeWord(const MutexRef &M) {
  switch (M.Scope) {
  case MutexScope::Global:
    if (const auto *V = dyn_cast<VarDecl>(M.Decl)) {
      if (V->isStaticDataMember())
        return "static member";
      if (V->isStaticLocal())
        return "static";
      return "global";
    }
    return "global";
  case MutexScope::ThisMember:
    return "member";
  default:
    return "shared";
  }
}

/// A thread or pool task: its context and the functions it runs.
struct Task {
  const RunContext *Context;
  llvm::SmallVector<TaskFunction, 8> Functions;
};

/// Which task bodies lock each mutex: two kinds of task on one mutex wait
/// for each other too.
using MutexLockers =
    llvm::DenseMap<MutexKey, llvm::SmallPtrSet<const FunctionDecl *, 2>>;

/// Every thread and pool task of the TU, with the mutexes each may share.
void collectTasks(TuAnalysis &A, std::vector<Task> &Tasks,
                  MutexLockers &Lockers) {
  for (const RunContext &C : A.contexts().all()) {
    // A body defined in another file has no lock regions here.
    if ((C.Where != RunsOn::Thread && C.Where != RunsOn::Pool) || C.Elsewhere)
      continue;
    Task T{&C, {}};
    collectTaskFunctions(C, A.summaries(), T.Functions);
    for (const TaskFunction &F : T.Functions)
      for (const LockRegion &R : A.lockRegions(*F.Fn))
        if (mayBeShared(R, F) && R.Mutex.Scope != MutexScope::Parameter)
          Lockers[mutexKey(R, F)].insert(C.Body);
    Tasks.push_back(std::move(T));
  }
}

/// The first CPU-heavy work under a lock, in statement order: a heavy loop
/// (Loop), or a call (Site) that reaches CPU-heavy work (Work). Site and
/// Loop point into Facts, so it is filled in place, never copied.
struct WorkUnderLock {
  WorkUnderLock() = default;
  WorkUnderLock(const WorkUnderLock &) = delete;
  WorkUnderLock &operator=(const WorkUnderLock &) = delete;

  std::optional<BodyFacts> Facts;
  const CallSite *Site = nullptr;
  std::optional<Reach> Work;
  const HeavyLoop *Loop = nullptr;
};

void findWorkUnderLock(const LockRegion &R, const FunctionDecl *Fn,
                       CallSummaries &Summaries, WorkUnderLock &Out) {
  // Work in another file, not known yet (the map step): reported only if
  // nothing known here is found under the lock.
  std::optional<BodyFacts> StandInFacts;
  std::optional<std::pair<size_t, Reach>> StandIn;
  for (const Stmt *S : R.Guarded) {
    Out.Facts = scanBody(S, Fn, Summaries.classifier(), Summaries.program(),
                         Summaries.loopOptions());
    if (!Out.Facts->HeavyLoops.empty())
      Out.Loop = &Out.Facts->HeavyLoops.front();
    for (const CallSite &Candidate : Out.Facts->Calls) {
      if (Out.Loop)
        break;
      for (const Reach &Reached : Summaries.reachesOf(Candidate))
        if (Reached.Work.kind() == WorkKind::CpuHeavy &&
            isStandIn(Reached.Work)) {
          if (!StandIn) {
            StandInFacts = Out.Facts;
            StandIn.emplace(&Candidate - Out.Facts->Calls.begin(), Reached);
          }
        } else if (Reached.Work.kind() == WorkKind::CpuHeavy) {
          Out.Site = &Candidate;
          Out.Work = Reached;
          break;
        }
      if (Out.Work)
        break;
    }
    if (Out.Loop || Out.Work)
      return;
  }
  if (StandIn) {
    Out.Facts = std::move(StandInFacts);
    Out.Site = &Out.Facts->Calls[StandIn->first];
    Out.Work = StandIn->second;
  }
}

} // namespace

void GlobalLockSerializationCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void GlobalLockSerializationCheck::check(
    const MatchFinder::MatchResult &Result) {
  TuAnalysis &A = analysis(*Result.Context);
  std::vector<Task> Tasks;
  MutexLockers Lockers;
  collectTasks(A, Tasks, Lockers);
  for (const Task &T : Tasks)
    for (const TaskFunction &F : T.Functions)
      for (const LockRegion &R : A.lockRegions(*F.Fn)) {
        if (!mayBeShared(R, F))
          continue;
        WorkUnderLock Held;
        findWorkUnderLock(R, F.Fn, A.summaries(), Held);
        if (!Held.Loop && !Held.Work)
          continue;
        LockSharing Sharing =
            tasksSharing(*T.Context, F, R.Mutex, A.astContext());
        auto It = Lockers.find(mutexKey(R, F));
        unsigned Kinds = It == Lockers.end() ? 0 : It->second.size();
        if ((Sharing != LockSharing::SeveralTasks && Kinds < 2) ||
            !firstReportAt(R.Acquire->getBeginLoc()))
          continue;
        report(*T.Context, T.Functions, F, R, Held.Site,
               Held.Work ? &*Held.Work : nullptr, Held.Loop, A);
      }
}

void GlobalLockSerializationCheck::report(
    const RunContext &C, llvm::ArrayRef<TaskFunction> Chain,
    const TaskFunction &F, const LockRegion &R, const CallSite *Site,
    const Reach *Work, const HeavyLoop *Loop, TuAnalysis &A) {
  WorkItem Leaf;
  SourceLocation WorkLoc;
  if (Loop) {
    Leaf = loopWork(*Loop, A.classifier().loopCategory());
    WorkLoc = Loop->Loop->getBeginLoc();
  } else {
    Leaf = Work->Work;
    if (Work->Next)
      for (const ChainStep &Step : A.summaries().chainBelow(*Work))
        if (Step.Leaf)
          Leaf = *Step.Leaf;
    WorkLoc = Site->Call->getExprLoc();
  }
  if (!Leaf.Category)
    return;
  std::string Name = R.Mutex.Decl->getNameAsString();
  const Advice &Advice = findingAdvice("global-lock@tasks");
  diag(R.Acquire->getBeginLoc(), "lock on %0 mutex '%1' is held around %2 in "
                                 "%3: %4")
      << scopeWord(R.Mutex) << Name << describeWork(Leaf) << describeContext(C)
      << sayAdvice(Advice);
  diag(R.Mutex.Decl->getLocation(), "mutex '%0' is declared here",
       DiagnosticIDs::Note)
      << Name;
  if (Loop || (!Work->Next && !Leaf.External)) {
    diag(WorkLoc, "%0 runs while '%1' is held", DiagnosticIDs::Note)
        << describeWork(Leaf) << Name;
  } else {
    diag(WorkLoc, "%0 is called while '%1' is held", DiagnosticIDs::Note)
        << describeFunction(Work->Next ? *Work->Next : *Leaf.Callee) << Name;
    if (Work->Next)
      noteChain(*Work, A);
    else
      noteExternal(Leaf, WorkLoc);
  }
  // How the task gets from its body to the function that locks.
  llvm::SmallVector<const TaskFunction *, 4> Path;
  for (const TaskFunction *Step = &F; Step->Caller >= 0;
       Step = &Chain[Step->Caller])
    Path.push_back(Step);
  for (const TaskFunction *Step : llvm::reverse(Path))
    diag(Step->Call->getExprLoc(), "%0 calls %1 here", DiagnosticIDs::Note)
        << describeFunction(*Chain[Step->Caller].Fn)
        << describeFunction(*Step->Fn);
  if (C.Origin) {
    bool InLoop = enclosingLoop(C.Origin, C.OriginIn) != nullptr;
    diag(C.Origin->getExprLoc(),
         "%select{the thread|the task}0 is started here%select{|, once per "
         "loop iteration|, and by %2 more %plural{1:call|:calls}2}1",
         DiagnosticIDs::Note)
        << (C.Where == RunsOn::Pool)
        << (InLoop           ? 1
            : C.Origins >= 2 ? 2
                             : 0)
        << (C.Origins - 1);
  }
  noteRow(R.Acquire->getBeginLoc(), Advice);
}

} // namespace clang::tidy::taskfit
