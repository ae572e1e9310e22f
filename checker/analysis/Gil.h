//===--- Gil.h - where Python's GIL is held, and what needs it ------------===//
//
// The Python-extension checks ask two questions of a function body: where
// does it release or reacquire the GIL (pybind11 / nanobind
// gil_scoped_release and gil_scoped_acquire, Py_BEGIN_ALLOW_THREADS ...
// Py_END_ALLOW_THREADS, PyGILState_Ensure / PyGILState_Release), and does
// running it touch Python (Python objects, the CPython API), which needs the
// GIL. The second is answered transitively over the same call sites as the
// work summaries (CallSummaries), also into pybind11's inline code: moving a
// py::object or asking a handle for its pointer needs no GIL, copying one
// does.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_GIL_H
#define TASKFIT_CHECKER_ANALYSIS_GIL_H

#include "CallSummaries.h"
#include "Contexts.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace clang::tidy::taskfit {

/// The GIL at a point of a body, relative to the state the body was entered
/// with.
enum class GilState : uint8_t {
  /// As the caller left it.
  Inherited,
  /// Released by this body (a release guard or PyEval_SaveThread before it).
  Released,
  /// Reacquired by this body (an acquire guard or PyGILState_Ensure).
  Acquired,
};

/// Where one body changes the GIL.
struct GilRegions {
  struct Point {
    GilState State = GilState::Inherited;
    /// The statement that released or acquired it.
    const Stmt *Since = nullptr;
  };
  /// The state at each statement and expression evaluated in a state other
  /// than Inherited (bodies of lambdas and local classes are not part of it).
  llvm::DenseMap<const Stmt *, Point> States;

  Point at(const Stmt *S) const {
    auto It = States.find(S);
    return It == States.end() ? Point() : It->second;
  }
};

/// True for pybind11 / nanobind Python object types (handle and everything
/// derived from it: object, list, dict, str, array, ...) and for pointers to
/// CPython's PyObject, through references and cv-qualifiers.
bool isPythonObjectType(QualType T);

/// A function of CPython's C API (Py_INCREF included: a static inline
/// function since Python 3.8).
bool isCPythonFunction(const FunctionDecl *FD);

/// `py::call_guard<..., py::gil_scoped_release, ...>` (also nanobind's).
bool isReleasingCallGuard(QualType T);

/// The `call_guard<gil_scoped_release>` among the extras of binding \p C's
/// def() call, which releases the GIL for the whole call; null if none.
const Expr *releasingCallGuard(const RunContext &C);

/// How the Python binding API of \p Api is spelled: "pybind11" or
/// "nanobind" (the namespace \p Api is in), or empty for neither.
llvm::StringRef bindingLibrary(const FunctionDecl *Api);

/// The first place where running a function touches Python, when it is
/// entered without the GIL.
struct GilTouch {
  /// The call, construction or destruction in the function that does it.
  const Expr *Call = nullptr;
  /// Its callee: the Python API itself (a CPython function, a member of a
  /// Python object class) or, for a user function, the one that continues
  /// the chain.
  const FunctionDecl *Callee = nullptr;
  /// True if Callee is a user function whose own touch continues the chain.
  bool ThroughUser = false;
  /// Callee is defined in another file of the project, whose summary says
  /// (or will say) what it touches (ExternalCalls.h).
  const ExternalWork *Elsewhere = nullptr;

  /// The chain ends at a stand-in for another file's answer (the map step):
  /// the touch is not known yet.
  bool Pending = false;

  bool isKnown() const { return !Pending; }
  /// For a touch Elsewhere: the work item that names it.
  WorkItem elsewhereWork() const {
    return externalItem(*Elsewhere, Callee, Call);
  }
};

/// How a finding names a touch of Python by calling \p Callee: "CPython API
/// call 'PyList_New'", "Python object operation 'list::append'",
/// "construction of the Python object 'list'".
std::string describePythonTouch(const FunctionDecl &Callee);

/// One step of a touch's chain, worded for a note: "'f' calls 'g'",
/// "'f' does a CPython API call 'PyList_New'".
std::string describeTouchStep(const FunctionDecl &Fn, const GilTouch &Step);

/// True if the translation unit may touch Python at all: it names the
/// CPython API, pybind11 or nanobind.
bool mentionsPython(ASTContext &Ctx);

class GilAnalysis {
public:
  explicit GilAnalysis(CallSummaries &Summaries) : Summaries(Summaries) {}

  /// Where \p FD's body releases and reacquires the GIL (cached).
  const GilRegions &regions(const FunctionDecl *FD);

  /// What \p Site touches of Python when it runs without the GIL, if
  /// anything: the call itself, or what its callee touches.
  std::optional<GilTouch> touchOf(const CallSite &Site);

  /// The first touch of Python in \p FD's body at a point where the GIL is
  /// as the caller left it (cached).
  std::optional<GilTouch> needsGil(const FunctionDecl *FD);

  /// Every call to a function defined in another file that running \p FD
  /// makes with the GIL as \p FD was entered, directly or through its own
  /// user callees: \p FD touches Python if one of them does.
  std::vector<CallElsewhere> callsElsewhere(const FunctionDecl *FD);

  /// The user functions below a touch through \p T.Callee, one per step,
  /// ending at the touch of the Python API itself.
  llvm::SmallVector<std::pair<const FunctionDecl *, GilTouch>, 4>
  chainBelow(const GilTouch &T);

  /// True if a step of \p R's chain below its call runs with the GIL
  /// released by the function it is in (a helper that releases around its
  /// own work).
  bool releasedBelow(const Reach &R);

  /// True if \p Fn reaches \p R's work with the GIL released somewhere on
  /// the way: at the call (or loop) in \p Fn, or below it.
  bool releasedAlong(const FunctionDecl *Fn, const Reach &R);

  CallSummaries &summaries() { return Summaries; }

private:
  std::optional<GilTouch> needsGil(const FunctionDecl *FD, unsigned Depth);
  std::optional<GilTouch> touchOf(const CallSite &Site, unsigned Depth);

  CallSummaries &Summaries;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<GilRegions>> Regions;
  /// needsGil's answers; a function being scanned is in it with no touch,
  /// so recursion ends.
  llvm::DenseMap<const FunctionDecl *, std::optional<GilTouch>> Needs;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_GIL_H
