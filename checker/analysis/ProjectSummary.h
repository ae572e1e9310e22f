//===--- ProjectSummary.h - what a translation unit tells the project ----===//
//
// Whole-project analysis in three steps (docs/whole-project.md):
//
//  - map: each translation unit, parsed once, writes a UnitSummary: for
//    every function with external linkage it defines, the work it reaches
//    by what the TU itself defines (worded, with the chain as notes), and
//    its calls to functions the TU does not define; and its pending
//    findings: findings every check would make if a function defined
//    elsewhere turned out to reach work, worded and with their fix-its,
//    prepared while the AST was at hand.
//  - reduce: Project merges the units by symbol (the function's mangled
//    name, as the linker resolves it: internal linkage never merges,
//    overloads stay apart) and resolves, for each function and kind of
//    work, the shortest witness through the whole project's call graph
//    (recursion across files terminates).
//  - report: the pending findings whose callee reaches its kind of work,
//    with the callee's chain walking into the other files. No TU is parsed
//    again.
//
// The file format is JSON, versioned; a file from another taskfit version,
// or a broken one, is an error naming the file.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_PROJECTSUMMARY_H
#define TASKFIT_CHECKER_ANALYSIS_PROJECTSUMMARY_H

#include "../DecisionTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <array>
#include <string>
#include <vector>

namespace clang::tidy::taskfit::project {

/// The format's name and version in every file; bump the version when the
/// meaning of a field changes.
inline constexpr llvm::StringLiteral FormatName = "taskfit-project-summary";
inline constexpr int FormatVersion = 2;

/// Stand-ins in a pending finding's text, filled in when it is reported:
/// the work at the end of the chain ("blocking file I/O 'fopen'"), and the
/// note that becomes the callee's chain.
inline constexpr llvm::StringLiteral WorkMarker = "{{taskfit:work}}";
inline constexpr llvm::StringLiteral ChainMarker = "{{taskfit:chain}}";

struct Place {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  /// Bytes from the start of the file (for SARIF and exported fixes).
  unsigned Offset = 0;
};

struct Note {
  Place At;
  std::string Text;
};

/// The kinds a summary records: work, and the facts the Python and thread
/// checks follow (WorkKind).
inline constexpr WorkKind SummaryKinds[] = {
    WorkKind::Blocking, WorkKind::CpuHeavy, WorkKind::PythonApi,
    WorkKind::ThreadStart};

/// Work a function reaches through what its own TU defines (or a fact:
/// its Python touch, its thread start).
struct WorkRecord {
  WorkKind Kind = WorkKind::None;
  /// The table category's id ("file", "sync-wait", "computation").
  std::string Category;
  /// "blocking file I/O 'fopen'".
  std::string Work;
  /// Calls from the function to the work (0: a loop in the function).
  unsigned Depth = 0;
  /// From the function down to the work.
  std::vector<Note> Notes;
  /// Some step of the chain releases the GIL (a binding that calls the
  /// function does not hold it while the work runs).
  bool GilReleased = false;
};

/// A chain from a function to a call of a function its TU does not define:
/// the function reaches work of Kind if the callee does.
struct CallRecord {
  std::string Symbol;
  WorkKind Kind = WorkKind::None;
  /// Calls from the function to the callee, this call included.
  unsigned Depth = 1;
  /// From the function down to the call ("'f' calls 'g' here").
  std::vector<Note> Notes;
  /// The GIL is released on the way to the call.
  bool GilReleased = false;
};

/// The symbol a virtual call of \p Method stands for across the project:
/// every overrider's, and \p Method's own unless it is \p Pure.
std::string virtualSymbol(llvm::StringRef Method, bool Pure);

struct FunctionRecord {
  std::string Symbol;
  /// "'load_profile'" (as notes name functions).
  std::string Name;
  Place At;
  std::vector<WorkRecord> Work;
  std::vector<CallRecord> Calls;
  /// The virtual methods this one overrides, directly or not (symbols).
  std::vector<std::string> Overrides;
};

struct Replacement {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Text;
};

/// A finding that holds if Symbol reaches work of Kind.
struct PendingFinding {
  std::string Check;
  WorkKind Kind = WorkKind::None;
  std::string Symbol;
  /// "warning" or "error" (a check promoted by --warnings-as-errors).
  std::string Level = "warning";
  std::string Message;
  Place At;
  std::vector<Note> Notes;
  std::vector<Replacement> Fixes;
  /// Holds only if the work is reached with the GIL held all the way (a
  /// finding about a Python binding).
  bool GilHeld = false;
};

struct UnitSummary {
  /// The main file, absolute.
  std::string File;
  /// Every file the TU read (for caching), absolute.
  std::vector<std::string> Includes;
  std::vector<FunctionRecord> Functions;
  std::vector<PendingFinding> Pending;
};

struct SummaryFile {
  std::vector<UnitSummary> Units;
};

/// A finding of the report step, worded.
struct Finding {
  std::string Check;
  std::string Level;
  std::string Message;
  Place At;
  std::vector<Note> Notes;
  std::vector<Replacement> Fixes;
};

/// The file's text (this taskfit's format, version and version string).
std::string toJson(const SummaryFile &File);
llvm::Error writeSummaryFile(llvm::StringRef Path, const SummaryFile &File);
/// Reads one summary file; an unreadable, malformed or foreign file is an
/// error that names it and says what is wrong.
llvm::Expected<SummaryFile> readSummaryFile(llvm::StringRef Path);
/// The summary files \p Path names: the file itself, or every *.json under
/// a directory (sorted, for a stable merge).
llvm::Expected<std::vector<std::string>> summaryFilesIn(llvm::StringRef Path);

/// The merged project.
class Project {
public:
  /// Adds a unit. A symbol defined by several units (an inline function
  /// seen in many TUs, or the same TU mapped twice) keeps its first record.
  void add(UnitSummary Unit);
  /// Settles, for every function and kind, its shortest witness through
  /// the project (Dijkstra over the reversed call graph, per kind).
  void resolve();
  /// A virtual call's symbol reaches a kind of work when every overrider
  /// in the project does (and the method itself, unless pure): adds one
  /// record per such symbol, standing for the shortest witness; true if it
  /// added any (then resolve() again: callers of the call may now reach).
  bool settleVirtualCalls();

