/*
 * ask.c - the parent asks the person at the terminal about a file a
 * sandboxed report was refused, and does for the report's process what it
 * may not do itself (ask.h).
 *
 * Questions go from the child to the parent, one packet each: a byte for
 * the operation, then its argument. Paths are as the report gave them (the
 * child has the parent's working folder, so the parent reads them alike).
 *   'R' path    may it read path?   'y' with the file open for reading, or 'n'
 *   'W' path    may it write path?  'y', a ticket and a new file beside path, or 'n'
 *   'C' ticket  the ticket's file is written: rename it over its path; 'y' or 'n'
 *   'D' ticket  the ticket's file is not wanted: remove it (no answer)
 */
#define _GNU_SOURCE /* SOCK_CLOEXEC */
#include "ask.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "halt.h"
#include "mem.h"
#include "sandbox.h"

/* Folders answered "always" (or on the trust list for writing), files answered "yes". */
#define MAX_ALWAYS 16
#define MAX_YES 64
#define MAX_TICKETS 16

typedef struct grant {
  char op;   /* 'R' or 'W' */
  char *path; /* a folder for "always", a file for "yes" */
} grant;

static int pair[2] = {-1, -1}; /* [0] the parent's end, [1] the child's */
static int mine = -1;
static int can_ask;
static char report_name[256];
static char trust_path[PATH_MAX];
static grant always[MAX_ALWAYS], yes_files[MAX_YES];
static int nalways, nyes;
static struct {
  char *temp, *target;
} tickets[MAX_TICKETS];

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void add_grant(grant *list, int *n, int max, char op, const char *path)
{
  if (*n < max && (list[*n].path = mem_strndup(path, strlen(path))) != NULL)
    list[(*n)++].op = op;
}

/* The trust list's "write DIR" lines: folders the person has let reports write in. */
static void load_write_grants(void)
{
  FILE *f = trust_path[0] ? fopen(trust_path, "r") : NULL;
  char line[PATH_MAX + 16];
  while (f != NULL && fgets(line, sizeof line, f) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    if (strncmp(line, "write /", 7) == 0)
      add_grant(always, &nalways, MAX_ALWAYS, 'W', line + 6);
  }
  if (f != NULL)
    fclose(f);
}

int ask_prepare(const char *report, const char *trust_file, cherr *e)
{
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
    return err_set(e, ERR_IO, "cannot set up asking for permission: %s", strerror(errno));
  can_ask = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
  snprintf(report_name, sizeof report_name, "%s", report);
  snprintf(trust_path, sizeof trust_path, "%s", trust_file ? trust_file : "");
  load_write_grants();
  return can_ask;
}

void ask_close(void)
{
  for (int k = 0; k < 2; k++)
    if (pair[k] >= 0)
      close(pair[k]);
  pair[0] = pair[1] = mine = -1;
  for (int k = 0; k < MAX_TICKETS; k++) {
    if (tickets[k].temp != NULL)
      unlink(tickets[k].temp); /* written by a report that never finished it */
    mem_free(tickets[k].temp);
    mem_free(tickets[k].target);
    tickets[k].temp = tickets[k].target = NULL;
  }
  while (nyes > 0)
    mem_free(yes_files[--nyes].path);
  while (nalways > 0)
    mem_free(always[--nalways].path);
}

/* Messages ------------------------------------------------------------------------- */

