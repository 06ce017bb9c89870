/* SPDX-License-Identifier: ISC */
/*
 * The host-level fix, as commands to run, derived from the kernel's
 * decision rather than from a picture of the host (HACKING, section 1):
 *
 *   IPv4  a route that leads the group to loopback with the source
 *         127.0.0.1 keeps connect() then send() on loopback too.  Where
 *         the kernel already routes the group to loopback, that route
 *         (its prefix, table and metric) gets the source; otherwise a
 *         host route is put in the table the kernel's lookup ends in,
 *         which a policy rule may have chosen.
 *   IPv6  only a local route in table local keeps every method on
 *         loopback.
 *
 * Pure code: it reads the result and writes r->fixes.
 */
#include "config.h"

#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "advice.h"

/* Whether a method an application uses leaked, or would. */
static int
base_method_leaks(const struct check_result *r)
{
	size_t i;

	for (i = 0; i < METHOD_BASE_COUNT; i++) {
		if (i < r->nprobes && result_leak_mask(r, i) != 0)
			return 1;
		if (r->explain_only &&
		    (r->prediction.leak_mask & method_bit((enum method)i)))
			return 1;
	}
	return 0;
}

/*
 * The IPv4 host-level fix for a class whose route in effect is e: the
 * source 127.0.0.1 on the route to loopback it uses (an administrator's
 * keeps its prefix and metric), or a host route to loopback in the
 * table its lookup ends in.
 */
void
advice_command(const struct check_result *r, const struct route_effect *e,
    char *buf, size_t size)
{
	char group[ADDR_STRLEN], prefix[ADDR_STRLEN + 4], table[32] = "",
	    metric[32] = "";

	addr_ntop(&r->group, group, sizeof(group));
	snprintf(prefix, sizeof(prefix), "%s/%u", group, addr_bits(&r->group));
	if (e->known && e->table == RT_TABLE_LOCAL)
		snprintf(table, sizeof(table), " table local");
	else if (e->known && e->table != RT_TABLE_MAIN)
		snprintf(table, sizeof(table), " table %u", e->table);
	/* A route to loopback in effect, not the check's: it gets the source. */
	if (e->known && strcmp(e->ifname, r->loopback) == 0 && !e->ours) {
		snprintf(prefix, sizeof(prefix), "%s", e->prefix);
		if (e->metric != 0)
			snprintf(metric, sizeof(metric), " metric %u",
			    e->metric);
	}
	snprintf(buf, size, "ip route replace %s dev %s src 127.0.0.1%s%s",
	    prefix, r->loopback, table, metric);
}

/*
 * A fix tried here is proven when both of its probes were seen on
 * loopback and nowhere else; otherwise the report says what they did.
 */
static void
judge_trial(const struct check_result *r, struct fix_trial *t)
{
	char ifaces[IFACE_LIST_MAX];
	unsigned m, leaks;

	if (!t->tried)
		return;
	t->proven = 1;
	for (m = 0; m < METHOD_BASE_COUNT; m++) {
		const struct probe_result *p = &t->probes[m];

		leaks = result_probe_leak_mask(r, p);
		if (p->sent && leaks == 0 && p->captured_on != 0 &&
		    !result_probe_queued_out(r, p))
			continue;
		t->proven = 0;
		if (leaks)
			result_format_ifaces(r, leaks, ifaces, sizeof(ifaces));
		snprintf(t->why, sizeof(t->why), "tried here, and %s %s%.64s",
		    method_get((enum method)m)->label, !p->sent ?
		    "could not be sent" : leaks ? "still left through " :
		    "was not seen on loopback", leaks ? ifaces : "");
		return;
	}
}

/* A class's fix: its trial's command, proven or why not. */
static void
class_fix(const struct check_result *r, struct class_result *c)
{
	size_t i;

	c->fix[0] = '\0';
	if (c->leak_mask == 0)
		return;
	for (i = 0; i < r->ntrials; i++) {
		const struct fix_trial *t = &r->trials[i];

		if (strcmp(t->class_name, c->name) != 0)
			continue;
		snprintf(c->fix, sizeof(c->fix), "%s", t->command);
		snprintf(c->fix_table, sizeof(c->fix_table), "%s", t->table);
		c->fix_proven = t->proven;
		snprintf(c->fix_why, sizeof(c->fix_why), "%s", t->proven ?
		    "" : t->why);
		return;
	}
}

/*
 * A printed fix that no trial stands for (--explain, IPv6, a check that
 * stopped before its trials) is labelled with why it is not proven.
 */
static void
label_untried(struct check_result *r, const char *name,
    const struct route_effect *e, const char *command)
{
	struct fix_trial *t;
	size_t i;

	for (i = 0; i < r->ntrials; i++)
		if (strcmp(r->trials[i].class_name, name) == 0)
			return;		/* tried, or said why not */
	if (r->ntrials == TRIALS_MAX)
		return;
	t = &r->trials[r->ntrials];
	memset(t, 0, sizeof(*t));
	snprintf(t->class_name, sizeof(t->class_name), "%s", name);
	snprintf(t->command, sizeof(t->command), "%s", command);
	if (r->group.family == AF_INET6 || e->table == RT_TABLE_LOCAL)
		snprintf(t->table, sizeof(t->table), "local");
	else if (!e->known || e->table == RT_TABLE_MAIN)
		snprintf(t->table, sizeof(t->table), "main");
	else
		snprintf(t->table, sizeof(t->table), "%u", e->table);
	snprintf(t->why, sizeof(t->why), "not tested here: %s",
	    r->explain_only ? "--explain sends nothing" :
	    r->group.family == AF_INET6 ? "IPv6 fixes are not tried" :
	    r->error[0] != '\0' ? "the check stopped before its fixes" :
	    "no trial was possible");
	r->ntrials++;
}

/* Every leaking class's fix, labelled when no trial stands for it. */
static void
label_classes(struct check_result *r)
{
	char command[192];
	size_t i;

	if (r->group.family != AF_INET)
		return;
	for (i = 0; i < r->nclasses; i++) {
		struct class_result *c = &r->classes[i];

		if (c->leak_mask == 0)
			continue;
		advice_command(r, &c->route, command, sizeof(command));
		label_untried(r, c->name, &c->route, command);
	}
}

void
advice_fill(struct check_result *r)
{
	size_t i;

	r->nfixes = 0;
	for (i = 0; i < r->ntrials; i++)
		judge_trial(r, &r->trials[i]);
	label_classes(r);
	for (i = 0; i < r->nclasses; i++)
		class_fix(r, &r->classes[i]);
	if (!base_method_leaks(r))
		return;
	/* A route through loopback needs it up (the kernel refuses it). */
	if (r->loopback_down)
		snprintf(r->fixes[r->nfixes++], sizeof(r->fixes[0]),
		    "ip link set %s up", r->loopback);
	if (r->group.family == AF_INET6) {
		char group[ADDR_STRLEN];

		snprintf(r->fixes[r->nfixes++], sizeof(r->fixes[0]),
		    "ip -6 route add local %s/%u dev %s table local",
		    addr_ntop(&r->group, group, sizeof(group)),
		    addr_bits(&r->group), r->loopback);
		label_untried(r, "", &r->route_in_effect,
		    r->fixes[r->nfixes - 1]);
		return;
	}
	advice_command(r, &r->route_in_effect, r->fixes[r->nfixes++],
	    sizeof(r->fixes[0]));
	label_untried(r, "", &r->route_in_effect, r->fixes[r->nfixes - 1]);
}