  struct Reached {
    std::string Category;
    std::string Work;
    unsigned Depth = 0;
    /// From the function down to the work, across files.
    std::vector<Note> Notes;
  };
  /// What a call to \p Symbol reaches of \p Kind, or null (after resolve);
  /// with \p GilHeld, only through chains that never release the GIL.
  const Reached *reach(llvm::StringRef Symbol, WorkKind Kind,
                       bool GilHeld = false) const;
  const FunctionRecord *function(llvm::StringRef Symbol) const;

  /// The pending findings that hold, worded, one per check and place, in
  /// file order.
  std::vector<Finding> findings() const;

  const std::vector<UnitSummary> &units() const { return Units; }
  size_t functionCount() const { return Functions.size(); }

  /// Witnesses kept per function: blocking and CPU-heavy work, each through
  /// any chain and through chains that keep the GIL held; a Python touch; a
  /// thread start.
  static constexpr int VariantCount = 6;

private:
  struct Node {
    const FunctionRecord *Record = nullptr;
    Reached Reach[VariantCount];
    bool Has[VariantCount] = {};
  };
  /// A call into a function: the caller and its call record.
  struct CallerEdge {
    Node *Caller;
    const CallRecord *Call;
  };
  /// The callers of each symbol, for one variant (kind and GIL).
  using CallerIndex = llvm::StringMap<std::vector<CallerEdge>>;
  using CallerIndices = std::array<CallerIndex, VariantCount>;
  /// The next step of each function's witness reached through a call: the
  /// call record and the callee continuing it.
  using WitnessSteps =
      llvm::DenseMap<Node *, std::pair<const CallRecord *, Node *>>;

  /// The callers of each symbol, per variant: a call that releases the GIL
  /// does not count for the variants with the GIL held.
  CallerIndices indexCallers();
  /// The shortest witnesses of variant \p K (Dijkstra from each function's
  /// own work up the callers in \p Callers); the steps through calls go to
  /// \p Via, still to be worded.
  void settleVariant(int K, const CallerIndex &Callers, WitnessSteps &Via);
  /// Words the witnesses of variant \p K reached through calls: the call's
  /// notes, then the callee's chain (worded first: it is shorter).
  void wordWitnesses(int K, WitnessSteps &Via);

  std::vector<UnitSummary> Units;
  std::vector<FunctionRecord> Virtuals;
  llvm::StringMap<Node> Functions;
};

/// Reads, merges and resolves the summary files \p Paths name (files or
/// directories).
llvm::Expected<Project> loadProject(llvm::ArrayRef<std::string> Paths);

} // namespace clang::tidy::taskfit::project

#endif // TASKFIT_CHECKER_ANALYSIS_PROJECTSUMMARY_H
