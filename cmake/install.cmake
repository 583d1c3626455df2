# `cmake --install` and `cpack -G DEB`: the binary, logmill(1) and the bash,
# zsh and fish completions, in the places Debian's tools look. The man page
# and the completions are generated from the built binary (its --help and
# `logmill completions SHELL`), so they always describe the CLI as built.
include(GNUInstallDirs)

find_program(HELP2MAN help2man)
find_program(GZIP gzip)
if(NOT HELP2MAN OR NOT GZIP)
  message(FATAL_ERROR "help2man and gzip write logmill(1): apt-get install help2man gzip "
                      "(scripts/install-deps.sh)")
endif()

set(share_dir ${PROJECT_BINARY_DIR}/share)
set(man_page ${share_dir}/man/logmill.1.gz)
add_custom_command(
  OUTPUT ${man_page}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${share_dir}/man
  COMMAND sh ${PROJECT_SOURCE_DIR}/docs/man/make-man.sh $<TARGET_FILE:logmill> ${share_dir}/man/logmill.1
  # -n: no name or time stamp inside, so the same page gives the same bytes
  COMMAND ${GZIP} -9nf ${share_dir}/man/logmill.1
  DEPENDS logmill ${PROJECT_SOURCE_DIR}/docs/man/make-man.sh ${PROJECT_SOURCE_DIR}/docs/man/logmill.h2m
  COMMENT "Writing logmill(1) with help2man"
  VERBATIM)

set(completions)
foreach(shell bash zsh fish)
  set(out ${share_dir}/completions/${shell})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${share_dir}/completions
    COMMAND sh -c "\"$0\" completions ${shell} > \"$1\"" $<TARGET_FILE:logmill> ${out}
    DEPENDS logmill
    COMMENT "Writing the ${shell} completion script"
    VERBATIM)
  list(APPEND completions ${out})
endforeach()
add_custom_target(logmill_docs ALL DEPENDS ${man_page} ${completions})

install(TARGETS logmill RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# logmill execs logmill-mpi (the one binary linked with MPI) under mpirun/srun.
if(TARGET logmill-mpi)
  install(TARGETS logmill-mpi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(FILES ${man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${share_dir}/completions/bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME logmill)
install(FILES ${share_dir}/completions/zsh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions RENAME _logmill)
install(FILES ${share_dir}/completions/fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d RENAME logmill.fish)
# `logmill bench` looks for its Python baseline and its peers' scripts
# (`--peers`, engine/bench/BenchPeers.cpp) here.
install(FILES ${PROJECT_SOURCE_DIR}/bench/baselines/findrobots.py
              ${PROJECT_SOURCE_DIR}/bench/baselines/duckdb.mjs
              ${PROJECT_SOURCE_DIR}/bench/baselines/lnav.sh
              ${PROJECT_SOURCE_DIR}/bench/baselines/miller.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/logmill/bench/baselines)

# The .deb: Depends is what dpkg-shlibdeps finds the binaries linked against
# (zlib, ISA-L, oneTBB, RE2, fmt, Open MPI, libstdc++...), so it cannot go stale.
set(LOGMILL_PACKAGE_CONTACT "logmill maintainers" CACHE STRING "The .deb's Maintainer field")
set(CPACK_PACKAGE_NAME logmill)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${LOGMILL_PACKAGE_CONTACT})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "batch analysis of web-server access logs")
set(CPACK_PACKAGE_DESCRIPTION
    "logmill reads a directory of Apache or Nginx access logs, gzip or plain, on every core
(worker processes, a thread pool or serially) and answers robots, count, top, grep and
GoAccess-style report queries as plain lines, TSV, CSV, JSON or HTML.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "openmpi-bin, python3")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
include(CPack)

# The bot field's crawler list, when scripts/install-deps.sh fetched it into
# the cache of whoever configures the build: installed beside the binary
# (share/logmill/), where logmill looks after $LOGMILL_BOTS_LIST and the
# user's own cache. Without it an installed logmill uses its built-in rules.
if(DEFINED ENV{XDG_CACHE_HOME})
  set(crawler_cache $ENV{XDG_CACHE_HOME})
else()
  set(crawler_cache $ENV{HOME}/.cache)
endif()
set(crawler_dir ${crawler_cache}/logmill/crawler-user-agents/${LOGMILL_CRAWLER_LIST_VERSION})
if(EXISTS ${crawler_dir}/crawler-user-agents.json)
  install(FILES ${crawler_dir}/crawler-user-agents.json DESTINATION ${CMAKE_INSTALL_DATADIR}/logmill)
  install(FILES ${crawler_dir}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/logmill
          RENAME crawler-user-agents.LICENSE)
endif()
