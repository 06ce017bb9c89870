/* SPDX-License-Identifier: ISC */
/*
 * Logging in the OpenBSD daemon style: stderr in the foreground,
 * syslog (facility daemon) when detached.  Messages are one line each
 * and start with the program name on stderr, so scripts can grep them.
 * When stderr is systemd's journal ($JOURNAL_STREAM names its device
 * and inode), each line starts with "<N>", its syslog priority, as
 * sd-daemon(3) describes, so `journalctl -p warning` finds the leaks.
 */
#include "config.h"

#include <errno.h>
#include <event2/event.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

static int log_foreground = 1;
static int log_verbose;
static int log_journal;		/* stderr is the journal: "<N>" prefixes */

/* Whether stderr is the stream $JOURNAL_STREAM ("device:inode") names. */
static int
stderr_is_journal(void)
{
	const char *env = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (env == NULL || sscanf(env, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) == -1)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_init(int foreground, int verbose)
{
	log_foreground = foreground;
	log_verbose = verbose;
	log_journal = foreground && stderr_is_journal();
	if (!foreground)
		openlog(PACKAGE, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/*
 * In a forked child about to close what it inherited: syslog's socket
 * closed first (glibc would go on writing to its number, which the
 * child's next socket may have), and the same ident and options again,
 * the socket opened at the first message (no LOG_NDELAY).
 */
void
log_forked(void)
{
	if (log_foreground)
		return;
	closelog();
	openlog(PACKAGE, LOG_PID, LOG_DAEMON);
}

void
log_set_verbose(int verbose)
{
	log_verbose = verbose;
}

int
log_get_verbose(void)
{
	return log_verbose;
}

static void
log_vwrite(int pri, const char *errstr, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_journal)	/* the journal names the program itself */
		fprintf(stderr, "<%d>%s%s%s\n", pri, msg, errstr ? ": " : "",
		    errstr ? errstr : "");
	else if (log_foreground) {
		if (errstr != NULL)
			fprintf(stderr, "%s: %s: %s\n", PACKAGE, msg, errstr);
		else
			fprintf(stderr, "%s: %s\n", PACKAGE, msg);
		fflush(stderr);
	} else if (errstr != NULL)
		syslog(pri, "%s: %s", msg, errstr);
	else
		syslog(pri, "%s", msg);
}

void
log_warn(const char *fmt, ...)
{
	const char *errstr = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_ERR, errstr, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_ERR, NULL, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < 1)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

/* A message at a priority of its own (LOG_WARNING, LOG_NOTICE, ...). */
void
log_at(int priority, const char *fmt, ...)
{
	va_list ap;

	if (priority == LOG_DEBUG && log_verbose < 1)
		return;
	va_start(ap, fmt);
	log_vwrite(priority, NULL, fmt, ap);
	va_end(ap);
}

/*
 * libevent's own messages.  By default it prints them on stderr as
 * "[warn] ..." and "[err] ..." lines of its own; here its warnings (a
 * timerfd it could not have, and did without) are debug lines, and its
 * last error is kept for whoever reports the fatal exit that follows
 * it (log_libevent_error).
 */
static char libevent_error[256];

static void
libevent_log(int severity, const char *msg)
{
	if (severity >= EVENT_LOG_ERR)
		snprintf(libevent_error, sizeof(libevent_error), "%s", msg);
	log_debug("libevent: %s", msg);
}

void
log_libevent(void)
{
	event_set_log_callback(libevent_log);
}

/* libevent's last error ("evsig_init_: socketpair: ..."), or NULL. */
const char *
log_libevent_error(void)
{
	return libevent_error[0] != '\0' ? libevent_error : NULL;
}
