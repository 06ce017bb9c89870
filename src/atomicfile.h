/* SPDX-License-Identifier: ISC */
/*
 * Files replaced atomically: readers see the old one or the new one.
 */
#ifndef MCV_ATOMICFILE_H
#define MCV_ATOMICFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

typedef void (*atomicfile_writer)(FILE *, const void *arg);

int	atomicfile_write(const char *path, mode_t mode, atomicfile_writer,
	    const void *arg, char *err, size_t errlen);
int	atomicfile_is_tmp(const char *name, const char *base);
int	atomicfile_clean(const char *path, char *err, size_t errlen);

#endif
