/* SPDX-License-Identifier: ISC */
/*
 * The persistent forms of a --fix by name (persistform.c): what the
 * settings check a name against, apart from the writers (persist.h),
 * so that the settings depend on no part of --fix.
 */
#ifndef MCV_PERSISTFORM_H
#define MCV_PERSISTFORM_H

enum persist_form {
	PERSIST_NONE,
	PERSIST_AUTO,
	PERSIST_NETWORKD,
	PERSIST_IFUPDOWN,
	PERSIST_NETPLAN,
	PERSIST_NETWORKMANAGER,		/* detected: printed, never written */
	PERSIST_COUNT
};

int		 persist_form_by_name(const char *, int *form);
const char	*persist_form_name(int form);

#endif
