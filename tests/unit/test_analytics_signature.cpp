// Job titles from signatures, for the contacts of handover dossiers.
#include "mailscope/analytics/excerpt.hpp"

#include <doctest/doctest.h>

using namespace ms;

TEST_CASE("analytics: signature_title finds the title line of a signature") {
    CHECK(signature_title("Hi,\n\nplease quote.\n\nKind regards,\nErik Lindqvist\nHead of Sourcing\n"
                          "Nordic Home AB\nSveavägen 44, 111 34 Stockholm, Sweden\n") == "Head of Sourcing");
    CHECK(signature_title("陈顾问：\n\n请给一个方案和报价。\n\n李喆\n总经理助理\n成都蓉锦家居有限公司\n"
                          "电话：028-8555 6677\n") == "总经理助理");
    // A title beside the name on one line.
    CHECK(signature_title("Best regards,\n\nWang Fang | Sales Assistant\nHaiNa Cross-Border Trading Ltd.\n") ==
          "Sales Assistant");
}

TEST_CASE("analytics: signature_title ignores quoted history, greetings and long lines") {
    // Only the first name above the quoted mail: the title below belongs to someone else.
    CHECK(signature_title("Thanks!\nErik\n\n-----Original Message-----\nFrom: x\n\nChen Jing\nSenior Consultant\n") == "");
    CHECK(signature_title("张经理：\n\n谢谢。\n") == "");  // a greeting, not a title
    CHECK(signature_title("We asked the purchasing manager of our biggest customer and they said no.\n") == "");
    CHECK(signature_title("> Purchasing Manager\nok\n") == "");
    CHECK(signature_title("") == "");
}
