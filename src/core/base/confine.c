/*
 * confine.c - resource limits, Landlock and seccomp for a sandboxed
 * report's process.
 */
#define _GNU_SOURCE /* syscall, si_syscall */
#include "confine.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <math.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

/* The sanitizers' runtimes map terabytes of shadow memory and, at exit, trace their own threads. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* Landlock's later additions, for kernel headers older than the kernel. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif

/* The ruleset's attributes as the newest kernels take them; older ones read a prefix. */
typedef struct ruleset_attr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
} ruleset_attr;

/* Files outside the plan that the C library reads: the time zone (os.date), the processors online. */
static const char *const system_reads[] = {"/etc/localtime", "/usr/share/zoneinfo",
                                           "/sys/devices/system/cpu/online", NULL};

/* Resource limits ------------------------------------------------------------ */

/* Sets a limit, keeping it under the hard limit there was; where the hard one may not change, the soft one. */
static int set_limit(int resource, rlim_t value, const char *what, cherr *e)
{
  struct rlimit old, r;
  if (getrlimit(resource, &old) != 0)
    old.rlim_max = RLIM_INFINITY;
  r.rlim_max = old.rlim_max != RLIM_INFINITY && old.rlim_max < value ? old.rlim_max : value;
  r.rlim_cur = r.rlim_max;
  if (setrlimit(resource, &r) == 0)
    return 0;
  r.rlim_max = old.rlim_max;
  if (setrlimit(resource, &r) == 0)
    return 0;
  return err_set(e, ERR_IO, "sandbox: cannot limit %s: %s", what, strerror(errno));
}

/* A standard stream that is a file already holds bytes that are not the report's. */
static rlim_t bytes_before(int fd)
{
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    return 0;
  off_t at = lseek(fd, 0, SEEK_CUR);
  return (rlim_t)(at > st.st_size ? at : st.st_size);
}

size_t confine_headroom(size_t memory)
{
  return memory / 2 + ((size_t)64 << 20);
}

static int set_limits(const confine_plan *p, cherr *e)
{
  if (p->seconds > 0) {
    /* a backstop to the parent's clock: every busy thread's seconds count */
    rlim_t cpu = (rlim_t)ceil(p->seconds * (p->threads > 0 ? p->threads : 1)) + 1;
    struct rlimit r = {cpu, cpu + 1};
    if (setrlimit(RLIMIT_CPU, &r) != 0 && set_limit(RLIMIT_CPU, cpu, "its processor time", e) != 0)
      return -1;
  }
  if (p->memory > 0 && !SANITIZED &&
      set_limit(RLIMIT_DATA, (rlim_t)(p->memory + confine_headroom(p->memory)), "its memory", e) != 0)
    return -1;
  if (p->output > 0) {
    rlim_t before = bytes_before(STDOUT_FILENO), err = bytes_before(STDERR_FILENO);
    rlim_t fsize = (rlim_t)p->output + (before > err ? before : err) + CONFINE_FSIZE_SLACK;
    if (set_limit(RLIMIT_FSIZE, fsize, "the size of its files", e) != 0)
      return -1;
  }
  if (set_limit(RLIMIT_NOFILE, 64, "its open files", e) != 0)
    return -1;
  return set_limit(RLIMIT_CORE, 0, "its core files", e);
}

/* Landlock --------------------------------------------------------------------- */

static long landlock_abi(void)
{
  return syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
}

/* Every right on files this ABI knows: all of them are refused unless a rule grants them. */
static uint64_t handled_fs(long abi)
{
  uint64_t fs = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;
  if (abi >= 2)
    fs |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3)
    fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
  if (abi >= 5)
    fs |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
  return fs;
}

/* The rights on a file itself (a rule for a file may hold no others). */
#define FILE_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
                     LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | \
                     LANDLOCK_ACCESS_FS_IOCTL_DEV)

