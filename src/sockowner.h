/* SPDX-License-Identifier: ISC */
/*
 * Which processes hold a socket: one pass over /proc/[pid]/fd for the
 * socket inodes asked about, so that an audit names the application
 * behind each socket, or says that it cannot.
 */
#ifndef MCV_SOCKOWNER_H
#define MCV_SOCKOWNER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Owners kept per socket; the rest are only counted. */
#define SOCKOWNER_MAX		4
#define SOCKOWNER_COMMLEN	16	/* the kernel's TASK_COMM_LEN */
#define SOCKOWNER_NAMELEN	64	/* a comm, sanitized (\xNN) */
#define SOCKOWNER_EXELEN	256	/* the executable's path, sanitized */

struct sockowner {
	pid_t	pid;
	uid_t	uid;				/* the real uid */
	char	comm[SOCKOWNER_NAMELEN];	/* sanitize.c's */
	char	exe[SOCKOWNER_EXELEN];		/* sanitized; "" unreadable */
};

enum sockowner_state {
	SOCKOWNER_FOUND,	/* owner[] names at least one process */
	SOCKOWNER_UNKNOWN,	/* none found, and /proc hid some processes */
	SOCKOWNER_NONE		/* none found, and /proc hid none: closed
				   since, in flight, or held outside this
				   /proc's pid namespace */
};

struct sockowner_list {
	enum sockowner_state	state;
	unsigned		total;		/* processes found holding it */
	unsigned		n;		/* of them in owner[] */
	int			maybe_more;	/* some processes were hidden */
	struct sockowner	owner[SOCKOWNER_MAX];
};

struct sockowner_stats {
	unsigned	processes;	/* listed in /proc */
	unsigned	unreadable;	/* whose fds /proc would not show */
	unsigned	gone;		/* that exited during the scan */
	int		hidepid;	/* /proc does not list them all */
};

struct sockowners;

struct sockowners	*sockowners_new(void);
void			 sockowners_free(struct sockowners *);
int			 sockowners_want(struct sockowners *, uint32_t inode);
int			 sockowners_only(struct sockowners *, const pid_t *,
			    size_t n);
int			 sockowners_scan(struct sockowners *,
			    const char *proc_root, char *err, size_t errlen);
int			 sockowners_scan_start(struct sockowners *,
			    const char *proc_root, char *err, size_t errlen);
int			 sockowners_scan_step(struct sockowners *,
			    size_t budget, char *err, size_t errlen);
void			 sockowners_get(const struct sockowners *,
			    uint32_t inode, struct sockowner_list *);
struct sockowner_stats	 sockowners_stats(const struct sockowners *);

#endif
