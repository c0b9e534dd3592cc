/*
 * ask.c - the parent asks the person at the terminal about a file a
 * sandboxed report was refused, and hands the report's process the file
 * opened (ask.h). The question travels as one packet holding the path as
 * the report gave it (the child has the parent's working folder, so the
 * parent reads it the same way); the answer is one byte, 'y' or 'n', with
 * the descriptor attached to a 'y'.
 */
#define _GNU_SOURCE /* SOCK_CLOEXEC */
#include "ask.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "halt.h"
#include "mem.h"
#include "sandbox.h"

/* Folders answered "always", files answered "yes", during this run: asked about no more. */
#define MAX_ALWAYS 16
#define MAX_YES 64

static int pair[2] = {-1, -1}; /* [0] the parent's end, [1] the child's */
static int mine = -1;
static char report_name[256];
static char trust_path[PATH_MAX];
static char always[MAX_ALWAYS][PATH_MAX];
static int nalways;
static char *yes_files[MAX_YES]; /* a reader may open a file twice (its kind, then its text) */
static int nyes;

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int ask_prepare(const char *report, const char *trust_file, cherr *e)
{
  if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
    return 0;
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
    return err_set(e, ERR_IO, "cannot set up asking for permission: %s", strerror(errno));
  snprintf(report_name, sizeof report_name, "%s", report);
  snprintf(trust_path, sizeof trust_path, "%s", trust_file ? trust_file : "");
  nalways = 0;
  return 1;
}

void ask_close(void)
{
  for (int k = 0; k < 2; k++)
    if (pair[k] >= 0)
      close(pair[k]);
  pair[0] = pair[1] = mine = -1;
  while (nyes > 0)
    mem_free(yes_files[--nyes]);
}

/* The child's side ----------------------------------------------------------------- */

/* The answer to a question: a descriptor, or -1 for no. */
static int receive_answer(int fd)
{
  char answer = 'n';
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = {&answer, 1};
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  ssize_t n;
  do
    n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  struct cmsghdr *c = n == 1 ? CMSG_FIRSTHDR(&msg) : NULL;
  if (answer != 'y' || c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
    return -1;
  int got;
  memcpy(&got, CMSG_DATA(c), sizeof got);
  return got;
}

/* sandbox.h's asker: the question to the parent; the time it takes is the person's, not the report's. */
static int ask_for_read(const char *path, cherr *e)
{
  (void)e; /* a "no" leaves the refusal as it is */
  size_t n = strlen(path);
  if (mine < 0 || n == 0 || n >= PATH_MAX)
    return -1;
  double start = now();
  if (send(mine, path, n, MSG_NOSIGNAL) != (ssize_t)n)
    return -1;
  int fd = receive_answer(mine);
  halt_extend(now() - start);
  return fd;
}

void ask_in_child(void)
{
  if (pair[1] < 0)
    return;
  close(pair[0]);
  pair[0] = -1;
  mine = pair[1];
  sandbox_set_asker(ask_for_read);
}

/* The parent's side ---------------------------------------------------------------- */

int ask_in_parent(void)
{
  if (pair[0] < 0)
    return -1;
  close(pair[1]);
  pair[1] = -1;
  mine = pair[0];
  return mine;
}

int ask_fd(void) { return pair[0] >= 0 ? mine : -1; }

static int under(const char *path, const char *dir)
{
  size_t n = strlen(dir);
  return strncmp(path, dir, n) == 0 && (path[n] == '/' || (n == 1 && dir[0] == '/'));
}

/* The person's answer: 'y', 'a' or 'n' (anything else, and the end of input, is no). */
static char question(const char *shown)
{
  fprintf(stderr, "%s wants to read %s: allow? [y]es once, [a]lways for this folder, [N]o ",
          report_name, shown);
  fflush(stderr);
  char line[64];
  size_t len = 0;
  char c;
  ssize_t n;
  while ((n = read(STDIN_FILENO, &c, 1)) == 1 && c != '\n')
    if (len < sizeof line - 1)
      line[len++] = c;
  if (n != 1)
    fputc('\n', stderr);
  line[len] = '\0';
  char first = len > 0 ? line[0] : 'n';
  return first == 'y' || first == 'Y' ? 'y' : first == 'a' || first == 'A' ? 'a' : 'n';
}

/* Folder dir on the trust list (the same lines chiso trust writes), and on this run's list. */
static void remember(const char *dir)
{
  if (nalways < MAX_ALWAYS)
    snprintf(always[nalways++], PATH_MAX, "%s", dir);
  if (trust_path[0] == '\0')
    return;
  char folder[PATH_MAX];
  snprintf(folder, sizeof folder, "%s", trust_path);
  for (char *slash = strchr(folder + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    mkdir(folder, 0700); /* the list's folders, as chiso trust makes them */
    *slash = '/';
  }
  FILE *f = fopen(trust_path, "a");
  if (f == NULL) {
    fprintf(stderr, "chiso: cannot add %s to the trust list %s: %s\n", dir, trust_path, strerror(errno));
    return;
  }
  fprintf(f, "read %s\n", dir);
  fclose(f);
}

/* The file at real opened for the report: a regular file, reached without a last link. */
static int open_regular(const char *real)
{
  int fd = open(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
                  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)) {
    close(fd);
    fd = -1;
  }
  return fd;
}

static void answer(int fd)
{
  char yes = fd >= 0 ? 'y' : 'n';
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = {&yes, 1};
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (fd >= 0) {
    memset(&control, 0, sizeof control);
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
  }
  (void)sendmsg(mine, &msg, MSG_NOSIGNAL);
}

/* Whether the file at real may be given to the report: a folder answered always, or the person says so. */
static int allowed(const char *shown, const char *real)
{
  for (int k = 0; k < nalways; k++)
    if (under(real, always[k]))
      return 1;
  for (int k = 0; k < nyes; k++)
    if (strcmp(real, yes_files[k]) == 0)
      return 1;
  char how = question(shown);
  if (how == 'y' && nyes < MAX_YES && (yes_files[nyes] = mem_strndup(real, strlen(real))) != NULL)
    nyes++;
  if (how == 'a') {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", real);
    char *slash = strrchr(dir, '/');
    if (slash != NULL)
      *(slash == dir ? slash + 1 : slash) = '\0';
    remember(dir);
  }
  return how != 'n';
}

double ask_serve(void)
{
  char path[PATH_MAX], real[PATH_MAX];
  ssize_t n = recv(mine, path, sizeof path - 1, 0);
  if (n <= 0) {
    if (n == 0 || errno != EINTR) {
      close(mine);
      pair[0] = mine = -1;
    }
    return 0;
  }
  path[n] = '\0';
  double start = now();
  int fd = -1;
  if (realpath(path, real) != NULL && allowed(path, real))
    fd = open_regular(real);
  answer(fd);
  if (fd >= 0)
    close(fd);
  return now() - start;
}
