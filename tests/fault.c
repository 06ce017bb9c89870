/* SPDX-License-Identifier: ISC */
/*
 * A fault injector for the namespace tests, loaded with LD_PRELOAD into
 * the real binary (or sockls): it makes one library call fail the way
 * the kernel or libpcap can, so each failure path is tried for real.
 *
 *   MCV_FAULT=pcap:IFNAME   pcap_activate() on IFNAME fails (permission)
 *   MCV_FAULT=datalink      pcap_set_datalink() fails (an old libpcap)
 *   MCV_FAULT=route-add     rtnetlink refuses to add a route (ENOBUFS)
 *   MCV_FAULT=route-del     rtnetlink refuses to delete a route (EBUSY)
 *   MCV_FAULT=dump          rtnetlink route dumps fail (ENOBUFS)
 *   MCV_FAULT=sockdiag-open the NETLINK_SOCK_DIAG socket cannot be
 *                           opened (EPERM, as a seccomp or LSM policy
 *                           may say)
 *   MCV_FAULT=sockdiag-error the kernel refuses a sock_diag dump with
 *                           NLMSG_ERROR (EINVAL, as for a request it
 *                           does not know)
 *   MCV_FAULT=sockdiag-done a sock_diag dump ends at once with an
 *                           NLMSG_DONE that carries -ENOENT (a kernel
 *                           without udp_diag)
 *   MCV_FAULT=before-probes the shell command in MCV_FAULT_CMD runs once
 *                           the capture is set up, after the route is
 *                           added and before any probe is sent
 *   MCV_FAULT=dispatch      pcap_dispatch() fails (PCAP_ERROR, with an
 *                           error text) on its first call after a probe
 *                           went out, without reading anything: the
 *                           capture dies mid-check, before it can have
 *                           seen any probe, so no leak can win over the
 *                           failure and the verdict is UNKNOWN
 *   MCV_FAULT=event-base    libevent cannot create its event loop
 *                           (event_base_new_with_config() fails, as it
 *                           does out of memory: ENOMEM)
 *   MCV_FAULT=pipe          pipe2() fails (EMFILE: out of descriptors)
 *   MCV_FAULT=fork          fork() fails (ENOMEM: no memory for the copy)
 *   MCV_FAULT=kill-before-rename the process is SIGKILLed when it is about
 *                           to rename a temporary file (".name.XXXXXXXX",
 *                           atomicfile.c) into place: a write cut short,
 *                           its temporary file left behind
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

static pcap_t *faulty_pcap;
static int probe_sent;	/* a datagram with a probe's payload went out */
/*
 * The sock_diag socket, known from its opening: SOCK_DIAG_BY_FAMILY is
 * 20, as RTM_NEWADDR is, so the type alone does not say which bus a
 * request is for.
 */
static const struct mnl_socket *sockdiag_nl;
static unsigned sockdiag_seq;	/* the dump whose answer is made up */
static int sockdiag_pending;

static int
fault_is(const char *what)
{
	const char *f = getenv("MCV_FAULT");

	return f != NULL && strcmp(f, what) == 0;
}

pcap_t *
pcap_create(const char *source, char *errbuf)
{
	pcap_t *(*real)(const char *, char *) =
	    (pcap_t *(*)(const char *, char *))dlsym(RTLD_NEXT, "pcap_create");
	const char *f = getenv("MCV_FAULT");
	pcap_t *p = real(source, errbuf);

	if (p != NULL && source != NULL && f != NULL &&
	    strncmp(f, "pcap:", 5) == 0 && strcmp(f + 5, source) == 0)
		faulty_pcap = p;
	return p;
}

int
pcap_activate(pcap_t *p)
{
	int (*real)(pcap_t *) =
	    (int (*)(pcap_t *))dlsym(RTLD_NEXT, "pcap_activate");

	if (p == faulty_pcap)
		return PCAP_ERROR_PERM_DENIED;
	return real(p);
}

int
pcap_set_datalink(pcap_t *p, int dlt)
{
	int (*real)(pcap_t *, int) =
	    (int (*)(pcap_t *, int))dlsym(RTLD_NEXT, "pcap_set_datalink");

	if (fault_is("datalink"))
		return PCAP_ERROR;
	return real(p, dlt);
}

/* The last call of the capture's setup, so the route is in place. */
int
pcap_get_selectable_fd(pcap_t *p)
{
	int (*real)(pcap_t *) =
	    (int (*)(pcap_t *))dlsym(RTLD_NEXT, "pcap_get_selectable_fd");
	const char *cmd = getenv("MCV_FAULT_CMD");

	if (fault_is("before-probes") && cmd != NULL && system(cmd) != 0)
		return -1;
	return real(p);
}

ssize_t
mnl_socket_sendto(const struct mnl_socket *nl, const void *req, size_t siz)
{
	ssize_t (*real)(const struct mnl_socket *, const void *, size_t) =
	    (ssize_t (*)(const struct mnl_socket *, const void *, size_t))
	    dlsym(RTLD_NEXT, "mnl_socket_sendto");
	const struct nlmsghdr *nlh = req;

	if ((nlh->nlmsg_type == RTM_NEWROUTE && fault_is("route-add")) ||
	    (nlh->nlmsg_type == RTM_GETROUTE &&
	    (nlh->nlmsg_flags & NLM_F_DUMP) && fault_is("dump"))) {
		errno = ENOBUFS;
		return -1;
	}
	if (nlh->nlmsg_type == RTM_DELROUTE && fault_is("route-del")) {
		errno = EBUSY;
		return -1;
	}
	if (nl == sockdiag_nl && nlh->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
	    (fault_is("sockdiag-error") || fault_is("sockdiag-done"))) {
		sockdiag_seq = nlh->nlmsg_seq;
		sockdiag_pending = 1;
	}
	return real(nl, req, siz);
}

