/* SPDX-License-Identifier: ISC */
/*
 * racer: plays a local user who races the daemon's creation of its
 * status directory, for tests/ns-files.sh.  It watches PARENT (a
 * directory it can write) with inotify; each time NAME is created there
 * it renames it away and puts a symbolic link to TARGET in its place,
 * hoping the daemon then hands TARGET to its -u user.  It prints
 * "ready", then one line per swap, until killed.
 *
 * usage: racer PARENT NAME TARGET
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char buf[4096] __attribute__((aligned(8))), path[PATH_MAX],
	    away[PATH_MAX + 16];
	const struct inotify_event *ev;
	struct stat st;
	ssize_t n, off;
	unsigned swaps = 0;
	int in;

	if (argc != 4) {
		fprintf(stderr, "usage: racer parent name target\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/%s", argv[1], argv[2]);
	if ((in = inotify_init()) == -1 ||
	    inotify_add_watch(in, argv[1], IN_CREATE) == -1) {
		perror("racer");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += (ssize_t)sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(buf + off);
			if (ev->len == 0 || strcmp(ev->name, argv[2]) != 0 ||
			    lstat(path, &st) == -1 || !S_ISDIR(st.st_mode))
				continue;	/* (our own link, say) */
			snprintf(away, sizeof(away), "%s.%u", path, swaps);
			if (rename(path, away) == 0 &&
			    symlink(argv[3], path) == 0)
				printf("swapped %u\n", ++swaps);
			fflush(stdout);
		}
	}
	return 0;
}
