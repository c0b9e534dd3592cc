/*
 * test_confine.c - the process layer of the sandbox: a child confined by
 * confine_apply cannot start a program, open a socket, make a process or
 * read and write outside its plan, and the parent (supervise_run) tells how
 * it ended: the forbidden call, SIGXCPU, SIGXFSZ, its clock, Ctrl-C. Where
 * this system (or valgrind) cannot apply Landlock or seccomp, the cases
 * that need them say they were skipped; a kernel without Landlock is also
 * played by a seccomp filter that answers its calls with ENOSYS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "confine.h"
#include "supervise.h"
#include "unit.h"

/* A folder of the test's own, made afresh. */
static void make_dir(char *out, size_t size, const char *name)
{
  snprintf(out, size, "%s/chiso-confine-%d-%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
           (int)getpid(), name);
  mkdir(out, 0700);
}

static void write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  if (f != NULL) {
    fputs(text, f);
    fclose(f);
  }
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A child: its plan, the layers to apply, and what to do once confined. */
typedef struct trial {
  confine_plan plan;
  int layers;
  int (*then)(struct trial *t);
  const char *path, *other;
} trial;

static int confined(void *ud)
{
  trial *t = ud;
  cherr e;
  t->plan.report_fd = supervise_fd();
  if (confine_apply(&t->plan, t->layers, &e) != 0) {
    fprintf(stderr, "%s\n", e.msg);
    return 99;
  }
  return t->then(t);
}

static int run_trial(trial *t, double seconds, supervised *s)
{
  cherr e;
  return supervise_run(seconds, confined, t, s, &e);
}

static int do_execve(trial *t)
{
  (void)t;
  char *argv[] = {(char *)"true", NULL};
  execve("/bin/true", argv, environ);
  return 3;
}

static int do_socket(trial *t)
{
  (void)t;
  return socket(AF_INET, SOCK_STREAM, 0) >= 0 ? 3 : 4;
}

static int do_fork(trial *t)
{
  (void)t;
  pid_t pid = fork();
  if (pid == 0)
    _exit(0);
  return 3;
}

static void *thread_body(void *arg)
{
  return arg;
}

static int do_thread(trial *t)
{
  (void)t;
  pthread_t th;
  void *back = NULL;
  if (pthread_create(&th, NULL, thread_body, &back) != 0 || pthread_join(th, &back) != 0)
    return 3;
  return back != NULL ? 0 : 4;
}

/* 0 when path can be opened, else errno (EACCES: Landlock refused). */
static int open_error(const char *path, int flags)
{
  int fd = open(path, flags, 0600);
  if (fd >= 0) {
    close(fd);
    return 0;
  }
  return errno;
}

static int do_read(trial *t)
{
  int inside = open_error(t->path, O_RDONLY), outside = open_error(t->other, O_RDONLY);
  return inside == 0 && outside == EACCES ? 0 : 10 + (inside != 0) + 2 * (outside != EACCES);
}

static int do_write(trial *t)
{
  int inside = open_error(t->path, O_WRONLY | O_CREAT), outside = open_error(t->other, O_WRONLY | O_CREAT);
  return inside == 0 && outside == EACCES ? 0 : 10 + (inside != 0) + 2 * (outside != EACCES);
}

/*
 * In the work folder (t->path): a file made, written, read back and removed,
 * but no folder made; in the --out folder (t->other) a file may be made but
 * not read.
 */
static int do_work(trial *t)
{
  char file[400], sub[400], out[400], back[3] = "";
  snprintf(file, sizeof file, "%s/work.tmp", t->path);
  snprintf(sub, sizeof sub, "%s/sub", t->path);
  snprintf(out, sizeof out, "%s/out.tmp", t->other);
  int fd = open(file, O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0 || write(fd, "ok", 2) != 2 || pread(fd, back, 2, 0) != 2 || strcmp(back, "ok") != 0)
    return 10;
  close(fd);
  if (unlink(file) != 0)
    return 11;
  if (mkdir(sub, 0700) == 0 || errno != EACCES)
    return 12;
  if (open_error(out, O_RDWR | O_CREAT) != EACCES)
    return 13;
  return 0;
}

