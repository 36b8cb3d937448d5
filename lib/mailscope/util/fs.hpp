// Read-only access to evidence files: they are opened O_RDONLY and never written.
#pragma once

#include "mailscope/util/error.hpp"
#include "mailscope/util/hash.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ms {

// A read-only memory map of a whole file (empty files map to an empty view).
class MappedFile {
public:
    static Result<MappedFile> open(const std::string& path);
    MappedFile() = default;
    MappedFile(MappedFile&& o) noexcept;
    MappedFile& operator=(MappedFile&& o) noexcept;
    ~MappedFile();

    std::string_view view() const { return {static_cast<const char*>(m_data), m_size}; }
    // Drops the pages before `offset` from this process's memory (they stay in the page
    // cache): reading a large file front to back then costs little resident memory.
    void release_before(std::size_t offset);
    std::size_t size() const { return m_size; }

private:
    void* m_data = nullptr;
    std::size_t m_size = 0;
};

Result<std::string> read_file(const std::string& path);
// Reads at most `max` bytes from the start of a file (format sniffing).
Result<std::string> read_head(const std::string& path, std::size_t max);
Result<Sha256> sha256_file(const std::string& path);

// Writes a file atomically (temp file + rename) with the given mode.
Result<void> write_file_atomic(const std::string& path, std::string_view data, unsigned mode = 0600);

// Path safety for everything written under a folder the user named (export, handover): a
// name taken from mail (an attachment's filename, a customer) is untrusted, and nothing may
// land outside that folder or through a symbolic link planted in it.

// A single, portable path component made from untrusted text: no separators, "..", NUL or
// control characters, no leading dot, dash or space, no Windows-reserved names (con, nul,
// com1...) or characters, valid UTF-8, at most `max_bytes` bytes (the extension kept).
// Empty or nothing left: `fallback`.
std::string sanitize_filename(std::string_view name, std::string_view fallback = "file",
                              std::size_t max_bytes = 200);

// "name.ext" -> "name-2.ext" (k = 2, 3, ...): a unique variant within the byte limit.
std::string numbered_filename(const std::string& name, int k, std::size_t max_bytes = 200);

// `dir`/sanitize_filename(name): the path of a new child of `dir`. Fails when `dir` is not
// a directory or the child exists as a symbolic link (never written through).
Result<std::string> safe_child_path(const std::string& dir, std::string_view name);

enum class OnExisting { fail, replace, rename };

// Writes `data` as a file named sanitize_filename(name) directly inside `dir`, never
// following a symbolic link there (openat with O_EXCL | O_NOFOLLOW). An existing file is an
// error, replaced (atomically; a link is replaced, not followed), or the name gets a number.
// Returns the name written.
Result<std::string> write_file_in(const std::string& dir, std::string_view name,
                                  std::string_view data, OnExisting on = OnExisting::fail,
                                  unsigned mode = 0600);

// A case's secret (32 random bytes kept as hex in an owner-only file): read it, or create it
// when `create` is set and it does not exist yet. Two processes creating it at once agree on
// one (O_EXCL), and a half-written file is never read as a key.
Result<std::string> load_secret(const std::string& path, bool create);

} // namespace ms
