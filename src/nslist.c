/* SPDX-License-Identifier: ISC */
/*
 * Listing the network namespaces of a round.
 *
 * A namespace is known by its nsfs inode: /run/netns/NAME (ip netns
 * add's bind mounts) and /proc/PID/ns/net name the same one by the same
 * inode, so an inode already listed is skipped, and the name a person
 * gave (/run/netns) wins over a pid, which comes and goes.  The own
 * namespace is always first and always "host".
 *
 * stat() is enough to list: nsfs inodes share one device, so a file
 * under /run/netns that is not a namespace (a stale one whose mount is
 * gone) is told apart without opening it.  Opening, and checking the
 * namespace's type, is the round's, at each one's turn (netns_open()).
 *
 * /proc can hold tens of thousands of processes: it is read
 * PROC_STEP entries per step, each step a turn of the caller's loop.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "nslist.h"
#include "privs.h"
#include "sanitize.h"

#define NETNS_RUN_DIR	"/run/netns"
#define RUN_DIR_MAX	1024	/* names read under /run/netns */
#define PROC_STEP	256	/* /proc entries read per step */
#define SEEN_MAX	4096	/* inodes remembered past the limit */

enum nslist_phase {
	PHASE_SELF,
	PHASE_RUN_DIR,
	PHASE_PROC,
	PHASE_DONE
};

struct nslist {
	enum nslist_phase	 phase;
	int			 all;
	char			 setting[SETTINGS_NETNS_MAX];
	dev_t			 nsfs_dev;	/* the own namespace's */
	DIR			*proc;
	size_t			 max, n;
	struct nslist_entry	*entries;
	unsigned long		 over_limit;
	size_t			 nseen;		/* past the limit, counted */
	unsigned long		 seen[SEEN_MAX];	/* once each */
};

/* Listed already: the same inode, or, unresolved, the same word. */
static int
listed(const struct nslist *l, unsigned long inode, const char *spec)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (inode != 0 ? l->entries[i].inode == inode :
		    strcmp(l->entries[i].spec, spec) == 0)
			return 1;
	return 0;
}

/* Past the limit: counted once per namespace, as far as memory goes. */
static void
count_over(struct nslist *l, unsigned long inode)
{
	size_t i;

	for (i = 0; inode != 0 && i < l->nseen; i++)
		if (l->seen[i] == inode)
			return;
	if (inode != 0 && l->nseen < SEEN_MAX)
		l->seen[l->nseen++] = inode;
	l->over_limit++;
}

/* Whether an entry but e has e's name. */
static int
name_taken(const struct nslist *l, const struct nslist_entry *e)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (&l->entries[i] != e &&
		    strcmp(l->entries[i].name, e->name) == 0)
			return 1;
	return 0;
}

/*
 * A round's names label its metrics (netns="NAME") and its reports, so
 * no two entries may share one: the own namespace is "host", and one
 * under /run/netns may be called that too; the setting may name one
 * that is not there "host"; sanitizing and the bound can make two names
 * one.  A later entry whose name is taken gets "@INODE" after it, or,
 * not resolved, "#PLACE" (its place in the list), its name cut on a
 * UTF-8 boundary to make room.
 */
static void
name_unique(struct nslist *l, struct nslist_entry *e)
{
	char base[sizeof(e->name)], suffix[32];
	size_t len, room, tries;

	snprintf(base, sizeof(base), "%s", e->name);
	for (tries = 0; name_taken(l, e); tries++) {
		if (tries == 0 && e->inode != 0)
			snprintf(suffix, sizeof(suffix), "@%lu", e->inode);
		else
			snprintf(suffix, sizeof(suffix), "#%zu",
			    (size_t)(e - l->entries) + tries);
		len = strlen(base);
		room = sizeof(e->name) - 1 - strlen(suffix);
		if (len > room) {
			len = room;
			while (len > 0 && ((unsigned char)base[len] & 0xc0) ==
			    0x80)
				len--;
		}
		snprintf(e->name, sizeof(e->name), "%.*s%s", (int)len, base,
		    suffix);
	}
}

/*
 * A new entry for INODE (0: not resolved), unless listed already: spec
 * is what netns_open() is given, shown the name as the setting or
 * /run/netns has it.
 */
static void
add(struct nslist *l, const char *spec, const char *shown,
    unsigned long inode, int discovered)
{
	struct nslist_entry *e;
	char name[NETNS_NAME_MAX];

	/* Names label metrics: none may be the own one's but the own. */
	if (l->n > 0 && strcmp(shown, NETNS_SELF_NAME) == 0)
		snprintf(name, sizeof(name), NETNS_RUN_DIR "/%s", shown);
	else
		sanitize_str(name, sizeof(name), shown);
	if (listed(l, inode, spec))
		return;
	if (l->n == l->max) {
		count_over(l, inode);
		return;
	}
	e = &l->entries[l->n++];
	snprintf(e->spec, sizeof(e->spec), "%s", spec);
	memcpy(e->name, name, sizeof(e->name));
	e->inode = inode;
	e->discovered = discovered;
	name_unique(l, e);
}

static void
list_self(struct nslist *l)
{
	struct stat st;
	unsigned long inode = 0;

	if (stat("/proc/self/ns/net", &st) == 0) {
		l->nsfs_dev = st.st_dev;
		inode = (unsigned long)st.st_ino;
	}
	add(l, "", "", inode, 0);
	snprintf(l->entries[0].name, sizeof(l->entries[0].name), "%s",
	    NETNS_SELF_NAME);
}

