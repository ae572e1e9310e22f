//===--- Options.h - bool check options without clang-tidy's bool helpers -===//
//
// clang-tidy reads and writes bool options through explicit specializations,
// OptionsView::get<bool> and store<bool>, compiled into libclangTidy. Their
// declared return type is an enable_if, which GCC mangles differently from
// the clang that built Debian's LLVM: a GCC build of taskfit-tidy cannot link
// them. Every taskfit bool option goes through these helpers instead; they
// read and write the same spellings and report a bad value the same way.
// tests/ci/no-bool-option-symbols.test keeps the specializations out.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_OPTIONS_H
#define TASKFIT_CHECKER_OPTIONS_H

#include "clang-tidy/ClangTidyCheck.h"
#include <optional>

namespace clang::tidy::taskfit {

/// A bool option value as clang-tidy spells it: YAML's true/false (also
/// yes/no, on/off, in their usual capitalisations), or an integer, non-zero
/// meaning true. std::nullopt if \p Text is neither.
std::optional<bool> parseBoolOption(StringRef Text);

/// Reads the bool option \p Key of \p Options; \p Prefix is what the view's
/// keys start with (the check's name, or "taskfit" for the global options)
/// and only names the option in the warning for a value that is not a bool.
/// Unset or bad: std::nullopt.
std::optional<bool> getBoolOption(const ClangTidyCheck &Check,
                                  const ClangTidyCheck::OptionsView &Options,
                                  StringRef Prefix, StringRef Key);

/// As above, \p Default when unset or bad.
bool getBoolOption(const ClangTidyCheck &Check,
                   const ClangTidyCheck::OptionsView &Options, StringRef Prefix,
                   StringRef Key, bool Default);

/// Writes \p Value as "true" or "false", as clang-tidy's store<bool> does.
void storeBoolOption(const ClangTidyCheck::OptionsView &Options,
                     ClangTidyOptions::OptionMap &Opts, StringRef Key,
                     bool Value);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_OPTIONS_H
