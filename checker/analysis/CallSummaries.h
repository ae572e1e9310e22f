//===--- CallSummaries.h - what each function may reach -------------------===//
//
// Per function defined in the translation unit (outside system headers), a
// summary: which kinds of work (blocking categories, CPU-heavy work) running
// it may reach, with one witness for each: the call or loop in this function
// that leads there, and the callee that continues the chain. Summaries are
// computed lazily, only for functions reachable from a context that a check
// asks about, by one strongly-connected-component pass (Tarjan) over the call
// graph, so each body is scanned once and recursion terminates.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_CALLSUMMARIES_H
#define TASKFIT_CHECKER_ANALYSIS_CALLSUMMARIES_H

#include "ExternalCalls.h"
#include "LoopCost.h"
#include "ProgramIndex.h"
#include "Reactor.h"
#include "WorkKind.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Compiler.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <optional>

namespace clang::tidy::taskfit {

/// Where a call sits in its statement, for fix-its that rewrite it.
enum class CallRole {
  /// The whole expression statement: `fclose(f);`.
  Statement,
  /// The initializer of a variable: `FILE *f = fopen(...);`.
  Initializer,
  /// The operand of co_return: `co_return read_all(f);`.
  Return,
  /// A destructor run where the object's scope (or full expression) ends:
  /// Call is the object's initializer, Callee the destructor.
  ScopeExit,
  /// Anything else (an argument, a condition, a sub-expression).
  Nested,
};

/// One call or construction in a body, with the function it reaches.
/// A condition on a bool parameter of the function a statement is written
/// in: the statement runs only when parameter number Param is Value (`if
/// (wait_thread_exit) { while (...) usleep(1); }`).
struct ParamGuard {
  unsigned Param = 0;
  bool Value = true;
};

struct CallSite {
  const Expr *Call = nullptr;
  /// The function called: the direct callee, or the target of a call through
  /// a local function pointer / std::function / lambda variable, or the
  /// final overrider of a virtual call when it is known.
  const FunctionDecl *Callee = nullptr;
  CallRole Role = CallRole::Nested;
  /// The variable a CallRole::Initializer call initializes.
  const VarDecl *Initialized = nullptr;
  /// True inside a catch handler, where co_await is not allowed.
  bool InHandler = false;
  /// False for a virtual call whose final overrider is unknown.
  bool Followable = true;
  /// Other functions the call may run besides Callee: the overriders of a
  /// virtual call, the callables stored into the member a call goes
  /// through. The call reaches a kind of work only if every one does.
  llvm::SmallVector<const FunctionDecl *, 0> MoreTargets;
  /// The function the call is written in.
  const FunctionDecl *Caller = nullptr;
  /// Runs once and is cached, not on every call of Caller: under a lazy
  /// initialization guard (LoopCost.h's isRunOnceGuard), in the
  /// initializer of a static local, or in std::call_once. Its CPU-heavy
  /// work is not Caller's per-call work.
  bool RunsOnce = false;
  /// The `if`s on Caller's bool parameters the call is under.
  llvm::SmallVector<ParamGuard, 0> Guards;
};

/// The functions \p E denotes as a callable: a lambda's call operator, a
/// named function, a local variable initialized with one of those (also
/// wrapped in std::function), or a function object's call operators.
void resolveCallables(const Expr *E,
                      llvm::SmallVectorImpl<const FunctionDecl *> &Out,
                      unsigned Depth = 0);

/// The facts of one body, found in one scan.
struct BodyFacts {
  llvm::SmallVector<CallSite, 8> Calls;
  /// Loops that are CPU-heavy by themselves (see LoopCost.h).
  llvm::SmallVector<HeavyLoop, 1> HeavyLoops;
  /// Tree recursion: the body calls its own function two or more times on
  /// a shrinking count (`fib(n - 1) + fib(n - 2)`), exponential work. The
  /// first such call, and how many there are.
  const CallExpr *TreeRecursion = nullptr;
  unsigned RecursiveCalls = 0;
};

/// The CPU-heavy work written in a body itself rather than reached through
/// calls: its heavy loops, then its tree recursion, as work items of the
/// loop category (\p Computation) in \p Fn.
llvm::SmallVector<WorkItem, 2> ownWork(const BodyFacts &Facts,
                                       const FunctionDecl *Fn,
                                       const WorkCategory *Computation);

/// A heavy loop as a work item of the loop category.
WorkItem loopWork(const HeavyLoop &Loop, const WorkCategory *Computation);

/// The body that runs when \p FD is called: a coroutine's own statements
/// without the compiler's promise plumbing.
const Stmt *getRunBody(const FunctionDecl &FD);

/// Scans \p Body: its call sites in evaluation order, leaving out code that
/// does not run there and then (bodies of lambdas and local classes, which
/// run when called, maybe on another executor; unevaluated operands), and
/// its CPU-heavy loops.
/// \p Caller is the function \p Body belongs to.
BodyFacts scanBody(const Stmt *Body, const FunctionDecl *Caller,
                   WorkClassifier &Classifier, ProgramIndex &Program,
                   const LoopCostOptions &LoopOptions);

/// How one kind of work is reached from a function.
struct Reach {
  /// The work at the end of the chain (a blocking call, a heavy call, or a
  /// heavy loop).
  WorkItem Work;
  /// In this function: the call that leads to the work (null when the work is
  /// a loop in this very function).
  const Expr *Call = nullptr;
  /// The callee whose summary continues the chain; null when Call (or the
  /// loop) is the work itself.
  const FunctionDecl *Next = nullptr;
  /// Number of calls from this function to the work (1 = direct).
  unsigned Depth = 0;
  /// The work is reached only when these parameters of this function have
  /// these values: a caller passing a constant that contradicts one does
  /// not reach it (`pool.stop()` with `wait = false` does not wait).
  llvm::SmallVector<ParamGuard, 0> Requires = {};
};

struct Summary {
  /// At most one reach per work category (and per reactor-capable flag):
  /// the shortest chain found. Work known here comes first; a stand-in for
  /// work in another file (ExternalCalls.h) is kept only for a kind of
  /// work not otherwise reached.
  llvm::SmallVector<Reach, 2> Reaches;

