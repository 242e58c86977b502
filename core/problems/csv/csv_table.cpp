#include "core/problems/csv/csv_table.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace ml {
namespace {

// User text in a message, cut short so that it stays readable on one line.
std::string shown(std::string_view s, std::size_t limit = 40) { return printable(s, limit); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Simple quoting only: "name" or 'name', no escaped quotes or commas inside.
std::string_view unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

bool blank(std::string_view line) { return trim(line).empty(); }

void split_cells(std::string_view line, std::vector<std::string_view>& cells) {
  cells.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      cells.push_back(unquote(trim(line.substr(start))));
      return;
    }
    cells.push_back(unquote(trim(line.substr(start, comma - start))));
    start = comma + 1;
  }
}

enum class NumberStatus { Ok, NotANumber, NotFinite, OutOfRange };

// Locale-independent and allocation-free (std::from_chars), so a million rows load in linear time.
NumberStatus parse_number(std::string_view cell, double& out) {
  std::string_view digits = cell;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  if (digits.empty() || (digits.front() == '-' && cell.front() == '+')) return NumberStatus::NotANumber;
  const char* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, out);
  if (ptr != end) return NumberStatus::NotANumber;
  if (ec == std::errc::result_out_of_range) {
    // Below the smallest subnormal the value is zero for any purpose here; above the largest it is unusable.
    const std::size_t e = digits.find_first_of("eE");
    if (e != std::string_view::npos && e + 1 < digits.size() && digits[e + 1] == '-') {
      out = digits.front() == '-' ? -0.0 : 0.0;
      return NumberStatus::Ok;
    }
    return NumberStatus::OutOfRange;
  }
  if (ec != std::errc()) return NumberStatus::NotANumber;
  return std::isfinite(out) ? NumberStatus::Ok : NumberStatus::NotFinite;
}

// One line at a time, '\n' or "\r\n"; `number` is 1-based.
struct Lines {
  std::string_view text;
  std::size_t pos = 0;
  std::size_t number = 0;
  bool next(std::string_view& line) {
    if (pos >= text.size()) return false;
    const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
    const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
    line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    ++number;
    return true;
  }
};

struct Selection {
  std::vector<std::size_t> x, y;
};

class Parser {
 public:
  explicit Parser(const std::string& source) : source_(shown(source, 200)) {}

