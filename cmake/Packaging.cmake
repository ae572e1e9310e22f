# What `cmake --install` lays out and the .deb CPack makes of it:
#   bin/            taskfit-tidy, taskfit-clangd, taskfit-run   (component checker)
#   lib/            libtaskfit-tidy-plugin.so                   (checker)
#                   the runtime library and its CMake package   (runtime/, its components)
#   include/        the runtime's headers                       (runtime/)
#   share/doc/taskfit/  README.md and docs/                     (docs)
# The .deb holds every component. Build it with `cpack -G DEB` in the build
# directory; tests/ci/package.test installs it in a scratch root and runs it.
install(FILES "${PROJECT_SOURCE_DIR}/README.md"
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT docs)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/"
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT docs)

set(CPACK_PACKAGE_NAME taskfit)
set(CPACK_PACKAGE_VENDOR "taskfit")
set(CPACK_PACKAGE_CONTACT "taskfit maintainers <taskfit@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "clang-tidy checks that fit concurrency models to the work they do")
set(CPACK_PACKAGE_DESCRIPTION
    "taskfit finds blocking calls in coroutines, CPU-heavy work on the wrong pool and
other concurrency misfits, from one decision table. It ships taskfit-tidy (clang-tidy 19
with the taskfit checks), taskfit-clangd (clangd 19 with them, for editors), a clang-tidy
plugin, taskfit-run (whole-project runs with SARIF and baselines) and the C++20 runtime
its fix-its use.")
string(REGEX REPLACE "/blob/.*$" "" taskfit_homepage "${TASKFIT_DOCS_URL}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${taskfit_homepage}")
# Release binaries carry symbol tables only a debugger wants.
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# dpkg-shlibdeps derives the library packages (libclang-cpp19, libgrpc++1.51,
# ...) from the binaries; named here is what it cannot see or does not
# always list: taskfit-run is Python, clang's own headers (stddef.h, ...)
# come from libclang-common-19-dev, without which no file with a system
# include parses, and libLLVM.so.19.1, which shlibdeps sometimes drops as
# reachable through libclang-cpp19.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3, libllvm19, libclang-common-19-dev")
# The plugin is loaded by the distribution's clang-tidy.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "clang-tidy-19")
include(CPack)
