/*
 * systemd's notification protocol (sd_notify(3)) spoken directly, so
 * that Type=notify and WatchdogSec= work without making libsystemd a
 * dependency: one datagram to the socket named by $NOTIFY_SOCKET, "@"
 * for an abstract name.  Without $NOTIFY_SOCKET this does nothing.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "notify.h"

void
notify_systemd(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun;
	size_t len;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    (len = strlen(path)) >= sizeof(sun.sun_path))
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, len);
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return;
	if (sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (struct sockaddr *)&sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) == -1)
		log_debug("sd_notify %s: failed", state);
	close(fd);
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
