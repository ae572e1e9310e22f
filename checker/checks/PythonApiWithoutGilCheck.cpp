//===--- PythonApiWithoutGilCheck.cpp - taskfit-python-api-without-gil ----===//

#include "PythonApiWithoutGilCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <vector>

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

namespace {

/// "CPython API call 'PyList_New'", "Python object operation 'list::append'",
/// "construction of a Python object 'list'".
std::string describeTouch(const FunctionDecl &Callee) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&Callee);
  if (!Method && isCPythonFunction(&Callee))
    return "CPython API call '" + Callee.getNameAsString() + "'";
  if (!Method)
    return "Python API call '" + Callee.getNameAsString() + "'";
  std::string Class = Method->getParent()->getNameAsString();
  if (isa<CXXConstructorDecl>(Method))
    return "construction of the Python object '" + Class + "'";
  if (Method->getOverloadedOperator() == OO_Call)
    return "call of the Python object '" + Class + "'";
  if (isa<CXXDestructorDecl>(Method))
    return "destruction of the Python object '" + Class + "'";
  return "Python object operation '" + Class +
         "::" + Method->getNameAsString() + "'";
}

/// \p FD's calls, each before the destructors of its temporaries:
/// `o.attr("f")()` is reported as the attr call, not as the destruction of its
/// result.
llvm::SmallVector<const CallSite *, 16>
callsInReportOrder(const FunctionDecl *FD, TuAnalysis &A) {
  llvm::SmallVector<const CallSite *, 16> Sites;
  for (const CallSite &Site : A.summaries().facts(FD).Calls)
    if (Site.Role != CallRole::ScopeExit)
      Sites.push_back(&Site);
  for (const CallSite &Site : A.summaries().facts(FD).Calls)
    if (Site.Role == CallRole::ScopeExit)
      Sites.push_back(&Site);
  return Sites;
}

} // namespace

void PythonApiWithoutGilCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void PythonApiWithoutGilCheck::check(const MatchFinder::MatchResult &Result) {
  // The GIL is released only through pybind11's / nanobind's
  // gil_scoped_release (call_guard names it too) or PyEval_SaveThread
  // (Py_BEGIN_ALLOW_THREADS): a translation unit that never spells either
  // releases nothing, and most translation units are such.
  IdentifierTable &Idents = Result.Context->Idents;
  if (Idents.find("gil_scoped_release") == Idents.end() &&
      Idents.find("PyEval_SaveThread") == Idents.end())
    return;
  TuAnalysis &A = analysis(*Result.Context);
  llvm::DenseSet<const FunctionDecl *> Checked;
  for (const FunctionDecl *FD : A.userFunctions())
    if (FD && FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
        Checked.insert(FD).second)
      checkFunction(FD, A);
}

void PythonApiWithoutGilCheck::checkFunction(const FunctionDecl *FD,
                                             TuAnalysis &A) {
  const RunContext *Guard = A.bindingUnderReleasedGil(FD);
  const GilRegions &Regions = A.gil().regions(FD);
  // Most functions never release the GIL: nothing more to look at.
  if (!Guard && Regions.States.empty())
    return;
  std::string Where = Guard ? describeContext(*Guard) +
                                  " (run under call_guard<gil_scoped_"
                                  "release>)"
                            : describeFunction(*FD);
  for (const CallSite *Site : callsInReportOrder(FD, A)) {
    GilRegions::Point P = Regions.at(Site->Call);
    bool Released = P.State == GilState::Released ||
                    (P.State == GilState::Inherited && Guard);
    if (Released)
      if (std::optional<GilTouch> Touch = A.gil().touchOf(*Site))
        reportTouch(*Site, *Touch, P, Guard, Where, A);
  }
  if (Guard)
    reportDestroyedParameters(*FD, *Guard);
}

void PythonApiWithoutGilCheck::reportTouch(
    const CallSite &Site, const GilTouch &Touch, const GilRegions::Point &P,
    const RunContext *Guard, const std::string &Where, TuAnalysis &A) {
  SourceLocation Loc = Site.Call->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  const Advice &Advice = findingAdvice("python-api@released-gil");
  auto Chain = A.gil().chainBelow(Touch);
  const FunctionDecl *Leaf =
      Chain.empty() ? Touch.Callee : Chain.back().second.Callee;
  std::string Via = Touch.ThroughUser
                        ? " (via " + describeFunction(*Touch.Callee) + ")"
                        : std::string();
  diag(Loc, "%0%1 while the GIL is released in %2; %3", DiagnosticIDs::Error)
      << describeTouch(*Leaf) << Via << Where << sayAdvice(Advice);
  for (const auto &[Step, StepTouch] : Chain)
    diag(StepTouch.Call->getExprLoc(), "%0 %1 here", DiagnosticIDs::Note)
        << describeFunction(*Step)
        << (StepTouch.ThroughUser
                ? "calls " + describeFunction(*StepTouch.Callee)
                : "does a " + describeTouch(*StepTouch.Callee));
  const SourceManager &SM = A.astContext().getSourceManager();
  if (P.State == GilState::Released && P.Since)
    diag(SM.getExpansionLoc(P.Since->getBeginLoc()), "the GIL is released here",
         DiagnosticIDs::Note);
  else if (Guard)
    if (const Expr *CallGuard = releasingCallGuard(*Guard))
      diag(CallGuard->getBeginLoc(),
           "the GIL is released for the whole call here", DiagnosticIDs::Note);
  noteRow(Loc, Advice);
}

void PythonApiWithoutGilCheck::reportDestroyedParameters(
    const FunctionDecl &FD, const RunContext &Guard) {
  // A Python object taken by value is destroyed when the call returns:
  // under the call guard, without the GIL.
  for (const ParmVarDecl *Param : FD.parameters()) {
    const CXXRecordDecl *RD = Param->getType()->getAsCXXRecordDecl();
    if (!RD || !isPythonObjectType(Param->getType()) ||
        !RD->hasNonTrivialDestructor() || !firstReportAt(Param->getLocation()))
      continue;
    diag(Param->getLocation(),
         "Python object parameter '%0' is destroyed while the GIL is "
         "released in %1; %2",
         DiagnosticIDs::Error)
        << Param->getName() << describeContext(Guard)
        << sayAdvice(findingAdvice("python-object-destroyed@released-gil"));
    if (const Expr *CallGuard = releasingCallGuard(Guard))
      diag(CallGuard->getBeginLoc(),
           "the GIL is released for the whole call here", DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::taskfit
