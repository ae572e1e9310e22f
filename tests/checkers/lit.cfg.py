# lit configuration for taskfit's check tests (tests/checkers/*.cpp).
import os
import lit.formats

config.name = "taskfit-checkers"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.taskfit_obj_root, "tests", "checkers")

inputs = os.path.join(config.test_source_root, "Inputs")
check = " ".join([
    config.python, os.path.join(config.taskfit_src_root, "tests", "check_taskfit.py"),
    "--clang-tidy", config.clang_tidy,
    "--plugin", config.plugin,
    "--taskfit-tidy", config.taskfit_tidy,
    "--filecheck", os.path.join(config.llvm_tools_dir, "FileCheck"),
    "--cxx", config.cxx,
])
config.substitutions.append(("%check_taskfit", check))
config.substitutions.append(("%taskfit_tidy", config.taskfit_tidy))
config.substitutions.append(("%clang_tidy_plugin",
                             config.clang_tidy + " -load " + config.plugin))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%runtime_include",
                             os.path.join(config.taskfit_src_root, "runtime", "include")))
config.substitutions.append(("%cxx", config.cxx))
config.substitutions.append(("%python", config.python))
# Standalone asio only declares its awaitables under clang with these.
config.substitutions.append(("%asio_flags", "-DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE"))
config.substitutions.append(("%boost_asio_flags",
                             "-DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE"))
# pybind11 needs Python's headers: Debian's python3-dev, for /usr/bin/python3.
import subprocess
try:
    python_include = subprocess.check_output(
        ["/usr/bin/python3", "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"],
        text=True).strip()
except (OSError, subprocess.CalledProcessError):
    python_include = "/usr/include/python3"
config.substitutions.append(("%py_includes", "-I " + python_include))
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
