# Install layout and the Debian package (README.md, "Install"; mailscope(1), MULTI-USER).
# Included by the top-level CMakeLists.txt after the targets exist.

set(MS_DATA ${CMAKE_INSTALL_DATADIR}/mailscope)

file(GLOB MAN1 ${PROJECT_SOURCE_DIR}/man/*.1)
file(GLOB MAN5 ${PROJECT_SOURCE_DIR}/man/*.5)
file(GLOB MAN7 ${PROJECT_SOURCE_DIR}/man/*.7)
install(FILES ${MAN1} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${MAN5} DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES ${MAN7} DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)
# Where bash-completion, zsh and fish look for completions shipped by packages.
install(FILES ${PROJECT_SOURCE_DIR}/completions/mailscope.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME mailscope)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_mailscope
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${PROJECT_SOURCE_DIR}/completions/mailscope.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
# The demo runs from here against the mailscope on PATH (examples/demo/run.sh).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/demo ${PROJECT_SOURCE_DIR}/examples/policies
                  ${PROJECT_SOURCE_DIR}/examples/investigations
        DESTINATION ${MS_DATA}/examples USE_SOURCE_PERMISSIONS
        PATTERN "__pycache__" EXCLUDE)

# Multi-user mode for a plain `cmake --install` (the Debian package does this in its postinst
# instead, with dpkg-statoverride): the binary root:GROUP 2755. The group is never created
# here. A staged install (DESTDIR) cannot change owners: it says so and leaves it to the
# packager.
if(MAILSCOPE_SETGID_GROUP)
  install(CODE "
    set(ms_bin \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/mailscope\")
    if(NOT \"\$ENV{DESTDIR}\" STREQUAL \"\")
      message(STATUS \"Staged install: leaving chgrp ${MAILSCOPE_SETGID_GROUP} and chmod 2755 of \${ms_bin} to the package\")
    else()
      execute_process(COMMAND chgrp ${MAILSCOPE_SETGID_GROUP} \${ms_bin} RESULT_VARIABLE rc)
      if(NOT rc EQUAL 0)
        message(FATAL_ERROR \"cannot give \${ms_bin} to group ${MAILSCOPE_SETGID_GROUP}: create the group first (addgroup --system ${MAILSCOPE_SETGID_GROUP}) and install as root\")
      endif()
      execute_process(COMMAND chmod 2755 \${ms_bin} RESULT_VARIABLE rc)
      if(NOT rc EQUAL 0)
        message(FATAL_ERROR \"cannot make \${ms_bin} setgid\")
      endif()
      message(STATUS \"Multi-user mode: \${ms_bin} is setgid ${MAILSCOPE_SETGID_GROUP}\")
    endif()
  ")
endif()

# cpack -G DEB: dpkg-shlibdeps (dpkg-dev) finds the shared libraries' packages; what it
# cannot see is listed by hand: the handover's default CJK font, adduser for the postinst.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mailscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "email investigation and compliance toolkit")
# The long description only: CPack puts the summary first and indents every line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "mailscope imports PST/OST, mbox, maildir and EML into a case (SQLite and a
Xapian index), searches it, checks it against phrase libraries, masks personal
data and hands it over, with role-based access and a hash-chained audit trail.

The binary is installed setgid to the system group mailscope (multi-user
mode), so that users reach shared cases only through mailscope's role checks.")
set(CPACK_PACKAGE_CONTACT "mailscope maintainers <mailscope@example.org>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "mailscope maintainers <mailscope@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-wqy-zenhei")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "man-db")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
