// MessageSource: one interface over mbox files, maildirs, trees of message files, single .eml
// files and PST/OST files. A source yields raw RFC 822 bytes with where they were found; it
// never writes to the evidence and never stops at one broken item.
#pragma once

#include "mailscope/util/error.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ms {

enum class Format { automatic, mbox, maildir, tree, eml, pst };
const char* format_name(Format f);
// "mbox", "maildir", "tree", "eml", "pst" (and "ost"); false for anything else.
bool parse_format(std::string_view s, Format& out);

// Message flags, as mail clients keep them. `starred` is Outlook's and maildir's "flagged".
enum MessageFlag : std::uint32_t {
    k_flag_seen = 1u << 0,
    k_flag_replied = 1u << 1,
    k_flag_starred = 1u << 2,
    k_flag_draft = 1u << 3,
    k_flag_trashed = 1u << 4,
    k_flag_forwarded = 1u << 5,
    k_flag_known = 1u << 15,  // the source records flags at all (so "unread" means something)
};
// "seen,starred" for the set bits (without `known`).
std::string flags_to_string(std::uint32_t flags);

struct RawMessage {
    std::string bytes;      // the message as RFC 822 (mbox escaping undone)
    std::string folder;     // folder inside the source, "/"-separated; "" when flat
    std::string locator;    // where inside the evidence: relative path, "@offset", "node:id"
    std::uint32_t flags = 0;
    std::string custodian;  // set when the source knows better than the import's default
};

// A broken item (failed) or a file that is not mail (skipped).
struct SourceProblem {
    std::string locator;
    std::string reason;
    bool skipped = false;
    std::string hint;  // what the user might do, when there is something
};

class MessageSink {
public:
    virtual ~MessageSink() = default;
    // A failure here (the case cannot be written) aborts the read.
    virtual Result<void> message(RawMessage&& m) = 0;
    virtual Result<void> problem(SourceProblem&& p) = 0;
    // Resume: true when this locator was stored by an earlier, interrupted import.
    virtual bool seen(std::string_view locator) const = 0;
    virtual void progress(std::uint64_t done, std::uint64_t total) = 0;
};

struct SourceOptions {
    Format format = Format::automatic;
    bool custodians_from_subdirs = false;  // tree/maildir: first directory level = custodian
    std::string pst_charset = "windows-1252"; // for ANSI PST strings without a codepage
    int pst_timeout_seconds = 300;         // a libpst child silent this long is killed
    std::uint64_t pst_memory_mb = 2048;    // how far a libpst child's data may grow
};

class MessageSource {
public:
    virtual ~MessageSource() = default;
    virtual Format format() const = 0;
    // Bytes of evidence to read, for progress; 0 if unknown.
    virtual std::uint64_t total_bytes() const = 0;
    // Fails only when the container as a whole cannot be read (missing, not a PST...).
    virtual Result<void> read(MessageSink& sink) = 0;
};

// Detects the format of a path from its content (never from its name).
Result<Format> detect_format(const std::string& path);

Result<std::unique_ptr<MessageSource>> open_source(const std::string& path,
                                                   const SourceOptions& opts);

// Constructors of the implementations (one per file).
std::unique_ptr<MessageSource> make_mbox_source(const std::string& path);
std::unique_ptr<MessageSource> make_tree_source(const std::string& path, const SourceOptions& o);
std::unique_ptr<MessageSource> make_eml_source(const std::string& path);
std::unique_ptr<MessageSource> make_pst_source(const std::string& path, const SourceOptions& o);

// What a file's first bytes say it is.
enum class FileKind { message, mbox, pst, zip, empty, unknown };
FileKind sniff(std::string_view head);

} // namespace ms
