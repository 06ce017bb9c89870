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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/*
 * The name of a file of this network namespace's in the runtime
 * directory: PREFIX<inode>SUFFIX ("netns-4026531840.lock").  The
 * namespace is the one the process is in now: a --netns run has
 * entered its namespace before it names one.  -1 if /proc cannot say.
 */
int
rundir_netns_name(char *buf, size_t size, const char *prefix,
    const char *suffix)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st) == -1)
		return -1;
	snprintf(buf, size, "%s%lu%s", prefix, (unsigned long)st.st_ino,
	    suffix);
	return 0;
}
