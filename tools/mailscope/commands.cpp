// The command table: one line per command, implemented in cmd_<name>.cpp.
#include "cli.hpp"

namespace ms::cli {

std::unique_ptr<Command> make_import_command();
std::unique_ptr<Command> make_index_command();
std::unique_ptr<Command> make_shards_command();
std::unique_ptr<Command> make_serve_shard_command();
std::unique_ptr<Command> make_search_command();
std::unique_ptr<Command> make_show_command();
std::unique_ptr<Command> make_export_command();
std::unique_ptr<Command> make_help_command();
std::unique_ptr<Command> make_org_command();
std::unique_ptr<Command> make_policy_command();
std::unique_ptr<Command> make_scan_command();
std::unique_ptr<Command> make_flags_command();
std::unique_ptr<Command> make_appeal_command();
std::unique_ptr<Command> make_review_command();
std::unique_ptr<Command> make_mask_command();
std::unique_ptr<Command> make_unlock_command();
std::unique_ptr<Command> make_audit_command();
std::unique_ptr<Command> make_verify_command();
std::unique_ptr<Command> make_stats_command();
std::unique_ptr<Command> make_report_command();
std::unique_ptr<Command> make_handover_command();
std::unique_ptr<Command> make_timeline_command();
std::unique_ptr<Command> make_completion_command();

std::vector<std::unique_ptr<Command>> make_commands() {
    std::vector<std::unique_ptr<Command>> v;
    v.push_back(make_import_command());
    v.push_back(make_index_command());
    v.push_back(make_shards_command());
    v.push_back(make_serve_shard_command());
    v.push_back(make_search_command());
    v.push_back(make_show_command());
    v.push_back(make_export_command());
    v.push_back(make_org_command());
    v.push_back(make_policy_command());
    v.push_back(make_scan_command());
    v.push_back(make_flags_command());
    v.push_back(make_appeal_command());
    v.push_back(make_review_command());
    v.push_back(make_timeline_command());
    v.push_back(make_stats_command());
    v.push_back(make_report_command());
    v.push_back(make_handover_command());
    v.push_back(make_mask_command());
    v.push_back(make_unlock_command());
    v.push_back(make_audit_command());
    v.push_back(make_verify_command());
    v.push_back(make_help_command());
    v.push_back(make_completion_command());
    return v;
}

} // namespace ms::cli
