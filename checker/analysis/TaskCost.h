//===--- TaskCost.h - is a pool task provably cheap? ----------------------===//
//
// Decides whether running a function (a task handed to a pool) is provably
// cheap: no loop, no jump, no suspension, no call that reaches blocking or
// CPU-heavy work, no call into code that cannot be followed, and at most a
// handful of operations, counted through the program's own helpers. Calls
// into library code are cheap only when the decision table says so
// ("cheap": true on a functions entry: element access, arithmetic, atomic
// updates); anything else there is unknown work. Unknown is never cheap.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_TASKCOST_H
#define TASKFIT_CHECKER_ANALYSIS_TASKCOST_H

#include "CallSummaries.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>

namespace clang::tidy::taskfit {

struct TaskCostOptions {
  /// A body of more operations than this is not a handful.
  unsigned MaxOperations = 32;
  /// How many calls deep helpers are followed; a helper deeper than this
  /// is unknown work.
  unsigned MaxHelperDepth = 3;
};

/// What one run of a function costs, counted in operations: each call or
/// construction, built-in operator (arithmetic, comparison, assignment,
/// increment, logical), element access, conditional, new, delete and throw
/// counts one; a call into the program's own code adds its callee's count.
/// Names, literals, casts and member accesses are free.
class TaskCost {
public:
  TaskCost(CallSummaries &Summaries, TaskCostOptions Options)
      : Summaries(Summaries), Options(Options) {}

  /// The operations one run of \p FD costs, if it is provably cheap: at
  /// most MaxOperations of them, and nothing unknown. std::nullopt
  /// otherwise.
  std::optional<unsigned> operations(const FunctionDecl *FD);

  const TaskCostOptions &options() const { return Options; }

private:
  std::optional<unsigned> cost(const FunctionDecl *FD, unsigned Depth);
  /// The cost of one call site's callee (the call itself not counted).
  std::optional<unsigned> calleeCost(const CallSite &Site, unsigned Depth);
  /// True if the table says the library function \p FD is cheap.
  bool isCheapByTable(const FunctionDecl *FD);

  CallSummaries &Summaries;
  TaskCostOptions Options;
  /// Results by function and the helper depth it was reached at (a deeper
  /// start may run out of depth where a shallower one does not).
  llvm::DenseMap<std::pair<const FunctionDecl *, unsigned>,
                 std::optional<unsigned>>
      Cache;
  llvm::DenseMap<const FunctionDecl *, bool> CheapByTable;
  /// Functions being costed: reaching one again is recursion, whose depth
  /// is unknown.
  llvm::SmallPtrSet<const FunctionDecl *, 8> Active;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_TASKCOST_H
