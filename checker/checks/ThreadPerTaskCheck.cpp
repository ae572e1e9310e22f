//===--- ThreadPerTaskCheck.cpp - taskfit-thread-per-task -----------------===//

#include "ThreadPerTaskCheck.h"
#include "../Options.h"
#include "../analysis/ThreadSpawns.h"
#include "../analysis/ThreadStarts.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

namespace {

/// The work the spawned thread does that decides its pool: blocking work
/// first, else CPU-heavy work, the shortest chain of its kind; with the
/// function (of \p Targets) that reaches it. Null if it does neither.
std::pair<const Reach *, const FunctionDecl *>
spawnedWork(llvm::ArrayRef<const FunctionDecl *> Targets, TuAnalysis &A) {
  const Reach *Work = nullptr;
  const FunctionDecl *WorkIn = nullptr;
  for (WorkKind Kind : {WorkKind::Blocking, WorkKind::CpuHeavy}) {
    for (const FunctionDecl *T : Targets)
      for (const Reach &R : A.summaries().summary(T).Reaches)
        if (R.Work.kind() == Kind && !isStandIn(R.Work) &&
            (!Work || R.Depth < Work->Depth)) {
          Work = &R;
          WorkIn = T;
        }
    if (Work)
      break;
  }
  return {Work, WorkIn};
}

/// How the finding says what a thread is started per, and how many
/// threads that makes: "element of 'jobs'", "one thread per element".
std::pair<std::string, std::string> describeSpawns(const LoopBound &Bound) {
  switch (Bound.Kind) {
  case LoopBound::Constant:
    return {"iteration of a loop", std::to_string(Bound.Trips) + " threads"};
  case LoopBound::PerElement:
    return {"element of '" + Bound.Name + "'", "one thread per element"};
  case LoopBound::PerConnection:
    if (!Bound.Name.empty())
      return {"accepted connection",
              "one thread per connection, up to '" + Bound.Name +
                  "' at a time, each started and torn down for one "
                  "connection"};
    return {"accepted connection", "one thread per connection, with no bound"};
  default:
    return {"iteration of a loop", "one thread per iteration, with no bound"};
  }
}

/// The advice for a thread whose work is \p Work: the pool of its kind.
llvm::StringRef adviceKey(const Reach *Work) {
  if (!Work)
    return "thread-per-task@unknown";
  return Work->Work.kind() == WorkKind::CpuHeavy ? "thread-per-task@cpu-heavy"
                                                 : "thread-per-task@blocking";
}

} // namespace

ThreadPerTaskCheck::ThreadPerTaskCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : TaskfitCheck(Name, Context),
      DefaultAsyncSpawns(
          getBoolOption(*this, Options, getID(), "DefaultAsyncSpawns", false)) {
  readCountOption("MaxThreads", 1, MaxThreads);
}

void ThreadPerTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  TaskfitCheck::storeOptions(Opts);
  Options.store(Opts, "MaxThreads", MaxThreads);
  storeBoolOption(Options, Opts, "DefaultAsyncSpawns", DefaultAsyncSpawns);
}

void ThreadPerTaskCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void ThreadPerTaskCheck::check(const MatchFinder::MatchResult &Result) {
  TuAnalysis &A = analysis(*Result.Context);
  for (const ThreadSpawn &S : A.threadSpawns()) {
    if (S.DefaultPolicy && !DefaultAsyncSpawns)
      continue;
    const Stmt *Loop = enclosingLoop(S.Site, S.Function);
    if (!Loop)
      continue;
    report(S, Loop, A);
  }
  // Helpers that start threads: none in a TU that starts none, unless
  // functions in other files may.
  if (!A.threadSpawns().empty() || A.external().mode() != ExternalMode::Off)
    for (const RunContext &C : A.contexts().all())
      if (C.Per != RunsPer::Unknown && !C.Elsewhere)
        if (std::optional<ThreadStart> Start = A.threadStarts().of(C.Body))
          reportInContext(C, *Start, A);
  if (A.threadSpawns().empty() && A.external().mode() == ExternalMode::Off)
    return;
  for (const FunctionDecl *FD : A.userFunctions())
    if (FD && FD->doesThisDeclarationHaveABody() && !FD->isDependentContext())
      checkCallsInLoops(FD, A);
}

void ThreadPerTaskCheck::reportInContext(const RunContext &C,
                                         const ThreadStart &Start,
                                         TuAnalysis &A) {
  SourceLocation Loc = startStepLoc(Start);
  if (!firstReportAt(Loc))
    return;
  auto Chain = A.threadStarts().chainBelow(Start);
  const ThreadStart &Last = Chain.empty() ? Start : Chain.back().second;
  // What the thread runs decides the pool, when it is known here.
  llvm::SmallVector<const FunctionDecl *, 2> Targets;
  if (Last.Spawn && !Last.Spawn->CallArgs.empty())
    resolveCallables(Last.Spawn->CallArgs.front(), Targets);
  auto [Work, WorkIn] = spawnedWork(Targets, A);
  std::string Started =
      Last.Spawn ? Last.Spawn->Spelling : describeWork(Last.elsewhereWork());
  std::string Via = Start.Spawn
                        ? std::string()
                        : " (via " + describeFunction(*Start.Callee) + ")";
  const taskfit::Advice &Advice = findingAdvice(adviceKey(Work));
  diag(Loc, "%0 started once per %1 in %2%3 creates one thread per %1, with "
            "no bound; %4")
      << Started << runsPerName(C.Per) << describeContext(C) << Via
      << sayAdvice(Advice, ": ");
  for (const auto &[Step, StepStart] : Chain)
    diag(startStepLoc(StepStart), "%0 here", DiagnosticIDs::Note)
        << describeStartStep(*Step, StepStart);
  if (Last.Elsewhere)
    noteExternal(Last.elsewhereWork(), Last.Call->getExprLoc());
  if (Work)
    noteReach(*WorkIn, *Work, A);
  noteRow(Loc, Advice);
}

