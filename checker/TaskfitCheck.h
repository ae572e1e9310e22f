//===--- TaskfitCheck.h - what every taskfit check shares -----------------===//
//
// The base of the taskfit checks: it loads the decision table named by the
// global option `taskfit.DecisionTable` (reporting a broken table as a
// configuration error), shares one per-translation-unit analysis between
// all checks, and words findings, their call-chain notes and their fix-its
// one way for every check (docs/architecture.md).
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_TASKFITCHECK_H
#define TASKFIT_CHECKER_TASKFITCHECK_H

#include "DecisionTable.h"
#include "analysis/FixIts.h"
#include "analysis/ProjectSummary.h"
#include "analysis/TuAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>

namespace clang::tidy::taskfit {

class TaskfitCheck : public ClangTidyCheck {
public:
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;
  void onEndOfTranslationUnit() override;
  ~TaskfitCheck() override;

protected:
  TaskfitCheck(StringRef Name, ClangTidyContext *Context);

  /// The merged decision table, or null if the user's table or the global
  /// options are broken (the error has been reported; the check then does
  /// nothing).
  const DecisionTable *table() const { return Table.get(); }

  /// The analysis shared by every taskfit check for the current TU: made
  /// on the first request after the TU starts, dropped when the next one
  /// starts (onStartOfTranslationUnit).
  TuAnalysis &analysis(ASTContext &Ctx);

  /// Every finding and note of a taskfit check goes through here. In the
  /// map step of a whole-project run (ProjectMap.h), a finding whose work
  /// is a stand-in for a function defined in another file is kept as
  /// pending instead of reported; everything else goes to clang-tidy as
  /// ClangTidyCheck::diag would send it.
  DiagnosticBuilder diag(SourceLocation Loc, StringRef Description,
                         DiagnosticIDs::Level Level = DiagnosticIDs::Warning);

  /// Reports the work of \p Kind that running \p C's body does or reaches:
  /// calls (direct, or through callees, with the chain as notes) and, for
  /// CPU-heavy work, heavy loops. Offers fix-its in coroutines.
  void reportWorkIn(const RunContext &C, WorkKind Kind, TuAnalysis &A);

  /// The work running \p C's body reaches: its summary's reaches, or for a
  /// body defined in another file, what the project says it reaches (one
  /// call deep, through the body itself).
  llvm::SmallVector<Reach, 2> bodyReaches(const RunContext &C, TuAnalysis &A);

  /// "blocking file I/O 'fopen'", "CPU-heavy sort 'sort'",
  /// "CPU-heavy loop nest of depth 2"; for work in another file, what the
  /// project summary says (or a stand-in the report step fills in).
  std::string describeWork(const WorkItem &Work);
  /// " (via 'load')": the function a reach goes through, if any (the next
  /// function of the chain, or a function defined in another file).
  static std::string via(const Reach &R);

  /// Reports each location at most once per TU (a template's pattern and its
  /// instantiations share their calls' locations).
  bool firstReportAt(SourceLocation Loc);

  /// One note of a chain: at a location of this TU, or at a place in
  /// another file (from the project summary).
  struct ChainNote {
    SourceLocation Loc;
    const project::Place *At = nullptr;
    std::string Text;
  };
  using NoteSink = llvm::function_ref<void(const ChainNote &)>;

  /// One note per step of the chain below \p R's call ("'f' calls 'g'
  /// here", ..., "'h' calls blocking file I/O 'fopen' here", on into other
  /// files); returns the work at its end.
  WorkItem chainNotes(const Reach &R, TuAnalysis &A, NoteSink Sink);
  /// Where \p Fn reaches \p R's work: the call or loop in \p Fn, then the
  /// chain below it. Returns the work at the end.
  WorkItem reachNotes(const FunctionDecl &Fn, const Reach &R, TuAnalysis &A,
                      NoteSink Sink);
  /// Where \p Fn's own work is: its heavy loop, or its first recursive call.
  ChainNote workInFunctionNote(const FunctionDecl &Fn, const WorkItem &Work);
  /// The chain of work in another file, from its function down.
  void externalNotes(const WorkItem &Work, SourceLocation Call, NoteSink Sink);

