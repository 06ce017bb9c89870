/*
 * Files replaced atomically: readers see the old one or the new one.
 */
#ifndef MCV_ATOMICFILE_H
#define MCV_ATOMICFILE_H

#include <stdio.h>

typedef void (*atomicfile_writer)(FILE *, const void *arg);

int	atomicfile_write(const char *path, atomicfile_writer, const void *arg);
int	atomicfile_mkdir_parent(const char *path, int uid, int gid);

#endif
