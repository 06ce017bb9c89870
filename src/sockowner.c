/* SPDX-License-Identifier: ISC */
/*
 * Socket owners from /proc, for the socket audit: sock_diag names a
 * socket by its inode, and only the processes' fd tables say who holds
 * it.
 *
 * The caller first says which inodes it wants, then /proc is scanned
 * once (in one go, or a bounded number of fds at a time, for a caller
 * whose loop must not wait: sockowners_scan_step()): every fd of every
 * process is read with readlinkat() and looked up in the sorted wanted
 * inodes.  The work is bounded by the number
 * of fds on the host, whatever the number of sockets, and a process's
 * comm and uid are read only if it holds a wanted socket.
 *
 * /proc shows a process's fds only to one that may ptrace it (its own
 * uid and no fewer capabilities, or CAP_SYS_PTRACE) and may search the
 * 0500 directory (its owner, or CAP_DAC_READ_SEARCH); hidepid= mounts
 * hide even more.  Those processes are counted, never guessed at: a socket
 * nobody visible holds then has an unknown owner.  A process that
 * exits while it is looked at is skipped.
 */
#include "config.h"

#include <cap-ng.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>

#include "readfile.h"
#include "sanitize.h"
#include "sockowner.h"

struct want {
	uint32_t	inode;
	unsigned	total;			/* processes holding it */
	unsigned	last;			/* 1 + procs[] index of the
						   last one counted */
	unsigned	proc[SOCKOWNER_MAX];	/* indexes in procs[] */
};

/*
 * A scan under way, so that it can be done a bounded number of fds at
 * a time (sockowners_scan_step()): where it is in /proc, and in the fd
 * table of the process it is reading.
 */
struct scan {
	DIR		*proc;		/* NULL: no scan under way */
	DIR		*fds;		/* NULL: between processes */
	int		 piddir;
	pid_t		 pid;
	char		 name[16];	/* the pid, as /proc lists it */
	int		 have_proc;	/* recorded in procs[] */
	unsigned	 index;		/* its index there */
	char		 root[PATH_MAX];
};

struct sockowners {
	struct want		*want;
	size_t			 nwant;
	size_t			 wantcap;
	struct sockowner	*procs;
	size_t			 nprocs;
	size_t			 proccap;
	int			 scanned;
	struct sockowner_stats	 stats;
	pid_t			*only;		/* sorted; NULL: every process */
	size_t			 nonly;
	struct scan		 scan;		/* one under way */
};

/* What looking at one process came to. */
enum look { LOOK_DONE, LOOK_MORE, LOOK_GONE, LOOK_HIDDEN, LOOK_FAILED };

struct sockowners *
sockowners_new(void)
{
	return calloc(1, sizeof(struct sockowners));
}

static void scan_close(struct sockowners *);

