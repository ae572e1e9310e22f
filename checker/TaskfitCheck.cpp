//===--- TaskfitCheck.cpp - what every taskfit check shares ---------------===//

#include "TaskfitCheck.h"
#include "Options.h"
#include "ProjectMap.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <map>
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

/// The merged project summaries already read, by path, with the file's
/// modification time: an editor's checks are made anew for every build of
/// a file, the summary is read once (and again when it changes).
llvm::Expected<std::shared_ptr<const project::Project>>
loadProjectCached(const std::string &Path) {
  static std::mutex Mutex;
  static std::map<std::string,
                  std::pair<llvm::sys::TimePoint<>,
                            std::shared_ptr<const project::Project>>>
      Cache;
  llvm::sys::fs::file_status Status;
  if (llvm::sys::fs::status(Path, Status) || !llvm::sys::fs::exists(Status))
    return nullptr; // Not made yet: the run is single-TU.
  std::lock_guard<std::mutex> Lock(Mutex);
  auto &Slot = Cache[Path];
  if (Slot.second && Slot.first == Status.getLastModificationTime())
    return Slot.second;
  auto Loaded = project::loadProject({Path});
  if (!Loaded)
    return Loaded.takeError();
  Slot = {Status.getLastModificationTime(),
          std::make_shared<const project::Project>(std::move(*Loaded))};
  return Slot.second;
}

/// The name a file has across translation units: absolute, symbolic links
/// and ".." resolved (clang's "/usr/lib/llvm-19/bin/../lib/gcc/..." paths).
std::string canonicalPath(FileEntryRef File, const SourceManager &SM) {
  return SM.getFileManager().getCanonicalName(File).str();
}

/// A file location as the summary writes it: canonical path, line, column.
project::Place placeOf(SourceLocation Loc, const SourceManager &SM) {
  project::Place P;
  SourceLocation File = SM.getFileLoc(Loc);
  if (File.isInvalid())
    return P;
  if (OptionalFileEntryRef Entry = SM.getFileEntryRefForID(SM.getFileID(File)))
    P.File = canonicalPath(*Entry, SM);
  P.Line = SM.getSpellingLineNumber(File);
  P.Column = SM.getSpellingColumnNumber(File);
  P.Offset = SM.getFileOffset(File);
  return P;
}

/// Every virtual method \p M overrides, directly or through its bases.
llvm::SmallVector<const CXXMethodDecl *, 2>
overriddenMethods(const CXXMethodDecl &M) {
  llvm::SmallVector<const CXXMethodDecl *, 2> Out;
  llvm::SmallVector<const CXXMethodDecl *, 2> Work{&M};
  while (!Work.empty()) {
    const CXXMethodDecl *Next = Work.pop_back_val();
    for (const CXXMethodDecl *O : Next->overridden_methods())
      if (!llvm::is_contained(Out, O->getCanonicalDecl())) {
        Out.push_back(O->getCanonicalDecl());
        Work.push_back(O);
      }
  }
  return Out;
}

std::string mainFileOf(const SourceManager &SM) {
  return placeOf(SM.getLocForStartOfFile(SM.getMainFileID()), SM).File;
}

} // namespace

/// The map step's view of one check's diagnostics: each is formatted here
/// (by a DiagnosticsEngine of its own, so the checks' wording code is the
/// same in every mode), then a finding whose text holds the stand-in for
/// work in another file becomes a pending finding of the TU's summary,
/// with its notes and fix-its, and any other goes on to clang-tidy.
class TaskfitCheck::Capture : public DiagnosticConsumer {
public:
  explicit Capture(TaskfitCheck &Check)
      : Check(Check), Engine(new DiagnosticIDs, new DiagnosticOptions, this,
                             /*ShouldOwnClient=*/false) {}
  ~Capture() override { finishPending(); }

