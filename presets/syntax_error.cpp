#include "presets/syntax_error.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

namespace sy::presets {
namespace {

// What nlohmann's what() says, taken apart. Its layout is stable within 3.x:
// "... syntax error while parsing <context> - unexpected <token>; expected <token>"
// for a token in the wrong place, or
// "... syntax error while parsing <context> - <lexer message>; last read: '...'"
// for text that is not a token at all.
struct ErrorText {
    std::string context;
    std::string unexpected; // token name, parser errors only
    std::string lexer;      // lexer message, lexer errors only
    std::string expected;   // token name, may be empty
    bool understood = false;
};

ErrorText take_apart(const std::string& what) {
    ErrorText t;
    const auto at = what.find("syntax error ");
    if (at == std::string::npos) return t;
    std::string rest = what.substr(at + 13);
    if (rest.starts_with("while parsing ")) {
        const auto dash = rest.find(" - ");
        if (dash == std::string::npos) return t;
        t.context = rest.substr(14, dash - 14);
        rest = rest.substr(dash + 3);
    } else if (rest.starts_with("- ")) {
        rest = rest.substr(2);
    }
    if (rest.starts_with("unexpected ")) {
        const auto semi = rest.find("; expected ");
        t.unexpected = rest.substr(11, semi == std::string::npos ? std::string::npos : semi - 11);
        if (semi != std::string::npos) t.expected = rest.substr(semi + 11);
    } else {
        const auto last = rest.find("; last read: '");
        t.lexer = rest.substr(0, last);
        const auto semi = rest.rfind("'; expected ");
        if (last != std::string::npos && semi != std::string::npos && semi > last) {
            t.expected = rest.substr(semi + 12);
        }
    }
    t.understood = true;
    return t;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Start of the token that ends at `last` (the last byte the lexer read).
std::size_t token_start(std::string_view text, std::size_t last, const std::string& token) {
    if (token == "string literal") {
        for (std::size_t q = last; q-- > 0;) {
            if (text[q] != '"') continue;
            std::size_t slashes = 0;
            while (q - slashes > 0 && text[q - slashes - 1] == '\\') ++slashes;
            if (slashes % 2 == 0) return q;
        }
        return last;
    }
    if (token == "number literal") {
        std::size_t s = last;
        while (s > 0 && std::string_view("0123456789+-.eE").find(text[s - 1]) != std::string_view::npos) --s;
        return s;
    }
    if (token == "true literal" || token == "null literal") return last >= 3 ? last - 3 : 0;
    if (token == "false literal") return last >= 4 ? last - 4 : 0;
    return last;
}

// The end of input is reported just after the last non-blank character: that
// is where the missing text belongs, not on an empty line below it.
std::size_t end_of_content(std::string_view text) {
    std::size_t end = text.size();
    while (end > 0 && is_space(text[end - 1])) --end;
    return end;
}

std::string found_text(std::string_view text, std::size_t start, std::size_t last, const std::string& token) {
    if (token == "end of input") return "the end of the file";
    if (token == "string literal" || token == "number literal" || token.ends_with(" literal")) {
        const std::string_view slice = text.substr(start, last + 1 - start);
        if (token == "string literal" && slice.size() > 40) return "a string";
        return std::string(slice);
    }
    return token; // already quoted: "'}'", "','", ...
}

std::string expected_text(const ErrorText& t) {
    if (t.context == "object" && t.expected == "'}'") return "',' or '}'";
    if (t.context == "array" && t.expected == "']'") return "',' or ']'";
    if (t.expected == "string literal") return "a key in double quotes";
    if (t.expected == "':'") return "':' after the key";
    if (t.expected == "end of input") return "the end of the file";
    if (t.expected == "'[', '{', or a literal") return "a value";
    return t.expected;
}

struct Located {
    std::size_t offset;
    std::string message;
};

Located parser_error(std::string_view text, std::size_t last, const ErrorText& t) {
    const std::size_t start =
        t.unexpected == "end of input" ? end_of_content(text) : token_start(text, last, t.unexpected);
    const bool wants_item = t.expected == "string literal" || t.expected == "'[', '{', or a literal";
    if (wants_item && (t.unexpected == "'}'" || t.unexpected == "']'")) {
        std::size_t before = start;
        while (before > 0 && is_space(text[before - 1])) --before;
        if (before > 0 && text[before - 1] == ',') {
            return {before - 1, "trailing ',' before " + t.unexpected};
        }
    }
    if (t.unexpected == "end of input" && start == 0) {
        return {0, "the file is empty (a preset is a JSON object)"};
    }
    return {start, "expected " + expected_text(t) + ", found " + found_text(text, start, last, t.unexpected)};
}

// The character at `at` as a message shows it: 'x', 'é', U+0001 for a
// control character, 0xC3 for a byte that is not UTF-8.
std::string character_at(std::string_view text, std::size_t at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    char code[32];
    if (byte < 0x20 || byte == 0x7F) {
        std::snprintf(code, sizeof code, "U+%04X", byte);
        return code;
    }
    if (byte < 0x80) return "'" + std::string(1, text[at]) + "'";
    const std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0;
    bool whole = length > 0 && byte < 0xF5 && at + length <= text.size();
    for (std::size_t i = 1; whole && i < length; ++i) {
        whole = (static_cast<unsigned char>(text[at + i]) & 0xC0) == 0x80;
    }
    if (whole) return "'" + std::string(text.substr(at, length)) + "'";
    std::snprintf(code, sizeof code, "byte 0x%02X (not UTF-8)", byte);
    return code;
}

Located lexer_error(std::string_view text, std::size_t last, const ErrorText& t) {
    if (t.lexer == "invalid literal" && last < text.size()) {
        const char c = text[last];
        if (c == '\'') return {last, "single quotes are not JSON; use double quotes"};
        if (c == '/') return {last, "comments are not allowed in JSON"};
        // A misspelt literal fails on its first wrong letter, after a proper
        // prefix of true, false or null ("tru}", "nmae"): name the whole word.
        std::size_t start = last;
        {
            std::size_t back = last;
            while (back > 0 && is_letter(text[back - 1])) --back;
            const std::string_view before = text.substr(back, last - back);
            for (std::string_view literal : {"true", "false", "null"}) {
                if (!before.empty() && before.size() < literal.size() && literal.starts_with(before)) start = back;
            }
        }
        std::size_t end = start;
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) {
            ++end;
        }
        // Where the parser wanted something particular (',' or '}', a key,
        // the end of the file), say that; where it wanted a value, say why
        // the word is not one.
        const bool wants_value = t.expected.empty();
        if (end == start) {
            const std::string found = character_at(text, last);
            if (!wants_value) return {last, "expected " + expected_text(t) + ", found " + found};
            return {last, "unexpected character " + found};
        }
        const std::string word(text.substr(start, end - start));
        if (!wants_value) return {start, "expected " + expected_text(t) + ", found " + word};
        std::string lower = word;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        for (std::string_view literal : {"true", "false", "null"}) {
            if (literal.starts_with(lower) || lower == literal) {
                return {start, "invalid literal " + word + " (expected true, false or null)"};
            }
        }
        return {start, "expected a value, found " + word + " (strings need double quotes)"};
    }
    if (t.lexer.starts_with("invalid string: control character U+000A")) {
        return {last, "line break inside a string (missing closing quote?)"};
    }
    if (t.lexer == "invalid string: missing closing quote") {
        return {last, "string not closed before the end of the file"};
    }
    return {last, t.lexer};
}

} // namespace

TextPosition position_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    TextPosition pos;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            line_start = i + 1;
        }
    }
    // A byte-order mark is invisible in editors; do not count it.
    if (line_start == 0 && text.starts_with("\xEF\xBB\xBF") && offset >= 3) line_start = 3;
    for (std::size_t i = line_start; i < offset; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++pos.column; // UTF-8 lead bytes only
    }
    return pos;
}

