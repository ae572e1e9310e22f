//===--- LoopCost.h - loops that keep a thread busy -----------------------===//
//
// Finds CPU-heavy loops in a body: loop nests of at least MinNestDepth loops,
// or loops (or nests) whose constant trip count reaches MinTripCount, with no
// suspension point (co_await, co_yield) and no blocking or table-classified
// call inside. A loop that awaits gives its loop back every iteration; a loop
// around blocking calls is I/O-bound and reported as blocking instead.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_LOOPCOST_H
#define TASKFIT_CHECKER_ANALYSIS_LOOPCOST_H

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::taskfit {

class WorkClassifier;

struct LoopCostOptions {
  /// A nest this deep is heavy unless its constant trip counts multiply to
  /// less than MinTripCount.
  unsigned MinNestDepth = 2;
  /// A loop or nest with at least this many iterations (all counts known at
  /// compile time) is heavy.
  uint64_t MinTripCount = 100000;
};

struct HeavyLoop {
  const Stmt *Loop;
  unsigned NestDepth;
  /// Total iterations of the nest, if every loop's count is a constant.
  std::optional<uint64_t> Iterations;
  /// Inside a catch handler (where co_await is not allowed).
  bool InHandler = false;
};

/// The outermost heavy loops of \p Body (nested lambdas and local classes
/// excluded).
void findHeavyLoops(const Stmt *Body, WorkClassifier &Classifier,
                    const LoopCostOptions &Options,
                    llvm::SmallVectorImpl<HeavyLoop> &Out);

/// The constant trip count of one loop, if the compiler can see it:
/// `for (int i = A; i < B; i += C)` with constants, range-for over a C array
/// or std::array.
std::optional<uint64_t> constantTripCount(const Stmt *Loop,
                                          const class ASTContext &Ctx);

/// The element count of a fixed-size array type (`int[8]`,
/// `std::array<int, 8>`), through references.
std::optional<uint64_t> constantSize(QualType T, const class ASTContext &Ctx);

/// The container an iterator expression points into: `v` of `v.begin()`,
/// `std::begin(v)`, `v.data()`, an array `a` decayed to a pointer; null
/// otherwise.
const Expr *iteratedContainer(const Expr *E);

/// How many elements the range an algorithm call works on has, when the
/// compiler can see it: `sort(a.begin(), a.end())` of a `std::array`,
/// `sort(std::begin(arr), std::end(arr))`, `sort(first, first + 3)`,
/// `std::ranges::sort(arr)`.
std::optional<uint64_t> constantRangeSize(const CallExpr *Call,
                                          const class ASTContext &Ctx);

/// True if \p If guards work that runs once per object or program and is
/// then cached, lazy initialization: `if (!sorted_) { sort(...); sorted_ =
/// true; }`, `if (!is_cached()) { ...; set_cached(); }`, `if (!table_)
/// table_ = build();`, `if (dirty_) { rebuild(); dirty_ = false; }`. Its
/// CPU-heavy work is paid once, not per call.
bool isRunOnceGuard(const IfStmt *If);

/// True if \p S contains a co_await or co_yield outside nested lambdas.
bool containsSuspension(const Stmt *S);

/// True if \p S, a loop's body or a part of it, contains a `continue` of
/// that loop: one outside the loops and lambdas nested in \p S.
bool continuesLoop(const Stmt *S);

/// Calls \p F on every statement that runs as part of \p S, \p S included:
/// not the bodies of lambdas or local classes, not unevaluated operands.
void forEachRunStmt(const Stmt *S, llvm::function_ref<void(const Stmt *)> F);

/// The body of a for, range-for, while or do loop; null for other
/// statements.
const Stmt *loopBody(const Stmt *Loop);

/// The condition of a for, while or do loop; null for a range-for, a
/// `for (;;)` or another statement.
const Expr *loopCondition(const Stmt *Loop);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_LOOPCOST_H
