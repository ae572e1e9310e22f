//===--- DecisionTable.h - taskfit's decision table as data ---------------===//
//
// The decision table says which concurrency model fits which kind of work
// (the README's table; docs/decision-table.md documents its format). It is
// JSON: a built-in table embedded at build time, which a user table (option
// `taskfit.DecisionTable`) extends or overrides. This file loads and
// validates both, merges them, and answers the checks' questions.
// A bad table is reported with file, line, column and JSON pointer; nothing
// here throws or aborts.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_DECISIONTABLE_H
#define TASKFIT_CHECKER_DECISIONTABLE_H

#include "table/TableOrigin.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/GlobPattern.h"
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clang::tidy::taskfit {

/// What a piece of work does to the thread that runs it.
///
/// PythonApi and ThreadStart are never a table category's kind: they are
/// the facts whole-project analysis carries across files besides work
/// (ProjectSummary.h), for the checks that follow calls to them: running
/// the code touches Python (needs the GIL), or starts a thread.
enum class WorkKind { None, Blocking, CpuHeavy, PythonApi, ThreadStart };

llvm::StringRef workKindName(WorkKind K);

/// Where code runs: the contexts a table may name, parsed once when the
/// table is read, so the analyses and checks never compare names.
enum class RunsOn {
  /// An event loop ("async"): coroutines, completion handlers.
  Async,
  /// A new thread ("thread").
  Thread,
  /// A thread pool ("pool"), of the kind a RunContext's PoolKind says.
  Pool,
  /// A pool for blocking I/O ("io-pool") or for CPU-heavy work
  /// ("cpu-pool"). A RunContext says these as Pool with its PoolKind; the
  /// table's entries and advice keys name them.
  IoPool,
  CpuPool,
  /// A Python binding, holding the GIL ("python").
  Python,
};

/// The table's name of \p Where: "async", "thread", "pool", "io-pool",
/// "cpu-pool" or "python" (advice keys are "<work>@<name>").
llvm::StringRef runsOnName(RunsOn Where);

/// Every context a table may name, with its table name, in the order
/// errors list them.
llvm::ArrayRef<std::pair<llvm::StringRef, RunsOn>> runsOnNames();

/// One model of the source document's table ("AsyncIO", "Threading", ...).
struct TableRow {
  std::string Id;
  std::string Model;
  std::string Fits;
  std::string DoesNotFit;
  std::string Recommends;
};

/// A kind of work: "file" (blocking file I/O), "sort" (CPU-heavy), ...
struct WorkCategory {
  std::string Id;
  WorkKind Kind = WorkKind::None;
  std::string Label;
};

/// How a finding's text ends for one (work, context) pair, and which row of
/// the table says so.
struct Advice {
  std::string Row;
  std::string Effect;
  std::string Fix;
};

/// How the call's work may be rewritten in a coroutine.
enum class FixStyle {
  /// Wrap the call: co_await taskfit::offload(pool, [&] { return CALL; }).
  Offload,
  /// A sleep taking a std::chrono duration: co_await taskfit::sleep_for(D).
  SleepDuration,
  /// A sleep until a std::chrono time point.
  SleepUntil,
  /// A sleep taking integral seconds / microseconds / a timespec.
  SleepSeconds,
  SleepMicroseconds,
  /// No automatic rewrite.
  None,
};

/// A function (or family of functions) of known work kind.
struct FunctionEntry {
  /// Glob over the callee's qualified name, e.g.
  /// "::std::this_thread::sleep_for" or "{::asio,::boost::asio}::read". Class
  /// template members are named without template arguments; inline namespaces
  /// are skipped.
  std::string Name;
  llvm::GlobPattern Pattern;
  /// Category id, or empty for "none" (explicitly not blocking / not heavy).
  std::string Work;
  /// The call's object (member calls) or first argument (free functions)
  /// must have one of these class types, or derive from one.
  std::vector<std::string> ReceiverTypes;
  std::vector<llvm::GlobPattern> ReceiverTypePatterns;
  /// ... or be one of these variables (e.g. "::std::cin").
  std::vector<std::string> ReceiverObjects;
  /// Which argument of a free function is the receiver (negative: from the
  /// end, so -1 is the FILE* of fputs).
  int ReceiverArg = 0;
  /// Only calls with at least this many explicit arguments (so a default
  /// constructed std::ifstream, which opens nothing, is not file I/O).
  unsigned MinArgs = 0;
  /// A call whose timeout argument at this index is zero only polls
  /// (future::wait_for(0s)), so it does not block.
  std::optional<unsigned> ZeroTimeoutArg;
  /// A call whose flags argument at this index has a bit of
  /// NonBlockingFlagMask set does not block (waitpid(..., WNOHANG)).
  std::optional<unsigned> NonBlockingFlagArg;
  uint64_t NonBlockingFlagMask = 0;
  FixStyle Fix = FixStyle::Offload;
  /// Callables passed to this function run inline, on the caller's thread
  /// (std::for_each, std::invoke): their bodies count as the caller's.
  bool InvokesCallables = false;
  /// The coroutine it is given (its only argument, or the object of a
  /// member call) starts on the caller's thread, with no event loop, and
  /// runs there until it first suspends: a synchronous wait on a lazy
  /// coroutine (async_simple's syncAwait(lazy), cppcoro::sync_wait).
  bool StartsCoroutine = false;
  /// I/O on a descriptor (the call's receiver) that returns at once, with
  /// EAGAIN / would_block, when the descriptor is non-blocking: the
  /// reactor style does not block (analysis/Reactor.h).
  bool Reactor = false;
  /// The call costs a handful of operations and never waits (element
  /// access, arithmetic, an atomic update): a pool task that makes only such
  /// calls is a tiny task (analysis/TaskCost.h). Implies no work.
  bool Cheap = false;
  TableOrigin Origin;
  TableOrigin WorkOrigin;
};

/// Which kind of work a pool is for: blocking I/O (taskfit::io_pool(), the
/// ThreadPoolExecutor row) or CPU-heavy work (taskfit::cpu_pool(), the
/// ProcessPoolExecutor row). Unknown for a general-purpose pool.
enum class PoolKind { Unknown, Io, Cpu };

/// "io", "cpu" or "unknown".
llvm::StringRef poolKindName(PoolKind K);

/// Where work handed to a pool of kind \p K runs, as the table names it:
/// IoPool, CpuPool, or Pool for a general-purpose one.
inline RunsOn poolRunsOn(PoolKind K) {
  return K == PoolKind::Io    ? RunsOn::IoPool
         : K == PoolKind::Cpu ? RunsOn::CpuPool
                              : RunsOn::Pool;
}

/// Callables passed to an executor's executor-taking argument run on one
/// kind of executor when the executor's type matches.
struct ExecutorRule {
  std::vector<std::string> Types;
  std::vector<llvm::GlobPattern> TypePatterns;
  RunsOn Context = RunsOn::Async;
  /// The table's "pool" field: what kind of pool that executor is.
  PoolKind Pool = PoolKind::Unknown;
};

/// An API that runs the callables handed to it in a context: asio's async_*
/// operations and post() run them on an event loop ("async"), std::thread on
/// a new thread ("thread"), a pool's submit on that pool ("pool"), a Python
/// binding's def() with the GIL held ("python"). An aggregate type may be
/// named too: the fields at Args of its brace initializers are the callables
/// (a CPython PyMethodDef entry's ml_meth).
/// What one run of a context's callable stands for, when the API says: a
/// request handler runs once per request. A thread started on every run is
/// then a thread per request (taskfit-thread-per-task).
enum class RunsPer { Unknown, Request, Message, Connection };

/// "request", "message", "connection" (or "" for Unknown).
llvm::StringRef runsPerName(RunsPer P);

struct ContextEntry {
  std::string Name;
  llvm::GlobPattern Pattern;
  RunsOn Context = RunsOn::Async;
  /// Which arguments are the callables; empty for every callable argument.
  std::vector<int> Args;
  /// The argument naming the executor, whose type can override Context.
  std::optional<int> ExecutorArg;
  std::vector<ExecutorRule> Executors;
  /// The table's "pool" field: the kind of pool the callables run on when no
  /// executor rule decides (a user pool's submit marked "cpu").
  PoolKind Pool = PoolKind::Unknown;
  /// The table's "per" field.
  RunsPer Per = RunsPer::Unknown;
  TableOrigin Origin;
};

/// Finds the table entries whose glob matches a qualified name, quickly:
/// by the literal last name component, with the glob-named rest kept apart.
class NameIndex {
public:
  void build(llvm::ArrayRef<std::string> Names);
  /// Indices of candidate entries for \p QualifiedName (to be confirmed by
  /// the entry's pattern), in increasing order.
  llvm::SmallVector<unsigned, 8> lookup(llvm::StringRef QualifiedName) const;

private:
  llvm::StringMap<llvm::SmallVector<unsigned, 2>> ByLastName;
  llvm::SmallVector<unsigned, 8> Wildcards;
};

/// A library whose code is judged by the table, never walked: by namespace
/// ("::asio", its nested namespaces too) or by the path of its files (a
/// glob, e.g. "*/third_party/*").
struct LibraryEntry {
  std::string Namespace;
  std::string Path;
  std::optional<llvm::GlobPattern> PathPattern;
  TableOrigin Origin;
};

/// The table's "worker_loops": the types that decide whether an event loop
/// is a private work queue (analysis/WorkerLoops.h).
struct WorkerLoopTypes {
  /// Event-loop classes ("{::asio,::boost::asio}::io_context"): what is
  /// posted to one runs on its loop.
  std::vector<std::string> LoopTypes;
  std::vector<llvm::GlobPattern> LoopTypePatterns;
  /// Classes whose constructor runs its callable on a new thread of the
  /// program's own, besides the "thread" contexts' (::boost::thread).
  std::vector<std::string> ThreadTypes;
  std::vector<llvm::GlobPattern> ThreadTypePatterns;
};

/// The table's "coroutine_types": coroutines returning a type the pattern
/// names run where the entry says, not on an event loop. A coroutine
/// library with no event loop (concurrencpp's result<T> resumes on the
/// executor, a thread pool or a thread, that completed what it awaited)
/// says "pool" or "thread". Coroutines of other types are event-loop
/// contexts.
struct CoroutineTypeEntry {
  std::string Type;
  llvm::GlobPattern Pattern;
  RunsOn Context = RunsOn::Async;
  TableOrigin Origin;
};

/// Advice text under its key "<work>@<context>".
struct AdviceEntry {
  std::string Key;
  Advice Text;
  TableOrigin Origin;
};

/// The merged table. Immutable once built; shared between threads (clangd).
class DecisionTable {
public:
  /// One table file, validated on its own; references between its parts are
  /// checked when it is merged (a user layer may use built-in categories).
  struct Layer {
    std::vector<TableRow> Rows;
    std::vector<WorkCategory> Categories;
    std::vector<AdviceEntry> Advice;
    std::vector<FunctionEntry> Functions;
    std::vector<ContextEntry> Contexts;
    std::vector<LibraryEntry> Libraries;
    WorkerLoopTypes WorkerLoops;
    std::vector<CoroutineTypeEntry> CoroutineTypes;
  };

  /// Parses and validates one table file.
  static llvm::Expected<Layer> parseLayer(llvm::StringRef Text,
                                          llvm::StringRef FileName);

  /// Parses a complete table (one layer on an empty table).
  static llvm::Expected<DecisionTable> parse(llvm::StringRef Text,
                                             llvm::StringRef FileName);

  /// The table compiled into the binary.
  static std::shared_ptr<const DecisionTable> builtin();

  /// The built-in table extended by the user table at \p UserPath (empty for
  /// none). Cached per path and modification time.
  static llvm::Expected<std::shared_ptr<const DecisionTable>>
  load(llvm::StringRef UserPath);

  /// Extends or overrides this table with \p Overlay (a user layer): function
  /// entries are appended and later entries win; rows, categories and advice
  /// are replaced per key. Checks references once merged.
  llvm::Error merge(Layer Overlay);

  /// Entries whose name pattern matches \p QualifiedName, latest first (the
  /// first whose receiver constraints hold decides the call's work).
  llvm::SmallVector<const FunctionEntry *, 4>
  candidates(llvm::StringRef QualifiedName) const;

  /// Context entries whose name pattern matches \p QualifiedName, latest
  /// first.
  llvm::SmallVector<const ContextEntry *, 2>
  contextCandidates(llvm::StringRef QualifiedName) const;

  const WorkCategory *category(llvm::StringRef Id) const;
  const TableRow *row(llvm::StringRef Id) const;
  /// Advice for work of \p Category (or, failing that, of its kind) in a
  /// context of kind \p Context: the key "<work>@<runsOnName(Context)>".
  const Advice *advice(const WorkCategory &Category, RunsOn Context) const;
  /// The advice of a finding that is not about a category of work, by its
  /// key ("busy-wait@work", "thread-per-task@cpu-heavy"): the words of
  /// every such message come from the table, so a user table can reword it.
  const Advice &findingAdvice(llvm::StringRef Key) const;
  /// The first parts of the finding advice keys ("busy-wait", ...).
  static llvm::ArrayRef<llvm::StringRef> findingAdviceKinds();

  const std::vector<FunctionEntry> &functions() const { return Functions; }
  const std::vector<ContextEntry> &contexts() const { return Contexts; }
  const std::vector<TableRow> &rows() const { return Rows; }

  /// True if \p Namespace ("::boost") is a library's outermost namespace.
  bool isLibraryNamespace(llvm::StringRef Namespace) const {
    return LibraryNamespaces.contains(Namespace);
  }
  /// True if the class named \p QualifiedName is an event loop, per the
  /// table's "worker_loops" "loop_types".
  bool isEventLoopType(llvm::StringRef QualifiedName) const;
  /// True if constructing the class named \p QualifiedName starts a thread
  /// per the "worker_loops" "thread_types" (the "thread" contexts aside).
  bool isWorkerThreadType(llvm::StringRef QualifiedName) const;

  /// Where coroutines returning the class \p QualifiedName run, by the
  /// latest "coroutine_types" entry that names it; std::nullopt if none does
  /// (an event loop).
  std::optional<RunsOn> coroutineContext(llvm::StringRef QualifiedName) const;

  /// True if a file at \p Path belongs to a library by the table's paths.
  bool isLibraryPath(llvm::StringRef Path) const;
  llvm::ArrayRef<llvm::GlobPattern> libraryPaths() const {
    return LibraryPathPatterns;
  }

private:
  llvm::Error validateReferences() const;
  void reindex();

  std::vector<TableRow> Rows;
  std::vector<WorkCategory> Categories;
  llvm::StringMap<Advice> AdviceByKey;
  llvm::StringMap<TableOrigin> AdviceOrigins;
  std::vector<FunctionEntry> Functions;
  std::vector<ContextEntry> Contexts;
  NameIndex FunctionIndex;
  NameIndex ContextIndex;
  llvm::StringSet<> LibraryNamespaces;
  std::vector<llvm::GlobPattern> LibraryPathPatterns;
  std::vector<llvm::GlobPattern> EventLoopTypePatterns;
  std::vector<llvm::GlobPattern> WorkerThreadTypePatterns;
  std::vector<CoroutineTypeEntry> CoroutineTypes;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_DECISIONTABLE_H
