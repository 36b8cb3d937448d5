#include "mailscope/util/compress.hpp"

#include <memory>
#include <zstd.h>

namespace ms {

namespace {

// Freed when the thread ends: worker threads (the scan's reader, the indexer) come and go.
struct CCtxFree {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxFree {
    void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

} // namespace

std::string zstd_compress(std::string_view data, int level) {
    // One context per thread: creating one per call costs more than compressing a small mail.
    thread_local std::unique_ptr<ZSTD_CCtx, CCtxFree> holder(ZSTD_createCCtx());
    ZSTD_CCtx* ctx = holder.get();
    std::string out(ZSTD_compressBound(data.size()), '\0');
    std::size_t n = ZSTD_compressCCtx(ctx, out.data(), out.size(), data.data(), data.size(), level);
    out.resize(ZSTD_isError(n) ? 0 : n);
    return out;
}

Result<std::string> zstd_decompress(std::string_view frame) {
    thread_local std::unique_ptr<ZSTD_DCtx, DCtxFree> holder(ZSTD_createDCtx());
    ZSTD_DCtx* ctx = holder.get();
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
