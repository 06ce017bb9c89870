/* SPDX-License-Identifier: ISC */
/*
 * One check at a time per network namespace, so that concurrent runs
 * (a timer and a manual run) never share or remove each other's route.
 *
 * The lock is a POSIX record lock (F_SETLK) on a file in the runtime
 * directory, named after the network namespace's identity, the inode
 * of /proc/self/ns/net: the scope of the routes we change.
 *
 *   - Only the service can take it: the file is 0600 in a directory
 *     that only root or the service user can write (safedir.c), so no
 *     other user can open it, let alone lock it.
 *   - The kernel releases it when the holder dies, even by SIGKILL:
 *     closing a file drops its record locks.
 *   - It is waited for without polling: a waiter watches the file with
 *     inotify for IN_CLOSE_*, which the kernel sends when the holder
 *     closes it.  close() removes a POSIX lock (locks_remove_posix() in
 *     filp_close()) before the file's last reference goes and the close
 *     event is sent (__fput()), so a woken waiter finds the lock free;
 *     the holder also unlocks before it closes.  Another waiter closing
 *     its copy wakes us for nothing, and we wait again.
 *   - A wait is bounded by a timer; the event loop runs throughout, so
 *     a signal during the wait is handled at once.
 *
 * The lock file is never removed: removing it while someone waits on
 * it would let two checks hold two different files.
 */
#include "config.h"

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock.h"
#include "rundir.h"
#include "safedir.h"

#define LOCK_FILE_MODE	0600

struct lock {
	struct event_base	*base;
	lock_cb			 cb;
	void			*arg;
	int			 fd;		/* the lock file */
	int			 inotify;	/* while waiting */
	struct event		*wake;
	struct event		*timeout;
	unsigned		 wait_ms;
};

struct lock *
lock_new(struct event_base *base, lock_cb cb, void *arg)
{
	struct lock *l;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	l->base = base;
	l->cb = cb;
	l->arg = arg;
	l->fd = l->inotify = -1;
	return l;
}

/* "netns-<inode>.lock": one lock per network namespace. */
static int
lock_name(char *buf, size_t size)
{
	return rundir_netns_name(buf, size, "netns-", ".lock");
}

/*
 * Opens the lock file, making it if needed.  One that root makes goes to
 * the directory's owner, so the service can open it too.  An existing
 * one is never given away: it could be a hard link to another file.
 */
static int
lock_open_file(int dirfd, const char *name)
{
	struct stat dir, st;
	int fd, saved;

	fd = openat(dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, LOCK_FILE_MODE);
	if (fd != -1) {
		if (geteuid() == 0 && fstat(dirfd, &dir) == 0 &&
		    dir.st_uid != 0 && fchown(fd, dir.st_uid, dir.st_gid) == -1)
			goto fail;
		return fd;
	}
	if (errno != EEXIST ||
	    (fd = openat(dirfd, name, O_RDWR | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Sets (F_WRLCK) or releases (F_UNLCK) the lock on the whole file. */
static int
set_lock(int fd, short type)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	return fcntl(fd, F_SETLK, &fl);
}

/* 1 held, 0 someone else holds it, -1 error. */
static int
lock_try(struct lock *l)
{
	if (set_lock(l->fd, F_WRLCK) == 0)
		return 1;
	return errno == EAGAIN || errno == EACCES ? 0 : -1;
}

static void
stop_waiting(struct lock *l)
{
	if (l->wake != NULL)
		event_free(l->wake);
	if (l->timeout != NULL)
		event_free(l->timeout);
	if (l->inotify != -1)
		close(l->inotify);
	l->wake = l->timeout = NULL;
	l->inotify = -1;
}

static void
on_close_event(evutil_socket_t fd, short what, void *arg)
{
	struct lock *l = arg;
	char buf[4096];
	int rc;

	(void)what;
	while (read(fd, buf, sizeof(buf)) > 0)
		;	/* the events say only "look again" */
	if ((rc = lock_try(l)) == 0)
		return;
	stop_waiting(l);
	l->cb(l->arg, rc == 1, rc == 1 ? NULL : strerror(errno));
}

static void
on_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct lock *l = arg;
	char why[128];

	(void)fd;
	(void)what;
	stop_waiting(l);
	snprintf(why, sizeof(why), "another check is running (waited %u s)",
	    l->wait_ms / 1000);
	l->cb(l->arg, 0, why);
}

/* Watches the file for closes; set before the last try, so none is missed. */
static int
start_waiting(struct lock *l)
{
	struct timeval tv = { l->wait_ms / 1000, (l->wait_ms % 1000) * 1000 };
	char self[64];

	snprintf(self, sizeof(self), "/proc/self/fd/%d", l->fd);
	if ((l->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1 ||
	    inotify_add_watch(l->inotify, self, IN_CLOSE_WRITE |
	    IN_CLOSE_NOWRITE) == -1)
		return -1;
	l->wake = event_new(l->base, l->inotify, EV_READ | EV_PERSIST,
	    on_close_event, l);
	l->timeout = evtimer_new(l->base, on_timeout, l);
	if (l->wake == NULL || l->timeout == NULL ||
	    event_add(l->wake, NULL) == -1 ||
	    evtimer_add(l->timeout, &tv) == -1) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/*
 * Takes the lock, or starts waiting for it (at most wait_ms) from the
 * loop, which then calls back.  LOCK_FAILED with a one-line err when the
 * lock cannot be made at all.
 */
enum lock_state
lock_take(struct lock *l, unsigned wait_ms, char *err, size_t errlen)
{
	char name[64];
	int dirfd, rc;

	l->wait_ms = wait_ms;
	if (lock_name(name, sizeof(name)) == -1) {
		snprintf(err, errlen, "lock: /proc/self/ns/net: %s",
		    strerror(errno));
		return LOCK_FAILED;
	}
	dirfd = safedir_open(rundir_path(), 1, SAFEDIR_MODE, NULL, err, errlen);
	if (dirfd == -1)
		return LOCK_FAILED;
	l->fd = lock_open_file(dirfd, name);
	close(dirfd);
	if (l->fd == -1 || (rc = lock_try(l)) == -1 ||
	    (rc == 0 && start_waiting(l) == -1) ||
	    (rc == 0 && (rc = lock_try(l)) == -1)) {
		snprintf(err, errlen, "lock %s/%s: %s", rundir_path(), name,
		    strerror(errno));
		stop_waiting(l);
		return LOCK_FAILED;
	}
	if (rc == 1) {
		stop_waiting(l);
		return LOCK_HELD;
	}
	return LOCK_WAITING;
}

/* Releases the lock, or gives up the wait. */
void
lock_free(struct lock *l)
{
	if (l == NULL)
		return;
	stop_waiting(l);
	if (l->fd != -1) {
		set_lock(l->fd, F_UNLCK);	/* before the close event */
		close(l->fd);
	}
	free(l);
}
