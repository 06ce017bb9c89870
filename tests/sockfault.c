/*
 * A fault injector for tests/ns-sockaudit.sh, loaded with LD_PRELOAD
 * into sockls: it makes sock_diag fail the ways the kernel can, so the
 * audit's error paths are tried through the real library.
 *
 *   MCV_SOCKFAULT=open   the NETLINK_SOCK_DIAG socket cannot be opened
 *                        (EPERM, as a seccomp or LSM policy may say)
 *   MCV_SOCKFAULT=error  the kernel refuses the dump with NLMSG_ERROR
 *                        (EINVAL, as for a request it does not know)
 *   MCV_SOCKFAULT=done   the dump ends at once with an NLMSG_DONE that
 *                        carries -ENOENT (a kernel without udp_diag)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <stdlib.h>
#include <string.h>

static unsigned pending_seq;
static int pending;

static int
fault_is(const char *what)
{
	const char *f = getenv("MCV_SOCKFAULT");

	return f != NULL && strcmp(f, what) == 0;
}

struct mnl_socket *
mnl_socket_open2(int bus, int flags)
{
	struct mnl_socket *(*real)(int, int) =
	    (struct mnl_socket *(*)(int, int))dlsym(RTLD_NEXT,
	    "mnl_socket_open2");

	if (bus == NETLINK_SOCK_DIAG && fault_is("open")) {
		errno = EPERM;
		return NULL;
	}
	return real(bus, flags);
}

ssize_t
mnl_socket_sendto(const struct mnl_socket *nl, const void *req, size_t siz)
{
	ssize_t (*real)(const struct mnl_socket *, const void *, size_t) =
	    (ssize_t (*)(const struct mnl_socket *, const void *, size_t))
	    dlsym(RTLD_NEXT, "mnl_socket_sendto");
	const struct nlmsghdr *nlh = req;

	if (nlh->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
	    (fault_is("error") || fault_is("done"))) {
		pending_seq = nlh->nlmsg_seq;
		pending = 1;
	}
	return real(nl, req, siz);
}

/* Instead of the kernel's answer, the one the fault calls for. */
ssize_t
mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf, size_t siz)
{
	ssize_t (*real)(const struct mnl_socket *, void *, size_t) =
	    (ssize_t (*)(const struct mnl_socket *, void *, size_t))
	    dlsym(RTLD_NEXT, "mnl_socket_recvfrom");
	struct nlmsghdr *nlh = buf;
	struct nlmsgerr *e;
	int *done;

	if (!pending || siz < NLMSG_LENGTH(sizeof(*e)))
		return real(nl, buf, siz);
	pending = 0;
	memset(buf, 0, NLMSG_LENGTH(sizeof(*e)));
	nlh->nlmsg_seq = pending_seq;
	nlh->nlmsg_pid = mnl_socket_get_portid(nl);
	if (fault_is("error")) {
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