  DiagnosticBuilder report(SourceLocation Loc, StringRef Description,
                           DiagnosticIDs::Level Level, SourceManager &SM) {
    SM_ = &SM;
    Engine.setSourceManager(&SM);
    unsigned ID =
        Engine.getDiagnosticIDs()->getCustomDiagID(Level, Description);
    return Engine.Report(Loc, ID);
  }

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    SourceLocation Loc = Info.getLocation();
    if (Level == DiagnosticsEngine::Note) {
      if (Pending) {
        Pending->Notes.push_back({placeOf(Loc, *SM_), std::string(Text)});
        return;
      }
      Check.forward(Loc, Text, DiagnosticIDs::Note, Info.getFixItHints());
      return;
    }
    finishPending();
    if (!StringRef(Text).contains(project::WorkMarker) || !Check.LastStandIn) {
      Check.PendingNeedsGilHeld = false;
      Check.forward(Loc, Text,
                    Level == DiagnosticsEngine::Error ? DiagnosticIDs::Error
                                                      : DiagnosticIDs::Warning,
                    Info.getFixItHints());
      return;
    }
    startPending(Level, Text, Info);
  }

  /// Files the finding being captured into the TU's summary. Findings
  /// outside the main file are left to the TU that owns that file.
  void finishPending() {
    if (!Pending)
      return;
    if (InMainFile)
      projectmap::withUnit(mainFileOf(*SM_), [&](project::UnitSummary &U) {
        U.Pending.push_back(std::move(*Pending));
      });
    Pending.reset();
  }

private:
  /// Starts capturing the finding \p Info, worded \p Text, whose work is
  /// the check's last stand-in for work in another file.
  void startPending(DiagnosticsEngine::Level Level, StringRef Text,
                    const Diagnostic &Info) {
    SourceLocation Loc = Info.getLocation();
    Pending.emplace();
    Pending->Check = Check.getID().str();
    Pending->Kind = Check.LastStandIn->Category.Kind;
    Pending->Symbol = Check.LastStandIn->Symbol;
    Pending->GilHeld = Check.PendingNeedsGilHeld;
    Check.PendingNeedsGilHeld = false;
    Pending->Level = Level == DiagnosticsEngine::Error ? "error" : "warning";
    Pending->Message = std::string(Text);
    Pending->At = placeOf(Loc, *SM_);
    InMainFile = SM_->isInMainFile(SM_->getFileLoc(Loc));
    addPendingFixes(Info.getFixItHints());
  }

  /// The fix-its \p Hints of the finding being captured, as replacements
  /// in canonical file paths.
  void addPendingFixes(llvm::ArrayRef<FixItHint> Hints) {
    for (const FixItHint &Hint : Hints) {
      tooling::Replacement R(*SM_, Hint.RemoveRange, Hint.CodeToInsert,
                             Check.CurrentAst->getLangOpts());
      std::string File = R.getFilePath().str();
      if (auto Entry = SM_->getFileManager().getOptionalFileRef(File))
        File = canonicalPath(*Entry, *SM_);
      Pending->Fixes.push_back(
          {File, R.getOffset(), R.getLength(), R.getReplacementText().str()});
    }
  }

  TaskfitCheck &Check;
  DiagnosticsEngine Engine;
  SourceManager *SM_ = nullptr;
  std::optional<project::PendingFinding> Pending;
  bool InMainFile = false;
};

TaskfitCheck::~TaskfitCheck() = default;

DiagnosticBuilder TaskfitCheck::diag(SourceLocation Loc, StringRef Description,
                                     DiagnosticIDs::Level Level) {
  if (!Captured || !CurrentAst)
    return ClangTidyCheck::diag(Loc, Description, Level);
  return Captured->report(Loc, Description, Level,
                          CurrentAst->getSourceManager());
}

void TaskfitCheck::forward(SourceLocation Loc, StringRef Text,
                           DiagnosticIDs::Level Level,
                           llvm::ArrayRef<FixItHint> Hints) {
  DiagnosticBuilder Diag = ClangTidyCheck::diag(Loc, "%0", Level) << Text;
  for (const FixItHint &Hint : Hints)
    Diag << Hint;
}

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
  ResolvedTablePath = resolveTablePath(TablePath, Context->getCurrentFile());
  auto Loaded = DecisionTable::load(ResolvedTablePath);
  if (!Loaded) {
    std::string Message = llvm::toString(Loaded.takeError());
    if (firstConfigError(Context, "taskfit.DecisionTable=" + TablePath))
      configurationDiag("taskfit: invalid decision table '%0':\n%1",
                        DiagnosticIDs::Error)
          << TablePath << Message;
    return;
  }
  if (!OptionsOk)
    return;
  Table = std::move(*Loaded);
  if (projectmap::recording())
    Captured = std::make_unique<Capture>(*this);
  else
    loadProjectSummary(Context);
}

