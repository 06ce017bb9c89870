/* SPDX-License-Identifier: ISC */
/*
 * systemd's notification protocol (sd_notify(3)) spoken directly, so
 * that Type=notify and WatchdogSec= work without making libsystemd a
 * dependency: one datagram to the socket named by $NOTIFY_SOCKET, "@"
 * for an abstract name.  Without $NOTIFY_SOCKET this does nothing.
 *
 * The send never waits: called from the daemon's one loop, a manager
 * that stopped reading (its queue full) would otherwise stop every
 * check and every signal with it.  A message that cannot go at once is
 * dropped and counted; the log says when dropping starts and ends.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "notify.h"

static unsigned long notify_dropped;	/* messages dropped since start */
static int notify_dropping;		/* the last one was dropped */

/* A message sent or dropped, said on change, not for each message. */
static void
notify_outcome(const char *state, int sent, int error)
{
	if (sent) {
		if (notify_dropping)
			log_info("sd_notify: the manager reads again (%lu "
			    "messages dropped)", notify_dropped);
		notify_dropping = 0;
		return;
	}
	notify_dropped++;
	if (!notify_dropping)
		log_warnx("sd_notify: %s dropped: %s; dropping until the "
		    "manager reads again", state, strerror(error));
	else
		log_debug("sd_notify: %s dropped (%lu)", state,
		    notify_dropped);
	notify_dropping = 1;
}

void
notify_systemd(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun;
	size_t len;
	int fd, sent;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    (len = strlen(path)) >= sizeof(sun.sun_path))
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, len);
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) == -1) {
		notify_outcome(state, 0, errno);
		return;
	}
	sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL | MSG_DONTWAIT,
	    (struct sockaddr *)&sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) != -1;
	notify_outcome(state, sent, errno);
	close(fd);
}

/* How many messages were dropped since start. */
unsigned long
notify_dropped_count(void)
{
	return notify_dropped;
}

/*
 * The watchdog interval systemd asks for (WatchdogSec=, passed as
 * $WATCHDOG_USEC, for $WATCHDOG_PID if set), in microseconds; 0 none.
 */
unsigned long long
notify_watchdog_usec(void)
{
	const char *usec = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
	unsigned long long v;
	char *end;

	if (usec == NULL || (pid != NULL && strtol(pid, NULL, 10) != getpid()))
		return 0;
	v = strtoull(usec, &end, 10);
	return *end == '\0' ? v : 0;
}
