/* SPDX-License-Identifier: ISC */
/*
 * Small text files (/proc, /proc/sys, a process's directory) read whole.
 */
#ifndef MCV_READFILE_H
#define MCV_READFILE_H

#include <sys/types.h>

ssize_t	readfile_at(int dirfd, const char *path, char *buf, size_t size);

#endif