void TaskfitCheck::loadProjectSummary(ClangTidyContext *Context) {
  OptionsView Global("taskfit", Context->getOptions().CheckOptions, Context);
  ProjectSummaryPath = Global.get("ProjectSummary", "").str();
  if (ProjectSummaryPath.empty())
    return;
  auto Loaded = loadProjectCached(
      resolveTablePath(ProjectSummaryPath, Context->getCurrentFile()));
  if (!Loaded) {
    std::string Message = llvm::toString(Loaded.takeError());
    if (firstConfigError(Context,
                         "taskfit.ProjectSummary=" + ProjectSummaryPath))
      configurationDiag("taskfit: invalid project summary '%0': %1",
                        DiagnosticIDs::Error)
          << ProjectSummaryPath << Message;
    Table.reset();
    return;
  }
  Project = std::move(*Loaded);
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
  if (!ProjectSummaryPath.empty())
    Opts["taskfit.ProjectSummary"] =
        ClangTidyOptions::ClangTidyValue(ProjectSummaryPath);
}

void TaskfitCheck::onStartOfTranslationUnit() {
  SharedAnalysis.reset();
  Reported.clear();
  CurrentAst = nullptr;
}

void TaskfitCheck::onEndOfTranslationUnit() {
  if (Captured)
    Captured->finishPending();
  // The first check to end the TU summarizes its functions for the map
  // step, while the AST is still there.
  if (Captured && SharedAnalysis && CurrentAst &&
      projectmap::firstEnd(mainFileOf(CurrentAst->getSourceManager())))
    summarizeUnit(*SharedAnalysis);
  CurrentAst = nullptr;
}

TuAnalysis &TaskfitCheck::analysis(ASTContext &Ctx) {
  CurrentAst = &Ctx;
  if (!SharedAnalysis) {
    ProjectView View;
    if (Captured)
      View.Mode = ExternalMode::Record;
    else if (Project)
      View = {ExternalMode::Resolve, Project.get()};
    SharedAnalysis =
        std::make_unique<TuAnalysis>(Ctx, *Table, LoopOptions, View);
  }
  // The checks of one run read the same global options: one table, one
  // loop cost definition.
  assert(&SharedAnalysis->astContext() == &Ctx &&
         &SharedAnalysis->table() == Table.get() &&
         "one TuAnalysis per translation unit");
  return *SharedAnalysis;
}

std::string TaskfitCheck::describeWork(const WorkItem &Work) {
  if (Work.External) {
    if (!Work.External->StandIn)
      return Work.External->Work;
    LastStandIn = Work.External;
    return project::WorkMarker.str();
  }
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
  assert((Kind == WorkKind::Blocking || Kind == WorkKind::CpuHeavy) &&
         "only work has a kind's advice");
  return Kind == WorkKind::CpuHeavy ? &Heavy : &Blocking;
}

bool TaskfitCheck::firstReportAt(SourceLocation Loc) {
  return Reported.insert(Loc).second;
}

llvm::SmallVector<Reach, 2> TaskfitCheck::bodyReaches(const RunContext &C,
                                                      TuAnalysis &A) {
  if (!C.Elsewhere)
    return A.summaries().summary(C.Body).Reaches;
  llvm::SmallVector<Reach, 2> Out;
  for (const WorkItem &W : A.external().workOf(C.Body))
    Out.push_back({W, /*Call=*/nullptr, /*Next=*/nullptr, /*Depth=*/1});
  return Out;
}

