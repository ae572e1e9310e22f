//===--- GilHeldInLongCallCheck.cpp - taskfit-gil-held-in-long-call -------===//

#include "GilHeldInLongCallCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

namespace {

/// The first long work a binding's function does with the GIL held: a call
/// that is or reaches blocking / CPU-heavy work (Site), or work written in
/// the function itself (no Site): a heavy loop, tree recursion.
struct HeldWork {
  const CallSite *Site = nullptr;
  Reach R;
};

/// Work in a function defined in another file counts when the project
/// summary has a witness that keeps the GIL held all the way (a function
/// that releases it around its own work does not hold it); a stand-in for
/// it (the map step) is asked about only if nothing known here is found
/// (\p StandIns), and is settled by such a witness.
bool holdsGil(const WorkItem &W, bool StandIns) {
  if (!W.External)
    return true;
  return W.External->StandIn ? StandIns : W.External->GilHeld;
}

/// True if \p S is \p Within or inside it.
bool isWithin(const Stmt *S, const Stmt *Within) {
  if (S == Within)
    return true;
  return llvm::any_of(Within->children(), [&](const Stmt *Child) {
    return Child && isWithin(S, Child);
  });
}

/// True if \p R, reached from \p Body, ends at a sort of a local container
/// the sorting function filled in a loop that uses the Python API
/// (`for (auto item : list) out.push_back(py::cast<T>(item));
/// std::sort(out.begin(), out.end());`): that loop needs the GIL and walks
/// the same elements one by one, so the sort costs about what the
/// conversion does, and releasing the GIL for it alone gains little.
bool sortsConvertedInput(const FunctionDecl *Body, const Reach &R,
                         TuAnalysis &A) {
  const FunctionDecl *Fn = Body;
  WorkItem Leaf = R.Work;
  if (R.Next)
    for (const ChainStep &Step : A.summaries().chainBelow(R))
      if (Step.Leaf) {
        Leaf = *Step.Leaf;
        Fn = Step.Function;
      }
  const auto *Sort = dyn_cast_or_null<CallExpr>(Leaf.Call);
  if (!Leaf.Category || Leaf.Category->Id != "sort" || !Sort ||
      Sort->getNumArgs() == 0 || Leaf.External)
    return false;
  const Expr *Container = iteratedContainer(Sort->getArg(0));
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
      Container ? Container->IgnoreParenImpCasts() : nullptr);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->isLocalVarDecl())
    return false;
  const BodyFacts &Facts = A.summaries().facts(Fn);
  for (const CallSite &Fill : Facts.Calls) {
    const auto *Push = dyn_cast<CXXMemberCallExpr>(Fill.Call);
    const auto *Object =
        Push ? dyn_cast<DeclRefExpr>(
                   Push->getImplicitObjectArgument()->IgnoreParenImpCasts())
             : nullptr;
    if (!Object || Object->getDecl() != Var || !Fill.Callee->getIdentifier() ||
        !llvm::is_contained({"push_back", "emplace_back", "insert", "emplace"},
                            Fill.Callee->getName()))
      continue;
    const Stmt *Loop = enclosingLoop(Push, Fn);
    if (Loop && llvm::any_of(Facts.Calls, [&](const CallSite &Touch) {
          return isWithin(Touch.Call, Loop) && A.gil().touchOf(Touch);
        }))
      return true;
  }
  return false;
}

