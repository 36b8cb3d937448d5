// The personal-data detectors and masking operators (lib/mailscope/privacy). Every valid or
// invalid example was worked out by hand or with an independent Python implementation of the
// standard (GB 11643 / ISO 7064 MOD 11-2, Luhn, GB 32100, GB 11714), never taken from
// mailscope's output.
#include "mailscope/privacy/detect.hpp"
#include "mailscope/privacy/mask.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ms;

namespace {

// The one detection in `text`; fails the test when there is not exactly one.
PiiMatch only(const std::string& text) {
    auto v = detect_pii(text);
    REQUIRE_MESSAGE(v.size() == 1, text);
    return v[0];
}

std::string written(const std::string& text, const PiiMatch& m) {
    return text.substr(m.start, m.end - m.start);
}

std::string masked(const std::string& text, MaskOperator op, const std::string& key = "") {
    PiiMatch m = only(text);
    return mask_value(m, written(text, m), op, key);
}

const std::string k_key(32, '\x11');
const std::string k_other_key(32, '\x22');

} // namespace

TEST_CASE("luhn_valid") {
    CHECK(luhn_valid("4111111111111111"));
    CHECK_FALSE(luhn_valid("4111111111111112"));
    CHECK(luhn_valid("6222021234567890128"));
    CHECK_FALSE(luhn_valid("6222021234567890123"));
    CHECK_FALSE(luhn_valid("79927398713"));  // Luhn-valid, but too short for a card
    CHECK_FALSE(luhn_valid("41111111111111x1"));
}

TEST_CASE("id18_valid: date and ISO 7064 MOD 11-2 check") {
    CHECK(id18_valid("11010519491231002X"));  // the GB 11643-1999 example
    CHECK(id18_valid("11010519491231002x"));
    CHECK_FALSE(id18_valid("110105194912310021"));  // wrong check digit
    CHECK_FALSE(id18_valid("110105194902300012"));  // right check digit, 30 February
    CHECK(id18_valid("440305199003070356"));
    CHECK_FALSE(id18_valid("11010519491231002"));
    CHECK_FALSE(id18_valid("01010519491231002X"));
}

TEST_CASE("id15_valid: 19YYMMDD") {
    CHECK(id15_valid("110105491231002"));
    CHECK_FALSE(id15_valid("110105491331002"));  // month 13
    CHECK(id15_valid("110105480229002"));        // 1948 was a leap year
    CHECK_FALSE(id15_valid("110105490229002"));  // 1949 was not
    CHECK_FALSE(id15_valid("11010549123100"));
}

TEST_CASE("credit_code_valid: GB 32100 check character") {
    CHECK(credit_code_valid("91350100M000100Y43"));
    CHECK_FALSE(credit_code_valid("91350100M000100Y44"));
    CHECK(credit_code_valid("91110000100010433L"));
    CHECK(credit_code_valid("9144030071526726XG"));
    CHECK(credit_code_valid("911101081001583825"));  // digits only
    CHECK_FALSE(credit_code_valid("91350100I000100Y43"));  // I is not in the alphabet
    CHECK_FALSE(credit_code_valid("91350100M000100Y4"));
}

TEST_CASE("mobile numbers in their written forms") {
    std::string t = "手机：13812345678。";
    PiiMatch m = only(t);
    CHECK(m.type == PiiType::mobile);
    CHECK(m.value == "13812345678");
    CHECK(written(t, m) == "13812345678");
    CHECK(m.context);
    for (std::string s : {"138 1234 5678", "138-1234-5678", "+86 13812345678", "+8613812345678",
                          "+86-138-1234-5678", "0086 13812345678", "008613812345678",
                          "１３８１２３４５６７８", "１３８－１２３４－５６７８"}) {
        PiiMatch x = only("号码 " + s + " 谢谢");
        CHECK_MESSAGE(x.type == PiiType::mobile, s);
        CHECK_MESSAGE(x.value == "13812345678", s);
        CHECK_MESSAGE(written("号码 " + s + " 谢谢", x) == s, s);
    }
    // Brackets around the number are not part of it.
    t = "王先生（13812345678）";
    CHECK(written(t, only(t)) == "13812345678");
    t = "(+86)13812345678";
    CHECK(written(t, only(t)) == "13812345678");
    // Two numbers side by side are two.
    auto two = detect_pii("13812345678 13912345678");
    REQUIRE(two.size() == 2);
    CHECK(two[1].value == "13912345678");
}

