/*
 * mem.c - counting, capping allocator shared by the C core and Lua.
 *
 * Core blocks carry a small header holding their size so mem_free can keep
 * the count right without the caller passing sizes around; Lua's blocks need
 * no header because lua_Alloc already gives the old size.
 */
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE */
#include "mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__ /* defined by the headers above */
#include <malloc.h>
#endif
#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

/* Keeps the payload aligned for any type, like malloc's own result. */
typedef union header {
  size_t size;
  max_align_t align;
} header;

/*
 * Blocks from HUGE_FROM up are placed on huge-page boundaries and offered
 * huge pages (see huge_block): a 2 M-row column of bytes is one huge page.
 */
#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_FROM (HUGE_PAGE / 4 * 3)
/* The smallest grown block (mem_huge_pages) worth asking huge pages for. */
#define HUGE_MIN ((size_t)4 << 20)

static atomic_size_t used;
static atomic_size_t core_used; /* the part of used in the core's own blocks */
static atomic_size_t peak;
static size_t limit;
static atomic_ulong calls;
static unsigned long fail_at;
static int fail_on; /* whether allocations after fail_at fail too */
static int limit_refused;
static atomic_uintptr_t heap_advised; /* the end of the heap's huge-page advice (advise_heap) */

/*
 * glibc serves blocks from 128 KiB up with their own mappings, unmapped on
 * free, but raises that threshold to the size of each such block freed, up
 * to 32 MiB: after a few large temporaries, columns of several MiB come from
 * the heap, whose freed space the process keeps. A fixed threshold (which
 * turns the raising off) keeps the resident size close to what is in use;
 * the heap, left to small blocks, is given back once 4 MiB lie free at its
 * top. The price is fresh (zeroed) pages for each large block, which
 * huge_block makes few. The heap grows 4 MiB beyond each request, so that
 * most of its growth is whole huge pages untouched when advise_heap
 * offers them (glibc writes only the first page of the new room before).
 */
void mem_init(void)
{
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
  mallopt(M_TOP_PAD, 4 * 1024 * 1024);
#endif
}

/*
 * Offers huge pages for the whole huge pages the heap has grown by since
 * the last call, as glibc's tunable glibc.malloc.hugetlb=1 would (a
 * process cannot set it for itself): small blocks come from the heap, and
 * a loop making many (the 20,000 rows of five columns a `where` gives,
 * freed only when Lua collects them) grows it by megabytes, a page fault
 * each 4 KiB otherwise. sbrk(0) only reads the break glibc keeps. When the
 * heap has shrunk, the advice is renewed from its new top up.
 */
static void advise_heap(void)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE) && defined(__GLIBC__)
  uintptr_t top = (uintptr_t)sbrk(0) / HUGE_PAGE * HUGE_PAGE, from = atomic_load(&heap_advised);
  if (top < from)
    atomic_store(&heap_advised, top); /* trimmed: what grows again is advised again */
  if (top <= from || !atomic_compare_exchange_strong(&heap_advised, &from, top))
    return;
  if (from == 0)
    from = top - HUGE_PAGE; /* the first call: the heap's last whole huge page */
  madvise((void *)from, top - from, MADV_HUGEPAGE); /* only advice: failure changes nothing */
#endif
}

/* Reserves delta bytes against the limit; false when the limit forbids it. */
static int reserve(size_t delta)
{
  unsigned long n = atomic_fetch_add(&calls, 1) + 1;
  if (fail_at != 0 && n >= fail_at) {
    if (!fail_on)
      fail_at = 0;
    return 0;
  }
  size_t now = atomic_fetch_add(&used, delta) + delta;
  if (limit != 0 && now > limit) {
    atomic_fetch_sub(&used, delta);
    limit_refused = 1;
    return 0;
  }
  size_t old = atomic_load(&peak);
  while (now > old && !atomic_compare_exchange_weak(&peak, &old, now))
    ;
  return 1;
}

static void release(size_t delta)
{
  atomic_fetch_sub(&used, delta);
}

/*
 * A new block of total bytes from HUGE_FROM up, backed by huge pages where
 * the system allows it (Linux, transparent huge pages "madvise"): since
 * mem_init has large blocks mapped afresh each time, a block of 4 KiB pages
 * costs a page fault each (tens of microseconds apiece on some virtual
 * machines: 20 ms for a 2 MB column), a huge page one for 2 MiB. The block
 * starts on a huge-page boundary, and a last huge page at least three
 * quarters full is taken whole (at most 512 KiB a block that no one uses);
 * a shorter tail stays in small pages. Only advice: where it is refused the
 * block is an ordinary one. Not for blocks that grow (builders, through
 * mem_realloc): huge pages would make their spare room resident.
 */