void ThreadPerTaskCheck::checkCallsInLoops(const FunctionDecl *FD,
                                           TuAnalysis &A) {
  ThreadStarts &Starts = A.threadStarts();
  for (const CallSite &Site : A.summaries().facts(FD).Calls) {
    if (Site.Caller != FD || Site.RunsOnce || !Starts.inLoop(Site.Call, FD))
      continue;
    std::optional<ThreadStart> Start = Starts.ofCall(Site);
    if (!Start)
      continue;
    if (const Stmt *Loop = enclosingLoop(Site.Call, FD))
      reportCall(Site, *Start, Loop, A);
  }
}

void ThreadPerTaskCheck::reportCall(const CallSite &Site,
                                    const ThreadStart &Start, const Stmt *Loop,
                                    TuAnalysis &A) {
  LoopBound Bound = loopBound(Loop, A.astContext());
  if (startsAPool(Bound, {}, A) || growsThreadContainer(Loop, A.contexts()))
    return;
  SourceLocation Loc = Site.Call->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  auto Chain = A.threadStarts().chainBelow(Start);
  const ThreadStart &Last = Chain.empty() ? Start : Chain.back().second;
  std::string Started =
      Last.Spawn ? Last.Spawn->Spelling : describeWork(Last.elsewhereWork());
  auto [Per, Count] = describeSpawns(Bound);
  // What the thread runs is decided in the helper: the generic advice.
  const taskfit::Advice &Advice = findingAdvice("thread-per-task@unknown");
  diag(Loc, "%0 started once per %1 in %2 (via %3) creates %4; %5")
      << Started << Per << describeFunction(*Site.Caller)
      << describeFunction(*Site.Callee) << Count << sayAdvice(Advice, ": ");
  for (const auto &[Step, StepStart] : Chain)
    diag(startStepLoc(StepStart), "%0 here", DiagnosticIDs::Note)
        << describeStartStep(*Step, StepStart);
  if (Last.Elsewhere)
    noteExternal(Last.elsewhereWork(), Last.Call->getExprLoc());
  diag(Loc, "no automatic fix: the thread is started in %0",
       DiagnosticIDs::Note)
      << describeFunction(*Site.Callee);
  noteRow(Loc, Advice);
}

bool ThreadPerTaskCheck::startsAPool(
    const LoopBound &Bound, llvm::ArrayRef<const FunctionDecl *> Targets,
    TuAnalysis &A) const {
  // A loop that starts at most MaxThreads threads, or one per core, or a
  // worker count someone chose, builds a pool; it does not start a thread
  // per task.
  if (Bound.Kind == LoopBound::Cores || Bound.Kind == LoopBound::Count ||
      (Bound.Kind == LoopBound::Constant && Bound.Trips <= MaxThreads))
    return true;
  // `for (auto &t : threads) t = std::thread(worker);` fills the slots of
  // a pool sized earlier.
  if (Bound.Kind == LoopBound::PerElement && Bound.Range &&
      isThreadContainer(Bound.Range->getType(), A.contexts()))
    return true;
  // Threads that each run an event loop are the loop threads of a pool
  // (one per io_context), however many contexts there are.
  return llvm::any_of(Targets, [&](const FunctionDecl *T) {
    return runsEventLoop(T, A.summaries());
  });
}

void ThreadPerTaskCheck::report(const ThreadSpawn &S, const Stmt *Loop,
                                TuAnalysis &A) {
  ASTContext &Ctx = A.astContext();
  LoopBound Bound = spawnBound(S, Loop, Ctx);
  // What the thread runs decides the pool.
  llvm::SmallVector<const FunctionDecl *, 2> Targets;
  resolveCallables(S.CallArgs.front(), Targets);
  if (startsAPool(Bound, Targets, A))
    return;
  SourceLocation Loc = S.Site->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  auto [Work, WorkIn] = spawnedWork(Targets, A);
  bool Cpu = Work && Work->Work.kind() == WorkKind::CpuHeavy;

  auto [Per, Count] = describeSpawns(Bound);
  std::string Fn = describeFunction(*S.Function);
  const taskfit::Advice &Advice = findingAdvice(adviceKey(Work));
  FixPlan Plan;
  if (S.Container)
    Plan = planThreadPoolFix(S, Cpu ? "cpu_pool" : "io_pool", Ctx);
  {
    DiagnosticBuilder Diag =
        diag(Loc, "%0 started once per %1 in %2 creates %3; %4")
        << S.Spelling << Per << Fn << Count << sayAdvice(Advice, ": ");
    applyFix(Diag, Plan, Loc, Ctx.getSourceManager());
  }
  if (Work)
    noteReach(*WorkIn, *Work, A);
  noteWhyNot(Loc, Plan);
  noteRow(Loc, Advice);
}

} // namespace clang::tidy::taskfit
