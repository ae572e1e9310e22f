//===--- TaskfitCheck.cpp - what every taskfit check shares ---------------===//

#include "TaskfitCheck.h"
#include "Options.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <mutex>
#include <set>

namespace clang::tidy::taskfit {

namespace {

/// One analysis per translation unit, shared by the checks. clangd builds
/// several files at once on different threads, hence thread_local. Every
/// check's onStartOfTranslationUnit drops it, so it never outlives its TU
/// into the next one (whose ASTContext may even reuse the address).
thread_local std::unique_ptr<TuAnalysis> SharedAnalysis;

/// Every taskfit check reads the same global options: say what is wrong
/// with them once per run, not once per check.
bool firstConfigError(const ClangTidyContext *Context, const std::string &Key) {
  static std::mutex Mutex;
  static std::set<std::pair<const ClangTidyContext *, std::string>> Seen;
  std::lock_guard<std::mutex> Lock(Mutex);
  return Seen.insert({Context, Key}).second;
}

/// A relative table path names a file next to the .clang-tidy that set
/// it: the nearest directory above the checked file that has both a
/// .clang-tidy and that path. Otherwise it is relative to the working
/// directory, as on a command line.
std::string resolveTablePath(StringRef Path, StringRef CurrentFile) {
  if (Path.empty() || llvm::sys::path::is_absolute(Path) || CurrentFile.empty())
    return Path.str();
  llvm::SmallString<256> Dir(CurrentFile);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  for (StringRef D = Dir; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Config(D), Candidate(D);
    llvm::sys::path::append(Config, ".clang-tidy");
    llvm::sys::path::append(Candidate, Path);
    if (llvm::sys::fs::exists(Config) && llvm::sys::fs::exists(Candidate))
      return std::string(Candidate);
  }
  return Path.str();
}

} // namespace

TaskfitCheck::TaskfitCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ShowTableRow(
          getBoolOption(*this, Options, getID(), "ShowTableRow")
              .value_or(getBoolOption(
                  *this,
                  OptionsView("taskfit", Context->getOptions().CheckOptions,
                              Context),
                  "taskfit", "ShowTableRow", true))),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  OptionsView Global("taskfit", Context->getOptions().CheckOptions, Context);

  // What counts as a CPU-heavy loop is one definition for all checks. A bad
  // value is an error, not a silent fallback to the default.
  bool OptionsOk = true;
  auto ReadCount = [&](StringRef Key, uint64_t Min, uint64_t &Out) {
    std::optional<StringRef> Text = Global.get(Key);
    if (!Text)
      return;
    uint64_t Value = 0;
    if (Text->trim().getAsInteger(10, Value) || Value < Min) {
      OptionsOk = false;
      if (firstConfigError(Context, "taskfit." + Key.str()))
        configurationDiag("taskfit: invalid value '%0' for option "
                          "'taskfit.%1': expected an integer >= %2",
                          DiagnosticIDs::Error)
            << *Text << Key << static_cast<unsigned>(Min);
      return;
    }
    Out = Value;
  };
  uint64_t Depth = LoopOptions.MinNestDepth;
  ReadCount("LoopNestDepth", 1, Depth);
  LoopOptions.MinNestDepth =
      static_cast<unsigned>(std::min<uint64_t>(Depth, 64));
  ReadCount("LoopTripCount", 1, LoopOptions.MinTripCount);

  TablePath = Global.get("DecisionTable", "").str();
  auto Loaded = DecisionTable::load(
      resolveTablePath(TablePath, Context->getCurrentFile()));
  if (!Loaded) {
    std::string Message = llvm::toString(Loaded.takeError());
    if (firstConfigError(Context, "taskfit.DecisionTable=" + TablePath))
      configurationDiag("taskfit: invalid decision table '%0':\n%1",
                        DiagnosticIDs::Error)
          << TablePath << Message;
    return;
  }
  if (OptionsOk)
    Table = std::move(*Loaded);
}

void TaskfitCheck::registerPPCallbacks(const SourceManager &SM,
                                       Preprocessor *PP,
                                       Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void TaskfitCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  storeBoolOption(Options, Opts, "ShowTableRow", ShowTableRow);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
  if (!TablePath.empty())
    Opts["taskfit.DecisionTable"] = ClangTidyOptions::ClangTidyValue(TablePath);
}

void TaskfitCheck::onStartOfTranslationUnit() {
  SharedAnalysis.reset();
  Reported.clear();
}

TuAnalysis &TaskfitCheck::analysis(ASTContext &Ctx) {
  if (!SharedAnalysis)
    SharedAnalysis = std::make_unique<TuAnalysis>(Ctx, *Table, LoopOptions);
  // The checks of one run read the same global options: one table, one
  // loop cost definition.
  assert(&SharedAnalysis->astContext() == &Ctx &&
         &SharedAnalysis->table() == Table.get() &&
         "one TuAnalysis per translation unit");
  return *SharedAnalysis;
}