TEST_CASE("North American numbers grouped 1-3-3-4 are not Chinese mobiles") {
    // 1800... passes the Chinese mobile prefix test (180x is China Telecom's).
    CHECK(detect_pii("call 1-800-555-0199 or 1.805.555.0100").empty());
    CHECK(detect_pii("call 1 800 555 0199").empty());
    // The same digits grouped the Chinese way, or not at all, are a mobile.
    auto zh = detect_pii("手机 180-0555-0199");
    REQUIRE(zh.size() == 1);
    CHECK(zh[0].type == PiiType::mobile);
    auto plain = detect_pii("phone 18005550199");
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].type == PiiType::mobile);
}

TEST_CASE("numbers that are no mobile number") {
    for (std::string s : {"12345678901", "1381234567", "138123456789", "2023-11-26 14:30",
                          "20231126", "¥1,380.00", "13800.00元", "订单号 SO2023112600012",
                          "PO-2025-0098", "v1.2.3.4", "400-820-8820", "SO13812345678"})
        CHECK_MESSAGE(detect_pii(s).empty(), s);
}

TEST_CASE("landlines: area code, brackets, +86") {
    struct Case {
        std::string text, value;
    };
    for (const Case& c : {Case{"010-62345678", "01062345678"},
                          Case{"(0755) 8888 6666", "075588886666"},
                          Case{"0571-87654321", "057187654321"},
                          Case{"+86 10 6234 5678", "01062345678"},
                          Case{"+86-755-88886666", "075588886666"},
                          Case{"0086-571-8765432", "05718765432"}}) {
        PiiMatch m = only(c.text);
        CHECK_MESSAGE(m.type == PiiType::landline, c.text);
        CHECK_MESSAGE(m.value == c.value, c.text);
        CHECK_MESSAGE(written(c.text, m) == c.text, c.text);
    }
    // Ungrouped, a number starting with 0 is a landline only with a word for one.
    CHECK(detect_pii("编号 01062345678").empty());
    CHECK(only("电话：01062345678").type == PiiType::landline);
    // "+86 12 ..." has no such area code.
    CHECK(detect_pii("+86 12 3456 7890").empty());
}

TEST_CASE("resident ID numbers: 18 digits, legacy 15 with context") {
    PiiMatch m = only("身份证号：11010519491231002X");
    CHECK(m.type == PiiType::id_card);
    CHECK(m.value == "11010519491231002X");
    CHECK(m.context);
    CHECK(m.confidence == doctest::Approx(1.0));
    CHECK(only("11010519491231002x").value == "11010519491231002X");
    CHECK(only("110105 19491231 002X").type == PiiType::id_card);
    // A wrong check digit or an impossible date: not an ID number.
    CHECK(detect_pii("身份证号：110105194912310021").empty());
    CHECK(detect_pii("身份证号：110105194902300012").empty());
    // An ID number that happens to pass Luhn and to start like a mobile is still an ID.
    CHECK(luhn_valid("440305199003070356"));
    CHECK(only("440305199003070356").type == PiiType::id_card);
    CHECK(only("130102198807150004").type == PiiType::id_card);
    // Fifteen digits are an ID number only with a word saying so.
    CHECK(detect_pii("110105491231002").empty());
    m = only("身份证号码(15位)：110105491231002");
    CHECK(m.type == PiiType::id_card);
    CHECK(detect_pii("身份证号：110105491331002").empty());
}

TEST_CASE("bank cards: Luhn, UnionPay, context") {
    PiiMatch m = only("6222021234567890128");
    CHECK(m.type == PiiType::bank_card);
    CHECK(m.confidence == doctest::Approx(0.8));  // UnionPay 62
    m = only("4111 1111 1111 1111");
    CHECK(m.type == PiiType::bank_card);
    CHECK(m.value == "4111111111111111");
    CHECK_FALSE(m.context);
    CHECK(m.confidence == doctest::Approx(0.6));
    // A context word raises confidence.
    m = only("card number 4111-1111-1111-1111");
    CHECK(m.context);
    CHECK(m.confidence == doctest::Approx(1.0));
    // An old 9558 card looks like nothing without one.
    CHECK(detect_pii("9558801234567890128").empty());
    CHECK(only("卡号：9558801234567890128").type == PiiType::bank_card);
    // Failing Luhn: not a card.
    CHECK(detect_pii("卡号：6222021234567890123").empty());
    // An order number that passes Luhn is still an order number...
    CHECK(detect_pii("订单号：6222021234567890128").empty());
    CHECK(detect_pii("order number 4111111111111111").empty());
    // ... unless a card word is there too, and the order number before another number
    // does not make that one an order number.
    CHECK(only("订单卡号 6222021234567890128").type == PiiType::bank_card);
    auto v = detect_pii("订单号 2023112612345，付款 6222021234567890128");
    REQUIRE(v.size() == 1);
    CHECK(v[0].type == PiiType::bank_card);
}

