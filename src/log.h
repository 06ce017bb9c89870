/* SPDX-License-Identifier: ISC */
/*
 * Logging in the OpenBSD daemon style: stderr in the foreground,
 * syslog (facility daemon) when detached; every line with its syslog
 * priority, which systemd's journal reads from a "<N>" prefix.
 */
#ifndef MCV_LOG_H
#define MCV_LOG_H

#include <stdarg.h>

void	log_init(int foreground, int verbose);
void	log_set_verbose(int verbose);
int	log_get_verbose(void);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_at(int priority, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_forked(void);
void	log_libevent(void);
const char *log_libevent_error(void);

#endif
