// Name handling of the directory walker; see tree_names.hpp.
#include "mailscope/source/tree_names.hpp"

#include <algorithm>
#include <cctype>

namespace ms {

bool natural_less(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) &&
            std::isdigit(static_cast<unsigned char>(b[j]))) {
            std::size_t i2 = i, j2 = j;
            while (i2 < a.size() && a[i2] == '0') ++i2;
            while (j2 < b.size() && b[j2] == '0') ++j2;
            std::size_t ie = i2, je = j2;
            while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
            while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
            if (ie - i2 != je - j2) return ie - i2 < je - j2;
            int c = a.compare(i2, ie - i2, b, j2, je - j2);
            if (c != 0) return c < 0;
            i = ie;
            j = je;
        } else {
            if (a[i] != b[j]) return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

bool is_mail_store_metadata(const std::string& name) {
    return name.rfind("dovecot", 0) == 0 || name.rfind("courierimap", 0) == 0 ||
           name == "maildirfolder" || name == "subscriptions" || name == ".DS_Store" ||
           name == ".mh_sequences" || name == "Thumbs.db" || name == ".keep" ||
           name == ".gitkeep" || name == ".noindex" || name == ".noupdate" ||
           name == ".uidvalidity" || name == "tmp.lock";
}

std::string maildirpp_folder(const std::string& name) {
    std::string f = name.empty() ? std::string() : name.substr(1);
    std::replace(f.begin(), f.end(), '.', '/');
    return f;
}

} // namespace ms
