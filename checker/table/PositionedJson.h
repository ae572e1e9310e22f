//===--- PositionedJson.h - JSON that remembers where each value was -----===//
//
// The decision table is JSON read with nlohmann_json's SAX interface: the
// checker is built without exceptions, and SAX lets us report a syntax error
// and remember where every value was without any throw. A value's place is
// kept by its JSON pointer ("/functions/3/name"), so an error about any
// value names the file, line and column it came from.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_TABLE_POSITIONEDJSON_H
#define TASKFIT_CHECKER_TABLE_POSITIONEDJSON_H

#include "TableOrigin.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace clang::tidy::taskfit {

/// A parsed JSON document and the text offset of each of its values.
class PositionedJson {
public:
  /// Parses \p Text (comments allowed); a syntax error names
  /// FileName:line:column.
  static llvm::Expected<PositionedJson> parse(llvm::StringRef Text,
                                              llvm::StringRef FileName);

  const nlohmann::json &root() const { return Root; }

  /// Where the value at \p Pointer is; a missing key is placed at its
  /// object (the nearest known ancestor).
  TableOrigin origin(const std::string &Pointer) const;

private:
  PositionedJson(llvm::StringRef Text, llvm::StringRef FileName)
      : Text(Text), FileName(FileName) {}

  llvm::StringRef Text;
  std::string FileName;
  nlohmann::json Root;
  std::map<std::string, size_t> Positions;
};

/// Escapes one JSON pointer reference token (RFC 6901).
std::string escapePointerToken(llvm::StringRef Token);

/// "file:line:col: at '/pointer': message", the one form of every table
/// error.
std::string tableError(const TableOrigin &O, llvm::StringRef Pointer,
                       const llvm::Twine &Message);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_TABLE_POSITIONEDJSON_H
