// The mbox splitter: the batch and streaming splits must agree, ranges stay inside the input
// and in order, and unescaping never grows a message.
#include "mailscope/source/mbox_split.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto ranges = ms::split_mbox(text);
    ms::MboxSplitter splitter(text);
    ms::MboxRange r;
    std::size_t i = 0;
    std::uint64_t last_end = 0;
    while (splitter.next(r)) {
        if (i >= ranges.size()) std::abort();
        const auto& b = ranges[i++];
        if (r.offset != b.offset || r.begin != b.begin || r.end != b.end) std::abort();
        if (r.offset > r.begin || r.begin > r.end || r.end > size || r.offset < last_end)
            std::abort();
        last_end = r.end;
        auto msg = text.substr(r.begin, r.end - r.begin);
        if (ms::mbox_unescape(msg).size() > msg.size()) std::abort();
    }
    if (i != ranges.size()) std::abort();
    auto nl = text.find('\n');
    auto first = text.substr(0, nl == std::string_view::npos ? text.size() : nl);
    (void)ms::is_envelope_line(first, true);
    (void)ms::is_envelope_line(first, false);
    return 0;
}
