/* SPDX-License-Identifier: ISC */
/*
 * The multicast prefixes someone routes to loopback: routes through the
 * loopback device, other than the kernel's own and the check's
 * (route_is_others_to()), in any table, each prefix once.  As a capture
 * filter they keep what the host sends (outbound) out of any interface
 * but loopback to one of them; libpcap turns "outbound" and "ifindex"
 * into the kernel's own tests for a cooked capture.  The wide filter,
 * for more prefixes than a filter should name one by one, keeps all
 * multicast sent out, and the caller matches the prefixes itself.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logroups.h"
#include "route.h"

#define WIDE_FILTER	"outbound and not ifindex %u and " \
			"(ip multicast or ip6 multicast)"

struct listing {
	unsigned		 lo_ifindex;
	struct lo_groups	*g;
	int			 nomem;
};

static int
has_prefix(const struct lo_groups *g, const struct route_info *r)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->p[i].len == r->dst_len && addr_equal(&g->p[i].net,
		    &r->dst))
			return 1;
	return 0;
}

static int
prefix_cb(void *arg, const struct route_info *r)
{
	struct listing *l = arg;
	struct lo_groups *g = l->g;
	struct lo_prefix *grown;
	unsigned min = r->dst.family == AF_INET6 ? 8 : 4;
	size_t cap;

	if (!route_is_others_to(r, l->lo_ifindex) ||
	    !addr_is_multicast(&r->dst) || r->dst_len < min ||
	    has_prefix(g, r))	/* (the same prefix in two tables) */
		return 0;
	if (g->n == g->cap) {
		cap = g->cap ? 2 * g->cap : 16;
		if ((grown = reallocarray(g->p, cap, sizeof(*g->p))) == NULL) {
			l->nomem = 1;
			return 1;
		}
		g->p = grown;
		g->cap = cap;
	}
	memset(&g->p[g->n], 0, sizeof(g->p[g->n]));	/* for memcmp() */
	g->p[g->n].net = r->dst;
	g->p[g->n].len = r->dst_len;
	g->n++;
	return 0;
}

/* The prefixes now, into g (empty first); -1 with errno set. */
int
lo_groups_list(struct nl *nl, unsigned lo_ifindex, struct lo_groups *g)
{
	struct route_filter through_lo = { 0, 0, lo_ifindex };
	struct listing l = { lo_ifindex, g, 0 };

	memset(g, 0, sizeof(*g));
	if (nl_route_dump(nl, AF_INET, &through_lo, prefix_cb, &l) == -1 ||
	    nl_route_dump(nl, AF_INET6, &through_lo, prefix_cb, &l) == -1 ||
	    l.nomem) {
		if (l.nomem)
			errno = ENOMEM;
		lo_groups_free(g);
		return -1;
	}
	return 0;
}

void
lo_groups_free(struct lo_groups *g)
{
	free(g->p);
	memset(g, 0, sizeof(*g));
}

int
lo_groups_equal(const struct lo_groups *a, const struct lo_groups *b)
{
	return a->n == b->n && (a->n == 0 ||
	    memcmp(a->p, b->p, a->n * sizeof(*a->p)) == 0);
}

/* Whether a group lies in one of the prefixes. */
int
lo_groups_match(const struct lo_groups *g, const struct addr *group)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (addr_in_prefix(group, &g->p[i].net, g->p[i].len))
			return 1;
	return 0;
}

/* The filter naming each prefix (malloc'ed); NULL without memory. */
char *
lo_groups_filter(const struct lo_groups *g, unsigned lo_ifindex)
{
	char *f, net[ADDR_STRLEN];
	size_t i, size, len;

	size = 64 + g->n * (ADDR_STRLEN + 24);
	if ((f = malloc(size)) == NULL)
		return NULL;
	len = (size_t)snprintf(f, size, "outbound and not ifindex %u and (",
	    lo_ifindex);
	for (i = 0; i < g->n; i++)
		len += (size_t)snprintf(f + len, size - len, "%sdst net %s/%u",
		    i ? " or " : "", addr_ntop(&g->p[i].net, net, sizeof(net)),
		    g->p[i].len);
	snprintf(f + len, size - len, ")");
	return f;
}

/* All multicast sent out (malloc'ed); NULL without memory. */
char *
lo_groups_wide_filter(unsigned lo_ifindex)
{
	char *f;

	if (asprintf(&f, WIDE_FILTER, lo_ifindex) == -1)
		return NULL;
	return f;
}

/*
 * "224.2.0.0/24,ff15::/16": as many prefixes as fit in buf; returns
 * how many did.
 */
size_t
lo_groups_format(const struct lo_groups *g, char *buf, size_t size)
{
	char net[ADDR_STRLEN], one[ADDR_STRLEN + 8];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < g->n; i++) {
		snprintf(one, sizeof(one), "%s/%u", addr_ntop(&g->p[i].net,
		    net, sizeof(net)), g->p[i].len);
		if (len + strlen(one) + 2 > size)
			break;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    i ? "," : "", one);
	}
	return i;
}
