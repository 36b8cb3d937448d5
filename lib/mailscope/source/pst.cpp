// PST/OST files, read through libpst in a child process (see pst_wire.hpp for why).
// Locators are "node:<descriptor id>", stable for a given file.
#include "mailscope/source/pst_wire.hpp"
#include "mailscope/source/source.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <new>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <set>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define MS_HAS_SHADOW 1
#endif
#endif
#ifndef MS_HAS_SHADOW
#define MS_HAS_SHADOW 0
#endif

namespace ms {

namespace {

class PstSource final : public MessageSource {
public:
    PstSource(std::string path, SourceOptions opts) : m_path(std::move(path)), m_opts(std::move(opts)) {
        std::error_code ec;
        m_size = std::filesystem::file_size(m_path, ec);
    }
    Format format() const override { return Format::pst; }
    std::uint64_t total_bytes() const override { return m_size; }

    Result<void> read(MessageSink& sink) override {
        std::string truncated = check_size();
        auto r = read_items(sink);
        if (!r || truncated.empty()) return r;
        // libpst reads what is there; the items past the cut are lost and must be reported.
        return fail(Errc::bad_input, truncated,
                    "the messages libpst could read were imported; get a complete copy of the file");
    }

private:
    // [MS-PST] 2.2.2.5/2.2.2.6: the header's ROOT records the file size (ibFileEof).
    std::string check_size() const {
        std::string head(0x200, '\0');
        FILE* f = std::fopen(m_path.c_str(), "rb");
        if (!f) return {};
        std::size_t n = std::fread(head.data(), 1, head.size(), f);
        std::fclose(f);
        auto le = [&](std::size_t off, int bytes) {
            std::uint64_t v = 0;
            for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(head[off + i]);
            return v;
        };
        if (n < 0xC0) return "file is truncated inside its header (" + std::to_string(n) + " bytes)";
        std::uint64_t version = le(10, 2);
        std::uint64_t eof = version >= 23 ? le(0xB8, 8) : le(0xA8, 4);
        if (eof > m_size)
            return "file is truncated: its header says " + std::to_string(eof) + " bytes, the file has " +
                   std::to_string(m_size);
        return {};
    }

    // Reads with a child process; when a child dies on an item (crash or hang), that item is
    // recorded as failed and a new child reads on without it, up to k_max_restarts times.
    Result<void> read_items(MessageSink& sink) {
        std::set<std::uint64_t> skip;
        for (int attempt = 0;; ++attempt) {
            Outcome o;
            MS_TRY(run_child(sink, skip, o));
            if (o.done) return ok();
            // Dying inside an item costs that item; dying while opening the file costs the file.
            bool retry = !o.in_progress.empty() && attempt < k_max_restarts;
            if (retry) {
                SourceProblem p;
                p.locator = o.in_progress;
                p.reason = o.reason + " on this item; it was skipped and the rest of the file read";
                p.skipped = false;
                MS_TRY(sink.problem(std::move(p)));
                skip.insert(std::stoull(o.in_progress.substr(5)));  // "node:<id>"
                continue;
            }
            std::string why = o.reason;
            if (o.messages > 0)
                why += " after " + std::to_string(o.messages) +
                       " messages; the rest of the file was not read";
            return fail(Errc::bad_input, why,
                        o.messages ? "the messages read before the failure were imported"
                                   : "check the file with `readpst -D`; it may be damaged");
        }
    }

    static constexpr int k_max_restarts = 32;
    static constexpr int k_exit_memory = 5;

    // In the child: its data may grow by `mb` beyond what it inherited from the importer; a
    // damaged file that makes libpst allocate without end then fails that item, not the host.
    static void limit_memory(std::uint64_t mb) {
#if defined(__SANITIZE_ADDRESS__) || MS_HAS_SHADOW
        // AddressSanitizer and ThreadSanitizer map their shadow and allocator regions on
        // demand: a data limit makes every allocation fail. Sanitizer builds read PSTs
        // without one.
        (void)mb;
        return;
#endif
        std::uint64_t data_kb = 0;
        if (FILE* f = std::fopen("/proc/self/status", "r")) {
            char line[256];
            while (std::fgets(line, sizeof line, f))
                if (std::strncmp(line, "VmData:", 7) == 0) data_kb = std::strtoull(line + 7, nullptr, 10);
            std::fclose(f);
        }
        rlimit rl{};
        rl.rlim_cur = rl.rlim_max = static_cast<rlim_t>((data_kb * 1024) + mb * 1024 * 1024);
        setrlimit(RLIMIT_DATA, &rl);
    }

    struct Outcome {
        bool done = false;              // the child read the file to its end
        bool crashed = false, timed_out = false;
        std::string in_progress;        // the item the child announced last
        std::string reason;             // why it did not end
        std::uint64_t messages = 0;     // messages received from this child
    };

