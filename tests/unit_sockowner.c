/* SPDX-License-Identifier: ISC */
/*
 * sockowners_scan() against a fake /proc built in a temporary
 * directory: fds that are sockets, dups, other links, a socket shared
 * by more processes than are kept, a process whose fds cannot be read,
 * processes that exit in the middle of being looked at, and hidepid.
 * Run as root, it first becomes nobody, for whom permissions hold.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sockowner.h"
#include "unit.h"

static char root[PATH_MAX];	/* the temporary directory */
static char proc[PATH_MAX];	/* the fake /proc in it */

static void
fatal(const char *what)
{
	fprintf(stderr, "unit_sockowner: %s: %s\n", what, strerror(errno));
	exit(99);
}

static const char *
path(const char *fmt, ...)
{
	static char buf[PATH_MAX];
	char rel[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", proc, rel) >=
	    sizeof(buf))
		fatal("path too long");
	return buf;
}

static void
make_dir(const char *p)
{
	if (mkdir(p, 0755) == -1 && errno != EEXIST)
		fatal(p);
}

static void
write_file(const char *p, const char *text)
{
	FILE *f;

	if ((f = fopen(p, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF)
		fatal(p);
}

static void
link_fd(pid_t pid, int fd, const char *target)
{
	make_dir(path("%d/fd", (int)pid));
	if (symlink(target, path("%d/fd/%d", (int)pid, fd)) == -1)
		fatal("symlink");
}

/* A process with its comm and a status whose real uid is uid. */
static void
make_process(pid_t pid, const char *comm, unsigned uid)
{
	char text[512];

	make_dir(path("%d", (int)pid));
	snprintf(text, sizeof(text), "%s\n", comm);
	write_file(path("%d/comm", (int)pid), text);
	snprintf(text, sizeof(text), "Name:\t%s\nUmask:\t0022\n"
	    "State:\tS (sleeping)\nTgid:\t%d\nPid:\t%d\nPPid:\t1\n"
	    "Uid:\t%u\t%u\t%u\t%u\nGid:\t0\t0\t0\t0\n", comm, (int)pid,
	    (int)pid, uid, uid + 1, uid + 2, uid + 3);
	write_file(path("%d/status", (int)pid), text);
}

static void
build_tree(void)
{
	pid_t pid;

	make_process(100, "app one", 1000);
	link_fd(100, 0, "/dev/null");
	link_fd(100, 3, "socket:[1000]");
	link_fd(100, 4, "socket:[1000]");	/* a dup() */
	link_fd(100, 5, "socket:[1001]");
	link_fd(100, 6, "pipe:[1002]");		/* a number, not a socket */
	link_fd(100, 7, "socket:[1003");
	link_fd(100, 8, "socket:[99999999999]");
	link_fd(100, 9, "socket:[]");
	for (pid = 200; pid <= 204; pid++) {	/* forked, all sharing 2000 */
		make_process(pid, "forked", 0);
		link_fd(pid, 3, "socket:[2000]");
	}
	link_fd(200, 7, "socket:[1000]");
	/* Exited after the listing: no fd directory. */
	make_dir(path("400"));
	/* Exited after its fds were read: no comm, no status. */
	make_dir(path("500"));
	link_fd(500, 3, "socket:[1001]");
	/* Not processes, though they look a little like them. */
	make_dir(path("self"));
	make_dir(path("net"));
	make_dir(path("net/fd"));
	if (symlink("socket:[3000]", path("net/fd/3")) == -1)
		fatal("symlink");
	make_dir(path("0123"));
	make_dir(path("0123/fd"));
	if (symlink("socket:[3000]", path("0123/fd/3")) == -1)
		fatal("symlink");
	write_file(path("uptime"), "1.00 2.00\n");
}

static int
has_pid(const struct sockowner_list *l, pid_t pid)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (l->owner[i].pid == pid)
			return 1;
	return 0;
}

static struct sockowners *
scan(const uint32_t *inodes, size_t n)
{
	struct sockowners *so;
	char err[256];
	size_t i;

	if ((so = sockowners_new()) == NULL)
		fatal("sockowners_new");
	for (i = 0; i < n; i++)
		CHECK(sockowners_want(so, inodes[i]) == 0);
	err[0] = '\0';
	CHECK(sockowners_scan(so, proc, err, sizeof(err)) == 0);
	CHECK(err[0] == '\0');
	return so;
}

static const uint32_t wanted[] = { 2000, 1000, 1001, 1002, 1003, 3000, 1000 };

static void
test_all_readable(void)
{
	struct sockowners *so = scan(wanted, sizeof(wanted) / sizeof(*wanted));
	struct sockowner_stats st = sockowners_stats(so);
	struct sockowner_list l;
	unsigned i;

	CHECK(st.processes == 8 && st.unreadable == 0 && st.gone == 2);
	CHECK(!st.hidepid);

	sockowners_get(so, 1000, &l);
	CHECK(l.state == SOCKOWNER_FOUND && l.total == 2 && l.n == 2);
	CHECK(!l.maybe_more);
	CHECK(has_pid(&l, 100) && has_pid(&l, 200));
	for (i = 0; i < l.n; i++) {
		if (l.owner[i].pid == 100) {
			CHECK(strcmp(l.owner[i].comm, "app one") == 0);
			CHECK(l.owner[i].uid == 1000);	/* real, not 1001 */
		} else
			CHECK(strcmp(l.owner[i].comm, "forked") == 0 &&
			    l.owner[i].uid == 0);
	}

	sockowners_get(so, 1001, &l);		/* 500 had gone */
	CHECK(l.state == SOCKOWNER_FOUND && l.total == 1 && l.n == 1);
	CHECK(l.owner[0].pid == 100);

	sockowners_get(so, 2000, &l);
	CHECK(l.state == SOCKOWNER_FOUND && l.total == 5);
	CHECK(l.n == SOCKOWNER_MAX);
	for (i = 0; i < l.n; i++)
		CHECK(l.owner[i].pid >= 200 && l.owner[i].pid <= 204);
	CHECK(l.owner[0].pid != l.owner[1].pid &&
	    l.owner[2].pid != l.owner[3].pid);

	sockowners_get(so, 1002, &l);		/* a pipe of that number */
	CHECK(l.state == SOCKOWNER_NONE && l.total == 0 && l.n == 0);
	sockowners_get(so, 1003, &l);		/* a malformed link */
	CHECK(l.state == SOCKOWNER_NONE);
	sockowners_get(so, 3000, &l);		/* only in non-pid dirs */
	CHECK(l.state == SOCKOWNER_NONE);
	sockowners_get(so, 4242, &l);		/* never wanted */
	CHECK(l.state == SOCKOWNER_UNKNOWN && l.n == 0);
	sockowners_free(so);
}

/*
 * The same scan a fd at a time (sockowners_scan_step(), as watch mode
 * does it between turns of its loop) finds the same owners; one left
 * half done is freed whole.
 */
static void
test_steps(void)
{
	struct sockowners *so;
	struct sockowner_stats st;
	struct sockowner_list l;
	char err[256];
	size_t i, steps = 0;
	int rc;

	if ((so = sockowners_new()) == NULL)
		fatal("sockowners_new");
	for (i = 0; i < sizeof(wanted) / sizeof(*wanted); i++)
		CHECK(sockowners_want(so, wanted[i]) == 0);
	err[0] = '\0';
	CHECK(sockowners_scan_start(so, proc, err, sizeof(err)) == 0);
	sockowners_get(so, 1000, &l);		/* not done yet */
	CHECK(l.state == SOCKOWNER_UNKNOWN);
	while ((rc = sockowners_scan_step(so, 1, err, sizeof(err))) == 1)
		steps++;
	CHECK(rc == 0 && err[0] == '\0');
	CHECK(steps > 20);			/* the fds and the processes */
	st = sockowners_stats(so);
	CHECK(st.processes == 8 && st.unreadable == 0 && st.gone == 2);
	sockowners_get(so, 1000, &l);
	CHECK(l.state == SOCKOWNER_FOUND && l.total == 2 && l.n == 2);
	CHECK(has_pid(&l, 100) && has_pid(&l, 200));
	sockowners_get(so, 2000, &l);
	CHECK(l.state == SOCKOWNER_FOUND && l.total == 5);
	sockowners_get(so, 1002, &l);
	CHECK(l.state == SOCKOWNER_NONE);
	/* Done: no more steps. */
	CHECK(sockowners_scan_step(so, 1, err, sizeof(err)) == -1);

	/* Begun again, left half way: nothing leaks (ASan). */
	CHECK(sockowners_scan_start(so, proc, err, sizeof(err)) == 0);
	for (i = 0; i < 5; i++)
		CHECK(sockowners_scan_step(so, 1, err, sizeof(err)) == 1);
	sockowners_free(so);
}

/* A process whose fd directory cannot be read: owners may be hidden. */
static void
test_unreadable(void)
{
	struct sockowners *so;
	struct sockowner_stats st;
	struct sockowner_list l;

	make_process(300, "secret", 0);
	link_fd(300, 3, "socket:[3000]");
	if (chmod(path("300/fd"), 0) == -1)
		fatal("chmod");
	if (access(path("300/fd"), R_OK) == 0) {
		/* Only with CAP_DAC_OVERRIDE, which this test dropped. */
		fprintf(stderr, "unit_sockowner: 300/fd is still readable\n");
		CHECK(0);
	}
	so = scan(wanted, sizeof(wanted) / sizeof(*wanted));
	st = sockowners_stats(so);
	CHECK(st.processes == 9 && st.unreadable == 1 && st.gone == 2);

	sockowners_get(so, 3000, &l);		/* it is 300's, unseen */
	CHECK(l.state == SOCKOWNER_UNKNOWN && l.total == 0 && l.maybe_more);
	sockowners_get(so, 1002, &l);
	CHECK(l.state == SOCKOWNER_UNKNOWN);
	sockowners_get(so, 1000, &l);		/* found, maybe not all */
	CHECK(l.state == SOCKOWNER_FOUND && l.total == 2 && l.maybe_more);
	sockowners_free(so);
	if (chmod(path("300/fd"), 0755) == -1)
		fatal("chmod");
}

static void
write_mountinfo(const char *opts)
{
	char real[PATH_MAX], text[4 * PATH_MAX];

	if (realpath(proc, real) == NULL)
		fatal("realpath");
	if ((size_t)snprintf(text, sizeof(text),
	    "22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw\n"
	    "23 1 0:22 / %s rw,nosuid shared:12 - proc proc rw\n"
	    "24 23 0:23 / %s/sys/fs/binfmt_misc rw - autofs systemd-1 rw\n"
	    "25 1 0:22 / %s rw,nosuid shared:13 - proc proc %s\n",
	    real, real, real, opts) >= sizeof(text))
		fatal("mountinfo too long");
	write_file(path("self/mountinfo"), text);
}

/* hidepid=invisible leaves processes out: an owner not found is unknown. */
static void
test_hidepid(void)
{
	static const struct {
		const char	*opts;
		int		 hides;
	} cases[] = {
		{ "rw,hidepid=invisible", 1 },
		{ "rw,hidepid=ptraceable,subset=pid", 1 },
		{ "rw,gid=4,hidepid=2", 1 },
		{ "rw,hidepid=noaccess", 0 },	/* listed, fds unreadable */
		{ "rw,hidepid=off", 0 },
		{ "rw", 0 },
	};
	struct sockowners *so;
	struct sockowner_list l;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		write_mountinfo(cases[i].opts);
		so = scan(wanted, sizeof(wanted) / sizeof(*wanted));
		CHECK(sockowners_stats(so).hidepid == cases[i].hides);
		sockowners_get(so, 3000, &l);	/* 300 is readable now */
		CHECK(l.state == SOCKOWNER_FOUND && l.owner[0].pid == 300);
		CHECK(l.maybe_more == cases[i].hides);
		sockowners_get(so, 1002, &l);
		CHECK(l.state == (cases[i].hides ? SOCKOWNER_UNKNOWN :
		    SOCKOWNER_NONE));
		sockowners_free(so);
	}
	unlink(path("self/mountinfo"));
}