  [[noreturn]] void fail(const std::string& what) const { throw CsvError(source_ + ": " + what); }
  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw CsvError(source_ + ":" + std::to_string(line) + ": " + what);
  }

  // "column 'b'", or "column 3" for a header cell that is empty.
  std::string column(std::size_t index) const {
    return header_[index].empty() ? "column " + std::to_string(index) : "column '" + shown(header_[index]) + "'";
  }

  void read_header(std::string_view line) {
    if (blank(line)) fail(1, "the header line is empty");
    std::vector<std::string_view> cells;
    split_cells(line, cells);
    bool all_numbers = true;
    for (const auto cell : cells) {
      double ignored = 0;
      if (parse_number(cell, ignored) != NumberStatus::Ok) all_numbers = false;
      header_.emplace_back(cell);
    }
    if (all_numbers) fail(1, "the first line holds only numbers; it must be a header of column names");
  }

  std::vector<std::size_t> resolve(const std::string& spec, const char* side) const {
    std::vector<std::size_t> out;
    if (trim(spec).empty()) fail(std::string("no ") + side + " columns given");
    std::vector<std::string_view> tokens;
    split_cells(spec, tokens);
    for (const auto token : tokens) {
      if (token.empty()) fail(std::string(side) + " columns '" + shown(spec) + "': empty entry");
      const std::size_t index = lookup(token, side);
      if (std::find(out.begin(), out.end(), index) != out.end()) fail(column(index) + " is listed twice in " + side);
      out.push_back(index);
    }
    return out;
  }

  std::size_t lookup(std::string_view token, const char* side) const {
    std::size_t found = header_.size();
    for (std::size_t i = 0; i < header_.size(); ++i) {
      if (header_[i] != token) continue;
      if (found != header_.size())
        fail(std::string(side) + " column '" + shown(token) + "' is ambiguous: columns " + std::to_string(found) +
             " and " + std::to_string(i) + " have that name");
      found = i;
    }
    if (found != header_.size()) return found;
    const bool digits = std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits)
      fail(std::string(side) + " column '" + shown(token) + "' is not in the header (" + header_list() + ")");
    std::size_t index = 0;
    const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (ec != std::errc() || ptr != token.data() + token.size() || index >= header_.size())
      fail(std::string(side) + " column index " + shown(token) + " is out of range 0.." +
           std::to_string(header_.size() - 1));
    return index;
  }

  std::string header_list() const {
    std::string list;
    for (const auto& name : header_) list += (list.empty() ? "" : ", ") + name;
    return shown(list, 80);
  }

  CsvTable parse(std::string_view text, const std::string& x_spec, const std::string& y_spec) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte-order mark
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) fail("the file is empty");
    Lines lines{text};
    std::string_view line;
    lines.next(line);
    read_header(line);
    const Selection sel{resolve(x_spec, "x"), resolve(y_spec, "y")};
    for (const std::size_t i : sel.x)
      if (std::find(sel.y.begin(), sel.y.end(), i) != sel.y.end()) fail(column(i) + " is in both x and y");

    CsvTable table;
    for (const std::size_t i : sel.x) table.x_names.push_back(header_[i]);
    for (const std::size_t i : sel.y) table.y_names.push_back(header_[i]);
    // Every cell takes at least one byte, so the text's size bounds the reservation.
    const auto expected_rows = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    table.x.reserve(std::min(expected_rows * sel.x.size(), text.size()));
    table.y.reserve(std::min(expected_rows * sel.y.size(), text.size()));

    std::vector<std::string_view> cells;
    std::size_t first_blank = 0;  // line number of a blank line that may turn out to be trailing
    while (lines.next(line)) {
      if (blank(line)) {
        if (first_blank == 0) first_blank = lines.number;
        continue;
      }
      if (first_blank != 0) fail(first_blank, "blank line inside the data");
      split_cells(line, cells);
      if (cells.size() != header_.size())
        fail(lines.number,
             std::to_string(cells.size()) + " cells, expected " + std::to_string(header_.size()) + " as in the header");
      for (const std::size_t i : sel.x) table.x.push_back(number(cells[i], i, lines.number));
      for (const std::size_t i : sel.y) table.y.push_back(number(cells[i], i, lines.number));
      ++table.rows;
    }
    if (table.rows == 0) fail("no data rows below the header");
    if (table.rows < kCsvMinRows)
      fail(std::to_string(table.rows) + " data rows; at least " + std::to_string(kCsvMinRows) +
           " are needed for the train/test split");
    check_varies(table.x, sel.x, "x");
    check_varies(table.y, sel.y, "y");
    return table;
  }

  double number(std::string_view cell, std::size_t index, std::size_t line) const {
    double value = 0;
    switch (parse_number(cell, value)) {
      case NumberStatus::Ok:
        return value;
      case NumberStatus::NotFinite:
        fail(line, column(index) + ": '" + shown(cell) + "' is not a finite number");
      case NumberStatus::OutOfRange:
        fail(line, column(index) + ": '" + shown(cell) + "' is out of the double range");
      case NumberStatus::NotANumber:
        break;
    }
    if (cell.empty()) fail(line, column(index) + ": empty cell");
    fail(line, column(index) + ": '" + shown(cell) + "' is not a number");
  }

  // A constant column carries no information and breaks per-column standardisation.
  void check_varies(const std::vector<double>& values, const std::vector<std::size_t>& columns,
                    const char* side) const {
    const std::size_t width = columns.size();
    for (std::size_t c = 0; c < width; ++c) {
      bool varies = false;
      for (std::size_t r = 1; r * width + c < values.size() && !varies; ++r)
        varies = values[r * width + c] != values[c];
      if (!varies) {
        char value[32];
        std::snprintf(value, sizeof value, "%.17g", values[c]);
        fail(column(columns[c]) + " (" + side + ") is constant (" + value + " in every row)");
      }
    }
  }

 private:
  std::string source_;
  std::vector<std::string> header_;
};

std::string read_all(const std::string& path) {
  const auto fail = [&](int error) {
    return CsvError(shown(path, 200) + ": cannot read the file (" + std::strerror(error) + ")");
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw fail(errno);
  std::string text;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  if (std::ferror(file.get())) throw fail(errno);  // e.g. EISDIR: fopen accepts a directory
  return text;
}

}  // namespace

CsvTable parse_csv_table(std::string_view text, const std::string& x_columns, const std::string& y_columns,
                         const std::string& source) {
  return Parser(source).parse(text, x_columns, y_columns);
}

CsvTable read_csv_table(const std::string& path, const std::string& x_columns, const std::string& y_columns) {
  const std::string text = read_all(path);
  return parse_csv_table(text, x_columns, y_columns, path);
}

}  // namespace ml
