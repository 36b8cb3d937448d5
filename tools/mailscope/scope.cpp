#include "scope.hpp"

#include "printer.hpp"

#include "mailscope/util/strings.hpp"

namespace ms::cli {

const char* visibility_name(Visibility v) {
    switch (v) {
    case Visibility::hidden: return "hidden";
    case Visibility::masked: return "masked";
    case Visibility::clear: return "clear";
    }
    return "?";
}

Result<ScopedResult> scoped_search(Context& ctx, MessageReader& reader, const SearchOptions& opts) {
    ScopedResult out;
    if (!ctx.access->viewer().restricted) {
        MS_TRY_ASSIGN(r, search(*ctx.kase, opts));
        out.ids = std::move(r.ids);
        out.vis.assign(out.ids.size(), Visibility::clear);
        out.total = r.total;
        return out;
    }
    SearchOptions all = opts;
    all.limit = 0;
    all.offset = 0;
    MS_TRY_ASSIGN(r, search(*ctx.kase, all));
    for (std::int64_t id : r.ids) {
        MS_TRY_ASSIGN(s, reader.summary(id, Detail::parties));
        Visibility v = ctx.access->visibility(s);
        if (v == Visibility::hidden) {
            ++out.withheld;
            continue;
        }
        ++out.total;
        if (out.total <= opts.offset) continue;
        if (opts.limit && out.ids.size() >= opts.limit) continue;
        out.ids.push_back(id);
        out.vis.push_back(v);
    }
    return out;
}

Result<MessageSummary> scoped_summary(Context& ctx, MessageReader& reader, std::int64_t id,
                                      Detail detail, Visibility* vis) {
    const Viewer& viewer = ctx.access->viewer();
    // A line needs one location, access the recipients: listing has both.
    Detail need = viewer.restricted && detail == Detail::line ? Detail::listing : detail;
    MS_TRY_ASSIGN(s, reader.summary(id, need));
    Visibility v = ctx.access->visibility(s);
    if (vis) *vis = v;
    if (v == Visibility::hidden)
        return fail(Errc::permission,
                    "message " + std::to_string(id) + " is outside what a " + viewer.role_name() +
                        " may see" +
                        (viewer.person ? " (acting as " + viewer.person->email + ")" : ""),
                    viewer.role == Role::compliance
                        ? "personal mail is out of monitoring; `mailscope unlock ID --reason TEXT` "
                          "records why you need it"
                        : "");
    if (v == Visibility::masked) ctx.access->mask_summary(s);
    return s;
}

std::string scoped_text(const Context& ctx, Visibility vis, std::string text) {
    return vis == Visibility::masked ? ctx.access->mask(text) : text;
}

Result<void> audit(Context& ctx, const std::string& action, const std::string& target,
                   const std::string& query, const Record& detail, const std::string& reason,
                   std::int64_t until) {
    AuditRecord r;
    r.action = action;
    r.target = target;
    r.query = query;
    r.reason = reason;
    r.until = until;
    r.detail = detail.is_null() ? "{}" : detail.dump(-1, ' ', false,
                                                     nlohmann::json::error_handler_t::replace);
    MS_TRY(ctx.access->record(std::move(r)));
    return ok();
}

Result<std::string> stated_reason(const std::string& text, const char* option, const char* example) {
    std::string reason = collapse_whitespace(text);
    std::size_t chars = 0;
    for (std::size_t i = 0; i < reason.size(); ++chars) next_code_point(reason, i);
    if (chars < 4)
        return fail(Errc::usage, std::string(option) + " must say why (at least four characters)",
                    std::string("for example: ") + option + " \"" + example + "\"");
    return reason;
}

} // namespace ms::cli