/* Sends op and the bytes of arg, with descriptor fd attached when it is not -1. */
static int send_packet(char op, const void *arg, size_t n, int fd)
{
  char buf[PATH_MAX + 2];
  if (n + 1 > sizeof buf)
    return -1;
  buf[0] = op;
  memcpy(buf + 1, arg, n);
  union {
    char bytes[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = {buf, n + 1};
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (fd >= 0) {
    memset(&control, 0, sizeof control);
    msg.msg_control = control.bytes;
    msg.msg_controllen = sizeof control.bytes;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
  }
  return sendmsg(mine, &msg, MSG_NOSIGNAL) == (ssize_t)(n + 1) ? 0 : -1;
}

/* Receives a packet into buf (NUL-ended); its length, or -1; *fd gets an attached descriptor or -1. */
static ssize_t receive_packet(char *buf, size_t size, int *fd)
{
  union {
    char bytes[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = {buf, size - 1};
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.bytes;
  msg.msg_controllen = sizeof control.bytes;
  ssize_t n;
  do
    n = recvmsg(mine, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  *fd = -1;
  struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
  if (c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
    memcpy(fd, CMSG_DATA(c), sizeof *fd);
  buf[n > 0 ? n : 0] = '\0';
  return n;
}

/* The child's side ----------------------------------------------------------------- */

/* Asks op about path; the descriptor of a "yes" (and its ticket), or -1. The wait is the person's time. */
static int ask_parent(char op, const char *path, int *ticket)
{
  size_t n = strlen(path);
  if (mine < 0 || n == 0 || n >= PATH_MAX)
    return -1;
  double start = now();
  char answer[8];
  int fd = -1;
  if (send_packet(op, path, n, -1) == 0 && receive_packet(answer, sizeof answer, &fd) > 0 &&
      answer[0] != 'y' && fd >= 0) {
    close(fd);
    fd = -1;
  }
  halt_extend(now() - start);
  if (ticket != NULL)
    *ticket = fd >= 0 ? (unsigned char)answer[1] : -1;
  return fd;
}

static int ask_read(const char *path, cherr *e)
{
  (void)e; /* a "no" leaves the refusal as it is */
  return ask_parent('R', path, NULL);
}

static int ask_write(const char *path, int *ticket, cherr *e)
{
  (void)e;
  return ask_parent('W', path, ticket);
}

static int commit_write(int ticket, cherr *e)
{
  char t = (char)ticket, answer[8];
  int fd = -1;
  if (send_packet('C', &t, 1, -1) == 0 && receive_packet(answer, sizeof answer, &fd) > 0 && answer[0] == 'y')
    return 0;
  if (fd >= 0)
    close(fd);
  return err_set(e, ERR_IO, "the file the person allowed could not be put in place");
}

static void discard_write(int ticket)
{
  char t = (char)ticket;
  send_packet('D', &t, 1, -1);
}

static const sandbox_askers child_askers = {ask_read, ask_write, commit_write, discard_write};

void ask_in_child(void)
{
  if (pair[1] < 0)
    return;
  close(pair[0]);
  pair[0] = -1;
  mine = pair[1];
  sandbox_set_askers(&child_askers);
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
  return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0' || (n == 1 && dir[0] == '/'));
}

/* The person's answer: 'y', 'a' or 'n' (anything else, and the end of input, is no). */
static char question(char op, const char *shown)
{
  fprintf(stderr, "%s wants to %s %s: allow? [y]es once, [a]lways for this folder, [N]o ",
          report_name, op == 'R' ? "read" : "write", shown);
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
  char first = len > 0 ? line[0] : 'n';
  return first == 'y' || first == 'Y' ? 'y' : first == 'a' || first == 'A' ? 'a' : 'n';
}

/* Folder dir on the trust list (the lines chiso trust writes). */
static void remember(char op, const char *dir)
{
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
  fprintf(f, "%s %s\n", op == 'R' ? "read" : "write", dir);
  fclose(f);
}

/* The folder of a resolved path ("/" for a file at the top). */
static void folder_of(const char *real, char *dir, size_t size)
{
  snprintf(dir, size, "%s", real);
  char *slash = strrchr(dir, '/');
  if (slash != NULL)
    *(slash == dir ? slash + 1 : slash) = '\0';
}

/* Whether op on real may be done for the report: granted before, or the person says so now. */
static int allowed(char op, const char *shown, const char *real)
{
  for (int k = 0; k < nalways; k++)
    if (always[k].op == op && under(real, always[k].path))
      return 1;
  for (int k = 0; k < nyes; k++)
    if (yes_files[k].op == op && strcmp(real, yes_files[k].path) == 0)
      return 1;
  if (!can_ask)
    return 0;
  char how = question(op, shown);
  if (how == 'y')
    add_grant(yes_files, &nyes, MAX_YES, op, real); /* a reader may open a file twice */
  if (how == 'a') {
    char dir[PATH_MAX];
    folder_of(real, dir, sizeof dir);
    add_grant(always, &nalways, MAX_ALWAYS, op, dir);
    remember(op, dir);
  }
  return how != 'n';
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

/* Where a write to path goes: its folder resolved, then its own name (a link there is replaced). */
static int resolve_target(const char *path, char *real, size_t size)
{
  char dir[PATH_MAX], resolved[PATH_MAX];
  const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
  snprintf(dir, sizeof dir, "%.*s", slash == NULL ? 1 : slash == path ? 1 : (int)(slash - path),
           slash == NULL ? "." : path);
  if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || realpath(dir, resolved) == NULL)
    return -1;
  return snprintf(real, size, "%s/%s", strcmp(resolved, "/") == 0 ? "" : resolved, base) < (int)size ? 0 : -1;
}

/* A new file beside target, for ticket k: its descriptor, or -1. */
static int make_ticket_file(int k, const char *target)
{
  char temp[PATH_MAX + 32];
  for (int tries = 0; tries < 16; tries++) {
    unsigned int r = 0;
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
      r = (unsigned int)(now() * 1e9) ^ (unsigned int)getpid();
    snprintf(temp, sizeof temp, "%s.%08x.tmp", target, r);
    int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) {
      tickets[k].temp = mem_strndup(temp, strlen(temp));
      tickets[k].target = mem_strndup(target, strlen(target));
      if (tickets[k].temp != NULL && tickets[k].target != NULL)
        return fd;
      close(fd);
      unlink(temp);
      return -1;
    }
    if (errno != EEXIST)
      return -1;
  }
  return -1;
}

static void serve_read(const char *path)
{
  char real[PATH_MAX];
  int fd = realpath(path, real) != NULL && allowed('R', path, real) ? open_regular(real) : -1;
  send_packet(fd >= 0 ? 'y' : 'n', "", 0, fd);
  if (fd >= 0)
    close(fd);
}

static void serve_write(const char *path)
{
  char real[PATH_MAX];
  int k = 0, fd = -1;
  while (k < MAX_TICKETS && tickets[k].temp != NULL)
    k++;
  if (k < MAX_TICKETS && resolve_target(path, real, sizeof real) == 0 && allowed('W', path, real))
    fd = make_ticket_file(k, real);
  char t = (char)k;
  send_packet(fd >= 0 ? 'y' : 'n', &t, 1, fd);
  if (fd >= 0)
    close(fd);
}

/* 'C' or 'D' for the ticket in arg. */
static void serve_ticket(char op, const char *arg, ssize_t n)
{
  int k = n >= 1 ? (unsigned char)arg[0] : MAX_TICKETS;
  if (k >= MAX_TICKETS || tickets[k].temp == NULL) {
    if (op == 'C')
      send_packet('n', "", 0, -1);
    return;
  }
  int ok = op == 'C' && rename(tickets[k].temp, tickets[k].target) == 0;
  if (!ok)
    unlink(tickets[k].temp);
  mem_free(tickets[k].temp);
  mem_free(tickets[k].target);
  tickets[k].temp = tickets[k].target = NULL;
  if (op == 'C')
    send_packet(ok ? 'y' : 'n', "", 0, -1);
}

double ask_serve(void)
{
  char buf[PATH_MAX + 2];
  int fd;
  ssize_t n = receive_packet(buf, sizeof buf, &fd);
  if (fd >= 0)
    close(fd); /* the child sends none */
  if (n <= 0) {
    close(mine);
    pair[0] = mine = -1;
    return 0;
  }
  double start = now();
  if (buf[0] == 'R')
    serve_read(buf + 1);
  else if (buf[0] == 'W')
    serve_write(buf + 1);
  else if (buf[0] == 'C' || buf[0] == 'D')
    serve_ticket(buf[0], buf + 1, n - 1);
  return now() - start;
}
