/* SPDX-License-Identifier: ISC */
/*
 * sockls: the socket audit's data layer at work, for the tests.  Lists
 * every UDP socket of the network namespace that is connect()ed to a
 * multicast group, one line each, with the processes holding it:
 *
 *   udp4 local=198.51.100.2:40000 group=224.2.0.6:6666 dev=0 mark=0
 *       inode=N uid=0 cookie=C owner=PID:COMM:UID[,...]
 *
 * (on one line).  The first word is udp4, udp6, or udp6-mapped for an
 * AF_INET6 socket sending IPv4 (its addresses are then IPv4 ones); an
 * IPv6 address is in brackets; mark=? when the kernel would not tell
 * (without CAP_NET_ADMIN).  owner= lists up to SOCKOWNER_MAX
 * processes, then ",+N" for N more and ",+unknown" when /proc hid some
 * processes; or it is "unknown" (none found, some hidden) or "none"
 * (none found, none hidden).  A comm's bytes outside ! to ~, and ':',
 * ',' and '\', are written \xHH.  A summary with timings goes to
 * stderr.
 *
 * usage: sockls [-4 | -6] [-P proc_root]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "sockdiag.h"
#include "sockowner.h"

struct found {
	struct sockdiag_sock	*socks;
	size_t			 n;
	size_t			 cap;
	struct sockowners	*owners;
};

static void
usage(void)
{
	fprintf(stderr, "usage: sockls [-4 | -6] [-P proc_root]\n");
	exit(2);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Keeps each socket, and asks for its owners. */
static int
keep(const struct sockdiag_sock *s, void *arg)
{
	struct found *f = arg;
	struct sockdiag_sock *socks;
	size_t cap;

	if (f->n == f->cap) {
		cap = f->cap ? f->cap * 2 : 256;
		if ((socks = reallocarray(f->socks, cap, sizeof(*socks))) ==
		    NULL)
			return 1;
		f->socks = socks;
		f->cap = cap;
	}
	f->socks[f->n++] = *s;
	return sockowners_want(f->owners, s->inode) == -1;
}

static void
print_endpoint(const char *name, const struct addr *a, unsigned port)
{
	char buf[ADDR_STRLEN];

	addr_ntop(a, buf, sizeof(buf));
	if (a->family == AF_INET6)
		printf(" %s=[%s]:%u", name, buf, port);
	else
		printf(" %s=%s:%u", name, buf, port);
}

static void
print_comm(const char *comm)
{
	const unsigned char *p;

	for (p = (const unsigned char *)comm; *p != '\0'; p++) {
		if (*p < '!' || *p > '~' || *p == ':' || *p == ',' ||
		    *p == '\\')
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
}

static void
print_owners(const struct sockowner_list *l)
{
	unsigned i;

	printf(" owner=");
	if (l->state == SOCKOWNER_UNKNOWN) {
		printf("unknown");
		return;
	}
	if (l->state == SOCKOWNER_NONE) {
		printf("none");
		return;
	}
	for (i = 0; i < l->n; i++) {
		printf("%s%ld:", i ? "," : "", (long)l->owner[i].pid);
		print_comm(l->owner[i].comm);
		printf(":%lu", (unsigned long)l->owner[i].uid);
	}
	if (l->total > l->n)
		printf(",+%u", l->total - l->n);
	if (l->maybe_more)
		printf(",+unknown");
}

static void
print_sock(const struct sockdiag_sock *s, const struct sockowners *owners)
{
	struct sockowner_list l;

	printf("%s", s->family == AF_INET ? "udp4" :
	    s->v4mapped ? "udp6-mapped" : "udp6");
	print_endpoint("local", &s->local, s->local_port);
	print_endpoint("group", &s->group, s->group_port);
	printf(" dev=%u", s->ifindex);
	if (s->has_mark)
		printf(" mark=%lu", (unsigned long)s->mark);
	else
		printf(" mark=?");
	printf(" inode=%lu uid=%lu cookie=%llu", (unsigned long)s->inode,
	    (unsigned long)s->uid, (unsigned long long)s->cookie);
	sockowners_get(owners, s->inode, &l);
	print_owners(&l);
	putchar('\n');
}

int
main(int argc, char **argv)
{
	struct found f = { NULL, 0, 0, NULL };
	struct sockowner_stats st;
	struct rusage ru;
	const char *proc_root = "/proc";
	char err[256];
	double t0, t1, t2;
	int ch, family = AF_UNSPEC, rc;
	size_t i;

	while ((ch = getopt(argc, argv, "46P:")) != -1) {
		switch (ch) {
		case '4': family = AF_INET; break;
		case '6': family = AF_INET6; break;
		case 'P': proc_root = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if ((f.owners = sockowners_new()) == NULL) {
		perror("sockls");
		return 1;
	}
	t0 = now_ms();
	rc = sockdiag_udp_groups(family, keep, &f, err, sizeof(err));
	if (rc > 0)
		snprintf(err, sizeof(err), "out of memory");
	t1 = now_ms();
	if (rc == 0)
		rc = sockowners_scan(f.owners, proc_root, err, sizeof(err));
	t2 = now_ms();
	if (rc != 0) {
		fprintf(stderr, "sockls: %s\n", err);
		free(f.socks);
		sockowners_free(f.owners);
		return 1;
	}
	for (i = 0; i < f.n; i++)
		print_sock(&f.socks[i], f.owners);
	st = sockowners_stats(f.owners);
	getrusage(RUSAGE_SELF, &ru);
	fprintf(stderr, "sockls: %zu sockets; %u processes, %u unreadable, "
	    "%u exited meanwhile%s; sock_diag %.1f ms, /proc %.1f ms; "
	    "max RSS %ld kB\n", f.n, st.processes, st.unreadable, st.gone,
	    st.hidepid ? ", hidepid hides some" : "", t1 - t0, t2 - t1,
	    ru.ru_maxrss);
	free(f.socks);
	sockowners_free(f.owners);
	return fflush(stdout) == 0 ? 0 : 1;
}
