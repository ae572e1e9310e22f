# lit configuration for tests/ci: the checkers' configuration (its
# substitutions: %check_taskfit, %taskfit_tidy, %clang_tidy_plugin, %inputs,
# %cxx, %python, ...) plus the tools these end-to-end tests drive.
import os
import platform

ci_source_root = os.path.dirname(__file__)
lit_config.load_config(
    config, os.path.join(config.taskfit_src_root, "tests", "checkers", "lit.cfg.py"))

config.name = "taskfit-ci"
config.test_source_root = ci_source_root
config.test_exec_root = os.path.join(config.taskfit_obj_root, "tests", "ci")
config.excludes = ["Inputs", "sarif", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

tools = os.path.join(config.taskfit_src_root, "tools")
config.substitutions.insert(0, ("%taskfit_run", " ".join(
    [config.python, os.path.join(tools, "taskfit-run.py"),
     "--taskfit-tidy", config.taskfit_tidy])))
config.substitutions.insert(0, ("%validate_sarif", " ".join(
    [config.python, os.path.join(ci_source_root, "sarif", "validate_sarif.py")])))
config.substitutions.insert(0, ("%print_code_flows", " ".join(
    [config.python, os.path.join(ci_source_root, "sarif", "print_code_flows.py")])))
config.substitutions.append(("%taskfit_project", os.path.join(
    os.path.dirname(config.taskfit_tidy), "taskfit-project")))
config.substitutions.append(("%taskfit_clangd", config.taskfit_clangd))
config.substitutions.append(("%plugin_file", config.plugin))
config.substitutions.append(("%module_cxxflags", config.module_cxxflags))
config.substitutions.append(("%clang_apply_replacements", config.clang_apply_replacements))
config.substitutions.append(("%run_clang_tidy", config.run_clang_tidy))
config.substitutions.append(("%clang_tidy_binary", config.clang_tidy))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%cpack", config.cpack))
config.substitutions.append(("%ninja", config.ninja))
config.substitutions.append(("%taskfit_build", config.taskfit_obj_root))
config.substitutions.append(("%taskfit_src", config.taskfit_src_root))
config.substitutions.append(("%examples", os.path.join(config.taskfit_src_root, "examples")))
config.substitutions.append(("%ci_inputs", os.path.join(ci_source_root, "Inputs")))

if config.taskfit_clangd:
    config.available_features.add("taskfit-clangd")
if config.clang_apply_replacements:
    config.available_features.add("clang-apply-replacements")
if config.run_clang_tidy:
    config.available_features.add("run-clang-tidy")
# The editors and hooks users run, found by CMake (tests/ci/CMakeLists.txt).
if config.nvim:
    config.available_features.add("nvim")
    config.substitutions.append(("%nvim", config.nvim))
if config.emacs:
    config.substitutions.append(("%emacs", config.emacs))
if config.emacs_eglot:
    config.available_features.add("emacs-eglot")
if config.emacs_lsp_mode:
    config.available_features.add("emacs-lsp-mode")
if config.pre_commit and config.git:
    config.available_features.add("pre-commit")
    config.substitutions.append(("%pre_commit", config.pre_commit))
    config.substitutions.append(("%git", config.git))
if os.path.exists("/usr/bin/dpkg-deb") and config.cpack:
    config.available_features.add("deb")
# The tests build example projects and read their output: keep it plain.
config.environment["CLICOLOR_FORCE"] = "0"
config.environment["NINJA_STATUS"] = "[ninja] "
