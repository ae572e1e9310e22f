//===--- TaskfitCheck.cpp - what every taskfit check shares ---------------===//

#include "TaskfitCheck.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseSet.h"
#include <mutex>
#include <set>

namespace clang::tidy::taskfit {

namespace {

/// One analysis per translation unit, shared by the checks. clangd builds
/// several files at once on different threads, hence thread_local.
struct SharedState {
  const ASTContext *Ctx = nullptr;
  const DecisionTable *Table = nullptr;
  std::unique_ptr<TuAnalysis> Analysis;
};
thread_local SharedState State;

} // namespace

TaskfitCheck::TaskfitCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ShowTableRow(Options.get("ShowTableRow", true)) {
  OptionsView Global("taskfit", Context->getOptions().CheckOptions, Context);
  TablePath = Global.get("DecisionTable", "").str();
  auto Loaded = DecisionTable::load(TablePath);
  if (!Loaded) {
    // Every taskfit check reads the same table: say it once per run.
    static std::mutex ReportedMutex;
    static std::set<std::pair<const ClangTidyContext *, std::string>> Reported;
    std::string Message = llvm::toString(Loaded.takeError());
    std::lock_guard<std::mutex> Lock(ReportedMutex);
    if (!Reported.insert({Context, TablePath}).second)
      return;
    configurationDiag("taskfit: invalid decision table '%0':\n%1",
                      DiagnosticIDs::Error)
        << TablePath << Message;
    return;
  }
  Table = std::move(*Loaded);
}

void TaskfitCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ShowTableRow", ShowTableRow);
  if (!TablePath.empty())
    Opts["taskfit.DecisionTable"] = ClangTidyOptions::ClangTidyValue(TablePath);
}

void TaskfitCheck::onStartOfTranslationUnit() {
  State = SharedState();
  Reported.clear();
}

TuAnalysis &TaskfitCheck::analysis(ASTContext &Ctx) {
  if (State.Ctx != &Ctx || State.Table != Table.get() || !State.Analysis) {
    State.Ctx = &Ctx;
    State.Table = Table.get();
    State.Analysis = std::make_unique<TuAnalysis>(Ctx, *Table);
  }
  return *State.Analysis;
}

std::string TaskfitCheck::describeWork(const WorkItem &Work,
                                       const Expr *Call) const {
  std::string Callee;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call)) {
    PrintingPolicy Policy(Work.Callee->getASTContext().getLangOpts());
    Policy.SuppressTagKeyword = true;
    Callee = Construct->getType().getUnqualifiedType().getAsString(Policy);
  } else if (const auto *Method = dyn_cast<CXXMethodDecl>(Work.Callee);
             Method && !isa<CXXOperatorCallExpr>(Call)) {
    Callee = Method->getParent()->getNameAsString() + "::" +
             Method->getNameAsString();
  } else {
    Callee = Work.Callee->getNameAsString();
  }
  std::string Kind =
      Work.kind() == WorkKind::CpuHeavy ? "CPU-heavy" : "blocking";
  return Kind + " " + Work.Category->Label + " '" + Callee + "'";
}

void TaskfitCheck::noteRow(SourceLocation Loc, const Advice &A) {
  if (!ShowTableRow)
    return;
  const TableRow *R = Table->row(A.Row);
  if (!R)
    return;
  diag(Loc, "decision table, %0 row: fits %1; does not fit %2",
       DiagnosticIDs::Note)
      << R->Model << R->Fits << R->DoesNotFit;
}

bool TaskfitCheck::firstReportAt(SourceLocation Loc) {
  return Reported.insert(Loc).second;
}

} // namespace clang::tidy::taskfit
