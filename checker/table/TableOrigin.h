//===--- TableOrigin.h - where a decision table value came from -----------===//

#ifndef TASKFIT_CHECKER_TABLE_TABLEORIGIN_H
#define TASKFIT_CHECKER_TABLE_TABLEORIGIN_H

#include <string>

namespace clang::tidy::taskfit {

/// Where a table value came from, for error messages and notes.
struct TableOrigin {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_TABLE_TABLEORIGIN_H
