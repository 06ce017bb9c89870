/* SPDX-License-Identifier: ISC */
/*
 * A round over network namespaces (netround.h).
 *
 * Each namespace is checked by a child process that enters it first
 * and never leaves: a check's capture, netlink and sock_diag sockets,
 * its lock (netns-<inode>.lock) and its route all belong to the
 * namespace the process is in when they are made, and a process that
 * stays put cannot make one in the wrong place.  The parent never
 * enters anything: its own sockets (watch mode's capture, sd_notify)
 * stay where it started, and a slow step of one check (the socket
 * audit's /proc walk, the owner's lookup) stalls only that child, never
 * the loop that feeds the watchdog.
 *
 * The child is a fork, not an exec: it has the settings and the code
 * already, and sends back its struct check_result, flat, through a
 * pipe.  The parent reads it without blocking, reaps the child on
 * SIGCHLD, and kills one that outlives its check's own --timeout.
 * Entering needs CAP_SYS_ADMIN, which the child drops at once
 * (privs_drop_netns()), before its check begins.
 *
 * One child at a time: a round is a sequence, each check under its own
 * namespace's lock, with its own route hygiene.
 *
 * With no netns setting the round is the daemon's every check: the own
 * namespace alone, in a child all the same (a slow or crashing check
 * stalls or kills only the child), and unnamed, so that its result and
 * messages are those of a check outside rounds (no "netns" in them).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <event2/event.h>

#include "check.h"
#include "checkalone.h"
#include "evloop.h"
#include "log.h"
#include "netround.h"
#include "nslist.h"
#include "privs.h"

/* A child gets its check's --timeout and this much more, then TERM. */
#define CHILD_GRACE_S	10
/*
 * The exit status of a child that found nothing up in a namespace "all"
 * found, its result saying so: skipped, as a vanished one is.
 */
#define CHILD_EXIT_IDLE	64

/* After TERM, this long to end its check cleanly, then KILL. */
#define CHILD_KILL_S	5

struct child {
	pid_t			 pid;		/* 0: none */
	int			 fd;		/* the result's pipe */
	size_t			 got;		/* bytes of it read */
	int			 overlong;	/* more than a result */
	int			 eof;
	int			 reaped;
	int			 status;	/* waitpid()'s */
	int			 killed;	/* 0, SIGTERM, SIGKILL: ours */
	struct ns_entry		*entry;
};

struct netround {
	struct event_base	*base;
	const struct options	*opt;
	int			 check_flags;
	struct round_result	*rr;
	netround_done_cb	 cb;
	void			*arg;
	struct nslist		*list;
	int			 listed;
	size_t			 next;		/* the list's next entry */
	struct child		 child;
	struct event		*step;		/* the next turn's work */
	struct event		*read_ev;
	struct event		*deadline;
	int			 aborting;	/* the signal, or 0 */
	int			 single;	/* no netns setting: the own
						   namespace, unnamed */
	struct timespec		 start;
};

static void	next_turn(struct netround *);

/* ---- the child ---------------------------------------------------- */

/*
 * The loop's signals, as the parent had them, back to their defaults:
 * a signal before the child's own loop takes them must not be written
 * to the parent's libevent (whose socket the child shares).  They stay
 * blocked (as start_child() forked) until that loop has them, so that
 * a stop that comes early ends the check cleanly instead of killing
 * the child.  SIGHUP and SIGUSR1, the daemon's reload and "check now",
 * are ignored: systemctl kill sends them to every process of the unit,
 * and neither must end the check.
 */
static void
child_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGCHLD };
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	/* The daemon's reload and "check now" (evloop.c's table). */
	signal(SIGHUP, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
}


/*
 * What the parent had open, closed, but the result's pipe and the
 * namespace to enter: its loop, its signal socket, watch mode's capture
 * and netlink socket of the namespace it stays in (which keep their
 * opener's privileges).  syslog's socket first (log_forked()).
 */
