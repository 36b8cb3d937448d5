#include "mailscope/util/fs.hpp"

#include "mailscope/util/strings.hpp"

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

Result<void> write_file_atomic(const std::string& path, std::string_view data, unsigned mode) {
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
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