    Result<void> run_child(MessageSink& sink, const std::set<std::uint64_t>& skip, Outcome& o) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
            return fail(Errc::io, m_path + ": cannot create pipe: " + std::strerror(errno));
        pid_t pid = fork();
        if (pid < 0) {
            close(fds[0]);
            close(fds[1]);
            return fail(Errc::io, m_path + ": cannot fork the PST reader: " + std::strerror(errno));
        }
        if (pid == 0) {
            // Child: libpst prints to stdout/stderr on some errors; keep the user's terminal
            // and the parent's structured output clean.
            close(fds[0]);
            int devnull = open("/dev/null", O_RDWR);
            if (devnull >= 0) {
                dup2(devnull, 1);
                dup2(devnull, 2);
            }
            limit_memory(m_opts.pst_memory_mb);
            // A crash inside libpst ends the child by its signal, which the parent reports as
            // that item's crash, also where a sanitizer installed handlers of its own.
            for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL})
                std::signal(sig, SIG_DFL);
            try {
                _exit(pst_wire::run_reader(m_path, m_opts.pst_charset, fds[1], skip));
            } catch (const std::bad_alloc&) {
                _exit(k_exit_memory);
            }
        }
        close(fds[1]);
        auto r = consume(fds[0], pid, sink, o);
        close(fds[0]);
        return r;
    }

    std::string m_path;
    SourceOptions m_opts;
    std::uint64_t m_size = 0;

    // Reads exactly n bytes; false on EOF, error or timeout (`timed_out` tells which).
    bool read_exact(int fd, char* buf, std::size_t n, bool& timed_out) {
        std::size_t got = 0;
        while (got < n) {
            pollfd p{fd, POLLIN, 0};
            int pr = poll(&p, 1, m_opts.pst_timeout_seconds * 1000);
            if (pr == 0) {
                timed_out = true;
                return false;
            }
            if (pr < 0) {
                if (errno == EINTR) continue;
                return false;
            }
            ssize_t k = ::read(fd, buf + got, n - got);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) return false;
            got += static_cast<std::size_t>(k);
        }
        return true;
    }

    Result<void> consume(int fd, pid_t pid, MessageSink& sink, Outcome& o) {
        bool ended = false, timed_out = false;
        std::string payload;
        Result<void> result;
        while (true) {
            char head[5];
            if (!read_exact(fd, head, 5, timed_out)) break;
            std::uint32_t len = 0;
            for (int i = 0; i < 4; ++i)
                len |= static_cast<std::uint32_t>(static_cast<unsigned char>(head[1 + i])) << (8 * i);
            payload.resize(len);
            if (len && !read_exact(fd, payload.data(), len, timed_out)) break;
            pst_wire::Reader rd{payload};
            if (head[0] == pst_wire::k_begin) {
                o.in_progress = rd.str();
                if (!rd.ok) break;
                continue;
            } else if (head[0] == pst_wire::k_message) {
                RawMessage m;
                m.flags = rd.u32();
                m.folder = rd.str();
                m.locator = rd.str();
                m.bytes = rd.str();
                if (!rd.ok) break;
                ++o.messages;
                // A restarted child reads the items before the bad one again.
                if (!m_delivered.insert(m.locator).second || sink.seen(m.locator)) continue;
                result = sink.message(std::move(m));
            } else if (head[0] == pst_wire::k_problem) {
                SourceProblem p;
                p.locator = rd.str();
                p.reason = rd.str();
                p.skipped = rd.u32() != 0;
                if (!rd.ok) break;
                if (!m_delivered.insert("problem " + p.locator).second) continue;
                result = sink.problem(std::move(p));
            } else if (head[0] == pst_wire::k_end) {
                ended = true;
                break;
            } else {
                break;
            }
            if (!result) break;
        }
        if (!ended || !result) kill(pid, SIGKILL);
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        sink.progress(m_size, m_size);
        if (!result) return result;
        if (ended && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            o.done = true;
            return ok();
        }
        o.timed_out = timed_out;
        o.crashed = !timed_out && WIFSIGNALED(status);
        if (timed_out)
            o.reason = "libpst stopped responding (no output for " +
                       std::to_string(m_opts.pst_timeout_seconds) + " s) and was killed";
        else if (WIFSIGNALED(status))
            o.reason = std::string("libpst crashed (") + strsignal(WTERMSIG(status)) + ")";
        else if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
            o.reason = "libpst cannot open it: could not get root record (damaged or unsupported PST)";
        else if (WIFEXITED(status) && WEXITSTATUS(status) == 4)
            o.reason = "libpst cannot open it: not a PST/OST file";
        else if (WIFEXITED(status) && WEXITSTATUS(status) == k_exit_memory)
            o.reason = "the PST reader exceeded its memory limit (" +
                       std::to_string(m_opts.pst_memory_mb) + " MB, --pst-memory)";
        else
            o.reason = "PST reader failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
        return ok();
    }

    std::set<std::string> m_delivered;  // locators passed to the sink by any child
};

} // namespace

std::unique_ptr<MessageSource> make_pst_source(const std::string& path, const SourceOptions& o) {
    return std::make_unique<PstSource>(path, o);
}

} // namespace ms
