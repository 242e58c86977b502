#pragma once
/// Files of a run: atomic text writes and reads with one-line errors (torch-free).
#include <string>

namespace ml {

/// Writes to "path.tmp" then commits it (below), so readers never see a half-written file.
/// Throws std::runtime_error naming the path.
void write_text_atomic(const std::string& path, const std::string& text);
/// Flushes the finished file tmp to disk, renames it over path and flushes the folder, so a
/// crash or power cut leaves the old file or the new one, never an empty one. Throws
/// std::runtime_error naming the path.
void commit_file(const std::string& tmp, const std::string& path);
/// Throws std::runtime_error naming the path when it is missing or unreadable.
std::string read_text(const std::string& path);

}  // namespace ml
