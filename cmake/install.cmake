# cmake --install: headers, plugins, the CLI, rule packs, the contracts, the
# CMake package (rxrules::c, rxrules::sdk) and a pkg-config file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(RXR_PLUGIN_DIR ${CMAKE_INSTALL_LIBDIR}/rxrules)
set(RXR_RULES_DIR ${CMAKE_INSTALL_DATADIR}/rxrules/rules)
set(RXR_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/rxrules)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk/include/rxrules DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS rxrules_plugin rxrules_catalogue_plugin ${RXR_PACK_PLUGINS} LIBRARY DESTINATION ${RXR_PLUGIN_DIR})
install(TARGETS rxrules RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${RXR_RULES_DIR})
# The contracts a host is written against (copies of the shared spec, and
# the JSON Schemas of request and response): docs/contract/README.md.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/contract/ DESTINATION ${RXR_DOC_DIR}/contract)
install(FILES ${PROJECT_SOURCE_DIR}/docs/integration.md DESTINATION ${RXR_DOC_DIR})

# Release builds install the plugins and the CLI stripped (about 0.9 MB
# against 22 MB per plugin). RelWithDebInfo keeps the debug information
# beside them, in .debug/ with a debug link, where gdb finds it.
set(RXR_STRIPPED_FILES "")
foreach(plugin IN ITEMS rxrules_plugin rxrules_catalogue_plugin ${RXR_PACK_PLUGINS})
  list(APPEND RXR_STRIPPED_FILES "${RXR_PLUGIN_DIR}/$<TARGET_FILE_NAME:${plugin}>")
endforeach()
list(APPEND RXR_STRIPPED_FILES "${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:rxrules>")
install(CODE "
  set(build_type \"${CMAKE_BUILD_TYPE}\")
  if(CMAKE_INSTALL_CONFIG_NAME)
    set(build_type \"\${CMAKE_INSTALL_CONFIG_NAME}\")
  endif()
  if(NOT build_type MATCHES \"^(Release|MinSizeRel|RelWithDebInfo)$\")
    return()
  endif()
  foreach(file IN ITEMS $<JOIN:${RXR_STRIPPED_FILES}, >)
    set(path \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/\${file}\")
    if(build_type STREQUAL \"RelWithDebInfo\")
      get_filename_component(dir \"\${path}\" DIRECTORY)
      get_filename_component(name \"\${path}\" NAME)
      file(MAKE_DIRECTORY \"\${dir}/.debug\")
      execute_process(COMMAND \"${CMAKE_OBJCOPY}\" --only-keep-debug \"\${path}\" \"\${dir}/.debug/\${name}.debug\"
                      COMMAND_ERROR_IS_FATAL ANY)
      execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-unneeded \"\${path}\" COMMAND_ERROR_IS_FATAL ANY)
      execute_process(COMMAND \"${CMAKE_OBJCOPY}\" \"--add-gnu-debuglink=\${dir}/.debug/\${name}.debug\" \"\${path}\"
                      COMMAND_ERROR_IS_FATAL ANY)
    else()
      execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-unneeded \"\${path}\" COMMAND_ERROR_IS_FATAL ANY)
    endif()
  endforeach()
")

install(TARGETS rxrules_c EXPORT rxrulesCTargets)
install(EXPORT rxrulesCTargets NAMESPACE rxrules:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rxrules)
install(TARGETS rxrules_sdk EXPORT rxrulesSdkTargets)
install(EXPORT rxrulesSdkTargets NAMESPACE rxrules:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rxrules)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rxrulesConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/rxrulesConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rxrules
                              PATH_VARS RXR_PLUGIN_DIR RXR_RULES_DIR RXR_DOC_DIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rxrulesConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rxrulesConfig.cmake ${PROJECT_BINARY_DIR}/rxrulesConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rxrules)
file(RELATIVE_PATH RXR_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
configure_file(${PROJECT_SOURCE_DIR}/cmake/rxrules.pc.in ${PROJECT_BINARY_DIR}/rxrules.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rxrules.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