void TaskfitCheck::reportWorkIn(const RunContext &C, WorkKind Kind,
                                TuAnalysis &A) {
  if (C.Elsewhere) {
    for (const Reach &R : bodyReaches(C, A))
      if (R.Work.kind() == Kind)
        reportWorkElsewhere(C, R.Work, A);
    return;
  }
  const BodyFacts &Facts = A.summaries().facts(C.Body);
  // A coroutine only ever started synchronously runs on its starter's
  // thread, with no event loop, until it first suspends.
  auto OnStarter = [&](const Stmt *S, bool UntilScopeEnd) {
    return C.Kind == ContextKind::Coroutine &&
           A.coroutineStarts().runsOnStarter(C.Body, S, UntilScopeEnd);
  };
  for (const CallSite &Site : Facts.Calls) {
    if (OnStarter(Site.Call, Site.Role == CallRole::ScopeExit))
      continue;
    for (const Reach &R : A.summaries().reachesOf(Site))
      if (R.Work.kind() == Kind)
        reportReach(C, Site, R, A);
  }
  if (Kind == WorkKind::CpuHeavy)
    for (const HeavyLoop &Loop : Facts.HeavyLoops)
      if (!OnStarter(Loop.Loop, false))
        reportLoop(C, Loop, A);
}

std::string TaskfitCheck::via(const Reach &R) {
  if (R.Next)
    return " (via " + describeFunction(*R.Next) + ")";
  if (R.Work.External)
    return " (via " + describeFunction(*R.Work.Callee) + ")";
  return "";
}

WorkItem TaskfitCheck::chainNotes(const Reach &R, TuAnalysis &A,
                                  NoteSink Sink) {
  WorkItem Leaf = R.Work;
  for (const ChainStep &Step : A.summaries().chainBelow(R)) {
    std::string Fn = describeFunction(*Step.Function);
    if (Step.Leaf && Step.Leaf->isInFunction()) {
      Leaf = *Step.Leaf;
      Sink(workInFunctionNote(*Step.Function, Leaf));
      continue;
    }
    SourceLocation Call = Step.Call->getExprLoc();
    if (Step.Leaf) {
      Leaf = *Step.Leaf;
      Sink({Call, nullptr,
            Fn + " calls " +
                (Leaf.External ? describeFunction(*Leaf.Callee)
                               : describeWork(Leaf)) +
                " here"});
      externalNotes(Leaf, Call, Sink);
      continue;
    }
    Sink({Call, nullptr,
          Fn + " calls " + describeFunction(*Step.Callee) + " here"});
  }
  return Leaf;
}

WorkItem TaskfitCheck::reachNotes(const FunctionDecl &Fn, const Reach &R,
                                  TuAnalysis &A, NoteSink Sink) {
  std::string Name = describeFunction(Fn);
  if (!R.Call && R.Work.isInFunction()) {
    Sink(workInFunctionNote(Fn, R.Work));
    return R.Work;
  }
  if (!R.Call) {
    // The function is defined in another file: its chain is there.
    externalNotes(R.Work, Fn.getLocation(), Sink);
    return R.Work;
  }
  SourceLocation Call = R.Call->getExprLoc();
  std::string Callee = R.Next            ? describeFunction(*R.Next)
                       : R.Work.External ? describeFunction(*R.Work.Callee)
                                         : describeWork(R.Work);
  Sink({Call, nullptr, Name + " calls " + Callee + " here"});
  if (!R.Next) {
    externalNotes(R.Work, Call, Sink);
    return R.Work;
  }
  return chainNotes(R, A, Sink);
}

TaskfitCheck::ChainNote TaskfitCheck::workInFunctionNote(const FunctionDecl &Fn,
                                                         const WorkItem &Work) {
  std::string Name = describeFunction(Fn);
  if (Work.RecursiveCalls)
    return {Work.Call->getExprLoc(), nullptr,
            Name + " calls itself " + std::to_string(Work.RecursiveCalls) +
                " times per call on a shrinking count, here and after: work "
                "that grows exponentially with it"};
  return {Work.Loop->getBeginLoc(), nullptr,
          Name + " runs a " + describeWork(Work) + " here"};
}

void TaskfitCheck::externalNotes(const WorkItem &Work, SourceLocation Call,
                                 NoteSink Sink) {
  if (!Work.External)
    return;
  if (Work.External->StandIn) {
    // The report step puts the callee's chain here.
    Sink({Call, nullptr, project::ChainMarker.str()});
    return;
  }
  for (const project::Note &N : Work.External->Notes)
    Sink({Call, &N.At, N.Text});
}

