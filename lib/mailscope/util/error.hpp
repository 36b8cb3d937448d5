// The one error type of mailscope and Result<T>, the value-or-error every core call returns.
//
// The core never throws across its API and never prints: vendor failures (Xapian exceptions,
// GError, libpst return codes, SQLite codes) are turned into an Error at the wrapper that called
// the vendor, with a message naming the file or item and, where it helps, a hint for the user.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace ms {

// What went wrong, coarse enough for the CLI to choose an exit code from.
enum class Errc {
    usage,            // bad arguments or query syntax
    not_found,        // file, case, message or location that does not exist
    bad_input,        // unreadable or malformed mail, container or configuration
    io,               // reading or writing the file system
    database,         // SQLite or Xapian failure
    locked,           // another process holds the case
    permission,       // the actor may not do this
    conflict,         // the request contradicts the current state (a value already there)
    unsupported,      // a format or feature mailscope does not handle
    internal,         // a bug: an invariant did not hold
};

// Exit codes are interface (see mailscope(1)): 2 error, 4 permission denied.
constexpr int exit_code_of(Errc c) { return c == Errc::permission ? 4 : 2; }

struct Error {
    Errc code = Errc::internal;
    std::string message;  // what failed, naming the file or item
    std::string hint;     // what the user might do about it; may be empty

    Error() = default;
    Error(Errc c, std::string msg, std::string h = {})
        : code(c), message(std::move(msg)), hint(std::move(h)) {}

    // Prefixes the message with context, e.g. the file being read.
    Error& context(const std::string& where) {
        message = where + ": " + message;
        return *this;
    }
};

// A tag to construct a failed Result: `return fail(Errc::io, "cannot read " + path);`
struct Failure {
    Error error;
};
inline Failure fail(Errc c, std::string msg, std::string hint = {}) {
    return Failure{Error{c, std::move(msg), std::move(hint)}};
}
inline Failure fail(Error e) { return Failure{std::move(e)}; }

// A value or an Error, in the spirit of std::expected (C++23).
template <typename T> class [[nodiscard]] Result {
public:
    Result(T v) : m_v(std::in_place_index<0>, std::move(v)) {}
    Result(Failure f) : m_v(std::in_place_index<1>, std::move(f.error)) {}

    explicit operator bool() const { return m_v.index() == 0; }
    bool has_value() const { return m_v.index() == 0; }

    T& value() & { assert(has_value()); return std::get<0>(m_v); }
    const T& value() const& { assert(has_value()); return std::get<0>(m_v); }
    T&& value() && { assert(has_value()); return std::get<0>(std::move(m_v)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& { assert(!has_value()); return std::get<1>(m_v); }
    Error&& error() && { assert(!has_value()); return std::get<1>(std::move(m_v)); }

private:
    std::variant<T, Error> m_v;
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Failure f) : m_err(std::move(f.error)), m_ok(false) {}

    explicit operator bool() const { return m_ok; }
    bool has_value() const { return m_ok; }
    const Error& error() const& { assert(!m_ok); return m_err; }
    Error&& error() && { assert(!m_ok); return std::move(m_err); }

private:
    Error m_err;
    bool m_ok = true;
};

inline Result<void> ok() { return {}; }

} // namespace ms

// Propagates a failed Result from the current function.
#define MS_TRY(expr)                                                                               \
    do {                                                                                           \
        auto&& ms_try_r_ = (expr);                                                                 \
        if (!ms_try_r_) return ::ms::fail(std::move(ms_try_r_).error());                           \
    } while (0)

// Binds the value of a Result to `var` or propagates its error.
#define MS_TRY_ASSIGN(var, expr)                                                                   \
    auto var##_result_ = (expr);                                                                   \
    if (!var##_result_) return ::ms::fail(std::move(var##_result_).error());                       \
    auto var = std::move(var##_result_).value()
