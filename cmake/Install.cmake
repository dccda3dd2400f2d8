# What `cmake --install` puts under the prefix, and the Debian package CPack makes of it
# (scripts/package.sh). The installed binary finds its data in <prefix>/share/keiyaku from its own
# location (src/cli/data_dir.hpp), and uses the copy compiled into it (src/cli/CMakeLists.txt)
# only when no data folder is found.
include(GNUInstallDirs)

set(KY_DATA_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/keiyaku)

# A build tree is laid out as an installed data folder: build/requirements is the source catalog.
# The link is relative, so that the tree still works when the checkout is seen under another path
# (a container's mount, a moved folder).
file(RELATIVE_PATH ky_catalog_link ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR}/requirements)
file(CREATE_LINK ${ky_catalog_link} ${CMAKE_BINARY_DIR}/requirements SYMBOLIC)

install(DIRECTORY ${CMAKE_SOURCE_DIR}/requirements/ DESTINATION ${KY_DATA_INSTALL_DIR}/requirements
        FILES_MATCHING PATTERN "*.toml" PATTERN "*.md")
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        FILES_MATCHING PATTERN "*.md")

# Man pages (Japanese and English) and shell completions, generated after the binary is built from
# its own --help text (tools/gen_manpages.py), so that they say what --help says.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
set(KY_GEN_SHARE ${CMAKE_BINARY_DIR}/gen-share)
add_custom_command(OUTPUT ${KY_GEN_SHARE}/stamp
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/gen_manpages.py
          --keiyaku $<TARGET_FILE:keiyaku> --version ${PROJECT_VERSION} --out ${KY_GEN_SHARE}
  COMMAND ${CMAKE_COMMAND} -E touch ${KY_GEN_SHARE}/stamp
  DEPENDS keiyaku ${CMAKE_SOURCE_DIR}/tools/gen_manpages.py
  COMMENT "Generating the man pages and completions from keiyaku --help"
  VERBATIM)
add_custom_target(keiyaku_manpages ALL DEPENDS ${KY_GEN_SHARE}/stamp)
install(DIRECTORY ${KY_GEN_SHARE}/ DESTINATION ${CMAKE_INSTALL_DATADIR} PATTERN stamp EXCLUDE)

# Debian package: keiyaku_<version>_amd64.deb, Depends computed from the binary's shared libraries
# (dpkg-shlibdeps) plus the MeCab system dictionary it loads at run time.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keiyaku)
set(CPACK_PACKAGE_VENDOR "keiyaku")
set(CPACK_PACKAGE_CONTACT "keiyaku maintainers <keiyaku@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "security terms in outsourcing, cloud and SNS contracts, and the vendor and SNS ledgers")
set(CPACK_PACKAGE_DESCRIPTION
    "keiyaku checks that outsourcing, cloud and social-media contracts of Japanese local bodies carry the security terms their information security policy requires, and keeps the ledgers of vendors, certificates, verifications and official social-media accounts in a hash-chained SQLite registry.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "mecab-ipadic-utf8")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
include(CPack)