std::optional<HeldWork> findHeldWork(const FunctionDecl *Body, TuAnalysis &A,
                                     bool StandIns) {
  // The bound function itself is defined in another file (bindings.cpp
  // apart from the implementation): the project summary says.
  if (A.external().isExternal(Body)) {
    for (const WorkItem &W : A.external().workOf(Body))
      if (holdsGil(W, StandIns))
        return HeldWork{nullptr, Reach{W, nullptr, nullptr, 0}};
    return std::nullopt;
  }
  const BodyFacts &Facts = A.summaries().facts(Body);
  const GilRegions &Regions = A.gil().regions(Body);
  llvm::SmallVector<WorkItem, 2> Own =
      ownWork(Facts, Body, A.classifier().loopCategory());
  // Tree recursion is the binding's own work, not a call to report.
  for (const WorkItem &W : Own)
    if (W.RecursiveCalls && Regions.at(W.where()).State != GilState::Released)
      return HeldWork{nullptr, Reach{W, nullptr, nullptr, 0}};
  for (const CallSite &Site : Facts.Calls) {
    if (Regions.at(Site.Call).State == GilState::Released)
      continue;
    for (const Reach &R : A.summaries().reachesOf(Site))
      if (R.Work.kind() != WorkKind::None && holdsGil(R.Work, StandIns) &&
          !A.gil().releasedBelow(R) && !sortsConvertedInput(Body, R, A))
        return HeldWork{&Site, R};
  }
  for (const WorkItem &W : Own)
    if (Regions.at(W.where()).State != GilState::Released)
      return HeldWork{nullptr, Reach{W, nullptr, nullptr, 0}};
  return std::nullopt;
}

/// The work a finding names (the end of the chain below a call) and where
/// the binding's function does it, or makes the call that leads to it.
std::pair<WorkItem, SourceLocation> wordedWork(const HeldWork &Held,
                                               TuAnalysis &A) {
  if (!Held.Site && Held.R.Work.External)
    return {Held.R.Work, SourceLocation()};
  if (!Held.Site)
    return {Held.R.Work, Held.R.Work.where()->getBeginLoc()};
  WorkItem Leaf = Held.R.Work;
  if (Held.R.Next)
    for (const ChainStep &Step : A.summaries().chainBelow(Held.R))
      if (Step.Leaf)
        Leaf = *Step.Leaf;
  return {Leaf, Held.Site->Call->getExprLoc()};
}

/// True if the binding's function takes or returns a Python object, or uses
/// the Python API: it needs the GIL while it runs.
bool touchesPython(const RunContext &C, TuAnalysis &A) {
  for (const ParmVarDecl *P : C.Body->parameters())
    if (isPythonObjectType(P->getType()))
      return true;
  // A touch known here: one that may happen in another file (the map
  // step's stand-in) leaves the fix-it as one file at a time would.
  std::optional<GilTouch> Touch = A.gil().needsGil(C.Body);
  return isPythonObjectType(C.Body->getReturnType()) ||
         (Touch && Touch->isKnown());
}

} // namespace

void GilHeldInLongCallCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void GilHeldInLongCallCheck::check(const MatchFinder::MatchResult &Result) {
  TuAnalysis &A = analysis(*Result.Context);
  for (const RunContext &C : A.contexts().all())
    if (C.Where == RunsOn::Python && !releasingCallGuard(C))
      checkBinding(C, A);
}

void GilHeldInLongCallCheck::checkBinding(const RunContext &C, TuAnalysis &A) {
  std::optional<HeldWork> Held = findHeldWork(C.Body, A, false);
  if (!Held)
    Held = findHeldWork(C.Body, A, true);
  if (!Held)
    return;
  const Expr *Bound = handedOverAt(C);
  SourceLocation Loc = Bound ? Bound->getBeginLoc() : C.Body->getLocation();
  if (Loc.isMacroID())
    Loc = A.astContext().getSourceManager().getExpansionLoc(Loc);
  if (!firstReportAt(Loc))
    return;
  // A bound function defined in another file may block or compute: one
  // pending finding per kind, the report keeps the first that holds.
  if (!Held->Site && isStandIn(Held->R.Work)) {
    for (const WorkItem &W : A.external().workOf(C.Body))
      reportHeld(C, nullptr, Reach{W, nullptr, nullptr, 0}, Loc, A);
    return;
  }
  reportHeld(C, Held->Site, Held->R, Loc, A);
}

