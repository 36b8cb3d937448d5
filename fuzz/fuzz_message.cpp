// Raw bytes as a message: GMime parse into ms::Message, then the scan/index texts and their
// stored byte form, which must round-trip.
#include "mailscope/mime/message.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool inited = (ms::mime_init(), true);
    (void)inited;
    std::string_view raw(reinterpret_cast<const char*>(data), size);
    ms::ParseLimits limits;
    limits.keep_attachment_bytes = true;
    auto m = ms::parse_message(raw, limits);
    if (!m) return 0;
    (void)m->has_attachment();
    auto fields = ms::fields_of(*m);
    std::vector<ms::FieldText> back;
    if (!ms::decode_fields(ms::encode_fields(fields), back) || back.size() != fields.size())
        std::abort();
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (back[i].name != fields[i].name || back[i].text != fields[i].text) std::abort();
    return 0;
}
