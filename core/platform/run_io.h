#pragma once
/// Files of a run: atomic text writes and reads with one-line errors (torch-free).
#include <string>
#include <utility>
#include <vector>

namespace ml {

/// This machine's name as files record it (claims, temporary names): '/' and ' ' become '_',
/// "localhost" when it has none.
std::string host_name();
/// A name beside path that no other writer uses, on this host or another sharing the folder:
/// "path.<host>-<pid>-<n><suffix>".
std::string unique_name_beside(const std::string& path, const std::string& suffix);
/// Writes to a temporary file of its own ("path.<host>-<pid>-<n>.tmp", so several processes may
/// write one file at once) then commits it (below), so readers never see a half-written file; any
/// bytes (text or a serialised model). Throws std::runtime_error naming the path and the system's
/// reason ("cannot write D/inverse_1.pt: No space left on device"); the temporary file is removed
/// and the previous file at path is left as it was.
void write_text_atomic(const std::string& path, const std::string& text);
/// Files written as one: add() writes each to its temporary file with checked I/O, commit()
/// renames them all into place. A failure while adding (a full disk) throws as
/// write_text_atomic does and leaves every previous file as it was: the destructor removes the
/// temporaries not committed. Files of the folder that are not in the batch are left alone.
class FileBatch {
 public:
  FileBatch() = default;
  FileBatch(const FileBatch&) = delete;
  FileBatch& operator=(const FileBatch&) = delete;
  ~FileBatch();
  void add(const std::string& path, const std::string& bytes);
  void commit();

 private:
  std::vector<std::pair<std::string, std::string>> staged_;  // temporary file, its path
};
/// Flushes the finished file tmp to disk, renames it over path and flushes the folder, so a
/// crash or power cut leaves the old file or the new one, never an empty one. Throws
/// std::runtime_error naming the path.
void commit_file(const std::string& tmp, const std::string& path);
/// Throws std::runtime_error naming the path when it is missing or unreadable.
std::string read_text(const std::string& path);

}  // namespace ml