void TaskfitCheck::emitNote(const ChainNote &Note) {
  SourceLocation Loc = Note.Loc;
  std::string Text = Note.Text;
  if (Note.At && CurrentAst) {
    // A place in another file of the project: the note points there when
    // the file can be read, else it names the place.
    SourceManager &SM = CurrentAst->getSourceManager();
    SourceLocation There;
    if (auto File = SM.getFileManager().getOptionalFileRef(Note.At->File)) {
      FileID ID = SM.getOrCreateFileID(*File, SrcMgr::C_User);
      There = SM.translateLineCol(ID, Note.At->Line, Note.At->Column);
    }
    if (There.isValid())
      Loc = There;
    else
      Text += " (" + Note.At->File + ":" + std::to_string(Note.At->Line) + ":" +
              std::to_string(Note.At->Column) + ")";
  }
  diag(Loc, "%0", DiagnosticIDs::Note) << Text;
}

WorkItem TaskfitCheck::noteChain(const Reach &R, TuAnalysis &A) {
  return chainNotes(R, A, [&](const ChainNote &N) { emitNote(N); });
}

WorkItem TaskfitCheck::noteReach(const FunctionDecl &Fn, const Reach &R,
                                 TuAnalysis &A) {
  return reachNotes(Fn, R, A, [&](const ChainNote &N) { emitNote(N); });
}

void TaskfitCheck::noteExternal(const WorkItem &Work, SourceLocation Call) {
  externalNotes(Work, Call, [&](const ChainNote &N) { emitNote(N); });
}

void TaskfitCheck::noteWorkInFunction(const FunctionDecl &Fn,
                                      const WorkItem &Work) {
  emitNote(workInFunctionNote(Fn, Work));
}

std::vector<std::string>
TaskfitCheck::unitFiles(const SourceManager &SM) const {
  std::vector<std::string> Files;
  // Every file read, for the cache's key (taskfit-run).
  for (unsigned I = 0, N = SM.local_sloc_entry_size(); I < N; ++I) {
    const SrcMgr::SLocEntry &E = SM.getLocalSLocEntry(I);
    if (!E.isFile())
      continue;
    if (OptionalFileEntryRef File = E.getFile().getContentCache().OrigEntry)
      Files.push_back(canonicalPath(*File, SM));
  }
  // The user's table decides the findings as much as the sources do.
  if (!ResolvedTablePath.empty()) {
    llvm::SmallString<256> Path(ResolvedTablePath);
    llvm::sys::fs::make_absolute(Path);
    Files.push_back(std::string(Path));
  }
  llvm::sort(Files);
  Files.erase(llvm::unique(Files), Files.end());
  return Files;
}

std::optional<project::FunctionRecord>
TaskfitCheck::functionRecord(const FunctionDecl *FD, TuAnalysis &A) {
  const SourceManager &SM = A.astContext().getSourceManager();
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  if (!FD->isThisDeclarationADefinition() || !FD->isExternallyVisible() ||
      FD->isDependentContext() || FD->isTemplateInstantiation() ||
      (Method && Method->getParent()->isLambda()))
    return std::nullopt;
  // Every overrider counts for a virtual call settled across files, even
  // one that reaches nothing or is defined in a header: a missing one
  // would let the others speak for it.
  project::FunctionRecord F;
  if (Method)
    for (const CXXMethodDecl *Overridden : overriddenMethods(*Method))
      F.Overrides.push_back(A.external().symbolOf(Overridden));
  if (F.Overrides.empty() &&
      (!SM.isInMainFile(SM.getFileLoc(FD->getLocation())) ||
       !A.summaries().isFollowed(FD)))
    return std::nullopt;
  F.Symbol = A.external().symbolOf(FD);
  F.Name = describeFunction(*FD);
  F.At = placeOf(FD->getLocation(), SM);
  for (const Reach &R : A.summaries().summary(FD).Reaches) {
    std::vector<project::Note> Notes;
    WorkItem Leaf = reachNotes(*FD, R, A, [&](const ChainNote &N) {
      if (N.Text != project::ChainMarker)
        Notes.push_back({N.At ? *N.At : placeOf(N.Loc, SM), N.Text});
    });
    bool Released = A.gil().releasedAlong(FD, R);
    if (isStandIn(Leaf)) {
      F.Calls.push_back({Leaf.External->Symbol, Leaf.kind(), R.Depth,
                         std::move(Notes), Released});
      continue;
    }
    F.Work.push_back({Leaf.kind(), Leaf.Category->Id, describeWork(Leaf),
                      R.Depth, std::move(Notes), Released});
  }
  if (mentionsPython(A.astContext()))
    summarizePythonTouch(FD, A, F);
  summarizeThreadStart(FD, A, F);
  if (F.Work.empty() && F.Calls.empty() && F.Overrides.empty())
    return std::nullopt;
  return F;
}

