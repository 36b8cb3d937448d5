// Directories: maildirs (cur/new, Maildir++ dot folders), trees of one-message files such as
// the Enron CMU layout or folders of .eml files, and mbox/PST files found inside them.
// Locators are paths relative to the source root ("inbox/12.", "sent/cur/1:2,S",
// "archive.mbox@4711", "old.pst#node:2097188").
#include "mailscope/source/source.hpp"
#include "mailscope/source/status_flags.hpp"
#include "mailscope/source/tree_names.hpp"
#include "mailscope/mime/limits.hpp"
#include "mailscope/util/fs.hpp"

#include <algorithm>
#include <cctype>
#include <vector>
#include <filesystem>

namespace fs = std::filesystem;

namespace ms {

namespace {

struct Entry {
    std::string rel;     // path relative to the root
    std::string folder;  // folder the message is filed in
    std::string custodian;
    std::uint64_t size = 0;
    bool maildir = false;
    bool in_new = false;
};

// Forwards a nested container's messages with locators and folders made relative to the root.
class PrefixSink final : public MessageSink {
public:
    PrefixSink(MessageSink& inner, const Entry& e, std::string sep)
        : m_inner(inner), m_entry(e), m_sep(std::move(sep)) {}
    Result<void> message(RawMessage&& m) override {
        m.locator = m_entry.rel + m_sep + m.locator;
        if (m.folder.empty()) m.folder = m_entry.folder;
        else if (!m_entry.folder.empty()) m.folder = m_entry.folder + "/" + m.folder;
        if (m.custodian.empty()) m.custodian = m_entry.custodian;
        return m_inner.message(std::move(m));
    }
    Result<void> problem(SourceProblem&& p) override {
        p.locator = m_entry.rel + (p.locator.empty() ? "" : m_sep + p.locator);
        return m_inner.problem(std::move(p));
    }
    bool seen(std::string_view loc) const override {
        return m_inner.seen(m_entry.rel + m_sep + std::string(loc));
    }
    void progress(std::uint64_t, std::uint64_t) override {}

private:
    MessageSink& m_inner;
    const Entry& m_entry;
    std::string m_sep;
};

class TreeSource final : public MessageSource {
public:
    TreeSource(std::string root, SourceOptions opts)
        : m_root(std::move(root)), m_opts(std::move(opts)) {}
    Format format() const override {
        std::error_code ec;
        return fs::is_directory(m_root + "/cur", ec) || fs::is_directory(m_root + "/new", ec)
                   ? Format::maildir
                   : Format::tree;
    }
    std::uint64_t total_bytes() const override { return m_total; }

    Result<void> read(MessageSink& sink) override {
        std::vector<Entry> entries;
        std::vector<SourceProblem> walk_problems;
        collect(fs::path(m_root), "", 0, entries, walk_problems);
        for (auto& p : walk_problems) MS_TRY(sink.problem(std::move(p)));
        m_total = 0;
        for (const auto& e : entries) m_total += e.size;
        std::uint64_t done = 0;
        for (const Entry& e : entries) {
            done += e.size;
            sink.progress(done, m_total);
            if (sink.seen(e.rel)) continue;
            MS_TRY(read_entry(e, sink));
        }
        return ok();
    }

private:
    std::string m_root;
    SourceOptions m_opts;
    std::uint64_t m_total = 0;

    void collect(const fs::path& dir, const std::string& rel, int depth, std::vector<Entry>& out,
                 std::vector<SourceProblem>& problems) {
        if (depth > 64) {
            problems.push_back({rel, "directory nesting deeper than 64 levels, not read", false});
            return;
        }
        std::vector<std::pair<std::string, fs::file_status>> items;
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code ec2;
            // Symlinked files are read; symlinked directories could loop, so they are not.
            fs::file_status st = it->is_symlink(ec2) && it->is_directory(ec2)
                                     ? fs::symlink_status(it->path(), ec2)
                                     : it->status(ec2);
            items.emplace_back(it->path().filename().string(), st);
        }
        if (ec) {
            problems.push_back({rel.empty() ? "." : rel, "cannot list directory: " + ec.message(),
                                false});
            return;
        }
        std::sort(items.begin(), items.end(),
                  [](const auto& a, const auto& b) { return natural_less(a.first, b.first); });

        bool is_maildir = false;
        for (const auto& [name, st] : items)
            if ((name == "cur" || name == "new") && fs::is_directory(st)) is_maildir = true;