/* Grants rights beneath path; a path that is not there grants nothing (nothing can be read there). */
static int allow_path(int ruleset, const char *path, uint64_t rights, uint64_t handled, cherr *e)
{
  int fd = open(path, O_PATH | O_CLOEXEC);
  if (fd < 0)
    return 0;
  struct stat st;
  struct landlock_path_beneath_attr rule;
  rule.parent_fd = fd;
  rule.allowed_access = rights & handled;
  if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
    rule.allowed_access &= FILE_RIGHTS;
  int rc = rule.allowed_access == 0 ? 0
           : (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
  int saved = errno;
  close(fd);
  if (rc != 0)
    return err_set(e, ERR_IO, "sandbox: Landlock refused a rule for '%s': %s", path, strerror(saved));
  return 0;
}

static int add_rules(int ruleset, const confine_plan *p, long abi, cherr *e)
{
  uint64_t handled = handled_fs(abi);
  uint64_t read = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
  for (const char *const *r = p->read; r != NULL && *r != NULL; r++)
    if (allow_path(ruleset, *r, read, handled, e) != 0)
      return -1;
  for (const char *const *r = system_reads; *r != NULL; r++)
    if (allow_path(ruleset, *r, read, handled, e) != 0)
      return -1;
  if (SANITIZED && allow_path(ruleset, "/proc", read, handled, e) != 0)
    return -1; /* the leak checker reads /proc/self/maps and the list of threads */
  uint64_t write = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG |
                   LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;
  if (p->work != NULL && allow_path(ruleset, p->work, write | read, handled, e) != 0)
    return -1;
  if (p->write == NULL)
    return 0;
  if (p->make_dirs)
    write |= LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_READ_DIR;
  return allow_path(ruleset, p->write, write, handled, e);
}

static int apply_landlock(const confine_plan *p, cherr *e)
{
  long abi = landlock_abi();
  ruleset_attr attr = {handled_fs(abi), 0, 0};
  size_t size = sizeof attr.handled_access_fs;
  if (abi >= 4) {
    attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
    size += sizeof attr.handled_access_net;
  }
  if (abi >= 6) {
    attr.scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL;
    size += sizeof attr.scoped;
  }
  int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
  if (ruleset < 0)
    return err_set(e, ERR_IO, "sandbox: cannot make a Landlock ruleset: %s", strerror(errno));
  int rc = add_rules(ruleset, p, abi, e);
  if (rc == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0)
    rc = err_set(e, ERR_IO, "sandbox: Landlock refused to restrict the report: %s", strerror(errno));
  close(ruleset);
  return rc;
}

/* seccomp ------------------------------------------------------------------------ */

/*
 * The system calls a report's process makes: files (Landlock decides
 * which), memory, time, threads, signals to itself, messages on the one
 * socket it inherits (it cannot make another). Not here, so stopping
 * the process: execve and execveat, socket and connect, ptrace, fork and
 * vfork, setrlimit, mount, and everything else.
 */
static const int allowed_calls[] = {
  SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev), SCMP_SYS(pread64),
  SCMP_SYS(pwrite64), SCMP_SYS(lseek), SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(stat),
  SCMP_SYS(lstat), SCMP_SYS(newfstatat), SCMP_SYS(statx), SCMP_SYS(fstatfs), SCMP_SYS(statfs),
  SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(faccessat2),
  SCMP_SYS(readlink), SCMP_SYS(readlinkat), SCMP_SYS(getcwd), SCMP_SYS(getdents),
  SCMP_SYS(getdents64), SCMP_SYS(fcntl), SCMP_SYS(dup), SCMP_SYS(dup2), SCMP_SYS(dup3),
  SCMP_SYS(mkdir), SCMP_SYS(mkdirat), SCMP_SYS(rename), SCMP_SYS(renameat), SCMP_SYS(renameat2),
  SCMP_SYS(unlink), SCMP_SYS(unlinkat), SCMP_SYS(ftruncate), SCMP_SYS(fsync), SCMP_SYS(fdatasync),
  SCMP_SYS(fchmod), SCMP_SYS(fadvise64), SCMP_SYS(umask), SCMP_SYS(munmap), SCMP_SYS(mremap),
  SCMP_SYS(madvise), SCMP_SYS(brk), SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask),
  SCMP_SYS(rt_sigreturn), SCMP_SYS(sigaltstack), SCMP_SYS(futex), SCMP_SYS(set_robust_list),
  SCMP_SYS(rseq), SCMP_SYS(sched_yield), SCMP_SYS(sched_getaffinity), SCMP_SYS(exit),
  SCMP_SYS(exit_group), SCMP_SYS(restart_syscall), SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres),
  SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep), SCMP_SYS(gettimeofday), SCMP_SYS(time),
  SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid),
  SCMP_SYS(getegid), SCMP_SYS(getrandom), SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(getrlimit),
  SCMP_SYS(sysinfo), SCMP_SYS(uname),
  /* on the socket pair made before the fork, the only socket there is: asking the person (ask.h) */
  SCMP_SYS(sendto), SCMP_SYS(recvfrom), SCMP_SYS(sendmsg), SCMP_SYS(recvmsg),
};

/* What the sanitizers' runtimes add: the leak checker traces the threads from a helper task. */
static const int sanitizer_calls[] = {
  SCMP_SYS(ptrace), SCMP_SYS(wait4), SCMP_SYS(waitid), SCMP_SYS(prctl), SCMP_SYS(mincore),
  SCMP_SYS(pipe), SCMP_SYS(pipe2), SCMP_SYS(kill), SCMP_SYS(tgkill), SCMP_SYS(clone),
  SCMP_SYS(getppid), SCMP_SYS(sched_getparam), SCMP_SYS(setrlimit), SCMP_SYS(prlimit64),
};

static int note_fd = -1;
static pid_t confined;

/* A forbidden call: noted for the parent, then the process ends by the signal, as seccomp would end it. */
static void on_sigsys(int sig, siginfo_t *si, void *context)
{
  (void)context;
  if (note_fd >= 0 && getpid() == confined) {
    unsigned char note[CONFINE_NOTE_SIZE];
    int64_t nr = si->si_syscall;
    note[0] = 'X';
    memcpy(note + 1, &nr, sizeof nr);
    ssize_t ignored = write(note_fd, note, sizeof note);
    (void)ignored;
  }
  raise(sig);
}

