#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/problems/csv/csv_table.h"

namespace ml {
namespace {

// A header plus `rows` rows of a (i), b (2i+1), c (i*i) and a text column "label".
std::string table_text(int rows, const std::string& newline = "\n") {
  std::string text = "a,b,c,label" + newline;
  for (int i = 0; i < rows; ++i)
    text += std::to_string(i) + "," + std::to_string(2 * i + 1) + "," + std::to_string(i * i) + ",row" +
            std::to_string(i) + newline;
  return text;
}

// The CsvError message of parsing `text`, or "no error".
std::string error_of(const std::string& text, const std::string& x = "a,b", const std::string& y = "c") {
  try {
    parse_csv_table(text, x, y, "data.csv");
  } catch (const CsvError& e) {
    return e.what();
  }
  return "no error";
}

// `text` with line `line` (1-based) replaced.
std::string with_line(std::string text, int line, const std::string& replacement) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) start = text.find('\n', start) + 1;
  const std::size_t end = text.find('\n', start);
  return text.replace(start, end - start, replacement);
}

TEST(CsvTable, SelectsColumnsByNameRowMajor) {
  const CsvTable t = parse_csv_table(table_text(12), "b,a", "c");
  EXPECT_EQ(t.rows, 12u);
  EXPECT_EQ(t.x_names, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(t.y_names, (std::vector<std::string>{"c"}));
  ASSERT_EQ(t.x.size(), 24u);
  ASSERT_EQ(t.y.size(), 12u);
  EXPECT_DOUBLE_EQ(t.x[2 * 5 + 0], 11.0);  // row 5: b
  EXPECT_DOUBLE_EQ(t.x[2 * 5 + 1], 5.0);   // row 5: a
  EXPECT_DOUBLE_EQ(t.y[7], 49.0);
}

TEST(CsvTable, SelectsColumnsByIndexAndIgnoresUnselectedTextColumns) {
  const CsvTable t = parse_csv_table(table_text(10), "0", " 1 , 2 ");
  EXPECT_EQ(t.x_names, (std::vector<std::string>{"a"}));
  EXPECT_EQ(t.y_names, (std::vector<std::string>{"b", "c"}));
  EXPECT_DOUBLE_EQ(t.y[2 * 3 + 1], 9.0);
}

TEST(CsvTable, AHeaderNameWinsOverAnIndex) {
  std::string text = "1,0,z\n";
  for (int i = 0; i < 10; ++i) text += std::to_string(i) + "," + std::to_string(-i) + ",t\n";
  const CsvTable t = parse_csv_table(text, "0", "1");
  EXPECT_EQ(t.x_names, (std::vector<std::string>{"0"}));
  EXPECT_DOUBLE_EQ(t.x[4], -4.0);  // the column named "0" is index 1
  EXPECT_DOUBLE_EQ(t.y[4], 4.0);
}

TEST(CsvTable, AcceptsCrlfQuotedHeadersBomSpacesAndTrailingBlankLines) {
  std::string text =
      "\xEF\xBB\xBF\"a\", 'b' ,c,label\r\n" + table_text(11, "\r\n").substr(std::string("a,b,c,label\r\n").size());
  text += "\r\n\r\n   \n";
  const CsvTable t = parse_csv_table(text, "a,b", "c");
  EXPECT_EQ(t.rows, 11u);
  EXPECT_EQ(t.x_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_DOUBLE_EQ(t.y[10], 100.0);
}

TEST(CsvTable, ParsesSignsExponentsAndTinyValues) {
  std::string text = "x,y\n+1.5,-2e3\n1e-400,.25\n";
  for (int i = 0; i < 8; ++i) text += std::to_string(i) + "," + std::to_string(i) + "\n";
  const CsvTable t = parse_csv_table(text, "x", "y");
  EXPECT_DOUBLE_EQ(t.x[0], 1.5);
  EXPECT_DOUBLE_EQ(t.y[0], -2000.0);
  EXPECT_DOUBLE_EQ(t.x[1], 0.0);  // below the smallest subnormal
  EXPECT_DOUBLE_EQ(t.y[1], 0.25);
}

TEST(CsvTable, ReadsAFileAndNamesItInErrors) {
  const auto path = (std::filesystem::temp_directory_path() / "ml_test_csv_table.csv").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << table_text(10);
  }
  EXPECT_EQ(read_csv_table(path, "a", "b").rows, 10u);
  {
    std::ofstream out(path, std::ios::binary);
    out << with_line(table_text(10), 5, "3,x,1,r");
  }
  try {
    read_csv_table(path, "a", "b");
    FAIL() << "no error";
  } catch (const CsvError& e) {
    EXPECT_EQ(std::string(e.what()), path + ":5: column 'b': 'x' is not a number");
  }
  std::remove(path.c_str());
}

TEST(CsvTable, MissingFileAndDirectoryAreOneLineErrors) {
  try {
    read_csv_table("/nonexistent/data.csv", "a", "b");
    FAIL() << "no error";
  } catch (const CsvError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/data.csv: cannot read the file (No such file or directory)");
  }
  const auto dir = std::filesystem::temp_directory_path().string();
  try {
    read_csv_table(dir, "a", "b");
    FAIL() << "no error";
  } catch (const CsvError& e) {
    EXPECT_EQ(std::string(e.what()), dir + ": cannot read the file (Is a directory)");
  }
}

TEST(CsvTable, EmptyHeaderOnlyAndTooFewRows) {
  EXPECT_EQ(error_of(""), "data.csv: the file is empty");
  EXPECT_EQ(error_of("\r\n \n"), "data.csv: the file is empty");
  EXPECT_EQ(error_of("a,b,c,label\n"), "data.csv: no data rows below the header");
  EXPECT_EQ(error_of("a,b,c,label\r\n\r\n"), "data.csv: no data rows below the header");
  EXPECT_EQ(error_of(table_text(9)), "data.csv: 9 data rows; at least 10 are needed for the train/test split");
  EXPECT_EQ(error_of(" \nx,y\n"), "data.csv:1: the header line is empty");
  EXPECT_EQ(error_of("1,2\n3,4\n", "0", "1"),
            "data.csv:1: the first line holds only numbers; it must be a header of column names");
}

TEST(CsvTable, RaggedRowsNameTheirLine) {
  EXPECT_EQ(error_of(with_line(table_text(10), 4, "1,2,3")), "data.csv:4: 3 cells, expected 4 as in the header");
  EXPECT_EQ(error_of(with_line(table_text(10), 11, "1,2,3,x,5")), "data.csv:11: 5 cells, expected 4 as in the header");
  EXPECT_EQ(error_of(with_line(table_text(10), 6, "")), "data.csv:6: blank line inside the data");
}

TEST(CsvTable, BadCellsNameLineAndColumn) {
  const std::string t = table_text(10);
  EXPECT_EQ(error_of(with_line(t, 3, "1,abc,3,r")), "data.csv:3: column 'b': 'abc' is not a number");
  EXPECT_EQ(error_of(with_line(t, 3, "1,,3,r")), "data.csv:3: column 'b': empty cell");
  EXPECT_EQ(error_of(with_line(t, 8, "1,2,3e,r")), "data.csv:8: column 'c': '3e' is not a number");
  EXPECT_EQ(error_of(with_line(t, 8, "1,2,0x10,r")), "data.csv:8: column 'c': '0x10' is not a number");
  EXPECT_EQ(error_of(with_line(t, 8, "+-1,2,3,r")), "data.csv:8: column 'a': '+-1' is not a number");
  EXPECT_EQ(error_of(with_line(t, 2, "nan,2,3,r")), "data.csv:2: column 'a': 'nan' is not a finite number");
  EXPECT_EQ(error_of(with_line(t, 2, "1,-inf,3,r")), "data.csv:2: column 'b': '-inf' is not a finite number");
  EXPECT_EQ(error_of(with_line(t, 2, "1,2,Infinity,r")), "data.csv:2: column 'c': 'Infinity' is not a finite number");
  EXPECT_EQ(error_of(with_line(t, 9, "1,2,1e999,r")), "data.csv:9: column 'c': '1e999' is out of the double range");
  // Control characters and long cells stay on one line.
  const std::string message = error_of(with_line(t, 2, "1,a\rb" + std::string(100, 'z') + ",3,r"));
  EXPECT_EQ(message.find('\r'), std::string::npos);
  EXPECT_NE(message.find("data.csv:2: column 'b': 'a\\x0db"), std::string::npos) << message;
  EXPECT_LT(message.size(), 100u);
}

TEST(CsvTable, ConstantColumnsAreRejected) {
  std::string text = "a,b,c\n";
  for (int i = 0; i < 10; ++i) text += std::to_string(i) + ",7," + std::to_string(i) + "\n";
  EXPECT_EQ(error_of(text, "a,b", "c"), "data.csv: column 'b' (x) is constant (7 in every row)");
  EXPECT_EQ(error_of(text, "a", "b"), "data.csv: column 'b' (y) is constant (7 in every row)");
  EXPECT_EQ(error_of(text, "a", "c"), "no error");
}

TEST(CsvTable, BadColumnSelections) {
  const std::string t = table_text(10);
  EXPECT_EQ(error_of(t, "a,q", "c"), "data.csv: x column 'q' is not in the header (a, b, c, label)");
  EXPECT_EQ(error_of(t, "a", "7"), "data.csv: y column index 7 is out of range 0..3");
  EXPECT_EQ(error_of(t, "a", "99999999999999999999999"),
            "data.csv: y column index 99999999999999999999999 is out of range 0..3");
  EXPECT_EQ(error_of(t, "-1", "c"), "data.csv: x column '-1' is not in the header (a, b, c, label)");
  EXPECT_EQ(error_of(t, "", "c"), "data.csv: no x columns given");
  EXPECT_EQ(error_of(t, "a", "  "), "data.csv: no y columns given");
  EXPECT_EQ(error_of(t, "a,,b", "c"), "data.csv: x columns 'a,,b': empty entry");
  EXPECT_EQ(error_of(t, "a,0", "c"), "data.csv: column 'a' is listed twice in x");
  EXPECT_EQ(error_of(t, "a,b", "2,b"), "data.csv: column 'b' is in both x and y");
  EXPECT_EQ(error_of(t, "a,b", "label"), "data.csv:2: column 'label': 'row0' is not a number");
  std::string dup = "a,a,b\n";
  for (int i = 0; i < 10; ++i) dup += std::to_string(i) + ",1," + std::to_string(-i) + "\n";
  EXPECT_EQ(error_of(dup, "a", "b"), "data.csv: x column 'a' is ambiguous: columns 0 and 1 have that name");
  EXPECT_EQ(error_of(dup, "0", "b"), "no error");
}

TEST(CsvTable, TwoHundredThousandRows) {
  std::string text = "u,v,w\r\n";
  text.reserve(200000 * 24);
  for (int i = 0; i < 200000; ++i)
    text += std::to_string(i) + "," + std::to_string(i % 977) + ".5," + std::to_string(-i) + "e-3\r\n";
  const CsvTable t = parse_csv_table(text, "u,v", "w");
  ASSERT_EQ(t.rows, 200000u);
  ASSERT_EQ(t.x.size(), 400000u);
  EXPECT_DOUBLE_EQ(t.x[2 * 199999], 199999.0);
  EXPECT_DOUBLE_EQ(t.x[2 * 199999 + 1], 199999 % 977 + 0.5);
  EXPECT_DOUBLE_EQ(t.y[123456], -123.456);
}

}  // namespace
}  // namespace ml
