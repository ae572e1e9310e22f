//===--- TuAnalysis.h - every fact of one translation unit, found once ----===//
//
// The one owner of what the analysis finds in a translation unit: where code
// runs (contexts), what each function reaches (call summaries), where the
// GIL is released, which expressions start threads, which loops busy-wait,
// which calls hand tasks to pools, where mutexes are held, which queues the
// code builds itself, and the user's own functions. Each fact is computed on
// its first request and kept for the rest of the translation unit, so the
// checks that share it never recompute it; a check asks, filters and words, it
// does not walk the AST.
//
// A TuAnalysis lives as long as its translation unit's ASTContext and no
// longer: the facts point into that AST.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_TUANALYSIS_H
#define TASKFIT_CHECKER_ANALYSIS_TUANALYSIS_H

#include "../DecisionTable.h"
#include "CallSummaries.h"
#include "Contexts.h"
#include "CoroutineStarts.h"
#include "ExternalCalls.h"
#include "Gil.h"
#include "LibraryCode.h"
#include "Locks.h"
#include "LoopCost.h"
#include "Polling.h"
#include "PoolSubmissions.h"
#include "ProgramIndex.h"
#include "QueueCandidates.h"
#include "ThreadSpawns.h"
#include "ThreadStarts.h"
#include "WorkKind.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::taskfit {

class TuAnalysis {
public:
  /// \p View: how calls to functions defined in other translation units
  /// are seen (ExternalCalls.h); by default they are not followed.
  TuAnalysis(ASTContext &Ctx, const DecisionTable &Table,
             LoopCostOptions LoopOptions, ProjectView View = {});
  ~TuAnalysis();
  TuAnalysis(const TuAnalysis &) = delete;
  TuAnalysis &operator=(const TuAnalysis &) = delete;

  ASTContext &astContext() { return Ctx; }
  const DecisionTable &table() const { return Table; }
  const LoopCostOptions &loopOptions() const { return LoopOptions; }

  /// The engines below keep their own caches (each one computes a fact for
  /// a function, or for the TU, on first use).
  LibraryCode &library() { return Library; }
  WorkClassifier &classifier() { return Classifier; }
  ProgramIndex &program() { return Program; }
  ExternalCalls &external() { return External; }
  CallSummaries &summaries() { return Summaries; }
  ContextIndex &contexts() { return Contexts; }
  GilAnalysis &gil() { return Gil; }

  /// Every thread start in the user's code (ThreadSpawns.h), std::async
  /// with the default launch policy included (ThreadSpawn::DefaultPolicy).
  llvm::ArrayRef<ThreadSpawn> threadSpawns();

  /// Which functions start a thread on every call (ThreadStarts.h).
  ThreadStarts &threadStarts();

  /// Which coroutines start on a thread with no event loop, and what runs
  /// there before they first suspend (CoroutineStarts.h).
  CoroutineStarts &coroutineStarts();

  /// Every busy-wait in the user's code (Polling.h).
  llvm::ArrayRef<BusyWait> busyWaits();

  /// Every call that hands a task to a pool in the user's code
  /// (PoolSubmissions.h).
  llvm::ArrayRef<PoolSubmission> poolSubmissions();

  /// Every queue the user's code builds from a container, a mutex and a
  /// condition variable (QueueCandidates.h).
  llvm::ArrayRef<HandRolledQueue> handRolledQueues();

  /// The lock regions of \p Fn's body (Locks.h). The list stays valid for
  /// the TU's lifetime.
  llvm::ArrayRef<LockRegion> lockRegions(const FunctionDecl &Fn);

  /// The function definitions and lambda call operators of the user's code
  /// (library code skipped whole), template instantiations included, in
  /// the order of one walk over the TU.
  llvm::ArrayRef<const FunctionDecl *> userFunctions();

  /// The Python binding whose body is \p Body if it runs under
  /// `call_guard<gil_scoped_release>` (the GIL released for the whole
  /// call), else null.
  const RunContext *bindingUnderReleasedGil(const FunctionDecl *Body);

private:
  ASTContext &Ctx;
  const DecisionTable &Table;
  const LoopCostOptions LoopOptions;
  LibraryCode Library;
  WorkClassifier Classifier;
  ProgramIndex Program;
  ExternalCalls External;
  CallSummaries Summaries;
  ContextIndex Contexts;
  GilAnalysis Gil;

  std::optional<std::vector<ThreadSpawn>> Spawns;
  std::optional<ThreadStarts> Starts;
  std::optional<CoroutineStarts> CoroStarts;
  std::optional<llvm::SmallVector<BusyWait, 4>> Waits;
  std::optional<std::vector<PoolSubmission>> Submissions;
  std::optional<std::vector<HandRolledQueue>> Queues;
  /// Boxed: a region list handed out stays put when the map grows.
  llvm::DenseMap<const FunctionDecl *,
                 std::unique_ptr<llvm::SmallVector<LockRegion, 2>>>
      Locks;
  std::optional<std::vector<const FunctionDecl *>> Functions;
  std::optional<llvm::DenseMap<const FunctionDecl *, const RunContext *>>
      ReleasedBindings;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_TUANALYSIS_H
