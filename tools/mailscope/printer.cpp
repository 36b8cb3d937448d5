#include "printer.hpp"

#include <ostream>

namespace ms::cli {

std::string join_array(const Record& arr, const char* sep) {
    std::string s;
    if (!arr.is_array()) return s;
    for (const auto& v : arr) {
        if (!s.empty()) s += sep;
        if (v.is_string()) s += v.get<std::string>();
        else if (v.is_object() && v.contains("evidence"))
            s += v["evidence"].get<std::string>() + ":" + v["locator"].get<std::string>();
        else s += v.dump();
    }
    return s;
}

namespace {

class JsonPrinter final : public Printer {
public:
    explicit JsonPrinter(std::ostream& out) : m_out(out) {}
    void record(const Record& r) override {
        // format_version goes first; splicing it in avoids copying the record.
        std::string body = r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        m_out << "{\"format_version\":" << k_format_version;
        if (body.size() > 2) m_out << ',' << std::string_view(body).substr(1);
        else m_out << '}';
        m_out << '\n';
    }

private:
    std::ostream& m_out;
};

class CsvPrinter final : public Printer {
public:
    CsvPrinter(std::ostream& out, std::vector<std::string> cols)
        : m_out(out), m_cols(std::move(cols)) {}
    void finish() override { header(); }
    void record(const Record& r) override {
        header();
        for (std::size_t i = 0; i < m_cols.size(); ++i) {
            if (i) m_out << ',';
            auto it = r.find(m_cols[i]);
            if (it == r.end() || it->is_null()) continue;
            if (it->is_string()) cell(it->get<std::string>());
            else if (it->is_array()) cell(join_array(*it, ";"));
            else if (it->is_boolean()) cell(it->get<bool>() ? "true" : "false");
            else cell(it->dump());
        }
        m_out << "\r\n";
    }

private:
    void header() {
        if (m_header) return;
        for (std::size_t i = 0; i < m_cols.size(); ++i) {
            if (i) m_out << ',';
            cell(m_cols[i]);
        }
        m_out << "\r\n";
        m_header = true;
    }
    void cell(const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) {
            m_out << s;
            return;
        }
        m_out << '"';
        for (char c : s) {
            if (c == '"') m_out << '"';
            m_out << c;
        }
        m_out << '"';
    }
    std::ostream& m_out;
    std::vector<std::string> m_cols;
    bool m_header = false;
};

class TextPrinter final : public Printer {
public:
    TextPrinter(std::ostream& out, TextFn fn) : m_out(out), m_fn(std::move(fn)) {}
    void record(const Record& r) override {
        if (m_fn) m_fn(m_out, r);
    }
    bool structured() const override { return false; }
    void text(std::string_view line) override { m_out << line; }

private:
    std::ostream& m_out;
    TextFn m_fn;
};

} // namespace

std::unique_ptr<Printer> Printer::make(OutputFormat fmt, std::ostream& out,
                                       std::vector<std::string> csv_columns, TextFn text) {
    switch (fmt) {
    case OutputFormat::json: return std::make_unique<JsonPrinter>(out);
    case OutputFormat::csv: return std::make_unique<CsvPrinter>(out, std::move(csv_columns));
    case OutputFormat::text: break;
    }
    return std::make_unique<TextPrinter>(out, std::move(text));
}

} // namespace ms::cli
