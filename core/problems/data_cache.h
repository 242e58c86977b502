#pragma once
/// Drawn training rows cached on disk, for problems whose simulator is slow (the shell): one
/// binary file per problem, sample count and seed, written atomically and checked on reading.
/// Torch-free; safe to call from several threads and processes at once (each writer has its own
/// temporary file; the last rename wins, and every candidate holds the same rows).
#include <cstdint>
#include <string>
#include <vector>

namespace ml {

/// The folder for cached data: $MANIFOLDLAB_DATA_DIR, else $XDG_CACHE_HOME/manifoldlab, else
/// $HOME/.cache/manifoldlab; empty when none of them is set (then nothing is cached).
std::string data_cache_dir();

/// Where `problem`'s n rows drawn with `seed` are cached in `dir`: DIR/PROBLEM-nN-seedS.rows.
std::string cached_rows_path(const std::string& dir, const std::string& problem, std::int64_t n, std::int64_t seed);

/// Rows as float32, row-major: x [n][x_dim], y [n][y_dim].
struct CachedRows {
  std::vector<float> x, y;
};

/// Reads a cache file written by write_cached_rows for exactly these sizes. Returns false (with
/// *why set to one line) when the file is missing, truncated, for other sizes or fails its
/// checksum; never throws for bad content.
bool read_cached_rows(const std::string& path, std::int64_t n, int x_dim, int y_dim, CachedRows* rows,
                      std::string* why);
/// Writes the rows atomically (folder created when missing). Throws std::runtime_error naming
/// the path when it cannot.
void write_cached_rows(const std::string& path, std::int64_t n, int x_dim, int y_dim, const CachedRows& rows);

}  // namespace ml
