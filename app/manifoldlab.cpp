// manifoldlab: the desktop front end. Everything it shows lives in ui/ (see ui/app_main.cpp).
#include "ui/app_main.h"

int main(int argc, char** argv) { return ml::ui::run_app(argc, argv); }
