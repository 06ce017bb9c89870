/* SPDX-License-Identifier: ISC */
/*
 * The persistent forms of a --fix: the routes it applied, written so
 * that what configures the host's network installs them at boot.  Each
 * form is a file of our own, never an edit of the administrator's:
 *
 *   networkd  a drop-in for the administrator's .network file that
 *             matches lo (NAME.network.d/90-mcastlo-verifyd-fix.conf),
 *             or our own 10-mcastlo-verifyd-lo.network: one [Route]
 *             section per route (Destination=, PreferredSource=,
 *             Metric=, Protocol=, Scope=, Table=, Type=).
 *   ifupdown  /etc/network/interfaces.d/mcastlo-verifyd-fix: a second
 *             "iface lo inet loopback" stanza whose "up" lines put the
 *             routes in place (ifupdown merges stanzas of one
 *             interface); the interfaces file must source that
 *             directory, as Debian's does.
 *   netplan   /etc/netplan/90-mcastlo-verifyd-fix.yaml: lo's routes
 *             (to, from, metric, table, scope, type; netplan has no
 *             protocol: networkd then tags them static).
 *   NetworkManager does not manage lo: nothing is written, and the
 *             report says so.
 *
 * --persist auto picks the first of netplan, networkd, ifupdown,
 * NetworkManager whose configuration is there, under --persist-root.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "persist.h"
#include "repair.h"
#include "safedir.h"

#define NETWORKD_DIR	"/etc/systemd/network"
#define NETWORKD_OWN	"10-mcastlo-verifyd-lo.network"
#define NETWORKD_DROPIN	"90-mcastlo-verifyd-fix.conf"
#define IFUPDOWN_FILE	"/etc/network/interfaces"
#define IFUPDOWN_OWN	"/etc/network/interfaces.d/mcastlo-verifyd-fix"
#define NETPLAN_DIR	"/etc/netplan"
#define NETPLAN_OWN	"/etc/netplan/90-mcastlo-verifyd-fix.yaml"
#define NM_DIR		"/etc/NetworkManager"
#define HEADER		"mcastlo-verifyd --fix wrote this file; "\
			"mcastlo-verifyd --fix --undo removes it."

/* A buffer that text is appended to, cut at its size. */
struct text {
	char	*buf;
	size_t	 size;
	size_t	 len;
};

static void
add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len >= t->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
}

/* root + path, "/x" + "/etc/..." (root "" or "/": the path itself). */
static int
under(const char *root, const char *path, char *buf, size_t size)
{
	size_t n = strlen(root);

	while (n > 0 && root[n - 1] == '/')
		n--;
	return snprintf(buf, size, "%.*s%s", (int)n, root, path) <
	    (int)size ? 0 : -1;
}

static int
exists(const char *root, const char *path)
{
	char buf[PATH_MAX];

	return under(root, path, buf, sizeof(buf)) == 0 &&
	    access(buf, F_OK) == 0;
}

/* Whether a file of dir ends with suffix. */
static int
has_file_ending(const char *root, const char *dir, const char *suffix)
{
	char buf[PATH_MAX];
	struct dirent *d;
	DIR *dp;
	size_t n, s = strlen(suffix);
	int found = 0;

	if (under(root, dir, buf, sizeof(buf)) == -1 ||
	    (dp = opendir(buf)) == NULL)
		return 0;
	while (!found && (d = readdir(dp)) != NULL) {
		n = strlen(d->d_name);
		found = d->d_name[0] != '.' && n > s &&
		    strcmp(d->d_name + n - s, suffix) == 0;
	}
	closedir(dp);
	return found;
}

static int
detect(const char *root)
{
	if (has_file_ending(root, NETPLAN_DIR, ".yaml"))
		return PERSIST_NETPLAN;
	if (has_file_ending(root, NETWORKD_DIR, ".network") ||
	    exists(root, "/etc/systemd/system/multi-user.target.wants/"
	    "systemd-networkd.service"))
		return PERSIST_NETWORKD;
	if (exists(root, IFUPDOWN_FILE))
		return PERSIST_IFUPDOWN;
	if (exists(root, NM_DIR))
		return PERSIST_NETWORKMANAGER;
	return PERSIST_NONE;
}

/* --- each form's text ---------------------------------------------------- */

static const char *
scope_word(unsigned scope)
{
	switch (scope) {
	case RT_SCOPE_HOST:	return "host";
	case RT_SCOPE_LINK:	return "link";
	}
	return "global";
}