/* A named entry of the setting: its inode if it resolves now. */
static void
list_named(struct nslist *l, const char *spec)
{
	char path[PATH_MAX];
	struct stat st;

	if (strncmp(spec, "pid:", 4) == 0)
		snprintf(path, sizeof(path), "/proc/%s/ns/net", spec + 4);
	else if (strchr(spec, '/') != NULL)
		snprintf(path, sizeof(path), "%s", spec);
	else
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", spec);
	/* Not there now: its turn says why (netns_open()). */
	add(l, spec, spec, stat(path, &st) == 0 && st.st_dev == l->nsfs_dev ?
	    (unsigned long)st.st_ino : 0, 0);
}

static void
list_setting(struct nslist *l)
{
	char copy[SETTINGS_NETNS_MAX], *tok, *save = NULL;

	snprintf(copy, sizeof(copy), "%s", l->setting);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save))
		list_named(l, tok);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * /run/netns in name order, so that a round's order is the same each
 * time; a directory that is not there (no ip netns add yet) is empty.
 */
static void
list_run_dir(struct nslist *l)
{
	char *names[RUN_DIR_MAX], path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	size_t i, n = 0;
	DIR *dir;

	if ((dir = opendir(NETNS_RUN_DIR)) == NULL)
		return;
	while (n < RUN_DIR_MAX && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' ||
		    (names[n] = strdup(de->d_name)) == NULL)
			continue;
		n++;
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", names[i]);
		/* By its path: a name such as "pid:1" is not a pid. */
		if (stat(path, &st) == 0 && st.st_dev == l->nsfs_dev)
			add(l, path, names[i], (unsigned long)st.st_ino, 1);
		free(names[i]);
	}
}

/* A process's namespace, if it is one not listed yet: "pid:N". */
static void
list_pid(struct nslist *l, const char *d_name)
{
	char path[64], spec[32];
	struct stat st;
	char *end;
	long pid;

	if (!isdigit((unsigned char)d_name[0]))
		return;
	pid = strtol(d_name, &end, 10);
	if (*end != '\0' || pid <= 0 || pid > INT_MAX)
		return;
	snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
	/* Gone, or not ours to see (another user's, without the
	 * capability to look): not listed. */
	if (stat(path, &st) == -1)
		return;
	snprintf(spec, sizeof(spec), "pid:%ld", pid);
	add(l, spec, spec, (unsigned long)st.st_ino, 1);
}

/* PROC_STEP entries of /proc; 1 when it is read to the end. */
static int
list_proc_step(struct nslist *l)
{
	struct dirent *de;
	unsigned i;

	if (l->proc == NULL && (l->proc = opendir("/proc")) == NULL)
		return 1;
	for (i = 0; i < PROC_STEP; i++) {
		if ((de = readdir(l->proc)) == NULL) {
			closedir(l->proc);
			l->proc = NULL;
			return 1;
		}
		list_pid(l, de->d_name);
	}
	return 0;
}

/*
 * One step of the listing: the own namespace and the setting's names,
 * or /run/netns, or a part of /proc.  1 once the list is whole.
 */
int
nslist_step(struct nslist *l)
{
	switch (l->phase) {
	case PHASE_SELF:
		list_self(l);
		if (!l->all)
			list_setting(l);
		l->phase = l->all ? PHASE_RUN_DIR : PHASE_DONE;
		break;
	case PHASE_RUN_DIR:
		list_run_dir(l);
		l->phase = PHASE_PROC;
		break;
	case PHASE_PROC:
		if (list_proc_step(l))
			l->phase = PHASE_DONE;
		break;
	case PHASE_DONE:
		break;
	}
	return l->phase == PHASE_DONE;
}

/*
 * Whether this process can check the namespaces setting names: -1 and
 * why without CAP_SYS_ADMIN, which entering one needs.  With "all" and
 * without the capabilities to find every one, a warning: a namespace
 * only other users' processes are in, or one under /run/netns (mode 0),
 * would be missed, not reported.
 */
int
nslist_can_enter(const char *setting, char *err, size_t errlen)
{
	const char *missing;

	if (!privs_have_netns()) {
		snprintf(err, errlen, "netns %s: entering other network "
		    "namespaces needs CAP_SYS_ADMIN", setting);
		return -1;
	}
	missing = privs_netns_find_missing();
	if (strcmp(setting, "all") == 0 && missing[0] != '\0')
		log_warnx("netns all: without %s, namespaces that only other "
		    "users' processes are in, or under %s, may be missed",
		    missing, NETNS_RUN_DIR);
	return 0;
}

struct nslist *
nslist_new(const char *setting, size_t max)
{
	struct nslist *l;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	if ((l->entries = calloc(max, sizeof(*l->entries))) == NULL) {
		free(l);
		return NULL;
	}
	l->max = max;
	l->all = strcmp(setting, "all") == 0;
	snprintf(l->setting, sizeof(l->setting), "%s", setting);
	return l;
}

size_t
nslist_count(const struct nslist *l)
{
	return l->n;
}

const struct nslist_entry *
nslist_get(const struct nslist *l, size_t i)
{
	return i < l->n ? &l->entries[i] : NULL;
}

unsigned long
nslist_over_limit(const struct nslist *l)
{
	return l->over_limit;
}

void
nslist_free(struct nslist *l)
{
	if (l == NULL)
		return;
	if (l->proc != NULL)
		closedir(l->proc);
	free(l->entries);
	free(l);
}
