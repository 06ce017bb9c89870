/*
 * A fault injector for the namespace tests, loaded with LD_PRELOAD into
 * the real binary: it makes one library call fail the way the kernel
 * or libpcap can, so each failure path is tried for real.
 *
 *   MCV_FAULT=pcap:IFNAME   pcap_activate() on IFNAME fails (permission)
 *   MCV_FAULT=datalink      pcap_set_datalink() fails (an old libpcap)
 *   MCV_FAULT=route-add     rtnetlink refuses to add a route (ENOBUFS)
 *   MCV_FAULT=route-del     rtnetlink refuses to delete a route (EBUSY)
 *   MCV_FAULT=dump          rtnetlink route dumps fail (ENOBUFS)
 *   MCV_FAULT=before-probes the shell command in MCV_FAULT_CMD runs once
 *                           the capture is set up, after the route is
 *                           added and before any probe is sent
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

static pcap_t *faulty_pcap;

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
	return real(nl, req, siz);
}
