/* SPDX-License-Identifier: ISC */
/*
 * nslist.c with a list the setting names: the own namespace first and
 * named "host", each other once, in the setting's order, names that
 * cannot stand for the own one kept apart.  Names that do not exist are
 * listed unresolved (their turn says why); nothing is entered or opened
 * but /proc/self/ns/net, so this runs anywhere ("all" is for the
 * namespace tests, inside a node of their own).
 */
#include "config.h"

#include <sys/stat.h>

#include "nslist.h"
#include "unit.h"

static struct nslist *
listed(const char *setting, size_t max)
{
	struct nslist *l = nslist_new(setting, max);
	unsigned steps = 0;

	CHECK(l != NULL);
	while (l != NULL && !nslist_step(l) && steps++ < 1000)
		;
	return l;
}

static void
test_list(void)
{
	struct nslist *l;
	struct stat st;

	l = listed("mcv-no-a mcv-no-b mcv-no-a /mcv/no/c host pid:999999999",
	    64);
	CHECK(nslist_count(l) == 6);
	CHECK(strcmp(nslist_get(l, 0)->name, "host") == 0);
	CHECK(nslist_get(l, 0)->spec[0] == '\0');
	CHECK(stat("/proc/self/ns/net", &st) == 0 &&
	    nslist_get(l, 0)->inode == (unsigned long)st.st_ino);
	CHECK(strcmp(nslist_get(l, 1)->name, "mcv-no-a") == 0);
	CHECK(nslist_get(l, 1)->inode == 0 && !nslist_get(l, 1)->discovered);
	CHECK(strcmp(nslist_get(l, 2)->name, "mcv-no-b") == 0);
	CHECK(strcmp(nslist_get(l, 3)->spec, "/mcv/no/c") == 0);
	/* Not the own namespace's name, whatever /run/netns calls it. */
	CHECK(strcmp(nslist_get(l, 4)->name, "/run/netns/host") == 0);
	CHECK(strcmp(nslist_get(l, 4)->spec, "host") == 0);
	CHECK(strcmp(nslist_get(l, 5)->name, "pid:999999999") == 0);
	CHECK(nslist_get(l, 6) == NULL);
	CHECK(nslist_over_limit(l) == 0);
	nslist_free(l);

	/* The own one alone: no setting. */
	l = listed("", 64);
	CHECK(nslist_count(l) == 1);
	nslist_free(l);

	/* Past the limit: counted, not listed. */
	l = listed("mcv-no-a mcv-no-b mcv-no-c", 2);
	CHECK(nslist_count(l) == 2 && nslist_over_limit(l) == 2);
	nslist_free(l);
}

/* A name from the setting is shown sanitized: it labels metrics. */
static void
test_sanitized(void)
{
	struct nslist *l = listed("mcv-\033[2J", 4);

	CHECK(nslist_count(l) == 2);
	CHECK(strcmp(nslist_get(l, 1)->name, "mcv-\\x1b[2J") == 0);
	nslist_free(l);
}

int
main(void)
{
	test_list();
	test_sanitized();
	return unit_done("unit_nslist");
}
