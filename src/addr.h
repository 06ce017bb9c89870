/* SPDX-License-Identifier: ISC */
/*
 * An IPv4 or IPv6 address, for the group and for the addresses the
 * kernel reports, with the few operations the rest of the code needs.
 */
#ifndef MCV_ADDR_H
#define MCV_ADDR_H

#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

#define ADDR_STRLEN	INET6_ADDRSTRLEN
/* "[2001:db8::2]:40000": an address and a port, as text */
#define ADDR_ENDPOINT_STRLEN	(ADDR_STRLEN + 8)

struct addr {
	int	family;		/* AF_INET or AF_INET6; 0 when unset */
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
	} u;
};

int		 addr_parse(const char *, struct addr *);
int		 addr_set(struct addr *, int family, const void *bytes,
		    size_t len);
void		 addr_loopback(int family, struct addr *);
const char	*addr_ntop(const struct addr *, char *buf, size_t size);
const char	*addr_endpoint(const struct addr *, unsigned port, char *buf,
		    size_t size);
size_t		 addr_size(const struct addr *);
unsigned	 addr_bits(const struct addr *);
int		 addr_equal(const struct addr *, const struct addr *);
int		 addr_is_multicast(const struct addr *);
int		 addr_is_any(const struct addr *);
int		 addr_in_prefix(const struct addr *, const struct addr *prefix,
		    unsigned len);
socklen_t	 addr_sockaddr(const struct addr *, unsigned port,
		    struct sockaddr_storage *);
unsigned	 addr_from_sockaddr(const struct sockaddr_storage *,
		    struct addr *);

#endif
