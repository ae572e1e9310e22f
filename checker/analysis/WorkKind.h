//===--- WorkKind.h - what work a single call does ------------------------===//
//
// Classifies one call or construction by the decision table and by source
// annotations: blocking (and of which category), CPU-heavy, or neither. This
// looks at the call alone; what a callee's body reaches is CallSummaries'.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_WORKKIND_H
#define TASKFIT_CHECKER_ANALYSIS_WORKKIND_H

#include "../DecisionTable.h"
#include "LibraryCode.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace clang::tidy::taskfit {

struct ExternalWork;

/// What a source annotation says about a function.
enum class Annotation { None, Blocking, CpuHeavy, NonBlocking, Async };

/// The work one call (or one loop) does by itself.
struct WorkItem {
  const WorkCategory *Category = nullptr;
  /// The table entry that classified the call; null for an annotation.
  const FunctionEntry *Entry = nullptr;
  const FunctionDecl *Callee = nullptr;
  /// The call itself, when the work is a call.
  const Expr *Call = nullptr;
  /// The loop, when the work is a CPU-heavy loop (Callee is then null).
  const Stmt *Loop = nullptr;
  /// How many loops deep the heavy loop nest is.
  unsigned LoopDepth = 0;
  /// For tree recursion (Callee calls itself this many times per frame on
  /// a shrinking count, like naive Fibonacci): Call is the first of those
  /// calls. Zero otherwise.
  unsigned RecursiveCalls = 0;
  /// Reactor-style I/O (a table entry marked "reactor") on a descriptor
  /// with no evidence of non-blocking mode where the call is made: a caller
  /// that expects would-block results makes it non-blocking I/O.
  bool ReactorCapable = false;
  /// Work behind a call to a function defined in another translation unit
  /// (ExternalCalls.h); Callee is that function, Call the call.
  const ExternalWork *External = nullptr;

  WorkKind kind() const {
    assert(Category && "a WorkItem always has a category");
    return Category->Kind;
  }
  /// Work that sits inside a function rather than being a call it makes:
  /// a heavy loop or tree recursion.
  bool isInFunction() const { return Loop || RecursiveCalls; }
  /// Where that work is written: the loop, or the first recursive call.
  const Stmt *where() const {
    return Loop ? Loop : static_cast<const Stmt *>(Call);
  }
  FixStyle fixStyle() const { return Entry ? Entry->Fix : FixStyle::Offload; }
};

/// True if \p D is declared in a system header: never a context, never
/// followed into, never reported.
bool isInSystemHeader(const Decl *D);

/// \p E without parentheses, implicit casts, temporaries, cleanups and
/// elidable copies (C++11/14): the expression as written.
const Expr *ignoreTemporaries(const Expr *E);

/// The target and the value of a plain assignment, built in (`n = n->next`)
/// or overloaded (`name = other`); both null for anything else.
std::pair<const Expr *, const Expr *> assignmentSides(const Expr *E);

/// The object a member call runs on, or the receiver argument of a free
/// function as \p Entry counts arguments (its "receiver_arg").
const Expr *receiverOf(const Expr *Call, const FunctionEntry &Entry);

/// The callee a call or construction expression names, if it names one.
const FunctionDecl *getCalleeDecl(const Expr *Call);

/// "::std::future::get" for a member of std::future<int>: template arguments
/// dropped, inline and anonymous namespaces skipped, as table names are.
std::string tableName(const NamedDecl *D);

/// The `taskfit::*` annotation on any declaration of \p FD, with its optional
/// category (`taskfit::blocking:file`) in \p CategoryOut.
Annotation getAnnotation(const FunctionDecl *FD,
                         llvm::StringRef *CategoryOut = nullptr);

class WorkClassifier {
public:
  /// A CPU-heavy call over a range the compiler can count is cheap when
  /// it costs fewer than \p CheapBelow element operations (n log n for a
  /// sort of n elements): sorting a std::array of three is not heavy work.
  WorkClassifier(const DecisionTable &Table, ASTContext &Ctx,
                 LibraryCode &Library, uint64_t CheapBelow)
      : Table(Table), Ctx(Ctx), Library(Library), CheapBelow(CheapBelow) {}

  /// The work \p Call (a CallExpr or CXXConstructExpr) does by itself:
  /// the callee's annotation first, then the table's entries, latest first.
  std::optional<WorkItem> classify(const Expr *Call);

  /// The work of a call no expression spells (a destructor at scope end):
  /// annotations and table entries without argument constraints.
  std::optional<WorkItem> classifyImplicit(const FunctionDecl *Callee);

  /// The category CPU-heavy loops are reported under ("computation").
  const WorkCategory *loopCategory() const;

  /// True if \p FD is annotated or listed as explicitly non-blocking, so
  /// propagation must stop there (a wrapper that already offloads).
  bool isMarkedNonBlocking(const FunctionDecl *FD);

  const DecisionTable &table() const { return Table; }
  ASTContext &astContext() const { return Ctx; }
  /// Known libraries' code: judged by the table, never followed into.
  LibraryCode &library() const { return Library; }

  /// True if callables passed to \p FD run inline (std::for_each).
  bool invokesCallables(const FunctionDecl *FD);

  /// True if the coroutine given to \p FD starts on the caller's thread
  /// (the table's "starts_coroutine").
  bool startsCoroutine(const FunctionDecl *FD);

private:
  llvm::ArrayRef<const FunctionEntry *> candidatesFor(const FunctionDecl *FD);
  /// True if \p Call works on a range of known, small size.
  bool isCheapRange(const Expr *Call) const;
  /// What an annotation says: a work item, a decided "no work" (null
  /// category), or nothing.
  std::optional<WorkItem> classifyByAnnotation(const FunctionDecl *Callee);

  const DecisionTable &Table;
  ASTContext &Ctx;
  LibraryCode &Library;
  uint64_t CheapBelow;
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallVector<const FunctionEntry *, 2>>
      CandidateCache;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_WORKKIND_H
