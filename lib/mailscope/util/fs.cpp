#include "mailscope/util/fs.hpp"

#include "mailscope/util/strings.hpp"
#include "mailscope/util/privilege.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ms {

static Failure io_error(const std::string& what, const std::string& path) {
    int e = errno;
    Errc c = (e == ENOENT || e == ENOTDIR) ? Errc::not_found
             : (e == EACCES || e == EPERM) ? Errc::permission
                                           : Errc::io;
    return fail(c, path + ": " + what + ": " + std::strerror(e));
}

Result<MappedFile> MappedFile::open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open", path);
    struct stat st {};
    if (fstat(fd, &st) != 0) {
        auto f = io_error("cannot stat", path);
        ::close(fd);
        return f;
    }
    MappedFile m;
    m.m_size = static_cast<std::size_t>(st.st_size);
    if (m.m_size > 0) {
        void* p = mmap(nullptr, m.m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            auto f = io_error("cannot map", path);
            ::close(fd);
            return f;
        }
        madvise(p, m.m_size, MADV_SEQUENTIAL);
        m.m_data = p;
    }
    ::close(fd);
    return m;
}

MappedFile::MappedFile(MappedFile&& o) noexcept : m_data(o.m_data), m_size(o.m_size) {
    o.m_data = nullptr;
    o.m_size = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
    if (this != &o) {
        if (m_data) munmap(m_data, m_size);
        m_data = o.m_data;
        m_size = o.m_size;
        o.m_data = nullptr;
        o.m_size = 0;
    }
    return *this;
}

void MappedFile::release_before(std::size_t offset) {
    const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    std::size_t len = std::min(offset, m_size) / page * page;
    if (m_data && len > 0) madvise(m_data, len, MADV_DONTNEED);
}

MappedFile::~MappedFile() {
    if (m_data) munmap(m_data, m_size);
}

// Reads up to `max` bytes in chunks, handing each to `sink`; the one read loop of this file.
template <typename Sink>
static Result<void> read_chunks(const std::string& path, std::size_t max, Sink&& sink) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open", path);
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    static thread_local char buf[1 << 16];
    std::size_t total = 0;
    while (total < max) {
        ssize_t n = ::read(fd, buf, std::min(sizeof buf, max - total));
        if (n < 0) {
            if (errno == EINTR) continue;
            auto f = io_error("cannot read", path);
            ::close(fd);
            return f;
        }
        if (n == 0) break;
        sink(buf, static_cast<std::size_t>(n));
        total += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return ok();
}

Result<std::string> read_file(const std::string& path) { return read_head(path, SIZE_MAX); }

Result<std::string> read_head(const std::string& path, std::size_t max) {
    std::string out;
    MS_TRY(read_chunks(path, max, [&](const char* p, std::size_t n) { out.append(p, n); }));
    return out;
}

Result<Sha256> sha256_file(const std::string& path) {
    Sha256Hasher h;
    MS_TRY(read_chunks(path, SIZE_MAX, [&](const char* p, std::size_t n) { h.update(p, n); }));
    return h.finish();
}

static Result<void> write_all(int fd, std::string_view data, const std::string& path) {
    std::size_t off = 0;
    while (off < data.size()) {
        ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error("cannot write", path);
        }
        off += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) return io_error("cannot write", path);
    return ok();
}

Result<void> write_file_atomic(const std::string& path, std::string_view data, unsigned mode) {
    std::string tmp = path + ".tmp";
    // A stale temp file (or a link planted in its place) is removed, never written through.
    ::unlink(tmp.c_str());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    share_mode(mode));
    if (fd < 0) return io_error("cannot create", tmp);
    std::size_t off = 0;
    while (off < data.size()) {
        ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            auto f = io_error("cannot write", tmp);
            ::close(fd);
            return f;
        }
        off += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) return io_error("cannot write", tmp);
    if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error("cannot rename to", path);
    return ok();
}

static bool reserved_windows_name(std::string_view name) {
    std::string base(name.substr(0, name.find('.')));
    while (!base.empty() && base.back() == ' ') base.pop_back();
    for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (base == "con" || base == "prn" || base == "aux" || base == "nul") return true;
    return base.size() == 4 && (base.compare(0, 3, "com") == 0 || base.compare(0, 3, "lpt") == 0) &&
           base[3] >= '1' && base[3] <= '9';
}

// Keeps the extension (when short) and cuts the stem at a character boundary.
static std::string fit_bytes(const std::string& name, std::size_t max_bytes) {
    if (name.size() <= max_bytes) return name;
    std::size_t dot = name.rfind('.');
    std::string ext = dot != std::string::npos && dot > 0 && name.size() - dot <= 16 ? name.substr(dot) : "";
    if (ext.size() >= max_bytes) ext.clear();
    return utf8_truncate(name.substr(0, name.size() - ext.size()), max_bytes - ext.size()) + ext;
}

