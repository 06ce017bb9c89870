/* SPDX-License-Identifier: ISC */
/*
 * The config file: one "key value" per line, with the keys and values
 * of the long options (settings.c), blank lines and # comments.  The
 * first error is reported as "file:line: what", and a file with an
 * error changes nothing: the caller keeps the settings it had.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"
#include "settings.h"

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

static int
config_line(const char *name, unsigned lineno, char *line,
    struct options *o, unsigned *seen_line, char *err, size_t errlen)
{
	char *key, *value, why[200];
	int k;

	key = line_trim(line);
	if (*key == '\0')
		return 0;
	value = key + strcspn(key, " \t");
	if (*value != '\0')
		*value++ = '\0';
	while (is_blank(*value))
		value++;
	if ((k = setting_lookup(key)) < 0) {
		if (key_quotable(key))
			snprintf(err, errlen, "%s:%u: unknown key '%s'", name,
			    lineno, key);
		else
			snprintf(err, errlen, "%s:%u: not a key (not shown: "
			    "a key is a word of letters and '-')", name,
			    lineno);
		return -1;
	}
	if (*value == '\0') {
		snprintf(err, errlen, "%s:%u: %s needs a value", name, lineno,
		    key);
		return -1;
	}
	if (seen_line[k] != 0) {
		snprintf(err, errlen, "%s:%u: %s is set again (first on line "
		    "%u)", name, lineno, key, seen_line[k]);
		return -1;
	}
	if (setting_set(o, k, value, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s:%u: %s: %s", name, lineno, key, why);
		return -1;
	}
	seen_line[k] = lineno;
	return 0;
}

/* Parses text into a copy of *o; only a file without errors is kept. */
int
config_parse(const char *name, const char *text, size_t len,
    struct options *o, char *err, size_t errlen)
{
	struct options tmp = *o;
	unsigned seen_line[SET_COUNT] = { 0 }, lineno = 0;
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
		if (config_line(name, lineno, line, &tmp, seen_line, err,
		    errlen) == -1)
			return -1;
	}
	*o = tmp;
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
 * Reads and parses a file; a missing file is fine unless must_exist.
 * The same at start and on SIGHUP, from the daemon's one loop, so
 * nothing here may block or follow a link: O_NONBLOCK, so that a FIFO
 * put in the file's place is opened at once (and then refused, not a
 * regular file) instead of waiting for a writer forever; O_NOFOLLOW, so
 * that a link to a file the config must not be (/etc/shadow) is not
 * read; and the checks on what was opened before any byte is read.
 */
int
config_load(const char *path, int must_exist, struct options *o, char *err,
    size_t errlen)
{
	static char text[CONFIG_MAX_SIZE + 1];
	size_t len = 0;
	ssize_t n;
	int fd;

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
	return config_parse(path, text, len, o, err, errlen);
}
