/*
 * One check at a time per network namespace, so that concurrent runs
 * (a timer and a manual run) never share or remove each other's route.
 *
 * The lock is a listening socket bound to an abstract AF_UNIX name.
 * Abstract names belong to the network namespace, which is exactly the
 * scope of the routes we change, need no file system (the service runs
 * with ProtectSystem=strict), and vanish when the holder dies, even by
 * SIGKILL.  A waiter connects to the holder and waits, without polling,
 * for the connection to be reset when the holder's socket closes.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"

#define LOCK_NAME	"mcastlo-verifyd/check.lock"

static socklen_t
lock_address(struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	/* sun_path[0] stays NUL: an abstract name. */
	memcpy(sun->sun_path + 1, LOCK_NAME, strlen(LOCK_NAME));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	    strlen(LOCK_NAME));
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Holds the lock: the fd, or -1 with errno EADDRINUSE when it is taken. */
static int
lock_try(void)
{
	struct sockaddr_un sun;
	socklen_t len = lock_address(&sun);
	int fd, saved;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&sun, len) == 0 &&
	    listen(fd, SOMAXCONN) == 0)
		return fd;
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Waits until the holder goes away or the deadline passes. */
static void
lock_wait_holder(long deadline)
{
	struct sockaddr_un sun;
	socklen_t len = lock_address(&sun);
	struct pollfd pfd;
	long left;
	int fd;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return;
	if (connect(fd, (struct sockaddr *)&sun, len) == 0) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		while ((left = deadline - now_ms()) > 0 &&
		    poll(&pfd, 1, (int)left) == -1 && errno == EINTR)
			;
	} else if (errno != ECONNREFUSED)	/* not the holder going away */
		poll(NULL, 0, 10);
	close(fd);
}

/*
 * Returns the lock's fd, or -1: errno EAGAIN when another check held
 * it for all of wait_ms, another errno when the lock could not be made.
 */
int
lock_acquire(unsigned wait_ms)
{
	long deadline = now_ms() + (long)wait_ms;
	int fd;

	for (;;) {
		if ((fd = lock_try()) != -1)
			return fd;
		if (errno != EADDRINUSE)
			return -1;
		if (now_ms() >= deadline) {
			errno = EAGAIN;
			return -1;
		}
		lock_wait_holder(deadline);
	}
}

void
lock_release(int fd)
{
	if (fd != -1)
		close(fd);
}