TEST_CASE("unified social credit codes") {
    PiiMatch m = only("统一社会信用代码：91350100M000100Y43");
    CHECK(m.type == PiiType::credit_code);
    CHECK(m.value == "91350100M000100Y43");
    CHECK(m.context);
    CHECK(only("91350100m000100y43").value == "91350100M000100Y43");
    CHECK(detect_pii("统一社会信用代码：91350100M000100Y44").empty());
    // Digits only: the organisation code inside has its own check.
    m = only("911101081001583825");
    CHECK(m.type == PiiType::credit_code);
    // Digits only and Luhn-valid too: the word before it decides.
    CHECK(luhn_valid("914403002019797530"));
    CHECK(only("信用代码 914403002019797530").type == PiiType::credit_code);
    CHECK(only("卡号 914403002019797530").type == PiiType::bank_card);
}

TEST_CASE("passports need a word for them") {
    PiiMatch m = only("护照号：E12345678");
    CHECK(m.type == PiiType::passport);
    CHECK(m.value == "E12345678");
    CHECK(only("Passport No.: EA1234567").type == PiiType::passport);
    CHECK(only("passport G12345678").type == PiiType::passport);
    CHECK(detect_pii("型号 E12345678").empty());
    CHECK(detect_pii("护照号 E1234567").empty());
    // A list after one word is all passports; a code after another word is not.
    CHECK(detect_pii("护照：E12345678、E87654321").size() == 2);
    auto v = detect_pii("护照：E12345678 货号 S90734892");
    REQUIRE(v.size() == 1);
    CHECK(v[0].value == "E12345678");
}

TEST_CASE("email addresses") {
    std::string t = "请发送至 Zhang.San@QQ.com。";
    PiiMatch m = only(t);
    CHECK(m.type == PiiType::email);
    CHECK(m.value == "zhang.san@qq.com");
    CHECK(written(t, m) == "Zhang.San@QQ.com");
    // Digits in an address do not make a phone number.
    m = only("13812345678@139.com");
    CHECK(m.type == PiiType::email);
    t = "mailto:li_wei88@sina.com.cn.";
    CHECK(written(t, only(t)) == "li_wei88@sina.com.cn");
    CHECK(only("li.wei＠163.com").value == "li.wei@163.com");
    for (std::string s : {"@张三 请看", "单价@3.5元", "user@localhost"})
        CHECK_MESSAGE(detect_pii(s).empty(), s);
}

TEST_CASE("IPv4 addresses") {
    PiiMatch m = only("IP: 192.168.1.10");
    CHECK(m.type == PiiType::ipv4);
    CHECK(m.value == "192.168.1.10");
    CHECK(m.context);
    CHECK(only("[202.112.57.71]").value == "202.112.57.71");
    CHECK(only("10.0.0.1:8080").value == "10.0.0.1");
    CHECK(only("１９２．１６８．１．１").value == "192.168.1.1");
    for (std::string s : {"999.1.1.1", "192.168.1", "1.2.3.4.5", "v1.2.3.4", "OID 1.3.6.1.4.1",
                          "2023.11.26", "256.10.10.10"})
        CHECK_MESSAGE(detect_pii(s).empty(), s);
}

TEST_CASE("offsets are bytes of the original text, full-width forms included") {
    std::string t = "电话１３８ １２３４ ５６７８，谢谢";
    PiiMatch m = only(t);
    CHECK(m.start == 6);
    CHECK(written(t, m) == "１３８ １２３４ ５６７８");
    CHECK(m.value == "13812345678");
}

