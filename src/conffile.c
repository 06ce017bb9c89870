/* SPDX-License-Identifier: ISC */
/*
 * The config file as a file: one "key value" per line, blank lines and
 * # comments, each line handed to the caller (settings.c, which knows
 * the keys).  The first error is reported as "file:line: what"; the
 * file is read only if it is safe to, and never quoted into an error
 * beyond a word that could have been meant as a key.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"

#define LINE_MAX_LEN	1024

/* The longest unknown key an error quotes (the longest known one is 12). */
#define KEY_QUOTE_MAX	32

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Cuts comments and surrounding blanks; returns the line's text. */
static char *
line_trim(char *line)
{
	char *end;

	line[strcspn(line, "#")] = '\0';
	while (is_blank(*line))
		line++;
	end = line + strlen(line);
	while (end > line && is_blank(end[-1]))
		*--end = '\0';
	return line;
}

/*
 * Whether an unknown key may be quoted in an error: a short word that
 * could have been meant as a key.  A line of a file that is no config
 * file at all (a password hash, "root:$6$...") is not repeated into
 * the log.
 */
static int
key_quotable(const char *key)
{
	size_t len = strspn(key, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=");

	return len > 0 && len <= KEY_QUOTE_MAX && key[len] == '\0';
}

/* Splits one line into key and value and hands them to the caller. */
static int
config_line(const char *name, unsigned lineno, char *line,
    config_line_fn fn, void *arg, char *err, size_t errlen)
{
	char *key, *value, why[300];

	key = line_trim(line);
	if (*key == '\0')
		return 0;
	value = key + strcspn(key, " \t");
	if (*value != '\0')
		*value++ = '\0';
	while (is_blank(*value))
		value++;
	switch (fn(arg, lineno, key, value, why, sizeof(why))) {
	case CONFIG_LINE_OK:
		return 0;
	case CONFIG_LINE_UNKNOWN_KEY:
		if (key_quotable(key))
			snprintf(err, errlen, "%s:%u: unknown key '%s'", name,
			    lineno, key);
		else
			snprintf(err, errlen, "%s:%u: not a key (not shown: "
			    "a key is a word of letters and '-')", name,
			    lineno);
		return -1;
	case CONFIG_LINE_BAD:
		break;
	}
	snprintf(err, errlen, "%s:%u: %s", name, lineno, why);
	return -1;
}

/* Hands each line of text to fn, up to the first error. */
int
config_parse(const char *name, const char *text, size_t len,
    config_line_fn fn, void *arg, char *err, size_t errlen)
{
	unsigned lineno = 0;
	char line[LINE_MAX_LEN + 1];
	size_t pos = 0, n;

	while (pos < len) {
		lineno++;
		n = 0;
		while (pos + n < len && text[pos + n] != '\n')
			n++;
		if (n > LINE_MAX_LEN) {
			snprintf(err, errlen, "%s:%u: line longer than %d "
			    "bytes", name, lineno, LINE_MAX_LEN);
			return -1;
		}
		if (memchr(text + pos, '\0', n) != NULL) {
			snprintf(err, errlen, "%s:%u: NUL byte", name, lineno);
			return -1;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + 1;
		if (config_line(name, lineno, line, fn, arg, err, errlen) == -1)
			return -1;
	}
	return 0;
}

/*
 * The config file chooses paths that the program writes (the status and
 * metrics files), so only root, or the user running the program, may be
 * able to change it: it must be theirs and not writable by its group or
 * by others.
 */
static int
config_trusted(int fd, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -1;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(err, errlen, "%s: owned by uid %u, neither root nor "
		    "the user running %s (uid %u); refused", path,
		    (unsigned)st.st_uid, PACKAGE, (unsigned)geteuid());
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, errlen, "%s: writable by %s (mode %04o); "
		    "refused", path, st.st_mode & S_IWOTH ? "everyone" :
		    "its group", (unsigned)(st.st_mode & 07777));
		return -1;
	}
	if (st.st_size > CONFIG_MAX_SIZE) {
		snprintf(err, errlen, "%s: larger than %d bytes", path,
		    CONFIG_MAX_SIZE);
		return -1;
	}
	return 0;
}

/*
 * Reads a file whole into a buffer of its own (*text, *len, valid
 * until the next call); a missing file is empty unless must_exist.
 * The same at start and on SIGHUP, from the daemon's one loop, so
 * nothing here may block or follow a link: O_NONBLOCK, so that a FIFO
 * put in the file's place is opened at once (and then refused, not a
 * regular file) instead of waiting for a writer forever; O_NOFOLLOW, so
 * that a link to a file the config must not be (/etc/shadow) is not
 * read; and the checks on what was opened before any byte is read.
 */
int
config_read(const char *path, int must_exist, const char **textp,
    size_t *lenp, char *err, size_t errlen)
{
	static char text[CONFIG_MAX_SIZE + 1];
	size_t len = 0;
	ssize_t n;
	int fd;

	*textp = text;
	*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT && !must_exist)
			return 0;
		if (errno == ELOOP)
			snprintf(err, errlen, "%s: a symbolic link; refused "
			    "(name the file itself)", path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (config_trusted(fd, path, err, errlen) == -1) {
		close(fd);
		return -1;
	}
	while ((n = read(fd, text + len, sizeof(text) - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (len > CONFIG_MAX_SIZE) {
		snprintf(err, errlen, "%s: larger than %d bytes", path,
		    CONFIG_MAX_SIZE);
		return -1;
	}
	*lenp = len;
	return 0;
}