static int add_calls(scmp_filter_ctx f, const int *calls, size_t n)
{
  for (size_t k = 0; k < n; k++)
    if (calls[k] >= 0 && seccomp_rule_add(f, SCMP_ACT_ALLOW, calls[k], 0) != 0)
      return -1;
  return 0;
}

/*
 * A rule on argument arg: (value & mask) == want. Written out rather than
 * through libseccomp's SCMP_An macros, which leave a field unset (a warning
 * clang makes an error).
 */
static struct scmp_arg_cmp arg_is(unsigned int arg, scmp_datum_t mask, scmp_datum_t want)
{
  struct scmp_arg_cmp c = {arg, SCMP_CMP_MASKED_EQ, mask, want};
  return c;
}

/* Only when argument arg is value (all its bits). */
static struct scmp_arg_cmp arg_eq(unsigned int arg, scmp_datum_t value)
{
  return arg_is(arg, ~(scmp_datum_t)0, value);
}

/* Calls allowed for some arguments only: no executable memory, threads but no processes, ... */
static int add_narrow_calls(scmp_filter_ctx f, pid_t self)
{
  int rc = 0;
  rc |= seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1, arg_is(2, PROT_EXEC, 0));
  rc |= seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1, arg_is(2, PROT_EXEC, 0));
  if (!SANITIZED) {
    rc |= seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1, arg_is(0, CLONE_THREAD, CLONE_THREAD));
    rc |= seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1, arg_eq(0, (scmp_datum_t)self));
    rc |= seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1, arg_eq(0, (scmp_datum_t)self));
    rc |= seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1, arg_eq(2, 0));
  }
  /* clone3's flags lie in memory the filter cannot read: "not here", and the C library uses clone */
  rc |= seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
  rc |= seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, arg_eq(1, TCGETS));
  rc |= seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, arg_eq(1, TIOCGWINSZ));
  return rc == 0 ? 0 : -1;
}

static int install_handler(int fd)
{
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigsys;
  sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
  note_fd = fd;
  confined = getpid();
  return sigaction(SIGSYS, &sa, NULL);
}

static int apply_seccomp(const confine_plan *p, cherr *e)
{
  scmp_filter_ctx f = seccomp_init(SCMP_ACT_TRAP);
  if (f == NULL)
    return err_set(e, ERR_IO, "sandbox: cannot make a seccomp filter");
  int rc = seccomp_attr_set(f, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
  if (rc == 0)
    rc = add_calls(f, allowed_calls, sizeof allowed_calls / sizeof *allowed_calls);
  if (rc == 0 && SANITIZED)
    rc = add_calls(f, sanitizer_calls, sizeof sanitizer_calls / sizeof *sanitizer_calls);
  if (rc == 0)
    rc = add_narrow_calls(f, getpid());
  if (rc == 0)
    rc = install_handler(p->report_fd);
  if (rc == 0)
    rc = seccomp_load(f);
  seccomp_release(f);
  if (rc != 0)
    return err_set(e, ERR_IO, "sandbox: cannot load the seccomp filter: %s", strerror(rc < 0 ? -rc : errno));
  return 0;
}

/* The whole ------------------------------------------------------------------------ */

int confine_available(const char **why)
{
  *why = NULL;
  if (UNDER_VALGRIND()) {
    *why = "valgrind cannot apply Landlock or seccomp";
    return 0;
  }
  int layers = 0;
  if (landlock_abi() >= 1)
    layers |= CONFINE_LANDLOCK;
  else
    *why = "this kernel has no Landlock (Linux 5.13 or later, with Landlock enabled)";
  if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0 && seccomp_api_get() >= 1)
    layers |= CONFINE_SECCOMP;
  else
    *why = layers ? "this kernel has no seccomp filters"
                  : "this kernel has neither Landlock nor seccomp filters";
  return layers;
}

void confine_say(const char *note)
{
#ifdef RUNNING_ON_VALGRIND
  if (UNDER_VALGRIND()) {
    VALGRIND_PRINTF("%s\n", note);
    return;
  }
#endif
  fprintf(stderr, "%s\n", note);
}

int confine_apply(const confine_plan *p, int layers, cherr *e)
{
  if (set_limits(p, e) != 0)
    return -1;
  if (layers != 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return err_set(e, ERR_IO, "sandbox: cannot give up new privileges: %s", strerror(errno));
  if ((layers & CONFINE_LANDLOCK) && apply_landlock(p, e) != 0)
    return -1;
  if ((layers & CONFINE_SECCOMP) && apply_seccomp(p, e) != 0)
    return -1;
  return 0;
}

void confine_syscall_name(long nr, char *out, size_t size)
{
  char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)nr);
  if (name != NULL)
    snprintf(out, size, "%s", name);
  else
    snprintf(out, size, "%ld", nr);
  free(name);
}