void
sockowners_free(struct sockowners *so)
{
	if (so == NULL)
		return;
	scan_close(so);
	free(so->want);
	free(so->procs);
	free(so->only);
	free(so);
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Looks only at these processes (a socket's cgroup's, say): a scan of
 * a few directories instead of every process's every fd.  0, or -1
 * (ENOMEM).
 */
int
sockowners_only(struct sockowners *so, const pid_t *pids, size_t n)
{
	pid_t *p;

	if ((p = reallocarray(NULL, n ? n : 1, sizeof(*p))) == NULL)
		return -1;
	memcpy(p, pids, n * sizeof(*p));
	qsort(p, n, sizeof(*p), pid_cmp);
	free(so->only);
	so->only = p;
	so->nonly = n;
	return 0;
}

/* Adds an inode to look for; -1 (ENOMEM) if it cannot. */
int
sockowners_want(struct sockowners *so, uint32_t inode)
{
	struct want *w;
	size_t cap;

	if (so->nwant == so->wantcap) {
		cap = so->wantcap ? so->wantcap * 2 : 64;
		if ((w = reallocarray(so->want, cap, sizeof(*w))) == NULL)
			return -1;
		so->want = w;
		so->wantcap = cap;
	}
	w = &so->want[so->nwant++];
	memset(w, 0, sizeof(*w));
	w->inode = inode;
	so->scanned = 0;
	return 0;
}

static int
inode_cmp(const void *a, const void *b)
{
	const struct want *x = a, *y = b;

	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* Sorted, each inode once, every count back to zero. */
static void
want_prepare(struct sockowners *so)
{
	size_t i, n = 0;

	if (so->nwant > 0)
		qsort(so->want, so->nwant, sizeof(*so->want), inode_cmp);
	for (i = 0; i < so->nwant; i++) {
		if (n > 0 && so->want[n - 1].inode == so->want[i].inode)
			continue;
		so->want[n] = so->want[i];
		so->want[n].total = 0;
		so->want[n].last = 0;
		n++;
	}
	so->nwant = n;
	so->nprocs = 0;
	memset(&so->stats, 0, sizeof(so->stats));
}

static struct want *
want_find(const struct sockowners *so, uint32_t inode)
{
	struct want key;

	if (so->nwant == 0)
		return NULL;
	key.inode = inode;
	return bsearch(&key, so->want, so->nwant, sizeof(*so->want),
	    inode_cmp);
}

/* The inode of an fd's link "socket:[N]"; 0 for anything else. */
static int
socket_inode(const char *link, uint32_t *inode)
{
	unsigned long n;
	char *end;

	if (strncmp(link, "socket:[", 8) != 0 || link[8] < '0' ||
	    link[8] > '9')
		return 0;
	errno = 0;
	n = strtoul(link + 8, &end, 10);
	if (errno != 0 || n > UINT32_MAX || strcmp(end, "]") != 0)
		return 0;
	*inode = (uint32_t)n;
	return 1;
}

static enum look
look_errno(int error)
{
	switch (error) {
	case ENOENT:
	case ESRCH:
		return LOOK_GONE;
	case EACCES:
	case EPERM:
		return LOOK_HIDDEN;
	default:
		return LOOK_FAILED;
	}
}

/* The real uid, the first of status's "Uid:" line. */
static int
status_uid(const char *status, uid_t *uid)
{
	const char *p;
	unsigned long n;
	char *end;

	if (strncmp(status, "Uid:", 4) == 0)
		p = status;
	else if ((p = strstr(status, "\nUid:")) != NULL)
		p++;
	else
		return -1;
	errno = 0;
	n = strtoul(p + 4, &end, 10);
	if (errno != 0 || end == p + 4 || n > UINT_MAX)
		return -1;
	*uid = (uid_t)n;
	return 0;
}

/*
 * Records the process behind piddir: its comm and real uid.  Read
 * through the directory it was found in, so a pid reused meanwhile
 * cannot lend its name: the old process's files are just gone.
 */
static enum look
proc_record(struct sockowners *so, int piddir, pid_t pid, unsigned *index,
    const char **failed)
{
	struct sockowner *o;
	char status[4096], comm[SOCKOWNER_COMMLEN + 1], exe[PATH_MAX];
	ssize_t len;
	size_t cap;

	if (so->nprocs == so->proccap) {
		cap = so->proccap ? so->proccap * 2 : 16;
		if (cap > UINT_MAX) {	/* the index is an unsigned */
			errno = ENOMEM;
			*failed = "";
			return LOOK_FAILED;
		}
		if ((o = reallocarray(so->procs, cap, sizeof(*o))) == NULL) {
			*failed = "";
			return LOOK_FAILED;
		}
		so->procs = o;
		so->proccap = cap;
	}
	o = &so->procs[so->nprocs];
	memset(o, 0, sizeof(*o));
	o->pid = pid;
	*failed = "comm";
	if ((len = readfile_at(piddir, "comm", comm, sizeof(comm))) == -1)
		return look_errno(errno);
	/* The kernel's newline ends it; any other byte is the process's. */
	if (len > 0 && comm[len - 1] == '\n')
		len--;
	sanitize(o->comm, sizeof(o->comm), comm, (size_t)len);
	/* The executable: readable wherever the fds were; "" if not. */
	if ((len = readlinkat(piddir, "exe", exe, sizeof(exe))) > 0)
		sanitize(o->exe, sizeof(o->exe), exe, (size_t)len);
	*failed = "status";
	if (readfile_at(piddir, "status", status, sizeof(status)) == -1)
		return look_errno(errno);
	if (status_uid(status, &o->uid) == -1)
		return LOOK_HIDDEN;	/* not a status file we know */
	*index = (unsigned)so->nprocs++;
	return LOOK_DONE;
}

/* One more holder of w; a process with the socket on two fds counts once. */
static void
want_add(struct want *w, unsigned proc)
{
	if (w->last == proc + 1)
		return;
	w->last = proc + 1;
	if (w->total < SOCKOWNER_MAX)
		w->proc[w->total] = proc;
	w->total++;
}

/* The process being read is done with. */
static void
process_close(struct scan *sc)
{
	if (sc->fds == NULL)
		return;
	closedir(sc->fds);
	close(sc->piddir);
	sc->fds = NULL;
	sc->piddir = -1;
}

/*
 * Reads at most *budget fds of the open fd directory (each costs one);
 * LOOK_DONE at its end, LOOK_MORE when the budget ran out first.
 */
static enum look
scan_fds(struct sockowners *so, size_t *budget, const char **failed)
{
	struct scan *sc = &so->scan;
	struct dirent *de;
	struct want *w;
	char link[64];
	uint32_t inode;
	ssize_t n;
	enum look look;

	for (;;) {
		if (*budget == 0)
			return LOOK_MORE;
		errno = 0;
		if ((de = readdir(sc->fds)) == NULL) {
			*failed = "fd";
			return errno == 0 ? LOOK_DONE : look_errno(errno);
		}
		if (de->d_name[0] == '.')
			continue;
		(*budget)--;
		n = readlinkat(dirfd(sc->fds), de->d_name, link,
		    sizeof(link) - 1);
		if (n == -1) {
			if (errno == ENOENT)
				continue;	/* closed meanwhile */
			*failed = "fd";
			return look_errno(errno);
		}
		link[n] = '\0';
		if (!socket_inode(link, &inode) ||
		    (w = want_find(so, inode)) == NULL)
			continue;
		if (!sc->have_proc) {
			look = proc_record(so, sc->piddir, sc->pid, &sc->index,
			    failed);
			if (look != LOOK_DONE)
				return look;
			sc->have_proc = 1;
		}
		want_add(w, sc->index);
	}
}

/* Opens /proc/PID/fd for reading; *failed names what could not be. */
static enum look
process_open(struct scan *sc, const char **failed)
{
	int fdfd, saved;

	*failed = "";
	if ((sc->piddir = openat(dirfd(sc->proc), sc->name, O_RDONLY |
	    O_DIRECTORY | O_CLOEXEC)) == -1)
		return look_errno(errno);
	*failed = "fd";
	if ((fdfd = openat(sc->piddir, "fd", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1) {
		saved = errno;
		close(sc->piddir);
		sc->piddir = -1;
		errno = saved;
		return look_errno(saved);
	}
	if ((sc->fds = fdopendir(fdfd)) == NULL) {
		saved = errno;
		close(fdfd);
		close(sc->piddir);
		sc->piddir = -1;
		errno = saved;
		return look_errno(saved);
	}
	sc->have_proc = 0;
	return LOOK_DONE;
}

static int
is_pid(const char *name, pid_t *pid)
{
	unsigned long n;
	char *end;

	if (name[0] < '1' || name[0] > '9')
		return 0;
	errno = 0;
	n = strtoul(name, &end, 10);
	if (errno != 0 || *end != '\0' || n > INT_MAX)
		return 0;
	*pid = (pid_t)n;
	return 1;
}

/*
 * Whether the proc mount at proc_root leaves processes out of its
 * listing (hidepid=invisible or =ptraceable, "2" and "4" before Linux
 * 5.8), as the last proc mount there says in mountinfo.  That hides
 * nothing from CAP_SYS_PTRACE; members of its gid= group see everything
 * too, but are told processes may hide: an unknown owner, not a guess.
 */
static int
proc_hides_processes(const char *proc_root)
{
	char real[PATH_MAX], path[PATH_MAX], *line = NULL, *mnt, *sep, *opts;
	size_t size = 0;
	int hides = 0;
	FILE *f;

	if (realpath(proc_root, real) == NULL)
		return 0;
	snprintf(path, sizeof(path), "%s/self/mountinfo", proc_root);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	while (getline(&line, &size, f) != -1) {
		line[strcspn(line, "\n")] = '\0';
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - FSTYPE SOURCE OPTS */
		if ((sep = strstr(line, " - ")) == NULL)
			continue;
		*sep = '\0';
		if (strtok(line, " ") == NULL || strtok(NULL, " ") == NULL ||
		    strtok(NULL, " ") == NULL || strtok(NULL, " ") == NULL ||
		    (mnt = strtok(NULL, " ")) == NULL || strcmp(mnt, real) != 0)
			continue;
		if (strncmp(sep + 3, "proc ", 5) != 0 ||
		    (opts = strchr(sep + 8, ' ')) == NULL)
			continue;
		opts = strstr(opts, "hidepid=");
		hides = opts != NULL && (strncmp(opts + 8, "invisible", 9) == 0 ||
		    strncmp(opts + 8, "ptraceable", 10) == 0 ||
		    opts[8] == '2' || opts[8] == '4');
	}
	free(line);
	fclose(f);
	if (hides && capng_get_caps_process() == 0 &&
	    capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_PTRACE))
		hides = 0;
	return hides;
}

static void
scan_close(struct sockowners *so)
{
	process_close(&so->scan);
	if (so->scan.proc != NULL)
		closedir(so->scan.proc);
	so->scan.proc = NULL;
}

/*
 * Starts a scan of proc_root ("/proc", or a tree that looks like it)
 * for the wanted inodes, to be carried out by sockowners_scan_step().
 * -1, with a one-line message in err, if /proc cannot be opened.
 */
int
sockowners_scan_start(struct sockowners *so, const char *proc_root,
    char *err, size_t errlen)
{
	struct scan *sc = &so->scan;

	scan_close(so);
	want_prepare(so);
	so->scanned = 0;
	sc->piddir = -1;
	snprintf(sc->root, sizeof(sc->root), "%s", proc_root);
	if ((sc->proc = opendir(proc_root)) == NULL) {
		snprintf(err, errlen, "sockowner: %s: %s", proc_root,
		    strerror(errno));
		return -1;
	}
	if (so->nwant > 0)
		so->stats.hidepid = proc_hides_processes(proc_root);
	return 0;
}

/*
 * Counts what looking at a process came to; -1 (with err) if the scan
 * cannot go on.
 */
static int
tally(struct sockowners *so, enum look look, const char *failed, char *err,
    size_t errlen)
{
	if (look == LOOK_GONE)
		so->stats.gone++;
	else if (look == LOOK_HIDDEN)
		so->stats.unreadable++;
	else if (look == LOOK_FAILED) {
		snprintf(err, errlen, "sockowner: %s/%s%s%s: %s",
		    so->scan.root, so->scan.name, failed[0] ? "/" : "",
		    failed, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Goes on with the scan for at most budget fds (a process's directory
 * counts as one too), so that a host with a great many fds is read over
 * several turns of the caller's loop.  1: more to do; 0: done, the
 * answers are in; -1, with a one-line message in err, only when the
 * scan could not be carried out (it is then over).  Hidden or vanished
 * processes are counted in the stats, not errors.
 */
int
sockowners_scan_step(struct sockowners *so, size_t budget, char *err,
    size_t errlen)
{
	struct scan *sc = &so->scan;
	const char *failed = "";
	struct dirent *de;
	enum look look;
	pid_t pid;
	int saved;

	if (sc->proc == NULL) {
		snprintf(err, errlen, "sockowner: no scan under way");
		return -1;
	}
	if (so->nwant == 0)		/* nothing to find: no fd to read */
		goto done;
	for (;;) {
		if (sc->fds != NULL) {
			look = scan_fds(so, &budget, &failed);
			if (look == LOOK_MORE)
				return 1;
			saved = errno;
			process_close(sc);
			errno = saved;
			if (tally(so, look, failed, err, errlen) == -1)
				goto failed;
		}
		if (budget == 0)
			return 1;
		budget--;
		errno = 0;
		if ((de = readdir(sc->proc)) == NULL)
			break;
		if (!is_pid(de->d_name, &pid))
			continue;
		if (so->only != NULL && bsearch(&pid, so->only, so->nonly,
		    sizeof(pid), pid_cmp) == NULL)
			continue;
		so->stats.processes++;
		sc->pid = pid;
		snprintf(sc->name, sizeof(sc->name), "%d", (int)pid);
		look = process_open(sc, &failed);
		if (look != LOOK_DONE &&
		    tally(so, look, failed, err, errlen) == -1)
			goto failed;
	}
	if (errno != 0) {
		snprintf(err, errlen, "sockowner: %s: %s", sc->root,
		    strerror(errno));
		goto failed;
	}
done:
	scan_close(so);
	so->scanned = 1;
	return 0;
failed:
	scan_close(so);
	return -1;
}

/*
 * Scans proc_root once for the wanted inodes, all at once (the socket
 * audit's, which runs in a check).  0, or -1 with a one-line message in
 * err.
 */
int
sockowners_scan(struct sockowners *so, const char *proc_root, char *err,
    size_t errlen)
{
	int rc;

	if (sockowners_scan_start(so, proc_root, err, errlen) == -1)
		return -1;
	while ((rc = sockowners_scan_step(so, SIZE_MAX, err, errlen)) == 1)
		;
	return rc;
}

/*
 * The owners of inode.  One that was not wanted, or before a scan, is
 * unknown.
 */
void
sockowners_get(const struct sockowners *so, uint32_t inode,
    struct sockowner_list *out)
{
	const struct want *w;
	unsigned i;

	memset(out, 0, sizeof(*out));
	out->maybe_more = so->stats.unreadable > 0 || so->stats.hidepid;
	if (!so->scanned || (w = want_find(so, inode)) == NULL) {
		out->state = SOCKOWNER_UNKNOWN;
		return;
	}
	out->total = w->total;
	for (i = 0; i < w->total && i < SOCKOWNER_MAX; i++)
		out->owner[i] = so->procs[w->proc[i]];
	out->n = i;
	if (out->total > 0)
		out->state = SOCKOWNER_FOUND;
	else
		out->state = out->maybe_more ? SOCKOWNER_UNKNOWN :
		    SOCKOWNER_NONE;
}

struct sockowner_stats
sockowners_stats(const struct sockowners *so)
{
	return so->stats;
}
