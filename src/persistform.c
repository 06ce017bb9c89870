/* SPDX-License-Identifier: ISC */
/*
 * The names of the persistent forms of a --fix (persist.c), apart from
 * their writers, so that the settings (and the config fuzzer) can check
 * a name without linking them.
 */
#include "config.h"

#include <string.h>

#include "persistform.h"

static const char *const form_names[PERSIST_COUNT] = {
	[PERSIST_NONE] = "none",
	[PERSIST_AUTO] = "auto",
	[PERSIST_NETWORKD] = "networkd",
	[PERSIST_IFUPDOWN] = "ifupdown",
	[PERSIST_NETPLAN] = "netplan",
	[PERSIST_NETWORKMANAGER] = "NetworkManager",
};

int
persist_form_by_name(const char *s, int *form)
{
	int i;

	/* NetworkManager is detected, never asked for: it writes nothing. */
	for (i = 0; i < PERSIST_NETWORKMANAGER; i++)
		if (strcmp(s, form_names[i]) == 0) {
			*form = i;
			return 0;
		}
	return -1;
}

const char *
persist_form_name(int form)
{
	return form >= 0 && form < PERSIST_COUNT ? form_names[form] : "?";
}

