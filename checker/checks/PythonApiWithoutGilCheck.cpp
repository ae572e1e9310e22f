//===--- PythonApiWithoutGilCheck.cpp - taskfit-python-api-without-gil ----===//

#include "PythonApiWithoutGilCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <vector>

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

namespace {

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
  for (const RunContext &C : A.contexts().all())
    if (C.Where == RunsOn::Python && C.Elsewhere)
      checkBindingElsewhere(C, A);
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
  const GilTouch &Last = Chain.empty() ? Touch : Chain.back().second;
  std::string Via = Touch.ThroughUser || Touch.Elsewhere
                        ? " (via " + describeFunction(*Touch.Callee) + ")"
                        : std::string();
  diag(Loc, "%0%1 while the GIL is released in %2; %3", DiagnosticIDs::Error)
      << describeTouched(Last) << Via << Where << sayAdvice(Advice);
  for (const auto &[Step, StepTouch] : Chain)
    diag(StepTouch.Call->getExprLoc(), "%0 here", DiagnosticIDs::Note)
        << describeTouchStep(*Step, StepTouch);
  if (Last.Elsewhere)
    noteExternal(Last.elsewhereWork(), Last.Call->getExprLoc());
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

std::string PythonApiWithoutGilCheck::describeTouched(const GilTouch &T) {
  return T.Elsewhere ? describeWork(T.elsewhereWork())
                     : describePythonTouch(*T.Callee);
}

void PythonApiWithoutGilCheck::checkBindingElsewhere(const RunContext &C,
                                                     TuAnalysis &A) {
  // `m.def("f", &f, call_guard<gil_scoped_release>())` with f defined in
  // another file: the whole call runs without the GIL, and only the
  // project knows whether f touches Python.
  const Expr *CallGuard = releasingCallGuard(C);
  const ExternalWork *Touch =
      CallGuard ? A.external().factOf(C.Body, WorkKind::PythonApi) : nullptr;
  const Expr *Arg = Touch ? handedOverAt(C) : nullptr;
  if (!Arg || !firstReportAt(Arg->getBeginLoc()))
    return;
  WorkItem Work = externalItem(*Touch, C.Body, nullptr);
  const Advice &Advice = findingAdvice("python-api@released-gil");
  SourceLocation Loc = Arg->getBeginLoc();
  diag(Loc,
       "%0 (via %1) while the GIL is released in %2 (run under "
       "call_guard<gil_scoped_release>); %3",
       DiagnosticIDs::Error)
      << describeWork(Work) << describeFunction(*C.Body) << describeContext(C)
      << sayAdvice(Advice);
  noteExternal(Work, Loc);
  diag(CallGuard->getBeginLoc(), "the GIL is released for the whole call here",
       DiagnosticIDs::Note);
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
