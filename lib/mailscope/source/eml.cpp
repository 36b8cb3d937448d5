// A single message file (.eml, or any one-message file named on the command line).
#include "mailscope/source/source.hpp"
#include "mailscope/mime/limits.hpp"
#include "mailscope/util/fs.hpp"

#include <filesystem>

namespace ms {

namespace {

class EmlSource final : public MessageSource {
public:
    explicit EmlSource(std::string path) : m_path(std::move(path)) {
        std::error_code ec;
        m_size = std::filesystem::file_size(m_path, ec);
    }
    Format format() const override { return Format::eml; }
    std::uint64_t total_bytes() const override { return m_size; }

    Result<void> read(MessageSink& sink) override {
        std::string locator = std::filesystem::path(m_path).filename().string();
        if (sink.seen(locator)) return ok();
        if (m_size > k_max_message_bytes)
            return sink.problem({locator, message_too_large(m_size), false,
                                 "the evidence keeps it; read it with another tool"});
        MS_TRY_ASSIGN(bytes, read_file(m_path));
        RawMessage m;
        m.bytes = std::move(bytes);
        m.locator = std::move(locator);
        MS_TRY(sink.message(std::move(m)));
        sink.progress(m_size, m_size);
        return ok();
    }

private:
    std::string m_path;
    std::uint64_t m_size = 0;
};

} // namespace

std::unique_ptr<MessageSource> make_eml_source(const std::string& path) {
    return std::make_unique<EmlSource>(path);
}

} // namespace ms