static void
networkd_routes(struct text *t, const struct repair *rep)
{
	struct route_info r;
	char dst[ADDR_STRLEN], src[ADDR_STRLEN];
	size_t i;

	for (i = 0; i < rep->n; i++) {
		if (nl_route_raw_parse(&rep->e[i].after, &r) == -1)
			continue;
		add(t, "\n[Route]\nDestination=%s/%u\n",
		    addr_ntop(&r.dst, dst, sizeof(dst)), r.dst_len);
		if (r.has_prefsrc)
			add(t, "PreferredSource=%s\n",
			    addr_ntop(&r.prefsrc, src, sizeof(src)));
		add(t, "Metric=%u\nProtocol=%u\nScope=%s\nTable=%u\nType=%s\n",
		    r.priority, r.protocol, scope_word(r.scope), r.table,
		    route_type_name(r.type));
	}
}

/* The administrator's .network file for lo: "Name=lo" in it. */
static int
networkd_lo_file(const char *root, char *name, size_t size)
{
	char dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2], line[256];
	struct dirent *d;
	DIR *dp;
	FILE *fp;
	size_t n;
	int found = 0;

	if (under(root, NETWORKD_DIR, dir, sizeof(dir)) == -1 ||
	    (dp = opendir(dir)) == NULL)
		return 0;
	while (!found && (d = readdir(dp)) != NULL) {
		n = strlen(d->d_name);
		if (d->d_name[0] == '.' || n <= 8 ||
		    strcmp(d->d_name + n - 8, ".network") != 0 ||
		    strcmp(d->d_name, NETWORKD_OWN) == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if ((fp = fopen(path, "re")) == NULL)
			continue;
		while (!found && fgets(line, sizeof(line), fp) != NULL) {
			line[strcspn(line, " \t\r\n")] = '\0';
			found = strcmp(line, "Name=lo") == 0;
		}
		fclose(fp);
		if (found)
			snprintf(name, size, "%s", d->d_name);
	}
	closedir(dp);
	return found;
}

/*
 * Whether the administrator's file names one of the routes (a
 * Destination= line with its prefix).  networkd then installs both
 * theirs and ours, and which one the kernel uses varies from one start
 * to the next (measured: ns-fix-persist saw each), so a drop-in cannot
 * fix it: only their section can.
 */
static int
networkd_names_route(const char *root, const char *name,
    const struct repair *rep)
{
	char path[PATH_MAX], line[256], want[ADDR_STRLEN + 32],
	    dst[ADDR_STRLEN];
	struct route_info r;
	FILE *fp;
	size_t i;
	int found = 0;

	if (snprintf(line, sizeof(line), "%s/%s", NETWORKD_DIR, name) >=
	    (int)sizeof(line) || under(root, line, path, sizeof(path)) == -1 ||
	    (fp = fopen(path, "re")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, " \t\r\n")] = '\0';
		for (i = 0; !found && i < rep->n; i++) {
			if (nl_route_raw_parse(&rep->e[i].after, &r) == -1)
				continue;
			snprintf(want, sizeof(want), "Destination=%s/%u",
			    addr_ntop(&r.dst, dst, sizeof(dst)), r.dst_len);
			found = strcmp(line, want) == 0;
		}
	}
	fclose(fp);
	return found;
}

static int
plan_networkd(const char *root, struct repair *rep, struct text *t,
    char *path, size_t size, char *err, size_t errlen)
{
	char name[NAME_MAX + 1], rel[PATH_MAX];

	add(t, "# %s\n", HEADER);
	if (networkd_lo_file(root, name, sizeof(name))) {
		snprintf(rel, sizeof(rel), "%s/%s.d/%s", NETWORKD_DIR, name,
		    NETWORKD_DROPIN);
		add(t, "# A drop-in for %s, which configures lo.\n", name);
		if (networkd_names_route(root, name, rep)) {
			snprintf(err, errlen, "--persist networkd: %.64s names "
			    "the group's route without the source: networkd "
			    "would install it beside ours, either one in "
			    "effect; add PreferredSource=127.0.0.1 to its "
			    "[Route] section (never edited here)", name);
			return -2;
		}
	} else {
		snprintf(rel, sizeof(rel), "%s/%s", NETWORKD_DIR,
		    NETWORKD_OWN);
		add(t, "\n[Match]\nName=lo\n");
	}
	networkd_routes(t, rep);
	return under(root, rel, path, size);
}

