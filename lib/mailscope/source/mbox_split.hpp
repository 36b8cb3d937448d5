// Splitting an mbox into messages ourselves: GMime's mbox mode hangs on an unescaped "From "
// line in a body (LIBNOTES §2), and we need byte offsets as locators anyway.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ms {

// True when `line` (without its newline) is an mbox "From " separator. `loose` accepts any
// "From <token>" (first line of a file); otherwise a date with a time and a year is required.
bool is_envelope_line(std::string_view line, bool loose);

struct MboxRange {
    std::uint64_t offset;  // of the "From " line: the locator
    std::uint64_t begin;   // first byte of the message (after the "From " line)
    std::uint64_t end;     // one past the last byte (separator blank line excluded)
};

// Splits mbox text. A "From " line separates messages when it is the first line, or follows a
// blank line and carries a date, or is a complete asctime envelope line, or is directly
// followed by a header field and either follows a blank line, carries a date or is a bare
// "From -" / "From sender" line.
std::vector<MboxRange> split_mbox(std::string_view data);

// The same split, one message at a time: a multi-gigabyte mbox is read front to back once,
// and pages already imported can be dropped from memory as the import goes.
class MboxSplitter {
public:
    explicit MboxSplitter(std::string_view data);
    // The next message; false at the end.
    bool next(MboxRange& out);

private:
    std::string_view m_data;
    std::size_t m_line_start = 0;
    std::uint64_t m_cur_offset = 0, m_cur_begin = 0;
    bool m_in_msg = false;
    bool m_prev_blank = true;
    std::size_t m_last_blank = std::string::npos; // a blank line right before this one
};

// Undoes ">From " escaping (mboxo and mboxrd: one '>' is removed from ">+From " lines).
std::string mbox_unescape(std::string_view msg);

} // namespace ms