static void *huge_block(size_t total)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  size_t tail = total % HUGE_PAGE, ask = total;
  void *p;
  if (tail >= HUGE_PAGE / 4 * 3)
    ask = total - tail + HUGE_PAGE;
  if (ask < total || posix_memalign(&p, HUGE_PAGE, ask) != 0)
    return NULL;
  if (ask >= HUGE_PAGE)
    madvise(p, ask - ask % HUGE_PAGE, MADV_HUGEPAGE); /* failure changes nothing */
  return p;
#else
  return malloc(total);
#endif
}

/*
 * Asks for the whole pages of a block that grew (a builder, through
 * mem_realloc) to be backed by huge pages, once its size is close to final:
 * asked earlier, its spare room would become resident, since a huge page is
 * made resident when any byte of it is first touched. Blocks from
 * mem_alloc need not ask: huge_block has done it.
 */
void mem_huge_pages(void *block, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (size < HUGE_MIN)
    return;
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  uintptr_t from = ((uintptr_t)block + page - 1) / page * page;
  uintptr_t to = ((uintptr_t)block + size) / page * page;
  if (to > from)
    madvise((void *)from, to - from, MADV_HUGEPAGE); /* only advice: failure changes nothing */
#else
  (void)block;
  (void)size;
#endif
}

void *mem_alloc(size_t size)
{
  if (size > SIZE_MAX - sizeof(header) || !reserve(size + sizeof(header)))
    return NULL;
  size_t total = sizeof(header) + size;
  header *h = total >= HUGE_FROM ? huge_block(total) : malloc(total);
  if (h == NULL) {
    release(total);
    return NULL;
  }
  if (total < HUGE_FROM)
    advise_heap();
  h->size = size;
  atomic_fetch_add(&core_used, size);
  return h + 1;
}

void *mem_calloc(size_t count, size_t size)
{
  if (size != 0 && count > SIZE_MAX / size)
    return NULL;
  void *p = mem_alloc(count * size);
  if (p != NULL)
    memset(p, 0, count * size);
  return p;
}

void *mem_realloc(void *block, size_t size)
{
  if (block == NULL)
    return mem_alloc(size);
  header *h = (header *)block - 1;
  size_t old = h->size;
  if (size > SIZE_MAX - sizeof(header))
    return NULL;
  if (size > old && !reserve(size - old))
    return NULL;
  header *n = realloc(h, sizeof(header) + size);
  if (n == NULL) {
    if (size > old)
      release(size - old);
    return NULL;
  }
  if (size < old)
    release(old - size);
  atomic_fetch_add(&core_used, size);
  atomic_fetch_sub(&core_used, old);
  n->size = size;
  return n + 1;
}

void mem_free(void *block)
{
  if (block == NULL)
    return;
  header *h = (header *)block - 1;
  release(h->size + sizeof(header));
  atomic_fetch_sub(&core_used, h->size);
  free(h);
}

char *mem_strndup(const char *s, size_t len)
{
  char *p = mem_alloc(len + 1);
  if (p != NULL) {
    memcpy(p, s, len);
    p[len] = '\0';
  }
  return p;
}

void *mem_lua_alloc(void *ud, void *block, size_t osize, size_t nsize)
{
  (void)ud;
  if (block == NULL)
    osize = 0; /* osize then encodes the object's type, not a size */
  if (nsize == 0) {
    free(block);
    release(osize);
    return NULL;
  }
  if (nsize > osize && !reserve(nsize - osize))
    return NULL;
  void *p = realloc(block, nsize);
  if (p == NULL) {
    if (nsize > osize)
      release(nsize - osize);
    return NULL;
  }
  if (nsize < osize)
    release(osize - nsize);
  return p;
}

size_t mem_used(void) { return atomic_load(&used); }
size_t mem_core_used(void) { return atomic_load(&core_used); }
size_t mem_peak(void) { return atomic_load(&peak); }
void mem_reset_peak(void) { atomic_store(&peak, atomic_load(&used)); }
void mem_set_limit(size_t bytes) { limit = bytes; }
size_t mem_limit(void) { return limit; }
int mem_limit_reached(void) { return limit_refused; }
unsigned long mem_count(void) { return atomic_load(&calls); }

void mem_fail_after(unsigned long n)
{
  fail_at = n == 0 ? 0 : atomic_load(&calls) + n;
  fail_on = 0;
}

void mem_fail_from(unsigned long n)
{
  mem_fail_after(n);
  fail_on = 1;
}