static int
plan_ifupdown(const char *root, struct repair *rep, struct text *t,
    char *path, size_t size)
{
	char cmd[256];
	size_t i;

	add(t, "# %s\n# (the interfaces file must source interfaces.d, as "
	    "Debian's does)\niface lo inet loopback\n", HEADER);
	for (i = 0; i < rep->n; i++) {
		fix_describe(&rep->e[i].after, "replace", cmd, sizeof(cmd));
		add(t, "\tup %s\n", cmd);
	}
	return under(root, IFUPDOWN_OWN, path, size);
}

static int
plan_netplan(const char *root, struct repair *rep, struct text *t,
    char *path, size_t size)
{
	struct route_info r;
	char dst[ADDR_STRLEN], src[ADDR_STRLEN];
	size_t i;

	add(t, "# %s\nnetwork:\n  version: 2\n  ethernets:\n    lo:\n"
	    "      routes:\n", HEADER);
	for (i = 0; i < rep->n; i++) {
		if (nl_route_raw_parse(&rep->e[i].after, &r) == -1)
			continue;
		add(t, "        - to: %s/%u\n",
		    addr_ntop(&r.dst, dst, sizeof(dst)), r.dst_len);
		if (r.has_prefsrc)
			add(t, "          from: %s\n",
			    addr_ntop(&r.prefsrc, src, sizeof(src)));
		add(t, "          metric: %u\n          table: %u\n"
		    "          scope: %s\n          type: %s\n", r.priority,
		    r.table, scope_word(r.scope), route_type_name(r.type));
	}
	return under(root, NETPLAN_OWN, path, size);
}

/*
 * The files form (auto: the one detected under root) would write for
 * the plan in rep: their paths and contents, in rep.  0, or -1 and err
 * (nothing detected, a path too long).
 */
int
persist_plan(int form, const char *root, struct repair *rep, char *err,
    size_t errlen)
{
	struct text t = { rep->persist_text[0], sizeof(rep->persist_text[0]),
	    0 };
	char *path = rep->persisted[0];
	size_t size = sizeof(rep->persisted[0]);
	int rc = 0;

	rep->npersisted = 0;
	rep->persist_text[0][0] = '\0';
	if (form == PERSIST_AUTO && (form = detect(root)) == PERSIST_NONE) {
		snprintf(err, errlen, "--persist auto: found no configuration "
		    "of systemd-networkd, ifupdown, netplan or NetworkManager "
		    "under %s; name one with --persist", root[0] ? root : "/");
		return -1;
	}
	rep->persist_form = form;
	switch (form) {
	case PERSIST_NONE:
		return 0;
	case PERSIST_NETWORKMANAGER:
		snprintf(rep->persist_note, sizeof(rep->persist_note),
		    "NetworkManager configures this host and does not manage "
		    "lo: no persistent form written; run the plan's commands "
		    "at boot (a systemd unit, say)");
		return 0;
	case PERSIST_NETWORKD:
		if ((rc = plan_networkd(root, rep, &t, path, size, err,
		    errlen)) == -2)
			return -1;
		break;
	case PERSIST_IFUPDOWN:
		rc = plan_ifupdown(root, rep, &t, path, size);
		if (!exists(root, IFUPDOWN_FILE))
			snprintf(rep->persist_note, sizeof(rep->persist_note),
			    "there is no %s to source it", IFUPDOWN_FILE);
		break;
	case PERSIST_NETPLAN:
		rc = plan_netplan(root, rep, &t, path, size);
		break;
	}
	if (rc == -1 || t.len >= t.size) {
		snprintf(err, errlen, "--persist %s: the path or the file "
		    "would be too long", persist_form_name(form));
		return -1;
	}
	rep->npersisted = 1;
	return 0;
}

static void
write_text(FILE *fp, const void *arg)
{
	fputs(arg, fp);
}

/* Makes the missing directories of path's parent, world-readable. */
static int
make_parent(const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	char *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return 0;
	*slash = '\0';
	/* networkd and ifupdown read them as users other than root. */
	if ((fd = safedir_open(dir, 1, 0755, NULL, err, errlen)) == -1)
		return -1;
	close(fd);
	return 0;
}

/* Writes the planned files, each atomically; 0, or -1 and err. */
int
persist_write(const struct repair *rep, char *err, size_t errlen)
{
	size_t i;
	/* netplan warns about a configuration others can read. */
	mode_t mode = rep->persist_form == PERSIST_NETPLAN ? 0600 : 0644;

	for (i = 0; i < rep->npersisted; i++)
		if (make_parent(rep->persisted[i], err, errlen) == -1 ||
		    atomicfile_write(rep->persisted[i], mode, write_text,
		    rep->persist_text[i], err, errlen) == -1)
			return -1;
	return 0;
}
