/* SPDX-License-Identifier: ISC */
/*
 * Privileges, with libcap-ng.
 *
 * A check needs CAP_NET_RAW to open captures and CAP_NET_ADMIN to add
 * and remove its route.  Once the captures, sockets and route are in
 * place, nothing but the route's removal needs a privilege, so the
 * process keeps CAP_NET_ADMIN alone (and CAP_NET_RAW where captures are
 * reopened later), optionally as another user, and sets NO_NEW_PRIVS.
 */
#include "config.h"

#include <cap-ng.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <linux/capability.h>

#include "privs.h"

/*
 * libcap-ng keeps one copy of the process's capabilities; reading it
 * costs a capget() and two reads of /proc/self/status.  privs_check()
 * reads it and privs_drop() uses that copy when nothing changed since
 * (a check asks first and drops a few milliseconds later); a drop
 * changes both, so the next check reads again.
 */
static int caps_fresh;

static int
read_caps(char *err, size_t errlen)
{
	if (caps_fresh)
		return 0;
	if (capng_get_caps_process() != 0) {
		snprintf(err, errlen, "cannot read this process's "
		    "capabilities");
		return -1;
	}
	caps_fresh = 1;
	return 0;
}

int
privs_lookup_user(const char *name, struct privs_user *user, char *err,
    size_t errlen)
{
	struct passwd *pw;

	memset(user, 0, sizeof(*user));
	if (name == NULL || name[0] == '\0')
		return 0;
	errno = 0;
	if ((pw = getpwnam(name)) == NULL) {
		snprintf(err, errlen, "--user: no user '%s'%s%s", name,
		    errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	user->set = 1;
	user->uid = pw->pw_uid;
	user->gid = pw->pw_gid;
	return 0;
}

/* Names the first capability the check needs and does not have. */
int
privs_check(int need_raw, int need_admin, char *err, size_t errlen)
{
	caps_fresh = 0;		/* the caller may have changed them */
	if (read_caps(err, errlen) == -1)
		return -1;
	if (need_raw && !capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_RAW)) {
		snprintf(err, errlen, "missing capability CAP_NET_RAW "
		    "(needed to capture): run as root or grant it");
		return -1;
	}
	if (need_admin &&
	    !capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN)) {
		snprintf(err, errlen, "missing capability CAP_NET_ADMIN "
		    "(needed to add and remove the route): run as root or "
		    "grant it");
		return -1;
	}
	return 0;
}

/* The capabilities privs_drop() may keep, by flag. */
static const struct {
	unsigned	flag;		/* 0: always kept */
	unsigned	cap;
} keepable[] = {
	{ 0, CAP_NET_ADMIN },		/* the route's removal */
	{ PRIVS_KEEP_RAW, CAP_NET_RAW },	/* later captures */
	/*
	 * A round over namespaces (netround.c) enters them (setns()),
	 * opens /run/netns/NAME (mode 0) and other users' /proc/PID/ns/net,
	 * and names their owners.  Only the round's parent keeps these;
	 * each child drops them once in its namespace, before its check
	 * (privs_drop_netns()).  A check never holds CAP_SYS_PTRACE: it
	 * would not open other users' /proc/PID/fd alone, and the socket's
	 * cgroup names its service without it (cgroup.c).
	 */
	{ PRIVS_KEEP_NETNS, CAP_SYS_ADMIN },
	{ PRIVS_KEEP_NETNS, CAP_SYS_PTRACE },
	{ PRIVS_KEEP_NETNS, CAP_DAC_READ_SEARCH },
};

int
privs_drop(const struct privs_user *user, unsigned keep, char *err,
    size_t errlen)
{
	int can_bound, rc, held[sizeof(keepable) / sizeof(keepable[0])];
	size_t i;

	if (read_caps(err, errlen) == -1)
		return -1;
	caps_fresh = 0;		/* from here on, the copy is the wish */
	/* Changing the bounding set needs CAP_SETPCAP, which root has. */
	can_bound = capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP);
	for (i = 0; i < sizeof(keepable) / sizeof(keepable[0]); i++)
		held[i] = capng_have_capability(CAPNG_PERMITTED,
		    keepable[i].cap);
	capng_clear(can_bound ? CAPNG_SELECT_BOTH : CAPNG_SELECT_CAPS);
	for (i = 0; i < sizeof(keepable) / sizeof(keepable[0]); i++) {
		if (!held[i] || (keepable[i].flag != 0 &&
		    !(keep & keepable[i].flag)))
			continue;
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
		    keepable[i].cap);
		if (can_bound)
			capng_update(CAPNG_ADD, CAPNG_BOUNDING_SET,
			    keepable[i].cap);
	}
	if (user->set)
		rc = capng_change_id((int)user->uid, (int)user->gid,
		    CAPNG_DROP_SUPP_GRP | (can_bound ? CAPNG_CLEAR_BOUNDING :
		    CAPNG_NO_FLAG));
	else
		rc = capng_apply(can_bound ? CAPNG_SELECT_BOTH :
		    CAPNG_SELECT_CAPS);
	if (rc != 0) {
		snprintf(err, errlen, "dropping privileges failed (%s %d)",
		    user->set ? "capng_change_id" : "capng_apply", rc);
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		snprintf(err, errlen, "PR_SET_NO_NEW_PRIVS: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * What "netns all" needs to find every namespace, and this process
 * lacks: other users' /proc/PID/ns/net (CAP_SYS_PTRACE) and the mode 0
 * files under /run/netns (CAP_DAC_READ_SEARCH).  "" when it has both.
 */
const char *
privs_netns_find_missing(void)
{
	int ptrace, dac;
	char err[128];

	caps_fresh = 0;
	if (read_caps(err, sizeof(err)) == -1)
		return "";
	ptrace = capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_PTRACE);
	dac = capng_have_capability(CAPNG_EFFECTIVE, CAP_DAC_READ_SEARCH);
	if (!ptrace && !dac)
		return "CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH";
	if (!ptrace)
		return "CAP_SYS_PTRACE";
	return dac ? "" : "CAP_DAC_READ_SEARCH";
}

/* Whether this process may enter another network namespace. */
int
privs_have_netns(void)
{
	char err[128];

	caps_fresh = 0;
	return read_caps(err, sizeof(err)) == 0 &&
	    capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_ADMIN);
}

/*
 * In its namespace, a round's child gives up what entering it took,
 * from every set (the bounding set too, where it may), keeping the
 * user and whatever else it holds for its check.
 */
int
privs_drop_netns(char *err, size_t errlen)
{
	int can_bound, rc;
	size_t i;

	caps_fresh = 0;
	if (read_caps(err, errlen) == -1)
		return -1;
	caps_fresh = 0;
	can_bound = capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP);
	for (i = 0; i < sizeof(keepable) / sizeof(keepable[0]); i++)
		if (keepable[i].flag == PRIVS_KEEP_NETNS)
			capng_update(CAPNG_DROP, CAPNG_EFFECTIVE |
			    CAPNG_PERMITTED | CAPNG_INHERITABLE |
			    (can_bound ? CAPNG_BOUNDING_SET : 0),
			    keepable[i].cap);
	rc = capng_apply(can_bound ? CAPNG_SELECT_BOTH : CAPNG_SELECT_CAPS);
	if (rc != 0) {
		snprintf(err, errlen, "dropping CAP_SYS_ADMIN failed "
		    "(capng_apply %d)", rc);
		return -1;
	}
	return 0;
}
