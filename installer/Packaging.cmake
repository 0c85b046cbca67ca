# Installation beyond the executable (app/CMakeLists.txt installs it) and CPack's packages:
#   Linux   -> a Debian package (DEB), runtime dependencies from dpkg-shlibdeps
#   Windows -> an NSIS installer, LibTorch's and Qt's DLLs next to peftbench.exe
#   macOS   -> a disk image (DragNDrop) holding PEFT Workbench.app with LibTorch inside
# Make the package from a configured and built tree:  cd BUILD && cpack -G DEB
# (tests/test_package.sh does that in a temporary folder, installs it with dpkg -x and runs it.)

set(PEFTBENCH_APP_ID "io.github.peftbench")
set(PEFTBENCH_ICON_SIZES 16 22 24 32 48 64 128 256)

# --- Desktop integration (freedesktop platforms) ----------------------------------------------
if(UNIX AND NOT APPLE)
  # Menu entry; its Icon= names the hicolor theme icon installed below.
  install(FILES "${PROJECT_SOURCE_DIR}/installer/peftbench.desktop"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/peftbench.svg"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
  foreach(size IN LISTS PEFTBENCH_ICON_SIZES)
    install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/png/peftbench-${size}.png"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps"
            RENAME peftbench.png)
  endforeach()
  # AppStream: what software centres show.
  install(FILES "${PROJECT_SOURCE_DIR}/installer/${PEFTBENCH_APP_ID}.metainfo.xml"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
  # The man page, gzip-compressed as Debian's policy asks (plain where gzip is missing).
  install(FILES "${PROJECT_SOURCE_DIR}/installer/peftbench.1"
          DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
  find_program(PEFTBENCH_GZIP gzip)
  if(PEFTBENCH_GZIP)
    install(CODE "
      set(page \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_MANDIR}/man1/peftbench.1\")
      execute_process(COMMAND \"${PEFTBENCH_GZIP}\" -9 -n -f \"\${page}\" RESULT_VARIABLE gzip_result)
      if(NOT gzip_result EQUAL 0)
        message(FATAL_ERROR \"gzip \${page} failed: \${gzip_result}\")
      endif()")
  endif()
endif()

# --- LibTorch's runtime libraries, where the platform has no package manager to bring them ------
# TORCH_INSTALL_PREFIX comes from find_package(Torch) (TorchConfig.cmake).
if(WIN32)
  file(GLOB PEFTBENCH_TORCH_RUNTIME "${TORCH_INSTALL_PREFIX}/lib/*.dll")
  install(FILES ${PEFTBENCH_TORCH_RUNTIME} DESTINATION "${CMAKE_INSTALL_BINDIR}")
  # Qt's DLLs and plugins (windeployqt under the hood).
  qt_generate_deploy_app_script(TARGET peftbench FILENAME_VARIABLE peftbench_deploy_script
                                NO_UNSUPPORTED_PLATFORM_ERROR)
  install(SCRIPT "${peftbench_deploy_script}")
elseif(APPLE)
  file(GLOB PEFTBENCH_TORCH_RUNTIME "${TORCH_INSTALL_PREFIX}/lib/*.dylib")
  install(FILES ${PEFTBENCH_TORCH_RUNTIME} DESTINATION "peftbench.app/Contents/Frameworks")
  # Qt's frameworks and plugins into the bundle (macdeployqt under the hood).
  qt_generate_deploy_app_script(TARGET peftbench FILENAME_VARIABLE peftbench_deploy_script
                                NO_UNSUPPORTED_PLATFORM_ERROR)
  install(SCRIPT "${peftbench_deploy_script}")
endif()

# --- CPack ---------------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME "peftbench")
set(CPACK_PACKAGE_VENDOR "The PEFT Workbench authors")
set(CPACK_PACKAGE_CONTACT "The PEFT Workbench authors <peftbench@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
"A native desktop workbench that fine-tunes a language model with Prompt Tuning, LoRA and
Full fine-tuning on one PC (CUDA when present, else CPU) and shows side by side what each
method really costs and gains: loss, accuracy and perplexity, trainable parameters, peak
memory and its breakdown, time per step and adapter size. A wizard launches runs, live
charts follow them, a compare view checks the usual claims about the methods against the
runs, and reports export as HTML, PDF, Markdown, CSV or JSON. Every command also runs
headless from the command line. English and Korean user interface.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "PEFT Workbench")
set(CPACK_PACKAGE_EXECUTABLES "peftbench" "PEFT Workbench")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)
set(CPACK_VERBATIM_VARIABLES ON)

if(WIN32)
  set(CPACK_GENERATOR "NSIS")
  set(CPACK_NSIS_DISPLAY_NAME "PEFT Workbench")
  set(CPACK_NSIS_PACKAGE_NAME "PEFT Workbench")
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\peftbench.exe")   # verbatim: one backslash
  set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
  set(CPACK_NSIS_MODIFY_PATH ON)   # offer to add bin to PATH for the command line
elseif(APPLE)
  set(CPACK_GENERATOR "DragNDrop")
  set(CPACK_DMG_VOLUME_NAME "PEFT Workbench")
  set(CPACK_DMG_FORMAT "UDBZ")
else()
  set(CPACK_GENERATOR "DEB")
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # peftbench_<version>_<arch>.deb
  set(CPACK_DEBIAN_PACKAGE_SECTION "science")
  set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
  # Libraries the executable links (LibTorch, Qt 6, yaml-cpp, QCustomPlot, ...), found by
  # dpkg-shlibdeps (package dpkg-dev) from the installed files.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  # Loaded at run time, so shlibdeps cannot see it: the run store is SQLite through Qt's driver.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
  # A fast BLAS for LibTorch (~50x the reference BLAS), Qt's own Korean strings (dialog buttons)
  # and a font with Hangul.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
      "libopenblas0-openmp | libopenblas0, qt6-translations-l10n, fonts-nanum | fonts-noto-cjk")
endif()

include(CPack)