static void
test_errors(void)
{
	struct sockowners *so;
	struct sockowner_list l;
	char err[256], missing[PATH_MAX + 16];

	if ((so = sockowners_new()) == NULL)
		fatal("sockowners_new");
	CHECK(sockowners_want(so, 1000) == 0);
	sockowners_get(so, 1000, &l);		/* not scanned yet */
	CHECK(l.state == SOCKOWNER_UNKNOWN);
	snprintf(missing, sizeof(missing), "%s/nowhere", root);
	CHECK(sockowners_scan(so, missing, err, sizeof(err)) == -1);
	CHECK_STR_HAS(err, "sockowner: ");
	CHECK_STR_HAS(err, "/nowhere: No such file or directory");
	CHECK(strchr(err, '\n') == NULL);
	sockowners_get(so, 1000, &l);
	CHECK(l.state == SOCKOWNER_UNKNOWN);
	sockowners_free(so);

	/* Nothing wanted: a scan still works, and finds nothing. */
	so = scan(NULL, 0);
	sockowners_get(so, 1000, &l);
	CHECK(l.state == SOCKOWNER_UNKNOWN);
	sockowners_free(so);
}

/* Permissions only hold for a process without CAP_DAC_OVERRIDE. */
static void
become_nobody(void)
{
	if (geteuid() != 0)
		return;
	if (setgroups(0, NULL) == -1 || setresgid(65534, 65534, 65534) == -1 ||
	    setresuid(65534, 65534, 65534) == -1)
		fatal("cannot become nobody");
}

static int
remove_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

int
main(void)
{
	const char *tmpdir = getenv("TMPDIR");

	become_nobody();
	snprintf(root, sizeof(root), "%s/unit_sockowner.XXXXXX",
	    tmpdir != NULL && tmpdir[0] != '\0' ? tmpdir : "/tmp");
	if (mkdtemp(root) == NULL)
		fatal(root);
	if ((size_t)snprintf(proc, sizeof(proc), "%s/proc", root) >=
	    sizeof(proc))
		fatal("TMPDIR too long");
	make_dir(proc);
	build_tree();

	test_all_readable();
	test_steps();
	test_unreadable();
	test_hidepid();
	test_errors();

	chmod(path("300/fd"), 0755);
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return unit_done("unit_sockowner");
}
