/* SPDX-License-Identifier: ISC */
/*
 * Directories that the program writes into (the runtime directory, the
 * status and metrics files' directories), reached and created without
 * following symbolic links, and refused when someone else could change
 * what is in them.
 */
#ifndef MCV_SAFEDIR_H
#define MCV_SAFEDIR_H

#include <stddef.h>
#include <sys/types.h>

#include "privs.h"

/*
 * The mode of a directory the program makes (the runtime directory, a
 * status or metrics file's): the service's group reads, no one else.
 */
#define SAFEDIR_MODE	0750

int	safedir_open(const char *path, int create, mode_t mode,
	    const struct privs_user *owner, char *err, size_t errlen);
int	safedir_open_parent(const char *file, int create, mode_t mode,
	    const struct privs_user *owner, const char **base, char *err,
	    size_t errlen);

#endif
