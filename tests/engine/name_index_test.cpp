// The symbol table's name index (schema/name_index.h): every drug and code of
// every request is looked up in it, so a wrong answer here is a wrong route
// or a missed interaction.
#include "schema/name_index.h"

#include "schema/name_key.h"
#include "schema/schema.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

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

// find_plain answers only for names in plain comparable form
// (text::is_normalized_name): the decoder matches those as a request writes
// them, and sends every other through the text policy first.
TEST(NameIndex, FindsPlainNamesOnlyWhenAskedForPlainOnes) {
  NameIndex index;
  index.insert("ondansetron", 1);
  index.insert("folic acid", 2);
  index.insert("\xCE\xB2-alethine", 3);  // Greek beta: held, but not plain
  index.insert("", 4);
  EXPECT_EQ(index.find_plain("ondansetron"), 1u);
  EXPECT_EQ(index.find_plain("folic acid"), 2u);
  EXPECT_FALSE(index.find_plain("\xCE\xB2-alethine"));
  EXPECT_EQ(index.find("\xCE\xB2-alethine"), 3u);
  EXPECT_FALSE(index.find_plain("Ondansetron"));
  EXPECT_FALSE(index.find_plain("folic  acid"));
  EXPECT_FALSE(index.find_plain(""));
  EXPECT_EQ(index.find(""), 4u);
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

// A key holds a name of up to 16 bytes whole: member keys are matched on
// keys alone, so two such names must never share one. Every name of up to
// three bytes over a few letters, and random names of 4 to 16 bytes that
// differ in one byte anywhere.
TEST(NameKey, NamesOfUpTo16BytesHaveTheirOwnKey) {
  const std::string letters = std::string("ab\0z ", 5);
  std::vector<std::string> names{""};
  for (std::size_t length = 1; length <= 3; ++length) {
    for (std::size_t i = 0, n = names.size(); i < n; ++i) {
      if (names[i].size() + 1 != length) continue;
      for (const char c : letters) names.push_back(names[i] + c);
    }
  }
  std::mt19937 random(7);
  for (std::size_t length = 4; length <= schema::NameKey::kWholeBytes; ++length) {
    for (int i = 0; i < 50; ++i) {
      std::string name(length, 'a');
      for (char& c : name) c = letters[random() % letters.size()];
      names.push_back(name);
      for (std::size_t at = 0; at < length; ++at) {
        std::string other = name;
        other[at] = other[at] == 'a' ? 'b' : 'a';
        names.push_back(other);
      }
    }
  }
  std::set<std::string> distinct(names.begin(), names.end());
  std::set<std::tuple<uint64_t, uint64_t, uint64_t>> keys;
  for (const std::string& name : distinct) {
    const schema::NameKey key = schema::NameKey::of(name);
    EXPECT_TRUE(key.whole());
    EXPECT_TRUE(key == schema::NameKey::of(std::string(name)));
    EXPECT_TRUE(keys.insert({key.head, key.tail, key.length}).second) << '"' << name << '"';
  }
}

// Longer names that differ only in the middle share a key: they are told
// apart by the rest of the name, never by the key alone.
TEST(NameKey, LongerNamesAreNotWhole) {
  const schema::NameKey a = schema::NameKey::of("abcdefgh_one_stuvwxyz");
  const schema::NameKey b = schema::NameKey::of("abcdefgh_two_stuvwxyz");
  EXPECT_FALSE(a.whole());
  EXPECT_TRUE(a == b);
}

// The decoder's member table matches such names in full.
TEST(NameKey, MemberTablesTellApartNamesThatShareAKey) {
  schema::Schema schema;
  const schema::FieldId group = schema.add(schema::kNoField, "group", schema::FieldType::kObject);
  schema.add(group, "abcdefgh_one_stuvwxyz", schema::FieldType::kBool);
  schema.add(group, "abcdefgh_two_stuvwxyz", schema::FieldType::kBool);
  schema.add(group, "short", schema::FieldType::kBool);
  schema.finish();
  EXPECT_EQ(schema.member_position(group, "abcdefgh_one_stuvwxyz"), 0);
  EXPECT_EQ(schema.member_position(group, "abcdefgh_two_stuvwxyz"), 1);
  EXPECT_EQ(schema.member_position(group, "short"), 2);
  EXPECT_EQ(schema.member_position(group, "abcdefgh_six_stuvwxyz"), -1);
  EXPECT_EQ(schema.member_position(group, "shorT"), -1);
  EXPECT_EQ(schema.member_position(group, ""), -1);
  EXPECT_EQ(schema.member_position(schema::kNoField, "group"), 0);
}

}  // namespace
}  // namespace rxr
