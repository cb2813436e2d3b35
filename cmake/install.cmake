# cmake --install: headers, plugins, the CLI, rule packs, the CMake package
# and a pkg-config file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(RXR_PLUGIN_DIR ${CMAKE_INSTALL_LIBDIR}/rxrules)
set(RXR_RULES_DIR ${CMAKE_INSTALL_DATADIR}/rxrules/rules)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk/include/rxrules DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS rxrules_plugin rxrules_catalogue_plugin ${RXR_PACK_PLUGINS} LIBRARY DESTINATION ${RXR_PLUGIN_DIR})
install(TARGETS rxrules RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${RXR_RULES_DIR})
install(TARGETS rxrules_sdk EXPORT rxrulesTargets)
install(EXPORT rxrulesTargets NAMESPACE rxrules:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rxrules)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rxrulesConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/rxrulesConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rxrules
                              PATH_VARS RXR_PLUGIN_DIR RXR_RULES_DIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/rxrulesConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/rxrulesConfig.cmake ${PROJECT_BINARY_DIR}/rxrulesConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/rxrules)
file(RELATIVE_PATH RXR_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
configure_file(${PROJECT_SOURCE_DIR}/cmake/rxrules.pc.in ${PROJECT_BINARY_DIR}/rxrules.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/rxrules.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