struct mnl_socket *
mnl_socket_open2(int bus, int flags)
{
	struct mnl_socket *(*real)(int, int) =
	    (struct mnl_socket *(*)(int, int))dlsym(RTLD_NEXT,
	    "mnl_socket_open2");

	struct mnl_socket *nl;

	if (bus == NETLINK_SOCK_DIAG && fault_is("sockdiag-open")) {
		errno = EPERM;
		return NULL;
	}
	nl = real(bus, flags);
	if (bus == NETLINK_SOCK_DIAG)
		sockdiag_nl = nl;
	return nl;
}

/* Instead of the kernel's answer to a sock_diag dump, the fault's. */
ssize_t
mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf, size_t siz)
{
	ssize_t (*real)(const struct mnl_socket *, void *, size_t) =
	    (ssize_t (*)(const struct mnl_socket *, void *, size_t))
	    dlsym(RTLD_NEXT, "mnl_socket_recvfrom");
	struct nlmsghdr *nlh = buf;
	struct nlmsgerr *e;
	int *done;

	if (!sockdiag_pending || nl != sockdiag_nl ||
	    siz < NLMSG_LENGTH(sizeof(*e)))
		return real(nl, buf, siz);
	sockdiag_pending = 0;
	memset(buf, 0, NLMSG_LENGTH(sizeof(*e)));
	nlh->nlmsg_seq = sockdiag_seq;
	nlh->nlmsg_pid = mnl_socket_get_portid(nl);
	if (fault_is("sockdiag-error")) {
		nlh->nlmsg_type = NLMSG_ERROR;
		nlh->nlmsg_len = NLMSG_LENGTH(sizeof(*e));
		e = NLMSG_DATA(nlh);
		e->error = -EINVAL;
	} else {
		nlh->nlmsg_type = NLMSG_DONE;
		nlh->nlmsg_flags = NLM_F_MULTI;
		nlh->nlmsg_len = NLMSG_LENGTH(sizeof(*done));
		done = NLMSG_DATA(nlh);
		*done = -ENOENT;
	}
	return nlh->nlmsg_len;
}

/*
 * A probe's payload is "<method label> <nonce>" (payload.c); every label
 * ends in "()".  Netlink requests through libmnl come here too, and are
 * not probes.
 */
static void
note_probe(const void *buf, size_t len)
{
	const char *p = buf, *sp = memchr(buf, ' ', len < 32 ? len : 32);

	if (sp != NULL && sp - p >= 2 && sp[-2] == '(' && sp[-1] == ')')
		probe_sent = 1;
}

ssize_t
sendto(int fd, const void *buf, size_t len, int flags,
    const struct sockaddr *to, socklen_t tolen)
{
	ssize_t (*real)(int, const void *, size_t, int,
	    const struct sockaddr *, socklen_t) =
	    (ssize_t (*)(int, const void *, size_t, int,
	    const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "sendto");
	ssize_t n = real(fd, buf, len, flags, to, tolen);

	if (n >= 0)
		note_probe(buf, len);
	return n;
}

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	ssize_t (*real)(int, const void *, size_t, int) =
	    (ssize_t (*)(int, const void *, size_t, int))dlsym(RTLD_NEXT,
	    "send");
	ssize_t n = real(fd, buf, len, flags);

	if (n >= 0)
		note_probe(buf, len);
	return n;
}

/* Fails once, like a ring that went away, leaving the frames unread. */
int
pcap_dispatch(pcap_t *p, int cnt, pcap_handler cb, u_char *user)
{
	int (*real)(pcap_t *, int, pcap_handler, u_char *) =
	    (int (*)(pcap_t *, int, pcap_handler, u_char *))dlsym(RTLD_NEXT,
	    "pcap_dispatch");
	static int fired;

	if (fault_is("dispatch") && probe_sent && !fired) {
		fired = 1;
		snprintf(pcap_geterr(p), PCAP_ERRBUF_SIZE,
		    "ring buffer lost (injected: MCV_FAULT=dispatch)");
		return PCAP_ERROR;
	}
	return real(p, cnt, cb, user);
}

int
renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	int (*real)(int, const char *, int, const char *) =
	    (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT,
	    "renameat");

	if (fault_is("kill-before-rename") && oldpath[0] == '.')
		raise(SIGKILL);
	return real(olddirfd, oldpath, newdirfd, newpath);
}

/* libevent's, declared here: the fault library does not link libevent. */
struct event_base;
struct event_config;
struct event_base *event_base_new_with_config(const struct event_config *);

struct event_base *
event_base_new_with_config(const struct event_config *cfg)
{
	struct event_base *(*real)(const struct event_config *) =
	    (struct event_base *(*)(const struct event_config *))dlsym(
	    RTLD_NEXT, "event_base_new_with_config");

	if (fault_is("event-base")) {
		errno = ENOMEM;
		return NULL;
	}
	return real(cfg);
}

int
pipe2(int fds[2], int flags)
{
	int (*real)(int[2], int) = (int (*)(int[2], int))dlsym(RTLD_NEXT,
	    "pipe2");

	if (fault_is("pipe")) {
		errno = EMFILE;
		return -1;
	}
	return real(fds, flags);
}

pid_t
fork(void)
{
	pid_t (*real)(void) = (pid_t (*)(void))dlsym(RTLD_NEXT, "fork");

	if (fault_is("fork")) {
		errno = ENOMEM;
		return -1;
	}
	return real();
}