  /// One line per reach: "blocking file 'fopen' via 'load', 2 calls deep".
  void print(llvm::raw_ostream &OS) const;
  LLVM_DUMP_METHOD void dump() const;
};

/// One step of a chain, for notes: in Function, Call calls Callee; the last
/// step carries the work itself (a call that is the work, or a heavy loop).
struct ChainStep {
  const FunctionDecl *Function;
  const Expr *Call;
  const FunctionDecl *Callee;
  std::optional<WorkItem> Leaf;
};

/// The steps of a fact's chain below \p First (a Python touch, a thread
/// start): \p Below gives, for a step, the function its chain goes on in and
/// that function's own step (std::nullopt where the chain ends). At most 32
/// steps: a safety net, as each step is a call further down.
template <typename Step, typename BelowFn>
llvm::SmallVector<std::pair<const FunctionDecl *, Step>, 4>
stepsBelow(const Step &First, BelowFn Below) {
  llvm::SmallVector<std::pair<const FunctionDecl *, Step>, 4> Steps;
  const Step *Current = &First;
  while (Steps.size() < 32) {
    auto [Fn, Next] = Below(*Current);
    if (!Fn || !Next)
      break;
    Steps.push_back({Fn, std::move(*Next)});
    Current = &Steps.back().second;
  }
  return Steps;
}

/// A chain from a function to a call of a function defined in another file
/// (whole-project analysis): the function has a fact (WorkKind::PythonApi,
/// ThreadStart) if the callee does.
struct CallElsewhere {
  /// The callee's fact, a stand-in or the project's answer (ExternalCalls.h),
  /// and the callee.
  const ExternalWork *Callee = nullptr;
  const FunctionDecl *Target = nullptr;
  /// Each step: a function and its call, from the function down.
  llvm::SmallVector<std::pair<const FunctionDecl *, const Expr *>, 2> Steps;
};

class CallSummaries {
public:
  CallSummaries(WorkClassifier &Classifier, ProgramIndex &Program,
                LoopCostOptions LoopOptions, ExternalCalls &External);
  ~CallSummaries();

  /// The facts of \p FD's body (scanned once, then cached).
  const BodyFacts &facts(const FunctionDecl *FD);

  /// The work a call to \p FD may reach through its body; empty for
  /// functions without a visible body, in system headers, coroutines (their
  /// body is a context of its own) or marked non-blocking.
  const Summary &summary(const FunctionDecl *FD);

  /// The work one call site reaches: the call's own work if the table or an
  /// annotation classifies it, else its callee's reaches through the call.
  llvm::SmallVector<Reach, 2> reachesOf(const CallSite &Site);

