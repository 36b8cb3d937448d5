// mbox files (mboxo and mboxrd): split ourselves, locator "@<offset of the From line>".
#include "mailscope/mime/limits.hpp"
#include "mailscope/source/mbox_split.hpp"
#include "mailscope/source/source.hpp"
#include "mailscope/source/status_flags.hpp"
#include "mailscope/util/fs.hpp"

#include <filesystem>

namespace ms {

namespace {

class MboxSource final : public MessageSource {
public:
    explicit MboxSource(std::string path) : m_path(std::move(path)) {
        // An mbox is one folder, named after the file ("Inbox", "Sent.mbox" -> "Sent").
        std::string name = std::filesystem::path(m_path).filename().string();
        std::string stem = std::filesystem::path(name).stem().string();
        m_folder = stem.empty() ? name : stem;
    }
    Format format() const override { return Format::mbox; }
    std::uint64_t total_bytes() const override { return m_size; }

    Result<void> read(MessageSink& sink) override {
        MS_TRY_ASSIGN(file, MappedFile::open(m_path));
        m_size = file.size();
        std::string_view data = file.view();
        MboxSplitter splitter(data);
        bool any = false;
        std::uint64_t released = 0;
        for (MboxRange r; splitter.next(r);) {
            any = true;
            if (r.offset - released > (64u << 20)) {
                file.release_before(r.offset);
                released = r.offset;
            }
            std::string locator = "@" + std::to_string(r.offset);
            sink.progress(r.end, m_size);
            if (sink.seen(locator)) continue;
            std::string_view bytes = data.substr(r.begin, r.end - r.begin);
            if (bytes.find_first_not_of("\r\n \t") == std::string_view::npos) {
                MS_TRY(sink.problem({locator, "empty message after \"From \" line", false}));
                continue;
            }
            if (bytes.size() > k_max_message_bytes) {
                MS_TRY(sink.problem({locator, message_too_large(bytes.size()), false,
                                     "the evidence keeps it; read it with another tool"}));
                continue;
            }
            RawMessage m;
            m.bytes = mbox_unescape(bytes);
            m.locator = std::move(locator);
            m.folder = m_folder;
            m.flags = flags_from_mbox_headers(m.bytes);
            MS_TRY(sink.message(std::move(m)));
        }
        if (!any) return fail(Errc::bad_input, "no \"From \" separator line: not an mbox");
        sink.progress(m_size, m_size);
        return ok();
    }

private:
    std::string m_path;
    std::string m_folder;
    std::uint64_t m_size = 0;
};

} // namespace

std::unique_ptr<MessageSource> make_mbox_source(const std::string& path) {
    return std::make_unique<MboxSource>(path);
}

} // namespace ms
