/*
 * mem.h - the one allocator every part of chiso goes through.
 *
 * The C core (columns, dictionaries, the CSV reader) and the Lua state share a
 * single count of live bytes, so one limit caps the whole process and the
 * sandbox can report how much a script used. A failed allocation returns NULL
 * and never aborts; callers turn that into an error.
 *
 * Ownership: a block from mem_alloc/mem_calloc/mem_realloc is owned by the
 * caller until passed to mem_free; mem_free(NULL) is a no-op.
 */
#ifndef CHISO_MEM_H
#define CHISO_MEM_H

#include <stddef.h>

/*
 * Asks the C library to give large blocks back to the system when they are
 * freed (glibc otherwise keeps some of them for reuse, so a process's
 * resident size stays at its highest). Called once, before any allocation.
 */
void mem_init(void);

void *mem_alloc(size_t size);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *block, size_t size);
void mem_free(void *block);
char *mem_strndup(const char *s, size_t len);
/*
 * Offers huge pages for the block (from 4 MiB; only advice): a few page
 * faults instead of thousands when it is filled. mem_alloc's blocks have it
 * already; a block grown by mem_realloc asks once it is near its final size.
 */
void mem_huge_pages(void *block, size_t size);

/* The lua_Alloc for lua_newstate: counts Lua's memory in the same total. */
void *mem_lua_alloc(void *ud, void *block, size_t osize, size_t nsize);

size_t mem_used(void);
/* The part of mem_used() in the core's own blocks (not Lua's): for leak checks that Lua's caches would blur. */
size_t mem_core_used(void);
size_t mem_peak(void);
void mem_reset_peak(void);

/* 0 means no limit. An allocation that would pass the limit fails. */
void mem_set_limit(size_t bytes);
size_t mem_limit(void);
/* Whether an allocation has been refused because of the limit (not a real shortage). */
int mem_limit_reached(void);

/*
 * Failure injection for tests: the nth allocation from now fails (n >= 1),
 * then allocations succeed again; 0 turns it off. Counts every allocation,
 * Lua's and the core's.
 */
void mem_fail_after(unsigned long n);
/* The same, except that every allocation after the nth fails too, until mem_fail_after(0). */
void mem_fail_from(unsigned long n);
unsigned long mem_count(void);

#endif
