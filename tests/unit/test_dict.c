/*
 * test_dict.c - string interning: equal strings get the same id, new strings
 * the next id in order, dict_find sees what was interned (also after
 * dict_freeze), strings may hold NUL bytes, 100,000 strings through many
 * table resizes keep their ids, and references free the dictionary at zero.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dict.h"
#include "mem.h"
#include "unit.h"

#define INTERN(d, lit, idp) dict_intern(d, lit, sizeof lit - 1, idp)
#define FIND(d, lit, idp) dict_find(d, lit, sizeof lit - 1, idp)

/* True when id names exactly the bytes s[0..len). */
static int holds(const dict *d, uint32_t id, const char *s, size_t len)
{
  size_t n;
  const char *t = dict_str(d, id, &n);
  return n == len && memcmp(t, s, len) == 0 && t[len] == '\0';
}

static void test_intern(void)
{
  CASE("dict: ids are dense and in order, and equal strings share one")
  {
    size_t before = mem_used();
    dict *d = dict_new();
    CHECK(d != NULL);
    uint32_t a = 99, b = 99, c = 99, again = 99;
    CHECK_INT(INTERN(d, "Hà Nội", &a), 0);
    CHECK_INT(INTERN(d, "Huế", &b), 0);
    CHECK_INT(INTERN(d, "", &c), 0);
    CHECK_INT(INTERN(d, "Hà Nội", &again), 0);
    CHECK_INT(a, 0);
    CHECK_INT(b, 1);
    CHECK_INT(c, 2);
    CHECK_INT(again, 0);
    CHECK_INT(d->count, 3);
    CHECK(holds(d, 0, "Hà Nội", strlen("Hà Nội")));
    CHECK(holds(d, 1, "Huế", strlen("Huế")));
    CHECK(holds(d, 2, "", 0));
    dict_unref(d);
    CHECK_INT(mem_used(), before);
  }

  CASE("dict: dict_find finds what was interned and nothing else")
  {
    dict *d = dict_new();
    uint32_t id = 99;
    CHECK_INT(FIND(d, "x", &id), 0); /* empty dictionary */
    INTERN(d, "x", &id);
    INTERN(d, "y", &id);
    id = 99;
    CHECK_INT(FIND(d, "y", &id), 1);
    CHECK_INT(id, 1);
    CHECK_INT(FIND(d, "x", &id), 1);
    CHECK_INT(id, 0);
    CHECK_INT(FIND(d, "z", &id), 0);
    CHECK_INT(FIND(d, "xy", &id), 0);
    CHECK_INT(FIND(d, "", &id), 0);
    CHECK_INT(d->count, 2); /* finding adds nothing */
    dict_unref(d);
  }

}

static void test_nul_bytes(void)
{
  CASE("dict: strings with NUL bytes are told apart by their whole length")
  {
    dict *d = dict_new();
    uint32_t ids[5];
    INTERN(d, "a", &ids[0]);
    INTERN(d, "a\0", &ids[1]);
    INTERN(d, "a\0b", &ids[2]);
    INTERN(d, "a\0c", &ids[3]);
    INTERN(d, "\0", &ids[4]);
    for (uint32_t k = 0; k < 5; k++)
      CHECK_INT(ids[k], k);
    CHECK(holds(d, 2, "a\0b", 3));
    CHECK(holds(d, 4, "\0", 1));
    uint32_t id = 99;
    CHECK_INT(FIND(d, "a\0c", &id), 1);
    CHECK_INT(id, 3);
    CHECK_INT(FIND(d, "a\0d", &id), 0);
    CHECK_INT(INTERN(d, "a\0b", &id), 0);
    CHECK_INT(id, 2);
    dict_unref(d);
  }
}