std::string TaskfitCheck::describeWork(const WorkItem &Work) const {
  if (Work.RecursiveCalls)
    return "CPU-heavy tree recursion '" + Work.Callee->getNameAsString() + "'";
  if (Work.Loop) {
    if (Work.LoopDepth >= 2)
      return "CPU-heavy loop nest of depth " + std::to_string(Work.LoopDepth);
    return "CPU-heavy loop";
  }
  std::string Callee;
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Work.Call)) {
    PrintingPolicy Policy(Work.Callee->getASTContext().getLangOpts());
    Policy.SuppressTagKeyword = true;
    Callee = Construct->getType().getUnqualifiedType().getAsString(Policy);
  } else if (const auto *Method = dyn_cast<CXXMethodDecl>(Work.Callee);
             Method && !isa_and_nonnull<CXXOperatorCallExpr>(Work.Call)) {
    Callee = Method->getParent()->getNameAsString() +
             "::" + Method->getNameAsString();
  } else {
    Callee = Work.Callee->getNameAsString();
  }
  std::string Kind =
      Work.kind() == WorkKind::CpuHeavy ? "CPU-heavy" : "blocking";
  return Kind + " " + Work.Category->Label + " '" + Callee + "'";
}

const WorkCategory *TaskfitCheck::kindCategory(WorkKind Kind) const {
  // A category of this kind whose own advice is the kind's advice.
  static const WorkCategory Blocking{"blocking", WorkKind::Blocking, ""};
  static const WorkCategory Heavy{"cpu-heavy", WorkKind::CpuHeavy, ""};
  return Kind == WorkKind::CpuHeavy ? &Heavy : &Blocking;
}

bool TaskfitCheck::firstReportAt(SourceLocation Loc) {
  return Reported.insert(Loc).second;
}

void TaskfitCheck::reportWorkIn(const RunContext &C, WorkKind Kind,
                                TuAnalysis &A) {
  const BodyFacts &Facts = A.summaries().facts(C.Body);
  for (const CallSite &Site : Facts.Calls)
    for (const Reach &R : A.summaries().reachesOf(Site))
      if (R.Work.kind() == Kind)
        reportReach(C, Site, R, A);
  if (Kind == WorkKind::CpuHeavy)
    for (const HeavyLoop &Loop : Facts.HeavyLoops)
      reportLoop(C, Loop, A);
}

WorkItem TaskfitCheck::noteChain(const Reach &R, TuAnalysis &A) {
  WorkItem Leaf = R.Work;
  for (const ChainStep &Step : A.summaries().chainBelow(R)) {
    std::string Fn = describeFunction(*Step.Function);
    if (Step.Leaf && Step.Leaf->isInFunction()) {
      Leaf = *Step.Leaf;
      noteWorkInFunction(*Step.Function, Leaf);
      continue;
    }
    if (Step.Leaf) {
      Leaf = *Step.Leaf;
      diag(Step.Call->getExprLoc(), "%0 calls %1 here", DiagnosticIDs::Note)
          << Fn << describeWork(Leaf);
      continue;
    }
    diag(Step.Call->getExprLoc(), "%0 calls %1 here", DiagnosticIDs::Note)
        << Fn << describeFunction(*Step.Callee);
  }
  return Leaf;
}

WorkItem TaskfitCheck::noteReach(const FunctionDecl &Fn, const Reach &R,
                                 TuAnalysis &A) {
  std::string Name = describeFunction(Fn);
  if (!R.Call && R.Work.isInFunction()) {
    noteWorkInFunction(Fn, R.Work);
    return R.Work;
  }
  if (!R.Call)
    return R.Work;
  diag(R.Call->getExprLoc(), "%0 calls %1 here", DiagnosticIDs::Note)
      << Name << (R.Next ? describeFunction(*R.Next) : describeWork(R.Work));
  return R.Next ? noteChain(R, A) : R.Work;
}

void TaskfitCheck::noteWorkInFunction(const FunctionDecl &Fn,
                                      const WorkItem &Work) {
  if (Work.RecursiveCalls) {
    diag(Work.Call->getExprLoc(),
         "%0 calls itself %1 times per call on a shrinking count, here and "
         "after: work that grows exponentially with it",
         DiagnosticIDs::Note)
        << describeFunction(Fn) << Work.RecursiveCalls;
    return;
  }
  diag(Work.Loop->getBeginLoc(), "%0 runs a %1 here", DiagnosticIDs::Note)
      << describeFunction(Fn) << describeWork(Work);
}

void TaskfitCheck::readCountOption(StringRef Key, uint64_t Min, uint64_t &Out) {
  std::optional<StringRef> Text = Options.get(Key);
  if (!Text)
    return;
  uint64_t Value = 0;
  if (Text->trim().getAsInteger(10, Value) || Value < Min) {
    configurationDiag("taskfit: invalid value '%0' for option '%1.%2': "
                      "expected an integer >= %3",
                      DiagnosticIDs::Error)
        << *Text << getID() << Key << static_cast<unsigned>(Min);
    Table.reset();
    return;
  }
  Out = Value;
}

