// JSON syntax errors: one problem, at the line and column a person would put
// the cursor on, with a short message.
#include <gtest/gtest.h>

#include "presets/preset_reader.hpp"
#include "presets/syntax_error.hpp"
#include "problem_matchers.hpp"

namespace sy::presets {
namespace {

using test_support::listed;

struct Expected {
    int line;
    int column;
    std::string message;
};

void expect_syntax_error(const std::string& text, const Expected& want) {
    const ReadResult r = parse_preset(text);
    EXPECT_FALSE(r.model.has_value());
    ASSERT_EQ(r.problems.size(), 1u) << "for:\n" << text << "\n" << listed(r.problems);
    const graph::Problem& p = r.problems[0];
    EXPECT_EQ(p.line, want.line) << "message: " << p.message << "\nfor:\n" << text;
    EXPECT_EQ(p.column, want.column) << "message: " << p.message << "\nfor:\n" << text;
    EXPECT_EQ(p.message, want.message) << "for:\n" << text;
    EXPECT_EQ(p.field, "") << "a syntax error has a position, not a field";
}

TEST(PresetSyntax, MissingCommaPointsAtTheNextKey) {
    expect_syntax_error("{\n"
                        "  \"switchyard\": 1,\n"
                        "  \"name\": \"x\"\n"
                        "  \"engine\": {}\n"
                        "}\n",
                        {4, 3, "expected ',' or '}', found \"engine\""});
}

TEST(PresetSyntax, MissingCommaInAnArray) {
    expect_syntax_error("{\"routes\": [\n  {\"from\": \"a\", \"to\": \"b\"}\n  {\"from\": \"c\"}\n]}",
                        {3, 3, "expected ',' or ']', found '{'"});
}

TEST(PresetSyntax, TrailingCommaPointsAtTheComma) {
    expect_syntax_error("{\n"
                        "  \"switchyard\": 1,\n"
                        "  \"name\": \"x\",\n"
                        "}\n",
                        {3, 14, "trailing ',' before '}'"});
}

TEST(PresetSyntax, TrailingCommaInAnArray) {
    expect_syntax_error("{\"map\": [[0, 0], [1, 1],\n]}", {1, 24, "trailing ',' before ']'"});
}

TEST(PresetSyntax, UnclosedObjectIsReportedAfterTheLastText) {
    // Not on the empty line after the trailing newline: where the '}' belongs.
    expect_syntax_error("{\n  \"switchyard\": 1\n\n", {2, 18, "expected ',' or '}', found the end of the file"});
}

TEST(PresetSyntax, UnquotedKey) {
    expect_syntax_error("{ name: \"x\" }", {1, 3, "expected a key in double quotes, found name"});
}

TEST(PresetSyntax, SingleQuotes) {
    expect_syntax_error("{\"name\": 'x'}", {1, 10, "single quotes are not JSON; use double quotes"});
}

TEST(PresetSyntax, MisspeltLiteralNamesTheWholeWord) {
    expect_syntax_error("{\n  \"mute\": tru\n}", {2, 11, "invalid literal tru (expected true, false or null)"});
}

TEST(PresetSyntax, StrayCharacterAfterACompleteLiteral) {
    expect_syntax_error("{\"mute\": true.}", {1, 14, "expected ',' or '}', found '.'"});
    expect_syntax_error("{\"mute\": true yes}", {1, 15, "expected ',' or '}', found yes"});
}

TEST(PresetSyntax, UnquotedStringValue) {
    expect_syntax_error("{\"quality\": best}", {1, 13, "expected a value, found best (strings need double quotes)"});
}

TEST(PresetSyntax, MissingColon) {
    expect_syntax_error("{\"name\" \"x\"}", {1, 9, "expected ':' after the key, found \"x\""});
}

TEST(PresetSyntax, LineBreakInsideAString) {
    expect_syntax_error("{\"name\": \"abc\n\"}", {1, 14, "line break inside a string (missing closing quote?)"});
}

TEST(PresetSyntax, Comment) {
    expect_syntax_error("{\n  // the mic\n  \"name\": \"x\"\n}", {2, 3, "comments are not allowed in JSON"});
}

TEST(PresetSyntax, TextAfterTheDocument) {
    expect_syntax_error("{\"name\": \"x\"}\n{", {2, 1, "expected the end of the file, found '{'"});
}

TEST(PresetSyntax, EmptyFile) {
    expect_syntax_error("  \n", {1, 1, "the file is empty (a preset is a JSON object)"});
}

TEST(PresetSyntax, BadNumber) {
    expect_syntax_error("{\"gain_db\": -x}", {1, 14, "invalid number; expected digit after '-'"});
}

TEST(PresetSyntax, ColumnsCountCharactersNotBytes) {
    // "é" is two bytes in UTF-8 but one column in an editor.
    expect_syntax_error("{\"name\": \"Café\" \"x\"}", {1, 17, "expected ',' or '}', found \"x\""});
}

TEST(PresetSyntax, StringWithEscapedQuoteIsFoundWhole) {
    expect_syntax_error("{\"name\": \"a\\\"b\" 1}", {1, 17, "expected ',' or '}', found 1"});
    expect_syntax_error("{\"a\": 1 \"say \\\"hi\\\"\"}", {1, 9, "expected ',' or '}', found \"say \\\"hi\\\"\""});
}


TEST(PresetSyntax, StrayCharactersAreShownReadably) {
    expect_syntax_error("{\"a\": \x01}", {1, 7, "unexpected character U+0001"});
    expect_syntax_error("{\"a\": \xC3\xA9}", {1, 7, "unexpected character '\xC3\xA9'"});
    expect_syntax_error("{\"a\": \xFF}", {1, 7, "unexpected character byte 0xFF (not UTF-8)"});
    expect_syntax_error("{\"a\": .5}", {1, 7, "unexpected character '.'"});
}

TEST(PresetSyntax, NumberTooLargeForADouble) {
    // nlohmann reports this as out_of_range, without a position.
    expect_syntax_error("{\n  \"gain_db\": -1e999\n}", {2, 14, "number -1e999 is too large"});
}

TEST(PresetSyntax, PositionOfCountsLinesAndCharactersFromOne) {
    const std::string_view text = "ab\nc\xC3\xA9\n"; // a b \n c é(2 bytes) \n
    const auto at = [&](std::size_t offset) {
        const TextPosition p = position_of(text, offset);
        return std::to_string(p.line) + ":" + std::to_string(p.column);
    };
    EXPECT_EQ(at(0), "1:1");
    EXPECT_EQ(at(2), "1:3") << "the newline itself is on line 1";
    EXPECT_EQ(at(3), "2:1");
    EXPECT_EQ(at(6), "2:3") << "é counts as one column";
    EXPECT_EQ(at(7), "3:1");
    EXPECT_EQ(at(100), "3:1") << "past the end is the end";
}

} // namespace
} // namespace sy::presets