static void test_growth(void)
{
  CASE("dict: 100000 strings through many resizes keep their ids")
  {
    size_t before = mem_used();
    dict *d = dict_new();
    enum { N = 100000 };
    char s[32];
    int ok = 1;
    for (uint32_t k = 0; k < N && ok; k++) {
      int n = snprintf(s, sizeof s, "key-%u", (unsigned)k);
      uint32_t id;
      if (dict_intern(d, s, (size_t)n, &id) != 0 || id != k) {
        unit_fail(__FILE__, __LINE__, "interning \"%s\" gave id %u, expected %u", s,
                  (unsigned)id, (unsigned)k);
        ok = 0;
      }
    }
    CHECK_INT(d->count, N);
    /* Every string is where its id says, and interning it again finds it. */
    for (uint32_t k = 0; k < N && ok; k++) {
      int n = snprintf(s, sizeof s, "key-%u", (unsigned)k);
      uint32_t id = 0;
      if (!holds(d, k, s, (size_t)n) || dict_intern(d, s, (size_t)n, &id) != 0 || id != k) {
        unit_fail(__FILE__, __LINE__, "id %u does not hold \"%s\" or maps back to %u",
                  (unsigned)k, s, (unsigned)id);
        ok = 0;
      }
    }
    CHECK_INT(d->count, N);
    /* A frozen dictionary rebuilds its lookup table on the first find. */
    dict_freeze(d);
    for (uint32_t k = 0; k < N && ok; k += 7) {
      int n = snprintf(s, sizeof s, "key-%u", (unsigned)k);
      uint32_t id = 0;
      if (dict_find(d, s, (size_t)n, &id) != 1 || id != k) {
        unit_fail(__FILE__, __LINE__, "after freeze, \"%s\" found as %u", s, (unsigned)id);
        ok = 0;
      }
    }
    uint32_t id = 0;
    CHECK_INT(dict_find(d, "key-100000", 10, &id), 0);
    /* Interning after a freeze carries on from the next id. */
    CHECK_INT(dict_intern(d, "key-100000", 10, &id), 0);
    CHECK_INT(id, N);
    CHECK(holds(d, 0, "key-0", 5));
    CHECK(holds(d, N, "key-100000", 10));
    dict_unref(d);
    CHECK_INT(mem_used(), before);
  }

}

static void test_freeze(void)
{
  CASE("dict: freezing an empty dictionary, then using it")
  {
    size_t before = mem_used();
    dict *d = dict_new();
    dict_freeze(d);
    uint32_t id = 99;
    CHECK_INT(FIND(d, "a", &id), 0);
    CHECK_INT(INTERN(d, "a", &id), 0);
    CHECK_INT(id, 0);
    CHECK(holds(d, 0, "a", 1));
    dict_unref(d);
    CHECK_INT(mem_used(), before);
  }
}

static void test_refs(void)
{
  CASE("dict: references keep the dictionary until the last unref")
  {
    size_t before = mem_used();
    dict *d = dict_new();
    uint32_t id;
    INTERN(d, "Đà Nẵng", &id);
    CHECK_INT(d->refs, 1);
    CHECK(dict_ref(d) == d);
    CHECK_INT(d->refs, 2);
    dict_unref(d);
    CHECK_INT(d->refs, 1);
    CHECK(holds(d, id, "Đà Nẵng", strlen("Đà Nẵng"))); /* still alive */
    dict_unref(d);
    CHECK_INT(mem_used(), before);
    CHECK(dict_ref(NULL) == NULL);
    dict_unref(NULL);
  }

  CASE("dict: dict_bytes covers at least the text held")
  {
    dict *d = dict_new();
    uint32_t id;
    char s[64];
    memset(s, 'q', sizeof s);
    for (int k = 0; k < 100; k++) {
      s[0] = (char)('A' + k % 26);
      s[1] = (char)('A' + k / 26);
      dict_intern(d, s, sizeof s, &id);
    }
    CHECK_INT(d->count, 100);
    CHECK(dict_bytes(d) >= 100 * (sizeof s + 1));
    dict_unref(d);
  }
}

void test_dict(void)
{
  test_intern();
  test_nul_bytes();
  test_growth();
  test_freeze();
  test_refs();
}
