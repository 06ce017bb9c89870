/* SPDX-License-Identifier: ISC */
/*
 * The classes of applications that the policy rules route apart.
 *
 * A check's own probes carry its uid and no mark, so on their own they
 * test only the applications that the kernel routes as it routes root's
 * unmarked sockets.  A rule that selects on uidrange or fwmark sends
 * other applications' lookups to another table, where the group may
 * leave (or stay) whatever the main table says.  Each such rule that
 * can select the group's route for a locally sent datagram names a
 * class: its first uid (the kernel stores the socket's owner, sk_uid,
 * taken from the creator's fsuid) and its mark under the mask.  The
 * check asks the kernel about each (RTA_UID, RTA_MARK and the full
 * flow), and probes as each where it can (check.c).
 *
 * Rules that select on what a locally sent probe cannot carry as an
 * application would (a source prefix, a TOS, a source port, an output
 * or input interface other than loopback, "not") are left out: their
 * classes are not the ones the audit speaks for.
 */
#include "config.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "class.h"

struct class_search {
	const struct addr	*group;
	unsigned		 port;
	struct check_result	*r;
};

/* Whether a rule can pick the route of a datagram an application sends. */
static int
rule_applies(const struct class_search *s, const struct rule_info *ru)
{
	if (!ru->has_uid && !ru->has_mark)
		return 0;	/* every application: the default probes' */
	if (ru->dst_len != 0 && !addr_in_prefix(s->group, &ru->dst,
	    ru->dst_len))
		return 0;
	if (ru->invert || ru->src_len != 0 || ru->tos != 0 ||
	    ru->sport_lo != 0 || ru->oifname[0] != '\0')
		return 0;
	/* Locally sent datagrams are looked up with iif loopback. */
	if (ru->iifname[0] != '\0' && strcmp(ru->iifname, "lo") != 0)
		return 0;
	if (ru->ip_proto != 0 && ru->ip_proto != IPPROTO_UDP)
		return 0;
	if (ru->dport_lo != 0 && (s->port < ru->dport_lo ||
	    s->port > ru->dport_hi))
		return 0;
	return 1;
}

/* "uidrange 1000-1999 fwmark 0x1/0xff lookup 100", as ip-rule(8) says. */
static void
rule_text(const struct rule_info *ru, char *buf, size_t size)
{
	char uid[40] = "", mark[48] = "", table[24];

	if (ru->has_uid)
		snprintf(uid, sizeof(uid), "uidrange %u-%u ", ru->uid_start,
		    ru->uid_end);
	if (ru->has_mark && ru->mark_mask == 0xffffffffu)
		snprintf(mark, sizeof(mark), "fwmark %#x ", ru->mark);
	else if (ru->has_mark)
		snprintf(mark, sizeof(mark), "fwmark %#x/%#x ", ru->mark,
		    ru->mark_mask);
	if (ru->table == 254)
		snprintf(table, sizeof(table), "main");
	else if (ru->table == 255)
		snprintf(table, sizeof(table), "local");
	else
		snprintf(table, sizeof(table), "%u", ru->table);
	snprintf(buf, size, "rule %u: %s%slookup %s", ru->priority, uid, mark,
	    table);
}

/* "uid 1000-1999", "mark 0x1", "uid 1000 with mark 0x1". */
static void
class_name(const struct rule_info *ru, char *buf, size_t size)
{
	char uid[32] = "", mark[32] = "";

	if (ru->has_uid && ru->uid_start == ru->uid_end)
		snprintf(uid, sizeof(uid), "uid %u", ru->uid_start);
	else if (ru->has_uid)
		snprintf(uid, sizeof(uid), "uid %u-%u", ru->uid_start,
		    ru->uid_end);
	if (ru->has_mark)
		snprintf(mark, sizeof(mark), "mark %#x", ru->mark &
		    ru->mark_mask);
	snprintf(buf, size, "%s%s%s", uid, uid[0] && mark[0] ? " with " : "",
	    mark);
}

static int
same_class(const struct class_result *c, const struct rule_info *ru)
{
	return c->has_uid == ru->has_uid && c->has_mark == ru->has_mark &&
	    (!c->has_uid || c->uid == ru->uid_start) &&
	    (!c->has_mark || c->mark == (ru->mark & ru->mark_mask));
}

static int
class_cb(void *arg, const struct rule_info *ru)
{
	struct class_search *s = arg;
	struct check_result *r = s->r;
	struct class_result *c;
	size_t i;

	if (!rule_applies(s, ru))
		return 0;
	for (i = 0; i < r->nclasses; i++)
		if (same_class(&r->classes[i], ru))
			return 0;	/* an earlier rule decides for it */
	if (r->nclasses == CLASSES_MAX)
		return -1;
	c = &r->classes[r->nclasses++];
	memset(c, 0, sizeof(*c));
	c->rule = (int)ru->priority;
	c->has_uid = ru->has_uid;
	c->uid = ru->uid_start;
	c->has_mark = ru->has_mark;
	c->mark = ru->mark & ru->mark_mask;
	class_name(ru, c->name, sizeof(c->name));
	rule_text(ru, c->rule_text, sizeof(c->rule_text));
	return 0;
}

/*
 * Fills r->classes from the policy rules, in their order; 0, or -1 with
 * errno if the rules cannot be read.
 */
int
class_find(struct nl *nl, const struct addr *group, unsigned port,
    struct check_result *r)
{
	struct class_search s = { group, port, r };

	r->nclasses = 0;
	return nl_rule_dump(nl, group->family, class_cb, &s);
}

/* The class's part of a flow: the socket's owner and mark. */
void
class_flow(const struct class_result *c, struct flow *f)
{
	if (c->has_uid) {
		f->has_uid = 1;
		f->uid = c->uid;
	}
	if (c->has_mark)
		f->mark = c->mark;
}