std::string sanitize_filename(std::string_view name, std::string_view fallback, std::size_t max_bytes) {
    std::string out;
    for (char c : sanitize_utf8(name)) {
        unsigned char u = static_cast<unsigned char>(c);
        bool bad = u < 0x20 || u == 0x7f || c == '/' || c == '\\' || c == ':' || c == '*' ||
                   c == '?' || c == '"' || c == '<' || c == '>' || c == '|';
        out += bad ? '_' : c;
    }
    // Leading dots hide files and make "..", dashes read as options, spaces confuse.
    std::size_t lead = out.find_first_not_of(".- _");
    out.erase(0, lead == std::string::npos ? out.size() : lead);
    while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
    if (out.empty()) out = std::string(fallback);
    if (reserved_windows_name(out)) out = "_" + out;
    return fit_bytes(out, max_bytes);
}

std::string numbered_filename(const std::string& name, int k, std::size_t max_bytes) {
    std::string suffix = "-" + std::to_string(k);
    std::size_t dot = name.rfind('.');
    std::string ext = dot != std::string::npos && dot > 0 && name.size() - dot <= 16 ? name.substr(dot) : "";
    std::string stem = name.substr(0, name.size() - ext.size());
    std::size_t room = max_bytes > suffix.size() + ext.size() ? max_bytes - suffix.size() - ext.size() : 1;
    return utf8_truncate(stem, room) + suffix + ext;
}

Result<std::string> safe_child_path(const std::string& dir, std::string_view name) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return io_error("cannot open the folder", dir);
    if (!S_ISDIR(st.st_mode)) return fail(Errc::usage, dir + ": not a folder");
    std::string path = dir;
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    path += "/" + sanitize_filename(name);
    if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode))
        return fail(Errc::io, path + ": a symbolic link; mailscope never writes through one",
                    "remove the link, or write into another folder");
    return path;
}

Result<std::string> write_file_in(const std::string& dir, std::string_view name,
                                  std::string_view data, OnExisting on, unsigned mode) {
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return io_error("cannot open the folder", dir);
    const std::string safe = sanitize_filename(name);
    std::string shown = dir + (dir.empty() || dir.back() == '/' ? "" : "/");
    auto done = [&](Result<std::string> r) {
        ::close(dfd);
        return r;
    };
    if (on == OnExisting::replace) {
        // Written under a private name, then renamed over the target: a link there is
        // replaced, not followed.
        std::string tmp = "." + safe + ".part";
        ::unlinkat(dfd, tmp.c_str(), 0);
        int fd = ::openat(dfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0) return done(io_error("cannot create", shown + tmp));
        auto w = write_all(fd, data, shown + tmp);
        ::close(fd);
        if (!w || ::renameat(dfd, tmp.c_str(), dfd, safe.c_str()) != 0) {
            auto f = w ? Result<std::string>(io_error("cannot rename to", shown + safe))
                       : Result<std::string>(fail(w.error()));
            ::unlinkat(dfd, tmp.c_str(), 0);
            return done(std::move(f));
        }
        return done(safe);
    }
    for (int k = 1;; ++k) {
        std::string cand = k == 1 ? safe : numbered_filename(safe, k);
        int fd = ::openat(dfd, cand.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0 && errno == EEXIST && on == OnExisting::rename && k < 10000) continue;
        if (fd < 0 && errno == EEXIST)
            return done(fail(Errc::conflict, shown + cand + ": file exists"));
        if (fd < 0) return done(io_error("cannot create", shown + cand));
        auto w = write_all(fd, data, shown + cand);
        ::close(fd);
        if (!w) {
            ::unlinkat(dfd, cand.c_str(), 0);
            return done(fail(w.error()));
        }
        return done(cand);
    }
}

Result<std::string> load_secret(const std::string& path, bool create) {
    for (int attempt = 0; attempt < 50; ++attempt) {
        auto text = read_file(path);
        if (text) {
            std::string hex(trim(*text));
            Sha256 key{};
            if (from_hex(hex, key)) return std::string(key.begin(), key.end());
            // Another process is between creating and renaming it; or it was damaged.
            if (attempt < 49) {
                ::usleep(20000);
                continue;
            }
            return fail(Errc::bad_input, path + ": not a mailscope key (64 hex digits expected)",
                        "restore the file from a backup of the case");
        }
        if (text.error().code != Errc::not_found || !create) return fail(text.error());
        // Written to a unique temporary file and linked into place: link() fails when
        // another process got there first, and then its key is the key.
        std::string hex = to_hex(random_bytes(32)) + "\n";
        std::string tmp = path + "." + std::to_string(::getpid()) + ".new";
        MS_TRY(write_file_atomic(tmp, hex, 0600));
        int rc = ::link(tmp.c_str(), path.c_str());
        int err = errno;
        ::unlink(tmp.c_str());
        if (rc != 0 && err != EEXIST)
            return fail(Errc::io, path + ": cannot create key: " + std::strerror(err));
    }
    return fail(Errc::io, path + ": cannot read key");
}

} // namespace ms
