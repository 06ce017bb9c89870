/* SPDX-License-Identifier: ISC */
/*
 * Interface facts: flags (IFF_UP, IFF_LOOPBACK, IFF_MULTICAST), asked
 * with SIOCGIFFLAGS, and names.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iface.h"
#include "sanitize.h"
#include "readfile.h"

/* The flags; 0 when the interface cannot be asked about. */
short
iface_flags(const char *name)
{
	struct ifreq ifr;
	short flags = 0;
	int fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0)
		flags = ifr.ifr_flags;
	close(fd);
	return flags;
}

/*
 * An interface's index and name, asked with an ioctl on a socket of
 * our own rather than with if_nametoindex(3) and if_indextoname(3):
 * glibc's turn a socket it could not open (out of descriptors) into
 * ENOENT, and "loopback interface lo: No such file or directory" would
 * blame the interface.  Here errno is the real one: EMFILE, or ENODEV
 * for an interface that does not exist.
 */
static int
iface_ioctl(unsigned long req, struct ifreq *ifr)
{
	int fd, rc, saved;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	rc = ioctl(fd, req, ifr);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* The index of an interface, or 0 (errno set). */
unsigned
iface_index(const char *name)
{
	struct ifreq ifr;

	if (strlen(name) >= sizeof(ifr.ifr_name)) {
		errno = ENODEV;
		return 0;
	}
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, name);
	if (iface_ioctl(SIOCGIFINDEX, &ifr) == -1)
		return 0;
	return (unsigned)ifr.ifr_ifindex;
}

/* An interface's name in buf (IF_NAMESIZE bytes), or NULL (errno). */
char *
iface_indexname(unsigned ifindex, char *buf)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = (int)ifindex;
	if (iface_ioctl(SIOCGIFNAME, &ifr) == -1)
		return NULL;
	snprintf(buf, IF_NAMESIZE, "%s", ifr.ifr_name);
	return buf;
}

/*
 * The name of ifindex in buf (IF_NAMESIZE bytes), or "ifN" for one that
 * is gone by now: a report still says which interface it was.
 */
const char *
iface_name(unsigned ifindex, char *buf)
{
	char raw[IF_NAMESIZE];

	/* A name may hold any byte but '/', ':', NUL and spaces: one that
	 * needs escaping is given escaped (and cut to fit). */
	if (ifindex == 0 || if_indextoname(ifindex, raw) == NULL)
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	else
		sanitize_str(buf, IF_NAMESIZE, raw);
	return buf;
}

/* Whether ifindex is a loopback device (IFF_LOOPBACK). */
int
iface_is_loopback(unsigned ifindex)
{
	char name[IF_NAMESIZE];

	if (ifindex == 0 || if_indextoname(ifindex, name) == NULL)
		return 0;
	return (iface_flags(name) & IFF_LOOPBACK) != 0;
}

/* Whether IPv6 is disabled on the interface (net.ipv6.conf.NAME.disable_ipv6). */
int
iface_ipv6_disabled(const char *name)
{
	char path[128], buf[8];

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6",
	    name);
	if (readfile_at(AT_FDCWD, path, buf, sizeof(buf)) == -1)
		return 1;	/* no IPv6 at all */
	return buf[0] == '1';
}

/* Whether an interface is up but has no carrier (not IFF_RUNNING). */
int
iface_no_carrier(const char *name)
{
	short flags = iface_flags(name);

	return (flags & IFF_UP) && !(flags & IFF_RUNNING);
}