static int do_big_file(trial *t)
{
  static char block[CONFINE_FSIZE_SLACK / 4];
  memset(block, 'x', sizeof block);
  int fd = open(t->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  for (int k = 0; k < 6 && fd >= 0; k++) /* past the output limit and the slack over it */
    if (write(fd, block, sizeof block) < 0)
      return 3;
  return 4;
}

/* A sanitizer's leak checker makes a process of its own at exit, so its builds let fork through. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FORK_ALLOWED 1
#else
#define FORK_ALLOWED 0
#endif

#if !FORK_ALLOWED
/* 0 when 256 MiB cannot be had (RLIMIT_DATA), 3 when it can. */
static int do_big_malloc(trial *t)
{
  (void)t;
  char *p = malloc((size_t)256 << 20);
  if (p == NULL)
    return 0;
  memset(p, 1, (size_t)256 << 20);
  free(p);
  return 3;
}
#endif

static int do_spin(trial *t)
{
  (void)t;
  for (volatile unsigned long n = 0;; n++)
    ;
  return 3;
}

static void check_forbidden(trial *t, long expected, const char *name)
{
  supervised s;
  CHECK_INT(run_trial(t, 0, &s), 0);
  CHECK_INT(s.exited, 0);
  CHECK_INT(s.code, SIGSYS);
  CHECK_INT(s.syscall, expected);
  char got[64];
  confine_syscall_name(s.syscall, got, sizeof got);
  CHECK_STR(got, name);
}

/* "name" or "name (skipped: why)" when this system lacks what the case needs. */
static const char *case_name(const char *name, int needs, char *out, size_t size)
{
  const char *why;
  int have = confine_available(&why);
  if ((have & needs) == needs)
    return name;
  snprintf(out, size, "%s (skipped: %s)", name, why);
  return NULL;
}

static void test_seccomp(void)
{
  char name[300];
  trial t = {{0, 1, 0, 0, NULL, NULL, 0, -1, NULL}, CONFINE_SECCOMP, do_execve, NULL, NULL};
  const char *const cases[] = {"the seccomp filter stops execve and names it",
                               "the seccomp filter stops socket", "the seccomp filter stops fork"};
  int (*const steps[])(trial *) = {do_execve, do_socket, do_fork};
  const long calls[] = {SYS_execve, SYS_socket, SYS_clone};
  const char *const names[] = {"execve", "socket", "clone"};
  for (int k = 0; k < 3 - FORK_ALLOWED; k++) {
    if (case_name(cases[k], CONFINE_SECCOMP, name, sizeof name) == NULL) {
      CASE(name) {}
      continue;
    }
    CASE(cases[k]) {
      t.then = steps[k];
      check_forbidden(&t, calls[k], names[k]);
    }
  }
  if (case_name("the seccomp filter lets threads be made", CONFINE_SECCOMP, name, sizeof name)) {
    CASE("the seccomp filter lets threads be made") {
      supervised s;
      t.then = do_thread;
      CHECK_INT(run_trial(&t, 0, &s), 0);
      CHECK_INT(s.exited, 1);
      CHECK_INT(s.code, 0);
    }
  } else {
    CASE(name) {}
  }
}

static void test_landlock(void)
{
  char name[300], dir[256], file[300], out[256], made[300];
  make_dir(dir, sizeof dir, "read");
  make_dir(out, sizeof out, "write");
  snprintf(file, sizeof file, "%s/allowed.csv", dir);
  snprintf(made, sizeof made, "%s/made.csv", out);
  write_file(file, "a\n1\n");
  const char *read[] = {dir, NULL};
  if (case_name("Landlock lets the child read its plan's folders and nothing else", CONFINE_LANDLOCK,
                name, sizeof name) == NULL) {
    CASE(name) {}
    CASE("Landlock lets the child write in its folder and nowhere else (skipped)") {}
  } else {
    CASE("Landlock lets the child read its plan's folders and nothing else") {
      trial t = {{0, 1, 0, 0, read, NULL, 0, -1, NULL}, CONFINE_LANDLOCK, do_read, file, "/etc/passwd"};
      supervised s;
      CHECK_INT(run_trial(&t, 0, &s), 0);
      CHECK_INT(s.exited, 1);
      CHECK_INT(s.code, 0);
    }
    CASE("Landlock lets the child write in its folder and nowhere else") {
      char other[300];
      snprintf(other, sizeof other, "%s/not-here.csv", dir);
      trial t = {{0, 1, 0, 0, read, out, 0, -1, NULL}, CONFINE_LANDLOCK, do_write, made, other};
      supervised s;
      CHECK_INT(run_trial(&t, 0, &s), 0);
      CHECK_INT(s.code, 0);
      struct stat st;
      CHECK(stat(other, &st) != 0);
    }
  }
  unlink(file);
  unlink(made);
  rmdir(dir);
  rmdir(out);
}

static void test_landlock_work(void)
{
  char name[300], work[256], out[256];
  make_dir(work, sizeof work, "work");
  make_dir(out, sizeof out, "out");
  const char *title = "Landlock lets the child make, read and remove files in its work folder, "
                      "but no folders, and read nothing in --out's";
  if (case_name(title, CONFINE_LANDLOCK, name, sizeof name) == NULL) {
    CASE(name) {}
  } else {
    CASE(title) {
      trial t = {{0, 1, 0, 0, NULL, out, 0, -1, work}, CONFINE_LANDLOCK, do_work, work, out};
      supervised s;
      CHECK_INT(run_trial(&t, 0, &s), 0);
      CHECK_INT(s.exited, 1);
      CHECK_INT(s.code, 0);
    }
  }
  char left[300];
  snprintf(left, sizeof left, "%s/out.tmp", out);
  unlink(left);
  rmdir(work);
  rmdir(out);
}

/* valgrind reports a process ended by a signal in its log (which fails make valgrind), or keeps the signal. */
static int under_valgrind(void)
{
  const char *why;
  confine_available(&why);
  return why != NULL && strstr(why, "valgrind") != NULL;
}

static void test_rlimits(void)
{
  if (under_valgrind()) {
    CASE("RLIMIT_FSIZE, RLIMIT_DATA and RLIMIT_CPU (skipped under valgrind, which keeps them or logs their signals)") {}
    return;
  }
  char dir[256], file[300];
  make_dir(dir, sizeof dir, "fsize");
  snprintf(file, sizeof file, "%s/big.csv", dir);
  CASE("RLIMIT_FSIZE ends a child that writes past the output limit with SIGXFSZ") {
    trial t = {{0, 1, 0, 8192, NULL, NULL, 0, -1, NULL}, 0, do_big_file, file, NULL};
    supervised s;
    CHECK_INT(run_trial(&t, 0, &s), 0);
    CHECK_INT(s.exited, 0);
    CHECK_INT(s.code, SIGXFSZ);
  }
  unlink(file);
  rmdir(dir);
#if !FORK_ALLOWED /* the sanitizers' shadow memory leaves RLIMIT_DATA unset */
  CASE("RLIMIT_DATA refuses memory past the memory limit and its headroom") {
    trial t = {{0, 1, (size_t)8 << 20, 0, NULL, NULL, 0, -1, NULL}, 0, do_big_malloc, NULL, NULL};
    supervised s;
    CHECK_INT(run_trial(&t, 0, &s), 0);
    CHECK_INT(s.exited, 1);
    CHECK_INT(s.code, 0);
  }
#endif
  CASE("RLIMIT_CPU ends a child that spins past its seconds with SIGXCPU") {
    trial t = {{0.2, 1, 0, 0, NULL, NULL, 0, -1, NULL}, 0, do_spin, NULL, NULL};
    supervised s;
    CHECK_INT(run_trial(&t, 0, &s), 0); /* no wall clock: the processor time alone */
    CHECK_INT(s.exited, 0);
    CHECK_INT(s.code, SIGXCPU);
  }
}

/* Children for the parent's side, without confinement. */

static int sleep_then(void *ud)
{
  double *secs = ud;
  struct timespec t = {(time_t)secs[0], (long)((secs[0] - (double)(time_t)secs[0]) * 1e9)};
  nanosleep(&t, NULL);
  supervise_started();
  t.tv_sec = (time_t)secs[1];
  t.tv_nsec = (long)((secs[1] - (double)(time_t)secs[1]) * 1e9);
  nanosleep(&t, NULL);
  if (secs[2] > 0) {
    supervise_reported(4);
    supervise_closed();
    t.tv_sec = (time_t)secs[2];
    t.tv_nsec = (long)((secs[2] - (double)(time_t)secs[2]) * 1e9);
    nanosleep(&t, NULL);
  }
  return 3;
}

static int signal_parent(void *ud)
{
  kill(getppid(), *(int *)ud);
  for (;;)
    pause();
  return 3;
}

static void test_supervise(void)
{
  cherr e;
  supervised s;
  CASE("the parent kills a child past its time limit, a short grace after it") {
    double secs[] = {0, 30, 0};
    double t0 = now();
    CHECK_INT(supervise_run(0.2, sleep_then, secs, &s, &e), 0);
    CHECK_INT(s.timed_out, 1);
    CHECK_INT(s.code, SIGKILL);
    CHECK(now() - t0 < 0.2 + SUPERVISE_GRACE + 1);
  }
  CASE("the time limit counts from when the report starts, not from the fork") {
    double secs[] = {0.6, 0.1, 0};
    CHECK_INT(supervise_run(0.3, sleep_then, secs, &s, &e), 0);
    CHECK_INT(s.timed_out, 0);
    CHECK_INT(s.exited, 1);
    CHECK_INT(s.code, 3);
  }
  CASE("once the child's state is closed, its time limit is over; its report is kept") {
    double secs[] = {0, 0, 1.2};
    CHECK_INT(supervise_run(0.2, sleep_then, secs, &s, &e), 0);
    CHECK_INT(s.timed_out, 0);
    CHECK_INT(s.code, 3);
    CHECK_INT(s.reported, 4);
  }
  CASE("Ctrl-C sent to the parent alone is passed on to the child") {
    int sig = SIGINT;
    CHECK_INT(supervise_run(10, signal_parent, &sig, &s, &e), 0);
    CHECK_INT(s.exited, 0);
    CHECK_INT(s.code, SIGINT);
    CHECK_INT(s.interrupts, 1);
  }
  CASE("SIGTERM to the parent ends the child") {
    int sig = SIGTERM;
    CHECK_INT(supervise_run(10, signal_parent, &sig, &s, &e), 0);
    CHECK_INT(s.terminated, SIGTERM);
    CHECK_INT(s.code, SIGKILL);
  }
}

/* A kernel without Landlock, played: its calls answer ENOSYS (then exec, or return). */
static int without_landlock(void)
{
  scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
  if (f == NULL)
    return -1;
  int rc = seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_create_ruleset), 0);
  rc |= seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_add_rule), 0);
  rc |= seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_restrict_self), 0);
  rc |= prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  if (rc == 0)
    rc = seccomp_load(f);
  seccomp_release(f);
  return rc;
}