/// The record of a fact \p FD has here (a Python touch, a thread start):
/// its first step, then \p Chain down to the fact itself, as notes.
/// \p Note words a step; \p Spelling names the fact at the chain's end.
template <typename Step, typename NoteFn, typename SpellingFn>
static project::WorkRecord
knownFactRecord(WorkKind Fact, const FunctionDecl &FD, const Step &First,
                llvm::ArrayRef<std::pair<const FunctionDecl *, Step>> Chain,
                unsigned Depth, NoteFn Note, SpellingFn Spelling) {
  std::vector<project::Note> Notes{Note(FD, First)};
  for (const auto &[Fn, S] : Chain)
    Notes.push_back(Note(*Fn, S));
  const Step &Last = Chain.empty() ? First : Chain.back().second;
  return {Fact,  workKindName(Fact).str(), Spelling(Last),
          Depth, std::move(Notes),         false};
}

void TaskfitCheck::summarizePythonTouch(const FunctionDecl *FD, TuAnalysis &A,
                                        project::FunctionRecord &F) {
  const SourceManager &SM = A.astContext().getSourceManager();
  std::optional<GilTouch> Touch = A.gil().needsGil(FD);
  if (!Touch || !Touch->isKnown()) {
    // FD touches Python if a function it calls in another file does.
    addCallsElsewhere(A.gil().callsElsewhere(FD), WorkKind::PythonApi, SM, F);
    return;
  }
  // Entered without the GIL, FD touches Python: the first touch, down the
  // chain to the Python API itself.
  auto Chain = A.gil().chainBelow(*Touch);
  F.Work.push_back(knownFactRecord(
      WorkKind::PythonApi, *FD, *Touch, llvm::ArrayRef(Chain),
      static_cast<unsigned>(Chain.size() + 1),
      [&](const FunctionDecl &Fn, const GilTouch &Step) {
        return project::Note{placeOf(Step.Call->getExprLoc(), SM),
                             describeTouchStep(Fn, Step) + " here"};
      },
      [](const GilTouch &Last) {
        return Last.Elsewhere ? Last.Elsewhere->Work
                              : describePythonTouch(*Last.Callee);
      }));
}

void TaskfitCheck::summarizeThreadStart(const FunctionDecl *FD, TuAnalysis &A,
                                        project::FunctionRecord &F) {
  const SourceManager &SM = A.astContext().getSourceManager();
  ThreadStarts &Starts = A.threadStarts();
  std::optional<ThreadStart> Start = Starts.of(FD);
  if (!Start || !Start->isKnown()) {
    // FD starts a thread on every call if a function it calls in another
    // file does.
    addCallsElsewhere(Starts.callsElsewhere(FD), WorkKind::ThreadStart, SM, F);
    return;
  }
  auto Chain = Starts.chainBelow(*Start);
  F.Work.push_back(knownFactRecord(
      WorkKind::ThreadStart, *FD, *Start, llvm::ArrayRef(Chain), Start->Depth,
      [&](const FunctionDecl &Fn, const ThreadStart &Step) {
        return project::Note{placeOf(startStepLoc(Step), SM),
                             describeStartStep(Fn, Step) + " here"};
      },
      [](const ThreadStart &Last) {
        return Last.Spawn ? Last.Spawn->Spelling : Last.Elsewhere->Work;
      }));
}

