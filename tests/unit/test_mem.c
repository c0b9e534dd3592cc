/*
 * test_mem.c - the counting allocator: mem_used rises and falls with every
 * block, mem_realloc counts growth and shrinking, the limit refuses an
 * allocation without changing the count, mem_fail_after fails exactly the
 * nth allocation, and Lua's allocator (mem_lua_alloc) shares the count.
 */
#include <stdint.h>
#include <string.h>

#include "mem.h"
#include "unit.h"

/* Lua passes a type tag, not a size, as osize when block is NULL (LUA_TSTRING is 4). */
#define LUA_TAG_STRING 4

static void test_counting(void)
{
  CASE("mem: alloc raises mem_used by at least the size, free brings it back")
  {
    size_t before = mem_used();
    char *p = mem_alloc(1000);
    CHECK(p != NULL);
    CHECK(mem_used() >= before + 1000);
    memset(p, 'x', 1000); /* the whole block is usable (ASan would say otherwise) */
    mem_free(p);
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: mem_free(NULL) is a no-op")
  {
    size_t before = mem_used();
    mem_free(NULL);
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: calloc zeroes, and a count*size overflow fails without counting")
  {
    size_t before = mem_used();
    unsigned char *p = mem_calloc(100, 3);
    CHECK(p != NULL);
    CHECK(mem_used() >= before + 300);
    int zero = 1;
    for (int k = 0; k < 300; k++)
      zero &= p[k] == 0;
    CHECK(zero);
    mem_free(p);
    CHECK_INT(mem_used(), before);
    /* SIZE_MAX / 2 + 1 elements of 2 bytes is SIZE_MAX + 1 bytes: does not fit in size_t. */
    CHECK(mem_calloc(SIZE_MAX / 2 + 1, 2) == NULL);
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: strndup copies len bytes, embedded NUL included, and ends with NUL")
  {
    size_t before = mem_used();
    char *p = mem_strndup("a\0bcdef", 4);
    CHECK(p != NULL);
    CHECK(memcmp(p, "a\0bc\0", 5) == 0);
    mem_free(p);
    CHECK_INT(mem_used(), before);
  }

}

static void test_realloc(void)
{
  CASE("mem: realloc counts growth and shrinking and keeps the contents")
  {
    size_t before = mem_used();
    char *p = mem_alloc(100);
    CHECK(p != NULL);
    memset(p, 'a', 100);
    size_t at100 = mem_used();
    p = mem_realloc(p, 1000);
    CHECK(p != NULL);
    /* Growing from 100 to 1000 bytes adds 900 bytes to the count. */
    CHECK_INT(mem_used() - at100, 900);
    CHECK(p[0] == 'a' && p[99] == 'a');
    memset(p, 'b', 1000);
    p = mem_realloc(p, 10);
    CHECK(p != NULL);
    /* Shrinking to 10 bytes leaves 90 fewer than at 100 bytes. */
    CHECK_INT(at100 - mem_used(), 90);
    CHECK(p[0] == 'b' && p[9] == 'b');
    mem_free(p);
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: realloc(NULL, n) allocates")
  {
    size_t before = mem_used();
    char *p = mem_realloc(NULL, 64);
    CHECK(p != NULL);
    CHECK(mem_used() >= before + 64);
    mem_free(p);
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: peak follows the highest count, reset_peak brings it to the count")
  {
    mem_reset_peak();
    size_t before = mem_used();
    CHECK_INT(mem_peak(), before);
    char *p = mem_alloc(5000);
    CHECK(p != NULL);
    CHECK(mem_peak() >= before + 5000);
    mem_free(p);
    CHECK(mem_peak() >= before + 5000);
    mem_reset_peak();
    CHECK_INT(mem_peak(), before);
  }
}

static void test_limit(void)
{
  CASE("mem: an allocation past the limit fails and leaves the count unchanged")
  {
    size_t before = mem_used();
    mem_set_limit(before + 1000);
    CHECK_INT(mem_limit(), before + 1000);
    CHECK(mem_alloc(2000) == NULL);
    CHECK_INT(mem_used(), before);
    char *small = mem_alloc(100); /* 100 bytes and a header fit in 1000 */
    CHECK(small != NULL);
    size_t at100 = mem_used();
    /* Growing past the limit fails and leaves the block as it was. */
    small[0] = 'k';
    CHECK(mem_realloc(small, 5000) == NULL);
    CHECK_INT(mem_used(), at100);
    CHECK(small[0] == 'k');
    mem_free(small);
    mem_set_limit(0);
    CHECK_INT(mem_limit(), 0);
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: an allocation reaching the limit exactly succeeds, one byte more fails")
  {
    /* Lua's blocks carry no header, so the count moves by exactly nsize. */
    size_t before = mem_used();
    mem_set_limit(before + 100);
    void *p = mem_lua_alloc(NULL, NULL, LUA_TAG_STRING, 100);
    CHECK(p != NULL);
    CHECK_INT(mem_used(), before + 100);
    mem_lua_alloc(NULL, p, 100, 0);
    mem_set_limit(before + 99);
    CHECK(mem_lua_alloc(NULL, NULL, LUA_TAG_STRING, 100) == NULL);
    CHECK_INT(mem_used(), before);
    mem_set_limit(0);
  }

  CASE("mem: no limit after mem_set_limit(0)")
  {
    mem_set_limit(mem_used() + 10);
    mem_set_limit(0);
    char *p = mem_alloc(1 << 20);
    CHECK(p != NULL);
    mem_free(p);
  }
}

static void test_fail_after(void)
{
  CASE("mem: mem_fail_after(3) fails exactly the third allocation, then no more")
  {
    size_t before = mem_used();
    unsigned long count0 = mem_count();
    mem_fail_after(3);
    void *a = mem_alloc(8);
    void *b = mem_alloc(8);
    void *c = mem_alloc(8);
    void *d = mem_alloc(8);
    void *e = mem_alloc(8);
    CHECK(a != NULL);
    CHECK(b != NULL);
    CHECK(c == NULL);
    CHECK(d != NULL);
    CHECK(e != NULL);
    CHECK_INT(mem_count() - count0, 5); /* the failed one is counted too */
    mem_free(a);
    mem_free(b);
    mem_free(d);
    mem_free(e);
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: mem_fail_after(1) fails the very next allocation, a realloc too")
  {
    size_t before = mem_used();
    char *p = mem_alloc(16);
    CHECK(p != NULL);
    size_t at16 = mem_used();
    p[0] = 'q';
    mem_fail_after(1);
    CHECK(mem_realloc(p, 4096) == NULL);
    CHECK_INT(mem_used(), at16);
    CHECK(p[0] == 'q');
    char *q = mem_realloc(p, 4096);
    CHECK(q != NULL);
    mem_free(q);
    CHECK_INT(mem_used(), before);
  }

}

static void test_fail_after_more(void)
{
  CASE("mem: mem_fail_after(0) turns injection off")
  {
    mem_fail_after(1);
    mem_fail_after(0);
    void *p = mem_alloc(8);
    CHECK(p != NULL);
    mem_free(p);
  }

  CASE("mem: mem_fail_after counts Lua's allocations")
  {
    size_t before = mem_used();
    mem_fail_after(2);
    void *a = mem_lua_alloc(NULL, NULL, LUA_TAG_STRING, 32);
    void *b = mem_lua_alloc(NULL, NULL, LUA_TAG_STRING, 32);
    void *c = mem_lua_alloc(NULL, NULL, LUA_TAG_STRING, 32);
    CHECK(a != NULL);
    CHECK(b == NULL);
    CHECK(c != NULL);
    mem_lua_alloc(NULL, a, 32, 0);
    mem_lua_alloc(NULL, c, 32, 0);
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: mem_fail_from(2) fails the second allocation and every later one, until turned off")
  {
    size_t before = mem_used();
    mem_fail_from(2);
    void *a = mem_alloc(8);
    void *b = mem_alloc(8);
    void *c = mem_lua_alloc(NULL, NULL, LUA_TAG_STRING, 32);
    void *d = mem_calloc(2, 8);
    mem_fail_after(0);
    void *e = mem_alloc(8);
    CHECK(a != NULL);
    CHECK(b == NULL);
    CHECK(c == NULL);
    CHECK(d == NULL);
    CHECK(e != NULL);
    mem_free(a);
    mem_free(e);
    CHECK_INT(mem_used(), before);
  }
}

static void test_lua_alloc(void)
{
  CASE("mem: mem_lua_alloc counts exactly nsize - osize, and frees to the start")
  {
    size_t before = mem_used();
    /* A new object: osize is a type tag and must not be counted. */
    char *p = mem_lua_alloc(NULL, NULL, LUA_TAG_STRING, 100);
    CHECK(p != NULL);
    CHECK_INT(mem_used(), before + 100);
    memset(p, 'z', 100);
    p = mem_lua_alloc(NULL, p, 100, 300); /* +200 */
    CHECK(p != NULL);
    CHECK_INT(mem_used(), before + 300);
    CHECK(p[99] == 'z');
    p = mem_lua_alloc(NULL, p, 300, 50); /* -250 */
    CHECK(p != NULL);
    CHECK_INT(mem_used(), before + 50);
    CHECK(p[49] == 'z');
    CHECK(mem_lua_alloc(NULL, p, 50, 0) == NULL); /* free returns NULL */
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: mem_lua_alloc growth past the limit fails and keeps the block")
  {
    size_t before = mem_used();
    char *p = mem_lua_alloc(NULL, NULL, LUA_TAG_STRING, 100);
    CHECK(p != NULL);
    p[0] = 'w';
    mem_set_limit(before + 150);
    CHECK(mem_lua_alloc(NULL, p, 100, 200) == NULL);
    CHECK_INT(mem_used(), before + 100);
    CHECK(p[0] == 'w');
    /* Shrinking needs no room, so it works even at the limit. */
    p = mem_lua_alloc(NULL, p, 100, 20);
    CHECK(p != NULL);
    CHECK_INT(mem_used(), before + 20);
    mem_set_limit(0);
    mem_lua_alloc(NULL, p, 20, 0);
    CHECK_INT(mem_used(), before);
  }

  CASE("mem: mem_lua_alloc(NULL, NULL, tag, 0) is a no-op")
  {
    size_t before = mem_used();
    CHECK(mem_lua_alloc(NULL, NULL, LUA_TAG_STRING, 0) == NULL);
    CHECK_INT(mem_used(), before);
  }
}

void test_mem(void)
{
  test_counting();
  test_realloc();
  test_limit();
  test_fail_after();
  test_fail_after_more();
  test_lua_alloc();
}
