// manifoldlab: the desktop front end. Everything it shows lives in ui/ (see ui/app_main.cpp).
#include "core/omp_wait.h"
#include "ui/app_main.h"

int main(int argc, char** argv) {
  ml::ensure_short_omp_spin(argv);
  return ml::ui::run_app(argc, argv);
}