TEST_CASE("partial masking per type") {
    CHECK(masked("13812345678", MaskOperator::partial) == "138****5678");
    CHECK(masked("138-1234-5678", MaskOperator::partial) == "138-****-5678");
    CHECK(masked("+86 138 1234 5678", MaskOperator::partial) == "+86 138 **** 5678");
    CHECK(masked("１３８１２３４５６７８", MaskOperator::partial) == "１３８****５６７８");
    CHECK(masked("010-62345678", MaskOperator::partial) == "010-****5678");
    CHECK(masked("0755-88886666", MaskOperator::partial) == "0755-****6666");
    CHECK(masked("+86 10 6234 5678", MaskOperator::partial) == "+86 10 **** 5678");
    CHECK(masked("0086-755-88886666", MaskOperator::partial) == "0086-755-****6666");
    CHECK(masked("11010119860301123X", MaskOperator::partial) == "110101********123X");
    CHECK(masked("身份证 110105491231002", MaskOperator::partial) == "110105******002");
    CHECK(masked("6222021234567890128", MaskOperator::partial) == "622202*********0128");
    CHECK(masked("91350100M000100Y43", MaskOperator::partial) == "913501********0Y43");
    CHECK(masked("护照 E12345678", MaskOperator::partial) == "E1*****78");
    CHECK(masked("Zhang.San@QQ.com", MaskOperator::partial) == "z***@qq.com");
    CHECK(masked("192.168.1.10", MaskOperator::partial) == "192.168.*.*");
}

TEST_CASE("full masking names the type") {
    CHECK(masked("13812345678", MaskOperator::full) == "[手机号]");
    CHECK(masked("010-62345678", MaskOperator::full) == "[电话]");
    CHECK(masked("11010119860301123X", MaskOperator::full) == "[身份证号]");
    CHECK(masked("6222021234567890128", MaskOperator::full) == "[银行卡号]");
    CHECK(masked("91350100M000100Y43", MaskOperator::full) == "[信用代码]");
    CHECK(masked("护照 E12345678", MaskOperator::full) == "[护照号]");
    CHECK(masked("li@163.com", MaskOperator::full) == "[邮箱]");
    CHECK(masked("192.168.1.10", MaskOperator::full) == "[IP地址]");
}

TEST_CASE("pseudonyms: stable per value and key, different across values and keys") {
    std::string a = masked("13812345678", MaskOperator::pseudonym, k_key);
    CHECK(a.rfind("[手机号#", 0) == 0);
    CHECK(a.size() == std::string("[手机号#]").size() + 12);
    CHECK(masked("138 1234 5678", MaskOperator::pseudonym, k_key) == a);
    CHECK(masked("+86-138-1234-5678", MaskOperator::pseudonym, k_key) == a);
    CHECK(masked("13912345678", MaskOperator::pseudonym, k_key) != a);
    CHECK(masked("13812345678", MaskOperator::pseudonym, k_other_key) != a);
    // One landline however it is written.
    CHECK(masked("+86 10 6234 5678", MaskOperator::pseudonym, k_key) ==
          masked("010-62345678", MaskOperator::pseudonym, k_key));
    CHECK(masked("11010519491231002x", MaskOperator::pseudonym, k_key) ==
          masked("110105 19491231 002X", MaskOperator::pseudonym, k_key));
    CHECK(masked("Li@163.com", MaskOperator::pseudonym, k_key) ==
          masked("li@163.COM", MaskOperator::pseudonym, k_key));
}

TEST_CASE("Masker: per-type operators, enabled types, a key for pseudonyms") {
    MaskPolicy p;
    p[PiiType::mobile] = MaskOperator::full;
    auto m = Masker::create(p);
    REQUIRE(m);
    std::vector<PiiMatch> found;
    CHECK(m->mask("手机 13812345678，IP 10.1.2.3", &found) == "手机 [手机号]，IP 10.1.*.*");
    CHECK(found.size() == 2);

    MaskPolicy only_ip;
    only_ip.enabled.fill(false);
    only_ip.enabled[static_cast<std::size_t>(PiiType::ipv4)] = true;
    auto ip = Masker::create(only_ip);
    REQUIRE(ip);
    CHECK(ip->mask("手机 13812345678，IP 10.1.2.3") == "手机 13812345678，IP 10.1.*.*");

    MaskPolicy pseudo;
    pseudo.op.fill(MaskOperator::pseudonym);
    CHECK_FALSE(Masker::create(pseudo));
    pseudo.key = k_key;
    REQUIRE(Masker::create(pseudo));
}
