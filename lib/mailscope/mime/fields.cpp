// The texts of a message, and their stored form.
#include "mailscope/mime/message.hpp"

namespace ms {

std::vector<FieldText> fields_of(const Message& m) {
    std::vector<FieldText> f;
    f.push_back({"subject", m.subject});
    f.push_back({"body", m.body});
    for (const auto& a : m.attachments)
        if (!a.text.empty())
            f.push_back({"attachment:" + (a.filename.empty() ? a.part : a.filename), a.text});
    return f;
}

// Each field: 4-byte little-endian name length, name, 4-byte text length, text.
static void put_u32(std::string& out, std::size_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::string encode_fields(const std::vector<FieldText>& fields) {
    std::string out;
    std::size_t total = 0;
    for (const auto& f : fields) total += 8 + f.name.size() + f.text.size();
    out.reserve(total);
    for (const auto& f : fields) {
        put_u32(out, f.name.size());
        out += f.name;
        put_u32(out, f.text.size());
        out += f.text;
    }
    return out;
}

bool decode_fields(std::string_view in, std::vector<FieldText>& out) {
    out.clear();
    auto get = [&](std::string& dst) {
        if (in.size() < 4) return false;
        std::size_t n = 0;
        for (int i = 0; i < 4; ++i)
            n |= static_cast<std::size_t>(static_cast<unsigned char>(in[static_cast<std::size_t>(i)]))
                 << (8 * i);
        in.remove_prefix(4);
        if (in.size() < n) return false;
        dst.assign(in.substr(0, n));
        in.remove_prefix(n);
        return true;
    };
    while (!in.empty()) {
        FieldText f;
        if (!get(f.name) || !get(f.text)) return false;
        out.push_back(std::move(f));
    }
    return true;
}

} // namespace ms
