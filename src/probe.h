/*
 * Probe senders: one function per send method an application may use.
 */
#ifndef MCV_PROBE_H
#define MCV_PROBE_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct nonce;

#define PROBE_MAX	8

struct probe_method {
	const char	*name;	/* as in --require and the JSON "method" */
	const char	*label;	/* what the payload begins with */
	int		(*send)(int fd, const struct sockaddr_in *dst,
			    const void *buf, size_t len, const char **step);
};

size_t				 probe_count(void);
const struct probe_method	*probe_get(size_t index);
int				 probe_lookup(const char *name);
int				 probe_identify(const uint8_t *payload,
				    size_t len, const struct nonce *);
int				 probe_send(size_t index,
				    const struct sockaddr_in *dst,
				    const void *buf, size_t len,
				    char *err, size_t errlen);

#endif