void GilHeldInLongCallCheck::reportHeld(const RunContext &C,
                                        const CallSite *Site, const Reach &R,
                                        SourceLocation Loc, TuAnalysis &A) {
  HeldWork Held{Site, R};
  auto [Leaf, WorkLoc] = wordedWork(Held, A);
  if (!Leaf.Category)
    return;
  if (isStandIn(Leaf))
    settleWithGilHeld();
  // Defined in another file: whether it touches Python objects is known
  // there only, so releasing the GIL for the whole call is not offered.
  bool Elsewhere = !Held.Site && Leaf.External;
  if (Elsewhere)
    WorkLoc = Loc;
  const Advice *Adv = nullptr;
  if (const WorkCategory *KindOnly = kindCategory(Leaf.kind()))
    Adv = table()->advice(*KindOnly, C.Where);
  std::string Via = Held.Site ? via(Held.R) : std::string();

  // Releasing for the whole call is only safe if the function touches no
  // Python object: the guard is in place while it runs.
  bool KnownLibrary = !bindingLibrary(C.Api).empty();
  bool NeedsGil = KnownLibrary && !Elsewhere && touchesPython(C, A);
  FixPlan Plan;
  if (Elsewhere)
    Plan.WhyNot = "no automatic fix: " + describeFunction(*C.Body) +
                  " is defined in another file; release the GIL there "
                  "around the long work, with no Python object in between";
  else if (KnownLibrary && !NeedsGil)
    Plan = planGilReleaseFix(C, A.astContext());
  {
    DiagnosticBuilder Diag = diag(Loc, "%0%1 in %2 %3; %4")
                             << describeWork(Leaf) << Via << describeContext(C)
                             << (Adv ? Adv->Effect : "holds the GIL")
                             << (Adv ? Adv->Fix : "release the GIL around it");
    applyFix(Diag, Plan, Loc, A.astContext().getSourceManager());
  }
  if (Elsewhere)
    noteExternal(Leaf, Loc);
  else if (!Held.Site)
    noteWorkInFunction(*C.Body, Leaf);
  else
    noteReach(*C.Body, Held.R, A);
  if (Elsewhere)
    noteWhyNot(Loc, Plan);
  else
    noteHowToRelease(C, Loc, WorkLoc, NeedsGil, Plan, A);
  if (Adv)
    noteRow(Loc, *Adv);
}

void GilHeldInLongCallCheck::noteHowToRelease(
    const RunContext &C, SourceLocation Loc, SourceLocation WorkLoc,
    bool NeedsGil, const FixPlan &Plan, TuAnalysis &A) {
  if (bindingLibrary(C.Api).empty())
    // A method table entry, or a binding API the user's table declares.
    diag(WorkLoc,
         isa<InitListExpr>(C.Origin)
             ? "release the GIL around the long work: Py_BEGIN_ALLOW_THREADS "
               "before it, Py_END_ALLOW_THREADS after it, and no Python "
               "object in between"
             : "release the GIL around the long work (a gil_scoped_release "
               "block, or Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS), "
               "with no Python object in between",
         DiagnosticIDs::Note);
  else if (NeedsGil)
    noteNeedsGil(C, WorkLoc, A);
  else
    noteWhyNot(Loc, Plan);
}

bool GilHeldInLongCallCheck::noteNeedsGil(const RunContext &C,
                                          SourceLocation WorkLoc,
                                          TuAnalysis &A) {
  std::string NS = namespaceSpelling(bindingLibrary(C.Api),
                                     C.Origin->getBeginLoc(), A.astContext());
  std::string Instead = "; release it only around the long work: { " + NS +
                        "::gil_scoped_release release; ... }";
  std::string Fn = describeFunction(*C.Body);
  for (const ParmVarDecl *P : C.Body->parameters())
    if (isPythonObjectType(P->getType())) {
      diag(P->getLocation(),
           "no automatic fix: %0 takes the Python object '%1', which needs "
           "the GIL while the call runs%2",
           DiagnosticIDs::Note)
          << Fn << P->getName() << Instead;
      return true;
    }
  if (isPythonObjectType(C.Body->getReturnType())) {
    diag(C.Body->getLocation(),
         "no automatic fix: %0 returns a Python object, which needs the GIL "
         "while the call runs%1",
         DiagnosticIDs::Note)
        << Fn << Instead;
    return true;
  }
  if (std::optional<GilTouch> Touch = A.gil().needsGil(C.Body);
      Touch && Touch->isKnown()) {
    diag(Touch->Call->getExprLoc(),
         "no automatic fix: %0 uses the Python API here, which needs the "
         "GIL%1",
         DiagnosticIDs::Note)
        << Fn << Instead;
    return true;
  }
  return false;
}

} // namespace clang::tidy::taskfit