void TaskfitCheck::reportReach(const RunContext &C, const CallSite &Site,
                               const Reach &R, TuAnalysis &A) {
  SourceLocation Loc = Site.Call->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  // Word the finding by the work at the end of the chain.
  WorkItem Leaf = R.Work;
  if (R.Next)
    for (const ChainStep &Step : A.summaries().chainBelow(R)) {
      if (Step.Leaf)
        Leaf = *Step.Leaf;
      // A context nearer to the work (a request handler the connection's
      // read handler dispatches to) reports it, where it can be fixed.
      if (A.contexts().isContextBody(Step.Function, C.Where))
        return;
    }
  // Through a callee only offloading helps, whatever the work: the advice
  // of its kind; a direct call gets its category's own advice (a timer for
  // a sleep).
  const Advice *Adv = nullptr;
  if (R.Next)
    if (const WorkCategory *KindOnly = kindCategory(Leaf.kind()))
      Adv = Table->advice(*KindOnly, C.Where);
  if (!Adv)
    Adv = Table->advice(*Leaf.Category, C.Where);
  std::string Via =
      R.Next ? " (via " + describeFunction(*R.Next) + ")" : std::string();
  FixPlan Plan = planCallFix(C, Site, Leaf, /*Direct=*/!R.Next, A.astContext());
  // A call that reaches blocking work too gets one fix, from the blocking
  // check (to the I/O pool): two rewrites of one call would conflict.
  if (Leaf.kind() == WorkKind::CpuHeavy && !Plan.Hints.empty() &&
      llvm::any_of(A.summaries().reachesOf(Site), [](const Reach &Other) {
        return Other.Work.kind() == WorkKind::Blocking;
      })) {
    Plan = FixPlan();
    Plan.WhyNot = "no fix from this check: the call also blocks, and "
                  "taskfit-blocking-call-in-async offloads it to "
                  "taskfit::io_pool()";
  }
  {
    DiagnosticBuilder Diag =
        diag(Loc, "%0%1 in %2 %3; %4")
        << describeWork(Leaf) << Via << describeContext(C)
        << (Adv ? Adv->Effect : "runs in the wrong place")
        << (Adv ? Adv->Fix : "move it to a context that fits it");
    applyFix(Diag, Plan, Loc, A.astContext().getSourceManager());
  }
  if (R.Next)
    noteChain(R, A);
  noteWhyNot(Loc, Plan);
  if (Adv)
    noteRow(Loc, *Adv);
}

void TaskfitCheck::reportLoop(const RunContext &C, const HeavyLoop &Loop,
                              TuAnalysis &A) {
  SourceLocation Loc = Loop.Loop->getBeginLoc();
  if (!firstReportAt(Loc))
    return;
  WorkItem Work = loopWork(Loop, A.classifier().loopCategory());
  if (!Work.Category)
    return;
  const Advice *Adv = Table->advice(*Work.Category, C.Where);
  FixPlan Plan = planLoopFix(C, Loop, A.astContext());
  {
    DiagnosticBuilder Diag =
        diag(Loc, "%0 with no suspension point in %1 %2; %3")
        << describeWork(Work) << describeContext(C)
        << (Adv ? Adv->Effect : "runs in the wrong place")
        << (Adv ? Adv->Fix : "move it to a context that fits it");
    applyFix(Diag, Plan, Loc, A.astContext().getSourceManager());
  }
  noteWhyNot(Loc, Plan);
  if (Adv)
    noteRow(Loc, *Adv);
}

void TaskfitCheck::applyFix(DiagnosticBuilder &Diag, const FixPlan &Plan,
                            SourceLocation Loc, const SourceManager &SM) {
  if (Plan.Hints.empty())
    return;
  for (const FixItHint &Hint : Plan.Hints)
    Diag << Hint;
  FileID File = SM.getFileID(SM.getExpansionLoc(Loc));
  for (const std::string &Header : Plan.Headers)
    if (std::optional<FixItHint> Include =
            Inserter.createIncludeInsertion(File, Header))
      Diag << *Include;
}

void TaskfitCheck::noteWhyNot(SourceLocation Loc, const FixPlan &Plan) {
  if (Plan.Hints.empty() && !Plan.WhyNot.empty())
    diag(Loc, Plan.WhyNot, DiagnosticIDs::Note);
}

std::string TaskfitCheck::sayAdvice(const Advice &A, StringRef Joiner) {
  if (A.Effect.empty() || A.Fix.empty())
    return A.Effect + A.Fix;
  return A.Effect + Joiner.str() + A.Fix;
}

void TaskfitCheck::noteRow(SourceLocation Loc, const Advice &A) {
  if (!ShowTableRow)
    return;
  const TableRow *R = Table->row(A.Row);
  if (!R)
    return;
  // A row may leave "does not fit" empty (Thread-safe Queue does).
  diag(Loc, "decision table, %0 row: fits %1%select{|; does not fit %3}2",
       DiagnosticIDs::Note)
      << R->Model << R->Fits << !R->DoesNotFit.empty() << R->DoesNotFit;
}

} // namespace clang::tidy::taskfit
