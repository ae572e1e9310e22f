//===--- LibraryCode.h - the code taskfit judges by the table alone -------===//
//
// Code of known libraries (the standard library, asio, Boost, pybind11,
// nanobind, the taskfit runtime, and whatever a table's "libraries" section
// adds by namespace or path) is judged by the decision table, never by
// walking its bodies: it holds no contexts of the user's, its functions are
// not followed into, and nothing inside it is reported. This holds wherever
// the library is included from: a system header (`-isystem`) or a vendored
// copy on the include path (`-I third_party/asio/include`).
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_LIBRARYCODE_H
#define TASKFIT_CHECKER_ANALYSIS_LIBRARYCODE_H

#include "../DecisionTable.h"
#include "clang/AST/DeclBase.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"

namespace clang {
class SourceManager;
} // namespace clang

namespace clang::tidy::taskfit {

class LibraryCode {
public:
  LibraryCode(const SourceManager &SM, const DecisionTable &Table)
      : SM(SM), Table(Table) {}

  /// True if \p D belongs to a known library: declared in a system header,
  /// inside one of the table's library namespaces (at any depth), or in a
  /// file whose path matches one of its library paths.
  bool contains(const Decl *D);

  /// True if \p Loc (its expansion) is in a system header or a library
  /// path.
  bool contains(SourceLocation Loc);

private:
  bool isLibraryFile(FileID File);

  const SourceManager &SM;
  const DecisionTable &Table;
  llvm::DenseMap<FileID, bool> Files;
};

/// The outermost named namespace \p D is declared in, in table spelling
/// ("::asio" for asio::detail::reactor), skipping inline namespaces; empty
/// for the global namespace.
std::string outermostNamespace(const Decl *D);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_LIBRARYCODE_H
