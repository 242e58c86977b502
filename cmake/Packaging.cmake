# The Debian package: scripts/package.sh (or `cmake --build build --target package`, which
# builds the tests too) writes build/manifoldlab_<version>_<arch>.deb with everything
# `cmake --install` puts under /usr.
# scripts/test_package.sh installs it into a clean Debian 12 root and runs it from there.
set(MANIFOLDLAB_MAINTAINER "ManifoldLab developers <manifoldlab@users.noreply.github.com>"
    CACHE STRING "The .deb's Maintainer field")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME manifoldlab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "ManifoldLab")
set(CPACK_PACKAGE_CONTACT "${MANIFOLDLAB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "mixture of tandem networks for ill-posed inverse problems")
# Lines under 80 characters; CPack indents them as Debian's extended description.
set(CPACK_PACKAGE_DESCRIPTION
    "When several inputs x produce the same output y, regression from y back to
x averages them and lands on no solution. ManifoldLab trains a forward
network, freezes it, and trains a mixture of inverse networks through it,
each repelled by the others, so that together they find every branch of
solutions. A Qt desktop app (live loss curves, solution manifolds, robot-arm
poses, a guided tour for teaching) and a command-line program
(manifoldlab-cli: train, infer, sweep, compare, figures) share one LibTorch
engine.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/manifoldlab/manifoldlab")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
    WORLD_READ WORLD_EXECUTE)
# The shared libraries the programs link (libtorch1.13, Qt 6, QCustomPlot, tcmalloc, libgomp, libc)
# come from dpkg-shlibdeps (dpkg-dev), with the versions they need; these are what it cannot see:
# OpenBLAS (LibTorch falls back to the slow reference BLAS without it) and Qt's platform plugins
# (the window needs xcb or wayland).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(ML_DEB_DEPENDS "libopenblas0-openmp | libopenblas0")
if(ML_HAVE_GUI)
  string(APPEND ML_DEB_DEPENDS ", qt6-qpa-plugins")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${ML_DEB_DEPENDS}")
# `man manifoldlab-cli` and tab completion, where wanted.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "man-db, bash-completion")
include(CPack)

# What the package holds, without the tests: scripts/package.sh builds this, then runs cpack.
add_custom_target(manifoldlab_package_files)
add_dependencies(manifoldlab_package_files manifoldlab-cli manifoldlab_gzipped_docs)
if(ML_HAVE_GUI)
  add_dependencies(manifoldlab_package_files manifoldlab)
endif()
