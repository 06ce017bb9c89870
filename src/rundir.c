/* SPDX-License-Identifier: ISC */
/*
 * The runtime directory.  Under systemd it is the unit's
 * RuntimeDirectory=, which systemd creates, owned by the service user,
 * and names in $RUNTIME_DIRECTORY (the first path, if it lists
 * several).  Otherwise it is RUNSTATEDIR/mcastlo-verifyd, as configure
 * set it.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "rundir.h"

#define RUNDIR_DEFAULT	RUNSTATEDIR "/mcastlo-verifyd"

const char *
rundir_path(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("RUNTIME_DIRECTORY");
	size_t len;

	if (env == NULL || env[0] != '/')
		return RUNDIR_DEFAULT;
	len = strcspn(env, ":");
	if (len >= sizeof(path))
		return RUNDIR_DEFAULT;
	memcpy(path, env, len);
	path[len] = '\0';
	return path;
}
