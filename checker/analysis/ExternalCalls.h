//===--- ExternalCalls.h - calls to functions defined in other files -----===//
//
// A call to a function the translation unit declares but does not define
// (its body is in another .cpp of the project) says nothing by itself. With
// whole-project analysis (ProjectSummary.h) it says what the project does:
//
//  - Record mode (the map step): each such call reaches a stand-in per kind
//    of work, "whatever this function turns out to reach". Checks word their
//    findings as usual; a finding whose work is a stand-in is not reported
//    but kept as pending, to be settled by the report step.
//  - Resolve mode (an editor, taskfit-tidy or the plugin given the merged
//    summary): the call reaches what the project summary says its callee
//    reaches, with the chain in the other files.
//
// Functions are named across translation units by their mangled name, as
// the linker does: internal linkage is never looked up, overloads differ.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_EXTERNALCALLS_H
#define TASKFIT_CHECKER_ANALYSIS_EXTERNALCALLS_H

#include "../DecisionTable.h"
#include "LibraryCode.h"
#include "ProjectSummary.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Mangle.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <deque>
#include <memory>

namespace clang::tidy::taskfit {

struct WorkItem;

enum class ExternalMode { Off, Record, Resolve };

/// How a translation unit sees the rest of the project.
struct ProjectView {
  ExternalMode Mode = ExternalMode::Off;
  /// The merged project, in Resolve mode.
  const project::Project *Project = nullptr;
};

/// The work behind a call to a function defined elsewhere.
struct ExternalWork {
  /// The callee's mangled name.
  std::string Symbol;
  /// Record mode's stand-in: the work is not known yet.
  bool StandIn = false;
  /// A category of its own, so summaries keep one witness per callee.
  WorkCategory Category;
  /// Resolved: "blocking file I/O 'fopen'", the chain in the other files
  /// (from the callee down to the work) and its length in calls.
  std::string Work;
  std::vector<project::Note> Notes;
  unsigned Depth = 0;
  /// The witness keeps the GIL held all the way (preferred when there is
  /// one; a binding holding the GIL cares).
  bool GilHeld = false;
};

/// True if \p W stands for work not known yet (Record mode).
bool isStandIn(const WorkItem &W);

/// The work item that names \p E, reached by \p Call to \p Callee.
WorkItem externalItem(const ExternalWork &E, const FunctionDecl *Callee,
                      const Expr *Call);

class ExternalCalls {
public:
  ExternalCalls(ASTContext &Ctx, LibraryCode &Library, ProjectView View);
  ~ExternalCalls();

  ExternalMode mode() const { return View.Mode; }

  /// The work a call to \p FD may reach in the rest of the project: a
  /// stand-in per kind (Record), the project's answer (Resolve), or
  /// nothing (Off, or \p FD is defined here, in a library, or has internal
  /// linkage). Call and Callee of the items are left for the caller.
  llvm::ArrayRef<WorkItem> workOf(const FunctionDecl *FD);

  /// The work a virtual call of \p Method reaches when this file cannot
  /// follow its overriders: what every overrider in the project reaches
  /// (and \p Method's own body, unless it is pure), under the symbol
  /// project::virtualSymbol names. Nothing for library methods or when off.
  llvm::ArrayRef<WorkItem> virtualWorkOf(const CXXMethodDecl *Method);

  /// The fact \p Fact (WorkKind::PythonApi or ThreadStart) a call to \p FD
  /// may have in the rest of the project: a stand-in (Record), the
  /// project's answer (Resolve), or null. Stable for the TU.
  const ExternalWork *factOf(const FunctionDecl *FD, WorkKind Fact);

  /// \p FD's name across translation units (its mangled name; the plain
  /// name for extern "C").
  std::string symbolOf(const FunctionDecl *FD);

  /// True if another translation unit of the project may define \p FD and
  /// this one does not.
  bool isExternal(const FunctionDecl *FD);

private:
  ASTContext &Ctx;
  LibraryCode &Library;
  ProjectView View;
  std::unique_ptr<MangleContext> Mangler;
  /// Stable addresses: WorkItems point at them.
  std::deque<ExternalWork> Works;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<WorkItem, 2>> Cache;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<WorkItem, 2>>
      VirtualCache;
  llvm::DenseMap<std::pair<const FunctionDecl *, WorkKind>,
                 const ExternalWork *>
      FactCache;
  /// The items of \p Kinds for \p Symbol, called as \p Callee.
  void makeWork(const std::string &Symbol, const FunctionDecl *Callee,
                llvm::ArrayRef<WorkKind> Kinds,
                llvm::SmallVectorImpl<WorkItem> &Out);
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_EXTERNALCALLS_H
