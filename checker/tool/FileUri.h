//===--- FileUri.h - file:// URIs for SARIF logs and editor links ---------===//
//
// One percent-encoding for every URI the tools write: SARIF artifact
// locations (taskfit-tidy) and the check-page links taskfit-clangd sends.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_TOOL_FILEURI_H
#define TASKFIT_CHECKER_TOOL_FILEURI_H

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace clang::tidy::taskfit {

/// RFC 3986: keep unreserved characters and '/', escape the rest.
inline std::string percentEncode(llvm::StringRef Path) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/')
      OS << C;
    else
      OS << '%' << llvm::format_hex_no_prefix(C, 2, /*Upper=*/true);
  }
  return Out;
}

/// The file:// URI of an absolute path.
inline std::string fileUri(llvm::StringRef AbsolutePath) {
  return "file://" + percentEncode(AbsolutePath);
}

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_TOOL_FILEURI_H
