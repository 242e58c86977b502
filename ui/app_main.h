#pragma once
/// The desktop app's whole start-up (application names, options, window), so that
/// app/manifoldlab.cpp stays a one-line main. GUI thread.
namespace ml::ui {
int run_app(int argc, char** argv);
}
