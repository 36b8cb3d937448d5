#include "mailscope/util/compress.hpp"

#include <zstd.h>

namespace ms {

std::string zstd_compress(std::string_view data, int level) {
    // One context per thread: creating one per call costs more than compressing a small mail.
    thread_local ZSTD_CCtx* ctx = ZSTD_createCCtx();
    std::string out(ZSTD_compressBound(data.size()), '\0');
    std::size_t n = ZSTD_compressCCtx(ctx, out.data(), out.size(), data.data(), data.size(), level);
    out.resize(ZSTD_isError(n) ? 0 : n);
    return out;
}

Result<std::string> zstd_decompress(std::string_view frame) {
    thread_local ZSTD_DCtx* ctx = ZSTD_createDCtx();
    unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
        return fail(Errc::database, "stored message is not a valid zstd frame",
                    "the case file may be damaged; run `sqlite3 case.db 'PRAGMA integrity_check'`");
    std::string out(size, '\0');
    std::size_t n = ZSTD_decompressDCtx(ctx, out.data(), out.size(), frame.data(), frame.size());
    if (ZSTD_isError(n) || n != size)
        return fail(Errc::database,
                    std::string("stored message does not decompress: ") + ZSTD_getErrorName(n));
    return out;
}

} // namespace ms
