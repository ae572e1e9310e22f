//===--- PythonApiWithoutGilCheck.h - taskfit-python-api-without-gil
//---------===//
//
// The GIL row, its other side: Python objects and the CPython API need the
// GIL. Touching them where the code has released it is a crash, not a
// slowdown, so this check reports errors.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_CHECKS_PYTHONAPIWITHOUTGILCHECK_H
#define TASKFIT_CHECKER_CHECKS_PYTHONAPIWITHOUTGILCHECK_H

#include "../TaskfitCheck.h"

namespace clang::tidy::taskfit {

/// Flags Python object operations and CPython API calls, direct or through
/// helpers, in a gil_scoped_release scope, between Py_BEGIN_ALLOW_THREADS
/// and Py_END_ALLOW_THREADS, or in a binding run under
/// call_guard<gil_scoped_release>, with no gil_scoped_acquire around them.
///
/// For the user-facing documentation see:
/// docs/checks/taskfit-python-api-without-gil.md
class PythonApiWithoutGilCheck : public TaskfitCheck {
public:
  PythonApiWithoutGilCheck(StringRef Name, ClangTidyContext *Context)
      : TaskfitCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// Reports \p FD's touches of Python where the GIL is released.
  void checkFunction(const FunctionDecl *FD, TuAnalysis &A);
  /// Reports one call that touches Python (\p Touch) at a point \p P
  /// where the GIL is released, with the chain to the touch and where the
  /// GIL was released.
  void reportTouch(const CallSite &Site, const GilTouch &Touch,
                   const GilRegions::Point &P, const RunContext *Guard,
                   const std::string &Where, TuAnalysis &A);
  /// "CPython API call 'PyList_New'", or what the project says a function
  /// defined in another file touches.
  std::string describeTouched(const GilTouch &T);
  /// A binding run under call_guard<gil_scoped_release> of a function
  /// defined in another file that touches Python.
  void checkBindingElsewhere(const RunContext &C, TuAnalysis &A);
  /// Python objects \p FD takes by value, destroyed without the GIL when a
  /// binding run under \p Guard returns.
  void reportDestroyedParameters(const FunctionDecl &FD,
                                 const RunContext &Guard);
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_CHECKS_PYTHONAPIWITHOUTGILCHECK_H