        auto join = [&](const std::string& name) { return rel.empty() ? name : rel + "/" + name; };
        // The folder messages in this directory are filed under.
        std::string folder = rel;
        std::string custodian;
        if (m_opts.custodians_from_subdirs && !rel.empty()) {
            std::size_t slash = rel.find('/');
            custodian = rel.substr(0, slash);
            folder = slash == std::string::npos ? "" : rel.substr(slash + 1);
        }
        if (is_maildir) {
            std::string base = fs::path(rel).filename().string();
            if (folder.empty()) folder = "INBOX";
            else if (!base.empty() && base[0] == '.') {
                std::string parent = fs::path(folder).parent_path().string();
                folder = (parent.empty() ? "" : parent + "/") + maildirpp_folder(base);
            }
        }

        for (const auto& [name, st] : items) {
            if (fs::is_directory(st)) {
                if (is_maildir && (name == "cur" || name == "new")) {
                    collect_maildir_files(dir / name, join(name), folder, custodian,
                                          name == "new", out, problems);
                } else if (is_maildir && name == "tmp") {
                    // Deliveries in progress (maildir(5)), but evidence all the same: a
                    // message that never reached new/ is still a message someone sent.
                    collect_maildir_files(dir / name, join(name), folder, custodian, true, out,
                                          problems);
                } else {
                    collect(dir / name, join(name), depth + 1, out, problems);
                }
            } else if (fs::is_regular_file(st)) {
                std::error_code e2;
                // Also beside cur/ and new/: some tools drop messages there.
                out.push_back({join(name), folder, custodian, fs::file_size(dir / name, e2), false,
                               false});
            }
        }
    }

    void collect_maildir_files(const fs::path& dir, const std::string& rel,
                               const std::string& folder, const std::string& custodian, bool in_new,
                               std::vector<Entry>& out, std::vector<SourceProblem>& problems) {
        std::vector<std::string> names;
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code e2;
            if (it->is_regular_file(e2)) names.push_back(it->path().filename().string());
        }
        if (ec) problems.push_back({rel, "cannot list directory: " + ec.message(), false});
        std::sort(names.begin(), names.end(), natural_less);
        for (auto& n : names) {
            std::error_code e2;
            Entry e{rel + "/" + n, folder, custodian, fs::file_size(dir / n, e2), true, in_new};
            out.push_back(std::move(e));
        }
    }

    Result<void> read_entry(const Entry& e, MessageSink& sink) {
        std::string path = m_root + "/" + e.rel;
        // Reported, not read: nothing in a mail store's bookkeeping files is mail.
        if (is_mail_store_metadata(fs::path(e.rel).filename().string()))
            return sink.problem({e.rel, "mail store metadata, not a message", true});
        auto head = read_head(path, 65536);
        if (!head) return sink.problem({e.rel, head.error().message, false});
        FileKind kind = sniff(*head);
        switch (kind) {
        case FileKind::message: {
            std::string bytes;
            if (head->size() < 65536) {
                bytes = std::move(*head);
            } else if (e.size > k_max_message_bytes) {
                return sink.problem({e.rel, message_too_large(e.size), false,
                                     "the evidence keeps it; read it with another tool"});
            } else {
                auto all = read_file(path);
                if (!all) return sink.problem({e.rel, all.error().message, false});
                bytes = std::move(*all);
            }
            RawMessage m;
            m.bytes = std::move(bytes);
            m.locator = e.rel;
            m.folder = e.folder;
            m.custodian = e.custodian;
            if (e.maildir)
                m.flags = flags_from_maildir_name(fs::path(e.rel).filename().string(), e.in_new);
            return sink.message(std::move(m));
        }
        case FileKind::mbox: {
            // The mbox source names its folder after the file: .../mbox/single.mbox -> .../single.
            PrefixSink ps(sink, e, "");
            auto src = make_mbox_source(path);
            auto r = src->read(ps);
            if (!r) return sink.problem({e.rel, r.error().message, false});
            return ok();
        }
        case FileKind::pst: {
            PrefixSink ps(sink, e, "#");
            auto src = make_pst_source(path, m_opts);
            auto r = src->read(ps);
            if (!r) return sink.problem({e.rel, r.error().message, false});
            return ok();
        }
        case FileKind::empty:
            return sink.problem({e.rel, "empty file", true}); // nothing in it to lose
        case FileKind::zip:
            return sink.problem({e.rel, "zip archive (e.g. Outlook for Mac .olm): not supported",
                                 false});
        case FileKind::unknown:
            // In a maildir every file should be a message; elsewhere other files are normal.
            return sink.problem({e.rel, e.maildir ? "not an email message (no RFC 822 header)"
                                                  : "not a mail file",
                                 !e.maildir});
        }
        return ok();
    }
};

} // namespace

std::unique_ptr<MessageSource> make_tree_source(const std::string& path, const SourceOptions& o) {
    return std::make_unique<TreeSource>(path, o);
}

} // namespace ms