  /// The same, emitted as notes of the current finding.
  WorkItem noteChain(const Reach &R, TuAnalysis &A);
  WorkItem noteReach(const FunctionDecl &Fn, const Reach &R, TuAnalysis &A);
  void noteExternal(const WorkItem &Work, SourceLocation Call);
  /// Notes where \p Fn's own work is: its heavy loop, or its first
  /// recursive call.
  void noteWorkInFunction(const FunctionDecl &Fn, const WorkItem &Work);
  /// Reads this check's integer option \p Key (at least \p Min) into \p Out;
  /// a bad value is a configuration error and turns the check off.
  void readCountOption(StringRef Key, uint64_t Min, uint64_t &Out);
  /// The table's advice for a finding that is not about a category of work
  /// ("busy-wait@work"), and its effect and fix in one phrase: "<effect>;
  /// <fix>" (or the one that is not empty, in a user's rewording).
  const Advice &findingAdvice(StringRef Key) const {
    return Table->findingAdvice(Key);
  }
  static std::string sayAdvice(const Advice &A, StringRef Joiner = "; ");
  /// The "decision table, <model> row: ..." note (unless ShowTableRow is off).
  void noteRow(SourceLocation Loc, const Advice &A);
  /// A stand-in category for looking up the advice of a whole work kind.
  const WorkCategory *kindCategory(WorkKind Kind) const;
  /// Attaches a plan's fix-its (and include insertions) to a diagnostic.
  void applyFix(DiagnosticBuilder &Diag, const FixPlan &Plan,
                SourceLocation Loc, const SourceManager &SM);
  void noteWhyNot(SourceLocation Loc, const FixPlan &Plan);
  /// The finding about to be worded, if it waits on work in another file,
  /// holds only if that work is reached with the GIL held all the way.
  void settleWithGilHeld() { PendingNeedsGilHeld = true; }

private:
  class Capture;
  void emitNote(const ChainNote &Note);
  /// Sends a diagnostic worded by the capture on to clang-tidy.
  void forward(SourceLocation Loc, StringRef Text, DiagnosticIDs::Level Level,
               llvm::ArrayRef<FixItHint> Hints);
  /// Writes the summaries of this TU's functions for the map step.
  void summarizeUnit(TuAnalysis &A);
  /// The files the TU read and the user's table, sorted and unique: what
  /// its findings depend on (the key of taskfit-run's cache).
  std::vector<std::string> unitFiles(const SourceManager &SM) const;
  /// The summary record of \p FD, a function other files may call: the work
  /// it reaches here, the calls into other files it makes and the virtual
  /// methods it overrides. std::nullopt if it is not summarized or has none.
  std::optional<project::FunctionRecord> functionRecord(const FunctionDecl *FD,
                                                        TuAnalysis &A);
  /// Adds to \p F whether \p FD, entered without the GIL, touches Python:
  /// the touch known here, else its calls into other files that may.
  void summarizePythonTouch(const FunctionDecl *FD, TuAnalysis &A,
                            project::FunctionRecord &F);
  /// Adds to \p F whether \p FD starts a thread on every call: the start
  /// known here, else its calls into other files that may.
  void summarizeThreadStart(const FunctionDecl *FD, TuAnalysis &A,
                            project::FunctionRecord &F);
  /// Adds \p Calls, chains to calls into other files that may have
  /// \p Fact, to \p F's calls.
  static void addCallsElsewhere(llvm::ArrayRef<CallElsewhere> Calls,
                                WorkKind Fact, const SourceManager &SM,
                                project::FunctionRecord &F);
  /// The project summary named by taskfit.ProjectSummary, or null.
  void loadProjectSummary(ClangTidyContext *Context);

  void reportReach(const RunContext &C, const CallSite &Site, const Reach &R,
                   TuAnalysis &A);
  void reportLoop(const RunContext &C, const HeavyLoop &Loop, TuAnalysis &A);
  /// Reports \p Work reached by \p C's body, defined in another file, at
  /// the call that hands it over.
  void reportWorkElsewhere(const RunContext &C, const WorkItem &Work,
                           TuAnalysis &A);

  std::shared_ptr<const DecisionTable> Table;
  std::string TablePath;
  /// TablePath as found from the current file.
  std::string ResolvedTablePath;
  LoopCostOptions LoopOptions;
  const bool ShowTableRow;
  utils::IncludeInserter Inserter;
  llvm::DenseSet<SourceLocation> Reported;
  /// taskfit.ProjectSummary, and the merged project it names.
  std::string ProjectSummaryPath;
  std::shared_ptr<const project::Project> Project;
  /// The map step's capture of this check's diagnostics (null otherwise).
  std::unique_ptr<Capture> Captured;
  /// The stand-in the finding being worded is about.
  const ExternalWork *LastStandIn = nullptr;
  bool PendingNeedsGilHeld = false;
  ASTContext *CurrentAst = nullptr;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_TASKFITCHECK_H
