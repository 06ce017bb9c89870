/*
 * Probe senders: one function per send method an application may use,
 * and per known fix for the connect() then send() leak.
 */
#ifndef MCV_PROBE_H
#define MCV_PROBE_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct nonce;

#define PROBE_MAX	8
#define PROBE_BASE	2	/* sendto and send; the rest are fixes */

/* What a sender may need to know besides the destination. */
struct probe_ctx {
	struct sockaddr_storage	dst;	/* the group and port */
	socklen_t		dstlen;
	unsigned		lo_ifindex;
	char			lo_name[IF_NAMESIZE];
};

struct probe_method {
	const char	*name;	/* as in --require and the JSON "method" */
	const char	*label;	/* what the payload begins with */
	const char	*fix;	/* what an application changes; NULL: none */
	int		(*send)(int fd, const struct probe_ctx *,
			    const void *buf, size_t len, const char **step);
};

size_t				 probe_count(void);
const struct probe_method	*probe_get(size_t index);
int				 probe_lookup(const char *name);
int				 probe_identify(const uint8_t *payload,
				    size_t len, const struct nonce *);
int				 probe_send(size_t index,
				    const struct probe_ctx *,
				    const void *buf, size_t len,
				    char *err, size_t errlen);

#endif
