/* SPDX-License-Identifier: ISC */
/*
 * Untrusted bytes made safe where they enter: process names, cgroup
 * paths, interface names, anything read from /proc, sysfs, the kernel
 * or the network.  What comes out is valid UTF-8 with no control
 * character in it, so no writer (text, nagios, log, JSON, metrics) can
 * be made to emit a terminal escape, a line break or a byte a strict
 * parser rejects.  Quoting for a format stays the writer's job.
 */
#ifndef MCV_SANITIZE_H
#define MCV_SANITIZE_H

#include <stddef.h>

char	*sanitize(char *dst, size_t dstlen, const void *src, size_t srclen);
char	*sanitize_str(char *dst, size_t dstlen, const char *src);
int	 sanitize_needed(const char *src);

#endif
