// The directory (mailscope.toml, mailscope-directory(5)): who is who in the company whose
// mail is in the case. Roles and departments scope the phrase rules; work domains and working
// hours drive the scene filter; customers name the outside parties.
#pragma once

#include "mailscope/util/error.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ms {

enum class Role { employee, manager, compliance, auditor, admin };
const char* role_name(Role r);
std::optional<Role> parse_role(std::string_view s);

struct Person {
    std::string email;               // lower-case, the primary address
    std::vector<std::string> also;   // other addresses of the same person
    std::string name, department, title, login;
    Role role = Role::employee;
    int line = 0;                    // where it is defined, for messages
};

struct Department {
    std::string id, name;
    int line = 0;
};

struct Customer {
    std::string name;
    std::vector<std::string> domains;     // lower-case
    std::vector<std::string> starred_by;  // people's primary addresses
    int line = 0;
};

struct WorkingHours {
    std::array<bool, 7> days{true, true, true, true, true, false, false}; // Monday first
    int start_min = 9 * 60;
    int end_min = 18 * 60;
};

// One problem found in a directory or policy file, with the line it is on (0: the file).
struct FileProblem {
    std::string file;
    int line = 0;
    std::string message;
};
// "mailscope.toml:12: ..." as a compiler would print it.
std::string format_problem(const FileProblem& p);

class Directory {
public:
    std::string path;
    std::string sha256;       // of the file's bytes: part of the scan version
    std::string org_name;
    std::vector<std::string> work_domains;
    std::string time_zone = "UTC";
    WorkingHours hours;
    std::vector<Department> departments;
    std::vector<Person> people;
    std::vector<Customer> customers;
    // [privacy]: how views masked for a role mask each type ("*": every type), e.g.
    // {"*", "partial"}, {"mobile", "pseudonym"}; validated names (mailscope-masking(7)).
    std::vector<std::pair<std::string, std::string>> mask_operators;

    // Builds the lookup tables; call after filling the vectors.
    void index();
    const Person* person(std::string_view address) const;
    const Customer* customer(std::string_view address) const;
    const Department* department(std::string_view id) const;
    bool is_work_address(std::string_view address) const;
    // Offset of the organisation's time zone from UTC at instant t, in minutes.
    int utc_offset_minutes(std::int64_t t) const;
    bool within_working_hours(std::int64_t t) const;

private:
    std::unordered_map<std::string, std::size_t> m_by_address;
    std::unordered_map<std::string, std::size_t> m_by_domain;
};

// The domain of an address ("a@B.com" -> "b.com"), or "".
std::string domain_of(std::string_view address);
// Whether `domain` is one of `domains` (lower-case) or a subdomain of one.
bool in_domains(std::string_view domain, const std::vector<std::string>& domains);

// Parses and validates a directory file. Problems (all of them, with line numbers) are
// appended to `problems`; the result fails when there was any.
Result<Directory> load_directory(const std::string& path, std::vector<FileProblem>& problems);
// The same for `text` given as the content of `path` (which is not read): the fuzz target's
// entry point.
Result<Directory> load_directory_text(const std::string& path, std::string text,
                                      std::vector<FileProblem>& problems);

} // namespace ms