graph::Problem syntax_problem(std::string_view text, const nlohmann::json::parse_error& error) {
    // parse_error::byte is 1-based and names the last byte read; n+1 is the end.
    const std::size_t last = std::min(error.byte > 0 ? error.byte - 1 : 0, text.size());
    const ErrorText t = take_apart(error.what());
    Located where{last, "invalid JSON"};
    if (t.understood) {
        where = t.unexpected.empty() ? lexer_error(text, last, t) : parser_error(text, last, t);
    }
    const TextPosition pos = position_of(text, where.offset);
    graph::Problem problem;
    problem.message = std::move(where.message);
    problem.line = pos.line;
    problem.column = pos.column;
    return problem;
}

graph::Problem syntax_problem(std::string_view text, const nlohmann::json::out_of_range& error) {
    const std::string what = error.what();
    const auto open = what.find(" parsing '");
    const auto close = what.rfind('\'');
    graph::Problem problem;
    if (open == std::string::npos || close == std::string::npos || close <= open + 10) {
        problem.message = "a number is out of range";
        return problem;
    }
    const std::string number = what.substr(open + 10, close - open - 10);
    problem.message = "number " + number + " is too large";
    const auto at = text.find(number);
    if (at != std::string_view::npos) {
        const TextPosition pos = position_of(text, at);
        problem.line = pos.line;
        problem.column = pos.column;
    }
    return problem;
}

} // namespace sy::presets
