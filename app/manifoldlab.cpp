// manifoldlab: the desktop front end. Everything it shows lives in ui/ (see ui/app_main.cpp).
#include "core/platform/process_env.h"
#include "ui/app_main.h"

int main(int argc, char** argv) {
  ml::ensure_process_environment(argv);
  return ml::ui::run_app(argc, argv);
}
