/* SPDX-License-Identifier: ISC */
/*
 * The table of send methods (method.h).  The base methods are what an
 * application does, nothing more: the kernel's own choices are the
 * thing under test.  The others are the known fixes for the connect()
 * then send() leak, each as it is applied in practice (--mitigations).
 */
#include "config.h"

#include <string.h>

#include "method.h"

static const struct method_info methods[METHOD_COUNT] = {
	[METHOD_SENDTO] = { "sendto", "sendto()", METHOD_APP, NULL },
	[METHOD_SEND] = { "send", "send()", METHOD_APP, NULL },
	[METHOD_MULTICAST_IF] = { "send-multicast-if", "send-multicast-if()",
	    METHOD_APP_FIX, "set IP_MULTICAST_IF (IPv6: IPV6_MULTICAST_IF) "
	    "to the loopback interface before connect()" },
	[METHOD_BIND_LOOPBACK] = { "send-bind-loopback",
	    "send-bind-loopback()", METHOD_APP_FIX,
	    "bind() to 127.0.0.1 (IPv6: ::1) before connect()" },
	[METHOD_BINDTODEVICE] = { "send-bindtodevice", "send-bindtodevice()",
	    METHOD_APP_FIX, "SO_BINDTODEVICE to the loopback interface" },
	[METHOD_PKTINFO] = { "sendmsg-pktinfo", "sendmsg-pktinfo()",
	    METHOD_APP_FIX, "sendmsg() with IP_PKTINFO (IPv6: IPV6_PKTINFO) "
	    "naming the loopback interface, without connect()" },
	[METHOD_ROUTE_SRC] = { "send-route-src", "send-route-src()",
	    METHOD_HOST_FIX, "give the group's route a loopback source "
	    "(applications unchanged)" },
};

const struct method_info *
method_get(enum method m)
{
	return &methods[m];
}

/* 0 and the method, or -1 for a name no method has. */
int
method_by_name(const char *name, enum method *out)
{
	int i;

	for (i = 0; i < METHOD_COUNT; i++)
		if (strcmp(methods[i].name, name) == 0) {
			*out = (enum method)i;
			return 0;
		}
	return -1;
}

/* The method's bit in a mask such as --require's. */
unsigned
method_bit(enum method m)
{
	return 1u << m;
}
