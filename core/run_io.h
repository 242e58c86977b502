#pragma once
/// Files of a run: atomic text writes and reads with one-line errors (torch-free).
#include <string>

namespace ml {

/// Writes to "path.tmp" then renames over path, so readers never see a half-written file.
/// Throws std::runtime_error naming the path.
void write_text_atomic(const std::string& path, const std::string& text);
/// Throws std::runtime_error naming the path when it is missing or unreadable.
std::string read_text(const std::string& path);

}  // namespace ml