static int probe_without_landlock(void *ud)
{
  (void)ud;
  const char *why;
  if (without_landlock() != 0)
    return 9;
  int layers = confine_available(&why);
  return layers == CONFINE_SECCOMP && why != NULL && strstr(why, "Landlock") != NULL ? 0 : 8;
}

/* Runs chiso (argv) without Landlock; its exit status, its stderr in err. */
static int chiso_without_landlock(char *const argv[], const char *err)
{
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    if (without_landlock() == 0)
      execv(argv[0], argv);
    _exit(127);
  }
  int status;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int count(const char *path, const char *text)
{
  char buf[4096];
  FILE *f = fopen(path, "r");
  size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
  if (f)
    fclose(f);
  buf[n] = '\0';
  int k = 0;
  for (const char *p = buf; (p = strstr(p, text)) != NULL; p++)
    k++;
  return k;
}

static void test_missing_layer(void)
{
  char name[300];
  if (case_name("without Landlock the probe says so", CONFINE_ALL, name, sizeof name) == NULL) {
    CASE(name) {}
    return;
  }
  CASE("without Landlock the probe says so") {
    supervised s;
    cherr e;
    CHECK_INT(supervise_run(0, probe_without_landlock, NULL, &s, &e), 0);
    CHECK_INT(s.code, 0);
  }
  const char *chiso = getenv("CHISO");
  if (chiso == NULL) {
    CASE("chiso without Landlock (skipped: CHISO is not set; tests/run sets it)") {}
    return;
  }
  char dir[256], report[300], err[300];
  make_dir(dir, sizeof dir, "nolandlock");
  snprintf(report, sizeof report, "%s/report.lua", dir);
  snprintf(err, sizeof err, "%s/stderr", dir);
  write_file(report, "print('ran')\n");
  CASE("chiso without Landlock says so once and runs the report with the other layers") {
    char *argv[] = {(char *)chiso, (char *)"run", (char *)"--sandbox", report, NULL};
    CHECK_INT(chiso_without_landlock(argv, err), 0);
    CHECK_INT(count(err, "chiso: note: this kernel has no Landlock"), 1);
  }
  CASE("chiso --require-isolation refuses to run without Landlock (status 10)") {
    char *argv[] = {(char *)chiso, (char *)"--require-isolation", (char *)"run", (char *)"--sandbox",
                    report, NULL};
    CHECK_INT(chiso_without_landlock(argv, err), 10);
    CHECK_INT(count(err, "chiso: --require-isolation: this kernel has no Landlock"), 1);
  }
  unlink(report);
  unlink(err);
  rmdir(dir);
}

void test_confine(void)
{
  test_seccomp();
  test_landlock();
  test_landlock_work();
  test_rlimits();
  test_supervise();
  test_missing_layer();
}
