// The symbol table's name index (schema/name_index.h): every drug and code of
// every request is looked up in it, so a wrong answer here is a wrong route
// or a missed interaction.
#include "schema/name_index.h"

#include <gtest/gtest.h>

#include <string>

namespace rxr {
namespace {

TEST(NameIndex, FindsWhatWasInsertedAndNothingElse) {
  NameIndex index;
  EXPECT_FALSE(index.find("ondansetron"));  // empty: no table yet
  index.insert("ondansetron", 7);
  index.insert("", 8);
  EXPECT_EQ(index.find("ondansetron"), 7u);
  EXPECT_EQ(index.find(""), 8u);
  EXPECT_FALSE(index.find("ondansetro"));
  EXPECT_FALSE(index.find("ondansetronn"));
  EXPECT_FALSE(index.find("Ondansetron"));
  EXPECT_EQ(index.size(), 2u);
}

TEST(NameIndex, KeepsTheFirstValueOfAName) {
  NameIndex index;
  index.insert("dexamethasone", 1);
  index.insert("dexamethasone", 2);
  EXPECT_EQ(index.find("dexamethasone"), 1u);
  EXPECT_EQ(index.size(), 1u);
}

// The hash reads the length and the first and last eight bytes: names that
// differ only in the middle clash, and are still told apart.
TEST(NameIndex, TellsApartNamesThatDifferOnlyInTheMiddle) {
  NameIndex index;
  const std::string head = "abcdefgh";
  const std::string tail = "stuvwxyz";
  for (uint32_t i = 0; i < 100; ++i) index.insert(head + std::to_string(1000 + i) + tail, i);
  for (uint32_t i = 0; i < 100; ++i) EXPECT_EQ(index.find(head + std::to_string(1000 + i) + tail), i);
  EXPECT_FALSE(index.find(head + "0999" + tail));
  EXPECT_FALSE(index.find(head + tail));
}

// Growth rehashes every name: all stay found, short and long alike.
TEST(NameIndex, FindsEveryNameAfterGrowing) {
  NameIndex index;
  for (uint32_t i = 0; i < 5000; ++i) index.insert(std::string(i % 23, 'x') + std::to_string(i), i);
  EXPECT_EQ(index.size(), 5000u);
  for (uint32_t i = 0; i < 5000; ++i) EXPECT_EQ(index.find(std::string(i % 23, 'x') + std::to_string(i)), i) << i;
  EXPECT_FALSE(index.find("x5000"));
}

}  // namespace
}  // namespace rxr