void TaskfitCheck::addCallsElsewhere(llvm::ArrayRef<CallElsewhere> Calls,
                                     WorkKind Fact, const SourceManager &SM,
                                     project::FunctionRecord &F) {
  for (const CallElsewhere &Call : Calls) {
    std::vector<project::Note> Notes;
    for (size_t I = 0; I < Call.Steps.size(); ++I) {
      auto [Fn, Site] = Call.Steps[I];
      const FunctionDecl *Callee =
          I + 1 < Call.Steps.size() ? Call.Steps[I + 1].first : Call.Target;
      Notes.push_back({placeOf(Site->getExprLoc(), SM),
                       describeFunction(*Fn) + " calls " +
                           describeFunction(*Callee) + " here"});
    }
    F.Calls.push_back({Call.Callee->Symbol, Fact,
                       static_cast<unsigned>(Call.Steps.size()),
                       std::move(Notes), false});
  }
}

void TaskfitCheck::summarizeUnit(TuAnalysis &A) {
  SourceManager &SM = A.astContext().getSourceManager();
  std::string File = mainFileOf(SM);
  std::vector<std::string> Includes = unitFiles(SM);
  for (const FunctionDecl *FD : A.userFunctions())
    if (std::optional<project::FunctionRecord> F = functionRecord(FD, A))
      projectmap::withUnit(File, [&](project::UnitSummary &U) {
        U.Functions.push_back(std::move(*F));
      });
  projectmap::withUnit(
      File, [&](project::UnitSummary &U) { U.Includes = std::move(Includes); });
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
  // a sleep). A function defined in another file is a callee.
  bool ThroughCallee = R.Next || R.Work.External;
  const Advice *Adv = nullptr;
  if (ThroughCallee)
    if (const WorkCategory *KindOnly = kindCategory(Leaf.kind()))
      Adv = Table->advice(*KindOnly, C.Where);
  if (!Adv)
    Adv = Table->advice(*Leaf.Category, C.Where);
  FixPlan Plan =
      planCallFix(C, Site, Leaf, /*Direct=*/!ThroughCallee, A.astContext());
  // A call that reaches blocking work too gets one fix, from the blocking
  // check (to the I/O pool): two rewrites of one call would conflict.
  if (Leaf.kind() == WorkKind::CpuHeavy && !Plan.Hints.empty() &&
      llvm::any_of(A.summaries().reachesOf(Site), [](const Reach &Other) {
        return Other.Work.kind() == WorkKind::Blocking &&
               !isStandIn(Other.Work);
      })) {
    Plan = FixPlan();
    Plan.WhyNot = "no fix from this check: the call also blocks, and "
                  "taskfit-blocking-call-in-async offloads it to "
                  "taskfit::io_pool()";
  }
  {
    DiagnosticBuilder Diag =
        diag(Loc, "%0%1 in %2 %3; %4")
        << describeWork(Leaf) << via(R) << describeContext(C)
        << (Adv ? Adv->Effect : "runs in the wrong place")
        << (Adv ? Adv->Fix : "move it to a context that fits it");
    applyFix(Diag, Plan, Loc, A.astContext().getSourceManager());
  }
  if (R.Next)
    noteChain(R, A);
  else
    noteExternal(R.Work, Loc);
  noteWhyNot(Loc, Plan);
  if (Adv)
    noteRow(Loc, *Adv);
}

void TaskfitCheck::reportWorkElsewhere(const RunContext &C,
                                       const WorkItem &Work, TuAnalysis &A) {
  // Reported where the callable is handed over: the body is in another
  // file, which does not know it runs here. Only offloading helps, hence
  // the kind's advice, and no fix-it: the fix is in the other file or in
  // what is handed over.
  const Expr *Arg = handedOverAt(C);
  SourceLocation Loc = Arg ? Arg->getBeginLoc() : SourceLocation();
  if (Loc.isInvalid() || !firstReportAt(Loc))
    return;
  const Advice *Adv = Table->advice(*kindCategory(Work.kind()), C.Where);
  diag(Loc, "%0 (via %1) in %2 %3; %4")
      << describeWork(Work) << describeFunction(*C.Body) << describeContext(C)
      << (Adv ? Adv->Effect : "runs in the wrong place")
      << (Adv ? Adv->Fix : "move it to a context that fits it");
  noteExternal(Work, Loc);
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