  /// The steps below \p R's call: from R.Next down to the work.
  llvm::SmallVector<ChainStep, 4> chainBelow(const Reach &R);

  /// Every call to a function defined in another file (with \p Fact) that
  /// running \p FD makes, directly or through its own user callees, over
  /// the call sites \p Follow accepts; each function is followed once.
  std::vector<CallElsewhere>
  callsElsewhere(const FunctionDecl *FD, WorkKind Fact,
                 llvm::function_ref<bool(const CallSite &)> Follow);

  /// True if calls to \p FD are followed into its body.
  bool isFollowed(const FunctionDecl *FD);

  WorkClassifier &classifier() { return Classifier; }
  ProgramIndex &program() { return Program; }
  const LoopCostOptions &loopOptions() const { return LoopOptions; }
  ReactorEvidence &reactor() { return Reactor; }
  ExternalCalls &external() { return External; }

private:
  struct Node;
  /// What a call site contributes: its own work, or a callee to follow.
  struct SiteOutcome {
    std::optional<WorkItem> Work;
    /// What a call to a function defined in another translation unit may
    /// reach (ExternalCalls.h).
    llvm::SmallVector<WorkItem, 2> External;
    /// The definitions to follow; several for a call with MoreTargets
    /// (empty if any of them cannot be followed).
    llvm::SmallVector<const FunctionDecl *, 1> Follow;
  };
  SiteOutcome outcome(const CallSite &Site);
  /// True if the table decides what the direct call \p Site does: its work
  /// (in \p Out), or nothing (a leaf, reactor-style I/O, work run once).
  bool decidedByTable(const CallSite &Site, SiteOutcome &Out);
  /// True if \p Site's I/O, wherever it is done, is reactor-style: its
  /// caller handles would-block results or it hands over a descriptor made
  /// non-blocking.
  bool isReactorStyleCall(const CallSite &Site);
  Node &node(const FunctionDecl *FD);
  void computeFrom(const FunctionDecl *Root);
  /// Adds what \p N's own body does: the work its calls and loops do there
  /// as reaches, and the calls to follow as edges.
  void addLocalReaches(Node &N);
  /// Settles the summaries of one SCC of the call graph: merges what the
  /// members' callees reach until nothing changes, then marks them done.
  void settleScc(llvm::ArrayRef<Node *> Members);
  /// Merges into \p M's summary what every target of each of its calls
  /// reaches; true if that changed the summary.
  bool mergeCalleeReaches(Node &M);
  static bool mergeReach(Summary &Into, const Reach &R);

  /// True if \p R, reached through a call in \p Caller, is reactor-style
  /// I/O that \p Caller expects to return would-block.
  bool isNonBlockingThrough(const Reach &R, const FunctionDecl *Caller);
  /// What \p Caller reaches through \p Call to \p Targets: their common
  /// reaches one call deeper, less reactor-style I/O the caller expects,
  /// CPU-heavy work of a call that \p RunsOnce, and work the call's
  /// constant arguments rule out; the call's \p Guards added.
  llvm::SmallVector<Reach, 2> throughCall(
      llvm::ArrayRef<std::pair<const FunctionDecl *, const Summary *>> Targets,
      const Expr *Call, const FunctionDecl *Caller, bool RunsOnce,
      llvm::ArrayRef<ParamGuard> Guards);
  /// What \p R, a reach of \p Target, requires of the caller's parameters
  /// when \p Call makes it: a guard the call's constant argument satisfies
  /// is dropped, one it contradicts makes the reach unreachable (none), a
  /// parameter passed on becomes the caller's guard.
  std::optional<llvm::SmallVector<ParamGuard, 0>>
  requiresThrough(const Reach &R, const Expr *Call, const FunctionDecl *Target);

  /// The reaches common to every target summary: each kind of work
  /// (blocking, CPU-heavy) that every target reaches, by whatever category,
  /// and its shortest witness (through the target named in the chain).
  static llvm::SmallVector<Reach, 2> commonReaches(
      llvm::ArrayRef<std::pair<const FunctionDecl *, const Summary *>> Targets);

  WorkClassifier &Classifier;
  ProgramIndex &Program;
  LoopCostOptions LoopOptions;
  ExternalCalls &External;
  ReactorEvidence Reactor;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<Node>> Nodes;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_CALLSUMMARIES_H