static void
child_close_inherited(int keep1, int keep2)
{
	int lo = keep1 < keep2 ? keep1 : keep2;
	int hi = keep1 < keep2 ? keep2 : keep1;
	long fd, max;

	log_forked();
	if (lo < 3)		/* -1: nothing to enter (the own one) */
		lo = hi;
	if (hi < 3)		/* never: the loop's descriptors came first */
		lo = hi = 2;
	if ((lo <= 3 || close_range(3, (unsigned)lo - 1, 0) == 0) &&
	    (hi <= lo + 1 || close_range((unsigned)lo + 1, (unsigned)hi - 1,
	    0) == 0) && close_range((unsigned)hi + 1, ~0U, 0) == 0)
		return;
	/* No close_range(2) (before Linux 5.9): one by one. */
	if ((max = sysconf(_SC_OPEN_MAX)) < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		if (fd != keep1 && fd != keep2)
			close((int)fd);
}

/* The result to the parent, whole, then the child's end with code. */
static void __attribute__((noreturn))
child_send(int fd, struct check_result *r, int code)
{
	const char *p = (const char *)r;
	size_t left = sizeof(*r);
	ssize_t n;

	r->repair = NULL;
	while (left > 0) {
		if ((n = write(fd, p, left)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		p += n;
		left -= (size_t)n;
	}
	_exit(code);
}

/* The check's result, its status the exit status. */
static void __attribute__((noreturn))
child_exit(int fd, struct check_result *r)
{
	child_send(fd, r, (int)r->status);
}

static void __attribute__((format(printf, 3, 4), noreturn))
child_fail(int fd, struct check_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->summary, sizeof(r->summary), fmt, ap);
	va_end(ap);
	/* The error is the summary's start (all that fits). */
	memcpy(r->error, r->summary, sizeof(r->error) - 1);
	r->status = STATUS_UNKNOWN;
	child_exit(fd, r);
}

/*
 * libevent cannot go on in the child (no descriptor for its signal
 * socketpair, say): its reason is the check's result, not an exit the
 * parent could only call "without a result".
 */
static int			 fatal_fd = -1;
static struct check_result	*fatal_result;

static void
child_libevent_fatal(const char *msg)
{
	child_fail(fatal_fd, fatal_result, "%s", msg);
}

/*
 * A namespace "all" found with no interface up (lo down, nothing else):
 * nothing can leave it, nor reach lo there; skipped, not an UNKNOWN
 * that would hold every round at UNKNOWN for a sandbox.
 */
static void __attribute__((noreturn))
child_idle(int fd, struct check_result *r)
{
	snprintf(r->summary, sizeof(r->summary), "no interface is up in it "
	    "(lo down, nothing else): nothing can be sent");
	r->status = STATUS_OK;
	child_send(fd, r, CHILD_EXIT_IDLE);
}

/* The check, in the namespace entered, on a loop of the child's own. */
static void __attribute__((noreturn))
child_check(struct netround *nr, int fd, struct check_result *r,
    const struct netns_id *id)
{
	static struct options opt;
	char err[256];

	/* Each namespace's evidence a file of its own: PATH.INODE. */
	opt = *nr->opt;
	if (opt.pcap_file[0] != '\0' && id->inode != 0 &&
	    nr->list != NULL && nslist_get(nr->list, 0)->inode != id->inode &&
	    (size_t)snprintf(opt.pcap_file, sizeof(opt.pcap_file), "%s.%lu",
	    nr->opt->pcap_file, id->inode) >= sizeof(opt.pcap_file))
		child_fail(fd, r, "pcap: %s: the path is too long",
		    nr->opt->pcap_file);
	/* The signals held back since the fork arrive once its loop has
	 * them (checkalone.c). */
	if (check_alone(RUN_CHILD, &opt, nr->check_flags, r, err,
	    sizeof(err)) == -1)
		child_fail(fd, r, "%s", err);
	if (!nr->single)
		r->netns = *id;
	child_exit(fd, r);
}

/*
 * The child: into the namespace (nsfd -1: stay, the own one), its
 * owner named while it may still look at every process, then down to
 * the check's privileges, then the check.
 */
static void __attribute__((noreturn))
child_main(struct netround *nr, const struct nslist_entry *e, int nsfd,
    int pid, int fd, pid_t parent)
{
	static struct check_result r;
	struct netns_id id;
	struct stat st;
	char err[256];

	child_signals();
	child_close_inherited(fd, nsfd);
	/* The parent gone (killed), the check ends and its route goes. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != parent)
		_exit(STATUS_UNKNOWN);
	memset(&r, 0, sizeof(r));
	r.prediction_agrees = -1;
	/* What it was to check, as entry_unchecked() keeps it: a child that
	 * fails before its check (no descriptor for its loop) keeps the
	 * metrics' group label; check_new() sets it again. */
	r.group = nr->opt->group;
	snprintf(r.loopback, sizeof(r.loopback), "%s", nr->opt->loopback);
	fatal_fd = fd;
	fatal_result = &r;
	evloop_init(child_libevent_fatal);
	memset(&id, 0, sizeof(id));
	snprintf(id.name, sizeof(id.name), "%s", e->name);
	id.inode = e->inode;
	if (!nr->single)
		r.netns = id;
	if (nsfd != -1) {
		/* The namespace entered, which a name may have come to mean
		 * since the listing (a list's name not there then). */
		if (fstat(nsfd, &st) == 0)
			id.inode = (unsigned long)st.st_ino;
		if (setns(nsfd, CLONE_NEWNET) == -1)
			child_fail(fd, &r, "netns %s: cannot enter it: %s",
			    id.name, strerror(errno));
		close(nsfd);
		netns_owner(id.inode, pid, id.owner, sizeof(id.owner));
		r.netns = id;
		if (e->discovered && netns_any_up() == 0)
			child_idle(fd, &r);
	}
	if (privs_drop_netns(err, sizeof(err)) == -1)
		child_fail(fd, &r, "%s", err);
	child_check(nr, fd, &r, &id);
}

/* ---- the parent ----------------------------------------------------- */

/* " in netns NAME" for the messages of a round; "" for a single check. */
static const char *
in_netns(const struct netround *nr, const char *name, char *buf, size_t len)
{
	if (nr->single)
		return "";
	snprintf(buf, len, " in netns %s", name);
	return buf;
}

static void
entry_unchecked(const struct netround *nr, struct ns_entry *en,
    enum ns_state state, const struct nslist_entry *e, const char *why)
{
	struct timespec now;

	memset(en, 0, sizeof(*en));
	en->state = state;
	/* What it was to check: the metrics' group label stays put. */
	en->r.group = nr->opt->group;
	snprintf(en->r.loopback, sizeof(en->r.loopback), "%s",
	    nr->opt->loopback);
	en->r.status = STATUS_UNKNOWN;
	en->r.prediction_agrees = -1;
	snprintf(en->r.summary, sizeof(en->r.summary), "%s", why);
	memcpy(en->r.error, en->r.summary, sizeof(en->r.error) - 1);
	snprintf(en->r.netns.name, sizeof(en->r.netns.name), "%s", e->name);
	en->r.netns.inode = e->inode;
	clock_gettime(CLOCK_REALTIME, &now);
	en->r.finished_at = (double)now.tv_sec + now.tv_nsec / 1e9;
}

/*
 * An fd on entry e's namespace, or -1 with the entry filled: a
 * namespace "all" found that is gone now (or is another one by the
 * same name) was skipped; one the setting names is an UNKNOWN.
 */
static int
open_entry(const struct netround *nr, const struct nslist_entry *e,
    struct ns_entry *en, int *pid)
{
	char err[512], why[768];
	struct stat st;
	int fd, gone;

	*pid = 0;
	if (e->spec[0] == '\0')
		return -1;
	if ((fd = netns_open(e->spec, pid, err, sizeof(err))) == -1) {
		/*
		 * Gone (no file, no process) is a namespace that ended; not
		 * to be opened (a capability, descriptors) is a check that
		 * could not run, never to be passed over as "vanished".
		 */
		gone = e->discovered && (errno == ENOENT || errno == ESRCH);
		/* "--netns NAME: ...": here it is the setting's, netns. */
		snprintf(why, sizeof(why), "%s%s", gone ?
		    "vanished before its turn: " : "", err +
		    (strncmp(err, "--", 2) == 0 ? 2 : 0));
		entry_unchecked(nr, en, gone ? NS_VANISHED : NS_FAILED, e,
		    why);
		return -1;
	}
	if (e->discovered && (fstat(fd, &st) == -1 ||
	    (unsigned long)st.st_ino != e->inode)) {
		entry_unchecked(nr, en, NS_VANISHED, e, "vanished before its "
		    "turn: the name is another namespace's now");
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Children given up on: still there 5 s after SIGKILL (stuck in the
 * kernel), or running when their round is freed.  Reaped when they end;
 * the round goes on without them.  Past the table's size they are left
 * to the daemon's own end.
 */
#define ABANDONED_MAX	16
static pid_t abandoned[ABANDONED_MAX];

static void
abandon(pid_t pid)
{
	size_t i;

	for (i = 0; i < ABANDONED_MAX; i++)
		if (abandoned[i] == 0) {
			abandoned[i] = pid;
			return;
		}
}

static void
reap_abandoned(void)
{
	size_t i;

	for (i = 0; i < ABANDONED_MAX; i++)
		if (abandoned[i] != 0 &&
		    waitpid(abandoned[i], NULL, WNOHANG) != 0)
			abandoned[i] = 0;	/* reaped, or not ours */
}

static void	child_finish(struct netround *);

/* The child does not end even when killed: its entry ends without it. */
static void
child_give_up(struct netround *nr)
{
	struct child *c = &nr->child;

	log_warnx("%sthe check's process %ld does not end; going on without "
	    "it", nr->single ? "" : "round: ", (long)c->pid);
	abandon(c->pid);
	if (c->fd != -1) {
		event_del(nr->read_ev);
		close(c->fd);
		c->fd = -1;
	}
	c->got = 0;		/* whatever came is not a result */
	c->eof = c->reaped = 1;
	child_finish(nr);
}

static void
on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct netround *nr = arg;
	struct child *c = &nr->child;
	struct timeval tv = { CHILD_KILL_S, 0 };
	char where[NETNS_NAME_MAX + 16];

	(void)fd;
	(void)what;
	if (c->pid == 0 || c->reaped)
		return;
	if (c->killed == SIGKILL) {
		child_give_up(nr);
		return;
	}
	c->killed = c->killed == 0 ? SIGTERM : SIGKILL;
	log_warnx("%sthe check%s is taking too long; sending %s",
	    nr->single ? "" : "round: ", in_netns(nr, c->entry->r.netns.name,
	    where, sizeof(where)), c->killed == SIGTERM ? "SIGTERM" :
	    "SIGKILL");
	kill(c->pid, c->killed);
	evtimer_add(nr->deadline, &tv);
}

/* Why a child that sent no whole result ended as it did. */
static void
child_lost(struct netround *nr, const struct child *c, char *why,
    size_t len)
{
	char where[NETNS_NAME_MAX + 16];
	const char *w;

	w = in_netns(nr, c->entry->r.netns.name, where, sizeof(where));
	if (c->killed != 0)
		snprintf(why, len, "the check%s took longer than %u s and was "
		    "stopped", w, nr->opt->timeout_s + CHILD_GRACE_S);
	else if (WIFSIGNALED(c->status))
		snprintf(why, len, "the check%s was killed by signal %d (%s)",
		    w, WTERMSIG(c->status), strsignal(WTERMSIG(c->status)));
	else
		snprintf(why, len, "the check%s ended (exit %d) without a "
		    "result", w, WIFEXITED(c->status) ?
		    WEXITSTATUS(c->status) : -1);
}

/* An entry whose check could not run or ended without a result. */
static void
entry_failed(struct netround *nr, struct ns_entry *en,
    const struct nslist_entry *e, const char *why)
{
	entry_unchecked(nr, en, NS_FAILED, e, why);
	if (nr->single)
		memset(&en->r.netns, 0, sizeof(en->r.netns));
}

/* The child found nothing up in its namespace (child_idle()). */
static int
idle(const struct child *c)
{
	return c->killed == 0 && WIFEXITED(c->status) &&
	    WEXITSTATUS(c->status) == CHILD_EXIT_IDLE;
}

/* The result read in full and the child reaped: the entry is done. */
static void
child_finish(struct netround *nr)
{
	struct child *c = &nr->child;
	struct ns_entry *en = c->entry;
	struct nslist_entry e;
	char why[512];

	if (!c->eof || !c->reaped)
		return;
	evtimer_del(nr->deadline);
	if (c->got == sizeof(en->r) && !c->overlong) {
		en->state = idle(c) ? NS_VANISHED : NS_CHECKED;
		result_clamp(&en->r);	/* it came through a pipe */
	} else {
		child_lost(nr, c, why, sizeof(why));
		memset(&e, 0, sizeof(e));
		snprintf(e.name, sizeof(e.name), "%s", en->r.netns.name);
		e.inode = en->r.netns.inode;
		entry_failed(nr, en, &e, why);
	}
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	next_turn(nr);
}

static void
try_reap(struct child *c)
{
	if (c->pid != 0 && !c->reaped &&
	    waitpid(c->pid, &c->status, WNOHANG) == c->pid)
		c->reaped = 1;
}

static void
on_child_read(evutil_socket_t fd, short what, void *arg)
{
	struct netround *nr = arg;
	struct child *c = &nr->child;
	char scratch[512];
	ssize_t n;

	(void)what;
	for (;;) {
		if (c->got < sizeof(c->entry->r))
			n = read(fd, (char *)&c->entry->r + c->got,
			    sizeof(c->entry->r) - c->got);
		else if ((n = read(fd, scratch, sizeof(scratch))) > 0)
			c->overlong = 1;
		if (n > 0 && c->got < sizeof(c->entry->r)) {
			c->got += (size_t)n;
			continue;
		}
		if (n > 0)
			continue;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		break;		/* the end, or an error: the same to us */
	}
	event_del(nr->read_ev);
	close(c->fd);
	c->fd = -1;
	c->eof = 1;
	try_reap(c);
	child_finish(nr);
}

/* SIGCHLD, from the caller's loop (evloop.c's table). */
void
netround_child_exited(struct netround *nr)
{
	reap_abandoned();
	if (nr == NULL || nr->child.pid == 0)
		return;
	try_reap(&nr->child);
	child_finish(nr);
}

/*
 * The child for entry e, forked with the loop's signals blocked, so
 * that none reaches it before it has put them back to their defaults.
 */
static int
start_child(struct netround *nr, const struct nslist_entry *e,
    struct ns_entry *en, int nsfd, int pid)
{
	struct child *c = &nr->child;
	struct timeval tv = { (time_t)nr->opt->timeout_s + CHILD_GRACE_S, 0 };
	sigset_t all, old;
	pid_t parent = getpid(), child;
	int fds[2], saved;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if ((child = fork()) == 0) {
		close(fds[0]);
		child_main(nr, e, nsfd, pid, fds[1], parent);
	}
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	if (child == -1) {
		close(fds[0]);
		errno = saved;	/* fork()'s, for the entry's reason */
		return -1;
	}
	memset(c, 0, sizeof(*c));
	c->pid = child;
	c->fd = fds[0];
	c->entry = en;
	memset(en, 0, sizeof(*en));
	snprintf(en->r.netns.name, sizeof(en->r.netns.name), "%s", e->name);
	en->r.netns.inode = e->inode;
	if (fcntl(c->fd, F_SETFL, O_NONBLOCK) == -1 ||
	    event_assign(nr->read_ev, nr->base, c->fd, EV_READ | EV_PERSIST,
	    on_child_read, nr) == -1 ||
	    event_add(nr->read_ev, NULL) == -1) {
		/* No result can be read: the child's end is the entry's. */
		log_warn("round: the result's pipe");
		close(c->fd);
		c->fd = -1;
		c->eof = 1;
	}
	evtimer_add(nr->deadline, &tv);
	if (nr->single)
		log_debug("checking in process %ld", (long)child);
	else
		log_debug("round: checking netns %s (inode %lu) in process %ld",
		    e->name, e->inode, (long)child);
	return 0;
}

/* The next namespace's check, or the round's end. */
static void
start_next(struct netround *nr)
{
	const struct nslist_entry *e;
	struct ns_entry *en;
	char why[512], where[NETNS_NAME_MAX + 16];
	int nsfd, pid, saved;

	while (!nr->aborting && nr->next < nslist_count(nr->list)) {
		e = nslist_get(nr->list, nr->next++);
		en = &nr->rr->entries[nr->rr->n++];
		nsfd = open_entry(nr, e, en, &pid);
		if (nsfd == -1 && e->spec[0] != '\0') {
			log_debug("round: netns %s: %s", e->name,
			    en->r.summary);
			continue;
		}
		if (start_child(nr, e, en, nsfd, pid) == 0) {
			if (nsfd != -1)
				close(nsfd);
			return;
		}
		saved = errno;
		snprintf(why, sizeof(why), "cannot start the check%s: %s",
		    in_netns(nr, e->name, where, sizeof(where)),
		    strerror(saved));
		if (nsfd != -1)
			close(nsfd);
		entry_failed(nr, en, e, why);
	}
	nr->rr->over_limit = nslist_over_limit(nr->list);
	round_result_finish(nr->rr);
	{
		struct timespec now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		nr->rr->duration_ms = (double)(now.tv_sec - nr->start.tv_sec) *
		    1e3 + (double)(now.tv_nsec - nr->start.tv_nsec) / 1e6;
		clock_gettime(CLOCK_REALTIME, &now);
		nr->rr->finished_at = (double)now.tv_sec + now.tv_nsec / 1e9;
	}
	nr->cb(nr->arg, nr->rr);
}

/* The listing, a step a turn, then each namespace in turn. */
static void
on_step(evutil_socket_t fd, short what, void *arg)
{
	struct netround *nr = arg;

	(void)fd;
	(void)what;
	if (!nr->listed && !nr->aborting) {
		nr->listed = nslist_step(nr->list);
		if (!nr->listed) {
			next_turn(nr);
			return;
		}
	}
	start_next(nr);
}

/* on_step at the loop's next turn, after whatever else is waiting. */
static void
next_turn(struct netround *nr)
{
	struct timeval now = { 0, 0 };

	evtimer_add(nr->step, &now);
}

struct netround *
netround_new(struct event_base *base, const struct options *opt,
    int check_flags, struct round_result *rr, netround_done_cb cb,
    void *arg)
{
	struct netround *nr;

	if ((nr = calloc(1, sizeof(*nr))) == NULL)
		return NULL;
	nr->base = base;
	nr->opt = opt;
	nr->check_flags = check_flags;
	nr->rr = rr;
	nr->cb = cb;
	nr->arg = arg;
	nr->single = opt->netns_list[0] == '\0';
	nr->child.fd = -1;
	if ((nr->list = nslist_new(opt->netns_list, NETROUND_MAX)) == NULL ||
	    (nr->step = evtimer_new(base, on_step, nr)) == NULL ||
	    (nr->deadline = evtimer_new(base, on_deadline, nr)) == NULL ||
	    (nr->read_ev = event_new(base, -1, 0, on_child_read,
	    nr)) == NULL) {
		netround_free(nr);
		return NULL;
	}
	return nr;
}

void
netround_run(struct netround *nr)
{
	/* Not entries[]: memset() would make all 64 resident. */
	memset(nr->rr, 0, offsetof(struct round_result, entries));
	snprintf(nr->rr->spec, sizeof(nr->rr->spec), "%s",
	    nr->opt->netns_list);
	clock_gettime(CLOCK_MONOTONIC, &nr->start);
	next_turn(nr);
}

/* The round ends after the check running now, which SIG ends too. */
void
netround_abort(struct netround *nr, int sig)
{
	nr->aborting = sig;
	/* SIGTERM whatever ended the round: the child ignores SIGHUP. */
	if (nr->child.pid != 0 && !nr->child.reaped)
		kill(nr->child.pid, SIGTERM);
}

/* A child still running is told to end (a run's end, or a fatal one):
 * never waited for here. */
void
netround_free(struct netround *nr)
{
	if (nr == NULL)
		return;
	/* Its check ends and removes its route; reaped if there is time. */
	if (nr->child.pid != 0 && !nr->child.reaped) {
		kill(nr->child.pid, SIGTERM);
		abandon(nr->child.pid);
	}
	if (nr->child.fd != -1)
		close(nr->child.fd);
	if (nr->step != NULL)
		event_free(nr->step);
	if (nr->deadline != NULL)
		event_free(nr->deadline);
	if (nr->read_ev != NULL)
		event_free(nr->read_ev);
	nslist_free(nr->list);
	free(nr);
}
